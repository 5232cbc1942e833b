/* The UTF-8 decoder and encoder of libtolk: see utf8.h. */
#include "utf8.h"

#include "util.h"

int32_t tolk_utf8_decode(const char *str, size_t len, size_t *i, bool surrogates)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t p = *i;
	if (p >= len)
		return -1;
	unsigned char c = s[p];
	if (surrogates && c == 0xED && p + 2 < len && (s[p + 1] & 0xE0) == 0xA0 && (s[p + 2] & 0xC0) == 0x80) {
		*i = p + 3;
		return 0xD800 | ((s[p + 1] & 0x1F) << 6) | (s[p + 2] & 0x3F);
	}
	int32_t cp;
	size_t need;
	if (c < 0x80) {
		*i = p + 1;
		return c;
	} else if (c >= 0xC2 && c <= 0xDF) {
		cp = c & 0x1F;
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		cp = c & 0x0F;
		need = 2;
	} else if (c >= 0xF0 && c <= 0xF4) {
		cp = c & 0x07;
		need = 3;
	} else {
		return -1;
	}
	if (p + need >= len)
		return -1;
	for (size_t k = 1; k <= need; k++) {
		unsigned char cc = s[p + k];
		if ((cc & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (cc & 0x3F);
	}
	/* Reject overlong forms, surrogates and values past U+10FFFF. */
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*i = p + need + 1;
	return cp;
}

size_t tolk_utf8_encode(char *out, int32_t cp)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int tolk_utf8_validate(size_t *bad_offset, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* ASCII fast path: most of every document. */
		if ((unsigned char)text[i] < 0x80) {
			i++;
			continue;
		}
		size_t at = i;
		if (tolk_utf8_next(text, len, &i) < 0) {
			if (bad_offset)
				*bad_offset = at;
			return TOLK_EINVALID;
		}
	}
	return 0;
}

int32_t tolk_utf8_next(const char *s, size_t len, size_t *i)
{
	return tolk_utf8_decode(s, len, i, false);
}

/* Whether s[q..p) is the start of a well-formed sequence cut short (RFC 3629's table of
 * second bytes: E0 A0.., ED ..9F, F0 90.., F4 ..8F). */
static bool cut_short(const unsigned char *s, size_t q, size_t p)
{
	unsigned char b = s[q];
	size_t need = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
	if (need == 0 || p - q >= need)
		return false;
	for (size_t k = q + 1; k < p; k++) {
		unsigned char lo = 0x80, hi = 0xBF;
		if (k == q + 1) {
			if (b == 0xE0)
				lo = 0xA0;
			else if (b == 0xED)
				hi = 0x9F;
			else if (b == 0xF0)
				lo = 0x90;
			else if (b == 0xF4)
				hi = 0x8F;
		}
		if (s[k] < lo || s[k] > hi)
			return false;
	}
	return true;
}

int32_t tolk_utf8_before(const char *s, size_t len, size_t p, size_t *start)
{
	size_t q = p - 1, next;
	while (q > 0 && p - q < 4 && ((unsigned char)s[q] & 0xC0) == 0x80)
		q--;
	int32_t c = tolk_utf8_at(s, len, q, &next);
	if (c >= 0 && next == p) {
		*start = q;
		return c;
	}
	/* Not one sequence ending at p. A sequence cut short at p is stepped over whole (its
	 * maximal subpart, as ICU's U8_PREV does), anything else one byte at a time. */
	*start = cut_short((const unsigned char *)s, q, p) ? q : p - 1;
	return -1;
}
