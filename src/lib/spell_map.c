/*
 * Word -> entry map on the shared hash map (hashmap.h), keys in an arena (see spell_map.h).
 *
 * The slot order of the index decides which word-list words a suggestion search meets first
 * and so how ties between suggestions fall. It is the order the map had when it was its own
 * table (1024 slots at first, doubled when half full, rehashed in slot order, linear probing
 * from hash & mask), because the index is given 1024 slots on the first put and
 * tolk_hashmap grows and rehashes the same way: keep it so, or suggestions change order.
 */
#include "spell_map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "hash.h"

enum { FIRST_SLOTS = 1024 };

uint64_t spell_map_hash(const char *key, size_t len)
{
	uint64_t h = tolk_hash64(key, len);
	return h ? h : 1; /* as the index stores it (tolk_hashmap_key) */
}

spell_map_entry *spell_map_get(const spell_map *m, const char *key, size_t len, uint64_t hash)
{
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t id; (id = tolk_hashmap_probe(&m->index, hash, &pos)) != TOLK_HASHMAP_NONE;) {
		spell_map_entry *e = &m->entries[id];
		if (e->len == len && memcmp(e->key, key, len) == 0)
			return e;
	}
	return NULL;
}

spell_map_entry *spell_map_put(spell_map *m, const char *key, size_t len, uint64_t hash, int *created)
{
	if (created)
		*created = 0;
	spell_map_entry *e = spell_map_get(m, key, len, hash);
	if (e)
		return e;
	if (m->count >= TOLK_HASHMAP_NONE) {
		tolk_error_oom();
		return NULL;
	}
	if ((!m->index.cap && tolk_hashmap_reserve(&m->index, FIRST_SLOTS / 2) < 0) ||
	    tolk_array_grow((void **)&m->entries, &m->entries_cap, m->count + 1, sizeof(*m->entries)) < 0)
		return NULL;
	char *copy = tolk_arena_strndup(&m->keys, key, len);
	if (!copy || tolk_hashmap_put(&m->index, hash, (uint32_t)m->count) < 0)
		return NULL;
	e = &m->entries[m->count++];
	e->key = copy;
	e->len = (uint32_t)len;
	e->value = 0;
	e->ptr = NULL;
	e->hash = tolk_hashmap_key(hash);
	e->stamp = 0;
	e->count = 0;
	if (created)
		*created = 1;
	return e;
}

void spell_map_free(spell_map *m, void (*free_ptr)(void *))
{
	if (free_ptr)
		for (size_t i = 0; i < m->count; i++)
			if (m->entries[i].ptr)
				free_ptr(m->entries[i].ptr);
	free(m->entries);
	tolk_hashmap_free(&m->index);
	tolk_arena_free(&m->keys);
	m->entries = NULL;
	m->count = m->entries_cap = 0;
}
