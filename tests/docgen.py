#!/usr/bin/env python3
"""Write tolk's test documents as DOCX and ODT with nothing but the standard library.

    python3 tests/docgen.py OUTDIR        # every document below, as NAME.docx and NAME.odt

The documents:
  letter-nl   the Dutch letter, from its gold segmentation (tests/data/segment/*.gold.tsv): one
              paragraph per gold paragraph, the title and headings as heading styles, the signature
              as one paragraph with a line break, the footnote as a real footnote
  letter-en   the English reference translation (tm/*.en.txt), blocks as its blank lines make them
  structure   tables, nested lists, footnotes and an endnote, tracked changes, a field, inline formatting
  (bomb, entity, damaged and truncated documents are made by the tests that need them)

Inline markup in block text: **bold** //italic// __underline__ ^^superscript^^, [fn:ID] and [en:ID]
note references, {+inserted+} and {-deleted-} tracked changes, {=INSTRUCTION|result=} a field,
a newline a line break and a tab a tab. The output is deterministic (fixed zip times), so the files
in tests/data/documents/ can be checked against a fresh run.
"""
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

TOKEN = re.compile(r'(\*\*|//|__|\^\^|\[(?:fn|en):[A-Za-z0-9]+\]|\{\+|\+\}|\{-|-\}|\{=[^|]*\||=\}|\n|\t)')


def tokens(text):
    """(kind, value) pairs: ('text', s), ('toggle', '**'), ('note', ('fn', id)), ('ins'/'del'/'field', on/instr)."""
    out = []
    for part in TOKEN.split(text):
        if not part:
            continue
        if part in ('**', '//', '__', '^^'):
            out.append(('toggle', part))
        elif part.startswith('[fn:') or part.startswith('[en:'):
            out.append(('note', (part[1:3], part[4:-1])))
        elif part == '{+':
            out.append(('ins', True))
        elif part == '+}':
            out.append(('ins', False))
        elif part == '{-':
            out.append(('del', True))
        elif part == '-}':
            out.append(('del', False))
        elif part.startswith('{='):
            out.append(('field', part[2:-1]))
        elif part == '=}':
            out.append(('field', None))
        elif part == '\n':
            out.append(('br', None))
        elif part == '\t':
            out.append(('tab', None))
        else:
            out.append(('text', part))
    return out


class Doc:
    """Blocks: ('title', text), ('heading', level, text), ('p', text), ('list', level, text),
    ('table', [[cell text, ...], ...]); notes: {('fn'|'en', id): text}."""

    def __init__(self, lang):
        self.lang = lang
        self.blocks = []
        self.notes = {}


