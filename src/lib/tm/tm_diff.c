/*
 * The differences shown to a translator: the edit script that turns the
 * memory's source into the looked-up text, token by token with the spaces
 * kept. A compound written another way (tm_join.c) shows only the hyphen or
 * space that changed — NAVO[---]{+ +}Ministers, defensie{+ +}uitgaven — not
 * a whole word replaced.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"

#include <stdlib.h>
#include <string.h>

/* Above this many cells the middle is shown as one change: the matrix would be too large. */
#define DIFF_MAX_CELLS (16u * 1024 * 1024)

enum { OP_EQ = 0, OP_DEL, OP_INS, OP_JOIN };

/* One step of the script, recorded from the end. */
typedef struct step {
	uint8_t op;
	uint8_t kq, kc;           /* tokens a join takes on each side */
	uint32_t q, c;            /* the first token of each side (the one of the side that has it) */
} step;

typedef struct script {
	tolk_tm_diff *list;
	size_t n, cap;
} script;

static int emit(script *s, int op, const char *text, size_t len)
{
	if (len == 0)
		return 0;
	if (s->n > 0 && s->list[s->n - 1].op == (tolk_tm_diff_op)op) {
		tolk_tm_diff *d = &s->list[s->n - 1];
		size_t old = strlen(d->text);
		char *t = realloc(d->text, old + len + 1);
		if (!t)
			return tolk_error_oom();
		memcpy(t + old, text, len);
		t[old + len] = '\0';
		d->text = t;
		return 0;
	}
	if (tolk_array_grow((void **)&s->list, &s->cap, s->n + 1, sizeof(*s->list)) < 0)
		return TOLK_ENOMEM;
	char *t = tolk_strndup(text, len);
	if (!t)
		return TOLK_ENOMEM;
	s->list[s->n].op = (tolk_tm_diff_op)op;
	s->list[s->n].text = t;
	s->n++;
	return 0;
}

/* A token with the whitespace before it. */
static int emit_token(script *s, int op, const char *text, const tm_token *t)
{
	return emit(s, op, text + t->gap, t->end - t->gap);
}

/* The tokens from..to of one side as one operation. */
static int emit_run(script *s, int op, const char *text, const tm_tokens *t, size_t from, size_t to)
{
	int rc = 0;
	for (size_t k = from; k < to && rc == 0; k++)
		rc = emit_token(s, op, text, &t->items[k]);
	return rc;
}

/* A walk over the letters of a compound's tokens, stopping at each joiner (hyphen or space). */
typedef struct cursor {
	const char *text;
	const tm_token *tok;
	size_t k, t;
	const char *p;
} cursor;

static size_t joiner_at(const cursor *c)
{
	if (c->p == c->text + c->tok[c->t].end)
		return c->t + 1 < c->k ? (size_t)(c->tok[c->t + 1].start - c->tok[c->t].end) : 0;
	return tm_hyphen_at(c->p, c->text + c->tok[c->t].end);
}

static void advance(cursor *c, size_t n)
{
	if (c->p == c->text + c->tok[c->t].end && c->t + 1 < c->k)
		c->p = c->text + c->tok[++c->t].start;
	else
		c->p += n;
}

static bool at_end(const cursor *c)
{
	return c->t + 1 == c->k && c->p == c->text + c->tok[c->t].end;
}

/*
 * A compound written another way: letters that are the same as they are,
 * each changed joiner deleted and inserted. When the letters differ too (case,
 * diacritics), the compound is shown replaced as a whole, as a word differing
 * in case is.
 */
