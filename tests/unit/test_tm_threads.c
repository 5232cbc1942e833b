/*
 * tolk_tm_threads_init in a process of its own: SQLite's memory statistics
 * are off after it (each allocation no longer takes their lock), and a second
 * call, once SQLite is in use, changes nothing and says so.
 */
#include "testutil.h"
#include "tolk/tm.h"

#include <sqlite3.h>

START_TEST(statistics_off_before_sqlite_is_used)
{
	ck_assert_int_eq(tolk_tm_threads_init(), 0);
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("memory.db"), TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_match_list *list = NULL;
	ck_assert_int_eq(tolk_tm_lookup(&list, tm, "De NAVO-ministers spraken over lastenverdeling.", NULL), 0);
	tolk_tm_match_list_free(list);
	ck_assert_int_eq(sqlite3_memory_used(), 0); /* nothing counted */
	ck_assert_int_eq(tolk_tm_threads_init(), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "in use already"));
	tolk_tm_free(tm);
}
END_TEST

START_TEST(statistics_stay_on_without_it)
{
	const char *fork = getenv("CK_FORK");
	if (fork && strcmp(fork, "no") == 0)
		return; /* the test before turned them off in this same process */
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("memory.db"), TOLK_TM_OPEN_CREATE), 0);
	ck_assert_int_gt(sqlite3_memory_used(), 0);
	ck_assert_int_eq(tolk_tm_threads_init(), TOLK_EINVALID);
	ck_assert_int_gt(sqlite3_memory_used(), 0);
	tolk_tm_free(tm);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tm_threads");
	TCase *tc = test_work_tcase("threads_init", 0);
	/* each test in a process of its own: SQLite's configuration is the process's */
	tcase_add_test(tc, statistics_off_before_sqlite_is_used);
	tcase_add_test(tc, statistics_stay_on_without_it);
	suite_add_tcase(s, tc);
	return test_run_suite_in_work(s);
}
