/*
 * Names the document itself establishes. News and reports name people and
 * places no dictionary lists (Kavanaugh, Sulawesi, Shaqiri); flagging each of
 * them buries the real typos. Dutch capitalises little but names, so a
 * capitalised word that no rule accepts is taken as a name when
 *   - the text shows it as one: a use inside a sentence (a capital there marks
 *     a name; at a sentence or line start it marks nothing, except before
 *     another capitalised word: Kirsty Young), after a title's period
 *     (Dhr. Merriweather), or as the first part of a Dutch compound written
 *     with a hyphen (Chequers-plan, Mentawai-eilanden);
 *   - and it cannot be a typo: no dictionary word one edit away (Minsters
 *     stays a typo of Ministers however often it recurs; Westerse of
 *     westerse), not a word glued to a function word (Ministervan), not a
 *     spelling of a name the document uses as often (Kavanuagh beside
 *     Kavanaugh, each of Kavadarkov and Kavardarkov). Two kinds of evidence
 *     that no key slipped at random leave only typical typos (swapped,
 *     doubled or dropped letters, a neighbouring key) to fear: an exact
 *     English word (Truly: Trudy is no typical typo of it) and a surname
 *     beside a first name the dictionary lists (Mike Pompeo: pompen is not).
 * A misspelling of an accepted name then stands alone, and the name is
 * suggested for it.
 *
 * What it costs: a capitalised misspelling inside a sentence more than one
 * edit from every dictionary word passes; bench/spell writes typos of NTREX
 * words as names, once and three times (1 of 500 passes either way).
 */
#include "spell_check.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

enum { NAME_MIN_LETTERS = 3, MAX_WORD = 200 };

/*
 * A verification asks Hunspell about every one-edit neighbour: about 600
 * questions (3.7 ms on the development machine) when no word is near, fewer
 * when one is found early. A check asks at most this many for names (about
 * 0.6 s), verifying the most used names first, then the shorter (cheaper)
 * ones; the names left over stay findings. The bound keeps bench/spell's
 * 20 MB above 15 times Hunspell's speed: 120,000 gave 6.5 instead of 6.9
 * false alarms per 1,000 NTREX words at 15.5 times.
 */
enum { NAME_HUNSPELL_BUDGET = 100000 };

/* name_seen values */
enum { NAME_INSIDE = 1, NAME_ACCEPTED = 2, NAME_ENGLISH = 4, NAME_BESIDE_LISTED = 8, NAME_IN_ENGLISH = 16,
       NAME_NEEDED = 32 };

/*
 * One part of a name: a capital, then lowercase letters, with a capital again
 * only after a lowercase letter or an apostrophe (McPartlin, LeBron, O'Hagan,
 * YouGov). Two capitals in a row (VErslag) are a slip of the shift key.
 */
static bool name_part(const char *w, size_t n, size_t *letters)
{
	size_t i = 0, lower = 0;
	int32_t prev = 0;
	*letters = 0;
	while (i < n) {
		int32_t c = tolk_utf8_next(w, n, &i);
		if (c < 0)
			return false;
		if (u_isupper(c) || u_istitle(c)) {
			if (prev != 0 && !(u_islower(prev) || prev == '\'' || prev == 0x2019))
				return false;
		} else if (u_islower(c)) {
			lower++;
		} else if (!(c == '\'' || c == 0x2019) || prev == 0) {
			return false;
		}
		if (prev == 0 && !(u_isupper(c) || u_istitle(c)))
			return false;
		*letters += u_isalpha(c) != 0;
		prev = c;
	}
	return lower > 0 && u_islower(prev);
}

bool spell_looks_like_name(const char *w, size_t n)
{
	size_t letters = 0;
	for (size_t s = 0; s <= n;) {
		size_t e = s, l;
		while (e < n && w[e] != '-')
			e++;
		if (e == s || !name_part(w + s, e - s, &l))
			return false;
		letters += l;
		s = e + 1;
	}
	return letters >= NAME_MIN_LETTERS;
}

