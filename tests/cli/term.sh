#!/bin/bash
# tolk term: lookup, list, edits, the check of a TMX file, and bad input.
. "$(dirname "$0")/lib.bash"
D="$TOLK_SRCDIR/tests/data/term"
SEED="$TOLK_SRCDIR/dict/termbase.tbx"
export TOLK_TERMBASE="$SEED"

# ---- lookup --------------------------------------------------------------------------------
expect_status 0 "$TOLK" term lookup lastenverdelingen
expect_grep '^lastenverdeling ' "$TMP/out" "inflected Dutch lookup"
expect_grep 'en: burden sharing' "$TMP/out"
expect_status 0 "$TOLK" term lookup --lang nl BONDGENOTEN
expect_grep '^bondgenoot ' "$TMP/out" "upper-case plural"
expect_status 0 "$TOLK" term lookup --lang en Allies
expect_grep 'nl: bondgenoot' "$TMP/out" "English plural"
expect_status 0 "$TOLK" term lookup "Women, Peace and Security"
expect_grep '^vrouwen-vrede-veiligheid' "$TMP/out" "multiword with a comma"
expect_status 0 "$TOLK" term lookup burden sharing
expect_grep '^lastenverdeling' "$TMP/out" "multiword from several arguments"
expect_status 0 "$TOLK" term lookup "wéérbaarheid"
expect_grep '^weerbaarheid' "$TMP/out" "diacritics ignored"
expect_status 0 "$TOLK" term lookup "secretaris generaal"
expect_status 1 "$TOLK" term lookup --lang en bondgenoten
expect_status 1 "$TOLK" term lookup lastenverdling
expect_grep '^  lastenverdeling → burden sharing  \(nl; concept lastenverdeling\)$' "$TMP/out" "near-miss suggestion"
expect_status 1 "$TOLK" term lookup --format jsonl lastenverdling
expect_grep '"suggestion":\{"lang":"nl","term":"lastenverdeling","concept":"lastenverdeling","distance":1\}' "$TMP/out"
expect_status 0 "$TOLK" term lookup --format jsonl Secretary-General
expect_grep '"match":\{"lang":"en","term":"Secretary-General"\}' "$TMP/out"
expect_grep '"term":"Secretary General","status":"preferred"' "$TMP/out" "jsonl carries all terms"
expect_grep '"term":"Secretary-General","status":"deprecated"' "$TMP/out"
expect_status 2 "$TOLK" term lookup --lang de Kaserne
expect_grep 'unknown language' "$TMP/err"
expect_status 2 "$TOLK" term lookup --format xml x
# --termbase also after the subcommand, as for tolk align
expect_status 0 env -u TOLK_TERMBASE "$TOLK" term lookup --termbase "$SEED" lastenverdeling
expect_grep '^lastenverdeling ' "$TMP/out"
expect_status 0 env -u TOLK_TERMBASE "$TOLK" term list -t "$SEED" --status deprecated
expect_status 0 env -u TOLK_TERMBASE "$TOLK" term lookup --termbase="$SEED" -- navo
expect_status 2 "$TOLK" term lookup navo --termbase
expect_grep "option '--termbase' needs a value" "$TMP/err"
expect_status 2 "$TOLK" term lookup ""
expect_grep '^tolk: give a term to look up' "$TMP/err"
expect_status 2 "$TOLK" term lookup " " "	"

# ---- list ------------------------------------------------------------------------------------
expect_status 0 "$TOLK" term list --format jsonl
n=$(wc -l <"$TMP/out")
if [ "$n" -ge 30 ]; then pass; else fail "seed has $n concepts, wanted >= 30"; fi
expect_status 0 "$TOLK" term list --status deprecated
expect_grep 'Secretary-General \(deprecated\)' "$TMP/out"

# ---- edits ------------------------------------------------------------------------------------
TB="$TMP/tb.tbx"
cp "$SEED" "$TB"
export TOLK_TERMBASE="$TB"
expect_status 0 "$TOLK" term add --concept kazerne --subject "military installations" --nl kazerne \
	--en barracks --pos noun --definition-en "Buildings housing military personnel."
