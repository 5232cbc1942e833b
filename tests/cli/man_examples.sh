# Every example of the manual pages runs as written, in the top folder of a copy
# of tolk's source (the letter in tm/, the term base in dict/), each page's
# examples in order: exit status 0 or 1 (findings), never a usage or input error.
source "$(dirname "$0")/lib.bash"
MAN="$TOLK_BUILDDIR/docs/man1"
[ -d "$MAN" ] || { fail "$MAN missing: the build makes the pages (cmake/Docs.cmake)"; finish; }
unroff() { sed -e 's/\\f[BIR]//g' -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\e/\\/g' -e 's/^\\&//'; }

export PATH="$(dirname "$TOLK"):$PATH" HOME="$TMP/home" TOLK_NO_CACHE=1
unset TOLK_DATADIR TOLK_TERMBASE
total=0
for f in "$MAN"/*.1; do
	page=$(basename "$f" .1)
	work="$TMP/$page"
	mkdir -p "$work/tm" "$work/dict" "$work/src/data" "$HOME"
	cp "$TOLK_SRCDIR"/tm/*.txt "$TOLK_SRCDIR"/tm/*.tmx "$work/tm/"
	cp "$TOLK_SRCDIR"/dict/* "$work/dict/"
	cp "$TOLK_SRCDIR"/src/data/* "$work/src/data/"
	mkdir -p "$work/tests/data/documents" && cp "$TOLK_SRCDIR"/tests/data/documents/* "$work/tests/data/documents/"
	awk '/^\.SH EXAMPLES/{on=1;next} /^\.SH/{on=0} on && /^\.nf/{code=1;next} on && /^\.fi/{code=0} on && code' "$f" |
		unroff >"$TMP/examples"
	n=0
	while IFS= read -r example; do
		n=$((n + 1))
		(cd "$work" && bash -c "$example") >"$TMP/out" 2>"$TMP/err" </dev/null
		status=$?
		if [ "$status" -le 1 ]; then pass; else fail "$page.1: exit $status: $example"; sed 's/^/  stderr: /' "$TMP/err" | head -3 >&2; fi
		if grep -v '^tolk: warning:' "$TMP/err" | grep -q '^tolk: '; then
			fail "$page.1: an error from: $example"; sed 's/^/  stderr: /' "$TMP/err" | head -3 >&2
		fi
	done <"$TMP/examples"
	[ "$n" -ge 1 ] || fail "$page.1 has no example"
	total=$((total + n))
done
echo "$total examples run"
[ "$total" -ge 20 ] && pass || fail "only $total examples in the pages"
finish
