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

/* A pair the alignment matches by key: what its surface difference costs. */
static int pair_penalty(const char *qtext, const tm_token *x, const char *ctext, const tm_token *y)
{
	if (same_surface(qtext, x, ctext, y))
		return 0;
	return x->kind == TM_TOK_NUMBER ? PENALTY_NUMBER : PENALTY_CASE;
}

/*
 * Edits and penalty over the words qw[0..nq) and cw[0..nc) with the whole
 * matrix, the penalty read off one best alignment. *edits is past max_edits
 * when the pair is cut short.
 */
static int align_matrix(tm_scorer *s, size_t *edits, int *penalty, const char *qtext, const tm_tokens *q,
                        const uint32_t *qw, size_t nq, const char *ctext, const tm_tokens *c, const uint32_t *cw,
                        size_t nc, size_t max_edits)
{
	if (grow_u32(&s->dp, &s->dp_cap, (nq + 1) * (nc + 1)) < 0)
		return TOLK_ENOMEM;
	size_t w = nc + 1;
	uint32_t *dp = s->dp;
	for (size_t j = 0; j <= nc; j++)
		dp[j] = (uint32_t)j;
	for (size_t i = 1; i <= nq; i++) {
		const tm_token *x = &q->items[qw[i - 1]];
		uint32_t *row = dp + i * w, *up = row - w;
		row[0] = (uint32_t)i;
		uint32_t row_min = row[0];
		for (size_t j = 1; j <= nc; j++) {
			const tm_token *y = &c->items[cw[j - 1]];
			uint32_t best = up[j - 1] + (same_key(q, x, c, y) ? 0 : 1);
			if (up[j] + 1 < best)
				best = up[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (row_min > max_edits) {
			*edits = max_edits + 1;
			return 0;
		}
	}
	*edits = dp[nq * w + nc];
	*penalty = 0;
	size_t i = nq, j = nc;
	while (i > 0 && j > 0) {
		const tm_token *x = &q->items[qw[i - 1]], *y = &c->items[cw[j - 1]];
		uint32_t here = dp[i * w + j];
		if (same_key(q, x, c, y) && here == dp[(i - 1) * w + j - 1]) {
			*penalty += pair_penalty(qtext, x, ctext, y);
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
	return 0;
}

/*
 * The same in two rows, for pairs too long for the whole matrix: each cell
 * keeps its edits and, among alignments with that many, the least penalty.
 */
static int align_rows(size_t *edits, int *penalty, const char *qtext, const tm_tokens *q, const uint32_t *qw,
                      size_t nq, const char *ctext, const tm_tokens *c, const uint32_t *cw, size_t nc,
                      size_t max_edits)
{
	uint64_t *prev = tolk_malloc((nc + 1) * sizeof(uint64_t)), *row = tolk_malloc((nc + 1) * sizeof(uint64_t));
	if (!prev || !row) {
		free(prev);
		free(row);
		return TOLK_ENOMEM;
	}
	/* edits in the high half, penalty in the low: the smaller value is the better cell */
	for (size_t j = 0; j <= nc; j++)
		prev[j] = (uint64_t)j << 32;
	bool cut = false;
	for (size_t i = 1; i <= nq && !cut; i++) {
		const tm_token *x = &q->items[qw[i - 1]];
		row[0] = (uint64_t)i << 32;
		uint64_t row_min = row[0];
		for (size_t j = 1; j <= nc; j++) {
			const tm_token *y = &c->items[cw[j - 1]];
			uint64_t best = same_key(q, x, c, y) ? prev[j - 1] + (uint64_t)pair_penalty(qtext, x, ctext, y)
			                                     : prev[j - 1] + (1ull << 32);
			if (prev[j] + (1ull << 32) < best)
				best = prev[j] + (1ull << 32);
			if (row[j - 1] + (1ull << 32) < best)
				best = row[j - 1] + (1ull << 32);
			row[j] = best;
			if (best < row_min)
				row_min = best;
		}
		cut = (row_min >> 32) > max_edits;
		uint64_t *t = prev;
		prev = row;
		row = t;
	}
	*edits = cut ? max_edits + 1 : (size_t)(prev[nc] >> 32);
	*penalty = cut ? 0 : (int)(prev[nc] & 0xffffffffu);
	free(prev);
	free(row);
	return 0;
}

/* Above this many cells (64 MB) the matrix gives way to two rows. */
#define FULL_MATRIX_CELLS (16u * 1024 * 1024)

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
	if (grow_u32(&s->qw, &s->qw_cap, nq) < 0 || grow_u32(&s->cw, &s->cw_cap, nc) < 0)
		return TOLK_ENOMEM;
	collect_words(s->qw, q);
	collect_words(s->cw, c);
	/* edits beyond this leave the score below min_score */
	size_t max_edits = L - (size_t)((min_score * (int)L + 99) / 100);

	/*
	 * Equal words at both ends pair up in a best alignment: only the middle
	 * needs the dynamic program (a long segment with one change costs little).
	 */
	int penalty = 0;
	size_t pre = 0, suf = 0;
	while (pre < nq && pre < nc && same_key(q, &q->items[s->qw[pre]], c, &c->items[s->cw[pre]])) {
		penalty += pair_penalty(qtext, &q->items[s->qw[pre]], ctext, &c->items[s->cw[pre]]);
		pre++;
	}
	while (suf < nq - pre && suf < nc - pre &&
	       same_key(q, &q->items[s->qw[nq - 1 - suf]], c, &c->items[s->cw[nc - 1 - suf]])) {
		penalty += pair_penalty(qtext, &q->items[s->qw[nq - 1 - suf]], ctext, &c->items[s->cw[nc - 1 - suf]]);
		suf++;
	}
	size_t mq = nq - pre - suf, mc = nc - pre - suf, edits = 0;
	int inner = 0, rc = 0;
	if (mq == 0 || mc == 0)
		edits = mq + mc;
	else if ((mq + 1) * (mc + 1) <= FULL_MATRIX_CELLS)
		rc = align_matrix(s, &edits, &inner, qtext, q, s->qw + pre, mq, ctext, c, s->cw + pre, mc, max_edits);
	else
		rc = align_rows(&edits, &inner, qtext, q, s->qw + pre, mq, ctext, c, s->cw + pre, mc, max_edits);
	if (rc < 0)
		return rc;
	if (edits > max_edits)
		return -1;
	int base = (int)(100 * (L - edits) / L);
	penalty += inner + punct_distance(q, c);
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

/* The tokens from..to of one side as one operation. */
static int diff_run(tolk_tm_diff **out, size_t *n, size_t *cap, int op, const char *text, const tm_tokens *t,
                    size_t from, size_t to)
{
	int rc = 0;
	for (size_t k = from; k < to && rc == 0; k++)
		rc = diff_emit(out, n, cap, op, text + t->items[k].gap, t->items[k].end - t->items[k].gap);
	return rc;
}

int tm_diff(tolk_tm_diff **out, size_t *nout, const char *qtext, const tm_tokens *q,
            const char *ctext, const tm_tokens *c)
{
	*out = NULL;
	*nout = 0;
	tolk_tm_diff *list = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	/* equal tokens at both ends are equal in the script: the program runs on the middle */
	size_t pre = 0, suf = 0;
	while (pre < q->count && pre < c->count && same_surface(qtext, &q->items[pre], ctext, &c->items[pre]))
		pre++;
	while (suf < q->count - pre && suf < c->count - pre &&
	       same_surface(qtext, &q->items[q->count - 1 - suf], ctext, &c->items[c->count - 1 - suf]))
		suf++;
	size_t nq = q->count - pre - suf, nc = c->count - pre - suf, w = nc + 1;
	rc = diff_run(&list, &n, &cap, OP_EQ, qtext, q, 0, pre);
	uint32_t *dp = NULL, *at = NULL;
	unsigned char *ops = NULL;
	if (rc == 0 && (nq + 1) * (nc + 1) > FULL_MATRIX_CELLS) {
		/* too long to align word by word here: the middle as one change */
		rc = diff_run(&list, &n, &cap, OP_DEL, ctext, c, pre, pre + nc);
		if (rc == 0)
			rc = diff_run(&list, &n, &cap, OP_INS, qtext, q, pre, pre + nq);
		goto tail;
	}
	if (rc == 0) {
		dp = malloc((nq + 1) * (nc + 1) * sizeof(uint32_t));
		ops = malloc(nq + nc + 1);
		at = malloc((nq + nc + 1) * sizeof(uint32_t));
		if (!dp || !ops || !at)
			rc = tolk_error_oom();
	}
	if (rc < 0)
		goto done;
	const tm_token *qi = q->items + pre, *ci = c->items + pre;
	for (size_t j = 0; j <= nc; j++)
		dp[j] = (uint32_t)j;
	for (size_t i = 1; i <= nq; i++) {
		dp[i * w] = (uint32_t)i;
		for (size_t j = 1; j <= nc; j++) {
			bool eq = same_surface(qtext, &qi[i - 1], ctext, &ci[j - 1]);
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
		if (i > 0 && j > 0 && here == dp[(i - 1) * w + j - 1] && same_surface(qtext, &qi[i - 1], ctext, &ci[j - 1])) {
			ops[nops] = OP_EQ;
			at[nops++] = (uint32_t)(pre + --i);
			j--;
		} else if (i > 0 && here == dp[(i - 1) * w + j] + 1) {
			ops[nops] = OP_INS;
			at[nops++] = (uint32_t)(pre + --i);
		} else {
			ops[nops] = OP_DEL;
			at[nops++] = (uint32_t)(pre + --j);
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
tail:
	if (rc == 0)
		rc = diff_run(&list, &n, &cap, OP_EQ, qtext, q, q->count - suf, q->count);
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
