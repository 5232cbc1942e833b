# A document's inline formatting in the TMX of `tolk align` (issue 16): a Dutch and an English DOCX
# (tests/docgen.py) with bold, italic, underlined and superscript words give segs whose bpt/ept pairs
# sit around exactly the words the generator formatted, balanced in every seg (a bold run across a
# sentence boundary is closed and opened again), valid against the TMX DTD (and tmx14.xsd when
# ../shared has it); the same documents as ODT and HTML give the same TMX; the text is the same as
# from the plain text of the same documents; a memory keeps the codes through import and export, and
# keeps a unit apart from its twin without codes.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || skip_test "python3 absent"
command -v xmllint >/dev/null || skip_test "xmllint absent (libxml2-utils)"
cd "$TMP" || exit 1
export SOURCE_DATE_EPOCH=1604620800

# The formatted words are the expectation: **bold** //italic// __underline__ ^^superscript^^.
expect_status 0 python3 - "$TOLK_SRCDIR/tests" <<'PY'
import re, sys
sys.path.insert(0, sys.argv[1])
import docgen
sides = {
    'nl': [('title', 'Brief over de **begroting**'),
           ('p', 'De minister stuurt de Kamer een **brief** over de begroting. De //Tweede Kamer// leest hem '
                 '**morgen. Daarna** volgt een debat.'),
           ('p', 'Het kabinet wil __meer__ geld voor defensie, en E = mc^^2^^.')],
    'en': [('title', 'Letter on the **budget**'),
           ('p', 'The minister sends the House a **letter** on the budget. The //House of Representatives// reads it '
                 '**tomorrow. Then** a debate follows.'),
           ('p', 'The cabinet wants __more__ money for defence, and E = mc^^2^^.')],
}
TAGS = {'**': 'b', '//': 'i', '__': 'u', '^^': 'sup'}
def html_of(text):
    out, on = [], set()
    for part in re.split(r'(\*\*|//|__|\^\^)', text):
        if part in TAGS:
            out.append(('</%s>' if part in on else '<%s>') % TAGS[part])
            on ^= {part}
        else:
            out.append(part.replace('&', '&amp;').replace('<', '&lt;'))
    return ''.join(out)
for lang, blocks in sides.items():
    d = docgen.Doc(lang)
    d.blocks = blocks
    docgen.write_docx(lang + '.docx', d)
    docgen.write_odt(lang + '.odt', d)
    with open(lang + '.html', 'w', encoding='utf-8') as f:
        f.write('<!DOCTYPE html><html lang="%s"><body>%s</body></html>' % (lang, ''.join(
            '<{0}>{1}</{0}>'.format('h1' if b[0] == 'title' else 'p', html_of(b[-1])) for b in blocks)))
    with open(lang + '.txt', 'w', encoding='utf-8') as f:  # the same text, unformatted
        for b in blocks:
            f.write(docgen.TOKEN.sub(lambda m: '' if m.group(0) in ('**', '//', '__', '^^') else m.group(0), b[-1]) + '\n\n')
PY
expect_status 0 "$TOLK" align -o doc.tmx nl.docx en.docx
expect_status 0 "$TOLK" align -o text.tmx nl.txt en.txt
# the same documents as ODT and as HTML: the same TMX, codes and all
for f in odt html; do
	expect_status 0 "$TOLK" align -o "$f.tmx" "nl.$f" "en.$f"
	if cmp -s doc.tmx "$f.tmx"; then pass; else fail "$f gives another TMX than DOCX"; diff doc.tmx "$f.tmx" | head -6 >&2; fi
done
expect_status 0 xmllint --noout --nonet --dtdvalid "$TMX_DTD" doc.tmx
if [ -f "$TOLK_SHARED/schemas/tmx14.xsd" ]; then
	expect_status 0 xmllint --noout --nonet --schema "$TOLK_SHARED/schemas/tmx14.xsd" doc.tmx
