/* Unit tests for the TMX reader: real-world samples (UTF-16, inline codes, variants),
 * broken files with positions, and files that try XXE or entity expansion. */
#include "testutil.h"

#include <sys/time.h>
#include <sys/wait.h>

#include "tolk/tmx.h"
#include "util.h"

static const char *data(const char *name)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/tests/data/tmx/%s", TOLK_SOURCE_DIR, name);
	return path;
}

/* Read a whole file; returns the number of units, or the error code. */
static int count_units(const char *path)
{
	tolk_tmx_reader *r;
	int rc = tolk_tmx_reader_open(&r, path);
	if (rc < 0)
		return rc;
	const tolk_tmx_unit *u;
	int n = 0;
	while ((rc = tolk_tmx_reader_next(&u, r)) == 0)
		n++;
	tolk_tmx_reader_free(r);
	return rc == TOLK_ITEROVER ? n : rc;
}

/* ---- the shared real-world samples ------------------------------------------------------- */

typedef struct sample {
	const char *file;
	int units;
	const char *src, *tgt; /* every unit has a tuv for both (variant matching allowed) */
} sample;

static const sample samples[] = {
	{"ImportTest2A.tmx", 7, "en-US", "fr-CA"},    /* UTF-16LE, bpt/ept/it, mixed-case tags */
	{"ImportTest2B.tmx", 7, "en-US", "fr-CA"},    /* UTF-16LE, RTF codes, DOCTYPE */
	{"ImportTest2C.tmx", 1, "en-US", "fr"},       /* UTF-8 BOM, ude, notes, props, sub, hi */
	{"Paragraph_TM.tmx", 7, "en-US", "de-DE"},    /* paragraph segtype, ph, ut */
	{"html_test.tmx", 11, "en-US", "fr-FR"},      /* UTF-16LE from Trados, odd header prop */
	{"mytm.tmx", 25, "en-US", "fr-FR"},           /* OmegaT, upper-case tags */
	{"tmxtest-attributes.tmx", 9, "en-US", "fr-FR"},
};

START_TEST(every_sample_reads_with_its_languages)
{
	const char *dir = test_shared_path("data/tmx-samples");
	if (!dir) {
		test_skip("../shared/data/tmx-samples absent");
		return;
	}
	char base[4096];
	snprintf(base, sizeof(base), "%s", dir);
	for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", base, samples[k].file);
		tolk_tmx_reader *r;
		ck_assert_msg(tolk_tmx_reader_open(&r, path) == 0, "%s: %s", path, tolk_error_last()->message);
		ck_assert_int_eq(tolk_lang_match(tolk_tmx_reader_header(r)->srclang, samples[k].src), 2);
		const tolk_tmx_unit *u;
		int n = 0, rc;
		while ((rc = tolk_tmx_reader_next(&u, r)) == 0) {
			n++;
			const tolk_tmx_tuv *src = tolk_tmx_unit_tuv(u, samples[k].src);
			const tolk_tmx_tuv *tgt = tolk_tmx_unit_tuv(u, samples[k].tgt);
			ck_assert_msg(src && tgt, "%s unit %d lacks a language", samples[k].file, n);
			ck_assert_ptr_nonnull(src->text);
			ck_assert_ptr_nonnull(tgt->seg_xml);
		}
		ck_assert_msg(rc == TOLK_ITEROVER, "%s: %s", samples[k].file, tolk_error_last()->message);
		ck_assert_msg(n == samples[k].units, "%s: %d units, wanted %d", samples[k].file, n, samples[k].units);
		tolk_tmx_reader_free(r);
	}
}
END_TEST

/* Open a shared sample and return its unit number `which` (1-based), reader kept in *r. */
static const tolk_tmx_unit *sample_unit(tolk_tmx_reader **r, const char *file, int which)
{
	const char *dir = test_shared_path("data/tmx-samples");
	if (!dir)
		return NULL;
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ck_assert_int_eq(tolk_tmx_reader_open(r, path), 0);
	const tolk_tmx_unit *u = NULL;
	for (int k = 0; k < which; k++)
		ck_assert_int_eq(tolk_tmx_reader_next(&u, *r), 0);
	return u;
}

