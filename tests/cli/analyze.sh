# tolk analyze: bands of a draft against the memory, JSON lines, pre-translation.
. "$(dirname "$0")/lib.bash"
sample="$TOLK_SRCDIR/tests/data/tm/letter-sample.tmx"
db="$TMP/m.db"
# TOLK_TEST_DB=pg (analyze_pg.sh): the same checks against a store in a throw-away PostgreSQL cluster
if [ "${TOLK_TEST_DB:-}" = pg ]; then
	. "$TOLK_SRCDIR/tests/cli/pg_lib.bash"
	pg_start_or_skip
	db=$PG_URI
fi
"$TOLK" tm import --db "$db" "$sample" >/dev/null || fail "import"
cat >"$TMP/draft.txt" <<'DRAFT'
De grote uitdagingen en dreigingen waarmee het bondgenootschap wordt geconfronteerd. Nederland
heeft in 2021 1,48 procent van het bbp aan defensie besteed.

De Ministers spraken over alle drie de aspecten van de lastenverdeling. Het weer in Brussel was
uitstekend. De grote uitdagingen en dreigingen waarmee het bondgenootschap wordt geconfronteerd.
DRAFT

expect_status 0 "$TOLK" analyze --db "$db" "$TMP/draft.txt"
expect_grep '^repetitions +1 +10 ' "$TMP/out" "repetitions row"
expect_grep '^100% +1 +10 ' "$TMP/out" "100% row"
expect_grep '^95-99% +1 +12 ' "$TMP/out" "95-99% row"
expect_grep '^85-94% +1 +11 ' "$TMP/out" "85-94% row"
expect_grep '^75-84% +0 +0 ' "$TMP/out" "75-84% row"
expect_grep '^no match +1 +6 ' "$TMP/out" "no match row"
expect_grep '^total +5 +49 +100\.0%$' "$TMP/out" "total row"

expect_status 0 "$TOLK" analyze --db "$db" --format jsonl "$TMP/draft.txt"
expect_lines 6 "$TMP/out"
expect_grep '^\{"type":"segment","id":2,"text":"Nederland heeft in 2021 1,48 procent van het bbp aan defensie besteed\.","words":12,"score":98,"band":"95-99%","match_source":"Nederland heeft in 2020 1,48 procent van het bbp aan defensie besteed\.","match_target":"In 2020 the Netherlands spent 1\.48 per cent of GDP on defence\."\}$' "$TMP/out" "jsonl segment"
expect_grep '"id":4,.*"score":0,"band":"no match","match_source":null' "$TMP/out" "jsonl no match"
expect_grep '^\{"type":"summary","segments":5,"words":49,' "$TMP/out" "jsonl summary"

expect_status 0 "$TOLK" analyze --db "$db" --pretranslate "$TMP/pre.tmx" --threshold 90 "$TMP/draft.txt"
[ "$(grep -c '<tu[ >]' "$TMP/pre.tmx")" -eq 3 ] && pass || fail "pre-translation has not 3 units"
expect_grep '<prop type="x-tolk-score">98</prop>' "$TMP/pre.tmx" "score prop"
if xmllint --noout --nonet --dtdvalid "$TMX_DTD" "$TMP/pre.tmx" 2>/dev/null; then pass; else fail "pre-translation is not valid TMX"; fi
expect_status 0 "$TOLK" analyze --db "$db" --pretranslate - "$TMP/draft.txt"
expect_grep '^<tmx version="1.4">' "$TMP/out" "pretranslate to stdout"

# the same sentences in capitals, with compounds written apart or closed: all in the 95-99 band
cat >"$TMP/forms.txt" <<'DRAFT'
HIERBIJ ONTVANGT U HET VERSLAG VAN DE BIJEENKOMST VAN DE NAVO MINISTERS VAN DEFENSIE OP 22 EN 23 OKTOBER 2020.

De secretaris generaal benadrukte dat het belangrijk blijft om prioriteit te geven aan de defensieuitgaven.
DRAFT
expect_status 0 "$TOLK" analyze --db "$db" --format jsonl "$TMP/forms.txt"
expect_grep '"id":1,.*"score":98,"band":"95-99%"' "$TMP/out" "capitals and a compound apart"
expect_grep '"id":2,.*"score":98,"band":"95-99%"' "$TMP/out" "compounds apart and closed"

# the letter itself, when the memory knows nothing of it: every segment in a band, words add up
expect_status 0 "$TOLK" analyze --db "$db" --format jsonl "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
total=$(sed -n 's/^{"type":"summary","segments":\([0-9]*\),.*/\1/p' "$TMP/out")
[ "$(grep -c '"type":"segment"' "$TMP/out")" -eq "${total:-x}" ] && pass || fail "segments do not add up"

expect_status 2 "$TOLK" analyze --db "$db" "$TMP/absent.txt"
expect_status 2 "$TOLK" analyze --db "$TMP/absent.db" "$TMP/draft.txt"
expect_grep "no translation memory here" "$TMP/err" "missing store"
expect_status 2 "$TOLK" analyze --db "$db" --threshold 20 "$TMP/draft.txt"
expect_status 2 "$TOLK" analyze --db "$db" --format xml "$TMP/draft.txt"
printf 'ab\xc3(\n' >"$TMP/bad.txt"
expect_status 2 "$TOLK" analyze --db "$db" "$TMP/bad.txt"
expect_grep "^tolk: $TMP/bad.txt:1:3: " "$TMP/err" "invalid UTF-8 draft"
[ ! -e "$TMP/pre2.tmx" ] && pass
finish
