/*
 * Private parts of the translation memory (include/tolk/tm.h): the store,
 * the tokenizer shared by scoring and the full-text index, and the scorer.
 * Everything that knows about SQLite stays in src/lib/tm*.c.
 */
#ifndef TOLK_TM_PRIVATE_H
#define TOLK_TM_PRIVATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "tolk/tm.h"
#include "util.h"
#include "hashmap.h"

/* ---- tokens ------------------------------------------------------------------------ */
/*
 * One tokenizer serves scoring, word counts and the FTS5 index, so the index's
 * terms are exactly the keys the scorer compares: that is what lets lookup
 * prove that a unit it never fetched cannot score above the threshold.
 */
typedef enum tm_tok_kind { TM_TOK_WORD = 0, TM_TOK_NUMBER, TM_TOK_PUNCT } tm_tok_kind;

typedef struct tm_token {
	uint32_t start, end;      /* bytes of the token in the text */
	uint32_t gap;             /* start of the whitespace before it */
	uint32_t key_off, key_len; /* words and numbers: folded key in tm_tokens.keys */
	uint32_t hash;            /* of the key; numbers all share one */
	uint8_t kind;
	uint8_t hyphens;          /* inner hyphens in the key (NAVO-Ministers: 1), at most TM_HYPHENS_MANY */
} tm_token;
#define TM_HYPHENS_MANY 255

typedef struct tm_tokens {
	tm_token *items;
	size_t count, cap;
	char *keys;               /* lower-case, diacritics removed, ’ as ' */
	size_t keys_len, keys_cap;
	size_t nwords;            /* words and numbers */
	uint32_t generation;      /* changes with every tm_tokenize: what is derived from the tokens can be kept */
} tm_tokens;

/*
 * FTS5 keeps at most this many bytes of a token (FTS5_MAX_TOKEN_SIZE in SQLite's
 * sources), in the index and in queries alike; the term filter must hash the same bytes.
 */
#define TM_FTS_MAX_TOKEN 32768
static inline size_t tm_fts_len(size_t len)
{
	return len < TM_FTS_MAX_TOKEN ? len : TM_FTS_MAX_TOKEN;
}

/* Tokenize text (len bytes of valid UTF-8) into t, reusing its memory. */
int tm_tokenize(tm_tokens *t, const char *text, size_t len);
void tm_tokens_free(tm_tokens *t);
static inline const char *tm_key(const tm_tokens *t, const tm_token *tok)
{
	return t->keys + tok->key_off;
}
uint32_t tm_hash_bytes(const char *s, size_t n);
/* Are the two tokens written exactly alike? */
static inline bool tm_same_surface(const char *at, const tm_token *x, const char *bt, const tm_token *y)
{
	return x->end - x->start == y->end - y->start && memcmp(at + x->start, bt + y->start, x->end - x->start) == 0;
}
#define TM_NUMBER_HASH 0x9e3779b9u
/*
 * Every number is also indexed under this term (a control character no text
 * token can hold): any number may stand in for another in a fuzzy match, so
 * lookup asks for "some number", not for 2020.
 */
#define TM_ANY_NUMBER "\x01#"

/* FTS5 tokenizer "tolk" on this connection; df counting goes to tm (see tm_import.c). */
int tm_register_tokenizer(sqlite3 *db, tolk_tm *tm);

/* ---- compounds written apart, hyphenated or closed (tm_join.c) ------------------------ */
/*
 * "NAVO-Ministers", "NAVO Ministers" and "NAVOMinisters" are one word to a
 * translator, written three ways. A word x of one text is the same as the k
 * consecutive words y (no punctuation between them) of another when, hyphens
 * left out, they spell the same, and one side's boundaries (hyphens, spaces)
 * are among the other's: a side may close up or open a boundary, or write it
 * with the other joiner, never move it (ab-c against a-bc is another word).
 * A boundary that one side closes up needs pieces of TM_JOIN_MIN_PIECE bytes
 * on both sides of it (no "de el" for "deel"), and at most TM_JOIN_MAX_PIECES
 * pieces close up into one. Lookup relies on exactly these limits to find
 * such units through the index (tm_lookup_keys.c).
 */
#define TM_JOIN_MAX_WORDS 3
#define TM_JOIN_MIN_PIECE 3
#define TM_JOIN_MAX_PIECES 3
/* Bytes of the key without its hyphens; a number or a word with very many hyphens never joins. */
static inline uint32_t tm_join_len(const tm_token *t)
{
	return t->kind == TM_TOK_WORD && t->hyphens < TM_HYPHENS_MANY ? t->key_len - t->hyphens : UINT32_MAX / 4;
}
/*
 * 0 when word x (of a, text atext) and the k consecutive tokens y[0..k) (of b,
 * btext) are not one word written another way; otherwise how many of its
 * boundaries are written differently, plus 1 when the letters differ in case
 * or diacritics too (always at least 1: the same key is not a join).
 */
