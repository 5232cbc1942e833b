/*
 * The SQLite store behind tm_backend.h: the reads lookup and concordance
 * make, in the statements tm_store.c prepares. Import, export, stats and
 * checks keep their SQL in their own files (tm_import.c, tm_export.c,
 * tm_store.c, tm_terms.c) and are listed in the table at the end.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
#include "tm_sketch.h"
#include "tm_postings_cache.h"

#include <stdlib.h>
#include <string.h>

int tm_sqlite_langs_load(tolk_tm *tm);
int tm_sqlite_terms_load(tolk_tm *tm);
int tm_sqlite_stats(tolk_tm_summary **out, tolk_tm *tm);
int tm_sqlite_check(tolk_tm *tm);
int tm_sqlite_srclang(char **out, tolk_tm *tm);

int tm_ids_push(tm_ids *p, int64_t id)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 4096;
		int64_t *ids = realloc(p->ids, cap * sizeof(*ids));
		if (!ids)
			return TOLK_ENOMEM;
		p->ids = ids;
		p->cap = cap;
	}
	p->ids[p->n++] = id;
	return 0;
}

int tm_index_terms(const tm_tokens *t, tm_term_fn fn, void *ctx)
{
	int rc = 0;
	for (size_t k = 0; k < t->count && rc == 0; k++) {
		const tm_token *tok = &t->items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		const char *key = tm_key(t, tok);
		rc = fn(ctx, key, tm_fts_len(tok->key_len));
		if (rc == 0 && tok->kind == TM_TOK_NUMBER)
			rc = fn(ctx, TM_ANY_NUMBER, sizeof(TM_ANY_NUMBER) - 1);
		if (tok->kind != TM_TOK_WORD || !memchr(key, '-', tok->key_len))
			continue;
		for (const char *part = key, *end = key + tok->key_len; part < end && rc == 0;) {
			const char *dash = memchr(part, '-', (size_t)(end - part));
			const char *stop = dash ? dash : end;
			if (stop > part)
				rc = fn(ctx, part, tm_fts_len((size_t)(stop - part)));
			part = stop + 1;
		}
	}
	return rc;
}

int tm_read_begin(tolk_tm *tm)
{
	return tm->be->read_begin(tm);
}

int tm_end_read(tolk_tm *tm, int rc)
{
	return tm->be->read_end(tm, rc);
}

/* Run a statement of no rows kept in *st. */
static int run_kept(tolk_tm *tm, sqlite3_stmt **st, const char *sql)
{
	int src;
	sqlite3_stmt *s = tm_kept(tm, st, sql, &src);
	if (s) {
		src = sqlite3_step(s);
		sqlite3_reset(s);
	}
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

static int sq_read_begin(tolk_tm *tm)
{
	int src = run_kept(tm, &tm->st_begin, "BEGIN");
	return src == SQLITE_OK ? 0 : tm_sql_error(tm, src);
}

static int sq_read_end(tolk_tm *tm, int rc)
{
	int src = run_kept(tm, &tm->st_commit, "COMMIT");
	return rc < 0 || src == SQLITE_OK ? rc : tm_sql_error(tm, src);
}

/*
 * An aggregate that gathers a query's rowids into an array: the rows never
 * travel back through sqlite3_step one by one, which halves the cost of
 * reading a long posting list.
 */
void tm_collect_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	tm_ids *p = ((tolk_tm *)sqlite3_user_data(ctx))->collect;
	if (p && tm_ids_push(p, sqlite3_value_int64(argv[0])) < 0)
		sqlite3_result_error_nomem(ctx);
}

void tm_collect_final(sqlite3_context *ctx)
{
	sqlite3_result_null(ctx);
}

static int sq_postings(tolk_tm *tm, const char *query, tm_ids *p)
{
	p->n = 0;
	sqlite3_stmt *st = tm->st_postings;
	sqlite3_reset(st);
	int rc = tm_bound(tm, sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC));
	if (rc < 0)
		return rc;
	tm->collect = p;
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	tm->collect = NULL;
	if (src == SQLITE_ROW || src == SQLITE_DONE)
		return 0;
	/* the index cannot be asked for this key (it should not happen): said so, the caller decides */
	if ((src & 0xff) == SQLITE_ERROR)
		return tolk_error_set_at(TOLK_ENOINDEX, tm->path, 0, 0,
		                         _("the translation memory's search index cannot be used (%s)"),
		                         sqlite3_errmsg(tm->db));
	return tm_sql_error(tm, src);
}

static int sq_df(tolk_tm *tm, const char *s, size_t len, int64_t *df)
{
	*df = 0;
	sqlite3_stmt *st = tm->st_df;
	sqlite3_reset(st);
	int rc = tm_bound(tm, sqlite3_bind_text(st, 1, s, (int)len, SQLITE_STATIC));
	if (rc < 0)
		return rc;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*df = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return src == SQLITE_ROW || src == SQLITE_DONE ? 0 : tm_sql_error(tm, src);
}

