# XLIFF for the CAT tool: analyze --pretranslate writes XLIFF 1.2 (valid against the OASIS
# strict schema, read by translate-toolkit) and 2.1 (structural checks below); tm import reads
# translated XLIFF back. Expected values come from the letter's TMX (parsed here by Python's
# own XML parser) and from the draft's segments as `tolk segment` gives them, never from the
# XLIFF the writer produced.
. "$(dirname "$0")/lib.bash"

XSD="$TOLK_SRCDIR/tests/data/schemas/xliff-core-1.2-strict.xsd"
LETTER_NL="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
LETTER_TMX="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
command -v xmllint >/dev/null || skip_test "xmllint absent (libxml2-utils)"
"$PY" -c 'import translate.storage.xliff' 2>/dev/null || skip_test "translate-toolkit (python3-translate) absent"
cd "$TMP" || exit 1

expect_status 0 "$TOLK" tm import --db memory.db "$LETTER_TMX"
# a second translation of a sentence like one of the letter's: an alternative for the fuzzy draft
cat >extra.tmx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test"
 adminlang="en" srclang="nl-NL" datatype="plaintext"/><body>
<tu><tuv xml:lang="nl-NL"><seg>Ook werd door de Ministers kort stilgestaan bij de situatie in de Oostzee.</seg></tuv>
<tuv xml:lang="en-GB"><seg>Ministers also briefly discussed the situation in the Baltic.</seg></tuv></tu>
</body></tmx>
EOF
expect_status 0 "$TOLK" tm import --db memory.db extra.tmx
expect_status 0 "$TOLK" segment --format jsonl "$LETTER_NL"
cp out segments.jsonl

# A draft with fuzzy matches: three of the letter's sentences with a word changed, one new sentence.
cat >fuzzy.txt <<'EOF'
Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO-Ministers van Defensie op 24 en 25 oktober 2020.

Ook werd door de Ministers kort stilgestaan bij de situatie in de Noordzee.

De kat zat op de mat en keek naar de regen.
EOF

# ---- XLIFF 1.2 -------------------------------------------------------------------------
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate letter.xlf "$LETTER_NL"
expect_status 0 xmllint --noout --nonet --schema "$XSD" letter.xlf
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate fuzzy.xlf --threshold 60 fuzzy.txt
expect_status 0 xmllint --noout --nonet --schema "$XSD" fuzzy.xlf
# the schema check can fail: a trans-unit without its id
sed '0,/<trans-unit id="[^"]*"/s//<trans-unit/' letter.xlf >broken.xlf
if xmllint --noout --nonet --schema "$XSD" broken.xlf 2>/dev/null; then fail "a trans-unit without id passed"; else pass; fi

# translate-toolkit reads it: one unit per segment of the draft, in order, each 100 % target the
# TMX's translation of that sentence, marked translated.
cat >check12.py <<'EOF'
import json, sys, xml.etree.ElementTree as ET
from translate.storage import xliff
tmx, segs, xlf = sys.argv[1:4]
tm = {}
for tu in ET.parse(tmx).getroot().iter('tu'):
    v = {t.get('{http://www.w3.org/XML/1998/namespace}lang')[:2].lower(): ''.join(t.find('seg').itertext()) for t in tu.iter('tuv')}
    tm[' '.join(v['nl'].split())] = ' '.join(v['en'].split())
want = [json.loads(l)['text'] for l in open(segs, encoding='utf-8')]
store = xliff.xlifffile.parsefile(xlf)
units = [u for u in store.units if not u.isheader()]
errors = []
if len(units) != len(want):
    errors.append('units %d, segments %d' % (len(units), len(want)))
for k, (u, w) in enumerate(zip(units, want)):
    if u.source != w:
        errors.append('unit %d source %r, segment %r' % (k + 1, u.source, w))
    if w in tm:
        if u.target != tm[w]:
            errors.append('unit %d target %r, TMX %r' % (k + 1, u.target, tm[w]))
        st = u.xmlelement.find('{urn:oasis:names:tc:xliff:document:1.2}target').get('state')
        if st != 'translated' or u.get_state_n() != u.S_TRANSLATED:
            errors.append('unit %d: a 100%% match in state %r' % (k + 1, st))
    elif u.target and u.get_state_n() != u.S_NEEDS_REVIEW:
        errors.append('unit %d: a fuzzy match marked translated' % (k + 1))
print(len(units), 'units,', sum(1 for w in want if w in tm), 'exact')
for e in errors[:10]:
    print('ERROR', e)
