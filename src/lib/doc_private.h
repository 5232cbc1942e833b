/*
 * The document builder every reader (doc_docx.c, doc_odt.c, doc_pdf.c,
 * doc_html.c) fills, and the pieces they share. Public side: tolk/document.h.
 *
 * A reader calls doc_block_begin, puts the block's text with doc_put (which
 * keeps the text's promises: no blank line inside a block, no white space at
 * the start of a line unless the document keeps indents, no CR), marks inline
 * spans with doc_inline_add, and ends the block with doc_block_end (which
 * trims trailing white space and drops a block left empty, with its spans).
 * Blank lines between blocks are the builder's business.
 */
#ifndef TOLK_DOC_PRIVATE_H
#define TOLK_DOC_PRIVATE_H

#include <stdbool.h>

#include "tolk/document.h"
#include "util.h"

struct tolk_document {
	tolk_document_format format;
	char *name;                 /* for messages; "-" for stdin */
	size_t bom;                 /* text: the UTF-8 byte-order mark dropped from the start */
	tolk_buf text;
	tolk_document_block *blocks;
	size_t nblocks, blocks_cap;
	tolk_document_inline *inlines;
	size_t ninlines, inlines_cap;
	size_t inline_max;          /* the longest span's length (doc_finish): bounds a search by offset */
	char **marks;               /* note marks, owned; blocks point into them */
	size_t nmarks, marks_cap;
	/* building */
	bool keep_indent;           /* PDF pages: leading white space of a line means something */
	bool in_block;
	bool eat_blanks;            /* drop blanks until the next other character (after a note's mark) */
	size_t sep_start;           /* where the current block's separator began */
	size_t inline_mark;         /* inlines count when the block began */
};

/* A new, empty document of a format (name copied; may be NULL). NULL and TOLK_ENOMEM recorded on failure. */
tolk_document *doc_new(tolk_document_format format, const char *name);

/*
 * Start a block like proto (kind, level, paragraph, page, table, row, column;
 * offset and length are the builder's). A block already open is ended first.
 */
int doc_block_begin(tolk_document *doc, const tolk_document_block *proto);
/* Text for the open block (UTF-8); CR dropped, blank lines folded, a line's leading blanks dropped. */
int doc_put(tolk_document *doc, const char *s, size_t len);
int doc_puts(tolk_document *doc, const char *s);
/* The open block's note mark (copied). */
int doc_block_set_mark(tolk_document *doc, const char *mark);
/* End the open block (nothing when none is open). */
int doc_block_end(tolk_document *doc);
/* The current end of the text: where the next doc_put lands (for inline spans). */
size_t doc_pos(const tolk_document *doc);
/* A span [offset, end of text) when end > offset; empty spans are ignored. */
int doc_inline_add(tolk_document *doc, tolk_inline_kind kind, size_t offset, size_t length);
/* Done building: ends the open block, sorts the spans, checks the text is UTF-8. */
int doc_finish(tolk_document *doc);

/*
 * A footnote or endnote as a block of its own after the body (the DOCX and
 * ODT readers): the mark is the block's note mark and starts its text, "1
 * text", as the note reads at the foot of a page; content(reader, body, note)
 * then puts the note's paragraphs as lines of that one block (note is the
 * block's prototype). A note without text is no block.
 */
struct _xmlNode;
typedef int (*doc_note_content_fn)(void *reader, const struct _xmlNode *body, const tolk_document_block *note);
int doc_note_block(tolk_document *doc, bool endnote, const char *mark, doc_note_content_fn content, void *reader,
                   const struct _xmlNode *body);

/* The effective limits (options defaults resolved). */
typedef struct doc_limits {
	uint64_t max_input_bytes;
	uint64_t max_zip_entries;
	uint64_t max_uncompressed_bytes;
	uint32_t max_ratio;
} doc_limits;
void doc_limits_from(doc_limits *out, const tolk_document_options *opts);

/*
 * The readers: fill doc (made by doc_new with the format) from the whole file
 * in memory. name is for messages. Return 0 or a TOLK_E* with the error set.
 */
int doc_read_docx(tolk_document *doc, const char *data, size_t len, const doc_limits *lim);
int doc_read_odt(tolk_document *doc, const char *data, size_t len, const doc_limits *lim);
int doc_read_pdf(tolk_document *doc, const char *data, size_t len, const doc_limits *lim);
int doc_read_html(tolk_document *doc, const char *data, size_t len, const doc_limits *lim);

/* ---- zip members (doc_zip.c) -------------------------------------------------------------- */
typedef struct doc_zip doc_zip;
/* Open a zip in memory (not copied: data must outlive the zip). Damaged zip: TOLK_EINVALID naming the file. */
int doc_zip_open(doc_zip **out, const char *data, size_t len, const char *name, const doc_limits *lim);
void doc_zip_close(doc_zip *z);
bool doc_zip_has(doc_zip *z, const char *member);
/*
 * A member inflated into *out (malloc'ed, NUL-terminated), within the limits:
 * TOLK_ENOTFOUND when absent (no error recorded), TOLK_EINVALID past a limit
 * or for a damaged member.
 */
int doc_zip_read(char **out, size_t *out_len, doc_zip *z, const char *member);
/* DOCX, ODT, or TOLK_DOCUMENT_AUTO for another or no zip (cheap: central directory only). */
tolk_document_format doc_zip_detect(const char *data, size_t len);

/* ---- XML of zip members (doc_zip.c) ----------------------------------------------------------- */
struct _xmlDoc;
/*
 * Parse a member's XML with the safe options (no network, no entities, no
 * DTD). An XML error becomes TOLK_EINVALID at "FILE(member):LINE:COL".
 */
int doc_xml_parse(struct _xmlDoc **out, const char *xml, size_t len, const char *name, const char *member);
/* A member read (doc_zip_read) and parsed (doc_xml_parse); 0 with *out NULL when it is absent. */
int doc_zip_xml(struct _xmlDoc **out, doc_zip *z, const char *member, const char *name);
/*
 * A DOCX's or ODT's zip opened and its main part (word/document.xml,
 * content.xml) parsed; a zip without that part is TOLK_EINVALID with the
 * message missing. Whatever it returns, the caller closes *z and frees *x
 * (either may be NULL).
 */
int doc_zip_main(doc_zip **z, struct _xmlDoc **x, const tolk_document *doc, const char *data, size_t len,
                 const doc_limits *lim, const char *member, const char *missing);

#endif
