/*
 * The public API as a stranger uses it: the umbrella header, the version,
 * versioned option structs, every public entry point that takes a size or a
 * number called with extreme values (SIZE_MAX, 0, INT_MAX, negative), and no
 * change to the host program's libxml2.
 */
#include "testutil.h"

#include <limits.h>
#include <stdint.h>

#include <libxml/parser.h>

#include "tolk.h"
#include "tm_private.h" /* to make the index fail (unusable_index_is_reported) */

/* ---- version ---------------------------------------------------------------------------- */
START_TEST(version_matches_the_headers)
{
	int major = -1, minor = -1, patch = -1;
	tolk_version(&major, &minor, &patch);
	ck_assert_int_eq(major, TOLK_VERSION_MAJOR);
	ck_assert_int_eq(minor, TOLK_VERSION_MINOR);
	ck_assert_int_eq(patch, TOLK_VERSION_PATCH);
	tolk_version(NULL, NULL, NULL);
	char expected[64];
	snprintf(expected, sizeof(expected), "%d.%d.%d", major, minor, patch);
	ck_assert_str_eq(tolk_version_string(), expected);
	ck_assert_str_eq(TOLK_VERSION, expected);
	/* the CMake project version, as written in CMakeLists.txt */
	char *cmake = NULL;
	size_t len;
	ck_assert_int_eq(tolk_text_read_file(&cmake, &len, test_src_path("CMakeLists.txt")), 0);
	char needle[160];
	snprintf(needle, sizeof(needle), "project(tolk VERSION %s ", expected);
	ck_assert_msg(strstr(cmake, needle) != NULL, "CMakeLists.txt has no '%s'", needle);
	free(cmake);
	ck_assert(TOLK_VERSION_NUMBER >= TOLK_VERSION_CHECK(0, 1, 0));
}
END_TEST

/* ---- options ------------------------------------------------------------------------------ */
START_TEST(options_init_checks_the_version)
{
	tolk_tm_lookup_options lo;
	ck_assert_int_eq(tolk_tm_lookup_options_init(&lo, 0), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_lookup_options_init(&lo, UINT_MAX), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_lookup_options_init(NULL, TOLK_TM_LOOKUP_OPTIONS_VERSION), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_lookup_options_init(&lo, TOLK_TM_LOOKUP_OPTIONS_VERSION), 0);
	/* the defaults the header documents */
	ck_assert_uint_eq(lo.version, TOLK_TM_LOOKUP_OPTIONS_VERSION);
	ck_assert_int_eq(lo.min_score, 70);
	ck_assert_uint_eq(lo.max_results, 5);
	ck_assert(!lo.exhaustive && !lo.scan_fallback);

	tolk_tm_import_options io;
	ck_assert_int_eq(tolk_tm_import_options_init(&io, TOLK_TM_IMPORT_OPTIONS_VERSION + 1), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_import_options_init(&io, TOLK_TM_IMPORT_OPTIONS_VERSION), 0);
	ck_assert_uint_eq(io.batch_units, 0);
	ck_assert(io.progress == NULL);

	tolk_tm_export_options eo;
	ck_assert_int_eq(tolk_tm_export_options_init(&eo, 0), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_export_options_init(&eo, TOLK_TM_EXPORT_OPTIONS_VERSION), 0);
	ck_assert(eo.progress == NULL);

	tolk_tm_concordance_options co;
	ck_assert_int_eq(tolk_tm_concordance_options_init(&co, 0), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_concordance_options_init(&co, TOLK_TM_CONCORDANCE_OPTIONS_VERSION), 0);
	ck_assert_uint_eq(co.max_results, 20);
	ck_assert_ptr_null(co.lang);

	tolk_tm_analyze_options ao;
	ck_assert_int_eq(tolk_tm_analyze_options_init(&ao, 0), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_analyze_options_init(&ao, TOLK_TM_ANALYZE_OPTIONS_VERSION), 0);

	tolk_align_options al;
	ck_assert_int_eq(tolk_align_options_init(&al, 0), TOLK_EINVALID);
	ck_assert_int_eq(tolk_align_options_init(&al, TOLK_ALIGN_OPTIONS_VERSION), 0);
	ck_assert(al.lexical && al.learn_dictionary && al.anchors);
}
END_TEST

