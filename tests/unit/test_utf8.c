/* The UTF-8 decoder (utf8.h) against ICU's u_strFromUTF8 and U8_NEXT, an independent decoder. */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "util.h"

START_TEST(every_code_point_round_trips)
{
	for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char b[4];
		size_t n = tolk_utf8_encode(b, cp);
		/* ICU's encoding is the reference */
		char ref[4];
		int32_t k = 0;
		U8_APPEND_UNSAFE(ref, k, cp);
		ck_assert_uint_eq(n, (size_t)k);
		ck_assert(memcmp(b, ref, n) == 0);
		size_t i = 0;
		ck_assert_int_eq(tolk_utf8_next(b, n, &i), cp);
		ck_assert_uint_eq(i, n);
		size_t next;
		ck_assert_int_eq(tolk_utf8_at(b, n, 0, &next), cp);
		ck_assert_uint_eq(next, n);
		size_t start = 99;
		ck_assert_int_eq(tolk_utf8_before(b, n, n, &start), cp);
		ck_assert_uint_eq(start, 0);
		/* a truncated sequence is invalid and leaves the index alone */
		if (n > 1) {
			i = 0;
			ck_assert_int_eq(tolk_utf8_next(b, n - 1, &i), -1);
			ck_assert_uint_eq(i, 0);
		}
	}
}
END_TEST

/* Random bytes, most of them plausible UTF-8 pieces: valid exactly when ICU says so, and the
 * same code points as ICU up to the first invalid sequence. */
START_TEST(random_bytes_agree_with_icu)
{
	static const unsigned char pieces[] = {'a', 'Z', ' ', 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
	                                       0xC2, 0xC3, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5,
	                                       0xF8, 0xFE, 0xFF};
	srand(8);
	size_t valid = 0;
	for (int round = 0; round < 60000; round++) {
		unsigned char s[12];
		size_t len = (size_t)(rand() % 12);
		for (size_t k = 0; k < len; k++)
			s[k] = pieces[(size_t)rand() % sizeof(pieces)];
		const char *str = (const char *)s;
		UChar u[16];
		int32_t ulen = 0;
		UErrorCode err = U_ZERO_ERROR;
		u_strFromUTF8(u, 16, &ulen, str, (int32_t)len, &err);
		bool icu_ok = U_SUCCESS(err);
		size_t bad = 0;
		ck_assert_int_eq(tolk_utf8_validate(&bad, str, len) == 0, icu_ok);
		valid += icu_ok;
		/* decode with ours and with U8_NEXT side by side until either fails */
		size_t i = 0;
		int32_t j = 0;
		while (i < len) {
			UChar32 ref;
			int32_t jj = j;
			U8_NEXT(s, jj, (int32_t)len, ref);
			size_t at = i;
			int32_t cp = tolk_utf8_next(str, len, &i);
			if (ref < 0) {
				ck_assert_int_eq(cp, -1);
				ck_assert_uint_eq(i, at);
				ck_assert(!icu_ok);
				break;
			}
			ck_assert_int_eq(cp, ref);
			ck_assert_uint_eq(i, (size_t)jj);
			j = jj;
			if (i > at) {
				size_t start;
				ck_assert_int_eq(tolk_utf8_before(str, len, i, &start), ref);
				ck_assert_uint_eq(start, at);
			}
		}
		if (icu_ok) { /* the code points are ICU's UTF-16 read back */
			i = 0;
			for (int32_t k = 0; k < ulen;) {
				UChar32 c;
				U16_NEXT(u, k, ulen, c);
				ck_assert_int_eq(tolk_utf8_next(str, len, &i), c);
			}
			ck_assert_uint_eq(i, len);
		}
	}
	ck_assert_uint_gt(valid, 3000); /* both kinds were tried */
}
END_TEST

START_TEST(scanner_steps_over_bad_bytes)
{
	const char *s = "a\xC3(\xE2\x82\xAC\xFF";
	size_t len = strlen(s), i = 0, next;
	int32_t want[] = {'a', -1, '(', 0x20AC, -1};
	for (size_t k = 0; k < 5; k++) {
		ck_assert_int_eq(tolk_utf8_at(s, len, i, &next), want[k]);
		ck_assert_uint_gt(next, i);
		i = next;
	}
	ck_assert_uint_eq(i, len);
}
END_TEST

/* Going backwards: at every position of random bytes, the code point before it is the one ICU's
 * U8_PREV reads (a negative value for a bad sequence), and both step back to the same byte. */
START_TEST(before_agrees_with_u8_prev)
{
	static const unsigned char pieces[] = {'a', ' ', 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xC3, 0xDF, 0xE0,
	                                       0xE1, 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
	srand(9);
	size_t good = 0, bad = 0;
	for (int round = 0; round < 40000; round++) {
		unsigned char s[10];
		size_t len = 1 + (size_t)(rand() % 10);
		for (size_t k = 0; k < len; k++)
			s[k] = pieces[(size_t)rand() % sizeof(pieces)];
		for (size_t p = 1; p <= len; p++) {
			int32_t i = (int32_t)p;
			UChar32 ref;
			U8_PREV(s, 0, i, ref);
			size_t start;
			int32_t cp = tolk_utf8_before((const char *)s, len, p, &start);
			if (ref < 0) {
				ck_assert_int_eq(cp, -1);
				bad++;
			} else {
				ck_assert_int_eq(cp, ref);
				good++;
			}
			ck_assert_uint_eq(start, (size_t)i);
		}
	}
	ck_assert_uint_gt(good, 10000);
	ck_assert_uint_gt(bad, 10000);
}
END_TEST

START_TEST(surrogates_only_when_asked)
{
	const char *s = "\xED\xA0\x80\xED\xBF\xBF";
	size_t i = 0;
	ck_assert_int_eq(tolk_utf8_next(s, 6, &i), -1);
	ck_assert_int_eq(tolk_utf8_decode(s, 6, &i, true), 0xD800);
	ck_assert_int_eq(tolk_utf8_decode(s, 6, &i, true), 0xDFFF);
	ck_assert_uint_eq(i, 6);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, every_code_point_round_trips);
	tcase_add_test(tc, random_bytes_agree_with_icu);
	tcase_add_test(tc, scanner_steps_over_bad_bytes);
	tcase_add_test(tc, before_agrees_with_u8_prev);
	tcase_add_test(tc, surrogates_only_when_asked);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
