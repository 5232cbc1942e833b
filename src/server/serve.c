/*
 * The HTTP side of tolk serve: libmicrohttpd's thread pool over epoll, the
 * limits every request meets before a handler runs, dispatch, replies, one
 * log line per request and a graceful stop.
 *
 * Why the limits sit here: a handler only ever sees a request whose URL is
 * short enough and decodes to UTF-8, whose body fits, and whose time is
 * bounded — libmicrohttpd's connection timeout closes a client that stops
 * sending, and with epoll a slow client holds no thread while it trickles.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server_private.h"

typedef struct conn_ctx {
	struct timespec start;
	char *body;
	size_t body_len, body_cap;
	bool too_big;
	route_id route;
	int status;
	char method[8];
	char logpath[96];
} conn_ctx;

/* ---- replies ---------------------------------------------------------------------------- */
void reply_text(reply *r, int status, const char *type, char *body, size_t len)
{
	free(r->body);
	r->status = status;
	r->type = type;
	r->body = body;
	r->len = len;
}

void reply_json(reply *r, int status, json_t *value)
{
	char *s = value ? json_dumps(value, JSON_COMPACT) : NULL;
	json_decref(value);
	if (!s) {
		reply_text(r, 500, "application/json", strdup("{\"error\":\"internal\",\"detail\":\"out of memory\"}"),
		           0);
		if (r->body)
			r->len = strlen(r->body);
		return;
	}
	reply_text(r, status, "application/json", s, strlen(s));
}

void reply_error(reply *r, int status, const char *error, const char *detail)
{
	reply_json(r, status, json_pack("{s:s, s:s}", "error", error, "detail", detail ? detail : ""));
}

void reply_lib_error(reply *r, int status)
{
	const tolk_error *e = tolk_error_last();
	reply_error(r, status, status == 503 ? "unavailable" : "failed", e && e->message ? e->message : "");
}

json_t *request_json(const request *req, reply *r)
{
	const char *type = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!type || strncasecmp(type, "application/json", 16) != 0 || (type[16] && type[16] != ';' && type[16] != ' ')) {
		reply_error(r, 415, "unsupported_media_type", "send the body as application/json");
		return NULL;
	}
	json_error_t err;
	json_t *v = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!v) {
		char detail[200];
		snprintf(detail, sizeof(detail), "line %d, column %d: %s", err.line, err.column, err.text);
		reply_error(r, 400, "bad_json", detail);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		reply_error(r, 400, "bad_json", "the body must be a JSON object");
		return NULL;
	}
	return v;
}

const char *json_get_text(const json_t *obj, const char *key, size_t max, bool required, reply *r)
{
	json_t *v = json_object_get(obj, key);
	char detail[120];
	if (!v || json_is_null(v)) {
		if (required) {
			snprintf(detail, sizeof(detail), "'%s' is missing", key);
			reply_error(r, 400, "bad_request", detail);
		}
		return NULL;
	}
	if (!json_is_string(v)) {
		snprintf(detail, sizeof(detail), "'%s' must be a string", key);
		reply_error(r, 400, "bad_request", detail);
		return NULL;
	}
	/* jansson accepts \u0000 inside strings; C strings cannot carry it. */
	size_t len = json_string_length(v);
	if (strlen(json_string_value(v)) != len) {
		snprintf(detail, sizeof(detail), "'%s' holds a NUL character", key);
		reply_error(r, 400, "bad_request", detail);
		return NULL;
	}
	if (len > max) {
		snprintf(detail, sizeof(detail), "'%s' is longer than %zu bytes", key, max);
		reply_error(r, 413, "too_large", detail);
		return NULL;
	}
	return json_string_value(v);
}

bool request_authorized(const request *req, reply *r)
{
	server *srv = req->srv;
	if (!srv->token) {
		reply_error(r, 403, "forbidden", "writes are off: start tolk serve with --token-file");
		return false;
	}
	const char *auth = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *given = auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7 : "";
	size_t glen = strlen(given);
	/* Constant time in the token's length: every byte is compared whatever differs first. */
	unsigned diff = glen != srv->token_len;
	for (size_t i = 0; i < srv->token_len; i++)
		diff |= (unsigned char)srv->token[i] ^ (unsigned char)(i < glen ? given[i] : 0);
	if (diff) {
		reply_error(r, 401, "unauthorized", "a valid bearer token is needed for writes");
		return false;
	}
	return true;
}

/* ---- dispatch ---------------------------------------------------------------------------- */
static bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static bool method_ok(const request *req, reply *r, const char *want)
{
	if (is(req->method, want) || (is(want, "GET") && is(req->method, "HEAD")))
		return true;
	r->allow = want;
	reply_error(r, 405, "method_not_allowed", want);
	return false;
}

