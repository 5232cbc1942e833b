/* Unit tests for the TMX writer: round trips, escaping, forbidden characters, reproducibility,
 * validation against tmx14.dtd and tmx14.xsd, and translate-toolkit reading our output. */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "tolk/tmx.h"
#include "util.h"

static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len = 0;
	ck_assert_int_eq(tolk_file_read_raw(&data, &len, path), 0);
	return data;
}

static tolk_tmx_header letter_header(void)
{
	tolk_tmx_header h = {0};
	h.srclang = "nl-NL";
	h.creationdate = 1604620800; /* 2020-11-06 */
	return h;
}

/* A writer of the letter's header on path. */
static tolk_tmx_writer *letter_writer(const char *path)
{
	tolk_tmx_header h = letter_header();
	tolk_tmx_writer *w = NULL;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &h), 0);
	return w;
}

/* Write one two-sided unit per pair (nl, en). */
static void write_pairs(const char *path, const tolk_tmx_header *h, const char *const pairs[][2], size_t n)
{
	tolk_tmx_writer *w = NULL;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, h), 0);
	for (size_t k = 0; k < n; k++) {
		char tuid[32], score[32];
		snprintf(tuid, sizeof(tuid), "%zu", k + 1);
		snprintf(score, sizeof(score), "%.3f", 0.9);
		tolk_tmx_prop props[] = {{"x-bead", "1-1"}, {"x-score", score}};
		char *notes[] = {"aligned by tolk"};
		tolk_tmx_tuv tuvs[2] = {{0}};
		tuvs[0].lang = "nl-NL";
		tuvs[0].text = (char *)pairs[k][0];
		tuvs[1].lang = "en-GB";
		tuvs[1].text = (char *)pairs[k][1];
		tolk_tmx_unit u = {0};
		u.tuid = tuid;
		u.props = props;
		u.nprops = 2;
		u.notes = notes;
		u.nnotes = 1;
		u.tuvs = tuvs;
		u.ntuvs = 2;
		ck_assert_msg(tolk_tmx_writer_add(w, &u) == 0, "%s", tolk_error_last()->message);
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
}

static const char *const letter_pairs[][2] = {
	{"Lastenverdeling", "Burden sharing"},
	{"De Ministers spraken over alle drie de aspecten van lastenverdeling (cash, capabilities en contributions).",
	 "Ministers discussed all three aspects of burden sharing (cash, capabilities and contributions)."},
	{"Zij herhaalden: «in together, adjust together and out together» & <meer>.",
	 "They reiterated: \"in together, adjust together and out together\" & <more>."},
};

START_TEST(round_trip_keeps_everything)
{
	const char *path = test_work_path("rt.tmx");
	tolk_tmx_header h = letter_header();
	write_pairs(path, &h, letter_pairs, 3);

	tolk_tmx_reader *r = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
	const tolk_tmx_header *rh = tolk_tmx_reader_header(r);
	ck_assert_str_eq(rh->creationtool, "tolk");
	ck_assert_str_eq(rh->creationtoolversion, tolk_version_string());
	ck_assert_str_eq(rh->srclang, "nl-NL");
	ck_assert_str_eq(rh->segtype, "sentence");
	ck_assert_str_eq(rh->datatype, "plaintext");
	ck_assert_int_eq(rh->creationdate, 1604620800);
	const tolk_tmx_unit *u;
	size_t n = 0;
	int rc;
	while ((rc = tolk_tmx_reader_next(&u, r)) == 0) {
		ck_assert_uint_lt(n, 3);
		char tuid[32];
		snprintf(tuid, sizeof(tuid), "%zu", n + 1);
		ck_assert_str_eq(u->tuid, tuid);
		ck_assert_int_eq(u->creationdate, 1604620800); /* the header's date is the default */
		ck_assert_uint_eq(u->nprops, 2);
		ck_assert_str_eq(u->props[0].type, "x-bead");
		ck_assert_str_eq(u->props[0].value, "1-1");
		ck_assert_str_eq(u->props[1].value, "0.900");
		ck_assert_uint_eq(u->nnotes, 1);
		ck_assert_str_eq(u->notes[0], "aligned by tolk");
		ck_assert_uint_eq(u->ntuvs, 2);
		ck_assert_str_eq(u->tuvs[0].lang, "nl-NL");
		ck_assert_str_eq(u->tuvs[0].text, letter_pairs[n][0]);
		ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en")->text, letter_pairs[n][1]);
		ck_assert_uint_gt(u->line, 0);
		n++;
	}
	ck_assert_int_eq(rc, TOLK_ITEROVER);
	ck_assert_uint_eq(n, 3);
	tolk_tmx_reader_free(r);
}
END_TEST