/*
 * A quick test before tm_join_cost: x against k words starting with y0, whose
 * tm_join_len add up to sum — the same length, the same first letter and, for
 * one word against one, another number of hyphens (else it is the same word,
 * or a boundary moved).
 */
static inline bool tm_join_plausible(const tm_tokens *a, const tm_token *x, const tm_tokens *b, const tm_token *y0,
                                     size_t k, uint32_t sum)
{
	return (k > 1 || x->hyphens != y0->hyphens) && sum == tm_join_len(x) && tm_key(a, x)[0] == tm_key(b, y0)[0];
}
/* Hyphen characters of a surface form (-, U+2010, U+2011): their length at p, or 0. */
size_t tm_hyphen_at(const char *p, const char *end);
int tm_join_cost(const char *atext, const tm_tokens *a, const tm_token *x, const char *btext, const tm_tokens *b,
                 const tm_token *y, size_t k);

/* ---- scoring ----------------------------------------------------------------------- */
typedef struct tm_cell tm_cell;
typedef struct tm_word tm_word;
/* (length, first letter) of words, runs or hyphenated words of a query, as bits: a join needs a match */
typedef struct tm_join_filter {
	uint64_t bits[64];
} tm_join_filter;
typedef struct tm_scorer {
	/* the query's words and filters, kept while the same tokens are scored against many units */
	const tm_tokens *query;
	uint32_t query_generation;
	size_t query_words;
	tm_join_filter singles, runs, hyphenated;
	uint32_t *dp;             /* edits matrix */
	size_t dp_cap;
	tm_cell *rows;            /* the last rows of the dynamic program, for long pairs */
	size_t rows_cap;
	tm_word *qw, *cw;         /* the word tokens of each side */
	size_t qw_cap, cw_cap;
} tm_scorer;

/* What a matched number written otherwise costs a score (tm_score.c; lookup's sketches bound by it). */
#define TM_PENALTY_NUMBER 2
/* *score when the pair certainly scores below min_score (the work was cut short). */
#define TM_SCORE_BELOW (-1)
/*
 * *score: memory text c against query q (0-100), or TM_SCORE_BELOW when it is
 * certainly below min_score. Returns 0 or TOLK_ENOMEM. Both token lists must
 * come from tm_tokenize of qtext and ctext.
 */
int tm_score(int *score, tm_scorer *s, const char *qtext, const tm_tokens *q, const char *ctext,
             const tm_tokens *c, int min_score);
/* The most words a memory text may have and still score min_score against q (SIZE_MAX: any). */
size_t tm_score_max_words(const tm_tokens *q, int min_score);
/* The most memory words the query's words can take with them in joins (J in tm_score.c). */
size_t tm_score_absorbable(const tm_tokens *q);
/* ... and one of them, x (a token of q). */
size_t tm_score_absorbable_word(const tm_tokens *q, const tm_token *x);
/* A lower bound on the words tm_tokenize finds in text (exact enough up to stop, then stop + 1). */
size_t tm_words_at_least(const char *text, size_t len, size_t stop);
/* The edit script turning c into q, word and punctuation tokens, spaces kept. */
int tm_diff(tolk_tm_diff **out, size_t *nout, const char *qtext, const tm_tokens *q,
            const char *ctext, const tm_tokens *c);
void tm_scorer_free(tm_scorer *s);

/* ---- df counting during import -------------------------------------------------- */
/* Terms and how many index documents hold them, counted while the index is fed. */
typedef struct tm_counter {
	/* slots[0..used) in order of first sight, the rest zeroed up to cap; map: hash -> slot */
	struct tm_counter_slot { uint32_t hash, len; uint64_t doc; int64_t n; char *term; } *slots;
	size_t cap, used;
	tolk_hashmap map;
	uint64_t doc;             /* document being tokenized, for counting each term once */
} tm_counter;
/* Count term (hash: tm_hash_bytes of it) once for the current document. */
int tm_counter_add(tm_counter *c, const char *term, size_t len, uint32_t hash);
/*
 * Only every TM_DF_SAMPLE-th document is counted, and counts are scaled up:
 * lookup needs to know which words are rare, not exactly how rare, and
 * counting every word of every text would cost a tenth of an import.
 */
#define TM_DF_SAMPLE 4 /* the top two bits of a hash of the document number are 0 */
/* Forget the counts (doc, the variant being counted, stays). */
void tm_counter_clear(tm_counter *c);

