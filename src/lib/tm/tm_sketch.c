/*
 * Sketches: what lookup needs to know of a candidate before it fetches it.
 *
 * Most of a lookup's time went into fetching, tokenizing and scoring texts
 * that could not reach the results: in a memory of a million units, the
 * near-duplicates of a sentence hold every rare word of a query like it, so
 * the index alone bounds each of them at 100 % and all of them (about a
 * thousand per lookup) had to be read. Each variant's sketch keeps its word
 * count and a 224-bit Bloom filter of the terms the index was given for it
 * (three bits a term), 32 bytes. A query word may be matched by a variant only
 * if the variant holds one of the terms lookup would ask the index for that
 * word (tm_lookup_keys.c), and the filter never says "no" to a term the
 * variant holds; so the words whose terms all miss are words the variant
 * cannot match, and its score is at most 100 x (the others) / (the longer
 * length) — the same bound lookup takes from posting lists, now with every
 * word of the query and the variant's own length (tm_lookup.c). A false
 * "maybe" only costs a fetch. The answer stays the scan's.
 *
 * Sketches are kept in chunks of TM_SKETCH_CHUNK variants, one row each, in
 * their own table: a tolk without it ignores the table, and variants without
 * a sketch (stored by such a tolk) are fetched as before, until the next
 * import fills the gap. Variants are never changed or removed once stored,
 * so a sketch read once stays true; a chunk read before new variants came is
 * read again when the store's newest variant changes.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise */
#include "tm_sketch.h"
#include "tm_backend.h"
#include "tm_lookup.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- the sketch ------------------------------------------------------------------------ */
/* One of TM_SKETCH_BITS positions from a 32-bit value. */
static uint32_t position(uint32_t x)
{
	return (uint32_t)(((uint64_t)x * TM_SKETCH_BITS) >> 32);
}

/* Three bit positions (a byte each) from one 32-bit hash, mixed apart. */
static uint32_t positions(uint32_t h)
{
	uint32_t x = h * 2654435761u, y = (h ^ (h >> 16)) * 0x85ebca6bu, z = (h ^ (h >> 13)) * 0xc2b2ae35u;
	return position(x) | position(y) << 8 | position(z) << 16;
}

static void set_bits(tm_sketch *s, uint32_t h)
{
	uint32_t m = positions(h);
	for (int k = 0; k < 3; k++, m >>= 8)
		s->b[4 + ((m & 255) >> 3)] |= (uint8_t)(1u << (m & 7));
}

void tm_sketch_set_lang(tm_sketch *s, int64_t lang)
{
	unsigned v = lang >= 0 && lang < TM_SKETCH_ANY_LANG - 1 ? (unsigned)lang + 1 : 0xFFFF;
	s->b[2] = (uint8_t)v;
	s->b[3] = (uint8_t)(v >> 8);
}

uint32_t tm_sketch_mask(const char *term, size_t len)
{
	return positions(tm_hash_bytes(term, tm_fts_len(len)));
}

/* The same terms fts_tokenize gives the index (tm_token.c): keys, pieces of hyphenated words, "some number". */
void tm_sketch_of(tm_sketch *s, const tm_tokens *t, int64_t lang)
{
	memset(s, 0, sizeof(*s));
	unsigned words = t->nwords < 0xFFFF ? (unsigned)t->nwords : 0xFFFF;
	s->b[0] = (uint8_t)words;
	s->b[1] = (uint8_t)(words >> 8);
	tm_sketch_set_lang(s, lang);
	for (size_t k = 0; k < t->count; k++) {
		const tm_token *tok = &t->items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		const char *key = tm_key(t, tok);
		/* a word's hash is its key's already (tm_terms_add_tokens relies on it too) */
		set_bits(s, tok->kind == TM_TOK_WORD && tok->key_len <= TM_FTS_MAX_TOKEN ? tok->hash
		                                                                         : tm_hash_bytes(key, tm_fts_len(tok->key_len)));
		if (tok->kind == TM_TOK_NUMBER)
			set_bits(s, tm_hash_bytes(TM_ANY_NUMBER, sizeof(TM_ANY_NUMBER) - 1));
		if (tok->kind != TM_TOK_WORD || !memchr(key, '-', tok->key_len))
			continue;
		for (const char *part = key, *end = key + tok->key_len; part < end;) {
			const char *dash = memchr(part, '-', (size_t)(end - part));
			const char *stop = dash ? dash : end;
			if (stop > part)
				set_bits(s, tm_hash_bytes(part, tm_fts_len((size_t)(stop - part))));
			part = stop + 1;
		}
	}
}