START_TEST(escaping_is_exact)
{
	const char *path = test_work_path("esc.tmx");
	tolk_tmx_header h = letter_header();
	write_pairs(path, &h, letter_pairs + 2, 1);
	char *xml = slurp(path);
	ck_assert_ptr_nonnull(strstr(xml, "<seg>Zij herhaalden: «in together, adjust together and out together» "
	                                  "&amp; &lt;meer&gt;.</seg>"));
	ck_assert_ptr_nonnull(strstr(xml, "<seg>They reiterated: \"in together"));
	ck_assert_ptr_nonnull(strstr(xml, "<tuv xml:lang=\"en-GB\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<prop type=\"x-bead\">1-1</prop>"));
	ck_assert_ptr_nonnull(strstr(xml, "creationdate=\"20201106T000000Z\""));
	ck_assert_ptr_null(strstr(xml, "<!DOCTYPE")); /* nothing for a reader to fetch */
	free(xml);

	/* Attribute values: quotes, tabs, newlines and CR survive a round trip. */
	tolk_tmx_writer *w;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &h), 0);
	tolk_tmx_tuv tuv = {0};
	tuv.lang = "nl";
	tuv.text = "regel 1\r\nregel\t2";
	tolk_tmx_prop prop = {"x-\"quoted\"", "a\tb\nc"};
	tolk_tmx_unit u = {0};
	u.tuid = "a&b<\"c\">";
	u.props = &prop;
	u.nprops = 1;
	u.tuvs = &tuv;
	u.ntuvs = 1;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	tolk_tmx_reader *r;
	const tolk_tmx_unit *got;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
	ck_assert_int_eq(tolk_tmx_reader_next(&got, r), 0);
	ck_assert_str_eq(got->tuid, "a&b<\"c\">");
	ck_assert_str_eq(got->props[0].type, "x-\"quoted\"");
	ck_assert_str_eq(got->props[0].value, "a\tb\nc");
	ck_assert_str_eq(got->tuvs[0].text, "regel 1\r\nregel\t2");
	ck_assert_int_eq(tolk_tmx_reader_next(&got, r), TOLK_ITEROVER);
	tolk_tmx_reader_free(r);
}
END_TEST

START_TEST(forbidden_characters_are_dropped_and_counted)
{
	const char *path = test_work_path("ctl.tmx");
	tolk_tmx_writer *w = letter_writer(path);
	/* NUL cannot be in a C string; \x01, \x1B, \x7F-free C0s, U+FFFE, U+FFFF and an encoded surrogate */
	tolk_tmx_tuv tuv[2] = {{0}};
	tuv[0].lang = "nl-NL";
	tuv[0].text = "a\x01" "b\x1B" "c\xEF\xBF\xBE" "d\xEF\xBF\xBF" "e\xED\xA0\x80" "f\x0B\x0C" "g\xC2\x85h";
	tuv[1].lang = "en-GB";
	tuv[1].text = "ok\t\n";
	char *note = "note\x02";
	tolk_tmx_unit u = {0};
	u.tuid = "t\x03";
	u.notes = &note;
	u.nnotes = 1;
	u.tuvs = tuv;
	u.ntuvs = 2;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
	ck_assert_uint_eq(tolk_tmx_writer_dropped(w), 9);
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);

	tolk_tmx_reader *r;
	const tolk_tmx_unit *got;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
	ck_assert_int_eq(tolk_tmx_reader_next(&got, r), 0);
	ck_assert_str_eq(got->tuvs[0].text, "abcdefg\xC2\x85h"); /* C1 controls are legal XML 1.0 */
	ck_assert_str_eq(got->tuvs[1].text, "ok\t\n");
	ck_assert_str_eq(got->tuid, "t");
	ck_assert_str_eq(got->notes[0], "note");
	tolk_tmx_reader_free(r);
}
END_TEST

