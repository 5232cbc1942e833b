/*
 * Posting lists kept between lookups of one open memory (tm_postings_cache.h).
 *
 * A server's worker looks up sentence after sentence of the same documents,
 * and their words come back: in tolk serve, reading the lists of a query's
 * rarest words from FTS5 (decoding its doclists) was the largest part of a
 * lookup. A list read once is the right answer again while the store has
 * the same variants, since variants are only ever added (never changed or
 * removed) and a store's newest variant id grows with every one: a list is
 * kept until the newest variant changes (tm_postings_cache_newest), when all
 * are dropped. The cache holds at most CACHE_BYTES of ids; when a list would
 * pass that, everything is dropped and filling starts again, which keeps the
 * words of the documents at hand without the bookkeeping of an LRU.
 *
 * Ids are kept in 32 bits (a list with a larger id is read each time): twice
 * the lists in the same memory. Over 7,709 distinct queries of the bench's
 * million units, 32 MB of 64-bit ids answered 29 % of the lists asked for,
 * dropping everything twelve times; the same lists in 64 MB answered 49 %,
 * in 128 MB 78 % (bench/out, README).
 */
#include "tm_postings_cache.h"
#include "hash.h"
#include "hashmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Per open memory (a tolk serve worker has one): room for the lists of some ten thousand words. */
#define CACHE_BYTES (64u << 20)
/* A list longer than this is read each time (a word in one variant of twenty): keeping it would crowd out many. */
#define LONGEST_KEPT 65536

typedef struct cached_list {
	char *term;
	uint32_t *ids;
	size_t n;
} cached_list;

struct tm_postings_cache {
	tolk_hashmap map;         /* hash of the term -> index in lists */
	cached_list *lists;
	size_t nlists, cap;
	size_t bytes;
	int64_t newest;
};

static void cache_clear(struct tm_postings_cache *c)
{
	for (size_t k = 0; k < c->nlists; k++) {
		free(c->lists[k].term);
		free(c->lists[k].ids);
	}
	c->nlists = 0;
	c->bytes = 0;
	tolk_hashmap_clear(&c->map);
}

static uint64_t term_hash(const char *term, size_t len)
{
	return tolk_hash_mix64(tolk_hash64(term, len));
}

/* The list of term, or NULL. */
static const cached_list *find(const struct tm_postings_cache *c, const char *term, uint64_t h)
{
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t k; (k = tolk_hashmap_probe(&c->map, h, &pos)) != TOLK_HASHMAP_NONE;)
		if (strcmp(c->lists[k].term, term) == 0)
			return &c->lists[k];
	return NULL;
}

void tm_postings_cache_free(tolk_tm *tm)
{
	struct tm_postings_cache *c = tm->postings_cache;
	if (!c)
		return;
	cache_clear(c);
	free(c->lists);
	tolk_hashmap_free(&c->map);
	free(c);
	tm->postings_cache = NULL;
}

void tm_postings_cache_newest(tolk_tm *tm, int64_t newest)
{
	struct tm_postings_cache *c = tm->postings_cache;
	if (c && c->newest != newest) {
		cache_clear(c);
		c->newest = newest;
	}
}

bool tm_postings_cache_get(tolk_tm *tm, const char *term, tm_ids *p)
{
	struct tm_postings_cache *c = tm->postings_cache;
	if (!c)
		return false;
	const cached_list *l = find(c, term, term_hash(term, strlen(term)));
	if (!l)
		return false;
	if (tolk_array_grow((void **)&p->ids, &p->cap, l->n ? l->n : 1, sizeof(*p->ids)) < 0) {
		tolk_error_clear(); /* read from the store instead */
		return false;
	}
	for (size_t k = 0; k < l->n; k++)
		p->ids[k] = l->ids[k];
	p->n = l->n;
	return true;
}

void tm_postings_cache_put(tolk_tm *tm, const char *term, const tm_ids *p)
{
	if (p->n > LONGEST_KEPT)
		return;
	for (size_t k = 0; k < p->n; k++)
		if (p->ids[k] < 0 || p->ids[k] > UINT32_MAX)
			return;
	struct tm_postings_cache *c = tm->postings_cache;
	if (!c) {
		if (!(c = calloc(1, sizeof(*c))))
			return; /* only slower */
		c->newest = tm->newest;
		tm->postings_cache = c;
	}
	size_t len = strlen(term), bytes = p->n * sizeof(uint32_t) + len + 1 + sizeof(cached_list);
	if (c->bytes + bytes > CACHE_BYTES)
		cache_clear(c);
	uint64_t h = term_hash(term, len);
	if (find(c, term, h))
		return;
	cached_list l = {malloc(len + 1), p->n ? malloc(p->n * sizeof(uint32_t)) : NULL, p->n};
	if (!l.term || (p->n && !l.ids) ||
	    tolk_array_grow((void **)&c->lists, &c->cap, c->nlists + 1, sizeof(*c->lists)) < 0 ||
	    tolk_hashmap_put(&c->map, h, (uint32_t)c->nlists) < 0) {
		tolk_error_clear();
		free(l.term);
		free(l.ids);
		return;
	}
	memcpy(l.term, term, len + 1);
	for (size_t k = 0; k < p->n; k++)
		l.ids[k] = (uint32_t)p->ids[k];
	c->lists[c->nlists++] = l;
	c->bytes += bytes;
}
