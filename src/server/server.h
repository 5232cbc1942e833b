/*
 * tolk serve: the department's memory and term base over HTTP, for CAT tools
 * (the tmserver / amaGama API), for tolk's own JSON API and for a browser.
 * Built on libmicrohttpd and jansson, over libtolk's public API only.
 */
#ifndef TOLK_SERVER_H
#define TOLK_SERVER_H

#include <stddef.h>
#include <stdio.h>

typedef struct serve_config {
	const char *db_path;        /* the translation memory (created when absent): a file or a postgresql:// URI */
	const char *db_read;        /* where lookups read (a PostgreSQL replica), or NULL: db_path */
	const char *termbase_path;  /* TBX file, or NULL: term routes answer 503 */
	const char *termbase_read;  /* where the term base is loaded from (a PostgreSQL replica of
	                               termbase_path), or NULL: termbase_path; edits go to termbase_path */
	const char *words_path;     /* project word list for the spell checker, or NULL */
	const char *host;           /* address to bind: 127.0.0.1 unless told otherwise */
	unsigned short port;        /* 0: any free port (printed on stdout once listening) */
	unsigned threads;           /* worker threads; 0 = number of CPUs */
	const char *token_file;     /* bearer token for writes, or NULL: writes refused */
	const char *const *origins; /* CORS: origins allowed, exactly as the browser sends them */
	size_t norigins;
	size_t max_body;            /* bytes; 0 = 1 MiB */
	unsigned request_timeout;   /* seconds a client may take; 0 = 10 */
	FILE *log;                  /* one line per request; NULL = stderr */
} serve_config;

/*
 * Serve until SIGTERM or SIGINT, then stop accepting, let requests in flight
 * finish (at most a few seconds) and return. Returns 0, or 2 after printing
 * why it could not start.
 */
int serve_run(const serve_config *cfg);

#endif
