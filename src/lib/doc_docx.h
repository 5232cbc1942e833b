/*
 * Private to the DOCX reader (doc_docx.c and its parts): the WordprocessingML
 * XML helpers, the styles of word/styles.xml (doc_docx_styles.c), and the
 * relationships of word/document.xml, which name the members holding its page
 * headers and footers (doc_docx_rels.c).
 */
#ifndef TOLK_DOC_DOCX_H
#define TOLK_DOC_DOCX_H

#include <string.h>

#include <libxml/tree.h>

#include "doc_private.h"

/* ---- XML helpers ------------------------------------------------------------------------------- */
static inline bool is_w_ns(const xmlNode *n)
{
	if (!n->ns || !n->ns->href)
		return false;
	const char *h = (const char *)n->ns->href;
	return strcmp(h, "http://schemas.openxmlformats.org/wordprocessingml/2006/main") == 0 ||
	       strcmp(h, "http://purl.oclc.org/ooxml/wordprocessingml/main") == 0;
}

static inline bool is_w(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && is_w_ns(n) && strcmp((const char *)n->name, local) == 0;
}

/* An attribute by local name (w:val, w:id …): prefixes vary between producers. */
static inline const char *attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (strcmp((const char *)a->name, local) == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static inline const xmlNode *child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, local))
			return c;
	return NULL;
}

/* A toggle property (w:b, w:i …): present and not switched off. */
static inline bool toggle_on(const xmlNode *prop)
{
	if (!prop)
		return false;
	const char *v = attr(prop, "val");
	return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 || strcmp(v, "none") == 0);
}

/* ---- styles (doc_docx_styles.c) --------------------------------------------------------------------- */
typedef struct docx_styles docx_styles;
/* word/styles.xml read: paragraph and character styles (an empty set when the member is absent). */
int docx_styles_read(docx_styles **out, doc_zip *z, const char *name);
void docx_styles_free(docx_styles *s);
/*
 * The heading level (1-9; 0 none) of a paragraph style, by its name ("heading N", "Title"), its outline
 * level or the style it is based on; for an id styles.xml lacks, Word's built-in ids in English and
 * Dutch (Heading1, Kop1, Title, Titel). s may be NULL.
 */
int docx_style_heading(docx_styles *s, const char *id);
/* The paragraph style (or one it is based on) numbers its paragraphs. */
bool docx_style_list(const docx_styles *s, const char *id);
/* A run property of a character style, along basedOn: DOCX_RPR_*; 0 not set, toggles 1 on and 2 off,
   DOCX_RPR_VERT 1 superscript, 2 subscript, 3 baseline. */
enum { DOCX_RPR_BOLD, DOCX_RPR_ITALIC, DOCX_RPR_UNDERLINE, DOCX_RPR_VERT };
int docx_style_rpr(const docx_styles *s, const char *id, int which);

/* ---- relationships (doc_docx_rels.c) ------------------------------------------------------------------ */
typedef struct docx_rels docx_rels;
/* word/_rels/document.xml.rels read (an empty set when the member is absent). */
int docx_rels_read(docx_rels **out, doc_zip *z, const char *name);
/* The zip member a relationship id names ("word/header1.xml"); NULL for an unknown id or an external target. */
const char *docx_rels_member(const docx_rels *r, const char *id);
void docx_rels_free(docx_rels *r);

#endif