# ---- DOCX -------------------------------------------------------------------------------------------
def docx_runs(text, notes_ids):
    fmt = set()
    ins = dele = False
    out = []
    change = [0]

    def rpr(extra=''):
        props = ''.join({'**': '<w:b/>', '//': '<w:i/>', '__': '<w:u w:val="single"/>',
                         '^^': '<w:vertAlign w:val="superscript"/>'}[f] for f in ('**', '//', '__', '^^') if f in fmt)
        props += extra
        return '<w:rPr>%s</w:rPr>' % props if props else ''

    def wrap(run):
        if ins:
            change[0] += 1
            return '<w:ins w:id="%d" w:author="tolk" w:date="2020-11-06T00:00:00Z">%s</w:ins>' % (100 + change[0], run)
        if dele:
            change[0] += 1
            run = run.replace('<w:t xml:space="preserve">', '<w:delText xml:space="preserve">').replace('</w:t>', '</w:delText>')
            return '<w:del w:id="%d" w:author="tolk" w:date="2020-11-06T00:00:00Z">%s</w:del>' % (100 + change[0], run)
        return run

    for kind, val in tokens(text):
        if kind == 'text':
            out.append(wrap('<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr(), escape(val))))
        elif kind == 'toggle':
            fmt ^= {val}
        elif kind == 'br':
            out.append(wrap('<w:r>%s<w:br/></w:r>' % rpr()))
        elif kind == 'tab':
            out.append(wrap('<w:r>%s<w:tab/></w:r>' % rpr()))
        elif kind == 'ins':
            ins = val
        elif kind == 'del':
            dele = val
        elif kind == 'note':
            which, nid = val
            ref = 'footnoteReference' if which == 'fn' else 'endnoteReference'
            style = 'FootnoteReference' if which == 'fn' else 'EndnoteReference'
            out.append('<w:r><w:rPr><w:rStyle w:val="%s"/><w:vertAlign w:val="superscript"/></w:rPr><w:%s w:id="%d"/></w:r>'
                       % (style, ref, notes_ids[(which, nid)]))
        elif kind == 'field':
            if val is not None:
                out.append('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> %s </w:instrText></w:r>'
                           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' % escape(val))
            else:
                out.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return ''.join(out)


def docx_para(text, notes_ids, style=None, num=None):
    ppr = ''
    if style or num is not None:
        ppr = '<w:pPr>%s%s</w:pPr>' % ('<w:pStyle w:val="%s"/>' % style if style else '',
                                       '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr>' % num if num is not None else '')
    return '<w:p>%s%s</w:p>' % (ppr, docx_runs(text, notes_ids))


def write_docx(path, doc):
    dutch = doc.lang == 'nl'
    # Dutch Word names its heading styles Kop1, Kop2 … (style names stay "heading N")
    heading_id = 'Kop%d' if dutch else 'Heading%d'
    title_id = 'Titel' if dutch else 'Title'
    notes_ids = {}
    for key in doc.notes:
        notes_ids[key] = len([k for k in notes_ids if k[0] == key[0]]) + 1
    body = []
    for b in doc.blocks:
        if b[0] == 'title':
            body.append(docx_para(b[1], notes_ids, title_id))
        elif b[0] == 'heading':
            body.append(docx_para(b[2], notes_ids, heading_id % b[1]))
        elif b[0] == 'p':
            body.append(docx_para(b[1], notes_ids))
        elif b[0] == 'list':
            body.append(docx_para(b[2], notes_ids, 'ListParagraph', b[1] - 1))
        elif b[0] == 'table':
            rows = ''.join('<w:tr>%s</w:tr>' % ''.join(
                '<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>%s</w:tc>'
                % ''.join(docx_para(p, notes_ids) for p in cell.split('\n\n')) for cell in row) for row in b[1])
            body.append('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>%s</w:tbl>' % rows)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
                % (W, R, ''.join(body)))
    styles = ['<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
              '<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>' % title_id,
              '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>']
    for level in (1, 2, 3):
        styles.append('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="heading %d"/><w:basedOn w:val="Normal"/>'
                      '<w:pPr><w:outlineLvl w:val="%d"/></w:pPr></w:style>' % (heading_id % level, level, level - 1))
    styles_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="%s">%s</w:styles>'
                  % (W, ''.join(styles)))
    parts = {
        '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
        '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>'
        '</Types>',
        '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>',
        'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
        '</Relationships>',
        'word/document.xml': document,
        'word/styles.xml': styles_xml,
    }
    for which, tag in (('fn', 'footnote'), ('en', 'endnote')):
        items = ['<w:%s w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:%s>' % (tag, tag),
                 '<w:%s w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:%s>' % (tag, tag)]
        for key, text in doc.notes.items():
            if key[0] == which:
                ref = 'footnoteRef' if which == 'fn' else 'endnoteRef'
                items.append('<w:%s w:id="%d">%s</w:%s>' % (tag, notes_ids[key], ''.join(
                    '<w:p>%s%s</w:p>' % ('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:%s/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>' % ref if i == 0 else '',
                                        docx_runs(p, notes_ids)) for i, p in enumerate(text.split('\n\n'))), tag))
        parts['word/%ss.xml' % tag] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:%ss xmlns:w="%s">%s</w:%ss>'
                                       % (tag, W, ''.join(items), tag))
    write_zip(path, [(name, parts[name], True) for name in parts])


# ---- ODT ----------------------------------------------------------------------------------------------
ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" office:version="1.3"')


def odt_text(s):
    """Spaces as ODF keeps them: a run of n > 1 spaces is one space and <text:s text:c="n-1"/>."""
    s = escape(s)
    return re.sub(r'  +', lambda m: ' <text:s text:c="%d"/>' % (len(m.group(0)) - 1), s) \
        .replace('>\n', '>').replace('^ ', '<text:s/>')


