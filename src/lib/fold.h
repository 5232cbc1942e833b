/*
 * One fold for every comparison in libtolk that ignores case, or case and accents (private).
 *
 * The aligner, the translation memory and the term base must agree on what "the same word"
 * is, so that a term the base recognises is the word the memory indexes and the aligner
 * pairs. The fold of a code point is Unicode's simple default case folding (u_foldCase), then
 * its compatibility decomposition (NFKD), then the combining marks dropped and what is left
 * case-folded again:
 *
 *   é = e      NFKD splits off the accent, which is dropped (TOLK_FOLD_CASE_ACCENTS only).
 *   ĳ = ij     the Dutch ligature letter is typed both ways; NFKD splits it.
 *   ﬁ = fi     PDF text keeps typographic ligatures; NFKD splits them.
 *   ß ≠ ss     simple folding keeps ß (and folds ẞ to it). German tells Masse from Maße, and
 *              the memory's index has always been keyed so: full folding (ß → ss) would change
 *              the keys of every stored memory holding a ß, and an FTS5 index whose tokenizer
 *              changes under it cannot delete its old rows correctly. STRASSE/Straße is the
 *              price (capitals-only German), which a Dutch-English department meets in names.
 *
 * NFKD rather than NFD: NFD leaves ĳ, ﬁ, ﬂ, full-width letters and superscripts alone, and
 * those are exactly what text extracted from PDF differs in. A compatibility decomposition
 * is taken only where it yields letters and digits (and marks) of at most TOLK_FOLD_CP_MAX
 * bytes: ½ → 1⁄2 or ℅ → c/o would add punctuation that splits a word, and a folded key must
 * tokenize as the word it came from. Such characters are case-folded only. A combining mark
 * folds to nothing, so "e" + U+0301 and "é" fold alike.
 *
 * TOLK_FOLD_CASE keeps accents (spelling ranks and hyphen evidence, where "kómen" and
 * "komen" are different words): simple case folding alone, no normalisation.
 *
 * The fold of a code point never depends on its neighbours, so the fold of a string is the
 * concatenation of the folds of its code points (checked against ICU's whole-string
 * normalisation by tests/unit/test_fold.c).
 */
#ifndef TOLK_FOLD_H
#define TOLK_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "tolk/common.h" /* tolk_fold_mode, and tolk_text_fold for callers outside the library */

/* Most bytes the fold of one code point takes; longer decompositions are not taken. */
#define TOLK_FOLD_CP_MAX 10
/* The fold of a valid UTF-8 string takes at most this many bytes per input byte
 * (TOLK_FOLD_CP_MAX from a 2-byte character); the unit test checks every code point. */
#define TOLK_FOLD_GROWTH 5

/* Fold of one code point into out (at least TOLK_FOLD_CP_MAX bytes, not terminated);
 * returns its length in bytes, 0 when it drops out (a mark, with TOLK_FOLD_CASE_ACCENTS).
 * cp must be a Unicode scalar value. Thread-safe. */
size_t tolk_fold_cp(char *out, int32_t cp, tolk_fold_mode mode);

/* Fold of the UTF-8 text s[0..len) into out (cap bytes; not terminated). Returns the length,
 * or SIZE_MAX when s is not valid UTF-8 or the fold does not fit in cap
 * (len * TOLK_FOLD_GROWTH always fits). */
size_t tolk_fold(char *out, size_t cap, const char *s, size_t len, tolk_fold_mode mode);

#endif
