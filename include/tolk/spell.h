/*
 * tolk: spell checking with Hunspell and the system dictionaries.
 *
 * A tolk_speller wraps one Hunspell dictionary (nl_NL, en_GB, en_US) with a
 * word cache; tolk_spell_check_text applies tolk's mechanisms against false
 * alarms (layout, abbreviations, acronyms, English inside Dutch, compounds,
 * term base, project word list) on top of Hunspell's verdicts.
 */
#ifndef TOLK_SPELL_H
#define TOLK_SPELL_H

#include <stdbool.h>
#include "tolk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tolk_speller tolk_speller;

/* lang: nl_NL, en_GB or en_US (nl, nl-NL, en-GB… accepted). dict_dir NULL = system default. */
int tolk_speller_new(tolk_speller **out, const char *lang, const char *dict_dir);
void tolk_speller_free(tolk_speller *sp);

/* Hunspell's own verdict (cached): 1 known, 0 unknown, < 0 error. word is len bytes of UTF-8. */
int tolk_speller_known(tolk_speller *sp, const char *word, size_t len);

/* Ranked suggestions; *out is freed with tolk_strarray_free(*out, *count). */
int tolk_speller_suggest(char ***out, size_t *count, tolk_speller *sp, const char *word);

/* Adapter with the signature of tolk_word_known_cb (segment.h); payload is the speller. */
int tolk_speller_known_cb(const char *word, size_t len, void *payload);

#ifdef __cplusplus
}
#endif
#endif
