#!/bin/bash
# Files as they come from Windows: UTF-16 with a byte-order mark (LE and BE, what Notepad saves) is read
# by every command that reads text; Windows-1252 is recognised and read with --encoding; documents given
# where text is expected are named.
. "$(dirname "$0")/lib.bash"
command -v iconv >/dev/null || { echo "skip: iconv absent"; exit 77; }
export TOLK_TERMBASE="$TOLK_SRCDIR/dict/termbase.tbx"
LETTER_NL="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
LETTER_EN="$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"

# utf16 LE|BE IN OUT: the file as Notepad saves it, a byte-order mark first
utf16() {
	if [ "$1" = LE ]; then printf '\xff\xfe' >"$3"; else printf '\xfe\xff' >"$3"; fi
	iconv -f UTF-8 -t "UTF-16$1" "$2" >>"$3"
}

# ---- segment: the same segments; offsets count bytes of the text converted to UTF-8
printf 'Eerste zin. Tweede zin.\n' >"$TMP/two.txt"
for bo in LE BE; do
	utf16 $bo "$TMP/two.txt" "$TMP/two16$bo.txt"
	expect_status 0 "$TOLK" segment --format jsonl "$TMP/two16$bo.txt"
	expect_grep '^\{"id":1,"text":"Eerste zin\.","start":0,"end":11,' "$TMP/out" "UTF-16$bo segment 1"
	expect_grep '^\{"id":2,"text":"Tweede zin\.","start":12,"end":23,' "$TMP/out" "UTF-16$bo segment 2"
done
# not the old refusal
expect_no_grep 'NUL byte' "$TMP/err"

# ---- align: a UTF-16LE letter with its UTF-16BE translation gives the TMX of the UTF-8 files
utf16 LE "$LETTER_NL" "$TMP/nl16.txt"
utf16 BE "$LETTER_EN" "$TMP/en16.txt"
expect_status 0 "$TOLK" align --format tsv "$LETTER_NL" "$LETTER_EN"
cp "$TMP/out" "$TMP/want.tsv"
expect_status 0 "$TOLK" align --format tsv "$TMP/nl16.txt" "$TMP/en16.txt"
if cmp -s "$TMP/out" "$TMP/want.tsv"; then pass; else fail "UTF-16 align differs from UTF-8"; fi

# ---- spell: the same finding at the same line and column
printf 'Het verlsag van de vergadering.\nDe bondgenoten.\n' >"$TMP/typo.txt"
utf16 LE "$TMP/typo.txt" "$TMP/typo16.txt"
expect_status 1 "$TOLK" spell --no-suggestions "$TMP/typo16.txt"
expect_grep "typo16\.txt:1:5: unknown word 'verlsag'" "$TMP/out" "UTF-16 spell position"
# a personal word list saved by Notepad
printf 'verlsag\n' >"$TMP/mine.txt"
utf16 LE "$TMP/mine.txt" "$TMP/mine16.txt"
expect_status 0 "$TOLK" spell --personal "$TMP/mine16.txt" "$TMP/typo16.txt"

# ---- analyze: a UTF-16 draft against the letter's memory
DB="$TMP/m.db"
expect_status 0 "$TOLK" tm import --db "$DB" "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
expect_status 0 "$TOLK" analyze --db "$DB" --format jsonl "$LETTER_NL"
cp "$TMP/out" "$TMP/want.jsonl"
expect_status 0 "$TOLK" analyze --db "$DB" --format jsonl "$TMP/nl16.txt"
if cmp -s "$TMP/out" "$TMP/want.jsonl"; then pass; else fail "UTF-16 analyze differs from UTF-8"; fi

# ---- term import (CSV) and term check (TMX) in UTF-16
cp "$TOLK_SRCDIR/dict/termbase.tbx" "$TMP/tb.tbx"
utf16 LE "$TOLK_SRCDIR/tests/data/term/extra.csv" "$TMP/extra16.csv"
expect_status 0 "$TOLK" term -t "$TMP/tb.tbx" import "$TMP/extra16.csv"
expect_status 0 "$TOLK" term -t "$TMP/tb.tbx" lookup kazerne
expect_grep 'en: barracks' "$TMP/out"
expect_status 1 "$TOLK" term check "$TOLK_SRCDIR/tests/data/term/check.tmx"
cp "$TMP/out" "$TMP/want.check"
sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$TOLK_SRCDIR/tests/data/term/check.tmx" >"$TMP/check8.tmx"
utf16 LE "$TMP/check8.tmx" "$TMP/check.tmx"
expect_status 1 "$TOLK" term check "$TMP/check.tmx"
if diff <(sed 's/^[^:]*://' "$TMP/out") <(sed 's/^[^:]*://' "$TMP/want.check") >/dev/null; then pass
else fail "UTF-16 term check differs"; fi

# ---- Windows-1252: recognised, refused with the option that reads it; read with it
printf 'Het caf\xe9 is open. Zij zei \x93ja\x94.\n' >"$TMP/cp.txt"
for cmd in "segment" "spell" "analyze --db $DB"; do
	expect_status 2 "$TOLK" $cmd "$TMP/cp.txt"
	expect_grep "cp\.txt:1:8: not UTF-8 but apparently Windows-1252.*--encoding windows-1252" "$TMP/err" "$cmd: cp1252 advice"
