/* The ODT reader (in progress on this branch). */
#include "doc_private.h"

int doc_read_odt(tolk_document *doc, const char *data, size_t len, const doc_limits *lim)
{
	(void)data, (void)len, (void)lim;
	return tolk_error_set_at(TOLK_EINVALID, doc->name, 0, 0, "%s", _("ODT reading is not finished"));
}
