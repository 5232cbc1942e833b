/* Lookup of one term with near-miss suggestions, and the terminology check of a segment pair. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "termbase_match.h"
#include "editdist.h"

/* ---- lookup ------------------------------------------------------------------------------------------ */

static int add_hit(tolk_term_hit **hits, size_t *n, size_t *cap, const tolk_concept *c, size_t term, unsigned d)
{
	for (size_t i = 0; i < *n; i++)
		if ((*hits)[i].concept == c && (*hits)[i].term_index == term)
			return 0;
	if (tolk_array_grow((void **)hits, cap, *n + 1, sizeof(**hits)) < 0)
		return TOLK_ENOMEM;
	(*hits)[(*n)++] = (tolk_term_hit){c, term, d};
	return 0;
}

typedef struct exact_ctx {
	tolk_termbase *tb;
	int lang;
	const tb_token *toks;
	size_t ntok;
	bool loose;
	tolk_term_hit **hits;
	size_t *n, *cap;
	int rc;
} exact_ctx;

static void exact_visit(const tb_term_ref *ref, void *p)
{
	exact_ctx *x = p;
	if (x->rc < 0 || ref->lang != x->lang || ref->ntok != x->ntok ||
	    !tb_term_matches(x->tb, ref, x->toks, x->ntok, x->loose))
		return;
	x->rc = add_hit(x->hits, x->n, x->cap, &x->tb->concepts[ref->concept], ref->term, 0);
}

/* Terms of lang that the whole query is (a form of). */
static int exact_hits(tolk_term_hit **hits, size_t *n, size_t *cap, tolk_termbase *tb, int lang, const char *q,
                      bool loose)
{
	tb_token toks[TB_MAX_TERM_TOKENS + 1];
	size_t ntok = 0;
	tb_lexer lx;
	tb_lexer_init(&lx, lang, q, strlen(q));
	while (ntok < TB_MAX_TERM_TOKENS + 1 && tb_lexer_next(&lx, &toks[ntok]))
		ntok++;
	if (ntok == 0 || ntok > TB_MAX_TERM_TOKENS)
		return 0;
	exact_ctx x = {tb, lang, toks, ntok, loose, hits, n, cap, 0};
	tb_visit_candidates(tb, lang, toks, ntok, exact_visit, &x);
	return x.rc;
}

/* Optimal string alignment distance on bytes (editdist.h), giving up past limit. */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned limit)
{
	if (la > TOLK_EDIT_MAX || lb > TOLK_EDIT_MAX)
		return limit + 1;
	int32_t x[TOLK_EDIT_MAX], y[TOLK_EDIT_MAX];
	for (size_t i = 0; i < la; i++)
		x[i] = (unsigned char)a[i];
	for (size_t j = 0; j < lb; j++)
		y[j] = (unsigned char)b[j];
	return tolk_edit_distance(x, la, y, lb, limit);
}

static int hit_order(const void *pa, const void *pb)
{
	const tolk_term_hit *a = pa, *b = pb;
	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return strcmp(a->concept->terms[a->term_index].term, b->concept->terms[b->term_index].term);
}

/*
 * An English term written with its article ("the Alliance") without it, or
 * NULL: the article belongs to the term's usage, and "Alliance unity" or a
 * lookup of "Alliance" still mean the term.
 */
static const char *without_article(const char *term)
{
	if ((term[0] == 't' || term[0] == 'T') && strncmp(term + 1, "he ", 3) == 0 && term[4] && term[4] != ' ')
		return term + 4;
	return NULL;
}

/* English terms whose article-less form the query is (normalised, inflection ignored). */
static int article_hits(tolk_term_hit **hits, size_t *n, size_t *cap, tolk_termbase *tb, const char *query)
{
	int rc = 0;
	for (size_t i = 0; i < tb->nconcepts && rc == 0; i++) {
		const tolk_concept *c = &tb->concepts[i];
		for (size_t t = 0; t < c->term_count && rc == 0; t++) {
			const char *bare;
			size_t s, e;
			if (tb_lang_code(c->terms[t].lang) != 1 || !(bare = without_article(c->terms[t].term)))
				continue;
			/* the whole query is the bare term, in some form */
			if (tb_text_has_term(&s, &e, 1, query, strlen(query), bare) && s == 0 && e == strlen(query))
				rc = add_hit(hits, n, cap, c, t, 0);
		}
	}
	return rc;
}

