/*
 * The memory's tokenizer: words (letters and digits, joined by inner hyphens,
 * apostrophes and, between digits, . , : /), numbers, and punctuation. Each
 * word gets a key — lower case, diacritics and compatibility forms removed —
 * that both the scorer and the FTS5 index use.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"
#include "tm_sketch.h"

#include "fold.h"
#include "hash.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>

/* ---- character classes and folding --------------------------------------------- */
enum { CL_SPACE = 0, CL_LETTER, CL_DIGIT, CL_MARK, CL_OTHER };

/* Below this code point classes and folds are tabled once; above, ICU is asked each time. */
#define TABLED 0x3000
typedef struct fold_entry {
	uint8_t cls;
	uint8_t len;          /* bytes of the folded form; 0 = drops out (a combining mark) */
	char bytes[TOLK_FOLD_CP_MAX];
} fold_entry;
static fold_entry *fold_table;
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static uint8_t classify(UChar32 cp)
{
	if (u_isUWhiteSpace(cp) || cp == 0x200B || cp == 0xFEFF)
		return CL_SPACE;
	int8_t type = u_charType(cp);
	if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK)
		return CL_MARK;
	if (u_isdigit(cp))
		return CL_DIGIT;
	if (u_isalpha(cp) || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER)
		return CL_LETTER;
	return CL_OTHER;
}

/* The key of a code point is its fold (fold.h: é→e, ĳ→ij, ﬁ→fi, ß→ss, marks drop out), with
 * typographic apostrophes and hyphens keyed as their ASCII forms. */
static void fold_compute(fold_entry *e, UChar32 cp)
{
	e->cls = classify(cp);
	if (cp == 0x2019 || cp == 0x02BC)
		cp = '\'';
	else if (cp == 0x2010 || cp == 0x2011)
		cp = '-';
	e->len = (uint8_t)tolk_fold_cp(e->bytes, cp, TOLK_FOLD_CASE_ACCENTS);
}

static void fold_init(void)
{
	fold_table = calloc(TABLED, sizeof(*fold_table));
	if (!fold_table)
		return;
	for (UChar32 cp = 0; cp < TABLED; cp++)
		fold_compute(&fold_table[cp], cp);
}

static inline void fold_lookup(fold_entry *tmp, const fold_entry **e, UChar32 cp)
{
	if (cp < TABLED && fold_table) {
		*e = &fold_table[cp];
		return;
	}
	fold_compute(tmp, cp);
	*e = tmp;
}

/* ---- tokens ------------------------------------------------------------------------- */
uint32_t tm_hash_bytes(const char *s, size_t n)
{
	return tolk_hash32(s, n);
}

typedef struct cursor {
	const char *s;
	size_t len;
} cursor;

/* Code point at i, its class and fold, and where the next one starts; invalid bytes are
 * punctuation of their own. tmp holds the fold of code points above the table. */
static inline UChar32 peek_cp(const cursor *c, size_t i, size_t *next, fold_entry *tmp, const fold_entry **e)
{
	unsigned char b = (unsigned char)c->s[i];
	if (b < 0x80) {
		*next = i + 1;
		*e = &fold_table[b];
		return b;
	}
	size_t j = i;
	int32_t cp = tolk_utf8_next(c->s, c->len, &j);
	if (cp < 0) {
		*next = i + 1;
		tmp->cls = CL_OTHER;
		tmp->len = 0;
		*e = tmp;
		return 0xFFFD;
	}
	*next = j;
	fold_lookup(tmp, e, cp);
	return cp;
}

static bool is_hyphen(UChar32 cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}
static bool is_apostrophe(UChar32 cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}
static bool is_digit_joiner(UChar32 cp)
{
	return cp == '.' || cp == ',' || cp == ':' || cp == '/';
}
static bool is_alnum_class(uint8_t cls)
{
	return cls == CL_LETTER || cls == CL_DIGIT;
}
static bool is_word_class(uint8_t cls)
{
	return cls == CL_LETTER || cls == CL_DIGIT || cls == CL_MARK;
}

static inline char *put_fold(char *kp, const fold_entry *e)
{
	if (e->len == 1) {
		*kp++ = e->bytes[0];
	} else if (e->len) {
		memcpy(kp, e->bytes, e->len);
		kp += e->len;
	}
	return kp;
}

