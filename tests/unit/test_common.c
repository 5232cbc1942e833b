/* Unit tests for the common layer: errors, UTF-8, file reading, atomic writes. */
#include "testutil.h"

#include <sys/stat.h>

#include "tolk/common.h"
#include "util.h"

START_TEST(error_last_records_position)
{
	tolk_error_clear();
	ck_assert_ptr_null(tolk_error_last());
	int rc = tolk_error_set_at(TOLK_EINVALID, "a.tmx", 3, 7, "bad %s", "thing");
	ck_assert_int_eq(rc, TOLK_EINVALID);
	const tolk_error *e = tolk_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->code, TOLK_EINVALID);
	ck_assert_str_eq(e->message, "bad thing");
	ck_assert_str_eq(e->file, "a.tmx");
	ck_assert_uint_eq(e->line, 3);
	ck_assert_uint_eq(e->column, 7);
	tolk_error_set(TOLK_ERROR, "plain");
	ck_assert_ptr_null(tolk_error_last()->file);
	tolk_error_clear();
}
END_TEST

START_TEST(utf8_validate_finds_first_bad_byte)
{
	size_t bad = 99;
	ck_assert_int_eq(tolk_utf8_validate(&bad, "financi\xC3\xABle", 10), 0);
	ck_assert_int_eq(tolk_utf8_validate(&bad, "ab\xC3(", 4), TOLK_EINVALID);
	ck_assert_uint_eq(bad, 2);
	/* overlong '/', a surrogate, past U+10FFFF, truncated at the end */
	ck_assert_int_eq(tolk_utf8_validate(&bad, "x\xC0\xAF", 3), TOLK_EINVALID);
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(tolk_utf8_validate(&bad, "\xED\xA0\x80", 3), TOLK_EINVALID);
	ck_assert_int_eq(tolk_utf8_validate(&bad, "\xF4\x90\x80\x80", 4), TOLK_EINVALID);
	ck_assert_int_eq(tolk_utf8_validate(&bad, "ok\xE2\x80", 4), TOLK_EINVALID);
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(tolk_utf8_validate(&bad, "\xF0\x9F\x98\x80", 4), 0);
}
END_TEST

START_TEST(utf8_roundtrip)
{
	int32_t cps[] = {0x41, 0xEB, 0x2013, 0x1F600};
	for (size_t k = 0; k < 4; k++) {
		char buf[4];
		size_t n = tolk_utf8_encode(buf, cps[k]);
		size_t i = 0;
		ck_assert_int_eq(tolk_utf8_next(buf, n, &i), cps[k]);
		ck_assert_uint_eq(i, n);
	}
}
END_TEST

START_TEST(text_position_counts_characters)
{
	const char *t = "één\ntwee dr\xC3\xAB";
	unsigned long line, col;
	tolk_text_position(&line, &col, t, strlen(t), 0);
	ck_assert_uint_eq(line, 1);
	ck_assert_uint_eq(col, 1);
	tolk_text_position(&line, &col, t, strlen(t), 4); /* "n" after two 2-byte é */
	ck_assert_uint_eq(col, 3);
	tolk_text_position(&line, &col, t, strlen(t), strlen("één\ntwee d"));
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 7);
	/* lines ending in a lone CR (a file without LF), in CR LF, and a stray CR in an LF file */
	const char *mac = "een\rtwee\rdrie";
	tolk_text_position(&line, &col, mac, strlen(mac), strlen("een\rtwee\rd"));
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(col, 2);
	const char *dos = "een\r\ntwee\r\ndrie";
	tolk_text_position(&line, &col, dos, strlen(dos), strlen("een\r\ntwee\r\nd"));
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(col, 2);
	const char *stray = "een\rtwee\ndrie";
	tolk_text_position(&line, &col, stray, strlen(stray), strlen("een\rtwee\nd"));
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 2);
}
END_TEST

START_TEST(read_file_reports_invalid_utf8_position)
{
	const char *path = test_work_write("bad.txt", "regel een\nregel \xFF twee\n", 22);
	char *text = NULL;
	int rc = tolk_text_read_file(&text, NULL, path);
	ck_assert_int_eq(rc, TOLK_EINVALID);
	ck_assert_ptr_null(text);
	const tolk_error *e = tolk_error_last();
	ck_assert_str_eq(e->file, path);
	ck_assert_uint_eq(e->line, 2);
	ck_assert_uint_eq(e->column, 7);
	ck_assert_ptr_nonnull(strstr(e->message, "byte offset 16"));
}
END_TEST

START_TEST(read_file_drops_bom_and_rejects_nul)
{
	const char *path = test_work_write("bom.txt", "\xEF\xBB\xBFhallo", 8);
	char *text = NULL;
	size_t len = 0;
	ck_assert_int_eq(tolk_text_read_file(&text, &len, path), 0);
	ck_assert_str_eq(text, "hallo");
	ck_assert_uint_eq(len, 5);
	free(text);
	/* Offsets in errors count the byte-order mark: they are positions in the file on disk. */
	path = test_work_write("bomfout.txt", "\xEF\xBB\xBF" "Abc \xFF def.\n", 14);
	ck_assert_int_eq(tolk_text_read_file(&text, &len, path), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "byte offset 7"));
	path = test_work_write("utf16.txt", "h\0a\0", 4);
	ck_assert_int_eq(tolk_text_read_file(&text, &len, path), TOLK_EINVALID);
	ck_assert_int_eq(tolk_text_read_file(&text, &len, "/nonexistent/x.txt"), TOLK_ENOTFOUND);
	ck_assert_str_eq(tolk_error_last()->file, "/nonexistent/x.txt");
}
END_TEST

START_TEST(atomic_write_replaces_or_leaves_untouched)
{
	const char *path = test_work_path("out.txt");
	ck_assert_int_eq(tolk_file_write_atomic(path, "eerste", 6), 0);
	tolk_atomic_file af;
	ck_assert_int_eq(tolk_atomic_open(&af, path), 0);
	fputs("half geschreven", af.fp);
	tolk_atomic_abort(&af);
	char *text;
	ck_assert_int_eq(tolk_text_read_file(&text, NULL, path), 0);
	ck_assert_str_eq(text, "eerste");
	free(text);
	ck_assert_int_eq(tolk_file_write_atomic(path, "tweede", 6), 0);
	ck_assert_int_eq(tolk_text_read_file(&text, NULL, path), 0);
	ck_assert_str_eq(text, "tweede");
	free(text);
	/* A directory that does not exist: error with the path, nothing created. */
	ck_assert_int_eq(tolk_file_write_atomic("/nonexistent/dir/x", "a", 1), TOLK_EIO);
}
END_TEST

START_TEST(buf_grows_and_formats)
{
	tolk_buf b = TOLK_BUF_INIT;
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(tolk_buf_printf(&b, "%d,", i), 0);
	ck_assert_uint_eq(b.len, strlen(b.ptr));
	ck_assert(strncmp(b.ptr, "0,1,2,", 6) == 0);
	tolk_buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("common");
	TCase *tc = test_work_tcase("core", 0);
	tcase_add_test(tc, error_last_records_position);
	tcase_add_test(tc, utf8_validate_finds_first_bad_byte);
	tcase_add_test(tc, utf8_roundtrip);
	tcase_add_test(tc, text_position_counts_characters);
	tcase_add_test(tc, read_file_reports_invalid_utf8_position);
	tcase_add_test(tc, read_file_drops_bom_and_rejects_nul);
	tcase_add_test(tc, atomic_write_replaces_or_leaves_untouched);
	tcase_add_test(tc, buf_grows_and_formats);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
