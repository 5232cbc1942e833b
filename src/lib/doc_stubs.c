/*
 * Placeholders for the PDF and HTML readers until doc_pdf.c and doc_html.c
 * (the doc-pdf branch) replace this file: delete it then.
 */
#include "doc_private.h"

int doc_read_pdf(tolk_document *doc, const char *data, size_t len, const doc_limits *lim)
{
	(void)data, (void)len, (void)lim;
	return tolk_error_set_at(TOLK_EINVALID, doc->name, 0, 0, "%s", _("PDF support not built"));
}

int doc_read_html(tolk_document *doc, const char *data, size_t len, const doc_limits *lim)
{
	(void)data, (void)len, (void)lim;
	return tolk_error_set_at(TOLK_EINVALID, doc->name, 0, 0, "%s", _("HTML support not built"));
}
