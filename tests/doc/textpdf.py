#!/usr/bin/env python3
"""textpdf: lay out a plain-text document as an A4 PDF, the way a ministry's PDF looks.

tolk's own PDF writer for its tests and benchmarks (Python 3 standard library only).

    textpdf.py [options] IN.txt OUT.pdf

The input is UTF-8 text as PDF extraction gives it: blank lines between paragraphs, the
document's own line breaks. Every line is kept as it is and word-wrapped only when it is wider
than the text column. A line that starts with white space (how extracted text marks a page
start) or a form feed starts a new page; a full page starts one too. A paragraph of one short
line without final punctuation is set in bold, as a heading. A last paragraph "N text" whose
number N is glued to a word earlier ("verdediging1") is a footnote: the mark is set as a
superscript and the note at the foot of the page that holds the mark, under a short rule.
Every page has a running header (--header) and its page number at the foot.

The fonts are the standard Type1 Helvetica and Helvetica-Bold in WinAnsiEncoding; characters
outside Windows-1252 are an error. --encrypt PASSWORD writes the standard security handler,
revision 2 (40-bit RC4, PDF 1.4 spec section 3.5), so that the file needs that password to open.
"""
import argparse
import hashlib
import re
import sys

PAGE_W, PAGE_H = 595.28, 841.89
LEFT, RIGHT = 72.0, 72.0
TOP, BOTTOM = 90.0, 80.0          # first baseline below the top edge; lowest baseline above the bottom
SIZE, LEAD = 10.0, 13.0
NOTE_SIZE, NOTE_LEAD = 8.0, 10.0
HEAD_SIZE = 8.0


def char_width(c, bold):
    """Approximate advance of a Helvetica character in 1/1000 em, by class (our own estimate,
    generous so that a wrapped line never runs past the margin)."""
    if c in "ijl.,;:'!|":
        w = 280
    elif c in "ftrI()[]-/ ":
        w = 340
    elif c in "mwMW":
        w = 900
    elif c.isupper() or c in "%&@":
        w = 730
    else:
        w = 570
    return w * (1.06 if bold else 1.0)


def text_width(s, size, bold=False):
    return sum(char_width(c, bold) for c in s) * size / 1000.0


def wrap(line, width, size, bold):
    """Greedy word wrap of one line to width points."""
    if text_width(line, size, bold) <= width:
        return [line]
    out, cur = [], ""
    for word in line.split(" "):
        trial = word if not cur else cur + " " + word
        if cur and text_width(trial, size, bold) > width:
            out.append(cur)
            cur = word
        else:
            cur = trial
    if cur:
        out.append(cur)
    return out


def pdf_string(raw):
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def encode(s, where):
    try:
        return s.encode("cp1252")
    except UnicodeEncodeError as e:
        sys.exit(f"textpdf: {where}: character {s[e.start]!r} is not in Windows-1252")


# ---- reading the text ----------------------------------------------------------------------

def read_paragraphs(text):
    """Paragraphs as lists of (line, starts_page)."""
    paras, cur, page_break = [], [], False
    for raw in text.replace("\r\n", "\n").split("\n"):
        if "\f" in raw:
            page_break = True
            raw = raw.replace("\f", "")
        if raw.strip() == "":
            if cur:
                paras.append(cur)
            cur = []
            continue
        starts_page = page_break or raw[:1].isspace()
        page_break = False
        cur.append((raw.strip(), starts_page))
    if cur:
        paras.append(cur)
    return paras


def find_footnotes(paras):
    """Footnotes: trailing paragraphs 'N text' whose mark N is glued to a word earlier."""
    notes = {}
    while paras:
        first = paras[-1][0][0]
        m = re.match(r"(\d{1,3}) \S", first)
        if not m:
            break
        num = m.group(1)
        body = " ".join(line for para in paras[:-1] for line, _ in para)
        if not re.search(r"[^\W\d]" + num + r"(?!\d)", body):
            break
        notes[num] = " ".join(line for line, _ in paras[-1])[len(num) + 1:]
        paras = paras[:-1]
    return paras, notes


# ---- layout --------------------------------------------------------------------------------

class Page:
    def __init__(self):
        self.lines = []      # (y, font, size, [(text, rise)])
        self.notes = []      # footnote numbers whose mark is on this page


def layout(paras, notes):
    col = PAGE_W - LEFT - RIGHT
    pages = [Page()]
    y = PAGE_H - TOP

    def new_page():
        nonlocal y
        pages.append(Page())
        y = PAGE_H - TOP

    def note_room(page):
        n = sum(len(wrap(f"{k} {notes[k]}", col, NOTE_SIZE, False)) for k in page.notes)
        return n * NOTE_LEAD + (NOTE_LEAD if n else 0)

    for p_index, para in enumerate(paras):
        heading = len(para) == 1 and len(para[0][0]) < 60 and not re.search(r"[.:;,!?]$", para[0][0])
        font = "F2" if heading else "F1"
        for l_index, (line, starts_page) in enumerate(para):
            if starts_page and pages[-1].lines:
                new_page()
            for piece in wrap(line, col, SIZE, heading):
                marks = [k for k in notes if re.search(r"[^\W\d]" + k + r"(?!\d)", piece)]
                page = pages[-1]
                extra = 0.0
                if marks and marks[0] not in page.notes:
                    extra = len(wrap(f"{marks[0]} {notes[marks[0]]}", col, NOTE_SIZE, False)) * NOTE_LEAD + NOTE_LEAD
                if y - extra < BOTTOM + note_room(page) and page.lines:
                    new_page()
                    page = pages[-1]
                runs = [(piece, 0)]
                for k in marks:
                    m = re.search(r"([^\W\d])" + k + r"(?!\d)", piece)
                    runs = [(piece[:m.end(1)], 0), (k, 1), (piece[m.end():], 0)]
                    if k not in page.notes:
                        page.notes.append(k)
                page.lines.append((y, font, SIZE, runs))
                y -= LEAD
        y -= LEAD  # the blank line between paragraphs
    return pages


