/* Private: the tokens, lexer and index behind term recognition, lookup and check. */
#ifndef TOLK_TERMBASE_MATCH_H
#define TOLK_TERMBASE_MATCH_H

#include "termbase_priv.h"

enum { TB_MAX_TERM_TOKENS = 16 };

typedef struct tb_token {
	size_t start, end;  /* bytes in the text */
	uint64_t gap;       /* hash of the separator before the token */
	uint8_t nkeys;
	uint64_t keys[TB_INFLECT_MAX]; /* hashes of the word's forms */
} tb_token;

typedef struct tb_lexer {
	const char *text;
	size_t len, pos;
	int lang;
} tb_lexer;

void tb_lexer_init(tb_lexer *lx, int lang, const char *text, size_t len);
bool tb_lexer_next(tb_lexer *lx, tb_token *tok);
/* Do two tokens share a form (bondgenoten / bondgenoot)? */
bool tb_token_meets(const tb_token *a, const tb_token *b);

/* One indexed term. */
typedef struct tb_term_ref {
	uint32_t concept;
	uint16_t term;
	uint8_t lang;
	uint8_t ntok;
	uint8_t status; /* copied here: the concept itself is far away in memory */
	uint64_t gap1; /* separator before the second word: two-word terms need no second look */
} tb_term_ref;

typedef struct tb_slot {
	uint64_t key;
	uint32_t head; /* posting index + 1; 0 = empty */
} tb_slot;

typedef struct tb_posting {
	uint32_t term;
	uint32_t next; /* + 1; 0 ends the list */
} tb_posting;

int tb_index_build(tolk_termbase *tb);
/* tolk_termbase_recognize as a bare array (freed with free()), for the term check. */
int tb_recognize(tolk_term_match **out, size_t *count, tolk_termbase *tb, const char *lang, const char *text,
                 size_t len);
/* The most tokens of any indexed term (at least 1): how far recognition looks ahead. */
unsigned tb_index_max_tokens(const tb_index *ix);
/* How many index builds on this thread computed their keys on two threads (for tests). */
unsigned tb_index_builds_split(void);

/* The index as flat arrays (the cache file stores them as they are). */
typedef struct tb_index_parts {
	const tb_term_ref *terms;
	size_t nterms;
	const tb_slot *slots;
	size_t nslots;
	const tb_posting *postings;
	size_t npostings;
	const uint64_t *filter;
	size_t nfilter;
	size_t nkeys;
	unsigned max_tokens;
} tb_index_parts;
void tb_index_parts_get(tb_index_parts *p, const tb_index *ix);
/* An index over borrowed arrays (a mapped file that outlives it). */
int tb_index_from_parts(tb_index **out, const tb_index_parts *p);
/*
 * Call fn for every term of lang that may start at toks[0] (toks[0..avail)
 * known); a term may be visited more than once. Confirm with tb_term_matches.
 */
typedef void (*tb_visit_fn)(const tb_term_ref *ref, void *ctx);
void tb_visit_candidates(tolk_termbase *tb, int lang, const tb_token *toks, size_t avail, tb_visit_fn fn, void *ctx);
/* Do tokens[0..avail) start with the term? loose: separators need not agree (a typed query). */
bool tb_term_matches(tolk_termbase *tb, const tb_term_ref *ref, const tb_token *tokens, size_t avail, bool loose);

#endif
