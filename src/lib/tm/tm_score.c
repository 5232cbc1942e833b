/*
 * Fuzzy-match scores as translators know them from CAT tools: word-based
 * Levenshtein distance, 100 * (1 - edits / words of the longer segment),
 * rounded down, so 95 % means "one word in twenty differs". Differences that
 * do not change a word's identity cost a point or two instead of a whole
 * word:
 *   - the form of a word: case, diacritics, or a compound written apart,
 *     hyphenated or closed up (NAVO-Ministers, NAVO Ministers): 1 per word,
 *     at most PENALTY_FORM_MAX per segment — a heading in capitals is the
 *     same sentence;
 *   - another number: 2 each (a different amount or date matters more);
 *   - punctuation: 1 per edit, at most PENALTY_PUNCT_MAX;
 *   - when nothing else differs, spacing: 1.
 * Only the same text scores 100. A compound written another way counts as
 * one word on both sides, so "NAVO Ministers" is not a longer segment than
 * "NAVO-Ministers".
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"

#include <stdlib.h>
#include <string.h>

/*
 * 2, not 3 like punctuation: a segment differing only in the form of its
 * words and its punctuation ("NAVO-MINISTERS SPREKEN" against "NAVO-ministers
 * spreken.") then still scores 95 and stays in analysis's 95-99 % band. A
 * case-only change scores at least 98, as one other number does, and two
 * points or more above one word changed in a segment of up to 33 words (one
 * point up to 49; from 50 words a changed word also leaves 98).
 */
#define PENALTY_FORM_MAX 2
#define PENALTY_NUMBER TM_PENALTY_NUMBER
#define PENALTY_PUNCT_MAX 3

/* A cell of the dynamic program: the best alignment of two prefixes. */
struct tm_cell {
	uint32_t edits;
	uint32_t form;            /* words differing in form */
	uint32_t numbers;         /* numbers differing */
	uint32_t absorbed_q, absorbed_c; /* words joins took beyond one, per side */
};

/*
 * A word of a side, with what a join needs to match: the signature of the
 * word, and of the runs of two and three words it ends — their length
 * (tm_join_len), first and last letter. A join pairs a word with a run of
 * the same signature, or, one against one, a word with a hyphenated one.
 */
struct tm_word {
	uint32_t tok;
	uint32_t len;             /* tm_join_len */
	uint32_t sig, sig_hyphenated, run[2];
};
/* No signature; each field its own, so that two absent ones never match. */
#define NO_SIG UINT32_MAX - 1
#define NO_SIG_HYPHENATED UINT32_MAX - 2
#define NO_RUN UINT32_MAX

static uint32_t signature(uint32_t len, const tm_tokens *t, const tm_token *first, const tm_token *last,
                          uint32_t none)
{
	if (len >= 0xFFFF)
		return none;
	/* keys are UTF-8: never 0xFF, so no signature is one of the absent ones */
	return len << 16 | (uint32_t)(unsigned char)tm_key(t, first)[0] << 8 |
	       (unsigned char)tm_key(t, last)[last->key_len - 1];
}