expect_status 0 "$TOLK" term lookup kazernes
expect_grep 'en: barracks' "$TMP/out"
expect_status 0 "$TOLK" term add --concept kazerne --en caserne --status deprecated
expect_status 0 "$TOLK" term set-status kazerne en caserne superseded
expect_status 0 "$TOLK" term lookup --format jsonl caserne
expect_grep '"term":"caserne","status":"superseded"' "$TMP/out"
expect_status 0 "$TOLK" term remove kazerne en caserne
expect_status 1 "$TOLK" term lookup caserne
expect_status 2 "$TOLK" term set-status kazerne en caserne preferred
expect_grep 'no en term' "$TMP/err"
expect_status 2 "$TOLK" term add --concept kazerne --lang xx
expect_status 2 "$TOLK" term set-status kazerne en barracks favourite
# a term of white space only is refused, and the base stays readable
expect_status 2 "$TOLK" term add --concept kazerne --nl "   "
expect_grep 'empty term' "$TMP/err"
expect_status 2 "$TOLK" term add --concept kazerne --nl kazerne --pos banana
expect_grep "unknown part of speech 'banana'" "$TMP/err"
expect_status 0 "$TOLK" term lookup kazerne
expect_status 0 "$TOLK" term remove kazerne
expect_status 1 "$TOLK" term lookup kazerne
if cmp -s "$TB" "$SEED"; then pass; else fail "add then remove did not restore the term base"; fi
ls "$TMP"/tb.tbx.tmp.* >/dev/null 2>&1 && fail "temporary files left behind" || pass

# ---- round trips ---------------------------------------------------------------------------------
for fmt in tbx tbx2 omegat csv; do
	expect_status 0 "$TOLK" term -t "$SEED" export --format "$fmt" "$TMP/out.$fmt"
	rm -f "$TMP/rt.tbx"
	expect_status 0 "$TOLK" term -t "$TMP/rt.tbx" import --format "$fmt" "$TMP/out.$fmt"
	expect_status 0 "$TOLK" term -t "$TMP/rt.tbx" export --format "$fmt" "$TMP/again.$fmt"
	if cmp -s "$TMP/out.$fmt" "$TMP/again.$fmt"; then pass; else fail "$fmt round trip changed the export"; fi
	case $fmt in tbx | tbx2 | csv)
		if cmp -s "$TMP/rt.tbx" "$SEED"; then pass; else fail "$fmt round trip lost data"; fi ;;
	esac
done
expect_grep '^lastenverdeling	burden sharing	lastenverdeling: preferred\.' "$TMP/out.omegat" "OmegaT line"
expect_no_grep 'Secretary-General' "$TMP/out.omegat" "deprecated terms in the OmegaT glossary"
expect_grep '^<martif type="TBX"' "$TMP/out.tbx2"
expect_grep '<tig>' "$TMP/out.tbx2"
if xmllint --noout "$TMP/out.tbx2" "$SEED" 2>"$TMP/xmllint"; then pass; else fail "not well-formed"; fi

# translate-toolkit (what Pootle/Virtaal use) reads the TBX 2 export
if /usr/bin/python3 -c 'import translate.storage.tbx' 2>/dev/null; then
	/usr/bin/python3 - "$TMP/out.tbx2" >"$TMP/tt" 2>&1 <<'EOF'
import sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(open(sys.argv[1], 'rb'))
units = {u.getid(): u for u in store.units}
print(len(store.units))
print(units['lastenverdeling'].source, '=>', units['lastenverdeling'].target)
print(units['weerbaarheid'].source, '=>', units['weerbaarheid'].target)
EOF
	expect_grep '^lastenverdeling => burden sharing$' "$TMP/tt" "translate-toolkit reading"
	expect_grep '^weerbaarheid => resilience$' "$TMP/tt"
	# and what translate-toolkit writes comes back in (its language codes set right)
	/usr/bin/python3 - "$TMP/tt.tbx" <<'EOF'
