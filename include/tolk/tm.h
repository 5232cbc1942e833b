/*
 * tolk: the translation memory — an embedded store (one SQLite file) that
 * answers while a translator works: exact and fuzzy matches for a sentence,
 * how a phrase was translated before (concordance), and how much of a new
 * draft the memory already covers (analysis).
 *
 * A store keeps every unit of every TMX file imported into it, in all its
 * languages, with dates, creation ids, props and notes, so an export gives
 * back what was imported (duplicates merged). Lookups, concordance and
 * analysis work on a language pair, Dutch to English unless set otherwise;
 * language variants (nl, nl-NL, nl-BE) are matched with tolk_lang_match.
 *
 * A store is opened by one process for writing at a time; any number of
 * readers may look up while it imports.
 */
#ifndef TOLK_TM_H
#define TOLK_TM_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "tolk/common.h"
#include "tolk/tmx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tolk_tm tolk_tm;

/* ---- opening ------------------------------------------------------------------------ */
enum {
	TOLK_TM_OPEN_CREATE = 1 << 0,   /* create the store (and its folder) when path is absent */
	TOLK_TM_OPEN_READONLY = 1 << 1  /* never write; lookups, concordance, stats, export */
};

/*
 * Open the store at path. A file that is not a tolk memory (another SQLite
 * database, any other file) or that is damaged is refused with TOLK_EINVALID
 * and left exactly as it was; an absent file without TOLK_TM_OPEN_CREATE is
 * TOLK_ENOTFOUND.
 */
int tolk_tm_open(tolk_tm **out, const char *path, unsigned flags);
void tolk_tm_free(tolk_tm *tm);

/* The language pair for lookup, concordance and analysis (default "nl" and "en"). */
int tolk_tm_set_langs(tolk_tm *tm, const char *src_lang, const char *tgt_lang);

/* ---- filling and emptying ---------------------------------------------------------- */
typedef struct tolk_tm_import_options {
	size_t batch_units;          /* units per transaction; 0 = 10000 */
	tolk_progress_cb progress;   /* done = units read, total 0 */
	void *progress_payload;
} tolk_tm_import_options;

typedef struct tolk_tm_import_stats {
	uint64_t units_read;    /* tu elements in the files */
	uint64_t units_added;   /* new units in the store */
	uint64_t units_merged;  /* duplicates of a unit already there, merged into it */
	uint64_t units_empty;   /* units without any text, not stored */
} tolk_tm_import_stats;

/*
 * Stream a TMX 1.4 file into the store in batched transactions. Each batch is
 * all or nothing: a failure (or a kill) leaves the store as it was after the
 * last complete batch. A duplicate (same languages and texts) is merged into
 * the unit already stored: earliest creation, latest change, props and notes
 * united. stats may be NULL; it accumulates over calls.
 */
int tolk_tm_import(tolk_tm_import_stats *stats, tolk_tm *tm, const char *tmx_path,
                   const tolk_tm_import_options *opts);

/* Add (or merge) one unit, in a transaction of its own. */
int tolk_tm_add(tolk_tm *tm, const tolk_tmx_unit *unit);

/*
 * Write the whole store as TMX 1.4b (atomically: nothing appears at path on failure).
 * The header's srclang is the one given to tolk_tm_set_langs, else the units' own
 * (as the imported files' headers named it), or "*all*" when they differ.
 */
int tolk_tm_export(tolk_tm *tm, const char *tmx_path, tolk_progress_cb progress, void *payload);

/* ---- lookup -------------------------------------------------------------------------- */
typedef enum tolk_tm_diff_op {
	TOLK_TM_DIFF_EQUAL = 0,
	TOLK_TM_DIFF_DELETE,   /* in the memory's source only */
	TOLK_TM_DIFF_INSERT    /* in the looked-up text only */
} tolk_tm_diff_op;

typedef struct tolk_tm_diff {
	tolk_tm_diff_op op;
	char *text;            /* as in the string it comes from, spaces included */
} tolk_tm_diff;

typedef struct tolk_tm_match {
	int score;             /* 0-100; 100 only for the same text */
	int64_t unit_id;
	char *source, *target; /* target NULL when the unit lacks the target language */
	char *source_lang, *target_lang;
	time_t creationdate, changedate;
	char *creationid, *changeid;
	tolk_tm_diff *diff;    /* how the memory's source becomes the looked-up text */
	size_t ndiff;
} tolk_tm_match;

typedef struct tolk_tm_match_list {
	tolk_tm_match *items;  /* best first: score, then most recent change, then oldest unit */
	size_t count;
} tolk_tm_match_list;

typedef struct tolk_tm_lookup_options {
	int min_score;         /* 1-100; 0 = 70 */
	size_t max_results;    /* 0 = 5 */
	bool exhaustive;       /* score every unit instead of the index's candidates (slow; to verify) */
} tolk_tm_lookup_options;

/*
 * Exact and fuzzy matches for text in the source language. The score is the
 * word-based edit distance CAT tools use, 100 * (1 - edits / longer length),
 * less small penalties for differences in case and diacritics (at most 2 a
 * segment), numbers, punctuation (at most 3) and spacing; a compound written
 * apart, hyphenated or closed up (NAVO Ministers, NAVO-Ministers) is one
 * word at a point per changed boundary. Candidates come from the full-text
 * index; the result equals that of an exhaustive scan.
 */
