/*
 * The HTML reader (doc_html.c, libxml2's SAX push parser) on arbitrary bytes:
 * a document or one clear error; what is read keeps the document's promises
 * (see fuzz_doc_check.h). Valid UTF-8 never fails; other bytes only when they break
 * the charset the page declares.
 */
#include "fuzz_common.h"
#include "fuzz_doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc = fuzz_doc_read(data, size, TOLK_DOCUMENT_HTML);
	if (rc < 0) {
		bool valid = true;
		for (size_t i = 0; i < size && valid;)
			valid = data[i] != 0 && tolk_utf8_next((const char *)data, size, &i) >= 0;
		FUZZ_ASSERT(!valid);
	}
	return 0;
}
