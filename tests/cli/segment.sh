# tolk segment: the letter, formats, languages, errors.
. "$(dirname "$0")/lib.bash"
letter="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"

expect_status 0 "$TOLK" segment --lang nl "$letter"
expect_grep '^Er werd vooruitgekeken naar februari 2021' "$TMP/out" "unwrapped, hyphen joined"
expect_grep '^Lastenverdeling$' "$TMP/out" "heading on its own"
expect_no_grep '^nr\. 347' "$TMP/out" "no break after nr."

expect_status 0 "$TOLK" segment --format jsonl "$letter"
expect_grep '^\{"id":1,"text":"Nr\. 348 BRIEF VAN DE MINISTER VAN DEFENSIE","start":1,' "$TMP/out" "jsonl"

printf 'Hello Mr. Smith. How are you?\n' | expect_status 0 "$TOLK" segment --lang en -
expect_lines 2 "$TMP/out"

expect_status 2 "$TOLK" segment --lang fr "$letter"
expect_status 2 "$TOLK" segment --format xml "$letter"
expect_status 2 "$TOLK" segment "$TMP/missing.txt"
printf 'ab\xc3(\n' >"$TMP/bad.txt"
expect_status 2 "$TOLK" segment "$TMP/bad.txt"
finish