START_TEST(invalid_utf8_is_refused_and_the_unit_left_out)
{
	const char *path = test_work_path("bad.tmx");
	tolk_tmx_writer *w = letter_writer(path);
	tolk_tmx_tuv tuv = {0};
	tuv.lang = "nl";
	tuv.text = "financi\xC3";
	tolk_tmx_unit u = {0};
	u.tuid = "7";
	u.tuvs = &tuv;
	u.ntuvs = 1;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "unit 7"));
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "byte 7"));
	tuv.lang = "not a tag";
	tuv.text = "ok";
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), TOLK_EINVALID);
	u.ntuvs = 0;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), TOLK_EINVALID);
	tuv.lang = "nl";
	u.ntuvs = 1;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0); /* the writer is still usable */
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	char *xml = slurp(path);
	ck_assert_ptr_null(strstr(xml, "financi"));
	ck_assert_ptr_nonnull(strstr(xml, "<seg>ok</seg>"));
	free(xml);
}
END_TEST

/* xml:lang is an xs:language in tmx14.xsd: what fails it would make OmegaT reject the file. */
START_TEST(language_tags_follow_xs_language)
{
	static const char *const good[] = {"nl", "nl-NL", "en-GB", "sr-Latn-RS", "x-klingon", "de-CH-1996", NULL};
	static const char *const bad[] = {"en_US", "x1", "en-verylongsubtag", "en--GB", "en-", "-en", "",
	                                  "en GB", "abcdefghi", NULL};
	for (size_t k = 0; good[k]; k++)
		ck_assert_msg(tolk_lang_tag_check(good[k]) == 0, "%s refused", good[k]);
	for (size_t k = 0; bad[k]; k++) {
		ck_assert_msg(tolk_lang_tag_check(bad[k]) == TOLK_EINVALID, "%s accepted", bad[k]);
		ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "language tag"));
	}
	ck_assert_int_eq(tolk_lang_tag_check(NULL), TOLK_EINVALID);

	const char *path = test_work_path("langs.tmx");
	tolk_tmx_header h = letter_header();
	tolk_tmx_writer *w;
	h.srclang = "nl_NL";
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &h), TOLK_EINVALID);
	h.srclang = "*all*";
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &h), 0);
	tolk_tmx_tuv tuv = {0};
	tuv.text = "ok";
	tolk_tmx_unit u = {0};
	u.tuvs = &tuv;
	u.ntuvs = 1;
	for (size_t k = 0; bad[k]; k++) {
		tuv.lang = (char *)bad[k];
		ck_assert_int_eq(tolk_tmx_writer_add(w, &u), TOLK_EINVALID);
	}
	tuv.lang = "sr-Latn-RS";
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
}
END_TEST

