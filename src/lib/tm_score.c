/*
 * Fuzzy-match scores as translators know them from CAT tools: word-based
 * Levenshtein distance, 100 * (1 - edits / words of the longer segment),
 * rounded down, so 95 % means "one word in twenty differs". Differences that
 * do not change a word's identity cost a point or two instead of a whole
 * word: case and diacritics (1 each), another number (2: a different amount
 * or date matters more), punctuation (1 per edit, at most 3) and, when
 * nothing else differs, spacing (1). Only the same text scores 100.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"

#include <stdlib.h>
#include <string.h>

#define PENALTY_CASE 1
#define PENALTY_NUMBER 2
#define PENALTY_PUNCT_MAX 3

static int grow_u32(uint32_t **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	return tolk_array_grow((void **)p, cap, need, sizeof(uint32_t));
}

static size_t collect_words(uint32_t *out, const tm_tokens *t)
{
	size_t n = 0;
	for (size_t k = 0; k < t->count; k++)
		if (t->items[k].kind != TM_TOK_PUNCT)
			out[n++] = (uint32_t)k;
	return n;
}

static bool same_key(const tm_tokens *a, const tm_token *x, const tm_tokens *b, const tm_token *y)
{
	if (x->hash != y->hash)
		return false;
	if (x->kind == TM_TOK_NUMBER || y->kind == TM_TOK_NUMBER)
		return x->kind == y->kind;
	return x->key_len == y->key_len && memcmp(tm_key(a, x), tm_key(b, y), x->key_len) == 0;
}

static bool same_surface(const char *at, const tm_token *x, const char *bt, const tm_token *y)
{
	return x->end - x->start == y->end - y->start && memcmp(at + x->start, bt + y->start, x->end - x->start) == 0;
}

/* The same text once runs of whitespace count as one space and the ends are trimmed. */
static bool same_text(const char *qt, const tm_tokens *q, const char *ct, const tm_tokens *c)
{
	if (q->count != c->count)
		return false;
	for (size_t k = 0; k < q->count; k++) {
		const tm_token *x = &q->items[k], *y = &c->items[k];
		if (!same_surface(qt, x, ct, y))
			return false;
		if (k > 0 && ((x->start > x->gap) != (y->start > y->gap)))
			return false;
	}
	return true;
}

/* Edit distance between the punctuation of both, stopping at the cap. */
static int punct_distance(const tm_tokens *q, const tm_tokens *c)
{
	uint32_t a[64], b[64];
	size_t na = 0, nb = 0;
	for (size_t k = 0; k < q->count && na < 64; k++)
		if (q->items[k].kind == TM_TOK_PUNCT)
			a[na++] = q->items[k].hash;
	for (size_t k = 0; k < c->count && nb < 64; k++)
		if (c->items[k].kind == TM_TOK_PUNCT)
			b[nb++] = c->items[k].hash;
	uint32_t row[65], prev[65];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (uint32_t)j;
	for (size_t i = 1; i <= na; i++) {
		row[0] = (uint32_t)i;
		for (size_t j = 1; j <= nb; j++) {
			uint32_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
		}
		memcpy(prev, row, (nb + 1) * sizeof(uint32_t));
	}
	uint32_t d = prev[nb];
	return d > PENALTY_PUNCT_MAX ? PENALTY_PUNCT_MAX : (int)d;
}