START_TEST(inline_codes_flattened_and_kept)
{
	tolk_tmx_reader *r;
	const tolk_tmx_unit *u = sample_unit(&r, "ImportTest2A.tmx", 1);
	if (!u) {
		test_skip("../shared/data/tmx-samples absent");
		return;
	}
	ck_assert_str_eq(u->tuid, "1");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en")->text, "The big black cat sleeps.");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en")->seg_xml,
	                 "The big <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>black<ept i=\"1\">&lt;/b&gt;</ept> "
	                 "<bpt i=\"2\" x=\"2\" type=\"ulined\">&lt;u&gt;</bpt>cat<ept i=\"2\">&lt;/u&gt;</ept> sleeps.");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "fr")->text, "Le gros chat noir dors.");
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	ck_assert_str_eq(u->tuvs[0].text, "Test for special characters = <=lt, >=gt, &=amp, \"=quot.");
	tolk_tmx_reader_free(r);

	/* ImportTest2C: ph with a sub, hi, it; notes and props on tu and tuv; dates and ids. */
	u = sample_unit(&r, "ImportTest2C.tmx", 1);
	const tolk_tmx_header *h = tolk_tmx_reader_header(r);
	ck_assert_str_eq(h->segtype, "block");
	ck_assert_str_eq(h->o_tmf, "Text");
	time_t when;
	ck_assert_int_eq(tolk_tmx_date_parse(&when, "20020523T091200Z"), 0);
	ck_assert_int_eq(h->creationdate, when);
	ck_assert_str_eq(u->tuid, "tu001");
	ck_assert_int_eq(u->creationdate, when);
	ck_assert_int_eq(u->changedate, when);
	ck_assert_str_eq(u->creationid, "ys");
	ck_assert_str_eq(u->changeid, "ys");
	ck_assert_uint_eq(u->nnotes, 2);
	ck_assert_str_eq(u->notes[1], "Text of tu note 2");
	ck_assert_uint_eq(u->nprops, 1);
	ck_assert_str_eq(u->props[0].type, "myPropeType");
	ck_assert_str_eq(u->props[0].value, "Data");
	ck_assert_uint_eq(u->ntuvs, 3);
	const tolk_tmx_tuv *en = tolk_tmx_unit_tuv(u, "en-us");
	ck_assert_str_eq(en->text, "Click  to start.");
	ck_assert_ptr_nonnull(strstr(en->seg_xml, "ALT=\"<sub>Start Here!</sub>\"&gt;</ph>"));
	ck_assert_ptr_nonnull(strstr(en->seg_xml, "<hi type=\"verb\" x=\"4\">start</hi>"));
	ck_assert_uint_eq(en->nnotes, 2);
	ck_assert_uint_eq(en->nprops, 1);
	ck_assert_str_eq(en->creationid, "ys");
	ck_assert_int_eq(en->creationdate, when);
	ck_assert_ptr_eq(tolk_tmx_unit_tuv(u, "en-GB"), &u->tuvs[2]);
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "fr-FR")->lang, "fr");
	tolk_tmx_reader_free(r);

	/* Paragraph_TM: ut content is native code, not text. */
	u = sample_unit(&r, "Paragraph_TM.tmx", 2);
	ck_assert_str_eq(u->tuid, "APCCalibrateTimeoutAction0");
	ck_assert_uint_eq(u->nprops, 3);
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en")->text, "Touch Retry to resume the procedure.");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "de")->text, "Zur Fortsetzung des Verfahrens 'Wiederholen' drücken.");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "de")->seg_xml,
	                 "Zur Fortsetzung <ut> ut content de</ut>des Verfahrens 'Wiederholen' drücken.");
	tolk_tmx_reader_free(r);
}
END_TEST

