"""Every unit of the letter's TMX looked up exactly in a memory made from translated XLIFF: its
translation must come back (used by xliff.sh and xliff_pg.sh; the TMX is parsed here by Python's
own XML parser, not by tolk).

usage: xliff_roundtrip.py TOLK DB TMX"""
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
