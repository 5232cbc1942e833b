/*
 * Private to the DOCX reader (doc_docx.c): the relationships of
 * word/document.xml, which name the members holding its page headers and
 * footers (doc_docx_rels.c).
 */
#ifndef TOLK_DOC_DOCX_H
#define TOLK_DOC_DOCX_H

#include "doc_private.h"

typedef struct docx_rels docx_rels;
/* word/_rels/document.xml.rels read (an empty set when the member is absent). */
int docx_rels_read(docx_rels **out, doc_zip *z, const char *name);
/* The zip member a relationship id names ("word/header1.xml"); NULL for an unknown id or an external target. */
const char *docx_rels_member(const docx_rels *r, const char *id);
void docx_rels_free(docx_rels *r);

#endif
