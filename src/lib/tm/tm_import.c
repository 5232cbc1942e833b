/*
 * Import: TMX units streamed into the store in batched transactions.
 *
 * Each batch of units is one transaction, so a failure, a cancel or a kill
 * leaves the store as it was after the last complete batch. A unit whose
 * variants (language and text) are those of a unit already stored is merged
 * into it rather than added. The index's document frequencies are counted by
 * the tokenizer while FTS5 indexes (no second pass over the text) and written
 * every FLUSH_UNITS units and at the end, inside a batch's transaction. The
 * terms given to the index are noted by the reading thread (tm_feed.c) and
 * added to the store's term filter (tm_terms.c) after the last batch.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
#include "tm_import.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BATCH 10000
#define FLUSH_UNITS 100000

/* ---- keys of this import, into an empty store --------------------------------------- */
/*
 * A set of dupkeys: a dupkey is already a 64-bit hash, so it is the hash map's hash and the
 * key at once (the map compares all 64 bits); the id is unused.
 */
/* Remember key; *seen tells whether it was there. 0 stands for "empty", so it is always "seen". */
static int key_remember(bool *seen, importer *im, int64_t key)
{
	if (key == 0) {
		*seen = true;
		return 0;
	}
	size_t pos = TOLK_HASHMAP_START;
	*seen = tolk_hashmap_probe(&im->keys, (uint64_t)key, &pos) != TOLK_HASHMAP_NONE;
	if (!*seen && tolk_hashmap_put(&im->keys, (uint64_t)key, 0) < 0)
		return TOLK_ENOMEM;
	return 0;
}

/* ---- statements ----------------------------------------------------------------------- */
/* The columns a unit and a variant share (merge_fields), in every statement in this order. */
#define META "creationdate, changedate, creationid, changeid, props, notes"
#define META_SET "creationdate = ?, changedate = ?, creationid = ?, changeid = ?, props = ?, notes = ?"

/* Each of the importer's statements: where it is kept, and its SQL. */
static const struct {
	size_t at;
	const char *sql;
} statements[] = {
	{offsetof(importer, find_dup), "SELECT id, first_tuv, ntuv, tuid, " META " FROM tu WHERE dupkey = ?"},
	{offsetof(importer, ins_tu), "INSERT INTO tu(dupkey, first_tuv, ntuv, tuid, " META ") VALUES(?,?,?,?,?,?,?,?,?,?)"},
	{offsetof(importer, ins_tuv),
	 "INSERT INTO tuv(id, tu, lang, text, seg_xml, " META ") VALUES(?,?,?,?,?,?,?,?,?,?,?)"},
	{offsetof(importer, ins_fts), "INSERT INTO tuv_fts(rowid, text) VALUES(?, ?)"},
	{offsetof(importer, get_tuvs),
	 "SELECT v.id, l.tag, v.text, v.creationdate, v.changedate, v.creationid, v.changeid, v.props, v.notes, v.seg_xml "
	 "FROM tuv v JOIN lang l ON l.id = v.lang WHERE v.id BETWEEN ? AND ? ORDER BY v.id"},
	{offsetof(importer, upd_tu), "UPDATE tu SET tuid = ?, " META_SET " WHERE id = ?"},
	{offsetof(importer, upd_tuv), "UPDATE tuv SET " META_SET " WHERE id = ?"},
	{offsetof(importer, put_df), "INSERT INTO df(term, n) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n"},
};
#define STATEMENT(im, k) (*(sqlite3_stmt **)((char *)(im) + statements[k].at))

static int importer_prepare(importer *im)
{
	int rc = 0;
	for (size_t k = 0; k < sizeof(statements) / sizeof(*statements) && rc == 0; k++)
		rc = tm_prepare(im->tm, &STATEMENT(im, k), statements[k].sql);
	return rc < 0 ? rc : tm_sketch_writer_start(&im->sketch, im->tm);
}

