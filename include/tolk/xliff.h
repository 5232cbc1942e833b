/*
 * tolk: XLIFF for the CAT tool — a writer of XLIFF 1.2 (what OmegaT, Trados
 * and memoQ all import) and XLIFF 2.1 with a draft's segments and the
 * memory's matches, and a reader of translated XLIFF 1.2 and 2.x that gives
 * its confirmed units as TMX units, ready for the translation memory.
 *
 * Threads: a writer or a reader is used by one thread at a time; different
 * ones may run on different threads. The _options_init functions are thread-safe.
 */
#ifndef TOLK_XLIFF_H
#define TOLK_XLIFF_H

#include <stdbool.h>
#include <stdint.h>
#include "tolk/common.h"
#include "tolk/tm.h"
#include "tolk/tmx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tolk_xliff_version {
	TOLK_XLIFF_1_2 = 12, /* urn:oasis:names:tc:xliff:document:1.2 */
	TOLK_XLIFF_2_1 = 21  /* urn:oasis:names:tc:xliff:document:2.0, version="2.1" */
} tolk_xliff_version;

/* ---- writer ---------------------------------------------------------------------- */
typedef enum tolk_xliff_state {
	TOLK_XLIFF_STATE_NEW = 0,   /* no target (1.2: none written; 2.x: state="initial") */
	TOLK_XLIFF_STATE_FUZZY,     /* a target to review (1.2: needs-review-translation; 2.x: initial) */
	TOLK_XLIFF_STATE_TRANSLATED /* a target as good as a translator's (1.2 and 2.x: translated) */
} tolk_xliff_state;

typedef struct tolk_xliff_match {
	int score;                  /* 0-100 */
	const char *source, *target;
	const char *origin;         /* where it comes from (a memory's name); NULL = the writer's origin */
} tolk_xliff_match;

typedef struct tolk_xliff_unit {
	unsigned paragraph;         /* 1-based; a new number starts a new paragraph */
	const char *source;         /* NUL-terminated UTF-8 */
	const char *target;         /* NULL when none */
	tolk_xliff_state state;
	int score;                  /* the target's match score (0 when none) */
	const tolk_xliff_match *matches; /* alternatives, best first */
	size_t nmatches;
} tolk_xliff_unit;

typedef struct tolk_xliff_write_options {
	unsigned int version;       /* TOLK_XLIFF_WRITE_OPTIONS_VERSION */
	tolk_xliff_version xliff;   /* 0 = TOLK_XLIFF_1_2 */
	const char *original;       /* the file's original attribute (the draft's name); NULL = "draft" */
	const char *origin;         /* the matches' origin; NULL = "tolk" */
} tolk_xliff_write_options;

#define TOLK_XLIFF_WRITE_OPTIONS_VERSION 1
#define TOLK_XLIFF_WRITE_OPTIONS_INIT {TOLK_XLIFF_WRITE_OPTIONS_VERSION, TOLK_XLIFF_1_2, NULL, NULL}
TOLK_EXTERN int tolk_xliff_write_options_init(tolk_xliff_write_options *opts, unsigned int version);

typedef struct tolk_xliff_writer tolk_xliff_writer;

/*
 * Opens path through a temporary file: nothing appears at path until close
 * succeeds ("-" streams to standard output instead). src_lang and tgt_lang
 * are written as given (tolk_lang_tmx_tag makes them what a TMX would carry);
 * a tag that is not an xs:language is TOLK_EINVALID. opts may be NULL.
 */
TOLK_EXTERN int tolk_xliff_writer_open(tolk_xliff_writer **out, const char *path, const char *src_lang,
                                       const char *tgt_lang, const tolk_xliff_write_options *opts);
/*
 * One segment. Units come in document order; paragraph numbers never go
 * down. A refused unit (TOLK_EINVALID: invalid UTF-8, a paragraph number going
 * down) writes nothing and the writer stays usable.
 */
TOLK_EXTERN int tolk_xliff_writer_add(tolk_xliff_writer *w, const tolk_xliff_unit *unit);
/* Finishes the document and renames it into place. */
TOLK_EXTERN int tolk_xliff_writer_close(tolk_xliff_writer *w);
/* Frees; if close was not called (or failed) the temporary file is removed. */
TOLK_EXTERN void tolk_xliff_writer_free(tolk_xliff_writer *w);