static size_t collect_words(tm_word *out, const tm_tokens *t)
{
	size_t n = 0;
	for (size_t k = 0; k < t->count; k++) {
		const tm_token *tok = &t->items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		tm_word *w = &out[n];
		w->tok = (uint32_t)k;
		w->len = tm_join_len(tok);
		bool joins = tok->kind == TM_TOK_WORD && tok->hyphens < TM_HYPHENS_MANY;
		w->sig = joins ? signature(w->len, t, tok, tok, NO_SIG) : NO_SIG;
		w->sig_hyphenated = joins && tok->hyphens ? w->sig : NO_SIG_HYPHENATED;
		w->run[0] = w->run[1] = NO_RUN;
		/* runs of words that follow each other, no punctuation between */
		if (joins && n >= 1 && out[n - 1].tok == k - 1 && out[n - 1].sig != NO_SIG) {
			uint32_t sum = w->len + out[n - 1].len;
			w->run[0] = signature(sum, t, &t->items[k - 1], tok, NO_RUN);
			if (n >= 2 && out[n - 2].tok == k - 2 && out[n - 2].sig != NO_SIG)
				w->run[1] = signature(sum + out[n - 2].len, t, &t->items[k - 2], tok, NO_RUN);
		}
		n++;
	}
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

/* The same text once runs of whitespace count as one space and the ends are trimmed. */
static bool same_text(const char *qt, const tm_tokens *q, const char *ct, const tm_tokens *c)
{
	if (q->count != c->count)
		return false;
	for (size_t k = 0; k < q->count; k++) {
		const tm_token *x = &q->items[k], *y = &c->items[k];
		if (!tm_same_surface(qt, x, ct, y))
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

/* A pair the alignment matches by key: what its surface difference costs, into cell. */
static void pair_penalty(tm_cell *cell, const char *qtext, const tm_token *x, const char *ctext, const tm_token *y)
{
	if (tm_same_surface(qtext, x, ctext, y))
		return;
	if (x->kind == TM_TOK_NUMBER)
		cell->numbers++;
	else
		cell->form++;
}

/* Fewer edits, then smaller penalties, then fewer words joined. */
static inline bool cell_better(const tm_cell *a, const tm_cell *b)
{
	if (a->edits != b->edits)
		return a->edits < b->edits;
	uint32_t pa = PENALTY_NUMBER * a->numbers + a->form, pb = PENALTY_NUMBER * b->numbers + b->form;
	if (pa != pb)
		return pa < pb;
	return a->absorbed_q + a->absorbed_c < b->absorbed_q + b->absorbed_c;
}

static inline void consider(tm_cell *best, const tm_cell *from, uint32_t edits, uint32_t form, uint32_t absorbed_q,
                            uint32_t absorbed_c)
{
	if (from->edits + edits > best->edits)
		return; /* nearly always: decided without the penalties */
	tm_cell c = {from->edits + edits, from->form + form, from->numbers, from->absorbed_q + absorbed_q,
	             from->absorbed_c + absorbed_c};
	if (cell_better(&c, best))
		*best = c;
}

typedef struct side {
	const char *text;
	const tm_tokens *t;
	const tm_word *w;
	size_t n;
	bool joins;               /* may any word of the pair join others at all? */
} side;

/* Could a join end at word i of the query and word j of the memory? One test for all, as it nearly always fails. */
static inline bool join_maybe(const side *q, const side *c, size_t i, size_t j)
{
	if (!q->joins)
		return false;
	const tm_word *xw = &q->w[i - 1], *yw = &c->w[j - 1];
	return (xw->sig_hyphenated == yw->sig) | (xw->sig == yw->sig_hyphenated) | (yw->run[0] == xw->sig) |
	       (yw->run[1] == xw->sig) | (xw->run[0] == yw->sig) | (xw->run[1] == yw->sig);
}

/*
 * What joining costs, 0 when there is no join: query word i against the k
 * memory words ending at j, or (query_many) memory word j against the k
 * query words ending at i.
 */
static int join_at(const side *q, const side *c, size_t i, size_t j, size_t k, bool query_many)
{
	const tm_word *xw = &q->w[i - 1], *yw = &c->w[j - 1];
	const tm_token *x = &q->t->items[xw->tok], *y = &c->t->items[yw->tok];
	if (query_many)
		return k >= 2 && k <= i && xw->run[k - 2] == yw->sig
		               ? tm_join_cost(c->text, c->t, y, q->text, q->t, &q->t->items[xw->tok - (k - 1)], k)
		               : 0;
	bool same_sig = k == 1 ? xw->sig_hyphenated == yw->sig || xw->sig == yw->sig_hyphenated : yw->run[k - 2] == xw->sig;
	return k <= j && same_sig ? tm_join_cost(q->text, q->t, x, c->text, c->t, &c->t->items[yw->tok - (k - 1)], k) : 0;
}

/* Any path passes through one of three consecutive rows: a join skips at most two. */
typedef struct row_mins {
	uint32_t back1, back2;
} row_mins;

static bool cut_here(row_mins *m, uint32_t row_min, size_t max_edits)
{
	bool cut = row_min > max_edits && m->back1 > max_edits && m->back2 > max_edits;
	m->back2 = m->back1;
	m->back1 = row_min;
	return cut;
}

/* Each byte of a cell left outside the band: the cell reads 0x3F3F3F3F, past any max_edits and safe to add to. */
#define OUTSIDE_BYTE 0x3F

/*
 * The fewest edits over the words of q and c in a matrix: beside the usual
 * match, change, insertion and deletion, a word may stand at no edit against
 * two or three written apart (either way round). Penalties and the words
 * joins took are read off one best alignment. out->edits is past max_edits
 * when the pair is cut short.
 *
 * Cells further than band from the diagonal are not computed: a path reaches
 * cell (i, j) only with |i - j| edits, less the words joins absorbed on the
 * way, so there a path costs more than max_edits when band is max_edits
 * plus every word joins could absorb — and a pair past max_edits scores
 * below the minimum whatever its cells say. They keep a value past
 * max_edits (OUTSIDE_BYTE), which no path that stays within it ever takes,
 * nor the traceback, which only follows cells of at most the final count.
 */
static int align_matrix(tm_scorer *s, tm_cell *out, const side *q, const side *c, size_t max_edits, size_t band)
{
	size_t w = c->n + 1;
	if (s->dp_cap < (q->n + 1) * w &&
	    tolk_array_grow((void **)&s->dp, &s->dp_cap, (q->n + 1) * w, sizeof(*s->dp)) < 0)
		return TOLK_ENOMEM;
	uint32_t *dp = s->dp;
	bool banded = band < c->n;
	if (banded)
		memset(dp, OUTSIDE_BYTE, (q->n + 1) * w * sizeof(*dp));
	for (size_t j = 0; j <= c->n; j++)
		dp[j] = (uint32_t)j;
	row_mins mins = {0, 0};
	for (size_t i = 1; i <= q->n; i++) {
		const tm_token *x = &q->t->items[q->w[i - 1].tok];
		uint32_t *row = dp + i * w, *up = row - w;
		row[0] = (uint32_t)i;
		uint32_t row_min = row[0];
		size_t from = banded && i > band ? i - band : 1, to = banded && i + band < c->n ? i + band : c->n;
		for (size_t j = from; j <= to; j++) {
			uint32_t best = up[j - 1] + (same_key(q->t, x, c->t, &c->t->items[c->w[j - 1].tok]) ? 0 : 1);
			if (up[j] + 1 < best)
				best = up[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			for (size_t k = 1; k <= TM_JOIN_MAX_WORDS && join_maybe(q, c, i, j); k++) {
				if (k <= j && up[j - k] < best && join_at(q, c, i, j, k, false) > 0)
					best = up[j - k];
				if (k >= 2 && k <= i && dp[(i - k) * w + j - 1] < best && join_at(q, c, i, j, k, true) > 0)
					best = dp[(i - k) * w + j - 1];
			}
			row[j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (cut_here(&mins, row_min, max_edits)) {
			out->edits = (uint32_t)max_edits + 1;
			return 0;
		}
	}
	*out = (tm_cell){dp[q->n * w + c->n], 0, 0, 0, 0};
	size_t i = q->n, j = c->n;
	while (i > 0 && j > 0) {
		const tm_token *x = &q->t->items[q->w[i - 1].tok], *y = &c->t->items[c->w[j - 1].tok];
		uint32_t here = dp[i * w + j];
		if (here == dp[(i - 1) * w + j - 1] && same_key(q->t, x, c->t, y)) {
			pair_penalty(out, q->text, x, c->text, y);
			i--;
			j--;
			continue;
		}
		size_t took_q = 0, took_c = 0;
		for (size_t k = 1; k <= TM_JOIN_MAX_WORDS && !took_q && join_maybe(q, c, i, j); k++) {
			int cost;
			if (k <= j && here == dp[(i - 1) * w + j - k] && (cost = join_at(q, c, i, j, k, false)) > 0) {
				out->form += (uint32_t)cost;
				took_q = 1;
				took_c = k;
			} else if (k >= 2 && k <= i && here == dp[(i - k) * w + j - 1] && (cost = join_at(q, c, i, j, k, true)) > 0) {
				out->form += (uint32_t)cost;
				took_q = k;
				took_c = 1;
			}
		}
		if (took_q) {
			out->absorbed_q += (uint32_t)(took_q - 1);
			out->absorbed_c += (uint32_t)(took_c - 1);
			i -= took_q;
			j -= took_c;
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
 * The same in rows, for pairs too long for a matrix: each cell keeps, beside
 * its edits, the penalties and joined words of its best alignment.
 */
static int align_rows(tm_scorer *s, tm_cell *out, const side *q, const side *c, size_t max_edits)
{
	size_t w = c->n + 1;
	if (s->rows_cap < 4 * w) {
		tm_cell *rows = realloc(s->rows, 4 * w * sizeof(*rows));
		if (!rows)
			return tolk_error_oom();
		s->rows = rows;
		s->rows_cap = 4 * w;
	}
#define ROW(i) (s->rows + ((i) & 3) * w)
	for (size_t j = 0; j <= c->n; j++)
		ROW(0)[j] = (tm_cell){(uint32_t)j, 0, 0, 0, 0};
	row_mins mins = {0, 0};
	for (size_t i = 1; i <= q->n; i++) {
		tm_cell *cur = ROW(i), *up = ROW(i - 1);
		const tm_token *x = &q->t->items[q->w[i - 1].tok];
		cur[0] = (tm_cell){(uint32_t)i, 0, 0, 0, 0};
		uint32_t row_min = (uint32_t)i;
		for (size_t j = 1; j <= c->n; j++) {
			const tm_token *y = &c->t->items[c->w[j - 1].tok];
			tm_cell best = up[j - 1];
			if (same_key(q->t, x, c->t, y))
				pair_penalty(&best, q->text, x, c->text, y);
			else
				best.edits++;
			consider(&best, &up[j], 1, 0, 0, 0);
			consider(&best, &cur[j - 1], 1, 0, 0, 0);
			for (size_t k = 1; k <= TM_JOIN_MAX_WORDS && join_maybe(q, c, i, j); k++) {
				int cost = join_at(q, c, i, j, k, false);
				if (cost > 0)
					consider(&best, &up[j - k], 0, (uint32_t)cost, 0, (uint32_t)(k - 1));
				if ((cost = join_at(q, c, i, j, k, true)) > 0)
					consider(&best, &ROW(i - k)[j - 1], 0, (uint32_t)cost, (uint32_t)(k - 1), 0);
			}
			cur[j] = best;
			if (best.edits < row_min)
				row_min = best.edits;
		}
		if (cut_here(&mins, row_min, max_edits)) {
			out->edits = (uint32_t)max_edits + 1;
			return 0;
		}
	}
	*out = ROW(q->n)[c->n];
#undef ROW
	return 0;
}

/* Above this many cells (64 MB) the matrix gives way to rows. */
#define FULL_MATRIX_CELLS (16u * 1024 * 1024)

/*
 * The query's filters of (length, first letter): a join needs a word of one
 * side with those of a run (or, one against one, of a hyphenated word) of the
 * other, and a unit's words are tested against them, so that most pairs skip
 * joins altogether and the length of a pair still bounds its score.
 */
static uint32_t filter_slot(uint32_t sig)
{
	return (sig * 2654435761u) >> 20; /* 12 bits */
}

static void filter_add(tm_join_filter *f, uint32_t h)
{
	f->bits[h >> 6] |= 1ull << (h & 63);
}

static bool filter_has(const tm_join_filter *f, uint32_t h)
{
	return (f->bits[h >> 6] >> (h & 63)) & 1;
}

static int prepare_query(tm_scorer *s, const tm_tokens *q)
{
	if (s->query == q && s->query_generation == q->generation)
		return 0;
	s->query = NULL;
	if (q->nwords > s->qw_cap && tolk_array_grow((void **)&s->qw, &s->qw_cap, q->nwords, sizeof(*s->qw)) < 0)
		return TOLK_ENOMEM;
	s->query_words = collect_words(s->qw, q);
	memset(&s->singles, 0, sizeof(s->singles));
	memset(&s->runs, 0, sizeof(s->runs));
	memset(&s->hyphenated, 0, sizeof(s->hyphenated));
	for (size_t k = 0; k < s->query_words; k++) {
		const tm_word *w = &s->qw[k];
		if (q->items[w->tok].kind != TM_TOK_WORD)
			continue;
		if (w->sig != NO_SIG)
			filter_add(&s->singles, filter_slot(w->sig));
		if (w->sig_hyphenated != NO_SIG_HYPHENATED)
			filter_add(&s->hyphenated, filter_slot(w->sig));
		for (size_t r = 0; r < 2; r++)
			if (w->run[r] != NO_RUN)
				filter_add(&s->runs, filter_slot(w->run[r]));
	}
	s->query = q;
	s->query_generation = q->generation;
	return 0;
}

/*
 * Against the query's filters, the unit's words cw: may any join at all
 * (*joins), and at most how many words of the longer side could joins take
 * beyond the first (an upper bound).
 */
static size_t joinable_words(bool *joins, size_t *both, const tm_scorer *s, const tm_word *cw, size_t nc)
{
	size_t query_words = 0, unit_words = 0;
	bool one_to_one = false;
	for (size_t k = 0; k < nc; k++) {
		const tm_word *w = &cw[k];
		if (w->sig == NO_SIG)
			continue;
		uint32_t h = filter_slot(w->sig);
		query_words += filter_has(&s->runs, h) ? TM_JOIN_MAX_WORDS - 1 : 0;
		one_to_one |= filter_has(&s->hyphenated, h) ||
		              (w->sig_hyphenated != NO_SIG_HYPHENATED && filter_has(&s->singles, h));
		for (size_t r = 0; r < 2; r++)
			if (w->run[r] != NO_RUN && filter_has(&s->singles, filter_slot(w->run[r])))
				unit_words += r + 1;
	}
	*joins = one_to_one || query_words || unit_words;
	*both = query_words + unit_words;
	return s->query_words > nc ? query_words : unit_words;
}

/* The score, or TM_SCORE_BELOW (a negative TOLK_E* only from the allocations). */
static int score_pair(tm_scorer *s, const char *qtext, const tm_tokens *q, const char *ctext,
                      const tm_tokens *c, int min_score)
{
	if (same_text(qtext, q, ctext, c))
		return 100;
	size_t nq = q->nwords, nc = c->nwords;
	if (nq == 0 || nc == 0)
		return min_score > 0 ? TM_SCORE_BELOW : 0;
	size_t L = nq > nc ? nq : nc, shorter = nq < nc ? nq : nc;
	if (prepare_query(s, q) < 0 ||
	    (nc > s->cw_cap && tolk_array_grow((void **)&s->cw, &s->cw_cap, nc, sizeof(*s->cw)) < 0))
		return TOLK_ENOMEM;
	collect_words(s->cw, c);
	/*
	 * The best this pair could score: each word of the shorter side matches
	 * (at least |nq - nc| edits), unless joins take words of the longer side
	 * with them — the filters say how many could.
	 */
	bool joins;
	size_t absorbable;
	size_t joinable = joinable_words(&joins, &absorbable, s, s->cw, nc);
	size_t least = L - (joinable < L ? joinable : L);
	if (least < shorter)
		least = shorter;
	if ((int)(100 * shorter / least) < min_score)
		return TM_SCORE_BELOW;
	/* edits beyond this leave the score below min_score (joins only shorten the longer side) */
	size_t max_edits = L - (size_t)((min_score * (int)L + 99) / 100);

	/*
	 * Equal words at both ends pair up in a best alignment: only the middle
	 * needs the dynamic program (a long segment with one change costs little).
	 */
	tm_cell ends = {0, 0, 0, 0, 0};
	size_t pre = 0, suf = 0;
	while (pre < nq && pre < nc && same_key(q, &q->items[s->qw[pre].tok], c, &c->items[s->cw[pre].tok])) {
		pair_penalty(&ends, qtext, &q->items[s->qw[pre].tok], ctext, &c->items[s->cw[pre].tok]);
		pre++;
	}
	while (suf < nq - pre && suf < nc - pre &&
	       same_key(q, &q->items[s->qw[nq - 1 - suf].tok], c, &c->items[s->cw[nc - 1 - suf].tok])) {
		pair_penalty(&ends, qtext, &q->items[s->qw[nq - 1 - suf].tok], ctext, &c->items[s->cw[nc - 1 - suf].tok]);
		suf++;
	}
	size_t mq = nq - pre - suf, mc = nc - pre - suf;
	tm_cell mid = {0, 0, 0, 0, 0};
	if (mq == 0 || mc == 0) {
		mid.edits = (uint32_t)(mq + mc);
	} else {
		side qs = {qtext, q, s->qw + pre, mq, joins}, cs = {ctext, c, s->cw + pre, mc, joins};
		int rc = (mq + 1) * (mc + 1) <= FULL_MATRIX_CELLS ? align_matrix(s, &mid, &qs, &cs, max_edits, max_edits + absorbable)
		                                                  : align_rows(s, &mid, &qs, &cs, max_edits);
		if (rc < 0)
			return rc;
	}
	if (mid.edits > max_edits)
		return TM_SCORE_BELOW;
	size_t lq = nq - mid.absorbed_q, lc = nc - mid.absorbed_c, longer = lq > lc ? lq : lc;
	int base = mid.edits >= longer ? 0 : (int)(100 * (longer - mid.edits) / longer);
	uint32_t form = ends.form + mid.form;
	int penalty = (int)(form > PENALTY_FORM_MAX ? PENALTY_FORM_MAX : form) +
	              PENALTY_NUMBER * (int)(ends.numbers + mid.numbers) + punct_distance(q, c);
	int score = base - penalty;
	if (base == 100) {
		if (penalty == 0)
			score = 99; /* only the spacing differs */
		if (score > 99)
			score = 99;
	}
	if (score < 0)
		score = 0;
	return score >= min_score ? score : TM_SCORE_BELOW;
}

/*
 * A memory text of nc words against a query of nq scores at most
 * 100 * nq / (nc - J) when it is the longer side: every edit script needs
 * nc - nq edits at least, after joins took up to J of its words — a query
 * word stands for at most TM_JOIN_MAX_WORDS of them, and only as many as
 * its pieces allow (pieces the query closes up have TM_JOIN_MIN_PIECE bytes
 * at least; tm_join.c). So a text certainly below min_score is known by
 * its length alone, before it is tokenized.
 */
size_t tm_score_absorbable_word(const tm_tokens *q, const tm_token *x)
{
	if (x->kind != TM_TOK_WORD || x->hyphens == TM_HYPHENS_MANY)
		return 0;
	/* the unit words x can stand for: per piece between hyphens, one, or a third of its bytes */
	const char *key = tm_key(q, x);
	size_t words = 0, dashes = 0;
	for (uint32_t s = 0; s < x->key_len;) {
		uint32_t e = s;
		while (e < x->key_len && key[e] != '-')
			e++;
		size_t m = e - s;
		words += m / TM_JOIN_MIN_PIECE > 1 ? m / TM_JOIN_MIN_PIECE : 1;
		dashes += e < x->key_len;
		s = e + 1;
	}
	if (dashes != x->hyphens || words > TM_JOIN_MAX_WORDS)
		words = TM_JOIN_MAX_WORDS; /* a '-' that is no hyphen: assume the most */
	return words - 1;
}

size_t tm_score_absorbable(const tm_tokens *q)
{
	size_t absorbed = 0;
	for (size_t k = 0; k < q->count; k++)
		absorbed += tm_score_absorbable_word(q, &q->items[k]);
	return absorbed;
}

size_t tm_score_max_words(const tm_tokens *q, int min_score)
{
	if (min_score <= 0)
		return SIZE_MAX;
	return tm_score_absorbable(q) + 100 * q->nwords / (size_t)min_score;
}

/*
 * At least how many words tm_tokenize finds in text, counted without
 * tokenizing, up to stop: runs between ASCII spaces that hold an ASCII
 * letter or digit each hold a word of their own (a word never spans a space).
 */
size_t tm_words_at_least(const char *text, size_t len, size_t stop)
{
	size_t n = 0;
	bool counted = false;
	for (size_t i = 0; i < len && n <= stop; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			counted = false;
		else if (!counted && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
			counted = true;
			n++;
		}
	}
	return n;
}

int tm_score(int *score, tm_scorer *s, const char *qtext, const tm_tokens *q, const char *ctext,
             const tm_tokens *c, int min_score)
{
	int r = score_pair(s, qtext, q, ctext, c, min_score);
	if (r < 0 && r != TM_SCORE_BELOW)
		return r;
	*score = r;
	return 0;
}

void tm_scorer_free(tm_scorer *s)
{
	free(s->rows);
	free(s->dp);
	free(s->qw);
	free(s->cw);
	memset(s, 0, sizeof(*s));
}

int tolk_tm_score(int *score, const char *text, const char *memory_source)
{
	if (!score || !text || !memory_source)
		return tolk_error_set(TOLK_EINVALID, _("nothing to score"));
	*score = 0;
	tm_tokens q = {0}, c = {0};
	tm_scorer s = {0};
	int rc = tm_tokenize(&q, text, strlen(text));
	if (rc == 0)
		rc = tm_tokenize(&c, memory_source, strlen(memory_source));
	if (rc == 0)
		rc = tm_score(score, &s, text, &q, memory_source, &c, 0);
	tm_tokens_free(&q);
	tm_tokens_free(&c);
	tm_scorer_free(&s);
	return rc;
}
