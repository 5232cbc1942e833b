# The CLI contract: help, version, unknown commands, exit statuses, Dutch UI.
. "$(dirname "$0")/lib.bash"

expect_status 0 "$TOLK" --version
expect_grep '^tolk [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" "--version"

expect_status 0 "$TOLK" --help
expect_grep '^usage: tolk' "$TMP/out" "--help"
expect_grep 'Exit status' "$TMP/out" "--help"

expect_status 2 "$TOLK"
expect_grep '^usage: tolk' "$TMP/err" "no arguments"

expect_status 2 "$TOLK" frobnicate
expect_grep "^tolk: 'frobnicate' is not a tolk command" "$TMP/err" "unknown command"
expect_status 2 "$TOLK" --bogus
expect_status 2 "$TOLK" help frobnicate

# Every listed command answers --help and `help CMD` identically, with exit 0.
for cmd in $("$TOLK" --help | awk '/^Commands:/{on=1;next} on && /^   [a-z]/{print $1} /^$/{on=0}'); do
	expect_status 0 "$TOLK" "$cmd" --help
	cp "$TMP/out" "$TMP/help1"
	expect_grep "^usage: tolk $cmd" "$TMP/help1" "$cmd --help"
	expect_status 0 "$TOLK" help "$cmd"
	if cmp -s "$TMP/out" "$TMP/help1"; then pass; else fail "tolk help $cmd differs from tolk $cmd --help"; fi
	expect_status 2 "$TOLK" "$cmd" --no-such-option
	expect_grep "unknown option" "$TMP/err" "$cmd with a bad option"
done

# Dutch UI: LANGUAGE=nl, even without any LANG in the environment.
LANGUAGE=nl LANG= LC_ALL= expect_status 0 env LANGUAGE=nl "$TOLK" --help
expect_grep '^gebruik: tolk' "$TMP/out" "LANGUAGE=nl tolk --help"
expect_grep 'Opdrachten:' "$TMP/out" "LANGUAGE=nl tolk --help"
expect_status 2 env LANGUAGE=nl "$TOLK" frobnicate
expect_grep "is geen opdracht van tolk" "$TMP/err" "Dutch error"

finish
