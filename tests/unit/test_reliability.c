/*
 * Unit tests for the reliability fixes of issue 13: the atomic write (folder
 * synced, umask untouched, mode kept, dead writers' temporary files swept),
 * store creation that is all or nothing (and stores half made by an older
 * tolk), duplicates that differ in inline codes, the exported header's
 * srclang, and the CSV glossary reader's limits and positions.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "tolk/termbase.h"
#include "tolk/tm.h"
#include "tolk/tmx.h"
#include "util.h"

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static char *slurp(const char *path, size_t *len)
{
	char *data = NULL;
	ck_assert_int_eq(tolk_file_read_raw(&data, len, path), 0);
	return data;
}

/* Files in the work folder whose name starts with prefix. */
static int count_named(const char *prefix)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "ls -a '%s' | grep -c '^%s' || true", test_work, prefix);
	FILE *p = popen(cmd, "r");
	int n = 0;
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

/*
 * The library's calls to umask() and fsync() land here (a definition in the
 * program wins over libc's): the atomic write must never call umask, and must
 * sync a folder after its rename.
 */
static int umask_calls, dir_syncs;

mode_t umask(mode_t mask)
{
	umask_calls++;
	return (mode_t)syscall(SYS_umask, mask);
}

int fsync(int fd)
{
	struct stat sb;
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode))
		dir_syncs++;
	return (int)syscall(SYS_fsync, fd);
}

/* ---- the atomic write ------------------------------------------------------------------------ */
START_TEST(atomic_write_syncs_the_folder_and_leaves_the_umask_alone)
{
	const char *p = test_work_path("doc.txt");
	mode_t old = (mode_t)syscall(SYS_umask, 027);
	umask_calls = dir_syncs = 0;
	ck_assert_int_eq(tolk_file_write_atomic(p, "one\n", 4), 0);
	ck_assert_int_eq(umask_calls, 0);
	ck_assert_int_ge(dir_syncs, 1);
	struct stat sb;
	ck_assert_int_eq(stat(p, &sb), 0);
	/* a new file: 0666 less the umask, as open() gives */
	ck_assert_uint_eq(sb.st_mode & 0777, 0640);
	/* a replaced file keeps its own mode */
	ck_assert_int_eq(chmod(p, 0600), 0);
	ck_assert_int_eq(tolk_file_write_atomic(p, "two\n", 4), 0);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(umask_calls, 0);
	ck_assert_int_eq((int)syscall(SYS_umask, old), 027);
}
END_TEST

START_TEST(temporary_files_of_dead_writers_are_swept)
{
	const char *p = test_work_path("swept.tbx");
	/* one left by a writer that was killed: nobody holds its lock */
	char dead[300], live[300], other[300];
	snprintf(dead, sizeof(dead), "%s.tmp.a1b2c3", p);
	snprintf(live, sizeof(live), "%s.tmp.d4e5f6", p);
	snprintf(other, sizeof(other), "%s.tmp.notours", p);
	ck_assert_int_eq(tolk_file_write_atomic(dead, "x", 1), 0);
	ck_assert_int_eq(tolk_file_write_atomic(other, "x", 1), 0);
	/* and one of a writer still at work: its flock is held (here, by this test) */
	ck_assert_int_eq(tolk_file_write_atomic(live, "x", 1), 0);
	int fd = open(live, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	ck_assert_int_eq(tolk_file_write_atomic(p, "<martif/>\n", 10), 0);
	ck_assert_msg(!exists(dead), "a dead writer's temporary file was left");
	ck_assert_msg(exists(live), "a live writer's temporary file was removed");
	ck_assert_msg(exists(other), "a file not named like a temporary file was removed");
	close(fd);
}
END_TEST

/* ---- store creation ------------------------------------------------------------------------- */
static const char *letter_sample(void)
{
	return test_src_path("tests/data/tm/letter-sample.tmx");
}

static uint64_t units_in(const char *p)
{
	tolk_tm *tm = NULL;
	tolk_tm_summary *s = NULL;
	ck_assert_msg(tolk_tm_open(&tm, p, TOLK_TM_OPEN_READONLY) == 0, "%s: %s", p, tolk_error_last()->message);
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	uint64_t n = s->units;
	tolk_tm_summary_free(s);
	tolk_tm_free(tm);
	return n;
}

START_TEST(a_new_store_appears_whole_or_not_at_all)
{
	const char *p = test_work_path("new.db");
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, p, TOLK_TM_OPEN_CREATE), 0);
	/* nothing beside it but what SQLite keeps while it is open */
	ck_assert_int_eq(count_named("new.db.tmp"), 0);
	tolk_tm_free(tm);
	/* its header carries the application id in the file itself, not only in the -wal file */
	size_t len;
	char *data = slurp(p, &len);
	ck_assert_uint_ge(len, 100);
	ck_assert_int_eq(memcmp(data + 68, "tolk", 4), 0);
	free(data);
	ck_assert_uint_eq(units_in(p), 0);

	/* a -wal file without its database would be replayed into a new store: refused */
	const char *q = test_work_path("gone.db");
	char wal[300];
	snprintf(wal, sizeof(wal), "%s-wal", q);
	ck_assert_int_eq(tolk_file_write_atomic(wal, "stale", 5), 0);
	ck_assert_int_eq(tolk_tm_open(&tm, q, TOLK_TM_OPEN_CREATE), TOLK_EINVALID);
	ck_assert(strstr(tolk_error_last()->message, "left over") != NULL);
	ck_assert(!exists(q));
}
END_TEST

