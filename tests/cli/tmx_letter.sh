# The main job's TMX, checked as a translator's tool would see it: valid against tmx14.dtd
# (tmx14.xsd: tmx_schema.sh), reproducible byte for byte under SOURCE_DATE_EPOCH, no forbidden
# characters, and read unit by unit by translate-toolkit with nl-NL and en-GB sides.
# Skips until the aligner (tolk align) is part of the build.
. "$(dirname "$0")/lib.bash"

if ! "$TOLK" --help | grep -q '^   align '; then echo "skip: no tolk align in this build"; exit 77; fi
nl="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
en="$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"

for out in a b; do
	SOURCE_DATE_EPOCH=1604620800 expect_status 0 "$TOLK" align --src-lang nl --tgt-lang en -o "$TMP/$out.tmx" "$nl" "$en"
	[ "$out" = a ] && sleep 1
done
if cmp -s "$TMP/a.tmx" "$TMP/b.tmx"; then pass; else fail "two runs with the same SOURCE_DATE_EPOCH differ"; fi
expect_grep 'creationdate="20201106T000000Z"' "$TMP/a.tmx" "header date from SOURCE_DATE_EPOCH"
expect_grep '<header[^>]* creationtool="tolk"' "$TMP/a.tmx"
expect_grep '<header[^>]* srclang="nl-NL"' "$TMP/a.tmx"
expect_grep '<tuv xml:lang="nl-NL">' "$TMP/a.tmx"
expect_grep '<tuv xml:lang="en-GB">' "$TMP/a.tmx"

expect_status 0 xmllint --noout --nonet --dtdvalid "$TMX_DTD" "$TMP/a.tmx"
# Characters XML 1.0 forbids: C0 controls other than tab, LF, CR.
if LC_ALL=C grep -qP '[\x00-\x08\x0B\x0C\x0E-\x1F]' "$TMP/a.tmx"; then fail "forbidden control character"; else pass; fi

units=$(grep -c '<tu[ >]' "$TMP/a.tmx")
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'from translate.storage import tmx' 2>/dev/null; then
	expect_status 0 /usr/bin/python3 -c '
import sys
from translate.storage import tmx
store = tmx.tmxfile(open(sys.argv[1], "rb"), sourcelanguage="nl-NL", targetlanguage="en-GB")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
n = 0
for u in store.units:
    langs = [t.get(XML_LANG) for t in u.xmlelement.iter("tuv")]
    assert langs and set(langs) <= {"nl-NL", "en-GB"}, langs
    assert len(langs) == 1 or langs == ["nl-NL", "en-GB"], langs
    assert u.source or u.target, "empty unit"
    n += 1
print(n)' "$TMP/a.tmx"
	if [ "$(cat "$TMP/out")" = "$units" ]; then pass; else fail "translate-toolkit read $(cat "$TMP/out") units of $units"; fi
	expect_grep 'Lastenverdeling' "$TMP/a.tmx"
	expect_grep 'Burden sharing' "$TMP/a.tmx"
fi
finish