/* ---- which terms the index holds (tm_terms.c) -------------------------------------- */
#define TM_TERMS_BITS (1u << 24) /* 2 MiB: under 1 % false "maybe" up to two million terms */
/* The filter's two bits for a term's tm_hash_bytes. */
static inline uint32_t tm_terms_bit(uint32_t hash, int which)
{
	return which ? (hash * 2654435761u) & (TM_TERMS_BITS - 1) : hash >> 8;
}
static inline void tm_terms_add(uint8_t *bits, uint32_t hash)
{
	uint32_t a = tm_terms_bit(hash, 0), b = tm_terms_bit(hash, 1);
	bits[a >> 3] |= (uint8_t)(1u << (a & 7));
	bits[b >> 3] |= (uint8_t)(1u << (b & 7));
}
/* Add the terms the index is given for a text with tokens t (tm_token.c). */
void tm_terms_add_tokens(uint8_t *bits, const tm_tokens *t);
/* Might the index hold term? false: certainly not. */
bool tm_terms_may_hold(const uint8_t *bits, const char *term, size_t len);
/* Within a read transaction: tm->terms_valid tells whether tm->terms covers every variant. */
int tm_terms_load(tolk_tm *tm);
/*
 * After an import (outside its transactions): store the filter with the terms
 * added; before is the newest variant when the import began, alone whether
 * no other process wrote meanwhile. Otherwise it is rebuilt from the index.
 */
int tm_terms_save(tolk_tm *tm, const uint8_t *added, int64_t before, bool alone);
/* Does the filter hold every term of the index (TOLK_EINVALID when not)? */
int tm_terms_check(tolk_tm *tm);

/* ---- reading TMX on a second thread ------------------------------------------------ */
typedef struct tm_feed tm_feed;
int tm_feed_open(tm_feed **out, const char *path);
/* Like tolk_tmx_reader_next, plus the tokens of each variant's text and the unit's duplicate
 * key; valid until the next call. */
int tm_feed_next(const tolk_tmx_unit **out, tm_tokens **tokens, int64_t *key, tm_feed *f);
/* The terms of every text read (a term filter, tm_terms.c): complete once tm_feed_next said TOLK_ITEROVER. */
const uint8_t *tm_feed_terms(const tm_feed *f);
/* The source language the file's header names, or NULL. */
const char *tm_feed_srclang(const tm_feed *f);
/* Checkpoints on a thread of their own while an import writes; NULL when it cannot start
 * (the writer then checkpoints as usual). */
typedef struct tm_checkpointer tm_checkpointer;
tm_checkpointer *tm_checkpointer_start(const char *path);
void tm_checkpointer_stop(tm_checkpointer *c);
/* The key duplicates share: a hash of the variants' languages and texts, in a fixed order. */
int64_t tm_unit_dupkey(const tolk_tmx_unit *u);
/*
 * The checks every store's import makes of a unit before it stores it (tm_import.c): counts it
 * read, *keep false (and counted empty) when no variant has text and a language; TOLK_EINVALID
 * for a variant without a language, or (validate) with text that is not UTF-8.
 */
int tm_unit_admit(bool *keep, tolk_tm_import_stats *stats, const tolk_tmx_unit *u, bool validate);
void tm_feed_free(tm_feed *f);

/* ---- the store ----------------------------------------------------------------------- */
typedef struct tm_lang {
	int64_t id;
	char *tag;
} tm_lang;

struct tm_backend;
struct tm_pg;
struct tolk_tm {
	const struct tm_backend *be; /* SQLite or PostgreSQL (tm_backend.h) */
	struct tm_pg *pg;         /* the PostgreSQL store's connections, else NULL */
	sqlite3 *db;
	char *path;
	bool readonly;
	char *src_lang, *tgt_lang;
	bool src_lang_set;        /* by tolk_tm_set_langs, not the default */
	tm_lang *langs;           /* the lang table, small */
	size_t nlangs, langs_cap;
	tm_counter *counting;     /* set while an import feeds the index */
	uint8_t *terms_adding;    /* likewise: the terms it gives the index, TM_TERMS_BITS bits */
	uint8_t *terms;           /* the stored term filter, as last loaded */
	int64_t terms_upto;
	bool terms_valid;         /* terms covers every variant (tm_terms_load) */
	struct tm_sketch_cache *sketches; /* sketches read for lookup (tm_sketch.c) */
	struct tm_postings_cache *postings_cache; /* posting lists read for lookup (tm_postings_cache.c) */
	int64_t newest;           /* the store's newest variant as the last lookup found it, -1 not known */
	struct tm_sketch_writer *sketching; /* set while an import feeds the index: the sketch goes there */
	const char *pretok_text;  /* the text being indexed has these tokens already */
	const tm_tokens *pretok;
	tm_scorer scorer;
	tm_tokens qtok, ctok;     /* scratch token lists */
	sqlite3_stmt *st_tuv;     /* tu, lang, text of a variant by id */
	sqlite3_stmt *st_unit_tuvs; /* variants of a unit */
	sqlite3_stmt *st_tu;      /* a unit's dates and ids */
	sqlite3_stmt *st_df;      /* document frequency of a term */
	sqlite3_stmt *st_postings; /* a term's rowids, gathered by tolk_collect */
	/* each lookup's own statements, prepared when first run (tm_kept): parsing them was 1.7 % of tolk serve's time */
	sqlite3_stmt *st_begin, *st_commit, *st_langs, *st_newest, *st_filter_state;
	void *collect;            /* where tolk_collect puts them */
};