static int emit_join(script *s, const char *qtext, const tm_token *qt, size_t kq, const char *ctext,
                     const tm_token *ct, size_t kc)
{
	int rc = emit(s, OP_EQ, qtext + qt[0].gap, qt[0].start - qt[0].gap);
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		/* pass 0 checks that only joiners differ; pass 1 writes the script */
		cursor q = {qtext, qt, kq, 0, qtext + qt[0].start}, c = {ctext, ct, kc, 0, ctext + ct[0].start};
		const char *equal_from = q.p;
		while (rc == 0 && !(at_end(&q) && at_end(&c))) {
			size_t jq = joiner_at(&q), jc = joiner_at(&c);
			if (jq == 0 && jc == 0) {
				if (at_end(&q) || at_end(&c) || *q.p != *c.p) {
					if (pass == 1)
						return tolk_error_set(TOLK_ERROR, "tm_diff: a join lost its letters");
					rc = emit(s, OP_DEL, ctext + ct[0].start, ct[kc - 1].end - ct[0].start);
					if (rc == 0)
						rc = emit(s, OP_INS, qtext + qt[0].start, qt[kq - 1].end - qt[0].start);
					return rc;
				}
				q.p++;
				c.p++;
				continue;
			}
			bool same = jq == jc && memcmp(q.p, c.p, jq) == 0;
			if (pass == 1 && !same) {
				rc = emit(s, OP_EQ, equal_from, (size_t)(q.p - equal_from));
				if (rc == 0)
					rc = emit(s, OP_DEL, c.p, jc);
				if (rc == 0)
					rc = emit(s, OP_INS, q.p, jq);
			}
			if (jq)
				advance(&q, jq);
			if (jc)
				advance(&c, jc);
			if (!same)
				equal_from = q.p;
		}
		if (pass == 1 && rc == 0)
			rc = emit(s, OP_EQ, equal_from, (size_t)(q.p - equal_from));
	}
	return rc;
}

/* The cost of changing a token: a deletion and an insertion. */
#define COST_CHANGE 2
#define COST_JOIN 1

/* One token against k that follow each other (tm_join.c), with the quick test first. */
static bool one_joins_many(const char *atext, const tm_tokens *a, const tm_token *x, const char *btext,
                           const tm_tokens *b, const tm_token *y, size_t k)
{
	uint32_t sum = 0;
	for (size_t t = 0; t < k; t++)
		sum += tm_join_len(&y[t]);
	return tm_join_plausible(a, x, b, y, k, sum) && tm_join_cost(atext, a, x, btext, b, y, k) > 0;
}

/* A query token qi[i-1] against memory tokens ci[j-k..j), or the other way round (query_many). */
static bool joins(const char *qtext, const tm_tokens *q, const tm_token *qi, size_t i, const char *ctext,
                  const tm_tokens *c, const tm_token *ci, size_t j, size_t k, bool query_many)
{
	if (query_many)
		return one_joins_many(ctext, c, &ci[j - 1], qtext, q, &qi[i - k], k);
	return one_joins_many(qtext, q, &qi[i - 1], ctext, c, &ci[j - k], k);
}