/*
 * Hot in every import (FTS5 calls it for each text) and lookup, so memory is
 * reserved up front for the worst case — a token per byte, a key of at most
 * TOLK_FOLD_GROWTH (five) bytes per input byte plus
 * its NUL — and the loop writes without further checks.
 */
_Static_assert(TOLK_FOLD_GROWTH <= 5, "tm_tokenize reserves 6 key bytes per input byte");

int tm_tokenize(tm_tokens *t, const char *text, size_t len)
{
	pthread_once(&fold_once, fold_init);
	if (!fold_table)
		return tolk_error_oom();
	if (len >= UINT32_MAX / 8)
		return tolk_error_set(TOLK_EINVALID, _("text too long"));
	t->count = 0;
	t->keys_len = 0;
	t->nwords = 0;
	t->generation++;
	if ((t->cap < len + 1 && tolk_array_grow((void **)&t->items, &t->cap, len + 1, sizeof(*t->items)) < 0) ||
	    (t->keys_cap < 6 * len + 16 && tolk_array_grow((void **)&t->keys, &t->keys_cap, 6 * len + 16, 1) < 0))
		return TOLK_ENOMEM;
	cursor c = {text, len};
	tm_token *tok = t->items;
	char *keys = t->keys, *kp = keys;
	size_t i = 0, prev_end = 0, nwords = 0;
	fold_entry tmp, tmp2, tmp3;
	while (i < len) {
		size_t start = i, next;
		const fold_entry *e;
		peek_cp(&c, i, &next, &tmp, &e);
		i = next;
		if (e->cls == CL_SPACE)
			continue;
		tok->gap = (uint32_t)prev_end;
		tok->start = (uint32_t)start;
		if (e->cls == CL_OTHER || e->cls == CL_MARK) {
			tok->kind = TM_TOK_PUNCT;
			tok->end = (uint32_t)i;
			tok->key_off = tok->key_len = 0;
			tok->hyphens = 0;
			tok->hash = tm_hash_bytes(text + start, i - start);
			prev_end = i;
			tok++;
			continue;
		}
		/* a word: letters, digits and marks, joined across inner hyphens, apostrophes, digit separators */
		char *key = kp;
		bool letters = false;
		unsigned hyphens = 0;
		uint8_t prev_cls = e->cls;
		for (;;) {
			letters |= e->cls == CL_LETTER;
			kp = put_fold(kp, e);
			if (e->cls != CL_MARK)
				prev_cls = e->cls;
			/* a run of ASCII letters and digits, most of most words, a byte at a time (each folds to one byte) */
			for (const fold_entry *a; i < len && (unsigned char)text[i] < 0x80 &&
			                          is_alnum_class((a = &fold_table[(unsigned char)text[i]])->cls);
			     i++) {
				letters |= a->cls == CL_LETTER;
				*kp++ = a->bytes[0];
				prev_cls = a->cls;
			}
			if (i >= len)
				break;
			const fold_entry *e2;
			UChar32 cp2 = peek_cp(&c, i, &next, &tmp2, &e2);
			if (is_word_class(e2->cls)) {
				i = next;
				if (e2 == &tmp2) {
					tmp = tmp2;
					e2 = &tmp;
				}
				e = e2;
				continue;
			}
			if (next >= len || (!is_hyphen(cp2) && !is_apostrophe(cp2) && !is_digit_joiner(cp2)))
				break;
			size_t after;
			const fold_entry *e3;
			peek_cp(&c, next, &after, &tmp3, &e3);
			bool join = is_hyphen(cp2)       ? is_alnum_class(prev_cls) && is_alnum_class(e3->cls)
			            : is_apostrophe(cp2) ? prev_cls == CL_LETTER && e3->cls == CL_LETTER
			                                 : prev_cls == CL_DIGIT && e3->cls == CL_DIGIT;
			if (!join)
				break;
			hyphens += is_hyphen(cp2);
			kp = put_fold(kp, e2);
			i = after;
			if (e3 == &tmp3) {
				tmp = tmp3;
				e3 = &tmp;
			}
			e = e3;
		}
		tok->end = (uint32_t)i;
		tok->kind = letters ? TM_TOK_WORD : TM_TOK_NUMBER;
		tok->key_off = (uint32_t)(key - keys);
		tok->key_len = (uint32_t)(kp - key);
		tok->hash = letters ? tm_hash_bytes(key, tok->key_len) : TM_NUMBER_HASH;
		tok->hyphens = (uint8_t)(hyphens < TM_HYPHENS_MANY ? hyphens : TM_HYPHENS_MANY);
		*kp++ = '\0';
		nwords++;
		prev_end = i;
		tok++;
	}
	t->count = (size_t)(tok - t->items);
	t->keys_len = (size_t)(kp - keys);
	t->nwords = nwords;
	return 0;
}

