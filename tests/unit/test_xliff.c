/* XLIFF writer and reader through the public API (tolk/xliff.h). */
#include "testutil.h"

#include <sys/stat.h>

#include "tolk/xliff.h"

static void write_text(const char *p, const char *text)
{
	FILE *f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *p)
{
	FILE *f = fopen(p, "rb");
	ck_assert_ptr_nonnull(f);
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

START_TEST(options_versions)
{
	tolk_xliff_write_options wo;
	tolk_xliff_read_options ro;
	tolk_xliff_pretranslate_options po;
	ck_assert_int_eq(tolk_xliff_write_options_init(&wo, TOLK_XLIFF_WRITE_OPTIONS_VERSION), 0);
	ck_assert_int_eq(wo.xliff, TOLK_XLIFF_1_2);
	ck_assert_int_eq(tolk_xliff_read_options_init(&ro, TOLK_XLIFF_READ_OPTIONS_VERSION), 0);
	ck_assert(!ro.all_states);
	ck_assert_int_eq(tolk_xliff_pretranslate_options_init(&po, TOLK_XLIFF_PRETRANSLATE_OPTIONS_VERSION), 0);
	ck_assert_int_eq(tolk_xliff_write_options_init(&wo, 99), TOLK_EINVALID);
	ck_assert_int_eq(tolk_xliff_read_options_init(&ro, 0), TOLK_EINVALID);
	tolk_xliff_reader *r = NULL;
	ro.version = 7;
	ck_assert_int_eq(tolk_xliff_reader_open(&r, test_work_path("none.xlf"), &ro), TOLK_EINVALID);
	ck_assert_ptr_null(r);
}
END_TEST

/* A refused segment writes nothing; paragraphs going down are refused; nothing at path before close. */
START_TEST(writer_refusals_and_atomicity)
{
	for (int v = 0; v < 2; v++) {
		const char *p = test_work_path(v ? "w2.xlf" : "w12.xlf");
		tolk_xliff_write_options wo = TOLK_XLIFF_WRITE_OPTIONS_INIT;
		wo.xliff = v ? TOLK_XLIFF_2_1 : TOLK_XLIFF_1_2;
		tolk_xliff_writer *w = NULL;
		ck_assert_int_eq(tolk_xliff_writer_open(&w, p, "nl_NL", "en", &wo), TOLK_EINVALID);
		ck_assert_int_eq(tolk_xliff_writer_open(&w, p, "nl-NL", "en-GB", &wo), 0);
		struct stat st;
		ck_assert_int_ne(stat(p, &st), 0);
		tolk_xliff_match m = {80, "Een zin", "A sentence", NULL};
		tolk_xliff_unit a = {1, "Een zin.", "A sentence.", TOLK_XLIFF_STATE_TRANSLATED, 100, &m, 1};
		tolk_xliff_unit bad = {2, "Kapot \xC3(", NULL, TOLK_XLIFF_STATE_NEW, 0, NULL, 0};
		tolk_xliff_unit b = {2, "Nog <een> & zin.", "Another sentence.", TOLK_XLIFF_STATE_FUZZY, 90, NULL, 0};
		tolk_xliff_unit back = {1, "Terug.", NULL, TOLK_XLIFF_STATE_NEW, 0, NULL, 0};
		ck_assert_int_eq(tolk_xliff_writer_add(w, &a), 0);
		ck_assert_int_eq(tolk_xliff_writer_add(w, &bad), TOLK_EINVALID);
		ck_assert_int_eq(tolk_xliff_writer_add(w, &b), 0);
		ck_assert_int_eq(tolk_xliff_writer_add(w, &back), TOLK_EINVALID);
		ck_assert_int_eq(tolk_xliff_writer_close(w), 0);
		tolk_xliff_writer_free(w);
		const char *text = slurp(p);
		ck_assert_ptr_null(strstr(text, "Kapot"));
		ck_assert_ptr_nonnull(strstr(text, "Nog &lt;een&gt; &amp; zin."));
		ck_assert_ptr_nonnull(strstr(text, v ? "matchQuality=\"80.0\"" : "match-quality=\"80\""));
		/* two paragraphs: two groups or units, the second opened after the first closed */
		const char *second = strstr(text, v ? "<unit id=\"u2\">" : "<group id=\"p2\"");
		ck_assert_ptr_nonnull(second);
		ck_assert_ptr_nonnull(strstr(text, v ? "</unit>" : "</group>"));
		ck_assert(strstr(text, v ? "</unit>" : "</group>") < second);

		/* everything read back with --all-states; only the 100 % unit without it */
		tolk_xliff_read_options ro = TOLK_XLIFF_READ_OPTIONS_INIT;
		tolk_xliff_reader *r = NULL;
		ck_assert_int_eq(tolk_xliff_reader_open(&r, p, &ro), 0);
		ck_assert_int_eq(tolk_xliff_reader_version(r), v ? 21 : 12);
		const tolk_tmx_unit *u;
		ck_assert_int_eq(tolk_xliff_reader_next(&u, r), 0);
		ck_assert_str_eq(u->tuvs[0].text, "Een zin.");
		ck_assert_str_eq(u->tuvs[1].text, "A sentence.");
		ck_assert_str_eq(u->tuvs[0].lang, "nl-NL");
		ck_assert_str_eq(u->tuvs[1].lang, "en-GB");
		ck_assert_int_eq(tolk_xliff_reader_next(&u, r), TOLK_ITEROVER);
		uint64_t unconfirmed, untranslated;
		tolk_xliff_reader_skipped(&unconfirmed, &untranslated, r);
		ck_assert_uint_eq(unconfirmed, 1);
		ck_assert_uint_eq(untranslated, 0);
		tolk_xliff_reader_free(r);
		ro.all_states = true;
		ck_assert_int_eq(tolk_xliff_reader_open(&r, p, &ro), 0);
		ck_assert_int_eq(tolk_xliff_reader_next(&u, r), 0);
		ck_assert_int_eq(tolk_xliff_reader_next(&u, r), 0);
		ck_assert_str_eq(u->tuvs[0].text, "Nog <een> & zin.");
		ck_assert_ptr_null(u->tuvs[0].seg_xml);
		ck_assert_int_eq(tolk_xliff_reader_next(&u, r), TOLK_ITEROVER);
		tolk_xliff_reader_free(r);
		ck_assert_int_eq(tolk_xliff_detect(p), 1);
	}
	/* freed without close: the temporary file goes, nothing appears */
	tolk_xliff_writer *w = NULL;
	ck_assert_int_eq(tolk_xliff_writer_open(&w, test_work_path("never.xlf"), "nl", "en", NULL), 0);
	tolk_xliff_writer_free(w);
	struct stat st;
	ck_assert_int_ne(stat(test_work_path("never.xlf"), &st), 0);
}
END_TEST

/* Inline codes: pairs across a g, an end without its begin, whitespace collapsed. */
START_TEST(reader_inline_codes)
{
	const char *p = test_work_path("codes.xlf");
	write_text(p, "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
	              "<file original=\"x\" source-language=\"nl\" target-language=\"en\" datatype=\"plaintext\"><body>\n"
	              "<trans-unit id=\"1\"><source>  a <bx id=\"1\" rid=\"r\"/><g id=\"2\">b\n  <ex id=\"3\" rid=\"r\"/></g>"
	              "<ex id=\"4\" rid=\"q\"/> c  </source>\n"
	              "<target state=\"final\">A<x id=\"5\"/></target></trans-unit></body></file></xliff>\n");
	tolk_xliff_reader *r = NULL;
	ck_assert_int_eq(tolk_xliff_reader_open(&r, p, NULL), 0);
	const tolk_tmx_unit *u;
	ck_assert_int_eq(tolk_xliff_reader_next(&u, r), 0);
	ck_assert_str_eq(u->tuvs[0].text, "a b c");
	ck_assert_str_eq(u->tuvs[0].seg_xml, "a <bpt i=\"1\"></bpt><bpt i=\"2\"></bpt>b <ept i=\"1\"></ept><ept i=\"2\"></ept>"
	                                     "<it pos=\"end\"></it> c");
	ck_assert_str_eq(u->tuvs[1].text, "A");
	ck_assert_str_eq(u->tuvs[1].seg_xml, "A<ph></ph>");
	tolk_xliff_reader_free(r);
	/* not XLIFF: a TMX */
	write_text(p, "<?xml version=\"1.0\"?>\n<!-- <xliff> -->\n<tmx version=\"1.4\"/>\n");
	ck_assert_int_eq(tolk_xliff_detect(p), 0);
	ck_assert_int_eq(tolk_xliff_reader_open(&r, p, NULL), TOLK_EINVALID);
	const tolk_error *e = tolk_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->line, 3);
	ck_assert_uint_eq(e->column, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xliff");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, options_versions);
	tcase_add_test(tc, writer_refusals_and_atomicity);
	tcase_add_test(tc, reader_inline_codes);
	suite_add_tcase(s, tc);
	return test_run_suite_in_work(s);
}
