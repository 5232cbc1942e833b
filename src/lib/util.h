/* Private helpers shared by the libtolk implementation files. */
#ifndef TOLK_UTIL_H
#define TOLK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "tolk/common.h"

#include <libintl.h>
#define _(s) dgettext("tolk", s)
#define N_(s) (s)

#if defined(__GNUC__)
#define TOLK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TOLK_PRINTF(f, a)
#endif

/* ---- errors ---------------------------------------------------------------- */
/* Record an error and return code, so callers can `return tolk_error_set(...)`. */
int tolk_error_set(int code, const char *fmt, ...) TOLK_PRINTF(2, 3);
int tolk_error_set_at(int code, const char *file, unsigned long line, unsigned long column,
                      const char *fmt, ...) TOLK_PRINTF(5, 6);
int tolk_error_vset_at(int code, const char *file, unsigned long line, unsigned long column,
                       const char *fmt, va_list ap);
/* Out of memory: no allocation happens on this path. */
int tolk_error_oom(void);

/* ---- memory ---------------------------------------------------------------------- */
void *tolk_malloc(size_t n);              /* sets TOLK_ENOMEM on failure */
void *tolk_calloc(size_t n, size_t size);
void *tolk_realloc(void *p, size_t n);
char *tolk_strdup(const char *s);
char *tolk_strndup(const char *s, size_t n);

/* Grow an array to hold at least `need` elements of `size` bytes. */
int tolk_array_grow(void **items, size_t *cap, size_t need, size_t size);

/* ---- growable byte buffer ------------------------------------------------------------ */
typedef struct tolk_buf {
	char *ptr;   /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
} tolk_buf;

#define TOLK_BUF_INIT {NULL, 0, 0}
int tolk_buf_grow(tolk_buf *b, size_t extra);
int tolk_buf_put(tolk_buf *b, const char *data, size_t len);
int tolk_buf_puts(tolk_buf *b, const char *s);
int tolk_buf_putc(tolk_buf *b, char c);
int tolk_buf_printf(tolk_buf *b, const char *fmt, ...) TOLK_PRINTF(2, 3);
void tolk_buf_clear(tolk_buf *b);
char *tolk_buf_detach(tolk_buf *b); /* caller frees; buffer is reset */
void tolk_buf_free(tolk_buf *b);

/* ---- UTF-8 ------------------------------------------------------------------------ */
#include "utf8.h"

/* ---- files -------------------------------------------------------------------------- */
/*
 * A file written through a temporary name and renamed into place on commit.
 * Abort (or a crash) leaves the destination untouched.
 */
typedef struct tolk_atomic_file {
	FILE *fp;
	char *path;
	char *tmp_path;
} tolk_atomic_file;

int tolk_atomic_open(tolk_atomic_file *af, const char *path);
int tolk_atomic_commit(tolk_atomic_file *af); /* closes; renames on success */
void tolk_atomic_abort(tolk_atomic_file *af); /* closes and removes the temp file */
/* A new empty file path.tmp.XXXXXX (mode 0666 less the umask): its fd, or a negative TOLK_E*. */
int tolk_temp_create(char **tmp_path, const char *path);
/* Remove path.tmp.XXXXXX files whose writer died (nobody holds their flock); tolk_temp_create does it too. */
void tolk_temp_sweep(const char *path);
/* fsync the folder holding path, so that a rename into it survives a power cut. */
int tolk_sync_parent(const char *path);

/* Read raw bytes of a file ("-" = stdin) without any validation. */
int tolk_file_read_raw(char **out, size_t *out_len, const char *path);

/*
 * Check a whole file's bytes as text: *bom is set to the length of a UTF-8
 * byte-order mark (0 or 3); NUL bytes and invalid UTF-8 get an error naming
 * path, with line and column as an editor shows them and the byte offset on disk.
 */
int tolk_text_check_file(size_t *bom, const char *path, const char *data, size_t len);

