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

/* Exit status ctest counts as a skip (SKIP_RETURN_CODE in tests/CMakeLists.txt). */
#define TEST_SKIP_STATUS 77

/*
 * A test that cannot run here (its data, a dictionary or a tool is missing):
 * say why and return. Check has no skip state and runs each test in a child
 * process, so the reason goes to a file test_run_suite reads afterwards; the
 * program then exits TEST_SKIP_STATUS when nothing failed, so ctest shows a
 * skip, not a pass. Use as `test_skip("../shared absent"); return;`.
 */
static inline void test_skip(const char *why)
{
	printf("skip: %s\n", why);
	const char *path = getenv("TOLK_TEST_SKIPS");
	FILE *f = path ? fopen(path, "a") : NULL;
	if (f) {
		fprintf(f, "%s\n", why);
		fclose(f);
	}
}

/* Run a suite and turn the result into an exit status: failure, skip (77) or success. */
static inline int test_run_suite(Suite *s)
{
	char skips[] = "/tmp/tolk-test-skips-XXXXXX";
	int fd = mkstemp(skips);
	if (fd >= 0) {
		close(fd);
		setenv("TOLK_TEST_SKIPS", skips, 1);
	}
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr), run = srunner_ntests_run(sr);
	srunner_free(sr);
	int nskipped = 0;
	FILE *f = fd >= 0 ? fopen(skips, "r") : NULL;
	if (f) {
		char line[512];
		while (fgets(line, sizeof(line), f)) {
			printf("SKIPPED: %s", line);
			nskipped++;
		}
		fclose(f);
	}
	if (fd >= 0)
		unlink(skips);
	if (failed)
		return EXIT_FAILURE;
	if (nskipped) {
		printf("%d of %d tests skipped (the others passed)\n", nskipped, run);
		return TEST_SKIP_STATUS;
	}
	return EXIT_SUCCESS;
}

#endif
