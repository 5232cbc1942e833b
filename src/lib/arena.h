/*
 * The one arena of libtolk (private): many small allocations (a term base's strings, an import
 * chunk's units, a speller cache's words) freed at once. Blocks start at 64 KB and double up
 * to 1 MB, so a small map stays small and a million concepts are a few hundred allocations.
 * A zeroed tolk_arena (TOLK_ARENA_INIT) is empty and ready.
 */
#ifndef TOLK_ARENA_H
#define TOLK_ARENA_H

#include <stddef.h>

typedef struct tolk_arena_block tolk_arena_block;
typedef struct tolk_arena {
	tolk_arena_block *head; /* allocations come from here; older blocks behind it */
	size_t used, cap;
} tolk_arena;

#define TOLK_ARENA_INIT {NULL, 0, 0}

/* n bytes aligned for any type; NULL when out of memory (error recorded). */
void *tolk_arena_alloc(tolk_arena *a, size_t n);
/* n bytes with no alignment (text written in place); NULL when out of memory. */
void *tolk_arena_alloc_bytes(tolk_arena *a, size_t n);
/*
 * Room for at least n more bytes in one block, allocated now if the current block lacks it:
 * a first block sized to the whole job (a document's segments) instead of 64 KB.
 */
int tolk_arena_reserve(tolk_arena *a, size_t n);
/* Free every block but the newest and empty that one: the next round reuses its memory. */
void tolk_arena_reset(tolk_arena *a);
/* A NUL-terminated copy of s[0..n) (byte-aligned); NULL when out of memory. */
char *tolk_arena_strndup(tolk_arena *a, const char *s, size_t n);
/* A copy of s; NULL stays NULL. */
char *tolk_arena_strdup(tolk_arena *a, const char *s);
/* Move all of src's memory into dst (src is left empty). */
void tolk_arena_take(tolk_arena *dst, tolk_arena *src);
/* Free everything; the arena is empty and ready again. */
void tolk_arena_free(tolk_arena *a);

#endif
