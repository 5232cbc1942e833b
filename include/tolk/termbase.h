/*
 * tolk: the term base — approved NL–EN terminology stored as TBX-Basic,
 * with lookup, recognition in running text and a terminology check.
 *
 * Matching is case- and diacritic-insensitive and inflection-aware (Dutch and
 * English plural and adjective endings, our own rules). Languages are "nl" and
 * "en"; a regional tag in a file ("en-GB") counts as its language.
 */
#ifndef TOLK_TERMBASE_H
#define TOLK_TERMBASE_H

#include <stdbool.h>
#include <stdio.h>
#include "tolk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tolk_term_status {
	TOLK_TERM_PREFERRED = 0,
	TOLK_TERM_ADMITTED,
	TOLK_TERM_DEPRECATED,
	TOLK_TERM_SUPERSEDED
} tolk_term_status;

/*
 * A term base may be read (recognize, lookup, foreach, concept views) from
 * several threads at once once its index is built (see
 * tolk_termbase_recognize); editing it needs the caller's exclusive access.
 */
typedef struct tolk_termbase tolk_termbase;

/*
 * How a term base is loaded. Each field's zero value takes the environment
 * variable named (as the tolk command does), else the built-in default; set
 * a field to be independent of the environment.
 */
typedef struct tolk_termbase_options {
	unsigned int version;       /* TOLK_TERMBASE_OPTIONS_VERSION */
	/*
	 * The binary cache of a large base (20,000 concepts and more), which a
	 * later open maps instead of parsing the TBX file again:
	 * TOLK_TB_CACHE_ENV (0) = on unless $TOLK_NO_CACHE is set (and not "0").
	 */
	int cache;
	/* Where the cache lives; NULL = $TOLK_CACHE_DIR, else $XDG_CACHE_HOME/tolk, else ~/.cache/tolk. */
	const char *cache_dir;
	/* TBX files from this many bytes are parsed on two threads; 0 = $TOLK_TBX_SPLIT_MIN, else 32 MiB. */
	size_t parallel_load_min;
	/* Bases from this many concepts build their index on two threads; 0 = $TOLK_TB_INDEX_SPLIT_MIN, else 65536. */
	size_t parallel_index_min;
} tolk_termbase_options;

enum { TOLK_TB_CACHE_ENV = 0, TOLK_TB_CACHE_ON = 1, TOLK_TB_CACHE_OFF = 2 };
#define TOLK_TERMBASE_OPTIONS_VERSION 1
#define TOLK_TERMBASE_OPTIONS_INIT {TOLK_TERMBASE_OPTIONS_VERSION, TOLK_TB_CACHE_ENV, NULL, 0, 0}
/* Fill opts with the defaults; TOLK_EINVALID for an unknown version. */
TOLK_EXTERN int tolk_termbase_options_init(tolk_termbase_options *opts, unsigned int version);

/*
 * Load a TBX-Basic file (errors carry FILE:LINE:COL). *out is freed with
 * tolk_termbase_free. tolk_termbase_open is tolk_termbase_open_ext with opts NULL.
 */
TOLK_EXTERN int tolk_termbase_open(tolk_termbase **out, const char *path);
TOLK_EXTERN int tolk_termbase_open_ext(tolk_termbase **out, const char *path, const tolk_termbase_options *opts);
/* An empty term base (to build one, or to import into). */
TOLK_EXTERN int tolk_termbase_new(tolk_termbase **out);
/* Frees; a term base opened for editing releases its lock without saving. NULL is fine. */
TOLK_EXTERN void tolk_termbase_free(tolk_termbase *tb);

/* One occurrence of a term in a text. Strings are owned by the term base. */
typedef struct tolk_term_match {
	size_t start, end;       /* byte range in the text */
	const char *concept_id;
	const char *term;        /* the term base's form of the term */
	const char *lang;        /* "nl" or "en" */
	tolk_term_status status;
} tolk_term_match;

typedef struct tolk_term_match_list {
	tolk_term_match *items;  /* in text order */
	size_t count;
} tolk_term_match_list;

