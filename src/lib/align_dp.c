/*
 * The banded dynamic program. Rows are source positions, columns target
 * positions; each row keeps only the columns of a band around a centre line
 * (the diagonal, or the path of an earlier pass). Costs live in four rolling
 * rows; only a one-byte back-pointer per band cell is kept, so memory is
 * (rows x band width), linear in the document for a fixed band.
 *
 * Lexical evidence for a cell comes from bit masks of the tokens of a source
 * segment that found a partner in a target segment. The masks of a source
 * segment against all target segments of its band are computed at once from
 * the target's inverted index, so segments without a shared key cost nothing.
 */
#include "align_private.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Shapes: 1-1 first, since ties go to the first shape tried. */
const uint8_t al_bead_src[AL_NBEAD] = {1, 1, 0, 2, 1, 2, 1, 3};
const uint8_t al_bead_tgt[AL_NBEAD] = {1, 0, 1, 1, 2, 2, 3, 1};

#define SQRT2 1.4142135623730951
#define GC_TABLE_SIZE 16384
#define GC_TABLE_MAX_Z2 144.0

/*
 * -log P(|Z| >= z) for a standard normal Z, tabulated by z^2: the inner loop
 * then needs neither erfc nor a square root.
 */
int al_gc_table_init(al_job *job)
{
	job->nl_table = tolk_malloc((GC_TABLE_SIZE + 1) * sizeof(*job->nl_table));
	if (!job->nl_table)
		return TOLK_ENOMEM;
	job->nl_table_size = GC_TABLE_SIZE;
	job->nl_table_step = GC_TABLE_MAX_Z2 / GC_TABLE_SIZE;
	for (size_t k = 0; k <= GC_TABLE_SIZE; k++) {
		double z = sqrt((double)k * job->nl_table_step);
		job->nl_table[k] = (float)-log(erfc(z / SQRT2));
	}
	return 0;
}

static inline double tail_cost(const al_job *job, double z2)
{
	double x = z2 / job->nl_table_step;
	if (x < (double)job->nl_table_size)
		return job->nl_table[(size_t)x];
	/* Asymptotic tail: -log erfc(u) ~ u^2 + log(u sqrt(pi)), u = z / sqrt(2). */
	double u2 = z2 / 2;
	return u2 + 0.5 * log(u2) + 0.5723649429247001;
}

/* Gale and Church's length cost, with their mean-length normalisation so that 0-1 beads work. */
static inline double length_cost(const al_job *job, const al_model *m, uint64_t ls, uint64_t lt)
{
	if (!ls && !lt)
		return 0;
	double d = m->ratio * (double)ls - (double)lt;
	double z2 = d * d / (m->half_variance * ((double)ls + (double)lt * m->inv_ratio));
	return tail_cost(job, z2);
}

static double length_delta(const al_model *m, uint64_t ls, uint64_t lt)
{
	if (!ls && !lt)
		return 0;
	double mean = ((double)ls + (double)lt / m->ratio) / 2;
	return (m->ratio * (double)ls - (double)lt) / sqrt(m->variance * mean);
}

/*
 * Gain of the matched tokens of a segment. Matches are few, so walking their
 * bits beats counting per category (and a portable build has no popcount
 * instruction).
 */
static inline float seg_gain(const al_side *side, const al_seg *sg, uint64_t ex, uint64_t di,
                             uint64_t co, const float gain[AL_NCAT][AL_NMATCH], unsigned *matched)
{
	di &= ~ex;
	co &= ~(ex | di);
	const uint8_t *cat = side->tok_cat + sg->tok_off;
	float g = 0;
	unsigned n = 0;
	for (uint64_t x = ex; x; x &= x - 1, n++)
		g += gain[cat[__builtin_ctzll(x)]][AL_M_EXACT];
	for (uint64_t x = di; x; x &= x - 1, n++)
		g += gain[cat[__builtin_ctzll(x)]][AL_M_DICT];
	for (uint64_t x = co; x; x &= x - 1, n++)
		g += gain[cat[__builtin_ctzll(x)]][AL_M_COGNATE];
	*matched += n;
	return g;
}

static inline int key_match(uint8_t kind)
{
	return kind == AL_K_EXACT ? AL_M_EXACT : kind == AL_K_DICT ? AL_M_DICT : AL_M_COGNATE;
}

