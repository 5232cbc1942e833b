/*
 * Export: the whole store as TMX 1.4b through the TMX writer, in one read
 * snapshot; and copy, the same units into another store. Both read the units
 * through the store's cursor (SQLite's is here).
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"

#include <stdlib.h>
#include <string.h>

/* Split an RS/US-encoded list in place (the string is a private copy). */
int tm_decode_props(tolk_tmx_prop **out, size_t *n, char *s)
{
	*out = NULL;
	*n = 0;
	if (!s || !*s)
		return 0;
	size_t count = 1;
	for (char *p = s; *p; p++)
		count += *p == TM_SEP_ITEM;
	tolk_tmx_prop *props = tolk_calloc(count, sizeof(*props));
	if (!props)
		return TOLK_ENOMEM;
	for (char *item = s; item;) {
		char *next = strchr(item, TM_SEP_ITEM);
		if (next)
			*next++ = '\0';
		char *sep = strchr(item, TM_SEP_FIELD);
		if (sep)
			*sep++ = '\0';
		props[*n].type = item;
		props[*n].value = sep ? sep : item + strlen(item);
		(*n)++;
		item = next;
	}
	*out = props;
	return 0;
}

int tm_decode_notes(char ***out, size_t *n, char *s)
{
	*out = NULL;
	*n = 0;
	if (!s || !*s)
		return 0;
	size_t count = 1;
	for (char *p = s; *p; p++)
		count += *p == TM_SEP_ITEM;
	char **notes = tolk_calloc(count, sizeof(*notes));
	if (!notes)
		return TOLK_ENOMEM;
	for (char *item = s; item;) {
		char *next = strchr(item, TM_SEP_ITEM);
		if (next)
			*next++ = '\0';
		notes[(*n)++] = item;
		item = next;
	}
	*out = notes;
	return 0;
}

static char *col_copy(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return t ? strdup(t) : NULL;
}

/* The fields a unit and its variants share: copies the row, decoded props and notes. */
typedef struct exported {
	char *strings[6];         /* creationid, changeid, props, notes (+ tuid or text, seg_xml) */
} exported;

static void exported_clear(exported *e)
{
	for (size_t k = 0; k < 6; k++)
		free(e->strings[k]);
	memset(e, 0, sizeof(*e));
}

struct tm_cursor {
	tolk_tm *tm;
	sqlite3_stmt *units, *vars;
	exported ue, *ve;
	size_t ve_cap;
	tolk_tmx_unit u;
};

static void unit_clear(tolk_tmx_unit *u)
{
	for (size_t k = 0; k < u->ntuvs; k++) {
		free(u->tuvs[k].props);
		free(u->tuvs[k].notes);
	}
	free(u->tuvs);
	free(u->props);
	free(u->notes);
	memset(u, 0, sizeof(*u));
}

void tm_sqlite_cursor_free(tm_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->units);
	sqlite3_finalize(c->vars);
	unit_clear(&c->u);
	exported_clear(&c->ue);
	for (size_t k = 0; k < c->ve_cap; k++)
		exported_clear(&c->ve[k]);
	free(c->ve);
	free(c);
}

int tm_sqlite_cursor_open(tm_cursor **out, tolk_tm *tm, uint64_t *total)
{
	*out = NULL;
	tm_cursor *c = tolk_calloc(1, sizeof(*c));
	if (!c)
		return TOLK_ENOMEM;
	c->tm = tm;
	int rc;
	if ((rc = tm_prepare(tm, &c->units,
	                     "SELECT id, first_tuv, ntuv, tuid, creationdate, changedate, creationid, changeid, "
	                     "props, notes FROM tu ORDER BY id")) < 0 ||
	    (rc = tm_prepare(tm, &c->vars,
	                     "SELECT lang, text, seg_xml, creationdate, changedate, creationid, changeid, props, "
	                     "notes FROM tuv WHERE id BETWEEN ? AND ? ORDER BY id")) < 0)
		goto fail;
	if (total) {
		sqlite3_stmt *n = NULL;
		if ((rc = tm_prepare(tm, &n, "SELECT count(*) FROM tu")) < 0)
			goto fail;
		if (sqlite3_step(n) == SQLITE_ROW)
			*total = (uint64_t)sqlite3_column_int64(n, 0);
		sqlite3_finalize(n);
	}
	*out = c;
	return 0;
fail:
	tm_sqlite_cursor_free(c);
	return rc;
}

