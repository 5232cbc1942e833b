/*
 * The translation memory on PostgreSQL (tm_backend.h), through libpq. Every
 * statement is parameterized (PQexecParams, or COPY's text format with its
 * escapes): no text of a unit ever becomes SQL.
 *
 * Schema 4 (tolk_meta.schema_version; schema 1 lacked tolk_df, 2 tolk_terms, 3 tolk_sketch):
 *   tolk_meta(key, value)       application, schema_version, created, tolk-version, srclang,
 *                               sketch_upto (the newest variant with a sketch)
 *   tolk_lang(id, tag)
 *   tolk_tu(id, dupkey, first_tuv, ntuv, tuid, dates, ids, props, notes)
 *   tolk_tuv(id, tu, lang, text, seg_xml, dates, ids, props, notes)
 *   tolk_key(term, tuvs)        tolk's index terms (tm_index_terms): for each term, the variants
 *                               of one import batch holding it, ascending, as an array, and a
 *                               btree on term. A term's rows together are exactly FTS5's posting
 *                               list in the SQLite store; a row per batch rather than per
 *                               (term, variant) makes 40 times fewer rows to COPY and index
 *   tolk_df(term, n)            variants per term, a hint for ordering a lookup's terms
 *   tolk_terms(id, upto, bits)  the term filter (tm_terms.c) as of variant upto: lookup asks
 *                               the server only for terms some variant may hold
 *   tolk_sketch(chunk, data)    each variant's sketch (tm_sketch.h), 64 variants a row: a
 *                               lookup fetches the chunks of its candidates in one statement
 *                               and keeps them, so a server soon has them all in memory
 *
 * Ids are given by tolk, under a lock on tolk_tu for each batch, so a unit's
 * variants have consecutive ids as in the SQLite store, and a copy keeps a
 * store's ids. Import sends each batch with COPY and commits it alone.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
#include "tm_concord.h"
#include "tm_import.h"
#include "tm_sketch.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "tolk_config.h"

#define PG_SCHEMA_VERSION 4
#define PG_TERM_BYTES (TM_TERMS_BITS / 8)
#define PG_APPLICATION "tolk translation memory"
#define PG_FLUSH_DF 100000

/* A term's document frequency, fetched ahead for the query being looked up. */
typedef struct df_entry {
	char *term;
	size_t len;
	int64_t n;
} df_entry;

struct tm_pg {
	PGconn *w, *r;            /* writes; reads (the same connection unless --db-read) */
	int schema;
	bool in_read;
	bool w_txn, r_txn;        /* a transaction begun on w, r (kept when the connection dies in it) */
	/* df of every term lookup may ask for the query of qtok generation df_gen (pg_df) */
	bool df_valid;
	uint32_t df_gen;
	df_entry *df;
	size_t ndf, df_cap;
	tolk_hashmap df_map;
	/* posting lists fetched ahead (pg_postings_ahead), for this snapshot */
	tolk_buf ahead_arr;       /* the array literal being gathered */
	struct ahead { char *term; tm_ids ids; } *ahead;
	size_t nahead, ahead_cap;
};

/* ---- errors --------------------------------------------------------------------------- */
/* The first line of a libpq message, without its "ERROR:  " or trailing newline. */
static void first_line(char *out, size_t cap, const char *msg)
{
	if (!msg)
		msg = "";
	if (strncmp(msg, "ERROR:  ", 8) == 0)
		msg += 8;
	size_t n = strcspn(msg, "\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(out, msg, n);
	out[n] = '\0';
}

static int conn_error(tolk_tm *tm, PGconn *c, const char *what)
{
	char line[512];
	first_line(line, sizeof(line), PQerrorMessage(c));
	return tolk_error_set_at(TOLK_EIO, tm->path, 0, 0, "%s: %s", what, line);
}

/* A failed result (freed here) as a tolk error naming the store. */
static int res_error(tolk_tm *tm, PGconn *c, PGresult *res)
{
	char line[512];
	first_line(line, sizeof(line), res ? PQresultErrorMessage(res) : PQerrorMessage(c));
	if (!*line)
		first_line(line, sizeof(line), PQerrorMessage(c));
	char state_buf[8] = "";
	const char *field = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (field)
		snprintf(state_buf, sizeof(state_buf), "%s", field);
	const char *state = field ? state_buf : NULL;
	PQclear(res);
	if (PQstatus(c) == CONNECTION_BAD)
		return tolk_error_set_at(TOLK_EIO, tm->path, 0, 0, _("lost the connection to the server: %s"), line);
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0))
		return tolk_error_set_at(TOLK_ELOCKED, tm->path, 0, 0, _("the translation memory is busy: %s"), line);
	if (state && strncmp(state, "25006", 5) == 0)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
		                         _("cannot write through a read-only connection (a replica?): %s"), line);
	return tolk_error_set_at(TOLK_ERROR, tm->path, 0, 0, _("translation memory: %s"), line);
}

static int session_setup(tolk_tm *tm, PGconn *c);

/*
 * Before a statement outside a transaction: a connection the server has closed (a restart, a
 * fail-over) is noticed (PQconsumeInput reads the close without waiting) and made again, so
 * the statement goes to the server that is there now. Inside a transaction nothing is made
 * again: its work would be lost, and the transaction fails as it should.
 */
static bool *txn_open(tolk_tm *tm, PGconn *c)
{
	return c == tm->pg->w ? &tm->pg->w_txn : &tm->pg->r_txn;
}

static int ensure_live(tolk_tm *tm, PGconn *c)
{
	if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) != PQTRANS_IDLE)
		return 0;
	/* a server that stops sends a message, then closes: the close is seen by the read after it */
	for (int k = 0; k < 3 && PQstatus(c) == CONNECTION_OK; k++)
		if (!PQconsumeInput(c))
			break;
	if (PQstatus(c) == CONNECTION_OK)
		return 0;
	if (*txn_open(tm, c))
		return 0; /* the connection died inside a transaction: that transaction fails */
	PQreset(c);
	if (PQstatus(c) != CONNECTION_OK)
		return conn_error(tm, c, _("cannot connect"));
	return session_setup(tm, c);
}

/* Run a statement with text parameters; *out the result when it returns rows, else cleared. */
static int run(PGresult **out, tolk_tm *tm, PGconn *c, const char *sql, int n, const char *const *params,
               const int *lens, int binary)
{
	int lrc = ensure_live(tm, c);
	if (lrc < 0)
		return lrc;
	PGresult *res = PQexecParams(c, sql, n, NULL, params, lens, NULL, binary);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return res_error(tm, c, res);
	if (out)
		*out = res;
	else
		PQclear(res);
	return 0;
}

/* A fixed statement (or several), no parameters. */
static int exec0(tolk_tm *tm, PGconn *c, const char *sql)
{
	if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0)
		*txn_open(tm, c) = false; /* whatever the outcome, no transaction is open after it */
	int lrc = ensure_live(tm, c);
	if (lrc < 0)
		return lrc;
	PGresult *res = PQexec(c, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return res_error(tm, c, res);
	PQclear(res);
	return 0;
}

static int session_setup(tolk_tm *tm, PGconn *c)
{
	/* a session that waits for a lock or a query forever helps nobody: a minute, then an error */
	PGresult *res = PQexec(c, "SET statement_timeout = '60s'; SET lock_timeout = '30s'");
	int rc = res && PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : res_error(tm, c, res);
	if (rc == 0)
		PQclear(res);
	return rc;
}

/*
 * Start a transaction. A connection the server dropped (a restart, a fail-over) is made again
 * first (ensure_live), so a long-running tolk serve outlives its database's restarts: requests
 * fail while the server is away and work again once it is back. A BEGIN that still finds the
 * connection gone is tried once more on a new one: nothing has happened in it yet.
 */
static int begin(tolk_tm *tm, PGconn *c, const char *sql)
{
	*txn_open(tm, c) = false; /* a new transaction: a dead connection may be made again first */
	int rc = exec0(tm, c, sql);
	if (rc < 0 && PQstatus(c) == CONNECTION_BAD) {
		tolk_error_clear();
		rc = exec0(tm, c, sql);
	}
	if (rc == 0)
		*txn_open(tm, c) = true;
	return rc;
}

/* Give up a transaction (its error is what the caller reports). */
static void rollback(tolk_tm *tm, PGconn *c)
{
	*txn_open(tm, c) = false;
	PQclear(PQexec(c, "ROLLBACK"));
}

static int64_t get_i64(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static char *get_str(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* ---- the URI as it may be shown -------------------------------------------------------- */
/* scheme://user@host:port/db, without a password or the query's options (which may hold one). */
static char *uri_shown(const char *uri)
{
	const char *rest = strstr(uri, "://");
	if (!rest)
		return tolk_strdup("postgresql://");
	rest += 3;
	size_t auth_end = strcspn(rest, "/?");
	const char *at = NULL;
	for (const char *p = rest; p < rest + auth_end; p++)
		if (*p == '@')
			at = p;
	tolk_buf b = TOLK_BUF_INIT;
	tolk_buf_put(&b, uri, (size_t)(rest - uri));
	const char *host = rest;
	if (at) {
		size_t user = strcspn(rest, ":@");
		tolk_buf_put(&b, rest, user);
		tolk_buf_putc(&b, '@');
		host = at + 1;
	}
	tolk_buf_put(&b, host, strcspn(host, "?"));
	return tolk_buf_detach(&b);
}

/* ---- schema ---------------------------------------------------------------------------- */
static const char schema_sql[] =
	"CREATE TABLE tolk_meta(key text PRIMARY KEY, value text);"
	"CREATE TABLE tolk_lang(id integer PRIMARY KEY, tag text NOT NULL UNIQUE);"
	"CREATE TABLE tolk_tu(id bigint PRIMARY KEY, dupkey bigint NOT NULL, first_tuv bigint NOT NULL,"
	" ntuv integer NOT NULL, tuid text, creationdate bigint, changedate bigint, creationid text,"
	" changeid text, props text, notes text);"
	"CREATE INDEX tolk_tu_dupkey ON tolk_tu(dupkey);"
	"CREATE TABLE tolk_tuv(id bigint PRIMARY KEY, tu bigint NOT NULL, lang integer NOT NULL,"
	" text text NOT NULL, seg_xml text, creationdate bigint, changedate bigint, creationid text,"
	" changeid text, props text, notes text);"
	/* lz4: a batch's long lists are stored four times faster than with the default pglz */
	"CREATE TABLE tolk_key(term text COLLATE \"C\" NOT NULL, tuvs bigint[] COMPRESSION lz4 NOT NULL);"
	"CREATE INDEX tolk_key_term ON tolk_key(term);";

/* Schema N-1 to N, in order; each runs in the transaction that sets schema_version to N. */
static const char *const migrations[] = {
	NULL,
	NULL,
	/* 2: document frequencies, counted from the terms stored so far */
	"CREATE TABLE tolk_df(term text COLLATE \"C\" PRIMARY KEY, n bigint NOT NULL);"
	"INSERT INTO tolk_df SELECT term, sum(cardinality(tuvs)) FROM tolk_key GROUP BY term",
	/* 3: the term filter, made by the next import (until then lookup asks for every term) */
	"CREATE TABLE tolk_terms(id integer PRIMARY KEY, upto bigint NOT NULL, bits bytea NOT NULL)",
	/* 4: sketches, made for the variants stored so far by the next import (until then lookup fetches them) */
	"CREATE TABLE tolk_sketch(chunk bigint PRIMARY KEY, data bytea NOT NULL CHECK (length(data) = 2048))",
};
_Static_assert(TM_SKETCH_CHUNK_BYTES == 2048, "tolk_sketch's CHECK spells the chunk size out");

static int set_meta(tolk_tm *tm, const char *key, const char *value)
{
	const char *p[2] = {key, value};
	return run(NULL, tm, tm->pg->w, "INSERT INTO tolk_meta(key, value) VALUES($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
	           2, p, NULL, 0);
}

static int read_version(tolk_tm *tm, PGconn *c, int *version, bool *present)
{
	PGresult *res = NULL;
	*version = 0;
	*present = false;
	int rc = run(&res, tm, c, "SELECT to_regclass('tolk_meta') IS NOT NULL", 0, NULL, NULL, 0);
	if (rc < 0)
		return rc;
	*present = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!*present)
		return 0;
	if ((rc = run(&res, tm, c,
	              "SELECT (SELECT value FROM tolk_meta WHERE key = 'application'),"
	              " (SELECT value FROM tolk_meta WHERE key = 'schema_version')", 0, NULL, NULL, 0)) < 0)
		return rc;
	const char *app = get_str(res, 0, 0), *ver = get_str(res, 0, 1);
	if (!app || strcmp(app, PG_APPLICATION) != 0 || !ver) {
		PQclear(res);
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
		                         _("this database's tolk_meta is not a tolk translation memory's; refusing to touch it"));
	}
	*version = atoi(ver);
	PQclear(res);
	if (*version > PG_SCHEMA_VERSION)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
		                         _("the translation memory was made by a newer tolk (schema %d); this tolk reads up to %d"),
		                         *version, PG_SCHEMA_VERSION);
	if (*version < 1)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0, _("the translation memory's schema version is not valid"));
	return 0;
}