import sys
from translate.storage import tbx
s = tbx.tbxfile()
u = s.addsourceunit('kazerne'); u.target = 'barracks'
data = bytes(s).replace(b'xml:lang="en"', b'xml:lang="nl"').replace(b'xml:lang="xx"', b'xml:lang="en"')
open(sys.argv[1], 'wb').write(data)
EOF
	rm -f "$TMP/tt-base.tbx"
	expect_status 0 "$TOLK" term -t "$TMP/tt-base.tbx" import "$TMP/tt.tbx"
	expect_status 0 "$TOLK" term -t "$TMP/tt-base.tbx" lookup kazerne
	expect_grep 'en: barracks' "$TMP/out"
else
	echo "note: translate-toolkit absent, its checks skipped"
fi

# ---- bad input leaves the term base untouched ----------------------------------------------------
cp "$SEED" "$TB"
for bad in malformed:8:20 badlang:7:29 dupid:8:26 xxe:2:51 bomb:3:74; do
	name=${bad%%:*}
	expect_status 2 "$TOLK" term import "$D/$name.tbx"
	expect_grep "^tolk: .*$name\\.tbx:${bad#*:}: " "$TMP/err" "$name error position"
	if cmp -s "$TB" "$SEED"; then pass; else fail "import of $name.tbx changed the term base"; fi
done
expect_no_grep 'TOP-SECRET' "$TMP/err" "external entity content"
# an empty or cut-short file says so (libxml2 calls both "Extra content at the end"), once
: >"$TMP/empty.tbx"
expect_status 2 "$TOLK" term import "$TMP/empty.tbx"
expect_grep '^tolk: .*empty\.tbx:1:1: not a TBX file: it holds no XML element$' "$TMP/err"
head -c 2000 "$SEED" >"$TMP/cut.tbx"
expect_status 2 "$TOLK" term import "$TMP/cut.tbx"
expect_grep 'cut\.tbx:[0-9]+:[0-9]+: malformed TBX: the file ends inside an element: is it cut short\?$' "$TMP/err"
if cmp -s "$TB" "$SEED"; then pass; else fail "failed imports changed the term base"; fi
expect_status 2 "$TOLK" term check "$TMP"
expect_lines 1 "$TMP/err"
expect_grep ': is a directory$' "$TMP/err"
"$TOLK" term -t "$D/xxe.tbx" list >"$TMP/out" 2>&1
expect_no_grep 'TOP-SECRET' "$TMP/out" "external entity content"
# an id that already exists in the base is merged, a duplicate inside one file is an error
printf 'concept,lang,term\nlastenverdeling,en,burden-sharing arrangement\nx1,de,Lastenteilung\n' >"$TMP/bad.csv"
expect_status 2 "$TOLK" term import "$TMP/bad.csv"
expect_grep 'bad\.csv:3:1: unknown language' "$TMP/err"
if cmp -s "$TB" "$SEED"; then pass; else fail "failed CSV import changed the term base"; fi
# a foreign OmegaT glossary's comments are notes, never concept ids: "Source: EU" used to put
# unrelated rows into one concept "Source", and "navo: ..." rows into our concept navo
printf 'vliegtuig\taircraft\tSource: EU glossary\nschip\tship\tSource: EU glossary\nluchtmacht\tair force\tnavo: Air arm\n' \
	>"$TMP/foreign.txt"