/*
 * What tolk 0.1 left when its first import was killed: the store made in
 * place (16 KiB pages, WAL), everything written to the -wal file and nothing
 * checkpointed yet. A child process copies a complete store in that way and
 * dies without closing, as kill -9 would leave it.
 */
static void make_unfinished(const char *p, const char *from)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		sqlite3 *db = NULL, *src = NULL;
		int ok = sqlite3_open(p, &db) == SQLITE_OK &&
		         sqlite3_exec(db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0",
		                      NULL, NULL, NULL) == SQLITE_OK;
		if (ok && from) {
			ok = sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK;
			sqlite3_backup *b = ok ? sqlite3_backup_init(db, "main", src, "main") : NULL;
			ok = b && sqlite3_backup_step(b, -1) == SQLITE_DONE;
			ok = sqlite3_backup_finish(b) == SQLITE_OK && ok;
		}
		_exit(ok ? 0 : 1);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	struct stat sb;
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_eq(sb.st_size, 16384); /* only the header page is in the file itself */
}

START_TEST(a_store_half_made_by_an_older_tolk_is_recognised)
{
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("whole.db"), TOLK_TM_OPEN_CREATE), 0);
	ck_assert_int_eq(tolk_tm_import(NULL, tm, letter_sample(), NULL), 0);
	tolk_tm_free(tm);
	uint64_t whole = units_in(test_work_path("whole.db"));
	ck_assert_uint_gt(whole, 0);

	/* complete, but only in its -wal file: it opens, with every unit */
	const char *p = test_work_path("walonly.db");
	make_unfinished(p, test_work_path("whole.db"));
	ck_assert_uint_eq(units_in(p), whole);
	ck_assert_int_eq(tolk_tm_open(&tm, p, 0), 0);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	tolk_tm_free(tm);

	/* killed before anything was committed: readers are told what to do, import makes it anew */
	const char *q = test_work_path("nothing.db");
	make_unfinished(q, NULL);
	ck_assert_int_eq(tolk_tm_open(&tm, q, TOLK_TM_OPEN_READONLY), TOLK_EINVALID);
	ck_assert(strstr(tolk_error_last()->message, "tolk tm import") != NULL);
	ck_assert_int_eq(tolk_tm_open(&tm, q, TOLK_TM_OPEN_CREATE), 0);
	ck_assert_int_eq(tolk_tm_import(NULL, tm, letter_sample(), NULL), 0);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	tolk_tm_free(tm);
	ck_assert_uint_eq(units_in(q), whole);

	/* an empty file holds nothing either */
	const char *e = test_work_path("empty.db");
	ck_assert_int_eq(tolk_file_write_atomic(e, "", 0), 0);
	ck_assert_int_eq(tolk_tm_open(&tm, e, TOLK_TM_OPEN_READONLY), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_open(&tm, e, TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_free(tm);
	ck_assert_uint_eq(units_in(e), 0);
}
END_TEST

/* ---- duplicates and inline codes ------------------------------------------------------------- */
static const char codes_tmx[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" "
	"creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en-US\" srclang=\"en-US\" "
	"datatype=\"plaintext\"/><body>\n"
	/* bold on "big" */
	"<tu><tuv xml:lang=\"en-US\"><seg>The <bpt i=\"1\">&lt;b&gt;</bpt>big<ept i=\"1\">&lt;/b&gt;</ept> dog</seg></tuv>"
	"<tuv xml:lang=\"fr-CA\"><seg>Le <bpt i=\"1\">&lt;b&gt;</bpt>gros<ept i=\"1\">&lt;/b&gt;</ept> chien</seg></tuv></tu>\n"
	/* underline on "dog": the same text, other codes */
	"<tu><tuv xml:lang=\"en-US\"><seg>The big <bpt i=\"1\">&lt;u&gt;</bpt>dog<ept i=\"1\">&lt;/u&gt;</ept></seg></tuv>"
	"<tuv xml:lang=\"fr-CA\"><seg>Le gros <bpt i=\"1\">&lt;u&gt;</bpt>chien<ept i=\"1\">&lt;/u&gt;</ept></seg></tuv></tu>\n"
	/* a true duplicate of the second */
	"<tu><tuv xml:lang=\"en-US\"><seg>The big <bpt i=\"1\">&lt;u&gt;</bpt>dog<ept i=\"1\">&lt;/u&gt;</ept></seg></tuv>"
	"<tuv xml:lang=\"fr-CA\"><seg>Le gros <bpt i=\"1\">&lt;u&gt;</bpt>chien<ept i=\"1\">&lt;/u&gt;</ept></seg></tuv></tu>\n"
	/* and the text without codes */
	"<tu><tuv xml:lang=\"en-US\"><seg>The big dog</seg></tuv><tuv xml:lang=\"fr-CA\"><seg>Le gros chien</seg></tuv></tu>\n"
	"</body></tmx>\n";

START_TEST(duplicates_are_the_same_text_and_the_same_codes)
{
	const char *tmx = test_work_path("codes.tmx"), *db = test_work_path("codes.db"), *out = test_work_path("codes-out.tmx");
	ck_assert_int_eq(tolk_file_write_atomic(tmx, codes_tmx, strlen(codes_tmx)), 0);
	tolk_tm *tm = NULL;
	tolk_tm_import_stats st = {0};
	ck_assert_int_eq(tolk_tm_open(&tm, db, TOLK_TM_OPEN_CREATE), 0);
	ck_assert_int_eq(tolk_tm_import(&st, tm, tmx, NULL), 0);
	ck_assert_uint_eq(st.units_added, 3);
	ck_assert_uint_eq(st.units_merged, 1);
	/* again: every unit finds its own twin, none is added */
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(tolk_tm_import(&st, tm, tmx, NULL), 0);
	ck_assert_uint_eq(st.units_added, 0);
	ck_assert_uint_eq(st.units_merged, 4);
	ck_assert_int_eq(tolk_tm_export(tm, out, NULL), 0);
	tolk_tm_free(tm);
	size_t len;
	char *x = slurp(out, &len);
	ck_assert(strstr(x, "The <bpt i=\"1\">&lt;b&gt;</bpt>big<ept i=\"1\">&lt;/b&gt;</ept> dog") != NULL);
	ck_assert(strstr(x, "The big <bpt i=\"1\">&lt;u&gt;</bpt>dog<ept i=\"1\">&lt;/u&gt;</ept>") != NULL);
	ck_assert(strstr(x, "<seg>The big dog</seg>") != NULL);
	/* units read back: three */
	tolk_tmx_reader *r = NULL;
	const tolk_tmx_unit *u;
	int n = 0;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, out), 0);
	while (tolk_tmx_reader_next(&u, r) == 0)
		n++;
	tolk_tmx_reader_free(r);
	ck_assert_int_eq(n, 3);
	free(x);
}
END_TEST

