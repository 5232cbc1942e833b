# Translated XLIFF read into a memory in PostgreSQL (tolk_tm_add_units through the store's
# import): every confirmed unit of the letter comes back by exact lookup with the TMX's
# translation, and a second import merges them all. Expected values come from the letter's
# TMX, parsed here by Python's XML parser.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/pg_lib.bash"

LETTER_NL="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
LETTER_TMX="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
pg_start_or_skip
cd "$TMP" || exit 1

expect_status 0 "$TOLK" tm import --db memory.db "$LETTER_TMX"
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate letter.xlf "$LETTER_NL"
sed 's/state="translated"/state="final"/; s/state="needs-review-translation"/state="final"/' letter.xlf >final.xlf
expect_status 0 "$TOLK" tm import --db "$PG_URI" final.xlf
expect_grep 'units read: 6[0-9], added: 6[0-9]' out
expect_status 0 "$PY" "$TOLK_SRCDIR/tests/cli/xliff_roundtrip.py" "$TOLK" "$PG_URI" "$LETTER_TMX"
expect_status 0 "$TOLK" tm import --db "$PG_URI" final.xlf
expect_grep 'units read: (6[0-9]), added: 0, merged into existing units: 6[0-9];' out
finish
