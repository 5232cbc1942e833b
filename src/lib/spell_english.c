/*
 * English inside Dutch: names (Defence Capability Review Report), quoted
 * phrases («conditions-based», «in together, adjust together…») and loose
 * English terms. A word Dutch rejects is accepted as English only with
 * evidence that English is being written there:
 *   - it stands in a quotation that is English as a whole;
 *   - it belongs to a stretch of English words (no punctuation between) that
 *     holds two or more words only English knows, or two capitalised English
 *     words (a name) — a Dutch word capitalised only because it starts the
 *     sentence does not count;
 *   - the same word is accepted that way elsewhere in the document (the
 *     «posture» of «Defence Posture»), or Dutch has no word one edit away
 *     from it (so it cannot be a Dutch typo) — these wait for the document's end.
 * A typo inside an English name is still flagged, with English suggestions.
 */
#include "spell_check.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_WORD = 200 };

/* Lowercase English words that join the capitalised words of a name. */
static bool is_connector(const char *w, size_t n)
{
	static const char *const words[] = {"of", "the", "and", "on", "for", "to", "in", "at", "by",
	                                    "with", "from", "a", "an", "or", "against", "under"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return true;
	return false;
}

static int english_known(tolk_spell_checker *chk, const char *w, size_t n)
{
	if (chk->en_words.count && spell_map_get(&chk->en_words, w, n, spell_map_hash(w, n)))
		return 1;
	for (int i = 0; i < 2; i++) {
		if (!chk->en[i])
			continue;
		int k = spell_known(chk->en[i], w, n);
		if (k != 0)
			return k;
	}
	return 0;
}

int spell_english_word(tolk_spell_checker *chk, const char *w, size_t n)
{
	if (n == 0 || n > MAX_WORD)
		return 0;
	int k = english_known(chk, w, n);
	if (k != 0)
		return k;
	size_t letters, digits;
	spell_wcase wc = spell_word_case(w, n, &letters, &digits);
	if (letters == 0 || (wc == WCASE_UPPER && letters >= 2 && !memchr(w, '-', n)))
		return 1; /* numbers and acronyms belong to any language */
	if (n > 3 && (w[n - 2] == '\'' || (n > 5 && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0)) && w[n - 1] == 's')
		return spell_english_word(chk, w, w[n - 2] == '\'' ? n - 2 : n - 4);
	if (memchr(w, '-', n)) {
		/* conditions-based, Euro-Atlantic: every part English. */
		for (size_t s = 0; s <= n;) {
			size_t e = s;
			while (e < n && w[e] != '-')
				e++;
			if (e == s)
				return 0;
			int r = spell_english_word(chk, w + s, e - s);
			if (r <= 0)
				return r;
			s = e + 1;
		}
		return 1;
	}
	return 0;
}

/* Lazily: is the token an English word? (-1 unasked, 0, 1) */
static int tok_en(tolk_spell_checker *chk, spell_token *t)
{
	if (t->en < 0) {
		int k = (t->flags & TOK_SKIP) ? 0 : spell_english_word(chk, tok_form(chk, t), t->form_len);
		if (k == 0 && (t->flags & TOK_JOINED))
			k = spell_english_word(chk, chk->scratch.ptr + t->alt, t->alt_len);
		if (k < 0)
			return k;
		t->en = (signed char)k;
	}
	return t->en;
}

/* English only: Dutch rejects it, English knows it. */
static bool en_only(const spell_token *t)
{
	return t->en == 1 && (t->state != TOKEN_DECIDED || t->reason == TOLK_SPELL_ENGLISH);
}

static bool capitalised(tolk_spell_checker *chk, const spell_token *t)
{
	spell_wcase c = spell_word_case(tok_form(chk, t), t->form_len, NULL, NULL);
	return c == WCASE_CAPITAL || c == WCASE_UPPER;
}

static int accept(tolk_spell_checker *chk, spell_token *t)
{
	t->state = TOKEN_DECIDED;
	t->reason = TOLK_SPELL_ENGLISH;
	char low[4 * MAX_WORD + 8];
	if (t->form_len > MAX_WORD)
		return 0;
	size_t m = spell_lower(low, tok_form(chk, t), t->form_len, false);
	spell_map_entry *e = spell_map_put(&chk->english_seen, low, m, spell_map_hash(low, m), NULL);
	return e ? 0 : TOLK_ENOMEM;
}

/* A quotation is English when nearly all its words are English and one is English only. */
static int quote_is_english(tolk_spell_checker *chk, int quote, size_t from)
{
	size_t total = 0, english = 0, only = 0;
	while (from > 0 && chk->tokens[from - 1].quote == quote)
		from--;
	for (size_t i = from; i < chk->ntok && chk->tokens[i].quote == quote; i++) {
		int k = tok_en(chk, &chk->tokens[i]);
		if (k < 0)
			return k;
		total++;
		english += k;
		only += en_only(&chk->tokens[i]);
	}
	return only >= 1 && english * 4 >= total * 3;
}

/*
 * May the token stand in a stretch of English? A lowercase word Dutch knows
 * ("door de") ends the stretch unless it is an English connector (of, the…):
 * otherwise a Dutch typo that happens to be English (Minsters) next to
 * Dutch words that are English too would pass as English.
 */
static int stretch_member(tolk_spell_checker *chk, spell_token *t)
{
	int k = tok_en(chk, t);
	if (k <= 0)
		return k;
	if (t->state != TOKEN_DECIDED || t->reason == TOLK_SPELL_ENGLISH || capitalised(chk, t))
		return 1;
	return is_connector(tok_form(chk, t), t->form_len);
}

/*
 * The stretch of English words around token i: no punctuation between them
 * (a lone & is fine), at most one unknown capitalised word bridged when the
 * name goes on after it. Returns whether it is evidence of English.
 */
static int stretch_is_english(tolk_spell_checker *chk, size_t i, size_t *lo, size_t *hi)
{
	size_t a = i, b = i;
	int k;
	bool bridged = false;
	while (a > 0 && !(chk->tokens[a].flags & TOK_BREAK_BEFORE)) {
		spell_token *p = &chk->tokens[a - 1];
		if ((k = stretch_member(chk, p)) < 0)
			return k;
		if (!k) {
			if (bridged || a < 2 || p->state != TOKEN_OPEN || !capitalised(chk, p) ||
			    (p->flags & TOK_BREAK_BEFORE) || (k = stretch_member(chk, &chk->tokens[a - 2])) <= 0)
				break;
			bridged = true;
		}
		a--;
	}
	while (b + 1 < chk->ntok && !(chk->tokens[b + 1].flags & TOK_BREAK_BEFORE)) {
		spell_token *n = &chk->tokens[b + 1];
		if ((k = stretch_member(chk, n)) < 0)
			return k;
		if (!k) {
			if (bridged || b + 2 >= chk->ntok || n->state != TOKEN_OPEN || !capitalised(chk, n) ||
			    (chk->tokens[b + 2].flags & TOK_BREAK_BEFORE) || (k = stretch_member(chk, &chk->tokens[b + 2])) <= 0)
				break;
			bridged = true;
		}
		b++;
	}
	size_t only = 0, caps = 0;
	for (size_t j = a; j <= b; j++) {
		spell_token *t = &chk->tokens[j];
		if (t->en != 1)
			continue;
		only += en_only(t);
		if (!capitalised(chk, t))
			continue;
		/* "De" starting a Dutch sentence is capitalised for the sentence, not as a name. */
		if ((t->flags & TOK_SENTENCE_START) && t->state == TOKEN_DECIDED && t->reason != TOLK_SPELL_ENGLISH)
			continue;
		/*
		 * All caps may stand in a name but do not make one: acronyms are Dutch
		 * too (NAVO), and in an all-caps heading every word is capitalised.
		 */
		if (spell_word_case(tok_form(chk, t), t->form_len, NULL, NULL) == WCASE_UPPER)
			continue;
		caps++;
	}
	*lo = a;
	*hi = b;
	return only >= 2 || (only >= 1 && caps >= 2);
}

int spell_english_block(tolk_spell_checker *chk)
{
	int rc;
	for (size_t i = 0; i < chk->ntok; i++) {
		spell_token *t = &chk->tokens[i];
		if (t->state != TOKEN_OPEN)
			continue;
		if ((rc = tok_en(chk, t)) < 0)
			return rc;
		if (rc == 0)
			continue; /* only an English word can show that English is written here */
		/* Quotations first: the whole quotation decides. */
		if (t->quote >= 0) {
			if ((rc = quote_is_english(chk, t->quote, i)) < 0)
				return rc;
			if (rc) {
				for (size_t j = i; j < chk->ntok && chk->tokens[j].quote == t->quote; j++) {
					spell_token *q = &chk->tokens[j];
					if (q->state != TOKEN_OPEN)
						continue;
					if (q->en == 1 && (rc = accept(chk, q)) < 0)
						return rc;
					q->english_context = true;
				}
				continue;
			}
		}
		size_t lo, hi;
		if ((rc = stretch_is_english(chk, i, &lo, &hi)) < 0)
			return rc;
		if (rc) {
			for (size_t j = lo; j <= hi; j++) {
				spell_token *s = &chk->tokens[j];
				if (s->state != TOKEN_OPEN)
					continue;
				if (s->en == 1 && (rc = accept(chk, s)) < 0)
					return rc;
				s->english_context = true;
			}
		}
	}
	/* English words without English around them wait for the rest of the document. */
	for (size_t i = 0; i < chk->ntok; i++) {
		spell_token *t = &chk->tokens[i];
		if (t->state == TOKEN_OPEN && t->en == 1 && !t->english_context &&
		    !is_connector(tok_form(chk, t), t->form_len)) {
			t->state = TOKEN_PENDING;
			bool name = false;
			size_t name_len = 0;
			if ((rc = spell_name_note(&name, chk, i, tok_form(chk, t), t->form_len, SPELL_NAME_ENGLISH)) < 0 ||
			    (!name && (rc = spell_name_compound(&name, &name_len, chk, i)) < 0) ||
			    (rc = spell_add_pending(chk, t, true, false, false)) < 0)
				return rc;
			chk->pending[chk->npending - 1].name_candidate = name;
			chk->pending[chk->npending - 1].name_len = name_len;
		}
	}
	return 0;
}
