#!/bin/bash
# tolk term as a new user meets it: near misses with their translation, duplicates refused,
# edits that say what they did, did-you-mean, export extensions, help, and running elsewhere.
. "$(dirname "$0")/lib.bash"
SEED="$TOLK_SRCDIR/dict/termbase.tbx"
TB="$TMP/tb.tbx"
cp "$SEED" "$TB"
export TOLK_TERMBASE="$TB"

# ---- near misses show the approved equivalent (dict/termbase.tbx: lastenverdeling = burden sharing, preferred)
grep -q '<term>burden sharing</term>' "$SEED" && pass || fail "the seed lacks 'burden sharing'"
expect_status 1 "$TOLK" term lookup lastenverdling
expect_grep '^  lastenverdeling → burden sharing  \(nl; concept lastenverdeling\)$' "$TMP/out" "text near miss"
expect_status 1 "$TOLK" term lookup --format jsonl lastenverdling
expect_grep '"suggestion":\{"lang":"nl","term":"lastenverdeling","concept":"lastenverdeling","distance":1\},"approved":\{"lang":"en","term":"burden sharing","status":"preferred"\}\}$' "$TMP/out" "jsonl near miss"
# from the English side: the Dutch term
expect_status 1 "$TOLK" term lookup --lang en resiliance
expect_grep '^  resilience → weerbaarheid ' "$TMP/out" "English near miss"

# ---- term lookup WORD...: the words are one term
expect_status 0 "$TOLK" term lookup --help
expect_grep '^usage: tolk term lookup \[options\] WORD\.\.\.' "$TMP/out"
expect_grep 'one term' "$TMP/out"
expect_status 0 "$TOLK" term lookup burden sharing
expect_grep '^lastenverdeling ' "$TMP/out"
expect_status 1 "$TOLK" term lookup lastenverdeling weerbaarheid
expect_grep "no term 'lastenverdeling weerbaarheid'" "$TMP/out" "two words are one phrase"

# ---- tolk help term lookup is the subcommand's help
expect_status 0 "$TOLK" help term lookup
expect_grep '^usage: tolk term lookup' "$TMP/out" "help for a subcommand"
expect_status 0 "$TOLK" help tm lookup
expect_grep '^usage: tolk tm lookup' "$TMP/out"
expect_status 0 "$TOLK" help term
expect_grep '^Subcommands' "$TMP/out"

# ---- add: a term already there, or there in other capitals, is refused unless --force
expect_status 0 "$TOLK" term add --concept kazerne --nl kazerne --en barracks
expect_status 2 "$TOLK" term add --nl kazerne
expect_grep "^tolk: 'kazerne' \(nl\) is already a term of concept 'kazerne'.*--force" "$TMP/err" "duplicate refused"
expect_status 2 "$TOLK" term add --en ally
expect_grep "'ally' \(en\) differs only in case from 'Ally' in concept 'bondgenoot'.*--force" "$TMP/err" "case variant refused"
expect_status 2 "$TOLK" term add --concept bondgenoot --en ally
cp "$TB" "$TMP/before.tbx"
expect_status 2 "$TOLK" term add --concept nieuw --nl Kazerne
if cmp -s "$TB" "$TMP/before.tbx"; then pass; else fail "a refused add changed the term base"; fi
expect_status 0 "$TOLK" term add --en ally --force
expect_grep "warning: 'ally' \(en\) differs only in case" "$TMP/err" "--force warns"
# the same term again in its own concept updates it
expect_status 0 "$TOLK" term add --concept kazerne --en barracks --pos noun
expect_status 0 "$TOLK" term lookup --format jsonl barracks
expect_grep '"term":"barracks","status":"preferred","part_of_speech":"noun"' "$TMP/out"

# ---- set-status and remove say what they did; unknown ids get a suggestion
expect_status 0 "$TOLK" term set-status lastenverdeling en burden-sharing deprecated
expect_grep "^en term 'burden-sharing' of concept 'lastenverdeling': deprecated, was admitted$" "$TMP/out"
expect_status 0 "$TOLK" term set-status lastenverdeling en burden-sharing deprecated
expect_grep "already deprecated; nothing changed" "$TMP/out"
expect_status 2 "$TOLK" term set-status lastenverdelin en burden-sharing admitted
expect_grep "no concept 'lastenverdelin'; did you mean 'lastenverdeling'\?" "$TMP/err" "concept did-you-mean"
expect_status 0 "$TOLK" term remove kazerne en barracks
expect_grep "^removed en term 'barracks' from concept 'kazerne'$" "$TMP/out"
expect_status 0 "$TOLK" term remove kazerne
expect_grep "^removed concept 'kazerne' \(1 term\)$" "$TMP/out"
expect_status 2 "$TOLK" term remove kazerne
expect_status 2 "$TOLK" term remove weerbaarhied
expect_grep "did you mean 'weerbaarheid'" "$TMP/err"
# the README's set-status example changes the seed
grep -q 'tolk term set-status lastenverdeling en burden-sharing deprecated' "$TOLK_SRCDIR/README.md" && pass ||
	fail "README set-status example"

# ---- misspelled subcommands
expect_status 2 "$TOLK" term lookp x
expect_grep "'lookp' is not a term subcommand; did you mean 'lookup'\?" "$TMP/err"
expect_status 2 "$TOLK" term frobnicate
expect_no_grep "did you mean" "$TMP/err" "no suggestion for a word unlike any"

# ---- export: the extension chooses the format; others are refused
expect_status 2 "$TOLK" term export "$TMP/glossary.xlsx"
expect_grep "unknown extension '\.xlsx'.*\.tbx.*\.csv.*\.txt" "$TMP/err" "unknown extension"
[ -e "$TMP/glossary.xlsx" ] && fail "glossary.xlsx written" || pass
expect_status 0 "$TOLK" term export "$TMP/glossary.csv"
expect_grep '^concept,' "$TMP/glossary.csv"
expect_status 0 "$TOLK" term export --format tbx "$TMP/glossary.xlsx"

# ---- run from another folder with nothing set: how to point at the term base
mkdir -p "$TMP/elsewhere"
(cd "$TMP/elsewhere" && env -u TOLK_TERMBASE TOLK_DATADIR="$TMP/elsewhere" "$TOLK" term lookup navo) >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && pass || fail "lookup elsewhere: exit"
expect_grep "--termbase FILE.*TOLK_TERMBASE.*TOLK_DATADIR" "$TMP/err" "term base hint"
(cd "$TMP/elsewhere" && env -u TOLK_TERMBASE TOLK_DATADIR="$TMP/elsewhere" "$TOLK" term lookup --termbase "$SEED" navo) \
	>"$TMP/out" 2>"$TMP/err" && pass || fail "lookup elsewhere with --termbase"
finish
