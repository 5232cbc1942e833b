# The main job (tm/make-letter, run by `cmake --build build --target letter`) in a sandbox:
# it prints the summary, writes a TMX valid against tmx14.dtd (tmx14.xsd: tmx_schema.sh), byte for byte
# the same on a second run, and the same as the committed tm/kamerstuk-28676-348.nl-en.tmx.
. "$(dirname "$0")/lib.bash"

committed="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
[ -f "$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt" ] || { echo "skip: no English translation yet"; exit 77; }
box="$TMP/box"
mkdir -p "$box/tm" "$box/dict"
cp "$TOLK_SRCDIR/tm/make-letter" "$TOLK_SRCDIR"/tm/kamerstuk-28676-348.*.txt "$box/tm/"
cp "$TOLK_SRCDIR/dict/termbase.tbx" "$box/dict/"
# The committed file's own date, so that the comparison is about content.
epoch=1604620800
if [ -f "$committed" ]; then
	stamp=$(sed -n 's/.*<header[^>]* creationdate="\([0-9]\{8\}T[0-9]\{6\}Z\)".*/\1/p' "$committed")
	[ -n "$stamp" ] && epoch=$(date -u -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" +%s)
fi

for run in 1 2; do
	(cd "$box" && SOURCE_DATE_EPOCH=$epoch TOLK="$TOLK" bash tm/make-letter) >"$TMP/out" 2>"$TMP/err"
	if [ $? -eq 0 ]; then pass; else fail "make-letter failed"; sed 's/^/  /' "$TMP/err" >&2; fi
	cp "$box/tm/kamerstuk-28676-348.nl-en.tmx" "$TMP/run$run.tmx" 2>/dev/null
done
if cmp -s "$TMP/run1.tmx" "$TMP/run2.tmx"; then pass; else fail "two runs differ"; fi
expect_grep '^Segments: [0-9]+ in tm/kamerstuk-28676-348.nl.txt, [0-9]+ in tm/kamerstuk-28676-348.en.txt$' "$TMP/out" summary
expect_grep '^Units: [0-9]+, written to tm/kamerstuk-28676-348.nl-en.tmx$' "$TMP/out" summary
expect_grep '^Beads: 1-1 [0-9]+' "$TMP/out" summary
expect_grep '^Lowest-scoring pairs' "$TMP/out" summary
units=$(grep -c '<tu ' "$TMP/run1.tmx")
expect_grep "^Units: $units," "$TMP/out" "units in the summary and the file"
expect_grep '<prop type="x-tolk-bead">2-1</prop>' "$TMP/run1.tmx" "bead props"

for f in "$TMP/run1.tmx" "$committed"; do
	expect_status 0 xmllint --noout --nonet --dtdvalid "$TMX_DTD" "$f"
done

if cmp -s "$TMP/run1.tmx" "$committed"; then
	pass
else
	fail "tm/kamerstuk-28676-348.nl-en.tmx is out of date: run 'cmake --build build --target letter'"
fi
finish