int tm_sqlite_cursor_next(const tolk_tmx_unit **out, tm_cursor *c)
{
	tolk_tm *tm = c->tm;
	tolk_tmx_unit *u = &c->u;
	sqlite3_stmt *units = c->units, *vars = c->vars;
	*out = NULL;
	unit_clear(u);
	int src = sqlite3_step(units), rc = 0;
	if (src == SQLITE_DONE)
		return TOLK_ITEROVER;
	if (src != SQLITE_ROW)
		return tm_sql_error(tm, src);
	exported_clear(&c->ue);
	c->ue.strings[0] = col_copy(units, 6);
	c->ue.strings[1] = col_copy(units, 7);
	c->ue.strings[2] = col_copy(units, 8);
	c->ue.strings[3] = col_copy(units, 9);
	c->ue.strings[4] = col_copy(units, 3);
	u->tuid = c->ue.strings[4];
	u->creationdate = (time_t)sqlite3_column_int64(units, 4);
	u->changedate = (time_t)sqlite3_column_int64(units, 5);
	u->creationid = c->ue.strings[0];
	u->changeid = c->ue.strings[1];
	if ((rc = tm_decode_props(&u->props, &u->nprops, c->ue.strings[2])) < 0 ||
	    (rc = tm_decode_notes(&u->notes, &u->nnotes, c->ue.strings[3])) < 0)
		return rc;
	size_t n = (size_t)sqlite3_column_int64(units, 2);
	int64_t first = sqlite3_column_int64(units, 1);
	if (n > c->ve_cap) {
		exported *grown = realloc(c->ve, n * sizeof(*c->ve));
		if (!grown)
			return tolk_error_oom();
		memset(grown + c->ve_cap, 0, (n - c->ve_cap) * sizeof(*c->ve));
		c->ve = grown;
		c->ve_cap = n;
	}
	u->tuvs = tolk_calloc(n ? n : 1, sizeof(*u->tuvs));
	if (!u->tuvs)
		return TOLK_ENOMEM;
	if ((rc = tm_bound(tm, sqlite3_bind_int64(vars, 1, first))) < 0 ||
	    (rc = tm_bound(tm, sqlite3_bind_int64(vars, 2, first + (int64_t)n - 1))) < 0)
		return rc;
	while (rc == 0 && u->ntuvs < n && (src = sqlite3_step(vars)) == SQLITE_ROW) {
		exported *e = &c->ve[u->ntuvs];
		tolk_tmx_tuv *v = &u->tuvs[u->ntuvs++];
		exported_clear(e);
		e->strings[0] = col_copy(vars, 5);
		e->strings[1] = col_copy(vars, 6);
		e->strings[2] = col_copy(vars, 7);
		e->strings[3] = col_copy(vars, 8);
		e->strings[4] = col_copy(vars, 1);
		e->strings[5] = col_copy(vars, 2);
		v->lang = (char *)tm_lang_tag(tm, sqlite3_column_int64(vars, 0));
		v->text = e->strings[4];
		v->seg_xml = e->strings[5];
		v->creationdate = (time_t)sqlite3_column_int64(vars, 3);
		v->changedate = (time_t)sqlite3_column_int64(vars, 4);
		v->creationid = e->strings[0];
		v->changeid = e->strings[1];
		if ((rc = tm_decode_props(&v->props, &v->nprops, e->strings[2])) < 0 ||
		    (rc = tm_decode_notes(&v->notes, &v->nnotes, e->strings[3])) < 0)
			break;
		if (!v->lang || !v->text)
			rc = tolk_error_oom();
	}
	if (rc == 0 && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = tm_sql_error(tm, src);
	sqlite3_reset(vars);
	*out = u;
	return rc;
}

int tolk_tm_export(tolk_tm *tm, const char *tmx_path, const tolk_tm_export_options *opts)
{
	if (!tm || !tmx_path)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory or no file to export to"));
	if (opts && tm_options_check(opts->version, TOLK_TM_EXPORT_OPTIONS_VERSION, "export") < 0)
		return TOLK_EINVALID;
	tolk_progress_cb progress = opts ? opts->progress : NULL;
	void *payload = opts ? opts->progress_payload : NULL;
	tolk_tmx_writer *w = NULL;
	tm_cursor *c = NULL;
	int rc = tm_langs_load(tm);
	if (rc < 0)
		return rc;
	tolk_tmx_header h = {0};
	/* the units' own source language, unless the caller named one */
	char *srclang = NULL;
	if (!tm->src_lang_set && (rc = tm_srclang(&srclang, tm)) < 0)
		return rc;
	h.srclang = srclang ? srclang : tm->src_lang;
	h.creationdate = opts ? opts->date : 0;
	h.segtype = "sentence";
	h.o_tmf = "tolk";
	h.datatype = "plaintext";
	h.adminlang = "en";
	uint64_t total = 0, done = 0;
	if ((rc = tm_read_begin(tm)) < 0) {
		free(srclang);
		return rc;
	}
	if ((rc = tm->be->cursor_open(&c, tm, progress ? &total : NULL)) < 0)
		goto done;
	if ((rc = tolk_tmx_writer_open(&w, tmx_path, &h)) < 0)
		goto done;
	while (rc == 0) {
		const tolk_tmx_unit *u;
		if ((rc = tm->be->cursor_next(&u, c)) < 0)
			break;
		if (u->ntuvs > 0)
			rc = tolk_tmx_writer_add(w, u);
		done++;
		if (rc == 0 && progress && done % 1000 == 0 && progress(done, total, payload))
			rc = tolk_error_set(TOLK_ECANCELLED, _("export cancelled"));
	}
	if (rc == TOLK_ITEROVER)
		rc = tolk_tmx_writer_close(w);
	if (rc == 0 && progress)
		progress(done, total, payload);
done:
	tolk_tmx_writer_free(w);
	if (c)
		tm->be->cursor_free(c);
	/*
	 * Only a read transaction ends here, after the file is in place (or the
	 * first error is reported): nothing a failure could change.
	 */
	(void)tm_end_read(tm, 0);
	free(srclang);
	return rc;
}

/* ---- copy ------------------------------------------------------------------------------ */
typedef struct copy_src {
	tolk_tm *tm;
	tm_cursor *c;
} copy_src;

static int copy_next(void *ctx, const tolk_tmx_unit **u, tm_tokens **tokens, int64_t *key)
{
	copy_src *cs = ctx;
	*tokens = NULL;
	*key = 0;
	return cs->tm->be->cursor_next(u, cs->c);
}

int tolk_tm_copy(tolk_tm_import_stats *stats, tolk_tm *dst, tolk_tm *src, const tolk_tm_import_options *opts)
{
	if (!dst || !src)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory to copy from or to"));
	if (opts && tm_options_check(opts->version, TOLK_TM_IMPORT_OPTIONS_VERSION, "import") < 0)
		return TOLK_EINVALID;
	tolk_tm_import_stats local = {0};
	if (!stats)
		stats = &local;
	size_t batch = opts && opts->batch_units ? opts->batch_units : 10000;
	char *srclang = NULL;
	int rc = tm_langs_load(src);
	if (rc == 0)
		rc = tm_srclang(&srclang, src);
	if (rc < 0)
		return rc;
	copy_src cs = {src, NULL};
	if ((rc = tm_read_begin(src)) < 0) {
		free(srclang);
		return rc;
	}
	if ((rc = src->be->cursor_open(&cs.c, src, NULL)) == 0)
		rc = dst->be->import(stats, dst, copy_next, &cs, batch, srclang, opts);
	if (cs.c)
		src->be->cursor_free(cs.c);
	rc = tm_end_read(src, rc);
	free(srclang);
	return rc;
}
