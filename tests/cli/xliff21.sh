# XLIFF 2.1 as `tolk analyze --pretranslate --xliff 2` writes it, checked against the constraints
# the XLIFF 2.1 core specification (OASIS Standard, 2018) states, since the OASIS 2.x schemas are not
# among the files the tests may use (../shared/schemas has the 1.2 schema only). xliff.sh checks the
# content (the draft's segments, the matches); this test checks the rules, and that each rule's
# check fails on a file that breaks it.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || skip_test "python3 absent"
cd "$TMP" || exit 1

expect_status 0 "$TOLK" tm import --db memory.db "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
# a second translation of a sentence like one of the letter's, for a translation candidate (mtc:match)
cat >other.tmx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test"
 adminlang="en" srclang="nl-NL" datatype="plaintext"/><body>
<tu><tuv xml:lang="nl-NL"><seg>Ook werd door de Ministers kort stilgestaan bij de situatie in de Oostzee.</seg></tuv>
<tuv xml:lang="en-GB"><seg>Ministers also briefly discussed the situation in the Baltic.</seg></tuv></tu>
</body></tmx>
EOF
expect_status 0 "$TOLK" tm import --db memory.db other.tmx
cat >draft.txt <<'EOF'
Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO-Ministers van Defensie op 24 en 25 oktober 2020.

Ook werd door de Ministers kort stilgestaan bij de situatie in de Noordzee. De kat zat op de mat.

Een zin met & en <teken>.
EOF
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate draft.xlf --xliff 2 --threshold 60 draft.txt
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate letter.xlf --xliff 2 \
	"$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"

cat >rules.py <<'EOF'
"""The XLIFF 2.1 core rules (section numbers of the 2.1 specification) and the translation
candidates module's; prints each broken rule, exit 1 when any is."""
import re, sys, xml.etree.ElementTree as ET
X = '{urn:oasis:names:tc:xliff:document:2.0}'
M = '{urn:oasis:names:tc:xliff:matches:2.0}'
XML = '{http://www.w3.org/XML/1998/namespace}'
INLINE = {X + n for n in ('cp', 'ph', 'pc', 'sc', 'ec', 'mrk', 'sm', 'em')}
NMTOKEN = re.compile(r'[\w.\-:]+\Z')
LANG = re.compile(r'[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\Z')  # BCP 47 (RFC 5646) tag shape
err = []

def check_id(what, v):
    if v is None or not NMTOKEN.match(v):
        err.append('%s: id %r is not an NMTOKEN' % (what, v))

def inline(el, where, ids, opened, closed):
    """Inline content of source/target (4.2.2.x, 4.3.1.x): allowed elements, their required
    attributes, ids unique in the unit, sc/ec pairing."""
    for c in el.iter():
        if c is el:
            continue
        if c.tag not in INLINE:
            err.append('%s: %s is not inline content' % (where, c.tag))
            continue
        name = c.tag[len(X):]
        if name == 'cp':
            if not re.fullmatch(r'[0-9A-Fa-f]{1,6}', c.get('hex', '')):
                err.append('%s: cp without a hex code point' % where)
            continue
        if name == 'ec' and c.get('isolated') != 'yes':
            if c.get('id') is not None and c.get('startRef') is not None:
                err.append('%s: ec with both id and startRef' % where)
            if c.get('startRef') is None:
                err.append('%s: ec without startRef (and not isolated)' % where)
            closed.append(c.get('startRef'))
            continue
        if name == 'em':
            if c.get('startRef') is None:
                err.append('%s: em without startRef' % where)
            continue
        check_id('%s %s' % (where, name), c.get('id'))
        if (name, c.get('id')) in ids:
            err.append('%s: %s id %s twice' % (where, name, c.get('id')))
        ids.add((name, c.get('id')))
        if name == 'sc' and c.get('isolated') != 'yes':
            opened.append(c.get('id'))

root = ET.parse(sys.argv[1]).getroot()
if root.tag != X + 'xliff':
    err.append('root %s, not {urn:oasis:names:tc:xliff:document:2.0}xliff' % root.tag)
