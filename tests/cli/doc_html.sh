# HTML input (issue 16): a page like a parliamentary paper on officielebekendmakingen.nl gives its
# text without scripts or menus' markup, and an HTML file of 100 MB is read in bounded time and memory
# (DOC_HTML_MB sets the size; 10 when ulimit -v cannot be used, as under AddressSanitizer).
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null && [ -x /usr/bin/time ] || { echo "skip: python3 or GNU time absent"; exit 77; }
page="$TOLK_SRCDIR/tests/data/doc/kamerstuk.html"

expect_status 0 "$TOLK" segment --lang nl "$page"
expect_grep '^Nr\. 12 BRIEF VAN DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT$' "$TMP/out" heading
expect_grep '^Dat is meer dan verwacht\.$' "$TMP/out" sentence
expect_grep '^Zuid & West$' "$TMP/out" "table cell"
expect_grep '^1 Zie ook Kamerstuk 99 999, nr\. 11\.$' "$TMP/out" footnote
expect_no_grep 'JavaScript|zichtbaar|analytics|font-size' "$TMP/out"
# found from the content whatever the name, and --from html for standard input
cp "$page" "$TMP/page.txt"
expect_status 0 "$TOLK" segment --lang nl "$TMP/page.txt"
expect_grep '^Dat is meer dan verwacht\.$' "$TMP/out" "HTML named .txt"
expect_status 0 "$TOLK" segment --lang nl --from html - <"$page"
expect_grep '^Zuid & West$' "$TMP/out" "HTML on stdin"

# 100 MB of HTML: paragraphs, headings and lists, about 1.2 million blocks.
LIMIT_KB=2000000
probe=$( (ulimit -v $LIMIT_KB && "$TOLK" --version >/dev/null 2>&1; echo $?) 2>/dev/null)
if [ "$probe" = 0 ]; then vlimit=1; else vlimit=0; fi
mb=${DOC_HTML_MB:-$([ "$vlimit" = 1 ] && echo 100 || echo 10)}
python3 - "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt" "$TMP/big.html" "$mb" <<'PY'
import sys
paras = open(sys.argv[1], encoding='utf-8').read().split('\n\n')
want = int(sys.argv[3]) * 1024 * 1024
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    out.write('<!DOCTYPE html><html><head><meta charset="utf-8"><title>groot</title></head><body>\n')
    size, i = 0, 0
    while size < want:
        s = (f'<h2>Kop {i}</h2>\n' if i % 10 == 0 else '') + \
            f'<p>{paras[i % len(paras)].replace("&", "&amp;").replace("<", "&lt;")}</p>\n<ul><li>punt <b>{i}</b></li></ul>\n'
        out.write(s)
        size += len(s.encode())
        i += 1
    out.write('</body></html>\n')
PY
(
	if [ "$vlimit" = 1 ]; then ulimit -v $LIMIT_KB; fi
	exec /usr/bin/time -f '%M %e' -o "$TMP/time" timeout 300 "$TOLK" segment --lang nl "$TMP/big.html"
) >"$TMP/big.out" 2>"$TMP/err"
status=$?
if [ $status -eq 0 ]; then pass; else fail "${mb} MB of HTML: status $status"; tail -3 "$TMP/err" >&2; fi
read -r kb secs <"$TMP/time"
echo "${mb} MB of HTML: ${secs} s, ${kb} KB peak, $(wc -l <"$TMP/big.out") segments"
# the last paragraph is there, whole
expect_grep '^punt [0-9]+$' "$TMP/big.out" "list items"
tail -n 1 "$TMP/big.out" >"$TMP/last"
expect_grep '^punt [0-9]+$' "$TMP/last" "the last block"
finish
