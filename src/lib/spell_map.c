/* Open-addressing hash map with an arena for keys (see spell_map.h). */
#include "spell_map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "hash.h"

uint64_t spell_map_hash(const char *key, size_t len)
{
	uint64_t h = tolk_hash64(key, len);
	return h ? h : 1; /* 0 marks an empty slot */
}

spell_map_entry *spell_map_get(const spell_map *m, const char *key, size_t len, uint64_t hash)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		spell_map_entry *e = &m->slots[i];
		if (!e->hash)
			return NULL;
		if (e->hash == hash && e->len == len && memcmp(e->key, key, len) == 0)
			return e;
	}
}

static int grow(spell_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	spell_map_entry *slots = tolk_calloc(cap, sizeof(*slots));
	if (!slots)
		return TOLK_ENOMEM;
	for (size_t j = 0; j < m->cap; j++) {
		spell_map_entry *e = &m->slots[j];
		if (!e->hash)
			continue;
		size_t i = (size_t)e->hash & (cap - 1);
		while (slots[i].hash)
			i = (i + 1) & (cap - 1);
		slots[i] = *e;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

spell_map_entry *spell_map_put(spell_map *m, const char *key, size_t len, uint64_t hash, int *created)
{
	if (created)
		*created = 0;
	spell_map_entry *e = spell_map_get(m, key, len, hash);
	if (e)
		return e;
	if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
		return NULL;
	char *copy = tolk_arena_strndup(&m->keys, key, len);
	if (!copy)
		return NULL;
	size_t mask = m->cap - 1;
	size_t i = (size_t)hash & mask;
	while (m->slots[i].hash)
		i = (i + 1) & mask;
	e = &m->slots[i];
	e->key = copy;
	e->len = (uint32_t)len;
	e->value = 0;
	e->ptr = NULL;
	e->hash = hash;
	e->stamp = 0;
	e->count = 0;
	m->count++;
	if (created)
		*created = 1;
	return e;
}

void spell_map_free(spell_map *m, void (*free_ptr)(void *))
{
	if (free_ptr)
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].hash && m->slots[i].ptr)
				free_ptr(m->slots[i].ptr);
	free(m->slots);
	tolk_arena_free(&m->keys);
	m->slots = NULL;
	m->cap = m->count = 0;
}
