# tolk serve under concurrent use: lookups in parallel while another process imports
# into the memory and rewrites the term base; every answer is whole and right.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/serve_lib.bash"

db="$TMP/memory.db"
tbx="$TMP/termbase.tbx"
cp "$TOLK_SRCDIR/dict/termbase.tbx" "$tbx"
expect_status 0 "$TOLK" tm import --db "$db" "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
serve_start --db "$db" --termbase "$tbx" --threads 4

# A TMX of 3,000 new units for an import that runs while the lookups go on.
python3 - "$TMP/more.tmx" <<'EOF'
import sys
from xml.sax.saxutils import escape
tus = []
for i in range(3000):
    nl = "Eenheid %d van de oefening in het noorden is verplaatst naar kazerne %d." % (i, i % 97)
    en = "Unit %d of the exercise in the north has been moved to barracks %d." % (i, i % 97)
    tus.append('<tu><tuv xml:lang="nl-NL"><seg>%s</seg></tuv><tuv xml:lang="en-GB"><seg>%s</seg></tuv></tu>' % (escape(nl), escape(en)))
open(sys.argv[1], "w").write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
    'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl-NL" datatype="plaintext"/><body>\n'
    + "\n".join(tus) + "\n</body></tmx>\n")
EOF

exact=$(urlencode 'Den Haag, 6 november 2020')
# 4 clients, 50 requests each: an exact lookup (must always be the same 100 % match)
# and a term lookup (must always be a whole concept with both languages).
client() {
	local k
	for k in $(seq 1 25); do
		curl -s "$(URL "/tmserver/nl/en/unit/$exact")" -w '\n%{http_code}\n'
		curl -s "$(URL '/api/term/lookup?q=lastenverdeling')" -w '\n%{http_code}\n'
	done >"$TMP/client.$1"
}
clients=()
for c in 1 2 3 4; do client $c & clients+=($!); done
# meanwhile: an import into the memory and ten rewrites of the term base
"$TOLK" tm import --db "$db" --batch 500 "$TMP/more.tmx" >"$TMP/import.out" 2>&1 || fail "import beside the server"
for k in $(seq 1 10); do
	"$TOLK" term add --termbase "$tbx" --concept "extra$k" --nl "extraterm$k" --en "extra term $k" >/dev/null 2>&1 || fail "term add $k"
done
wait "${clients[@]}"  # not the server, which runs in the background too
python3 - "$TMP"/client.* <<'EOF' && pass || fail "a concurrent answer was wrong or incomplete"
import json, sys
bad = 0
n = 0
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    for body, code in zip(lines[0::2], lines[1::2]):
        n += 1
        if code != "200":
            print("HTTP", code, body[:200]); bad += 1; continue
        d = json.loads(body)
        if isinstance(d, list):
            ok = d and d[0]["quality"] == 100 and d[0]["target"] == "The Hague, 6 November 2020"
        else:
            c = d["concepts"][0] if d["concepts"] else None
            ok = c and c["id"] == "lastenverdeling" and {t["lang"] for t in c["terms"]} == {"nl", "en"}
        if not ok:
            print("wrong:", body[:200]); bad += 1
print("%d concurrent answers, %d wrong" % (n, bad))
sys.exit(1 if bad or n != 200 else 0)
EOF
# after the edits: the last term and the imported units are served
get "/api/term/lookup?q=extraterm10"
for k in $(seq 1 20); do
	grep -q '"concepts":\[{' "$TMP/body" && break
	sleep 0.1
	get "/api/term/lookup?q=extraterm10"
done
expect_grep '"id":"extra10"' "$TMP/body" "last term-base edit served"
get "/tmserver/nl/en/unit/$(urlencode 'Eenheid 2999 van de oefening in het noorden is verplaatst naar kazerne 89.')"
json_check 'd[0]["quality"] == 100' "imported unit served"
serve_stop
[ "$SERVE_STATUS" -eq 0 ] && pass || fail "exit status $SERVE_STATUS"
expect_grep 'term base reloaded' "$TMP/serve.log" "reload logged"
finish