START_TEST(seg_xml_kept_checked_and_flattened)
{
	const char *path = test_work_path("inline.tmx");
	tolk_tmx_writer *w = letter_writer(path);
	tolk_tmx_tuv tuv[2] = {{0}};
	tuv[0].lang = "nl-NL";
	tuv[0].seg_xml = "De <bpt i='1' x=\"1\">&lt;b&gt;</bpt>NAVO<ept i=\"1\">&lt;/b></ept> en <hi type=\"em\">de "
	                 "<ph x=\"2\">&lt;br/></ph>EU</hi><it pos=\"end\">&lt;/i&gt;</it>.\x01";
	tuv[0].text = "ignored when seg_xml is given";
	tuv[1].lang = "en-GB";
	tuv[1].seg_xml = "NATO <ut>{\\b}</ut>and the EU.";
	tolk_tmx_unit u = {0};
	u.tuvs = tuv;
	u.ntuvs = 2;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
	ck_assert_uint_eq(tolk_tmx_writer_dropped(w), 1);

	static const char *const refused[] = {
		"<b>bold</b>",                       /* not a TMX inline element */
		"<bpt>x</bpt>",                      /* bpt without i */
		"<it pos=\"middle\">x</it>",         /* pos is begin|end */
		"<bpt i=\"1\" foo=\"2\">x</bpt>",    /* undeclared attribute */
		"<ph>a<ph>b</ph></ph>",              /* codes hold only sub */
		"<sub>x</sub>",                      /* sub only inside a code */
		"unclosed <bpt i=\"1\">",            /* not well-formed */
		"&nbsp;",                            /* entities are not TMX */
		"a &#1; b",                          /* a forbidden character by reference */
	};
	for (size_t k = 0; k < sizeof(refused) / sizeof(refused[0]); k++) {
		tuv[1].seg_xml = (char *)refused[k];
		ck_assert_msg(tolk_tmx_writer_add(w, &u) == TOLK_EINVALID, "accepted: %s", refused[k]);
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);

	tolk_tmx_reader *r;
	const tolk_tmx_unit *got;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
	ck_assert_int_eq(tolk_tmx_reader_next(&got, r), 0);
	ck_assert_str_eq(got->tuvs[0].text, "De NAVO en de EU.");
	ck_assert_str_eq(got->tuvs[0].seg_xml,
	                 "De <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>NAVO<ept i=\"1\">&lt;/b&gt;</ept> en <hi type=\"em\">de "
	                 "<ph x=\"2\">&lt;br/&gt;</ph>EU</hi><it pos=\"end\">&lt;/i&gt;</it>.");
	ck_assert_str_eq(got->tuvs[1].text, "NATO and the EU.");
	ck_assert_str_eq(got->tuvs[1].seg_xml, "NATO <ut>{\\b}</ut>and the EU.");
	ck_assert_int_eq(tolk_tmx_reader_next(&got, r), TOLK_ITEROVER);
	tolk_tmx_reader_free(r);
}
END_TEST

START_TEST(source_date_epoch_makes_output_reproducible)
{
	char a[300], b[300];
	snprintf(a, sizeof(a), "%s", test_work_path("a.tmx"));
	snprintf(b, sizeof(b), "%s", test_work_path("b.tmx"));
	tolk_tmx_header h = letter_header();
	h.creationdate = 0;
	setenv("SOURCE_DATE_EPOCH", "1604620800", 1);
	write_pairs(a, &h, letter_pairs, 3);
	sleep(1);
	write_pairs(b, &h, letter_pairs, 3);
	char *xa = slurp(a), *xb = slurp(b);
	ck_assert_str_eq(xa, xb);
	ck_assert_ptr_nonnull(strstr(xa, "creationdate=\"20201106T000000Z\""));
	free(xa);
	free(xb);

	tolk_tmx_writer *w = NULL;
	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	ck_assert_int_eq(tolk_tmx_writer_open(&w, a, &h), TOLK_EINVALID);
	ck_assert_ptr_null(w);
	unsetenv("SOURCE_DATE_EPOCH");
	time_t before = time(NULL);
	write_pairs(b, &h, letter_pairs, 1);
	tolk_tmx_reader *r;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, b), 0);
	ck_assert_int_ge(tolk_tmx_reader_header(r)->creationdate, before);
	tolk_tmx_reader_free(r);
}
END_TEST

