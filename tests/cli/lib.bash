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
shared_or_skip() { # shared_or_skip RELATIVE: echo the path under ../shared or skip the test
	local p="$TOLK_SHARED/$1"
	if [ ! -e "$p" ]; then echo "skip: $p absent"; exit 77; fi
	echo "$p"
}
finish() {
	echo "$checks passed, $failures failed"
	[ "$failures" -eq 0 ]
	exit $?
}