/* ---- extreme values ------------------------------------------------------------------------- */
static tolk_tm *letter_store(void)
{
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("tm.db"), TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_import_options io = TOLK_TM_IMPORT_OPTIONS_INIT;
	io.batch_units = SIZE_MAX; /* one transaction, whatever the file's size */
	tolk_tm_import_stats stats = {0};
	ck_assert_int_eq(tolk_tm_import(&stats, tm, test_src_path("tests/data/tm/letter-sample.tmx"), &io), 0);
	ck_assert_uint_gt(stats.units_added, 0);
	return tm;
}

START_TEST(tm_entry_points_take_extreme_values)
{
	tolk_tm *tm = letter_store();
	const char *q = "De ministers spraken over de lastenverdeling.";
	tolk_tm_match_list *m = NULL;
	tolk_tm_lookup_options lo = TOLK_TM_LOOKUP_OPTIONS_INIT;

	/* max_results = SIZE_MAX once wrapped max + 1 to 0 and wrote past a one-element allocation */
	lo.min_score = 1;
	lo.max_results = SIZE_MAX;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &lo), 0);
	size_t all = m->count;
	ck_assert_uint_gt(all, 1);
	for (size_t k = 1; k < m->count; k++)
		ck_assert_int_ge(m->items[k - 1].score, m->items[k].score);
	tolk_tm_match_list_free(m);
	/* the same as an exhaustive scan with the same limits */
	lo.exhaustive = true;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &lo), 0);
	ck_assert_uint_eq(m->count, all);
	tolk_tm_match_list_free(m);
	lo.exhaustive = false;
	lo.max_results = SIZE_MAX - 1;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &lo), 0);
	ck_assert_uint_eq(m->count, all);
	tolk_tm_match_list_free(m);

	/* min_score: above 100 means 100, 0 and below the default 70 */
	lo.max_results = 0;
	lo.min_score = INT_MAX;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &lo), 0);
	for (size_t k = 0; k < m->count; k++)
		ck_assert_int_eq(m->items[k].score, 100);
	tolk_tm_match_list_free(m);
	int mins[] = {0, -1, INT_MIN};
	for (size_t i = 0; i < 3; i++) {
		lo.min_score = mins[i];
		ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &lo), 0);
		ck_assert_uint_le(m->count, 5);
		for (size_t k = 0; k < m->count; k++)
			ck_assert_int_ge(m->items[k].score, 70);
		tolk_tm_match_list_free(m);
	}

	/* an options struct from other headers is refused, not read; 0 (zero-filled, older callers) is version 1 */
	tolk_tm_lookup_options bad = lo;
	bad.version = 0;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &bad), 0);
	tolk_tm_match_list_free(m);
	bad.version = TOLK_TM_LOOKUP_OPTIONS_VERSION + 1;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &bad), TOLK_EINVALID);
	ck_assert_ptr_null(m);
	bad.version = UINT_MAX;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &bad), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, NULL, NULL), TOLK_EINVALID);

	/* concordance */
	tolk_tm_hit_list *h = NULL;
	tolk_tm_concordance_options co = TOLK_TM_CONCORDANCE_OPTIONS_INIT;
	co.max_results = SIZE_MAX;
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "lastenverdeling", &co), 0);
	ck_assert_uint_gt(h->count, 0);
	tolk_tm_hit_list_free(h);
	co.max_results = 0; /* the default, 20 */
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "lastenverdeling", &co), 0);
	ck_assert_uint_le(h->count, 20);
	tolk_tm_hit_list_free(h);
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "", &co), TOLK_EINVALID); /* no words to find */
	co.version = 7;
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "lastenverdeling", &co), TOLK_EINVALID);

	/* analysis: no segments, and the band names outside their range */
	tolk_tm_analysis *a = NULL;
	ck_assert_int_eq(tolk_tm_analyze(&a, tm, NULL, 0, NULL), 0);
	ck_assert_uint_eq(a->count, 0);
	ck_assert_uint_eq(a->total_words, 0);
	ck_assert_int_eq(tolk_tm_analysis_write_tmx(a, test_work_path("empty.tmx"), INT_MAX, "nl", "en"), 0);
	ck_assert_int_eq(tolk_tm_analysis_write_tmx(a, test_work_path("empty2.tmx"), INT_MIN, "nl", "en"), 0);
	tolk_tm_analysis_free(a);
	const char *segs[] = {q, q};
	tolk_tm_analyze_options ao = TOLK_TM_ANALYZE_OPTIONS_INIT;
	ck_assert_int_eq(tolk_tm_analyze(&a, tm, segs, 2, &ao), 0);
	ck_assert_uint_eq(a->count, 2);
	ck_assert_int_eq(a->segments[1].band, TOLK_TM_BAND_REPETITION);
	ck_assert_int_eq(tolk_tm_analysis_write_tmx(a, test_work_path("all.tmx"), INT_MIN, "nl", "en"), 0);
	ck_assert_int_eq(tolk_tm_analysis_write_tmx(a, test_work_path("none.tmx"), INT_MAX, "nl", "en"), 0);
	tolk_tm_analysis_free(a);
	ao.version = UINT_MAX;
	ck_assert_int_eq(tolk_tm_analyze(&a, tm, segs, 2, &ao), TOLK_EINVALID);
	ck_assert_str_eq(tolk_tm_band_name(TOLK_TM_NBANDS), "?");
	ck_assert_str_eq(tolk_tm_band_name((tolk_tm_band)-1), "?");
	ck_assert_str_eq(tolk_tm_band_name((tolk_tm_band)INT_MAX), "?");

	/* export with a stale options version writes nothing */
	tolk_tm_export_options eo = TOLK_TM_EXPORT_OPTIONS_INIT;
	eo.version = 2;
	ck_assert_int_eq(tolk_tm_export(tm, test_work_path("out.tmx"), &eo), TOLK_EINVALID);
	ck_assert_int_ne(access(test_work_path("out.tmx"), F_OK), 0);
	ck_assert_int_eq(tolk_tm_export(tm, test_work_path("out.tmx"), NULL), 0);

	/* scores */
	int score = -1;
	ck_assert_int_eq(tolk_tm_score(&score, q, q), 0);
	ck_assert_int_eq(score, 100);
	ck_assert_int_eq(tolk_tm_score(&score, "", ""), 0);
	ck_assert_int_eq(tolk_tm_score(&score, NULL, q), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_score(NULL, q, q), TOLK_EINVALID);
	ck_assert_uint_eq(tolk_tm_word_count(""), 0);
	tolk_tm_free(tm);
}
END_TEST