START_TEST(nothing_appears_until_close)
{
	char dir[300], path[320];
	snprintf(dir, sizeof(dir), "%s/late", test_work);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/late.tmx", dir);
	tolk_tmx_writer *w = letter_writer(path);
	ck_assert_int_ne(access(path, F_OK), 0);
	tolk_tmx_writer_free(w); /* abandoned: no file, no temporary left behind */
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(rmdir(dir), 0);

	tolk_tmx_header bad = letter_header();
	bad.segtype = "chapter";
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &bad), TOLK_EINVALID);
	bad = letter_header();
	bad.srclang = NULL;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &bad), TOLK_EINVALID);
	bad = letter_header();
	ck_assert_int_eq(tolk_tmx_writer_open(&w, "/nonexistent-dir/x.tmx", &bad), TOLK_EIO);
}
END_TEST

START_TEST(dash_streams_to_stdout)
{
	const char *path = test_work_path("stdout.tmx");
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	dup2(fileno(f), STDOUT_FILENO);
	fclose(f);
	write_pairs("-", &(tolk_tmx_header){.srclang = "nl-NL", .creationdate = 1604620800}, letter_pairs, 2);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	ck_assert_int_eq(access("-", F_OK), -1); /* no file called "-" */
	tolk_tmx_reader *r;
	const tolk_tmx_unit *u;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	ck_assert_str_eq(u->tuvs[1].text, "Burden sharing");
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), TOLK_ITEROVER);
	tolk_tmx_reader_free(r);
}
END_TEST

