/* Private helpers shared by the TMX writer (tmx_write.c) and reader (tmx_read.c). */
#ifndef TOLK_TMX_PRIVATE_H
#define TOLK_TMX_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "tolk/tmx.h"
#include "util.h"
#include "xml_escape.h"

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