typedef struct tolk_xliff_pretranslate_options {
	unsigned int version;       /* TOLK_XLIFF_PRETRANSLATE_OPTIONS_VERSION */
	tolk_xliff_write_options write;
	int min_score;              /* lowest score given as a target, 50-100; 0 = 75 */
	size_t max_matches;         /* matches looked up per segment (target and alternatives); 0 = 5 */
	tolk_progress_cb progress;  /* done = segments of total; NULL = none */
	void *progress_payload;
} tolk_xliff_pretranslate_options;

#define TOLK_XLIFF_PRETRANSLATE_OPTIONS_VERSION 1
#define TOLK_XLIFF_PRETRANSLATE_OPTIONS_INIT \
	{TOLK_XLIFF_PRETRANSLATE_OPTIONS_VERSION, TOLK_XLIFF_WRITE_OPTIONS_INIT, 0, 0, NULL, NULL}
TOLK_EXTERN int tolk_xliff_pretranslate_options_init(tolk_xliff_pretranslate_options *opts, unsigned int version);

/*
 * Pre-translation for a CAT tool: every segment (paragraphs[k] its 1-based
 * paragraph, or NULL for one paragraph) is looked up in tm (from score 50,
 * in the pair set with tolk_tm_set_langs; src_lang and tgt_lang are what the
 * file names, e.g. from tolk_lang_tmx_tag). The best
 * match scoring at least min_score is the target (100: translated; below:
 * to review); the others, down to 50, are alternatives (1.2 alt-trans, 2.x
 * mtc:match) with their scores. Written atomically at path; opts may be NULL.
 */
TOLK_EXTERN int tolk_xliff_pretranslate(tolk_tm *tm, const char *path, const char *src_lang, const char *tgt_lang,
                                        const char *const *segments,
                                        const unsigned *paragraphs, size_t count,
                                        const tolk_xliff_pretranslate_options *opts);

/* ---- reader ---------------------------------------------------------------------------- */
typedef struct tolk_xliff_read_options {
	unsigned int version;       /* TOLK_XLIFF_READ_OPTIONS_VERSION */
	/*
	 * false: only confirmed units — XLIFF 1.2: a target with state translated,
	 * signed-off or final, or a trans-unit with approved="yes"; XLIFF 2.x: a
	 * segment with state translated, reviewed or final (a missing state is
	 * initial, as the specification says). true: every unit with a target.
	 */
	bool all_states;
} tolk_xliff_read_options;

#define TOLK_XLIFF_READ_OPTIONS_VERSION 1
#define TOLK_XLIFF_READ_OPTIONS_INIT {TOLK_XLIFF_READ_OPTIONS_VERSION, false}
TOLK_EXTERN int tolk_xliff_read_options_init(tolk_xliff_read_options *opts, unsigned int version);

typedef struct tolk_xliff_reader tolk_xliff_reader;

/*
 * Reads the whole file (XLIFF 1.0-1.2 or 2.x, told apart by the root's
 * namespace and version), checking it before any unit is given out. No DTD,
 * external entity or network is loaded; a DOCTYPE that declares entities is
 * refused. Malformed XML or XLIFF: TOLK_EINVALID positioned FILE:LINE:COL.
 * opts may be NULL.
 */
TOLK_EXTERN int tolk_xliff_reader_open(tolk_xliff_reader **out, const char *path, const tolk_xliff_read_options *opts);
/* The file's XLIFF version (12 for 1.0-1.2, 20 or 21 for 2.x). */
TOLK_EXTERN int tolk_xliff_reader_version(const tolk_xliff_reader *r);
/*
 * Next confirmed unit as a TMX unit with two variants (source, then target,
 * each with the file's language; inline codes as TMX bpt/ept/ph/it in
 * seg_xml, their text kept in text). One XLIFF 2 segment is one unit.
 * 0 with *out set (owned by the reader, valid until the next call),
 * TOLK_ITEROVER at the end.
 */
TOLK_EXTERN int tolk_xliff_reader_next(const tolk_tmx_unit **out, tolk_xliff_reader *r);
/* Units with a target passed over because of their state, and units without a target, so far. */
TOLK_EXTERN void tolk_xliff_reader_skipped(uint64_t *unconfirmed, uint64_t *untranslated, const tolk_xliff_reader *r);
TOLK_EXTERN void tolk_xliff_reader_free(tolk_xliff_reader *r);

/*
 * 1 when the file's root element is an XLIFF one (any version), 0 when not
 * (or unreadable). Only a regular file is looked into: a pipe is 0, unread.
 */
TOLK_EXTERN int tolk_xliff_detect(const char *path);

#ifdef __cplusplus
}
#endif
#endif
