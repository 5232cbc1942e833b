/*
 * Concordance: units whose text holds a phrase, found through the FTS5 index
 * (tm_phrase_query) and checked word by word (tm_phrase_find), newest first,
 * units with the words as typed before those with inflected forms. The index
 * is asked for the words' variants as prefixes; the check throws out what a
 * prefix over-matches (minister* finds ministerie; the check does not accept
 * it).
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_concord.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Rows the search reads at most before it stops looking for more hits. */
#define SCAN_LIMIT 50000

static void hit_clear(tolk_tm_hit *h)
{
	free(h->source);
	free(h->target);
	free(h->source_lang);
	free(h->target_lang);
	free(h->source_spans);
	free(h->target_spans);
	memset(h, 0, sizeof(*h));
}

typedef struct hits {
	tolk_tm_hit *items;
	size_t count, cap;
} hits;

static tolk_tm_hit *find_unit(hits *h, int64_t unit)
{
	for (size_t k = 0; k < h->count; k++)
		if (h->items[k].unit_id == unit)
			return &h->items[k];
	return NULL;
}

/* Fill a new hit with the pair's texts of the unit. */
static int hit_fill(tolk_tm_hit *h, tolk_tm *tm, int64_t unit)
{
	int64_t id;
	const char *tag;
	h->unit_id = unit;
	int rc = tm_unit_variant(&id, &h->source, &tag, tm, unit, tm->src_lang);
	if (rc == 0 && h->source && !(h->source_lang = tolk_strdup(tag)))
		rc = TOLK_ENOMEM;
	if (rc == 0)
		rc = tm_unit_variant(&id, &h->target, &tag, tm, unit, tm->tgt_lang);
	if (rc == 0 && h->target && !(h->target_lang = tolk_strdup(tag)))
		rc = TOLK_ENOMEM;
	return rc;
}

