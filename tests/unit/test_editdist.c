/* tolk_edit_distance against the recursive definition of the optimal string alignment
 * distance, evaluated naively (no table, no limit), over all short strings of a small alphabet. */
#include "testutil.h"

#include <limits.h>

#include "editdist.h"
#include "tolk/common.h"

static unsigned min2(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

static unsigned osa(const int32_t *a, size_t i, const int32_t *b, size_t j)
{
	if (i == 0)
		return (unsigned)j;
	if (j == 0)
		return (unsigned)i;
	unsigned v = min2(osa(a, i - 1, b, j) + 1, osa(a, i, b, j - 1) + 1);
	v = min2(v, osa(a, i - 1, b, j - 1) + (a[i - 1] != b[j - 1]));
	if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
		v = min2(v, osa(a, i - 2, b, j - 2) + 1);
	return v;
}

/* The n-th string over {0,1,2} of length len. */
static void nth(int32_t *s, size_t len, unsigned n)
{
	for (size_t k = 0; k < len; k++, n /= 3)
		s[k] = (int32_t)(n % 3);
}

START_TEST(all_short_strings_match_the_definition)
{
	int32_t a[4], b[4];
	for (size_t la = 0; la <= 4; la++)
		for (size_t lb = 0; lb <= 4; lb++) {
			unsigned ca = 1, cb = 1;
			for (size_t k = 0; k < la; k++)
				ca *= 3;
			for (size_t k = 0; k < lb; k++)
				cb *= 3;
			for (unsigned x = 0; x < ca; x++)
				for (unsigned y = 0; y < cb; y++) {
					nth(a, la, x);
					nth(b, lb, y);
					unsigned want = osa(a, la, b, lb);
					for (unsigned limit = 0; limit <= 5; limit++) {
						unsigned got = tolk_edit_distance(a, la, b, lb, limit);
						ck_assert_uint_eq(got, want <= limit ? want : limit + 1);
					}
				}
		}
}
END_TEST

static unsigned dist(const char *x, const char *y, unsigned limit)
{
	int32_t a[TOLK_EDIT_MAX + 1], b[TOLK_EDIT_MAX + 1];
	size_t la = strlen(x), lb = strlen(y);
	for (size_t k = 0; k < la; k++)
		a[k] = x[k];
	for (size_t k = 0; k < lb; k++)
		b[k] = y[k];
	return tolk_edit_distance(a, la, b, lb, limit);
}

START_TEST(known_values_and_limits)
{
	ck_assert_uint_eq(dist("kitten", "sitting", 10), 3);
	ck_assert_uint_eq(dist("CA", "ABC", 10), 3); /* OSA, not unrestricted Damerau (2) */
	ck_assert_uint_eq(dist("ministers", "minsiters", 10), 1);
	ck_assert_uint_eq(dist("a", "abcd", 2), 3);
	char longer[TOLK_EDIT_MAX + 2];
	memset(longer, 'a', TOLK_EDIT_MAX + 1);
	longer[TOLK_EDIT_MAX + 1] = '\0';
	ck_assert_uint_eq(dist(longer, longer, 1), 2);
	longer[TOLK_EDIT_MAX] = '\0';
	ck_assert_uint_eq(dist(longer, longer, 1), 0);
}
END_TEST

/* The public form: UTF-8 in, code points counted (é is one edit from e, not two), and the
 * extremes a library caller may pass. */
START_TEST(public_text_distance)
{
	unsigned d;
	ck_assert_int_eq(tolk_text_distance(&d, "kitten", 6, "sitting", 7, 10), 0);
	ck_assert_uint_eq(d, 3);
	ck_assert_int_eq(tolk_text_distance(&d, "\xC3\xA9\xC3\xA9n", 5, "een", 3, 10), 0);
	ck_assert_uint_eq(d, 2); /* één vs een: two substitutions of one code point each */
	ck_assert_int_eq(tolk_text_distance(&d, "weerbaarheid", 12, "weerbaarhied", 12, 3), 0);
	ck_assert_uint_eq(d, 1);
	ck_assert_int_eq(tolk_text_distance(&d, "", 0, "", 0, 0), 0);
	ck_assert_uint_eq(d, 0);
	ck_assert_int_eq(tolk_text_distance(&d, NULL, 0, "abc", 3, UINT_MAX), 0);
	ck_assert_uint_eq(d, 3); /* a huge limit does not wrap to "equal" */
	ck_assert_int_eq(tolk_text_distance(&d, "abc", 3, "xyz", 3, 1), 0);
	ck_assert_uint_eq(d, 2);
	ck_assert_int_eq(tolk_text_distance(&d, "a\xC3", 2, "a", 1, 3), TOLK_EINVALID);
	ck_assert_int_eq(tolk_text_distance(NULL, "a", 1, "a", 1, 3), TOLK_EINVALID);
	ck_assert_int_eq(tolk_text_distance(&d, NULL, 5, "a", 1, 3), TOLK_EINVALID);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("editdist");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, all_short_strings_match_the_definition);
	tcase_add_test(tc, known_values_and_limits);
	tcase_add_test(tc, public_text_distance);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