/* Create or migrate under an advisory lock, so two first imports do not both create it. */
static int prepare_schema(tolk_tm *tm, bool create)
{
	PGconn *c = tm->pg->w;
	int rc = begin(tm, c, "BEGIN");
	if (rc < 0)
		return rc;
	int version;
	bool present;
	if ((rc = exec0(tm, c, "SELECT pg_advisory_xact_lock(7630204556)")) == 0 &&
	    (rc = read_version(tm, c, &version, &present)) == 0) {
		if (!present && !create) {
			rc = tolk_error_set_at(TOLK_ENOTFOUND, tm->path, 0, 0,
			                       _("holds no tolk translation memory yet; 'tolk tm import --db URI' or "
			                         "'tolk tm copy' makes one there"));
		} else if (!present) {
			char date[32], ver[16];
			tolk_tmx_date_format(date, time(NULL));
			snprintf(ver, sizeof(ver), "%d", PG_SCHEMA_VERSION);
			if ((rc = exec0(tm, c, schema_sql)) == 0 && (rc = exec0(tm, c, migrations[2])) == 0 &&
			    (rc = exec0(tm, c, migrations[3])) == 0 && (rc = exec0(tm, c, migrations[4])) == 0 &&
			    (rc = set_meta(tm, "application", PG_APPLICATION)) == 0 && (rc = set_meta(tm, "schema_version", ver)) == 0 &&
			    (rc = set_meta(tm, "created", date)) == 0)
				rc = set_meta(tm, "tolk-version", TOLK_VERSION_STRING);
			version = PG_SCHEMA_VERSION;
		} else {
			for (int v = version + 1; v <= PG_SCHEMA_VERSION && rc == 0; v++) {
				char ver[16];
				snprintf(ver, sizeof(ver), "%d", v);
				if ((rc = exec0(tm, c, migrations[v])) == 0)
					rc = set_meta(tm, "schema_version", ver);
				version = v;
			}
		}
	}
	if (rc == 0)
		rc = exec0(tm, c, "COMMIT");
	else
		rollback(tm, c);
	if (rc == 0)
		tm->pg->schema = version;
	return rc;
}

/* ---- reads ----------------------------------------------------------------------------- */
static void ahead_clear(struct tm_pg *pg);

static int pg_read_begin(tolk_tm *tm)
{
	int rc = begin(tm, tm->pg->r, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	tm->pg->in_read = rc == 0;
	return rc;
}

static int pg_read_end(tolk_tm *tm, int rc)
{
	tm->pg->df_valid = false; /* counts and lists of this snapshot */
	ahead_clear(tm->pg);
	if (!tm->pg->in_read)
		return rc;
	tm->pg->in_read = false;
	int erc = exec0(tm, tm->pg->r, "COMMIT");
	return rc < 0 ? rc : erc;
}

static int langs_from(tolk_tm *tm, PGconn *c)
{
	for (size_t k = 0; k < tm->nlangs; k++)
		free(tm->langs[k].tag);
	tm->nlangs = 0;
	PGresult *res = NULL;
	int rc = run(&res, tm, c, "SELECT id, tag FROM tolk_lang ORDER BY id", 0, NULL, NULL, 0);
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		if (tolk_array_grow((void **)&tm->langs, &tm->langs_cap, tm->nlangs + 1, sizeof(*tm->langs)) < 0 ||
		    !(tm->langs[tm->nlangs].tag = tolk_strdup(PQgetvalue(res, i, 1)))) {
			rc = TOLK_ENOMEM;
			break;
		}
		tm->langs[tm->nlangs++].id = get_i64(res, i, 0);
	}
	PQclear(res);
	return rc;
}

static int pg_langs_load(tolk_tm *tm)
{
	return langs_from(tm, tm->pg->r);
}

/* The stored term filter when it covers every variant: asked for its upto first, fetched when it changed. */
static int pg_terms_load(tolk_tm *tm)
{
	tm->terms_valid = false;
	if (tm->pg->schema < 3)
		return 0;
	PGresult *res = NULL;
	int rc = run(&res, tm, tm->pg->r,
	             "SELECT (SELECT upto FROM tolk_terms WHERE id = 1), (SELECT coalesce(max(id), 0) FROM tolk_tuv)", 0,
	             NULL, NULL, 0);
	if (rc < 0)
		return rc;
	bool have = !PQgetisnull(res, 0, 0);
	int64_t upto = have ? get_i64(res, 0, 0) : -1, newest = get_i64(res, 0, 1);
	PQclear(res);
	tm_newest_seen(tm, newest);
	if (!have || upto != newest)
		return 0;
	if (tm->terms && tm->terms_upto == upto) {
		tm->terms_valid = true;
		return 0;
	}
	if (!tm->terms && !(tm->terms = malloc(PG_TERM_BYTES)))
		return tolk_error_oom();
	if ((rc = run(&res, tm, tm->pg->r, "SELECT bits FROM tolk_terms WHERE id = 1", 0, NULL, NULL, 1)) < 0)
		return rc;
	if (PQntuples(res) == 1 && PQgetlength(res, 0, 0) == PG_TERM_BYTES) {
		memcpy(tm->terms, PQgetvalue(res, 0, 0), PG_TERM_BYTES);
		tm->terms_upto = upto;
		tm->terms_valid = true;
	}
	PQclear(res);
	return 0;
}

/* The term of an FTS5 string ("..." with "" for "). */
static char *unquote(const char *q)
{
	size_t n = strlen(q);
	char *out = tolk_malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	const char *p = q, *end = q + n;
	if (n >= 2 && q[0] == '"' && q[n - 1] == '"') {
		p++;
		end--;
	}
	for (; p < end; p++) {
		*o++ = *p;
		if (*p == '"' && p + 1 < end && p[1] == '"')
			p++;
	}
	*o = '\0';
	return out;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Append the elements of a binary bigint[] to p. */
static int array_ids(tm_ids *p, const unsigned char *v, size_t len)
{
	if (len < 20 || be32(v) != 1) /* an empty array has no dimensions */
		return 0;
	uint32_t n = be32(v + 12);
	const unsigned char *e = v + 20;
	for (uint32_t k = 0; k < n && (size_t)(e - v) + 12 <= len; k++, e += 12) {
		uint64_t x = 0;
		for (int b = 0; b < 8; b++)
			x = x << 8 | e[4 + b];
		if (tm_ids_push(p, (int64_t)x) < 0)
			return TOLK_ENOMEM;
	}
	return 0;
}

/* One ascending list of distinct variants out of the rows of several batches (or writers). */
static void ids_normalize(tm_ids *p)
{
	if (p->n < 2)
		return;
	bool sorted = true;
	for (size_t j = 1; j < p->n && sorted; j++)
		sorted = p->ids[j - 1] < p->ids[j];
	if (sorted)
		return;
	qsort(p->ids, p->n, sizeof(*p->ids), cmp_id);
	size_t k = 1;
	for (size_t j = 1; j < p->n; j++)
		if (p->ids[j] != p->ids[k - 1])
			p->ids[k++] = p->ids[j];
	p->n = k;
}

static void ahead_clear(struct tm_pg *pg)
{
	for (size_t k = 0; k < pg->nahead; k++) {
		free(pg->ahead[k].term);
		free(pg->ahead[k].ids.ids);
	}
	pg->nahead = 0;
	tolk_buf_clear(&pg->ahead_arr);
}

static int pg_postings_ahead(tolk_tm *tm, const char *fts_term, bool last)
{
	struct tm_pg *pg = tm->pg;
	char *term = unquote(fts_term);
	if (!term || tolk_array_grow((void **)&pg->ahead, &pg->ahead_cap, pg->nahead + 1, sizeof(*pg->ahead)) < 0) {
		free(term);
		return TOLK_ENOMEM;
	}
	pg->ahead[pg->nahead].term = term;
	memset(&pg->ahead[pg->nahead].ids, 0, sizeof(tm_ids));
	pg->nahead++;
	tolk_buf *a = &pg->ahead_arr;
	tolk_buf_puts(a, a->len ? ",\"" : "{\"");
	for (const char *c = term; *c; c++) {
		if (*c == '"' || *c == '\\')
			tolk_buf_putc(a, '\\');
		tolk_buf_putc(a, *c);
	}
	tolk_buf_putc(a, '"');
	if (!last)
		return 0;
	tolk_buf_putc(a, '}');
	if (!a->ptr)
		return TOLK_ENOMEM;
	const char *params[1] = {a->ptr};
	PGresult *res = NULL;
	int rc = run(&res, tm, pg->r, "SELECT term, tuvs FROM tolk_key WHERE term = ANY($1::text[])", 1, params, NULL, 1);
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		const char *t = PQgetvalue(res, i, 0);
		size_t tl = (size_t)PQgetlength(res, i, 0);
		for (size_t k = 0; k < pg->nahead && rc == 0; k++)
			if (strlen(pg->ahead[k].term) == tl && memcmp(pg->ahead[k].term, t, tl) == 0)
				rc = array_ids(&pg->ahead[k].ids, (const unsigned char *)PQgetvalue(res, i, 1),
				               (size_t)PQgetlength(res, i, 1));
	}
	PQclear(res);
	for (size_t k = 0; rc == 0 && k < pg->nahead; k++)
		ids_normalize(&pg->ahead[k].ids);
	tolk_buf_clear(a);
	return rc;
}

