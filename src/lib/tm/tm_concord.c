/*
 * Concordance: units whose text holds a phrase, found through the FTS5 index
 * (tm_phrase_query) and checked word by word (tm_phrase_find), newest first,
 * units with the words as typed before those with inflected forms. The index
 * is asked for the words' variants as prefixes; the check throws out what a
 * prefix over-matches (minister* finds ministerie; the check does not accept
 * it).
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
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

typedef struct concord {
	tolk_tm *tm;
	const tm_phrase *ph;
	const char *only;
	size_t max, scanned;
	hits *exact, *inflected;
} concord;

/* One variant the store found: checked, and added to the hits when it holds the phrase. */
static int concord_row(void *ctx, const tm_row *r)
{
	concord *cc = ctx;
	tolk_tm *tm = cc->tm;
	const tm_phrase *ph = cc->ph;
	const char *only = cc->only;
	size_t max = cc->max;
	tolk_tm_span *spans = NULL;
	int rc = 0;
	if (cc->exact->count >= max || cc->scanned++ >= SCAN_LIMIT)
		return 1;
	int64_t lang = r->lang;
	const char *tag = tm_lang_tag(tm, lang);
	if (!tag)
		return 0;
	bool wanted = only ? tolk_lang_match(tag, only) >= 1
	                   : tolk_lang_match(tag, tm->src_lang) >= 1 || tolk_lang_match(tag, tm->tgt_lang) >= 1;
	if (!wanted)
		return 0;
	const char *text = r->text;
	bool is_nl = tolk_lang_match(tag, "nl") >= 1, is_en = tolk_lang_match(tag, "en") >= 1;
	bool dutch = is_nl || !is_en, english = is_en || !is_nl;
	if ((rc = tm_tokenize(&tm->ctok, text, strlen(text))) < 0)
		return rc;
	bool found, is_exact;
	size_t nspans;
	if ((rc = tm_phrase_find(&found, &is_exact, &spans, &nspans, text, &tm->ctok, ph, dutch, english)) < 0)
		return rc;
	if (!found || (!is_exact && cc->inflected->count >= max)) {
		free(spans);
		spans = NULL;
		return 0;
	}
	int64_t unit = r->tu;
	tolk_tm_hit *h = find_unit(cc->exact, unit);
	if (!h)
		h = find_unit(cc->inflected, unit);
	if (!h) {
		hits *into = is_exact ? cc->exact : cc->inflected;
		if (tolk_array_grow((void **)&into->items, &into->cap, into->count + 1, sizeof(*into->items)) < 0) {
			free(spans);
			return TOLK_ENOMEM;
		}
		h = &into->items[into->count++];
		memset(h, 0, sizeof(*h));
		h->exact = is_exact;
		if ((rc = hit_fill(h, tm, unit)) < 0) {
			free(spans);
			return rc;
		}
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
			free(spans);
			return TOLK_ENOMEM;
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
	return 0;
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
	hits exact = {0}, inflected = {0};
	bool dutch_q = !only || tolk_lang_match(only, "nl") >= 1, english_q = !only || tolk_lang_match(only, "en") >= 1;
	if (!ph) {
		rc = TOLK_ENOMEM;
		goto done;
	}
	if ((rc = tm_phrase_parse(ph, phrase, dutch_q, english_q)) < 0 || (rc = tm_phrase_query(&query, ph)) < 0)
		goto done;
	if ((rc = tm_read_begin(tm)) < 0)
		goto done;
	concord cc = {tm, ph, only, max, 0, &exact, &inflected};
	if (query.len > INT_MAX)
		rc = tolk_error_set(TOLK_EINVALID, _("the phrase is too long"));
	else
		rc = tm->be->concord(tm, ph, query.ptr ? query.ptr : "", concord_row, &cc);
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
