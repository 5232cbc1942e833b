# tolk segment on every case of tests/data/segment/cases.LANG.txt (format at the top of cases.en.txt):
# the same cases the unit test runs through the library, here through the command line (no line-end
# hyphens in them, so --no-lexicon: no Hunspell load per case).
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "SKIP: python3 is needed to read the case files"; exit 77; }

for lang in en nl; do
	file="$TOLK_SRCDIR/tests/data/segment/cases.$lang.txt"
	rm -rf "$TMP/cases" && mkdir "$TMP/cases"
	# one CASE.in and CASE.want per case; CASE.title names it
	python3 - "$file" "$TMP/cases" <<'PY'
import re, sys
unesc = lambda s: re.sub(r'\\u([0-9A-Fa-f]{4})', lambda m: chr(int(m.group(1), 16)), s)
cases, cur, state = [], None, 0
for line in open(sys.argv[1], encoding='utf-8').read().split('\n'):
    if line.startswith('=== '):
        cur = [line[4:], [], []]; cases.append(cur); state = 1
    elif state == 1 and line == '---':
        state = 2
    elif state == 1:
        cur[1].append(unesc(line))
    elif state == 2 and line.strip() and not line.startswith('#'):
        cur[2].append(unesc(line))
for n, (title, inp, want) in enumerate(cases):
    while inp and inp[-1] == '':
        inp.pop()
    base = f'{sys.argv[2]}/{n:03d}'
    open(base + '.title', 'w', encoding='utf-8').write(title + '\n')
    open(base + '.in', 'w', encoding='utf-8').write('\n'.join(inp) + '\n')
    open(base + '.want', 'w', encoding='utf-8').write(''.join(w + '\n' for w in want))
PY
	count=$(ls "$TMP/cases"/*.in | wc -l)
	[ "$count" -ge 30 ] || fail "$lang: only $count cases read from $file"
	for input in "$TMP/cases"/*.in; do
		base=${input%.in}
		expect_status 0 "$TOLK" segment --lang "$lang" --no-lexicon "$input"
		if cmp -s "$TMP/out" "$base.want"; then
			pass
		else
			fail "$lang: $(cat "$base.title")"
			diff "$base.want" "$TMP/out" | head -8 >&2
		fi
	done
done
# the kind, too: a wrapped "*" item whose first line ends in a comma is a list item, not a signature
printf 'Release notes\n\n* Faster start-up, a new spell checker,\n  and numerous upgraded\n  tools, among them\n  the term base\n' >"$TMP/wrapped.txt"
expect_status 0 "$TOLK" segment --lang en --no-lexicon --format jsonl "$TMP/wrapped.txt"
expect_lines 2 "$TMP/out"
expect_grep '"text":"\* Faster start-up, a new spell checker, and numerous upgraded tools, among them the term base",.*"kind":"list-item"' "$TMP/out" "wrapped item"
expect_no_grep '"kind":"signature"' "$TMP/out" "wrapped item"
finish
