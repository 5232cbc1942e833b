# Shared helpers for the CLI tests (sourced, not run). Each test is a bash script
# that exits 0 on success, 77 to skip, anything else on failure.
set -u
: "${TOLK:?TOLK must point at the built tolk}"
: "${TOLK_SRCDIR:?}"
TMP=$(mktemp -d /tmp/tolk-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

# expect_status WANT CMD...: run CMD, keep stdout/stderr in $TMP/out, $TMP/err.
expect_status() {
	local want=$1; shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" -ne "$want" ]; then
		fail "exit $got, wanted $want: $*"; sed 's/^/  stderr: /' "$TMP/err" | head -5 >&2
	else
		pass
	fi
}
expect_grep() { # expect_grep PATTERN FILE [what]
	if grep -qE -- "$1" "$2"; then pass; else fail "${3:-$2} lacks /$1/"; head -5 "$2" | sed 's/^/  got: /' >&2; fi
}
expect_no_grep() {
	if grep -qE -- "$1" "$2"; then fail "${3:-$2} has /$1/"; else pass; fi
}
expect_lines() { # expect_lines N FILE
	local n; n=$(wc -l <"$2")
	if [ "$n" -eq "$1" ]; then pass; else fail "$2 has $n lines, wanted $1"; fi
}
# Data beside the project (../shared) exists only on the project's own machines; data a test
# may copy lives in tests/data (see its README.md). A test that needs ../shared skips (exit 77),
# naming the missing file. shared_or_skip is safe inside $(...): the subshell cannot end the
# test by exiting, so it signals the test itself.
trap 'exit 77' USR1
skip_test() { echo "skip: $*"; kill -USR1 $$; exit 77; }
require_file() { # require_file PATH...: skip the test unless every PATH exists
	local p
	for p in "$@"; do [ -e "$p" ] || skip_test "$p absent" >&2; done
}
shared_or_skip() { # shared_or_skip RELATIVE: echo the path under ../shared or skip the test
	require_file "$TOLK_SHARED/$1"
	echo "$TOLK_SHARED/$1"
}
# The TMX 1.4b DTD (LISA, CC BY 3.0), copied into tests/data.
TMX_DTD="$TOLK_SRCDIR/tests/data/schemas/tmx14.dtd"
finish() {
	echo "$checks passed, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}
