# The main job's alignment against our own gold (tests/data/align/letter.gold): every unit
# of the letter right and none missing, with the term base (as make-letter runs it) and
# without it. Units are compared ignoring case, spaces and ASCII punctuation.
. "$(dirname "$0")/lib.bash"

nl="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
en="$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"
gold="$TOLK_SRCDIR/tests/data/align/letter.gold"
[ -f "$en" ] || { echo "skip: no English reference translation yet"; exit 77; }

normalise() { perl -ne 'next if /^#/; chomp; $_ = lc; s/[^\x80-\xffa-z0-9\t]//g; print "$_\n"'; }
normalise <"$gold" >"$TMP/gold"
expect_lines 67 "$TMP/gold"

for tb in "--termbase $TOLK_SRCDIR/dict/termbase.tbx" ""; do
	# shellcheck disable=SC2086 # $tb is an option and its value, or nothing
	expect_status 0 "$TOLK" align --src-lang nl --tgt-lang en $tb --format tsv "$nl" "$en"
	cut -f2,3 "$TMP/out" | normalise >"$TMP/units"
	if diff "$TMP/gold" "$TMP/units" >"$TMP/diff"; then
		pass
	else
		fail "alignment ${tb:+with the term base }differs from the gold:"
		head -20 "$TMP/diff" | cut -c1-160 >&2
	fi
done

# The beads cover every segment of both sides once, in order.
expect_status 0 "$TOLK" align --format beads "$nl" "$en"
expect_grep '^\[0\]:\[0\]$' "$TMP/out" "first bead"
perl -ne '
	/^\[([0-9, ]*)\]:\[([0-9, ]*)\]$/ or die "bad bead line: $_";
	for my $side (0, 1) {
		for my $id (split /, /, $side ? $2 : $1) { $id == $next[$side]++ or die "segment $id out of order\n"; }
	}
	END { print "$next[0] $next[1]\n" }' "$TMP/out" >"$TMP/counts" 2>"$TMP/err"
nseg_nl=$("$TOLK" segment --lang nl "$nl" | wc -l)
nseg_en=$("$TOLK" segment --lang en "$en" | wc -l)
expect_grep "^$nseg_nl $nseg_en\$" "$TMP/counts" "segments covered (nl en)"
finish
