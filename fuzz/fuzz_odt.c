/*
 * The ODT reader. First byte even: the rest, split at a NUL byte, is
 * content.xml and styles.xml, packed with the mimetype member as a zip of
 * stored members (fuzz_document.h). First byte odd: the rest is the whole file.
 */
#include "fuzz_document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1) {
		fuzz_read_document(data + 1, size - 1, TOLK_DOCUMENT_ODT);
		return 0;
	}
	static const char mimetype[] = "application/vnd.oasis.opendocument.text";
	static const char *const names[] = {"mimetype", "content.xml", "styles.xml"};
	const uint8_t *parts[3] = {(const uint8_t *)mimetype};
	size_t sizes[3] = {sizeof mimetype - 1};
	size_t n = fuzz_parts(parts + 1, sizes + 1, 2, data + 1, size - 1);
	size_t len;
	uint8_t *zip = fuzz_stored_zip(&len, names, parts, sizes, n + 1);
	FUZZ_ASSERT(tolk_document_detect((const char *)zip, len, NULL) == TOLK_DOCUMENT_ODT);
	fuzz_read_document(zip, len, TOLK_DOCUMENT_ODT);
	free(zip);
	return 0;
}
