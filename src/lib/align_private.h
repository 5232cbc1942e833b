/*
 * Private pieces of the aligner shared by align.c (passes and estimation),
 * align_text.c (tokens, keys, learned dictionary) and align_dp.c (the
 * banded dynamic program).
 */
#ifndef TOLK_ALIGN_PRIVATE_H
#define TOLK_ALIGN_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "tolk/align.h"
#include "hashmap.h"

/*
 * Token categories: how much a match or a miss of a token says depends on
 * what kind of token it is, so weights are estimated per category.
 */
enum { AL_CAT_NUM, AL_CAT_PUNCT, AL_CAT_NAME, AL_CAT_WORD, AL_CAT_TERM, AL_NCAT };

/* How a token found a partner on the other side (NONE = it did not). */
enum { AL_M_EXACT, AL_M_DICT, AL_M_COGNATE, AL_NMATCH, AL_M_NONE = AL_NMATCH };

/* Key kinds: what a key of a source token may meet on the target side. */
enum { AL_K_EXACT, AL_K_PREFIX, AL_K_DICT };

/* A segment's tokens beyond this many carry no lexical evidence (bit masks). */
#define AL_MAX_TOK 64

/* Bead shapes the search considers. */
#define AL_NBEAD 8
extern const uint8_t al_bead_src[AL_NBEAD], al_bead_tgt[AL_NBEAD];

typedef struct al_key {
	uint32_t key;
	uint8_t tok;   /* token index in the segment (< AL_MAX_TOK) */
	uint8_t kind;  /* AL_K_* */
} al_key;

typedef struct al_seg {
	uint32_t key_off, nkeys;  /* into side->keys, sorted by key */
	uint32_t tok_off, ntok;   /* into side->tok_form / tok_cat */
	uint64_t cat[AL_NCAT];    /* which tokens are of which category */
	unsigned paragraph;       /* 0 = unknown */
	bool para_start, heading;
} al_seg;

typedef struct al_post {
	uint32_t seg;
	uint8_t tok, kind;
} al_post;

typedef struct al_side {
	al_seg *segs;
	size_t n;
	uint64_t *len_prefix;      /* characters of segments [0, i) */
	double *base_prefix;       /* miss weights of all tokens of segments [0, i), under the model */
	al_key *keys;
	size_t nkeys, cap_keys;
	uint32_t *tok_form;        /* word-form id of each token (UINT32_MAX for none) */
	uint8_t *tok_cat;
	size_t ntok, cap_tok;
	uint32_t *form_df;         /* per form id: segments of this side containing it */
	size_t ndf;                /* form ids known when the side was built */
	/* Inverted index of the keys (built for the target side): CSR by key id. */
	uint32_t *post_off;        /* nindex + 1 entries */
	size_t nindex;             /* key ids covered by the index */
	al_post *post;
} al_side;

/* String interner of folded forms, prefixes, numbers and concepts to dense ids. */
typedef struct al_interner {
	tolk_hashmap map; /* 64-bit hash of kind and string -> dense id */
	size_t count;
} al_interner;

/* Learned or given translations: source form id -> target form ids. */
typedef struct al_dict {
	uint64_t *pairs;  /* (src << 32 | tgt), sorted */
	size_t count, cap;
} al_dict;

/* The model used by one pass of the search. */
typedef struct al_model {
	double ratio;          /* c: target chars per source char */
	double variance;       /* s^2 */
	double half_variance, inv_ratio; /* derived: s^2 / 2 and 1 / c */
	double prior_cost[AL_NBEAD];
	double omit_length;    /* share of the length cost charged to 1-0 and 0-1 beads */
	bool lexical;
	double lambda;         /* weight of the lexical log-likelihood ratio */
	float w[2][AL_NCAT][AL_NMATCH + 1];   /* [side][cat][match] log-likelihood ratios */
	float gain[2][AL_NCAT][AL_NMATCH];    /* w[m] - w[NONE] */
	bool anchors;
	double anchor_cross, anchor_start, anchor_heading;
} al_model;

