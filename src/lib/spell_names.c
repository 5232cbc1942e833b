/*
 * Names the document itself establishes. News and reports name people and
 * places no dictionary lists (Kavanaugh, Sulawesi); flagging each of their
 * fifty uses buries the real typos. A capitalised word that no rule accepts is
 * taken as a name when the document uses it, spelt the same way, at least
 * NAME_MIN_USES times, at least once inside a sentence (a capital there marks
 * a name; at a sentence start it marks nothing), and no Dutch word lies one
 * edit away (Minsters stays a typo of Ministers however often it recurs). A
 * misspelling of an established name then stands alone, and the name is
 * suggested for it.
 *
 * What it costs: the same misspelling of a capitalised word, repeated at least
 * NAME_MIN_USES times, more than one edit from any dictionary word, passes
 * (1 of 500 NTREX-derived typos written capitalised three times).
 */
#include "spell_check.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

enum { NAME_MIN_USES = 3, NAME_MIN_LETTERS = 3, MAX_WORD = 200 };

/*
 * Each verification tries every one-edit neighbour in Hunspell (about 2 ms a
 * name); a check verifies at most this many names, the most used first.
 */
enum { NAME_NEAR_BUDGET = 150 };

/* name_seen values */
enum { NAME_INSIDE = 1, NAME_ACCEPTED = 2 };

/* Every hyphen-separated part Capitalised: Kavanaugh, Bijleveld-Schouten. */
static bool looks_like_name(const char *w, size_t n)
{
	size_t letters = 0;
	for (size_t s = 0; s <= n;) {
		size_t e = s;
		while (e < n && w[e] != '-')
			e++;
		size_t l, d;
		if (e == s || spell_word_case(w + s, e - s, &l, &d) != WCASE_CAPITAL || d > 0)
			return false;
		letters += l;
		s = e + 1;
	}
	return letters >= NAME_MIN_LETTERS;
}

int spell_name_note(bool *candidate, tolk_spell_checker *chk, const spell_token *t, const char *w, size_t n)
{
	*candidate = false;
	if (!chk->dutch || n > MAX_WORD || (chk->options & TOLK_SPELL_RAW) || !looks_like_name(w, n))
		return 0;
	spell_map_entry *e = spell_map_put(&chk->name_seen, w, n, spell_map_hash(w, n), NULL);
	if (!e)
		return TOLK_ENOMEM;
	e->count++;
	if (!(t->flags & TOK_SENTENCE_START))
		e->value |= NAME_INSIDE;
	*candidate = true;
	return 0;
}

/* Used often enough, once inside a sentence. */
static bool established(const spell_map_entry *e)
{
	return e && e->count >= NAME_MIN_USES && (e->value & NAME_INSIDE);
}

static int cmp_uses(const void *a, const void *b)
{
	const spell_map_entry *x = *(const spell_map_entry *const *)a, *y = *(const spell_map_entry *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

int spell_names_settle(tolk_spell_checker *chk)
{
	size_t n = 0;
	spell_map_entry **list = tolk_malloc((chk->name_seen.count + 1) * sizeof(*list));
	if (!list)
		return TOLK_ENOMEM;
	for (size_t i = 0; i < chk->name_seen.cap; i++)
		if (chk->name_seen.slots[i].hash && established(&chk->name_seen.slots[i]))
			list[n++] = &chk->name_seen.slots[i];
	qsort(list, n, sizeof(*list), cmp_uses);
	int rc = 0;
	for (size_t i = 0; i < n && i < NAME_NEAR_BUDGET && rc == 0; i++) {
		int near = spell_has_near(chk->sp, list[i]->key, list[i]->len, false);
		if (near < 0)
			rc = near;
		else if (!near)
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
	if (n <= 3 || w[n - 1] != 's')
		return 0;
	size_t base = n - 1;
	if (w[base - 1] == '\'')
		base--;
	else if (base >= 4 && memcmp(w + base - 3, "\xE2\x80\x99", 3) == 0)
		base -= 3;
	if (!accepted(chk, w, base))
		return 0;
	int near = spell_has_near(chk->sp, w, n, false);
	return near < 0 ? near : !near;
}

size_t spell_name_candidates(tolk_spell_checker *chk, const char *word, const char **out, size_t max)
{
	size_t n = strlen(word), found = 0;
	if (n > MAX_WORD || !chk->name_seen.count)
		return 0;
	for (size_t i = 0; i < chk->name_seen.cap && found < max; i++) {
		const spell_map_entry *e = &chk->name_seen.slots[i];
		if (!e->hash || (e->len == n && memcmp(e->key, word, n) == 0) || !(e->value & NAME_ACCEPTED))
			continue;
		if (spell_near_words(word, n, e->key, e->len))
			out[found++] = e->key;
	}
	return found;
}