sys.exit(1 if errors else 0)
EOF
expect_status 0 "$PY" check12.py "$LETTER_TMX" segments.jsonl letter.xlf
grep -q ERROR out && sed 's/^/  /' out >&2
expect_grep '^70 units, 6[0-9] exact' out "translate-toolkit's reading of letter.xlf"
# xliff2po reads it too, with the TMX's translation of the first sentence
expect_status 0 xliff2po letter.xlf letter.po
expect_grep '^msgstr "No. 348 LETTER FROM THE MINISTER OF DEFENCE"' letter.po

# The fuzzy draft: the changed sentences get their letter sentence as target to review; the
# Noordzee sentence matches the letter's and extra.tmx's sentence alike (one word changed), so
# one is the target and the other an alt-trans; the new sentence has no target.
cat >checkfuzzy.py <<'EOF'
import sys
from translate.storage import xliff
NS = '{urn:oasis:names:tc:xliff:document:1.2}'
units = [u for u in xliff.xlifffile.parsefile(sys.argv[1]).units if not u.isheader()]
for u in units:
    t = u.xmlelement.find(NS + 'target')
    alts = u.xmlelement.findall(NS + 'alt-trans')
    print('%s|%s|%s|%s' % (t.get('state') if t is not None else 'none', t.get('state-qualifier') if t is not None else '',
                          u.target or '', ','.join(a.get('match-quality') for a in alts)))
EOF
expect_status 0 "$PY" checkfuzzy.py fuzzy.xlf
cp out fuzzy.states
expect_lines 3 fuzzy.states
expect_grep '^needs-review-translation\|fuzzy-match\|I hereby send you the report of the meeting of NATO Defence Ministers held on 22 and 23 October 2020\.\|' fuzzy.states
expect_grep '^needs-review-translation\|fuzzy-match\|Ministers also briefly discussed the situation in the (Mediterranean|Baltic)\.\|[5-9][0-9]$' fuzzy.states
expect_grep '^none\|\|\|$' fuzzy.states "the sentence the memory does not know"
expect_grep '<alt-trans match-quality="[5-9][0-9]" origin="memory.db">' fuzzy.xlf

# ---- XLIFF 2.1 --------------------------------------------------------------------------
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate letter2.xlf --xliff 2 "$LETTER_NL"
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate fuzzy2.xliff --xliff 2 --threshold 60 fuzzy.txt
cat >check2.py <<'EOF'
# Structure of XLIFF 2.1 core and the translation candidates module, as the 2.1 specification
# states it: root, file, unit with at least one segment, ids unique per scope, state values,
# mtc:match ref pointing at a segment of its unit, matchQuality a decimal 0-100; plus the
# draft's segments in order, paragraphs as units.
import json, re, sys, xml.etree.ElementTree as ET
X = '{urn:oasis:names:tc:xliff:document:2.0}'
M = '{urn:oasis:names:tc:xliff:matches:2.0}'
xlf, segs = sys.argv[1:3]
want = [json.loads(l) for l in open(segs, encoding='utf-8')]
err = []
root = ET.parse(xlf).getroot()
if root.tag != X + 'xliff' or root.get('version') != '2.1':
    err.append('root %s version %s' % (root.tag, root.get('version')))
if root.get('srcLang') != 'nl-NL' or root.get('trgLang') != 'en-GB':
    err.append('languages %s %s' % (root.get('srcLang'), root.get('trgLang')))
files = list(root)
if not files or any(f.tag != X + 'file' or not f.get('id') for f in files):
    err.append('xliff must hold file elements with ids')
