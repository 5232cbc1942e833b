/* Private parts of the speller shared by spell*.c and compound*.c. */
#ifndef TOLK_SPELL_PRIVATE_H
#define TOLK_SPELL_PRIVATE_H

#include <hunspell/hunspell.h>

#include "spell_map.h"
#include "tolk/spell.h"

struct tolk_speller {
	Hunhandle *hun;
	char lang[8];           /* canonical: nl_NL, en_GB, en_US */
	spell_map verdicts;     /* word -> 1 known / 0 unknown (Hunspell's own verdict) */
	spell_map suggestions;  /* word -> cached ranked suggestion list (spell_sugg *) */
	unsigned long hunspell_calls; /* how often the cache missed (for the bench) */
	double suggest_budget_ms;     /* time allowed for Hunspell's own suggest as a fallback */
};

/* A cached suggestion list. */
typedef struct spell_sugg {
	size_t count;
	char **items;
} spell_sugg;

void spell_sugg_free(void *p);

/* Own candidate generation (spell_suggest.c): ranked, at most max items, into *out. */
int spell_suggest_candidates(spell_sugg *out, tolk_speller *sp, const char *word, size_t len,
                             size_t max);

/* Monotonic clock in milliseconds. */
double spell_now_ms(void);

#endif
