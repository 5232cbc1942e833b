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
cat >roundtrip.py <<'PYEOF'
import json, subprocess, sys, xml.etree.ElementTree as ET
tolk, db, tmx = sys.argv[1:4]
bad = n = 0
for tu in ET.parse(tmx).getroot().iter('tu'):
    v = {t.get('{http://www.w3.org/XML/1998/namespace}lang')[:2].lower(): ' '.join(''.join(t.find('seg').itertext()).split()) for t in tu.iter('tuv')}
    out = subprocess.run([tolk, 'tm', 'lookup', '--db', db, '--format', 'jsonl', '--min', '100', v['nl']], capture_output=True, text=True)
    m = json.loads(out.stdout)['matches']
    if m:
        n += 1
        if m[0]['target'] != v['en']:
            bad += 1
            print('ERROR', v['nl'], m[0]['target'])
print(n, 'found', bad, 'wrong')
sys.exit(1 if bad or n < 60 else 0)
PYEOF
expect_status 0 "$PY" roundtrip.py "$TOLK" "$PG_URI" "$LETTER_TMX"
expect_status 0 "$TOLK" tm import --db "$PG_URI" final.xlf
expect_grep 'units read: (6[0-9]), added: 0, merged into existing units: 6[0-9];' out
finish