/* ---- the bound ------------------------------------------------------------------------ */
/*
 * A closed query word (no hyphen) takes memory words in a join only where
 * the memory writes it apart: its first piece is then a word of the memory
 * (or a part of a hyphenated one) and a prefix of the query word, of
 * TM_JOIN_MIN_PIECE bytes or more on both sides of the cut (tm_join.c;
 * tm_lookup_keys.c asks the index for the same prefixes).
 */
static bool may_cut(const char *key, uint32_t len, uint32_t at)
{
	return at >= TM_JOIN_MIN_PIECE && at + TM_JOIN_MIN_PIECE <= len && tm_key_cut_allowed(key, at);
}

/*
 * Is a closed word's taking words told from the sketch? Not for a word too
 * long to have its prefixes asked (a 1 MB "word" would make a mask per byte,
 * each hashing up to a megabyte): it is counted as taking them always.
 */
static bool told_by_prefixes(const tm_token *x)
{
	return !x->hyphens && x->key_len <= TM_FAMILY_MAX_BYTES;
}

static int closed_words(tm_sketch_query *sq, const tm_tokens *q)
{
	size_t nprefixes = 0, nwords = 0;
	for (size_t k = 0; k < q->count; k++) {
		const tm_token *x = &q->items[k];
		if (tm_score_absorbable_word(q, x) == 0 || !told_by_prefixes(x))
			continue;
		nwords++;
		for (uint32_t at = 1; at < x->key_len; at++)
			nprefixes += may_cut(tm_key(q, x), x->key_len, at);
	}
	sq->absorb = tolk_malloc((nwords ? nwords : 1) * sizeof(*sq->absorb));
	sq->pfirst = tolk_malloc((nwords + 1) * sizeof(*sq->pfirst));
	sq->prefixes = tolk_malloc((nprefixes ? nprefixes : 1) * sizeof(*sq->prefixes));
	if (!sq->absorb || !sq->pfirst || !sq->prefixes)
		return TOLK_ENOMEM;
	size_t w = 0, m = 0;
	for (size_t k = 0; k < q->count; k++) {
		const tm_token *x = &q->items[k];
		size_t can = tm_score_absorbable_word(q, x);
		const char *key = tm_key(q, x);
		size_t from = m;
		for (uint32_t at = 1; can && told_by_prefixes(x) && at < x->key_len; at++)
			if (may_cut(key, x->key_len, at))
				sq->prefixes[m++] = tm_sketch_mask(key, at);
		if (m == from) {
			sq->absorb_always += can; /* hyphenated, too long, or no cut allowed: not told from the sketch */
			continue;
		}
		sq->pfirst[w] = from;
		sq->absorb[w++] = can;
	}
	sq->pfirst[w] = m;
	sq->nclosed = w;
	return 0;
}

static int numbers_of(tm_sketch_query *sq, const tm_tokens *q)
{
	size_t n = 0;
	for (size_t k = 0; k < q->count; k++)
		n += q->items[k].kind == TM_TOK_NUMBER;
	if (!(sq->numbers = tolk_malloc((n ? n : 1) * sizeof(*sq->numbers))))
		return TOLK_ENOMEM;
	for (size_t k = 0; k < q->count; k++)
		if (q->items[k].kind == TM_TOK_NUMBER)
			sq->numbers[sq->nnumbers++] = tm_sketch_mask(tm_key(q, &q->items[k]), q->items[k].key_len);
	sq->any_number = tm_sketch_mask(TM_ANY_NUMBER, sizeof(TM_ANY_NUMBER) - 1);
	return 0;
}