static void importer_finish(importer *im)
{
	for (size_t k = 0; k < sizeof(statements) / sizeof(*statements); k++) {
		sqlite3_finalize(STATEMENT(im, k));
		STATEMENT(im, k) = NULL;
	}
	tm_sketch_writer_finish(&im->sketch);
	if (im->tm->sketching == &im->sketch)
		im->tm->sketching = NULL;
	if (im->tm->counting == &im->counter)
		im->tm->counting = NULL;
	if (im->tm->terms_adding == im->terms)
		im->tm->terms_adding = NULL;
	free(im->terms);
	im->terms = NULL;
	tm_counter_clear(&im->counter);
	tolk_hashmap_free(&im->keys);
}

static void bind_result(importer *im, int src)
{
	if (im->bind_src == SQLITE_OK)
		im->bind_src = src;
}

int tm_bind_status(importer *im, sqlite3_stmt *st)
{
	int src = im->bind_src;
	if (src == SQLITE_OK)
		return 0;
	im->bind_src = SQLITE_OK;
	sqlite3_reset(st);
	return tm_sql_error(im->tm, src);
}

int tm_step_done(importer *im, sqlite3_stmt *st)
{
	int rc = tm_bind_status(im, st);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : tm_sql_error(im->tm, rc);
}

void tm_bind_text(importer *im, sqlite3_stmt *st, int i, const char *s)
{
	bind_result(im, s && *s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i));
}

void tm_bind_date(importer *im, sqlite3_stmt *st, int i, time_t t)
{
	bind_result(im, t ? sqlite3_bind_int64(st, i, (sqlite3_int64)t) : sqlite3_bind_null(st, i));
}

void tm_bind_fields(importer *im, sqlite3_stmt *st, int i, const merge_fields *m)
{
	tm_bind_date(im, st, i++, m->creationdate);
	tm_bind_date(im, st, i++, m->changedate);
	tm_bind_text(im, st, i++, m->creationid);
	tm_bind_text(im, st, i++, m->changeid);
	tm_bind_text(im, st, i++, m->props);
	tm_bind_text(im, st, i, m->notes);
}

void tm_bind_int64(importer *im, sqlite3_stmt *st, int i, int64_t v)
{
	bind_result(im, sqlite3_bind_int64(st, i, (sqlite3_int64)v));
}

/* ---- transactions ------------------------------------------------------------------ */
static int flush_df(importer *im)
{
	tm_counter *c = &im->counter;
	int rc = 0;
	for (size_t k = 0; k < c->cap && rc == 0; k++) {
		if (!c->slots[k].term)
			continue;
		bind_result(im, sqlite3_bind_text(im->put_df, 1, c->slots[k].term, (int)c->slots[k].len, SQLITE_STATIC));
		tm_bind_int64(im, im->put_df, 2, (int64_t)(c->slots[k].n * TM_DF_SAMPLE));
		rc = tm_step_done(im, im->put_df);
	}
	tm_counter_clear(c); /* the counts; the variant being counted stays */
	im->unflushed = 0;
	return rc;
}

static int batch_begin(void *store)
{
	importer *im = store;
	int rc = tm_exec(im->tm, "BEGIN IMMEDIATE");
	if (rc < 0)
		return rc;
	im->in_txn = true;
	sqlite3_stmt *st = NULL;
	if ((rc = tm_prepare(im->tm, &st,
	                     "SELECT (SELECT coalesce(max(id), 0) + 1 FROM tuv), (SELECT coalesce(max(id), 0) FROM tu)")) < 0)
		return rc;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		int64_t next_tuv = sqlite3_column_int64(st, 0);
		/* the term filter can be extended while only this import writes */
		if (im->first_batch)
			im->tuv_before = next_tuv - 1;
		else if (next_tuv != im->next_tuv)
			im->alone = false;
		im->next_tuv = next_tuv;
		int64_t newest = sqlite3_column_int64(st, 1);
		/* the shortcut holds while nobody else has written between our batches */
		if (im->first_batch)
			im->fresh_store = newest == 0;
		else if (newest != im->last_unit)
			im->fresh_store = false;
		if (im->first_batch)
			rc = tm_srclang_note(im->tm, im->srclang);
		im->first_batch = false;
		im->last_unit = newest;
	} else {
		rc = tm_sql_error(im->tm, src);
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = tm_sketch_writer_begin(&im->sketch, im->next_tuv);
	return rc;
}