/* {prefix}languages/ or {prefix}{src}/{tgt}/unit/{text}: the tmserver / amaGama shape. */
static void dispatch_tmserver(request *req, reply *r, const char *rest)
{
	if (is(rest, "languages") || is(rest, "languages/")) {
		req->route = ROUTE_TMSERVER_LANGUAGES;
		if (method_ok(req, r, "GET"))
			handle_tmserver_languages(req, r);
		return;
	}
	const char *s1 = strchr(rest, '/');
	const char *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	if (!s1 || !s2 || strncmp(s2, "/unit/", 6) != 0 || s1 == rest || s2 == s1 + 1) {
		reply_error(r, 404, "not_found", "expected {src}/{tgt}/unit/{text}");
		return;
	}
	req->route = ROUTE_TMSERVER_UNIT;
	if (!method_ok(req, r, "GET"))
		return;
	char *src = url_decode(rest, (size_t)(s1 - rest), false);
	char *tgt = url_decode(s1 + 1, (size_t)(s2 - s1 - 1), false);
	const char *raw = s2 + 6;
	char *text = url_decode(raw, strlen(raw), false);
	if (!src || !tgt || !text)
		reply_error(r, 400, "bad_request", "the URL is not valid percent-encoded UTF-8");
	else
		handle_tmserver_unit(req, r, src, tgt, text);
	free(src);
	free(tgt);
	free(text);
}

static void dispatch(request *req, reply *r)
{
	const char *p = req->path;
	if (is(p, "/healthz")) {
		req->route = ROUTE_HEALTHZ;
		if (method_ok(req, r, "GET"))
			reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
		return;
	}
	if (is(p, "/metrics")) {
		req->route = ROUTE_METRICS;
		if (!method_ok(req, r, "GET"))
			return;
		size_t len = 0;
		char *text = metrics_render(&len);
		if (text)
			reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
		else
			reply_error(r, 500, "internal", "out of memory");
		return;
	}
	if (strncmp(p, "/tmserver/", 10) == 0) {
		dispatch_tmserver(req, r, p + 10);
		return;
	}
	if (strncmp(p, "/api/v1/", 8) == 0) {
		dispatch_tmserver(req, r, p + 8);
		return;
	}
	static const struct {
		const char *path, *method;
		route_id route;
		void (*fn)(request *, reply *);
	} routes[] = {
		{"/api/tm/lookup", "GET", ROUTE_TM_LOOKUP, handle_tm_lookup},
		{"/api/tm/concordance", "GET", ROUTE_TM_CONCORDANCE, handle_tm_concordance},
		{"/api/tm/units", "POST", ROUTE_TM_UNITS, handle_tm_units},
		{"/api/term/lookup", "GET", ROUTE_TERM_LOOKUP, handle_term_lookup},
		{"/api/term/recognize", "POST", ROUTE_TERM_RECOGNIZE, handle_term_recognize},
		{"/api/term/terms", "POST", ROUTE_TERM_ADD, handle_term_add},
		{"/api/term/status", "POST", ROUTE_TERM_STATUS, handle_term_status},
		{"/api/spell", "POST", ROUTE_SPELL, handle_spell},
		{"/api/segment", "POST", ROUTE_SEGMENT, handle_segment},
		{"/api/analyze", "POST", ROUTE_ANALYZE, handle_analyze},
	};
	for (size_t k = 0; k < sizeof(routes) / sizeof(routes[0]); k++)
		if (is(p, routes[k].path)) {
			req->route = routes[k].route;
			if (method_ok(req, r, routes[k].method))
				routes[k].fn(req, r);
			return;
		}
	if (handle_static(req, r))
		return;
	reply_error(r, 404, "not_found", "no such route");
}