/* The bigint[] rows of a term (binary format: dimensions, then length and value of each element). */
static int pg_postings(tolk_tm *tm, const char *fts_term, tm_ids *p)
{
	p->n = 0;
	char *term = unquote(fts_term);
	if (!term)
		return TOLK_ENOMEM;
	struct tm_pg *pg = tm->pg;
	for (size_t k = 0; k < pg->nahead; k++)
		if (strcmp(pg->ahead[k].term, term) == 0) {
			free(term);
			for (size_t j = 0; j < pg->ahead[k].ids.n; j++)
				if (tm_ids_push(p, pg->ahead[k].ids.ids[j]) < 0)
					return TOLK_ENOMEM;
			return 0;
		}
	const char *params[1] = {term};
	PGresult *res = NULL;
	int rc = run(&res, tm, pg->r, "SELECT tuvs FROM tolk_key WHERE term = $1", 1, params, NULL, 1);
	free(term);
	for (int i = 0; rc == 0 && i < PQntuples(res); i++)
		rc = array_ids(p, (const unsigned char *)PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
	PQclear(res);
	if (rc == 0)
		ids_normalize(p);
	return rc;
}

static void df_clear(struct tm_pg *pg)
{
	for (size_t k = 0; k < pg->ndf; k++)
		free(pg->df[k].term);
	pg->ndf = 0;
	tolk_hashmap_clear(&pg->df_map);
	pg->df_valid = false;
}

static df_entry *df_find(struct tm_pg *pg, const char *term, size_t len)
{
	uint64_t h = (uint64_t)len << 32 | tm_hash_bytes(term, len);
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t id; (id = tolk_hashmap_probe(&pg->df_map, h, &pos)) != TOLK_HASHMAP_NONE;)
		if (pg->df[id].len == len && memcmp(pg->df[id].term, term, len) == 0)
			return &pg->df[id];
	return NULL;
}

/* Add term (df 0 until the server says otherwise) and to the array literal. */
static int df_want(struct tm_pg *pg, tolk_buf *arr, const char *term, size_t len)
{
	if (len == 0 || df_find(pg, term, len))
		return 0;
	if (tolk_array_grow((void **)&pg->df, &pg->df_cap, pg->ndf + 1, sizeof(*pg->df)) < 0)
		return TOLK_ENOMEM;
	df_entry *e = &pg->df[pg->ndf];
	if (!(e->term = tolk_malloc(len + 1)))
		return TOLK_ENOMEM;
	memcpy(e->term, term, len);
	e->term[len] = '\0';
	e->len = len;
	e->n = 0;
	uint64_t h = (uint64_t)len << 32 | tm_hash_bytes(term, len);
	if (tolk_hashmap_put(&pg->df_map, h, (uint32_t)pg->ndf) < 0) {
		free(e->term);
		return TOLK_ENOMEM;
	}
	pg->ndf++;
	tolk_buf_puts(arr, arr->len > 1 ? ",\"" : "\"");
	for (size_t i = 0; i < len; i++) {
		if (term[i] == '"' || term[i] == '\\')
			tolk_buf_putc(arr, '\\');
		tolk_buf_putc(arr, term[i]);
	}
	tolk_buf_putc(arr, '"');
	return 0;
}

/*
 * Every term tm_lookup_keys.c may ask the df of for this query, and some
 * more: each word's key, runs of up to TM_JOIN_MAX_PIECES of its pieces
 * joined, and the pieces' prefixes and suffixes of TM_JOIN_MIN_PIECE bytes
 * or more. One statement instead of one per term; a term outside the set is
 * still asked for on its own, so the set decides speed, never results.
 */
static int df_prefetch(tolk_tm *tm)
{
	struct tm_pg *pg = tm->pg;
	const tm_tokens *q = &tm->qtok;
	df_clear(pg);
	tolk_buf arr = TOLK_BUF_INIT;
	tolk_buf_putc(&arr, '{');
	int rc = df_want(pg, &arr, TM_ANY_NUMBER, sizeof(TM_ANY_NUMBER) - 1);
	/* the query's pieces, in order (a piece is a word's key between hyphens) */
	struct { const char *s; uint32_t len; } pieces[256];
	size_t np = 0;
	char joined[3 * 256];
	for (size_t i = 0; i < q->count && rc == 0; i++) {
		const tm_token *tok = &q->items[i];
		if (tok->kind != TM_TOK_WORD)
			continue;
		const char *key = tm_key(q, tok);
		rc = df_want(pg, &arr, key, tok->key_len);
		for (uint32_t a = 0; a < tok->key_len && rc == 0;) {
			uint32_t b = a;
			while (b < tok->key_len && key[b] != '-')
				b++;
			if (b > a && np < sizeof(pieces) / sizeof(*pieces)) {
				pieces[np].s = key + a;
				pieces[np++].len = b - a;
			}
			a = b + 1;
		}
	}
	for (size_t i = 0; i < np && rc == 0; i++) {
		size_t n = 0;
		for (size_t k = i; k < np && k < i + TM_JOIN_MAX_PIECES && rc == 0; k++) {
			if (n + pieces[k].len > sizeof(joined))
				break;
			memcpy(joined + n, pieces[k].s, pieces[k].len);
			n += pieces[k].len;
			rc = df_want(pg, &arr, joined, n);
		}
		uint32_t len = pieces[i].len;
		if (len > 256)
			continue;
		for (uint32_t at = TM_JOIN_MIN_PIECE; at + TM_JOIN_MIN_PIECE <= len && rc == 0; at++) {
			if ((rc = df_want(pg, &arr, pieces[i].s, at)) == 0)
				rc = df_want(pg, &arr, pieces[i].s + at, len - at);
		}
	}
	tolk_buf_putc(&arr, '}');
	if (rc == 0 && !arr.ptr)
		rc = TOLK_ENOMEM;
	PGresult *res = NULL;
	const char *params[1] = {arr.ptr};
	if (rc == 0 && (rc = run(&res, tm, pg->r, "SELECT term, n FROM tolk_df WHERE term = ANY($1::text[])", 1, params,
	                         NULL, 0)) == 0) {
		for (int i = 0; i < PQntuples(res); i++) {
			df_entry *e = df_find(pg, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
			if (e)
				e->n = get_i64(res, i, 1);
		}
		PQclear(res);
	}
	tolk_buf_free(&arr);
	if (rc < 0) {
		df_clear(pg);
		return rc;
	}
	pg->df_valid = true;
	pg->df_gen = q->generation;
	return 0;
}

static int pg_df(tolk_tm *tm, const char *term, size_t len, int64_t *df)
{
	*df = 0;
	if (tm->pg->schema < 2)
		return 0;
	int rc;
	if ((!tm->pg->df_valid || tm->pg->df_gen != tm->qtok.generation) && (rc = df_prefetch(tm)) < 0)
		return rc;
	const df_entry *e = df_find(tm->pg, term, len);
	if (e) {
		*df = e->n;
		return 0;
	}
	char *t = tolk_malloc(len + 1);
	if (!t)
		return TOLK_ENOMEM;
	memcpy(t, term, len);
	t[len] = '\0';
	const char *params[1] = {t};
	PGresult *res = NULL;
	rc = run(&res, tm, tm->pg->r, "SELECT n FROM tolk_df WHERE term = $1", 1, params, NULL, 0);
	free(t);
	if (rc == 0 && PQntuples(res) > 0)
		*df = get_i64(res, 0, 0);
	PQclear(res);
	return rc;
}

static int rows_to(PGresult *res, tm_row_fn fn, void *ctx)
{
	int rc = 0;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		tm_row r = {get_i64(res, i, 0), get_i64(res, i, 1), get_i64(res, i, 2), get_str(res, i, 3), false, 0};
		if (PQnfields(res) > 4) {
			r.dated = true;
			r.changedate = (time_t)get_i64(res, i, 4);
		}
		rc = fn(ctx, &r);
	}
	return rc < 0 ? rc : (rc > 0 ? 1 : 0);
}

static int query_rows(tolk_tm *tm, const char *sql, int64_t arg, tm_row_fn fn, void *ctx)
{
	char a[24];
	snprintf(a, sizeof(a), "%lld", (long long)arg);
	const char *params[1] = {a};
	PGresult *res = NULL;
	int rc = run(&res, tm, tm->pg->r, sql, 1, params, NULL, 0);
	if (rc == 0)
		rc = rows_to(res, fn, ctx);
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int pg_variant(tolk_tm *tm, int64_t id, tm_row_fn fn, void *ctx)
{
	return query_rows(tm, "SELECT id, tu, lang, text FROM tolk_tuv WHERE id = $1", id, fn, ctx);
}

/* ids as a bigint[] literal ({1,2,3}) into arr, for a statement's one parameter; TOLK_ENOMEM when it failed. */
static int ids_literal(tolk_buf *arr, const int64_t *ids, size_t n)
{
	tolk_buf_putc(arr, '{');
	for (size_t k = 0; k < n; k++)
		tolk_buf_printf(arr, "%s%lld", k ? "," : "", (long long)ids[k]);
	tolk_buf_putc(arr, '}');
	return arr->ptr ? 0 : TOLK_ENOMEM;
}

/* The rows of ids in one statement, handed on in the order of ids. */
static int pg_variants(tolk_tm *tm, const int64_t *ids, size_t n, tm_row_fn fn, void *ctx)
{
	tolk_buf arr = TOLK_BUF_INIT;
	if (ids_literal(&arr, ids, n) < 0)
		return TOLK_ENOMEM;
	const char *params[1] = {arr.ptr};
	PGresult *res = NULL;
	int rc = run(&res, tm, tm->pg->r,
	             "SELECT v.id, v.tu, v.lang, v.text, CASE WHEN coalesce(t.changedate, 0) <> 0 THEN t.changedate "
	             "ELSE coalesce(t.creationdate, 0) END FROM unnest($1::bigint[]) WITH ORDINALITY AS a(id, k) "
	             "JOIN tolk_tuv v ON v.id = a.id JOIN tolk_tu t ON t.id = v.tu ORDER BY a.k", 1, params, NULL, 0);
	tolk_buf_free(&arr);
	if (rc == 0)
		rc = rows_to(res, fn, ctx);
	PQclear(res);
	return rc < 0 ? rc : 0;
}

/* Sketch chunks (tm_sketch_want): the ones asked for in one statement, in binary. */
static int pg_sketch_chunks(tolk_tm *tm, bool *kept, const int64_t *chunks, size_t n,
                            int (*fn)(void *ctx, int64_t chunk, const void *data, size_t len), void *ctx)
{
	*kept = tm->pg->schema >= 4;
	if (!*kept || n == 0)
		return 0;
	tolk_buf arr = TOLK_BUF_INIT;
	if (ids_literal(&arr, chunks, n) < 0)
		return TOLK_ENOMEM;
	const char *params[1] = {arr.ptr};
	PGresult *res = NULL;
	int rc = run(&res, tm, tm->pg->r, "SELECT chunk, data FROM tolk_sketch WHERE chunk = ANY($1::bigint[])", 1, params,
	             NULL, 1);
	tolk_buf_free(&arr);
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		if (PQgetlength(res, i, 0) != 8)
			continue;
		const unsigned char *b = (const unsigned char *)PQgetvalue(res, i, 0);
		int64_t chunk = (int64_t)((uint64_t)be32(b) << 32 | be32(b + 4));
		rc = fn(ctx, chunk, PQgetvalue(res, i, 1), (size_t)PQgetlength(res, i, 1));
	}
	PQclear(res);
	return rc;
}

static int pg_unit_variants(tolk_tm *tm, int64_t unit, tm_row_fn fn, void *ctx)
{
	return query_rows(tm,
	                  "SELECT v.id, v.tu, v.lang, v.text FROM tolk_tu t JOIN tolk_tuv v ON v.id BETWEEN t.first_tuv "
	                  "AND t.first_tuv + t.ntuv - 1 WHERE t.id = $1 ORDER BY v.id",
	                  unit, fn, ctx);
}

