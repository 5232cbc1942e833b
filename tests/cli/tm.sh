# tolk tm: import, stats, lookup, concordance, export, the default store, errors.
. "$(dirname "$0")/lib.bash"
sample="$TOLK_SRCDIR/tests/data/tm/letter-sample.tmx"
db="$TMP/m.db"
# TOLK_TEST_DB=pg (tm_pg.sh): the same checks against a store in a throw-away PostgreSQL cluster
if [ "${TOLK_TEST_DB:-}" = pg ]; then
	. "$TOLK_SRCDIR/tests/cli/pg_lib.bash"
	pg_start_or_skip
	db=$PG_URI
fi

expect_status 0 "$TOLK" tm import --db "$db" "$sample"
expect_grep 'units read: 12, added: 10, merged into existing units: 1, empty: 1' "$TMP/out" "import summary"
expect_status 0 "$TOLK" tm import --db "$db" "$sample"
expect_grep 'added: 0, merged into existing units: 11' "$TMP/out" "second import merges"

expect_status 0 "$TOLK" tm stats --db "$db"
expect_grep '^units: 10, of which 10 with nl and en$' "$TMP/out" "stats"
expect_grep 'nl-NL 9' "$TMP/out" "stats languages"
expect_status 0 "$TOLK" tm stats --db "$db" --check --format jsonl
expect_grep '"units":10,.*"check":"ok"' "$TMP/out" "stats --check jsonl"

# lookup: text with the difference marked, jsonl with a diff array
expect_status 0 "$TOLK" tm lookup --db "$db" De ministers spraken over alle drie aspecten van de lastenverdeling.
expect_grep '^ 79%  De Ministers spraken over alle drie de aspecten van lastenverdeling\.$' "$TMP/out" "lookup score"
expect_grep '^      The Ministers discussed all three aspects of burden sharing\.$' "$TMP/out" "lookup target"
expect_grep '^      De \[-Ministers-\]\{\+ministers\+\} spraken over alle drie \[-de-\] aspecten van \{\+de\+\} lastenverdeling\.$' "$TMP/out" "lookup diff"
expect_status 0 "$TOLK" tm lookup --db "$db" --format jsonl --max 1 "Nederland heeft in 2021 1,48 procent van het bbp aan defensie besteed."
expect_lines 1 "$TMP/out"
expect_grep '"score":98,' "$TMP/out" "jsonl score"
expect_grep '"diff":\[\{"op":"equal","text":"Nederland heeft in"\},\{"op":"delete","text":" 2020"\},\{"op":"insert","text":" 2021"\}' "$TMP/out" "jsonl diff"
expect_status 0 "$TOLK" tm lookup --db "$db" --min 95 "Het weer is goed."
expect_grep '^\(no match\)$' "$TMP/out" "no match"
# lines of standard input, one query each
printf 'De ministers bespraken de lastenverdeling.\nTijdens de bijeenkomst.\n' |
	expect_status 0 "$TOLK" tm lookup --db "$db" --format jsonl --min 50 -
expect_lines 2 "$TMP/out"
expect_grep '^\{"query":"De ministers bespraken de lastenverdeling\.","matches":\[\{"score":100,' "$TMP/out" "stdin queries"
# the index and a full scan agree
"$TOLK" tm lookup --db "$db" --format jsonl --min 30 --max 20 "De Ministers spraken over de bijeenkomst." >"$TMP/index"
"$TOLK" tm lookup --db "$db" --format jsonl --min 30 --max 20 --exhaustive "De Ministers spraken over de bijeenkomst." >"$TMP/scan"
if cmp -s "$TMP/index" "$TMP/scan" && grep -q '"score"' "$TMP/index"; then pass; else fail "index and --exhaustive differ"; fi

# a compound written apart or closed costs a point, not two words: found through the index, the joiner marked
q='Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO Ministers van Defensie op 22 en 23 oktober 2020.'
expect_status 0 "$TOLK" tm lookup --db "$db" --min 95 "$q"
expect_grep '^ 99%  Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO-Ministers van' "$TMP/out" "compound apart"
expect_grep 'bijeenkomst van de NAVO\[---\]\{\+ \+\}Ministers van Defensie' "$TMP/out" "compound diff"
q='De secretaris generaal benadrukte dat het belangrijk blijft om prioriteit te geven aan de defensieuitgaven.'
expect_status 0 "$TOLK" tm lookup --db "$db" --min 95 --format jsonl "$q"
expect_grep '"score":98,' "$TMP/out" "two compounds"
expect_grep '"text":"De secretaris"},{"op":"delete","text":"-"},{"op":"insert","text":" "},' "$TMP/out" "jsonl joiner"
expect_grep '"text":"generaal benadrukte dat het belangrijk blijft om prioriteit te geven aan de defensie"},{"op":"delete","text":"-"},{"op":"equal","text":"uitgaven\."}' "$TMP/out" "jsonl closed"
"$TOLK" tm lookup --db "$db" --format jsonl --min 95 --exhaustive "$q" >"$TMP/scan"
if cmp -s "$TMP/out" "$TMP/scan"; then pass; else fail "compound: index and --exhaustive differ"; fi
# capitals only: the high nineties
expect_status 0 "$TOLK" tm lookup --db "$db" --min 95 "DE MINISTERS BESPRAKEN DE LASTENVERDELING."
expect_grep '^ 98%  De ministers bespraken de lastenverdeling\.$' "$TMP/out" "capitals"