static int batch_commit(void *store, bool last)
{
	importer *im = store;
	int rc = 0;
	if ((last || im->unflushed >= FLUSH_UNITS) && (rc = flush_df(im)) < 0)
		return rc;
	if ((rc = tm_sketch_writer_flush(&im->sketch, im->next_tuv - 1)) < 0)
		return rc;
	rc = tm_exec(im->tm, "COMMIT");
	if (rc == 0) {
		im->in_txn = false;
		im->committed = *im->stats;
	}
	return rc;
}

static void batch_rollback(void *store)
{
	importer *im = store;
	if (im->in_txn) {
		sqlite3_exec(im->tm->db, "ROLLBACK", NULL, NULL, NULL);
		tm_sketch_writer_forget(&im->sketch);
		/* what the batch added is gone: so are its counts (units read stay read) */
		im->stats->units_added = im->committed.units_added;
		im->stats->units_merged = im->committed.units_merged;
		im->stats->units_empty = im->committed.units_empty;
	}
	im->in_txn = false;
}

/* Inline codes are kept only when the seg has any; plain text is written back escaped. */
static bool seg_is_plain(const tolk_tmx_tuv *v)
{
	return !v->seg_xml || !strchr(v->seg_xml, '<');
}

/* Add one unit, admitted (tm_import_batches); tokens NULL when the index's tokenizer is to make them. */
int tm_unit_admit(bool *keep, tolk_tm_import_stats *stats, const tolk_tmx_unit *u, bool validate)
{
	*keep = false;
	stats->units_read++;
	bool any_text = false;
	for (size_t k = 0; k < u->ntuvs; k++)
		any_text |= u->tuvs[k].text && *u->tuvs[k].text && u->tuvs[k].lang && *u->tuvs[k].lang;
	if (!any_text) {
		stats->units_empty++;
		return 0;
	}
	for (size_t k = 0; k < u->ntuvs; k++) {
		size_t bad;
		const char *t = u->tuvs[k].text ? u->tuvs[k].text : "";
		if (!u->tuvs[k].lang || !*u->tuvs[k].lang)
			return tolk_error_set_at(TOLK_EINVALID, NULL, u->line, 0, _("a variant without a language"));
		if (validate && tolk_utf8_validate(&bad, t, strlen(t)) < 0)
			return tolk_error_set_at(TOLK_EINVALID, NULL, u->line, 0, _("a variant's text is not valid UTF-8"));
	}
	*keep = true;
	return 0;
}

