/*
 * A store poked at with SQLite alone, as another program would (tests of the
 * SQLite store that damage or inspect it behind libtolk's back).
 */
#ifndef TOLK_TEST_SQLITE_H
#define TOLK_TEST_SQLITE_H

#include <check.h>
#include <sqlite3.h>
#include <stdint.h>

/* Run statement (one or several) on the store at path. */
static inline void test_sql(const char *path, const char *statement)
{
	sqlite3 *db = NULL;
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, statement, NULL, NULL, NULL) == SQLITE_OK, "%s: %s", statement, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The first column of query's first row, -1 when it has none. */
static inline int64_t test_sql_int(const char *path, const char *query)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, query, -1, &st, NULL) == SQLITE_OK, "%s: %s", query, sqlite3_errmsg(db));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

#endif
