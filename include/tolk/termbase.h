/*
 * tolk: the term base — approved NL–EN terminology stored as TBX-Basic,
 * with lookup, recognition in running text and a terminology check.
 */
#ifndef TOLK_TERMBASE_H
#define TOLK_TERMBASE_H

#include <stdbool.h>
#include "tolk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tolk_term_status {
	TOLK_TERM_PREFERRED = 0,
	TOLK_TERM_ADMITTED,
	TOLK_TERM_DEPRECATED,
	TOLK_TERM_SUPERSEDED
} tolk_term_status;

typedef struct tolk_termbase tolk_termbase;

/* Load a TBX-Basic file (errors carry FILE:LINE:COL). */
int tolk_termbase_open(tolk_termbase **out, const char *path);
void tolk_termbase_free(tolk_termbase *tb);

/* One occurrence of a term in a text. Strings are owned by the term base. */
typedef struct tolk_term_match {
	size_t start, end;       /* byte range in the text */
	const char *concept_id;
	const char *term;        /* the term base's form of the term */
	const char *lang;        /* "nl" or "en" */
	tolk_term_status status;
} tolk_term_match;

/*
 * All term occurrences in text, longest match first, inflection-aware and
 * multiword, in text order without overlaps. *out freed with free().
 */
int tolk_termbase_recognize(tolk_term_match **out, size_t *count, tolk_termbase *tb,
                            const char *lang, const char *text, size_t len);

/* Call cb for every term of lang ("nl"/"en"); a non-zero return stops and is returned. */
typedef int (*tolk_term_cb)(const char *concept_id, const char *term, tolk_term_status status,
                            void *payload);
int tolk_termbase_foreach(tolk_termbase *tb, const char *lang, tolk_term_cb cb, void *payload);

/* The terms of one concept in one language (calls cb as above). TOLK_ENOTFOUND if no such concept. */
int tolk_termbase_concept_terms(tolk_termbase *tb, const char *concept_id, const char *lang,
                                tolk_term_cb cb, void *payload);

const char *tolk_term_status_name(tolk_term_status status); /* "preferred", … */

#ifdef __cplusplus
}
#endif
#endif
