/* tolk_hashmap: see hashmap.h. */
#include "hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static void place(uint64_t *hashes, uint32_t *ids, size_t cap, uint64_t h, uint32_t id)
{
	size_t p = (size_t)h & (cap - 1);
	while (hashes[p])
		p = (p + 1) & (cap - 1);
	hashes[p] = h;
	ids[p] = id;
}

int tolk_hashmap_reserve(tolk_hashmap *m, size_t n)
{
	if (n > SIZE_MAX / 4)
		return tolk_error_oom();
	size_t cap = m->cap ? m->cap : 64;
	while (n * 2 > cap)
		cap *= 2;
	if (cap == m->cap)
		return 0;
	uint64_t *hashes = tolk_calloc(cap, sizeof(*hashes));
	uint32_t *ids = tolk_malloc(cap * sizeof(*ids));
	if (!hashes || !ids) {
		free(hashes);
		free(ids);
		return TOLK_ENOMEM;
	}
	for (size_t k = 0; k < m->cap; k++)
		if (m->hashes[k])
			place(hashes, ids, cap, m->hashes[k], m->ids[k]);
	free(m->hashes);
	free(m->ids);
	m->hashes = hashes;
	m->ids = ids;
	m->cap = cap;
	return 0;
}

int tolk_hashmap_put(tolk_hashmap *m, uint64_t h, uint32_t id)
{
	if ((m->count + 1) * 2 > m->cap && tolk_hashmap_reserve(m, m->count + 1) < 0)
		return TOLK_ENOMEM;
	place(m->hashes, m->ids, m->cap, tolk_hashmap_key(h), id);
	m->count++;
	return 0;
}

void tolk_hashmap_clear(tolk_hashmap *m)
{
	if (m->cap)
		memset(m->hashes, 0, m->cap * sizeof(*m->hashes));
	m->count = 0;
}

void tolk_hashmap_free(tolk_hashmap *m)
{
	free(m->hashes);
	free(m->ids);
	memset(m, 0, sizeof(*m));
}
