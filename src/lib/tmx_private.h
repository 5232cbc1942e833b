/* Private helpers shared by the TMX writer (tmx_write.c) and reader (tmx_read.c). */
#ifndef TOLK_TMX_PRIVATE_H
#define TOLK_TMX_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "tolk/tmx.h"
#include "util.h"

typedef enum tmx_escape_mode {
	TMX_ESCAPE_TEXT, /* element content */
	TMX_ESCAPE_ATTR, /* a double-quoted attribute value */
	TMX_ESCAPE_NONE  /* already XML: only drop what XML forbids */
} tmx_escape_mode;

/*
 * Append s[0..len) to out escaped for XML as mode says.
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and
 * UTF-8-encoded surrogates) are dropped and counted in *dropped. Other invalid UTF-8 is
 * refused: returns TOLK_EINVALID without recording an error and sets *bad_offset.
 */
int tmx_escape(tolk_buf *out, const char *s, size_t len, tmx_escape_mode mode, size_t *dropped,
               size_t *bad_offset);

/* A problem found in a seg's inline markup: what and where (the node carries the line). */
typedef struct tmx_seg_problem {
	const char *message; /* untranslated format with one %s: the element name */
	const char *name;
	const xmlNode *node;
} tmx_seg_problem;

/*
 * Walk the children of a seg element: append its inner XML, re-serialised with only
 * TMX inline elements and their declared attributes, to xml, and the translatable
 * text (text outside bpt/ept/ph/it/ut, including text inside hi) to text.
 * strict: unknown attributes are a problem (writer); otherwise they are dropped
 * (reader, since real files carry tool-specific extras).
 * Returns 0, TOLK_ENOMEM, or TOLK_EINVALID with *problem filled.
 */
int tmx_seg_walk(tolk_buf *xml, tolk_buf *text, const xmlNode *seg, bool strict,
                 tmx_seg_problem *problem);

/* Whether a language tag has the shape xml:lang needs (xs:language, the BCP 47 shape). */
bool tmx_lang_plausible(const char *tag);

/* Streaming readers (xmlTextReader) and in-memory fragment parses both use these. */
int tmx_parse_options(void);

#endif