# ---- writing -------------------------------------------------------------------------------

def content_stream(page, number, header):
    out = []

    def show(x, y, font, size, runs):
        parts = [f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td ".encode()]
        for text, sup in runs:
            if not text:
                continue
            if sup:
                parts.append(f"/{font} {size * 0.6:g} Tf {size * 0.35:g} Ts ".encode())
            parts.append(pdf_string(encode(text, f"page {number}")) + b" Tj ")
            if sup:
                parts.append(f"/{font} {size:g} Tf 0 Ts ".encode())
        parts.append(b"ET\n")
        out.append(b"".join(parts))

    if header:
        show(LEFT, PAGE_H - 45, "F1", HEAD_SIZE, [(header, 0)])
    for y, font, size, runs in page.lines:
        show(LEFT, y, font, size, runs)
    if page.notes:
        col = PAGE_W - LEFT - RIGHT
        lines = []
        for k in page.notes:
            lines += wrap(f"{k} {NOTES[k]}", col, NOTE_SIZE, False)
        y = BOTTOM - 10 + (len(lines) - 1) * NOTE_LEAD + NOTE_LEAD
        out.append(f"0.5 w {LEFT:.2f} {y + 2:.2f} m {LEFT + 120:.2f} {y + 2:.2f} l S\n".encode())
        for line in lines:
            y -= NOTE_LEAD
            show(LEFT, y, "F1", NOTE_SIZE, [(line, 0)])
    label = str(number)
    show(PAGE_W / 2 - text_width(label, HEAD_SIZE) / 2, 40, "F1", HEAD_SIZE, [(label, 0)])
    return b"".join(out)


PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for n, byte in enumerate(data):
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out[n] = byte ^ s[(s[i] + s[j]) & 0xFF]
    return bytes(out)


class Security:
    """Standard security handler, V1 R2 (PDF 1.4 reference, algorithms 3.1-3.4)."""

    def __init__(self, user_pw, file_id):
        owner_pw = user_pw + "-owner"
        pad = lambda pw: (pw.encode("latin-1") + PADDING)[:32]
        self.o = rc4(hashlib.md5(pad(owner_pw)).digest()[:5], pad(user_pw))
        self.p = -44  # printing and copying allowed, changes and notes not (bits 4 and 6 clear)
        self.key = hashlib.md5(pad(user_pw) + self.o + self.p.to_bytes(4, "little", signed=True)
                               + file_id).digest()[:5]
        self.u = rc4(self.key, PADDING)

    def encrypt(self, num, data):
        k = hashlib.md5(self.key + num.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
        return rc4(k, data)


def write_pdf(pages, header, title, out_path, password):
    file_id = hashlib.md5(("tolk textpdf " + title + str(len(pages))).encode()).digest()
    sec = Security(password, file_id) if password is not None else None
    objs = {}
    n_pages = len(pages)
    first_page = 5
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n_pages))
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode()
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    for i, page in enumerate(pages):
        num = first_page + 2 * i
        objs[num] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:g} {PAGE_H:g}] "
                     f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {num + 1} 0 R >>").encode()
        data = content_stream(page, i + 1, header)
        if sec:
            data = sec.encrypt(num + 1, data)
        objs[num + 1] = f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
    info = first_page + 2 * n_pages
    t = encode(title, "title")
    if sec:
        t = sec.encrypt(info, t)
    objs[info] = b"<< /Title <" + t.hex().encode() + b"> /Producer (tolk textpdf) >>"
    enc = None
    if sec:
        enc = info + 1
        objs[enc] = (f"<< /Filter /Standard /V 1 /R 2 /O <{sec.o.hex()}> /U <{sec.u.hex()}> "
                     f"/P {sec.p} >>").encode()

    buf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(buf)
        buf += f"{num} 0 obj\n".encode() + objs[num] + b"\nendobj\n"
    xref = len(buf)
    size = max(objs) + 1
    buf += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for num in range(1, size):
        buf += f"{offsets[num]:010d} 00000 n \n".encode()
    trailer = f"<< /Size {size} /Root 1 0 R /Info {info} 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
    if enc:
        trailer += f" /Encrypt {enc} 0 R"
    buf += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(out_path, "wb") as f:
        f.write(buf)


NOTES = {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--header", default="", help="running header on every page")
    ap.add_argument("--title", default="", help="the document's title (Info dictionary)")
    ap.add_argument("--encrypt", metavar="PASSWORD",
                    help="encrypt (40-bit RC4) with PASSWORD to open; an empty one opens without, as restricted PDFs do")
    args = ap.parse_args()
    with open(args.input, encoding="utf-8") as f:
        text = f.read()
    paras, notes = find_footnotes(read_paragraphs(text))
    NOTES.update(notes)
    pages = layout(paras, notes)
    write_pdf(pages, args.header, args.title, args.output, args.encrypt)


if __name__ == "__main__":
    main()