/*
 * All term occurrences in text, longest match first, inflection-aware and
 * multiword, in text order without overlaps. *out (an empty list when no term
 * occurs) belongs to the caller and is freed with tolk_term_match_list_free;
 * on failure *out is NULL. The match strings are borrowed from the term base:
 * they stay valid until it is edited or freed.
 * The first call builds the index (unless it came from the cache): make it
 * before sharing a term base between threads, which may then recognise at once.
 */
TOLK_EXTERN int tolk_termbase_recognize(tolk_term_match_list **out, tolk_termbase *tb, const char *lang,
                                        const char *text, size_t len);
/* NULL is fine. A list may be freed on any thread. */
TOLK_EXTERN void tolk_term_match_list_free(tolk_term_match_list *list);

/* Call cb for every term of lang ("nl"/"en"); a non-zero return stops and is returned. */
typedef int (*tolk_term_cb)(const char *concept_id, const char *term, tolk_term_status status,
                            void *payload);
TOLK_EXTERN int tolk_termbase_foreach(tolk_termbase *tb, const char *lang, tolk_term_cb cb, void *payload);

/* The terms of one concept in one language (calls cb as above). TOLK_ENOTFOUND if no such concept. */
TOLK_EXTERN int tolk_termbase_concept_terms(tolk_termbase *tb, const char *concept_id, const char *lang,
                                            tolk_term_cb cb, void *payload);

TOLK_EXTERN const char *tolk_term_status_name(tolk_term_status status); /* "preferred", … */
/* "preferred", "admitted", "deprecated", "superseded" (also the TBX "…Term-admn-sts" values). */
TOLK_EXTERN int tolk_term_status_parse(tolk_term_status *out, const char *name);

/* ---- the concepts, read-only views ----------------------------------------------------- */
typedef struct tolk_term_entry {
	const char *lang;           /* as written: "nl", "en", "en-GB" */
	const char *term;
	tolk_term_status status;
	const char *part_of_speech; /* "noun", "verb", "adjective", "adverb", "properNoun", "other" or NULL */
	const char *note;           /* usage note or NULL */
	const char *context;        /* example sentence or NULL */
} tolk_term_entry;

typedef struct tolk_lang_definition {
	const char *lang;
	const char *text;
} tolk_lang_definition;

typedef struct tolk_concept {
	const char *id;
	const char *subject_field;  /* or NULL */
	const char *note;           /* or NULL */
	const tolk_lang_definition *definitions;
	size_t definition_count;
	const tolk_term_entry *terms;
	size_t term_count;
} tolk_concept;

TOLK_EXTERN size_t tolk_termbase_concept_count(const tolk_termbase *tb);
/* Views stay valid until the next edit of the term base. */
TOLK_EXTERN int tolk_termbase_concept_at(const tolk_concept **out, const tolk_termbase *tb, size_t index);
TOLK_EXTERN int tolk_termbase_concept(const tolk_concept **out, const tolk_termbase *tb, const char *concept_id);

/* ---- lookup ---------------------------------------------------------------------------------- */
typedef struct tolk_term_hit {
	const tolk_concept *concept;
	size_t term_index;          /* the term of concept that matched */
	unsigned distance;          /* 0 for a match; edit distance for a suggestion */
} tolk_term_hit;

typedef struct tolk_term_hit_list {
	tolk_term_hit *items;
	size_t count;
} tolk_term_hit_list;

/* What a lookup found: matches, else near misses. */
typedef struct tolk_term_lookup_result {
	tolk_term_hit_list hits;        /* concepts holding the query as a term */
	tolk_term_hit_list suggestions; /* only when hits is empty: best first */
} tolk_term_lookup_result;

/*
 * Concepts holding a term equal to query (case, diacritics and inflection
 * ignored; lang NULL = both). When none does, the suggestions are near misses
 * (edit distance small for the length), best first. *out belongs to the
 * caller and is freed with tolk_term_lookup_result_free; on failure *out is
 * NULL. The concepts are borrowed from the term base: they stay valid until
 * it is edited or freed. Threads as for tolk_termbase_recognize.
 */