got, paras, matches = [], [], 0
for f in files:
    uids = set()
    for unit in f:
        if unit.tag != X + 'unit' or not unit.get('id') or unit.get('id') in uids:
            err.append('bad or duplicate unit %s' % unit.get('id')); continue
        uids.add(unit.get('id'))
        kids = list(unit)
        names = [k.tag for k in kids]
        segids = {k.get('id') for k in kids if k.tag == X + 'segment'}
        if not segids:
            err.append('unit %s without segment' % unit.get('id'))
        # module elements come before segments
        if M + 'matches' in names and names.index(M + 'matches') > min(i for i, n in enumerate(names) if n in (X + 'segment', X + 'ignorable')):
            err.append('mtc:matches after a segment in unit %s' % unit.get('id'))
        for k in kids:
            if k.tag == M + 'matches':
                for m in k:
                    matches += 1
                    q = float(m.get('matchQuality'))
                    if m.tag != M + 'match' or not m.get('ref', '').startswith('#') or m.get('ref')[1:] not in segids or not 0 <= q <= 100:
                        err.append('bad match %s' % m.attrib)
                    if [c.tag for c in m] != [X + 'source', X + 'target']:
                        err.append('match content %s' % [c.tag for c in m])
            elif k.tag == X + 'segment':
                if k.get('state', 'initial') not in ('initial', 'translated', 'reviewed', 'final'):
                    err.append('state %s' % k.get('state'))
                sub = [c.tag for c in k]
                if sub not in ([X + 'source'], [X + 'source', X + 'target']):
                    err.append('segment content %s' % sub)
                if k.get('state') != 'initial' and len(sub) != 2:
                    err.append('segment %s: state %s without target' % (k.get('id'), k.get('state')))
                got.append(k.find(X + 'source').text or '')
                paras.append(unit.get('id'))
            elif k.tag == X + 'ignorable':
                if [c.tag for c in k] != [X + 'source']:
                    err.append('ignorable content')
            else:
                err.append('unexpected %s in unit' % k.tag)
if got != [w['text'] for w in want]:
    err.append('segments differ from the draft (%d vs %d)' % (len(got), len(want)))
# same paragraph <=> same unit
for a in range(1, min(len(paras), len(want))):
    if (paras[a] == paras[a - 1]) != (want[a]['paragraph'] == want[a - 1]['paragraph']):
        err.append('segment %d: paragraph and unit disagree' % (a + 1))
print(len(got), 'segments', matches, 'matches')
for e in err[:10]:
    print('ERROR', e)
sys.exit(1 if err else 0)
EOF
expect_status 0 "$PY" check2.py letter2.xlf segments.jsonl
grep -q ERROR out && sed 's/^/  /' out >&2
expect_status 0 "$TOLK" segment --format jsonl fuzzy.txt
cp out fuzzysegs.jsonl
expect_status 0 "$PY" check2.py fuzzy2.xliff fuzzysegs.jsonl
expect_grep '^3 segments [1-9]' out "the alternative as mtc:match"
grep -q ERROR out && sed 's/^/  /' out >&2
# the checks can fail: a segment moved behind the candidates' unit end
sed '0,/state="translated"/s//state="done"/' letter2.xlf >broken2.xlf
expect_status 1 "$PY" check2.py broken2.xlf segments.jsonl

# ---- reading: the round trip of the letter -------------------------------------------------
# Mark every target final, as a translator's tool does on confirming, and import into a fresh
# memory: every lookup of a sentence gives back the TMX's translation.
sed 's/state="translated"/state="final"/; s/state="needs-review-translation"/state="final"/' letter.xlf >final.xlf
expect_status 0 "$TOLK" tm import --db fresh.db final.xlf
expect_grep 'units read: 6[0-9], added: 6[0-9]' out
expect_status 0 "$PY" "$TOLK_SRCDIR/tests/cli/xliff_roundtrip.py" "$TOLK" fresh.db "$LETTER_TMX"
# the same file again: every unit a duplicate, merged
expect_status 0 "$TOLK" tm import --db fresh.db final.xlf
expect_grep 'units read: (6[0-9]), added: 0, merged into existing units: 6[0-9];' out
# XLIFF 2.1, marked final the same way
sed 's/state="translated"/state="final"/' letter2.xlf >final2.xlf
expect_status 0 "$TOLK" tm import --db fresh2.db final2.xlf
expect_status 0 "$PY" "$TOLK_SRCDIR/tests/cli/xliff_roundtrip.py" "$TOLK" fresh2.db "$LETTER_TMX"

# ---- reading: states, inline codes, format by content ----------------------------------------
cat >states.txt <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="x" source-language="nl" target-language="en" datatype="plaintext"><body>
  <trans-unit id="a"><source>een</source><target state="translated">one</target></trans-unit>
  <trans-unit id="b"><source>twee</source><target state="final">two</target></trans-unit>
  <trans-unit id="c"><source>drie</source><target state="signed-off">three</target></trans-unit>
  <trans-unit id="d" approved="yes"><source>vier</source><target>four</target></trans-unit>
  <trans-unit id="e"><source>vijf</source><target state="needs-review-translation">five</target></trans-unit>
  <trans-unit id="f"><source>zes</source><target state="new">six</target></trans-unit>
  <trans-unit id="g"><source>zeven</source><target>seven</target></trans-unit>
  <trans-unit id="h"><source>acht</source></trans-unit>
  <group><trans-unit id="i"><source>De <g id="1">vette</g> tekst<x id="2"/> met <bx id="3" rid="r"/>code<ex id="4" rid="r"/> en <ph id="5">&lt;br/&gt;</ph>.</source>
   <target state="final">The <g id="1">bold</g> text<x id="2"/> with <bx id="3" rid="r"/>code<ex id="4" rid="r"/> and <ph id="5">&lt;br/&gt;</ph>.</target></trans-unit></group>
 </body></file>
