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
 *
 * Threads: a tolk_tm handle is not thread-safe (it keeps prepared statements
 * and scratch space): open one handle per thread, on the same file if need
 * be. Result lists belong to the caller and may go to any thread.
 * tolk_tm_score, tolk_tm_word_count and the _options_init functions are
 * thread-safe.
 *
 * Errors: TOLK_EINVALID for a damaged or foreign file or a bad argument
 * (including an options struct of another version), TOLK_ELOCKED when another
 * process holds the store, TOLK_ENOINDEX when the search index cannot answer
 * (see tolk_tm_lookup_options.scan_fallback), TOLK_EIO, TOLK_ENOMEM.
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
TOLK_EXTERN int tolk_tm_open(tolk_tm **out, const char *path, unsigned flags);
/*
 * path may also be a PostgreSQL URI (postgresql://user@host:port/db or
 * postgres://...): the store is then the database's tolk tables, made by the
 * first open with TOLK_TM_OPEN_CREATE. read_path (NULL: path) is where
 * lookups, concordance and analysis read, a streaming replica for instance;
 * writes always go to path. A server that cannot be reached is TOLK_EIO.
 */
TOLK_EXTERN int tolk_tm_open_db(tolk_tm **out, const char *path, const char *read_path, unsigned flags);
TOLK_EXTERN void tolk_tm_free(tolk_tm *tm);

/*
 * For a program whose threads look up at the same time, each with a memory
 * of its own (tolk serve's workers). SQLite keeps process-wide statistics of
 * its memory under one lock that each of its allocations takes, about a
 * thousand a lookup, and two workers spent a tenth of their time passing
 * that lock back and forth; this turns the statistics off. It changes SQLite
 * for the whole process (sqlite3_memory_used() stays 0 and a soft heap limit
 * is no longer enforced), so libtolk never does it on its own: call it once,
 * before anything in the process has used SQLite. 0, or TOLK_EINVALID when
 * SQLite is in use already (then nothing is changed, and lookups are only
 * slower under threads).
 */
TOLK_EXTERN int tolk_tm_threads_init(void);

/* The language pair for lookup, concordance and analysis (default "nl" and "en"). */
TOLK_EXTERN int tolk_tm_set_langs(tolk_tm *tm, const char *src_lang, const char *tgt_lang);

/* ---- filling and emptying ---------------------------------------------------------- */
typedef struct tolk_tm_import_options {
	unsigned int version;        /* TOLK_TM_IMPORT_OPTIONS_VERSION */
	size_t batch_units;          /* units per transaction; 0 = 10000 (any value up to SIZE_MAX is safe) */
	tolk_progress_cb progress;   /* done = units read, total 0 until the end; NULL = none */
	void *progress_payload;
} tolk_tm_import_options;

#define TOLK_TM_IMPORT_OPTIONS_VERSION 1
#define TOLK_TM_IMPORT_OPTIONS_INIT {TOLK_TM_IMPORT_OPTIONS_VERSION, 0, NULL, NULL}
/* Fill opts with the defaults; TOLK_EINVALID for an unknown version. */
TOLK_EXTERN int tolk_tm_import_options_init(tolk_tm_import_options *opts, unsigned int version);

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
TOLK_EXTERN int tolk_tm_import(tolk_tm_import_stats *stats, tolk_tm *tm, const char *tmx_path,
                               const tolk_tm_import_options *opts);

/* Add (or merge) one unit, in a transaction of its own. */
TOLK_EXTERN int tolk_tm_add(tolk_tm *tm, const tolk_tmx_unit *unit);

/*
 * Add (or merge) count units in batched transactions as tolk_tm_import does
 * (a failure keeps the complete batches before it); for units read from
 * another format (tolk_xliff_reader). stats and opts may be NULL.
 */
TOLK_EXTERN int tolk_tm_add_units(tolk_tm_import_stats *stats, tolk_tm *tm, const tolk_tmx_unit *units, size_t count,
                                  const tolk_tm_import_options *opts);

/*
 * Copy every unit of src into dst (either store, SQLite or PostgreSQL), in
 * batches, each one transaction; stats as for an import.
 */
