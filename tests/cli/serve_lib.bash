# Helpers for the tolk serve tests (sourced after lib.bash): start a server on a
# free port of 127.0.0.1, talk to it with curl, stop it.
command -v curl >/dev/null || { echo "skip: curl absent (apt-get install curl)"; exit 77; }

SERVE_PID=
SERVE_PORT=
# serve_start ARGS...: start tolk serve --listen 127.0.0.1:0 ARGS, wait until it listens.
serve_start() {
	"$TOLK" serve --listen 127.0.0.1:0 "$@" >"$TMP/serve.out" 2>"$TMP/serve.log" &
	SERVE_PID=$!
	local k
	for k in $(seq 1 100); do
		SERVE_PORT=$(sed -n 's|^tolk serve: listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$TMP/serve.out")
		[ -n "$SERVE_PORT" ] && return 0
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "tolk serve did not start:" >&2
	cat "$TMP/serve.log" >&2
	exit 1
}
# serve_stop: SIGTERM, wait; the exit status is in $SERVE_STATUS.
serve_stop() {
	[ -n "$SERVE_PID" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID"
	SERVE_STATUS=$?
	SERVE_PID=
}
trap 'serve_stop >/dev/null 2>&1; rm -rf "$TMP"' EXIT

URL() { echo "http://127.0.0.1:$SERVE_PORT$1"; }
# get PATH [curl args...]: body in $TMP/body, status in $CODE.
get() {
	local path=$1; shift
	CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' --max-time 30 "$@" "$(URL "$path")")
}
# post PATH JSON [curl args...]
post() {
	local path=$1 body=$2; shift 2
	CODE=$(curl -s -o "$TMP/body" -w '%{http_code}' --max-time 30 -X POST -H 'Content-Type: application/json' \
		--data-binary "$body" "$@" "$(URL "$path")")
}
expect_code() { # expect_code WANT WHAT
	if [ "$CODE" = "$1" ]; then pass; else fail "${2:-request}: HTTP $CODE, wanted $1"; head -c 300 "$TMP/body" | sed 's/^/  body: /' >&2; echo >&2; fi
}
# jq-free JSON checks through Python's json module: json_check 'PYTHON EXPR on d' WHAT
json_check() {
	if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$TMP/body" 2>/dev/null; then
		pass
	else
		fail "${2:-json}: not ($1)"; head -c 400 "$TMP/body" | sed 's/^/  body: /' >&2; echo >&2
	fi
}
urlencode() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