int tm_diff(tolk_tm_diff **out, size_t *nout, const char *qtext, const tm_tokens *q,
            const char *ctext, const tm_tokens *c)
{
	*out = NULL;
	*nout = 0;
	script s = {NULL, 0, 0};
	int rc = 0;
	/* equal tokens at both ends are equal in the script: the program runs on the middle */
	size_t pre = 0, suf = 0;
	while (pre < q->count && pre < c->count && tm_same_surface(qtext, &q->items[pre], ctext, &c->items[pre]))
		pre++;
	while (suf < q->count - pre && suf < c->count - pre &&
	       tm_same_surface(qtext, &q->items[q->count - 1 - suf], ctext, &c->items[c->count - 1 - suf]))
		suf++;
	size_t nq = q->count - pre - suf, nc = c->count - pre - suf, w = nc + 1;
	rc = emit_run(&s, OP_EQ, qtext, q, 0, pre);
	uint32_t *dp = NULL;
	step *steps = NULL;
	if (rc == 0 && (nq + 1) * (nc + 1) > DIFF_MAX_CELLS) {
		/* too long to align word by word here: the middle as one change */
		rc = emit_run(&s, OP_DEL, ctext, c, pre, pre + nc);
		if (rc == 0)
			rc = emit_run(&s, OP_INS, qtext, q, pre, pre + nq);
		goto tail;
	}
	if (rc == 0) {
		dp = malloc((nq + 1) * (nc + 1) * sizeof(uint32_t));
		steps = malloc((nq + nc + 1) * sizeof(*steps));
		if (!dp || !steps)
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
			bool eq = tm_same_surface(qtext, &qi[i - 1], ctext, &ci[j - 1]);
			uint32_t best = dp[(i - 1) * w + j - 1] + (eq ? 0 : COST_CHANGE);
			if (dp[(i - 1) * w + j] + 1 < best)
				best = dp[(i - 1) * w + j] + 1;
			if (dp[i * w + j - 1] + 1 < best)
				best = dp[i * w + j - 1] + 1;
			for (size_t k = eq ? 2 : 1; k <= TM_JOIN_MAX_WORDS && k <= j; k++)
				if (dp[(i - 1) * w + j - k] + COST_JOIN < best && joins(qtext, q, qi, i, ctext, c, ci, j, k, false))
					best = dp[(i - 1) * w + j - k] + COST_JOIN;
			for (size_t k = 2; k <= TM_JOIN_MAX_WORDS && k <= i; k++)
				if (dp[(i - k) * w + j - 1] + COST_JOIN < best && joins(qtext, q, qi, i, ctext, c, ci, j, k, true))
					best = dp[(i - k) * w + j - 1] + COST_JOIN;
			dp[i * w + j] = best;
		}
	}
	/* walk back, recording the steps from the end */
	size_t nsteps = 0, i = nq, j = nc;
	while (i > 0 || j > 0) {
		uint32_t here = dp[i * w + j];
		step st = {OP_DEL, 0, 1, 0, (uint32_t)(pre + j - 1)};
		bool found = false;
		if (i > 0 && j > 0 && here == dp[(i - 1) * w + j - 1] &&
		    tm_same_surface(qtext, &qi[i - 1], ctext, &ci[j - 1])) {
			st = (step){OP_EQ, 1, 1, (uint32_t)(pre + i - 1), (uint32_t)(pre + j - 1)};
			found = true;
		}
		for (size_t k = 1; !found && i > 0 && k <= TM_JOIN_MAX_WORDS && k <= j; k++)
			if (here == dp[(i - 1) * w + j - k] + COST_JOIN && joins(qtext, q, qi, i, ctext, c, ci, j, k, false)) {
				st = (step){OP_JOIN, 1, (uint8_t)k, (uint32_t)(pre + i - 1), (uint32_t)(pre + j - k)};
				found = true;
			}
		for (size_t k = 2; !found && j > 0 && k <= TM_JOIN_MAX_WORDS && k <= i; k++)
			if (here == dp[(i - k) * w + j - 1] + COST_JOIN && joins(qtext, q, qi, i, ctext, c, ci, j, k, true)) {
				st = (step){OP_JOIN, (uint8_t)k, 1, (uint32_t)(pre + i - k), (uint32_t)(pre + j - 1)};
				found = true;
			}
		if (!found && i > 0 && here == dp[(i - 1) * w + j] + 1)
			st = (step){OP_INS, 1, 0, (uint32_t)(pre + i - 1), 0};
		i -= st.kq;
		j -= st.kc;
		steps[nsteps++] = st;
	}
	/* forwards; within a run of changes, all deletions before all insertions */
	size_t k = nsteps;
	while (k > 0 && rc == 0) {
		const step *st = &steps[k - 1];
		if (st->op == OP_EQ) {
			rc = emit_token(&s, OP_EQ, qtext, &q->items[st->q]);
			k--;
			continue;
		}
		if (st->op == OP_JOIN) {
			rc = emit_join(&s, qtext, &q->items[st->q], st->kq, ctext, &c->items[st->c], st->kc);
			k--;
			continue;
		}
		size_t run_end = k;
		while (k > 0 && (steps[k - 1].op == OP_DEL || steps[k - 1].op == OP_INS))
			k--;
		for (int pass = OP_DEL; pass <= OP_INS && rc == 0; pass++)
			for (size_t r = run_end; r > k && rc == 0; r--) {
				if (steps[r - 1].op != pass)
					continue;
				if (pass == OP_DEL)
					rc = emit_token(&s, OP_DEL, ctext, &c->items[steps[r - 1].c]);
				else
					rc = emit_token(&s, OP_INS, qtext, &q->items[steps[r - 1].q]);
			}
	}
tail:
	if (rc == 0)
		rc = emit_run(&s, OP_EQ, qtext, q, q->count - suf, q->count);
done:
	free(dp);
	free(steps);
	if (rc < 0) {
		for (size_t d = 0; d < s.n; d++)
			free(s.list[d].text);
		free(s.list);
		return rc;
	}
	*out = s.list;
	*nout = s.n;
	return 0;
}
