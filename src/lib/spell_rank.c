/*
 * Suggestions for the findings of a check, ranked with what the document
 * itself shows: the word lists, the names it establishes, the words it uses,
 * and for a hyphenated word the one wrong part corrected in place.
 */
#include "spell_check.h"

#include "editdist.h"
#include "fold.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

enum { MAX_WORD = 200 };

typedef struct ranked {
	const char *word;
	double cost;
	size_t order;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

enum { MAX_CPS = 64 };

/* Code points of the case fold (fold.h, accents kept: "kómen" is not "komen" to a speller). */
static size_t lower_cps(int32_t *out, const char *w, size_t n)
{
	size_t i = 0, k = 0;
	char f[TOLK_FOLD_CP_MAX];
	while (i < n && k < MAX_CPS) {
		int32_t c = tolk_utf8_next(w, n, &i);
		if (c < 0)
			break;
		size_t fl = tolk_fold_cp(f, c, TOLK_FOLD_CASE);
		for (size_t j = 0; j < fl && k < MAX_CPS;)
			out[k++] = tolk_utf8_next(f, fl, &j);
	}
	return k;
}

/* Restricted Damerau distance (swaps of neighbours count once), capped at 3. */
static unsigned edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
	return tolk_edit_distance(a, na, b, nb, 2);
}

bool spell_near_words(const char *a, size_t na, const char *b, size_t nb)
{
	int32_t x[MAX_CPS], y[MAX_CPS];
	size_t nx = lower_cps(x, a, na), ny = lower_cps(y, b, nb);
	return nx < MAX_CPS && ny < MAX_CPS && edit_distance(x, nx, y, ny) <= 1;
}

/* Word-list entries close to the word: the speller cannot know them. */
static size_t wordlist_candidates(tolk_spell_checker *chk, const char *word, ranked *r, size_t max)
{
	int32_t a[MAX_CPS], b[MAX_CPS];
	size_t n = strlen(word), found = 0;
	size_t na = lower_cps(a, word, n);
	if (chk->words.count == 0 || chk->words.count > 50000 || na >= MAX_CPS)
		return 0;
	for (size_t i = 0; i < spell_map_slots(&chk->words) && found < max; i++) {
		const spell_map_entry *e = spell_map_slot(&chk->words, i);
		if (!e)
			continue;
		size_t nb = lower_cps(b, e->key, e->len);
		unsigned dist = edit_distance(a, na, b, nb);
		if (dist > 1 || (dist == 0 && strcmp(word, e->key) == 0))
			continue;
		r[found].word = e->key;
		r[found].cost = dist == 0 ? 0.2 : 0.6;
		r[found].order = found;
		found++;
	}
	return found;
}

/*
 * A hyphenated word the dictionary lacks as a whole (NAVO-Minsters): when one
 * part is wrong, suggest corrections of that part in place.
 */
static int suggest_part(tolk_spell_checker *chk, const char *word, ranked *r, size_t *n, char **spliced,
                        size_t *nspliced)
{
	size_t len = strlen(word), bad_s = 0, bad_e = 0, bad = 0;
	for (size_t s = 0; s < len;) {
		size_t e = s;
		while (e < len && word[e] != '-')
			e++;
		int v = e > s ? spell_word_rule(chk, word + s, e - s, 1, false) : TOLK_SPELL_FLAGGED;
		if (v == TOLK_SPELL_FLAGGED) {
			int en = spell_english_part(chk, word + s, e - s);
			v = en < 0 ? en : en ? TOLK_SPELL_ENGLISH : v;
		}
		if (v < 0)
			return v;
		if (v == TOLK_SPELL_FLAGGED) {
			bad++;
			bad_s = s;
			bad_e = e;
		}
		s = e + 1;
	}
	if (bad != 1 || bad_e == bad_s)
		return 0;
	spell_sugg *s = spell_suggestions(chk->sp, word + bad_s, bad_e - bad_s, true);
	if (!s)
		return TOLK_ENOMEM;
	for (size_t i = 0; i < s->count && *nspliced < SPELL_SUGG_KEEP; i++) {
		if (strchr(s->items[i], ' '))
			continue;
		size_t il = strlen(s->items[i]);
		char *w = tolk_malloc(len - (bad_e - bad_s) + il + 1);
		if (!w)
			return TOLK_ENOMEM;
		memcpy(w, word, bad_s);
		memcpy(w + bad_s, s->items[i], il);
		memcpy(w + bad_s + il, word + bad_e, len - bad_e + 1);
		spliced[(*nspliced)++] = w;
		r[*n].word = w;
		r[*n].cost = s->costs[i];
		r[*n].order = *n;
		(*n)++;
	}
	return 0;
}

