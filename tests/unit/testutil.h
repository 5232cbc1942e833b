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

/* Path under ../shared, or NULL when that folder is absent (tests then skip). */
static inline const char *test_shared_path(const char *relative)
{
	static char buf[4096];
	const char *env = getenv("TOLK_SHARED");
	if (env && *env)
		snprintf(buf, sizeof(buf), "%s/%s", env, relative);
	else
		snprintf(buf, sizeof(buf), "%s/../shared/%s", TOLK_SOURCE_DIR, relative);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

/* A fresh temporary directory for a test; removed by the test itself if it cares. */
static inline char *test_tmpdir(void)
{
	static char buf[64];
	strcpy(buf, "/tmp/tolk-test-XXXXXX");
	return mkdtemp(buf);
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
