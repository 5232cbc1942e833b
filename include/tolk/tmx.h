/*
 * tolk: TMX 1.4b — a streaming writer (valid against tmx14.dtd and tmx14.xsd)
 * and a streaming reader for files of any size.
 *
 * Threads: a reader or a writer is used by one thread at a time; different
 * ones may run on different threads. The helpers at the end are thread-safe.
 */
#ifndef TOLK_TMX_H
#define TOLK_TMX_H

#include <stdbool.h>
#include <time.h>
#include "tolk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tolk_tmx_prop {
	char *type;
	char *value;
} tolk_tmx_prop;

typedef struct tolk_tmx_tuv {
	char *lang;         /* xml:lang as written in the file (e.g. "nl-NL", "EN-US") */
	char *text;         /* plain text of the seg: the native code inside bpt, ept, ph, it and ut
	                       (and their sub) left out, the text inside hi kept */
	char *seg_xml;      /* inner XML of the seg with its inline codes (bpt, ept, ph, it, hi, ut);
	                       NULL on write means: escape text. On write it must be well-formed
	                       and use only TMX inline elements with their declared attributes
	                       (it is re-serialised); the reader drops undeclared attributes. */
	time_t creationdate, changedate; /* 0 when absent */
	char *creationid, *changeid;
	tolk_tmx_prop *props;
	size_t nprops;
	char **notes;
	size_t nnotes;
} tolk_tmx_tuv;

typedef struct tolk_tmx_unit {
	char *tuid;
	time_t creationdate, changedate;
	char *creationid, *changeid;
	tolk_tmx_prop *props;
	size_t nprops;
	char **notes;
	size_t nnotes;
	tolk_tmx_tuv *tuvs;
	size_t ntuvs;
	unsigned long line; /* where the tu starts in the file (reader only) */
} tolk_tmx_unit;

typedef struct tolk_tmx_header {
	char *creationtool, *creationtoolversion;
	char *segtype;      /* block | paragraph | sentence | phrase */
	char *o_tmf, *adminlang, *srclang, *datatype;
	time_t creationdate; /* writer: 0 = SOURCE_DATE_EPOCH if set, else now */
} tolk_tmx_header;

/* ---- writer ---------------------------------------------------------------------- */
typedef struct tolk_tmx_writer tolk_tmx_writer;

/*
 * Opens path through a temporary file; nothing appears at path until close succeeds.
 * "-" streams to standard output instead (which cannot be atomic).
 * header->srclang is required; the other header fields default to creationtool "tolk",
 * creationtoolversion tolk_version_string(), segtype "sentence", o-tmf "tolk", adminlang "en",
 * datatype "plaintext". A malformed SOURCE_DATE_EPOCH is an error, not ignored.
 */
TOLK_EXTERN int tolk_tmx_writer_open(tolk_tmx_writer **out, const char *path, const tolk_tmx_header *header);
/*
 * Writes one unit (at least one tuv, each with a language tag). A unit's creationdate 0
 * means the header's date. A refused unit (TOLK_EINVALID: invalid UTF-8, bad seg_xml,
 * bad language tag) writes nothing and the writer stays usable.
 */
TOLK_EXTERN int tolk_tmx_writer_add(tolk_tmx_writer *w, const tolk_tmx_unit *unit);
/* Finishes the document and renames it into place. */
TOLK_EXTERN int tolk_tmx_writer_close(tolk_tmx_writer *w);
/* How many characters XML 1.0 cannot carry (C0 controls other than tab, LF and CR,
 * U+FFFE, U+FFFF, encoded surrogates) were left out of what was written so far. */
TOLK_EXTERN size_t tolk_tmx_writer_dropped(const tolk_tmx_writer *w);
/* Frees; if close was not called (or failed) the temporary file is removed. */
TOLK_EXTERN void tolk_tmx_writer_free(tolk_tmx_writer *w);

/* ---- reader ---------------------------------------------------------------------------- */
typedef struct tolk_tmx_reader tolk_tmx_reader;

/*
 * UTF-8 and UTF-16 (with BOM) files; no DTD, external entity or network is ever loaded,
 * and a DOCTYPE that declares entities is refused (TOLK_EINVALID) before any expansion.
 * Memory use does not grow with the file: one tu is in memory at a time.
 */
TOLK_EXTERN int tolk_tmx_reader_open(tolk_tmx_reader **out, const char *path);
/* The header, available after open. */
TOLK_EXTERN const tolk_tmx_header *tolk_tmx_reader_header(tolk_tmx_reader *r);
/*
 * Next unit: 0 with *out set (owned by the reader, valid until the next call),
 * TOLK_ITEROVER at the end, or an error positioned FILE:LINE:COL.
 */
TOLK_EXTERN int tolk_tmx_reader_next(const tolk_tmx_unit **out, tolk_tmx_reader *r);
TOLK_EXTERN void tolk_tmx_reader_free(tolk_tmx_reader *r);

/* ---- helpers ------------------------------------------------------------------------------ */
/*
 * 0 when tag can be written as an xml:lang (xs:language: "nl", "en-GB", "sr-Latn-RS";
 * not "en_US"), else TOLK_EINVALID with a message. The writer refuses other tags.
 */
TOLK_EXTERN int tolk_lang_tag_check(const char *tag);
/*
 * The tag tolk writes in a TMX for a language given by the user: the policy
 * of every tolk TMX (align, analyze --pretranslate). A bare "nl" is nl-NL and
 * "en" en-GB (this department's variants), '_' becomes '-', any other tag is
 * kept. Returns buf (truncated to size).
 */
TOLK_EXTERN const char *tolk_lang_tmx_tag(char *buf, size_t size, const char *lang);
/* Language match: 2 same language and region (case-insensitive, - or _), 1 same language, 0 none. */
TOLK_EXTERN int tolk_lang_match(const char *tag, const char *wanted);
/* The tuv of unit best matching lang (exact region first), or NULL. */
TOLK_EXTERN const tolk_tmx_tuv *tolk_tmx_unit_tuv(const tolk_tmx_unit *unit, const char *lang);
/* TMX dates: YYYYMMDDThhmmssZ. buf needs 17 bytes. */
TOLK_EXTERN void tolk_tmx_date_format(char *buf, time_t t);
TOLK_EXTERN int tolk_tmx_date_parse(time_t *out, const char *s);
/* Deep free of a unit filled by the caller (not of reader-owned units). */
TOLK_EXTERN void tolk_tmx_unit_clear(tolk_tmx_unit *unit);

#ifdef __cplusplus
}
#endif
#endif