TOLK_EXTERN int tolk_tm_copy(tolk_tm_import_stats *stats, tolk_tm *dst, tolk_tm *src,
                             const tolk_tm_import_options *opts);

typedef struct tolk_tm_export_options {
	unsigned int version;        /* TOLK_TM_EXPORT_OPTIONS_VERSION */
	tolk_progress_cb progress;   /* done = units written of total; NULL = none */
	void *progress_payload;
	time_t date;                 /* the header's creationdate; 0 = $SOURCE_DATE_EPOCH when set, else now */
} tolk_tm_export_options;

#define TOLK_TM_EXPORT_OPTIONS_VERSION 1
#define TOLK_TM_EXPORT_OPTIONS_INIT {TOLK_TM_EXPORT_OPTIONS_VERSION, NULL, NULL, 0}
TOLK_EXTERN int tolk_tm_export_options_init(tolk_tm_export_options *opts, unsigned int version);

/*
 * Write the whole store as TMX 1.4b (atomically: nothing appears at path on
 * failure; "-" is standard output). opts may be NULL. A progress callback
 * returning non-zero cancels with TOLK_ECANCELLED. Units keep their own dates.
 * The header's srclang is the one given to tolk_tm_set_langs, else the units' own
 * (as the imported files' headers named it), or "*all*" when they differ.
 */
TOLK_EXTERN int tolk_tm_export(tolk_tm *tm, const char *tmx_path, const tolk_tm_export_options *opts);

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
	bool index_unusable;   /* the index could not answer: a full scan did (scan_fallback) */
} tolk_tm_match_list;

typedef struct tolk_tm_lookup_options {
	unsigned int version;  /* TOLK_TM_LOOKUP_OPTIONS_VERSION */
	int min_score;         /* 1-100; 0 or less = 70, above 100 = 100 */
	size_t max_results;    /* 0 = 5; any value up to SIZE_MAX is safe (memory grows with the results found) */
	bool exhaustive;       /* score every unit instead of the index's candidates (slow; to verify) */
	/*
	 * When the full-text index cannot answer (a damaged or missing index):
	 * false (the default) fails with TOLK_ENOINDEX; true scores every unit
	 * instead (the same answer, slowly) and sets the list's index_unusable.
	 */
	bool scan_fallback;
} tolk_tm_lookup_options;

#define TOLK_TM_LOOKUP_OPTIONS_VERSION 1
#define TOLK_TM_LOOKUP_OPTIONS_INIT {TOLK_TM_LOOKUP_OPTIONS_VERSION, 70, 5, false, false}
TOLK_EXTERN int tolk_tm_lookup_options_init(tolk_tm_lookup_options *opts, unsigned int version);

/*
 * Exact and fuzzy matches for text in the source language. The score is the
 * word-based edit distance CAT tools use, 100 * (1 - edits / longer length),
 * less small penalties for differences in case and diacritics (at most 2 a
 * segment), numbers, punctuation (at most 3) and spacing; a compound written
 * apart, hyphenated or closed up (NAVO Ministers, NAVO-Ministers) is one
 * word at a point per changed boundary. Candidates come from the full-text
 * index; the result equals that of an exhaustive scan.
 *
 * text: NUL-terminated UTF-8 (else TOLK_EINVALID). opts may be NULL for the
 * defaults. *out (an empty list when nothing scores high enough) is freed
 * with tolk_tm_match_list_free; on failure *out is NULL. TOLK_ENOINDEX when
 * the index cannot answer and opts->scan_fallback is false.
 */
TOLK_EXTERN int tolk_tm_lookup(tolk_tm_match_list **out, tolk_tm *tm, const char *text,
                               const tolk_tm_lookup_options *opts);
TOLK_EXTERN void tolk_tm_match_list_free(tolk_tm_match_list *list);

/*
 * *score: the score lookup gives text against a memory's source (0-100).
 * TOLK_EINVALID for a NULL text, TOLK_ENOMEM. Thread-safe (no store involved).
 */