/*
 * Masks of source segment s against target segments [plo, phi), into
 * row[0 .. phi-plo); nz[t - plo] tells which target segments it met at all.
 */
static void pair_row_fill(al_pair *row, uint8_t *nz, size_t plo, size_t phi, const al_job *job,
                          size_t s)
{
	const al_side *S = &job->side[0], *T = &job->side[1];
	const al_seg *sg = &S->segs[s];
	memset(nz, 0, phi - plo);
	for (size_t k = sg->key_off; k < sg->key_off + sg->nkeys; k++) {
		const al_key *key = &S->keys[k];
		if (key->key >= T->nindex)
			continue;
		uint32_t a = T->post_off[key->key], b = T->post_off[key->key + 1];
		/* First posting at or after plo. */
		uint32_t lo = a, hi = b;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (T->post[mid].seg < plo)
				lo = mid + 1;
			else
				hi = mid;
		}
		int m = key_match(key->kind);
		uint64_t sbit = 1ULL << key->tok;
		for (uint32_t p = lo; p < b && T->post[p].seg < phi; p++) {
			size_t t = T->post[p].seg - plo;
			al_pair *pr = &row[t];
			if (!nz[t]) {
				memset(pr, 0, sizeof(*pr));
				nz[t] = 1;
			}
			pr->s[m] |= sbit;
			pr->t[m] |= 1ULL << T->post[p].tok;
		}
	}
}

void al_pair_compute(al_pair *out, const al_job *job, size_t i, size_t j)
{
	uint8_t nz;
	pair_row_fill(out, &nz, j, j + 1, job, i);
	if (!nz)
		memset(out, 0, sizeof(*out));
}

/* Rolling pair rows for the last source segments. */
typedef struct pair_rows {
	al_pair *row[4];
	uint8_t *nz[4];
	size_t cap[4], plo[4];
} pair_rows;

static inline const al_pair *pair_at(const pair_rows *pr, size_t s, size_t t)
{
	return &pr->row[s & 3][t - pr->plo[s & 3]];
}

static inline bool pair_any(const pair_rows *pr, size_t s, size_t t)
{
	return pr->nz[s & 3][t - pr->plo[s & 3]];
}

/*
 * Lexical log-likelihood ratio of a bead. Tokens link one to one: when a
 * topic word repeated in two source segments meets it once in the target,
 * only one of them found a partner. Without this, merging neighbours would
 * always look better, since each added segment brings its chance matches.
 */
static double bead_lex(const al_job *job, const al_model *m, const pair_rows *pr, size_t i0,
                       int a, size_t j0, int b)
{
	const al_side *S = &job->side[0], *T = &job->side[1];
	double base = S->base_prefix[i0 + (size_t)a] - S->base_prefix[i0] + T->base_prefix[j0 + (size_t)b] -
	              T->base_prefix[j0];
	bool any = false;
	for (int x = 0; x < a && !any; x++)
		for (int y = 0; y < b && !any; y++)
			any = pair_any(pr, i0 + (size_t)x, j0 + (size_t)y);
	if (!any)
		return base; /* the common case: nothing shared at all */
	double gs = 0, gt = 0;
	unsigned ms = 0, mt = 0;
	uint64_t tm[3][3] = {{0}};
	for (int x = 0; x < a; x++) {
		uint64_t sm[3] = {0, 0, 0};
		for (int y = 0; y < b; y++) {
			if (!pair_any(pr, i0 + (size_t)x, j0 + (size_t)y))
				continue;
			const al_pair *p = pair_at(pr, i0 + (size_t)x, j0 + (size_t)y);
			for (int k = 0; k < 3; k++) {
				sm[k] |= p->s[k];
				tm[y][k] |= p->t[k];
			}
		}
		if (sm[0] | sm[1] | sm[2])
			gs += seg_gain(S, &S->segs[i0 + (size_t)x], sm[0], sm[1], sm[2], m->gain[0], &ms);
	}
	for (int y = 0; y < b; y++)
		if (tm[y][0] | tm[y][1] | tm[y][2])
			gt += seg_gain(T, &T->segs[j0 + (size_t)y], tm[y][0], tm[y][1], tm[y][2], m->gain[1], &mt);
	if (ms > mt)
		gs *= (double)mt / ms;
	else if (mt > ms)
		gt *= (double)ms / mt;
	return base + gs + gt;
}

