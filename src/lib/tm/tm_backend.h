/*
 * Where the translation memory keeps its units: a private table of functions
 * with two implementations, SQLite (tm_sqlite.c and the tm_*.c files that
 * always spoke SQL) and PostgreSQL (tm_pg*.c, the only files that know
 * libpq). The backend stores, fetches and finds candidates; tokenizing,
 * scoring, phrase checks and TMX are libtolk's own and the same for both,
 * so the same units give the same answers whichever store holds them.
 *
 * The candidate search is by tolk's own index terms (the keys fts_tokenize
 * gives FTS5, tm_index_terms below): a backend returns, for one term, every
 * variant whose text holds it, ascending. That is all lookup's proof needs
 * (tm_lookup.c), so the candidates are exactly the same sets on both.
 */
#ifndef TOLK_TM_BACKEND_H
#define TOLK_TM_BACKEND_H

#include "tm_private.h"

/* Variant ids, ascending. */
typedef struct tm_ids {
	int64_t *ids;
	size_t n, cap;
} tm_ids;
int tm_ids_push(tm_ids *p, int64_t id);

/* One stored variant, as lookup and concordance see it. */
typedef struct tm_row {
	int64_t id, tu, lang;
	const char *text;
	bool dated;               /* changedate is the unit's (its change, else its creation; 0 when neither) */
	time_t changedate;
} tm_row;
/* 0: go on; 1: stop (not an error); < 0: a tolk error, which stops too. */
typedef int (*tm_row_fn)(void *ctx, const tm_row *row);

/* What lookup shows of a unit. */
typedef struct tm_unit_info {
	time_t creationdate, changedate;
	char *creationid, *changeid; /* filled only when asked for; the caller frees them */
} tm_unit_info;

/* A unit read whole for export or copy: props and notes decoded, strings owned by the cursor. */
typedef struct tm_cursor tm_cursor;

/* The terms the index holds for a text (its words, hyphenated parts, "some number"), in order, repeats kept. */
typedef int (*tm_term_fn)(void *ctx, const char *term, size_t len);
int tm_index_terms(const tm_tokens *t, tm_term_fn fn, void *ctx);

/* An import's source of units: the TMX reader (tokens and key ready) or another store (NULL, 0). */
typedef int (*tm_next_fn)(void *ctx, const tolk_tmx_unit **u, tm_tokens **tokens, int64_t *key);

typedef struct tm_phrase tm_phrase;

