/*
 * Import: TMX units streamed into the store in batched transactions.
 *
 * Each batch of units is one transaction, so a failure, a cancel or a kill
 * leaves the store as it was after the last complete batch. A unit whose
 * variants (language and text) are those of a unit already stored is merged
 * into it rather than added. The index's document frequencies are counted by
 * the tokenizer while FTS5 indexes (no second pass over the text) and written
 * every FLUSH_UNITS units and at the end, inside a batch's transaction.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BATCH 5000
#define FLUSH_UNITS 100000

typedef struct importer {
	tolk_tm *tm;
	sqlite3_stmt *find_dup, *ins_tu, *ins_tuv, *ins_fts, *get_tuvs, *upd_tu, *upd_tuv, *put_df;
	tm_counter counter;
	int64_t next_tuv;
	uint64_t unflushed;
	bool in_txn;
	tolk_tm_import_stats *stats;
	/*
	 * Into an empty store, a unit can only duplicate one of this import: the
	 * keys seen so far, kept here, spare a lookup in the index for each unit.
	 */
	bool fresh_store, first_batch;
	int64_t last_unit;        /* the store's newest unit when we last held the lock */
	int64_t *keys;
	size_t keys_cap, keys_used;
} importer;

static size_t key_slot(const importer *im, int64_t key)
{
	size_t p = (size_t)((uint64_t)key >> 7) & (im->keys_cap - 1);
	while (im->keys[p] && im->keys[p] != key)
		p = (p + 1) & (im->keys_cap - 1);
	return p;
}

/* Remember key; *seen tells whether it was there. 0 stands for "empty", so it is always "seen". */
static int key_remember(bool *seen, importer *im, int64_t key)
{
	if (key == 0) {
		*seen = true;
		return 0;
	}
	if ((im->keys_used + 1) * 2 > im->keys_cap) {
		size_t cap = im->keys_cap ? im->keys_cap * 2 : 1 << 16;
		int64_t *old = im->keys;
		size_t old_cap = im->keys_cap;
		im->keys = calloc(cap, sizeof(*im->keys));
		if (!im->keys) {
			im->keys = old;
			return tolk_error_oom();
		}
		im->keys_cap = cap;
		for (size_t k = 0; k < old_cap; k++)
			if (old[k])
				im->keys[key_slot(im, old[k])] = old[k];
		free(old);
	}
	size_t p = key_slot(im, key);
	*seen = im->keys[p] == key;
	if (!*seen) {
		im->keys[p] = key;
		im->keys_used++;
	}
	return 0;
}

/* ---- props and notes as text ------------------------------------------------------- */
static bool has_separator(const char *s)
{
	return s && (strchr(s, TM_SEP_ITEM) || strchr(s, TM_SEP_FIELD));
}

static int encode_props(char **out, const tolk_tmx_prop *props, size_t n)
{
	*out = NULL;
	if (n == 0)
		return 0;
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		if (has_separator(props[k].type) || has_separator(props[k].value)) {
			tolk_buf_free(&b);
			return tolk_error_set(TOLK_EINVALID, _("a prop holds control characters XML does not allow"));
		}
		if (k)
			tolk_buf_putc(&b, TM_SEP_ITEM);
		tolk_buf_puts(&b, props[k].type ? props[k].type : "");
		tolk_buf_putc(&b, TM_SEP_FIELD);
		tolk_buf_puts(&b, props[k].value ? props[k].value : "");
	}
	if (!b.ptr)
		return TOLK_ENOMEM;
	*out = tolk_buf_detach(&b);
	return 0;
}

static int encode_notes(char **out, char *const *notes, size_t n)
{
	*out = NULL;
	if (n == 0)
		return 0;
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		if (has_separator(notes[k])) {
			tolk_buf_free(&b);
			return tolk_error_set(TOLK_EINVALID, _("a note holds control characters XML does not allow"));
		}
		if (k)
			tolk_buf_putc(&b, TM_SEP_ITEM);
		tolk_buf_puts(&b, notes[k] ? notes[k] : "");
	}
	if (!b.ptr)
		return TOLK_ENOMEM;
	*out = tolk_buf_detach(&b);
	return 0;
}

