/* Private: the text checker's state, tokens and rules (spell_check*.c, spell_text.c, compound.c). */
#ifndef TOLK_SPELL_CHECK_H
#define TOLK_SPELL_CHECK_H

#include "spell_private.h"
#include "util.h"

/* Token flags set by the tokenizer. */
enum {
	TOK_JOINED = 1 << 0,       /* a line-end hyphen was bridged: form joined, alt hyphenated */
	TOK_LEAD_HYPHEN = 1 << 1,  /* "-operaties": the first part of the compound is left out */
	TOK_TRAIL_HYPHEN = 1 << 2, /* "defensie- en": the last part is left out */
	TOK_PERIOD = 1 << 3,       /* directly followed by a period */
	TOK_PARENS = 1 << 4,       /* the token alone in parentheses: "(NMI)" */
	TOK_BREAK_BEFORE = 1 << 5, /* punctuation (, . ; : ( ) …) between this token and the previous */
	TOK_SENTENCE_START = 1 << 6, /* first of its block or after . ! ? : */
	TOK_LINE_START = 1 << 7,   /* first token on its line */
	TOK_SKIP = 1 << 8,         /* a URL or e-mail address */
	TOK_AMP_BEFORE = 1 << 9,   /* a lone & between this token and the previous */
	TOK_REPORT_ALT = 1 << 10,  /* a finding shows the hyphenated form (NAVO-Minsters) */
	TOK_APOSTROPHE = 1 << 11   /* an apostrophe glued before it at a word start: 's-Gravenhage */
};

typedef struct spell_token {
	size_t start, end;   /* byte range in the text */
	size_t form, form_len; /* the word as checked, in chk->scratch */
	size_t alt, alt_len; /* with the line-end hyphen kept; alt_len 0 when not joined */
	unsigned flags;
	int quote;           /* quotation number in the block, or -1 */
	unsigned char state; /* TOKEN_* */
	signed char en;      /* valid English word: -1 not asked yet, 0/1 */
	bool english_context; /* inside an English quote or name: suggest from English */
	tolk_spell_reason reason;
} spell_token;

enum {
	TOKEN_DECIDED = 0, /* reason is final */
	TOKEN_OPEN,        /* the Dutch rules reject it; the English stage may still accept it */
	TOKEN_PENDING      /* waits for evidence elsewhere in the document (in chk->pending) */
};

typedef struct spell_pending {
	size_t token_start, token_end;
	char *word;
	bool english_candidate; /* valid English, waiting for evidence elsewhere in the document */
	bool long_acronym;
	bool english_context;   /* inside an English quote or run: suggest from English */
	bool name_candidate;    /* capitalised: a name when the document establishes it (spell_names.c) */
	size_t name_len;        /* the name is the word's first name_len bytes (Chequers-plan); 0: all of it */
} spell_pending;

struct tolk_spell_checker {
	tolk_speller *sp;        /* the text's language */
	tolk_speller *en[2];     /* en_GB, en_US: English inside Dutch (NULL when absent or not Dutch) */
	bool dutch;
	unsigned options;
	spell_map words;         /* word lists: exact forms as listed */
	spell_map en_words;      /* English terms of the term base (for English inside Dutch) */
	spell_map compound_memo; /* word -> 1 compound, 2 not */
	spell_map abbrevs;       /* abbreviations written with their period: "nr.", "etc." */
	spell_map loanwords;     /* English words Dutch borrowed that the Dutch dictionary lacks */
	tolk_spell_trace_cb trace;
	void *trace_payload;
	uint32_t stamp;          /* number of the current check (for counting words in it) */

	/* per check */
	const char *text;
	size_t len;
	spell_token *tokens;
	size_t ntok, tokcap;
	tolk_buf scratch;        /* token forms of the current block */
	spell_map english_seen;  /* lowercase words accepted in English runs of this document */
	spell_map acronym_seen;  /* long acronyms: count, and whether parenthesised (value) */
	spell_map name_seen;     /* capitalised unknown words: count, and whether used inside a sentence (value) */
	spell_pending *pending;
	size_t npending, pendcap;
	tolk_spell_finding *findings;
	size_t nfind, findcap;
};

/* Tokenize the block starting at *pos (to a blank line or a size limit) into chk->tokens. */
int spell_tokenize_block(tolk_spell_checker *chk, size_t *pos);

static inline const char *tok_form(const tolk_spell_checker *chk, const spell_token *t)
{
	return chk->scratch.ptr + t->form;
}