</xliff>
EOF
# a .txt name: the root element says XLIFF
expect_status 0 "$TOLK" tm import --db states.db states.txt
expect_grep 'units read: 5, added: 5, merged into existing units: 0; not confirmed \(left out; --all-states takes them\): 3, without a translation: 1' out
expect_status 0 "$TOLK" tm import --db all.db --all-states states.txt
expect_grep 'units read: 8, added: 8, merged into existing units: 0; not confirmed \(left out; --all-states takes them\): 0, without a translation: 1' out
expect_status 0 "$TOLK" tm export --db states.db -o states.tmx
for w in one two three four; do expect_grep ">$w</seg>" states.tmx; done
for w in five six seven; do expect_no_grep ">$w</seg>" states.tmx; done
# the codes as TMX codes, the text kept
expect_grep '<seg>The <bpt i="[0-9]+"/?>(</bpt>)?bold<ept i="[0-9]+"/?>(</ept>)?' states.tmx "g as bpt/ept"
expect_grep 'text<ph ?/?>(</ph>)? with <bpt i="[0-9]+"/?>(</bpt>)?code<ept' states.tmx "x as ph, bx/ex as bpt/ept"
expect_grep 'and <ph>&lt;br/&gt;</ph>\.</seg>' states.tmx "ph's native code"
expect_status 0 xmllint --noout --dtdvalid "$TMX_DTD" states.tmx
expect_status 0 "$TOLK" tm lookup --db states.db --format jsonl --min 100 "De vette tekst met code en ."
expect_grep '"target":"The bold text with code and \."' out "the codes' text kept, native code left out"

cat >inline2.xlf <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="en">
 <file id="f">
  <unit id="u1">
   <segment id="s1" state="reviewed"><source>Klik <pc id="1">hier</pc><ph id="2"/> of <sc id="3"/>daar<ec startRef="3"/>.</source>
    <target>Click <pc id="1">here</pc><ph id="2"/> or <sc id="3"/>there<ec startRef="3"/>.</target></segment>
   <segment id="s2"><source>Nog niet</source><target>Not yet</target></segment>
   <segment id="s3" state="final"><source>Open <sc id="9" isolated="yes"/>einde<cp hex="0001"/> <mrk id="m" translate="no">NAVO</mrk></source><target>Open <sc id="9" isolated="yes"/>end<cp hex="0001"/> <mrk id="m" translate="no">NATO</mrk></target></segment>
  </unit>
 </file>
</xliff>
EOF
expect_status 0 "$TOLK" tm import --db inline2.db inline2.xlf
expect_grep 'XLIFF 2, units read: 2, added: 2, merged into existing units: 0; not confirmed \(left out; --all-states takes them\): 1' out
expect_status 0 "$TOLK" tm export --db inline2.db -o inline2.tmx
expect_grep '<seg>Click <bpt i="[0-9]+"/?>(</bpt>)?here<ept i="[0-9]+"/?>(</ept>)?<ph ?/?>(</ph>)? or <bpt' inline2.tmx "pc as bpt/ept, ph, sc/ec"
expect_grep '<seg>Open <it pos="begin"/?>(</it>)?end NATO</seg>' inline2.tmx "isolated sc as it, cp of a control left out, mrk read through"
expect_status 0 xmllint --noout --dtdvalid "$TMX_DTD" inline2.tmx

