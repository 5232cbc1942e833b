# tolk serve against translate-toolkit's tmdb (what /usr/bin/tmserver serves) on the same TMX.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/serve_lib.bash"

# Debian's python3 has translate-toolkit; another python3 earlier on PATH may not.
py=/usr/bin/python3
if ! "$py" -c 'import translate.storage.tmdb' 2>/dev/null; then
	echo "skip: translate-toolkit (python3-translate) absent: apt-get install translate-toolkit"
	exit 77
fi
tmx="$TMP/letter-and-variants.tmx"
"$py" "$(dirname "$0")/serve_tmdb.py" --make-tmx "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx" "$tmx" || fail "making the TMX"
expect_status 0 "$TOLK" tm import --db "$TMP/memory.db" "$tmx"
serve_start --db "$TMP/memory.db" --no-termbase --threads 2
if "$py" "$(dirname "$0")/serve_tmdb.py" "$tmx" "$SERVE_PORT" "$TMP"; then pass; else fail "tolk serve and tmdb disagree"; fi
serve_stop
finish