/* Rows of (id, tu, lang, text) from st, bound already, to fn. */
static int sq_rows(tolk_tm *tm, sqlite3_stmt *st, tm_row_fn fn, void *ctx, bool reset)
{
	int src, rc = 0;
	while (rc == 0 && (src = sqlite3_step(st)) == SQLITE_ROW) {
		tm_row r = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		            (const char *)sqlite3_column_text(st, 3), false, 0};
		rc = fn(ctx, &r);
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = tm_sql_error(tm, src);
	if (reset)
		sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

static int sq_variant(tolk_tm *tm, int64_t id, tm_row_fn fn, void *ctx)
{
	sqlite3_stmt *v = tm->st_tuv;
	sqlite3_reset(v);
	int rc = tm_bound(tm, sqlite3_bind_int64(v, 1, id));
	return rc < 0 ? rc : sq_rows(tm, v, fn, ctx, true);
}

static int sq_unit_variants(tolk_tm *tm, int64_t unit, tm_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = tm->st_unit_tuvs;
	sqlite3_reset(st);
	int rc = tm_bound(tm, sqlite3_bind_int64(st, 1, unit));
	return rc < 0 ? rc : sq_rows(tm, st, fn, ctx, true);
}

static int sq_unit(tolk_tm *tm, int64_t unit, tm_unit_info *out, bool with_ids)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = tm->st_tu;
	sqlite3_reset(st);
	int rc = tm_bound(tm, sqlite3_bind_int64(st, 1, unit));
	if (rc < 0)
		return rc;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		out->creationdate = (time_t)sqlite3_column_int64(st, 0);
		out->changedate = (time_t)sqlite3_column_int64(st, 1);
		const char *cid = (const char *)sqlite3_column_text(st, 2), *chid = (const char *)sqlite3_column_text(st, 3);
		if (with_ids && ((cid && !(out->creationid = tolk_strdup(cid))) || (chid && !(out->changeid = tolk_strdup(chid)))))
			rc = TOLK_ENOMEM;
	} else if (src != SQLITE_DONE) {
		rc = tm_sql_error(tm, src);
	}
	sqlite3_reset(st);
	return rc;
}

static int sq_scan(tolk_tm *tm, tm_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(tm, &st, "SELECT id, tu, lang, text FROM tuv");
	if (rc < 0)
		return rc;
	rc = sq_rows(tm, st, fn, ctx, false);
	sqlite3_finalize(st);
	return rc;
}

static int sq_concord(tolk_tm *tm, const tm_phrase *ph, const char *query, tm_row_fn fn, void *ctx)
{
	(void)ph;
	sqlite3_stmt *st = NULL;
	size_t len = strlen(query);
	/* newest first: the most recent translation of a phrase is usually the one wanted */
	int rc = tm_prepare(tm, &st,
	                    "SELECT v.id, v.tu, v.lang, v.text FROM tuv_fts f JOIN tuv v ON v.id = f.rowid "
	                    "WHERE tuv_fts MATCH ? ORDER BY f.rowid DESC");
	if (rc < 0)
		return rc;
	rc = len > INT32_MAX ? tolk_error_set(TOLK_EINVALID, _("the phrase is too long"))
	                     : tm_bound(tm, sqlite3_bind_text(st, 1, query, (int)len, SQLITE_STATIC));
	if (rc == 0)
		rc = sq_rows(tm, st, fn, ctx, false);
	sqlite3_finalize(st);
	return rc;
}

static void sq_close(tolk_tm *tm)
{
	tm_sketch_cache_free(tm);
	tm_postings_cache_free(tm);
	sqlite3_finalize(tm->st_tuv);
	sqlite3_finalize(tm->st_unit_tuvs);
	sqlite3_finalize(tm->st_tu);
	sqlite3_finalize(tm->st_df);
	sqlite3_finalize(tm->st_postings);
	sqlite3_stmt *kept[] = {tm->st_begin, tm->st_commit, tm->st_langs, tm->st_newest, tm->st_filter_state};
	for (size_t k = 0; k < sizeof(kept) / sizeof(*kept); k++)
		sqlite3_finalize(kept[k]);
	sqlite3_close_v2(tm->db);
	tm->db = NULL;
}

const tm_backend tm_sqlite_backend = {
	.name = "sqlite",
	.close = sq_close,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
	.langs_load = tm_sqlite_langs_load,
	.terms_load = tm_sqlite_terms_load,
	.postings = sq_postings,
	.df = sq_df,
	.variant = sq_variant,
	.unit_variants = sq_unit_variants,
	.unit = sq_unit,
	.scan = sq_scan,
	.concord = sq_concord,
	.stats = tm_sqlite_stats,
	.check = tm_sqlite_check,
	.cursor_open = tm_sqlite_cursor_open,
	.cursor_next = tm_sqlite_cursor_next,
	.cursor_free = tm_sqlite_cursor_free,
	.import = tm_sqlite_import,
	.srclang = tm_sqlite_srclang,
};
