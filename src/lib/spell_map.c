/* Open-addressing hash map with an arena for keys (see spell_map.h). */
#include "spell_map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Keys live in large chunks so that caching a million words is a few hundred allocations. */
struct spell_map_chunk {
	spell_map_chunk *next;
	size_t used, cap;
	char data[];
};

enum { CHUNK_SIZE = 1 << 16 };

uint64_t spell_map_hash(const char *key, size_t len)
{
	/* FNV-1a: words are short, so a simple byte loop beats anything fancier. */
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1; /* 0 marks an empty slot */
}

static char *arena_copy(spell_map *m, const char *key, size_t len)
{
	spell_map_chunk *c = m->chunks;
	if (!c || c->cap - c->used < len + 1) {
		size_t cap = len + 1 > CHUNK_SIZE ? len + 1 : CHUNK_SIZE;
		spell_map_chunk *n = tolk_malloc(sizeof(*n) + cap);
		if (!n)
			return NULL;
		n->next = c;
		n->used = 0;
		n->cap = cap;
		m->chunks = c = n;
	}
	char *dst = c->data + c->used;
	memcpy(dst, key, len);
	dst[len] = '\0';
	c->used += len + 1;
	return dst;
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
	char *copy = arena_copy(m, key, len);
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
	while (m->chunks) {
		spell_map_chunk *n = m->chunks->next;
		free(m->chunks);
		m->chunks = n;
	}
	m->slots = NULL;
	m->cap = m->count = 0;
}