void tm_tokens_free(tm_tokens *t)
{
	free(t->items);
	free(t->keys);
	memset(t, 0, sizeof(*t));
}

size_t tolk_tm_word_count(const char *text)
{
	tm_tokens t = {0};
	size_t n = 0;
	if (text && tm_tokenize(&t, text, strlen(text)) == 0)
		n = t.nwords;
	tm_tokens_free(&t);
	return n;
}

/* ---- term counting -------------------------------------------------------------------- */
int tm_counter_add(tm_counter *c, const char *term, size_t len, uint32_t h)
{
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t id; (id = tolk_hashmap_probe(&c->map, h, &pos)) != TOLK_HASHMAP_NONE;) {
		struct tm_counter_slot *s = &c->slots[id];
		if (s->len == len && memcmp(s->term, term, len) == 0) {
			if (s->doc != c->doc) {
				s->doc = c->doc;
				s->n++;
			}
			return 0;
		}
	}
	size_t old = c->cap;
	if (tolk_array_grow((void **)&c->slots, &c->cap, c->used + 1, sizeof(*c->slots)) < 0)
		return TOLK_ENOMEM;
	memset(c->slots + old, 0, (c->cap - old) * sizeof(*c->slots));
	struct tm_counter_slot *s = &c->slots[c->used];
	if (!(s->term = tolk_strndup(term, len)))
		return TOLK_ENOMEM;
	if (tolk_hashmap_put(&c->map, h, (uint32_t)c->used) < 0) {
		free(s->term);
		s->term = NULL;
		return TOLK_ENOMEM;
	}
	s->hash = h;
	s->len = (uint32_t)len;
	s->n = 1;
	s->doc = c->doc;
	c->used++;
	return 0;
}

void tm_counter_clear(tm_counter *c)
{
	for (size_t k = 0; k < c->used; k++)
		free(c->slots[k].term);
	free(c->slots);
	c->slots = NULL;
	c->cap = c->used = 0;
	tolk_hashmap_free(&c->map);
}

/* ---- the FTS5 tokenizer ----------------------------------------------------------- */
typedef struct fts_tokenizer {
	tolk_tm *tm;
	tm_tokens toks;
	bool busy;
} fts_tokenizer;

static int fts_create(void *user, const char **args, int nargs, Fts5Tokenizer **out)
{
	(void)args;
	(void)nargs;
	fts_tokenizer *ft = calloc(1, sizeof(*ft));
	if (!ft)
		return SQLITE_NOMEM;
	ft->tm = user;
	*out = (Fts5Tokenizer *)ft;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *p)
{
	fts_tokenizer *ft = (fts_tokenizer *)p;
	if (!ft)
		return;
	tm_tokens_free(&ft->toks);
	free(ft);
}