static int pg_unit(tolk_tm *tm, int64_t unit, tm_unit_info *out, bool with_ids)
{
	memset(out, 0, sizeof(*out));
	char a[24];
	snprintf(a, sizeof(a), "%lld", (long long)unit);
	const char *params[1] = {a};
	PGresult *res = NULL;
	int rc = run(&res, tm, tm->pg->r, "SELECT creationdate, changedate, creationid, changeid FROM tolk_tu WHERE id = $1",
	             1, params, NULL, 0);
	if (rc == 0 && PQntuples(res) > 0) {
		out->creationdate = (time_t)get_i64(res, 0, 0);
		out->changedate = (time_t)get_i64(res, 0, 1);
		const char *cid = get_str(res, 0, 2), *chid = get_str(res, 0, 3);
		if (with_ids && ((cid && !(out->creationid = tolk_strdup(cid))) || (chid && !(out->changeid = tolk_strdup(chid)))))
			rc = TOLK_ENOMEM;
	}
	PQclear(res);
	return rc;
}

/* Rows of a query through a cursor, FETCH by FETCH, in the read transaction; fn may stop early. */
static int cursor_rows(tolk_tm *tm, const char *sql, int n, const char *const *params, tm_row_fn fn, void *ctx)
{
	PGconn *c = tm->pg->r;
	tolk_buf decl = TOLK_BUF_INIT;
	if (tolk_buf_printf(&decl, "DECLARE tolk_rows NO SCROLL CURSOR FOR %s", sql) < 0)
		return TOLK_ENOMEM;
	int rc = run(NULL, tm, c, decl.ptr, n, params, NULL, 0);
	tolk_buf_free(&decl);
	while (rc == 0) {
		PGresult *res = NULL;
		if ((rc = run(&res, tm, c, "FETCH 2000 FROM tolk_rows", 0, NULL, NULL, 0)) < 0)
			break;
		int got = PQntuples(res);
		rc = rows_to(res, fn, ctx);
		PQclear(res);
		if (rc != 0 || got < 2000)
			break;
	}
	int crc = exec0(tm, c, "CLOSE tolk_rows");
	return rc < 0 ? rc : crc;
}

static int pg_scan(tolk_tm *tm, tm_row_fn fn, void *ctx)
{
	return cursor_rows(tm, "SELECT id, tu, lang, text FROM tolk_tuv ORDER BY id", 0, NULL, fn, ctx);
}

/* LIKE pattern for a prefix: % _ and \ taken literally. */
static void like_prefix(tolk_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			tolk_buf_putc(b, '\\');
		tolk_buf_putc(b, *s);
	}
	tolk_buf_putc(b, '%');
}

typedef struct params {
	char *v[4 * TM_PHRASE_MAX_WORDS];
	int n;
} params;

/* $k for a new parameter. */
static int param_add(params *p, tolk_buf *sql, char *value)
{
	if (!value || p->n == (int)(sizeof(p->v) / sizeof(*p->v))) {
		free(value);
		return TOLK_ENOMEM;
	}
	p->v[p->n++] = value;
	return tolk_buf_printf(sql, "$%d", p->n);
}

/* An array literal of LIKE prefixes for stems (as text for the parameter, never in the SQL). */
static char *stems_array(const tm_stem *st)
{
	tolk_buf b = TOLK_BUF_INIT;
	tolk_buf_putc(&b, '{');
	for (size_t v = 0; v < st->nstems; v++) {
		tolk_buf pat = TOLK_BUF_INIT;
		like_prefix(&pat, st->stems[v]);
		if (v)
			tolk_buf_putc(&b, ',');
		tolk_buf_putc(&b, '"');
		for (const char *s = pat.ptr ? pat.ptr : ""; *s; s++) {
			if (*s == '"' || *s == '\\')
				tolk_buf_putc(&b, '\\');
			tolk_buf_putc(&b, *s);
		}
		tolk_buf_putc(&b, '"');
		tolk_buf_free(&pat);
	}
	tolk_buf_putc(&b, '}');
	return tolk_buf_detach(&b);
}

/*
 * The same set as tm_phrase_query's FTS5 query: every word (AND), each as one
 * of its stems taken as a prefix (OR), or, for a separable verb, also the
 * verb's stems and the particle.
 */
static int pg_concord(tolk_tm *tm, const tm_phrase *ph, const char *query, tm_row_fn fn, void *ctx)
{
	(void)query;
	tolk_buf sql = TOLK_BUF_INIT;
	params p = {{0}, 0};
	int rc = 0;
	tolk_buf_puts(&sql, "SELECT v.id, v.tu, v.lang, v.text FROM tolk_tuv v WHERE v.id IN (");
	for (size_t k = 0; k < ph->n && rc == 0; k++) {
		const tm_phrase_word *w = &ph->words[k];
		if (k)
			tolk_buf_puts(&sql, " INTERSECT ");
		tolk_buf_puts(&sql, "(SELECT unnest(tuvs) FROM tolk_key WHERE ");
		if (w->stem.exact_only) {
			tolk_buf_puts(&sql, "term = ");
			rc = param_add(&p, &sql, tolk_strdup(w->key));
			tolk_buf_putc(&sql, ')');
			continue;
		}
		tolk_buf_puts(&sql, "term LIKE ANY(");
		rc = param_add(&p, &sql, stems_array(&w->stem));
		tolk_buf_puts(&sql, "::text[])");
		if (rc == 0 && w->particle_len) {
			char particle[64];
			memcpy(particle, w->key, w->particle_len);
			particle[w->particle_len] = '\0';
			tolk_buf_puts(&sql, " UNION (SELECT unnest(tuvs) FROM tolk_key WHERE term LIKE ANY(");
			rc = param_add(&p, &sql, stems_array(&w->verb));
			tolk_buf_puts(&sql, "::text[]) INTERSECT SELECT unnest(tuvs) FROM tolk_key WHERE term = ");
			if (rc == 0)
				rc = param_add(&p, &sql, tolk_strdup(particle));
			tolk_buf_putc(&sql, ')');
		}
		tolk_buf_putc(&sql, ')');
	}
	tolk_buf_puts(&sql, ") ORDER BY v.id DESC");
	if (rc == 0 && !sql.ptr)
		rc = TOLK_ENOMEM;
	if (rc == 0)
		rc = cursor_rows(tm, sql.ptr, p.n, (const char *const *)p.v, fn, ctx);
	for (int k = 0; k < p.n; k++)
		free(p.v[k]);
	tolk_buf_free(&sql);
	return rc < 0 ? rc : 0;
}

/* ---- stats and checks ------------------------------------------------------------------ */
static int64_t q_int(tolk_tm *tm, const char *sql, int n, const char *const *params, int *rc)
{
	PGresult *res = NULL;
	int64_t v = 0;
	if (*rc < 0)
		return 0;
	if ((*rc = run(&res, tm, tm->pg->r, sql, n, params, NULL, 0)) == 0 && PQntuples(res) > 0)
		v = get_i64(res, 0, 0);
	PQclear(res);
	return v;
}

static int cmp_lang_count(const void *a, const void *b)
{
	const tolk_tm_lang_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->lang, y->lang);
}

/* {1,4}: ids of the stored tags that are lang */
static char *lang_ids(tolk_tm *tm, const char *lang)
{
	tolk_buf b = TOLK_BUF_INIT;
	tolk_buf_putc(&b, '{');
	bool any = false;
	for (size_t k = 0; k < tm->nlangs; k++)
		if (tolk_lang_match(tm->langs[k].tag, lang) >= 1) {
			tolk_buf_printf(&b, "%s%lld", any ? "," : "", (long long)tm->langs[k].id);
			any = true;
		}
	tolk_buf_putc(&b, '}');
	return tolk_buf_detach(&b);
}