/* Items of add not yet in have, appended to it: a new string, or NULL when nothing changes. */
static int union_items(char **out, const char *have, const char *add)
{
	*out = NULL;
	if (!add || !*add)
		return 0;
	if (!have || !*have)
		return (*out = tolk_strdup(add)) ? 0 : TOLK_ENOMEM;
	tolk_buf b = TOLK_BUF_INIT;
	if (tolk_buf_puts(&b, have) < 0)
		return TOLK_ENOMEM;
	bool changed = false;
	const char *p = add;
	while (*p || p == add) {
		const char *e = strchr(p, TM_SEP_ITEM);
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool found = false;
		for (const char *h = have;;) {
			const char *he = strchr(h, TM_SEP_ITEM);
			size_t hn = he ? (size_t)(he - h) : strlen(h);
			if (hn == n && memcmp(h, p, n) == 0) {
				found = true;
				break;
			}
			if (!he)
				break;
			h = he + 1;
		}
		if (!found) {
			tolk_buf_putc(&b, TM_SEP_ITEM);
			tolk_buf_put(&b, p, n);
			changed = true;
		}
		if (!e)
			break;
		p = e + 1;
	}
	if (!b.ptr) {
		return TOLK_ENOMEM;
	}
	if (!changed) {
		tolk_buf_free(&b);
		return 0;
	}
	*out = tolk_buf_detach(&b);
	return 0;
}

/* ---- duplicate key -------------------------------------------------------------------- */
typedef struct variant_ref {
	const tolk_tmx_tuv *tuv;
	size_t index;
} variant_ref;

static int cmp_lang_ci(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)(*a == '_' ? '-' : *a)), y = tolower((unsigned char)(*b == '_' ? '-' : *b));
		if (x != y || !x)
			return x - y;
	}
}

static int cmp_variant(const void *a, const void *b)
{
	const tolk_tmx_tuv *x = ((const variant_ref *)a)->tuv, *y = ((const variant_ref *)b)->tuv;
	int c = cmp_lang_ci(x->lang ? x->lang : "", y->lang ? y->lang : "");
	return c ? c : strcmp(x->text ? x->text : "", y->text ? y->text : "");
}

static uint64_t fnv64(uint64_t h, const char *s, bool fold)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (fold)
			c = (unsigned char)tolower(c == '_' ? '-' : c);
		h ^= c;
		h *= 1099511628211ull;
	}
	h ^= 0xff; /* field separator that no UTF-8 text contains */
	h *= 1099511628211ull;
	return h;
}

static int64_t dupkey(const variant_ref *refs, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t k = 0; k < n; k++) {
		h = fnv64(h, refs[k].tuv->lang, true);
		h = fnv64(h, refs[k].tuv->text, false);
	}
	return (int64_t)h;
}

