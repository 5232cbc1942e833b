# tolk segment: the letter against its gold segmentation, formats, languages, SRX files, errors.
. "$(dirname "$0")/lib.bash"
letter="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
gold="$TOLK_SRCDIR/tests/data/segment/kamerstuk-28676-348.nl.gold.tsv"

# text: exactly the gold texts, one per line, nothing else on stdout
grep -v '^#' "$gold" | cut -f3 >"$TMP/gold.txt"
expect_status 0 "$TOLK" segment --lang nl "$letter"
if cmp -s "$TMP/out" "$TMP/gold.txt"; then pass; else fail "text output differs from the gold"; diff "$TMP/gold.txt" "$TMP/out" | head -5 >&2; fi
expect_status 0 "$TOLK" segment --no-lexicon "$letter"
if cmp -s "$TMP/out" "$TMP/gold.txt"; then pass; else fail "--no-lexicon output differs from the gold"; fi

# stdin, and the default format and language
expect_status 0 "$TOLK" segment - <"$letter"
if cmp -s "$TMP/out" "$TMP/gold.txt"; then pass; else fail "stdin output differs from the gold"; fi

# jsonl: id, text, byte range, paragraph, kind; the byte range really holds the text
expect_status 0 "$TOLK" segment --format jsonl "$letter"
expect_lines "$(wc -l <"$TMP/gold.txt")" "$TMP/out"
expect_grep '^\{"id":1,"text":"Nr\. 348 BRIEF VAN DE MINISTER VAN DEFENSIE","start":1,"end":43,"paragraph":1,"kind":"heading"\}$' "$TMP/out" "jsonl first line"
expect_grep '"text":"A\.Th\.B\. Bijleveld-Schouten",.*"kind":"signature"' "$TMP/out" "jsonl signature"
expect_grep '"kind":"footnote"' "$TMP/out" "jsonl footnote"
if command -v python3 >/dev/null; then
	if python3 - "$letter" "$TMP/out" "$gold" <<'EOF'
import json, re, sys
src = open(sys.argv[1], 'rb').read()
gold = [l.rstrip('\n').split('\t') for l in open(sys.argv[3], encoding='utf-8') if not l.startswith('#')]
for n, line in enumerate(open(sys.argv[2], encoding='utf-8')):
    o = json.loads(line)
    assert o['id'] == n + 1
    assert [o['kind'], str(o['paragraph']), o['text']] == gold[n], (o, gold[n])
    # the source bytes hold the text: same characters but for white space and line-end hyphens
    piece = src[o['start']:o['end']].decode('utf-8')
    assert piece[0] == o['text'][0] and piece[-1] == o['text'][-1], (o['text'], piece)
    assert re.sub(r'[\s-]', '', piece) == re.sub(r'[\s-]', '', o['text']), (o['text'], piece)
    if '\n' not in piece:
        assert re.sub(r'\s+', ' ', piece) == o['text'], (o['text'], piece)
sys.exit(0)
EOF
	then pass; else fail "jsonl fields or byte ranges do not match the gold"; fi
fi

# a byte-order mark is skipped, and the byte ranges still point into the file as it is (BOM and CRLF)
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$letter"; } >"$TMP/bom-crlf.txt"
for input in file stdin; do
	if [ $input = file ]; then
		expect_status 0 "$TOLK" segment --format jsonl "$TMP/bom-crlf.txt"
	else
		expect_status 0 "$TOLK" segment --format jsonl - <"$TMP/bom-crlf.txt"
	fi
	expect_grep '^\{"id":1,"text":"Nr\. 348 BRIEF VAN DE MINISTER VAN DEFENSIE","start":4,"end":46,' "$TMP/out" "jsonl after a BOM ($input)"
	if python3 - "$TMP/bom-crlf.txt" "$TMP/out" <<'EOF'
import json, re, sys
src = open(sys.argv[1], 'rb').read()
for line in open(sys.argv[2], encoding='utf-8'):
    o = json.loads(line)
    piece = src[o['start']:o['end']].decode('utf-8')
    assert re.sub(r'[\s-]', '', piece) == re.sub(r'[\s-]', '', o['text']), (o['text'], piece)
EOF
	then pass; else fail "byte ranges after a BOM do not hold the segments ($input)"; fi
done
printf '\xef\xbb\xbfGoed.\nab\xc3(\n' >"$TMP/bom-bad.txt"
expect_status 2 "$TOLK" segment "$TMP/bom-bad.txt"
expect_grep "^tolk: $TMP/bom-bad\.txt:2:3: invalid UTF-8 \(byte offset 11," "$TMP/err" "invalid UTF-8 after a BOM: the file's byte offset"

# English
printf 'Mr. Smith met Dr. Jones. They talked e.g. about the U.S. Army.\n' | expect_status 0 "$TOLK" segment --lang en -
expect_lines 2 "$TMP/out"
expect_grep '^They talked e\.g\. about the U\.S\. Army\.$' "$TMP/out" "English abbreviations"

# layout repair off: line breaks are spaces, hyphens stay
printf 'Er werd vooruitge-\nkeken. Klaar.\n' | expect_status 0 "$TOLK" segment --no-layout-repair -
expect_grep '^Er werd vooruitge- keken\.$' "$TMP/out" "--no-layout-repair"

# a user's SRX file replaces the defaults
cat >"$TMP/user.srx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="no"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Dutch">
        <rule break="yes"><beforebreak>:</beforebreak><afterbreak>\s\p{Lu}</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules><languagemap languagepattern="nl.*" languagerulename="Dutch"/></maprules>
  </body>
</srx>
EOF
printf 'Hij zei: Kom hier. Zie bijv. De Jong.\n' | expect_status 0 "$TOLK" segment --srx "$TMP/user.srx" -
expect_lines 4 "$TMP/out"

# a malformed SRX file: FILE:LINE: message, exit 2
sed 's|</languagerules>||' "$TMP/user.srx" >"$TMP/bad.srx"
expect_status 2 "$TOLK" segment --srx "$TMP/bad.srx" "$letter"
expect_grep "^tolk: $TMP/bad\.srx:1[0-9]:[0-9]+: malformed SRX" "$TMP/err" "malformed SRX position"
[ -s "$TMP/out" ] && fail "output written despite a bad SRX file" || pass
sed 's|<beforebreak>:</beforebreak>|<beforebreak>(:</beforebreak>|' "$TMP/user.srx" >"$TMP/regex.srx"
expect_status 2 "$TOLK" segment --srx "$TMP/regex.srx" "$letter"
expect_grep "^tolk: $TMP/regex\.srx:7: invalid regular expression in <beforebreak>" "$TMP/err" "bad regex position"
expect_status 2 "$TOLK" segment --lang en --srx "$TMP/user.srx" "$letter"
expect_grep "no language map matches the language 'en'" "$TMP/err" "SRX without the language"

# usage and input errors
expect_status 2 "$TOLK" segment --lang fr "$letter"
expect_status 2 "$TOLK" segment --format xml "$letter"
expect_status 2 "$TOLK" segment "$TMP/missing.txt"
printf 'Goed.\nab\xc3(\n' >"$TMP/bad.txt"
expect_status 2 "$TOLK" segment "$TMP/bad.txt"
expect_grep "^tolk: $TMP/bad\.txt:2:3: " "$TMP/err" "invalid UTF-8 position"
expect_status 0 "$TOLK" segment --help
expect_grep '^usage: tolk segment' "$TMP/out" "--help"
finish
