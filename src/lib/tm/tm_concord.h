/* Private to concordance: tm_phrase.c (a phrase, and where a text holds it) and tm_concord.c (the search). */
#ifndef TOLK_TM_CONCORD_H
#define TOLK_TM_CONCORD_H

#include "tm_private.h"

#define TM_PHRASE_MAX_WORDS 16

typedef struct tm_phrase_word {
	char key[64];
	size_t len;
	tm_stem stem;
	/* a Dutch separable verb (vaststellen): its particle's length, and the verb's stems without it */
	size_t particle_len;
	tm_stem verb;
} tm_phrase_word;

typedef struct tm_phrase {
	tm_phrase_word words[TM_PHRASE_MAX_WORDS];
	size_t n;
} tm_phrase;

/*
 * The words of phrase (a hyphenated word taken apart), each with its Dutch
 * and/or English stems; a Dutch separable verb also as its verb and particle.
 */
int tm_phrase_parse(tm_phrase *out, const char *phrase, bool dutch, bool english);
/*
 * An FTS5 query for the units that may hold the phrase: every word, each as
 * one of its variants taken as a prefix. The index keeps no positions
 * (detail=none keeps it small and quick to build), so where the words are is
 * checked on the texts found (tm_phrase_find).
 */
int tm_phrase_query(tolk_buf *q, const tm_phrase *p);
/*
 * Where the text (tokens t) holds the phrase: the spans of its words,
 * ascending; *found is false when it does not, *exact true when every word is
 * as typed. The first occurrence is taken, or the first exact one. A
 * separable verb also matches split, as a main clause writes it: a finite
 * form earlier in the clause and the particle in the verb's place ("stelde de
 * begroting vast" for "de begroting vaststellen"), or as a te-infinitive
 * ("vast te stellen").
 */
int tm_phrase_find(bool *found, bool *exact, tolk_tm_span **spans, size_t *nspans, const char *text,
                   const tm_tokens *t, const tm_phrase *p, bool dutch, bool english);

#endif