static int add_unit(void *store, const tolk_tmx_unit *u, const tm_tokens *tokens, int64_t key)
{
	importer *im = store;
	tolk_tm_import_stats *stats = im->stats;
	variant_ref stack_refs[8];
	variant_ref *refs = stack_refs;

	char *props = NULL, *notes = NULL;
	int rc = tm_encode_props(&props, u->props, u->nprops);
	if (rc == 0)
		rc = tm_encode_notes(&notes, u->notes, u->nnotes);
	merge_fields tu_add = {u->creationdate, u->changedate, u->creationid, u->changeid, props, notes};
	bool merged = false, maybe_stored = true;
	if (rc == 0 && im->fresh_store)
		rc = key_remember(&maybe_stored, im, key);
	if (rc == 0 && maybe_stored) {
		/* the variants in the order the key was made in, to compare with a stored unit's */
		if (u->ntuvs > 8 && !(refs = tolk_calloc(u->ntuvs, sizeof(*refs)))) {
			refs = stack_refs;
			rc = TOLK_ENOMEM;
		}
		for (size_t k = 0; rc == 0 && k < u->ntuvs; k++) {
			refs[k].tuv = &u->tuvs[k];
			refs[k].index = k;
		}
		if (rc == 0) {
			qsort(refs, u->ntuvs, sizeof(*refs), tm_cmp_variant);
			tm_bind_int64(im, im->find_dup, 1, key);
			rc = tm_try_merge(&merged, im, u, refs, &tu_add);
		}
	}
	if (rc == 0 && merged) {
		stats->units_merged++;
		goto done;
	}
	if (rc < 0)
		goto done;

	sqlite3_stmt *st = im->ins_tu;
	tm_bind_int64(im, st, 1, key);
	tm_bind_int64(im, st, 2, im->next_tuv);
	tm_bind_int64(im, st, 3, (sqlite3_int64)u->ntuvs);
	tm_bind_text(im, st, 4, u->tuid);
	tm_bind_fields(im, st, 5, &(merge_fields){u->creationdate, u->changedate, u->creationid, u->changeid, props, notes});
	if ((rc = tm_step_done(im, st)) < 0)
		goto done;
	int64_t unit_id = sqlite3_last_insert_rowid(im->tm->db);
	im->last_unit = unit_id;
	for (size_t k = 0; k < u->ntuvs && rc == 0; k++) {
		const tolk_tmx_tuv *v = &u->tuvs[k];
		int64_t lang;
		char *vprops = NULL, *vnotes = NULL;
		if ((rc = tm_lang_id(&lang, im->tm, v->lang, true)) < 0 ||
		    (rc = tm_encode_props(&vprops, v->props, v->nprops)) < 0 ||
		    (rc = tm_encode_notes(&vnotes, v->notes, v->nnotes)) < 0) {
			free(vprops);
			break;
		}
		int64_t id = im->next_tuv++;
		st = im->ins_tuv;
		tm_bind_int64(im, st, 1, id);
		tm_bind_int64(im, st, 2, unit_id);
		tm_bind_int64(im, st, 3, lang);
		bind_result(im, sqlite3_bind_text(st, 4, v->text ? v->text : "", -1, SQLITE_STATIC));
		tm_bind_text(im, st, 5, seg_is_plain(v) ? NULL : v->seg_xml);
		tm_bind_fields(im, st, 6,
		               &(merge_fields){v->creationdate, v->changedate, v->creationid, v->changeid, vprops, vnotes});
		rc = tm_step_done(im, st);
		if (rc == 0) {
			const char *text = v->text ? v->text : "";
			tm_bind_int64(im, im->ins_fts, 1, id);
			bind_result(im, sqlite3_bind_text(im->ins_fts, 2, text, -1, SQLITE_STATIC));
			if (tokens) {
				im->tm->pretok_text = text;
				im->tm->pretok = &tokens[k];
			}
			im->sketch.pending_set = false;
			im->tm->sketching = &im->sketch;
			rc = tm_step_done(im, im->ins_fts);
			im->tm->pretok_text = NULL;
			im->tm->pretok = NULL;
			im->tm->sketching = NULL;
			if (rc == 0 && im->sketch.pending_set) {
				tm_sketch_set_lang(&im->sketch.pending, lang);
				rc = tm_sketch_writer_add(&im->sketch, id, &im->sketch.pending);
			}
		}
		free(vprops);
		free(vnotes);
	}
	if (rc == 0) {
		stats->units_added++;
		im->unflushed++;
	}
done:
	free(props);
	free(notes);
	if (refs != stack_refs)
		free(refs);
	return rc;
}

/* ---- entry points ------------------------------------------------------------------- */
static int importer_start(importer *im, tolk_tm *tm, tolk_tm_import_stats *stats)
{
	memset(im, 0, sizeof(*im));
	im->tm = tm;
	im->stats = stats;
	im->committed = *stats;
	if (tm->readonly)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0, _("the translation memory was opened read-only"));
	int rc = importer_prepare(im);
	if (rc == 0 && !(im->terms = calloc(TM_TERMS_BITS / 8, 1)))
		rc = tolk_error_oom();
	if (rc == 0) {
		tm->counting = &im->counter;
		tm->terms_adding = im->terms;
	}
	im->first_batch = true;
	im->alone = true;
	im->srclang = tm->src_lang;
	return rc;
}

/*
 * After the last commit: the term filter with this import's terms. Only a
 * help for lookup's speed: the units are in, and a filter that could not be
 * written is stale, not wrong (tm_terms.c), so a failure is not the import's.
 */
static void save_terms(importer *im)
{
	im->tm->terms_adding = NULL;
	if (tm_terms_save(im->tm, im->terms, im->tuv_before, im->alone) < 0)
		tolk_error_clear();
}

