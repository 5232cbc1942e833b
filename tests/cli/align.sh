# tolk align: formats, presegmented input, summary, errors and exit statuses, no half files.
. "$(dirname "$0")/lib.bash"

cat >"$TMP/a.nl" <<'T'
De Ministers spraken over lastenverdeling (cash, capabilities en contributions).

Tijdens de bijeenkomst werd het Defence Capability Review Report vastgesteld.
Het overzicht is gedeeld met uw Kamer (Kamerstuk 28 676, nr. 347).
Daarin komt deze urgentie ook aan bod.
Nederland vroeg aandacht voor de vooruitgang van de afgelopen jaren.
T
cat >"$TMP/a.en" <<'T'
Ministers discussed burden sharing: cash, capabilities and contributions.
During the meeting, the Defence Capability Review Report was adopted.
The overview was shared with your House (Parliamentary Paper 28 676, no. 347), which also addresses this urgency.
The Netherlands called for attention to the progress of recent years.
T

expect_status 0 "$TOLK" align --presegmented --format beads "$TMP/a.nl" "$TMP/a.en"
printf '[0]:[0]\n[1]:[1]\n[2, 3]:[2]\n[4]:[3]\n' >"$TMP/want"
if cmp -s "$TMP/want" "$TMP/out"; then pass; else fail "beads differ:"; diff "$TMP/want" "$TMP/out" >&2; fi

expect_status 0 "$TOLK" align --presegmented -f tsv "$TMP/a.nl" "$TMP/a.en"
expect_lines 4 "$TMP/out"
if awk -F'\t' 'NF != 3 || $1 !~ /^[01]\.[0-9][0-9][0-9]$/ {bad=1} END {exit bad}' "$TMP/out"; then pass; else fail "tsv columns"; fi
expect_grep $'\tHet overzicht is gedeeld .* Daarin komt deze urgentie ook aan bod\.\t' "$TMP/out" "2-1 unit in tsv"

# TMX to a file, with the summary on standard output.
expect_status 0 "$TOLK" align --presegmented --summary -o "$TMP/a.tmx" "$TMP/a.nl" "$TMP/a.en"
expect_grep '^Segments: 5 in .*a\.nl, 4 in .*a\.en$' "$TMP/out" summary
expect_grep '^Units: 4, written to ' "$TMP/out" summary
expect_grep '^Beads: 1-1 3 2-1 1$' "$TMP/out" summary
expect_grep '^Lowest-scoring pairs' "$TMP/out" summary
expect_grep '<tuv xml:lang="nl-NL">' "$TMP/a.tmx"
expect_grep '<tuv xml:lang="en-GB">' "$TMP/a.tmx"
expect_grep '<prop type="x-tolk-bead">2-1</prop>' "$TMP/a.tmx"
expect_grep '<prop type="x-tolk-score">[01]\.[0-9]{3}</prop>' "$TMP/a.tmx"
# TMX on standard output; the summary then goes to standard error.
expect_status 0 "$TOLK" align --presegmented --summary --src-lang nl-BE --tgt-lang en_US "$TMP/a.nl" "$TMP/a.en"
expect_grep '^<\?xml' "$TMP/out" "TMX on stdout"
expect_grep 'srclang="nl-BE"' "$TMP/out"
expect_grep '<tuv xml:lang="en-US">' "$TMP/out"
expect_grep '^Units: 4$' "$TMP/err" "summary on stderr"
cd "$TMP" || exit 1
expect_status 0 "$TOLK" align --presegmented -f beads -o - a.nl a.en
cd - >/dev/null || exit 1
expect_lines 4 "$TMP/out"
if [ -e "$TMP/-" ]; then fail "-o - wrote a file named '-'"; else pass; fi

