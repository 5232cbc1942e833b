/*
 * Shared by fuzz_pdf and fuzz_html: read the input as a document of a format and
 * check what the reader promises (tolk/document.h): valid UTF-8 text without a
 * blank line inside a block, blocks in text order and inside the text, inline
 * spans inside the text and sorted, and tolk_document_locate answering for
 * every block start and end. A failed read must be TOLK_EINVALID (or ENOMEM)
 * with a message.
 */
#ifndef TOLK_FUZZ_DOC_CHECK_H
#define TOLK_FUZZ_DOC_CHECK_H

#include "tolk/document.h"
#include "util.h"

static inline int fuzz_doc_read(const uint8_t *data, size_t size, tolk_document_format format)
{
	tolk_document_options opts = TOLK_DOCUMENT_OPTIONS_INIT;
	opts.format = format;
	tolk_document *doc = NULL;
	int rc = tolk_document_read_buffer(&doc, (const char *)data, size, "fuzz", &opts);
	if (rc < 0) {
		FUZZ_ASSERT(doc == NULL);
		FUZZ_ASSERT(rc == TOLK_EINVALID || rc == TOLK_ENOMEM);
		FUZZ_ASSERT(tolk_error_last() && tolk_error_last()->message && *tolk_error_last()->message);
		return rc;
	}
	size_t len = 0;
	const char *text = tolk_document_text(doc, &len);
	FUZZ_ASSERT(text && text[len] == '\0' && strlen(text) == len);
	for (size_t i = 0; i < len;) {
		FUZZ_ASSERT(tolk_utf8_next(text, len, &i) >= 0);
	}
	size_t nblocks = tolk_document_block_count(doc), prev_end = 0;
	for (size_t i = 0; i < nblocks; i++) {
		const tolk_document_block *b = tolk_document_block_at(doc, i);
		FUZZ_ASSERT(b && b->length > 0 && b->offset >= prev_end && b->offset + b->length <= len);
		for (size_t k = b->offset + 1; k < b->offset + b->length; k++)
			FUZZ_ASSERT(!(text[k] == '\n' && text[k - 1] == '\n'));
		prev_end = b->offset + b->length;
		tolk_document_location loc;
		FUZZ_ASSERT(tolk_document_locate(&loc, doc, b->offset) == 0 && loc.block == i);
		FUZZ_ASSERT(tolk_document_locate(&loc, doc, b->offset + b->length) == 0 && loc.block == i);
		if (format == TOLK_DOCUMENT_PDF)
			FUZZ_ASSERT(loc.page >= 1 && loc.line >= 1);
	}
	FUZZ_ASSERT(nblocks > 0 || len == 0);
	size_t prev = 0;
	for (size_t i = 0; i < tolk_document_inline_count(doc); i++) {
		const tolk_document_inline *s = tolk_document_inline_at(doc, i);
		FUZZ_ASSERT(s && s->length > 0 && s->offset >= prev && s->offset + s->length <= len);
		prev = s->offset;
	}
	tolk_document_free(doc);
	return 0;
}

#endif