static int run(const char *cmd)
{
	int status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Everything read from the samples can be written again, valid, with the same text. */
START_TEST(samples_survive_a_rewrite)
{
	char base[4096], schema[4096], out[300], cmd[9000];
	const char *dir = test_shared_path("data/tmx-samples"); /* a static buffer: copy at once */
	snprintf(base, sizeof(base), "%s", dir ? dir : "");
	const char *xsd = test_shared_path("schemas/tmx14.xsd");
	snprintf(schema, sizeof(schema), "%s", xsd ? xsd : "");
	if (!dir || !xsd) {
		test_skip("../shared (tmx-samples, schemas) absent");
		return;
	}
	snprintf(out, sizeof(out), "%s/rewritten.tmx", test_work);
	for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", base, samples[k].file);
		tolk_tmx_reader *r;
		tolk_tmx_writer *w;
		ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
		tolk_tmx_header h = *tolk_tmx_reader_header(r);
		ck_assert_int_eq(tolk_tmx_writer_open(&w, out, &h), 0);
		const tolk_tmx_unit *u;
		while (tolk_tmx_reader_next(&u, r) == 0)
			ck_assert_msg(tolk_tmx_writer_add(w, u) == 0, "%s: %s", samples[k].file, tolk_error_last()->message);
		ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
		tolk_tmx_writer_free(w);
		tolk_tmx_reader_free(r);
		snprintf(cmd, sizeof(cmd), "xmllint --noout --nonet --schema '%s' '%s' 2>/dev/null", schema, out);
		if (run("command -v xmllint >/dev/null") == 0)
			ck_assert_msg(run(cmd) == 0, "rewritten %s is not valid", samples[k].file);

		tolk_tmx_reader *a, *b;
		const tolk_tmx_unit *ua, *ub;
		ck_assert_int_eq(tolk_tmx_reader_open(&a, path), 0);
		ck_assert_int_eq(tolk_tmx_reader_open(&b, out), 0);
		while (tolk_tmx_reader_next(&ua, a) == 0) {
			ck_assert_int_eq(tolk_tmx_reader_next(&ub, b), 0);
			ck_assert_uint_eq(ua->ntuvs, ub->ntuvs);
			for (size_t t = 0; t < ua->ntuvs; t++) {
				ck_assert_str_eq(ua->tuvs[t].lang, ub->tuvs[t].lang);
				ck_assert_str_eq(ua->tuvs[t].text, ub->tuvs[t].text);
				ck_assert_str_eq(ua->tuvs[t].seg_xml, ub->tuvs[t].seg_xml);
			}
		}
		ck_assert_int_eq(tolk_tmx_reader_next(&ub, b), TOLK_ITEROVER);
		tolk_tmx_reader_free(a);
		tolk_tmx_reader_free(b);
	}
}
END_TEST

/* ---- our own files -------------------------------------------------------------------------- */

START_TEST(variants_and_several_tuvs)
{
	tolk_tmx_reader *r;
	const tolk_tmx_unit *u;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, data("variants.tmx")), 0);
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	ck_assert_str_eq(u->tuid, "a");
	ck_assert_uint_eq(u->line, 6);
	ck_assert_uint_eq(u->ntuvs, 4);
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl-NL")->text, "Lastenverdeling");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl-BE")->text, "Lastenverdeling (België)");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl")->lang, "NL-BE"); /* first of the language wins */
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en-US")->lang, "en-US");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl-NL")->creationid, "nl");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl-NL")->props[0].value, "letter");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en-GB")->notes[0], "approved term");
	ck_assert_str_eq(u->notes[0], "eerste");
	ck_assert_str_eq(u->creationid, "tolk");
	ck_assert_str_eq(u->changeid, "rev");
	ck_assert_int_eq(u->changedate - u->creationdate, 20 * 3600);
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en-GB")->text, "Resilience"); /* deprecated lang="" */
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl-NL")->text, "Weerbaarheid");
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl-NL")->text, "a < b & c"); /* CDATA */
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl-NL")->seg_xml, "a &lt; b &amp; c");
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en")->text, "");
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), TOLK_ITEROVER);
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), TOLK_ITEROVER);
	tolk_tmx_reader_free(r);
}
END_TEST

START_TEST(utf16_and_doctype)
{
	tolk_tmx_reader *r;
	const tolk_tmx_unit *u;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, data("utf16be.tmx")), 0);
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	ck_assert_str_eq(tolk_tmx_unit_tuv(u, "nl")->text, "Één zin in UTF-16BE");
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), TOLK_ITEROVER);
	tolk_tmx_reader_free(r);
	/* DOCTYPE SYSTEM "tmx14.dtd": there is no such file beside it, and nothing is loaded. */
	ck_assert_int_eq(count_units(data("external-dtd.tmx")), 1);
}
END_TEST

