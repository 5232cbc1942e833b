/*
 * The one UTF-8 decoder of libtolk (private; util.h includes it). Strict: overlong forms,
 * surrogates and values past U+10FFFF are invalid, as RFC 3629 and ICU's u_strFromUTF8 say.
 */
#ifndef TOLK_UTF8_H
#define TOLK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s[*i] (advancing *i); returns -1 on an invalid sequence and leaves
 * *i alone. With surrogates, an encoded surrogate (ED A0..BF xx, from CESU-8 or WTF-8
 * producers) is returned as its value, for a caller that drops it rather than refuses. */
int32_t tolk_utf8_decode(const char *s, size_t len, size_t *i, bool surrogates);
/* tolk_utf8_decode without surrogates. */
int32_t tolk_utf8_next(const char *s, size_t len, size_t *i);
/* Encode cp into out (at least 4 bytes); returns the number of bytes. */
size_t tolk_utf8_encode(char *out, int32_t cp);

/* Code point at s[i] (i < len) and where the next starts (*next > i always): -1 for an
 * invalid byte, which scanners step over one byte at a time. */
static inline int32_t tolk_utf8_at(const char *s, size_t len, size_t i, size_t *next)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80) {
		*next = i + 1;
		return b;
	}
	size_t j = i;
	int32_t c = tolk_utf8_next(s, len, &j);
	*next = j > i ? j : i + 1;
	return c;
}

/* The code point that ends just before byte p (0 < p <= len), its first byte in *start;
 * -1 when the bytes there are not one valid sequence, with *start = p - 1 (as ICU's U8_PREV). */
int32_t tolk_utf8_before(const char *s, size_t len, size_t p, size_t *start);

#endif