START_TEST(other_entry_points_take_extreme_values)
{
	/* text helpers */
	size_t bad = 7;
	ck_assert_int_eq(tolk_utf8_validate(&bad, "", 0), 0);
	unsigned long line = 0, col = 0;
	tolk_text_position(&line, &col, "ab\ncd", 5, SIZE_MAX); /* past the end: the end */
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 3);
	tolk_text_position(&line, &col, "", 0, 0);
	ck_assert_uint_eq(line, 1);
	ck_assert_uint_eq(col, 1);
	tolk_strarray_free(NULL, SIZE_MAX);
	tolk_strarray_free(NULL, 0);

	/* names of values outside their enums */
	ck_assert_str_eq(tolk_term_status_name((tolk_term_status)-1), "unknown");
	ck_assert_str_eq(tolk_term_status_name((tolk_term_status)INT_MAX), "unknown");
	ck_assert_str_eq(tolk_spell_reason_name((tolk_spell_reason)-1), "?");
	ck_assert_str_eq(tolk_spell_reason_name((tolk_spell_reason)INT_MAX), "?");
	ck_assert_ptr_nonnull(tolk_segment_kind_name((tolk_segment_kind)-1));
	ck_assert_ptr_nonnull(tolk_segment_kind_name((tolk_segment_kind)INT_MAX));

	/* TMX dates at the ends of time_t */
	char buf[17];
	tolk_tmx_date_format(buf, 0);
	ck_assert_str_eq(buf, "19700101T000000Z");
	tolk_tmx_date_format(buf, (time_t)INT64_MAX);
	ck_assert_uint_eq(strlen(buf), 16);
	tolk_tmx_date_format(buf, (time_t)INT64_MIN);
	ck_assert_uint_eq(strlen(buf), 16);
	time_t t;
	ck_assert_int_eq(tolk_tmx_date_parse(&t, "99999999T999999Z"), TOLK_EINVALID);

	/* a bead as large as sizes go: truncated to the documented 24 bytes, not overflowing */
	char shape[24];
	tolk_bead b = {0, SIZE_MAX, 0, SIZE_MAX, 0};
	ck_assert_uint_lt(strlen(tolk_bead_type(shape, &b)), sizeof(shape));

	/* term base: concept numbers past the end */
	tolk_termbase *tb = NULL;
	ck_assert_int_eq(tolk_termbase_new(&tb), 0);
	const tolk_concept *c = NULL;
	ck_assert_int_eq(tolk_termbase_concept_at(&c, tb, SIZE_MAX), TOLK_ENOTFOUND);
	ck_assert_int_eq(tolk_termbase_concept_at(&c, tb, 0), TOLK_ENOTFOUND);
	ck_assert_uint_eq(tolk_termbase_concept_count(tb), 0);
	/* nothing found is an empty list, not NULL; a failure leaves *out NULL */
	tolk_term_match_list *tm_l = NULL;
	ck_assert_int_eq(tolk_termbase_recognize(&tm_l, tb, "nl", "", 0), 0);
	ck_assert_ptr_nonnull(tm_l);
	ck_assert_uint_eq(tm_l->count, 0);
	tolk_term_match_list_free(tm_l);
	ck_assert_int_eq(tolk_termbase_recognize(&tm_l, tb, "de", "x", 1), TOLK_ELANG);
	ck_assert_ptr_null(tm_l);
	tolk_term_lookup_result *lr = NULL;
	ck_assert_int_eq(tolk_termbase_lookup(&lr, tb, NULL, "x"), 0);
	ck_assert_ptr_nonnull(lr);
	ck_assert_uint_eq(lr->hits.count + lr->suggestions.count, 0);
	tolk_term_lookup_result_free(lr);
	tolk_term_issue_list *il = NULL;
	ck_assert_int_eq(tolk_termbase_check_pair(&il, tb, "", 0, "", 0), 0);
	ck_assert_ptr_nonnull(il);
	ck_assert_uint_eq(il->count, 0);
	tolk_term_issue_list_free(il);
	/* every list's free takes NULL */
	tolk_term_match_list_free(NULL);
	tolk_term_lookup_result_free(NULL);
	tolk_term_issue_list_free(NULL);
	tolk_spell_finding_list_free(NULL);
	tolk_spell_suggestion_list_free(NULL);
	tolk_termbase_free(tb);

	/* segmenting nothing */
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segment_text(&list, seg, "", 0), 0);
	ck_assert_uint_eq(list->count, 0);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);

	/* aligning nothing, and the widest band a caller can ask for */
	tolk_align_options o = TOLK_ALIGN_OPTIONS_INIT;
	o.max_band = UINT_MAX;
	tolk_aligner *al = NULL;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl", "en", &o), 0);
	tolk_alignment *a = NULL;
	ck_assert_int_eq(tolk_align(&a, al, NULL, 0, NULL, 0), 0);
	ck_assert_uint_eq(a->count, 0);
	tolk_alignment_free(a);
	tolk_segment one[1] = {{(char *)"Een zin.", 0, 8, 1, TOLK_SEGMENT_SENTENCE}};
	tolk_segment two[1] = {{(char *)"A sentence.", 0, 11, 1, TOLK_SEGMENT_SENTENCE}};
	ck_assert_int_eq(tolk_align(&a, al, one, 1, two, 1), 0);
	ck_assert_uint_eq(a->count, 1);
	tolk_alignment_free(a);
	tolk_aligner_free(al);
	o.version = TOLK_ALIGN_OPTIONS_VERSION + 1;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl", "en", &o), TOLK_EINVALID);
}
END_TEST

