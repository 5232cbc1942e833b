# PDF input (issue 16): the letter as a PDF made by tolk's own writer (tests/doc/textpdf.py) reads
# back with pdftotext, and through tolk gives the letter's 70 gold segments with their kinds and spells
# clean; an
# encrypted, a truncated and a damaged PDF each give one clear message and status 2, poppler silent.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "skip: python3 absent"; exit 77; }
letter="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
gold="$TOLK_SRCDIR/tests/data/segment/kamerstuk-28676-348.nl.gold.tsv"
committed="$TOLK_SRCDIR/tests/data/doc/kamerstuk-28676-348.nl.pdf"
pdf="$TMP/letter.pdf"
header="Tweede Kamer, vergaderjaar 2020–2021, 28 676, nr. 348"

# The writer is deterministic, and the PDF in tests/data is what it writes today.
expect_status 0 python3 "$TOLK_SRCDIR/tests/doc/textpdf.py" --header "$header" \
	--title "Kamerstuk 28 676, nr. 348" "$letter" "$pdf"
if cmp -s "$pdf" "$committed"; then pass; else fail "tests/data/doc/kamerstuk-28676-348.nl.pdf is not what textpdf.py writes"; fi

# pdftotext (poppler-utils) reads the same characters back: the letter's, but for white space and
# hyphens (pdftotext joins hyphenated lines), plus the running header and the page numbers.
if command -v pdftotext >/dev/null; then
	expect_status 0 pdftotext -enc UTF-8 "$pdf" "$TMP/pdftotext.ff"
	tr -d '\f' <"$TMP/pdftotext.ff" >"$TMP/pdftotext.txt"
	grep -c "^$header\$" "$TMP/pdftotext.txt" >"$TMP/headers"
	expect_grep '^6$' "$TMP/headers" "running headers, one per page"
	squeeze() { grep -vxE "$header|[0-9]+" "$1" | tr -d ' \n-'; }
	if [ "$(squeeze "$TMP/pdftotext.txt")" = "$(tr -d ' \n\f-' <"$letter")" ]; then pass; else fail "pdftotext's text differs from the letter"; fi
fi

# tolk: the gold segments, in text and in JSON lines with their kinds and paragraphs.
grep -v '^#' "$gold" | cut -f3 >"$TMP/gold.txt"
grep -v '^#' "$gold" | cut -f1,2 >"$TMP/gold.kinds"
expect_lines 70 "$TMP/gold.txt"
expect_status 0 "$TOLK" segment --lang nl "$pdf"
if cmp -s "$TMP/out" "$TMP/gold.txt"; then pass; else fail "segments of the PDF differ from the gold"; diff "$TMP/gold.txt" "$TMP/out" | head -8 >&2; fi
expect_status 0 "$TOLK" segment --lang nl --from pdf - <"$pdf"
if cmp -s "$TMP/out" "$TMP/gold.txt"; then pass; else fail "segments of the PDF on stdin differ from the gold"; fi
expect_status 0 "$TOLK" segment --lang nl --format jsonl "$pdf"
python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    print(o["kind"] + "\t" + str(o["paragraph"]))' "$TMP/out" >"$TMP/kinds"
if cmp -s "$TMP/kinds" "$TMP/gold.kinds"; then pass; else fail "kinds and paragraphs differ from the gold"; diff "$TMP/gold.kinds" "$TMP/kinds" | head -5 >&2; fi

# Running lines are the header and the page numbers, not a body line that recurs but for its number.
printf 'Artikel 1\n\nEen.\n Artikel 2\n\nTwee.\n Artikel 3\n\nDrie.\n' >"$TMP/articles.txt"
python3 "$TOLK_SRCDIR/tests/doc/textpdf.py" --header "Wetsvoorstel" "$TMP/articles.txt" "$TMP/articles.pdf"
expect_status 0 "$TOLK" segment --lang nl "$TMP/articles.pdf"
printf 'Artikel 1\nEen.\nArtikel 2\nTwee.\nArtikel 3\nDrie.\n' >"$TMP/articles.want"
if cmp -s "$TMP/out" "$TMP/articles.want"; then pass; else fail "articles: running lines taken for body or back"; cat "$TMP/out" >&2; fi

# tolk spell: the clean letter has no findings (the word broken over pages 3 and 4, "veiligheidsin-" /
# "stituties", is one word), and a typo is named by page and line: line 8 of page 1 is the letter's
# sixth line, under the running header and the title.
expect_status 0 "$TOLK" spell "$pdf"
sed 's/^bondgenootschap, en NAVO/bondgenootshcap, en NAVO/' "$letter" >"$TMP/typo.txt"
python3 "$TOLK_SRCDIR/tests/doc/textpdf.py" --header "$header" "$TMP/typo.txt" "$TMP/typo.pdf"
expect_status 1 "$TOLK" spell "$TMP/typo.pdf"
expect_grep "typo\.pdf: page 1, line 8, column 1: unknown word 'bondgenootshcap'" "$TMP/out" "spell finding"
expect_lines 1 "$TMP/out"

# Bad PDFs: one line on stderr, status 2; poppler's own messages never show, even when GLib would print them.
one_error() { # one_error WHAT PATTERN FILE
	expect_status 2 env G_MESSAGES_DEBUG=all "$TOLK" segment "$3"
	expect_lines 1 "$TMP/err"
	expect_grep "^tolk: .*$2" "$TMP/err" "$1"
}
python3 "$TOLK_SRCDIR/tests/doc/textpdf.py" --encrypt geheim "$letter" "$TMP/encrypted.pdf"
one_error encrypted "password" "$TMP/encrypted.pdf"
head -c 9000 "$pdf" >"$TMP/truncated.pdf"
one_error truncated "damaged or truncated" "$TMP/truncated.pdf"
python3 - "$pdf" "$TMP/damaged.pdf" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
at = d.find(b'>>\nstream\n', d.find(b'>>\nstream\n') + 1) + 10   # page 2's content stream
open(sys.argv[2], 'wb').write(d[:at] + b'BT /F1 10 Tf 72 700 Td (((( <<< [[[ Tj' + d[at + 38:])
PY
one_error "damaged page" "damaged PDF: page 2" "$TMP/damaged.pdf"
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n' >"$TMP/header-only.pdf"
one_error "header only" "damaged or truncated" "$TMP/header-only.pdf"
# restrictions without a password (an empty user password) are no obstacle
python3 "$TOLK_SRCDIR/tests/doc/textpdf.py" --encrypt "" "$letter" "$TMP/restricted.pdf"
expect_status 0 "$TOLK" segment --lang nl "$TMP/restricted.pdf"
expect_grep '^A\.Th\.B\. Bijleveld-Schouten$' "$TMP/out" "restricted PDF"
finish