typedef struct broken {
	const char *file;
	bool at_open;            /* fails in open rather than in next */
	unsigned long line, col; /* 0 = not checked */
	const char *words;       /* in the message */
} broken;

static const broken broken_files[] = {
	{"unclosed.tmx", true, 10, 42, "tag mismatch"},
	{"trailing.tmx", true, 8, 1, "Extra content"},
	{"bad-utf8.tmx", true, 5, 40, "UTF-8"},
	{"not-tmx.tmx", true, 2, 1, "<xliff>"},
	{"no-body.tmx", true, 0, 0, "<body>"},
	{"no-lang.tmx", false, 7, 9, "xml:lang"},
	{"no-seg.tmx", false, 6, 7, "<seg>"},
	{"empty-tu.tmx", false, 5, 5, "<tuv>"},
	{"foreign-inline.tmx", false, 6, 38, "<b> is not a TMX inline element"},
	{"bad-date.tmx", false, 5, 5, "2020-11-06"},
	{"xxe.tmx", true, 4, 3, "entities"},
	{"xxe-parameter.tmx", true, 4, 3, "entities"},
	{"billion-laughs.tmx", true, 4, 3, "entities"},
};

START_TEST(broken_files_fail_with_positions)
{
	const broken *b = &broken_files[_i];
	char path[4096];
	snprintf(path, sizeof(path), "%s", data(b->file));
	tolk_tmx_reader *r = NULL;
	int rc = tolk_tmx_reader_open(&r, path);
	if (!b->at_open) {
		ck_assert_msg(rc == 0, "%s: %s", b->file, rc < 0 ? tolk_error_last()->message : "");
		const tolk_tmx_unit *u;
		while ((rc = tolk_tmx_reader_next(&u, r)) == 0)
			;
		ck_assert_int_eq(rc, TOLK_EINVALID);
		/* the error sticks: no silent end of file after it */
		ck_assert_int_eq(tolk_tmx_reader_next(&u, r), TOLK_EINVALID);
	}
	ck_assert_msg(rc == TOLK_EINVALID, "%s: rc %d", b->file, rc);
	const tolk_error *e = tolk_error_last();
	ck_assert_str_eq(e->file, path);
	ck_assert_msg(strstr(e->message, b->words), "%s: message \"%s\"", b->file, e->message);
	if (b->line) {
		ck_assert_msg(e->line == b->line && e->column == b->col, "%s: at %lu:%lu, wanted %lu:%lu", b->file,
		              e->line, e->column, b->line, b->col);
	}
	tolk_tmx_reader_free(r);
}
END_TEST

START_TEST(entity_attacks_are_refused_quickly)
{
	/* Whatever the error path, the secret never shows and the bomb never goes off. */
	struct timeval t0, t1;
	gettimeofday(&t0, NULL);
	ck_assert_int_eq(count_units(data("billion-laughs.tmx")), TOLK_EINVALID);
	ck_assert_int_eq(count_units(data("xxe.tmx")), TOLK_EINVALID);
	ck_assert_int_eq(count_units(data("xxe-parameter.tmx")), TOLK_EINVALID);
	gettimeofday(&t1, NULL);
	ck_assert_int_lt((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_usec - t0.tv_usec), 2000000);
	ck_assert_ptr_null(strstr(tolk_error_last()->message, "root:"));
}
END_TEST

START_TEST(missing_file)
{
	tolk_tmx_reader *r = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, "/nonexistent/x.tmx"), TOLK_ENOTFOUND);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(tolk_error_last()->file, "/nonexistent/x.tmx");
	tolk_tmx_reader_free(NULL);
}
END_TEST

/*
 * libxml2 calls an empty file and one cut short "Extra content at the end of
 * the document"; a directory also got libxml2's own "I/O error" on stderr.
 */