/* ---- statements ----------------------------------------------------------------------- */
static int importer_prepare(importer *im)
{
	tolk_tm *tm = im->tm;
	int rc;
	if ((rc = tm_prepare(tm, &im->find_dup,
	                     "SELECT id, first_tuv, ntuv, tuid, creationdate, changedate, creationid, changeid, "
	                     "props, notes FROM tu WHERE dupkey = ?")) < 0 ||
	    (rc = tm_prepare(tm, &im->ins_tu,
	                     "INSERT INTO tu(dupkey, first_tuv, ntuv, tuid, creationdate, changedate, creationid, "
	                     "changeid, props, notes) VALUES(?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (rc = tm_prepare(tm, &im->ins_tuv,
	                     "INSERT INTO tuv(id, tu, lang, text, seg_xml, creationdate, changedate, creationid, "
	                     "changeid, props, notes) VALUES(?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (rc = tm_prepare(tm, &im->ins_fts, "INSERT INTO tuv_fts(rowid, text) VALUES(?, ?)")) < 0 ||
	    (rc = tm_prepare(tm, &im->get_tuvs,
	                     "SELECT v.id, l.tag, v.text, v.creationdate, v.changedate, v.creationid, v.changeid, "
	                     "v.props, v.notes FROM tuv v JOIN lang l ON l.id = v.lang WHERE v.id BETWEEN ? AND ? "
	                     "ORDER BY v.id")) < 0 ||
	    (rc = tm_prepare(tm, &im->upd_tu,
	                     "UPDATE tu SET tuid = ?, creationdate = ?, changedate = ?, creationid = ?, changeid = ?, "
	                     "props = ?, notes = ? WHERE id = ?")) < 0 ||
	    (rc = tm_prepare(tm, &im->upd_tuv,
	                     "UPDATE tuv SET creationdate = ?, changedate = ?, creationid = ?, changeid = ?, "
	                     "props = ?, notes = ? WHERE id = ?")) < 0 ||
	    (rc = tm_prepare(tm, &im->put_df,
	                     "INSERT INTO df(term, n) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n")) < 0)
		return rc;
	return 0;
}

static void importer_finish(importer *im)
{
	sqlite3_stmt *all[] = {im->find_dup, im->ins_tu, im->ins_tuv, im->ins_fts,
	                       im->get_tuvs, im->upd_tu, im->upd_tuv, im->put_df};
	for (size_t k = 0; k < sizeof(all) / sizeof(*all); k++)
		sqlite3_finalize(all[k]);
	if (im->tm->counting == &im->counter)
		im->tm->counting = NULL;
	tm_counter_clear(&im->counter);
	free(im->keys);
	im->keys = NULL;
}

static int step_done(importer *im, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : tm_sql_error(im->tm, rc);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_date(sqlite3_stmt *st, int i, time_t t)
{
	if (t)
		sqlite3_bind_int64(st, i, (sqlite3_int64)t);
	else
		sqlite3_bind_null(st, i);
}

/* ---- transactions ------------------------------------------------------------------ */
static int flush_df(importer *im)
{
	tm_counter *c = &im->counter;
	int rc = 0;
	for (size_t k = 0; k < c->cap && rc == 0; k++) {
		if (!c->slots[k].term)
			continue;
		sqlite3_bind_text(im->put_df, 1, c->slots[k].term, (int)c->slots[k].len, SQLITE_STATIC);
		sqlite3_bind_int64(im->put_df, 2, c->slots[k].n * TM_DF_SAMPLE);
		rc = step_done(im, im->put_df);
	}
	uint64_t doc = c->doc;
	tm_counter_clear(c);
	c->doc = doc;
	im->unflushed = 0;
	return rc;
}

static int batch_begin(importer *im)
{
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
		im->next_tuv = sqlite3_column_int64(st, 0);
		int64_t newest = sqlite3_column_int64(st, 1);
		/* the shortcut holds while nobody else has written between our batches */
		if (im->first_batch)
			im->fresh_store = newest == 0;
		else if (newest != im->last_unit)
			im->fresh_store = false;
		im->first_batch = false;
		im->last_unit = newest;
	} else {
		rc = tm_sql_error(im->tm, src);
	}
	sqlite3_finalize(st);
	return rc;
}

static int batch_commit(importer *im, bool last)
{
	int rc = 0;
	if ((last || im->unflushed >= FLUSH_UNITS) && (rc = flush_df(im)) < 0)
		return rc;
	rc = tm_exec(im->tm, "COMMIT");
	if (rc == 0)
		im->in_txn = false;
	return rc;
}

static void batch_rollback(importer *im)
{
	if (im->in_txn)
		sqlite3_exec(im->tm->db, "ROLLBACK", NULL, NULL, NULL);
	im->in_txn = false;
}

/* ---- one unit ------------------------------------------------------------------------------ */
static time_t earlier(time_t a, time_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

/* Dates, ids, props and notes of a stored unit or variant, and of a newcomer. */
typedef struct merge_fields {
	time_t creationdate, changedate;
	const char *creationid, *changeid, *props, *notes;
} merge_fields;

/*
 * The merged fields: earliest creation (with its id), latest change (with its
 * id), props and notes united. *props and *notes are new strings or NULL when
 * unchanged; *changed tells whether anything differs from old.
 */
static int merge_compute(merge_fields *m, char **props, char **notes, bool *changed,
                         const merge_fields *old, const merge_fields *add)
{
	*props = *notes = NULL;
	int rc = union_items(props, old->props, add->props);
	if (rc == 0)
		rc = union_items(notes, old->notes, add->notes);
	*m = *old;
	/* each id goes with its date: who created the unit first, who changed it last */
	m->creationdate = earlier(old->creationdate, add->creationdate);
	if (m->creationdate != old->creationdate || (!old->creationdate && !old->creationid))
		m->creationid = add->creationid ? add->creationid : old->creationid;
	if (add->changedate > old->changedate || (!old->changedate && !old->changeid)) {
		m->changedate = add->changedate > old->changedate ? add->changedate : old->changedate;
		m->changeid = add->changeid ? add->changeid : old->changeid;
	}
	if (*props)
		m->props = *props;
	if (*notes)
		m->notes = *notes;
	*changed = *props || *notes || m->creationdate != old->creationdate || m->changedate != old->changedate ||
	           m->creationid != old->creationid || m->changeid != old->changeid;
	return rc;
}

static void bind_fields(sqlite3_stmt *st, int i, const merge_fields *m)
{
	bind_date(st, i++, m->creationdate);
	bind_date(st, i++, m->changedate);
	bind_text_or_null(st, i++, m->creationid);
	bind_text_or_null(st, i++, m->changeid);
	bind_text_or_null(st, i++, m->props);
	bind_text_or_null(st, i, m->notes);
}

static int tuv_fields(merge_fields *f, char **props, char **notes, const tolk_tmx_tuv *v)
{
	*props = *notes = NULL;
	int rc = encode_props(props, v->props, v->nprops);
	if (rc == 0)
		rc = encode_notes(notes, v->notes, v->nnotes);
	f->creationdate = v->creationdate;
	f->changedate = v->changedate;
	f->creationid = v->creationid;
	f->changeid = v->changeid;
	f->props = *props;
	f->notes = *notes;
	return rc;
}

/* A stored row's fields, copied out of SQLite (the row goes at the next step). */
typedef struct stored {
	int64_t id;
	char *s[7];               /* tuid or lang, text, creationid, changeid, props, notes */
	merge_fields f;
} stored;

static int stored_load(stored *v, sqlite3_stmt *st, const int cols[6], int date_col)
{
	v->id = sqlite3_column_int64(st, 0);
	for (int k = 0; k < 6; k++) {
		const char *t = cols[k] >= 0 ? (const char *)sqlite3_column_text(st, cols[k]) : NULL;
		if (t && !(v->s[k] = tolk_strdup(t)))
			return TOLK_ENOMEM;
	}
	v->f.creationdate = (time_t)sqlite3_column_int64(st, date_col);
	v->f.changedate = (time_t)sqlite3_column_int64(st, date_col + 1);
	v->f.creationid = v->s[2];
	v->f.changeid = v->s[3];
	v->f.props = v->s[4];
	v->f.notes = v->s[5];
	return 0;
}

static void stored_clear(stored *v)
{
	for (int k = 0; k < 7; k++)
		free(v->s[k]);
}

static int cmp_stored(const void *a, const void *b)
{
	const stored *x = a, *y = b;
	int c = cmp_lang_ci(x->s[0] ? x->s[0] : "", y->s[0] ? y->s[0] : "");
	return c ? c : strcmp(x->s[1] ? x->s[1] : "", y->s[1] ? y->s[1] : "");
}

/* Merge the newcomer into a stored unit and its variants, if one has the same variants. */
static int try_merge(bool *merged, importer *im, const tolk_tmx_unit *u, const variant_ref *refs,
                     const merge_fields *tu_add)
{
	*merged = false;
	sqlite3_stmt *f = im->find_dup;
	int rc = 0, src;
	stored unit = {0};
	int64_t first = 0, n = 0;
	/* find_dup: id, first_tuv, ntuv, tuid, creationdate, changedate, creationid, changeid, props, notes */
	static const int unit_cols[6] = {3, -1, 6, 7, 8, 9};
	while ((src = sqlite3_step(f)) == SQLITE_ROW) {
		if ((size_t)sqlite3_column_int64(f, 2) != u->ntuvs)
			continue;
		first = sqlite3_column_int64(f, 1);
		n = sqlite3_column_int64(f, 2);
		rc = stored_load(&unit, f, unit_cols, 4);
		break;
	}
	sqlite3_reset(f);
	if (rc == 0 && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = tm_sql_error(im->tm, src);
	if (rc < 0 || n == 0) {
		stored_clear(&unit);
		return rc;
	}
	stored *sv = tolk_calloc((size_t)n, sizeof(*sv));
	size_t got = 0;
	if (!sv)
		rc = TOLK_ENOMEM;
	/* get_tuvs: id, tag, text, creationdate, changedate, creationid, changeid, props, notes */
	static const int tuv_cols[6] = {1, 2, 5, 6, 7, 8};
	sqlite3_stmt *g = im->get_tuvs;
	sqlite3_bind_int64(g, 1, first);
	sqlite3_bind_int64(g, 2, first + n - 1);
	while (rc == 0 && got < (size_t)n && (src = sqlite3_step(g)) == SQLITE_ROW)
		rc = stored_load(&sv[got++], g, tuv_cols, 3);
	sqlite3_reset(g);
	bool same = rc == 0 && got == u->ntuvs;
	if (same) {
		qsort(sv, got, sizeof(*sv), cmp_stored);
		for (size_t k = 0; k < got && same; k++)
			same = cmp_lang_ci(sv[k].s[0] ? sv[k].s[0] : "", refs[k].tuv->lang) == 0 &&
			       strcmp(sv[k].s[1] ? sv[k].s[1] : "", refs[k].tuv->text ? refs[k].tuv->text : "") == 0;
	}
	if (same) {
		merge_fields m;
		char *props, *notes;
		bool changed;
		rc = merge_compute(&m, &props, &notes, &changed, &unit.f, tu_add);
		const char *tuid = unit.s[0] ? unit.s[0] : u->tuid;
		if (rc == 0 && (changed || (!unit.s[0] && u->tuid && *u->tuid))) {
			bind_text_or_null(im->upd_tu, 1, tuid);
			bind_fields(im->upd_tu, 2, &m);
			sqlite3_bind_int64(im->upd_tu, 8, unit.id);
			rc = step_done(im, im->upd_tu);
		}
		free(props);
		free(notes);
		for (size_t k = 0; k < got && rc == 0; k++) {
			merge_fields add;
			char *aprops, *anotes;
			props = notes = NULL;
			rc = tuv_fields(&add, &aprops, &anotes, refs[k].tuv);
			if (rc == 0)
				rc = merge_compute(&m, &props, &notes, &changed, &sv[k].f, &add);
			if (rc == 0 && changed) {
				bind_fields(im->upd_tuv, 1, &m);
				sqlite3_bind_int64(im->upd_tuv, 7, sv[k].id);
				rc = step_done(im, im->upd_tuv);
			}
			free(props);
			free(notes);
			free(aprops);
			free(anotes);
		}
		*merged = rc == 0;
	}
	for (size_t k = 0; k < got; k++)
		stored_clear(&sv[k]);
	free(sv);
	stored_clear(&unit);
	return rc;
}

/* Inline codes are kept only when the seg has any; plain text is written back escaped. */
static bool seg_is_plain(const tolk_tmx_tuv *v)
{
	return !v->seg_xml || !strchr(v->seg_xml, '<');
}

static int add_unit(importer *im, const tolk_tmx_unit *u, const tm_tokens *tokens)
{
	tolk_tm_import_stats *stats = im->stats;
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
		if (tolk_utf8_validate(&bad, t, strlen(t)) < 0)
			return tolk_error_set_at(TOLK_EINVALID, NULL, u->line, 0, _("a variant's text is not valid UTF-8"));
	}
	variant_ref stack_refs[8];
	variant_ref *refs = u->ntuvs <= 8 ? stack_refs : tolk_calloc(u->ntuvs, sizeof(*refs));
	if (!refs)
		return TOLK_ENOMEM;
	for (size_t k = 0; k < u->ntuvs; k++) {
		refs[k].tuv = &u->tuvs[k];
		refs[k].index = k;
	}
	qsort(refs, u->ntuvs, sizeof(*refs), cmp_variant);
	int64_t key = dupkey(refs, u->ntuvs);

	char *props = NULL, *notes = NULL;
	int rc = encode_props(&props, u->props, u->nprops);
	if (rc == 0)
		rc = encode_notes(&notes, u->notes, u->nnotes);
	merge_fields tu_add = {u->creationdate, u->changedate, u->creationid, u->changeid, props, notes};
	bool merged = false, maybe_stored = true;
	if (rc == 0 && im->fresh_store)
		rc = key_remember(&maybe_stored, im, key);
	if (rc == 0 && maybe_stored) {
		sqlite3_bind_int64(im->find_dup, 1, key);
		rc = try_merge(&merged, im, u, refs, &tu_add);
	}
	if (rc == 0 && merged) {
		stats->units_merged++;
		goto done;
	}
	if (rc < 0)
		goto done;

	sqlite3_stmt *st = im->ins_tu;
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, im->next_tuv);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)u->ntuvs);
	bind_text_or_null(st, 4, u->tuid);
	bind_date(st, 5, u->creationdate);
	bind_date(st, 6, u->changedate);
	bind_text_or_null(st, 7, u->creationid);
	bind_text_or_null(st, 8, u->changeid);
	bind_text_or_null(st, 9, props);
	bind_text_or_null(st, 10, notes);
	if ((rc = step_done(im, st)) < 0)
		goto done;
	int64_t unit_id = sqlite3_last_insert_rowid(im->tm->db);
	im->last_unit = unit_id;
	for (size_t k = 0; k < u->ntuvs && rc == 0; k++) {
		const tolk_tmx_tuv *v = &u->tuvs[k];
		int64_t lang;
		char *vprops = NULL, *vnotes = NULL;
		if ((rc = tm_lang_id(&lang, im->tm, v->lang, true)) < 0 ||
		    (rc = encode_props(&vprops, v->props, v->nprops)) < 0 ||
		    (rc = encode_notes(&vnotes, v->notes, v->nnotes)) < 0) {
			free(vprops);
			break;
		}
		int64_t id = im->next_tuv++;
		st = im->ins_tuv;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, unit_id);
		sqlite3_bind_int64(st, 3, lang);
		sqlite3_bind_text(st, 4, v->text ? v->text : "", -1, SQLITE_STATIC);
		bind_text_or_null(st, 5, seg_is_plain(v) ? NULL : v->seg_xml);
		bind_date(st, 6, v->creationdate);
		bind_date(st, 7, v->changedate);
		bind_text_or_null(st, 8, v->creationid);
		bind_text_or_null(st, 9, v->changeid);
		bind_text_or_null(st, 10, vprops);
		bind_text_or_null(st, 11, vnotes);
		rc = step_done(im, st);
		if (rc == 0) {
			const char *text = v->text ? v->text : "";
			sqlite3_bind_int64(im->ins_fts, 1, id);
			sqlite3_bind_text(im->ins_fts, 2, text, -1, SQLITE_STATIC);
			if (tokens) {
				im->tm->pretok_text = text;
				im->tm->pretok = &tokens[k];
			}
			rc = step_done(im, im->ins_fts);
			im->tm->pretok_text = NULL;
			im->tm->pretok = NULL;
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
	if (tm->readonly)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0, _("the translation memory was opened read-only"));
	int rc = importer_prepare(im);
	if (rc == 0)
		tm->counting = &im->counter;
	im->first_batch = true;
	return rc;
}

