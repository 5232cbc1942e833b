/*
 * tolk: sentence alignment of a text and its translation.
 *
 * tolk_align() pairs the segments of a source text with those of its
 * translation as a monotone sequence of beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2,
 * 1-3, 3-1). It is a dynamic program combining a Gale–Church length model,
 * whose parameters are estimated from the two texts, with lexical evidence:
 * numbers, acronyms and names, cognates, punctuation, term-base concepts and
 * a dictionary learned from a first pass over the same texts. Paragraph and
 * heading boundaries (from the segmenter) act as strong anchors. The search
 * runs in a band: around the diagonal for short documents, around a path found
 * on blocks of segments for long ones (coarse to fine), widening only when the
 * path nears the band's edge; memory grows linearly with the document.
 *
 * An aligner holds settings only: it can align any number of documents, one
 * call at a time (different aligners may run on different threads).
 *
 *     tolk_aligner *al;
 *     tolk_alignment *a;
 *     tolk_aligner_new(&al, "nl", "en", NULL);
 *     tolk_align(&a, al, src->items, src->count, tgt->items, tgt->count);
 *     for (size_t k = 0; k < a->count; k++) ... a->beads[k] ...
 *     tolk_alignment_free(a);
 *     tolk_aligner_free(al);
 */
#ifndef TOLK_ALIGN_H
#define TOLK_ALIGN_H

#include <stdbool.h>
#include "tolk/common.h"
#include "tolk/segment.h"
#include "tolk/termbase.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tolk_align_options {
	unsigned int version;   /* TOLK_ALIGN_OPTIONS_VERSION */
	/*
	 * Lexical evidence (numbers, names, cognates, punctuation, terms, the
	 * learned dictionary). Off leaves a plain Gale–Church length aligner.
	 */
	bool lexical;
	/* Learn a dictionary from the first pass and realign with it. */
	bool learn_dictionary;
	/* Paragraph and heading boundaries as anchors (when segments carry them). */
	bool anchors;
	/* Widest band (in segments either side of the diagonal) the search may grow to; 0 = default. */
	unsigned int max_band;
	/* Called as rows of the search are done; a non-zero return cancels. */
	tolk_progress_cb progress;
	void *progress_payload;
} tolk_align_options;

#define TOLK_ALIGN_OPTIONS_VERSION 1
#define TOLK_ALIGN_OPTIONS_INIT {TOLK_ALIGN_OPTIONS_VERSION, true, true, true, 0, NULL, NULL}

/* Fill opts with the defaults (TOLK_ALIGN_OPTIONS_INIT). */
TOLK_EXTERN int tolk_align_options_init(tolk_align_options *opts, unsigned int version);

typedef struct tolk_aligner tolk_aligner;

/*
 * src_lang and tgt_lang are language tags ("nl", "en-GB"); they select the
 * term base's languages and are otherwise informational: the models are
 * estimated from the texts. opts may be NULL for the defaults.
 */
TOLK_EXTERN int tolk_aligner_new(tolk_aligner **out, const char *src_lang, const char *tgt_lang,
                                 const tolk_align_options *opts);
TOLK_EXTERN void tolk_aligner_free(tolk_aligner *al);

/*
 * Use a term base's concepts as lexical evidence: a segment pair sharing a
 * concept (recognised in each language) is more likely a translation. tb is
 * borrowed and must outlive the aligner; NULL removes it.
 */
TOLK_EXTERN int tolk_aligner_set_termbase(tolk_aligner *al, tolk_termbase *tb);

/* A known translation pair of single words (case and accents ignored). */
TOLK_EXTERN int tolk_aligner_add_pair(tolk_aligner *al, const char *src_word, const char *tgt_word);

typedef struct tolk_bead {
	size_t src_start, src_count;  /* segments src_start .. src_start+src_count-1 */
	size_t tgt_start, tgt_count;
	/*
	 * Probability 0..1 that the bead is right: its posterior under the model
	 * (low where the boundaries were a close call) times the chance that the
	 * two sides translate each other at all (low for an unrelated pair).
	 * Calibrated on held-out development sets; 0 for beads with an empty side.
	 */
	double score;
} tolk_bead;

typedef struct tolk_alignment {
	tolk_bead *beads;             /* in text order; every segment of each side exactly once */
	size_t count;
	/* The length model as estimated for this pair of texts. */
	double length_ratio;          /* target characters per source character */
	double length_variance;       /* variance of the length difference per source character */
	size_t dictionary_size;       /* word pairs learned from the first pass */
} tolk_alignment;

/*
 * Align src[0..nsrc) with tgt[0..ntgt). Only the segments' text, paragraph
 * and kind are read (paragraph 0 means unknown). Either side may be empty.
 * *out is freed with tolk_alignment_free.
 */
TOLK_EXTERN int tolk_align(tolk_alignment **out, tolk_aligner *al, const tolk_segment *src, size_t nsrc,
                           const tolk_segment *tgt, size_t ntgt);
TOLK_EXTERN void tolk_alignment_free(tolk_alignment *alignment);

/* "1-1", "2-1", "0-1", …: the bead's shape (buf needs 24 bytes). */
TOLK_EXTERN const char *tolk_bead_type(char *buf, const tolk_bead *bead);

#ifdef __cplusplus
}
#endif
#endif
