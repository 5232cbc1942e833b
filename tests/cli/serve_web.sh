# tolk serve's web page in a real browser: Debian's chromium, headless, driven by
# playwright-core (tests/browser/web.test.mjs) against a server with the letter's
# memory and the term base. Skips only when chromium, node or tests/browser's
# node_modules are missing (.ci/install-deps installs all three).
. "$(dirname "$0")/lib.bash"

browser_dir="$TOLK_SRCDIR/tests/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "skip: $chromium absent (apt-get install chromium, or run .ci/install-deps)"
	exit 77
fi
if ! command -v node >/dev/null; then
	echo "skip: node absent (apt-get install nodejs npm, or run .ci/install-deps)"
	exit 77
fi
if [ ! -f "$browser_dir/node_modules/playwright-core/package.json" ]; then
	echo "skip: $browser_dir/node_modules absent (run 'npm ci' there, or .ci/install-deps)"
	exit 77
fi

. "$(dirname "$0")/serve_lib.bash"

db="$TMP/memory.db"
expect_status 0 "$TOLK" tm import --db "$db" "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
serve_start --db "$db" --termbase "$TOLK_SRCDIR/dict/termbase.tbx" --threads 2

# The page's files come from the binary, whatever the working directory holds.
get /
expect_code 200 "GET /"
expect_grep '<script src="app.js" defer></script>' "$TMP/body" "the page"

# chromium writes its profile and crash dumps under HOME: keep them in $TMP.
if HOME="$TMP" CHROMIUM="$chromium" TOLK_URL="$(URL '')" node "$browser_dir/web.test.mjs" ${TOLK_SCREENSHOTS:+--screenshots "$TOLK_SCREENSHOTS"}; then
	pass
else
	fail "the browser test (tests/browser/web.test.mjs)"
fi

# The page's requests are logged like any other, and none failed (but the 404 the test asks for).
expect_grep '^[0-9T:Z-]+ GET / 200 ' "$TMP/serve.log" "page load logged"
grep -v ' GET /no/such/page 404 ' "$TMP/serve.log" >"$TMP/serve.others"
expect_no_grep ' (4|5)[0-9][0-9] [0-9.]+ms' "$TMP/serve.others" "no request of the page failed"
serve_stop
[ "$SERVE_STATUS" -eq 0 ] && pass || fail "tolk serve exited $SERVE_STATUS after SIGTERM"
finish
