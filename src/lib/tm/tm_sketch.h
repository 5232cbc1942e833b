/*
 * A few bytes per stored variant that let lookup rule a candidate out without
 * fetching and scoring its text (tm_sketch.c says why the answer stays the scan's).
 */
#ifndef TOLK_TM_SKETCH_H
#define TOLK_TM_SKETCH_H

#include "tm_private.h"

#include <stdbool.h>
#include <stdint.h>

/* Variants per stored chunk, and bytes per variant in it: half a cache line, one memory read. */
#define TM_SKETCH_CHUNK 64
#define TM_SKETCH_BYTES 32
#define TM_SKETCH_BITS 224 /* 3 % to 13 % false "maybe" for 30 to 60 terms */
#define TM_SKETCH_CHUNK_BYTES (TM_SKETCH_CHUNK * TM_SKETCH_BYTES)
/* A lang id too large to keep: the sketch says nothing about the language. */
#define TM_SKETCH_ANY_LANG 0xFFFFu

/*
 * As stored, and read in place: the word count (little-endian, at most
 * 65535), the language one up (0: no sketch; 0xFFFF: any), then the filter's
 * bits, three per term the index was given for the text.
 */
typedef struct tm_sketch {
	uint8_t b[TM_SKETCH_BYTES];
} tm_sketch;

static inline unsigned tm_sketch_words(const tm_sketch *s)
{
	return (unsigned)s->b[0] | (unsigned)s->b[1] << 8;
}
/* The lang table's id, or TM_SKETCH_ANY_LANG. */
static inline unsigned tm_sketch_lang(const tm_sketch *s)
{
	unsigned v = (unsigned)s->b[2] | (unsigned)s->b[3] << 8;
	return v == 0xFFFF ? TM_SKETCH_ANY_LANG : v - 1;
}
void tm_sketch_set_lang(tm_sketch *s, int64_t lang);

/* The sketch of a text with tokens t, in language lang (the lang table's id). */
void tm_sketch_of(tm_sketch *s, const tm_tokens *t, int64_t lang);
/* The three bits a term sets, a byte each: a text may hold it only if all three are set. */
uint32_t tm_sketch_mask(const char *term, size_t len);
static inline bool tm_sketch_bit(const tm_sketch *s, uint32_t pos)
{
	return s->b[4 + (pos >> 3)] >> (pos & 7) & 1;
}
static inline bool tm_sketch_has(const tm_sketch *s, uint32_t mask)
{
	return tm_sketch_bit(s, mask & 255) && tm_sketch_bit(s, mask >> 8 & 255) && tm_sketch_bit(s, mask >> 16 & 255);
}

/*
 * A query's keys (tm_lookup_keys.c) as masks: key k's terms are
 * masks[first[k] .. first[k + 1]).
 */
struct tm_qkey;
typedef struct tm_sketch_query {
	uint32_t *masks;
	size_t *first;
	uint32_t *mult;
	size_t nkeys;
	size_t nwords;            /* the query's words */
	size_t unkeyed;           /* words no key stands for: a variant may hold them */
	/*
	 * Memory words the query's words can take in joins (tm_score_absorbable):
	 * a closed query word only from a variant that holds one of its prefixes
	 * (it writes the word apart), masks[pfirst[w] .. pfirst[w + 1]) for
	 * closed word w, which can take absorb[w]; the others always.
	 */
	size_t absorb_always;
	size_t nclosed;
	size_t *absorb, *pfirst;
	uint32_t *prefixes;
	/* the query's numbers as written; a variant holding another number is matched with a penalty */
	uint32_t *numbers, any_number;
	size_t nnumbers;
} tm_sketch_query;

int tm_sketch_query_init(tm_sketch_query *sq, const struct tm_qkey *keys, size_t nkeys, const tm_tokens *q);
void tm_sketch_query_free(tm_sketch_query *sq);
/*
 * The best score a variant with sketch s can reach against the query:
 * 100 x (query words it may hold) / max(query words, its words less what
 * joins can take from it), less the penalty of the query's numbers it
 * holds written otherwise.
 */
