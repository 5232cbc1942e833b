# --db-read: lookups, concordance and analysis read from a streaming replica (pg_basebackup -R),
# writes go to --db, the primary. Replay is paused on the replica to show where each one reads.
. "$(dirname "$0")/lib.bash"
. "$TOLK_SRCDIR/tests/cli/serve_lib.bash"
. "$TOLK_SRCDIR/tests/cli/pg_lib.bash"
pg_start_or_skip
bin=$(cat "$PG_DIR/bindir")
owner=$(cat "$PG_DIR/owner")
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }
rdir="$PG_DIR/replica"
replica_stop() { [ -f "$rdir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$rdir/data" -m immediate -w stop >/dev/null 2>&1; true; }
trap 'serve_stop >/dev/null 2>&1; replica_stop; pg_stop_all' EXIT
letter="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
expect_status 0 "$TOLK" tm import --db "$PG_URI" "$letter"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$rdir" && { [ "$(id -u)" -ne 0 ] || chown "$owner" "$rdir"; }
as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$(cat "$PG_DIR/port")" -U tolk -D "$rdir/data" -R -X stream >"$TMP/bb.log" 2>&1 ||
	{ cat "$TMP/bb.log" >&2; fail "pg_basebackup"; finish; }
printf "port = %s\nunix_socket_directories = '%s'\nhot_standby = on\n" "$port" "$rdir" | as_owner tee -a "$rdir/data/postgresql.conf" >/dev/null
as_owner "$bin/pg_ctl" -D "$rdir/data" -l "$rdir/server.log" -w -t 60 start >/dev/null || { cat "$rdir/server.log" >&2; fail "replica start"; finish; }
replica="postgresql://tolk@127.0.0.1:$port/tolk"
rpsql() { "$bin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U tolk -d tolk "$@"; }
[ "$(rpsql -c 'SELECT pg_is_in_recovery()')" = t ] && pass || fail "the replica is not a standby"

q="Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO-Ministers van Defensie op 22 en 23 oktober 2020."
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --db-read "$replica" --format jsonl "$q"
expect_grep '"score":100,' "$TMP/out" "lookup on the replica"
cp "$TMP/out" "$TMP/replica.jsonl"
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --format jsonl "$q"
if cmp -s "$TMP/out" "$TMP/replica.jsonl"; then pass; else fail "replica and primary answer differently"; fi
expect_status 0 "$TOLK" tm concordance --db "$PG_URI" --db-read "$replica" ministers
expect_grep '\[Ministers\]' "$TMP/out" "concordance on the replica"

# replay paused: a unit written to the primary is not on the replica yet
rpsql -c 'SELECT pg_wal_replay_pause()' >/dev/null
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
	'<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl-NL" datatype="plaintext"/><body>' \
	'<tu><tuv xml:lang="nl-NL"><seg>De replica loopt achter op de primaire server.</seg></tuv><tuv xml:lang="en-GB"><seg>The replica lags behind the primary server.</seg></tuv></tu>' \
	'</body></tmx>' >"$TMP/new.tmx"
expect_status 0 "$TOLK" tm import --db "$PG_URI" "$TMP/new.tmx"
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --min 100 "De replica loopt achter op de primaire server."
expect_grep '^100%' "$TMP/out" "written to the primary"
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --db-read "$replica" --min 100 "De replica loopt achter op de primaire server."
expect_grep '^\(no match\)$' "$TMP/out" "--db-read reads the replica (replay paused)"
rpsql -c 'SELECT pg_wal_replay_resume()' >/dev/null
for _ in $(seq 100); do
	"$TOLK" tm lookup --db "$PG_URI" --db-read "$replica" --min 100 "De replica loopt achter op de primaire server." 2>/dev/null | grep -q '^100%' && break
	sleep 0.1
done
expect_status 0 "$TOLK" tm lookup --db "$PG_URI" --db-read "$replica" --min 100 "De replica loopt achter op de primaire server."
expect_grep '^100%' "$TMP/out" "replayed on the replica"

# tolk serve: lookups and concordance from the replica, a unit added through the API goes to the primary
serve_start --db "$PG_URI" --db-read "$replica" --no-termbase
get "/api/tm/lookup?q=De%20replica%20loopt%20achter%20op%20de%20primaire%20server."
[ "$CODE" = 200 ] && pass || fail "serve lookup: $CODE"
expect_grep '"score":100' "$TMP/body" "serve reads the replica"
get "/api/tm/concordance?q=ministers"
expect_grep '"hits":\[\{' "$TMP/body" "serve concordance on the replica"
serve_stop

# the replica takes no writes: one clear message
expect_status 2 "$TOLK" tm import --db "$replica" "$TMP/new.tmx"
expect_grep "^tolk: $replica: .*(read-only|recovery)" "$TMP/err" "a write to the replica"
# --db-read wants PostgreSQL on both sides
expect_status 2 "$TOLK" tm lookup --db "$TMP/x.db" --db-read "$replica" x
expect_grep "needs a postgresql:// URI" "$TMP/err" "--db-read with a file"
finish
