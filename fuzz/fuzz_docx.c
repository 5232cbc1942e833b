/*
 * The DOCX reader. First byte even: the rest, split at NUL bytes, is
 * word/document.xml, word/styles.xml and word/footnotes.xml, packed as a zip of
 * stored members (fuzz_document.h). First byte odd: the rest is the whole file,
 * so libzip, the limits and the detection of damaged zips get mutations too.
 */
#include "fuzz_document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1) {
		/* detection must agree with itself on any bytes */
		tolk_document_format f = tolk_document_detect((const char *)data + 1, size - 1, NULL);
		FUZZ_ASSERT(f != TOLK_DOCUMENT_AUTO);
		fuzz_read_document(data + 1, size - 1, TOLK_DOCUMENT_DOCX);
		return 0;
	}
	static const char *const names[] = {"word/document.xml", "word/styles.xml", "word/footnotes.xml",
	                                    "word/endnotes.xml"};
	const uint8_t *parts[4];
	size_t sizes[4];
	size_t n = fuzz_parts(parts, sizes, 4, data + 1, size - 1);
	size_t len;
	uint8_t *zip = fuzz_stored_zip(&len, names, parts, sizes, n);
	fuzz_read_document(zip, len, TOLK_DOCUMENT_DOCX);
	free(zip);
	return 0;
}
