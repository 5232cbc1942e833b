/*
 * A concordance phrase, and where a text holds it: its words in order, each
 * as typed or inflected (tm_stem.c); a hyphenated word of either is taken
 * apart, so "defensie uitgaven" finds "defensie-uitgaven".
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_concord.h"

#include <stdlib.h>
#include <string.h>

int tm_phrase_parse(tm_phrase *out, const char *phrase, bool dutch, bool english)
{
	out->n = 0;
	tm_tokens pt = {0};
	int rc = tm_tokenize(&pt, phrase, strlen(phrase));
	for (size_t k = 0; k < pt.count && rc == 0; k++) {
		const tm_token *tok = &pt.items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		/* a hyphenated word is looked for part by part, as the texts' words are */
		const char *key = tm_key(&pt, tok);
		for (uint32_t s = 0; s <= tok->key_len && rc == 0;) {
			uint32_t e = s;
			while (e < tok->key_len && key[e] != '-')
				e++;
			tm_phrase_word *w = &out->words[out->n];
			if (e > s && out->n == TM_PHRASE_MAX_WORDS)
				rc = tolk_error_set(TOLK_EINVALID, _("the phrase is too long (maximum number of words: %d)"),
				                    TM_PHRASE_MAX_WORDS);
			else if (e > s && e - s >= sizeof(w->key))
				rc = tolk_error_set(TOLK_EINVALID, _("a word of the phrase is too long"));
			else if (e > s) {
				memcpy(w->key, key + s, e - s);
				w->key[e - s] = '\0';
				w->len = e - s;
				tm_stem_word(&w->stem, w->key, w->len, dutch, english);
				out->n++;
			}
			s = e + 1;
		}
	}
	tm_tokens_free(&pt);
	if (rc == 0 && out->n == 0)
		rc = tolk_error_set(TOLK_EINVALID, _("the phrase has no words to search for"));
	return rc;
}

static void fts_quote(tolk_buf *b, const char *s)
{
	tolk_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			tolk_buf_putc(b, '"');
		tolk_buf_putc(b, *s);
	}
	tolk_buf_putc(b, '"');
}

int tm_phrase_query(tolk_buf *q, const tm_phrase *p)
{
	const tm_phrase_word *w = p->words;
	for (size_t k = 0; k < p->n; k++) {
		if (k)
			tolk_buf_puts(q, " AND ");
		const tm_stem *st = &w[k].stem;
		if (st->exact_only) {
			fts_quote(q, w[k].key);
			continue;
		}
		tolk_buf_putc(q, '(');
		for (size_t v = 0; v < st->nstems; v++) {
			if (v)
				tolk_buf_puts(q, " OR ");
			fts_quote(q, st->stems[v]);
			tolk_buf_puts(q, " *");
		}
		tolk_buf_putc(q, ')');
	}
	return q->ptr ? 0 : TOLK_ENOMEM;
}

/* Does a word (or part of a hyphenated word) match a phrase word: as typed or inflected? */
static bool word_matches(bool *exact, const char *key, size_t len, const tm_phrase_word *w, bool dutch, bool english)
{
	*exact = len == w->len && memcmp(key, w->key, len) == 0;
	return *exact || tm_stem_matches(&w->stem, key, len, dutch, english);
}

/* One word of a text, or one part of a hyphenated word (NAVO-Ministers: navo, ministers). */
typedef struct text_word {
	uint32_t tok;
	uint32_t off, len; /* the part within the token's key */
} text_word;

/*
 * The words of a text with hyphenated words taken apart, as the phrase's are:
 * "defensie uitgaven" and "defensie-uitgaven" are the same words to a
 * translator looking for how they were translated.
 */
static text_word *text_words(const tm_tokens *t, size_t *count)
{
	size_t n = 0;
	for (size_t k = 0; k < t->count; k++)
		if (t->items[k].kind != TM_TOK_PUNCT)
			for (uint32_t i = 0; i < t->items[k].key_len; i++)
				n += tm_key(t, &t->items[k])[i] == '-';
	text_word *out = tolk_malloc((n + t->nwords + 1) * sizeof(*out));
	if (!out)
		return NULL;
	n = 0;
	for (size_t k = 0; k < t->count; k++) {
		const tm_token *tok = &t->items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		const char *key = tm_key(t, tok);
		for (uint32_t s = 0; s <= tok->key_len;) {
			uint32_t e = s;
			while (e < tok->key_len && key[e] != '-')
				e++;
			if (e > s)
				out[n++] = (text_word){(uint32_t)k, s, e - s};
			s = e + 1;
		}
	}
	*count = n;
	return out;
}

int tm_phrase_find(bool *found, bool *exact, tolk_tm_span **spans, size_t *nspans, const char *text,
                   const tm_tokens *t, const tm_phrase *p, bool dutch, bool english)
{
	(void)text;
	const tm_phrase_word *w = p->words;
	size_t n = p->n;
	*found = *exact = false;
	*spans = NULL;
	*nspans = 0;
	size_t words = 0;
	text_word *tw = text_words(t, &words);
	if (!tw)
		return TOLK_ENOMEM;
	size_t cap = 0;
	int rc = 0;
	for (size_t s = 0; s + n <= words && rc == 0; s++) {
		bool all = true, all_exact = true;
		for (size_t k = 0; k < n && all; k++) {
			const text_word *x = &tw[s + k];
			bool ex = false, ok = word_matches(&ex, tm_key(t, &t->items[x->tok]) + x->off, x->len, &w[k], dutch, english);
			all = ok;
			all_exact &= ex;
		}
		if (!all)
			continue;
		if (!*found || (all_exact && !*exact)) {
			/* keep the first occurrence, or the first exact one; a hyphenated word is marked once */
			*nspans = 0;
			for (size_t k = 0; k < n; k++) {
				const tm_token *tok = &t->items[tw[s + k].tok];
				if (*nspans && (*spans)[*nspans - 1].start == tok->start)
					continue;
				if (tolk_array_grow((void **)spans, &cap, *nspans + 1, sizeof(**spans)) < 0) {
					rc = TOLK_ENOMEM;
					break;
				}
				(*spans)[*nspans].start = tok->start;
				(*spans)[(*nspans)++].end = tok->end;
			}
			*found = true;
			*exact = all_exact;
		}
		if (*exact)
			break;
	}
	free(tw);
	if (rc < 0) {
		free(*spans);
		*spans = NULL;
		*nspans = 0;
	}
	return rc;
}