static int pg_stats(tolk_tm_summary **out, tolk_tm *tm)
{
	*out = NULL;
	tolk_tm_summary *s = tolk_calloc(1, sizeof(*s));
	if (!s)
		return TOLK_ENOMEM;
	int rc = pg_read_begin(tm);
	size_t langs_cap = 0;
	s->schema_version = tm->pg->schema;
	s->units = (uint64_t)q_int(tm, "SELECT count(*) FROM tolk_tu", 0, NULL, &rc);
	s->oldest = (time_t)q_int(tm, "SELECT min(creationdate) FROM tolk_tu WHERE creationdate > 0", 0, NULL, &rc);
	s->newest = (time_t)q_int(tm, "SELECT greatest(max(coalesce(creationdate, 0)), max(coalesce(changedate, 0))) FROM tolk_tu",
	                          0, NULL, &rc);
	PGresult *res = NULL;
	if (rc == 0 && (rc = pg_langs_load(tm)) == 0 &&
	    (rc = run(&res, tm, tm->pg->r, "SELECT lang, count(*) FROM tolk_tuv GROUP BY lang ORDER BY 2 DESC", 0, NULL,
	              NULL, 0)) == 0) {
		for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
			if (tolk_array_grow((void **)&s->langs, &langs_cap, s->nlangs + 1, sizeof(*s->langs)) < 0) {
				rc = TOLK_ENOMEM;
				break;
			}
			const char *tag = tm_lang_tag(tm, get_i64(res, i, 0));
			/* the same canonical spelling as the SQLite store's stats */
			char *canon = tolk_strdup(tag ? tag : "?");
			if (!canon) {
				rc = TOLK_ENOMEM;
				break;
			}
			for (char *part = canon, *end; *part; part = *end ? end + 1 : end) {
				end = part + strcspn(part, "-_");
				size_t n = (size_t)(end - part);
				for (size_t j = 0; j < n; j++) {
					bool upper = part != canon && (n == 2 || (n == 4 && j == 0));
					char ch = part[j];
					part[j] = upper ? (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch)
					                : (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
				}
			}
			size_t k = 0;
			while (k < s->nlangs && strcmp(s->langs[k].lang, canon) != 0)
				k++;
			if (k < s->nlangs) {
				free(canon);
			} else {
				s->langs[s->nlangs].lang = canon;
				s->langs[s->nlangs++].count = 0;
			}
			s->langs[k].count += (uint64_t)get_i64(res, i, 1);
		}
		PQclear(res);
		if (s->nlangs > 1)
			qsort(s->langs, s->nlangs, sizeof(*s->langs), cmp_lang_count);
	}
	if (rc == 0) {
		char *src = lang_ids(tm, tm->src_lang), *tgt = lang_ids(tm, tm->tgt_lang);
		if (!src || !tgt)
			rc = TOLK_ENOMEM;
		else if (strcmp(src, "{}") != 0 && strcmp(tgt, "{}") != 0) {
			const char *params[2] = {src, tgt};
			s->pair_units = (uint64_t)q_int(
				tm,
				"SELECT count(*) FROM tolk_tu t WHERE EXISTS (SELECT 1 FROM tolk_tuv v WHERE v.id BETWEEN t.first_tuv "
				"AND t.first_tuv + t.ntuv - 1 AND v.lang = ANY($1::int[])) AND EXISTS (SELECT 1 FROM tolk_tuv v WHERE "
				"v.id BETWEEN t.first_tuv AND t.first_tuv + t.ntuv - 1 AND v.lang = ANY($2::int[]))",
				2, params, &rc);
		}
		free(src);
		free(tgt);
	}
	if (rc == 0)
		s->file_bytes = (uint64_t)q_int(tm,
		                                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relname IN "
		                                "('tolk_meta', 'tolk_lang', 'tolk_tu', 'tolk_tuv', 'tolk_key', 'tolk_df')",
		                                0, NULL, &rc);
	rc = pg_read_end(tm, rc);
	if (rc < 0) {
		tolk_tm_summary_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

static int pg_check(tolk_tm *tm)
{
	int rc = pg_read_begin(tm);
	int64_t bad = q_int(tm,
	                    "SELECT count(*) FROM tolk_tu t WHERE (SELECT count(*) FROM tolk_tuv v WHERE v.id BETWEEN "
	                    "t.first_tuv AND t.first_tuv + t.ntuv - 1 AND v.tu = t.id) <> t.ntuv",
	                    0, NULL, &rc);
	/* every variant with a word or number in it is in the index */
	bad += q_int(tm,
	             "SELECT count(*) FROM tolk_tuv v LEFT JOIN (SELECT DISTINCT unnest(tuvs) AS id FROM tolk_key) k "
	             "ON k.id = v.id WHERE k.id IS NULL AND v.text ~ '[[:alnum:]]'",
	             0, NULL, &rc);
	rc = pg_read_end(tm, rc);
	if (rc == 0 && bad)
		rc = tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
		                       _("the translation memory is damaged (%lld units or variants out of step with the index)"),
		                       (long long)bad);
	/* and each variant's sketch against its text: a wrong one would hide it from lookup */
	return rc < 0 ? rc : tm_sketch_check(tm);
}

static int pg_srclang(char **out, tolk_tm *tm)
{
	PGresult *res = NULL;
	int rc = run(&res, tm, tm->pg->r, "SELECT value FROM tolk_meta WHERE key = 'srclang'", 0, NULL, NULL, 0);
	if (rc < 0)
		return rc;
	const char *v = PQntuples(res) > 0 ? get_str(res, 0, 0) : NULL;
	if (!v || (strcmp(v, "*all*") != 0 && tolk_lang_tag_check(v) < 0)) {
		tolk_error_clear();
		v = "*all*";
	}
	*out = tolk_strdup(v);
	PQclear(res);
	return *out ? 0 : TOLK_ENOMEM;
}

/* ---- units read whole (export, copy) ------------------------------------------------------ */
struct tm_cursor {
	tolk_tm *tm;
	PGresult *res;            /* the current FETCH */
	int row, rows;
	bool done;
	tolk_tmx_unit u;
	tolk_tmx_tuv *tuvs;
	size_t tuvs_cap;
	char *ustr[5];            /* the unit's tuid, ids, props and notes (decoded in place) */
	char **vstr;              /* two per variant */
	size_t vstr_cap;
};

#define CURSOR_SQL                                                                                                 \
	"DECLARE tolk_units NO SCROLL CURSOR FOR SELECT t.id, t.tuid, t.creationdate, t.changedate, t.creationid, "      \
	"t.changeid, t.props, t.notes, v.lang, v.text, v.seg_xml, v.creationdate, v.changedate, v.creationid, "          \
	"v.changeid, v.props, v.notes FROM tolk_tuv v JOIN tolk_tu t ON t.id = v.tu ORDER BY v.id"

static void cursor_unit_clear(tm_cursor *c)
{
	for (size_t k = 0; k < c->u.ntuvs; k++) {
		free(c->u.tuvs[k].props);
		free(c->u.tuvs[k].notes);
	}
	free(c->u.props);
	free(c->u.notes);
	for (size_t k = 0; k < 5; k++) {
		free(c->ustr[k]);
		c->ustr[k] = NULL;
	}
	for (size_t k = 0; k < c->vstr_cap; k++) {
		free(c->vstr[k]);
		c->vstr[k] = NULL;
	}
	memset(&c->u, 0, sizeof(c->u));
}

static void pg_cursor_free(tm_cursor *c)
{
	if (!c)
		return;
	cursor_unit_clear(c);
	PQclear(c->res);
	free(c->tuvs);
	free(c->vstr);
	if (PQtransactionStatus(c->tm->pg->r) == PQTRANS_INTRANS)
		PQclear(PQexec(c->tm->pg->r, "CLOSE tolk_units"));
	free(c);
}

static int pg_cursor_open(tm_cursor **out, tolk_tm *tm, uint64_t *total)
{
	*out = NULL;
	int rc = 0;
	if (total)
		*total = (uint64_t)q_int(tm, "SELECT count(*) FROM tolk_tu", 0, NULL, &rc);
	if (rc < 0 || (rc = exec0(tm, tm->pg->r, CURSOR_SQL)) < 0)
		return rc;
	tm_cursor *c = tolk_calloc(1, sizeof(*c));
	if (!c)
		return TOLK_ENOMEM;
	c->tm = tm;
	*out = c;
	return 0;
}

/* vstr's new slots are NULL, so a unit's strings can be freed whichever it set */
static int grow_vstr(tm_cursor *c, size_t n)
{
	size_t old = c->vstr_cap;
	if (n <= old)
		return 0;
	if (tolk_array_grow((void **)&c->vstr, &c->vstr_cap, n, sizeof(*c->vstr)) < 0)
		return TOLK_ENOMEM;
	memset(c->vstr + old, 0, (c->vstr_cap - old) * sizeof(*c->vstr));
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Make sure c->res has a row at c->row; false at the end. */
static int cursor_fill(tm_cursor *c, bool *have)
{
	*have = false;
	if (c->res && c->row < c->rows) {
		*have = true;
		return 0;
	}
	if (c->done)
		return 0;
	PQclear(c->res);
	c->res = NULL;
	int rc = run(&c->res, c->tm, c->tm->pg->r, "FETCH 5000 FROM tolk_units", 0, NULL, NULL, 0);
	if (rc < 0)
		return rc;
	c->row = 0;
	c->rows = PQntuples(c->res);
	c->done = c->rows < 5000;
	*have = c->rows > 0;
	return 0;
}

static int pg_cursor_next(const tolk_tmx_unit **out, tm_cursor *c)
{
	*out = NULL;
	cursor_unit_clear(c);
	bool have;
	int rc = cursor_fill(c, &have);
	if (rc < 0)
		return rc;
	if (!have)
		return TOLK_ITEROVER;
	int64_t id = get_i64(c->res, c->row, 0);
	tolk_tmx_unit *u = &c->u;
	PGresult *r = c->res;
	c->ustr[0] = dup_or_null(get_str(r, c->row, 1));
	c->ustr[1] = dup_or_null(get_str(r, c->row, 4));
	c->ustr[2] = dup_or_null(get_str(r, c->row, 5));
	u->tuid = c->ustr[0];
	u->creationdate = (time_t)get_i64(r, c->row, 2);
	u->changedate = (time_t)get_i64(r, c->row, 3);
	u->creationid = c->ustr[1];
	u->changeid = c->ustr[2];
	c->ustr[3] = dup_or_null(get_str(r, c->row, 6));
	c->ustr[4] = dup_or_null(get_str(r, c->row, 7));
	if ((rc = tm_decode_props(&u->props, &u->nprops, c->ustr[3])) < 0 ||
	    (rc = tm_decode_notes(&u->notes, &u->nnotes, c->ustr[4])) < 0)
		return rc;
	size_t nv = 0;
	for (;;) {
		if ((rc = cursor_fill(c, &have)) < 0)
			break;
		if (!have || get_i64(c->res, c->row, 0) != id)
			break;
		r = c->res;
		int i = c->row++;
		if (tolk_array_grow((void **)&c->tuvs, &c->tuvs_cap, nv + 1, sizeof(*c->tuvs)) < 0 ||
		    grow_vstr(c, 8 * (nv + 1)) < 0) {
			rc = TOLK_ENOMEM;
			break;
		}
		u->tuvs = c->tuvs;
		tolk_tmx_tuv *v = &c->tuvs[nv];
		memset(v, 0, sizeof(*v));
		char **vs = &c->vstr[8 * nv];
		for (int k = 0; k < 8; k++)
			vs[k] = NULL;
		vs[0] = dup_or_null(get_str(r, i, 9));
		vs[1] = dup_or_null(get_str(r, i, 10));
		vs[2] = dup_or_null(get_str(r, i, 13));
		vs[3] = dup_or_null(get_str(r, i, 14));
		vs[4] = dup_or_null(get_str(r, i, 15));
		vs[5] = dup_or_null(get_str(r, i, 16));
		u->ntuvs = ++nv;
		v->lang = (char *)tm_lang_tag(c->tm, get_i64(r, i, 8));
		v->text = vs[0];
		v->seg_xml = vs[1];
		v->creationdate = (time_t)get_i64(r, i, 11);
		v->changedate = (time_t)get_i64(r, i, 12);
		v->creationid = vs[2];
		v->changeid = vs[3];
		if ((rc = tm_decode_props(&v->props, &v->nprops, vs[4])) < 0 ||
		    (rc = tm_decode_notes(&v->notes, &v->nnotes, vs[5])) < 0)
			break;
		if (!v->lang || !v->text) {
			rc = tolk_error_oom();
			break;
		}
	}
	if (rc == 0)
		*out = u;
	return rc;
}

/* ---- import ----------------------------------------------------------------------------- */
/* COPY's text format: \N for NULL; backslash, tab, newline and carriage return escaped. */
static void copy_text(tolk_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		switch (ch) {
		case '\\': tolk_buf_put(b, "\\\\", 2); break;
		case '\t': tolk_buf_put(b, "\\t", 2); break;
		case '\n': tolk_buf_put(b, "\\n", 2); break;
		case '\r': tolk_buf_put(b, "\\r", 2); break;
		default: tolk_buf_putc(b, ch);
		}
	}
}

static void copy_str(tolk_buf *b, const char *s, bool empty_is_null)
{
	if (!s || (empty_is_null && !*s))
		tolk_buf_put(b, "\\N", 2);
	else
		copy_text(b, s, strlen(s));
}

static void copy_date(tolk_buf *b, time_t t)
{
	if (t)
		tolk_buf_printf(b, "%lld", (long long)t);
	else
		tolk_buf_put(b, "\\N", 2);
}

typedef struct pg_import {
	tolk_tm *tm;
	tolk_tm_import_stats *stats, committed;
	tolk_buf tu, tuv, key;
	struct key_acc { char *term; size_t len; tm_ids ids; } *acc; /* the batch's terms and their variants */
	size_t nacc, acc_cap;
	tolk_hashmap acc_map;
	tm_counter df;
	uint64_t df_units;
	int64_t next_tu, next_tuv, next_lang;
	int64_t seen_upto;        /* units up to this id have their keys in keys */
	tolk_hashmap keys;        /* dupkeys stored: a duplicate is skipped (counted as merged) */
	bool in_txn;
	tm_tokens toks;
	const char *srclang;
	uint8_t *terms;           /* the terms this import gives the index */
	int64_t tuv_before;       /* the newest variant when it began */
	bool alone;               /* and nobody else wrote between its batches */
	int64_t last_tuv;         /* the newest variant after our last commit */
	tm_sketch_run sketches;   /* the batch's sketches, from the first variant without one (schema 4) */
} pg_import;

static int copy_in(pg_import *im, const char *sql, tolk_buf *data)
{
	tolk_tm *tm = im->tm;
	PGconn *c = tm->pg->w;
	PGresult *res = PQexec(c, sql);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN)
		return res_error(tm, c, res);
	PQclear(res);
	int rc = 0;
	/* in pieces: a batch's data may be larger than one call should carry */
	for (size_t at = 0; at < data->len && rc == 0; at += 1 << 20) {
		size_t n = data->len - at < (1u << 20) ? data->len - at : 1u << 20;
		if (PQputCopyData(c, data->ptr + at, (int)n) != 1)
			rc = conn_error(tm, c, _("cannot send units"));
	}
	if (PQputCopyEnd(c, rc == 0 ? NULL : "tolk: cancelled") != 1 && rc == 0)
		rc = conn_error(tm, c, _("cannot send units"));
	while ((res = PQgetResult(c)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0)
			rc = res_error(tm, c, res);
		else
			PQclear(res);
	}
	tolk_buf_clear(data);
	return rc;
}