TOLK_EXTERN int tolk_tm_score(int *score, const char *text, const char *memory_source);

/* Number of words in text as the analysis counts them. */
TOLK_EXTERN size_t tolk_tm_word_count(const char *text);

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
	unsigned int version;  /* TOLK_TM_CONCORDANCE_OPTIONS_VERSION */
	const char *lang;      /* search this language only (matched with tolk_lang_match); NULL = both of the pair */
	size_t max_results;    /* 0 = 20; any value up to SIZE_MAX is safe */
} tolk_tm_concordance_options;

#define TOLK_TM_CONCORDANCE_OPTIONS_VERSION 1
#define TOLK_TM_CONCORDANCE_OPTIONS_INIT {TOLK_TM_CONCORDANCE_OPTIONS_VERSION, NULL, 20}
TOLK_EXTERN int tolk_tm_concordance_options_init(tolk_tm_concordance_options *opts, unsigned int version);

/*
 * Units whose text contains phrase (its words in that order). Dutch words
 * also match their inflected forms (plural, adjective -e, verb endings,
 * vowel doubling and f/v, s/z alternation), English words their -s, -es,
 * -ed and -ing forms. A Dutch separable verb (vaststellen) also matches
 * split within one clause of a text — a finite form before, the particle in
 * the verb's place (stelde ... vast) — and as a te-infinitive (vast te
 * stellen); such hits are not exact.
 */
TOLK_EXTERN int tolk_tm_concordance(tolk_tm_hit_list **out, tolk_tm *tm, const char *phrase,
                                    const tolk_tm_concordance_options *opts);
TOLK_EXTERN void tolk_tm_hit_list_free(tolk_tm_hit_list *list);

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

/* What the store holds; *out freed with tolk_tm_summary_free. */
TOLK_EXTERN int tolk_tm_stats(tolk_tm_summary **out, tolk_tm *tm);
TOLK_EXTERN void tolk_tm_summary_free(tolk_tm_summary *summary);

/* Full consistency check of the store (SQLite's and the index's); TOLK_EINVALID when damaged. */
TOLK_EXTERN int tolk_tm_check(tolk_tm *tm);

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
	bool index_unusable;   /* the search index could not answer: lookups scanned the store */
} tolk_tm_analysis;

typedef struct tolk_tm_analyze_options {
	unsigned int version;        /* TOLK_TM_ANALYZE_OPTIONS_VERSION */
	tolk_progress_cb progress;   /* done = segments analysed of total; NULL = none */
	void *progress_payload;
} tolk_tm_analyze_options;

#define TOLK_TM_ANALYZE_OPTIONS_VERSION 1
#define TOLK_TM_ANALYZE_OPTIONS_INIT {TOLK_TM_ANALYZE_OPTIONS_VERSION, NULL, NULL}
TOLK_EXTERN int tolk_tm_analyze_options_init(tolk_tm_analyze_options *opts, unsigned int version);

/*
 * Look every segment up (best match, from 50 up) and count segments and words
 * per band as CAT tools' analyses do: a segment repeated in the draft counts
 * as a repetition after its first occurrence. segments (count of them, none
 * NULL) are borrowed: they must outlive *out, freed with
 * tolk_tm_analysis_free. opts may be NULL.
 */
TOLK_EXTERN int tolk_tm_analyze(tolk_tm_analysis **out, tolk_tm *tm, const char *const *segments, size_t count,
                                const tolk_tm_analyze_options *opts);
/*
 * Pre-translation: a TMX file (written atomically) with one unit per analysed
 * segment whose best match scores at least min_score: the segment as source,
 * the match's target as target, the score as prop x-tolk-score.
 */
TOLK_EXTERN int tolk_tm_analysis_write_tmx(const tolk_tm_analysis *analysis, const char *path, int min_score,
                                           const char *src_lang, const char *tgt_lang);
TOLK_EXTERN void tolk_tm_analysis_free(tolk_tm_analysis *analysis);
/* "repetitions", "100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match". */
TOLK_EXTERN const char *tolk_tm_band_name(tolk_tm_band band);

#ifdef __cplusplus
}
#endif
#endif