int tolk_tm_import(tolk_tm_import_stats *stats, tolk_tm *tm, const char *tmx_path,
                   const tolk_tm_import_options *opts)
{
	tolk_tm_import_stats local = {0};
	if (!stats)
		stats = &local;
	size_t batch = opts && opts->batch_units ? opts->batch_units : DEFAULT_BATCH;
	tm_feed *r = NULL;
	importer im;
	int rc = importer_start(&im, tm, stats);
	/* never write into a damaged file: that could only make it worse */
	if (rc == 0)
		rc = tm_quick_check(tm);
	if (rc == 0)
		rc = tm_feed_open(&r, tmx_path);
	if (rc == 0)
		rc = tm_exec(tm, "PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 16384");
	if (rc == 0)
		rc = batch_begin(&im);
	size_t in_batch = 0;
	uint64_t done = 0;
	while (rc == 0) {
		const tolk_tmx_unit *u;
		tm_tokens *tokens;
		rc = tm_feed_next(&u, &tokens, r);
		if (rc == TOLK_ITEROVER) {
			rc = 0;
			break;
		}
		if (rc < 0)
			break;
		if ((rc = add_unit(&im, u, tokens)) < 0) {
			const tolk_error *e = tolk_error_last();
			if (e && !e->file && e->line) /* position the unit's error in the file */
				rc = tolk_error_set_at(e->code, tmx_path, e->line, 0, "%s", e->message);
			break;
		}
		done++;
		if (++in_batch >= batch) {
			if ((rc = batch_commit(&im, false)) < 0 || (rc = batch_begin(&im)) < 0)
				break;
			in_batch = 0;
		}
		if (opts && opts->progress && done % 1000 == 0 && opts->progress(done, 0, opts->progress_payload)) {
			rc = tolk_error_set(TOLK_ECANCELLED, _("import cancelled"));
			break;
		}
	}
	if (rc == 0)
		rc = batch_commit(&im, true);
	if (rc < 0)
		batch_rollback(&im);
	if (opts && opts->progress && rc == 0)
		opts->progress(done, done, opts->progress_payload);
	tm_feed_free(r);
	importer_finish(&im);
	/* back to a reader's footprint; a final checkpoint keeps the log small */
	sqlite3_exec(tm->db, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 1000", NULL, NULL, NULL);
	if (rc == 0)
		sqlite3_wal_checkpoint_v2(tm->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return rc;
}

int tolk_tm_add(tolk_tm *tm, const tolk_tmx_unit *unit)
{
	tolk_tm_import_stats stats = {0};
	importer im;
	int rc = importer_start(&im, tm, &stats);
	if (rc == 0)
		rc = batch_begin(&im);
	if (rc == 0)
		rc = add_unit(&im, unit, NULL);
	if (rc == 0)
		rc = batch_commit(&im, true);
	if (rc < 0)
		batch_rollback(&im);
	importer_finish(&im);
	return rc;
}