int tolk_tm_concordance(tolk_tm_hit_list **out, tolk_tm *tm, const char *phrase,
                        const tolk_tm_concordance_options *opts)
{
	if (!out || !tm)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory to search"));
	*out = NULL;
	size_t bad;
	if (!phrase || tolk_utf8_validate(&bad, phrase, strlen(phrase)) < 0)
		return tolk_error_set(TOLK_EINVALID, _("the phrase is not valid UTF-8"));
	if (opts && tm_options_check(opts->version, TOLK_TM_CONCORDANCE_OPTIONS_VERSION, "concordance") < 0)
		return TOLK_EINVALID;
	size_t max = opts && opts->max_results ? opts->max_results : 20;
	const char *only = opts ? opts->lang : NULL;
	int rc = tm_langs_load(tm);
	if (rc < 0)
		return rc;
	tm_phrase *ph = tolk_calloc(1, sizeof(*ph)); /* some 17 KB of stems */
	tolk_buf query = TOLK_BUF_INIT;
	sqlite3_stmt *st = NULL;
	hits exact = {0}, inflected = {0};
	tolk_tm_span *spans = NULL;
	bool dutch_q = !only || tolk_lang_match(only, "nl") >= 1, english_q = !only || tolk_lang_match(only, "en") >= 1;
	if (!ph) {
		rc = TOLK_ENOMEM;
		goto done;
	}
	if ((rc = tm_phrase_parse(ph, phrase, dutch_q, english_q)) < 0 || (rc = tm_phrase_query(&query, ph)) < 0)
		goto done;
	if ((rc = tm_exec(tm, "BEGIN")) < 0)
		goto done;
	/* newest first: the most recent translation of a phrase is usually the one wanted */
	if ((rc = tm_prepare(tm, &st,
	                     "SELECT v.id, v.tu, v.lang, v.text FROM tuv_fts f JOIN tuv v ON v.id = f.rowid "
	                     "WHERE tuv_fts MATCH ? ORDER BY f.rowid DESC")) < 0) {
		tm_end_read(tm, rc);
		goto done;
	}
	rc = query.len > INT_MAX ? tolk_error_set(TOLK_EINVALID, _("the phrase is too long"))
	                         : tm_bound(tm, sqlite3_bind_text(st, 1, query.ptr, (int)query.len, SQLITE_STATIC));
	int src = SQLITE_DONE;
	size_t scanned = 0;
	while (rc == 0 && exact.count < max && scanned++ < SCAN_LIMIT && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t lang = sqlite3_column_int64(st, 2);
		const char *tag = tm_lang_tag(tm, lang);
		if (!tag)
			continue;
		bool wanted = only ? tolk_lang_match(tag, only) >= 1
		                   : tolk_lang_match(tag, tm->src_lang) >= 1 || tolk_lang_match(tag, tm->tgt_lang) >= 1;
		if (!wanted)
			continue;
		const char *text = (const char *)sqlite3_column_text(st, 3);
		bool is_nl = tolk_lang_match(tag, "nl") >= 1, is_en = tolk_lang_match(tag, "en") >= 1;
		bool dutch = is_nl || !is_en, english = is_en || !is_nl;
		if ((rc = tm_tokenize(&tm->ctok, text, strlen(text))) < 0)
			break;
		bool found, is_exact;
		size_t nspans;
		if ((rc = tm_phrase_find(&found, &is_exact, &spans, &nspans, text, &tm->ctok, ph, dutch, english)) < 0)
			break;
		if (!found || (!is_exact && inflected.count >= max)) {
			free(spans);
			spans = NULL;
			continue;
		}
		int64_t unit = sqlite3_column_int64(st, 1);
		tolk_tm_hit *h = find_unit(&exact, unit);
		if (!h)
			h = find_unit(&inflected, unit);
		if (!h) {
			hits *into = is_exact ? &exact : &inflected;
			if (tolk_array_grow((void **)&into->items, &into->cap, into->count + 1, sizeof(*into->items)) < 0) {
				rc = TOLK_ENOMEM;
				break;
			}
			h = &into->items[into->count++];
			memset(h, 0, sizeof(*h));
			h->exact = is_exact;
			if ((rc = hit_fill(h, tm, unit)) < 0)
				break;
		}
		/* the spans belong to the side whose text matched */
		bool on_target = h->target && strcmp(h->target, text) == 0 && !(h->source && strcmp(h->source, text) == 0);
		if (!on_target && h->source && strcmp(h->source, text) != 0) {
			/* a third language asked for with --lang: show it in place of the source */
			free(h->source);
			free(h->source_lang);
			h->source = tolk_strdup(text);
			h->source_lang = tolk_strdup(tag);
			free(h->source_spans);
			h->source_spans = NULL;
			h->nsource_spans = 0;
			if (!h->source || !h->source_lang) {
				rc = TOLK_ENOMEM;
				break;
			}
		}
		tolk_tm_span **dst = on_target ? &h->target_spans : &h->source_spans;
		size_t *ndst = on_target ? &h->ntarget_spans : &h->nsource_spans;
		if (!*dst) {
			*dst = spans;
			*ndst = nspans;
			spans = NULL;
		}
		free(spans);
		spans = NULL;
	}
	if (rc == 0 && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = tm_sql_error(tm, src);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = tm_end_read(tm, rc)) < 0)
		goto done;
	tolk_tm_hit_list *list = tolk_calloc(1, sizeof(*list));
	size_t total = exact.count + inflected.count;
	if (total > max)
		total = max;
	if (list && total)
		list->items = tolk_calloc(total, sizeof(*list->items));
	if (!list || (total && !list->items)) {
		free(list);
		rc = TOLK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < exact.count && list->count < total; k++) {
		list->items[list->count++] = exact.items[k];
		memset(&exact.items[k], 0, sizeof(exact.items[k]));
	}
	for (size_t k = 0; k < inflected.count && list->count < total; k++) {
		list->items[list->count++] = inflected.items[k];
		memset(&inflected.items[k], 0, sizeof(inflected.items[k]));
	}
	*out = list;
done:
	for (size_t k = 0; k < exact.count; k++)
		hit_clear(&exact.items[k]);
	for (size_t k = 0; k < inflected.count; k++)
		hit_clear(&inflected.items[k]);
	free(exact.items);
	free(inflected.items);
	free(spans);
	free(ph);
	tolk_buf_free(&query);
	return rc;
}

void tolk_tm_hit_list_free(tolk_tm_hit_list *list)
{
	if (!list)
		return;
	for (size_t k = 0; k < list->count; k++)
		hit_clear(&list->items[k]);
	free(list->items);
	free(list);
}