done
expect_status 2 "$TOLK" align "$TMP/cp.txt" "$LETTER_EN"
expect_grep "cp\.txt:1:8: .*--encoding windows-1252" "$TMP/err" "align: cp1252 advice"
expect_status 0 "$TOLK" segment --encoding windows-1252 "$TMP/cp.txt"
expect_grep '^Het café is open\.$' "$TMP/out" "read as Windows-1252"
expect_grep '^Zij zei “ja”\.$' "$TMP/out" "curly quotes from 0x93/0x94"
expect_status 0 "$TOLK" spell --encoding windows-1252 --no-suggestions "$TMP/cp.txt"
expect_status 0 "$TOLK" analyze --db "$DB" --encoding windows-1252 "$TMP/cp.txt"
iconv -f UTF-8 -t WINDOWS-1252 "$LETTER_EN" >"$TMP/en1252.txt"
expect_status 0 "$TOLK" align --encoding windows-1252 --format tsv "$TMP/cp.txt" "$TMP/en1252.txt"
expect_status 0 "$TOLK" segment --encoding iso-8859-1 "$TMP/cp.txt"
expect_status 2 "$TOLK" segment --encoding klingon "$TMP/cp.txt"
expect_grep "unknown encoding 'klingon'" "$TMP/err"

# ---- documents where text is expected: named
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n' >"$TMP/brief.pdf"
printf '{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Brief}' >"$TMP/brief.rtf"
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00\x00\x00\x00\x00' >"$TMP/brief.doc"
python3 - "$TMP" <<'PY'
import sys, zipfile
d = sys.argv[1]
with zipfile.ZipFile(d + "/brief.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", "<w:document/>")
with zipfile.ZipFile(d + "/brief.odt", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    z.writestr("content.xml", "<office:document-content/>")
with zipfile.ZipFile(d + "/lijst.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", "<workbook/>")
PY
# ---- documents tolk does not read: named; --from text refuses the ones it reads in the same words
for f in "lijst.xlsx:Excel workbook \(\.xlsx\)" "brief.rtf:RTF document" \
	"brief.doc:Microsoft Office 97-2003 document \(\.doc, \.xls, \.ppt\)" \
	"brief.pdf:PDF document:--from=text" "brief.docx:Word document \(\.docx\):--from=text" \
	"brief.odt:OpenDocument text \(\.odt\):--from=text"; do
	file=${f%%:*} rest=${f#*:} kind=${f#*:} from=
	case $rest in *:--from=text) kind=${rest%:--from=text} from=--from=text ;; esac
	for cmd in segment spell; do
		expect_status 2 "$TOLK" $cmd $from "$TMP/$file"
		expect_grep "^tolk: .*$file: this is an? $kind, not plain text; save or export it as plain text" "$TMP/err" "$cmd $file"
	done
done
# ---- documents tolk reads (issue 16), damaged here: one error naming the file (and the member)
for file in brief.pdf brief.docx brief.odt; do
	for cmd in segment spell; do
		expect_status 2 "$TOLK" $cmd "$TMP/$file"
		expect_lines 1 "$TMP/err"
		expect_grep "^tolk: .*$file" "$TMP/err" "$cmd $file"
	done
done
# ---- XML that breaks the encoding it declares (Shift_JIS, bytes no Shift_JIS text has): one line of
# tolk's on stderr, exit 2; libxml2's own "encoding error" lines never reach the user
sjis() { printf '<?xml version="1.0" encoding="Shift_JIS"?>\n%s\xff\xfe\x80%s\n' "$1" "$2"; }
sjis '<tmx version="1.4"><header srclang="nl" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body><tu><tuv xml:lang="nl"><seg>' \
	'</seg></tuv></tu></body></tmx>' >"$TMP/sjis.tmx"
sjis '<martif type="TBX"><text><body><termEntry id="c1"><langSet xml:lang="nl"><tig><term>' \
	'</term></tig></langSet></termEntry></body></text></martif>' >"$TMP/sjis.tbx"
sjis '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes"/><body><languagerules><languagerule languagerulename="x"><rule break="yes"><beforebreak>' \
	'</beforebreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules></body></srx>' >"$TMP/sjis.srx"
python3 - "$TMP" <<'PY'
import sys, zipfile
d = sys.argv[1]
body = b'Dit is \xff\xfe\x80 tekst.'
with zipfile.ZipFile(d + '/sjis.odt', 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
    z.writestr('content.xml', b'<?xml version="1.0" encoding="Shift_JIS"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>' + body + b'</text:p></office:text></office:body></office:document-content>')
PY
expect_status 2 "$TOLK" tm import --db "$TMP/sjis.db" "$TMP/sjis.tmx"
expect_grep '^tolk: .*sjis\.tmx:2:[0-9]+: ' "$TMP/err" "TMX in a broken encoding"
expect_no_grep 'encoding error|encoder error|I/O error' "$TMP/err"
expect_status 2 "$TOLK" term --termbase "$TMP/sjis.tbx" lookup x
expect_grep '^tolk: .*sjis\.tbx:2: the TBX is not in the encoding it declares$' "$TMP/err" "TBX in a broken encoding"
expect_lines 1 "$TMP/err"
expect_status 2 "$TOLK" segment --srx "$TMP/sjis.srx" "$TMP/two.txt"
expect_grep '^tolk: .*sjis\.srx' "$TMP/err" "SRX in a broken encoding"
expect_lines 1 "$TMP/err"
expect_status 2 "$TOLK" segment "$TMP/sjis.odt"
expect_grep '^tolk: .*sjis\.odt\(content\.xml\):2:[0-9]+: ' "$TMP/err" "ODT in a broken encoding"
expect_lines 1 "$TMP/err"
expect_status 2 "$TOLK" align "$TMP/brief.docx" "$LETTER_EN"
expect_grep "brief\.docx\(word/document\.xml\):1:[0-9]+: not well-formed XML" "$TMP/err" "align docx"
finish
