/*
 * A concordance phrase, and where a text holds it: its words in order, each
 * as typed or inflected (tm_stem.c); a hyphenated word of either is taken
 * apart, so "defensie uitgaven" finds "defensie-uitgaven". A Dutch separable
 * verb is also found split within one clause: "vaststellen" in "Het kabinet
 * stelde de begroting gisteren vast." Clause here means: no ; : . ! ? ( ) or
 * dash and no subordinating conjunction between verb and particle (a comma
 * may be, for an inserted phrase), and the particle closes it — followed by
 * punctuation, the end, a conjunction or a preposition. That keeps "stelt een
 * vast bedrag vast" to its last "vast" and "stelt het op prijs" away from
 * "opstellen". Two main clauses joined by "en" still count as one.
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
				w->particle_len = dutch ? tm_separable_particle(w->key, w->len) : 0;
				if (w->particle_len)
					tm_stem_word(&w->verb, w->key + w->particle_len, w->len - w->particle_len, true, false);
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

/* The variants of a word, each as a prefix, joined by OR. */
static void put_stems(tolk_buf *q, const tm_stem *st)
{
	for (size_t v = 0; v < st->nstems; v++) {
		if (v)
			tolk_buf_puts(q, " OR ");
		fts_quote(q, st->stems[v]);
		tolk_buf_puts(q, " *");
	}
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
		put_stems(q, st);
		if (w[k].particle_len) {
			/* or split: the verb and the particle anywhere in the text */
			char particle[64];
			memcpy(particle, w[k].key, w[k].particle_len);
			particle[w[k].particle_len] = '\0';
			tolk_buf_puts(q, " OR ((");
			put_stems(q, &w[k].verb);
			tolk_buf_puts(q, ") AND ");
			fts_quote(q, particle);
			tolk_buf_putc(q, ')');
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

/* ---- separable verbs split in a clause --------------------------------------------- */
static bool in_words(const char *const *list, const char *s, size_t n)
{
	for (size_t k = 0; list[k]; k++)
		if (strlen(list[k]) == n && memcmp(list[k], s, n) == 0)
			return true;
	return false;
}

/* Conjunctions that open a clause of their own (not dat, die, als: also demonstratives and "as"). */
static const char *const subordinators[] = {
	"omdat", "zodat", "nadat", "voordat", "terwijl", "hoewel", "indien", "wanneer", "doordat", "opdat",
	"tenzij", "zodra", "totdat", "alsof", "waarbij", "waarin", "waardoor", "waarmee", "waarop", "waarvan",
	"waarna", NULL};
/*
 * Words that may follow a particle closing its clause: conjunctions, question
 * words, prepositions. Not te: "af te breken" is another verb's te-infinitive.
 */
static const char *const after_particle[] = {
	"dat", "die", "of", "en", "maar", "want", "als", "dan", "toen", "zoals", "om", "hoe", "wat", "wie",
	"waar", "waarom", "welke", "omdat", "zodat", "nadat", "voordat", "terwijl", "hoewel", "indien", "wanneer",
	"doordat", "opdat", "tenzij", "zodra", "waarbij", "waarin", "waardoor", "waarmee", "aan", "achter", "bij",
	"binnen", "buiten", "door", "in", "met", "na", "naar", "namens", "naast", "om", "onder", "op", "over",
	"per", "rond", "sinds", "tegen", "tijdens", "tot", "tussen", "uit", "vanaf", "van", "via", "volgens",
	"voor", "wegens", "zonder", NULL};

/* Punctuation that ends a clause; a comma does not (De minister stelde, na overleg, de begroting vast). */
static bool ends_clause(const char *text, const tm_token *tok)
{
	size_t n = tok->end - tok->start;
	const char *s = text + tok->start;
	if (n == 1)
		return strchr(";:.!?()[]", *s) != NULL;
	return n == 3 && memcmp(s, "\xE2\x80", 2) == 0 && (s[2] == '\x93' || s[2] == '\x94'); /* en and em dash */
}

typedef struct matcher {
	const char *text;
	const tm_tokens *t;
	const text_word *tw;
	size_t ntw;
	const tm_phrase *p;
	bool dutch, english;
	size_t start;             /* the text word where the occurrence starts */
	uint32_t marks[TM_PHRASE_MAX_WORDS * 2]; /* tokens to show, in no order */
	size_t nmarks;
	bool exact;
} matcher;

static const char *word_key(const matcher *m, size_t pos)
{
	return tm_key(m->t, &m->t->items[m->tw[pos].tok]) + m->tw[pos].off;
}

/* Is text word pos a whole token whose key is s? */
static bool whole_word_is(const matcher *m, size_t pos, const char *s, size_t n)
{
	if (pos >= m->ntw)
		return false;
	const text_word *x = &m->tw[pos];
	return x->off == 0 && x->len == m->t->items[x->tok].key_len && x->len == n && memcmp(word_key(m, pos), s, n) == 0;
}

/* The particle at pos, closing its clause. */
static bool particle_closes_clause(const matcher *m, size_t pos, const tm_phrase_word *w)
{
	if (!whole_word_is(m, pos, w->key, w->particle_len))
		return false;
	size_t next = m->tw[pos].tok + 1;
	if (next == m->t->count)
		return true;
	const tm_token *tok = &m->t->items[next];
	return tok->kind == TM_TOK_PUNCT ||
	       (tok->kind == TM_TOK_WORD && in_words(after_particle, tm_key(m->t, tok), tok->key_len));
}

/* A finite form of w's verb before the occurrence, in the particle's clause: its token, or -1. */
static long verb_before(const matcher *m, size_t pos, const tm_phrase_word *w)
{
	const char *verb = w->key + w->particle_len;
	bool verb_has_ge = memcmp(verb, "ge", 2) == 0;
	for (size_t k = m->tw[pos].tok; k-- > 0;) {
		const tm_token *tok = &m->t->items[k];
		if (tok->kind == TM_TOK_PUNCT) {
			if (ends_clause(m->text, tok))
				return -1;
			continue;
		}
		const char *key = tm_key(m->t, tok);
		if (tok->kind == TM_TOK_WORD && in_words(subordinators, key, tok->key_len))
			return -1;
		/* before the occurrence; a participle is never split from its particle */
		if (k < m->tw[m->start].tok && tok->kind == TM_TOK_WORD && !tok->hyphens &&
		    (verb_has_ge || tok->key_len < 2 || memcmp(key, "ge", 2) != 0) &&
		    tm_stem_matches(&w->verb, key, tok->key_len, true, false))
			return (long)k;
	}
	return -1;
}

/* "vast te stellen": the particle, te and the infinitive, one after the other. */
static bool te_infinitive_at(const matcher *m, size_t pos, const tm_phrase_word *w)
{
	return whole_word_is(m, pos, w->key, w->particle_len) && whole_word_is(m, pos + 1, "te", 2) &&
	       whole_word_is(m, pos + 2, w->key + w->particle_len, w->len - w->particle_len) &&
	       m->tw[pos + 1].tok == m->tw[pos].tok + 1 && m->tw[pos + 2].tok == m->tw[pos].tok + 2;
}

/* Do phrase words k.. match from text word pos on? Marks the tokens of the match. */
static bool match_from(matcher *m, size_t k, size_t pos)
{
	if (k == m->p->n)
		return true;
	if (pos >= m->ntw)
		return false;
	const tm_phrase_word *w = &m->p->words[k];
	size_t marks = m->nmarks;
	bool exact = m->exact, ex;
	if (word_matches(&ex, word_key(m, pos), m->tw[pos].len, w, m->dutch, m->english)) {
		m->marks[m->nmarks++] = m->tw[pos].tok;
		m->exact &= ex;
		if (match_from(m, k + 1, pos + 1))
			return true;
		m->nmarks = marks;
		m->exact = exact;
	}
	if (!w->particle_len || !m->dutch)
		return false;
	if (te_infinitive_at(m, pos, w)) {
		m->marks[m->nmarks++] = m->tw[pos].tok;
		m->marks[m->nmarks++] = m->tw[pos + 2].tok;
		m->exact = false;
		if (match_from(m, k + 1, pos + 3))
			return true;
		m->nmarks = marks;
		m->exact = exact;
	}
	long verb;
	if (particle_closes_clause(m, pos, w) && (verb = verb_before(m, pos, w)) >= 0) {
		m->marks[m->nmarks++] = (uint32_t)verb;
		m->marks[m->nmarks++] = m->tw[pos].tok;
		m->exact = false;
		if (match_from(m, k + 1, pos + 1))
			return true;
		m->nmarks = marks;
		m->exact = exact;
	}
	return false;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

int tm_phrase_find(bool *found, bool *exact, tolk_tm_span **spans, size_t *nspans, const char *text,
                   const tm_tokens *t, const tm_phrase *p, bool dutch, bool english)
{
	*found = *exact = false;
	*spans = NULL;
	*nspans = 0;
	matcher m = {.text = text, .t = t, .p = p, .dutch = dutch, .english = english};
	text_word *tw = text_words(t, &m.ntw);
	if (!tw)
		return TOLK_ENOMEM;
	m.tw = tw;
	int rc = 0;
	for (m.start = 0; m.start < m.ntw && rc == 0; m.start++) {
		m.nmarks = 0;
		m.exact = true;
		if (!match_from(&m, 0, m.start) || (*found && (!m.exact || *exact)))
			continue;
		/* the first occurrence, or the first exact one; each token marked once, in order */
		qsort(m.marks, m.nmarks, sizeof(*m.marks), cmp_u32);
		tolk_tm_span *out = tolk_malloc((m.nmarks ? m.nmarks : 1) * sizeof(*out));
		if (!out) {
			rc = TOLK_ENOMEM;
			break;
		}
		size_t n = 0;
		for (size_t k = 0; k < m.nmarks; k++)
			if (k == 0 || m.marks[k] != m.marks[k - 1])
				out[n++] = (tolk_tm_span){t->items[m.marks[k]].start, t->items[m.marks[k]].end};
		free(*spans);
		*spans = out;
		*nspans = n;
		*found = true;
		*exact = m.exact;
		if (*exact)
			break;
	}
	free(tw);
	return rc;
}