int tm_sketch_query_init(tm_sketch_query *sq, const tm_qkey *keys, size_t nkeys, const tm_tokens *q)
{
	memset(sq, 0, sizeof(*sq));
	size_t nterms = 0, words = 0;
	for (size_t k = 0; k < nkeys; k++) {
		nterms += keys[k].nterms;
		words += keys[k].mult;
	}
	sq->masks = tolk_malloc((nterms ? nterms : 1) * sizeof(*sq->masks));
	sq->first = tolk_malloc((nkeys + 1) * sizeof(*sq->first));
	sq->mult = tolk_malloc((nkeys ? nkeys : 1) * sizeof(*sq->mult));
	tolk_buf raw = TOLK_BUF_INIT;
	int rc = sq->masks && sq->first && sq->mult ? 0 : TOLK_ENOMEM;
	size_t m = 0;
	for (size_t k = 0; k < nkeys && rc == 0; k++) {
		sq->first[k] = m;
		sq->mult[k] = keys[k].mult;
		const char *term = keys[k].terms;
		for (size_t j = 0; j < keys[k].nterms && rc == 0; j++, term += strlen(term) + 1) {
			/* the term itself, out of its FTS5 string ("..." with "" for ") */
			tolk_buf_clear(&raw);
			size_t len = strlen(term);
			for (size_t i = 1; i + 1 < len; i++) {
				tolk_buf_putc(&raw, term[i]);
				i += term[i] == '"';
			}
			if (tolk_buf_putc(&raw, '\0') < 0)
				rc = TOLK_ENOMEM;
			else
				sq->masks[m++] = tm_sketch_mask(raw.ptr, raw.len - 1);
		}
	}
	tolk_buf_free(&raw);
	if (rc == 0) {
		sq->first[nkeys] = m;
		sq->nkeys = nkeys;
		sq->nwords = q->nwords;
		sq->unkeyed = words < q->nwords ? q->nwords - words : 0;
		rc = closed_words(sq, q);
	}
	if (rc == 0)
		rc = numbers_of(sq, q);
	if (rc < 0)
		tm_sketch_query_free(sq);
	return rc;
}

void tm_sketch_query_free(tm_sketch_query *sq)
{
	free(sq->masks);
	free(sq->first);
	free(sq->mult);
	free(sq->absorb);
	free(sq->pfirst);
	free(sq->prefixes);
	free(sq->numbers);
	memset(sq, 0, sizeof(*sq));
}

/* Does the variant hold one of key k's terms? */
static bool holds_key(const tm_sketch_query *sq, const tm_sketch *s, size_t k)
{
	for (size_t m = sq->first[k]; m < sq->first[k + 1]; m++)
		if (tm_sketch_has(s, sq->masks[m]))
			return true;
	return false;
}

/* Does the variant hold one of closed word w's prefixes (may it write the word apart)? */
static bool writes_apart(const tm_sketch_query *sq, const tm_sketch *s, size_t w)
{
	for (size_t m = sq->pfirst[w]; m < sq->pfirst[w + 1]; m++)
		if (tm_sketch_has(s, sq->prefixes[m]))
			return true;
	return false;
}

/* The variant's length less what joins can take from it; the query's length at least. */
static size_t longer_of(const tm_sketch_query *sq, const tm_sketch *s)
{
	size_t nq = sq->nwords, words = tm_sketch_words(s);
	if (words <= nq)
		return nq;
	size_t taken = sq->absorb_always, excess = words - nq;
	for (size_t w = 0; w < sq->nclosed && taken < excess; w++)
		taken += writes_apart(sq, s, w) ? sq->absorb[w] : 0;
	return taken < excess ? words - taken : nq;
}

/*
 * Query numbers the variant cannot hold as written, when it holds a number
 * at all: each is matched with another number (a penalty) or with nothing
 * (one word fewer matched).
 */
static size_t numbers_missing(const tm_sketch_query *sq, const tm_sketch *s)
{
	if (!sq->nnumbers || !tm_sketch_has(s, sq->any_number))
		return 0;
	size_t x = 0;
	for (size_t k = 0; k < sq->nnumbers; k++)
		x += !tm_sketch_has(s, sq->numbers[k]);
	return x;
}

/*
 * The best of score <= 100 x matched / longer - penalty over how many of
 * the x numbers go unmatched (j): the score is the edits' share less its
 * penalties, and each matched number written otherwise costs
 * TM_PENALTY_NUMBER (tm_score.c).
 */
static int best_of(size_t may_hold, size_t longer, size_t x)
{
	int best = 0;
	for (size_t j = 0; j <= x && j <= may_hold; j++) {
		int b = (int)(100 * (may_hold - j) / longer) - TM_PENALTY_NUMBER * (int)(x - j);
		best = b > best ? b : best;
	}
	return best;
}

