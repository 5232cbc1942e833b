/* tolk serve, private: requests, replies, routes, shared state. */
#ifndef TOLK_SERVER_PRIVATE_H
#define TOLK_SERVER_PRIVATE_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "server.h"
#include "tolk/spell.h"
#include "tolk/termbase.h"
#include "tolk/tm.h"

/* ---- limits (checked before anything is parsed) ------------------------------------ */
#define SERVE_MAX_URL 8192        /* bytes of path and query together */
#define SERVE_MAX_TEXT 20000      /* bytes of one text to look up or check */
#define SERVE_MAX_CANDIDATES 100  /* most matches one lookup may ask for */

/* ---- routes, for dispatch and for the metrics' labels ------------------------------- */
typedef enum route_id {
	ROUTE_NONE = 0,  /* no route: 404 */
	ROUTE_HEALTHZ,
	ROUTE_METRICS,
	ROUTE_TMSERVER_UNIT,
	ROUTE_TMSERVER_LANGUAGES,
	ROUTE_TM_LOOKUP,
	ROUTE_TM_CONCORDANCE,
	ROUTE_TM_UNITS,
	ROUTE_TERM_LOOKUP,
	ROUTE_TERM_RECOGNIZE,
	ROUTE_TERM_ADD,
	ROUTE_TERM_STATUS,
	ROUTE_SPELL,
	ROUTE_SEGMENT,
	ROUTE_ANALYZE,
	ROUTE_STATIC,     /* the web page's files (static.c) */
	ROUTE_COUNT
} route_id;

const char *route_name(route_id id);

/* ---- URL and query decoding (urlcode.c; pure functions, fuzzed) -------------------------- */
/*
 * Percent-decode src[0..len) into a malloc'ed NUL-terminated string; '+' is a
 * space when plus_is_space (query strings). Fails (NULL) on a bad escape, an
 * encoded NUL or a result that is not UTF-8.
 */
char *url_decode(const char *src, size_t len, bool plus_is_space);
/*
 * The value of name in a raw query string ("a=1&b=x%20y"), decoded; NULL when
 * absent. *bad is set when the parameter is present but cannot be decoded.
 */
char *query_param(const char *query, const char *name, bool *bad);
/* Language code as CAT tools write it (nl, nl_NL, nl-NL, NL-nl) to BCP 47 (nl-NL); NULL if not one. */
char *lang_normalize(const char *code);
/* A decimal integer in [lo, hi]; false on anything else (signs, spaces, overflow). */
bool parse_int(const char *s, long lo, long hi, long *out);

/* ---- the shared state ------------------------------------------------------------------- */
/* A spell checker that knows the terms of one term base; not thread-safe, so used under lock. */
typedef struct spell_ref {
	atomic_int refs;
	tolk_spell_checker *chk;
	pthread_mutex_t lock;
} spell_ref;

/*
 * A loaded term base and a spell checker: swapped whole on reload. After an
 * edit the new term base is served at once with the previous checker, and a
 * checker that knows the new terms follows when its dictionaries are loaded.
 */
typedef struct tb_state {
	atomic_int refs;
	tolk_termbase *tb;                /* NULL when the server has no term base */
	spell_ref *spell;
} tb_state;

typedef struct server {
	serve_config cfg;
	char *token;                      /* NULL: writes are refused */
	size_t token_len;
	pthread_key_t tm_key;             /* each worker thread's read-only store handle */
	pthread_mutex_t write_lock;       /* one writer at a time */
	pthread_mutex_t tb_lock;          /* guards current (not what it points to) */
	tb_state *current;
	struct { dev_t dev; ino_t ino; off_t size; int64_t mtime_ns; } tb_seen;
	pthread_t watcher;
	bool watcher_started;
	atomic_bool stopping;
	atomic_long in_flight;
} server;

/* A line in the server's log, after a UTC timestamp as request lines have. */
void serve_log(const server *srv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

tb_state *state_acquire(server *srv);
void state_release(tb_state *st);
/* The checker st uses now, with a reference of its own. */
spell_ref *spell_acquire(server *srv, tb_state *st);
void spell_release(spell_ref *sp);
/* Load the term base (and its spell checker) from cfg; 0 or -1 with a message printed. */
int state_load(server *srv, bool first);
int state_start_watcher(server *srv);
void state_stop(server *srv);
/* This thread's store handle, opened read-only on first use; NULL after a failure (error set). */
tolk_tm *state_tm(server *srv);

/* ---- a request and its reply ------------------------------------------------------------- */
typedef struct request {
	server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;        /* raw, still percent-encoded, without the query */
	const char *query;       /* raw query string without '?', or "" */
	const char *body;        /* POST body, NUL-terminated (may hold NULs inside: use body_len) */
	size_t body_len;
	route_id route;
	const char *origin;      /* the Origin header when it is one of --allow-origin */
} request;

typedef struct reply {
	int status;
	char *body;              /* malloc'ed */
	size_t len;
	const char *type;        /* Content-Type */
	const char *allow;       /* for 405: the Allow header */
	const char *etag;        /* the web page's files: ETag, revalidated (no-cache); else no-store */
} reply;

void reply_json(reply *r, int status, json_t *value);  /* takes the reference */
void reply_error(reply *r, int status, const char *error, const char *detail);
void reply_text(reply *r, int status, const char *type, char *body, size_t len);
/* 503 with the library's last error: the store or term base cannot answer now. */
void reply_lib_error(reply *r, int status);

/* Parse the body as a JSON object; on failure the reply is set (400/415) and NULL returned. */
json_t *request_json(const request *req, reply *r);
/* A string member of obj, checked: UTF-8 (jansson's), NUL-free, at most max bytes. */
const char *json_get_text(const json_t *obj, const char *key, size_t max, bool required, reply *r);
bool request_authorized(const request *req, reply *r);

/* ---- handlers (routes_*.c) ----------------------------------------------------------------- */
void handle_tmserver_unit(request *req, reply *r, const char *src, const char *tgt, const char *text);
void handle_tmserver_languages(request *req, reply *r);
void handle_tm_lookup(request *req, reply *r);
void handle_tm_concordance(request *req, reply *r);
void handle_tm_units(request *req, reply *r);
void handle_term_lookup(request *req, reply *r);
void handle_term_recognize(request *req, reply *r);
void handle_term_add(request *req, reply *r);
void handle_term_status(request *req, reply *r);
void handle_spell(request *req, reply *r);
void handle_segment(request *req, reply *r);
void handle_analyze(request *req, reply *r);
/* static.c: the web page at / and its files; false when the path is none of them. */
bool handle_static(request *req, reply *r);
/* static.c: Content-Security-Policy, X-Frame-Options, Referrer-Policy: on every answer. */
struct MHD_Response;
void serve_security_headers(struct MHD_Response *resp);

/* ---- metrics ------------------------------------------------------------------------------- */
void metrics_record(route_id route, int status, double seconds);
/* Prometheus text exposition; malloc'ed. */
char *metrics_render(size_t *len);

#endif