/* ---- libmicrohttpd callbacks -------------------------------------------------------------------- */
/* Leave every escape in place: urlcode.c decodes, and refuses what it must. */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static const char *allowed_origin(server *srv, struct MHD_Connection *conn)
{
	const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
	if (!origin)
		return NULL;
	for (size_t k = 0; k < srv->cfg.norigins; k++)
		if (strcmp(origin, srv->cfg.origins[k]) == 0)
			return srv->cfg.origins[k];
	return NULL;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, conn_ctx *ctx, const char *origin, reply *r)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"", r->body ? MHD_RESPMEM_MUST_FREE
	                                                                                    : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(r->body);
		return MHD_NO;
	}
	r->body = NULL;
	if (r->type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->etag ? "no-cache" : "no-store");
	if (r->etag)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	serve_security_headers(resp);
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (origin) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, origin);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
	}
	ctx->status = r->status;
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void set_logpath(conn_ctx *ctx, const char *url)
{
	/* The path without the text: a translator's sentence does not belong in a log. */
	size_t keep = strcspn(url, "?");
	const char *unit = strstr(url, "/unit/");
	if (unit && (size_t)(unit - url) < keep)
		keep = (size_t)(unit - url) + 6;
	if (keep >= sizeof(ctx->logpath) - 4)
		keep = sizeof(ctx->logpath) - 4;
	memcpy(ctx->logpath, url, keep);
	ctx->logpath[keep] = '\0';
	if (unit)
		strcat(ctx->logpath, "...");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)version;
	server *srv = cls;
	conn_ctx *ctx = *con_cls;
	reply r = {0};
	if (!ctx) {
		ctx = calloc(1, sizeof(*ctx));
		if (!ctx)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &ctx->start);
		snprintf(ctx->method, sizeof(ctx->method), "%s", method);
		set_logpath(ctx, url);
		*con_cls = ctx;
		atomic_fetch_add(&srv->in_flight, 1);
		if (strlen(url) > SERVE_MAX_URL) {
			reply_error(&r, 414, "uri_too_long", "the URL is too long");
			return send_reply(conn, ctx, NULL, &r);
		}
		const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		long n;
		if (len && (!parse_int(len, 0, 1L << 40, &n) || (size_t)n > srv->cfg.max_body)) {
			reply_error(&r, 413, "too_large", "the body is larger than the server takes");
			return send_reply(conn, ctx, NULL, &r);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t add = *upload_data_size;
		*upload_data_size = 0;
		if (ctx->too_big || ctx->body_len + add > srv->cfg.max_body) {
			ctx->too_big = true;
			return MHD_YES;
		}
		if (ctx->body_len + add + 1 > ctx->body_cap) {
			size_t cap = ctx->body_cap ? ctx->body_cap : 4096;
			while (cap < ctx->body_len + add + 1)
				cap *= 2;
			char *b = realloc(ctx->body, cap);
			if (!b)
				return MHD_NO;
			ctx->body = b;
			ctx->body_cap = cap;
		}
		memcpy(ctx->body + ctx->body_len, upload_data, add);
		ctx->body_len += add;
		ctx->body[ctx->body_len] = '\0';
		return MHD_YES;
	}
	const char *origin = allowed_origin(srv, conn);
	if (ctx->too_big) {
		reply_error(&r, 413, "too_large", "the body is larger than the server takes");
		return send_reply(conn, ctx, origin, &r);
	}
	if (strcmp(method, "OPTIONS") == 0) {
		/* A CORS preflight: answered only for the origins the operator named. */
		struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		serve_security_headers(resp);
		if (origin) {
			MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, origin);
			MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST");
			MHD_add_response_header(resp, "Access-Control-Allow-Headers", "Authorization, Content-Type");
			MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
			MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
		}
		ctx->status = 204;
		enum MHD_Result ret = MHD_queue_response(conn, 204, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	request req = {.srv = srv, .conn = conn, .method = method, .path = url, .body = ctx->body,
	               .body_len = ctx->body_len, .origin = origin};
	if (atomic_load(&srv->stopping))
		reply_error(&r, 503, "unavailable", "the server is stopping");
	else
		dispatch(&req, &r);
	ctx->route = req.route;
	if (!r.status)
		reply_error(&r, 500, "internal", "no reply");
	/* The reply holds the library's last error now; left set, it would outlive the worker thread (a leak). */
	tolk_error_clear();
	return send_reply(conn, ctx, origin, &r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	server *srv = cls;
	conn_ctx *ctx = *con_cls;
	if (!ctx)
		return;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double secs = (double)(end.tv_sec - ctx->start.tv_sec) + (double)(end.tv_nsec - ctx->start.tv_nsec) / 1e9;
	int status = ctx->status ? ctx->status : (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408 : 0);
	metrics_record(ctx->route, status, secs);
	serve_log(srv, "%s %s %d %.1fms%s", ctx->method, ctx->logpath, status, secs * 1000,
	          toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (closed early)");
	free(ctx->body);
	free(ctx);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

void serve_log(const server *srv, const char *fmt, ...)
{
	FILE *log = srv->cfg.log ? srv->cfg.log : stderr;
	time_t now = time(NULL);
	struct tm tmv;
	char stamp[32] = "-";
	if (gmtime_r(&now, &tmv))
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tmv);
	va_list ap;
	va_start(ap, fmt);
	/* one line at a time: the request threads log at once */
	flockfile(log);
	fprintf(log, "%s ", stamp);
	vfprintf(log, fmt, ap);
	fputc('\n', log);
	fflush(log);
	funlockfile(log);
	va_end(ap);
}

/* ---- start and stop ------------------------------------------------------------------------- */
static int read_token(server *srv)
{
	if (!srv->cfg.token_file)
		return 0;
	int fd = open(srv->cfg.token_file, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "tolk: %s: %s\n", srv->cfg.token_file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (sb.st_mode & 077)
		fprintf(stderr, "tolk: warning: %s can be read by others (chmod 600 it)\n", srv->cfg.token_file);
	char buf[1024];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (strlen(buf) < 16) {
		fprintf(stderr, "tolk: %s: the token must be one line of at least 16 characters\n", srv->cfg.token_file);
		return -1;
	}
	srv->token = strdup(buf);
	srv->token_len = strlen(buf);
	return srv->token ? 0 : -1;
}

static void free_tm(void *tm)
{
	tolk_tm_free(tm);
}

int serve_run(const serve_config *cfg)
{
	server srv = {.cfg = *cfg};
	int status = 2;
	struct MHD_Daemon *d = NULL;
	bool key = false;
	if (!srv.cfg.max_body)
		srv.cfg.max_body = 1 << 20;
	if (!srv.cfg.request_timeout)
		srv.cfg.request_timeout = 10;
	if (!srv.cfg.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		srv.cfg.threads = n > 0 && n < 64 ? (unsigned)n : 2;
	}
	pthread_mutex_init(&srv.write_lock, NULL);
	pthread_mutex_init(&srv.tb_lock, NULL);
	atomic_init(&srv.stopping, false);
	atomic_init(&srv.in_flight, 0);
	if (read_token(&srv) < 0)
		goto done;
	/* before anything opens SQLite: the workers would queue on its memory statistics' lock (only slower if not) */
	if (tolk_tm_threads_init() < 0)
		tolk_error_clear();
	/* The store must exist before the workers open it read-only: create it now, empty if new. */
	tolk_tm *tm = NULL;
	if (tolk_tm_open(&tm, srv.cfg.db_path, TOLK_TM_OPEN_CREATE) < 0) {
		const tolk_error *e = tolk_error_last();
		fprintf(stderr, "tolk: %s\n", e && e->message ? e->message : srv.cfg.db_path);
		goto done;
	}
	tolk_tm_free(tm);
	if (state_load(&srv, true) < 0)
		goto done;
	if (pthread_key_create(&srv.tm_key, free_tm) != 0)
		goto done;
	key = true;

	/* Signals are taken by this thread alone (sigwait): block them before any thread starts. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons(srv.cfg.port);
	if (inet_pton(AF_INET, srv.cfg.host, &addr.sin_addr) != 1) {
		fprintf(stderr, "tolk: --listen: '%s' is not an IPv4 address\n", srv.cfg.host);
		goto done;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC, srv.cfg.port, NULL, NULL,
	                     on_request, &srv,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	                     MHD_OPTION_THREAD_POOL_SIZE, srv.cfg.threads,
	                     MHD_OPTION_CONNECTION_TIMEOUT, srv.cfg.request_timeout,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(SERVE_MAX_URL * 4),
	                     MHD_OPTION_CONNECTION_LIMIT, 1000u,
	                     MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u,
	                     MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
	                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "tolk: cannot listen on %s:%u: %s\n", srv.cfg.host, srv.cfg.port, strerror(errno));
		goto done;
	}
	if (state_start_watcher(&srv) < 0)
		goto done;
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("tolk serve: listening on http://%s:%u/\n", srv.cfg.host, info ? info->port : srv.cfg.port);
	fflush(stdout);

	int sig = 0;
	sigwait(&sigs, &sig);
	serve_log(&srv, "%s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* Stop taking connections, let the ones in flight be answered, then stop the workers. */
	MHD_quiesce_daemon(d);
	/* A lookup takes milliseconds and a spell check of a long text seconds: 30 s is ample. */
	for (int waited = 0; atomic_load(&srv.in_flight) > 0 && waited < 600; waited++) {
		const struct timespec pause = {0, 50 * 1000000L};
		nanosleep(&pause, NULL);
	}
	atomic_store(&srv.stopping, true);
	status = 0;
done:
	if (d)
		MHD_stop_daemon(d);
	state_stop(&srv);
	if (key)
		pthread_key_delete(srv.tm_key);
	free(srv.token);
	pthread_mutex_destroy(&srv.write_lock);
	pthread_mutex_destroy(&srv.tb_lock);
	return status;
}
