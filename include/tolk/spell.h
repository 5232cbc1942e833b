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
#include "tolk/termbase.h"

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
TOLK_EXTERN int tolk_speller_new(tolk_speller **out, const char *lang, const char *dict_dir);
TOLK_EXTERN void tolk_speller_free(tolk_speller *sp);

/* The canonical language of the speller: "nl_NL", "en_GB" or "en_US". */
TOLK_EXTERN const char *tolk_speller_lang(const tolk_speller *sp);

/*
 * *known: Hunspell's own verdict (cached) on word, len bytes of UTF-8 (an
 * empty word is unknown). TOLK_EINVALID without a speller or word.
 */
TOLK_EXTERN int tolk_speller_known(bool *known, tolk_speller *sp, const char *word, size_t len);

/*
 * Ranked suggestions (at most TOLK_SPELL_MAX_SUGGESTIONS) for a NUL-terminated
 * word: tolk's own candidates — every one-edit variant, moved double letters,
 * ei/ij, and the dictionary's REP list of typical errors — checked with the
 * cached known() and ranked by how typical the edit is. Hunspell's own suggest
 * (≈ 8 ms per letter with nl_NL) only when none is a word, and only for
 * lowercase words short enough to answer within about 100 ms.
 * Cached per word. *out (an empty list when there is none) belongs to the
 * caller, owns its strings and is freed with tolk_spell_suggestion_list_free;
 * on failure *out is NULL. items is also NULL-terminated. The speller is not
 * thread-safe; a list may be freed on any thread.
 */
typedef struct tolk_spell_suggestion_list {
	char **items;           /* best first; items[count] is NULL */
	size_t count;
} tolk_spell_suggestion_list;

TOLK_EXTERN int tolk_speller_suggest(tolk_spell_suggestion_list **out, tolk_speller *sp, const char *word);
/* NULL is fine. */
TOLK_EXTERN void tolk_spell_suggestion_list_free(tolk_spell_suggestion_list *list);

/* Adapter with the signature of tolk_word_known_cb (segment.h); payload is the speller. */
TOLK_EXTERN int tolk_speller_known_cb(const char *word, size_t len, void *payload);

/* ---- checking text ------------------------------------------------------------- */

/*
 * A spell checker for running text: a speller for the text's language plus
 * tolk's mechanisms against false alarms. For Dutch these are layout repair
 * (line-end hyphens joined or kept on the dictionary's evidence, footnote
 * marks, page-break indentation), elliptical hyphens (NAVO-missies en
 * -operaties), abbreviations and initials, acronyms (also inside hyphenated
 * words: NAVO-Ministers), English names and quoted English checked against
 * en_GB/en_US, Dutch compounds of valid parts with linking s/e/en, and word
 * lists (project, personal, term base).
 */
typedef struct tolk_spell_checker tolk_spell_checker;

/* Options: bit flags, all mechanisms on by default. */
enum {
	TOLK_SPELL_NO_COMPOUNDS = 1 << 0,   /* no compound rule */
	TOLK_SPELL_NO_ENGLISH = 1 << 1,     /* no English inside Dutch */
	TOLK_SPELL_NO_LAYOUT = 1 << 2,      /* no line-end hyphen joining, no footnote marks */
	TOLK_SPELL_NO_SUGGESTIONS = 1 << 3, /* findings without suggestions (fast) */
	TOLK_SPELL_RAW = 1 << 4             /* Hunspell's verdict on every token, nothing else */
};

/*
 * lang and dict_dir as for tolk_speller_new. For Dutch, the English
 * dictionaries are loaded too when present (without them English inside Dutch
 * is not recognised; tolk_spell_checker_has_english tells).
 */
TOLK_EXTERN int tolk_spell_checker_new(tolk_spell_checker **out, const char *lang, const char *dict_dir);
/* (A checker, like its speller, is not thread-safe: use one per thread.) */
TOLK_EXTERN void tolk_spell_checker_free(tolk_spell_checker *chk);
TOLK_EXTERN void tolk_spell_checker_set_options(tolk_spell_checker *chk, unsigned options);
TOLK_EXTERN bool tolk_spell_checker_has_english(const tolk_spell_checker *chk);
/* The checker's speller (owned by the checker), e.g. for tolk_segmenter_set_lexicon. */
TOLK_EXTERN tolk_speller *tolk_spell_checker_speller(tolk_spell_checker *chk);