def odt_inline(text, doc, changes):
    fmt = []
    out = []
    state = {'ins': None}

    def styled(s):
        for f in fmt:
            s = '<text:span text:style-name="%s">%s</text:span>' % ({'**': 'T1', '//': 'T2', '__': 'T3', '^^': 'T4'}[f], s)
        return s

    notes_seen = {}
    for kind, val in tokens(text):
        if kind == 'text':
            t = odt_text(val)
            if t.startswith(' '):
                t = '<text:s/>' + t[1:]
            out.append(styled(t))
        elif kind == 'toggle':
            if val in fmt:
                fmt.remove(val)
            else:
                fmt.append(val)
        elif kind == 'br':
            out.append('<text:line-break/>')
        elif kind == 'tab':
            out.append('<text:tab/>')
        elif kind == 'ins':
            if val:
                changes.append(('insertion', None))
                state['ins'] = len(changes)
                out.append('<text:change-start text:change-id="ct%d"/>' % state['ins'])
            else:
                out.append('<text:change-end text:change-id="ct%d"/>' % state['ins'])
        elif kind == 'del':
            if val:
                state['del'] = len(out)
            else:
                deleted = ''.join(out[state['del']:])
                del out[state['del']:]
                changes.append(('deletion', deleted))
                out.append('<text:change text:change-id="ct%d"/>' % len(changes))
        elif kind == 'note':
            which, nid = val
            cls = 'footnote' if which == 'fn' else 'endnote'
            number = [k for k in doc.notes if k[0] == which].index((which, nid)) + 1
            cite = str(number) if which == 'fn' else ['i', 'ii', 'iii', 'iv', 'v'][number - 1]
            body = ''.join('<text:p>%s</text:p>' % odt_inline(p, doc, changes) for p in doc.notes[val].split('\n\n'))
            out.append('<text:note text:id="%s%s" text:note-class="%s"><text:note-citation>%s</text:note-citation>'
                       '<text:note-body>%s</text:note-body></text:note>' % (which, nid, cls, cite, body))
        elif kind == 'field':
            if val is not None:
                out.append('<text:date text:fixed="true" text:date-value="2020-11-06">')
            else:
                out.append('</text:date>')
    return ''.join(out)


def write_odt(path, doc):
    changes = []
    body = []
    open_lists = 0
    for b in doc.blocks:
        if b[0] != 'list' and open_lists:
            body.append('</text:list-item></text:list>' * open_lists)
            open_lists = 0
        if b[0] == 'title':
            body.append('<text:h text:outline-level="1">%s</text:h>' % odt_inline(b[1], doc, changes))
        elif b[0] == 'heading':
            body.append('<text:h text:outline-level="%d">%s</text:h>' % (b[1], odt_inline(b[2], doc, changes)))
        elif b[0] == 'p':
            body.append('<text:p>%s</text:p>' % odt_inline(b[1], doc, changes))
        elif b[0] == 'list':
            level = b[1]
            if level > open_lists:
                while open_lists < level:
                    body.append('<text:list><text:list-item>' if open_lists == 0 else '<text:list><text:list-item>')
                    open_lists += 1
            else:
                while open_lists > level:
                    body.append('</text:list-item></text:list>')
                    open_lists -= 1
                body.append('</text:list-item><text:list-item>')
            body.append('<text:p>%s</text:p>' % odt_inline(b[2], doc, changes))
        elif b[0] == 'table':
            ncol = max(len(r) for r in b[1])
            rows = ''.join('<table:table-row>%s</table:table-row>' % ''.join(
                '<table:table-cell office:value-type="string">%s</table:table-cell>'
                % ''.join('<text:p>%s</text:p>' % odt_inline(p, doc, changes) for p in cell.split('\n\n')) for cell in row)
                for row in b[1])
            body.append('<table:table table:name="Table%d"><table:table-column table:number-columns-repeated="%d"/>%s</table:table>'
                        % (len([x for x in body if x.startswith('<table:table ')]) + 1, ncol, rows))
    if open_lists:
        body.append('</text:list-item></text:list>' * open_lists)
    tracked = ''
    if changes:
        regions = []
        for i, (kind, deleted) in enumerate(changes, 1):
            info = '<office:change-info><dc:creator>tolk</dc:creator><dc:date>2020-11-06T00:00:00</dc:date></office:change-info>'
            if kind == 'insertion':
                regions.append('<text:changed-region text:id="ct%d"><text:insertion>%s</text:insertion></text:changed-region>' % (i, info))
            else:
                regions.append('<text:changed-region text:id="ct%d"><text:deletion>%s<text:p>%s</text:p></text:deletion></text:changed-region>'
                               % (i, info, deleted))
        tracked = '<text:tracked-changes>%s</text:tracked-changes>' % ''.join(regions)
    auto = ('<office:automatic-styles>'
            '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
            '<style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>'
            '<style:style style:name="T3" style:family="text"><style:text-properties style:text-underline-style="solid"/></style:style>'
            '<style:style style:name="T4" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>'
            '</office:automatic-styles>')
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content %s>%s<office:body><office:text>%s%s'
               '</office:text></office:body></office:document-content>' % (ODT_NS, auto, tracked, ''.join(body)))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    write_zip(path, [('mimetype', 'application/vnd.oasis.opendocument.text', False),
                     ('content.xml', content, True), ('META-INF/manifest.xml', manifest, True)])


