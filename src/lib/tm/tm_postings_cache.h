/*
 * Posting lists a lookup read, kept for the next lookups of the same open
 * memory while the store has the same variants (tm_postings_cache.c says why).
 */
#ifndef TOLK_TM_POSTINGS_CACHE_H
#define TOLK_TM_POSTINGS_CACHE_H

#include "tm_backend.h"

/* The kept list of term (an FTS5 string, as postings takes it) into p; false when none is kept. */
bool tm_postings_cache_get(tolk_tm *tm, const char *term, tm_ids *p);
/* Keep p as term's list, read in the snapshot tm->newest is of (tm_newest_seen). */
void tm_postings_cache_put(tolk_tm *tm, const char *term, const tm_ids *p);
/* The store's newest variant now: the lists read before another one are dropped. */
void tm_postings_cache_newest(tolk_tm *tm, int64_t newest);
void tm_postings_cache_free(tolk_tm *tm);

#endif
