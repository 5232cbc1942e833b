# Every TMX tolk writes is valid against tmx14.xsd, the schema OmegaT checks external TMX
# against before reading it: the aligned letter, the committed main-job TMX, a memory's
# export and a pre-translation. The schema is OmegaT's (GPL-3) and is used in place from
# ../shared, never copied: without it this test is skipped. (The DTD, which tests/data
# has, is checked by tmx_letter.sh, align_make_letter.sh, tm.sh and analyze.sh.)
. "$(dirname "$0")/lib.bash"

xsd=$(shared_or_skip schemas/tmx14.xsd)
require_file "$(dirname "$xsd")/xml.xsd"
cd "$TMP" || exit 1

SOURCE_DATE_EPOCH=1604620800 expect_status 0 "$TOLK" align --src-lang nl --tgt-lang en -o letter.tmx \
	"$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt" "$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"
expect_status 0 "$TOLK" tm import --db memory.db "$TOLK_SRCDIR/tests/data/tm/letter-sample.tmx"
expect_status 0 "$TOLK" tm export --db memory.db -o export.tmx
echo "De Ministers spraken over alle drie de aspecten van de lastenverdeling." >draft.txt
expect_status 0 "$TOLK" analyze --db memory.db --pretranslate pre.tmx draft.txt
expect_grep '<tu[ >]' pre.tmx "the pre-translation"

for f in letter.tmx "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx" export.tmx pre.tmx; do
	expect_status 0 xmllint --noout --nonet --schema "$xsd" "$f"
done
# The check can fail: a unit without xml:lang is refused by the same command.
sed '0,/<tuv xml:lang="[^"]*"/s//<tuv/' export.tmx >broken.tmx
if xmllint --noout --nonet --schema "$xsd" broken.tmx 2>/dev/null; then fail "a unit without xml:lang passed"; else pass; fi
finish
