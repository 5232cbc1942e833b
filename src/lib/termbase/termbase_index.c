/*
 * The recognition index: word keys (single-word terms) and pairs of first-word
 * keys (longer terms) to the terms filed under them, with a bit filter in front.
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "termbase_match.h"


/*
 * Single-word terms are filed under the forms of their word; longer terms
 * under pairs of forms of their first two words, so that a common first word
 * ("NATO", "defence") does not make every occurrence try hundreds of terms.
 */
struct tb_index {
	tb_term_ref *terms;
	size_t nterms;
	tb_slot *slots;
	size_t mask, nkeys;
	tb_posting *postings;
	size_t npostings, cap_postings;
	unsigned max_tokens;
	/*
	 * One bit per word key in use and per first word of a longer term: most
	 * words of a text are no term's, and one bit test in a few megabytes is
	 * cheaper than a probe of the slot table, which is far out of cache.
	 */
	uint64_t *filter;
	size_t filter_mask; /* in 64-bit words */
	bool borrowed;      /* the arrays belong to a mapped cache file */
};

static const uint64_t word_salt[2] = {0, 0x9E3779B97F4A7C15ULL};
static const uint64_t pair_salt[2] = {0x632BE59BD9B4E019ULL, 0xC2B2AE3D27D4EB4FULL};

static inline uint64_t pair_key(uint64_t k0, uint64_t k1, int lang)
{
	uint64_t h = (k0 * 0xBF58476D1CE4E5B9ULL) ^ (k1 + pair_salt[lang]);
	h ^= h >> 31;
	h *= 0x94D049BB133111EBULL;
	h ^= h >> 29;
	return h;
}

void tb_index_free(tb_index *ix)
{
	if (!ix)
		return;
	if (!ix->borrowed) {
		free(ix->terms);
		free(ix->slots);
		free(ix->postings);
		free(ix->filter);
	}
	free(ix);
}

void tb_index_parts_get(tb_index_parts *p, const tb_index *ix)
{
	*p = (tb_index_parts){ix->terms, ix->nterms, ix->slots, ix->mask + 1, ix->postings, ix->npostings,
	                      ix->filter, ix->filter_mask + 1, ix->nkeys, ix->max_tokens};
}

int tb_index_from_parts(tb_index **out, const tb_index_parts *p)
{
	*out = NULL;
	/* Sizes are powers of two by construction; a file saying otherwise is not ours. */
	if (!p->nslots || (p->nslots & (p->nslots - 1)) || !p->nfilter || (p->nfilter & (p->nfilter - 1)))
		return TOLK_EINVALID;
	tb_index *ix = tolk_calloc(1, sizeof(*ix));
	if (!ix)
		return TOLK_ENOMEM;
	ix->terms = (tb_term_ref *)p->terms;
	ix->nterms = p->nterms;
	ix->slots = (tb_slot *)p->slots;
	ix->mask = p->nslots - 1;
	ix->postings = (tb_posting *)p->postings;
	ix->npostings = ix->cap_postings = p->npostings;
	ix->filter = (uint64_t *)p->filter;
	ix->filter_mask = p->nfilter - 1;
	ix->nkeys = p->nkeys;
	ix->max_tokens = p->max_tokens;
	ix->borrowed = true;
	*out = ix;
	return 0;
}

/* Both bits of a key (single word, first word of a longer term) in one 64-bit word: one cache line. */
static inline uint64_t *filter_word(const tb_index *ix, uint64_t key)
{
	return &ix->filter[(key >> 12) & ix->filter_mask];
}

static inline uint64_t filter_bits(uint64_t key, bool first_word)
{
	return (uint64_t)1 << (first_word ? key & 63 : (key >> 6) & 63);
}

static inline void filter_set(tb_index *ix, uint64_t key, bool first_word)
{
	*filter_word(ix, key) |= filter_bits(key, first_word);
}

static inline bool filter_has(const tb_index *ix, uint64_t key, bool first_word)
{
	return (*filter_word(ix, key) & filter_bits(key, first_word)) != 0;
}

/*
 * Zeroed memory for a table probed at random: in huge pages where the system
 * offers them, as one page walk and one fault cover 2 MB instead of 4 kB.
 */
