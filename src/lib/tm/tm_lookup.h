/* Private to lookup: tm_lookup.c (the search) and tm_lookup_keys.c (what it asks the index for). */
#ifndef TOLK_TM_LOOKUP_H
#define TOLK_TM_LOOKUP_H

#include "tm_private.h"

/*
 * One or more query words as the index is asked for them: every unit in
 * which any of those words could match (as typed, or as part of a compound
 * written another way) holds one of its terms.
 */
typedef struct tm_qkey {
	char *terms;              /* FTS5 queries of one term each ("term"), one after the other, NUL-separated */
	size_t nterms;
	uint32_t mult;            /* query words it stands for */
	int64_t df;               /* estimated documents holding a term (a hint for ordering) */
} tm_qkey;

/* The keys of the query in tm->qtok; *n is at most its number of words. */
int tm_query_keys(tm_qkey **out, size_t *n, tolk_tm *tm);
void tm_query_keys_free(tm_qkey *keys, size_t n);
/*
 * A piece longer than this is no compound a unit writes in pieces: it asks for
 * itself only. Its family would be a term per byte, each as long as the piece
 * (a 1 MB "word" in a query took minutes).
 */
#define TM_FAMILY_MAX_BYTES 256
/* Can a piece of a unit end (or start) between key bytes at-1 and at of a query word? */
bool tm_key_cut_allowed(const char *s, uint32_t at);

#endif
