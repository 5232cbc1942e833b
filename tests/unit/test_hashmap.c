/* The hash map (hashmap.h) against a brute-force reference: a plain list searched from the
 * start, with hashes drawn from a small range so that most probes meet equal hashes. */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

#include "hash.h"
#include "hashmap.h"
#include "util.h"

typedef struct entry {
	uint32_t key;
	uint64_t hash;
} entry;

static uint32_t find(const tolk_hashmap *m, const entry *e, uint32_t key, uint64_t h)
{
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t id; (id = tolk_hashmap_probe(m, h, &pos)) != TOLK_HASHMAP_NONE;)
		if (e[id].key == key)
			return id;
	return TOLK_HASHMAP_NONE;
}

static uint32_t find_reference(const entry *e, size_t n, uint32_t key)
{
	for (size_t k = 0; k < n; k++)
		if (e[k].key == key)
			return (uint32_t)k;
	return TOLK_HASHMAP_NONE;
}

START_TEST(agrees_with_a_list)
{
	enum { N = 2000 };
	entry *e = malloc(N * sizeof(*e));
	srand(17);
	for (int range = 1; range <= 1 << 20; range *= 32) {
		tolk_hashmap m = TOLK_HASHMAP_INIT;
		size_t n = 0;
		for (int op = 0; op < 3 * N && n < N; op++) {
			uint32_t key = (uint32_t)(rand() % (2 * N));
			/* hash 0 included: it must work like any other */
			uint64_t h = (uint64_t)(key * 2654435761u % (uint32_t)range);
			uint32_t got = find(&m, e, key, h), want = find_reference(e, n, key);
			ck_assert_uint_eq(got, want);
			if (want == TOLK_HASHMAP_NONE) {
				e[n] = (entry){key, h};
				ck_assert_int_eq(tolk_hashmap_put(&m, h, (uint32_t)n), 0);
				n++;
			}
			ck_assert_uint_eq(m.count, n);
			ck_assert_uint_ge(m.cap, 2 * m.count); /* at most half full */
		}
		for (size_t k = 0; k < n; k++)
			ck_assert_uint_eq(find(&m, e, e[k].key, e[k].hash), k);
		tolk_hashmap_clear(&m);
		ck_assert_uint_eq(find(&m, e, e[0].key, e[0].hash), TOLK_HASHMAP_NONE);
		tolk_hashmap_free(&m);
	}
	free(e);
}
END_TEST

START_TEST(reserve_and_empty_map)
{
	tolk_hashmap m = TOLK_HASHMAP_INIT;
	size_t pos = TOLK_HASHMAP_START;
	ck_assert_uint_eq(tolk_hashmap_probe(&m, 5, &pos), TOLK_HASHMAP_NONE);
	ck_assert_int_eq(tolk_hashmap_reserve(&m, 1000), 0);
	size_t cap = m.cap;
	ck_assert_uint_ge(cap, 2000);
	for (uint32_t k = 0; k < 1000; k++)
		ck_assert_int_eq(tolk_hashmap_put(&m, tolk_hash64(&k, sizeof(k)), k), 0);
	ck_assert_uint_eq(m.cap, cap); /* no growth within the reservation */
	ck_assert_int_eq(tolk_hashmap_reserve(&m, SIZE_MAX / 2), TOLK_ENOMEM);
	tolk_hashmap_free(&m);
}
END_TEST

/* The hash: FNV-1a's published test vectors. */
START_TEST(fnv1a_vectors)
{
	ck_assert_uint_eq(tolk_hash64("", 0), 0xcbf29ce484222325ULL);
	ck_assert_uint_eq(tolk_hash64("a", 1), 0xaf63dc4c8601ec8cULL);
	ck_assert_uint_eq(tolk_hash64("foobar", 6), 0x85944171f73967e8ULL);
	ck_assert_uint_eq(tolk_hash32("", 0), 0x811c9dc5u);
	ck_assert_uint_eq(tolk_hash32("a", 1), 0xe40c292cu);
	ck_assert_uint_eq(tolk_hash32("foobar", 6), 0xbf9cf968u);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hashmap");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, agrees_with_a_list);
	tcase_add_test(tc, reserve_and_empty_map);
	tcase_add_test(tc, fnv1a_vectors);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