TOLK_EXTERN int tolk_termbase_lookup(tolk_term_lookup_result **out, tolk_termbase *tb, const char *lang,
                                     const char *query);
/* NULL is fine. A result may be freed on any thread. */
TOLK_EXTERN void tolk_term_lookup_result_free(tolk_term_lookup_result *result);

/* ---- editing ------------------------------------------------------------------------------------ */
/*
 * Open path for editing: takes an exclusive lock (flock on PATH.lock, waiting
 * for other writers), then loads the file (an absent file gives an empty base
 * when create is true). Save with tolk_termbase_commit; free releases the lock.
 */
TOLK_EXTERN int tolk_termbase_open_edit(tolk_termbase **out, const char *path, bool create);
/* The same with load options (opts NULL = the defaults). */
TOLK_EXTERN int tolk_termbase_open_edit_ext(tolk_termbase **out, const char *path, bool create,
                                            const tolk_termbase_options *opts);
/*
 * After open_edit: the pid of an editor that was killed while it held the lock
 * (its unsaved edit is lost; the lock was taken over), else 0.
 */
TOLK_EXTERN long tolk_termbase_stale_lock(const tolk_termbase *tb);
/* Write the base atomically to the path it was opened from; the lock is kept until free. */
TOLK_EXTERN int tolk_termbase_commit(tolk_termbase *tb);
/* Write TBX-Basic atomically to path. */
TOLK_EXTERN int tolk_termbase_save(tolk_termbase *tb, const char *path);

/* Create a concept (TOLK_EEXISTS when id is taken). subject_field/note may be NULL. */
TOLK_EXTERN int tolk_termbase_add_concept(tolk_termbase *tb, const char *id, const char *subject_field,
                                          const char *note);
/* A fresh id ("c" + number) not yet used; malloc'ed. */
TOLK_EXTERN int tolk_termbase_new_id(char **out, tolk_termbase *tb);
/* Add (or, when the concept already has it, update) a term. pos/note may be NULL. */
TOLK_EXTERN int tolk_termbase_add_term(tolk_termbase *tb, const char *concept_id, const char *lang,
                                       const char *term, tolk_term_status status, const char *part_of_speech,
                                       const char *note);
/* Set or replace the definition of a concept in one language. */
TOLK_EXTERN int tolk_termbase_set_definition(tolk_termbase *tb, const char *concept_id, const char *lang,
                                             const char *definition);
/* Remove one term (term non-NULL) or the whole concept. TOLK_ENOTFOUND when absent. */
TOLK_EXTERN int tolk_termbase_remove(tolk_termbase *tb, const char *concept_id, const char *lang, const char *term);
TOLK_EXTERN int tolk_termbase_set_status(tolk_termbase *tb, const char *concept_id, const char *lang,
                                         const char *term, tolk_term_status status);

/* ---- a term base in PostgreSQL ----------------------------------------------------------------- */
/*
 * Wherever a path to a term base is taken (open, open_edit), a PostgreSQL URI
 * (postgresql://user@host:port/db) names the term base held in that database:
 * read whole into memory as a file is, and edited in transactions that merge
 * per concept, so editors at the same time never lose an edit (a change to
 * something another editor changed since it was read fails, TOLK_ELOCKED,
 * and nothing is saved). Every commit notifies the watchers below.
 */
TOLK_EXTERN bool tolk_termbase_is_database(const char *location);

/* Listens for committed edits of the term base at a PostgreSQL URI, on a connection of its own. */
typedef struct tolk_termbase_watch tolk_termbase_watch;
TOLK_EXTERN int tolk_termbase_watch_open(tolk_termbase_watch **out, const char *uri);
/*
 * The same, for a reader that loads the term base from read_uri, a streaming
 * replica of uri (NULL: uri itself): edits are heard on uri (a standby cannot
 * LISTEN) and reported once read_uri has replayed them, so that a load from
 * read_uri right after sees them.
 */