static int run(const char *cmd)
{
	int status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A file exercising everything the writer can put in: props, notes, dates, ids, inline codes. */
static void write_rich(const char *path)
{
	tolk_tmx_writer *w = letter_writer(path);
	tolk_tmx_prop prop = {"x-bead", "2-1"};
	char *note = "check & revise";
	tolk_tmx_tuv tuv[3] = {{0}};
	tuv[0].lang = "nl-NL";
	tuv[0].text = "Afschrikking en verdediging";
	tuv[0].creationdate = 1604620800;
	tuv[0].creationid = "tolk";
	tuv[0].props = &prop;
	tuv[0].nprops = 1;
	tuv[0].notes = &note;
	tuv[0].nnotes = 1;
	tuv[1].lang = "en-GB";
	tuv[1].seg_xml = "<bpt i=\"1\">&lt;b&gt;</bpt>Deterrence<ept i=\"1\">&lt;/b&gt;</ept> and "
	                 "<ph>&lt;x/&gt;<sub>s</sub></ph><hi>defence</hi>";
	tuv[1].changedate = 1604620801;
	tuv[1].changeid = "reviser";
	tuv[2].lang = "NL-BE";
	tuv[2].text = "Afschrikking \x01 en verdediging";
	tolk_tmx_unit u = {0};
	u.tuid = "1";
	u.creationid = "tolk";
	u.changedate = 1604620802;
	u.changeid = "me";
	u.props = &prop;
	u.nprops = 1;
	u.notes = &note;
	u.nnotes = 1;
	u.tuvs = tuv;
	u.ntuvs = 3;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
	u.tuid = NULL;
	u.ntuvs = 2;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
}

/* Both outputs pass `xmllint --OPTION SCHEMA`, and a file without xml:lang does not. */
static void check_valid(const char *option, const char *schema)
{
	char schema_path[4096], cmd[9000];
	snprintf(schema_path, sizeof(schema_path), "%s", schema);
	ck_assert_msg(run("command -v xmllint >/dev/null") == 0, "xmllint absent (apt-get install libxml2-utils)");
	const char *path = test_work_path("valid.tmx");
	snprintf(cmd, sizeof(cmd), "xmllint --noout --nonet --%s '%s' '%s'", option, schema_path, path);
	write_rich(path);
	ck_assert_int_eq(run(cmd), 0);
	write_pairs(path, &(tolk_tmx_header){.srclang = "nl-NL", .segtype = "paragraph"}, letter_pairs, 3);
	ck_assert_int_eq(run(cmd), 0);
	/* The check can fail: a file without xml:lang is rejected by the same command. */
	FILE *f = fopen(path, "w");
	fputs("<tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" "
	      "o-tmf=\"x\" adminlang=\"en\" srclang=\"nl\" datatype=\"plaintext\"/><body><tu><tuv><seg>x</seg>"
	      "</tuv></tu></body></tmx>\n", f);
	fclose(f);
	ck_assert_int_ne(run(cmd), 0);
}

START_TEST(output_is_valid_against_dtd)
{
	check_valid("dtdvalid", test_src_path("tests/data/schemas/tmx14.dtd")); /* LISA's DTD, copied */
}
END_TEST

START_TEST(output_is_valid_against_xsd)
{
	check_valid("schema", test_shared_path("schemas/tmx14.xsd")); /* OmegaT's schema, GPL: used in place */
}
END_TEST

START_TEST(translate_toolkit_reads_every_unit)
{
	if (run("/usr/bin/python3 -c 'from translate.storage import tmx' 2>/dev/null") != 0) {
		test_skip("translate-toolkit (python3-translate) absent");
		return;
	}
	const char *path = test_work_path("tt.tmx");
	write_pairs(path, &(tolk_tmx_header){.srclang = "nl-NL"}, letter_pairs, 3);
	char script[600], cmd[1200];
	snprintf(script, sizeof(script), "%s.py", path);
	FILE *f = fopen(script, "w");
	ck_assert_ptr_nonnull(f);
	fputs("import sys\n"
	      "from translate.storage import tmx\n"
	      "store = tmx.tmxfile(open(sys.argv[1], 'rb'), sourcelanguage='nl-NL', targetlanguage='en-GB')\n"
	      "units = [u for u in store.units]\n"
	      "for u in units:\n"
	      "    langs = [t.get('{http://www.w3.org/XML/1998/namespace}lang') for t in u.xmlelement.iter('tuv')]\n"
	      "    print(u.getid() if hasattr(u, 'getid') else '', langs[0], langs[1], u.source, '|', u.target, sep='\\t')\n",
	      f);
	fclose(f);
	char out[300];
	snprintf(out, sizeof(out), "%s.out", path);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s' > '%s'", script, path, out);
	ck_assert_int_eq(run(cmd), 0);
	char *got = slurp(out);
	size_t lines = 0;
	for (char *p = got; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, 3);
	for (size_t k = 0; k < 3; k++) {
		char want[1000];
		snprintf(want, sizeof(want), "\tnl-NL\ten-GB\t%s\t|\t%s\n", letter_pairs[k][0], letter_pairs[k][1]);
		ck_assert_msg(strstr(got, want), "missing: %s\ngot: %s", want, got);
	}
	free(got);
}
END_TEST

START_TEST(language_matching)
{
	ck_assert_int_eq(tolk_lang_match("nl-NL", "nl-NL"), 2);
	ck_assert_int_eq(tolk_lang_match("NL_nl", "nl-NL"), 2);
	ck_assert_int_eq(tolk_lang_match("nl", "nl"), 2);
	ck_assert_int_eq(tolk_lang_match("NL-BE", "nl"), 1);
	ck_assert_int_eq(tolk_lang_match("nl", "nl-NL"), 1);
	ck_assert_int_eq(tolk_lang_match("nl-BE", "nl-NL"), 1);
	ck_assert_int_eq(tolk_lang_match("nds", "nl"), 0);
	ck_assert_int_eq(tolk_lang_match("en-GB", "nl"), 0);
	ck_assert_int_eq(tolk_lang_match(NULL, "nl"), 0);
	tolk_tmx_tuv tuvs[3] = {{0}};
	tuvs[0].lang = "nl-BE";
	tuvs[1].lang = "EN-us";
	tuvs[2].lang = "nl-NL";
	tolk_tmx_unit u = {0};
	u.tuvs = tuvs;
	u.ntuvs = 3;
	ck_assert_ptr_eq(tolk_tmx_unit_tuv(&u, "nl-NL"), &tuvs[2]);
	ck_assert_ptr_eq(tolk_tmx_unit_tuv(&u, "nl"), &tuvs[0]);
	ck_assert_ptr_eq(tolk_tmx_unit_tuv(&u, "en-GB"), &tuvs[1]);
	ck_assert_ptr_null(tolk_tmx_unit_tuv(&u, "fr"));
}
END_TEST

START_TEST(dates)
{
	char buf[17];
	tolk_tmx_date_format(buf, 1604620800);
	ck_assert_str_eq(buf, "20201106T000000Z");
	time_t t;
	ck_assert_int_eq(tolk_tmx_date_parse(&t, "20201106T000000Z"), 0);
	ck_assert_int_eq(t, 1604620800);
	ck_assert_int_eq(tolk_tmx_date_parse(&t, "20020523T091200Z"), 0);
	tolk_tmx_date_format(buf, t);
	ck_assert_str_eq(buf, "20020523T091200Z");
	static const char *const bad[] = {"", "2020-11-06", "20201106T000000", "20200231T000000Z",
	                                  "20201106T250000Z", "20201106T000000Zx", "2020110T0000000Z"};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		ck_assert_msg(tolk_tmx_date_parse(&t, bad[k]) == TOLK_EINVALID, "accepted %s", bad[k]);
}
END_TEST

START_TEST(unit_clear_frees_caller_units)
{
	tolk_tmx_unit u = {0};
	u.tuid = strdup("1");
	u.notes = calloc(1, sizeof(char *));
	u.notes[0] = strdup("n");
	u.nnotes = 1;
	u.tuvs = calloc(1, sizeof(tolk_tmx_tuv));
	u.tuvs[0].lang = strdup("nl");
	u.tuvs[0].text = strdup("x");
	u.tuvs[0].props = calloc(1, sizeof(tolk_tmx_prop));
	u.tuvs[0].props[0].type = strdup("t");
	u.tuvs[0].props[0].value = strdup("v");
	u.tuvs[0].nprops = 1;
	u.ntuvs = 1;
	tolk_tmx_unit_clear(&u);
	ck_assert_ptr_null(u.tuvs);
	ck_assert_uint_eq(u.ntuvs, 0);
	tolk_tmx_unit_clear(&u);
	tolk_tmx_unit_clear(NULL);
}
END_TEST

static Suite *tmx_suite(void)
{
	Suite *s = suite_create("tmx");
	TCase *tc = tcase_create("writer");
	tcase_add_test(tc, round_trip_keeps_everything);
	tcase_add_test(tc, escaping_is_exact);
	tcase_add_test(tc, forbidden_characters_are_dropped_and_counted);
	tcase_add_test(tc, invalid_utf8_is_refused_and_the_unit_left_out);
	tcase_add_test(tc, language_tags_follow_xs_language);
	tcase_add_test(tc, seg_xml_kept_checked_and_flattened);
	tcase_add_test(tc, source_date_epoch_makes_output_reproducible);
	tcase_add_test(tc, nothing_appears_until_close);
	tcase_add_test(tc, dash_streams_to_stdout);
	tcase_add_test(tc, output_is_valid_against_dtd);
	tcase_add_test(tc, translate_toolkit_reads_every_unit);
	tcase_add_test(tc, language_matching);
	tcase_add_test(tc, dates);
	tcase_add_test(tc, unit_clear_frees_caller_units);
	suite_add_tcase(s, tc);
	static const char *const xsd[] = {"schemas/tmx14.xsd", NULL};
	TCase *shared = test_shared_tcase("shared", xsd);
	tcase_add_test(shared, output_is_valid_against_xsd);
	suite_add_tcase(s, shared);
	return s;
}

int main(void)
{
	return test_run_suite_in_work(tmx_suite());
}
