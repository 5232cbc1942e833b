/* tolk_arena: see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct tolk_arena_block {
	tolk_arena_block *next;
	max_align_t data[];
};

enum { FIRST_BLOCK = 64 * 1024, LARGEST_BLOCK = 1024 * 1024 };

static void *take(tolk_arena *a, size_t n)
{
	if (!a->head || a->cap - a->used < n) {
		size_t cap = a->cap ? a->cap * 2 : FIRST_BLOCK;
		if (cap > LARGEST_BLOCK)
			cap = LARGEST_BLOCK;
		if (n > cap)
			cap = n;
		if (cap > SIZE_MAX - sizeof(tolk_arena_block)) {
			tolk_error_oom();
			return NULL;
		}
		tolk_arena_block *b = tolk_malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->cap = cap;
	}
	void *p = (char *)a->head->data + a->used;
	a->used += n;
	return p;
}

void *tolk_arena_alloc(tolk_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	if (n > SIZE_MAX - align) {
		tolk_error_oom();
		return NULL;
	}
	/* the block's data is aligned; keep used a multiple of the alignment */
	a->used = (a->used + align - 1) / align * align;
	if (a->used > a->cap)
		a->used = a->cap;
	return take(a, (n + align - 1) / align * align);
}

void *tolk_arena_alloc_bytes(tolk_arena *a, size_t n)
{
	return take(a, n);
}

int tolk_arena_reserve(tolk_arena *a, size_t n)
{
	if (a->head && a->cap - a->used >= n)
		return 0;
	/* a fresh block of at least n: take's rule with n, then give the bytes back */
	if (!take(a, n))
		return TOLK_ENOMEM;
	a->used = 0;
	return 0;
}

void tolk_arena_reset(tolk_arena *a)
{
	if (!a->head)
		return;
	tolk_arena_block *keep = a->head;
	a->head = keep->next;
	size_t cap = a->cap;
	tolk_arena_free(a);
	keep->next = NULL;
	a->head = keep;
	a->cap = cap;
	a->used = 0;
}

char *tolk_arena_strndup(tolk_arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX) {
		tolk_error_oom();
		return NULL;
	}
	char *d = take(a, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *tolk_arena_strdup(tolk_arena *a, const char *s)
{
	return s ? tolk_arena_strndup(a, s, strlen(s)) : NULL;
}

void tolk_arena_take(tolk_arena *dst, tolk_arena *src)
{
	if (!src->head)
		return;
	if (!dst->head) {
		*dst = *src;
	} else {
		/* src's blocks go behind dst's current one, which stays the one allocations come from */
		tolk_arena_block *tail = src->head;
		while (tail->next)
			tail = tail->next;
		tail->next = dst->head->next;
		dst->head->next = src->head;
	}
	src->head = NULL;
	src->used = src->cap = 0;
}

void tolk_arena_free(tolk_arena *a)
{
	while (a->head) {
		tolk_arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	a->used = a->cap = 0;
}