static int fts_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
                        int (*emit)(void *, int, const char *, int, int, int))
{
	fts_tokenizer *ft = (fts_tokenizer *)p;
	tm_tokens local = {0};
	const tm_tokens *t = ft->busy ? &local : &ft->toks;
	bool was_busy = ft->busy;
	ft->busy = true;
	int rc = SQLITE_OK;
	if (ft->tm->pretok && text == ft->tm->pretok_text)
		t = ft->tm->pretok; /* tokenized on the import's reading thread */
	else if (ntext < 0 || tm_tokenize((tm_tokens *)t, text, (size_t)ntext) < 0) {
		rc = SQLITE_NOMEM;
		goto done;
	}
	bool document = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
	if (!document && ntext == (int)sizeof(TM_ANY_NUMBER) - 1 && memcmp(text, TM_ANY_NUMBER, (size_t)ntext) == 0) {
		rc = emit(ctx, 0, TM_ANY_NUMBER, ntext, 0, ntext);
		goto done;
	}
	tm_counter *counter = document ? ft->tm->counting : NULL;
	/*
	 * Document frequencies are estimated from a sample; scrambled, since a
	 * plain "every fourth" would meet the same language of a pair every time.
	 */
	if (counter && ((uint32_t)(++counter->doc * 2654435761u) >> 30) != 0)
		counter = NULL;
	for (size_t k = 0; k < t->count && rc == SQLITE_OK; k++) {
		const tm_token *tok = &t->items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		const char *key = tm_key(t, tok);
		rc = emit(ctx, 0, key, (int)tok->key_len, (int)tok->start, (int)tok->end);
		if (counter && rc == SQLITE_OK &&
		    tm_counter_add(counter, key, tok->key_len,
		                   tok->kind == TM_TOK_WORD ? tok->hash : tm_hash_bytes(key, tok->key_len)) < 0)
			rc = SQLITE_NOMEM;
		if (document && tok->kind == TM_TOK_NUMBER && rc == SQLITE_OK) {
			size_t n = sizeof(TM_ANY_NUMBER) - 1;
			rc = emit(ctx, FTS5_TOKEN_COLOCATED, TM_ANY_NUMBER, (int)n, (int)tok->start, (int)tok->end);
			if (counter && rc == SQLITE_OK &&
			    tm_counter_add(counter, TM_ANY_NUMBER, n, tm_hash_bytes(TM_ANY_NUMBER, n)) < 0)
				rc = SQLITE_NOMEM;
		}
		if (!document || tok->kind != TM_TOK_WORD || !memchr(key, '-', tok->key_len))
			continue;
		/*
		 * The parts of a compound (NAVO-Ministers) are indexed at its position
		 * too, so concordance finds "ministers" in it; scoring keeps the whole.
		 */
		const char *part = key, *end = key + tok->key_len;
		while (part < end && rc == SQLITE_OK) {
			const char *dash = memchr(part, '-', (size_t)(end - part));
			const char *stop = dash ? dash : end;
			if (stop > part) {
				rc = emit(ctx, FTS5_TOKEN_COLOCATED, part, (int)(stop - part), (int)tok->start,
				          (int)tok->end);
				if (counter && rc == SQLITE_OK &&
				    tm_counter_add(counter, part, (size_t)(stop - part), tm_hash_bytes(part, (size_t)(stop - part))) < 0)
					rc = SQLITE_NOMEM;
			}
			part = stop + 1;
		}
	}
	if (rc == SQLITE_OK && document && ft->tm->sketching) {
		tm_sketch_of(&ft->tm->sketching->pending, t, 0);
		ft->tm->sketching->pending_set = true;
	}
	/* an import's reading thread noted the terms of the texts it tokenized; the others, here */
	if (rc == SQLITE_OK && document && ft->tm->terms_adding && t != ft->tm->pretok)
		tm_terms_add_tokens(ft->tm->terms_adding, t);
done:
	ft->busy = was_busy;
	tm_tokens_free(&local);
	return rc;
}

/* The terms fts_tokenize gives the index for a document with these tokens: keys, pieces, "some number". */
void tm_terms_add_tokens(uint8_t *bits, const tm_tokens *t)
{
	for (size_t k = 0; k < t->count; k++) {
		const tm_token *tok = &t->items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		const char *key = tm_key(t, tok);
		if (tok->kind == TM_TOK_NUMBER) {
			tm_terms_add(bits, tm_hash_bytes(key, tm_fts_len(tok->key_len)));
			tm_terms_add(bits, tm_hash_bytes(TM_ANY_NUMBER, sizeof(TM_ANY_NUMBER) - 1));
			continue;
		}
		tm_terms_add(bits, tok->key_len > TM_FTS_MAX_TOKEN ? tm_hash_bytes(key, TM_FTS_MAX_TOKEN) : tok->hash);
		if (!tok->hyphens)
			continue;
		for (const char *part = key, *end = key + tok->key_len; part < end;) {
			const char *dash = memchr(part, '-', (size_t)(end - part));
			const char *stop = dash ? dash : end;
			if (stop > part)
				tm_terms_add(bits, tm_hash_bytes(part, tm_fts_len((size_t)(stop - part))));
			part = stop + 1;
		}
	}
}

int tm_register_tokenizer(sqlite3 *db, tolk_tm *tm)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	/* any failure leaves api NULL, which is reported below */
	if (rc == SQLITE_OK && sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL) == SQLITE_OK)
		sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api)
		return tolk_error_set(TOLK_ERROR, _("this SQLite has no FTS5 full-text index"));
	fts5_tokenizer tok = {fts_create, fts_delete, fts_tokenize};
	rc = api->xCreateTokenizer(api, "tolk", tm, &tok, NULL);
	if (rc != SQLITE_OK)
		return tolk_error_set(TOLK_ERROR, "%s", sqlite3_errstr(rc));
	return 0;
}
