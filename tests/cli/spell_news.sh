# tolk spell on news: names, loanwords and headlines are no findings; typos still are.
. "$(dirname "$0")/lib.bash"
cd "$TOLK_SRCDIR" || exit 1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$TOLK_SRCDIR/tests/data/spell/hunspell.asan.supp"

# Foreign names used once, a first name starting a sentence, a title, a name in a
# hyphenated compound, a loanword, a headline without a period: all correct Dutch.
cat >"$TMP/news.txt" <<'TXT'
Gendon Subandono, de coach van het team, sprak met dhr. Merriweather in Liupanshui.
Minister Mike Pompeo bezocht de Mentawai-eilanden, zei inspecteur O'Hagan.
Een startup verkoopt food via het merk Truly, aldus de foursome-sessie.
Kinderen houden accounts geheim
Eén op de vijf kinderen heeft een geheim account.
TXT
expect_status 0 "$TOLK" spell --no-termbase "$TMP/news.txt"
expect_lines 0 "$TMP/out"
expect_status 0 "$TOLK" spell --no-termbase --explain "$TMP/news.txt"
expect_grep ':2:15: Pompeo: name$' "$TMP/out" "--explain name"
expect_grep ':2:33: Mentawai-eilanden: name$' "$TMP/out" "--explain name compound"
expect_grep ':3:5: startup: english$' "$TMP/out" "--explain loanword"

# The same text with typos: each is found, with the intended word first.
sed -e 's/Mentawai-eilanden/Mentawai-eilnaden/; s/startup/startpu/; s/Eén op/Eén op de vjif/; s/dhr\. Merriweather/dhr. Merriweather en Amsterdma/' \
	"$TMP/news.txt" >"$TMP/typos.txt"
expect_status 1 "$TOLK" spell --no-termbase "$TMP/typos.txt"
expect_grep "unknown word 'Amsterdma' \(did you mean: Amsterdam" "$TMP/out" "typo of a listed name"
expect_grep "unknown word 'Mentawai-eilnaden'" "$TMP/out" "typo in a name compound"
expect_grep "unknown word 'vjif' \(did you mean: vijf" "$TMP/out" "typo after a headline"
expect_grep "unknown word 'startpu'" "$TMP/out" "typo of a loanword"

# The NTREX-128 Dutch reference (correct professional Dutch): before the names,
# loanword, compound and headline rules it gave 516 findings in its 46,813 words; at
# most 400 are allowed (8.5 per 1,000 words), and the translators' own typos are
# still found. The part of it in tests/data (24 documents, those typos among them)
# is held to the same rate; all of it, when ../shared is present, to the 400.
ntrex_check() { # ntrex_check FILE MAX-FINDINGS
	expect_status 1 "$TOLK" spell --no-suggestions --list "$1"
	local n; n=$(wc -l <"$TMP/out")
	[ "$n" -le "$2" ] && pass || fail "$1: $n findings, wanted at most $2"
	for typo in linebakcer onbekwaamom antwoorde Segrio; do
		expect_grep "^$typo\$" "$TMP/out" "NTREX typo $typo"
	done
}
part="$TOLK_SRCDIR/tests/data/ntrex128/newstest2019-ref.nld.txt"
require_file "$part"
ntrex_check "$part" $(( $(wc -w <"$part") * 400 / 46813 ))
full="$TOLK_SHARED/data/ntrex128/newstest2019-ref.nld.txt"
if [ -e "$full" ]; then
	ntrex_check "$full" 400
else
	echo "note: $full absent: checked on the part of NTREX-128 in tests/data only"
fi
finish
