/* Export: the whole store as TMX 1.4b through the TMX writer, in one read snapshot. */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"

#include <stdlib.h>
#include <string.h>

/* Split an RS/US-encoded list in place (the string is a private copy). */
static int decode_props(tolk_tmx_prop **out, size_t *n, char *s)
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

static int decode_notes(char ***out, size_t *n, char *s)
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

int tolk_tm_export(tolk_tm *tm, const char *tmx_path, const tolk_tm_export_options *opts)
{
	if (!tm || !tmx_path)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory or no file to export to"));
	if (opts && tm_options_check(opts->version, TOLK_TM_EXPORT_OPTIONS_VERSION, "export") < 0)
		return TOLK_EINVALID;
	tolk_progress_cb progress = opts ? opts->progress : NULL;
	void *payload = opts ? opts->progress_payload : NULL;
	sqlite3_stmt *units = NULL, *vars = NULL;
	tolk_tmx_writer *w = NULL;
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
	exported ue = {0}, *ve = NULL;
	tolk_tmx_unit u;
	size_t ve_cap = 0;
	memset(&u, 0, sizeof(u));
	if ((rc = tm_exec(tm, "BEGIN")) < 0) {
		free(srclang);
		return rc;
	}
	if ((rc = tm_prepare(tm, &units,
	                     "SELECT id, first_tuv, ntuv, tuid, creationdate, changedate, creationid, changeid, "
	                     "props, notes FROM tu ORDER BY id")) < 0 ||
	    (rc = tm_prepare(tm, &vars,
	                     "SELECT lang, text, seg_xml, creationdate, changedate, creationid, changeid, props, "
	                     "notes FROM tuv WHERE id BETWEEN ? AND ? ORDER BY id")) < 0)
		goto done;
	if (progress) {
		sqlite3_stmt *c = NULL;
		if ((rc = tm_prepare(tm, &c, "SELECT count(*) FROM tu")) < 0)
			goto done;
		if (sqlite3_step(c) == SQLITE_ROW)
			total = (uint64_t)sqlite3_column_int64(c, 0);
		sqlite3_finalize(c);
	}
	if ((rc = tolk_tmx_writer_open(&w, tmx_path, &h)) < 0)
		goto done;
	int src = SQLITE_DONE;
	while (rc == 0 && (src = sqlite3_step(units)) == SQLITE_ROW) {
		exported_clear(&ue);
		ue.strings[0] = col_copy(units, 6);
		ue.strings[1] = col_copy(units, 7);
		ue.strings[2] = col_copy(units, 8);
		ue.strings[3] = col_copy(units, 9);
		ue.strings[4] = col_copy(units, 3);
		memset(&u, 0, sizeof(u));
		u.tuid = ue.strings[4];
		u.creationdate = (time_t)sqlite3_column_int64(units, 4);
		u.changedate = (time_t)sqlite3_column_int64(units, 5);
		u.creationid = ue.strings[0];
		u.changeid = ue.strings[1];
		if ((rc = decode_props(&u.props, &u.nprops, ue.strings[2])) < 0 ||
		    (rc = decode_notes(&u.notes, &u.nnotes, ue.strings[3])) < 0)
			break;
		size_t n = (size_t)sqlite3_column_int64(units, 2);
		int64_t first = sqlite3_column_int64(units, 1);
		if (n > ve_cap) {
			exported *grown = realloc(ve, n * sizeof(*ve));
			if (!grown) {
				rc = tolk_error_oom();
				break;
			}
			memset(grown + ve_cap, 0, (n - ve_cap) * sizeof(*ve));
			ve = grown;
			ve_cap = n;
		}
		u.tuvs = tolk_calloc(n ? n : 1, sizeof(*u.tuvs));
		if (!u.tuvs) {
			rc = TOLK_ENOMEM;
			break;
		}
		if ((rc = tm_bound(tm, sqlite3_bind_int64(vars, 1, first))) < 0 ||
		    (rc = tm_bound(tm, sqlite3_bind_int64(vars, 2, first + (int64_t)n - 1))) < 0)
			break;
		while (rc == 0 && u.ntuvs < n && (src = sqlite3_step(vars)) == SQLITE_ROW) {
			exported *e = &ve[u.ntuvs];
			tolk_tmx_tuv *v = &u.tuvs[u.ntuvs++];
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
			if ((rc = decode_props(&v->props, &v->nprops, e->strings[2])) < 0 ||
			    (rc = decode_notes(&v->notes, &v->nnotes, e->strings[3])) < 0)
				break;
			if (!v->lang || !v->text)
				rc = tolk_error_oom();
		}
		sqlite3_reset(vars);
		if (rc == 0 && u.ntuvs > 0)
			rc = tolk_tmx_writer_add(w, &u);
		for (size_t k = 0; k < u.ntuvs; k++) {
			free(u.tuvs[k].props);
			free(u.tuvs[k].notes);
		}
		free(u.tuvs);
		free(u.props);
		free(u.notes);
		memset(&u, 0, sizeof(u));
		done++;
		if (rc == 0 && progress && done % 1000 == 0 && progress(done, total, payload))
			rc = tolk_error_set(TOLK_ECANCELLED, _("export cancelled"));
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = tm_sql_error(tm, src);
	if (rc == 0)
		rc = tolk_tmx_writer_close(w);
	if (rc == 0 && progress)
		progress(done, total, payload);
done:
	tolk_tmx_writer_free(w);
	sqlite3_finalize(units);
	sqlite3_finalize(vars);
	/*
	 * Only a read transaction ends here, after the file is in place (or the
	 * first error is reported): nothing a failure could change.
	 */
	(void)sqlite3_exec(tm->db, "COMMIT", NULL, NULL, NULL);
	exported_clear(&ue);
	for (size_t k = 0; k < ve_cap; k++)
		exported_clear(&ve[k]);
	free(ve);
	free(srclang);
	return rc;
}