bool tm_sketch_reaches_known(const tm_sketch_query *sq, const tm_sketch *s, int floor, size_t known_keys,
                             size_t known_held)
{
	size_t nq = sq->nwords, f = floor > 0 ? (size_t)floor : 0;
	if (nq == 0 || f == 0)
		return true;
	if (known_keys > sq->nkeys)
		known_keys = sq->nkeys;
	size_t may_hold = sq->unkeyed + known_held;
	for (size_t k = known_keys; k < sq->nkeys; k++)
		may_hold += sq->mult[k];
	if (100 * may_hold < f * nq)
		return false;
	for (size_t k = known_keys; k < sq->nkeys; k++)
		if (!holds_key(sq, s, k) && 100 * (may_hold -= sq->mult[k]) < f * nq)
			return false;
	size_t x = numbers_missing(sq, s);
	if (x == 0 && tm_sketch_words(s) <= nq)
		return true;
	return best_of(may_hold, longer_of(sq, s), x) >= floor;
}

bool tm_sketch_reaches(const tm_sketch_query *sq, const tm_sketch *s, int floor)
{
	return tm_sketch_reaches_known(sq, s, floor, 0, 0);
}

int tm_sketch_best(const tm_sketch_query *sq, const tm_sketch *s)
{
	if (sq->nwords == 0)
		return 100;
	size_t may_hold = sq->unkeyed;
	for (size_t k = 0; k < sq->nkeys; k++)
		may_hold += holds_key(sq, s, k) ? sq->mult[k] : 0;
	return best_of(may_hold, longer_of(sq, s), numbers_missing(sq, s));
}

/* ---- reading, through a cache of chunks ------------------------------------------------- */
/*
 * Chunks live in slabs of 2 MiB, given to the kernel as candidates for huge
 * pages: lookup reads one sketch here, one there, all over tens of megabytes,
 * and with 4 KiB pages nearly every read also missed the address cache (a
 * page walk per candidate). A dropped chunk's place is reused.
 */
#define SLAB_BYTES (2u << 20)
#define SLAB_CHUNKS (SLAB_BYTES / TM_SKETCH_CHUNK_BYTES)

typedef union free_chunk {
	union free_chunk *next;
	tm_sketch room[TM_SKETCH_CHUNK];
} free_chunk;

struct tm_sketch_cache {
	tm_sketch **chunks;       /* by chunk number: NULL not read yet, no_row when the store has none */
	void **slabs;
	size_t nslabs, used;      /* chunks given out of the last slab */
	free_chunk *free;
	size_t n;
	int64_t newest;           /* the store's newest variant when the chunks were read */
	bool off;                 /* no table of sketches (a store made before them) */
	bool fetched;             /* a server store: chunks come by tm_sketch_want, never one by one */
	sqlite3_stmt *get;
};

/* Chunks the store has no row for, and (while tm_sketch_want waits for the answer) chunks asked for. */
static tm_sketch no_row[1], asked[1];

static void drop_chunk(struct tm_sketch_cache *c, size_t k)
{
	if (c->chunks[k] && c->chunks[k] != no_row && c->chunks[k] != asked) {
		free_chunk *f = (free_chunk *)c->chunks[k];
		f->next = c->free;
		c->free = f;
	}
	c->chunks[k] = NULL;
}

static tm_sketch *chunk_alloc(struct tm_sketch_cache *c)
{
	if (c->free) {
		free_chunk *f = c->free;
		c->free = f->next;
		return f->room;
	}
	if (!c->nslabs || c->used == SLAB_CHUNKS) {
		void **slabs = realloc(c->slabs, (c->nslabs + 1) * sizeof(*slabs));
		if (!slabs)
			return NULL;
		c->slabs = slabs;
		void *slab = aligned_alloc(SLAB_BYTES, SLAB_BYTES); /* aligned, or no huge page fits in it */
		if (!slab)
			return NULL;
#ifdef MADV_HUGEPAGE
		madvise(slab, SLAB_BYTES, MADV_HUGEPAGE); /* a hint: without it, only slower */
#endif
		c->slabs[c->nslabs++] = slab;
		c->used = 0;
	}
	return (tm_sketch *)((char *)c->slabs[c->nslabs - 1] + (size_t)c->used++ * TM_SKETCH_CHUNK_BYTES);
}

/* A chunk with a variant without a sketch may have one now; one without a row may have a row. */
static bool present(const tm_sketch *s)
{
	return (s->b[2] | s->b[3]) != 0;
}

static bool chunk_incomplete(const tm_sketch *data)
{
	if (data == no_row)
		return true;
	for (size_t k = 0; k < TM_SKETCH_CHUNK; k++)
		if (!present(&data[k]))
			return true;
	return false;
}

void tm_sketch_cache_forget(tolk_tm *tm)
{
	struct tm_sketch_cache *c = tm->sketches;
	if (!c)
		return;
	for (size_t k = 0; k < c->n; k++)
		if (c->chunks[k] && chunk_incomplete(c->chunks[k]))
			drop_chunk(c, k);
	c->off = false; /* an import may have made the table */
}