def write_zip(path, members):
    tmp = path + '.tmp'
    with zipfile.ZipFile(tmp, 'w') as z:
        for name, data, deflate in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode('utf-8'))
    os.replace(tmp, path)


# ---- the documents ----------------------------------------------------------------------------------------
def letter_nl():
    """The Dutch letter from its gold segmentation: the gold decides paragraphs, kinds and text."""
    doc = Doc('nl')
    paras = []
    gold = os.path.join(ROOT, 'tests/data/segment/kamerstuk-28676-348.nl.gold.tsv')
    for line in open(gold, encoding='utf-8'):
        if line.startswith('#'):
            continue
        kind, para, text = line.rstrip('\n').split('\t')
        if paras and paras[-1][1] == para:
            paras[-1][2].append(text)
        else:
            paras.append((kind, para, [text]))
    first_heading = True
    for kind, _, texts in paras:
        if kind == 'heading':
            doc.blocks.append(('title', texts[0]) if first_heading else ('heading', 2, texts[0]))
            first_heading = False
        elif kind == 'signature':
            doc.blocks.append(('p', '\n'.join(texts)))
        elif kind == 'footnote':
            number, text = texts[0].split(' ', 1)
            doc.notes[('fn', number)] = text
            mark_footnote(doc, number)
        else:
            doc.blocks.append(('p', ' '.join(texts)))
    return doc


def mark_footnote(doc, number):
    """Turn the body's glued mark ("luchtruimverdediging1.") into a footnote reference."""
    pat = re.compile(r'(?<=[^\W\d])%s(?=[.,;:]?(\s|$))' % re.escape(number))
    for i in range(len(doc.blocks) - 1, -1, -1):
        b = doc.blocks[i]
        if b[0] == 'p' and pat.search(b[1]):
            doc.blocks[i] = ('p', pat.sub('[fn:%s]' % number, b[1], count=1))
            return
    raise SystemExit('docgen: no mark for footnote %s' % number)


def letter_en():
    doc = Doc('en')
    text = open(os.path.join(ROOT, 'tm/kamerstuk-28676-348.en.txt'), encoding='utf-8').read()
    blocks = [b.strip('\n') for b in re.split(r'\n\s*\n', text) if b.strip()]
    for i, b in enumerate(blocks):
        m = re.match(r'(\d{1,3}) (.*)$', b, re.S)
        if i == len(blocks) - 1 and m:
            doc.notes[('fn', m.group(1))] = m.group(2)
            mark_footnote(doc, m.group(1))
        elif i == 0:
            doc.blocks.append(('title', b))
        elif '\n' not in b and not re.search(r'[.,;:!?]$', b) and len(b) < 80 and i > 2:
            doc.blocks.append(('heading', 2, b))
        else:
            doc.blocks.append(('p', b))
    return doc


def structure():
    doc = Doc('en')
    doc.blocks = [
        ('title', 'Tables, lists and notes'),
        ('heading', 1, 'Introduction'),
        ('p', 'This paragraph has **bold**, //italic// and __underlined__ words, and a footnote[fn:a].'),
        ('p', 'The meeting was held on {=DATE \\@ "d MMMM yyyy"|6 November 2020=}.\tA tab came before this sentence.'),
        ('p', 'Tracked changes: the {-old -}{+new +}text is accepted{- here-}.'),
        ('heading', 2, 'A list'),
        ('list', 1, 'First item'),
        ('list', 2, 'A nested item'),
        ('list', 1, 'Second item with an endnote[en:x]'),
        ('table', [['Name', 'Country'], ['Volkel', 'the Netherlands\n\nGelderland']]),
        ('p', 'Line one\nline two of the same paragraph, with E = mc^^2^^.'),
    ]
    doc.notes[('fn', 'a')] = 'A footnote with **bold** text.'
    doc.notes[('en', 'x')] = 'An endnote.'
    return doc


DOCUMENTS = {'letter-nl': letter_nl, 'letter-en': letter_en, 'structure': structure}


def main():
    if len(sys.argv) != 2:
        raise SystemExit('usage: docgen.py OUTDIR')
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in DOCUMENTS.items():
        doc = make()
        write_docx(os.path.join(out, name + '.docx'), doc)
        write_odt(os.path.join(out, name + '.odt'), doc)


if __name__ == '__main__':
    main()