# Without --presegmented the segmenter splits the paragraphs.
printf 'Eerste zin. Tweede zin met 42 woorden.\n\nDerde zin.\n' >"$TMP/b.nl"
printf 'First sentence. Second sentence with 42 words.\n\nThird sentence.\n' >"$TMP/b.en"
expect_status 0 "$TOLK" align -f beads "$TMP/b.nl" "$TMP/b.en"
printf '[0]:[0]\n[1]:[1]\n[2]:[2]\n' >"$TMP/want"
if cmp -s "$TMP/want" "$TMP/out"; then pass; else fail "segmented beads differ"; cat "$TMP/out" >&2; fi
# Language tags ignore case, for the segmenter too.
expect_status 0 "$TOLK" align --src-lang NL --tgt-lang EN_gb "$TMP/b.nl" "$TMP/b.en"
expect_grep 'srclang="nl-NL"' "$TMP/out"
expect_grep '<tuv xml:lang="en-gb">' "$TMP/out"
expect_status 0 "$TOLK" align --length-only -f beads "$TMP/b.nl" "$TMP/b.en"
expect_status 0 "$TOLK" align --no-dictionary -f beads "$TMP/b.nl" "$TMP/b.en"

# Errors: exit 2, positioned messages, and an existing output file left alone.
echo "keep me" >"$TMP/keep.tmx"
printf 'goed\nfout \xC3(\n' >"$TMP/bad.nl"
expect_status 2 "$TOLK" align --presegmented -o "$TMP/keep.tmx" "$TMP/bad.nl" "$TMP/a.en"
expect_grep "^tolk: .*bad\.nl:2:6: " "$TMP/err" "invalid UTF-8 position"
expect_grep '^keep me$' "$TMP/keep.tmx" "untouched output"
expect_status 2 "$TOLK" align --presegmented -f beads "$TMP/nonexistent.nl" "$TMP/a.en"
expect_grep 'nonexistent\.nl' "$TMP/err"
expect_status 2 "$TOLK" align -f xml "$TMP/a.nl" "$TMP/a.en"
expect_grep "unknown format 'xml'" "$TMP/err"
expect_status 2 "$TOLK" align "$TMP/a.nl"
expect_status 2 "$TOLK" align --termbase "$TMP/nonexistent.tbx" "$TMP/a.nl" "$TMP/a.en"
expect_status 2 "$TOLK" align --src-lang de "$TMP/b.nl" "$TMP/b.en"
expect_status 2 "$TOLK" align --presegmented -o "$TMP/no/such/dir/x.tmx" "$TMP/a.nl" "$TMP/a.en"
# A language tag xml:lang cannot hold is refused before anything is written, naming the option.
expect_status 2 "$TOLK" align --presegmented --tgt-lang 'en GB' "$TMP/a.nl" "$TMP/a.en"
expect_lines 0 "$TMP/out"
expect_lines 1 "$TMP/err"
expect_grep "^tolk: --tgt-lang: not a language tag: \"en GB\"" "$TMP/err"
expect_status 2 "$TOLK" align --presegmented -f beads --src-lang x1 "$TMP/a.nl" "$TMP/a.en"
expect_grep "^tolk: --src-lang: " "$TMP/err"
# A standard output that fails is reported once, for every format.
if [ -w /dev/full ]; then
	for f in tmx tsv beads; do
		"$TOLK" align --presegmented -f "$f" "$TMP/a.nl" "$TMP/a.en" >/dev/full 2>"$TMP/err"
		if [ $? -eq 2 ]; then pass; else fail "$f to /dev/full: exit status"; fi
		expect_lines 1 "$TMP/err"
	done
fi
# Characters XML cannot carry are left out of the TMX, with a warning.
printf 'Een \001zin.\n' >"$TMP/ctl.nl"
printf 'A sentence\037.\n' >"$TMP/ctl.en"
expect_status 0 "$TOLK" align --presegmented -o "$TMP/ctl.tmx" "$TMP/ctl.nl" "$TMP/ctl.en"
expect_grep '^tolk: warning: 2 characters that XML cannot carry' "$TMP/err"
expect_grep '<seg>Een zin.</seg>' "$TMP/ctl.tmx"

# Empty inputs are not an error: nothing to align gives an empty alignment.
: >"$TMP/empty"
expect_status 0 "$TOLK" align --presegmented -f beads "$TMP/empty" "$TMP/empty"
expect_lines 0 "$TMP/out"
expect_status 0 "$TOLK" align --presegmented -f beads "$TMP/empty" "$TMP/a.en"
expect_lines 4 "$TMP/out"
finish
