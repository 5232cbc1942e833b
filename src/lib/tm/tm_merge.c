/*
 * Duplicates: the key a unit's variants hash to, and the merging of a
 * newcomer into a stored unit with the same variants — earliest creation
 * (with its id), latest change (with its id), props and notes united.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_import.h"

#include "hash.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- props and notes as text ------------------------------------------------------- */
static bool has_separator(const char *s)
{
	return s && (strchr(s, TM_SEP_ITEM) || strchr(s, TM_SEP_FIELD));
}

int tm_encode_props(char **out, const tolk_tmx_prop *props, size_t n)
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

int tm_encode_notes(char **out, char *const *notes, size_t n)
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

static int cmp_lang_ci(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)(*a == '_' ? '-' : *a)), y = tolower((unsigned char)(*b == '_' ? '-' : *b));
		if (x != y || !x)
			return x - y;
	}
}

int tm_cmp_variant(const void *a, const void *b)
{
	const tolk_tmx_tuv *x = ((const variant_ref *)a)->tuv, *y = ((const variant_ref *)b)->tuv;
	int c = cmp_lang_ci(x->lang ? x->lang : "", y->lang ? y->lang : "");
	if (!c)
		c = strcmp(x->text ? x->text : "", y->text ? y->text : "");
	const char *cx = x->seg_xml && strchr(x->seg_xml, '<') ? x->seg_xml : "";
	const char *cy = y->seg_xml && strchr(y->seg_xml, '<') ? y->seg_xml : "";
	return c ? c : strcmp(cx, cy);
}

static uint64_t fnv64(uint64_t h, const char *s, bool fold)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (fold)
			c = (unsigned char)tolower(c == '_' ? '-' : c);
		h = tolk_hash64_step(h, c);
	}
	return tolk_hash64_step(h, 0xff); /* field separator that no UTF-8 text contains */
}

static int64_t dupkey(const variant_ref *refs, size_t n)
{
	uint64_t h = TOLK_HASH64_INIT;
	for (size_t k = 0; k < n; k++) {
		h = fnv64(h, refs[k].tuv->lang, true);
		h = fnv64(h, refs[k].tuv->text, false);
	}
	return (int64_t)h;
}

int64_t tm_unit_dupkey(const tolk_tmx_unit *u)
{
	variant_ref stack_refs[8];
	variant_ref *refs = u->ntuvs <= 8 ? stack_refs : calloc(u->ntuvs, sizeof(*refs));
	if (!refs)
		return 0;
	for (size_t k = 0; k < u->ntuvs; k++) {
		refs[k].tuv = &u->tuvs[k];
		refs[k].index = k;
	}
	qsort(refs, u->ntuvs, sizeof(*refs), tm_cmp_variant);
	int64_t key = dupkey(refs, u->ntuvs);
	if (refs != stack_refs)
		free(refs);
	return key ? key : 1;
}

/* ---- merging ---------------------------------------------------------------------------- */
static time_t earlier(time_t a, time_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}


/*
 * The merged fields: earliest creation (with its id), latest change (with its
 * id), props and notes united. *props and *notes are new strings or NULL when
 * unchanged; *changed tells whether anything differs from old.
 */