static int feed_next(void *ctx, const tolk_tmx_unit **u, tm_tokens **tokens, int64_t *key)
{
	return tm_feed_next(u, tokens, key, ctx);
}

static const tm_batch_ops sqlite_batches = {batch_begin, add_unit, batch_commit, batch_rollback};

/*
 * FTS5 writes its index in segments, a few per batch, and merges them only
 * eight at a time: a store of a million units imported in batches of ten
 * thousand held 17. A lookup reads each of its words' posting lists from
 * every segment and merges them, and that reading was a quarter of tolk
 * serve's time; with the index merged into one segment (FTS5's 'optimize',
 * 3 s for that store) the server answered 6 % and 12 % more lookups a
 * second in two runs of bench/serve-ab (README). Merging rewrites the
 * whole index, so a bulk import (of a file, or of units in batches:
 * tolk_tm_add_units) does it only once the store has grown by
 * an eighth (MERGE_GROWTH_DIVISOR) since the last merge (meta 'index_merged_at'):
 * the rewrites then cost a small multiple of what is imported, and the
 * segments that single units and small imports add in between stay few.
 */
#define MERGE_GROWTH_DIVISOR 8 /* an eighth */

static int merge_index(tolk_tm *tm)
{
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(tm, &st,
	                    "SELECT (SELECT coalesce(max(id), 0) FROM tuv),"
	                    " (SELECT coalesce(CAST(value AS INTEGER), 0) FROM meta WHERE key = 'index_merged_at')");
	if (rc < 0)
		return rc;
	int64_t newest = 0, merged_at = 0;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		newest = sqlite3_column_int64(st, 0);
		merged_at = sqlite3_column_int64(st, 1);
	} else {
		rc = tm_sql_error(tm, src);
	}
	sqlite3_finalize(st);
	if (rc < 0 || newest <= merged_at || (newest - merged_at) * MERGE_GROWTH_DIVISOR < newest)
		return rc;
	char sql[192];
	snprintf(sql, sizeof(sql),
	         "BEGIN IMMEDIATE; INSERT INTO tuv_fts(tuv_fts) VALUES('optimize');"
	         " INSERT OR REPLACE INTO meta(key, value) VALUES('index_merged_at', '%lld'); COMMIT",
	         (long long)newest);
	if ((rc = tm_exec(tm, sql)) < 0)
		sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int tm_sqlite_import(tolk_tm_import_stats *stats, tolk_tm *tm, tm_next_fn next, void *ctx, size_t batch,
                     const char *srclang, const tolk_tm_import_options *opts)
{
	importer im;
	int rc = importer_start(&im, tm, stats);
	/* never write into a damaged file: that could only make it worse */
	if (rc == 0)
		rc = tm_quick_check(tm);
	im.srclang = srclang;
	tm_checkpointer *cp = NULL;
	if (rc == 0)
		rc = tm_exec(tm, (cp = tm_checkpointer_start(tm->path)) != NULL ? "PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 0"
		                                                 : "PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 16384");
	if (rc == 0 && (rc = tm_import_batches(&sqlite_batches, &im, stats, next, ctx, batch, opts)) == 0) {
		/* the reading thread noted the terms of the texts it tokenized */
		if (next == feed_next) {
			const uint8_t *read = tm_feed_terms(ctx);
			for (size_t k = 0; k < TM_TERMS_BITS / 8; k++)
				im.terms[k] |= read[k];
		}
		save_terms(&im);
		/* the units are committed already: a failed merge is rolled back, the index left as the batches wrote it */
		if (merge_index(tm) < 0)
			tolk_error_clear();
	}
	tm_checkpointer_stop(cp);
	importer_finish(&im);
	/* back to a reader's footprint; a final checkpoint keeps the log small */
	sqlite3_exec(tm->db, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 1000", NULL, NULL, NULL);
	if (rc == 0)
		sqlite3_wal_checkpoint_v2(tm->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return rc;
}

/* What both entry points take from their options: the batch size, and where the counts go (*stats, else local). */
static int import_options(tolk_tm_import_stats **stats, tolk_tm_import_stats *local, size_t *batch,
                          const tolk_tm_import_options *opts)
{
	if (opts && tm_options_check(opts->version, TOLK_TM_IMPORT_OPTIONS_VERSION, "import") < 0)
		return TOLK_EINVALID;
	if (!*stats)
		*stats = local;
	*batch = opts && opts->batch_units ? opts->batch_units : DEFAULT_BATCH;
	return 0;
}

int tolk_tm_import(tolk_tm_import_stats *stats, tolk_tm *tm, const char *tmx_path,
                   const tolk_tm_import_options *opts)
{
	if (!tm || !tmx_path)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory or no file to import"));
	tolk_tm_import_stats local = {0};
	size_t batch;
	if (import_options(&stats, &local, &batch, opts) < 0)
		return TOLK_EINVALID;
	if (tm->readonly)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0, _("the translation memory was opened read-only"));
	tm_feed *r = NULL;
	int rc = tm_feed_open(&r, tmx_path);
	if (rc == 0) {
		rc = tm->be->import(stats, tm, feed_next, r, batch, tm_feed_srclang(r), opts);
		const tolk_error *e = tolk_error_last();
		if (rc < 0 && e && !e->file && e->line) /* position the unit's error in the file */
			rc = tolk_error_set_at(e->code, tmx_path, e->line, 0, "%s", e->message);
	}
	tm_feed_free(r);
	return rc;
}

/* Units of an array, for the stores' import. */
typedef struct units_feed {
	const tolk_tmx_unit *units;
	size_t count, at;
} units_feed;

static int units_next(void *ctx, const tolk_tmx_unit **u, tm_tokens **tokens, int64_t *key)
{
	units_feed *f = ctx;
	*tokens = NULL;
	*key = 0;
	if (f->at == f->count)
		return TOLK_ITEROVER;
	*u = &f->units[f->at++];
	return 0;
}

int tolk_tm_add(tolk_tm *tm, const tolk_tmx_unit *unit)
{
	if (!tm || !unit)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory or no units to add"));
	tolk_tm_import_stats stats = {0};
	units_feed f = {unit, 1, 0};
	if (tm->be != &tm_sqlite_backend) {
		if (tm->readonly)
			return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0, _("the translation memory was opened read-only"));
		return tm->be->import(&stats, tm, units_next, &f, 1, tm->src_lang, NULL);
	}
	/* one unit, one transaction: none of an import's preparations (its check of the whole file) */
	importer im;
	int rc = importer_start(&im, tm, &stats);
	if (rc == 0 && (rc = tm_import_batches(&sqlite_batches, &im, &stats, units_next, &f, 1, NULL)) == 0)
		save_terms(&im);
	importer_finish(&im);
	return rc;
}

