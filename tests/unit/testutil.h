/* Helpers shared by the Check unit tests. */
#define _GNU_SOURCE
#ifndef TOLK_TESTUTIL_H
#define TOLK_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tolk_config.h"

/* Path of a file in the source tree (static buffer, one at a time). */
static inline const char *test_src_path(const char *relative)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", TOLK_SOURCE_DIR, relative);
	return buf;
}

/* Where ../shared is: $TOLK_SHARED, else beside the source tree (static buffer, one at a time). */
static inline const char *test_shared_location(const char *relative)
{
	static char buf[4096];
	const char *env = getenv("TOLK_SHARED");
	if (env && *env)
		snprintf(buf, sizeof(buf), "%s/%s", env, relative);
	else
		snprintf(buf, sizeof(buf), "%s/../shared/%s", TOLK_SOURCE_DIR, relative);
	return buf;
}

/* Path under ../shared, or NULL when that folder is absent. */
static inline const char *test_shared_path(const char *relative)
{
	const char *p = test_shared_location(relative);
	return access(p, R_OK) == 0 ? p : NULL;
}

/*
 * Data that exists in full only beside the project (../shared) but whose subset is copied into
 * tests/data (see tests/data/README.md): the full file when present, else the copy, so that a
 * bare clone still runs the check.
 */
static inline const char *test_shared_or_copy(const char *shared_relative, const char *copy_relative)
{
	const char *p = test_shared_path(shared_relative);
	return p ? p : test_src_path(copy_relative);
}

/* A fresh temporary directory for a test; removed by the test itself if it cares. */
static char test_tmpdir_buf[64];
static inline char *test_tmpdir(void)
{
	strcpy(test_tmpdir_buf, "/tmp/tolk-test-XXXXXX");
	return mkdtemp(test_tmpdir_buf);
}

/*
 * Checks that need data only ../shared has (files the project may not copy) go into a test
 * case made by test_shared_tcase. tests/CMakeLists.txt runs them as a ctest of their own,
 * unit_NAME_shared (CK_INCLUDE_TAGS=shared), reported as skipped (exit 77) with the missing
 * file named when the data is absent; the ordinary unit_NAME leaves them out. One such test
 * case per program (the list of files it needs is kept in one place).
 */
static const char *const *test_shared_needs_list;
static inline void test_shared_needs(void)
{
	for (const char *const *p = test_shared_needs_list; p && *p; p++) {
		if (test_shared_path(*p))
			continue;
		printf("skip: %s absent\n", test_shared_location(*p));
		fflush(stdout);
		if (test_tmpdir_buf[0])
			rmdir(test_tmpdir_buf); /* made by main before the run, still empty */
		exit(77);
	}
}
static inline TCase *test_shared_tcase(const char *name, const char *const *needs)
{
	TCase *tc = tcase_create(name);
	tcase_set_tags(tc, "shared");
	test_shared_needs_list = needs;
	tcase_add_unchecked_fixture(tc, test_shared_needs, NULL);
	return tc;
}

/* Run a suite and turn the result into an exit status. */
static inline int test_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