# ---- errors (into a memory that exists: no "created" line) -----------------------------------------
cp states.db bad.db
printf '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file source-language="nl"><body>\n<trans-unit id="1"><source>a</tran-unit>\n' >bad.xlf
expect_status 2 "$TOLK" tm import --db bad.db bad.xlf
expect_grep '^tolk: bad\.xlf:4:[0-9]+: malformed XML' err
expect_lines 1 err
printf '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaa">]>\n<xliff version="1.2"/>\n' >entity.xlf
expect_status 2 "$TOLK" tm import --db bad.db entity.xlf
expect_grep '^tolk: entity\.xlf:2:[0-9]+: .*entities' err
printf '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n <file source-language="nl" target-language="en" datatype="x" original="x"><body>\n  <trans-unit id="1"><target state="final">x</target></trans-unit>\n</body></file></xliff>\n' >nosource.xlf
expect_status 2 "$TOLK" tm import --db bad.db nosource.xlf
expect_grep '^tolk: nosource\.xlf:3:3: <trans-unit> without <source>' err
printf '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0" srcLang="nl"/>\n' >v3.xlf
expect_status 2 "$TOLK" tm import --db bad.db v3.xlf
expect_grep 'v3\.xlf:1:1: .*version' err
# bytes that are not in the declared encoding: one message, the encoder's
printf '<?xml version="1.0" encoding="EUC-JP"?>\n<xliff version="1.2">\xff\xff\xff\xff</xliff>\n' >eucjp.xlf
expect_status 2 "$TOLK" tm import --db bad.db eucjp.xlf
expect_grep '^tolk: eucjp\.xlf:2:[0-9]+: not in the encoding its declaration names: .*0xFF 0xFF' err
expect_lines 1 err
# a failed run leaves no file behind, and an earlier file as it was
echo keep >kept.xlf
expect_status 2 "$TOLK" analyze --db memory.db --pretranslate kept.xlf --xliff 3 "$LETTER_NL"
expect_grep '^keep$' kept.xlf
expect_status 2 "$TOLK" analyze --db memory.db --pretranslate nodir/out.xlf "$LETTER_NL"
expect_status 2 "$TOLK" analyze --db memory.db --xliff 2 "$LETTER_NL"
ls ./*.tmp.* 2>/dev/null && fail "temporary files left" || pass
# ---- hostile and other encodings ------------------------------------------------------------------
# an external DTD is never loaded: its default state="final" would confirm the unit
printf '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "%s/secret.dtd">\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="nl" target-language="en" datatype="plaintext"><body><trans-unit id="1"><source>extern</source><target>external</target></trans-unit></body></file></xliff>\n' "$TMP" >xxe.xlf
printf '<!ATTLIST target state CDATA "final">\n' >secret.dtd
expect_status 0 "$TOLK" tm import --db hostile.db xxe.xlf
expect_grep 'units read: 0, added: 0, merged into existing units: 0; not confirmed \(left out; --all-states takes them\): 1' out
# UTF-16 with a byte-order mark, Latin-1 as declared: known as XLIFF and read
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="nl" target-language="en" datatype="plaintext"><body><trans-unit id="1"><source>caf\xe9</source><target state="final">caf\xe9 au lait</target></trans-unit></body></file></xliff>\n' >latin1.xlf
sed 's/ISO-8859-1/UTF-16/' latin1.xlf | iconv -f latin1 -t utf-16 >utf16.xlf
expect_status 0 "$TOLK" tm import --db enc.db latin1.xlf utf16.xlf
expect_grep '^latin1\.xlf: XLIFF 1\.2, units read: 1, added: 1' out
expect_grep '^utf16\.xlf: XLIFF 1\.2, units read: 1, added: 0, merged into existing units: 1' out
expect_status 0 "$TOLK" tm lookup --db enc.db --format jsonl --min 100 "café"
expect_grep '"target":"café au lait"' out
# a paragraph segmented by its tool (seg-source, mrk mtype="seg"): a unit per segment
cat >segsrc.xlf <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="p" source-language="nl-NL" target-language="en-GB" datatype="plaintext"><body>
<trans-unit id="1" approved="yes"><source>Een zin. Nog een zin.</source>
<seg-source><mrk mtype="seg" mid="1">Een zin.</mrk> <mrk mtype="seg" mid="2">Nog een zin.</mrk></seg-source>
<target><mrk mtype="seg" mid="1">A sentence.</mrk> <mrk mtype="seg" mid="2">Another sentence.</mrk></target></trans-unit>
</body></file></xliff>
EOF
expect_status 0 xmllint --noout --nonet --schema "$XSD" segsrc.xlf
expect_status 0 "$TOLK" tm import --db segsrc.db segsrc.xlf
expect_grep 'units read: 2, added: 2' out
expect_status 0 "$TOLK" tm lookup --db segsrc.db --format jsonl --min 100 "Nog een zin."
expect_grep '"target":"Another sentence\."' out
finish
