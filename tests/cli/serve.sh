# tolk serve: the tmserver/amaGama routes, tolk's JSON API, writes with a token,
# freshness after edits from outside, metrics and the log, a graceful stop.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/serve_lib.bash"

db="$TMP/memory.db"
tbx="$TMP/termbase.tbx"
cp "$TOLK_SRCDIR/dict/termbase.tbx" "$tbx"
expect_status 0 "$TOLK" tm import --db "$db" "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
head -c 24 /dev/urandom | base64 >"$TMP/token"
chmod 600 "$TMP/token"
token=$(cat "$TMP/token")


serve_start --db "$db" --termbase "$tbx" --token-file "$TMP/token" --threads 4 --allow-origin http://cat.example

get /healthz
expect_code 200 healthz
json_check 'd == {"status": "ok"}' healthz

# ---- tmserver / amaGama: an exact sentence of the letter is 100, as CAT tools expect
nl='De videoteleconferentie stond in het teken van lastenverdeling, afschrikking door en verdediging van het bondgenootschap, en NAVO-missies en -operaties.'
en="The videoconference focused on burden sharing, the Alliance's deterrence and defence, and NATO missions and operations."
q=$(urlencode "$nl")
for prefix in /tmserver /api/v1; do
	for pair in nl/en nl_NL/en_GB nl-NL/en-GB NL/EN; do
		get "$prefix/$pair/unit/$q"
		expect_code 200 "$prefix/$pair"
		json_check "isinstance(d, list) and d[0]['source'] == $(python3 -c 'import json,sys;print(json.dumps(sys.argv[1]))' "$nl") and d[0]['quality'] == 100 and d[0]['rank'] == 1" "$prefix/$pair exact match"
		json_check "d[0]['target'] == $(python3 -c 'import json,sys;print(json.dumps(sys.argv[1]))' "$en")" "$prefix/$pair target"
		json_check "set(d[0]) >= {'source', 'target', 'quality', 'rank'}" "$prefix/$pair keys"
	done
done
# fuzzy: a word left out scores below 100, options bound the answer
q=$(urlencode 'De videoteleconferentie stond in het teken van lastenverdeling, afschrikking en verdediging van het bondgenootschap, en NAVO-missies en -operaties.')
get "/tmserver/nl/en/unit/$q"
json_check 'len(d) == 1 and 90 <= d[0]["quality"] < 100' "fuzzy quality"
get "/tmserver/nl/en/unit/$q?min_similarity=100"
json_check 'd == []' "min_similarity=100"
get "/tmserver/nl/en/unit/$(urlencode 'De Minister van Defensie')?min_similarity=30&max_candidates=2"
json_check 'len(d) <= 2 and all(m["quality"] >= 30 for m in d)' "max_candidates"
get /tmserver/languages/
json_check '"nl" in d["sourceLanguages"] and "en-GB" in d["targetLanguages"]' "languages"
for bad in 'min_similarity=abc' 'min_similarity=29' 'min_similarity=101' 'max_candidates=0' 'max_candidates=99999999999999999999' 'min_similarity=-5'; do
	get "/tmserver/nl/en/unit/x?$bad"
	expect_code 400 "$bad"
	json_check 'set(d) == {"error", "detail"}' "$bad error shape"
done
get "/tmserver/n%20l/en/unit/x"
expect_code 400 "bad language"

# ---- tolk's own routes
get "/api/tm/lookup?q=$(urlencode 'De ministers spraken over alle drie de aspecten van lastenverdeling (cash, capabilities en contributions).')&min=50"
expect_code 200 "tm lookup"
json_check 'd["matches"][0]["score"] < 100 and any(x["op"] == "insert" and "ministers" in x["text"] for x in d["matches"][0]["diff"])' "lookup diff"
get "/api/tm/concordance?q=lastenverdeling"
json_check 'len(d["hits"]) >= 2 and all("lastenverdeling" in h["source"][s:e].lower() for h in d["hits"] for s, e in h["source_spans"])' "concordance spans"
get "/api/term/lookup?q=lastenverdling"
expect_code 200 "term lookup near miss"
json_check 'd["concepts"] == [] and any(t["term"] == "burden sharing" for t in d["suggestions"][0]["terms"])' "near miss shows burden sharing"
get "/api/term/lookup?q=bondgenoten"
json_check 'any(t["term"] == "Ally" for c in d["concepts"] for t in c["terms"])' "inflected term lookup"
post /api/term/recognize '{"text": "De lastenverdeling en de weerbaarheid van de NAVO."}'
json_check '[m["concept"] for m in d["matches"]] == ["lastenverdeling", "weerbaarheid", "navo"]' "recognize"
json_check 'all(m["text"] == "De lastenverdeling en de weerbaarheid van de NAVO."[m["start"]:m["end"]] for m in d["matches"])' "recognize spans"
post /api/spell '{"text": "De weerbaarheit van de bondgenoten."}'
json_check 'd["findings"][0]["word"] == "weerbaarheit" and d["findings"][0]["suggestions"][0] == "weerbaarheid" and d["findings"][0]["column"] == 4' "spell"
post /api/segment '{"text": "Dit is een zin. Dit is er nog een.", "lang": "nl"}'
json_check '[s["text"] for s in d["segments"]] == ["Dit is een zin.", "Dit is er nog een."]' "segment"
post /api/analyze "{\"text\": \"$nl Dit is nieuw.\"}"
json_check 'd["bands"][1]["band"] == "100%" and d["bands"][1]["segments"] == 1 and d["bands"][6]["segments"] == 1' "analyze"