int tm_merge_compute(merge_fields *m, char **props, char **notes, bool *changed,
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

int tm_tuv_fields(merge_fields *f, char **props, char **notes, const tolk_tmx_tuv *v)
{
	*props = *notes = NULL;
	int rc = tm_encode_props(props, v->props, v->nprops);
	if (rc == 0)
		rc = tm_encode_notes(notes, v->notes, v->nnotes);
	f->creationdate = v->creationdate;
	f->changedate = v->changedate;
	f->creationid = v->creationid;
	f->changeid = v->changeid;
	f->props = *props;
	f->notes = *notes;
	return rc;
}

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

void tm_stored_clear(stored *v)
{
	for (int k = 0; k < 7; k++)
		free(v->s[k]);
}

static int cmp_stored(const void *a, const void *b)
{
	const stored *x = a, *y = b;
	int c = cmp_lang_ci(x->s[0] ? x->s[0] : "", y->s[0] ? y->s[0] : "");
	if (!c)
		c = strcmp(x->s[1] ? x->s[1] : "", y->s[1] ? y->s[1] : "");
	return c ? c : strcmp(x->s[6] ? x->s[6] : "", y->s[6] ? y->s[6] : "");
}

/* The seg with its inline codes, as stored: NULL for plain text (import stores no seg_xml then). */
static const char *codes_of(const tolk_tmx_tuv *v)
{
	return v->seg_xml && strchr(v->seg_xml, '<') ? v->seg_xml : NULL;
}

static bool same_codes(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/*
 * The stored unit's variants, loaded into sv (n of them), against the
 * newcomer's: the same languages, texts and inline codes. Units whose text
 * is the same but whose codes differ (bold on one word here, underline on
 * another there) are different units: merging them would lose codes.
 */
static int load_and_compare(bool *same, size_t *got, stored *sv, importer *im, int64_t first, int64_t n,
                            const tolk_tmx_unit *u, const variant_ref *refs)
{
	/* get_tuvs: id, tag, text, creationdate, changedate, creationid, changeid, props, notes, seg_xml */
	static const int tuv_cols[6] = {1, 2, 5, 6, 7, 8};
	sqlite3_stmt *g = im->get_tuvs;
	int rc = 0, src = SQLITE_DONE;
	*got = 0;
	tm_bind_int64(im, g, 1, first);
	tm_bind_int64(im, g, 2, first + n - 1);
	rc = tm_bind_status(im, g);
	while (rc == 0 && *got < (size_t)n && (src = sqlite3_step(g)) == SQLITE_ROW) {
		stored *v = &sv[(*got)++];
		rc = stored_load(v, g, tuv_cols, 3);
		const char *codes = (const char *)sqlite3_column_text(g, 9);
		if (rc == 0 && codes && !(v->s[6] = tolk_strdup(codes)))
			rc = TOLK_ENOMEM;
	}
	sqlite3_reset(g);
	if (rc == 0 && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = tm_sql_error(im->tm, src);
	*same = rc == 0 && tm_stored_same(sv, *got, u, refs);
	return rc;
}

bool tm_stored_same(stored *sv, size_t got, const tolk_tmx_unit *u, const variant_ref *refs)
{
	if (got != u->ntuvs)
		return false;
	qsort(sv, got, sizeof(*sv), cmp_stored);
	for (size_t k = 0; k < got; k++)
		if (!(cmp_lang_ci(sv[k].s[0] ? sv[k].s[0] : "", refs[k].tuv->lang) == 0 &&
		      strcmp(sv[k].s[1] ? sv[k].s[1] : "", refs[k].tuv->text ? refs[k].tuv->text : "") == 0 &&
		      same_codes(sv[k].s[6], codes_of(refs[k].tuv))))
			return false;
	return true;
}

int tm_merge_apply(const stored *unit, const stored *sv, size_t got, const tolk_tmx_unit *u, const variant_ref *refs,
                   const merge_fields *tu_add, tm_merge_update_fn update, void *ctx)
{
	merge_fields m;
	char *props, *notes;
	bool changed;
	int rc = tm_merge_compute(&m, &props, &notes, &changed, &unit->f, tu_add);
	const char *tuid = unit->s[0] ? unit->s[0] : u->tuid;
	if (rc == 0 && (changed || (!unit->s[0] && u->tuid && *u->tuid)))
		rc = update(ctx, tuid ? tuid : "", &m, unit->id);
	free(props);
	free(notes);
	for (size_t k = 0; k < got && rc == 0; k++) {
		merge_fields add;
		char *aprops, *anotes;
		props = notes = NULL;
		rc = tm_tuv_fields(&add, &aprops, &anotes, refs[k].tuv);
		if (rc == 0)
			rc = tm_merge_compute(&m, &props, &notes, &changed, &sv[k].f, &add);
		if (rc == 0 && changed)
			rc = update(ctx, NULL, &m, sv[k].id);
		free(props);
		free(notes);
		free(aprops);
		free(anotes);
	}
	return rc;
}

/* The stored unit's (tuid given) or a variant's fields, as merged. */
static int sqlite_update(void *ctx, const char *tuid, const merge_fields *m, int64_t id)
{
	importer *im = ctx;
	sqlite3_stmt *st = tuid ? im->upd_tu : im->upd_tuv;
	int i = 1;
	if (tuid)
		tm_bind_text(im, st, i++, tuid);
	tm_bind_fields(im, st, i, m);
	tm_bind_int64(im, st, i + 6, id);
	return tm_step_done(im, st);
}

/* Merge the newcomer into a stored unit and its variants, if one has the same variants. */
int tm_try_merge(bool *merged, importer *im, const tolk_tmx_unit *u, const variant_ref *refs,
                 const merge_fields *tu_add)
{
	*merged = false;
	sqlite3_stmt *f = im->find_dup;
	int rc = 0, src;
	stored unit = {0};
	stored *sv = NULL;
	size_t got = 0;
	bool same = false;
	/* find_dup: id, first_tuv, ntuv, tuid, creationdate, changedate, creationid, changeid, props, notes */
	static const int unit_cols[6] = {3, -1, 6, 7, 8, 9};
	if ((rc = tm_bind_status(im, f)) < 0)
		return rc;
	/* every unit with the key: the key is of languages and texts, so units differing in codes share it */
	while (rc == 0 && !same && (src = sqlite3_step(f)) == SQLITE_ROW) {
		if ((size_t)sqlite3_column_int64(f, 2) != u->ntuvs || u->ntuvs == 0)
			continue;
		int64_t first = sqlite3_column_int64(f, 1), n = sqlite3_column_int64(f, 2);
		for (size_t k = 0; k < got; k++)
			tm_stored_clear(&sv[k]);
		tm_stored_clear(&unit);
		memset(&unit, 0, sizeof(unit));
		if (!sv && !(sv = tolk_calloc((size_t)n, sizeof(*sv)))) {
			rc = TOLK_ENOMEM;
			break;
		}
		memset(sv, 0, (size_t)n * sizeof(*sv));
		got = 0;
		if ((rc = stored_load(&unit, f, unit_cols, 4)) == 0)
			rc = load_and_compare(&same, &got, sv, im, first, n, u, refs);
	}
	sqlite3_reset(f);
	if (rc == 0 && !same && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = tm_sql_error(im->tm, src);
	if (rc == 0 && same)
		*merged = (rc = tm_merge_apply(&unit, sv, got, u, refs, tu_add, sqlite_update, im)) == 0;
	for (size_t k = 0; k < got; k++)
		tm_stored_clear(&sv[k]);
	free(sv);
	tm_stored_clear(&unit);
	return rc;
}
