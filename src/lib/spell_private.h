/* Private parts of the speller shared by spell*.c and compound*.c. */
#ifndef TOLK_SPELL_PRIVATE_H
#define TOLK_SPELL_PRIVATE_H

#include <stdbool.h>

#include <hunspell/hunspell.h>

#include "spell_map.h"
#include "tolk/spell.h"

/* A replacement from the dictionary's REP table: its authors' list of typical errors. */
typedef struct spell_rep {
	char *from, *to;
	bool at_start, at_end; /* ^ and $ anchors */
} spell_rep;

struct tolk_speller {
	Hunhandle *hun;
	char lang[8];           /* canonical: nl_NL, en_GB, en_US */
	spell_map verdicts;     /* word -> 1 known / 0 unknown (Hunspell's own verdict) */
	spell_map suggestions;  /* word -> spell_sugg * */
	spell_map near;         /* word -> bits: is a dictionary word one edit away? (spell_has_near) */
	spell_rep *reps;
	size_t nreps, repcap;
	char *dic_path;         /* the .dic file, for the names it lists (spell_dictionary_names) */
	spell_map names;        /* Capitalised entries of the .dic (Paul, Amsterdam), loaded on first use */
	bool names_loaded;
	unsigned long hunspell_calls;  /* cache misses (for the bench) */
	double fallback_budget_ms;     /* Hunspell suggest is skipped for words it answers slower */
};

/*
 * Hunspell's suggest as a fallback: allowed when its expected time fits the
 * budget. Measured with nl_NL on 300 typos: about 8 ms per letter on average
 * (12 at worst), so the budget admits words of up to 12 letters.
 */
#define SPELL_FALLBACK_BUDGET_MS 100.0
#define SPELL_FALLBACK_MS_PER_CHAR 8.0

/*
 * Typical typos (see spell_suggest.c): edits at most SPELL_TYPICAL_EDIT costly
 * (swaps, doubled letters, accents, ei/ij, linking n/s), and up to
 * SPELL_TYPICAL_WORD_EDIT (a dropped letter, a neighbouring key) when they
 * lead to a word the dictionary lists rather than one Hunspell glues together.
 */
#define SPELL_TYPICAL_EDIT 0.6
#define SPELL_TYPICAL_WORD_EDIT 0.8

/* Suggestions kept per word: more than shown, so the checker can re-rank. */
enum { SPELL_SUGG_KEEP = 16 };

/* A cached ranked suggestion list (lower cost = likelier). */
typedef struct spell_sugg {
	size_t count;
	char **items;
	double *costs;
	size_t own;            /* items[0..own) come from tolk's edits (no splits among them: see near) */
	size_t near;           /* how many of the own items are single words one edit away */
	size_t near_typical;   /* … of them by a typical typo (swap, doubled letter, accent, ei/ij) */
	bool fallback_done;    /* Hunspell's suggest was asked (only when own is 0) */
} spell_sugg;

void spell_sugg_free(void *p);

/*
 * The cached suggestion entry for a word (own candidates; Hunspell's suggest
 * added when fallback is true and tolk found nothing). NULL on error.
 */
spell_sugg *spell_suggestions(tolk_speller *sp, const char *word, size_t len, bool fallback);

/*
 * Is a dictionary word one edit away (typical_only: one typical typo away)?
 * Cheaper than suggestions: stops at the first word found. 1, 0 or < 0.
 */
int spell_has_near(tolk_speller *sp, const char *word, size_t len, bool typical_only);

/*
 * Could a capitalised word (a name, by the text's evidence) be a typo of a
 * dictionary word? Returns SPELL_NEAR_* bits, or < 0: a Dutch word one edit
 * away in lowercase (any edit, or only a typical typo when typical_only), a
 * name the dictionary lists one typical typo away. Cheaper than
 * spell_has_near on the capitalised word: Hunspell sees only lowercase
 * candidates, and the listed names are a hash set.
 */
enum { SPELL_NEAR_DUTCH = 1, SPELL_NEAR_NAME = 2 };
int spell_name_has_near(tolk_speller *sp, const char *word, size_t len, bool typical_only);
/* Is an entry of set counted at least min_count times one edit from word? 1, 0 or < 0. */
int spell_set_has_near(const spell_map *set, uint32_t min_count, const char *word, size_t len);
/* The dictionary's Capitalised entries (loaded once); NULL on error. */
const spell_map *spell_dictionary_names(tolk_speller *sp);

/* Own candidate generation (spell_suggest.c). */
int spell_suggest_candidates(spell_sugg *out, tolk_speller *sp, const char *word, size_t len);
/* Hunspell's own suggestions appended to out. */
int spell_hunspell_suggest(spell_sugg *out, tolk_speller *sp, const char *word);

/*
 * known() that also counts the word as seen in check number stamp
 * (for ranking suggestions by what the document itself uses).
 */
/* Hunspell's verdict, cached: 1 known, 0 unknown, or a negative TOLK_E* (tolk_speller_known's core). */
int spell_known(tolk_speller *sp, const char *word, size_t len);
int spell_known_counted(tolk_speller *sp, const char *word, size_t len, uint32_t stamp);
/* How often the word was counted in check stamp. */
uint32_t spell_seen_count(tolk_speller *sp, const char *word, size_t len, uint32_t stamp);
/* Empty the speller's caches that grew past their bound (between checks only). */
void spell_caches_trim(tolk_speller *sp);

/* Monotonic clock in milliseconds. */
double spell_now_ms(void);

#endif
