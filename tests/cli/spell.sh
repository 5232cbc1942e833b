# tolk spell: the letter is clean, the error draft is caught, formats, exit statuses, bad input.
. "$(dirname "$0")/lib.bash"
cd "$TOLK_SRCDIR" || exit 1
# Under AddressSanitizer, silence a read-before-buffer inside libhunspell 1.7.1 (see the file).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$TOLK_SRCDIR/tests/data/spell/hunspell.asan.supp"
LETTER=tm/kamerstuk-28676-348.nl.txt
DRAFT=tests/data/spell/draft-errors.txt
KEY=tests/data/spell/draft-errors.key

# The published letter: no findings, exit 0, nothing on stdout.
expect_status 0 "$TOLK" spell "$LETTER"
expect_lines 0 "$TMP/out"

# The draft: one compiler-style line per deliberate error, exit 1.
expect_status 1 "$TOLK" spell "$DRAFT"
expect_lines "$(grep -vc '^#' "$KEY")" "$TMP/out"
expect_grep "^$DRAFT:7:24: unknown word 'verlsag' \(did you mean: verslag(, [^,]+)*\)$" "$TMP/out" "text format"
# Every key entry appears at its line and column.
missing=0
while IFS=$'\t' read -r line col wrong want kind; do
	case $line in '#'*) continue ;; esac
	grep -qF "$DRAFT:$line:$col: unknown word '$wrong' (did you mean: $want" "$TMP/out" || {
		echo "  not found first: $line:$col $wrong -> $want" >&2; missing=$((missing + 1)); }
done <"$KEY"
[ "$missing" -eq 0 ] && pass || fail "$missing key entries not found with the intended word first"

# No suggestion twice (the term base and the dictionary both know "afschrikking").
expect_no_grep "afschrikking, afschrikking" "$TMP/out" "duplicate suggestions"
# jsonl: one object per finding with file, line, column, word, suggestions.
expect_status 1 "$TOLK" spell --format jsonl "$DRAFT"
if command -v python3 >/dev/null; then
	python3 - "$TMP/out" <<'PY' && pass || fail "jsonl objects malformed"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert rows, "no rows"
for r in rows:
    assert set(r) >= {"file", "line", "column", "word", "suggestions"}, r
    assert isinstance(r["line"], int) and isinstance(r["column"], int)
    assert isinstance(r["suggestions"], list)
first = {r["word"]: r for r in rows}
assert first["financiele"]["suggestions"][0] == "financiële"
assert first["gecoordineerd"]["suggestions"][0] == "gecoördineerd"
PY
fi

# --list: just the words; --raw: Hunspell's verdicts flag the letter's English and acronyms.
expect_status 1 "$TOLK" spell --list "$DRAFT"
expect_grep '^transparancie$' "$TMP/out" "--list"
expect_status 1 "$TOLK" spell --raw --list "$LETTER"
expect_grep '^NMI$' "$TMP/out" "--raw"
expect_grep '^videoteleconferentie$' "$TMP/out" "--raw"

# The general mechanisms alone (no term base) keep the letter clean...
expect_status 0 "$TOLK" spell --no-termbase "$LETTER"
expect_lines 0 "$TMP/out"
# ...and switched off, the letter has findings.
expect_status 1 "$TOLK" spell --no-termbase --no-compounds "$LETTER"
expect_grep "unknown word 'ruimtebeleid'" "$TMP/out" "--no-compounds"
expect_status 1 "$TOLK" spell --no-termbase --no-english "$LETTER"
expect_grep "unknown word 'together'" "$TMP/out" "--no-english"
expect_status 1 "$TOLK" spell --no-termbase --no-project-words "$LETTER"
expect_grep "unknown word 'Ramstein'" "$TMP/out" "--no-project-words"
# The term base: its terms are accepted and say so.
expect_status 0 "$TOLK" spell --explain --termbase dict/termbase.tbx "$LETTER"
expect_grep ': videoteleconferentie: term$' "$TMP/out" "--termbase"
expect_status 2 "$TOLK" spell --termbase "$TMP/no-such.tbx" "$LETTER"
expect_grep "no-such.tbx" "$TMP/err" "missing term base"

# --explain says why accepted words were accepted.
expect_status 0 "$TOLK" spell --explain --no-termbase "$LETTER"
expect_grep ': videoteleconferentie: compound$' "$TMP/out" "--explain"
expect_grep ': A\.Th\.B: abbreviation$' "$TMP/out" "--explain"

# Personal word list; standard input; several files.
printf 'Quuxheim\n' >"$TMP/personal.txt"
printf 'Quuxheim ligt ver weg.\n' >"$TMP/q.txt"
expect_status 1 "$TOLK" spell "$TMP/q.txt"
expect_status 0 "$TOLK" spell --personal "$TMP/personal.txt" "$TMP/q.txt"
printf 'een verlsag\n' | "$TOLK" spell - >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] && pass || fail "stdin: wanted exit 1"
expect_grep "^-:1:5: unknown word 'verlsag'" "$TMP/out" "stdin"
expect_status 1 "$TOLK" spell "$LETTER" "$DRAFT"

# English text.
printf 'The report was recieved.\n' >"$TMP/en.txt"
expect_status 1 "$TOLK" spell --lang en_GB "$TMP/en.txt"
expect_grep "en.txt:1:16: unknown word 'recieved' \(did you mean: received" "$TMP/out" "en_GB"

# Bad input: exit 2 with a clear message.
expect_status 2 "$TOLK" spell --lang de "$LETTER"
expect_grep "unsupported language 'de'" "$TMP/err" "--lang de"
expect_status 2 "$TOLK" spell --dict-dir /nonexistent "$LETTER"
expect_grep "no Hunspell dictionary for nl_NL.*/nonexistent/nl_NL.aff" "$TMP/err" "missing dictionary"
printf 'goed\nfo\xc3(t\n' >"$TMP/bad.txt"
expect_status 2 "$TOLK" spell "$TMP/bad.txt"
expect_grep "^tolk: $TMP/bad.txt:2:3: invalid UTF-8 \(byte offset 7" "$TMP/err" "invalid UTF-8"
expect_status 2 "$TOLK" spell "$TMP/does-not-exist.txt"
expect_grep "does-not-exist.txt" "$TMP/err" "missing file"
expect_status 2 "$TOLK" spell --personal "$TMP/nope.txt" "$LETTER"
# Project data not found (a build-tree tolk run elsewhere): said, not silently skipped.
mkdir -p "$TMP/nodata"
echo "Dit is een korte zin zonder fouten." >"$TMP/plain.nl"
expect_status 0 env TOLK_DATADIR="$TMP/nodata" TOLK_TERMBASE= "$TOLK" spell --no-english "$TMP/plain.nl"
expect_grep "warning: no project word list at $TMP/nodata/dict/words-nl.txt" "$TMP/err" "missing word list"
expect_grep "warning: no term base at $TMP/nodata/dict/termbase.tbx" "$TMP/err" "missing term base"
expect_status 0 env TOLK_DATADIR="$TMP/nodata" "$TOLK" spell --no-english --no-project-words --no-termbase "$TMP/plain.nl"
expect_lines 0 "$TMP/err"
expect_status 0 env TOLK_DATADIR="$TOLK_SRCDIR" "$TOLK" spell "$LETTER"
expect_no_grep "warning: no" "$TMP/err" "data found through TOLK_DATADIR"
expect_status 2 "$TOLK" spell --format xml "$LETTER"
expect_status 2 "$TOLK" spell
expect_status 0 "$TOLK" spell --help
expect_grep '--personal' "$TMP/out" "--help"
finish