/* An index that cannot answer is an error, or a scan the caller asked for and is told about. */
START_TEST(unusable_index_is_reported)
{
	tolk_tm *tm = letter_store();
	const char *q = "De ministers spraken over de lastenverdeling.";
	tolk_tm_match_list *m = NULL, *ex = NULL;
	tolk_tm_lookup_options lo = TOLK_TM_LOOKUP_OPTIONS_INIT;
	lo.exhaustive = true;
	ck_assert_int_eq(tolk_tm_lookup(&ex, tm, q, &lo), 0);
	ck_assert(!ex->index_unusable);
	lo.exhaustive = false;
	/* every full-text query now fails as FTS5 fails on a query it cannot parse */
	sqlite3_finalize(tm->st_postings);
	tm->st_postings = NULL;
	ck_assert_int_eq(tm_prepare(tm, &tm->st_postings,
	                            "SELECT tolk_collect(rowid) FROM tuv_fts WHERE tuv_fts MATCH '\"' || ?"), 0);
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &lo), TOLK_ENOINDEX);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(tolk_error_last()->code, TOLK_ENOINDEX);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "index"));
	lo.scan_fallback = true;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, q, &lo), 0);
	ck_assert(m->index_unusable);
	ck_assert_uint_eq(m->count, ex->count);
	for (size_t k = 0; k < m->count; k++) {
		ck_assert_int_eq(m->items[k].unit_id, ex->items[k].unit_id);
		ck_assert_int_eq(m->items[k].score, ex->items[k].score);
	}
	tolk_tm_match_list_free(m);
	tolk_tm_match_list_free(ex);
	/* the analysis scans and says so */
	tolk_tm_analysis *a = NULL;
	const char *segs[] = {q};
	ck_assert_int_eq(tolk_tm_analyze(&a, tm, segs, 1, NULL), 0);
	ck_assert(a->index_unusable);
	ck_assert_int_gt(a->segments[0].score, 0);
	tolk_tm_analysis_free(a);
	tolk_tm_free(tm);
}
END_TEST

