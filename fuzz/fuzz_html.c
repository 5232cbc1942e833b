/*
 * The HTML reader (doc_html.c, libxml2's SAX push parser) on arbitrary bytes:
 * a document or one clear error; what is read keeps the document's promises
 * (see fuzz_doc_check.h). HTML never fails on content: only on memory.
 */
#include "fuzz_common.h"
#include "fuzz_doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc = fuzz_doc_read(data, size, TOLK_DOCUMENT_HTML);
	FUZZ_ASSERT(rc == 0);
	return 0;
}