struct tolk_aligner {
	char *src_lang, *tgt_lang;
	tolk_align_options opts;
	tolk_termbase *termbase;
	/* Pairs given by the caller, as folded strings until a text is seen. */
	char **given_src, **given_tgt;
	size_t ngiven, cap_given;
};

/* The state of one tolk_align() call. */
typedef struct al_job {
	tolk_aligner *al;
	al_interner forms;
	al_side side[2];       /* 0 source, 1 target */
	al_dict given, learned;
	double nl_table_step;  /* Gale–Church cost table */
	float *nl_table;
	size_t nl_table_size;
	/* progress over all passes */
	uint64_t rows_done, rows_total;
} al_job;

/* A path through the grid: bead shapes in order. */
typedef struct al_path {
	uint8_t *shape;        /* index into al_bead_src/tgt */
	size_t count, cap;
} al_path;

/* ---- align_text.c ---------------------------------------------------------------- */
int al_interner_init(al_interner *in);
void al_interner_free(al_interner *in);
/* Dense id of a typed string (kind separates forms, prefixes, numbers, concepts). */
int al_intern(uint32_t *out, al_interner *in, char kind, const char *s, size_t len);

/* Tokenise every segment of a side, fill categories, keys and lengths. */
int al_side_build(al_job *job, int which, const tolk_segment *segs, size_t n);
/* align_terms.c: push a concept token for every term-base concept recognised in text. */
int al_side_term_tokens(al_job *job, int which, const char *text, size_t len,
                        int (*push)(void *ctx, uint32_t concept), void *ctx);
/* Sort keys per segment and build the target's inverted index. */
int al_side_finish(al_job *job, int which);
void al_side_free(al_side *side);
/* Recompute the miss weights of the segments under a model (base_prefix). */
int al_side_set_base(al_side *side, const al_model *model, int which);

/* Dictionary keys: add DICT keys to the source side for the given and learned pairs. */
int al_side_add_dict_keys(al_job *job);
int al_dict_add(al_dict *d, uint32_t src, uint32_t tgt);
void al_dict_sort(al_dict *d);
void al_dict_free(al_dict *d);
/* Learn translations from the 1-1 beads of a path. */
int al_learn_dictionary(al_job *job, const al_path *path);

/* ---- align_dp.c ------------------------------------------------------------------- */
typedef struct al_pair {
	uint64_t s[AL_NMATCH], t[AL_NMATCH]; /* matched token masks by match kind */
} al_pair;

/* Match masks of source segment i against target segment j. */
void al_pair_compute(al_pair *out, const al_job *job, size_t i, size_t j);

/*
 * Band: for each row i (0..n), the columns [lo[i], hi[i]]. center_lo/hi give
 * the columns of a previous path (NULL: the straight diagonal).
 */
int al_search(al_path *out, al_job *job, const al_model *model, const size_t *center_lo,
              const size_t *center_hi, unsigned band, bool *touched_edge);

/*
 * Posterior of each bead of path (found by al_search with the same model and
 * band): the share of all paths through the band, weighted by exp(-cost / T),
 * that hold the bead. A forward and a backward pass over the band.
 */
int al_posteriors(double *post, al_job *job, const al_model *model, const size_t *center_lo,
                  const size_t *center_hi, unsigned band, const al_path *path, double T);

/* Cost parts of one bead starting at (i, j). */
typedef struct al_bead_cost {
	double length, lexical, anchor, prior, total;
	double lex_llr;        /* unscaled lexical log-likelihood ratio */
	double length_delta;   /* Gale–Church delta */
} al_bead_cost;
void al_bead_cost_eval(al_bead_cost *out, const al_job *job, const al_model *model, size_t i,
                       size_t j, int shape);

int al_gc_table_init(al_job *job);
void al_path_free(al_path *p);
int al_path_push(al_path *p, uint8_t shape);

#endif