/* ---- no process-wide side effects ---------------------------------------------------------- */
static int host_loader_calls;

static xmlParserInputPtr host_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	host_loader_calls++;
	return NULL;
}

START_TEST(xml_parsing_leaves_the_host_libxml2_alone)
{
	/* a host program that set its own loader keeps it, and tolk's parses never call it */
	xmlSetExternalEntityLoader(host_loader);
	const char *secret = test_src_path("tests/data/term/secret.txt");
	char doc[8192];
	snprintf(doc, sizeof(doc),
	         "<?xml version=\"1.0\"?>\n<!DOCTYPE srx SYSTEM \"srx20.dtd\" [<!ENTITY ext SYSTEM \"file://%s\">]>\n"
	         "<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\"><header segmentsubflows=\"yes\" "
	         "cascade=\"no\"/><body><languagerules><languagerule languagerulename=\"x\"><rule break=\"no\">"
	         "<beforebreak>&ext;</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule></languagerules>"
	         "<maprules><languagemap languagepattern=\".*\" languagerulename=\"x\"/></maprules></body></srx>\n",
	         secret);
	test_work_write("rules.srx", doc, strlen(doc));
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	tolk_segmenter_load_srx(seg, test_work_path("rules.srx")); /* accepted or refused: either way, nothing loaded */
	tolk_segmenter_free(seg);

	tolk_termbase *tb = NULL;
	if (tolk_termbase_open(&tb, test_src_path("tests/data/term/xxe.tbx")) == 0)
		tolk_termbase_free(tb);

	snprintf(doc, sizeof(doc),
	         "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\"><header "
	         "creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" "
	         "srclang=\"nl\" datatype=\"plaintext\"/><body><tu><tuv xml:lang=\"nl\"><seg>Een zin.</seg></tuv>"
	         "</tu></body></tmx>\n");
	test_work_write("a.tmx", doc, strlen(doc));
	tolk_tmx_reader *r = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, test_work_path("a.tmx")), 0);
	const tolk_tmx_unit *u = NULL;
	ck_assert_int_eq(tolk_tmx_reader_next(&u, r), 0);
	tolk_tmx_reader_free(r);

	tolk_tmx_header h = {0};
	h.srclang = (char *)"nl";
	tolk_tmx_writer *w = NULL;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, test_work_path("b.tmx"), &h), 0);
	tolk_tmx_tuv v = {0};
	v.lang = (char *)"nl";
	v.text = (char *)"x";
	v.seg_xml = (char *)"<ph x=\"1\">&amp;</ph>x";
	tolk_tmx_unit unit = {0};
	unit.tuvs = &v;
	unit.ntuvs = 1;
	ck_assert_int_eq(tolk_tmx_writer_add(w, &unit), 0);
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);

	ck_assert(xmlGetExternalEntityLoader() == host_loader);
	ck_assert_int_eq(host_loader_calls, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("api");
	TCase *tc = test_work_tcase("core", 0);
	tcase_add_test(tc, version_matches_the_headers);
	tcase_add_test(tc, options_init_checks_the_version);
	tcase_add_test(tc, tm_entry_points_take_extreme_values);
	tcase_add_test(tc, other_entry_points_take_extreme_values);
	tcase_add_test(tc, unusable_index_is_reported);
	tcase_add_test(tc, xml_parsing_leaves_the_host_libxml2_alone);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
