/*
 * Translation pairs for the aligner: those the caller gives and those learned
 * from the first pass. Learning counts, over the confident 1-1 beads, how
 * often a source word and a target word occur in the same bead, and keeps the
 * pairs whose Dice coefficient stands out — the "realign" step hunalign is
 * known for, done here inside one run.
 */
#include "align_private.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "hash.h"

/* A learned pair must co-occur in this many beads with at least this Dice. */
#define LEARN_MIN_COOC 2
#define LEARN_MIN_DICE 0.3

int al_dict_add(al_dict *d, uint32_t src, uint32_t tgt)
{
	if (tolk_array_grow((void **)&d->pairs, &d->cap, d->count + 1, sizeof(*d->pairs)) < 0)
		return TOLK_ENOMEM;
	d->pairs[d->count++] = ((uint64_t)src << 32) | tgt;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void al_dict_sort(al_dict *d)
{
	if (d->count)
		qsort(d->pairs, d->count, sizeof(*d->pairs), cmp_u64);
	size_t o = 0;
	for (size_t k = 0; k < d->count; k++)
		if (o == 0 || d->pairs[k] != d->pairs[o - 1])
			d->pairs[o++] = d->pairs[k];
	d->count = o;
}

void al_dict_free(al_dict *d)
{
	free(d->pairs);
	memset(d, 0, sizeof(*d));
}

/* First pair of src in a sorted dictionary (index count when none). */
static size_t dict_lower(const al_dict *d, uint32_t src)
{
	uint64_t want = (uint64_t)src << 32;
	size_t lo = 0, hi = d->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->pairs[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int add_translations(al_side *side, al_key **keys, size_t *nkeys, size_t *cap,
                            const al_dict *d, uint32_t form, uint8_t tok)
{
	for (size_t k = dict_lower(d, form); k < d->count && (d->pairs[k] >> 32) == form; k++) {
		if (tolk_array_grow((void **)keys, cap, *nkeys + 1, sizeof(**keys)) < 0)
			return TOLK_ENOMEM;
		(*keys)[(*nkeys)++] = (al_key){(uint32_t)d->pairs[k], tok, AL_K_DICT};
	}
	(void)side;
	return 0;
}

int al_side_add_dict_keys(al_job *job)
{
	al_side *side = &job->side[0];
	al_key *keys = NULL;
	size_t nkeys = 0, cap = 0;
	for (size_t s = 0; s < side->n; s++) {
		al_seg *sg = &side->segs[s];
		size_t off = nkeys;
		for (size_t k = sg->key_off; k < sg->key_off + sg->nkeys; k++) {
			if (side->keys[k].kind == AL_K_DICT)
				continue;
			if (tolk_array_grow((void **)&keys, &cap, nkeys + 1, sizeof(*keys)) < 0)
				goto oom;
			keys[nkeys++] = side->keys[k];
		}
		for (uint32_t t = 0; t < sg->ntok; t++) {
			uint32_t form = side->tok_form[sg->tok_off + t];
			uint8_t cat = side->tok_cat[sg->tok_off + t];
			if (cat != AL_CAT_WORD && cat != AL_CAT_NAME)
				continue;
			if (add_translations(side, &keys, &nkeys, &cap, &job->given, form, (uint8_t)t) < 0 ||
			    add_translations(side, &keys, &nkeys, &cap, &job->learned, form, (uint8_t)t) < 0)
				goto oom;
		}
		sg->key_off = (uint32_t)off;
		sg->nkeys = (uint32_t)(nkeys - off);
	}
	free(side->keys);
	side->keys = keys;
	side->nkeys = nkeys;
	side->cap_keys = cap;
	return 0;
oom:
	free(keys);
	return TOLK_ENOMEM;
}

static bool learnable(uint8_t cat)
{
	return cat == AL_CAT_WORD || cat == AL_CAT_NAME;
}

typedef struct learn_bead {
	uint32_t src, tgt;
	uint64_t src_free, tgt_free; /* tokens not already explained by an exact or cognate match */
} learn_bead;

typedef struct candidate {
	uint32_t src, tgt;
	double dice;
} candidate;

static int by_tgt_then_dice(const void *x, const void *y)
{
	const candidate *a = x, *b = y;
	if (a->tgt != b->tgt)
		return a->tgt < b->tgt ? -1 : 1;
	return a->dice > b->dice ? -1 : a->dice < b->dice;
}

static uint64_t bead_hash(const al_side *S, size_t i, const al_side *T, size_t j)
{
	uint64_t h = TOLK_HASH64_INIT;
	const al_seg *a = &S->segs[i], *b = &T->segs[j];
	for (uint32_t t = 0; t < a->ntok; t++)
		h = tolk_hash64_step(h, S->tok_form[a->tok_off + t]);
	h = tolk_hash64_step(h, 0xFFFFFFFFu);
	for (uint32_t t = 0; t < b->ntok; t++)
		h = tolk_hash64_step(h, T->tok_form[b->tok_off + t]);
	return h;
}

/* Add h to the set (room reserved by the caller, so it cannot fail); true when it was there. */
static bool seen_before(tolk_hashmap *set, uint64_t h)
{
	size_t pos = TOLK_HASHMAP_START;
	if (tolk_hashmap_probe(set, h, &pos) != TOLK_HASHMAP_NONE)
		return true;
	(void)tolk_hashmap_put(set, h, 0);
	return false;
}

/* Each form counted once per bead: `last` remembers the bead that counted it. */
#define FOR_FREE_TOKENS(side, seg, mask, body)                                   \
	do {                                                                         \
		const al_seg *sg_ = &(side)->segs[(seg)];                                \
		for (uint32_t t_ = 0; t_ < sg_->ntok; t_++) {                            \
			uint32_t form = (side)->tok_form[sg_->tok_off + t_];                 \
			if (!learnable((side)->tok_cat[sg_->tok_off + t_]) ||               \
			    !((mask) >> t_ & 1))                                            \
				continue;                                                        \
			body                                                                 \
		}                                                                        \
	} while (0)

/*
 * The beads each form of one side occurs in, added to freq[form] (and to
 * more[form + 1] when given: the CSR offsets of the source side).
 */
static void count_beads(uint32_t *freq, uint32_t *more, uint32_t *last, size_t nforms, const al_side *side,
                        const learn_bead *beads, size_t nb, bool source)
{
	for (size_t f = 0; f <= nforms; f++)
		last[f] = UINT32_MAX;
	for (uint32_t b = 0; b < nb; b++)
		FOR_FREE_TOKENS(side, source ? beads[b].src : beads[b].tgt, source ? beads[b].src_free : beads[b].tgt_free, {
			if (last[form] != b) {
				last[form] = b;
				freq[form]++;
				if (more)
					more[form + 1]++;
			}
		});
}

/*
 * Learn translations from the 1-1 beads of a path. Tokens already explained
 * by an exact or cognate match are left out (names would otherwise pair with
 * their neighbours), and a pair is kept only when each word is the other's
 * best partner by Dice: small documents give few co-occurrences, and the
 * mutual-best rule keeps the chance ones out.
 *
 * For each source form, the beads it occurs in (CSR); then a dense counter
 * over target forms. Memory stays linear in the tokens, unlike a table of
 * all co-occurring pairs.
 */
int al_learn_dictionary(al_job *job, const al_path *path)
{
	const al_side *S = &job->side[0], *T = &job->side[1];
	size_t nforms = job->forms.count;
	int rc = TOLK_ENOMEM;
	learn_bead *beads = NULL;
	uint32_t *f_src = NULL, *f_tgt = NULL, *off = NULL, *fill = NULL, *occ = NULL;
	uint32_t *count = NULL, *touched = NULL, *last = NULL;
	candidate *cand = NULL;
	tolk_hashmap seen = TOLK_HASHMAP_INIT;
	size_t nb = 0, ncand = 0, cap_cand = 0;

	al_dict_free(&job->learned);
	beads = tolk_malloc((path->count + 1) * sizeof(*beads));
	f_src = tolk_calloc(nforms + 1, sizeof(*f_src));
	f_tgt = tolk_calloc(nforms + 1, sizeof(*f_tgt));
	off = tolk_calloc(nforms + 2, sizeof(*off));
	last = tolk_malloc((nforms + 1) * sizeof(*last));
	if (!beads || !f_src || !f_tgt || !off || !last)
		goto done;
	/* Repeated sentence pairs (boilerplate, quoted passages) are one piece of evidence, not many. */
	if (tolk_hashmap_reserve(&seen, path->count) < 0)
		goto done;
	size_t i = 0, j = 0;
	for (size_t k = 0; k < path->count; k++) {
		int a = al_bead_src[path->shape[k]], b = al_bead_tgt[path->shape[k]];
		if (a == 1 && b == 1 && !seen_before(&seen, bead_hash(S, i, T, j))) {
			al_pair p;
			al_pair_compute(&p, job, i, j);
			beads[nb++] = (learn_bead){(uint32_t)i, (uint32_t)j,
			                           ~(p.s[AL_M_EXACT] | p.s[AL_M_COGNATE]),
			                           ~(p.t[AL_M_EXACT] | p.t[AL_M_COGNATE])};
		}
		i += (size_t)a;
		j += (size_t)b;
	}
	count_beads(f_src, off, last, nforms, S, beads, nb, true);
	count_beads(f_tgt, NULL, last, nforms, T, beads, nb, false);
	for (size_t f = 0; f < nforms; f++)
		off[f + 1] += off[f];
	occ = tolk_malloc((off[nforms] + 1) * sizeof(*occ));
	fill = tolk_malloc((nforms + 1) * sizeof(*fill));
	count = tolk_calloc(nforms + 1, sizeof(*count));
	touched = tolk_malloc((nforms + 1) * sizeof(*touched));
	if (!occ || !fill || !count || !touched)
		goto done;
	memcpy(fill, off, (nforms + 1) * sizeof(*fill));
	for (size_t f = 0; f <= nforms; f++)
		last[f] = UINT32_MAX;
	for (uint32_t b = 0; b < nb; b++)
		FOR_FREE_TOKENS(S, beads[b].src, beads[b].src_free, {
			if (last[form] != b) {
				last[form] = b;
				occ[fill[form]++] = b;
			}
		});

	for (size_t f = 0; f <= nforms; f++)
		last[f] = UINT32_MAX;
	for (size_t f = 0; f < nforms; f++) {
		if (f_src[f] < LEARN_MIN_COOC)
			continue;
		size_t ntouched = 0;
		for (size_t o = off[f]; o < off[f + 1]; o++) {
			uint32_t b = occ[o];
			FOR_FREE_TOKENS(T, beads[b].tgt, beads[b].tgt_free, {
				if (last[form] != b) {
					last[form] = b;
					if (count[form]++ == 0)
						touched[ntouched++] = form;
				}
			});
		}
		candidate best = {0, 0, 0};
		for (size_t k = 0; k < ntouched; k++) {
			uint32_t g = touched[k];
			uint32_t c = count[g];
			count[g] = 0;
			last[g] = UINT32_MAX;
			if (c < LEARN_MIN_COOC)
				continue;
			double dice = 2.0 * c / (double)(f_src[f] + f_tgt[g]);
			/* Ties go to the lower id, so the result does not depend on visiting order. */
			if (dice > best.dice || (dice == best.dice && g < best.tgt))
				best = (candidate){(uint32_t)f, g, dice};
		}
		if (best.dice < LEARN_MIN_DICE)
			continue;
		if (tolk_array_grow((void **)&cand, &cap_cand, ncand + 1, sizeof(*cand)) < 0)
			goto done;
		cand[ncand++] = best;
	}
	/* Mutual best: of the source words choosing a target word, only the strongest keeps it. */
	if (ncand)
		qsort(cand, ncand, sizeof(*cand), by_tgt_then_dice);
	for (size_t k = 0; k < ncand; k++) {
		if (k > 0 && cand[k].tgt == cand[k - 1].tgt && cand[k].dice < cand[k - 1].dice)
			continue;
		if (al_dict_add(&job->learned, cand[k].src, cand[k].tgt) < 0)
			goto done;
	}
	al_dict_sort(&job->learned);
	rc = 0;
done:
	free(beads);
	tolk_hashmap_free(&seen);
	free(f_src);
	free(f_tgt);
	free(off);
	free(fill);
	free(occ);
	free(count);
	free(touched);
	free(last);
	free(cand);
	return rc;
}