/* ---- the exported header's srclang ------------------------------------------------------------ */
static char *exported_srclang(tolk_tm *tm, const char *out)
{
	ck_assert_int_eq(tolk_tm_export(tm, out, NULL), 0);
	tolk_tmx_reader *r = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, out), 0);
	char *s = strdup(tolk_tmx_reader_header(r)->srclang);
	tolk_tmx_reader_free(r);
	return s;
}

START_TEST(export_names_the_units_source_language)
{
	const char *tmx = test_work_path("enfr.tmx"), *db = test_work_path("enfr.db"), *out = test_work_path("enfr-out.tmx");
	ck_assert_int_eq(tolk_file_write_atomic(tmx, codes_tmx, strlen(codes_tmx)), 0);
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, db, TOLK_TM_OPEN_CREATE), 0);
	ck_assert_int_eq(tolk_tm_import(NULL, tm, tmx, NULL), 0);
	char *s = exported_srclang(tm, out);
	ck_assert_str_eq(s, "en-US");
	free(s);
	/* a caller who names one gets it */
	ck_assert_int_eq(tolk_tm_set_langs(tm, "fr-CA", "en-US"), 0);
	s = exported_srclang(tm, out);
	ck_assert_str_eq(s, "fr-CA");
	free(s);
	tolk_tm_free(tm);
	/* Dutch units join: the sources are mixed */
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	ck_assert_int_eq(tolk_tm_import(NULL, tm, letter_sample(), NULL), 0);
	s = exported_srclang(tm, out);
	ck_assert_str_eq(s, "*all*");
	free(s);
	tolk_tm_free(tm);
}
END_TEST