else
	echo "note: $TOLK_SHARED/schemas/tmx14.xsd absent, checked against the DTD only"
fi
expect_grep '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>brief<ept i="1">&lt;/b&gt;</ept>' doc.tmx
expect_no_grep '<bpt' text.tmx

# Every seg: pairs balanced by i, bpt before its ept, the codes around the generator's words, x the
# same for a code and its counterpart in the other language; stripped of codes, the text TMX.
if python3 - doc.tmx text.tmx >"$TMP/py.err" 2>&1 <<'PY'
import re, sys, xml.etree.ElementTree as ET
XML = '{http://www.w3.org/XML/1998/namespace}lang'
want = {
    'nl-NL': [('b', 'begroting'), ('b', 'brief'), ('i', 'Tweede Kamer'), ('b', 'morgen.'), ('b', 'Daarna'),
              ('u', 'meer'), ('sup', '2')],
    'en-GB': [('b', 'budget'), ('b', 'letter'), ('i', 'House of Representatives'), ('b', 'tomorrow.'), ('b', 'Then'),
              ('u', 'more'), ('sup', '2')],
}
got = {'nl-NL': [], 'en-GB': []}
def walk(seg):
    """(plain text, [(tag, covered text, x)]) of a seg, checking the pairing."""
    text, open_, spans, seen = [seg.text or ''], {}, [], set()
    for el in seg:
        if el.tag == 'bpt':
            i = el.get('i')
            assert i not in seen, 'i %s used twice' % i
            seen.add(i)
            tag = re.fullmatch(r'<(\w+)>', el.text).group(1)
            open_[i] = (tag, len(''.join(text)), el.get('x'))
        elif el.tag == 'ept':
            tag, start, x = open_.pop(el.get('i'))
            assert el.text == '</%s>' % tag, el.text
            spans.append((start, tag, ''.join(text)[start:], x))
        else:
            raise AssertionError('unexpected element ' + el.tag)
        text.append(el.tail or '')
    assert not open_, 'unclosed bpt %s' % list(open_)
    return ''.join(text), [(t, s, x) for _, t, s, x in sorted(spans)]
units = []
for tu in ET.parse(sys.argv[1]).getroot().iter('tu'):
    pair = {}
    for tuv in tu.iter('tuv'):
        text, spans = walk(tuv.find('seg'))
        got[tuv.get(XML)] += [(t, s) for t, s, _ in spans]
        pair[tuv.get(XML)] = (text, [(t, x) for t, _, x in spans])
    assert pair['nl-NL'][1] == pair['en-GB'][1], 'codes do not match: %s' % pair
    units.append((pair['nl-NL'][0], pair['en-GB'][0]))
assert got == want, got
plain = [tuple(''.join(tuv.find('seg').itertext()) for tuv in tu.iter('tuv'))
         for tu in ET.parse(sys.argv[2]).getroot().iter('tu')]
assert units == plain, (units, plain)
PY
then pass; else fail "codes in doc.tmx"; cat "$TMP/py.err" >&2; fi

# Through a memory and back: the same segs; the text TMX's units (same texts, no codes) stay apart.
expect_status 0 "$TOLK" tm import --db m.db doc.tmx
expect_status 0 "$TOLK" tm export --db m.db -o back.tmx
if diff <(grep '<seg>' doc.tmx) <(grep '<seg>' back.tmx) >"$TMP/diff"; then pass; else fail "codes changed in the memory"; head "$TMP/diff" >&2; fi
expect_status 0 xmllint --noout --nonet --dtdvalid "$TMX_DTD" back.tmx
expect_status 0 "$TOLK" tm import --db m.db text.tmx
expect_grep 'added: 5, merged into existing units: 0' "$TMP/out" "importing the same texts without codes"
# the control: the same units again are merged, so "added" above meant kept apart for their codes
expect_status 0 "$TOLK" tm import --db m.db text.tmx
expect_grep 'added: 0, merged into existing units: 5' "$TMP/out" "importing the text TMX again"
finish
