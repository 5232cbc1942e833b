# The main job from documents (issue 16): the Dutch letter as a PDF (tests/data/doc, written by
# tests/doc/textpdf.py) aligned against its English translation as a DOCX (tests/docgen.py) gives
# the same TMX, byte for byte, as the two text files, and the committed tm/kamerstuk-28676-348.nl-en.tmx.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "skip: python3 absent"; exit 77; }
nl="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
en="$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"
pdf="$TOLK_SRCDIR/tests/data/doc/kamerstuk-28676-348.nl.pdf"
committed="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
[ -f "$en" ] || { echo "skip: no English reference translation"; exit 77; }
expect_status 0 python3 "$TOLK_SRCDIR/tests/docgen.py" "$TMP/docs"
docx="$TMP/docs/letter-en.docx"
require_file "$docx"

# the committed memory's own date, so that the comparison is about content (as align_make_letter.sh)
epoch=1604620800
stamp=$(sed -n 's/.*<header[^>]* creationdate="\([0-9]\{8\}T[0-9]\{6\}Z\)".*/\1/p' "$committed")
[ -n "$stamp" ] && epoch=$(date -u -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" +%s)
export SOURCE_DATE_EPOCH=$epoch
tb=(--termbase "$TOLK_SRCDIR/dict/termbase.tbx")
expect_status 0 "$TOLK" align --src-lang nl --tgt-lang en "${tb[@]}" -o "$TMP/text.tmx" "$nl" "$en"
expect_status 0 "$TOLK" align --src-lang nl --tgt-lang en "${tb[@]}" --summary -o "$TMP/doc.tmx" "$pdf" "$docx"
expect_grep '^Units: [0-9]+, written to ' "$TMP/out" summary
if cmp -s "$TMP/text.tmx" "$TMP/doc.tmx"; then pass; else fail "PDF + DOCX give another TMX than the text files"; diff "$TMP/text.tmx" "$TMP/doc.tmx" | head -10 >&2; fi
if cmp -s "$TMP/doc.tmx" "$committed"; then pass; else fail "PDF + DOCX differ from the committed $committed"; fi
expect_status 0 xmllint --noout --nonet --dtdvalid "$TMX_DTD" "$TMP/doc.tmx"
# the other way round too: the Dutch DOCX against an English PDF
expect_status 0 python3 "$TOLK_SRCDIR/tests/doc/textpdf.py" "$en" "$TMP/en.pdf"
expect_status 0 "$TOLK" align --src-lang nl --tgt-lang en "${tb[@]}" -o "$TMP/doc2.tmx" "$TMP/docs/letter-nl.docx" "$TMP/en.pdf"
if cmp -s "$TMP/text.tmx" "$TMP/doc2.tmx"; then pass; else fail "DOCX + PDF give another TMX than the text files"; diff "$TMP/text.tmx" "$TMP/doc2.tmx" | head -10 >&2; fi
finish
