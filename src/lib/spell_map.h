/*
 * A private hash map from short byte strings (words) to a small integer and an
 * optional pointer, used as the speller's verdict and suggestion caches.
 * Keys are copied into an arena owned by the map, so callers may pass
 * slices of a larger text.
 */
#ifndef TOLK_SPELL_MAP_H
#define TOLK_SPELL_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "hashmap.h"

typedef struct spell_map_entry {
	const char *key; /* in the arena, NUL-terminated */
	uint32_t len;
	int32_t value;
	void *ptr;       /* freed by spell_map_free's callback */
	uint64_t hash;
	uint32_t stamp;  /* free for the owner: e.g. which check last counted this word */
	uint32_t count;
} spell_map_entry;

typedef struct spell_map {
	spell_map_entry *entries; /* in the order they came; a put may move them */
	size_t count, entries_cap;
	tolk_hashmap index;       /* hash -> entries[id]; its slot order is the map's order (see spell_map.c) */
	tolk_arena keys; /* keys live here, so caching a million words is a few hundred allocations */
} spell_map;

#define SPELL_MAP_INIT {NULL, 0, 0, TOLK_HASHMAP_INIT, TOLK_ARENA_INIT}

/*
 * The entries in slot order, the order in which callers that stop early (suggestions from the
 * word lists) meet them: for (size_t i = 0; i < spell_map_slots(m); i++) if ((e = spell_map_slot(m, i))) ...
 */
static inline size_t spell_map_slots(const spell_map *m)
{
	return m->index.cap;
}

static inline spell_map_entry *spell_map_slot(const spell_map *m, size_t i)
{
	return m->index.hashes[i] ? &m->entries[m->index.ids[i]] : NULL;
}

uint64_t spell_map_hash(const char *key, size_t len);
/* The entry for key, or NULL. */
spell_map_entry *spell_map_get(const spell_map *m, const char *key, size_t len, uint64_t hash);
/*
 * The entry for key, created with value 0 and ptr NULL when absent
 * (*created says which). NULL only when out of memory (error recorded).
 */
spell_map_entry *spell_map_put(spell_map *m, const char *key, size_t len, uint64_t hash, int *created);
/* Free everything; free_ptr (may be NULL) is called for each non-NULL ptr. */
void spell_map_free(spell_map *m, void (*free_ptr)(void *));

#endif