# ---- writes: only with the token, and the next lookup sees them
post /api/tm/units '{"source": "De kazerne gaat dicht.", "target": "The barracks will close."}'
expect_code 401 "write without token"
post /api/tm/units '{"source": "De kazerne gaat dicht.", "target": "The barracks will close."}' -H "Authorization: Bearer ${token}x"
expect_code 401 "write with a wrong token"
post /api/tm/units '{"source": "De kazerne gaat dicht.", "target": "The barracks will close."}' -H "Authorization: Bearer $token"
expect_code 201 "write with the token"
get "/tmserver/nl/en/unit/$(urlencode 'De kazerne gaat dicht.')"
json_check 'd[0]["target"] == "The barracks will close." and d[0]["quality"] == 100' "added unit found"
post /api/term/terms '{"nl": "kazerne", "en": "barracks", "pos": "noun"}' -H "Authorization: Bearer $token"
expect_code 201 "term add"
found=no
for k in $(seq 1 20); do
	get "/api/term/lookup?q=kazerne"
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["concepts"] else 1)' "$TMP/body"; then found=yes; break; fi
	sleep 0.1
done
[ "$found" = yes ] && pass || fail "term added through the API not served within 2 s"
post /api/term/status '{"concept": "lastenverdeling", "lang": "en", "term": "burden-sharing", "status": "deprecated"}' -H "Authorization: Bearer $token"
expect_code 200 "set status"
post /api/term/status '{"concept": "geen-concept", "lang": "en", "term": "x", "status": "deprecated"}' -H "Authorization: Bearer $token"
expect_code 404 "set status of an unknown concept"

# ---- edits from outside: another tolk term add, another tm import, seen within a second
expect_status 0 "$TOLK" term add --termbase "$tbx" --concept wapenbeheersing --nl wapenbeheersing --en "arms control"
# One curl process polls 20 times a second (no process start per poll), so the
# count of answers before the new term shows is the time it took.
urls=()
for k in $(seq 1 60); do urls+=("$(URL '/api/term/lookup?q=wapenbeheersing')"); done
curl -s --rate 20/s -w '\n' "${urls[@]}" >"$TMP/polls"
first=$(grep -n '"concepts":\[{' "$TMP/polls" | head -1 | cut -d: -f1)
if [ -n "$first" ]; then
	echo "term base edit served after about $(( (first - 1) * 50 )) ms"
	[ "$first" -le 21 ] && pass || fail "term base edit served only after about $(( (first - 1) * 50 )) ms"
else
	fail "term base edit not served within 3 s"
fi
cat >"$TMP/new.tmx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="nl-NL" datatype="plaintext"/>
<body><tu><tuv xml:lang="nl-NL"><seg>De oefening in Noorwegen is uitgesteld.</seg></tuv><tuv xml:lang="en-GB"><seg>The exercise in Norway has been postponed.</seg></tuv></tu></body></tmx>
EOF
expect_status 0 "$TOLK" tm import --db "$db" "$TMP/new.tmx"
get "/tmserver/nl/en/unit/$(urlencode 'De oefening in Noorwegen is uitgesteld.')"
json_check 'd and d[0]["quality"] == 100' "import from outside served at once"

# ---- CORS only for the origins named
get /healthz -H 'Origin: http://cat.example' -D "$TMP/headers"
expect_grep '^Access-Control-Allow-Origin: http://cat.example' "$TMP/headers" "CORS for a named origin"
get /healthz -H 'Origin: http://evil.example' -D "$TMP/headers"
expect_no_grep 'Access-Control-Allow-Origin' "$TMP/headers" "no CORS for other origins"

# ---- metrics and the log
get /metrics
expect_code 200 metrics
expect_grep '^tolk_http_requests_total\{route="tmserver_unit",status="200"\} [0-9]+' "$TMP/body" "request counter"
expect_grep '^tolk_http_request_duration_seconds_bucket\{route="tmserver_unit",le="\+Inf"\} [0-9]+' "$TMP/body" "histogram"
expect_grep '^[0-9T:Z-]+ GET /tmserver/nl/en/unit/\.\.\. 200 [0-9.]+ms$' "$TMP/serve.log" "log line"
expect_no_grep 'videoteleconferentie|kazerne gaat' "$TMP/serve.log" "no text in the log"

# ---- graceful stop: a request in flight when SIGTERM arrives is answered
python3 - "$TMP/slow.json" <<'EOF'
import json, random, sys
random.seed(348)
words = ["".join(random.choice("bcdfghklmnprstvwz") + random.choice("aeiou") for _ in range(5)) for _ in range(30)]
json.dump({"text": " ".join(words)}, open(sys.argv[1], "w"))
EOF
curl -s -o "$TMP/slow.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$TMP/slow.json" "$(URL /api/spell)" >"$TMP/slow.code" &
curl_pid=$!
sleep 0.3
serve_stop
wait $curl_pid
[ "$SERVE_STATUS" -eq 0 ] && pass || fail "tolk serve exited $SERVE_STATUS after SIGTERM"
[ "$(cat "$TMP/slow.code")" = 200 ] && pass || fail "request in flight at SIGTERM got $(cat "$TMP/slow.code")"
if grep -n 'finishing requests in flight' "$TMP/serve.log" >/dev/null && [ "$(grep -n 'POST /api/spell 200' "$TMP/serve.log" | tail -1 | cut -d: -f1)" -gt "$(grep -n 'finishing requests' "$TMP/serve.log" | cut -d: -f1)" ]; then
	pass
else
	fail "the slow request was not in flight at SIGTERM (log order)"; tail -5 "$TMP/serve.log" >&2
fi
finish
