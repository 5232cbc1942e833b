/*
 * What tolk serve parses from a request before any handler sees it
 * (src/server/urlcode.c): percent-decoding of paths and query strings, query
 * parameters, language codes and numbers; and JSON bodies as the server reads
 * them (jansson, duplicate keys refused, strings that hold a NUL refused).
 *
 * Input: the first byte picks the parser, the rest is the text. Invariants:
 * a decoded text is UTF-8 without NUL and no longer than its source, and
 * encoding it again decodes to the same; a language code is normalised once
 * and for all (normalising it again changes nothing) and holds only letters,
 * digits and '-'; a number accepted is in range and written in digits only.
 */
#include <jansson.h>

#include "fuzz_common.h"
#include "server_private.h"
#include "tolk/common.h"


static void check_decoded(const char *out, size_t srclen)
{
	size_t len = strlen(out), bad;
	FUZZ_ASSERT(len <= srclen);
	FUZZ_ASSERT(tolk_utf8_validate(&bad, out, len) == 0);
	/* every byte escaped, then decoded again: the same text */
	char *enc = malloc(3 * len + 1);
	FUZZ_ASSERT(enc);
	for (size_t i = 0; i < len; i++)
		snprintf(enc + 3 * i, 4, "%%%02X", (unsigned char)out[i]);
	char *again = url_decode(enc, 3 * len, false);
	FUZZ_ASSERT(again && strcmp(again, out) == 0);
	free(again);
	free(enc);
}

static void check_lang(const char *text)
{
	char *code = lang_normalize(text);
	if (!code)
		return;
	FUZZ_ASSERT(strlen(code) <= 16 && strlen(code) >= 2);
	for (const char *p = code; *p; p++)
		FUZZ_ASSERT((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-');
	char *again = lang_normalize(code);
	FUZZ_ASSERT(again && strcmp(again, code) == 0);
	free(again);
	free(code);
}

static void check_json(const char *data, size_t size)
{
	json_error_t err;
	json_t *v = json_loadb(data, size, JSON_REJECT_DUPLICATES, &err);
	if (!v)
		return;
	if (json_is_object(v)) {
		const char *key;
		json_t *member;
		json_object_foreach(v, key, member) {
			if (json_is_string(member)) {
				/* the server refuses strings whose C length differs (an embedded NUL) */
				size_t n = json_string_length(member);
				FUZZ_ASSERT(strlen(json_string_value(member)) <= n);
			}
		}
	}
	char *s = json_dumps(v, JSON_COMPACT);
	if (s) {
		json_t *back = json_loads(s, 0, &err);
		FUZZ_ASSERT(back && json_equal(v, back));
		json_decref(back);
		free(s);
	}
	json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned mode = data[0] % 5;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	char *copy = malloc(len + 1);
	FUZZ_ASSERT(copy);
	memcpy(copy, text, len);
	copy[len] = '\0';
	switch (mode) {
	case 0:
	case 1: {
		char *out = url_decode(text, len, mode == 1);
		if (out)
			check_decoded(out, len);
		free(out);
		break;
	}
	case 2: {
		/* a raw query string: every parameter name the server asks for */
		static const char *const names[] = {"q", "src", "tgt", "min", "max", "lang", "min_similarity",
		                                    "max_candidates"};
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			bool bad = false;
			char *v = query_param(copy, names[k], &bad);
			FUZZ_ASSERT(!(v && bad));
			if (v)
				check_decoded(v, len);
			free(v);
		}
		break;
	}
	case 3: {
		check_lang(copy);
		long n;
		if (parse_int(copy, 0, 100, &n)) {
			FUZZ_ASSERT(n >= 0 && n <= 100);
			for (const char *p = copy; *p; p++)
				FUZZ_ASSERT(*p >= '0' && *p <= '9');
		}
		break;
	}
	default:
		check_json(text, len);
	}
	free(copy);
	return 0;
}