int tolk_tm_lookup(tolk_tm_match_list **out, tolk_tm *tm, const char *text,
                   const tolk_tm_lookup_options *opts);
void tolk_tm_match_list_free(tolk_tm_match_list *list);

/* The score lookup gives text against a memory's source (0-100). */
int tolk_tm_score(const char *text, const char *memory_source);

/* Number of words in text as the analysis counts them. */
size_t tolk_tm_word_count(const char *text);

/* ---- concordance ------------------------------------------------------------------- */
typedef struct tolk_tm_span {
	size_t start, end;     /* byte range of a matched word */
} tolk_tm_span;

typedef struct tolk_tm_hit {
	int64_t unit_id;
	char *source, *target; /* the pair's texts (either may be NULL) */
	char *source_lang, *target_lang;
	tolk_tm_span *source_spans, *target_spans; /* matched words, on the side(s) that matched */
	size_t nsource_spans, ntarget_spans;
	bool exact;            /* every word as typed; otherwise an inflected form matched */
} tolk_tm_hit;

typedef struct tolk_tm_hit_list {
	tolk_tm_hit *items;    /* exact forms first */
	size_t count;
} tolk_tm_hit_list;

typedef struct tolk_tm_concordance_options {
	const char *lang;      /* search this language only (matched with tolk_lang_match); NULL = both of the pair */
	size_t max_results;    /* 0 = 20 */
} tolk_tm_concordance_options;

/*
 * Units whose text contains phrase (its words in that order). Dutch words
 * also match their inflected forms (plural, adjective -e, verb endings,
 * vowel doubling and f/v, s/z alternation), English words their -s, -es,
 * -ed and -ing forms. A Dutch separable verb (vaststellen) also matches
 * split within one clause of a text — a finite form before, the particle in
 * the verb's place (stelde ... vast) — and as a te-infinitive (vast te
 * stellen); such hits are not exact.
 */
int tolk_tm_concordance(tolk_tm_hit_list **out, tolk_tm *tm, const char *phrase,
                        const tolk_tm_concordance_options *opts);
void tolk_tm_hit_list_free(tolk_tm_hit_list *list);

/* ---- stats ------------------------------------------------------------------------------ */
typedef struct tolk_tm_lang_count {
	char *lang;
	uint64_t count;        /* variants in this language */
} tolk_tm_lang_count;

typedef struct tolk_tm_summary {
	uint64_t units;
	uint64_t pair_units;   /* units with both languages of the pair */
	tolk_tm_lang_count *langs;
	size_t nlangs;
	time_t oldest, newest; /* creation dates; 0 when none */
	int schema_version;
	uint64_t file_bytes;   /* database, write-ahead log included */
} tolk_tm_summary;

int tolk_tm_stats(tolk_tm_summary **out, tolk_tm *tm);
void tolk_tm_summary_free(tolk_tm_summary *summary);

/* Full consistency check of the store (SQLite's and the index's); TOLK_EINVALID when damaged. */
int tolk_tm_check(tolk_tm *tm);

/* ---- analysis of a draft --------------------------------------------------------- */
typedef enum tolk_tm_band {
	TOLK_TM_BAND_REPETITION = 0, /* a segment seen earlier in the same draft */
	TOLK_TM_BAND_100,
	TOLK_TM_BAND_95,             /* 95-99 */
	TOLK_TM_BAND_85,             /* 85-94 */
	TOLK_TM_BAND_75,             /* 75-84 */
	TOLK_TM_BAND_50,             /* 50-74 */
	TOLK_TM_BAND_NONE,
	TOLK_TM_NBANDS
} tolk_tm_band;

typedef struct tolk_tm_analysis_segment {
	const char *text;      /* borrowed from the caller's segments */
	size_t words;
	int score;             /* best score, 0 when none */
	tolk_tm_band band;
	char *match_source, *match_target; /* the best match; NULL when none */
} tolk_tm_analysis_segment;

typedef struct tolk_tm_analysis {
	tolk_tm_analysis_segment *segments;
	size_t count;
	size_t band_segments[TOLK_TM_NBANDS];
	size_t band_words[TOLK_TM_NBANDS];
	size_t total_words;
} tolk_tm_analysis;

/*
 * Look every segment up (best match, from 50 up) and count segments and words
 * per band as CAT tools' analyses do: a segment repeated in the draft counts
 * as a repetition after its first occurrence.
 */
int tolk_tm_analyze(tolk_tm_analysis **out, tolk_tm *tm, const char *const *segments, size_t count,
                    tolk_progress_cb progress, void *payload);
/*
 * Pre-translation: a TMX file (written atomically) with one unit per analysed
 * segment whose best match scores at least min_score: the segment as source,
 * the match's target as target, the score as prop x-tolk-score.
 */
int tolk_tm_analysis_write_tmx(const tolk_tm_analysis *analysis, const char *path, int min_score,
                               const char *src_lang, const char *tgt_lang);
void tolk_tm_analysis_free(tolk_tm_analysis *analysis);
/* "repetitions", "100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match". */
const char *tolk_tm_band_name(tolk_tm_band band);

#ifdef __cplusplus
}
#endif
#endif