static void put_be16(tolk_buf *b, uint16_t v)
{
	char x[2] = {(char)(v >> 8), (char)v};
	tolk_buf_put(b, x, 2);
}

static void put_be32(tolk_buf *b, uint32_t v)
{
	char x[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
	tolk_buf_put(b, x, 4);
}

static void put_be64(tolk_buf *b, uint64_t v)
{
	put_be32(b, (uint32_t)(v >> 32));
	put_be32(b, (uint32_t)v);
}

/* COPY's binary format: the signature, no flags, no header extension; and the trailer. */
static void copy_binary_header(tolk_buf *b)
{
	tolk_buf_put(b, "PGCOPY\n\377\r\n\0", 11);
	put_be32(b, 0);
	put_be32(b, 0);
}

static void copy_binary_trailer(tolk_buf *b)
{
	put_be16(b, 0xFFFF);
}

/*
 * The batch's terms so far as rows of tolk_key, in COPY's binary format:
 * half a million variant ids a batch would otherwise be printed by us and
 * parsed back by the server.
 */
static int flush_keys(pg_import *im)
{
	if (im->nacc == 0)
		return 0;
	tolk_buf *b = &im->key;
	copy_binary_header(b);
	for (size_t k = 0; k < im->nacc; k++) {
		struct key_acc *a = &im->acc[k];
		put_be16(b, 2);
		put_be32(b, (uint32_t)a->len);
		tolk_buf_put(b, a->term, a->len);
		/* bigint[]: one dimension, no NULLs, int8 (oid 20), lower bound 1, each element 8 bytes */
		put_be32(b, (uint32_t)(20 + 12 * a->ids.n));
		put_be32(b, 1);
		put_be32(b, 0);
		put_be32(b, 20);
		put_be32(b, (uint32_t)a->ids.n);
		put_be32(b, 1);
		for (size_t j = 0; j < a->ids.n; j++) {
			put_be32(b, 8);
			put_be64(b, (uint64_t)a->ids.ids[j]);
		}
		free(a->term);
		free(a->ids.ids);
	}
	copy_binary_trailer(b);
	im->nacc = 0;
	tolk_hashmap_clear(&im->acc_map);
	return b->ptr ? copy_in(im, "COPY tolk_key(term, tuvs) FROM STDIN (FORMAT binary)", b) : TOLK_ENOMEM;
}

static int keys_since(pg_import *im)
{
	char a[24];
	snprintf(a, sizeof(a), "%lld", (long long)im->seen_upto);
	const char *params[1] = {a};
	PGresult *res = NULL;
	int rc = run(&res, im->tm, im->tm->pg->w, "SELECT id, dupkey FROM tolk_tu WHERE id > $1", 1, params, NULL, 0);
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		uint64_t key = (uint64_t)get_i64(res, i, 1);
		size_t pos = TOLK_HASHMAP_START;
		if (key && tolk_hashmap_probe(&im->keys, key, &pos) == TOLK_HASHMAP_NONE &&
		    tolk_hashmap_put(&im->keys, key, 0) < 0)
			rc = TOLK_ENOMEM;
		if (get_i64(res, i, 0) > im->seen_upto)
			im->seen_upto = get_i64(res, i, 0);
	}
	PQclear(res);
	return rc;
}

/* Sketches for the stored variants from .. next_tuv - 1 (stored before the store kept sketches), in pages. */
static int sketches_backfill(pg_import *im, int64_t from)
{
	tolk_tm *tm = im->tm;
	int rc = 0;
	while (rc == 0 && from < im->next_tuv) {
		char a[24], b[24];
		snprintf(a, sizeof(a), "%lld", (long long)from);
		snprintf(b, sizeof(b), "%lld", (long long)im->next_tuv);
		const char *params[2] = {a, b};
		PGresult *res = NULL;
		if ((rc = run(&res, tm, tm->pg->w,
		              "SELECT id, lang, text FROM tolk_tuv WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 20000", 2,
		              params, NULL, 0)) < 0)
			break;
		int n = PQntuples(res);
		for (int i = 0; i < n && rc == 0; i++) {
			const char *text = PQgetvalue(res, i, 2);
			tm_sketch sk;
			if ((rc = tm_tokenize(&im->toks, text, (size_t)PQgetlength(res, i, 2))) == 0) {
				tm_sketch_of(&sk, &im->toks, get_i64(res, i, 1));
				rc = tm_sketch_run_add(&im->sketches, get_i64(res, i, 0), &sk);
			}
		}
		from = n ? get_i64(res, n - 1, 0) + 1 : im->next_tuv;
		PQclear(res);
	}
	return rc;
}

/*
 * The batch's run of sketches starts at the first variant without one: the
 * batch's first, or (in a store made before sketches) the first stored.
 */
static int sketches_begin(pg_import *im)
{
	tolk_tm *tm = im->tm;
	PGresult *res = NULL;
	int rc = run(&res, tm, tm->pg->w, "SELECT coalesce((SELECT value::bigint FROM tolk_meta WHERE key = 'sketch_upto'), 0)",
	             0, NULL, NULL, 0);
	if (rc < 0)
		return rc;
	int64_t from = get_i64(res, 0, 0) + 1;
	PQclear(res);
	if (from > im->next_tuv || from < 1)
		from = im->next_tuv;
	char a[24];
	snprintf(a, sizeof(a), "%lld", (long long)(from / TM_SKETCH_CHUNK));
	const char *params[1] = {a};
	if ((rc = run(&res, tm, tm->pg->w, "SELECT data FROM tolk_sketch WHERE chunk = $1", 1, params, NULL, 1)) < 0)
		return rc;
	bool old = PQntuples(res) == 1;
	rc = tm_sketch_run_start(&im->sketches, from, old ? PQgetvalue(res, 0, 0) : NULL,
	                         old ? (size_t)PQgetlength(res, 0, 0) : 0);
	PQclear(res);
	return rc < 0 ? rc : sketches_backfill(im, from);
}

/* The run's chunks in place of the stored ones, and how far sketches go now. */
static int sketches_flush(pg_import *im)
{
	tm_sketch_run *r = &im->sketches;
	if (!r->nchunks)
		return 0;
	char a[24];
	snprintf(a, sizeof(a), "%lld", (long long)r->first);
	const char *params[1] = {a};
	int rc = run(NULL, im->tm, im->tm->pg->w, "DELETE FROM tolk_sketch WHERE chunk >= $1", 1, params, NULL, 0);
	if (rc == 0) {
		tolk_buf b = TOLK_BUF_INIT;
		copy_binary_header(&b);
		for (size_t k = 0; k < r->nchunks; k++) {
			put_be16(&b, 2);
			put_be32(&b, 8);
			put_be64(&b, (uint64_t)(r->first + (int64_t)k));
			put_be32(&b, TM_SKETCH_CHUNK_BYTES);
			tolk_buf_put(&b, (const char *)&r->data[k * TM_SKETCH_CHUNK], TM_SKETCH_CHUNK_BYTES);
		}
		copy_binary_trailer(&b);
		rc = b.ptr ? copy_in(im, "COPY tolk_sketch(chunk, data) FROM STDIN (FORMAT binary)", &b) : TOLK_ENOMEM;
		tolk_buf_free(&b);
	}
	if (rc == 0) {
		char upto[24];
		snprintf(upto, sizeof(upto), "%lld", (long long)(im->next_tuv - 1));
		rc = set_meta(im->tm, "sketch_upto", upto);
	}
	tm_sketch_run_free(r);
	return rc;
}

static int pg_batch_begin(void *store)
{
	pg_import *im = store;
	tolk_tm *tm = im->tm;
	PGconn *c = tm->pg->w;
	int rc = begin(tm, c, "BEGIN");
	if (rc < 0)
		return rc;
	im->in_txn = true;
	/* one writer at a time: ids are given here, and a unit's variants must be consecutive */
	PGresult *res = NULL;
	if ((rc = exec0(tm, c, "LOCK TABLE tolk_tu IN SHARE ROW EXCLUSIVE MODE")) < 0 ||
	    (rc = run(&res, tm, c,
	              "SELECT (SELECT coalesce(max(id), 0) FROM tolk_tu), (SELECT coalesce(max(id), 0) FROM tolk_tuv),"
	              " (SELECT coalesce(max(id), 0) FROM tolk_lang)", 0, NULL, NULL, 0)) < 0)
		return rc;
	im->next_tu = get_i64(res, 0, 0) + 1;
	im->next_tuv = get_i64(res, 0, 1) + 1;
	if (im->tuv_before < 0)
		im->tuv_before = im->next_tuv - 1;
	else if (im->next_tuv - 1 != im->last_tuv)
		im->alone = false;
	im->next_lang = get_i64(res, 0, 2) + 1;
	PQclear(res);
	if (im->next_tu - 1 > im->seen_upto && (rc = keys_since(im)) < 0)
		return rc;
	if ((rc = langs_from(tm, c)) < 0)
		return rc;
	return tm->pg->schema >= 4 ? sketches_begin(im) : 0;
}

static int flush_df(pg_import *im)
{
	tm_counter *d = &im->df;
	if (!d->used)
		return 0;
	tolk_buf data = TOLK_BUF_INIT;
	for (size_t k = 0; k < d->used; k++) {
		copy_text(&data, d->slots[k].term, d->slots[k].len);
		tolk_buf_printf(&data, "\t%lld\n", (long long)d->slots[k].n);
	}
	int rc = data.ptr ? 0 : TOLK_ENOMEM;
	if (rc == 0)
		rc = exec0(im->tm, im->tm->pg->w, "CREATE TEMP TABLE IF NOT EXISTS tolk_df_add(term text COLLATE \"C\", n bigint) ON COMMIT DELETE ROWS");
	if (rc == 0)
		rc = copy_in(im, "COPY tolk_df_add(term, n) FROM STDIN", &data);
	if (rc == 0)
		rc = exec0(im->tm, im->tm->pg->w,
		           "INSERT INTO tolk_df(term, n) SELECT term, n FROM tolk_df_add ON CONFLICT (term) DO UPDATE SET n = tolk_df.n + EXCLUDED.n");
	tolk_buf_free(&data);
	tm_counter_clear(d); /* the counts; the variant being counted stays */
	im->df_units = 0;
	return rc;
}

/* The batch's units, variants and index keys so far, into their tables. */
static int flush_rows(pg_import *im)
{
	int rc = 0;
	if (im->tu.len)
		rc = copy_in(im, "COPY tolk_tu(id, dupkey, first_tuv, ntuv, tuid, creationdate, changedate, creationid, changeid, props, notes) FROM STDIN", &im->tu);
	if (rc == 0 && im->tuv.len)
		rc = copy_in(im, "COPY tolk_tuv(id, tu, lang, text, seg_xml, creationdate, changedate, creationid, changeid, props, notes) FROM STDIN", &im->tuv);
	return rc == 0 ? flush_keys(im) : rc;
}

static int pg_batch_commit(void *store, bool last)
{
	pg_import *im = store;
	int rc = flush_rows(im);
	if (rc == 0)
		rc = sketches_flush(im);
	if (rc == 0 && (last || im->df_units >= PG_FLUSH_DF) && im->tm->pg->schema >= 2)
		rc = flush_df(im);
	if (rc == 0 && im->srclang)
		rc = set_meta(im->tm, "srclang", im->srclang);
	im->srclang = NULL;
	if (rc == 0)
		rc = exec0(im->tm, im->tm->pg->w, "COMMIT");
	if (rc == 0) {
		im->in_txn = false;
		im->committed = *im->stats;
		im->seen_upto = im->next_tu - 1;
		im->last_tuv = im->next_tuv - 1;
	}
	return rc;
}

