# tolk serve on a network: every kind of bad request gets a JSON error with the
# right status, slow and idle clients cannot hold the server, and it still serves.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/serve_lib.bash"

db="$TMP/memory.db"
expect_status 0 "$TOLK" tm import --db "$db" "$TOLK_SRCDIR/tests/data/tm/letter-sample.tmx"
serve_start --db "$db" --termbase "$TOLK_SRCDIR/dict/termbase.tbx" --threads 2 --timeout 1 --max-body 4096

still_serving() { # after each attack the server answers a normal request
	get /healthz
	if [ "$CODE" = 200 ]; then pass; else fail "not serving after $1 (HTTP $CODE)"; fi
}
error_json() { # the body is {error, detail}, never HTML
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if set(d) == {"error","detail"} else 1)' "$TMP/body" 2>/dev/null; then pass; else fail "$1: body is not {error, detail}: $(head -c 200 "$TMP/body")"; fi
}

# ---- URLs: escapes, NUL, bytes that are not UTF-8, length, traversal
for path in '/tmserver/nl/en/unit/%zz' '/tmserver/nl/en/unit/abc%' '/tmserver/nl/en/unit/a%00b' \
	'/tmserver/nl/en/unit/%ff%fe' '/tmserver/nl/en/unit/%c3%28' '/api/tm/lookup?q=%ed%a0%80' '/api/tm/lookup?q=a%00'; do
	get "$path"
	expect_code 400 "$path"
	error_json "$path"
done
get '/tmserver/nl/en/unit/'
expect_code 400 "empty text"
long=$(head -c 9000 /dev/zero | tr '\0' a)
get "/tmserver/nl/en/unit/$long"
expect_code 414 "9 KB URL"
error_json "9 KB URL"
huge=$(head -c 40000 /dev/zero | tr '\0' a)
get "/tmserver/nl/en/unit/$huge"
case "$CODE" in 414|431|400) pass ;; *) fail "40 KB URL: HTTP $CODE" ;; esac
still_serving "a 40 KB URL"
get /healthz -H "X-Big: $huge"
case "$CODE" in 431|400|413) pass ;; *) fail "40 KB header: HTTP $CODE" ;; esac
still_serving "a 40 KB header"
for path in '/../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/api/../healthz' '/web/../../etc/passwd'; do
	get "$path" --path-as-is
	expect_code 404 "$path"
	expect_no_grep 'root:' "$TMP/body" "$path"
done

# ---- numbers
for q in 'max_candidates=4294967297' 'max_candidates=-1' 'max_candidates=1e3' 'max_candidates=%201' 'min_similarity=70.5' 'min_similarity='; do
	get "/api/v1/nl/en/unit/Den%20Haag?$q"
	expect_code 400 "$q"
	error_json "$q"
done
get "/api/tm/lookup?q=x&max=101"
expect_code 400 "max=101"

# ---- bodies: size, type, JSON
post /api/spell "{\"text\": \"$(head -c 5000 /dev/zero | tr '\0' a)\"}"
expect_code 413 "body over --max-body"
error_json "body over --max-body"
CODE=$(head -c 6000 /dev/zero | tr '\0' a | curl -s -o "$TMP/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	-H 'Transfer-Encoding: chunked' --data-binary @- "$(URL /api/spell)")
expect_code 413 "chunked body over --max-body"
CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' -X POST -H 'Content-Type: text/plain' --data 'x' "$(URL /api/spell)")
expect_code 415 "text/plain body"
error_json "text/plain body"
for body in '{"text": ' '[1,2]' '"text"' '{"text": 5}' '{"text": "a\u0000b"}' '{"text": "a", "text": "b"}' '{}' \
	"$(printf '{"text": "\xff"}')"; do
	post /api/spell "$body"
	expect_code 400 "body $body"
	error_json "body $body"
done
post /api/term/recognize '{"text": "x", "lang": "fr"}'
expect_code 400 "unknown language"
post /api/segment '{"text": "x", "lang": "xx"}'
expect_code 400 "unknown segmenter language"

# ---- routes and methods
get /nothing-here
expect_code 404 "unknown route"
error_json "unknown route"
get /healthz -X DELETE -D "$TMP/headers"
expect_code 405 "DELETE"
expect_grep '^Allow: GET' "$TMP/headers" "Allow header"
get /api/spell
expect_code 405 "GET on a POST route"

# ---- slow and idle clients: each is cut after --timeout, and others are served meanwhile
exec 3<>/dev/tcp/127.0.0.1/"$SERVE_PORT"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n' >&3   # never finishes its headers
idle=()
for k in $(seq 1 20); do
	exec {fd}<>/dev/tcp/127.0.0.1/"$SERVE_PORT"
	idle+=("$fd")
done
t0=$(date +%s%N)
get /healthz
t1=$(date +%s%N)
expect_code 200 "served beside a slow client and 20 idle connections"
[ $(( (t1 - t0) / 1000000 )) -lt 1000 ] && pass || fail "answer took $(( (t1 - t0) / 1000000 )) ms beside idle clients"
# the slow client is closed by the server within a few seconds (read gets EOF)
if timeout 5 cat <&3 >/dev/null; then pass; else fail "slow client not cut within 5 s"; fi
exec 3<&-
for fd in "${idle[@]}"; do exec {fd}<&-; done
still_serving "slow and idle clients"

# ---- no file path from a request: the memory and term base paths are the server's own
get "/api/tm/lookup?q=x&db=/etc/passwd"
expect_no_grep 'root:' "$TMP/body" "db parameter ignored"
serve_stop
[ "$SERVE_STATUS" -eq 0 ] && pass || fail "exit status $SERVE_STATUS"
expect_no_grep 'AddressSanitizer|runtime error' "$TMP/serve.log" "sanitizers"
finish
