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

# Invalid UTF-8 is an input error with its position and byte offset, in every command that reads text.
printf 'Eerste regel.\nDit is \xff fout.\n' >"$TMP/bad.txt"
printf 'Goede regel.\n' >"$TMP/good.txt"
commands=$("$TOLK" --help | awk '/^Commands:/{on=1;next} on && /^   [a-z]/{print $1}' | tr '\n' ' ')
# The loops below pick commands from this list: make sure it was read, or they would test nothing.
for c in segment align spell term tm analyze; do
	case " $commands " in *" $c "*) pass ;; *) fail "command '$c' missing from tolk --help ($commands)" ;; esac
done
for argv in "segment $TMP/bad.txt" "spell $TMP/bad.txt" "align --presegmented $TMP/bad.txt $TMP/good.txt" \
            "align --presegmented $TMP/good.txt $TMP/bad.txt" "analyze $TMP/bad.txt"; do
	set -- $argv
	case " $commands " in *" $1 "*) ;; *) continue ;; esac
	expect_status 2 "$TOLK" "$@"
	expect_grep "^tolk: $TMP/bad.txt:2:8: invalid UTF-8 \(byte offset 21" "$TMP/err" "tolk $1 on invalid UTF-8"
done

# JSON output stays valid JSON when a file name is not UTF-8.
if case " $commands " in *" spell "*) true ;; *) false ;; esac; then
	cp "$TOLK_SRCDIR/tests/data/spell/draft-errors.txt" "$TMP/bad"$'\xff'"name.txt"
	"$TOLK" spell --format jsonl "$TMP/bad"$'\xff'"name.txt" >"$TMP/out" 2>"$TMP/err"
	if /usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$TMP/out"; then
		pass; else fail "spell jsonl with a non-UTF-8 file name is not valid JSON"; fi
	expect_grep '\\ufffd' "$TMP/out" "U+FFFD for the bad byte"
fi

# A full disk on standard output is an error (exit 2) with exactly one message.
if [ -w /dev/full ]; then
	letter="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
	for argv in "segment $letter" "spell --no-project-words --no-termbase $TOLK_SRCDIR/tests/data/spell/draft-errors.txt --list" "term list" "align --format beads $letter $TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"; do
		set -- $argv
		case " $commands " in *" $1 "*) ;; *) continue ;; esac
		"$TOLK" "$@" >/dev/full 2>"$TMP/err"
		got=$?
		if [ "$got" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ]; then pass; else
			fail "tolk $1 >/dev/full: exit $got, $(wc -l <"$TMP/err") lines on stderr"; fi
	done
fi

# Progress: a line on a terminal, nothing when stderr is not one.
if case " $commands " in *" align "*) true ;; *) false ;; esac; then
	for i in $(seq 1 300); do echo "Zin nummer $i van de tekst."; done >"$TMP/p.nl"
	for i in $(seq 1 300); do echo "Sentence number $i of the text."; done >"$TMP/p.en"
	env -u TOLK_NO_PROGRESS TOLK_PROGRESS_DELAY=0 script -qec \
		"'$TOLK' align --presegmented --format beads '$TMP/p.nl' '$TMP/p.en' >/dev/null" /dev/null >"$TMP/tty" 2>&1
	expect_grep 'aligning: [0-9]+/[0-9]+' "$TMP/tty" "progress on a terminal"
	expect_status 0 env -u TOLK_NO_PROGRESS TOLK_PROGRESS_DELAY=0 "$TOLK" align --presegmented --format beads "$TMP/p.nl" "$TMP/p.en"
	if [ -s "$TMP/err" ]; then fail "progress written to a non-terminal stderr"; else pass; fi
fi

finish
