# tolk serve with the term base in PostgreSQL: two server processes on one cluster both serve an
# edit within a second (LISTEN/NOTIFY), whoever made it; the PostgreSQL server stopped and started
# under them: edits get 503 saying what is wrong, term lookups go on from the last loaded base,
# memory lookups (the memory is in PostgreSQL too) get 503, and everything works again afterwards
# without restarting tolk. JSON's \u0000 is refused.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/serve_lib.bash"
. "$(dirname "$0")/pg_lib.bash"
pg_start_or_skip
U=$PG_URI
db=$U
expect_status 0 "$TOLK" tm import --db "$db" "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
unit="/tmserver/nl/en/unit/$(urlencode 'Aan de Voorzitter van de Tweede Kamer der Staten-Generaal')"
expect_status 0 "$TOLK" term --db "$U" import "$TOLK_SRCDIR/dict/termbase.tbx"
head -c 24 /dev/urandom | base64 >"$TMP/token"
chmod 600 "$TMP/token"
token=$(cat "$TMP/token")

# Two servers, each with its own log: A through serve_lib (serve_start), B started here.
serve_start --db "$db" --termbase "$U" --token-file "$TMP/token" --threads 2
A=$SERVE_PORT
"$TOLK" serve --listen 127.0.0.1:0 --db "$db" --termbase "$U" --threads 2 >"$TMP/b.out" 2>"$TMP/b.log" &
B_PID=$!
trap 'kill -TERM $B_PID 2>/dev/null; wait $B_PID 2>/dev/null; pg_stop_all' EXIT
B=
for k in $(seq 1 100); do
	B=$(sed -n 's|^tolk serve: listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$TMP/b.out")
	[ -n "$B" ] && break
	sleep 0.1
done
[ -n "$B" ] || { cat "$TMP/b.log" >&2; fail "second server did not start"; finish; }
at() { SERVE_PORT=$1; } # at PORT: the next get/post goes to that server

at $A; get "/api/term/lookup?q=bondgenoten"
json_check 'any(t["term"] == "Ally" for c in d["concepts"] for t in c["terms"])' "A: lookup from PostgreSQL"
at $B; post /api/term/recognize '{"text": "De lastenverdeling en de weerbaarheid van de NAVO."}'
json_check '[m["concept"] for m in d["matches"]] == ["lastenverdeling", "weerbaarheid", "navo"]' "B: recognize"

# seen_within NAME TERM CMD...: poll both servers for TERM 20 times a second (one curl each), run
# CMD (the edit) while they poll, and count the time from CMD's return to the first answer of the
# slower server that has the term. Sets SEEN_MS; fails above a second.
seen_within() {
	local what=$1 q; q=$(urlencode "$2"); shift 2
	local urls_a=() urls_b=() k
	for k in $(seq 1 80); do
		urls_a+=("http://127.0.0.1:$A/api/term/lookup?q=$q")
		urls_b+=("http://127.0.0.1:$B/api/term/lookup?q=$q")
	done
	local t0 t1 fa fb
	t0=$(date +%s%3N)
	( curl -s --rate 20/s -w '\n' "${urls_a[@]}" >"$TMP/polls.a" ) &
	local pa=$!
	( curl -s --rate 20/s -w '\n' "${urls_b[@]}" >"$TMP/polls.b" ) &
	local pb=$!
	sleep 0.3
	"$@" >"$TMP/edit.out" 2>&1 || fail "$what: the edit failed: $(head -c 300 "$TMP/edit.out")"
	t1=$(date +%s%3N)
	wait $pa $pb
	fa=$(grep -n '"concepts":\[{' "$TMP/polls.a" | head -1 | cut -d: -f1)
	fb=$(grep -n '"concepts":\[{' "$TMP/polls.b" | head -1 | cut -d: -f1)
	if [ -z "$fa" ] || [ -z "$fb" ]; then
		fail "$what: not served by both within 4 s (A: ${fa:-never}, B: ${fb:-never})"
		return
	fi
	# the term must not have been there before the edit, or this measures nothing
	head -1 "$TMP/polls.a" | grep -q '"concepts":\[\]' && head -1 "$TMP/polls.b" | grep -q '"concepts":\[\]' ||
		fail "$what: served before the edit"
	[ "$fa" -gt "$fb" ] || fa=$fb
	SEEN_MS=$((t0 + (fa - 1) * 50 - t1))
	[ "$SEEN_MS" -ge 0 ] || SEEN_MS=0 # already served when the edit's command returned
	echo "$what: served by both servers about $SEEN_MS ms after the edit returned"
	[ "$SEEN_MS" -le 1000 ] && pass || fail "$what: served only after about $SEEN_MS ms"
}
# edit_api JSON: add a term through A's API (for seen_within)
edit_api() { at $A; post /api/term/terms "$1" -H "Authorization: Bearer $token"; [ "$CODE" = 201 ]; }

# ---- an edit from the command line, then one through A's API: both servers serve each
seen_within "tolk term add" wapenbeheersing \
	"$TOLK" term --db "$U" add --concept wapenbeheersing --nl wapenbeheersing --en "arms control"
seen_within "an add through A" kazerne edit_api '{"nl": "kazerne", "en": "barracks", "pos": "noun"}' 
grep -q "term base reloaded from postgresql://" "$TMP/b.log" && pass || fail "B's log does not name the reload"

# ---- NUL: JSON can carry \u0000; it is refused before anything is written
at $A; post /api/term/terms '{"nl": "nul\u0000; DROP TABLE tolk_tb_terms", "en": "x"}' -H "Authorization: Bearer $token"
expect_code 400 "a term with NUL"
# hostile text through the API comes back unchanged
seen_within "a hostile term" "O'Brien'; DROP TABLE tolk_tb_terms; --" \
	edit_api "{\"concept\": \"vijandig\", \"nl\": \"O'Brien'; DROP TABLE tolk_tb_terms; --\", \"en\": \"back\\\\slash \\\"q\\\"\"}"
at $B; get "/api/term/lookup?q=$(urlencode "O'Brien'; DROP TABLE tolk_tb_terms; --")"
json_check '{t["term"] for c in d["concepts"] for t in c["terms"]} == {"O'"'"'Brien'"'"'; DROP TABLE tolk_tb_terms; --", "back\\slash \"q\""}' "B: hostile terms unchanged"

for port in $A $B; do
	at $port; get "$unit"
	json_check 'd and d[0]["quality"] == 100' "memory lookup in PostgreSQL through :$port"
done
# ---- the PostgreSQL server stops under both servers
"$TOLK_SRCDIR/tests/pg/cluster" pause "$PG_DIR"
at $A; get "$unit"
expect_code 503 "A: memory lookup while PostgreSQL is down"
at $B; get "$unit"
expect_code 503 "B: memory lookup while PostgreSQL is down"
at $A; post /api/term/terms '{"nl": "uitval", "en": "outage"}' -H "Authorization: Bearer $token"
expect_code 503 "A: term add while PostgreSQL is down"
json_check 'd["error"] == "unavailable" and "cannot connect to PostgreSQL" in d["detail"]' "503 says what is wrong"
at $B; get "/api/term/lookup?q=bondgenoten"
expect_code 200 "B: lookup from the loaded base while PostgreSQL is down"
json_check 'any(t["term"] == "Ally" for c in d["concepts"] for t in c["terms"])' "B: the base is still served"
get /healthz
expect_code 200 "B: healthz while PostgreSQL is down"
sleep 0.5
kill -0 "$SERVE_PID" 2>/dev/null && kill -0 "$B_PID" 2>/dev/null && pass || fail "a server ended while PostgreSQL was down"

# ---- back: no restart of tolk; edits through A and from the command line served by both again
"$TOLK_SRCDIR/tests/pg/cluster" resume "$PG_DIR"
ok=no
for k in $(seq 1 50); do
	at $A; post /api/term/terms '{"nl": "herstel", "en": "recovery"}' -H "Authorization: Bearer $token"
	[ "$CODE" = 201 ] && { ok=yes; break; }
	sleep 0.1
done
[ $ok = yes ] && pass || fail "term add still fails 5 s after PostgreSQL is back (HTTP $CODE)"
for port in $A $B; do
	at $port; get "$unit"
	[ "$CODE" = 200 ] || cat "$TMP/body" >&2
	expect_code 200 "memory lookup on :$port once PostgreSQL is back (no restart of tolk)"
	json_check 'd and d[0]["quality"] == 100' "memory lookup on :$port answers again"
done
# The listeners are back too: an edit neither server made is served by both.
sleep 1
seen_within "tolk term add after the outage" "na de uitval" \
	"$TOLK" term --db "$U" add --concept na-uitval --nl "na de uitval" --en "after the outage"
grep -q "term base database reachable again" "$TMP/b.log" && pass || fail "B's log does not say the database is back"
grep -q "lost the connection\|cannot connect" "$TMP/b.log" && pass || fail "B's log does not say the database went away"

kill -TERM $B_PID
wait $B_PID
[ $? -eq 0 ] && pass || fail "B did not stop cleanly"
serve_stop
[ "$SERVE_STATUS" -eq 0 ] && pass || fail "A did not stop cleanly"
finish