/* ---- CSV glossaries ------------------------------------------------------------------------------ */
static int import_csv(const char *name, const char *text)
{
	const char *p = test_work_path(name);
	ck_assert_int_eq(tolk_file_write_atomic(p, text, strlen(text)), 0);
	tolk_termbase *tb = NULL;
	ck_assert_int_eq(tolk_termbase_new(&tb), 0);
	int rc = tolk_termbase_import(NULL, tb, p, TOLK_TB_FORMAT_CSV);
	tolk_termbase_free(tb);
	return rc;
}

START_TEST(csv_rows_keep_every_field_and_quote_errors_are_positioned)
{
	/* 40 fields in a row of a two-column file: an error with the real count, not a silent cut */
	char wide[512] = "lang,term\nnl,huis";
	for (int k = 0; k < 38; k++)
		strcat(wide, ",x");
	strcat(wide, "\n");
	ck_assert_int_eq(import_csv("wide.csv", wide), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->message, "row has 40 fields, the header 2");
	ck_assert_uint_eq(tolk_error_last()->line, 2);

	/* a bad quote in the header row: not "empty CSV file" */
	ck_assert_int_eq(import_csv("badhead.csv", "lang,term,\"status\nnl,huis,preferred\n"), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->message, "malformed CSV quoting");
	ck_assert_uint_eq(tolk_error_last()->line, 1);
	ck_assert_uint_eq(tolk_error_last()->column, 11);
	ck_assert_int_eq(import_csv("badhead2.csv", "lang,\"term\"x\nnl,huis\n"), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->message, "malformed CSV quoting");
	ck_assert_uint_eq(tolk_error_last()->column, 12);

	/* in a row, after a multi-line quoted field: line and column of the character */
	ck_assert_int_eq(import_csv("badrow.csv", "lang,term,term_note\nnl,\"huis\",\"twee\nregels\"\nnl,\"één\"!,x\n"),
	                 TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->message, "malformed CSV quoting");
	ck_assert_uint_eq(tolk_error_last()->line, 4);
	ck_assert_uint_eq(tolk_error_last()->column, 9);

	/* a column named twice would lose one of them */
	ck_assert_int_eq(import_csv("twice.csv", "lang,term,term\nnl,a,b\n"), TOLK_EINVALID);
	ck_assert(strstr(tolk_error_last()->message, "twice") != NULL);

	/* the empty file is still that */
	ck_assert_int_eq(import_csv("empty.csv", ""), TOLK_EINVALID);
	ck_assert(strstr(tolk_error_last()->message, "empty CSV file") != NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reliability");
	TCase *tc = test_work_tcase("core", 120);
	tcase_add_test(tc, atomic_write_syncs_the_folder_and_leaves_the_umask_alone);
	tcase_add_test(tc, temporary_files_of_dead_writers_are_swept);
	tcase_add_test(tc, a_new_store_appears_whole_or_not_at_all);
	tcase_add_test(tc, a_store_half_made_by_an_older_tolk_is_recognised);
	tcase_add_test(tc, duplicates_are_the_same_text_and_the_same_codes);
	tcase_add_test(tc, export_names_the_units_source_language);
	tcase_add_test(tc, csv_rows_keep_every_field_and_quote_errors_are_positioned);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