static double anchor_cost(const al_job *job, const al_model *m, size_t i0, int a, size_t j0, int b)
{
	const al_seg *S = job->side[0].segs, *T = job->side[1].segs;
	double cost = 0;
	for (int x = 1; x < a; x++)
		if (S[i0 + (size_t)x].para_start)
			cost += m->anchor_cross;
	for (int y = 1; y < b; y++)
		if (T[j0 + (size_t)y].para_start)
			cost += m->anchor_cross;
	if (a && b) {
		if (S[i0].para_start != T[j0].para_start)
			cost += m->anchor_start;
		bool hs = false, ht = false;
		for (int x = 0; x < a; x++)
			hs |= S[i0 + (size_t)x].heading;
		for (int y = 0; y < b; y++)
			ht |= T[j0 + (size_t)y].heading;
		if (hs != ht)
			cost += m->anchor_heading;
	}
	return cost;
}

static inline double bead_cost(const al_job *job, const al_model *m, const pair_rows *pr, size_t i0,
                               size_t j0, int shape)
{
	int a = al_bead_src[shape], b = al_bead_tgt[shape];
	const al_side *S = &job->side[0], *T = &job->side[1];
	double cost = m->prior_cost[shape] +
	              (a && b ? 1.0 : m->omit_length) *
	                      length_cost(job, m, S->len_prefix[i0 + (size_t)a] - S->len_prefix[i0],
	                                  T->len_prefix[j0 + (size_t)b] - T->len_prefix[j0]);
	if (m->anchors)
		cost += anchor_cost(job, m, i0, a, j0, b);
	if (m->lexical && a && b)
		cost -= m->lambda * bead_lex(job, m, pr, i0, a, j0, b);
	return cost;
}

void al_bead_cost_eval(al_bead_cost *out, const al_job *job, const al_model *model, size_t i,
                       size_t j, int shape)
{
	int a = al_bead_src[shape], b = al_bead_tgt[shape];
	const al_side *S = &job->side[0], *T = &job->side[1];
	memset(out, 0, sizeof(*out));
	out->prior = model->prior_cost[shape];
	uint64_t ls = S->len_prefix[i + (size_t)a] - S->len_prefix[i];
	uint64_t lt = T->len_prefix[j + (size_t)b] - T->len_prefix[j];
	out->length = (a && b ? 1.0 : model->omit_length) * length_cost(job, model, ls, lt);
	out->length_delta = length_delta(model, ls, lt);
	if (model->anchors)
		out->anchor = anchor_cost(job, model, i, a, j, b);
	if (model->lexical && a && b) {
		/* A private set of pair rows for just this bead. */
		al_pair cells[4][3];
		uint8_t nz[4][3];
		pair_rows pr;
		memset(&pr, 0, sizeof(pr));
		for (int x = 0; x < a; x++) {
			size_t s = i + (size_t)x;
			pr.row[s & 3] = cells[x];
			pr.nz[s & 3] = nz[x];
			pr.plo[s & 3] = j;
			pair_row_fill(cells[x], nz[x], j, j + (size_t)b, job, s);
		}
		out->lex_llr = bead_lex(job, model, &pr, i, a, j, b);
		out->lexical = -model->lambda * out->lex_llr;
	}
	out->total = out->prior + out->length + out->anchor + out->lexical;
}

void al_path_free(al_path *p)
{
	free(p->shape);
	memset(p, 0, sizeof(*p));
}

int al_path_push(al_path *p, uint8_t shape)
{
	if (tolk_array_grow((void **)&p->shape, &p->cap, p->count + 1, 1) < 0)
		return TOLK_ENOMEM;
	p->shape[p->count++] = shape;
	return 0;
}

static int progress_row(al_job *job)
{
	job->rows_done++;
	const tolk_align_options *o = &job->al->opts;
	if (o->progress && (job->rows_done & 511) == 0) {
		uint64_t total = job->rows_total > job->rows_done ? job->rows_total : job->rows_done;
		if (o->progress(job->rows_done, total, o->progress_payload))
			return tolk_error_set(TOLK_ECANCELLED, _("alignment cancelled"));
	}
	return 0;
}

/*
 * The band: for each row i (0..n), the columns [lo[i], hi[i]], monotone in i;
 * bp_off[i] is where row i starts in a per-cell array of the whole band.
 */
typedef struct al_band {
	size_t *lo, *hi, *off;
	size_t maxw;
} al_band;

