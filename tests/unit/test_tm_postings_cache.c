/*
 * The posting lists a store handle keeps between lookups (tm_postings_cache.c):
 * given back exactly as they were read, ids kept in 32 bits, a list with an id
 * that does not fit read again each time, and all dropped when the store
 * has new variants.
 */
#include "testutil.h"

#include "tm_postings_cache.h"

#include <stdint.h>
#include <stdlib.h>

static tm_ids list_of(const int64_t *ids, size_t n)
{
	tm_ids p = {0};
	p.ids = malloc((n ? n : 1) * sizeof(*p.ids));
	ck_assert_ptr_nonnull(p.ids);
	memcpy(p.ids, ids, n * sizeof(*ids));
	p.n = p.cap = n;
	return p;
}

START_TEST(lists_come_back_as_read)
{
	tolk_tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.newest = 100;
	static const int64_t small[] = {1, 7, 65536, 4294967295};
	static const int64_t large[] = {3, 4294967296};
	static const int64_t negative[] = {-1, 5};
	tm_ids a = list_of(small, 4), b = list_of(large, 2), c = list_of(negative, 2), none = {0}, got = {0};
	tm_postings_cache_put(&tm, "navo", &a);
	tm_postings_cache_put(&tm, "lastenverdeling", &b);
	tm_postings_cache_put(&tm, "weerbaarheid", &c);
	tm_postings_cache_put(&tm, "nergens", &none);

	ck_assert(tm_postings_cache_get(&tm, "navo", &got));
	ck_assert_uint_eq(got.n, 4);
	for (size_t k = 0; k < 4; k++)
		ck_assert_int_eq(got.ids[k], small[k]);
	/* ids that 32 bits cannot hold: not kept, so read from the store again */
	ck_assert(!tm_postings_cache_get(&tm, "lastenverdeling", &got));
	ck_assert(!tm_postings_cache_get(&tm, "weerbaarheid", &got));
	/* an empty list is an answer too */
	ck_assert(tm_postings_cache_get(&tm, "nergens", &got));
	ck_assert_uint_eq(got.n, 0);
	ck_assert(!tm_postings_cache_get(&tm, "navo-top", &got));

	/* the same newest variant keeps them; a new one drops them all */
	tm_postings_cache_newest(&tm, 100);
	ck_assert(tm_postings_cache_get(&tm, "navo", &got));
	tm_postings_cache_newest(&tm, 101);
	ck_assert(!tm_postings_cache_get(&tm, "navo", &got));
	ck_assert(!tm_postings_cache_get(&tm, "nergens", &got));

	tm_postings_cache_free(&tm);
	free(a.ids);
	free(b.ids);
	free(c.ids);
	free(got.ids);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tm_postings_cache");
	TCase *tc = tcase_create("cache");
	tcase_add_test(tc, lists_come_back_as_read);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