void tm_sketch_cache_newest(tolk_tm *tm, int64_t newest)
{
	struct tm_sketch_cache *c = tm->sketches;
	if (!c || c->newest == newest)
		return;
	tm_sketch_cache_forget(tm);
	c->newest = newest;
}

void tm_sketch_cache_free(tolk_tm *tm)
{
	struct tm_sketch_cache *c = tm->sketches;
	if (!c)
		return;
	for (size_t k = 0; k < c->nslabs; k++)
		free(c->slabs[k]);
	free(c->slabs);
	free(c->chunks);
	sqlite3_finalize(c->get);
	free(c);
	tm->sketches = NULL;
}

/* The cache, its statement ready; NULL when the store keeps no sketches (or memory ran out: only slower). */
static struct tm_sketch_cache *cache_of(tolk_tm *tm)
{
	bool sqlite = tm->be == &tm_sqlite_backend;
	if (!sqlite && !tm->be->sketch_chunks)
		return NULL;
	struct tm_sketch_cache *c = tm->sketches;
	if (!c && !(c = tm->sketches = tolk_calloc(1, sizeof(*c))))
		return NULL;
	if (!sqlite) {
		bool kept = false;
		if (!c->fetched && !c->off && tm->be->sketch_chunks(tm, &kept, NULL, 0, NULL, NULL) == 0) {
			c->fetched = kept;
			c->off = !kept;
		}
		return c->fetched ? c : NULL;
	}
	if (!c->off && !c->get &&
	    sqlite3_prepare_v2(tm->db, "SELECT data FROM tuv_sketch WHERE chunk = ?", -1, &c->get, NULL) != SQLITE_OK) {
		sqlite3_finalize(c->get);
		c->get = NULL;
		c->off = true;
	}
	return c->off ? NULL : c;
}

/* Room in the cache for chunk k. */
static bool cache_reaches(struct tm_sketch_cache *c, size_t k)
{
	if (k < c->n)
		return true;
	size_t n = c->n ? c->n : 1024;
	while (n <= k)
		n *= 2;
	tm_sketch **chunks = realloc(c->chunks, n * sizeof(*chunks));
	if (!chunks)
		return false;
	memset(chunks + c->n, 0, (n - c->n) * sizeof(*chunks));
	c->chunks = chunks;
	c->n = n;
	return true;
}

/* Read chunk k into a new buffer (on cache lines: a sketch is one read); NULL when the store has no such row. */
static tm_sketch *read_chunk(struct tm_sketch_cache *c, int64_t k)
{
	tm_sketch *data = NULL;
	if (sqlite3_bind_int64(c->get, 1, k) == SQLITE_OK && sqlite3_step(c->get) == SQLITE_ROW &&
	    sqlite3_column_bytes(c->get, 0) == TM_SKETCH_CHUNK_BYTES && (data = chunk_alloc(c)))
		memcpy(data, sqlite3_column_blob(c->get, 0), TM_SKETCH_CHUNK_BYTES);
	sqlite3_reset(c->get);
	return data;
}

bool tm_sketch_available(tolk_tm *tm)
{
	return cache_of(tm) != NULL;
}

const tm_sketch *tm_sketch_find(tolk_tm *tm, int64_t id)
{
	struct tm_sketch_cache *c = id >= 0 ? cache_of(tm) : NULL;
	if (!c)
		return NULL;
	size_t k = (size_t)(id / TM_SKETCH_CHUNK);
	if (!cache_reaches(c, k))
		return NULL;
	if (!c->chunks[k] && !c->fetched) {
		tm_sketch *data = read_chunk(c, (int64_t)k);
		c->chunks[k] = data ? data : no_row;
	}
	if (!c->chunks[k] || c->chunks[k] == no_row)
		return NULL;
	const tm_sketch *s = &c->chunks[k][id % TM_SKETCH_CHUNK];
	return present(s) ? s : NULL;
}

static int put_fetched(void *ctx, int64_t chunk, const void *data, size_t len)
{
	struct tm_sketch_cache *c = ctx;
	if (chunk < 0 || (size_t)chunk >= c->n || c->chunks[chunk] != asked || len != TM_SKETCH_CHUNK_BYTES)
		return 0; /* not asked for, or not a chunk: its variants are fetched */
	tm_sketch *room = chunk_alloc(c);
	if (room) {
		memcpy(room, data, TM_SKETCH_CHUNK_BYTES);
		c->chunks[chunk] = room;
	}
	return 0;
}