# concordance, inflection tolerant, both languages, marked
expect_status 0 "$TOLK" tm concordance --db "$db" groot uitdaging
expect_grep '^nl-NL  De \[grote\] \[uitdagingen\] en dreigingen' "$TMP/out" "concordance inflected"
expect_grep '^en-GB  The major challenges' "$TMP/out" "concordance target"
expect_status 0 "$TOLK" tm concordance --db "$db" --lang en --format jsonl burden sharing
expect_grep '"target_matches":\[\[' "$TMP/out" "concordance on English"
expect_status 0 "$TOLK" tm concordance --db "$db" --lang nl "burden sharing"
expect_grep '^\(nothing found\)$' "$TMP/out" "English phrase not in Dutch"

# a separable verb split in its clause: stelde ... vast, vond ... plaats
cat >"$TMP/verbs.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl-NL" datatype="plaintext"/><body>
<tu><tuv xml:lang="nl-NL"><seg>Het kabinet stelde de begroting gisteren vast.</seg></tuv><tuv xml:lang="en-GB"><seg>The cabinet adopted the budget yesterday.</seg></tuv></tu>
<tu><tuv xml:lang="nl-NL"><seg>Hij stelt een vast bedrag beschikbaar.</seg></tuv><tuv xml:lang="en-GB"><seg>He makes a fixed amount available.</seg></tuv></tu>
</body></tmx>
TMX
expect_status 0 "$TOLK" tm import --db "$TMP/verbs.db" "$TMP/verbs.tmx"
expect_status 0 "$TOLK" tm concordance --db "$TMP/verbs.db" vaststellen
expect_grep '^nl-NL  Het kabinet \[stelde\] de begroting gisteren \[vast\]\.$' "$TMP/out" "split verb"
[ "$(grep -c '^nl-NL' "$TMP/out")" -eq 1 ] && pass || fail "vast bedrag taken for vaststellen"

# export: valid TMX 1.4b (the DTD; the schema: tmx_schema.sh)
expect_status 0 "$TOLK" tm export --db "$db" -o "$TMP/out.tmx"
if xmllint --noout --nonet --dtdvalid "$TMX_DTD" "$TMP/out.tmx" 2>/dev/null; then pass; else fail "export is not valid TMX"; fi
expect_grep '<note>Second import of unit 2\.</note>' "$TMP/out.tmx" "notes kept"
expect_grep '<prop type="x-document">kamerstuk 28676-348</prop>' "$TMP/out.tmx" "props kept"
[ "$(grep -c '<tu[ >]' "$TMP/out.tmx")" -eq 10 ] && pass || fail "export has not 10 units"
expect_status 0 "$TOLK" tm import --db "$TMP/again.db" "$TMP/out.tmx"
expect_grep 'units read: 10, added: 10' "$TMP/out" "export imports back"

# the default store: tm/memory.db in the working directory, made on first use
mkdir "$TMP/work"
(cd "$TMP/work" && "$TOLK" tm stats) >"$TMP/out" 2>"$TMP/err" && fail "stats without a store succeeded" || pass
expect_grep "no translation memory at tm/memory.db in this folder; give its path with --db PATH.*'tolk tm import' creates one" "$TMP/err" "missing default store"
(cd "$TMP/work" && "$TOLK" tm import "$sample" >/dev/null) && pass || fail "import into the default store"
[ -f "$TMP/work/tm/memory.db" ] && pass || fail "tm/memory.db not created"

# errors: exit 2 with a position or a reason
expect_status 2 "$TOLK" tm
expect_status 2 "$TOLK" tm frobnicate
expect_grep "'frobnicate' is not a tm command" "$TMP/err" "unknown sub-command"
expect_status 2 "$TOLK" tm lookup --db "$db" --min 0 x
expect_status 2 "$TOLK" tm lookup --db "$db" --format xml x
expect_status 2 "$TOLK" tm import --db "$db" "$TMP/absent.tmx"
printf '<?xml version="1.0"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl" datatype="plaintext"/><body>\n<tu><tuv xml:lang="nl"><seg>Een.</seg></tuv>\n</body></tmx>\n' >"$TMP/bad.tmx"
expect_status 2 "$TOLK" tm import --db "$db" "$TMP/bad.tmx"
expect_grep "^tolk: $TMP/bad.tmx:[0-9]+:" "$TMP/err" "positioned import error"
printf 'ab\xc3(\n' | expect_status 2 "$TOLK" tm lookup --db "$db" -
expect_grep '^tolk: -:1: ' "$TMP/err" "invalid UTF-8 query"
for sub in import export stats lookup concordance; do
	expect_status 0 "$TOLK" tm "$sub" --help
	expect_grep "^usage: tolk tm $sub" "$TMP/out" "tm $sub --help"
done
finish