static void band_free(al_band *b)
{
	free(b->lo);
	free(b->hi);
	free(b->off);
	memset(b, 0, sizeof(*b));
}

static int band_make(al_band *bd, const al_job *job, const size_t *center_lo, const size_t *center_hi,
                     unsigned band)
{
	const size_t n = job->side[0].n, m = job->side[1].n;
	memset(bd, 0, sizeof(*bd));
	bd->lo = tolk_malloc((n + 1) * sizeof(*bd->lo));
	bd->hi = tolk_malloc((n + 1) * sizeof(*bd->hi));
	bd->off = tolk_malloc((n + 2) * sizeof(*bd->off));
	if (!bd->lo || !bd->hi || !bd->off) {
		band_free(bd);
		return TOLK_ENOMEM;
	}
	size_t *lo = bd->lo, *hi = bd->hi;
	size_t w = band;
	if (!center_lo && n)
		w += (m + n - 1) / n + 1; /* a steep diagonal needs room for its 0-1 steps */
	bd->off[0] = 0;
	for (size_t i = 0; i <= n; i++) {
		size_t clo, chi;
		if (center_lo) {
			clo = center_lo[i];
			chi = center_hi[i];
		} else if (n == 0) {
			clo = 0;
			chi = m;
		} else {
			clo = (size_t)((double)i * (double)m / (double)n);
			chi = (i * m + n - 1) / n;
		}
		lo[i] = clo > w ? clo - w : 0;
		hi[i] = chi + w < m ? chi + w : m;
		if (i == n)
			hi[i] = m;
		if (i > 0 && lo[i] < lo[i - 1])
			lo[i] = lo[i - 1];
		if (i > 0 && hi[i] < hi[i - 1])
			hi[i] = hi[i - 1];
		if (hi[i] < lo[i])
			hi[i] = lo[i];
		size_t width = hi[i] - lo[i] + 1;
		if (width > bd->maxw)
			bd->maxw = width;
		bd->off[i + 1] = bd->off[i] + width;
	}
	lo[0] = 0;
	return 0;
}

static void pair_rows_free(pair_rows *pr)
{
	for (int k = 0; k < 4; k++) {
		free(pr->row[k]);
		free(pr->nz[k]);
	}
	memset(pr, 0, sizeof(*pr));
}

/* Masks of source segment s against every target segment a bead holding s may reach in the band. */
static int pair_rows_load(pair_rows *pr, const al_job *job, const al_band *bd, size_t s)
{
	const size_t n = job->side[0].n;
	size_t slot = s & 3;
	size_t plo = bd->lo[s + 1] > 3 ? bd->lo[s + 1] - 3 : 0;
	size_t phi = bd->hi[s + 3 <= n ? s + 3 : n];
	if (phi < plo)
		phi = plo;
	if (phi - plo + 1 > pr->cap[slot]) {
		size_t cap = pr->cap[slot];
		if (tolk_array_grow((void **)&pr->row[slot], &cap, phi - plo + 1, sizeof(al_pair)) < 0)
			return TOLK_ENOMEM;
		uint8_t *nz = tolk_realloc(pr->nz[slot], cap);
		if (!nz)
			return TOLK_ENOMEM;
		pr->nz[slot] = nz;
		pr->cap[slot] = cap;
	}
	pr->plo[slot] = plo;
	pair_row_fill(pr->row[slot], pr->nz[slot], plo, phi, job, s);
	return 0;
}

