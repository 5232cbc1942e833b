/*
 * Compounds written apart, with a hyphen or closed up: whether one word of a
 * text and a few consecutive words of another are the same word written
 * another way, and how many of its boundaries differ. The scorer, the
 * differences shown to the translator and lookup's index keys all follow the
 * rules written down in tm_private.h; this is their one implementation.
 */
#include "tm_private.h"

#include <string.h>

/* More boundaries than this in one comparison: not a compound written another way. */
#define MAX_BOUNDARIES 16

typedef struct boundaries {
	uint32_t at[MAX_BOUNDARIES]; /* offsets in the key without hyphens, ascending */
	char joiner[MAX_BOUNDARIES]; /* '-' or ' ' */
	size_t n;
} boundaries;

static bool push(boundaries *b, uint32_t at, char joiner)
{
	if (b->n == MAX_BOUNDARIES)
		return false;
	b->at[b->n] = at;
	b->joiner[b->n++] = joiner;
	return true;
}

size_t tm_hyphen_at(const char *p, const char *end)
{
	if (*p == '-')
		return 1;
	if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0x90 || (unsigned char)p[2] == 0x91))
		return 3;
	return 0;
}

/* Do the surface forms differ in more than their hyphens (case, diacritics, ligatures)? */
static bool surfaces_differ(const char *atext, const tm_token *x, const char *btext, const tm_token *y, size_t k)
{
	const char *p = atext + x->start, *pe = atext + x->end;
	size_t t = 0;
	const char *r = btext + y[0].start, *re = btext + y[0].end;
	for (;;) {
		size_t h;
		while (p < pe && (h = tm_hyphen_at(p, pe)) > 0)
			p += h;
		while (r < re && (h = tm_hyphen_at(r, re)) > 0)
			r += h;
		if (r == re && t + 1 < k) {
			t++;
			r = btext + y[t].start;
			re = btext + y[t].end;
			continue;
		}
		if (p == pe || r == re)
			return p != pe || r != re;
		if (*p++ != *r++)
			return true;
	}
}

/*
 * The finer side's boundaries that the coarser side closes up must each have
 * pieces of TM_JOIN_MIN_PIECE bytes around them, and at most
 * TM_JOIN_MAX_PIECES - 1 of them may follow each other.
 */
static bool closing_allowed(const boundaries *fine, const bool *closed, uint32_t total)
{
	size_t run = 0;
	for (size_t m = 0; m < fine->n; m++) {
		if (!closed[m]) {
			run = 0;
			continue;
		}
		uint32_t left = fine->at[m] - (m ? fine->at[m - 1] : 0);
		uint32_t right = (m + 1 < fine->n ? fine->at[m + 1] : total) - fine->at[m];
		if (left < TM_JOIN_MIN_PIECE || right < TM_JOIN_MIN_PIECE || ++run > TM_JOIN_MAX_PIECES - 1)
			return false;
	}
	return true;
}

int tm_join_cost(const char *atext, const tm_tokens *a, const tm_token *x, const char *btext, const tm_tokens *b,
                 const tm_token *y, size_t k)
{
	if (k == 0 || k > TM_JOIN_MAX_WORDS || x->kind != TM_TOK_WORD || x->hyphens == TM_HYPHENS_MANY)
		return 0;
	uint32_t total = tm_join_len(x), sum = 0;
	for (size_t t = 0; t < k; t++) {
		if (y[t].kind != TM_TOK_WORD || y[t].hyphens == TM_HYPHENS_MANY)
			return 0;
		sum += tm_join_len(&y[t]);
	}
	if (sum != total)
		return 0;
	const char *xk = tm_key(a, x);
	if (k == 1 && x->key_len == y->key_len && memcmp(xk, tm_key(b, y), x->key_len) == 0)
		return 0; /* the same word, not a join */

	/* the letters, hyphens left out, must be the same; note where each side has a boundary */
	boundaries ba = {.n = 0}, bb = {.n = 0};
	size_t t = 0;
	const char *yk = tm_key(b, &y[0]);
	uint32_t o = 0, pos = 0;
	for (uint32_t i = 0; i < x->key_len; i++) {
		if (xk[i] == '-') {
			if (!push(&ba, pos, '-'))
				return 0;
			continue;
		}
		for (;;) {
			if (o == y[t].key_len) {
				if (++t == k || !push(&bb, pos, ' '))
					return 0;
				yk = tm_key(b, &y[t]);
				o = 0;
			} else if (yk[o] == '-') {
				if (!push(&bb, pos, '-'))
					return 0;
				o++;
			} else {
				break;
			}
		}
		if (yk[o] != xk[i])
			return 0;
		o++;
		pos++;
	}

	/* one side's boundaries among the other's; count those written differently */
	bool a_only[MAX_BOUNDARIES], b_only[MAX_BOUNDARIES];
	int cost = 0;
	size_t na_only = 0, nb_only = 0;
	for (size_t i = 0, j = 0; i < ba.n || j < bb.n;) {
		if (j == bb.n || (i < ba.n && ba.at[i] < bb.at[j])) {
			a_only[i++] = true;
			na_only++;
		} else if (i == ba.n || bb.at[j] < ba.at[i]) {
			b_only[j++] = true;
			nb_only++;
		} else {
			cost += ba.joiner[i] != bb.joiner[j];
			a_only[i++] = false;
			b_only[j++] = false;
		}
	}
	if (na_only && nb_only)
		return 0; /* a boundary moved: ab-c is not a-bc */
	if (na_only && !closing_allowed(&ba, a_only, total))
		return 0;
	if (nb_only && !closing_allowed(&bb, b_only, total))
		return 0;
	cost += (int)(na_only + nb_only);
	if (surfaces_differ(atext, x, btext, y, k))
		cost++;
	return cost;
}