/*
 * Units from elsewhere than a TMX file (a CAT tool's XLIFF): batched like an
 * import, so a thousand units are not a thousand transactions.
 */
int tolk_tm_add_units(tolk_tm_import_stats *stats, tolk_tm *tm, const tolk_tmx_unit *units, size_t count,
                      const tolk_tm_import_options *opts)
{
	if (!tm || (count && !units))
		return tolk_error_set(TOLK_EINVALID, _("no translation memory or no units to add"));
	tolk_tm_import_stats local = {0};
	size_t batch;
	if (import_options(&stats, &local, &batch, opts) < 0)
		return TOLK_EINVALID;
	units_feed f = {units, count, 0};
	if (tm->be != &tm_sqlite_backend) {
		if (tm->readonly)
			return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0, _("the translation memory was opened read-only"));
		return tm->be->import(stats, tm, units_next, &f, batch, tm->src_lang, opts);
	}
	importer im;
	int rc = importer_start(&im, tm, stats);
	if (rc == 0)
		rc = tm_quick_check(tm);
	if (rc == 0 && (rc = tm_import_batches(&sqlite_batches, &im, stats, units_next, &f, batch, opts)) == 0) {
		save_terms(&im);
		if (merge_index(tm) < 0) /* as after an import of a file */
			tolk_error_clear();
	}
	importer_finish(&im);
	return rc;
}