/* The aggregate tolk_collect(rowid), appending to *(postings *)tm->collect (tm_lookup.c). */
void tm_collect_step(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void tm_collect_final(sqlite3_context *ctx);

/* Map a SQLite failure to a tolk error naming the store. */
int tm_sql_error(tolk_tm *tm, int sqlite_rc);
int tm_exec(tolk_tm *tm, const char *sql);
/*
 * The source language of the stored units (meta 'srclang', kept by import),
 * or "*all*" when they have more than one; *out is a new string.
 */
int tm_srclang(char **out, tolk_tm *tm);
/* Within a write transaction: units whose source language is srclang (NULL: unknown) were added. */
int tm_srclang_note(tolk_tm *tm, const char *srclang);
int tm_prepare(tolk_tm *tm, sqlite3_stmt **st, const char *sql);
/*
 * *st, prepared from sql when it is NULL, reset for a new run: a statement
 * each lookup runs is parsed once per open store. Returns the statement, or
 * NULL with SQLite's code in *src.
 */
sqlite3_stmt *tm_kept(tolk_tm *tm, sqlite3_stmt **st, const char *sql, int *src);
/* The result of a sqlite3_bind_* call: 0, or the failure as a tolk error naming the store. */
static inline int tm_bound(tolk_tm *tm, int sqlite_rc)
{
	return sqlite_rc == SQLITE_OK ? 0 : tm_sql_error(tm, sqlite_rc);
}
/*
 * End a read transaction. Its failure is reported unless an earlier one (rc)
 * already is: on a failure path the first error is the one that explains.
 */
int tm_end_read(tolk_tm *tm, int rc);
/* Begin one (read) snapshot for what follows, in whichever store. */
int tm_read_begin(tolk_tm *tm);
/* 0 when an options struct has the version this library knows, else TOLK_EINVALID (tm_options.c). */
int tm_options_check(unsigned int got, unsigned int want, const char *what);
/* Cached lang id of tag (exactly as written), adding it when add is true; 0 when absent. */
int tm_lang_id(int64_t *out, tolk_tm *tm, const char *tag, bool add);
int tm_langs_load(tolk_tm *tm);
/* SQLite's quick_check: the file's structure, in about a second per million units. */
int tm_quick_check(tolk_tm *tm);
/* Does lang id match the wanted tag (tolk_lang_match >= 1)? */
bool tm_lang_is(const tolk_tm *tm, int64_t id, const char *wanted);
const char *tm_lang_tag(const tolk_tm *tm, int64_t id);

/* Props and notes are kept as one text each: items split by RS, type and value by US,
 * characters XML 1.0 cannot carry, so no TMX content can collide with them. */
#define TM_SEP_ITEM '\x1e'
#define TM_SEP_FIELD '\x1f'

/* Best variant of a unit in lang (exact region first): its id, text (malloc'ed; NULL when
 * the unit has none) and tag (owned by the lang cache). */
int tm_unit_variant(int64_t *tuv_id, char **text, const char **tag, tolk_tm *tm, int64_t unit_id,
                    const char *lang);

/* Dutch and English inflection for concordance: variants of a folded word's stem. */
#define TM_STEMS_MAX 16
/*
 * Restricted stems: TM_STEM_FORM a whole word form (sprak), matched as it is
 * or with an adjective's -e; TM_STEM_PARTICIPLE ge- + a stem (gesteld), with -d
 * or -t (and -e) only.
 */
enum { TM_STEM_NL = 1, TM_STEM_EN = 2, TM_STEM_FORM = 4, TM_STEM_PARTICIPLE = 8 };
typedef struct tm_stem {
	char stems[TM_STEMS_MAX][64]; /* the word as typed first */
	uint8_t langs[TM_STEMS_MAX];  /* whose rules made each stem */
	size_t nstems;
	bool exact_only;          /* short word or number: matched as typed */
} tm_stem;
void tm_stem_word(tm_stem *out, const char *key, size_t len, bool dutch, bool english);
/* Does folded token key match one of the stems with an allowed ending? */
bool tm_stem_matches(const tm_stem *st, const char *key, size_t len, bool dutch, bool english);
/*
 * A Dutch verb with a separable particle, written together (vaststellen,
 * plaatsvinden, doorgaan): the length of the particle — the longest that
 * leaves a verb of four letters or more ending in -n; 0 when there is none.
 */
size_t tm_separable_particle(const char *word, size_t len);

#endif
