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

/* Suggestions returned per word at most. */
#define TOLK_SPELL_MAX_SUGGESTIONS 8

/*
 * lang: nl_NL, en_GB or en_US (nl, nl-NL, en-GB… accepted; bare "en" is en_GB).
 * dict_dir NULL = the system's Hunspell directory (/usr/share/hunspell).
 * Unknown language: TOLK_ELANG. Missing .aff/.dic: TOLK_ENOTFOUND naming the file.
 * A speller is not thread-safe: use one per thread.
 */
int tolk_speller_new(tolk_speller **out, const char *lang, const char *dict_dir);
void tolk_speller_free(tolk_speller *sp);

/* The canonical language of the speller: "nl_NL", "en_GB" or "en_US". */
const char *tolk_speller_lang(const tolk_speller *sp);

/* Hunspell's own verdict (cached): 1 known, 0 unknown, < 0 error. word is len bytes of UTF-8. */
int tolk_speller_known(tolk_speller *sp, const char *word, size_t len);

/*
 * Ranked suggestions (at most TOLK_SPELL_MAX_SUGGESTIONS) for a NUL-terminated
 * word: tolk's own one-edit candidates checked with the cached known(), ranked
 * by how typical the edit is; Hunspell's suggest only when no edit gives a word.
 * Cached per word. *out is NULL-terminated; free with tolk_strarray_free(*out, *count).
 */
int tolk_speller_suggest(char ***out, size_t *count, tolk_speller *sp, const char *word);

/* Adapter with the signature of tolk_word_known_cb (segment.h); payload is the speller. */
int tolk_speller_known_cb(const char *word, size_t len, void *payload);

#ifdef __cplusplus
}
#endif
#endif