/*
 * Accept a word (UTF-8, len bytes). Casing follows Hunspell: a lowercase
 * entry also accepts its Capitalised and ALL-CAPS forms, a Capitalised one its
 * ALL-CAPS form. Accepted words also serve as parts of compounds.
 */
TOLK_EXTERN int tolk_spell_checker_add_word(tolk_spell_checker *chk, const char *word, size_t len);
/*
 * Load a word list: UTF-8, one word or multiword name per line (each word is
 * accepted), '#' starts a comment line. Errors carry FILE:LINE:COL.
 */
TOLK_EXTERN int tolk_spell_checker_load_wordlist(tolk_spell_checker *chk, const char *path);

/*
 * Accept every term of the term base (any status: a deprecated term is still
 * spelt right; the term check is tolk term's business). Terms in the text's
 * language become word-list words; for Dutch text, English terms are accepted
 * as English inside Dutch. Multiword terms are accepted word by word.
 */
TOLK_EXTERN int tolk_spell_checker_add_termbase(tolk_spell_checker *chk, tolk_termbase *tb);

/* Why a token was accepted (or not): see tolk_spell_checker_set_trace. */
typedef enum tolk_spell_reason {
	TOLK_SPELL_FLAGGED = 0,      /* a finding */
	TOLK_SPELL_DICTIONARY,       /* Hunspell knows it */
	TOLK_SPELL_WORDLIST,         /* project or personal word list */
	TOLK_SPELL_TERM,             /* a term of the term base */
	TOLK_SPELL_NUMBER,           /* numbers, ordinals, footnote digits */
	TOLK_SPELL_ABBREVIATION,     /* nr., etc., initials like A.Th.B. */
	TOLK_SPELL_ACRONYM,          /* NMI, SACEUR */
	TOLK_SPELL_HYPHENATED,       /* every part valid: NAVO-Ministers, de-conflictie… */
	TOLK_SPELL_LINE_JOIN,        /* a word broken at a line end, valid once joined */
	TOLK_SPELL_ELLIPTICAL,       /* -operaties, defensie- en… */
	TOLK_SPELL_FOOTNOTE,         /* luchtruimverdediging1 */
	TOLK_SPELL_COMPOUND,         /* Dutch compound of valid parts */
	TOLK_SPELL_ENGLISH,          /* English name, phrase or quote inside Dutch */
	TOLK_SPELL_SKIPPED,          /* URLs, e-mail addresses, domain names */
	TOLK_SPELL_NAME              /* a name the document uses often, inside sentences (Kavanaugh) */
} tolk_spell_reason;

TOLK_EXTERN const char *tolk_spell_reason_name(tolk_spell_reason reason); /* "dictionary", "compound", … */

/* Called for every token checked, in text order, with the byte range and the decision. */
typedef void (*tolk_spell_trace_cb)(const char *text, size_t start, size_t end,
                                    tolk_spell_reason reason, void *payload);
TOLK_EXTERN void tolk_spell_checker_set_trace(tolk_spell_checker *chk, tolk_spell_trace_cb cb, void *payload);

typedef struct tolk_spell_finding {
	size_t start, end;      /* byte range in the text (a line-end-hyphenated word spans both lines) */
	unsigned long line;     /* 1-based */
	unsigned long column;   /* 1-based, in characters */
	char *word;             /* the word as checked (a line-end hyphenated word joined) */
	char **suggestions;     /* ranked, NULL-terminated */
	size_t suggestion_count;
	const char *lang;       /* dictionary the word was checked against: "nl_NL", "en_GB"… */
} tolk_spell_finding;

typedef struct tolk_spell_finding_list {
	tolk_spell_finding *items;  /* in text order */
	size_t count;
} tolk_spell_finding_list;

/*
 * Check UTF-8 text (len bytes; invalid UTF-8 is TOLK_EINVALID with the
 * position). *out (an empty list when nothing is flagged) belongs to the
 * caller, owns its words and suggestions (lang is borrowed from the checker,
 * valid while it lives) and is freed with tolk_spell_finding_list_free; on
 * failure *out is NULL. The checker is not thread-safe; a list may be freed
 * on any thread.
 */
TOLK_EXTERN int tolk_spell_check_text(tolk_spell_finding_list **out, tolk_spell_checker *chk, const char *text,
                                      size_t len);
/* NULL is fine. */
TOLK_EXTERN void tolk_spell_finding_list_free(tolk_spell_finding_list *list);

#ifdef __cplusplus
}
#endif
#endif