expect_status 0 "$TOLK" term import "$TMP/foreign.txt"
expect_grep '^3 concepts added' "$TMP/err"
expect_status 0 "$TOLK" term lookup --format jsonl vliegtuig
expect_no_grep '"ship"' "$TMP/out" "a foreign comment grouping rows"
expect_grep '"term":"aircraft","status":"preferred","note":"Source: EU glossary"' "$TMP/out"
expect_status 0 "$TOLK" term lookup --format jsonl NAVO
expect_no_grep 'air force|Air arm' "$TMP/out" "a foreign row merged into concept navo"
cp "$SEED" "$TB"
# what XML cannot carry is refused where it is, not written into a base the reader then refuses
printf 'concept,lang,term,context\nk9,nl,kazerne,"een \003kazerne"\n' >"$TMP/ctl.csv"
expect_status 2 "$TOLK" term import "$TMP/ctl.csv"
expect_grep 'ctl\.csv:2:1: context contains a control character' "$TMP/err"
expect_status 0 "$TOLK" term list
if cmp -s "$TB" "$SEED"; then pass; else fail "failed import changed the term base"; fi
# a context stays with its term when the term comes padded or the language as en_GB
printf 'concept,lang,term,context\nk9,en_GB, barracks ,the barracks\n' >"$TMP/ctx.csv"
expect_status 0 "$TOLK" term import "$TMP/ctx.csv"
expect_status 0 "$TOLK" term lookup --format jsonl barracks
expect_grep '"lang":"en-GB","term":"barracks","status":"preferred","context":"the barracks"' "$TMP/out"
cp "$SEED" "$TB"
printf 'lastenverdeling\n' >"$TMP/bad.txt"
expect_status 2 "$TOLK" term import "$TMP/bad.txt"
expect_grep 'bad\.txt:1:1:' "$TMP/err"

# ---- two concurrent writers lose nothing ---------------------------------------------------------
cp "$SEED" "$TB"
writer() { for i in $(seq 1 20); do "$TOLK" term add --concept "w$1-$i" --nl "woord$1x$i" || echo FAIL; done; }
writer a >"$TMP/wa" 2>&1 &
pa=$!
writer b >"$TMP/wb" 2>&1 &
pb=$!
wait $pa $pb
expect_no_grep FAIL "$TMP/wa"
expect_no_grep FAIL "$TMP/wb"
"$TOLK" term list --format jsonl >"$TMP/all"
for w in a b; do
	n=$(grep -c "\"id\":\"w$w-" "$TMP/all")
	if [ "$n" -eq 20 ]; then pass; else fail "writer $w: $n of 20 concepts survived"; fi
done

# ---- check ------------------------------------------------------------------------------------------
export TOLK_TERMBASE="$SEED"
expect_status 1 "$TOLK" term check "$D/check.tmx"
expect_lines 3 "$TMP/out"
# the unit by its tuid, the term's characters counted from 1 (weerbaarheid is the 48th to 59th)
expect_grep ':9: tuid missing-2: nl "weerbaarheid" \(characters 48-59, concept weerbaarheid\) but en lacks "resilience"$' "$TMP/out"
expect_grep ':13: tuid deprecated-3: en "Secretary-General" \(characters 5-21, concept secretaris-generaal-navo\) is deprecated; use "Secretary General"$' "$TMP/out"
expect_grep 'tuid deprecated-5: en "resistance"' "$TMP/out"
expect_no_grep 'ok-' "$TMP/out" "units using the approved terms (Allies for bondgenoten)"
expect_status 1 "$TOLK" term check --format jsonl "$D/check.tmx"
expect_grep '"tuid":"missing-2","unit":2,"line":9,"kind":"missing","concept":"weerbaarheid","lang":"nl","term":"weerbaarheid","found":"weerbaarheid","start":47,"end":59,"expected":"resilience"' "$TMP/out"
expect_status 0 "$TOLK" term check "$D/clean.tmx"
expect_status 2 "$TOLK" term check "$D/malformed.tbx"
# a memory of another language pair is not "clean": nothing in it could be checked
cat >"$TMP/enfr.tmx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>burden sharing</seg></tuv><tuv xml:lang="fr"><seg>partage du fardeau</seg></tuv></tu>
</body></tmx>
EOF
expect_status 2 "$TOLK" term check "$TMP/enfr.tmx"
expect_grep "^tolk: .*enfr\\.tmx: no unit has both a Dutch \\(nl\\) and an English \\(en\\) variant" "$TMP/err"

finish
