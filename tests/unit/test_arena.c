/* The arena (arena.h): every allocation aligned, none overlapping another (each is filled with
 * its own pattern and all are checked afterwards, under ASan in CI), take keeps all alive. */
#include "testutil.h"

#include <stdalign.h>
#include <stdint.h>

#include "arena.h"

typedef struct piece {
	unsigned char *p;
	size_t n;
	unsigned char fill;
} piece;

static void fill_and_record(piece *pc, void *p, size_t n, unsigned char fill)
{
	ck_assert_ptr_nonnull(p);
	memset(p, fill, n);
	pc->p = p;
	pc->n = n;
	pc->fill = fill;
}

static void check(const piece *pcs, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		size_t i = 0;
		while (i < pcs[k].n && pcs[k].p[i] == pcs[k].fill)
			i++;
		ck_assert_msg(i == pcs[k].n, "piece %zu overwritten at %zu", k, i);
	}
}

START_TEST(allocations_are_aligned_and_disjoint)
{
	enum { N = 10000 };
	piece *pcs = calloc(N, sizeof(*pcs));
	tolk_arena a = TOLK_ARENA_INIT, b = TOLK_ARENA_INIT;
	srand(4);
	for (size_t k = 0; k < N; k++) {
		tolk_arena *which = k % 3 ? &a : &b;
		unsigned char fill = (unsigned char)(1 + k % 255); /* never NUL */
		/* mostly small, a few larger than a block */
		size_t n = rand() % 500 == 0 ? (size_t)(rand() % (3 << 20)) : (size_t)(rand() % 200);
		if (k % 2) {
			void *p = tolk_arena_alloc(which, n);
			ck_assert_uint_eq((uintptr_t)p % alignof(max_align_t), 0);
			fill_and_record(&pcs[k], p, n, fill);
		} else {
			char src[200];
			memset(src, fill, sizeof(src));
			size_t m = n % 200;
			char *s = tolk_arena_strndup(which, src, m);
			ck_assert_uint_eq(strlen(s), m); /* terminated */
			fill_and_record(&pcs[k], s, m + 1, fill);
		}
	}
	check(pcs, N);
	tolk_arena_take(&a, &b);
	ck_assert_ptr_null(b.head);
	ck_assert_ptr_nonnull(tolk_arena_alloc(&a, 10));
	check(pcs, N);
	ck_assert_ptr_null(tolk_arena_strdup(&a, NULL));
	ck_assert_str_eq(tolk_arena_strdup(&a, "dijk"), "dijk");
	tolk_arena_free(&a);
	tolk_arena_free(&b);
	ck_assert_ptr_null(a.head);
	ck_assert_ptr_nonnull(tolk_arena_alloc(&a, 0)); /* usable again */
	tolk_arena_free(&a);
	free(pcs);
}
END_TEST

/* Text in place (the segmenter's use): reserved room is one block, so unaligned byte runs follow
 * one another exactly; reset keeps the newest block and hands out its start again. */
START_TEST(bytes_reserve_and_reset)
{
	enum { ROOM = 3 * 1024 * 1024 + 7 };
	tolk_arena a = TOLK_ARENA_INIT;
	ck_assert_int_eq(tolk_arena_reserve(&a, ROOM), 0);
	static piece pcs[4096];
	size_t count = 0, total = 0;
	unsigned char *start = NULL, *next = NULL;
	for (size_t n = 1; total + n <= ROOM && count < 4096; n = n * 7 % 1999 + 1) {
		unsigned char *p = tolk_arena_alloc_bytes(&a, n);
		if (!start)
			start = p;
		else
			ck_assert_ptr_eq(p, next);
		fill_and_record(&pcs[count], p, n, (unsigned char)(count * 31 + 1));
		count++;
		next = p + n;
		total += n;
	}
	ck_assert_uint_gt(count, 100);
	check(pcs, count);
	ck_assert_int_eq(tolk_arena_reserve(&a, 1), 0); /* room left: nothing changes */
	ck_assert_ptr_eq(tolk_arena_alloc_bytes(&a, 1), next);
	unsigned char *newest = tolk_arena_alloc_bytes(&a, ROOM); /* does not fit: a new block */
	ck_assert_ptr_nonnull(newest);
	memset(newest, 0x5a, ROOM);
	tolk_arena_reset(&a);
	ck_assert_ptr_eq(tolk_arena_alloc_bytes(&a, 10), newest);
	tolk_arena_reset(&a);
	tolk_arena_free(&a);
	tolk_arena_reset(&a); /* empty: nothing to keep */
	ck_assert_ptr_null(a.head);
}
END_TEST

START_TEST(absurd_sizes_fail_cleanly)
{
	tolk_arena a = TOLK_ARENA_INIT;
	ck_assert_ptr_null(tolk_arena_alloc(&a, SIZE_MAX));
	ck_assert_ptr_null(tolk_arena_alloc(&a, SIZE_MAX - 8));
	ck_assert_ptr_null(tolk_arena_strndup(&a, "", SIZE_MAX));
	ck_assert_ptr_null(tolk_arena_alloc_bytes(&a, SIZE_MAX));
	ck_assert_int_lt(tolk_arena_reserve(&a, SIZE_MAX), 0);
	tolk_arena_free(&a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, allocations_are_aligned_and_disjoint);
	tcase_add_test(tc, bytes_reserve_and_reset);
	tcase_add_test(tc, absurd_sizes_fail_cleanly);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
