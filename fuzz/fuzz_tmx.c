/*
 * The TMX reader on arbitrary bytes. A first byte 0x01 or 0x02 turns the rest,
 * read as UTF-8 (invalid bytes as U+FFFD), into UTF-16LE or UTF-16BE with a
 * byte-order mark, so the mutations of a UTF-8 corpus also reach the UTF-16 path;
 * any other input is read as it is (UTF-8, or UTF-16 with its own mark).
 */
#include "fuzz_common.h"
#include "tolk/tmx.h"
#include "util.h"

static uint8_t *to_utf16(size_t *out_len, const uint8_t *s, size_t len, int big_endian)
{
	uint8_t *out = malloc(2 + len * 4 + 1), *o = out;
	if (!out)
		abort();
	*o++ = big_endian ? 0xFE : 0xFF;
	*o++ = big_endian ? 0xFF : 0xFE;
	for (size_t i = 0; i < len;) {
		size_t at = i;
		int32_t cp = tolk_utf8_next((const char *)s, len, &i);
		if (cp < 0) {
			cp = 0xFFFD;
			if (i == at)
				i++;
		}
		uint16_t units[2];
		int n = 1;
		if (cp >= 0x10000) {
			units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			units[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			n = 2;
		} else {
			units[0] = (uint16_t)cp;
		}
		for (int k = 0; k < n; k++) {
			*o++ = big_endian ? (uint8_t)(units[k] >> 8) : (uint8_t)units[k];
			*o++ = big_endian ? (uint8_t)units[k] : (uint8_t)(units[k] >> 8);
		}
	}
	*out_len = (size_t)(o - out);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	if (size > 0 && (data[0] == 1 || data[0] == 2)) {
		size_t n;
		uint8_t *u16 = to_utf16(&n, data + 1, size - 1, data[0] == 2);
		path = fuzz_write_file(u16, n, ".tmx");
		free(u16);
	} else {
		path = fuzz_write_file(data, size, ".tmx");
	}
	tolk_tmx_reader *r = NULL;
	if (tolk_tmx_reader_open(&r, path) == 0) {
		const tolk_tmx_header *h = tolk_tmx_reader_header(r);
		FUZZ_ASSERT(h != NULL);
		const tolk_tmx_unit *u;
		while (tolk_tmx_reader_next(&u, r) == 0) {
			FUZZ_ASSERT(u->ntuvs == 0 || u->tuvs != NULL);
			for (size_t i = 0; i < u->ntuvs; i++) {
				const tolk_tmx_tuv *t = &u->tuvs[i];
				/* touch every string the reader hands out */
				if (t->text)
					(void)strlen(t->text);
				if (t->seg_xml)
					(void)strlen(t->seg_xml);
				if (t->lang)
					(void)tolk_lang_tag_check(t->lang);
			}
			if (u->ntuvs > 0 && u->tuvs[0].lang)
				(void)tolk_tmx_unit_tuv(u, u->tuvs[0].lang);
		}
	}
	tolk_tmx_reader_free(r);
	return 0;
}