/*
 * After the last commit: the stored filter with this import's terms, when it
 * covered the store as the import began and nobody else wrote meanwhile;
 * otherwise made again from tolk_key. A filter that cannot be saved is
 * stale, not wrong (lookup then asks for every term), so a failure here is
 * not the import's.
 */
static void pg_terms_save(pg_import *im)
{
	tolk_tm *tm = im->tm;
	PGconn *c = tm->pg->w;
	if (tm->pg->schema < 3 || !im->terms)
		return;
	PGresult *res = NULL;
	int rc = begin(tm, c, "BEGIN");
	if (rc == 0)
		rc = exec0(tm, c, "LOCK TABLE tolk_tu IN SHARE ROW EXCLUSIVE MODE");
	if (rc == 0)
		rc = run(&res, tm, c,
		         "SELECT (SELECT upto FROM tolk_terms WHERE id = 1), (SELECT coalesce(max(id), 0) FROM tolk_tuv)", 0,
		         NULL, NULL, 0);
	uint8_t *bits = NULL;
	if (rc == 0) {
		bool had = !PQgetisnull(res, 0, 0);
		int64_t upto = had ? get_i64(res, 0, 0) : -1, newest = get_i64(res, 0, 1);
		PQclear(res);
		res = NULL;
		bool extend = had && upto == im->tuv_before && im->alone && newest == im->last_tuv;
		if (!(bits = calloc(PG_TERM_BYTES, 1)))
			rc = tolk_error_oom();
		else if (extend || (im->tuv_before == 0 && im->alone && newest == im->last_tuv)) {
			if (extend && (rc = run(&res, tm, c, "SELECT bits FROM tolk_terms WHERE id = 1", 0, NULL, NULL, 1)) == 0 &&
			    PQgetlength(res, 0, 0) == PG_TERM_BYTES)
				memcpy(bits, PQgetvalue(res, 0, 0), PG_TERM_BYTES);
			for (size_t k = 0; k < PG_TERM_BYTES; k++)
				bits[k] |= im->terms[k];
		} else if ((rc = run(&res, tm, c, "SELECT DISTINCT term FROM tolk_key", 0, NULL, NULL, 1)) == 0) {
			for (int i = 0; i < PQntuples(res); i++)
				tm_terms_add(bits, tm_hash_bytes(PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0)));
		}
		PQclear(res);
		res = NULL;
		if (rc == 0) {
			char up[24];
			snprintf(up, sizeof(up), "%lld", (long long)newest);
			const char *vals[2] = {up, (const char *)bits};
			int lens[2] = {0, PG_TERM_BYTES}, fmts[2] = {0, 1};
			res = PQexecParams(c,
			                   "INSERT INTO tolk_terms(id, upto, bits) VALUES(1, $1, $2) ON CONFLICT (id) DO UPDATE "
			                   "SET upto = EXCLUDED.upto, bits = EXCLUDED.bits",
			                   2, NULL, vals, lens, fmts, 0);
			if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
				rc = res_error(tm, c, res);
			else
				PQclear(res);
		}
	}
	free(bits);
	if (rc == 0)
		rc = exec0(tm, c, "COMMIT");
	if (rc < 0) {
		rollback(tm, c);
		tolk_error_clear();
	}
}

static void pg_batch_rollback(void *store)
{
	pg_import *im = store;
	if (im->in_txn) {
		rollback(im->tm, im->tm->pg->w);
		im->stats->units_added = im->committed.units_added;
		im->stats->units_merged = im->committed.units_merged;
		im->stats->units_empty = im->committed.units_empty;
		/* languages the batch added are gone too: the next batch reloads them (the error stays the first) */
	}
	im->in_txn = false;
}

static int lang_id(int64_t *out, pg_import *im, const char *tag)
{
	tolk_tm *tm = im->tm;
	if (tm_lang_id(out, tm, tag, false) < 0)
		return TOLK_ENOMEM;
	if (*out)
		return 0;
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)im->next_lang);
	const char *params[2] = {id, tag};
	int rc = run(NULL, tm, tm->pg->w, "INSERT INTO tolk_lang(id, tag) VALUES($1, $2)", 2, params, NULL, 0);
	if (rc < 0)
		return rc;
	if (tolk_array_grow((void **)&tm->langs, &tm->langs_cap, tm->nlangs + 1, sizeof(*tm->langs)) < 0 ||
	    !(tm->langs[tm->nlangs].tag = tolk_strdup(tag)))
		return TOLK_ENOMEM;
	tm->langs[tm->nlangs++].id = im->next_lang;
	*out = im->next_lang++;
	return 0;
}

typedef struct key_sink {
	pg_import *im;
	int64_t tuv;
} key_sink;

static int key_row(void *ctx, const char *term, size_t len)
{
	key_sink *k = ctx;
	pg_import *im = k->im;
	uint32_t h32 = tm_hash_bytes(term, len);
	uint64_t h = (uint64_t)len << 32 | h32; /* the map takes its slot from the low bits */
	size_t pos = TOLK_HASHMAP_START;
	uint32_t id;
	while ((id = tolk_hashmap_probe(&im->acc_map, h, &pos)) != TOLK_HASHMAP_NONE)
		if (im->acc[id].len == len && memcmp(im->acc[id].term, term, len) == 0)
			break;
	if (id == TOLK_HASHMAP_NONE) {
		if (tolk_array_grow((void **)&im->acc, &im->acc_cap, im->nacc + 1, sizeof(*im->acc)) < 0)
			return TOLK_ENOMEM;
		struct key_acc *a = &im->acc[im->nacc];
		memset(a, 0, sizeof(*a));
		if (!(a->term = tolk_malloc(len + 1)))
			return TOLK_ENOMEM;
		memcpy(a->term, term, len);
		a->term[len] = '\0';
		a->len = len;
		id = (uint32_t)im->nacc++;
		if (tolk_hashmap_put(&im->acc_map, h, id) < 0)
			return TOLK_ENOMEM;
	}
	tm_ids *ids = &im->acc[id].ids;
	if (ids->n && ids->ids[ids->n - 1] == k->tuv)
		return 0; /* a term twice in one text */
	if (tm_ids_push(ids, k->tuv) < 0)
		return TOLK_ENOMEM;
	if (im->terms)
		tm_terms_add(im->terms, h32);
	if (im->tm->pg->schema >= 2 && tm_counter_add(&im->df, term, len, h32) < 0)
		return TOLK_ENOMEM;
	return 0;
}

static bool seg_plain(const tolk_tmx_tuv *v)
{
	return !v->seg_xml || !strchr(v->seg_xml, '<');
}

/* NULL for 0 and for "": as the SQLite importer binds them */
static const char *opt_text(const char *s)
{
	return s && *s ? s : NULL;
}

static const char *opt_date(char *buf, size_t cap, time_t t)
{
	if (!t)
		return NULL;
	snprintf(buf, cap, "%lld", (long long)t);
	return buf;
}

static int stored_from(stored *v, PGresult *res, int row, const int cols[6], int date_col)
{
	v->id = get_i64(res, row, 0);
	for (int k = 0; k < 6; k++) {
		const char *t = cols[k] >= 0 ? get_str(res, row, cols[k]) : NULL;
		if (t && !(v->s[k] = tolk_strdup(t)))
			return TOLK_ENOMEM;
	}
	v->f.creationdate = (time_t)get_i64(res, row, date_col);
	v->f.changedate = (time_t)get_i64(res, row, date_col + 1);
	v->f.creationid = v->s[2];
	v->f.changeid = v->s[3];
	v->f.props = v->s[4];
	v->f.notes = v->s[5];
	return 0;
}

/* The stored unit's (tuid given) or a variant's fields, as merged (tm_merge_apply). */
static int pg_update(void *ctx, const char *tuid, const merge_fields *m, int64_t id)
{
	pg_import *im = ctx;
	char d1[24], d2[24], idbuf[24];
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	const char *p[8];
	int n = 0;
	if (tuid)
		p[n++] = opt_text(tuid);
	p[n++] = opt_date(d1, sizeof(d1), m->creationdate);
	p[n++] = opt_date(d2, sizeof(d2), m->changedate);
	p[n++] = opt_text(m->creationid);
	p[n++] = opt_text(m->changeid);
	p[n++] = opt_text(m->props);
	p[n++] = opt_text(m->notes);
	p[n++] = idbuf;
	return run(NULL, im->tm, im->tm->pg->w,
	           tuid ? "UPDATE tolk_tu SET tuid = $1, creationdate = $2, changedate = $3, creationid = $4, "
	                  "changeid = $5, props = $6, notes = $7 WHERE id = $8"
	                : "UPDATE tolk_tuv SET creationdate = $1, changedate = $2, creationid = $3, "
	                  "changeid = $4, props = $5, notes = $6 WHERE id = $7",
	           n, p, NULL, 0);
}

/*
 * The SQLite importer's merge (tm_merge.c), on PostgreSQL: a newcomer with
 * the key of a stored unit, and the same variants and inline codes, is
 * merged into it (earliest creation, latest change, props and notes united).
 */
static int pg_try_merge(bool *merged, pg_import *im, const tolk_tmx_unit *u, int64_t key, const merge_fields *tu_add)
{
	*merged = false;
	/* the batch's units so far must be in the table to be found */
	int rc = flush_rows(im);
	if (rc < 0 || u->ntuvs == 0)
		return rc;
	variant_ref *refs = tolk_calloc(u->ntuvs, sizeof(*refs));
	stored *sv = tolk_calloc(u->ntuvs, sizeof(*sv));
	stored unit = {0};
	size_t got = 0;
	PGresult *units = NULL;
	if (!refs || !sv) {
		rc = TOLK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < u->ntuvs; k++) {
		refs[k].tuv = &u->tuvs[k];
		refs[k].index = k;
	}
	qsort(refs, u->ntuvs, sizeof(*refs), tm_cmp_variant);
	char kbuf[24];
	snprintf(kbuf, sizeof(kbuf), "%lld", (long long)key);
	const char *kp[1] = {kbuf};
	if ((rc = run(&units, im->tm, im->tm->pg->w,
	              "SELECT id, first_tuv, ntuv, tuid, creationdate, changedate, creationid, changeid, props, notes "
	              "FROM tolk_tu WHERE dupkey = $1 ORDER BY id", 1, kp, NULL, 0)) < 0)
		goto done;
	static const int unit_cols[6] = {3, -1, 6, 7, 8, 9};
	static const int tuv_cols[6] = {1, 2, 5, 6, 7, 8};
	bool same = false;
	for (int i = 0; i < PQntuples(units) && rc == 0 && !same; i++) {
		if ((size_t)get_i64(units, i, 2) != u->ntuvs)
			continue;
		for (size_t k = 0; k < got; k++)
			tm_stored_clear(&sv[k]);
		memset(sv, 0, u->ntuvs * sizeof(*sv));
		tm_stored_clear(&unit);
		memset(&unit, 0, sizeof(unit));
		got = 0;
		if ((rc = stored_from(&unit, units, i, unit_cols, 4)) < 0)
			break;
		char a[24], b[24];
		int64_t first = get_i64(units, i, 1);
		snprintf(a, sizeof(a), "%lld", (long long)first);
		snprintf(b, sizeof(b), "%lld", (long long)(first + (int64_t)u->ntuvs - 1));
		const char *vp[2] = {a, b};
		PGresult *vars = NULL;
		if ((rc = run(&vars, im->tm, im->tm->pg->w,
		              "SELECT v.id, l.tag, v.text, v.creationdate, v.changedate, v.creationid, v.changeid, v.props, "
		              "v.notes, v.seg_xml FROM tolk_tuv v JOIN tolk_lang l ON l.id = v.lang WHERE v.id BETWEEN $1 AND $2 "
		              "ORDER BY v.id", 2, vp, NULL, 0)) < 0)
			break;
		for (int j = 0; j < PQntuples(vars) && got < u->ntuvs && rc == 0; j++) {
			stored *v = &sv[got++];
			rc = stored_from(v, vars, j, tuv_cols, 3);
			const char *codes = get_str(vars, j, 9);
			if (rc == 0 && codes && !(v->s[6] = tolk_strdup(codes)))
				rc = TOLK_ENOMEM;
		}
		PQclear(vars);
		same = rc == 0 && tm_stored_same(sv, got, u, refs);
	}
	if (rc == 0 && same)
		*merged = (rc = tm_merge_apply(&unit, sv, got, u, refs, tu_add, pg_update, im)) == 0;
done:
	PQclear(units);
	if (sv)
		for (size_t k = 0; k < got; k++)
			tm_stored_clear(&sv[k]);
	free(sv);
	free(refs);
	tm_stored_clear(&unit);
	return rc;
}

