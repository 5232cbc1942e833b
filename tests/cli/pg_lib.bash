# A throw-away PostgreSQL cluster for a CLI test (sourced after lib.bash, and after serve_lib.bash
# when the test also serves). pg_start_or_skip starts one in $TMP/pg and sets PG_URI; it is stopped
# and removed when the test exits. Skipped (77) only where PostgreSQL's server is not installed; under
# CI=true a missing server is a failure, since .ci/install-deps installs it.
PG_DIR=""
pg_start_or_skip() {
	if ! "$TOLK_SRCDIR/tests/pg/cluster" available; then
		if [ "${CI:-}" = true ]; then
			echo "FAIL: PostgreSQL 15 server not installed in CI (.ci/install-deps installs postgresql-15)" >&2
			exit 1
		fi
		skip_test "PostgreSQL 15 server not installed (apt-get install postgresql-15)"
	fi
	PG_DIR="$TMP/pg"
	PG_URI=$("$TOLK_SRCDIR/tests/pg/cluster" start "$PG_DIR") || { echo "FAIL: could not start a PostgreSQL cluster" >&2; exit 1; }
	export PG_URI
	trap 'pg_stop_all' EXIT
}
pg_stop_all() {
	if declare -F serve_stop >/dev/null; then serve_stop >/dev/null 2>&1 || true; fi
	[ -n "$PG_DIR" ] && "$TOLK_SRCDIR/tests/pg/cluster" stop "$PG_DIR"
	rm -rf "$TMP"
}
