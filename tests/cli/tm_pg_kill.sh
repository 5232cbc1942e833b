# The PostgreSQL store under stress: kill -9 of an import keeps only the batches it committed (each
# batch one transaction, sent with COPY), and the next import completes it; text COPY must escape
# (tabs, newlines, backslashes, quotes, SQL) comes back unchanged.
. "$(dirname "$0")/lib.bash"
. "$TOLK_SRCDIR/tests/cli/pg_lib.bash"
pg_start_or_skip
psql() { "$(cat "$PG_DIR/bindir")/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$PG_DIR/port")" -U tolk -d tolk "$@"; }
export SOURCE_DATE_EPOCH=1700000000

# text that COPY's text format and SQL quoting must not touch
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
	'<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl-NL" datatype="plaintext"/><body>' \
	'<tu tuid="a\tb"><prop type="x-path">C:\new\table</prop><tuv xml:lang="nl-NL"><seg>Een tab&#9;en een backslash \ en \N en \\. in de tekst.</seg></tuv><tuv xml:lang="en-GB"><seg>A tab&#9;and a backslash \ and \N and \\. in the text.</seg></tuv></tu>' \
	"<tu><note>it's; DROP TABLE tolk_tu; --</note><tuv xml:lang=\"nl-NL\"><seg>Robert'); DROP TABLE tolk_tu;-- zegt \"hallo\" en '\$1'.</seg></tuv><tuv xml:lang=\"en-GB\"><seg>Robert'); DROP TABLE tolk_tu;-- says \"hello\" and '\$1'.</seg></tuv></tu>" \
	'<tu><tuv xml:lang="nl-NL"><seg>Twee regels:&#10;de tweede&#13;&#10;en de derde.</seg></tuv><tuv xml:lang="en-GB"><seg>Two lines:&#10;the second&#13;&#10;and the third.</seg></tuv></tu>' \
	'</body></tmx>' >"$TMP/hostile.tmx"
expect_status 0 "$TOLK" tm import --db "$TMP/h.db" "$TMP/hostile.tmx"
expect_status 0 "$TOLK" tm import --db "$PG_URI" "$TMP/hostile.tmx"
expect_grep 'units read: 3, added: 3' "$TMP/out" "hostile units added"
"$TOLK" tm export --db "$TMP/h.db" -o "$TMP/h.tmx" && "$TOLK" tm export --db "$PG_URI" -o "$TMP/p.tmx" || fail "export"
if [ -s "$TMP/h.tmx" ] && cmp -s "$TMP/h.tmx" "$TMP/p.tmx"; then pass; else fail "hostile text changed on its way through PostgreSQL"; diff "$TMP/h.tmx" "$TMP/p.tmx" | head >&2; fi
expect_grep 'backslash \\ and \\N and \\\\\. in' "$TMP/p.tmx" "backslashes kept"
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --min 100 "Robert'); DROP TABLE tolk_tu;-- zegt \"hallo\" en '\$1'."
expect_grep '^100%  Robert' "$TMP/out" "SQL in a text is only text"
[ "$(psql -c 'SELECT count(*) FROM tolk_tu')" = 3 ] && pass || fail "tolk_tu touched"
psql -c 'TRUNCATE tolk_tu, tolk_tuv, tolk_key, tolk_df, tolk_terms, tolk_lang; DELETE FROM tolk_meta WHERE key = '"'srclang'"

# kill -9 in the middle of an import of distinct units, in batches of 1000
n=120000
python3 - "$n" >"$TMP/big.tmx" <<'PY'
import sys
n = int(sys.argv[1])
print('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
      'segtype="sentence" o-tmf="t" adminlang="en" srclang="nl-NL" datatype="plaintext"/><body>')
for i in range(n):
    print('<tu><tuv xml:lang="nl-NL"><seg>Bericht %d over de begroting van %d en de ministers.</seg></tuv>'
          '<tuv xml:lang="en-GB"><seg>Message %d on the budget of %d and the ministers.</seg></tuv></tu>' % (i, 1900 + i % 200, i, 1900 + i % 200))
print('</body></tmx>')
PY
"$TOLK" tm import --db "$PG_URI" --batch 1000 "$TMP/big.tmx" >"$TMP/import.out" 2>&1 &
pid=$!
for _ in $(seq 600); do
	got=$(psql -c 'SELECT count(*) FROM tolk_tu' 2>/dev/null || echo 0)
	[ "${got:-0}" -ge 3000 ] && break
	sleep 0.1
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
units=$(psql -c 'SELECT count(*) FROM tolk_tu')
echo "killed with $units units stored"
if [ "$units" -gt 0 ] && [ "$units" -lt "$n" ] && [ $((units % 1000)) -eq 0 ]; then pass; else fail "after kill -9: $units units, not whole batches of 1000 below $n"; fi
[ "$(psql -c 'SELECT count(*) FROM tolk_tuv')" = $((2 * units)) ] && pass || fail "variants of a half batch stored"
[ "$(psql -c 'SELECT count(*) FROM tolk_key WHERE tuvs[cardinality(tuvs)] > (SELECT coalesce(max(id), 0) FROM tolk_tuv)')" = 0 ] && pass || fail "index rows of a half batch stored"
expect_status 0 "$TOLK" tm stats --db "$PG_URI" --check
expect_grep "^units: $units, of which $units with nl and en$" "$TMP/out" "stats after the kill"
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --min 100 "Bericht 7 over de begroting van 1907 en de ministers."
expect_grep '^100%  Bericht 7 over' "$TMP/out" "a committed unit is found"
# the next import completes it: the units stored are merged, the rest added
expect_status 0 "$TOLK" tm import --db "$PG_URI" --batch 5000 "$TMP/big.tmx"
expect_grep "units read: $n, added: $((n - units)), merged into existing units: $units" "$TMP/out" "import after the kill"
[ "$(psql -c 'SELECT count(*) FROM tolk_tu')" = "$n" ] && pass || fail "not every unit stored after the second import"
expect_status 0 "$TOLK" tm stats --db "$PG_URI" --check
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --min 100 --format jsonl "Bericht 119999 over de begroting van 2099 en de ministers."
expect_grep '"score":100,' "$TMP/out" "the last unit is found"
finish