static void *table_calloc(size_t n, size_t size)
{
	void *p = tolk_calloc(n, size);
#if defined(MADV_HUGEPAGE)
	enum { HUGE = 2u << 20 };
	if (p && n * size >= 2 * HUGE) {
		uintptr_t from = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
		uintptr_t to = ((uintptr_t)p + n * size) & ~(uintptr_t)(HUGE - 1);
		if (to > from)
			madvise((void *)from, to - from, MADV_HUGEPAGE);
	}
#endif
	return p;
}

/* Double the slot table; chains move with their keys. */
static int index_grow(tb_index *ix)
{
	size_t size = (ix->mask + 1) * 2;
	tb_slot *slots = table_calloc(size, sizeof(*slots));
	if (!slots)
		return TOLK_ENOMEM;
	for (size_t i = 0; i <= ix->mask; i++) {
		if (!ix->slots[i].head)
			continue;
		size_t s = ix->slots[i].key & (size - 1);
		while (slots[s].head)
			s = (s + 1) & (size - 1);
		slots[s] = ix->slots[i];
	}
	free(ix->slots);
	ix->slots = slots;
	ix->mask = size - 1;
	return 0;
}

static int index_add(tb_index *ix, uint64_t key, uint32_t term)
{
	size_t s = key & ix->mask;
	while (ix->slots[s].head && ix->slots[s].key != key)
		s = (s + 1) & ix->mask;
	if (!ix->slots[s].head && (ix->nkeys + 1) * 2 > ix->mask + 1) {
		/* Misses are the common case in running text: keep probe runs short. */
		int rc = index_grow(ix);
		if (rc < 0)
			return rc;
		s = key & ix->mask;
		while (ix->slots[s].head)
			s = (s + 1) & ix->mask;
	}
	if (ix->npostings >= ix->cap_postings &&
	    tolk_array_grow((void **)&ix->postings, &ix->cap_postings, ix->npostings + 1, sizeof(tb_posting)) < 0)
		return TOLK_ENOMEM;
	if (ix->npostings >= UINT32_MAX - 1)
		return tolk_error_set(TOLK_ENOMEM, _("term base too large to index"));
	if (!ix->slots[s].head)
		ix->nkeys++;
	tb_posting *p = &ix->postings[ix->npostings];
	p->term = term;
	p->next = ix->slots[s].head;
	ix->slots[s].key = key;
	ix->slots[s].head = (uint32_t)++ix->npostings;
	return 0;
}

/*
 * A term's first two tokens (what its keys are made of) and its token count;
 * 0 for a term that cannot be found in text: punctuation only, or longer than
 * TB_MAX_TERM_TOKENS. *max_tokens grows to the count.
 */
static unsigned term_tokens(tb_token tok[2], int lang, const char *term, unsigned *max_tokens)
{
	tb_lexer lx;
	tb_token extra;
	tb_lexer_init(&lx, lang, term, strlen(term));
	unsigned ntok = 0;
	while (ntok < 2 && tb_lexer_next(&lx, &tok[ntok]))
		ntok++;
	if (ntok == 0)
		return 0;
	while (ntok <= TB_MAX_TERM_TOKENS && tb_lexer_next(&lx, &extra))
		ntok++;
	if (ntok > TB_MAX_TERM_TOKENS)
		return 0;
	if (ntok > *max_tokens)
		*max_tokens = ntok;
	return ntok;
}

static int index_term(tb_index *ix, uint32_t concept, uint16_t term, int lang, const tolk_term_entry *e)
{
	tb_token tok[2];
	unsigned ntok = term_tokens(tok, lang, e->term, &ix->max_tokens);
	if (ntok == 0)
		return 0;
	uint32_t ref = (uint32_t)ix->nterms++;
	ix->terms[ref] = (tb_term_ref){concept, term, (uint8_t)lang, (uint8_t)ntok, (uint8_t)e->status,
	                               ntok > 1 ? tok[1].gap : 0};
	int rc = 0;
	for (unsigned a = 0; a < tok[0].nkeys && rc == 0; a++) {
		uint64_t k = tok[0].keys[a] ^ word_salt[lang];
		filter_set(ix, k, ntok > 1);
		if (ntok == 1)
			rc = index_add(ix, k, ref);
		else
			for (unsigned b = 0; b < tok[1].nkeys && rc == 0; b++)
				rc = index_add(ix, pair_key(tok[0].keys[a], tok[1].keys[b], lang), ref);
	}
	return rc;
}

