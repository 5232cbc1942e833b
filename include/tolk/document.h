/*
 * tolk: documents as translators get them (plain text, PDF, DOCX, ODT, HTML)
 * read into tolk's text, with their structure and a map back to the original.
 *
 * THE TEXT. tolk_document_text() is what the rest of tolk works on (the
 * segmenter, the aligner, the spell checker): the document's blocks rendered as
 * the plain text the segmenter already understands. Blocks are separated by a
 * blank line ("\n\n"); a block never contains a blank line; a soft line break
 * inside a paragraph is "\n", a tab is "\t"; a PDF page is one or more blocks
 * of its lines as extracted (a vertical gap starts a new one), and the first
 * block of every page after the first starts with a form feed "\f", so that
 * layout repair can join a sentence across it (doc_pdf.c). Footnotes and endnotes come after the body, each a block "N text" whose
 * mark N is glued to the word it follows in the body, as in text extracted
 * from a PDF. A DOCX's page headers and footers come last, read once each
 * however many pages repeat them (blocks of kind header and footer). Inline formatting is dropped from the text and kept as spans
 * (tolk_document_inlines). For plain text the text is the file as
 * tolk_text_read_file (or _encoding) gives it, byte for byte.
 *
 * THE FORMAT is found from the content, not the name: "%PDF-" is PDF; a zip
 * holding word/document.xml is DOCX; a zip whose first member "mimetype" says
 * application/vnd.oasis.opendocument.text is ODT; a doctype or <html> start is
 * HTML; anything else is text. The file name's extension decides only between
 * HTML and text when the content does not. A format in the options overrides.
 *
 * LIMITS. A document is untrusted input: zip members, their total uncompressed
 * size and the compression ratio are bounded (members are inflated in bounded
 * chunks and counted as they come, never trusting the sizes in the zip
 * header), and XML is parsed without network access, external entities or DTD
 * loading. Exceeding a limit fails with TOLK_EINVALID naming the file.
 *
 * A tolk_document is immutable once read and may be shared between threads.
 */
#ifndef TOLK_DOCUMENT_H
#define TOLK_DOCUMENT_H

#include "tolk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tolk_document tolk_document;

typedef enum tolk_document_format {
	TOLK_DOCUMENT_AUTO = 0, /* find it from the content (in options); never the format of a document */
	TOLK_DOCUMENT_TEXT,
	TOLK_DOCUMENT_PDF,
	TOLK_DOCUMENT_DOCX,
	TOLK_DOCUMENT_ODT,
	TOLK_DOCUMENT_HTML
} tolk_document_format;

/* "auto", "text", "pdf", "docx", "odt", "html" (static storage); NULL for an unknown value. */
TOLK_EXTERN const char *tolk_document_format_name(tolk_document_format format);
/* The format named (case-insensitive; "txt" and "xhtml"/"htm" accepted); TOLK_EINVALID for another name. */
TOLK_EXTERN int tolk_document_format_from_name(tolk_document_format *out, const char *name);
/*
 * The format of a document from its first bytes (len may be the whole file or
 * a prefix of at least 4 KB; zip members are looked up in the whole buffer
 * only) and, for HTML against text only, the name hint (may be NULL).
 */
TOLK_EXTERN tolk_document_format tolk_document_detect(const char *data, size_t len, const char *name_hint);

typedef struct tolk_document_options {
	unsigned int version;          /* TOLK_DOCUMENT_OPTIONS_VERSION */
	tolk_document_format format;   /* TOLK_DOCUMENT_AUTO: from the content */
	const char *encoding;          /* text only: an ICU converter name, NULL = UTF-8/UTF-16 with BOM */
	uint64_t max_input_bytes;      /* a document's file (not plain text); 0 = 1 GiB */
	uint64_t max_zip_entries;      /* members of a DOCX/ODT; 0 = 10000 */
	uint64_t max_uncompressed_bytes; /* all members read, inflated; 0 = 1 GiB */
	uint32_t max_ratio;            /* inflated / compressed per member (after 1 MiB); 0 = 200 */
} tolk_document_options;

#define TOLK_DOCUMENT_OPTIONS_VERSION 1
#define TOLK_DOCUMENT_OPTIONS_INIT {TOLK_DOCUMENT_OPTIONS_VERSION, TOLK_DOCUMENT_AUTO, NULL, 0, 0, 0, 0}
/* Fill opts with the defaults; TOLK_EINVALID for an unknown version. */
TOLK_EXTERN int tolk_document_options_init(tolk_document_options *opts, unsigned int version);

/*
 * Read a document from a file ("-" is standard input). opts may be NULL for
 * the defaults. Errors name the file (and the member and line for XML inside
 * a zip). Free the result with tolk_document_free.
 */
TOLK_EXTERN int tolk_document_read(tolk_document **out, const char *path, const tolk_document_options *opts);
/* The same from bytes in memory (copied as needed); name is used in messages and as a hint (may be NULL). */
TOLK_EXTERN int tolk_document_read_buffer(tolk_document **out, const char *data, size_t len, const char *name,
                                          const tolk_document_options *opts);
TOLK_EXTERN void tolk_document_free(tolk_document *doc);

/* The format the document was read as (never AUTO). */
TOLK_EXTERN tolk_document_format tolk_document_format_of(const tolk_document *doc);
/* The text (NUL-terminated, valid UTF-8; owned by doc); *len its length in bytes (may be NULL). */
TOLK_EXTERN const char *tolk_document_text(const tolk_document *doc, size_t *len);