int tm_sketch_want(tolk_tm *tm, const int64_t *ids, size_t n)
{
	struct tm_sketch_cache *c = n ? cache_of(tm) : NULL;
	if (!c || !c->fetched)
		return 0;
	int64_t *chunks = tolk_malloc(n * sizeof(*chunks));
	if (!chunks)
		return TOLK_ENOMEM;
	size_t m = 0;
	for (size_t j = 0; j < n; j++) {
		size_t k = (size_t)(ids[j] / TM_SKETCH_CHUNK);
		if (ids[j] >= 0 && cache_reaches(c, k) && !c->chunks[k]) {
			c->chunks[k] = asked;
			chunks[m++] = (int64_t)k;
		}
	}
	bool kept;
	int rc = m ? tm->be->sketch_chunks(tm, &kept, chunks, m, put_fetched, c) : 0;
	/* what the store did not send it does not have (until its newest variant changes); after an error, ask again */
	for (size_t j = 0; j < m; j++)
		if (c->chunks[chunks[j]] == asked)
			c->chunks[chunks[j]] = rc < 0 ? NULL : no_row;
	free(chunks);
	return rc;
}

void tm_sketch_prefetch(tolk_tm *tm, int64_t id)
{
	struct tm_sketch_cache *c = tm->sketches;
	size_t k = (size_t)(id / TM_SKETCH_CHUNK);
	if (c && id >= 0 && k < c->n && c->chunks[k] && c->chunks[k] != no_row && c->chunks[k] != asked)
		__builtin_prefetch(&c->chunks[k][id % TM_SKETCH_CHUNK]);
}

_Static_assert(TM_SKETCH_CHUNK == 64, "tm_sketch_check's statement spells the chunk size out");
_Static_assert(sizeof(tm_sketch) == TM_SKETCH_BYTES, "a sketch is read in place");

/* A server store's sketches, variant by variant as the store scans them, their chunks fetched ahead. */
typedef struct fetched_check {
	tolk_tm *tm;
	tm_tokens t;
	int64_t asked_upto;       /* chunks of variants before this one asked for */
} fetched_check;

#define CHECK_AHEAD_CHUNKS 256

static int check_fetched_row(void *ctx, const tm_row *r)
{
	fetched_check *x = ctx;
	if (r->id >= x->asked_upto) {
		int64_t ids[CHECK_AHEAD_CHUNKS], first = r->id / TM_SKETCH_CHUNK;
		for (size_t k = 0; k < CHECK_AHEAD_CHUNKS; k++)
			ids[k] = (first + (int64_t)k) * TM_SKETCH_CHUNK;
		int rc = tm_sketch_want(x->tm, ids, CHECK_AHEAD_CHUNKS);
		if (rc < 0)
			return rc;
		x->asked_upto = (first + CHECK_AHEAD_CHUNKS) * TM_SKETCH_CHUNK;
	}
	const tm_sketch *stored = tm_sketch_find(x->tm, r->id);
	if (!stored)
		return 0; /* none: the variant is fetched */
	tm_sketch made;
	int rc = tm_tokenize(&x->t, r->text ? r->text : "", r->text ? strlen(r->text) : 0);
	if (rc < 0)
		return rc;
	tm_sketch_of(&made, &x->t, r->lang);
	if (memcmp(&made, stored, sizeof(made)) != 0)
		return tolk_error_set_at(TOLK_EINVALID, x->tm->path, 0, 0,
		                         _("the translation memory is damaged (the sketch of variant %lld does not match its text)"),
		                         (long long)r->id);
	return 0;
}