int al_search(al_path *out, al_job *job, const al_model *model, const size_t *center_lo,
              const size_t *center_hi, unsigned band, bool *touched_edge)
{
	const size_t n = job->side[0].n, m = job->side[1].n;
	al_band bd;
	uint8_t *bp = NULL;
	double *D[4] = {NULL, NULL, NULL, NULL};
	pair_rows pr;
	int rc;
	memset(&pr, 0, sizeof(pr));
	*touched_edge = false;
	out->count = 0;

	if ((rc = band_make(&bd, job, center_lo, center_hi, band)) < 0)
		return rc;
	const size_t *lo = bd.lo, *hi = bd.hi, *bp_off = bd.off;
	rc = TOLK_ENOMEM;
	bp = tolk_malloc(bp_off[n + 1]);
	for (int k = 0; k < 4; k++)
		D[k] = tolk_malloc(bd.maxw * sizeof(double));
	if (!bp || !D[0] || !D[1] || !D[2] || !D[3])
		goto done;

	for (size_t i = 0; i <= n; i++) {
		if (i >= 1 && model->lexical && (rc = pair_rows_load(&pr, job, &bd, i - 1)) < 0)
			goto done;
		double *Di = D[i & 3];
		uint8_t *bpi = bp + bp_off[i];
		for (size_t j = lo[i]; j <= hi[i]; j++) {
			double best = DBL_MAX;
			uint8_t arg = 255;
			if (i == 0 && j == 0)
				best = 0;
			for (int k = 0; k < AL_NBEAD; k++) {
				size_t a = al_bead_src[k], b = al_bead_tgt[k];
				if (i < a || j < b)
					continue;
				size_t pi = i - a, pj = j - b;
				if (pj < lo[pi] || pj > hi[pi])
					continue;
				double prev = D[pi & 3][pj - lo[pi]];
				if (prev >= DBL_MAX)
					continue; /* unreachable */
				double c = prev + bead_cost(job, model, &pr, pi, pj, k);
				if (c < best) {
					best = c;
					arg = (uint8_t)k;
				}
			}
			Di[j - lo[i]] = best;
			bpi[j - lo[i]] = arg;
		}
		if ((rc = progress_row(job)) < 0)
			goto done;
	}

	/* Back-trace from the corner. */
	size_t i = n, j = m;
	size_t margin = band / 8 > 2 ? band / 8 : 2;
	while (i > 0 || j > 0) {
		if ((lo[i] > 0 && j < lo[i] + margin) || (hi[i] < m && j + margin > hi[i]))
			*touched_edge = true;
		uint8_t k = bp[bp_off[i] + j - lo[i]];
		if (k == 255) {
			rc = tolk_error_set(TOLK_ERROR, _("the alignment search found no path"));
			goto done;
		}
		if (al_path_push(out, k) < 0) {
			rc = TOLK_ENOMEM;
			goto done;
		}
		i -= al_bead_src[k];
		j -= al_bead_tgt[k];
	}
	for (size_t a = 0, b = out->count ? out->count - 1 : 0; a < b; a++, b--) {
		uint8_t t = out->shape[a];
		out->shape[a] = out->shape[b];
		out->shape[b] = t;
	}
	rc = 0;
done:
	band_free(&bd);
	free(bp);
	for (int k = 0; k < 4; k++)
		free(D[k]);
	pair_rows_free(&pr);
	return rc;
}

/*
 * -T log(sum over k of exp(-c[k] / T)) of the finite costs in c[0..nc); DBL_MAX when none.
 * Terms more than 40 T above the smallest add nothing a double can hold.
 */
static double soft_min(const double *c, int nc, double T)
{
	double best = DBL_MAX;
	for (int k = 0; k < nc; k++)
		if (c[k] < best)
			best = c[k];
	if (best >= DBL_MAX)
		return DBL_MAX;
	double sum = 0;
	for (int k = 0; k < nc; k++)
		if (c[k] < DBL_MAX && c[k] - best < 40 * T)
			sum += exp(-(c[k] - best) / T);
	return best - T * log(sum);
}

