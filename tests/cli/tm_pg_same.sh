# The same units in SQLite and in PostgreSQL give the same answers, byte for byte: lookups,
# concordance, analysis, stats and export; tm copy is lossless in every direction; the schema is
# versioned (a newer one refused, an older one migrated); a password in the URI is never shown.
. "$(dirname "$0")/lib.bash"
. "$TOLK_SRCDIR/tests/cli/pg_lib.bash"
pg_start_or_skip
letter="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
psql() { "$(cat "$PG_DIR/bindir")/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$PG_DIR/port")" -U tolk "$@"; }
pg2="postgresql://tolk@127.0.0.1:$(cat "$PG_DIR/port")/tolk2"
psql -d postgres -c 'CREATE DATABASE tolk2' || fail "create a second database"
export SOURCE_DATE_EPOCH=1700000000

python3 "$TOLK_SRCDIR/tests/cli/tm_gen_units.py" "$letter" 3000 150 "$TMP/gen.tmx" "$TMP/queries" || fail "generate units"
for db in "$TMP/s.db" "$PG_URI"; do
	expect_status 0 "$TOLK" tm import --db "$db" "$letter" "$TMP/gen.tmx"
	expect_grep 'gen.tmx: units read: 3000, added: [0-9]+, merged into existing units: [0-9]+' "$TMP/out" "import $db"
	sed 's/ ([0-9.]* s, [0-9]* units\/s)//' "$TMP/out" >"$TMP/import.$(basename "$db")"
done
same() { # same WHAT FILE1 FILE2: equal and not empty
	if [ -s "$2" ] && cmp -s "$2" "$3"; then pass; else fail "$1 differs between SQLite and PostgreSQL"; diff "$2" "$3" | head -5 >&2; fi
}
same "import counts" "$TMP/import.s.db" "$TMP/import.tolk"

run_both() { # run_both NAME ARGS...: the command against both stores, stdout kept and compared
	"$TOLK" "$@" --db "$TMP/s.db" <"$TMP/stdin" >"$TMP/$name.sqlite" 2>"$TMP/err" || fail "$name on SQLite: $(head -1 "$TMP/err")"
	"$TOLK" "$@" --db "$PG_URI" <"$TMP/stdin" >"$TMP/$name.pg" 2>"$TMP/err" || fail "$name on PostgreSQL: $(head -1 "$TMP/err")"
	[ -n "${nocmp:-}" ] || same "$name" "$TMP/$name.sqlite" "$TMP/$name.pg"
}
cp "$TMP/queries" "$TMP/stdin"
name=lookup run_both tm lookup --format jsonl --min 50 --max 5 -
[ "$(grep -c '"score":' "$TMP/lookup.pg")" -ge 100 ] && pass || fail "too few lookups with matches to compare"
name=lookup70 run_both tm lookup --format jsonl --max 20 -
name=exhaustive run_both tm lookup --format jsonl --min 60 --max 10 --exhaustive -
# the index and the scan agree on PostgreSQL as on SQLite
sed 's/"index_unusable":[a-z]*,//' "$TMP/exhaustive.pg" >"$TMP/x1"
"$TOLK" tm lookup --db "$PG_URI" --format jsonl --min 60 --max 10 - <"$TMP/queries" | sed 's/"index_unusable":[a-z]*,//' >"$TMP/x2"
same "index against scan" "$TMP/x1" "$TMP/x2"
: >"$TMP/stdin"
for phrase in ministers uitdaging vaststellen defensie-uitgaven NAVO 2020 "burden sharing" bondgenootschap \
	"secretaris generaal" spreken; do
	name="concordance-$phrase" run_both tm concordance --format jsonl --max 200 "$phrase"
done
name=concordance-en run_both tm concordance --lang en --format jsonl --max 200 ministers
sed -n '1,40p' "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt" >"$TMP/draft.txt"
sed 's/van de/van het/; s/ 20/ 21/' "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt" >>"$TMP/draft.txt"
name=analyze run_both analyze --format jsonl "$TMP/draft.txt"
name=pretranslate run_both analyze --pretranslate - "$TMP/draft.txt"
nocmp=1 name=stats run_both tm stats --format jsonl
# the figures; the name, the schema (each store's own numbering) and the size are the store's own
sed -E -i 's/"db":"[^"]*",//; s/"schema":[0-9]+,//; s/"bytes":[0-9]+,//' "$TMP/stats.sqlite" "$TMP/stats.pg"
same "stats (without name, schema and size)" "$TMP/stats.sqlite" "$TMP/stats.pg"
name=export run_both tm export -o -
same "export" "$TMP/export.sqlite" "$TMP/export.pg"

# tm copy: SQLite -> PostgreSQL -> SQLite, and PostgreSQL -> SQLite, export the same TMX
expect_status 0 "$TOLK" tm copy "$TMP/s.db" "$pg2"
expect_grep 'added: ' "$TMP/out" "copy into PostgreSQL"
expect_status 0 "$TOLK" tm copy "$pg2" "$TMP/back.db"
expect_status 0 "$TOLK" tm export --db "$TMP/back.db" -o "$TMP/back.tmx"
same "round trip SQLite -> PostgreSQL -> SQLite" "$TMP/export.sqlite" "$TMP/back.tmx"
expect_status 0 "$TOLK" tm copy "$TMP/s.db" "$TMP/s2.db"
expect_status 0 "$TOLK" tm export --db "$TMP/s2.db" -o "$TMP/s2.tmx"
same "copy SQLite -> SQLite" "$TMP/export.sqlite" "$TMP/s2.tmx"
# a second copy adds nothing
expect_status 0 "$TOLK" tm copy "$TMP/s.db" "$pg2"
expect_grep 'added: 0, already there: [1-9]' "$TMP/out" "copy again"
cp "$TMP/queries" "$TMP/stdin"
"$TOLK" tm lookup --db "$pg2" --format jsonl --min 50 --max 5 - <"$TMP/queries" >"$TMP/lookup.pg2"
same "lookup in the copy" "$TMP/lookup.sqlite" "$TMP/lookup.pg2"