int tm_sketch_check(tolk_tm *tm)
{
	if (tm->be != &tm_sqlite_backend) {
		if (!tm_sketch_available(tm))
			return 0;
		fetched_check x = {tm, {0}, -1};
		int rc = tm->be->read_begin(tm);
		if (rc == 0)
			rc = tm->be->scan(tm, check_fetched_row, &x);
		rc = tm->be->read_end(tm, rc);
		tm_tokens_free(&x.t);
		tm_sketch_cache_free(tm); /* the whole store's chunks: not kept for lookups to come */
		return rc;
	}
	sqlite3_stmt *st = NULL;
	/* a store without the table has no sketches to be wrong */
	if (sqlite3_prepare_v2(tm->db, "SELECT s.chunk, s.data, v.id, v.lang, v.text FROM tuv_sketch s JOIN tuv v ON "
	                       "v.id BETWEEN s.chunk * 64 AND s.chunk * 64 + 63 ORDER BY v.id",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	tm_tokens t = {0};
	int rc = 0, src = SQLITE_DONE;
	while (rc == 0 && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 2);
		const tm_sketch *data = sqlite3_column_blob(st, 1);
		tm_sketch stored, made;
		if (sqlite3_column_bytes(st, 1) != TM_SKETCH_CHUNK_BYTES) {
			rc = tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
			                       _("the translation memory is damaged (sketches of variants from %lld: %d bytes)"),
			                       (long long)id, sqlite3_column_bytes(st, 1));
			break;
		}
		memcpy(&stored, &data[id % TM_SKETCH_CHUNK], sizeof(stored));
		if (!present(&stored))
			continue; /* none: the variant is fetched */
		const char *text = (const char *)sqlite3_column_text(st, 4);
		if ((rc = tm_tokenize(&t, text ? text : "", text ? (size_t)sqlite3_column_bytes(st, 4) : 0)) < 0)
			break;
		tm_sketch_of(&made, &t, sqlite3_column_int64(st, 3));
		if (memcmp(&made, &stored, sizeof(made)) != 0)
			rc = tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
			                       _("the translation memory is damaged (the sketch of variant %lld does not match its text)"),
			                       (long long)id);
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = tm_sql_error(tm, src);
	sqlite3_finalize(st);
	tm_tokens_free(&t);
	return rc;
}

/* ---- writing ------------------------------------------------------------------------------ */
int tm_sketch_writer_start(tm_sketch_writer *w, tolk_tm *tm)
{
	memset(w, 0, sizeof(*w));
	w->tm = tm;
	w->chunk = -1;
	int rc = tm_exec(tm, "CREATE TABLE IF NOT EXISTS tuv_sketch(chunk INTEGER PRIMARY KEY, data BLOB NOT NULL)");
	if (rc == 0)
		rc = tm_prepare(tm, &w->get, "SELECT data FROM tuv_sketch WHERE chunk = ?");
	if (rc == 0)
		rc = tm_prepare(tm, &w->put, "INSERT OR REPLACE INTO tuv_sketch(chunk, data) VALUES(?, ?)");
	return rc;
}

void tm_sketch_writer_finish(tm_sketch_writer *w)
{
	if (w->tm)
		tm_sketch_cache_forget(w->tm); /* what it wrote is to be read */
	sqlite3_finalize(w->get);
	sqlite3_finalize(w->put);
	w->get = w->put = NULL;
}

void tm_sketch_writer_forget(tm_sketch_writer *w)
{
	w->chunk = -1;
	w->dirty = false;
}

static int write_chunk(tm_sketch_writer *w)
{
	if (!w->dirty)
		return 0;
	int src = sqlite3_bind_int64(w->put, 1, w->chunk);
	if (src == SQLITE_OK)
		src = sqlite3_bind_blob(w->put, 2, w->data, TM_SKETCH_CHUNK_BYTES, SQLITE_STATIC);
	if (src == SQLITE_OK && (src = sqlite3_step(w->put)) == SQLITE_DONE)
		src = SQLITE_OK;
	sqlite3_reset(w->put);
	if (src != SQLITE_OK)
		return tm_sql_error(w->tm, src);
	w->dirty = false;
	return 0;
}

int tm_sketch_writer_add(tm_sketch_writer *w, int64_t id, const tm_sketch *s)
{
	int64_t k = id / TM_SKETCH_CHUNK;
	if (k != w->chunk) {
		int rc = write_chunk(w);
		if (rc < 0)
			return rc;
		memset(w->data, 0, sizeof(w->data));
		int src = sqlite3_bind_int64(w->get, 1, k);
		if (src == SQLITE_OK && (src = sqlite3_step(w->get)) == SQLITE_ROW) {
			if (sqlite3_column_bytes(w->get, 0) == TM_SKETCH_CHUNK_BYTES)
				memcpy(w->data, sqlite3_column_blob(w->get, 0), TM_SKETCH_CHUNK_BYTES);
			src = SQLITE_DONE;
		}
		sqlite3_reset(w->get);
		if (src != SQLITE_DONE)
			return tm_sql_error(w->tm, src);
		w->chunk = k;
	}
	w->data[id % TM_SKETCH_CHUNK] = *s;
	w->dirty = true;
	return 0;
}