typedef struct tm_backend {
	const char *name;
	void (*close)(tolk_tm *tm);
	/* one snapshot for what follows, up to read_end (which reports its failure unless rc already is one) */
	int (*read_begin)(tolk_tm *tm);
	int (*read_end)(tolk_tm *tm, int rc);
	int (*langs_load)(tolk_tm *tm);
	/*
	 * tm->terms and tm->terms_valid (tm_terms.c); a backend without a term
	 * filter says "not valid". It tells tm_newest_seen the store's newest
	 * variant in the read's snapshot.
	 */
	int (*terms_load)(tolk_tm *tm);
	/* the variants holding term (an FTS5 string, "..." with "" for "), ascending, into p (emptied first) */
	int (*postings)(tolk_tm *tm, const char *fts_term, tm_ids *p);
	/*
	 * Optional: terms postings will be asked for next, the last with last set;
	 * a server store fetches them in one go (NULL: not needed)
	 */
	int (*postings_ahead)(tolk_tm *tm, const char *fts_term, bool last);
	/* about how many variants hold the term: a hint for ordering, never for results */
	int (*df)(tolk_tm *tm, const char *term, size_t len, int64_t *df);
	/* one variant by id; fn not called when there is none */
	int (*variant)(tolk_tm *tm, int64_t id, tm_row_fn fn, void *ctx);
	/* several variants, in the order of ids (NULL: ask one by one with variant) */
	int (*variants)(tolk_tm *tm, const int64_t *ids, size_t n, tm_row_fn fn, void *ctx);
	/* a unit's variants in id order */
	int (*unit_variants)(tolk_tm *tm, int64_t unit, tm_row_fn fn, void *ctx);
	/* a unit's dates (and ids when with_ids); all zero when there is none */
	int (*unit)(tolk_tm *tm, int64_t unit, tm_unit_info *out, bool with_ids);
	/* every variant */
	int (*scan)(tolk_tm *tm, tm_row_fn fn, void *ctx);
	/* variants that may hold the phrase (query: its FTS5 form), newest first */
	int (*concord)(tolk_tm *tm, const tm_phrase *ph, const char *query, tm_row_fn fn, void *ctx);
	int (*stats)(tolk_tm_summary **out, tolk_tm *tm);
	int (*check)(tolk_tm *tm);
	/* units in id order, whole, within read_begin/read_end; *total when count is wanted */
	int (*cursor_open)(tm_cursor **out, tolk_tm *tm, uint64_t *total);
	int (*cursor_next)(const tolk_tmx_unit **out, tm_cursor *c); /* TOLK_ITEROVER at the end */
	void (*cursor_free)(tm_cursor *c);
	/* units in batches, each batch one transaction; what next gives stays valid until it is called again */
	int (*import)(tolk_tm_import_stats *stats, tolk_tm *tm, tm_next_fn next, void *ctx, size_t batch,
	              const char *srclang, const tolk_tm_import_options *opts);
	int (*srclang)(char **out, tolk_tm *tm);
	/*
	 * Optional: a server store's sketches (tm_sketch.h), chunk by chunk, fetched
	 * for several chunks in one go: fn for each of them the store has, in no
	 * order. *kept says whether the store keeps sketches at all (then chunks
	 * may be NULL and n 0). The SQLite store reads its chunks one by one.
	 */
	int (*sketch_chunks)(tolk_tm *tm, bool *kept, const int64_t *chunks, size_t n,
	                     int (*fn)(void *ctx, int64_t chunk, const void *data, size_t len), void *ctx);
} tm_backend;

extern const tm_backend tm_sqlite_backend;

/*
 * The store's newest variant, as a read's snapshot shows it (terms_load):
 * into tm->newest, and the caches of what lookups read (sketches, posting
 * lists), which are the store's answer until it changes.
 */
void tm_newest_seen(tolk_tm *tm, int64_t newest);

/* Does name look like a URI (scheme://)? */
bool tm_is_uri(const char *name);
/* postgresql:// or postgres:// */
bool tm_is_pg_uri(const char *name);
/* The PostgreSQL store (tm_pg.c); write_uri is where writes go, read_uri (or NULL) the lookups. */
int tm_pg_open(tolk_tm *tm, const char *write_uri, const char *read_uri, unsigned flags);

/* The importer's loop over any source of units (tm_import.c), into an SQLite store. */
/* A store's side of an import (tm_batches.c): a unit (admitted, its key made), and the transaction a batch of them is. */
typedef struct tm_batch_ops {
	int (*begin)(void *store);
	int (*add)(void *store, const tolk_tmx_unit *u, const tm_tokens *tokens, int64_t key);
	int (*commit)(void *store, bool last);
	void (*rollback)(void *store);
} tm_batch_ops;
/*
 * Units from next, batch by batch, each batch committed, each unit checked by
 * tm_unit_admit (counted in stats) first: on failure or cancel (opts'
 * progress) the open batch is rolled back and the error returned.
 */
int tm_import_batches(const tm_batch_ops *ops, void *store, tolk_tm_import_stats *stats, tm_next_fn next, void *ctx,
                      size_t batch, const tolk_tm_import_options *opts);

int tm_sqlite_import(tolk_tm_import_stats *stats, tolk_tm *tm, tm_next_fn next, void *ctx, size_t batch,
                     const char *srclang, const tolk_tm_import_options *opts);
/* SQLite's export cursor (tm_export.c). */
int tm_sqlite_cursor_open(tm_cursor **out, tolk_tm *tm, uint64_t *total);
int tm_sqlite_cursor_next(const tolk_tmx_unit **out, tm_cursor *c);
void tm_sqlite_cursor_free(tm_cursor *c);
/* Props and notes as stored (RS/US-separated), decoded into a unit's fields (tm_export.c). */
int tm_decode_props(tolk_tmx_prop **out, size_t *n, char *s);
int tm_decode_notes(char ***out, size_t *n, char *s);

#endif