enum { MAX_SUGGESTIONS = 5 };

static int suggest(tolk_term_hit **out, size_t *n, tolk_termbase *tb, int lang_filter, const char *query)
{
	tolk_buf q = TOLK_BUF_INIT, t = TOLK_BUF_INIT;
	size_t cap = 0;
	int rc = tb_normalize(&q, query, strlen(query));
	if (rc < 0 || q.len == 0)
		goto done;
	/* About one typo per five letters, at least one. */
	unsigned limit = q.len < 5 ? 1 : q.len < 10 ? 2 : 3;
	for (size_t i = 0; i < tb->nconcepts; i++) {
		const tolk_concept *c = &tb->concepts[i];
		for (size_t k = 0; k < c->term_count; k++) {
			int lang = tb_lang_code(c->terms[k].lang);
			if (lang < 0 || (lang_filter >= 0 && lang != lang_filter))
				continue;
			const char *term = c->terms[k].term;
			size_t tl = strlen(term);
			if (tl > q.len + limit + 8 || tl + limit + 8 < q.len)
				continue;
			tolk_buf_clear(&t);
			if ((rc = tb_normalize(&t, term, tl)) < 0)
				goto done;
			size_t diff = t.len > q.len ? t.len - q.len : q.len - t.len;
			if (diff > limit)
				continue;
			unsigned d = edit_distance(q.ptr, q.len, t.ptr, t.len, limit);
			/* Also against the query's base forms: lastenverdlingen is one typo from a plural. */
			tb_forms forms;
			tb_inflect_forms(&forms, lang, q.ptr, q.len);
			for (size_t f = 1; f < forms.count; f++) {
				unsigned d2 = edit_distance(forms.buf + forms.off[f], forms.len[f], t.ptr, t.len, limit);
				if (d2 < d)
					d = d2;
			}
			if (d == 0 || d > limit)
				continue;
			if ((rc = add_hit(out, n, &cap, c, k, d)) < 0)
				goto done;
		}
	}
	if (*n)
		qsort(*out, *n, sizeof(**out), hit_order);
	if (*n > MAX_SUGGESTIONS)
		*n = MAX_SUGGESTIONS;
done:
	tolk_buf_free(&q);
	tolk_buf_free(&t);
	return rc;
}

static int lookup(tolk_term_hit **hits, size_t *hit_count, tolk_term_hit **suggestions, size_t *suggestion_count,
                  tolk_termbase *tb, const char *lang, const char *query)
{
	*hits = NULL;
	*hit_count = 0;
	if (suggestions)
		*suggestions = NULL;
	if (suggestion_count)
		*suggestion_count = 0;
	int code = -1;
	if (lang && (code = tb_lang_code(lang)) < 0)
		return tb_check_lang(lang);
	if (!query || tolk_utf8_validate(NULL, query, strlen(query)) < 0)
		return tolk_error_set(TOLK_EINVALID, _("the query is not valid UTF-8"));
	int rc = tb_index_build(tb);
	if (rc < 0)
		return rc;
	size_t cap = 0;
	for (int l = 0; l < 2 && rc == 0; l++)
		if (code < 0 || code == l)
			rc = exact_hits(hits, hit_count, &cap, tb, l, query, false);
	/* "secretaris generaal" typed for secretaris-generaal: separators only decide when they can. */
	for (int l = 0; l < 2 && rc == 0 && *hit_count == 0; l++)
		if (code < 0 || code == l)
			rc = exact_hits(hits, hit_count, &cap, tb, l, query, true);
	if (rc == 0 && *hit_count == 0 && code != 0)
		rc = article_hits(hits, hit_count, &cap, tb, query);
	if (rc == 0 && *hit_count == 0 && suggestions)
		rc = suggest(suggestions, suggestion_count, tb, code, query);
	if (rc < 0) {
		free(*hits);
		*hits = NULL;
		*hit_count = 0;
		if (suggestions) {
			free(*suggestions);
			*suggestions = NULL;
			*suggestion_count = 0;
		}
	}
	return rc;
}

