/*
 * tolk_align(): the passes and the estimation between them.
 *
 * Pass 1 searches a band around the diagonal with the default model. Its 1-1
 * beads then give, for this pair of texts, the length ratio and the variance
 * of the length model, and a dictionary learned from them; how much a
 * dictionary match says is measured on the same beads against their near
 * neighbours (the pairs the search actually confuses). Later passes search a
 * narrow band around the previous path with the estimated model.
 *
 * The constants below were set on bench/align-quality's development sets
 * (bleualign-dev German-French, NTREX Dutch-English) and are recorded there.
 */
#include "align_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "util.h"

#define FIRST_BAND 48
#define REFINE_BAND 12
/* Documents longer than this are first aligned as blocks of BLOCK source segments. */
#define COARSE_MIN 4000
#define BLOCK 8
/* Back-pointer cells the widening may grow to (bytes of memory). */
#define MAX_CELLS (64u * 1024 * 1024)

/*
 * Shape priors: Gale and Church's, with 1-3 and 3-1 added and every merged
 * shape made e^2 times less likely. Lexical evidence can only grow when
 * neighbours are merged (each added segment brings its chance matches), so
 * their original priors let merges win too often.
 */
static const double default_prior[AL_NBEAD] = {0.89, 0.0099, 0.0099, 0.012, 0.012, 0.0015, 0.0005, 0.0005};
/* Without lexical evidence the aligner is plain Gale and Church, priors and all. */
static const double gale_church_prior[AL_NBEAD] = {0.89, 0.0099, 0.0099, 0.089, 0.089, 0.011, 0.004, 0.004};
/* The length model's weight for a segment left out: a quarter of Gale and Church's. */
#define OMIT_LENGTH 0.25
/* Weight of the lexical log-likelihood ratio against the length and shape costs. */
#define LEXICAL_WEIGHT 0.5
/*
 * The estimated length variance is tempered by this factor: a length model as
 * sharp as the texts' own statistics overrules good lexical evidence.
 */
#define VARIANCE_TEMPER 3.0

/*
 * Default probabilities of (exact, dictionary, cognate, none) for a token of
 * each category in a true pair and in a wrong pair. They give the first
 * pass's weights and act as the prior of the estimate afterwards.
 */
static const double p_true[AL_NCAT][AL_NMATCH + 1] = {
	[AL_CAT_NUM] = {0.80, 0.00, 0.00, 0.20},
	[AL_CAT_PUNCT] = {0.60, 0.00, 0.00, 0.40},
	[AL_CAT_NAME] = {0.45, 0.10, 0.10, 0.35},
	[AL_CAT_WORD] = {0.06, 0.12, 0.08, 0.74},
	[AL_CAT_TERM] = {0.80, 0.00, 0.00, 0.20},
};
static const double p_wrong[AL_NCAT][AL_NMATCH + 1] = {
	[AL_CAT_NUM] = {0.04, 0.00, 0.00, 0.96},
	[AL_CAT_PUNCT] = {0.20, 0.00, 0.00, 0.80},
	[AL_CAT_NAME] = {0.05, 0.01, 0.03, 0.91},
	[AL_CAT_WORD] = {0.01, 0.01, 0.03, 0.95},
	[AL_CAT_TERM] = {0.05, 0.00, 0.00, 0.95},
};
/* How many tokens' worth of weight the defaults keep against the counts. */
#define WEIGHT_PRIOR 40.0

/*
 * The score of a bead: the probability that it is right, as the product of two
 * chances that fail in different ways.
 * - That the boundaries are right: the bead's posterior under the model, the
 *   share of all paths through the final band (weighted by exp(-cost / T)) that
 *   hold it. Low where a merge, a split or an omission was a close call.
 * - That the two sides translate each other at all: a logistic of the lexical
 *   log-likelihood ratio per square root of the tokens that carry evidence
 *   (the tokens of a sentence are far from independent, so the sum alone is
 *   much too sure of itself on long sentences), lowered when the lengths fit
 *   worse than a wrong pair's would (whose length difference spreads about five
 *   times wider: log 5 - 0.48 d^2 < 0). A good length fit raises nothing: an
 *   unrelated sentence of the right length is still unrelated. Low for such a
 *   pair, which the posterior alone misses: when two segments have nothing
 *   better to pair with, the path through them is as certain as any.
 * The logistic was fitted on NTREX documents (as in bench/align-quality) with 1
 * to 10 % of the English lines replaced by lines of other documents, right
 * pairs against replaced ones, weighted to a 2 % share of unrelated pairs;
 * T = 1 calibrated the posterior best on the same sets and bleualign-dev.
 */
