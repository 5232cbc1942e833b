/*
 * The PDF reader (doc_pdf.c through poppler-glib) on arbitrary bytes: a
 * document or one clear error, never a crash or a message on stderr; what is
 * read keeps the document's promises (see fuzz_doc_check.h).
 */
#include "fuzz_common.h"
#include "fuzz_doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_doc_read(data, size, TOLK_DOCUMENT_PDF);
	return 0;
}