/* The columns a unit and a variant share, the last of a COPY row: dates, ids, props, notes. */
static void copy_meta(tolk_buf *b, time_t created, time_t changed, const char *creationid, const char *changeid,
                      const char *props, const char *notes)
{
	copy_date(b, created);
	tolk_buf_putc(b, '\t');
	copy_date(b, changed);
	tolk_buf_putc(b, '\t');
	copy_str(b, creationid, true);
	tolk_buf_putc(b, '\t');
	copy_str(b, changeid, true);
	tolk_buf_putc(b, '\t');
	copy_str(b, props, true);
	tolk_buf_putc(b, '\t');
	copy_str(b, notes, true);
	tolk_buf_putc(b, '\n');
}

/* As the SQLite importer takes a unit (tm_import.c), into the batch's COPY data. */
static int pg_add_unit(void *store, const tolk_tmx_unit *u, const tm_tokens *tokens, int64_t key)
{
	pg_import *im = store;
	tolk_tm_import_stats *stats = im->stats;
	char *props = NULL, *notes = NULL;
	int rc = tm_encode_props(&props, u->props, u->nprops);
	if (rc == 0)
		rc = tm_encode_notes(&notes, u->notes, u->nnotes);
	size_t pos = TOLK_HASHMAP_START;
	if (rc == 0 && key && tolk_hashmap_probe(&im->keys, (uint64_t)key, &pos) != TOLK_HASHMAP_NONE) {
		merge_fields tu_add = {u->creationdate, u->changedate, u->creationid, u->changeid, props, notes};
		bool merged = false;
		rc = pg_try_merge(&merged, im, u, key, &tu_add);
		if (rc < 0 || merged) {
			free(props);
			free(notes);
			if (merged)
				stats->units_merged++;
			return rc;
		}
	} else if (rc == 0 && key && tolk_hashmap_put(&im->keys, (uint64_t)key, 0) < 0) {
		rc = TOLK_ENOMEM;
	}
	if (rc < 0) {
		free(props);
		free(notes);
		return rc;
	}
	int64_t unit_id = im->next_tu++;
	tolk_buf *b = &im->tu;
	tolk_buf_printf(b, "%lld\t%lld\t%lld\t%zu\t", (long long)unit_id, (long long)key, (long long)im->next_tuv, u->ntuvs);
	copy_str(b, u->tuid, true);
	tolk_buf_putc(b, '\t');
	copy_meta(b, u->creationdate, u->changedate, u->creationid, u->changeid, props, notes);
	free(props);
	free(notes);
	for (size_t k = 0; k < u->ntuvs && rc == 0; k++) {
		const tolk_tmx_tuv *v = &u->tuvs[k];
		int64_t lang;
		char *vprops = NULL, *vnotes = NULL;
		if ((rc = lang_id(&lang, im, v->lang)) < 0 || (rc = tm_encode_props(&vprops, v->props, v->nprops)) < 0 ||
		    (rc = tm_encode_notes(&vnotes, v->notes, v->nnotes)) < 0) {
			free(vprops);
			break;
		}
		int64_t id = im->next_tuv++;
		const char *text = v->text ? v->text : "";
		b = &im->tuv;
		tolk_buf_printf(b, "%lld\t%lld\t%lld\t", (long long)id, (long long)unit_id, (long long)lang);
		copy_str(b, text, false);
		tolk_buf_putc(b, '\t');
		copy_str(b, seg_plain(v) ? NULL : v->seg_xml, true);
		tolk_buf_putc(b, '\t');
		copy_meta(b, v->creationdate, v->changedate, v->creationid, v->changeid, vprops, vnotes);
		free(vprops);
		free(vnotes);
		const tm_tokens *t = tokens ? &tokens[k] : NULL;
		if (!t) {
			if ((rc = tm_tokenize(&im->toks, text, strlen(text))) < 0)
				break;
			t = &im->toks;
		}
		key_sink sink = {im, id};
		im->df.doc = (uint64_t)id;
		rc = tm_index_terms(t, key_row, &sink);
		if (rc == 0 && im->sketches.nchunks) {
			tm_sketch sk;
			tm_sketch_of(&sk, t, lang);
			rc = tm_sketch_run_add(&im->sketches, id, &sk);
		}
	}
	if (rc == 0 && (!im->tu.ptr || !im->tuv.ptr))
		rc = TOLK_ENOMEM;
	if (rc == 0) {
		stats->units_added++;
		im->df_units++;
	}
	return rc;
}

static const tm_batch_ops pg_batches = {pg_batch_begin, pg_add_unit, pg_batch_commit, pg_batch_rollback};

static int pg_import_units(tolk_tm_import_stats *stats, tolk_tm *tm, tm_next_fn next, void *ctx, size_t batch,
                     const char *srclang, const tolk_tm_import_options *opts)
{
	if (tm->readonly)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0, _("the translation memory was opened read-only"));
	pg_import im;
	memset(&im, 0, sizeof(im));
	im.tm = tm;
	im.stats = stats;
	im.committed = *stats;
	im.tuv_before = -1;
	im.alone = true;
	if (tm->pg->schema >= 3 && !(im.terms = calloc(PG_TERM_BYTES, 1)))
		return tolk_error_oom();
	/* the srclang rule of the SQLite store: the first import says, a different one makes it "any" */
	char *have = NULL;
	int rc = pg_srclang(&have, tm);
	int64_t units = rc == 0 ? q_int(tm, "SELECT count(*) FROM tolk_tu", 0, NULL, &rc) : 0;
	if (rc < 0) {
		free(have);
		free(im.terms);
		return rc;
	}
	const char *want = srclang && *srclang ? srclang : "*all*";
	im.srclang = units == 0 ? want : (tolk_lang_match(have, want) == 2 ? have : "*all*");
	if ((rc = keys_since(&im)) == 0 && (rc = tm_import_batches(&pg_batches, &im, stats, next, ctx, batch, opts)) == 0)
		pg_terms_save(&im);
	free(have);
	tolk_buf_free(&im.tu);
	tolk_buf_free(&im.tuv);
	tolk_buf_free(&im.key);
	for (size_t k = 0; k < im.nacc; k++) {
		free(im.acc[k].term);
		free(im.acc[k].ids.ids);
	}
	free(im.acc);
	tolk_hashmap_free(&im.acc_map);
	tm_counter_clear(&im.df);
	tolk_hashmap_free(&im.keys);
	tm_tokens_free(&im.toks);
	tm_sketch_run_free(&im.sketches);
	free(im.terms);
	return rc;
}

/* ---- opening ---------------------------------------------------------------------------- */
static void pg_close(tolk_tm *tm)
{
	if (!tm->pg)
		return;
	if (tm->pg->r && tm->pg->r != tm->pg->w)
		PQfinish(tm->pg->r);
	PQfinish(tm->pg->w);
	df_clear(tm->pg);
	ahead_clear(tm->pg);
	free(tm->pg->ahead);
	tolk_buf_free(&tm->pg->ahead_arr);
	free(tm->pg->df);
	tolk_hashmap_free(&tm->pg->df_map);
	tm_sketch_cache_free(tm);
	free(tm->pg);
	tm->pg = NULL;
}

static const tm_backend pg_backend = {
	.name = "postgresql",
	.close = pg_close,
	.read_begin = pg_read_begin,
	.read_end = pg_read_end,
	.langs_load = pg_langs_load,
	.terms_load = pg_terms_load,
	.postings = pg_postings,
	.df = pg_df,
	.postings_ahead = pg_postings_ahead,
	.variant = pg_variant,
	.variants = pg_variants,
	.unit_variants = pg_unit_variants,
	.unit = pg_unit,
	.scan = pg_scan,
	.concord = pg_concord,
	.stats = pg_stats,
	.check = pg_check,
	.cursor_open = pg_cursor_open,
	.cursor_next = pg_cursor_next,
	.cursor_free = pg_cursor_free,
	.import = pg_import_units,
	.srclang = pg_srclang,
	.sketch_chunks = pg_sketch_chunks,
};

/* The server's notices (a table that exists already, ...) are not the user's business. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int connect_to(PGconn **out, tolk_tm *tm, const char *uri)
{
	const char *keys[] = {"dbname", "application_name", "client_encoding", NULL};
	const char *vals[] = {uri, "tolk", "UTF8", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	*out = c;
	if (!c)
		return TOLK_ENOMEM;
	PQsetNoticeProcessor(c, quiet, NULL);
	if (PQstatus(c) != CONNECTION_OK)
		return conn_error(tm, c, _("cannot connect"));
	return session_setup(tm, c);
}

int tm_pg_open(tolk_tm *tm, const char *write_uri, const char *read_uri, unsigned flags)
{
	tm->be = &pg_backend;
	tm->path = uri_shown(write_uri);
	if (!tm->path || !(tm->pg = tolk_calloc(1, sizeof(*tm->pg))))
		return TOLK_ENOMEM;
	int rc = connect_to(&tm->pg->w, tm, write_uri);
	if (rc < 0)
		return rc;
	tm->pg->r = tm->pg->w;
	bool create = (flags & TOLK_TM_OPEN_CREATE) && !tm->readonly;
	if (tm->readonly) {
		int version;
		bool present;
		if ((rc = read_version(tm, tm->pg->w, &version, &present)) < 0)
			return rc;
		if (!present)
			return tolk_error_set_at(TOLK_ENOTFOUND, tm->path, 0, 0,
			                         _("holds no tolk translation memory yet; 'tolk tm import --db URI' or "
			                           "'tolk tm copy' makes one there"));
		tm->pg->schema = version;
	} else if ((rc = prepare_schema(tm, create)) < 0) {
		return rc;
	}
	if (read_uri && strcmp(read_uri, write_uri) != 0) {
		char *shown = uri_shown(read_uri), *keep = tm->path;
		tm->path = shown; /* errors of the replica name the replica */
		PGconn *r = NULL;
		rc = shown ? connect_to(&r, tm, read_uri) : TOLK_ENOMEM;
		tm->path = keep;
		free(shown);
		tm->pg->r = r;
		if (rc < 0) {
			if (!r)
				tm->pg->r = tm->pg->w;
			return rc;
		}
	}
	return langs_from(tm, tm->pg->r);
}
