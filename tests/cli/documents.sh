# Documents in every command (issue 16): the letter and its translation as DOCX and ODT
# (tests/docgen.py, committed in tests/data/documents) give the letter's 70 gold segments, its
# gold alignment and the very TMX of the text version; spell names paragraphs; --from; bad
# documents (zip bomb, external entity, damaged zip, truncated XML) end in one error, in bounded
# time and memory.
. "$(dirname "$0")/lib.bash"
docs="$TOLK_SRCDIR/tests/data/documents"
nl="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
en="$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"
gold="$TOLK_SRCDIR/tests/data/segment/kamerstuk-28676-348.nl.gold.tsv"
export SOURCE_DATE_EPOCH=1604620800
command -v python3 >/dev/null && [ -x /usr/bin/time ] || skip_test "python3 or GNU time (/usr/bin/time) absent"

# ---- the committed documents are what the generator writes (member by member: zlib may differ)
expect_status 0 python3 "$TOLK_SRCDIR/tests/docgen.py" "$TMP/gen"
if python3 - "$docs" "$TMP/gen" <<'PY'
import os, sys, zipfile
a, b = sys.argv[1:]
names = sorted(f for f in os.listdir(b) if f.endswith(('.docx', '.odt')))
assert names == sorted(f for f in os.listdir(a) if f.endswith(('.docx', '.odt'))), names
for f in names:
    za, zb = zipfile.ZipFile(os.path.join(a, f)), zipfile.ZipFile(os.path.join(b, f))
    assert za.namelist() == zb.namelist(), f
    for m in za.namelist():
        assert za.read(m) == zb.read(m), (f, m)
PY
then pass; else fail "tests/data/documents differ from what tests/docgen.py writes"; fi

# ---- segment: the gold, kinds and paragraphs too, from DOCX and ODT alike (also on stdin)
grep -v '^#' "$gold" >"$TMP/gold.tsv"
expect_lines 70 "$TMP/gold.tsv"
for f in letter-nl.docx letter-nl.odt; do
	expect_status 0 "$TOLK" segment --format jsonl "$docs/$f"
	python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    print("%s\t%s\t%s" % (o["kind"], o["paragraph"], o["text"]))' "$TMP/out" >"$TMP/got.tsv"
	if cmp -s "$TMP/gold.tsv" "$TMP/got.tsv"; then pass; else fail "$f: segments differ from the gold"; diff "$TMP/gold.tsv" "$TMP/got.tsv" | head -5 >&2; fi
	expect_status 0 "$TOLK" segment - <"$docs/$f"
	if cut -f3 "$TMP/gold.tsv" | cmp -s - "$TMP/out"; then pass; else fail "$f on stdin differs from the gold"; fi
done
# the format comes from the content, not the name
cp "$docs/letter-nl.docx" "$TMP/brief.txt"
expect_status 0 "$TOLK" segment "$TMP/brief.txt"
if cut -f3 "$TMP/gold.tsv" | cmp -s - "$TMP/out"; then pass; else fail "a DOCX named .txt is not read as DOCX"; fi

# ---- align: the same TMX as the text version, and the gold alignment
expect_status 0 "$TOLK" align --termbase "$TOLK_SRCDIR/dict/termbase.tbx" -o "$TMP/text.tmx" "$nl" "$en"
for pair in "letter-nl.docx letter-en.docx" "letter-nl.odt letter-en.odt" "letter-nl.odt letter-en.docx"; do
	set -- $pair
	expect_status 0 "$TOLK" align --termbase "$TOLK_SRCDIR/dict/termbase.tbx" -o "$TMP/doc.tmx" "$docs/$1" "$docs/$2"
	if cmp -s "$TMP/text.tmx" "$TMP/doc.tmx"; then pass; else fail "$1 + $2: the TMX differs from the text version's"; diff "$TMP/text.tmx" "$TMP/doc.tmx" | head -5 >&2; fi
done
normalise() { perl -ne 'next if /^#/; chomp; $_ = lc; s/[^\x80-\xffa-z0-9\t]//g; print "$_\n"'; }
normalise <"$TOLK_SRCDIR/tests/data/align/letter.gold" >"$TMP/align.gold"
expect_status 0 "$TOLK" align --termbase "$TOLK_SRCDIR/dict/termbase.tbx" --format tsv "$docs/letter-nl.docx" "$docs/letter-en.docx"
cut -f2,3 "$TMP/out" | normalise >"$TMP/units"
if cmp -s "$TMP/align.gold" "$TMP/units"; then pass; else fail "DOCX alignment differs from the gold"; fi

# ---- analyze: the same report for the draft as text and as DOCX
expect_status 0 "$TOLK" tm import --db "$TMP/m.db" "$TMP/text.tmx"
expect_status 0 "$TOLK" analyze --db "$TMP/m.db" --format jsonl "$nl"
mv "$TMP/out" "$TMP/analyze.text"
expect_status 0 "$TOLK" analyze --db "$TMP/m.db" --format jsonl "$docs/letter-nl.odt"
if cmp -s "$TMP/analyze.text" "$TMP/out"; then pass; else fail "analyze of the ODT differs from the text's"; fi