/*
 * Make a file's raw bytes (*data, malloc'ed, NUL-terminated, *len bytes) UTF-8
 * text: documents (PDF, docx, odt, xlsx, rtf, doc) are refused by name; UTF-16
 * with a byte-order mark, or any encoding named (an ICU converter name, NULL or
 * "utf-8" for none), is converted in place; otherwise the bytes are checked as
 * in tolk_text_check_file, and invalid UTF-8 that reads as Windows-1252 gets
 * advice instead of a bare error. *bom: the UTF-8 byte-order mark left at the
 * start (0 after a conversion). text_decode.c says what positions count.
 */
int tolk_text_decode(char **data, size_t *len, size_t *bom, const char *path, const char *encoding);
/* Invalid UTF-8 that reads as plausible Windows-1252 text. */
bool tolk_text_looks_cp1252(const char *data, size_t len);

/* Validate already-read text as UTF-8, with a positioned error naming `path`. */
int tolk_text_check_utf8(const char *path, const char *text, size_t len);
/*
 * Each line of a text file as tolk_text_read_file reads it, in order, without
 * its line end (LF or CRLF), NUL-terminated and writable; numbered from 1. A
 * non-zero return of fn stops the reading and is returned.
 */
typedef int (*tolk_line_fn)(void *ctx, char *line, size_t len, unsigned long number);
int tolk_text_read_lines(const char *path, tolk_line_fn fn, void *ctx);
/* The line end of a text: '\n' (also in "\r\n"), or '\r' when it has lone CRs and no LF at all. */
char tolk_text_eol(const char *text, size_t len);

/* ---- XML --------------------------------------------------------------------------- */
/*
 * libxml2 parser options that every tolk parse uses: no network, no external
 * entities or DTD loading, no entity substitution, and libxml2's own limits on
 * entity expansion left on (XML_PARSE_HUGE is never set).
 */
int tolk_xml_safe_options(void);
/* libxml2's own one-time initialisation (pthread_once); nothing process-wide is changed. */
void tolk_xml_init(void);
/*
 * Per parser context, on top of the options: the context's SAX handler
 * resolves no external entity and reads no external subset. The host
 * program's libxml2 settings (xmlSetExternalEntityLoader…) are left alone.
 */
struct _xmlParserCtxt;
void tolk_xml_guard(struct _xmlParserCtxt *ctxt);
/*
 * libxml2 reports a failed encoding conversion (bytes that break the encoding
 * a file declares) on its generic channel, which is stderr, beside the error
 * tolk makes its one message of: while a tolk parser runs, this thread's
 * generic channel is silent (begin), and then as it was (end).
 */
typedef struct tolk_xml_quiet {
	void (*func)(void *ctx, const char *msg, ...);
	void *ctx;
} tolk_xml_quiet;
void tolk_xml_quiet_begin(tolk_xml_quiet *saved);
void tolk_xml_quiet_end(const tolk_xml_quiet *saved);
/* Did the parse stop at bytes that break the encoding the file declares? */
bool tolk_xml_encoding_failed(const struct _xmlParserCtxt *ctxt);
/*
 * xmlParseChunk, quiet (above), with a failed conversion kept in the context
 * where tolk_xml_encoding_failed finds it (libxml2 2.9 returns it and halts,
 * but leaves the document "well-formed": the text read so far looked complete).
 */
void tolk_xml_push(struct _xmlParserCtxt *ctxt, const char *data, size_t len, bool terminate);
/*
 * libxml2 goes on after the first error; the first is the one that explains. Set
 * tolk_xml_keep_first_error as the context's sax->serror and the context's _private to a
 * tolk_xml_first_error (zeroed): it keeps the first error's position and message.
 */
typedef struct tolk_xml_first_error {
	bool set;
	int line, column;
	char message[256];
} tolk_xml_first_error;
struct _xmlError;
void tolk_xml_keep_first_error(void *ctxt, struct _xmlError *e);

#endif