int al_posteriors(double *post, al_job *job, const al_model *model, const size_t *center_lo,
                  const size_t *center_hi, unsigned band, const al_path *path, double T)
{
	const size_t n = job->side[0].n, m = job->side[1].n;
	al_band bd;
	float *A = NULL;          /* forward soft-min cost of every band cell, less its row's offset */
	double *A_off = NULL;
	double *D[4] = {NULL, NULL, NULL, NULL};
	size_t *bead_i = NULL, *bead_j = NULL;
	pair_rows pr;
	int rc;
	memset(&pr, 0, sizeof(pr));
	if ((rc = band_make(&bd, job, center_lo, center_hi, band)) < 0)
		return rc;
	const size_t *lo = bd.lo, *hi = bd.hi;
	rc = TOLK_ENOMEM;
	A = tolk_malloc(bd.off[n + 1] * sizeof(*A));
	A_off = tolk_malloc((n + 1) * sizeof(*A_off));
	bead_i = tolk_malloc((path->count + 1) * sizeof(*bead_i));
	bead_j = tolk_malloc((path->count + 1) * sizeof(*bead_j));
	for (int k = 0; k < 4; k++)
		D[k] = tolk_malloc(bd.maxw * sizeof(double));
	if (!A || !A_off || !bead_i || !bead_j || !D[0] || !D[1] || !D[2] || !D[3])
		goto done;
	double c[AL_NBEAD];

	/* Forward: the soft minimum over all paths from the origin to each cell. */
	for (size_t i = 0; i <= n; i++) {
		if (i >= 1 && model->lexical && (rc = pair_rows_load(&pr, job, &bd, i - 1)) < 0)
			goto done;
		double *Di = D[i & 3], row_min = DBL_MAX;
		for (size_t j = lo[i]; j <= hi[i]; j++) {
			for (int k = 0; k < AL_NBEAD; k++) {
				size_t a = al_bead_src[k], b = al_bead_tgt[k];
				c[k] = DBL_MAX;
				if (i < a || j < b)
					continue;
				size_t pi = i - a, pj = j - b;
				if (pj < lo[pi] || pj > hi[pi] || D[pi & 3][pj - lo[pi]] >= DBL_MAX)
					continue;
				c[k] = D[pi & 3][pj - lo[pi]] + bead_cost(job, model, &pr, pi, pj, k);
			}
			double v = (i == 0 && j == 0) ? 0 : soft_min(c, AL_NBEAD, T);
			Di[j - lo[i]] = v;
			if (v < row_min)
				row_min = v;
		}
		if ((rc = progress_row(job)) < 0)
			goto done;
		A_off[i] = row_min < DBL_MAX ? row_min : 0;
		for (size_t j = lo[i]; j <= hi[i]; j++) {
			double v = Di[j - lo[i]];
			A[bd.off[i] + j - lo[i]] = v >= DBL_MAX ? FLT_MAX : (float)(v - A_off[i]);
		}
	}
	double Z = D[n & 3][m - lo[n]];

	/* Where each bead of the path starts. */
	size_t bi = 0, bj = 0;
	for (size_t k = 0; k < path->count; k++) {
		bead_i[k] = bi;
		bead_j[k] = bj;
		bi += al_bead_src[path->shape[k]];
		bj += al_bead_tgt[path->shape[k]];
	}

	/*
	 * Backward: the soft minimum over all paths from each cell to the corner; a
	 * bead's posterior is exp(-(forward + bead + backward - total) / T). The
	 * pair rows are loaded in reverse, so that rows i .. i+2 are at hand in row i.
	 */
	pair_rows_free(&pr);
	size_t next = path->count;
	for (size_t i = n + 1; i-- > 0;) {
		if (i < n && model->lexical && (rc = pair_rows_load(&pr, job, &bd, i)) < 0)
			goto done;
		double *Di = D[i & 3];
		for (size_t j = hi[i] + 1; j-- > lo[i];) {
			for (int k = 0; k < AL_NBEAD; k++) {
				size_t a = al_bead_src[k], b = al_bead_tgt[k];
				c[k] = DBL_MAX;
				if (i + a > n || j + b > m)
					continue;
				size_t ni = i + a, nj = j + b;
				if (nj < lo[ni] || nj > hi[ni] || D[ni & 3][nj - lo[ni]] >= DBL_MAX)
					continue;
				c[k] = D[ni & 3][nj - lo[ni]] + bead_cost(job, model, &pr, i, j, k);
			}
			Di[j - lo[i]] = (i == n && j == m) ? 0 : soft_min(c, AL_NBEAD, T);
		}
		if ((rc = progress_row(job)) < 0)
			goto done;
		while (next > 0 && bead_i[next - 1] == i) {
			next--;
			int k = path->shape[next];
			size_t j = bead_j[next], ni = i + al_bead_src[k], nj = j + al_bead_tgt[k];
			float f = A[bd.off[i] + j - lo[i]];
			double after = D[ni & 3][nj - lo[ni]];
			double p = 0;
			if (f < FLT_MAX && after < DBL_MAX && Z < DBL_MAX) {
				double x = (A_off[i] + (double)f + bead_cost(job, model, &pr, i, j, k) + after - Z) / T;
				p = x <= 0 ? 1 : exp(-x);
			}
			post[next] = p;
		}
	}
	rc = 0;
done:
	band_free(&bd);
	free(A);
	free(A_off);
	free(bead_i);
	free(bead_j);
	for (int k = 0; k < 4; k++)
		free(D[k]);
	pair_rows_free(&pr);
	return rc;
}
