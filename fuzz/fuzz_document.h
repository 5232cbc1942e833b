/*
 * Shared by fuzz_docx and fuzz_odt: the XML members of a document, split at
 * NUL bytes, packed into a zip of stored (uncompressed) members, so that the
 * mutations reach the readers' XML walk rather than dying in deflate and CRC
 * checks; and the invariants every document read must keep.
 */
#ifndef TOLK_FUZZ_DOCUMENT_H
#define TOLK_FUZZ_DOCUMENT_H

#include "fuzz_common.h"
#include "tolk/document.h"

static uint32_t fuzz_crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
	}
	return ~c;
}

static void put16(uint8_t **o, unsigned v)
{
	*(*o)++ = (uint8_t)v;
	*(*o)++ = (uint8_t)(v >> 8);
}

static void put32(uint8_t **o, uint32_t v)
{
	put16(o, v & 0xFFFF);
	put16(o, v >> 16);
}

/* A zip of the named members (stored), malloc'ed; *len its size. */
static uint8_t *fuzz_stored_zip(size_t *len, const char *const *names, const uint8_t *const *data,
                                const size_t *sizes, size_t count)
{
	size_t cap = 22;
	for (size_t i = 0; i < count; i++)
		cap += 30 + 46 + 2 * strlen(names[i]) + sizes[i];
	uint8_t *z = malloc(cap), *o = z;
	uint32_t *offsets = calloc(count ? count : 1, sizeof *offsets), *crcs = calloc(count ? count : 1, sizeof *crcs);
	if (!z || !offsets || !crcs)
		abort();
	for (size_t i = 0; i < count; i++) {
		offsets[i] = (uint32_t)(o - z);
		crcs[i] = fuzz_crc32(data[i], sizes[i]);
		size_t nl = strlen(names[i]);
		put32(&o, 0x04034b50);
		put16(&o, 20), put16(&o, 0), put16(&o, 0), put16(&o, 0), put16(&o, 0x21);
		put32(&o, crcs[i]), put32(&o, (uint32_t)sizes[i]), put32(&o, (uint32_t)sizes[i]);
		put16(&o, (unsigned)nl), put16(&o, 0);
		memcpy(o, names[i], nl), o += nl;
		memcpy(o, data[i], sizes[i]), o += sizes[i];
	}
	uint32_t cd = (uint32_t)(o - z);
	for (size_t i = 0; i < count; i++) {
		size_t nl = strlen(names[i]);
		put32(&o, 0x02014b50);
		put16(&o, 20), put16(&o, 20), put16(&o, 0), put16(&o, 0), put16(&o, 0), put16(&o, 0x21);
		put32(&o, crcs[i]), put32(&o, (uint32_t)sizes[i]), put32(&o, (uint32_t)sizes[i]);
		put16(&o, (unsigned)nl), put16(&o, 0), put16(&o, 0), put16(&o, 0), put16(&o, 0);
		put32(&o, 0), put32(&o, offsets[i]);
		memcpy(o, names[i], nl), o += nl;
	}
	uint32_t cd_size = (uint32_t)(o - z) - cd;
	put32(&o, 0x06054b50);
	put16(&o, 0), put16(&o, 0), put16(&o, (unsigned)count), put16(&o, (unsigned)count);
	put32(&o, cd_size), put32(&o, cd), put16(&o, 0);
	free(offsets);
	free(crcs);
	*len = (size_t)(o - z);
	return z;
}

/* Split data at NUL bytes into at most max parts (the last takes the rest). */
static size_t fuzz_parts(const uint8_t **parts, size_t *sizes, size_t max, const uint8_t *data, size_t size)
{
	size_t n = 0;
	while (n + 1 < max) {
		const uint8_t *nul = memchr(data, 0, size);
		if (!nul)
			break;
		parts[n] = data;
		sizes[n++] = (size_t)(nul - data);
		size -= (size_t)(nul - data) + 1;
		data = nul + 1;
	}
	parts[n] = data;
	sizes[n++] = size;
	return n;
}

/* What a document read must give: blocks in order inside the text, no blank line in a block, spans inside. */
static void fuzz_check_document(const tolk_document *d)
{
	size_t len;
	const char *t = tolk_document_text(d, &len);
	size_t bad;
	FUZZ_ASSERT(t[len] == '\0');
	FUZZ_ASSERT(tolk_utf8_validate(&bad, t, len) == 0);
	size_t n = tolk_document_block_count(d), end = 0;
	for (size_t i = 0; i < n; i++) {
		const tolk_document_block *b = tolk_document_block_at(d, i);
		FUZZ_ASSERT(b->offset >= end && b->length > 0 && b->offset + b->length <= len);
		FUZZ_ASSERT(i == 0 ? b->offset == 0 : b->offset == end + 2);
		FUZZ_ASSERT(memchr(t + b->offset, '\0', b->length) == NULL);
		for (size_t k = b->offset; k + 1 < b->offset + b->length; k++)
			FUZZ_ASSERT(!(t[k] == '\n' && t[k + 1] == '\n'));
		FUZZ_ASSERT(t[b->offset] != ' ' && t[b->offset] != '\n');
		FUZZ_ASSERT((b->kind == TOLK_BLOCK_FOOTNOTE || b->kind == TOLK_BLOCK_ENDNOTE) == (b->note_mark != NULL));
		end = b->offset + b->length;
		tolk_document_location loc;
		FUZZ_ASSERT(tolk_document_locate(&loc, d, b->offset) == 0 && loc.block == i);
		FUZZ_ASSERT(tolk_document_locate(&loc, d, end) == 0 && loc.block == i && loc.line >= 1);
	}
	FUZZ_ASSERT(n == 0 ? len == 0 : end == len);
	size_t ns = tolk_document_inline_count(d), prev = 0;
	for (size_t i = 0; i < ns; i++) {
		const tolk_document_inline *s = tolk_document_inline_at(d, i);
		FUZZ_ASSERT(s->length > 0 && s->offset + s->length <= len && s->offset >= prev);
		prev = s->offset;
	}
}

/* Read zip bytes as format; check the result or that an error names the file. */
static void fuzz_read_document(const uint8_t *zip, size_t len, tolk_document_format format)
{
	tolk_document_options o = TOLK_DOCUMENT_OPTIONS_INIT;
	o.format = format;
	o.max_uncompressed_bytes = 16u << 20; /* the fuzzer's memory, not the default gigabyte */
	tolk_document *d = NULL;
	if (tolk_document_read_buffer(&d, (const char *)zip, len, "fuzz", &o) == 0) {
		FUZZ_ASSERT(tolk_document_format_of(d) == format);
		fuzz_check_document(d);
		tolk_document_free(d);
	} else {
		const tolk_error *e = tolk_error_last();
		FUZZ_ASSERT(d == NULL && e && e->file && strncmp(e->file, "fuzz", 4) == 0);
	}
}

#endif
