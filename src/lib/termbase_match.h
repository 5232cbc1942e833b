/* Private: the tokens, lexer and index behind term recognition, lookup and check. */
#ifndef TOLK_TERMBASE_MATCH_H
#define TOLK_TERMBASE_MATCH_H

#include "termbase_priv.h"

enum { TB_MAX_TERM_TOKENS = 16, TB_MAX_CANDIDATES = 64 };

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
} tb_term_ref;

typedef struct tb_candidate_set {
	size_t count;
	uint32_t items[TB_MAX_CANDIDATES];
} tb_candidate_set;

int tb_index_build(tolk_termbase *tb);
/* Terms of lang whose first token may be tok. */
void tb_candidates(tb_candidate_set *set, tolk_termbase *tb, int lang, const tb_token *tok);
const tb_term_ref *tb_term_ref_at(tolk_termbase *tb, uint32_t term);
/* Do tokens[0..avail) start with the term? loose: separators need not agree (a typed query). */
bool tb_term_matches(tolk_termbase *tb, const tb_term_ref *ref, const tb_token *tokens, size_t avail, bool loose);

#endif