TOLK_EXTERN int tolk_termbase_watch_open_read(tolk_termbase_watch **out, const char *uri, const char *read_uri);
/*
 * Wait up to timeout_ms: 1 when an edit was committed (or the connection was
 * made again after a loss, when edits may have been missed: load again), 0
 * when nothing happened, a negative TOLK_E* when the server cannot be reached
 * (the next call tries again, after waiting timeout_ms). With a replica, an
 * edit the replica has not replayed within timeout_ms gives 0 and is reported
 * by a later call, once it has.
 */
TOLK_EXTERN int tolk_termbase_watch_wait(tolk_termbase_watch *w, int timeout_ms);
TOLK_EXTERN void tolk_termbase_watch_free(tolk_termbase_watch *w);

/* ---- exchange formats -------------------------------------------------------------------------- */
typedef enum tolk_tb_format {
	TOLK_TB_FORMAT_AUTO = 0,   /* import: guess from content / extension */
	TOLK_TB_FORMAT_TBX_BASIC,  /* ISO 30042:2019 TBX-Basic (DCA) */
	TOLK_TB_FORMAT_TBX2,       /* TBX 2 / martif (OmegaT, translate-toolkit) */
	TOLK_TB_FORMAT_OMEGAT,     /* source<TAB>target<TAB>comment */
	TOLK_TB_FORMAT_CSV         /* one row per term, RFC 4180 */
} tolk_tb_format;

/* "tbx", "tbx2", "omegat", "csv" (and "auto"). */
TOLK_EXTERN int tolk_tb_format_parse(tolk_tb_format *out, const char *name);

/*
 * Read path in format and merge it into tb: new concepts are added, terms of
 * a concept id already present are merged into it. OmegaT and CSV rows without
 * an id join the concept that already has their Dutch term. On any error tb is
 * unchanged. *added (may be NULL) gets the number of concepts added.
 */
TOLK_EXTERN int tolk_termbase_import(size_t *added, tolk_termbase *tb, const char *path, tolk_tb_format format);
/* Write tb to path (atomically) in format (AUTO: by extension, TBX-Basic otherwise). */
TOLK_EXTERN int tolk_termbase_export(tolk_termbase *tb, const char *path, tolk_tb_format format);
/* Write tb to an open stream in format (AUTO = TBX-Basic). */
TOLK_EXTERN int tolk_termbase_write(tolk_termbase *tb, FILE *fp, tolk_tb_format format);

/* ---- terminology check ------------------------------------------------------------------------ */
typedef enum tolk_term_issue_kind {
	TOLK_TERM_ISSUE_MISSING = 0, /* no preferred or admitted English form of a Dutch term */
	TOLK_TERM_ISSUE_DEPRECATED   /* a deprecated or superseded English form is used */
} tolk_term_issue_kind;

typedef struct tolk_term_issue {
	tolk_term_issue_kind kind;
	const char *concept_id;
	const char *source_term;    /* the Dutch term found (MISSING) or NULL */
	size_t source_start, source_end;
	const char *target_term;    /* the deprecated form used (DEPRECATED) or NULL */
	size_t target_start, target_end;
	const char *expected;       /* the preferred English term */
} tolk_term_issue;

typedef struct tolk_term_issue_list {
	tolk_term_issue *items;     /* deprecated forms first, then missing terms, each in text order */
	size_t count;
} tolk_term_issue_list;

/*
 * Check one Dutch/English pair of segments. *out (an empty list when the pair
 * is fine) belongs to the caller and is freed with tolk_term_issue_list_free;
 * on failure *out is NULL. The issues' strings are borrowed from the term
 * base: they stay valid until it is edited or freed. Threads as for
 * tolk_termbase_recognize.
 */
TOLK_EXTERN int tolk_termbase_check_pair(tolk_term_issue_list **out, tolk_termbase *tb, const char *nl_text,
                                         size_t nl_len, const char *en_text, size_t en_len);
/* NULL is fine. A list may be freed on any thread. */
TOLK_EXTERN void tolk_term_issue_list_free(tolk_term_issue_list *list);

#ifdef __cplusplus
}
#endif
#endif
