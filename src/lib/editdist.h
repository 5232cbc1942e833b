/* The one edit distance of libtolk (private): term-base fuzzy lookup and spelling suggestions. */
#ifndef TOLK_EDITDIST_H
#define TOLK_EDITDIST_H

#include <stddef.h>
#include <stdint.h>

/* Longest input, in units; longer ones are "over the limit". */
#define TOLK_EDIT_MAX 64

/*
 * Optimal string alignment distance (Levenshtein plus swaps of neighbours, each counted once,
 * no edits inside a swapped pair) between a[0..na) and b[0..nb), in units the caller chose
 * (bytes or code points). Gives up past limit: then, and for inputs over TOLK_EDIT_MAX units,
 * returns limit + 1.
 */
unsigned tolk_edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, unsigned limit);

#endif