#define POSTERIOR_TEMPERATURE 1.0
#define POSTERIOR_BAND 4
#define SCORE_BIAS 4.9
#define SCORE_LEXICAL 2.66
#define SCORE_LENGTH 3.4

int tolk_align_options_init(tolk_align_options *opts, unsigned int version)
{
	if (!opts || version != TOLK_ALIGN_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unsupported alignment options version %u"), version);
	tolk_align_options init = TOLK_ALIGN_OPTIONS_INIT;
	*opts = init;
	return 0;
}

int tolk_aligner_new(tolk_aligner **out, const char *src_lang, const char *tgt_lang,
                     const tolk_align_options *opts)
{
	*out = NULL;
	if (opts && opts->version != TOLK_ALIGN_OPTIONS_VERSION && opts->version != 0) /* 0: read as 1 (common.h) */
		return tolk_error_set(TOLK_EINVALID, _("unsupported alignment options version %u"),
		                      opts->version);
	tolk_aligner *al = tolk_calloc(1, sizeof(*al));
	if (!al)
		return TOLK_ENOMEM;
	if (opts)
		al->opts = *opts;
	else
		tolk_align_options_init(&al->opts, TOLK_ALIGN_OPTIONS_VERSION);
	al->src_lang = tolk_strdup(src_lang && *src_lang ? src_lang : "nl");
	al->tgt_lang = tolk_strdup(tgt_lang && *tgt_lang ? tgt_lang : "en");
	if (!al->src_lang || !al->tgt_lang) {
		tolk_aligner_free(al);
		return TOLK_ENOMEM;
	}
	*out = al;
	return 0;
}

void tolk_aligner_free(tolk_aligner *al)
{
	if (!al)
		return;
	free(al->src_lang);
	free(al->tgt_lang);
	for (size_t k = 0; k < al->ngiven; k++) {
		free(al->given_src[k]);
		free(al->given_tgt[k]);
	}
	free(al->given_src);
	free(al->given_tgt);
	free(al);
}

int tolk_aligner_set_termbase(tolk_aligner *al, tolk_termbase *tb)
{
	if (!al)
		return tolk_error_set(TOLK_EINVALID, _("no aligner"));
	al->termbase = tb;
	return 0;
}

static char *fold_dup(const char *s)
{
	size_t len = strlen(s);
	char *out = tolk_malloc(len * TOLK_FOLD_GROWTH + 1);
	if (out) { /* s is valid UTF-8, checked by the caller */
		size_t n = tolk_fold(out, len * TOLK_FOLD_GROWTH, s, len, TOLK_FOLD_CASE_ACCENTS);
		out[n == SIZE_MAX ? 0 : n] = '\0';
	}
	return out;
}

int tolk_aligner_add_pair(tolk_aligner *al, const char *src_word, const char *tgt_word)
{
	if (!al || !src_word || !tgt_word || !*src_word || !*tgt_word)
		return tolk_error_set(TOLK_EINVALID, _("a translation pair needs two words"));
	size_t bad;
	if (tolk_utf8_validate(&bad, src_word, strlen(src_word)) < 0 ||
	    tolk_utf8_validate(&bad, tgt_word, strlen(tgt_word)) < 0)
		return tolk_error_set(TOLK_EINVALID, _("a translation pair is not valid UTF-8"));
	size_t cap = al->cap_given;
	if (tolk_array_grow((void **)&al->given_src, &cap, al->ngiven + 1, sizeof(char *)) < 0)
		return TOLK_ENOMEM;
	if (tolk_array_grow((void **)&al->given_tgt, &al->cap_given, al->ngiven + 1, sizeof(char *)) < 0)
		return TOLK_ENOMEM;
	char *s = fold_dup(src_word), *t = fold_dup(tgt_word);
	if (!s || !t) {
		free(s);
		free(t);
		return TOLK_ENOMEM;
	}
	al->given_src[al->ngiven] = s;
	al->given_tgt[al->ngiven] = t;
	al->ngiven++;
	return 0;
}

const char *tolk_bead_type(char *buf, const tolk_bead *bead)
{
	snprintf(buf, 24, "%zu-%zu", bead->src_count, bead->tgt_count);
	return buf;
}

void tolk_alignment_free(tolk_alignment *alignment)
{
	if (!alignment)
		return;
	free(alignment->beads);
	free(alignment);
}

/* ---- model ----------------------------------------------------------------------------- */

static void model_set_weights(al_model *m, double A[2][AL_NCAT][AL_NMATCH + 1],
                              double R[2][AL_NCAT][AL_NMATCH + 1])
{
	for (int side = 0; side < 2; side++)
		for (int c = 0; c < AL_NCAT; c++) {
			double at = 0, rt = 0;
			for (int k = 0; k <= AL_NMATCH; k++) {
				at += A ? A[side][c][k] : 0;
				rt += R ? R[side][c][k] : 0;
			}
			for (int k = 0; k <= AL_NMATCH; k++) {
				double pa = ((A ? A[side][c][k] : 0) + WEIGHT_PRIOR * p_true[c][k]) / (at + WEIGHT_PRIOR);
				double pw = ((R ? R[side][c][k] : 0) + WEIGHT_PRIOR * p_wrong[c][k]) / (rt + WEIGHT_PRIOR);
				double w = (pa > 0 && pw > 0) ? log(pa / pw) : 0;
				if (w > 6)
					w = 6;
				if (w < -4)
					w = -4;
				m->w[side][c][k] = (float)w;
			}
			for (int k = 0; k < AL_NMATCH; k++)
				m->gain[side][c][k] = m->w[side][c][k] - m->w[side][c][AL_M_NONE];
		}
}

static void model_init(al_model *m, const al_job *job)
{
	memset(m, 0, sizeof(*m));
	const al_side *S = &job->side[0], *T = &job->side[1];
	uint64_t ls = S->len_prefix[S->n], lt = T->len_prefix[T->n];
	m->ratio = (ls && lt) ? (double)lt / (double)ls : 1.0;
	m->variance = 6.8;
	m->lexical = job->al->opts.lexical;
	m->omit_length = m->lexical ? OMIT_LENGTH : 1.0;
	for (int k = 0; k < AL_NBEAD; k++)
		m->prior_cost[k] = -log(m->lexical ? default_prior[k] : gale_church_prior[k]);
	m->lambda = LEXICAL_WEIGHT;
	model_set_weights(m, NULL, NULL);
	m->anchor_cross = 4.0;
	m->anchor_start = 3.0;
	m->anchor_heading = 4.0;
	/* Paragraphs anchor only when both sides have some. */
	bool para[2] = {false, false};
	for (int side = 0; side < 2; side++)
		for (size_t k = 1; k < job->side[side].n; k++)
			if (job->side[side].segs[k].para_start)
				para[side] = true;
	m->anchors = job->al->opts.anchors && para[0] && para[1];
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void count_pair(double C[2][AL_NCAT][AL_NMATCH + 1], const al_job *job, size_t i, size_t j)
{
	al_pair p;
	al_pair_compute(&p, job, i, j);
	for (int side = 0; side < 2; side++) {
		const al_seg *sg = &job->side[side].segs[side ? j : i];
		const uint64_t *mk = side ? p.t : p.s;
		uint64_t ex = mk[0], di = mk[1] & ~ex, co = mk[2] & ~(ex | mk[1]);
		for (int c = 0; c < AL_NCAT; c++) {
			uint64_t cm = sg->cat[c];
			if (!cm)
				continue;
			double e = __builtin_popcountll(cm & ex), d = __builtin_popcountll(cm & di),
			       g = __builtin_popcountll(cm & co);
			C[side][c][AL_M_EXACT] += e;
			C[side][c][AL_M_DICT] += d;
			C[side][c][AL_M_COGNATE] += g;
			C[side][c][AL_M_NONE] += __builtin_popcountll(cm) - e - d - g;
		}
	}
}

/*
 * Re-estimate the model from a path: the length ratio and variance from its
 * 1-1 beads, and the dictionary weights from the rate of dictionary matches in
 * those beads against that in their near neighbours.
 */
static int model_estimate(al_model *m, const al_job *job, const al_path *path)
{
	const al_side *S = &job->side[0], *T = &job->side[1];
	size_t n11 = 0;
	double *z2 = tolk_malloc((path->count + 1) * sizeof(*z2));
	if (!z2)
		return TOLK_ENOMEM;

	/* Length ratio from the 1-1 beads (left-out captions would bias the totals). */
	double sum_s = 0, sum_t = 0;
	size_t i = 0, j = 0;
	for (size_t k = 0; k < path->count; k++) {
		int a = al_bead_src[path->shape[k]], b = al_bead_tgt[path->shape[k]];
		if (a == 1 && b == 1) {
			sum_s += (double)(S->len_prefix[i + 1] - S->len_prefix[i]);
			sum_t += (double)(T->len_prefix[j + 1] - T->len_prefix[j]);
		}
		i += (size_t)a;
		j += (size_t)b;
	}
	if (sum_s > 0 && sum_t > 0)
		m->ratio = sum_t / sum_s;
	i = j = 0;
	double A[2][AL_NCAT][AL_NMATCH + 1], R[2][AL_NCAT][AL_NMATCH + 1];
	memset(A, 0, sizeof(A));
	memset(R, 0, sizeof(R));
	static const long neighbours[] = {-2, -1, 1, 2};
	for (size_t k = 0; k < path->count; k++) {
		int a = al_bead_src[path->shape[k]], b = al_bead_tgt[path->shape[k]];
		if (a == 1 && b == 1) {
			double ls = (double)(S->len_prefix[i + 1] - S->len_prefix[i]);
			double lt = (double)(T->len_prefix[j + 1] - T->len_prefix[j]);
			double mean = (ls + lt / m->ratio) / 2;
			if (mean > 0) {
				double d = m->ratio * ls - lt;
				z2[n11++] = d * d / mean;
			}
			if (m->lexical) {
				count_pair(A, job, i, j);
				for (size_t o = 0; o < sizeof(neighbours) / sizeof(neighbours[0]); o++) {
					long jj = (long)j + neighbours[o];
					if (jj >= 0 && (size_t)jj < T->n)
						count_pair(R, job, i, (size_t)jj);
				}
			}
		}
		i += (size_t)a;
		j += (size_t)b;
	}
	if (n11 >= 10) {
		/* Median of z^2 over that of a chi-square with one degree of freedom: robust
		   against the wrong beads a first pass still has. */
		qsort(z2, n11, sizeof(*z2), cmp_double);
		double v = z2[n11 / 2] / 0.4549 * VARIANCE_TEMPER;
		m->variance = v < 1 ? 1 : v > 60 ? 60 : v;
	}
	free(z2);

	if (m->lexical) {
		/* Only the dictionary's weights: the learned dictionary's quality varies most
		   from one pair of texts to another. */
		al_model est = *m;
		model_set_weights(&est, A, R);
		for (int side = 0; side < 2; side++)
			for (int c = 0; c < AL_NCAT; c++) {
				m->w[side][c][AL_M_DICT] = est.w[side][c][AL_M_DICT];
				m->gain[side][c][AL_M_DICT] = m->w[side][c][AL_M_DICT] - m->w[side][c][AL_M_NONE];
			}
	}
	return 0;
}

/* ---- passes ------------------------------------------------------------------------------ */

static int search_widening(al_path *path, unsigned *band_used, al_job *job, const al_model *model,
                           const size_t *clo, const size_t *chi, unsigned band)
{
	size_t n = job->side[0].n, m = job->side[1].n;
	size_t maxb = job->al->opts.max_band;
	if (!maxb) {
		maxb = MAX_CELLS / 2 / (n + 1);
		if (maxb < 64)
			maxb = 64;
	}
	if (band > maxb)
		band = (unsigned)maxb;
	for (;;) {
		bool touched;
		int rc = al_search(path, job, model, clo, chi, band, &touched);
		if (rc < 0)
			return rc;
		*band_used = band;
		if (!touched || band >= maxb || band >= m + 1)
			return 0;
		band = band * 2 > maxb ? (unsigned)maxb : band * 2;
		job->rows_total += n + 1;
	}
}

/* Column ranges for rows 0..n, all empty until a path fills them (the caller frees both). */
static int empty_band(size_t **clo, size_t **chi, size_t n)
{
	*clo = tolk_malloc((n + 1) * sizeof(**clo));
	*chi = tolk_malloc((n + 1) * sizeof(**chi));
	if (!*clo || !*chi)
		return TOLK_ENOMEM;
	for (size_t r = 0; r <= n; r++) {
		(*clo)[r] = SIZE_MAX;
		(*chi)[r] = 0;
	}
	return 0;
}

/* Column range of a path at each row, as the centre of the next band (replacing the band in *clo, *chi). */
static int path_centre(size_t **clo, size_t **chi, const al_job *job, const al_path *path)
{
	size_t n = job->side[0].n;
	free(*clo);
	free(*chi);
	*clo = *chi = NULL;
	if (empty_band(clo, chi, n) < 0)
		return TOLK_ENOMEM;
	size_t i = 0, j = 0;
	(*clo)[0] = 0;
	for (size_t k = 0; k < path->count; k++) {
		int a = al_bead_src[path->shape[k]], b = al_bead_tgt[path->shape[k]];
		for (int x = 0; x <= a; x++) {
			size_t r = i + (size_t)x;
			if (j < (*clo)[r])
				(*clo)[r] = j;
			if (j + (size_t)b > (*chi)[r])
				(*chi)[r] = j + (size_t)b;
		}
		i += (size_t)a;
		j += (size_t)b;
	}
	for (size_t r = 0; r <= n; r++)
		if ((*clo)[r] == SIZE_MAX)
			(*clo)[r] = (*chi)[r];
	return 0;
}

/*
 * Coarse-to-fine: a long document is first aligned as blocks of BLOCK
 * segments with the length model alone (block lengths are reliable), and the
 * full search then runs in a narrow band around that path. A band around the
 * plain diagonal would have to grow with the square root of the length to
 * follow the drift of omissions and merges.
 */
static int coarse_centre(size_t **clo, size_t **chi, unsigned *band, al_job *job)
{
	const size_t n = job->side[0].n, m = job->side[1].n;
	*clo = *chi = NULL;
	if (n < COARSE_MIN || m < COARSE_MIN)
		return 0;
	size_t ks = BLOCK, kt = (size_t)((double)BLOCK * (double)m / (double)n + 0.5);
	if (kt < 1)
		kt = 1;
	size_t nbs = (n + ks - 1) / ks, nbt = (m + kt - 1) / kt;
	al_job cj;
	memset(&cj, 0, sizeof(cj));
	cj.al = job->al;
	cj.nl_table = job->nl_table;
	cj.nl_table_size = job->nl_table_size;
	cj.nl_table_step = job->nl_table_step;
	cj.rows_total = job->rows_total;
	cj.rows_done = job->rows_done;
	cj.side[0].n = nbs;
	cj.side[1].n = nbt;
	int rc = TOLK_ENOMEM;
	al_path path = {0};
	cj.side[0].len_prefix = tolk_malloc((nbs + 1) * sizeof(uint64_t));
	cj.side[1].len_prefix = tolk_malloc((nbt + 1) * sizeof(uint64_t));
	if (!cj.side[0].len_prefix || !cj.side[1].len_prefix)
		goto done;
	for (size_t b = 0; b <= nbs; b++)
		cj.side[0].len_prefix[b] = job->side[0].len_prefix[b * ks < n ? b * ks : n];
	for (size_t b = 0; b <= nbt; b++)
		cj.side[1].len_prefix[b] = job->side[1].len_prefix[b * kt < m ? b * kt : m];
	al_model cm;
	model_init(&cm, job);
	cm.lexical = false;
	cm.anchors = false;
	for (int k = 0; k < AL_NBEAD; k++)
		cm.prior_cost[k] = -log(gale_church_prior[k]);
	cm.omit_length = 1.0;
	cm.half_variance = cm.variance / 2;
	cm.inv_ratio = 1 / cm.ratio;
	unsigned coarse_band;
	if ((rc = search_widening(&path, &coarse_band, &cj, &cm, NULL, NULL, FIRST_BAND)) < 0)
		goto done;
	job->rows_done = cj.rows_done;
	if ((rc = empty_band(clo, chi, n)) < 0)
		goto done;
	/* Block corners back in segment coordinates, joined by straight lines. */
	size_t bi = 0, bj = 0;
	for (size_t k = 0; k < path.count; k++) {
		size_t i0 = bi * ks < n ? bi * ks : n, j0 = bj * kt < m ? bj * kt : m;
		bi += al_bead_src[path.shape[k]];
		bj += al_bead_tgt[path.shape[k]];
		size_t i1 = bi * ks < n ? bi * ks : n, j1 = bj * kt < m ? bj * kt : m;
		for (size_t r = i0; r <= i1; r++) {
			size_t lo = j0, hi = j1;
			if (i1 > i0) {
				double c = (double)j0 + (double)(j1 - j0) * (double)(r - i0) / (double)(i1 - i0);
				lo = (size_t)c;
				hi = (size_t)ceil(c);
			}
			if (lo < (*clo)[r])
				(*clo)[r] = lo;
			if (hi > (*chi)[r])
				(*chi)[r] = hi;
		}
	}
	(*clo)[0] = 0;
	(*chi)[n] = m;
	for (size_t r = 0; r <= n; r++)
		if ((*clo)[r] == SIZE_MAX)
			(*clo)[r] = (*chi)[r];
	/* The true path strays from the straight block lines by at most about a block. */
	*band = (unsigned)(2 * (ks > kt ? ks : kt) + 8);
	rc = 0;
done:
	if (rc < 0) {
		free(*clo);
		free(*chi);
		*clo = *chi = NULL;
	}
	al_path_free(&path);
	free(cj.side[0].len_prefix);
	free(cj.side[1].len_prefix);
	return rc;
}

static double logistic(double z)
{
	return 1.0 / (1.0 + exp(-z));
}

static int make_result(tolk_alignment **out, const al_job *job, const al_model *m,
                       const al_path *path, const double *post)
{
	tolk_alignment *res = tolk_calloc(1, sizeof(*res));
	if (!res)
		return TOLK_ENOMEM;
	res->beads = tolk_calloc(path->count ? path->count : 1, sizeof(*res->beads));
	if (!res->beads) {
		free(res);
		return TOLK_ENOMEM;
	}
	res->count = path->count;
	res->length_ratio = m->ratio;
	res->length_variance = m->variance;
	res->dictionary_size = job->learned.count;
	size_t i = 0, j = 0;
	for (size_t k = 0; k < path->count; k++) {
		int shape = path->shape[k];
		int a = al_bead_src[shape], b = al_bead_tgt[shape];
		tolk_bead *bd = &res->beads[k];
		bd->src_start = i;
		bd->src_count = (size_t)a;
		bd->tgt_start = j;
		bd->tgt_count = (size_t)b;
		if (a && b) {
			al_bead_cost c;
			al_bead_cost_eval(&c, job, m, i, j, shape);
			size_t ntok = 0;
			for (int x = 0; x < a; x++)
				ntok += job->side[0].segs[i + (size_t)x].ntok;
			for (int y = 0; y < b; y++)
				ntok += job->side[1].segs[j + (size_t)y].ntok;
			double d = c.length_delta;
			double length_llr = 1.609 - 0.48 * d * d;
			double evidence = SCORE_BIAS + SCORE_LEXICAL * c.lex_llr / sqrt((double)ntok + 1) +
			                  SCORE_LENGTH * (length_llr < 0 ? length_llr : 0);
			bd->score = post[k] * logistic(evidence);
		}
		i += (size_t)a;
		j += (size_t)b;
	}
	*out = res;
	return 0;
}

static int job_add_given(al_job *job)
{
	tolk_aligner *al = job->al;
	for (size_t k = 0; k < al->ngiven; k++) {
		uint32_t s, t;
		if (al_intern(&s, &job->forms, 'w', al->given_src[k], strlen(al->given_src[k])) < 0 ||
		    al_intern(&t, &job->forms, 'w', al->given_tgt[k], strlen(al->given_tgt[k])) < 0 ||
		    al_dict_add(&job->given, s, t) < 0)
			return TOLK_ENOMEM;
	}
	al_dict_sort(&job->given);
	return 0;
}

int tolk_align(tolk_alignment **out, tolk_aligner *al, const tolk_segment *src, size_t nsrc,
               const tolk_segment *tgt, size_t ntgt)
{
	if (out)
		*out = NULL;
	if (!out || !al || (nsrc && !src) || (ntgt && !tgt))
		return tolk_error_set(TOLK_EINVALID, _("invalid arguments to tolk_align"));
	if (nsrc >= UINT32_MAX || ntgt >= UINT32_MAX)
		return tolk_error_set(TOLK_EINVALID, _("too many segments to align"));
	al_job job;
	al_model model;
	al_path path = {0}, prev = {0};
	size_t *clo = NULL, *chi = NULL;
	double *post = NULL;
	unsigned band_used = FIRST_BAND;
	int rc;
	memset(&job, 0, sizeof(job));
	job.al = al;
	const tolk_align_options *o = &al->opts;

	if ((rc = al_interner_init(&job.forms)) < 0 || (rc = al_gc_table_init(&job)) < 0 ||
	    (rc = al_side_build(&job, 0, src, nsrc)) < 0 || (rc = al_side_build(&job, 1, tgt, ntgt)) < 0 ||
	    (rc = job_add_given(&job)) < 0)
		goto done;
	if (o->lexical && job.given.count && (rc = al_side_add_dict_keys(&job)) < 0)
		goto done;
	if ((rc = al_side_finish(&job, 0)) < 0 || (rc = al_side_finish(&job, 1)) < 0)
		goto done;

	model_init(&model, &job);
	int passes = o->lexical && o->learn_dictionary ? 3 : 2;
	/* The passes and the posterior's forward and backward sweeps. */
	job.rows_total = (uint64_t)(passes + 2) * (nsrc + 1);
	for (int pass = 0; pass < passes; pass++) {
		model.half_variance = model.variance / 2;
		model.inv_ratio = 1 / model.ratio;
		if (model.lexical && ((rc = al_side_set_base(&job.side[0], &model, 0)) < 0 ||
		                      (rc = al_side_set_base(&job.side[1], &model, 1)) < 0))
			goto done;
		if (pass == 0) {
			unsigned band = FIRST_BAND;
			if ((rc = coarse_centre(&clo, &chi, &band, &job)) < 0)
				goto done;
			rc = search_widening(&path, &band_used, &job, &model, clo, chi, band);
		} else
			rc = search_widening(&path, &band_used, &job, &model, clo, chi, REFINE_BAND);
		if (rc < 0)
			goto done;
		if (pass == passes - 1)
			break;
		if ((rc = model_estimate(&model, &job, &path)) < 0)
			goto done;
		if (o->lexical && o->learn_dictionary) {
			if ((rc = al_learn_dictionary(&job, &path)) < 0 || (rc = al_side_add_dict_keys(&job)) < 0)
				goto done;
		}
		if ((rc = path_centre(&clo, &chi, &job, &path)) < 0)
			goto done;
		al_path tmp = prev;
		prev = path;
		path = tmp;
		path.count = 0;
	}
	if (model.lexical && ((rc = al_side_set_base(&job.side[0], &model, 0)) < 0 ||
	                      (rc = al_side_set_base(&job.side[1], &model, 1)) < 0))
		goto done;
	if (!(post = tolk_malloc((path.count + 1) * sizeof(*post)))) {
		rc = TOLK_ENOMEM;
		goto done;
	}
	/*
	 * The posterior sums over the paths near the one found: paths that stray
	 * further than a few segments from it carry no weight a double can hold.
	 */
	if ((rc = path_centre(&clo, &chi, &job, &path)) < 0)
		goto done;
	if ((rc = al_posteriors(post, &job, &model, clo, chi, POSTERIOR_BAND, &path, POSTERIOR_TEMPERATURE)) < 0)
		goto done;
	rc = make_result(out, &job, &model, &path, post);
done:
	free(post);
	al_path_free(&path);
	al_path_free(&prev);
	free(clo);
	free(chi);
	al_side_free(&job.side[0]);
	al_side_free(&job.side[1]);
	al_dict_free(&job.given);
	al_dict_free(&job.learned);
	al_interner_free(&job.forms);
	free(job.nl_table);
	return rc;
}