# schema versions: an older store is migrated on its first write, a newer one refused
psql -d tolk2 -c "DROP TABLE tolk_df; DROP TABLE tolk_terms; DROP TABLE tolk_sketch; DELETE FROM tolk_meta WHERE key = 'sketch_upto'; UPDATE tolk_meta SET value = '1' WHERE key = 'schema_version'" ||
	fail "make a schema-1 store"
expect_status 0 "$TOLK" tm stats --db "$pg2"
expect_grep '\(schema 1,' "$TMP/out" "schema 1 read as it is"
"$TOLK" tm lookup --db "$pg2" --format jsonl --min 50 --max 5 - <"$TMP/queries" >"$TMP/lookup.v1"
same "lookup in a schema-1 store" "$TMP/lookup.sqlite" "$TMP/lookup.v1"
expect_status 0 "$TOLK" tm import --db "$pg2" "$letter"
expect_status 0 "$TOLK" tm stats --db "$pg2"
expect_grep '\(schema 4,' "$TMP/out" "migrated to schema 4"
[ "$(psql -d tolk2 -At -c 'SELECT count(*) > 0 FROM tolk_df')" = t ] && pass || fail "migration did not fill tolk_df"
[ "$(psql -d tolk2 -At -c 'SELECT upto = (SELECT max(id) FROM tolk_tuv) FROM tolk_terms')" = t ] && pass || fail "no term filter after the import"
# the import merged every unit (all there already) and gave the stored variants their sketches
[ "$(psql -d tolk2 -At -c "SELECT value::bigint = (SELECT max(id) FROM tolk_tuv) AND (SELECT count(*) FROM tolk_sketch) = (SELECT max(id) FROM tolk_tuv) / 64 + 1 FROM tolk_meta WHERE key = 'sketch_upto'")" = t ] &&
	pass || fail "no sketches for the variants stored before them"
expect_status 0 "$TOLK" tm stats --check --db "$pg2"
# a sketch that does not match its text is found (variant 1's filter bits, bytes 36-63 of chunk 0)
psql -d tolk2 -c "UPDATE tolk_sketch SET data = set_byte(data, 40, get_byte(data, 40) # 255) WHERE chunk = 0" >/dev/null
expect_status 2 "$TOLK" tm stats --check --db "$pg2"
expect_grep 'the sketch of variant 1 does not match its text' "$TMP/err" "a wrong sketch found by tm stats --check"
psql -d tolk2 -c "UPDATE tolk_sketch SET data = set_byte(data, 40, get_byte(data, 40) # 255) WHERE chunk = 0" >/dev/null
"$TOLK" tm lookup --db "$pg2" --format jsonl --min 50 --max 5 - <"$TMP/queries" >"$TMP/lookup.v3"
# the letter's units were there already: merged, nothing added, the same answers
same "lookup after the migration" "$TMP/lookup.sqlite" "$TMP/lookup.v3"
psql -d tolk2 -c "UPDATE tolk_meta SET value = '9' WHERE key = 'schema_version'"
for cmd in "tm stats" "tm lookup x" "tm import $letter"; do
	# shellcheck disable=SC2086
	expect_status 2 "$TOLK" $cmd --db "$pg2"
	expect_grep "^tolk: $pg2: the translation memory was made by a newer tolk \(schema 9\); this tolk reads up to 4$" "$TMP/err" "newer schema refused ($cmd)"
done
psql -d tolk2 -c "UPDATE tolk_meta SET value = 'something else' WHERE key = 'application'"
expect_status 2 "$TOLK" tm stats --db "$pg2"
expect_grep "not a tolk translation memory" "$TMP/err" "foreign tolk_meta refused"

# errors: one line naming the server, never its password; connection refused is an I/O error
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_status 2 "$TOLK" tm stats --db "postgresql://tolk:s3cret@127.0.0.1:$port/tolk?sslmode=disable"
expect_grep "^tolk: postgresql://tolk@127.0.0.1:$port/tolk: cannot connect: .*refused" "$TMP/err" "connection refused"
expect_no_grep 's3cret' "$TMP/err" "password shown"
expect_lines 1 "$TMP/err"
expect_status 2 "$TOLK" tm stats --db "postgresql://tolk@127.0.0.1:$(cat "$PG_DIR/port")/nosuchdb"
expect_grep 'nosuchdb: cannot connect: .*does not exist' "$TMP/err" "no such database"
psql -d postgres -c 'CREATE DATABASE empty'
expect_status 2 "$TOLK" tm lookup --db "postgresql://tolk@127.0.0.1:$(cat "$PG_DIR/port")/empty" x
expect_grep "holds no tolk translation memory yet" "$TMP/err" "empty database"
expect_status 2 "$TOLK" tm stats --db "mysql://x@y/z"
# TOLK_DB stands for --db
TOLK_DB=$PG_URI expect_status 0 "$TOLK" tm stats
expect_grep "^translation memory: $PG_URI " "$TMP/out" "TOLK_DB"
finish