if root.get('version') != '2.1':
    err.append('version %r, not 2.1' % root.get('version'))
src_lang, trg_lang = root.get('srcLang'), root.get('trgLang')
if not src_lang or not LANG.match(src_lang):
    err.append('srcLang %r' % src_lang)
if trg_lang is not None and not LANG.match(trg_lang):
    err.append('trgLang %r' % trg_lang)
if any(t is not None for t in root.iter(X + 'target')) and trg_lang is None:
    err.append('targets without trgLang on xliff')
for el in root.iter():
    if el.get(XML + 'space') not in (None, 'default', 'preserve'):
        err.append('xml:space %r' % el.get(XML + 'space'))
    for a in ('translate', 'canResegment'):
        if el.get(a) not in (None, 'yes', 'no'):
            err.append('%s=%r' % (a, el.get(a)))
files = list(root)
if not files:
    err.append('xliff without file')
file_ids = set()
for f in files:
    if f.tag != X + 'file':
        err.append('%s in xliff' % f.tag)
        continue
    check_id('file', f.get('id'))
    if f.get('id') in file_ids:
        err.append('file id %s twice' % f.get('id'))
    file_ids.add(f.get('id'))
    ug_ids = set()  # unit and group ids: unique in the file
    for u in f.iter():
        if u.tag not in (X + 'unit', X + 'group'):
            continue
        check_id(u.tag[len(X):], u.get('id'))
        if u.get('id') in ug_ids:
            err.append('unit/group id %s twice in file %s' % (u.get('id'), f.get('id')))
        ug_ids.add(u.get('id'))
        if u.tag != X + 'unit':
            continue
        kids = list(u)
        seg_pos = [i for i, k in enumerate(kids) if k.tag in (X + 'segment', X + 'ignorable')]
        if not any(k.tag == X + 'segment' for k in kids):
            err.append('unit %s without segment' % u.get('id'))
        # segments and ignorables come last (modules, notes and originalData before them)
        if seg_pos and seg_pos != list(range(seg_pos[0], len(kids))):
            err.append('unit %s: %s after its segments' % (u.get('id'), kids[-1].tag))
        ids, opened, closed, seg_ids = set(), [], [], set()
        for k in kids:
            if k.tag not in (X + 'segment', X + 'ignorable'):
                continue
            kind = k.tag[len(X):]
            if k.get('id') is not None:
                check_id(kind, k.get('id'))
                if k.get('id') in {i for _, i in ids} | seg_ids:
                    err.append('unit %s: %s id %s twice' % (u.get('id'), kind, k.get('id')))
                seg_ids.add(k.get('id'))
            sub = [c.tag for c in k]
            if sub not in ([X + 'source'], [X + 'source', X + 'target']):
                err.append('unit %s: %s holds %s, not source then target' % (u.get('id'), kind, sub))
            state, sub_state = k.get('state'), k.get('subState')
            if kind == 'segment' and state not in (None, 'initial', 'translated', 'reviewed', 'final'):
                err.append('unit %s: state %r' % (u.get('id'), state))
            if sub_state is not None and (state is None or not re.fullmatch(r'[^\s:]+:[^\s]+', sub_state)):
                err.append('unit %s: subState %r with state %r' % (u.get('id'), sub_state, state))
            for c in k:
                lang = src_lang if c.tag == X + 'source' else trg_lang
                if c.get(XML + 'lang') is not None and c.get(XML + 'lang') != lang:
                    err.append('unit %s: %s xml:lang %s, not %s' % (u.get('id'), c.tag[len(X):], c.get(XML + 'lang'), lang))
                inline(c, 'unit %s %s' % (u.get('id'), c.tag[len(X):]), ids, opened, closed)
        for ref in closed:
            if ref not in opened:
                err.append('unit %s: ec startRef %s without its sc' % (u.get('id'), ref))
        for sid in opened:
            if sid not in closed:
                err.append('unit %s: sc %s never ended' % (u.get('id'), sid))
        for m in u.iter(M + 'match'):
            q = m.get('matchQuality')
            if q is not None and not (re.fullmatch(r'\d+(\.\d+)?', q) and 0 <= float(q) <= 100):
                err.append('unit %s: matchQuality %r' % (u.get('id'), q))
            if not m.get('ref', '').startswith('#') or m.get('ref')[1:] not in seg_ids:
                err.append('unit %s: match ref %r is no segment of the unit' % (u.get('id'), m.get('ref')))