/* An empty index sized for nterms terms (the same sizes whichever way it is filled). */
static tb_index *index_new(size_t nterms)
{
	tb_index *ix = tolk_calloc(1, sizeof(*ix));
	if (!ix)
		return NULL;
	size_t size = 1024;
	while (size < nterms * 2)
		size *= 2;
	ix->mask = size - 1;
	ix->terms = tolk_malloc(nterms * sizeof(*ix->terms));
	ix->slots = table_calloc(size, sizeof(*ix->slots));
	/* About 32 bits per term: a few percent of false alarms. */
	size_t words = 1024;
	while (words * 64 < nterms * 32)
		words *= 2;
	ix->filter_mask = words - 1;
	ix->filter = table_calloc(words, sizeof(uint64_t));
	if (!ix->terms || !ix->slots || !ix->filter) {
		tb_index_free(ix);
		return NULL;
	}
	return ix;
}

static int index_serial(tb_index *ix, const tolk_termbase *tb)
{
	for (size_t c = 0; c < tb->nconcepts; c++) {
		const tolk_concept *con = &tb->concepts[c];
		for (size_t t = 0; t < con->term_count && t < UINT16_MAX; t++) {
			int lang = tb_lang_code(con->terms[t].lang);
			int rc = lang < 0 ? 0 : index_term(ix, (uint32_t)c, (uint16_t)t, lang, &con->terms[t]);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * A large base: the keys of every term (lexing, case and diacritic folding,
 * inflection) are computed on two threads, each over half of the concepts,
 * and then inserted on this one in concept order, as index_serial inserts
 * them: the index is the same to the bit. (Prefetching the slots a few terms
 * ahead while inserting was tried: no gain measured.)
 */
static _Thread_local unsigned builds_split;

unsigned tb_index_builds_split(void)
{
	return builds_split;
}


/*
 * The terms of concepts [from, to) as index_term would file them: for each,
 * its reference, the keys of its first word (salted: also the filter's keys
 * and, for a single word, the index keys) and for a longer term the pair keys
 * in index_term's order. shape[i] holds the counts: first word's keys in the
 * low four bits, second word's in the high four.
 */
typedef struct key_batch {
	const tolk_termbase *tb;
	size_t from, to;
	tb_term_ref *refs;
	uint8_t *shape;
	size_t nrefs, cap_refs, cap_shape;
	uint64_t *keys;
	size_t nkeys, cap_keys;
	unsigned max_tokens;
	int rc;
} key_batch;

_Static_assert(TB_INFLECT_MAX < 16, "a word's key count fits in four bits");

static int batch_term(key_batch *kb, uint32_t concept, uint16_t term, int lang, const tolk_term_entry *e)
{
	tb_token tok[2];
	unsigned ntok = term_tokens(tok, lang, e->term, &kb->max_tokens);
	if (ntok == 0)
		return 0;
	unsigned n0 = tok[0].nkeys, n1 = ntok > 1 ? tok[1].nkeys : 0;
	if (tolk_array_grow((void **)&kb->refs, &kb->cap_refs, kb->nrefs + 1, sizeof(*kb->refs)) < 0 ||
	    tolk_array_grow((void **)&kb->shape, &kb->cap_shape, kb->nrefs + 1, 1) < 0 ||
	    tolk_array_grow((void **)&kb->keys, &kb->cap_keys, kb->nkeys + n0 + n0 * n1, sizeof(*kb->keys)) < 0)
		return TOLK_ENOMEM;
	kb->refs[kb->nrefs] = (tb_term_ref){concept, term, (uint8_t)lang, (uint8_t)ntok, (uint8_t)e->status,
	                                    ntok > 1 ? tok[1].gap : 0};
	kb->shape[kb->nrefs++] = (uint8_t)(n0 | n1 << 4);
	uint64_t *k = kb->keys + kb->nkeys;
	for (unsigned a = 0; a < n0; a++)
		*k++ = tok[0].keys[a] ^ word_salt[lang];
	for (unsigned a = 0; a < n0; a++)
		for (unsigned b = 0; b < n1; b++)
			*k++ = pair_key(tok[0].keys[a], tok[1].keys[b], lang);
	kb->nkeys = (size_t)(k - kb->keys);
	return 0;
}

static void *batch_fill(void *arg)
{
	key_batch *kb = arg;
	for (size_t c = kb->from; c < kb->to && kb->rc == 0; c++) {
		const tolk_concept *con = &kb->tb->concepts[c];
		for (size_t t = 0; t < con->term_count && t < UINT16_MAX && kb->rc == 0; t++) {
			int lang = tb_lang_code(con->terms[t].lang);
			if (lang >= 0)
				kb->rc = batch_term(kb, (uint32_t)c, (uint16_t)t, lang, &con->terms[t]);
		}
	}
	return NULL;
}

static void batch_free(key_batch *kb)
{
	free(kb->refs);
	free(kb->shape);
	free(kb->keys);
}

static inline size_t batch_keys(uint8_t shape)
{
	unsigned n0 = shape & 15, n1 = shape >> 4;
	return n0 + n0 * n1;
}

static int batch_insert(tb_index *ix, const key_batch *kb)
{
	if (kb->max_tokens > ix->max_tokens)
		ix->max_tokens = kb->max_tokens;
	const uint64_t *k = kb->keys;
	for (size_t i = 0; i < kb->nrefs; i++) {
		uint32_t ref = (uint32_t)ix->nterms++;
		ix->terms[ref] = kb->refs[i];
		unsigned n0 = kb->shape[i] & 15, n1 = kb->shape[i] >> 4;
		for (unsigned a = 0; a < n0; a++)
			filter_set(ix, k[a], n1 > 0);
		const uint64_t *index_keys = n1 ? k + n0 : k;
		for (size_t j = 0; j < (n1 ? n0 * n1 : n0); j++) {
			int rc = index_add(ix, index_keys[j], ref);
			if (rc < 0)
				return rc;
		}
		k += batch_keys(kb->shape[i]);
	}
	return 0;
}

static int index_split(tb_index *ix, const tolk_termbase *tb)
{
	size_t mid = tb->nconcepts / 2;
	key_batch half[2] = {{.tb = tb, .from = 0, .to = mid}, {.tb = tb, .from = mid, .to = tb->nconcepts}};
	tb_lexer lx;
	tb_lexer_init(&lx, 0, "", 0); /* the lexer's tables, set up before a second thread reads them */
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, batch_fill, &half[1]) == 0;
	batch_fill(&half[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else
		batch_fill(&half[1]);
	int rc = half[0].rc < 0 ? half[0].rc : half[1].rc;
	if (rc < 0)
		tolk_error_oom();
	for (int h = 0; h < 2 && rc == 0; h++)
		rc = batch_insert(ix, &half[h]);
	batch_free(&half[0]);
	batch_free(&half[1]);
	if (rc == 0)
		builds_split++;
	return rc;
}

int tb_index_build(tolk_termbase *tb)
{
	if (tb->index)
		return 0;
	size_t nterms = 0;
	for (size_t c = 0; c < tb->nconcepts; c++)
		nterms += tb->concepts[c].term_count;
	tb_index *ix = index_new(nterms);
	if (!ix)
		return TOLK_ENOMEM;
	int rc = tb->nconcepts >= 2 && tb->nconcepts >= tb->parallel_index_min ? index_split(ix, tb) : index_serial(ix, tb);
	if (rc < 0) {
		tb_index_free(ix);
		return rc;
	}
	tb->index = ix;
	return 0;
}

unsigned tb_index_max_tokens(const tb_index *ix)
{
	return ix->max_tokens ? ix->max_tokens : 1;
}

/* ---- candidates ------------------------------------------------------------------------------------ */

static void visit_chain(tb_index *ix, uint64_t key, tb_visit_fn fn, void *ctx)
{
	size_t s = key & ix->mask;
	while (ix->slots[s].head && ix->slots[s].key != key)
		s = (s + 1) & ix->mask;
	for (uint32_t p = ix->slots[s].head; p; p = ix->postings[p - 1].next)
		fn(&ix->terms[ix->postings[p - 1].term], ctx);
}

void tb_visit_candidates(tolk_termbase *tb, int lang, const tb_token *toks, size_t avail, tb_visit_fn fn, void *ctx)
{
	tb_index *ix = tb->index;
	if (avail == 0)
		return;
	for (unsigned a = 0; a < toks[0].nkeys; a++) {
		uint64_t k = toks[0].keys[a] ^ word_salt[lang];
		if (filter_has(ix, k, false))
			visit_chain(ix, k, fn, ctx);
		if (avail > 1 && filter_has(ix, k, true))
			for (unsigned b = 0; b < toks[1].nkeys; b++)
				visit_chain(ix, pair_key(toks[0].keys[a], toks[1].keys[b], lang), fn, ctx);
	}
}