/* Is token ti's capital a name's rather than the sentence's? */
static bool inside_evidence(const tolk_spell_checker *chk, size_t ti)
{
	const spell_token *t = &chk->tokens[ti];
	if (!(t->flags & (TOK_SENTENCE_START | TOK_LINE_START)))
		return true;
	/* The period of a title (Dhr., Dr., mevr.) starts no sentence: Dhr. Merriweather. */
	if (ti > 0 && !(t->flags & TOK_LINE_START) && (chk->tokens[ti - 1].flags & TOK_PERIOD) &&
	    chk->tokens[ti - 1].reason == TOLK_SPELL_ABBREVIATION && t->start == chk->tokens[ti - 1].end + 2)
		return true;
	/* A first name starting the sentence: the next word, no punctuation between, capitalised too. */
	if (ti + 1 >= chk->ntok)
		return false;
	const spell_token *next = &chk->tokens[ti + 1];
	if (next->flags & (TOK_BREAK_BEFORE | TOK_LINE_START | TOK_SKIP))
		return false;
	spell_wcase c = spell_word_case(tok_form(chk, next), next->form_len, NULL, NULL);
	return c == WCASE_CAPITAL || spell_looks_like_name(tok_form(chk, next), next->form_len);
}

/* A name the dictionary lists (Sebastian, Mike): capitalised, and no word in lowercase. */
static bool listed_name(tolk_spell_checker *chk, const spell_token *t)
{
	if (t->state != TOKEN_DECIDED || t->reason != TOLK_SPELL_DICTIONARY || t->form_len > MAX_WORD ||
	    spell_word_case(tok_form(chk, t), t->form_len, NULL, NULL) != WCASE_CAPITAL)
		return false;
	char low[4 * MAX_WORD + 8];
	return spell_known(chk->sp, low, spell_lower(low, tok_form(chk, t), t->form_len, false)) == 0;
}

/* Token ti stands next to a listed name, nothing between: Sebastian Vettel, Bernard Vann. */
static bool beside_listed_name(tolk_spell_checker *chk, size_t ti)
{
	const spell_token *t = &chk->tokens[ti];
	if (ti > 0 && !(t->flags & TOK_BREAK_BEFORE) && listed_name(chk, &chk->tokens[ti - 1]))
		return true;
	return ti + 1 < chk->ntok && !(chk->tokens[ti + 1].flags & TOK_BREAK_BEFORE) &&
	       listed_name(chk, &chk->tokens[ti + 1]);
}

int spell_name_note(bool *candidate, tolk_spell_checker *chk, size_t ti, const char *w, size_t n,
                    unsigned evidence)
{
	*candidate = false;
	if (!chk->dutch || n > MAX_WORD || (chk->options & TOLK_SPELL_RAW) || !spell_looks_like_name(w, n))
		return 0;
	spell_map_entry *e = spell_map_put(&chk->name_seen, w, n, spell_map_hash(w, n), NULL);
	if (!e)
		return TOLK_ENOMEM;
	e->count++;
	if ((evidence & SPELL_NAME_HYPHEN_COMPOUND) || inside_evidence(chk, ti))
		e->value |= NAME_INSIDE;
	if (evidence & SPELL_NAME_ENGLISH)
		e->value |= NAME_ENGLISH;
	if (!(evidence & SPELL_NAME_HYPHEN_COMPOUND) && beside_listed_name(chk, ti))
		e->value |= NAME_BESIDE_LISTED;
	if (chk->tokens[ti].english_context)
		e->value |= NAME_IN_ENGLISH;
	*candidate = true;
	return 0;
}

/* Shown as a name somewhere in the document, and needed as one. */
static bool established(const spell_map_entry *e)
{
	return e && (e->value & NAME_INSIDE) && (e->value & NAME_NEEDED);
}

/* The base of a genitive (Kavanaughs, Menga's, Palin’s), or 0. */
static size_t genitive_base(const char *w, size_t n)
{
	if (n <= 3 || w[n - 1] != 's')
		return 0;
	size_t base = n - 1;
	if (w[base - 1] == '\'')
		base--;
	else if (base >= 4 && memcmp(w + base - 3, "\xE2\x80\x99", 3) == 0)
		base -= 3;
	return base;
}

int spell_name_need(tolk_spell_checker *chk, const char *w, size_t n)
{
	spell_map_entry *e = spell_map_get(&chk->name_seen, w, n, spell_map_hash(w, n));
	if (e)
		e->value |= NAME_NEEDED;
	size_t base = genitive_base(w, n);
	if (base && (e = spell_map_get(&chk->name_seen, w, base, spell_map_hash(w, base))))
		e->value |= NAME_NEEDED;
	return 0;
}