static int read_upto(tm_sketch_writer *w, int64_t *upto)
{
	*upto = 0;
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(w->tm, &st, "SELECT value FROM meta WHERE key = 'sketch_upto'");
	if (rc < 0)
		return rc;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*upto = sqlite3_column_int64(st, 0);
	else if (src != SQLITE_DONE)
		rc = tm_sql_error(w->tm, src);
	sqlite3_finalize(st);
	return rc;
}

/* Sketches for the variants after upto and before next_tuv, from their texts. */
static int backfill(tm_sketch_writer *w, int64_t upto, int64_t next_tuv)
{
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(w->tm, &st, "SELECT id, lang, text FROM tuv WHERE id > ? AND id < ? ORDER BY id");
	if (rc < 0)
		return rc;
	tm_tokens t = {0};
	int src = sqlite3_bind_int64(st, 1, upto);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int64(st, 2, next_tuv);
	while (rc == 0 && src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 2);
		size_t len = (size_t)sqlite3_column_bytes(st, 2);
		tm_sketch s;
		if ((rc = tm_tokenize(&t, text ? text : "", text ? len : 0)) < 0)
			break;
		tm_sketch_of(&s, &t, sqlite3_column_int64(st, 1));
		rc = tm_sketch_writer_add(w, sqlite3_column_int64(st, 0), &s);
		src = SQLITE_OK;
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = tm_sql_error(w->tm, src);
	sqlite3_finalize(st);
	tm_tokens_free(&t);
	return rc;
}

int tm_sketch_writer_begin(tm_sketch_writer *w, int64_t next_tuv)
{
	tm_sketch_writer_forget(w); /* another writer may have changed the chunk since our last batch */
	int64_t upto;
	int rc = read_upto(w, &upto);
	if (rc == 0 && upto < next_tuv - 1)
		rc = backfill(w, upto, next_tuv);
	return rc;
}

int tm_sketch_writer_flush(tm_sketch_writer *w, int64_t newest)
{
	int rc = write_chunk(w);
	sqlite3_stmt *st = NULL;
	if (rc == 0)
		rc = tm_prepare(w->tm, &st,
		                "INSERT INTO meta(key, value) VALUES('sketch_upto', ?) "
		                "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (rc == 0) {
		int src = sqlite3_bind_int64(st, 1, newest);
		if (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_DONE)
			src = SQLITE_OK;
		if (src != SQLITE_OK)
			rc = tm_sql_error(w->tm, src);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- a run of chunks, for a store that writes them in batches ------------------------------ */
int tm_sketch_run_start(tm_sketch_run *r, int64_t id, const void *old, size_t old_len)
{
	tm_sketch_run_free(r);
	r->first = id / TM_SKETCH_CHUNK;
	if (tolk_array_grow((void **)&r->data, &r->cap, TM_SKETCH_CHUNK, sizeof(*r->data)) < 0)
		return TOLK_ENOMEM;
	memset(r->data, 0, TM_SKETCH_CHUNK_BYTES);
	r->nchunks = 1;
	/* the chunk's variants before id keep their sketches; those from id on are this run's */
	size_t before = (size_t)(id % TM_SKETCH_CHUNK);
	if (old && old_len == TM_SKETCH_CHUNK_BYTES)
		memcpy(r->data, old, before * TM_SKETCH_BYTES);
	return 0;
}

int tm_sketch_run_add(tm_sketch_run *r, int64_t id, const tm_sketch *s)
{
	if (!r->nchunks || id < r->first * TM_SKETCH_CHUNK)
		return tolk_error_set(TOLK_ERROR, "sketch of variant %lld outside its run", (long long)id);
	size_t k = (size_t)(id / TM_SKETCH_CHUNK - r->first);
	if (k >= r->nchunks) {
		if (tolk_array_grow((void **)&r->data, &r->cap, (k + 1) * TM_SKETCH_CHUNK, sizeof(*r->data)) < 0)
			return TOLK_ENOMEM;
		memset(r->data + r->nchunks * TM_SKETCH_CHUNK, 0, (k + 1 - r->nchunks) * TM_SKETCH_CHUNK_BYTES);
		r->nchunks = k + 1;
	}
	r->data[k * TM_SKETCH_CHUNK + (size_t)(id % TM_SKETCH_CHUNK)] = *s;
	return 0;
}

void tm_sketch_run_free(tm_sketch_run *r)
{
	free(r->data);
	memset(r, 0, sizeof(*r));
}