int tolk_termbase_lookup(tolk_term_lookup_result **out, tolk_termbase *tb, const char *lang, const char *query)
{
	*out = NULL;
	tolk_term_lookup_result *r = tolk_calloc(1, sizeof(*r));
	if (!r)
		return TOLK_ENOMEM;
	int rc = lookup(&r->hits.items, &r->hits.count, &r->suggestions.items, &r->suggestions.count, tb, lang,
	                query);
	if (rc < 0) {
		free(r);
		return rc;
	}
	*out = r;
	return rc;
}

void tolk_term_lookup_result_free(tolk_term_lookup_result *result)
{
	if (!result)
		return;
	free(result->hits.items);
	free(result->suggestions.items);
	free(result);
}

/* ---- check ---------------------------------------------------------------------------------------------- */

static int add_issue(tolk_term_issue **out, size_t *n, size_t *cap, const tolk_term_issue *issue)
{
	if (tolk_array_grow((void **)out, cap, *n + 1, sizeof(**out)) < 0)
		return TOLK_ENOMEM;
	(*out)[(*n)++] = *issue;
	return 0;
}

static const char *preferred_en(const tolk_concept *c)
{
	for (size_t t = 0; t < c->term_count; t++)
		if (tb_lang_code(c->terms[t].lang) == 1 && c->terms[t].status == TOLK_TERM_PREFERRED)
			return c->terms[t].term;
	return NULL;
}

static int check_pair(tolk_term_issue **out, size_t *count, tolk_termbase *tb, const char *nl_text, size_t nl_len,
                      const char *en_text, size_t en_len)
{
	*out = NULL;
	*count = 0;
	tolk_term_match *nl = NULL, *en = NULL;
	size_t nnl = 0, nen = 0, cap = 0;
	int rc;
	if ((rc = tb_recognize(&nl, &nnl, tb, "nl", nl_text, nl_len)) < 0 ||
	    (rc = tb_recognize(&en, &nen, tb, "en", en_text, en_len)) < 0)
		goto done;
	/* Deprecated English forms first: a concept reported here is not reported missing too. */
	for (size_t i = 0; i < nen && rc == 0; i++) {
		if (en[i].status < TOLK_TERM_DEPRECATED)
			continue;
		const tolk_concept *c;
		if (tolk_termbase_concept(&c, tb, en[i].concept_id) < 0)
			continue;
		tolk_term_issue is = {TOLK_TERM_ISSUE_DEPRECATED, c->id, NULL, 0, 0, en[i].term, en[i].start,
		                      en[i].end, preferred_en(c)};
		rc = add_issue(out, count, &cap, &is);
	}
	for (size_t i = 0; i < nnl && rc == 0; i++) {
		const tolk_concept *c;
		if (tolk_termbase_concept(&c, tb, nl[i].concept_id) < 0)
			continue;
		const char *expected = preferred_en(c);
		if (!expected || nl[i].status >= TOLK_TERM_DEPRECATED)
			continue;
		bool reported = false, found = false;
		for (size_t k = 0; k < *count && !reported; k++)
			reported = strcmp((*out)[k].concept_id, c->id) == 0;
		for (size_t t = 0; t < c->term_count && !found && !reported; t++) {
			const tolk_term_entry *e = &c->terms[t];
			size_t s, end;
			if (tb_lang_code(e->lang) != 1 || e->status > TOLK_TERM_ADMITTED)
				continue;
			const char *bare = without_article(e->term);
			found = tb_text_has_term(&s, &end, 1, en_text, en_len, bare ? bare : e->term);
		}
		if (found || reported)
			continue;
		tolk_term_issue is = {TOLK_TERM_ISSUE_MISSING, c->id, nl[i].term, nl[i].start, nl[i].end, NULL, 0, 0,
		                      expected};
		rc = add_issue(out, count, &cap, &is);
	}
done:
	free(nl);
	free(en);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
	}
	return rc;
}

int tolk_termbase_check_pair(tolk_term_issue_list **out, tolk_termbase *tb, const char *nl_text, size_t nl_len,
                             const char *en_text, size_t en_len)
{
	*out = NULL;
	tolk_term_issue_list *list = tolk_calloc(1, sizeof(*list));
	if (!list)
		return TOLK_ENOMEM;
	int rc = check_pair(&list->items, &list->count, tb, nl_text, nl_len, en_text, en_len);
	if (rc < 0) {
		free(list);
		return rc;
	}
	*out = list;
	return rc;
}

void tolk_term_issue_list_free(tolk_term_issue_list *list)
{
	if (!list)
		return;
	free(list->items);
	free(list);
}