for e in err[:20]:
    print('BROKEN', e)
print(len(err), 'rules broken')
sys.exit(1 if err else 0)
EOF

for f in draft.xlf letter.xlf; do
	expect_status 0 python3 rules.py "$f"
	grep -q BROKEN "$TMP/out" && sed 's/^/  /' "$TMP/out" >&2
done
expect_grep 'subState="tolk:fuzzy-match"' draft.xlf "a fuzzy target (so the subState rule is exercised)"
expect_grep '<mtc:match ' draft.xlf "a translation candidate (so the match rules are exercised)"

# Each rule's check fails on a file that breaks it (made from draft.xlf by the edit named).
cat >break.py <<'EOF'
import sys, xml.etree.ElementTree as ET
X = '{urn:oasis:names:tc:xliff:document:2.0}'
XML = '{http://www.w3.org/XML/1998/namespace}'
ET.register_namespace('', X[1:-1])
ET.register_namespace('mtc', 'urn:oasis:names:tc:xliff:matches:2.0')
src, how, out = sys.argv[1:4]
tree = ET.parse(src)
root = tree.getroot()
units = list(root.iter(X + 'unit'))
seg = next(root.iter(X + 'segment'))
if how == 'no-trgLang':
    del root.attrib['trgLang']
elif how == 'version':
    root.set('version', '2.2')
elif how == 'unit-id-twice':
    units[1].set('id', units[0].get('id'))
elif how == 'segment-id-twice':
    ign = ET.SubElement(units[0], X + 'ignorable', {'id': seg.get('id')})
    ET.SubElement(ign, X + 'source').text = ' '
elif how == 'state':
    seg.set('state', 'done')
elif how == 'subState-alone':
    del seg.attrib['state']
elif how == 'source-lang':
    seg.find(X + 'source').set(XML + 'lang', 'en-GB')
elif how == 'target-first':
    s = seg.find(X + 'source'); seg.remove(s); seg.append(s)
elif how == 'pc-without-id':
    ET.SubElement(seg.find(X + 'source'), X + 'pc').text = 'vet'
elif how == 'sc-unended':
    ET.SubElement(seg.find(X + 'source'), X + 'sc', {'id': 'c1'})
elif how == 'foreign-inline':
    ET.SubElement(seg.find(X + 'source'), X + 'b').text = 'vet'
elif how == 'match-ref':
    next(root.iter('{urn:oasis:names:tc:xliff:matches:2.0}match')).set('ref', '#nowhere')
elif how == 'segment-last':
    units[0].append(ET.Element(X + 'notes'))
tree.write(out, xml_declaration=True, encoding='UTF-8')
EOF
# how the file is broken, and the rule that must say so
while IFS='|' read -r how rule; do
	expect_status 0 python3 break.py draft.xlf "$how" "broken-$how.xlf"
	if python3 rules.py "broken-$how.xlf" >"$TMP/why" 2>&1; then
		fail "the rules pass a file with $how"
	elif grep -q "^BROKEN .*$rule" "$TMP/why"; then
		pass
	else
		fail "$how: no BROKEN line about '$rule'"; sed 's/^/  /' "$TMP/why" >&2
	fi
done <<'EOF'
no-trgLang|targets without trgLang
version|not 2.1
unit-id-twice|unit/group id u1 twice
segment-id-twice|ignorable id s1 twice
state|state 'done'
subState-alone|subState 'tolk:fuzzy-match' with state None
source-lang|source xml:lang en-GB, not nl-NL
target-first|not source then target
pc-without-id|pc: id None is not an NMTOKEN
sc-unended|sc c1 never ended
foreign-inline|b is not inline content
match-ref|match ref '#nowhere' is no segment
segment-last|notes after its segments
EOF
finish