int tm_sketch_best(const tm_sketch_query *sq, const tm_sketch *s);
/* tm_sketch_best(sq, s) >= floor, told sooner (lookup asks this of every candidate). */
bool tm_sketch_reaches(const tm_sketch_query *sq, const tm_sketch *s, int floor);
/*
 * The same, when the first known_keys keys are known exactly (lookup read
 * their posting lists): the variant holds known_held of their words. The
 * filter is asked only of the others, so their false "maybe"s no longer
 * count and the bound is as tight or tighter.
 */
bool tm_sketch_reaches_known(const tm_sketch_query *sq, const tm_sketch *s, int floor, size_t known_keys,
                             size_t known_held);

/*
 * The sketch of variant id from the store, through tm's cache of chunks (valid
 * until the cache changes: the next find or import); NULL when there is none
 * (the variant must then be fetched).
 */
const tm_sketch *tm_sketch_find(tolk_tm *tm, int64_t id);
/*
 * The variants ids will be looked at soon: a server store fetches their
 * chunks not read yet in one go (tm_sketch_find reads nothing there). The
 * SQLite store reads each chunk when it is first asked for: nothing to do.
 */
int tm_sketch_want(tolk_tm *tm, const int64_t *ids, size_t n);
/* Variant id's sketch will be asked for soon: have its memory read meanwhile, if its chunk is here. */
void tm_sketch_prefetch(tolk_tm *tm, int64_t id);
/* Does the store keep sketches? (Then reading more lists to bound candidates does not pay.) */
bool tm_sketch_available(tolk_tm *tm);
/* The store changed (newest variant): chunks read before may lack sketches added since. */
void tm_sketch_cache_newest(tolk_tm *tm, int64_t newest);
/* Sketches may have been added (by this handle's import): read again what lacked them. */
void tm_sketch_cache_forget(tolk_tm *tm);
void tm_sketch_cache_free(tolk_tm *tm);
/* Every stored sketch against its variant's text (tolk_tm_check): TOLK_EINVALID on the first that differs. */
int tm_sketch_check(tolk_tm *tm);

/*
 * Sketches of consecutive variants gathered in whole chunks, for a store that
 * writes its chunks in a batch (PostgreSQL): data holds chunks first ..
 * first + nchunks - 1.
 */
typedef struct tm_sketch_run {
	int64_t first;
	tm_sketch *data;
	size_t nchunks, cap;
} tm_sketch_run;
/* Start at variant id's chunk, with the sketches stored before id in it (old: the stored chunk, or NULL). */
int tm_sketch_run_start(tm_sketch_run *r, int64_t id, const void *old, size_t old_len);
int tm_sketch_run_add(tm_sketch_run *r, int64_t id, const tm_sketch *s);
void tm_sketch_run_free(tm_sketch_run *r);

/* ---- writing, inside an import's transactions (SQLite) ---------------------------------- */
typedef struct tm_sketch_writer {
	tolk_tm *tm;
	sqlite3_stmt *get, *put;
	int64_t chunk;            /* the chunk in data, -1 when none */
	bool dirty;
	tm_sketch data[TM_SKETCH_CHUNK];
	tm_sketch pending;        /* filled by the tokenizer while FTS5 indexes a variant */
	bool pending_set;
} tm_sketch_writer;

int tm_sketch_writer_start(tm_sketch_writer *w, tolk_tm *tm);
/*
 * At the start of a batch, next_tuv being the id the batch's first new variant
 * gets: sketches for the variants before it that have none (stored by an older
 * tolk, or before sketches existed), so that every variant has one.
 */
int tm_sketch_writer_begin(tm_sketch_writer *w, int64_t next_tuv);
int tm_sketch_writer_add(tm_sketch_writer *w, int64_t id, const tm_sketch *s);
/* Before the batch commits: the last chunk written, and how far sketches go. */
int tm_sketch_writer_flush(tm_sketch_writer *w, int64_t newest);
/* After a rollback: what was kept in memory is gone from the store too. */
void tm_sketch_writer_forget(tm_sketch_writer *w);
void tm_sketch_writer_finish(tm_sketch_writer *w);

#endif
