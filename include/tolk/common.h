/*
 * tolk: common definitions — error codes, the last-error record, version,
 * and the small text utilities every other concept uses.
 *
 * Conventions (see CONTRIBUTING.md): functions return 0 or a negative
 * TOLK_E* code, outputs come first in the parameter list, and the message of
 * the last failure on this thread is available from tolk_error_last().
 * Scores and counts come back through out-parameters, never in the return
 * value. Option structs carry a version: fill them with the matching
 * tolk_x_options_init(&opts, TOLK_X_OPTIONS_VERSION) (or the
 * TOLK_X_OPTIONS_INIT initialiser) before setting fields; a struct with
 * another version is refused with TOLK_EINVALID (version 0, a struct
 * zero-filled by a caller older than the versions, is read as version 1). Long work reports progress
 * through a tolk_progress_cb and its payload in the options.
 *
 * Threads: the library changes nothing process-wide (no libxml2 entity
 * loader, no locale, no signal handlers); its one-time initialisations use
 * pthread_once. Each type's header says whether one object may be shared
 * between threads; the functions of this header are all thread-safe.
 */
#ifndef TOLK_COMMON_H
#define TOLK_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include "tolk/version.h" /* generated from cmake/tolk_version.h.in */

/*
 * TOLK_EXTERN marks the library's public functions: libtolk is built with
 * -fvisibility=hidden, so only what carries it is exported from libtolk.so
 * (the list is checked against tests/data/abi/libtolk.symbols).
 */
#if defined(__GNUC__) || defined(__clang__)
#define TOLK_EXTERN __attribute__((visibility("default")))
#else
#define TOLK_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum {
	TOLK_OK = 0,
	TOLK_ERROR = -1,     /* generic failure */
	TOLK_EINVALID = -2,  /* bad input: malformed file, invalid UTF-8, bad argument */
	TOLK_ENOTFOUND = -3, /* missing file, unknown term, no such entry */
	TOLK_EIO = -4,       /* read/write failure */
	TOLK_ENOMEM = -5,
	TOLK_EEXISTS = -6,   /* duplicate id, file already there */
	TOLK_ELOCKED = -7,   /* another process holds the lock */
	TOLK_ELANG = -8,     /* unknown or unsupported language */
	TOLK_ECANCELLED = -9, /* a callback asked to stop */
	TOLK_ITEROVER = -10,  /* an iterator has no more items (not an error) */
	TOLK_ENOINDEX = -11   /* a store's search index is missing or unusable (see tolk_tm_lookup) */
};

typedef struct tolk_error {
	int code;          /* one of the TOLK_E* values */
	const char *message;
	const char *file;  /* NULL when the failure has no file */
	unsigned long line;   /* 1-based; 0 when unknown */
	unsigned long column; /* 1-based, in characters; 0 when unknown */
} tolk_error;

/*
 * The last error recorded on this thread, or NULL when none has been. The
 * record and its strings belong to the library and stay valid until the next
 * failing call on the same thread.
 */
TOLK_EXTERN const tolk_error *tolk_error_last(void);
TOLK_EXTERN void tolk_error_clear(void);

/*
 * The version of the library actually loaded (which may differ from the
 * TOLK_VERSION_* macros the caller was compiled with). Any pointer may be
 * NULL. Thread-safe.
 */
TOLK_EXTERN void tolk_version(int *major, int *minor, int *patch);
/* The same as a string, "MAJOR.MINOR.PATCH" (static storage). Thread-safe. */
TOLK_EXTERN const char *tolk_version_string(void);

/*
 * Progress of long work (imports, alignment). Called with done <= total
 * (total 0 when unknown). Return non-zero to cancel; the operation then fails
 * with TOLK_ECANCELLED and leaves its output untouched.
 */
typedef int (*tolk_progress_cb)(uint64_t done, uint64_t total, void *payload);

/*
 * Validate UTF-8. On failure returns TOLK_EINVALID and sets *bad_offset to
 * the byte offset of the first invalid sequence.
 */
TOLK_EXTERN int tolk_utf8_validate(size_t *bad_offset, const char *text, size_t len);

/*
 * Read a whole file ("-" is stdin), check that it is UTF-8 (a UTF-8 byte-order
 * mark is dropped), and NUL-terminate it. *out is malloc'ed; free with free().
 * UTF-16 with a byte-order mark (LE or BE, as Windows Notepad saves) is
 * converted to UTF-8. A PDF, Word, OpenDocument, Excel or RTF file is refused
 * by name, and Windows-1252 text with advice to name its encoding.
 * Errors carry the file name and, for invalid UTF-8, line, column and byte offset.
 */
TOLK_EXTERN int tolk_text_read_file(char **out, size_t *out_len, const char *path);
/*
 * The same for a file in a named encoding (an ICU converter name such as
 * "windows-1252" or "iso-8859-1"; NULL or "utf-8" is tolk_text_read_file).
 * Offsets in the result count bytes of the converted UTF-8 text.
 */
TOLK_EXTERN int tolk_text_read_file_encoding(char **out, size_t *out_len, const char *path, const char *encoding);

/* 1-based line and column (in code points) of a byte offset in text. */
TOLK_EXTERN void tolk_text_position(unsigned long *line, unsigned long *column,
                                    const char *text, size_t len, size_t offset);

/*
 * Write a file atomically: the data go to a temporary file next to path,
 * which is fsync'ed and renamed over path. A failure leaves path as it was.
 */
TOLK_EXTERN int tolk_file_write_atomic(const char *path, const char *data, size_t len);

/* Free a NULL-terminated or counted array of malloc'ed strings (count may be 0 for NULL-terminated). */
TOLK_EXTERN void tolk_strarray_free(char **items, size_t count);

/*
 * The one comparison key that libtolk uses wherever case, or case and accents,
 * do not count (the aligner, the memory, the term base, the spell checker):
 * Unicode simple case folding, and with TOLK_FOLD_CASE_ACCENTS the
 * compatibility decomposition with its marks dropped (é = e, ĳ = ij, ﬁ = fi;
 * ß stays ß). Two texts are "the same but for case" when their folds are equal.
 */
typedef enum tolk_fold_mode {
	TOLK_FOLD_CASE = 0,         /* case only: É → é, ẞ → ß */
	TOLK_FOLD_CASE_ACCENTS = 1  /* case and accents: é → e, ĳ → ij, ﬁ → fi, marks dropped */
} tolk_fold_mode;

/*
 * *out: the fold of the UTF-8 text[0..len), malloc'ed and NUL-terminated (free
 * with free()); *out_len its length (may be NULL). TOLK_EINVALID when text is
 * not UTF-8. Thread-safe.
 */
TOLK_EXTERN int tolk_text_fold(char **out, size_t *out_len, const char *text, size_t len, tolk_fold_mode mode);

/*
 * *out: the edit distance between the UTF-8 texts a[0..alen) and b[0..blen), in
 * code points: insertions, deletions, substitutions and swaps of neighbours
 * (optimal string alignment), the measure the term base's fuzzy lookup and the
 * spelling suggestions use. Texts are compared as given (fold them first to
 * ignore case). Past limit, and for texts over 64 code points, *out is
 * limit + 1 (a limit over 64 counts as 64). TOLK_EINVALID when a text is not
 * UTF-8. Thread-safe.
 */
TOLK_EXTERN int tolk_text_distance(unsigned *out, const char *a, size_t alen, const char *b, size_t blen,
                                   unsigned limit);

#ifdef __cplusplus
}
#endif
#endif