/* Suggestions for a finding; words the document itself uses rank higher. */
int spell_suggest_for(tolk_spell_checker *chk, tolk_spell_finding *f)
{
	bool english = strcmp(f->lang, tolk_speller_lang(chk->sp)) != 0;
	tolk_speller *sp = english ? (chk->en[0] ? chk->en[0] : chk->en[1]) : chk->sp;
	spell_sugg *s = spell_suggestions(sp, f->word, strlen(f->word), true);
	if (!s)
		return TOLK_ENOMEM;
	ranked r[3 * SPELL_SUGG_KEEP];
	size_t n = english ? 0 : wordlist_candidates(chk, f->word, r, SPELL_SUGG_KEEP);
	const char *names[SPELL_SUGG_KEEP];
	size_t nnames = english ? 0 : spell_name_candidates(chk, f->word, names, SPELL_SUGG_KEEP);
	for (size_t i = 0; i < nnames; i++, n++) {
		/* the document's own spelling of a name it uses */
		r[n].word = names[i];
		r[n].cost = 0.3;
		r[n].order = n;
	}
	char small[4 * MAX_WORD + 8];
	size_t len = strlen(f->word);
	if (!english && len <= MAX_WORD && spell_word_case(f->word, len, NULL, NULL) == WCASE_CAPITAL) {
		/* A word Dutch writes small, capitalised inside a sentence (Westerse, Kerst): the word itself. */
		int k = spell_known(chk->sp, small, spell_lower(small, f->word, len, true));
		if (k < 0)
			return k;
		if (k) {
			r[n].word = small;
			r[n].cost = 0.1;
			r[n].order = n;
			n++;
		}
	}
	for (size_t i = 0; i < s->count && i < SPELL_SUGG_KEEP; i++, n++) {
		r[n].word = s->items[i];
		r[n].cost = s->costs[i];
		r[n].order = n;
		if (!english && i < s->own && spell_seen_count(chk->sp, s->items[i], strlen(s->items[i]), chk->stamp))
			r[n].cost -= 0.4;
	}
	char *spliced[SPELL_SUGG_KEEP];
	size_t nspliced = 0;
	int rc = 0;
	if (n == 0 && !english && strchr(f->word, '-'))
		rc = suggest_part(chk, f->word, r, &n, spliced, &nspliced);
	if (rc == 0 && n > 1)
		qsort(r, n, sizeof(ranked), cmp_ranked);
	/* The word list and the speller may propose the same word: keep its best rank. */
	size_t unique = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < unique && strcmp(r[j].word, r[i].word) != 0)
			j++;
		if (j == unique)
			r[unique++] = r[i];
	}
	size_t keep = unique < TOLK_SPELL_MAX_SUGGESTIONS ? unique : TOLK_SPELL_MAX_SUGGESTIONS;
	if (rc == 0 && !(f->suggestions = tolk_calloc(keep + 1, sizeof(char *))))
		rc = TOLK_ENOMEM;
	for (size_t i = 0; rc == 0 && i < keep; i++) {
		if (!(f->suggestions[i] = tolk_strdup(r[i].word)))
			rc = TOLK_ENOMEM;
		else
			f->suggestion_count++;
	}
	for (size_t i = 0; i < nspliced; i++)
		free(spliced[i]);
	return rc;
}
