/* Helpers shared by the Check unit tests. */
#define _GNU_SOURCE
#ifndef TOLK_TESTUTIL_H
#define TOLK_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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
 * The work folder of a test program, for the files its tests write: either a
 * checked fixture (test_work_setup, test_work_teardown: a fresh folder for
 * every test) or made once in main (test_work_make before the run,
 * test_work_remove after it). test_work_path names a file in it.
 */
static char test_work[64]; /* "" until made */

/* Make the work folder: 0, or -1 (errno set) when it cannot be made. */
static inline int test_work_make(void)
{
	strcpy(test_work, "/tmp/tolk-test-XXXXXX");
	if (mkdtemp(test_work))
		return 0;
	test_work[0] = '\0';
	return -1;
}

/* Remove the work folder and everything in it (nothing when none was made). */
static inline void test_work_remove(void)
{
	if (!test_work[0])
		return;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_work);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", test_work);
	test_work[0] = '\0';
}

/* A file in the work folder (four such paths may be in use at a time). */
static inline const char *test_work_path(const char *name)
{
	static char path[4][256];
	static int turn;
	turn = (turn + 1) % 4;
	snprintf(path[turn], sizeof(path[turn]), "%s/%s", test_work, name);
	return path[turn];
}

/* A file of len bytes written into the work folder; its path (as test_work_path gives it). */
static inline const char *test_work_write(const char *name, const char *data, size_t len)
{
	const char *path = test_work_path(name);
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static inline void test_work_setup(void)
{
	ck_assert_msg(test_work_make() == 0, "cannot make a temporary folder in /tmp");
}

static inline void test_work_teardown(void)
{
	test_work_remove();
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
		if (test_work[0])
			rmdir(test_work); /* made by main before the run, still empty */
		/* this exit leaves test_run_suite half-way (the fixture runs in its process): its skip list too */
		const char *skips = getenv("TOLK_TEST_SKIPS");
		if (skips)
			unlink(skips);
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

/* A test case whose every test gets a fresh work folder (test_work_path); timeout in seconds, 0 for Check's default. */
static inline TCase *test_work_tcase(const char *name, double timeout)
{
	TCase *tc = tcase_create(name);
	tcase_add_checked_fixture(tc, test_work_setup, test_work_teardown);
	if (timeout > 0)
		tcase_set_timeout(tc, timeout);
	return tc;
}

/* test_run_suite with one work folder for the whole run, made before the suite forks, removed after it. */
static inline int test_run_suite_in_work(Suite *s)
{
	if (test_work_make() != 0) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	int status = test_run_suite(s);
	test_work_remove();
	return status;
}

/* Run tests/pg/cluster VERB ['DIR']; the first line of its output into out (may be NULL). Its exit status. */
static inline int test_pg_cluster(const char *verb, const char *dir, char *out, size_t size)
{
	char cmd[8704];
	snprintf(cmd, sizeof(cmd), "'%s' %s%s%s%s", test_src_path("tests/pg/cluster"), verb, dir ? " '" : "",
	         dir ? dir : "", dir ? "'" : "");
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	if (out && (!fgets(out, (int)size, p)))
		out[0] = '\0';
	if (out)
		out[strcspn(out, "\n")] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * A PostgreSQL database for a test program, in main before the run:
 * $TOLK_TEST_PG_URI, else a throw-away cluster of its own made with
 * tests/pg/cluster in a temporary folder (test_pg_stop, after the run, stops
 * and removes it). 0 with uri filled; TEST_SKIP_STATUS, said on stdout, where
 * PostgreSQL's server is not installed, but 1 for that under CI=true (CI
 * installs it), as for a cluster that does not start.
 */
static char test_pg_home[64]; /* the cluster's folder's parent, "" when none was made */
static inline int test_pg_start(char *uri, size_t size)
{
	const char *env = getenv("TOLK_TEST_PG_URI");
	if (env && *env) {
		snprintf(uri, size, "%s", env);
		return 0;
	}
	if (test_pg_cluster("available", NULL, NULL, 0) != 0) {
		if (getenv("CI") && strcmp(getenv("CI"), "true") == 0) {
			fprintf(stderr, "FAIL: PostgreSQL 15 server not installed in CI (.ci/install-deps installs it)\n");
			return 1;
		}
		printf("skip: PostgreSQL 15 server not installed (apt-get install postgresql-15)\n");
		return TEST_SKIP_STATUS;
	}
	strcpy(test_pg_home, "/tmp/tolk-test-XXXXXX");
	if (!mkdtemp(test_pg_home)) {
		test_pg_home[0] = '\0';
		return 1;
	}
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/pg", test_pg_home);
	if (test_pg_cluster("start", dir, uri, size) != 0 || !uri[0]) {
		fprintf(stderr, "FAIL: could not start a PostgreSQL cluster in %s\n", dir);
		return 1;
	}
	return 0;
}

/* The psql of the cluster test_pg_start made (the one on $PATH may be missing or of another version); "psql" otherwise. */
static inline void test_pg_psql(char *out, size_t size)
{
	snprintf(out, size, "psql");
	if (!test_pg_home[0])
		return;
	char path[128], bindir[4096] = "";
	snprintf(path, sizeof(path), "%s/pg/bindir", test_pg_home);
	FILE *f = fopen(path, "r");
	if (f && fgets(bindir, sizeof(bindir), f)) {
		bindir[strcspn(bindir, "\n")] = '\0';
		snprintf(out, size, "%s/psql", bindir);
	}
	if (f)
		fclose(f);
}

static inline void test_pg_stop(void)
{
	if (!test_pg_home[0])
		return;
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/pg", test_pg_home);
	test_pg_cluster("stop", dir, NULL, 0);
	rmdir(test_pg_home);
	test_pg_home[0] = '\0';
}

#endif