/* ---- structure ------------------------------------------------------------------------ */
typedef enum tolk_block_kind {
	TOLK_BLOCK_PARAGRAPH = 0,
	TOLK_BLOCK_HEADING,     /* level 1-9 */
	TOLK_BLOCK_LIST_ITEM,   /* level: nesting, 1 = outermost */
	TOLK_BLOCK_TABLE_CELL,  /* table, row, column */
	TOLK_BLOCK_FOOTNOTE,    /* note_mark: the reference mark in the body */
	TOLK_BLOCK_ENDNOTE,
	TOLK_BLOCK_PAGE,        /* PDF: lines of a page as extracted, up to a vertical gap (one or more per page) */
	TOLK_BLOCK_HEADER,      /* DOCX: a paragraph (or table cell: table, row, column set) of a page header */
	TOLK_BLOCK_FOOTER       /* DOCX: the same of a page footer */
} tolk_block_kind;

/* "paragraph", "heading", "list-item", "table-cell", "footnote", "endnote", "page", "header", "footer"
   (static storage). */
TOLK_EXTERN const char *tolk_block_kind_name(tolk_block_kind kind);

typedef struct tolk_document_block {
	tolk_block_kind kind;
	unsigned int level;          /* heading level or list nesting; 0 when neither */
	size_t offset;               /* in tolk_document_text */
	size_t length;               /* bytes, without the separating blank line */
	unsigned long paragraph;     /* 1-based number of the block's paragraph in the source order of its part
	                                (body, notes, or one header or footer); 0 for a PDF page */
	unsigned long page;          /* PDF: 1-based page; else 0 */
	unsigned long table;         /* table cell: 1-based table number, row and column; else 0 */
	unsigned long row;
	unsigned long column;
	const char *note_mark;       /* footnote/endnote: its mark ("1", "*"); else NULL */
	unsigned long line;          /* PDF: the 1-based line on its page where the block starts; else 0 */
} tolk_document_block;

/* Number of blocks, and block i (0-based, in text order; NULL past the end). Owned by doc. */
TOLK_EXTERN size_t tolk_document_block_count(const tolk_document *doc);
TOLK_EXTERN const tolk_document_block *tolk_document_block_at(const tolk_document *doc, size_t i);

/* Inline formatting dropped from the text: spans a TMX writer may carry as inline codes. */
typedef enum tolk_inline_kind {
	TOLK_INLINE_BOLD = 0,
	TOLK_INLINE_ITALIC,
	TOLK_INLINE_UNDERLINE,
	TOLK_INLINE_SUPERSCRIPT,
	TOLK_INLINE_SUBSCRIPT,
	TOLK_INLINE_LINK,          /* a hyperlink's text */
	TOLK_INLINE_NOTE_REF       /* a footnote/endnote mark in the body */
} tolk_inline_kind;

/* "bold", "italic", "underline", "superscript", "subscript", "link", "note-ref" (static storage). */
TOLK_EXTERN const char *tolk_inline_kind_name(tolk_inline_kind kind);

typedef struct tolk_document_inline {
	tolk_inline_kind kind;
	size_t offset;               /* in tolk_document_text */
	size_t length;
} tolk_document_inline;

/* Number of spans and span i (sorted by offset, then length descending). Owned by doc. */
TOLK_EXTERN size_t tolk_document_inline_count(const tolk_document *doc);
TOLK_EXTERN const tolk_document_inline *tolk_document_inline_at(const tolk_document *doc, size_t i);

/*
 * The inner XML of a TMX seg for segments of the document's text (segs[0..count),
 * in text order, as tolk_segment_text or a line split made them from exactly
 * tolk_document_text), their texts joined by one space as tolk align writes a
 * unit: the text escaped, and every span but a note mark that overlaps them as
 * a TMX 1.4b bpt/ept pair around the characters it covers. The native code is
 * tolk's own HTML-like notation (<b>, <i>, <u>, <sup>, <sub>, <a>); type is
 * TMX's bold, italic, ulined, link or x-superscript, x-subscript. i numbers the
 * pairs from 1 in order of their start; x is the same for the n-th span of a
 * kind in either language's seg (6 * (n - 1) + kind + 1: the first bold is 1),
 * which is as far as the aligner can tell which codes match. A span that goes
 * on past the first or last segment is closed at the seg's end and opens again
 * in the next one, so that every seg is balanced on its own. *out is NULL when
 * no span overlaps (write the text as it is); else free it with free().
 * Note marks stay plain text, as the segmenter and the aligner see them.
 */
struct tolk_segment;
TOLK_EXTERN int tolk_document_seg_xml(char **out, const tolk_document *doc, const struct tolk_segment *segs,
                                      size_t count);

/* ---- positions in the original -------------------------------------------------------- */
typedef struct tolk_document_location {
	tolk_document_format format;
	size_t block;                /* index of the block holding the offset (SIZE_MAX for text) */
	tolk_block_kind kind;        /* that block's kind */
	unsigned long paragraph;     /* DOCX/ODT/HTML: the block's paragraph number; else 0 */
	unsigned long page;          /* PDF: 1-based page */
	unsigned long line;          /* PDF: 1-based line on the page; text: line; else line within the block */
	unsigned long column;        /* text: 1-based column in code points; else in the block's line */
	unsigned long table, row, column_in_table; /* table cells; else 0 */
	const char *note_mark;       /* footnotes and endnotes; else NULL */
	size_t source_byte;          /* text: the offset in the file as read (a UTF-8 byte-order mark counted;
	                                after conversion from UTF-16 or an encoding); else 0 */
} tolk_document_location;

/*
 * Where a byte offset of tolk_document_text lies in the original. An offset
 * between blocks (in a separating blank line) belongs to the block before it.
 * TOLK_EINVALID when offset is past the end of the text.
 */
TOLK_EXTERN int tolk_document_locate(tolk_document_location *out, const tolk_document *doc, size_t offset);

#ifdef __cplusplus
}
#endif
#endif
