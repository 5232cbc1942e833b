/*
 * Decoding what arrives in a URL. libmicrohttpd is told not to unescape
 * anything (serve.c), so every byte of a path or query passes through here
 * once, where an encoded NUL, a broken escape or bytes that are not UTF-8 are
 * refused before any handler sees the text.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "server_private.h"
#include "tolk/common.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *url_decode(const char *src, size_t len, bool plus_is_space)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '%') {
			int hi = i + 1 < len ? hexval((unsigned char)src[i + 1]) : -1;
			int lo = i + 2 < len ? hexval((unsigned char)src[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				goto bad;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0')
			goto bad;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	size_t bad_at;
	if (tolk_utf8_validate(&bad_at, out, n) < 0)
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

char *query_param(const char *query, const char *name, bool *bad)
{
	size_t nlen = strlen(name);
	*bad = false;
	const char *p = query;
	while (p && *p) {
		const char *end = strchr(p, '&');
		size_t plen = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', plen);
		size_t klen = eq ? (size_t)(eq - p) : plen;
		if (klen == nlen && memcmp(p, name, nlen) == 0) {
			const char *v = eq ? eq + 1 : p + plen;
			size_t vlen = eq ? plen - klen - 1 : 0;
			char *value = url_decode(v, vlen, true);
			if (!value)
				*bad = true;
			return value;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

char *lang_normalize(const char *code)
{
	/* language (2-3 letters), then optionally a region (2 letters or 3 digits) or a script */
	size_t len = strlen(code);
	if (len < 2 || len > 16)
		return NULL;
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t i = 0, part = 0, partlen = 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)code[i];
		if (c == '_' || c == '-') {
			if (partlen == 0 || i + 1 == len)
				goto bad;
			out[i] = '-';
			part++;
			partlen = 0;
			continue;
		}
		if (!isalnum(c) || c > 0x7f)
			goto bad;
		if (part == 0 && !isalpha(c))
			goto bad;
		partlen++;
		if (part == 0 && partlen > 3)
			goto bad;
		if (partlen > 8)
			goto bad;
		out[i] = (char)c;
	}
	out[len] = '\0';
	/* Case as BCP 47 writes it: nl, nl-NL, sr-Latn. */
	part = 0;
	partlen = 0;
	size_t start = 0;
	for (i = 0; i <= len; i++) {
		if (i == len || out[i] == '-') {
			size_t plen = i - start;
			for (size_t k = start; k < i; k++) {
				if (part == 0)
					out[k] = (char)tolower((unsigned char)out[k]);
				else if (plen == 2)
					out[k] = (char)toupper((unsigned char)out[k]);
				else if (plen == 4)
					out[k] = (char)(k == start ? toupper((unsigned char)out[k]) : tolower((unsigned char)out[k]));
				else
					out[k] = (char)tolower((unsigned char)out[k]);
			}
			part++;
			start = i + 1;
		}
	}
	return out;
bad:
	free(out);
	return NULL;
}

bool parse_int(const char *s, long lo, long hi, long *out)
{
	if (!s || !*s || strlen(s) > 12)
		return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}