# ---- spell: findings name the paragraph (cell, note) in the original, note marks are no words
expect_status 1 "$TOLK" spell --lang en_GB --no-termbase "$docs/structure.docx"
expect_grep "structure\.docx: paragraph 15, line 2, column 42: unknown word 'mc2'" "$TMP/out"
expect_no_grep "endnotei|footnote1" "$TMP/out" "note marks"
expect_status 1 "$TOLK" spell --lang en_GB --no-termbase --format jsonl "$docs/structure.odt"
expect_grep '"word":"mc2",.*"where":"paragraph 15, line 2, column 42","paragraph":15' "$TMP/out"
expect_status 0 "$TOLK" spell "$docs/letter-nl.docx"
# plain text is reported as before
printf 'Dit is een fuot.\n' >"$TMP/f.txt"
expect_status 1 "$TOLK" spell --no-suggestions "$TMP/f.txt"
expect_grep "^$TMP/f\.txt:1:12: unknown word 'fuot'\$" "$TMP/out"

# ---- --from
expect_status 2 "$TOLK" segment --from text "$docs/letter-nl.docx"
expect_grep "this is a Word document \(\.docx\), not plain text" "$TMP/err"
expect_status 2 "$TOLK" segment --from odt "$docs/letter-nl.docx"
expect_grep "letter-nl\.docx: not an OpenDocument text: no content\.xml" "$TMP/err"
expect_status 2 "$TOLK" segment --from docx "$nl"
expect_grep "kamerstuk-28676-348\.nl\.txt: damaged zip archive" "$TMP/err"
expect_status 2 "$TOLK" segment --from rtf "$nl"
expect_grep "unknown document format 'rtf'" "$TMP/err"
expect_status 0 "$TOLK" segment --from text "$nl"
expect_status 2 "$TOLK" align --from pdf --encoding windows-1252 "$nl" "$en"
expect_grep "encoding applies to plain text only" "$TMP/err"
expect_grep "from" "$TOLK_BUILDDIR/docs/man1/tolk-segment.1" "tolk-segment(1) has --from"

# ---- bad documents: one error, in bounded time and memory
python3 - "$TMP" <<'PY'
import sys, zipfile
d = sys.argv[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# a zip bomb posing as DOCX: 1 GB of zeros in document.xml (about 1 MB deflated), written in pieces
with zipfile.ZipFile(d + "/bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    with z.open("word/document.xml", "w", force_zip64=True) as m:
        block = b"\0" * (1 << 20)
        for _ in range(1024):
            m.write(block)
# an external entity
with zipfile.ZipFile(d + "/xxe.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               '<w:document %s><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>' % W)
# truncated XML
with zipfile.ZipFile(d + "/truncated.odt", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    z.writestr("content.xml", '<?xml version="1.0"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">\n<office:body><office:text><text:p')
PY
head -c 3000 "$docs/letter-nl.docx" >"$TMP/damaged.docx"
# Under AddressSanitizer the shadow memory alone is terabytes of address space: there only the peak
# resident size is checked, elsewhere ulimit -v enforces the bound too (as in limits.sh).
probe=$( (ulimit -v 400000 && "$TOLK" --version >/dev/null 2>&1; echo $?) 2>/dev/null)
if [ "$probe" = 0 ]; then vlimit=1; else vlimit=0; fi
for bad in "bomb.docx|bomb.docx: zip member word/document.xml inflates more than 200 times" \
	"xxe.docx|xxe.docx\(word/document\.xml\): a document type declaration" \
	"truncated.odt|truncated.odt\(content\.xml\):3:[0-9]+: not well-formed XML" \
	"damaged.docx|damaged.docx: damaged zip archive"; do
	file=${bad%%|*} msg=${bad#*|}
	for cmd in segment spell; do
		# 30 s and 400 MB are far more than any of these needs (the bomb would inflate to 1 GB)
		expect_status 2 bash -c '[ "$0" = 1 ] && ulimit -v 400000
			exec /usr/bin/time -f %M -o "$1" timeout 30 "${@:2}"' "$vlimit" "$TMP/rss" "$TOLK" $cmd "$TMP/$file"
		grep -v '^Command exited' "$TMP/err" >"$TMP/err1" && mv "$TMP/err1" "$TMP/err"
		expect_lines 1 "$TMP/err"
		expect_grep "^tolk: $TMP/$msg" "$TMP/err" "$cmd $file"
		kb=$(tail -n 1 "$TMP/rss")
		if [ "${kb:-0}" -lt 400000 ]; then pass; else fail "$cmd $file: peak RSS $kb kB"; fi
	done
done
expect_no_grep "root:" "$TMP/out" "the external entity's file"
finish