START_TEST(empty_cut_short_and_directory)
{
	const char *dir = test_work; /* the run's folder, removed after it */
	char path[128];
	tolk_tmx_reader *r = NULL;
	snprintf(path, sizeof(path), "%s/empty.tmx", dir);
	ck_assert_int_eq(tolk_file_write_atomic(path, "", 0), 0);
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->message, "not a TMX file: it holds no XML element");
	snprintf(path, sizeof(path), "%s/words.tmx", dir);
	ck_assert_int_eq(tolk_file_write_atomic(path, "burden sharing\n", 15), 0);
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->message, "not a TMX file: it holds no XML element");

	const char *cut = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"nl\"/><body>\n"
	                  "<tu><tuv xml:lang=\"nl\"><seg>a</seg></tuv></tu>\n";
	snprintf(path, sizeof(path), "%s/cut.tmx", dir);
	ck_assert_int_eq(tolk_file_write_atomic(path, cut, strlen(cut)), 0);
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
	const tolk_tmx_unit *u;
	int rc;
	while ((rc = tolk_tmx_reader_next(&u, r)) == 0)
		;
	ck_assert_int_eq(rc, TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->message, "the file ends inside an element: is it cut short?");
	ck_assert_uint_eq(tolk_error_last()->line, 3);
	tolk_tmx_reader_free(r);
	r = NULL;

	ck_assert_int_eq(tolk_tmx_reader_open(&r, dir), TOLK_EIO);
	ck_assert_str_eq(tolk_error_last()->message, "is a directory");
	ck_assert_ptr_null(r);
}
END_TEST

/* Many units through the writer and back: every one arrives, in order, line numbers past 65535. */
START_TEST(large_file_streams)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/large.tmx", test_work);
	tolk_tmx_writer *w;
	tolk_tmx_header h = {.srclang = "nl-NL", .creationdate = 1604620800};
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &h), 0);
	enum { UNITS = 20000 };
	for (int k = 0; k < UNITS; k++) {
		char nl[64], en[64], id[16];
		snprintf(nl, sizeof(nl), "Zin nummer %d over lastenverdeling.", k);
		snprintf(en, sizeof(en), "Sentence number %d on burden sharing.", k);
		snprintf(id, sizeof(id), "%d", k);
		tolk_tmx_tuv tuv[2] = {{.lang = "nl-NL", .text = nl}, {.lang = "en-GB", .text = en}};
		tolk_tmx_unit u = {.tuid = id, .tuvs = tuv, .ntuvs = 2};
		ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	tolk_tmx_reader *r;
	const tolk_tmx_unit *u;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, path), 0);
	int n = 0;
	unsigned long last_line = 0;
	while (tolk_tmx_reader_next(&u, r) == 0) {
		char want[64];
		snprintf(want, sizeof(want), "Sentence number %d on burden sharing.", n);
		ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en")->text, want);
		ck_assert_uint_gt(u->line, last_line);
		last_line = u->line;
		n++;
	}
	ck_assert_int_eq(n, UNITS);
	ck_assert_uint_eq(last_line, 5 + 8 * (UNITS - 1)); /* 8 lines a unit after a 4-line head */
	tolk_tmx_reader_free(r);
	unlink(path);
}
END_TEST

static Suite *tmx_read_suite(void)
{
	Suite *s = suite_create("tmx_read");
	TCase *tc = tcase_create("reader");
	tcase_add_test(tc, variants_and_several_tuvs);
	tcase_add_test(tc, utf16_and_doctype);
	tcase_add_loop_test(tc, broken_files_fail_with_positions, 0,
	                    (int)(sizeof(broken_files) / sizeof(broken_files[0])));
	tcase_add_test(tc, entity_attacks_are_refused_quickly);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, empty_cut_short_and_directory);
	tcase_add_test(tc, large_file_streams);
	suite_add_tcase(s, tc);
	/* Okapi's files and OmegaT's schema, used in place (not copied: ../shared/data/tmx-samples/SOURCE.txt) */
	static const char *const needs[] = {"data/tmx-samples", "schemas/tmx14.xsd", NULL};
	TCase *shared = test_shared_tcase("shared", needs);
	tcase_add_test(shared, every_sample_reads_with_its_languages);
	tcase_add_test(shared, inline_codes_flattened_and_kept);
	tcase_add_test(shared, samples_survive_a_rewrite);
	suite_add_tcase(s, shared);
	return s;
}

int main(void)
{
	return test_run_suite_in_work(tmx_read_suite());
}
