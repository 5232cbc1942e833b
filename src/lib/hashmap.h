/*
 * The one hash map of libtolk (private): from a 64-bit hash (hash.h) to a uint32 id that
 * indexes the caller's own array of entries, so each user keeps its entries as it likes and
 * shares the probing. Open addressing, linear probing, at most half full.
 *
 *	size_t pos = TOLK_HASHMAP_START;
 *	for (uint32_t id; (id = tolk_hashmap_probe(m, h, &pos)) != TOLK_HASHMAP_NONE;)
 *		if (same_key(&entries[id], key))
 *			return id;
 *	tolk_hashmap_put(m, h, new_id);    (only for a hash/key not yet in the map)
 *
 * A caller that lets 64-bit hashes stand for its keys takes the first id the probe gives.
 */
#ifndef TOLK_HASHMAP_H
#define TOLK_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct tolk_hashmap {
	uint64_t *hashes; /* 0 = empty slot (a hash of 0 is stored as 1) */
	uint32_t *ids;
	size_t cap, count; /* cap is 0 or a power of two */
} tolk_hashmap;

#define TOLK_HASHMAP_INIT {NULL, NULL, 0, 0}
#define TOLK_HASHMAP_NONE UINT32_MAX
#define TOLK_HASHMAP_START SIZE_MAX

static inline uint64_t tolk_hashmap_key(uint64_t h)
{
	return h ? h : 1;
}

/* The next id stored under hash h, or TOLK_HASHMAP_NONE; *pos starts at TOLK_HASHMAP_START. */
static inline uint32_t tolk_hashmap_probe(const tolk_hashmap *m, uint64_t h, size_t *pos)
{
	if (!m->cap)
		return TOLK_HASHMAP_NONE;
	h = tolk_hashmap_key(h);
	size_t mask = m->cap - 1;
	size_t p = *pos == TOLK_HASHMAP_START ? (size_t)h & mask : *pos;
	for (;; p = (p + 1) & mask) {
		uint64_t s = m->hashes[p];
		if (!s) {
			*pos = p;
			return TOLK_HASHMAP_NONE;
		}
		if (s == h) {
			*pos = (p + 1) & mask;
			return m->ids[p];
		}
	}
}

/* Add id under hash h (growing as needed); 0 or TOLK_ENOMEM (error recorded). */
int tolk_hashmap_put(tolk_hashmap *m, uint64_t h, uint32_t id);
/* Room for n entries without growing; 0 or TOLK_ENOMEM. */
int tolk_hashmap_reserve(tolk_hashmap *m, size_t n);
/* Empty the map, keeping its memory. */
void tolk_hashmap_clear(tolk_hashmap *m);
void tolk_hashmap_free(tolk_hashmap *m);

#endif