int tm_score(tm_scorer *s, const char *qtext, const tm_tokens *q, const char *ctext,
             const tm_tokens *c, int min_score)
{
	if (same_text(qtext, q, ctext, c))
		return 100;
	size_t nq = q->nwords, nc = c->nwords;
	if (nq == 0 || nc == 0)
		return min_score > 0 ? -1 : 0;
	size_t L = nq > nc ? nq : nc, shorter = nq < nc ? nq : nc;
	/* at least |nq - nc| edits: the best this pair could score */
	if ((int)(100 * shorter / L) < min_score)
		return -1;
	if (grow_u32(&s->qw, &s->qw_cap, nq) < 0 || grow_u32(&s->cw, &s->cw_cap, nc) < 0 ||
	    grow_u32(&s->dp, &s->dp_cap, (nq + 1) * (nc + 1)) < 0)
		return TOLK_ENOMEM;
	collect_words(s->qw, q);
	collect_words(s->cw, c);
	size_t w = nc + 1;
	uint32_t *dp = s->dp;
	/* edits beyond this leave the score below min_score */
	size_t max_edits = L - (size_t)((min_score * (int)L + 99) / 100);
	for (size_t j = 0; j <= nc; j++)
		dp[j] = (uint32_t)j;
	for (size_t i = 1; i <= nq; i++) {
		const tm_token *x = &q->items[s->qw[i - 1]];
		uint32_t *row = dp + i * w, *up = row - w;
		row[0] = (uint32_t)i;
		uint32_t row_min = row[0];
		for (size_t j = 1; j <= nc; j++) {
			const tm_token *y = &c->items[s->cw[j - 1]];
			uint32_t best = up[j - 1] + (same_key(q, x, c, y) ? 0 : 1);
			if (up[j] + 1 < best)
				best = up[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (row_min > max_edits)
			return -1;
	}
	size_t edits = dp[nq * w + nc];
	if (edits > max_edits)
		return -1;
	int base = (int)(100 * (L - edits) / L);

	/* penalties for words the alignment pairs up though they differ in form */
	int penalty = 0;
	size_t i = nq, j = nc;
	while (i > 0 && j > 0) {
		const tm_token *x = &q->items[s->qw[i - 1]], *y = &c->items[s->cw[j - 1]];
		uint32_t here = dp[i * w + j];
		if (same_key(q, x, c, y) && here == dp[(i - 1) * w + j - 1]) {
			if (!same_surface(qtext, x, ctext, y))
				penalty += x->kind == TM_TOK_NUMBER ? PENALTY_NUMBER : PENALTY_CASE;
			i--;
			j--;
		} else if (here == dp[(i - 1) * w + j - 1] + 1) {
			i--;
			j--;
		} else if (here == dp[(i - 1) * w + j] + 1) {
			i--;
		} else {
			j--;
		}
	}
	penalty += punct_distance(q, c);
	int score = base - penalty;
	if (base == 100) {
		if (penalty == 0)
			score = 99; /* only the spacing differs */
		if (score > 99)
			score = 99;
	}
	if (score < 0)
		score = 0;
	return score >= min_score ? score : -1;
}

void tm_scorer_free(tm_scorer *s)
{
	free(s->dp);
	free(s->qw);
	free(s->cw);
	memset(s, 0, sizeof(*s));
}

int tolk_tm_score(const char *text, const char *memory_source)
{
	tm_tokens q = {0}, c = {0};
	tm_scorer s = {0};
	int score = 0;
	if (text && memory_source && tm_tokenize(&q, text, strlen(text)) == 0 &&
	    tm_tokenize(&c, memory_source, strlen(memory_source)) == 0)
		score = tm_score(&s, text, &q, memory_source, &c, 0);
	if (score < 0)
		score = 0;
	tm_tokens_free(&q);
	tm_tokens_free(&c);
	tm_scorer_free(&s);
	return score;
}

/* ---- differences ------------------------------------------------------------------- */
enum { OP_EQ = 0, OP_DEL, OP_INS };

static int diff_emit(tolk_tm_diff **out, size_t *n, size_t *cap, int op, const char *text, size_t len)
{
	if (len == 0)
		return 0;
	if (*n > 0 && (*out)[*n - 1].op == (tolk_tm_diff_op)op) {
		tolk_tm_diff *d = &(*out)[*n - 1];
		size_t old = strlen(d->text);
		char *t = realloc(d->text, old + len + 1);
		if (!t)
			return tolk_error_oom();
		memcpy(t + old, text, len);
		t[old + len] = '\0';
		d->text = t;
		return 0;
	}
	if (tolk_array_grow((void **)out, cap, *n + 1, sizeof(**out)) < 0)
		return TOLK_ENOMEM;
	char *t = tolk_strndup(text, len);
	if (!t)
		return TOLK_ENOMEM;
	(*out)[*n].op = (tolk_tm_diff_op)op;
	(*out)[*n].text = t;
	(*n)++;
	return 0;
}

int tm_diff(tolk_tm_diff **out, size_t *nout, const char *qtext, const tm_tokens *q,
            const char *ctext, const tm_tokens *c)
{
	*out = NULL;
	*nout = 0;
	size_t nq = q->count, nc = c->count, w = nc + 1;
	uint32_t *dp = malloc((nq + 1) * (nc + 1) * sizeof(uint32_t));
	unsigned char *ops = malloc(nq + nc + 1);
	uint32_t *at = malloc((nq + nc + 1) * sizeof(uint32_t));
	tolk_tm_diff *list = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	if (!dp || !ops || !at) {
		rc = tolk_error_oom();
		goto done;
	}
	for (size_t j = 0; j <= nc; j++)
		dp[j] = (uint32_t)j;
	for (size_t i = 1; i <= nq; i++) {
		dp[i * w] = (uint32_t)i;
		for (size_t j = 1; j <= nc; j++) {
			bool eq = same_surface(qtext, &q->items[i - 1], ctext, &c->items[j - 1]);
			uint32_t best = dp[(i - 1) * w + j - 1] + (eq ? 0 : 2); /* a change is a delete plus an insert */
			if (dp[(i - 1) * w + j] + 1 < best)
				best = dp[(i - 1) * w + j] + 1;
			if (dp[i * w + j - 1] + 1 < best)
				best = dp[i * w + j - 1] + 1;
			dp[i * w + j] = best;
		}
	}
	/* walk back, recording (op, token) from the end */
	size_t nops = 0, i = nq, j = nc;
	while (i > 0 || j > 0) {
		uint32_t here = dp[i * w + j];
		if (i > 0 && j > 0 && here == dp[(i - 1) * w + j - 1] &&
		    same_surface(qtext, &q->items[i - 1], ctext, &c->items[j - 1])) {
			ops[nops] = OP_EQ;
			at[nops++] = (uint32_t)--i;
			j--;
		} else if (i > 0 && here == dp[(i - 1) * w + j] + 1) {
			ops[nops] = OP_INS;
			at[nops++] = (uint32_t)--i;
		} else {
			ops[nops] = OP_DEL;
			at[nops++] = (uint32_t)--j;
		}
	}
	/* forwards; within a run of changes, all deletions before all insertions */
	size_t k = nops;
	while (k > 0 && rc == 0) {
		if (ops[k - 1] == OP_EQ) {
			const tm_token *t = &q->items[at[k - 1]];
			rc = diff_emit(&list, &n, &cap, OP_EQ, qtext + t->gap, t->end - t->gap);
			k--;
			continue;
		}
		size_t run_end = k;
		while (k > 0 && ops[k - 1] != OP_EQ)
			k--;
		for (int pass = OP_DEL; pass <= OP_INS && rc == 0; pass++)
			for (size_t r = run_end; r > k && rc == 0; r--) {
				if (ops[r - 1] != pass)
					continue;
				const tm_token *t = pass == OP_DEL ? &c->items[at[r - 1]] : &q->items[at[r - 1]];
				const char *base = pass == OP_DEL ? ctext : qtext;
				rc = diff_emit(&list, &n, &cap, pass, base + t->gap, t->end - t->gap);
			}
	}
done:
	free(dp);
	free(ops);
	free(at);
	if (rc < 0) {
		for (size_t d = 0; d < n; d++)
			free(list[d].text);
		free(list);
		return rc;
	}
	*out = list;
	*nout = n;
	return 0;
}