/*
 * Dutch compound of valid parts with linking s/e/en (compound.c): 0 no,
 * SPELL_COMPOUND, SPELL_COMPOUND_SHORT (only with a three-letter part, tried
 * when short_parts), < 0 error.
 */
enum { SPELL_COMPOUND = 1, SPELL_COMPOUND_SHORT = 2 };
int spell_compound_valid(tolk_spell_checker *chk, const char *word, size_t len, bool short_parts);
/* Closed-class words (van, het, over…): never a compound part, never glued to a name. */
bool spell_function_word(const char *w, size_t n);
/* A word accepted on its own (dictionary or word list), as compound parts must be. */
int spell_part_known(tolk_spell_checker *chk, const char *word, size_t len);
/* An English loanword of src/data/loanwords-nl.txt (startup, food), Hunspell's casing rule: 1 or 0. */
int spell_loanword(const tolk_spell_checker *chk, const char *w, size_t n);
/* Word-list lookup with Hunspell's casing rule: 0 no, 1 word list, 2 term base. */
int spell_wordlist_has(tolk_spell_checker *chk, const char *word, size_t len);

/* Case of a word: letters all lower, Capitalised, ALL CAPS, or mixed. */
typedef enum { WCASE_NONE, WCASE_LOWER, WCASE_CAPITAL, WCASE_UPPER, WCASE_MIXED } spell_wcase;
spell_wcase spell_word_case(const char *w, size_t n, size_t *letters, size_t *digits);
/* Lowercase (whole word, or only the first letter) into out (n*2+4 bytes); returns the length. */
size_t spell_lower(char *out, const char *w, size_t n, bool first_only);

/*
 * The rules for one word (spell_rules.c): the reason it is accepted,
 * TOLK_SPELL_FLAGGED, or < 0. depth > 0: a part of a word; count: a token of
 * the text (counted for ranking suggestions).
 */
int spell_word_rule(tolk_spell_checker *chk, const char *w, size_t n, int depth, bool count);
/* A lowercase English part of a hyphenated Dutch word (foursome-sessie): 1, 0 or < 0. */
int spell_english_part(tolk_spell_checker *chk, const char *w, size_t n);
/* Ranked suggestions for a finding (spell_rank.c). */
int spell_suggest_for(tolk_spell_checker *chk, tolk_spell_finding *f);
/* Free an array of findings and their strings. */
void spell_findings_free(tolk_spell_finding *findings, size_t count);

/* English (spell_english.c). */
int spell_english_word(tolk_spell_checker *chk, const char *w, size_t n);
int spell_english_block(tolk_spell_checker *chk);

/* Names (spell_names.c). Evidence the caller has for spell_name_note: */
enum {
	SPELL_NAME_ENGLISH = 1,         /* the word is English (Truly, Hearts) */
	SPELL_NAME_HYPHEN_COMPOUND = 2  /* it heads a Dutch compound written with a hyphen: Chequers-plan */
};
/*
 * Count w (token ti, or a part of it) as a possible name; *candidate says
 * whether it may be one (capitalised, McPartlin, O'Hagan, Mills-Hicks).
 */
int spell_name_note(bool *candidate, tolk_spell_checker *chk, size_t ti, const char *w, size_t n,
                    unsigned evidence);
bool spell_looks_like_name(const char *w, size_t n);
/* Token ti is a name, a hyphen and Dutch (Chequers-plan): noted as a name, *name_len its length. */
int spell_name_compound(bool *candidate, size_t *name_len, tolk_spell_checker *chk, size_t ti);
/* At the end of a check: a name that only the names rule can accept (and its base, for a genitive). */
int spell_name_need(tolk_spell_checker *chk, const char *w, size_t n);
/* Then, once: verify the names needed, the most used first. */
int spell_names_settle(tolk_spell_checker *chk);
/* Then: has the document established w as a name? 1, 0 or < 0. */
int spell_name_accepted(tolk_spell_checker *chk, const char *w, size_t n);
/* Established names one edit from word (borrowed keys), for suggestions. */
size_t spell_name_candidates(tolk_spell_checker *chk, const char *word, const char **out, size_t max);
/* Are two words at most one edit apart (a swap of neighbours is one), case ignored? */
bool spell_near_words(const char *a, size_t na, const char *b, size_t nb);

/* Put a token aside until the whole document has been read. */
int spell_add_pending(tolk_spell_checker *chk, const spell_token *t, bool english, bool acronym,
                      bool english_context);

/* Record a finding for token text [start,end) with word w. */
int spell_add_finding(tolk_spell_checker *chk, size_t start, size_t end, const char *w, size_t n,
                      bool english);

#endif