static int cmp_uses(const void *a, const void *b)
{
	const spell_map_entry *x = *(const spell_map_entry *const *)a, *y = *(const spell_map_entry *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return strcmp(x->key, y->key);
}

/*
 * A word with a function word glued to its end (Ministervan, Kamerover): a
 * missing space, not a name. 1, 0 or < 0.
 */
static int glued_function_word(tolk_spell_checker *chk, const char *w, size_t n)
{
	/* Two-letter tails are left out: Jansen, Martin and Canal end in them. */
	for (size_t tail = 3; tail <= 6 && tail + 4 <= n; tail++) {
		if (((unsigned char)w[n - tail] & 0xC0) == 0x80 || !spell_function_word(w + n - tail, tail))
			continue;
		int k = spell_part_known(chk, w, n - tail);
		if (k != 0)
			return k;
	}
	return 0;
}

/*
 * Could the name be a typo? Of a word glued to a function word, of a name
 * the document uses at least as often (Kavanuagh beside Kavanaugh), of an
 * English word inside English, or of a dictionary word one edit away. An
 * exact English word (Truly) or a surname beside a listed first name
 * (Sebastian Vettel) is evidence that no key slipped at random: there only a
 * typical typo (swap, doubled or dropped letter, neighbouring key…) counts.
 * 1, 0 or < 0.
 */
static int could_be_typo(tolk_spell_checker *chk, const spell_map_entry *e)
{
	int glued = glued_function_word(chk, e->key, e->len);
	if (glued != 0)
		return glued;
	int other = spell_set_has_near(&chk->name_seen, e->count, e->key, e->len);
	if (other != 0)
		return other;
	if (e->value & NAME_IN_ENGLISH) {
		/* inside an English name or quotation: an English word one edit away (Capabilty) */
		for (int i = 0; i < 2; i++) {
			int en = chk->en[i] ? spell_has_near(chk->en[i], e->key, e->len, false) : 0;
			if (en != 0)
				return en;
		}
	}
	bool typical = (e->value & (NAME_ENGLISH | NAME_BESIDE_LISTED)) != 0;
	int near = spell_name_has_near(chk->sp, e->key, e->len, typical);
	return near < 0 ? near : near != 0;
}

static unsigned long hunspell_calls(const tolk_spell_checker *chk)
{
	return chk->sp->hunspell_calls + (chk->en[0] ? chk->en[0]->hunspell_calls : 0) +
	       (chk->en[1] ? chk->en[1]->hunspell_calls : 0);
}

int spell_names_settle(tolk_spell_checker *chk)
{
	size_t n = 0;
	spell_map_entry **list = tolk_malloc((chk->name_seen.count + 1) * sizeof(*list));
	if (!list)
		return TOLK_ENOMEM;
	for (size_t i = 0; i < spell_map_slots(&chk->name_seen); i++) {
		spell_map_entry *e = spell_map_slot(&chk->name_seen, i);
		if (e && established(e))
			list[n++] = e;
	}
	qsort(list, n, sizeof(*list), cmp_uses);
	int rc = 0;
	unsigned long start = hunspell_calls(chk);
	for (size_t i = 0; i < n && hunspell_calls(chk) - start < NAME_HUNSPELL_BUDGET && rc == 0; i++) {
		int typo = could_be_typo(chk, list[i]);
		if (typo < 0)
			rc = typo;
		else if (!typo)
			list[i]->value |= NAME_ACCEPTED;
	}
	free(list);
	return rc;
}

static bool accepted(tolk_spell_checker *chk, const char *w, size_t n)
{
	const spell_map_entry *e = spell_map_get(&chk->name_seen, w, n, spell_map_hash(w, n));
	return e && (e->value & NAME_ACCEPTED);
}

int spell_name_accepted(tolk_spell_checker *chk, const char *w, size_t n)
{
	if (accepted(chk, w, n))
		return 1;
	/* the genitive of a name: Kavanaughs, Menga's, Palin’s */
	size_t base = genitive_base(w, n);
	if (!base || !accepted(chk, w, base))
		return 0;
	int near = spell_has_near(chk->sp, w, n, false);
	return near < 0 ? near : !near;
}

size_t spell_name_candidates(tolk_spell_checker *chk, const char *word, const char **out, size_t max)
{
	size_t n = strlen(word), found = 0;
	if (n > MAX_WORD || !chk->name_seen.count)
		return 0;
	const spell_map_entry *own = spell_map_get(&chk->name_seen, word, n, spell_map_hash(word, n));
	uint32_t uses = own ? own->count : 1;
	for (size_t i = 0; i < spell_map_slots(&chk->name_seen) && found < max; i++) {
		const spell_map_entry *e = spell_map_slot(&chk->name_seen, i);
		/* an accepted name, or another spelling used as a name as often (Kavadarkov, Kavardarkov) */
		if (!e || (e->len == n && memcmp(e->key, word, n) == 0) ||
		    !((e->value & NAME_ACCEPTED) || ((e->value & NAME_INSIDE) && e->count >= uses)))
			continue;
		if (spell_near_words(word, n, e->key, e->len))
			out[found++] = e->key;
	}
	return found;
}
