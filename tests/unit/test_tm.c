/*
 * Unit tests for the translation memory store: opening and refusing files,
 * import and merging, export round trips, lookup (index against a full scan),
 * concordance, stats and analysis.
 */
#include "testutil.h"
#include "test_sqlite.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "tolk/tm.h"
#include "tolk/tmx.h"
#include "util.h"

static const char *letter_sample(void)
{
	return test_src_path("tests/data/tm/letter-sample.tmx");
}

static char *slurp(const char *path, size_t *len)
{
	char *data = NULL;
	ck_assert_int_eq(tolk_file_read_raw(&data, len, path), 0);
	return data;
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static tolk_tm *open_imported(const char *name, const char *tmx)
{
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path(name), TOLK_TM_OPEN_CREATE), 0);
	ck_assert_int_eq(tolk_tm_import(NULL, tm, tmx, NULL), 0);
	return tm;
}

/* ---- opening ------------------------------------------------------------------------- */
START_TEST(open_creates_only_when_asked)
{
	tolk_tm *tm = NULL;
	const char *p = test_work_path("sub/dir/memory.db");
	ck_assert_int_eq(tolk_tm_open(&tm, p, 0), TOLK_ENOTFOUND);
	ck_assert_ptr_null(tm);
	ck_assert(!exists(p));
	ck_assert_int_eq(tolk_tm_open(&tm, p, TOLK_TM_OPEN_READONLY), TOLK_ENOTFOUND);
	ck_assert_int_eq(tolk_tm_open(&tm, p, TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_summary *s = NULL;
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	ck_assert_uint_eq(s->units, 0);
	ck_assert_int_eq(s->schema_version, 1);
	tolk_tm_summary_free(s);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	tolk_tm_free(tm);
	ck_assert_int_eq(tolk_tm_open(&tm, p, TOLK_TM_OPEN_READONLY), 0);
	/* a read-only handle never writes */
	ck_assert_int_eq(tolk_tm_import(NULL, tm, letter_sample(), NULL), TOLK_EINVALID);
	tolk_tm_free(tm);
}
END_TEST

/* Open must fail with TOLK_EINVALID and leave the file, byte for byte, and its folder as they were. */
static void assert_refused(const char *p, const char *why)
{
	size_t before_len, after_len;
	char *before = slurp(p, &before_len);
	tolk_tm *tm = NULL;
	int flags[] = {TOLK_TM_OPEN_CREATE, 0, TOLK_TM_OPEN_READONLY};
	for (size_t k = 0; k < 3; k++) {
		ck_assert_msg(tolk_tm_open(&tm, p, (unsigned)flags[k]) == TOLK_EINVALID, "%s accepted", why);
		ck_assert_ptr_null(tm);
		ck_assert_ptr_nonnull(tolk_error_last()->file);
	}
	char *after = slurp(p, &after_len);
	ck_assert_uint_eq(before_len, after_len);
	ck_assert_msg(memcmp(before, after, before_len) == 0, "%s was changed", why);
	char side[300];
	snprintf(side, sizeof(side), "%s-wal", p);
	ck_assert_msg(!exists(side), "%s got a -wal file", why);
	snprintf(side, sizeof(side), "%s-shm", p);
	ck_assert_msg(!exists(side), "%s got a -shm file", why);
	free(before);
	free(after);
}

START_TEST(foreign_and_damaged_files_are_refused_untouched)
{
	const char *text = test_work_path("notes.txt");
	ck_assert_int_eq(tolk_file_write_atomic(text, "not a database\n", 15), 0);
	assert_refused(text, "a text file");
	ck_assert_str_eq(tolk_error_last()->message,
	                 "not a tolk translation memory (not an SQLite database); refusing to touch it");

	/* somebody else's SQLite database, in WAL mode even */
	const char *other = test_work_path("other.db");
	sqlite3 *db = NULL;
	ck_assert_int_eq(sqlite3_open(other, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES(1)",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_refused(other, "a foreign SQLite database");

	/* our own store, made by a newer tolk */
	const char *newer = test_work_path("newer.db");
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, newer, TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_free(tm);
	ck_assert_int_eq(sqlite3_open(newer, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_refused(newer, "a newer schema");
	ck_assert(strstr(tolk_error_last()->message, "newer tolk") != NULL);

	/* a store cut short */
	const char *cut = test_work_path("cut.db");
	tm = open_imported("whole.db", letter_sample());
	tolk_tm_free(tm);
	size_t len;
	char *whole = slurp(test_work_path("whole.db"), &len);
	ck_assert_uint_gt(len, 8192);
	ck_assert_int_eq(tolk_file_write_atomic(cut, whole, len / 2), 0);
	assert_refused(cut, "a truncated store");
	ck_assert(strstr(tolk_error_last()->message, "damaged") != NULL);
	ck_assert_int_eq(tolk_file_write_atomic(cut, whole, 50), 0);
	assert_refused(cut, "a store cut inside its header");
	free(whole);
}
END_TEST

/* ---- import, merge, export ---------------------------------------------------------- */
START_TEST(import_merges_duplicates_and_keeps_metadata)
{
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("merge.db"), TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_import_stats st = {0};
	ck_assert_int_eq(tolk_tm_import(&st, tm, letter_sample(), NULL), 0);
	ck_assert_uint_eq(st.units_read, 12);
	ck_assert_uint_eq(st.units_added, 10);
	ck_assert_uint_eq(st.units_merged, 1);
	ck_assert_uint_eq(st.units_empty, 1);
	/* the same file again: everything merges, nothing changes */
	ck_assert_int_eq(tolk_tm_import(&st, tm, letter_sample(), NULL), 0);
	ck_assert_uint_eq(st.units_added, 10);
	ck_assert_uint_eq(st.units_merged, 12);

	tolk_tm_summary *s = NULL;
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	ck_assert_uint_eq(s->units, 10);
	ck_assert_uint_eq(s->pair_units, 10); /* nl-BE/en-US and the three-language unit count too */
	ck_assert_uint_eq(s->nlangs, 5);
	tolk_tm_summary_free(s);

	/* one more variant of unit 2 through the API: a later change and a new note */
	tolk_tmx_tuv tuvs[2] = {{0}, {0}};
	tuvs[0].lang = "NL-nl";
	tuvs[0].text = "De Ministers spraken over alle drie de aspecten van lastenverdeling.";
	tuvs[1].lang = "en-gb";
	tuvs[1].text = "The Ministers discussed all three aspects of burden sharing.";
	char *notes[] = {"Checked again."};
	tolk_tmx_unit u = {0};
	u.changedate = 1700000000;
	u.changeid = "fien";
	u.notes = notes;
	u.nnotes = 1;
	u.tuvs = tuvs;
	u.ntuvs = 2;
	ck_assert_int_eq(tolk_tm_add(tm, &u), 0);
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	ck_assert_uint_eq(s->units, 10);
	tolk_tm_summary_free(s);

	setenv("SOURCE_DATE_EPOCH", "1604620800", 1);
	const char *out = test_work_path("merge.tmx");
	ck_assert_int_eq(tolk_tm_export(tm, out, NULL), 0);
	tolk_tm_free(tm);

	tolk_tmx_reader *r = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, out), 0);
	const tolk_tmx_unit *x;
	size_t n = 0;
	bool seen2 = false, seen1 = false, seen8 = false;
	while (tolk_tmx_reader_next(&x, r) == 0) {
		n++;
		if (x->tuid && strcmp(x->tuid, "2") == 0) {
			seen2 = true;
			char date[17];
			tolk_tmx_date_format(date, x->creationdate);
			ck_assert_str_eq(date, "20201106T120000Z"); /* the earliest creation */
			ck_assert_int_eq(x->changedate, 1700000000); /* the latest change, with its id */
			ck_assert_str_eq(x->changeid, "fien");
			ck_assert_ptr_null(x->creationid); /* dirk created a later copy, not this unit */
			ck_assert_uint_eq(x->nprops, 1);
			ck_assert_str_eq(x->props[0].type, "x-reviewed");
			ck_assert_uint_eq(x->nnotes, 2);
			ck_assert_str_eq(x->notes[0], "Second import of unit 2.");
			ck_assert_str_eq(x->notes[1], "Checked again.");
			ck_assert_str_eq(x->tuvs[0].lang, "nl-NL"); /* as first written */
		}
		if (x->tuid && strcmp(x->tuid, "1") == 0) {
			seen1 = true;
			ck_assert_str_eq(x->creationid, "anna");
			ck_assert_str_eq(x->changeid, "bert");
			ck_assert_str_eq(x->props[0].value, "kamerstuk 28676-348");
			ck_assert_str_eq(x->notes[0], "Opening of the letter.");
		}
		if (x->tuid && strcmp(x->tuid, "8") == 0) {
			seen8 = true; /* inline codes survive */
			ck_assert(strstr(x->tuvs[0].seg_xml, "<bpt i=\"1\">&lt;b&gt;</bpt>missies") != NULL);
		}
	}
	tolk_tmx_reader_free(r);
	ck_assert_uint_eq(n, 10);
	ck_assert(seen1 && seen2 && seen8);

	/* export, import the export, export again: the same bytes */
	tm = open_imported("round.db", out);
	const char *again = test_work_path("round.tmx");
	ck_assert_int_eq(tolk_tm_export(tm, again, NULL), 0);
	tolk_tm_free(tm);
	size_t la, lb;
	char *a = slurp(out, &la), *b = slurp(again, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	free(a);
	free(b);
	unsetenv("SOURCE_DATE_EPOCH");
}
END_TEST

START_TEST(import_reports_position_of_a_broken_file)
{
	const char *bad = test_work_path("broken.tmx");
	const char *xml = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" "
	                  "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"nl\" "
	                  "datatype=\"plaintext\"/><body>\n<tu><tuv xml:lang=\"nl\"><seg>Een.</seg></tuv></tu>\n"
	                  "<tu><tuv xml:lang=\"nl\"><seg>Twee.</seg></tuv>\n</body></tmx>\n";
	ck_assert_int_eq(tolk_file_write_atomic(bad, xml, strlen(xml)), 0);
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("broken.db"), TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_import_stats st = {0};
	ck_assert_int_eq(tolk_tm_import(&st, tm, bad, NULL), TOLK_EINVALID);
	const tolk_error *e = tolk_error_last();
	ck_assert_str_eq(e->file, bad);
	ck_assert_uint_gt(e->line, 0);
	/* the batch with the good unit was not committed: batches are all or nothing */
	tolk_tm_summary *s = NULL;
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	ck_assert_uint_eq(s->units, 0);
	tolk_tm_summary_free(s);
	/* the counts say what is stored: units of a rolled-back batch are not */
	tolk_buf many = TOLK_BUF_INIT;
	tolk_buf_puts(&many, "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" "
	                     "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"nl\" "
	                     "datatype=\"plaintext\"/><body>\n");
	for (int i = 0; i < 2500; i++)
		tolk_buf_printf(&many, "<tu><tuv xml:lang=\"nl\"><seg>Zin %d.</seg></tuv></tu>\n", i);
	tolk_buf_puts(&many, "<tu><tuv xml:lang=\"nl\"><seg>Kapot.</seg></tuv>\n</body></tmx>\n");
	const char *partly = test_work_path("partly.tmx");
	ck_assert_int_eq(tolk_file_write_atomic(partly, many.ptr, many.len), 0);
	tolk_buf_free(&many);
	tolk_tm_import_stats part = {0};
	tolk_tm_import_options opts = {.version = TOLK_TM_IMPORT_OPTIONS_VERSION, .batch_units = 1000};
	ck_assert_int_eq(tolk_tm_import(&part, tm, partly, &opts), TOLK_EINVALID);
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	ck_assert_uint_eq(s->units, 2000);
	tolk_tm_summary_free(s);
	ck_assert_uint_eq(part.units_added + part.units_merged, 2000);
	ck_assert_uint_ge(part.units_read, 2000);
	ck_assert_int_eq(tolk_tm_import(&st, tm, test_work_path("absent.tmx"), NULL), TOLK_ENOTFOUND);
	tolk_tm_free(tm);
}
END_TEST

START_TEST(stats_count_a_language_however_it_is_spelt)
{
	/* language tags are case-insensitive: EN-US, en-us and En-uS are one language */
	const char *head = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" "
	                   "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"*all*\" "
	                   "datatype=\"plaintext\"/><body>\n";
	static const char *const tags[][2] = {{"EN-US", "FR-FR"}, {"en-us", "fr-fr"}, {"En-uS", "fr"}, {"zh-hant-tw", "NL"}};
	tolk_buf x = TOLK_BUF_INIT;
	tolk_buf_puts(&x, head);
	for (size_t k = 0; k < sizeof(tags) / sizeof(*tags); k++)
		tolk_buf_printf(&x, "<tu><tuv xml:lang=\"%s\"><seg>Unit %zu.</seg></tuv><tuv xml:lang=\"%s\"><seg>Unité %zu.</seg></tuv></tu>\n",
		                tags[k][0], k, tags[k][1], k);
	tolk_buf_puts(&x, "</body></tmx>\n");
	const char *p = test_work_path("tags.tmx");
	ck_assert_int_eq(tolk_file_write_atomic(p, x.ptr, x.len), 0);
	tolk_buf_free(&x);
	tolk_tm *tm = open_imported("tags.db", p);
	tolk_tm_summary *s = NULL;
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	ck_assert_uint_eq(s->nlangs, 5);
	ck_assert_str_eq(s->langs[0].lang, "en-US");
	ck_assert_uint_eq(s->langs[0].count, 3);
	ck_assert_str_eq(s->langs[1].lang, "fr-FR");
	ck_assert_uint_eq(s->langs[1].count, 2);
	bool script = false;
	for (size_t k = 0; k < s->nlangs; k++)
		script |= strcmp(s->langs[k].lang, "zh-Hant-TW") == 0;
	ck_assert(script);
	tolk_tm_summary_free(s);
	tolk_tm_free(tm);
}
END_TEST

START_TEST(imports_real_world_samples)
{
	if (!test_shared_path("data/tmx-samples")) {
		test_skip("../shared/data/tmx-samples absent");
		return;
	}
	static const char *const files[] = {"mytm.tmx", "ImportTest2A.tmx", "ImportTest2B.tmx", "ImportTest2C.tmx",
	                                    "Paragraph_TM.tmx", "html_test.tmx", "tmxtest-attributes.tmx"};
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("samples.db"), TOLK_TM_OPEN_CREATE), 0);
	for (size_t k = 0; k < sizeof(files) / sizeof(*files); k++) {
		char rel[128], p[4200];
		snprintf(rel, sizeof(rel), "data/tmx-samples/%s", files[k]);
		snprintf(p, sizeof(p), "%s", test_shared_path(rel));
		tolk_tm_import_stats st = {0};
		ck_assert_msg(tolk_tm_import(&st, tm, p, NULL) == 0, "%s: %s", files[k], tolk_error_last()->message);
		ck_assert_uint_gt(st.units_read, 0);
	}
	/* an EN-US to FR-FR pair, its upper-case tags matched */
	ck_assert_int_eq(tolk_tm_set_langs(tm, "en", "fr"), 0);
	tolk_tm_match_list *m = NULL;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "Big elephants cannot fly!", NULL), 0);
	ck_assert_uint_ge(m->count, 2);
	ck_assert_str_eq(m->items[0].source, "Big elephants cannot fly.");
	ck_assert_str_eq(m->items[0].target, "Les gros éléphants ne peuvent pas voler.");
	ck_assert_str_eq(m->items[0].target_lang, "FR-FR");
	tolk_tm_match_list_free(m);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	tolk_tm_free(tm);
}
END_TEST

/* ---- lookup --------------------------------------------------------------------------- */
START_TEST(lookup_exact_fuzzy_and_language_variants)
{
	tolk_tm *tm = open_imported("lookup.db", letter_sample());
	tolk_tm_match_list *m = NULL;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "Nederland heeft in 2020 1,48 procent van het bbp aan defensie besteed.",
	                                NULL), 0);
	ck_assert_uint_eq(m->count, 1);
	ck_assert_int_eq(m->items[0].score, 100);
	ck_assert_str_eq(m->items[0].target, "In 2020 the Netherlands spent 1.48 per cent of GDP on defence.");
	ck_assert_str_eq(m->items[0].target_lang, "en-GB");
	ck_assert_uint_eq(m->items[0].ndiff, 1);
	tolk_tm_match_list_free(m);

	/* two units share the source: both come, the more recently changed first */
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "De ministers spraken over alle drie aspecten van de lastenverdeling.",
	                                NULL), 0);
	ck_assert_uint_eq(m->count, 2);
	ck_assert_int_eq(m->items[0].score, 79);
	ck_assert_int_eq(m->items[1].score, 79);
	ck_assert_str_eq(m->items[0].target, "The Ministers discussed all three aspects of burden sharing.");
	ck_assert_int_gt(m->items[0].changedate, m->items[1].changedate);
	tolk_tm_match_list_free(m);

	/* min and max */
	tolk_tm_lookup_options lo = {TOLK_TM_LOOKUP_OPTIONS_VERSION, 80, 1, false, false};
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "De ministers spraken over alle drie aspecten van de lastenverdeling.",
	                                &lo), 0);
	ck_assert_uint_eq(m->count, 0);
	tolk_tm_match_list_free(m);
	lo.min_score = 50;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "De ministers spraken over de lastenverdeling.", &lo), 0);
	ck_assert_uint_eq(m->count, 1);
	tolk_tm_match_list_free(m);

	/* nl-BE answers for nl; its target is en-US; asking for nl-BE prefers it */
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "De ministers bespraken de missies van de NAVO.", NULL), 0);
	ck_assert_uint_ge(m->count, 1);
	ck_assert_int_eq(m->items[0].score, 100);
	ck_assert_str_eq(m->items[0].source_lang, "nl-BE");
	ck_assert_str_eq(m->items[0].target_lang, "en-US");
	tolk_tm_match_list_free(m);
	/* the other direction, and a language the memory lacks */
	ck_assert_int_eq(tolk_tm_set_langs(tm, "en", "nl"), 0);
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "The ministers discussed burden sharing.", NULL), 0);
	ck_assert_uint_ge(m->count, 1);
	ck_assert_str_eq(m->items[0].target, "De ministers bespraken de lastenverdeling.");
	tolk_tm_match_list_free(m);
	ck_assert_int_eq(tolk_tm_set_langs(tm, "de", "en"), 0);
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "Die Minister sprachen.", NULL), 0);
	ck_assert_uint_eq(m->count, 0);
	tolk_tm_match_list_free(m);
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, "ab\xC3(", NULL), TOLK_EINVALID);
	tolk_tm_free(tm);
}
END_TEST

/* Compounds and capitals: found through the index (as a full scan finds them), in the high nineties. */
START_TEST(lookup_finds_compounds_written_another_way)
{
	tolk_tm *tm = open_imported("compounds.db", letter_sample());
	static const struct {
		const char *query;
		int score;
	} cases[] = {
		{"Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO Ministers van Defensie op 22 en 23 oktober 2020.",
		 99},
		{"Hierbij ontvangt u het verslag van de bijeenkomst van de NAVOMinisters van Defensie op 22 en 23 oktober 2020.",
		 99},
		{"De secretaris generaal benadrukte dat het belangrijk blijft om prioriteit te geven aan de defensieuitgaven.", 98},
		{"DE SECRETARIS-GENERAAL BENADRUKTE DAT HET BELANGRIJK BLIJFT OM PRIORITEIT TE GEVEN AAN DE DEFENSIE-UITGAVEN.",
		 98},
		{"De ministers bespraken de lasten verdeling.", 99},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		tolk_tm_lookup_options lo = {TOLK_TM_LOOKUP_OPTIONS_VERSION, 95, 5, false, false}, ex = {TOLK_TM_LOOKUP_OPTIONS_VERSION, 95, 5, true, false};
		tolk_tm_match_list *a = NULL, *b = NULL;
		ck_assert_int_eq(tolk_tm_lookup(&a, tm, cases[k].query, &lo), 0);
		ck_assert_int_eq(tolk_tm_lookup(&b, tm, cases[k].query, &ex), 0);
		ck_assert_msg(a->count == 1 && a->items[0].score == cases[k].score, "%s: %zu matches, %d", cases[k].query,
		              a->count, a->count ? a->items[0].score : -1);
		ck_assert_uint_eq(b->count, 1);
		ck_assert_int_eq(a->items[0].unit_id, b->items[0].unit_id);
		ck_assert_int_eq(b->items[0].score, cases[k].score);
		tolk_tm_match_list_free(a);
		tolk_tm_match_list_free(b);
	}
	tolk_tm_free(tm);
}
END_TEST

static int lookup_score(tolk_tm *tm, const char *text)
{
	tolk_tm_match_list *m = NULL;
	ck_assert_int_eq(tolk_tm_lookup(&m, tm, text, NULL), 0);
	int score = m->count ? m->items[0].score : -1;
	tolk_tm_match_list_free(m);
	return score;
}

/* A unit of a Dutch text (in lang) and its English translation, its variants in tuvs, changed at changedate (0: none). */
static tolk_tmx_unit pair_unit(tolk_tmx_tuv tuvs[2], const char *lang, const char *nl, const char *en,
                               time_t changedate)
{
	memset(tuvs, 0, 2 * sizeof(*tuvs));
	tuvs[0].lang = (char *)lang;
	tuvs[0].text = (char *)nl;
	tuvs[1].lang = "en-GB";
	tuvs[1].text = (char *)en;
	tolk_tmx_unit u = {0};
	u.tuvs = tuvs;
	u.ntuvs = 2;
	u.changedate = changedate;
	return u;
}

/* Add a Dutch-English unit through the API. */
static void add_pair(tolk_tm *tm, const char *nl, const char *en)
{
	tolk_tmx_tuv tuvs[2];
	tolk_tmx_unit u = pair_unit(tuvs, "nl-NL", nl, en, 0);
	ck_assert_int_eq(tolk_tm_add(tm, &u), 0);
}

/* The term filter (which terms the index holds) is used only while it covers every unit, and checked. */

START_TEST(term_filter_follows_the_store)
{
	const char *db = test_work_path("filter.db");
	tolk_tm *tm = open_imported("filter.db", letter_sample());
	const char *q = "De secretaris generaal benadrukte dat het belangrijk blijft om prioriteit te geven aan de defensieuitgaven.";
	ck_assert_int_eq(lookup_score(tm, q), 98);
	tolk_tm_free(tm);
	ck_assert_int_eq(test_sql_int(db, "SELECT upto = (SELECT max(id) FROM tuv) FROM term_filter"), 1);

	/* a filter that misses terms is found by the check; lookups trust it only while it covers the units */
	test_sql(db, "UPDATE term_filter SET bits = zeroblob(length(bits))");
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	ck_assert_int_eq(lookup_score(tm, q), -1); /* trusted: the filter says no unit holds the words */
	ck_assert_int_eq(tolk_tm_check(tm), TOLK_EINVALID);
	tolk_tm_free(tm);
	test_sql(db, "UPDATE term_filter SET upto = upto - 1"); /* stale, as after a killed import: not used */
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	ck_assert_int_eq(lookup_score(tm, q), 98);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	/* the next import rebuilds it from the index */
	ck_assert_int_eq(tolk_tm_import(NULL, tm, letter_sample(), NULL), 0);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	ck_assert_int_eq(lookup_score(tm, q), 98);
	tolk_tm_free(tm);
	ck_assert_int_eq(test_sql_int(db, "SELECT upto = (SELECT max(id) FROM tuv) FROM term_filter"), 1);
	ck_assert_int_eq(test_sql_int(db, "SELECT bits != zeroblob(length(bits)) FROM term_filter"), 1);

	/* a store made before the filter (no table): lookups as before, an import adds it */
	test_sql(db, "DROP TABLE term_filter");
	ck_assert_int_eq(tolk_tm_open(&tm, db, TOLK_TM_OPEN_READONLY), 0);
	ck_assert_int_eq(lookup_score(tm, q), 98);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	tolk_tm_free(tm);
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	add_pair(tm, "De kustwachtvliegtuigen landden in Den Helder.", "The coastguard aircraft landed in Den Helder.");
	ck_assert_int_eq(lookup_score(tm, "De kustwacht vliegtuigen landden in Den Helder."), 99);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	tolk_tm_free(tm);
	ck_assert_int_eq(test_sql_int(db, "SELECT upto = (SELECT max(id) FROM tuv) FROM term_filter"), 1);
}
END_TEST

/*
 * Posting lists read by a lookup are kept for the next lookups of the same
 * handle while the store has the same variants, and only that long: with the
 * index emptied behind its back, a handle that read the lists still answers
 * from them (a new handle cannot), and once a unit is added they are read
 * again.
 */
START_TEST(kept_posting_lists_follow_the_store)
{
	const char *db = test_work_path("kept.db");
	tolk_tm *a = open_imported("kept.db", letter_sample());
	const char *q = "De secretaris generaal benadrukte dat het belangrijk blijft om prioriteit te geven aan de defensieuitgaven.";
	ck_assert_int_eq(lookup_score(a, q), 98);
	/* the index's pages taken away (FTS5's own table of them), kept aside */
	test_sql(db, "CREATE TABLE saved AS SELECT * FROM tuv_fts_data WHERE id > 10; DELETE FROM tuv_fts_data WHERE id > 10");
	tolk_tm *b = NULL;
	ck_assert_int_eq(tolk_tm_open(&b, db, 0), 0);
	tolk_tm_match_list *m = NULL;
	int rc = tolk_tm_lookup(&m, b, q, NULL);
	ck_assert(rc < 0 || m->index_unusable); /* a new handle must read the index, and cannot */
	tolk_tm_match_list_free(m);
	m = NULL;
	ck_assert_int_eq(tolk_tm_lookup(&m, a, q, NULL), 0); /* the lists a read are still the store's */
	ck_assert(!m->index_unusable);
	ck_assert_uint_gt(m->count, 0);
	ck_assert_int_eq(m->items[0].score, 98);
	tolk_tm_match_list_free(m);
	test_sql(db, "INSERT INTO tuv_fts_data SELECT * FROM saved; DROP TABLE saved");

	/* a new variant holding q's words: a's lists are read again, so it is found */
	add_pair(b, q, "The Secretary General stressed that defence spending must stay a priority.");
	ck_assert_int_eq(lookup_score(a, q), 100);
	tolk_tm_free(a);
	tolk_tm_free(b);
}
END_TEST

/* A memory with much shared vocabulary, so that many units compete for each query. */
static uint32_t lcg;
static uint32_t rnd(uint32_t n)
{
	lcg = lcg * 1103515245u + 12345u;
	return (lcg >> 8) % n;
}

static void random_sentence(char *buf, size_t size)
{
	static const char *const words[] = {
		"de", "het", "een", "minister", "ministers", "sprak", "spraken", "over", "lastenverdeling", "navo",
		"bijeenkomst", "van", "defensie", "bondgenoten", "uitgaven", "in", "op", "oktober", "november", "2020",
		"2021", "22", "23", "Kamer", "brief", "verslag", "missie", "Irak", "Afghanistan", "Middellandse", "Zee",
		"situatie", "afschrikking", "verdediging", "en", "werd", "vastgesteld", "rapport", "uw", "gedeeld",
		"defensie-uitgaven", "defensieuitgaven", "NAVO-Ministers", "lasten", "verdeling", "lasten-verdeling",
		"NAVO-top", "navotop", "top", "bondgenootschap", "bondgenoot", "schap"};
	size_t n = 3 + rnd(14), at = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < n && at + 20 < size; k++) {
		const char *w = words[rnd(sizeof(words) / sizeof(*words))];
		at += (size_t)snprintf(buf + at, size - at, "%s%s", k ? " " : "", w);
	}
	snprintf(buf + at, size - at, "%s", rnd(4) ? "." : "?");
	if (rnd(5) == 0)
		buf[0] = (char)(buf[0] - 32 * (buf[0] >= 'a' && buf[0] <= 'z'));
}

/*
 * text with its compounds written another way (kind 0: the first two words of
 * three letters or more closed up; 1: hyphens as spaces; 2: closed compounds
 * opened), so that lookup must find units through compounds.
 */
static void compounds_another_way(char *out, size_t size, const char *text, int kind)
{
	snprintf(out, size, "%.400s", text);
	if (kind % 3 == 0) {
		for (char *sp = strchr(out, ' '); sp; sp = strchr(sp + 1, ' ')) {
			char *before = sp;
			while (before > out && before[-1] != ' ')
				before--;
			char *after_end = sp + 1 + strcspn(sp + 1, " .?");
			if (sp - before >= 3 && after_end - (sp + 1) >= 3) {
				memmove(sp, sp + 1, strlen(sp));
				return;
			}
		}
	} else if (kind % 3 == 1) {
		for (char *h = strchr(out, '-'); h; h = strchr(h, '-'))
			*h = ' ';
	} else {
		static const char *const closed[][2] = {{"defensieuitgaven", "defensie uitgaven"},
		                                        {"lastenverdeling", "lasten verdeling"},
		                                        {"navotop", "navo top"},
		                                        {"bondgenootschap", "bondgenoot-schap"}};
		for (size_t k = 0; k < sizeof(closed) / sizeof(*closed); k++) {
			char *at = strstr(out, closed[k][0]);
			size_t from = strlen(closed[k][0]), to = strlen(closed[k][1]);
			if (!at || strlen(out) + to - from >= size)
				continue;
			memmove(at + to, at + from, strlen(at + from) + 1);
			memcpy(at, closed[k][1], to);
		}
	}
}

/* A TMX writer with a Dutch header on path. */
static tolk_tmx_writer *nl_writer(const char *path)
{
	tolk_tmx_header h = {0};
	h.srclang = "nl";
	tolk_tmx_writer *w = NULL;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &h), 0);
	return w;
}

/* Write a pair_unit to w. */
static void write_pair(tolk_tmx_writer *w, const char *lang, const char *nl, const char *en, time_t changedate)
{
	tolk_tmx_tuv tuvs[2];
	tolk_tmx_unit u = pair_unit(tuvs, lang, nl, en, changedate);
	ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
}

START_TEST(lookup_through_the_index_equals_a_full_scan)
{
	setenv("SOURCE_DATE_EPOCH", "1604620800", 1);
	const char *tmx = test_work_path("random.tmx");
	tolk_tmx_writer *w = nl_writer(tmx);
	char src[512], tgt[64];
	static char kept[150][512]; /* queries are made from some of the stored sentences */
	lcg = 28676;
	for (int k = 0; k < 3000; k++) {
		random_sentence(src, sizeof(src));
		if (k % 20 == 0)
			snprintf(kept[k / 20], sizeof(kept[0]), "%s", src);
		snprintf(tgt, sizeof(tgt), "Translation %d.", k);
		/* ties in score are decided by the dates */
		write_pair(w, k % 7 ? "nl-NL" : "nl-BE", src, tgt, 1600000000 + rnd(1000));
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	unsetenv("SOURCE_DATE_EPOCH");

	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path("random.db"), TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_import_options io = {TOLK_TM_IMPORT_OPTIONS_VERSION, 500, NULL, NULL}; /* several batches */
	tolk_tm_import_stats st = {0};
	ck_assert_int_eq(tolk_tm_import(&st, tm, tmx, &io), 0);
	ck_assert_uint_eq(st.units_read, 3000);
	size_t compared = 0, nonempty = 0, through_compounds = 0;
	for (int q = 0; q < 150; q++) {
		/* a stored sentence with a word dropped, one added, compounds written another way, or a new sentence */
		if (q % 4 == 3) {
			compounds_another_way(src, sizeof(src), kept[q], q / 4);
		} else if (q % 3 == 0) {
			random_sentence(src, sizeof(src));
		} else if (q % 3 == 1) {
			const char *space = strchr(kept[q], ' ');
			snprintf(src, sizeof(src), "%.400s", space ? space + 1 : kept[q]);
		} else {
			snprintf(src, sizeof(src), "navo %.400s", kept[q]);
		}
		int mins[] = {50, 70, 90};
		for (size_t k = 0; k < 3; k++) {
			tolk_tm_lookup_options lo = {TOLK_TM_LOOKUP_OPTIONS_VERSION, mins[k], 5, false, false}, ex = {TOLK_TM_LOOKUP_OPTIONS_VERSION, mins[k], 5, true, false};
			tolk_tm_match_list *a = NULL, *b = NULL;
			ck_assert_int_eq(tolk_tm_lookup(&a, tm, src, &lo), 0);
			ck_assert_int_eq(tolk_tm_lookup(&b, tm, src, &ex), 0);
			ck_assert_msg(a->count == b->count, "%s (min %d): %zu vs %zu matches", src, mins[k], a->count, b->count);
			for (size_t i = 0; i < a->count; i++) {
				ck_assert_msg(a->items[i].unit_id == b->items[i].unit_id && a->items[i].score == b->items[i].score,
				              "%s (min %d): #%zu index %lld/%d, scan %lld/%d", src, mins[k], i,
				              (long long)a->items[i].unit_id, a->items[i].score, (long long)b->items[i].unit_id,
				              b->items[i].score);
				int sc = -1;
				ck_assert_int_eq(tolk_tm_score(&sc, src, a->items[i].source), 0);
				ck_assert_int_eq(a->items[i].score, sc);
			}
			nonempty += a->count > 0;
			/* a compound written another way still scores in the high nineties */
			through_compounds += q % 4 == 3 && k == 2 && strcmp(src, kept[q]) != 0 && a->count > 0 &&
			                     a->items[0].score >= 97;
			compared++;
			tolk_tm_match_list_free(a);
			tolk_tm_match_list_free(b);
		}
	}
	ck_assert_uint_eq(compared, 450);
	ck_assert_uint_gt(nonempty, 100); /* the comparison was not vacuous */
	ck_assert_uint_gt(through_compounds, 10);
	tolk_tm_free(tm);
}
END_TEST

/* A stored unit as the test made it: what the results' order is told from. */
typedef struct made_unit {
	char *source;
	time_t changedate;
	int score;
} made_unit;

/* Best first: the higher score, then the more recent change (what lookup promises; its unit order is not known here). */
static int cmp_made(const void *a, const void *b)
{
	const made_unit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->changedate < y->changedate ? 1 : x->changedate > y->changedate ? -1 : 0;
}

/*
 * Families of near-duplicates, as real memories grow (the same sentence with
 * another number, country or month, a word more or less, a second sentence):
 * many units tie near the top, so lookup raises its threshold from what it
 * verifies first and skips texts too long to reach it. The answer must still
 * be the full scan's, for few and many results and low and high minimums,
 * and both must be what scoring every unit and sorting gives: the scan
 * shares lookup's ranking code, so the ranking is also checked against the
 * scores and the dates the units were made with.
 */
START_TEST(lookup_among_near_duplicates_equals_a_full_scan)
{
	static const char *const bases[] = {
		"De minister heeft op %s in %s gezegd dat de uitgaven met %d procent stijgen",
		"Het overzicht van het aan %2$s gewijde hoofdstuk is op %1$s met uw Kamer gedeeld",
		"Volgens de politie werden in %2$s sinds %1$s ongeveer %3$d mensen aangehouden",
		"De bondgenoten bespraken in %2$s de lastenverdeling en de defensie-uitgaven van %3$d",
		"En dat deed ik in %2$s op %1$s",
	};
	static const char *const slots[] = {"Nederland", "Belgie", "Duitsland", "Frankrijk", "Spanje", "Polen", "Noorwegen"};
	static const char *const months[] = {"1 maart", "12 mei", "3 juni", "30 september", "10 oktober", "4 december"};
	static const char *const extra[] = {"", " echt", " volgens cijfers uit 2018", ". Dat was niet de eerste keer"};
	setenv("SOURCE_DATE_EPOCH", "1604620800", 1);
	const char *tmx = test_work_path("families.tmx");
	tolk_tmx_writer *w = nl_writer(tmx);
	char src[512], tgt[64], line[400];
	lcg = 14;
	size_t nbases = sizeof(bases) / sizeof(*bases);
	enum { NUNITS = 2500 };
	made_unit *made = calloc(NUNITS, sizeof(*made));
	ck_assert_ptr_nonnull(made);
	for (int k = 0; k < NUNITS; k++) {
		const char *base = bases[k % nbases];
		snprintf(line, sizeof(line), base, months[rnd(6)], slots[rnd(7)], (int)rnd(3000));
		snprintf(src, sizeof(src), "%s%s%s.", rnd(3) ? "" : "Ook ", line, extra[rnd(4)]);
		snprintf(tgt, sizeof(tgt), "Translation %d.", k);
		made[k].source = strdup(src);
		made[k].changedate = 1600000000 + rnd(50); /* many ties in score, decided by these */
		ck_assert_ptr_nonnull(made[k].source);
		write_pair(w, "nl-NL", src, tgt, made[k].changedate);
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	unsetenv("SOURCE_DATE_EPOCH");

	tolk_tm *tm = open_imported("families.db", tmx);
	size_t compared = 0, full = 0, high = 0;
	for (int q = 0; q < 40; q++) {
		const char *base = bases[q % nbases];
		snprintf(line, sizeof(line), base, months[rnd(6)], slots[rnd(7)], (int)rnd(3000));
		snprintf(src, sizeof(src), "%s%s%s", q % 3 ? "" : "Ook ", line, q % 4 ? "." : " nu.");
		for (size_t k = 0; k < NUNITS; k++)
			ck_assert_int_eq(tolk_tm_score(&made[k].score, src, made[k].source), 0);
		qsort(made, NUNITS, sizeof(*made), cmp_made);
		int mins[] = {50, 70, 85, 95};
		size_t maxes[] = {1, 5, 20};
		for (size_t i = 0; i < 4; i++)
			for (size_t j = 0; j < 3; j++) {
				tolk_tm_lookup_options lo = {TOLK_TM_LOOKUP_OPTIONS_VERSION, mins[i], maxes[j], false, false};
				tolk_tm_lookup_options ex = lo;
				ex.exhaustive = true;
				tolk_tm_match_list *a = NULL, *b = NULL;
				ck_assert_int_eq(tolk_tm_lookup(&a, tm, src, &lo), 0);
				ck_assert_int_eq(tolk_tm_lookup(&b, tm, src, &ex), 0);
				ck_assert_msg(a->count == b->count, "%s (min %d, max %zu): %zu vs %zu matches", src, mins[i], maxes[j],
				              a->count, b->count);
				for (size_t m = 0; m < a->count; m++)
					ck_assert_msg(a->items[m].unit_id == b->items[m].unit_id && a->items[m].score == b->items[m].score,
					              "%s (min %d, max %zu): #%zu index %lld/%d, scan %lld/%d", src, mins[i], maxes[j], m,
					              (long long)a->items[m].unit_id, a->items[m].score, (long long)b->items[m].unit_id,
					              b->items[m].score);
				size_t expected = 0;
				while (expected < NUNITS && expected < maxes[j] && made[expected].score >= mins[i])
					expected++;
				ck_assert_uint_eq(a->count, expected);
				for (size_t m = 0; m < a->count; m++)
					ck_assert_msg(a->items[m].score == made[m].score && a->items[m].changedate == made[m].changedate,
					              "%s (min %d, max %zu): #%zu is %d/%lld, sorting gives %d/%lld", src, mins[i],
					              maxes[j], m, a->items[m].score, (long long)a->items[m].changedate, made[m].score,
					              (long long)made[m].changedate);
				full += a->count == maxes[j];
				high += a->count && a->items[0].score >= 90;
				compared++;
				tolk_tm_match_list_free(a);
				tolk_tm_match_list_free(b);
			}
	}
	ck_assert_uint_eq(compared, 40 * 12);
	ck_assert_uint_gt(full, compared / 2); /* results fill up: the threshold rises above the minimum */
	ck_assert_uint_gt(high, compared / 2);
	tolk_tm_free(tm);
	for (size_t k = 0; k < NUNITS; k++)
		free(made[k].source);
	free(made);
}
END_TEST

/* ---- the index's segments ----------------------------------------------------------------- */
/* The source of the last unit random_tmx wrote. */
static char last_random_source[512];

/* count units of random sentences, numbered from first (each text its own), into a TMX at name */
static const char *random_tmx(const char *name, int first, int count)
{
	const char *tmx = test_work_path(name);
	tolk_tmx_writer *w = nl_writer(tmx);
	char src[512], sentence[400], tgt[64];
	for (int k = first; k < first + count; k++) {
		random_sentence(sentence, sizeof(sentence));
		snprintf(src, sizeof(src), "%s Nummer %d.", sentence, k);
		memcpy(last_random_source, src, sizeof(src));
		snprintf(tgt, sizeof(tgt), "Translation %d.", k);
		write_pair(w, "nl-NL", src, tgt, 0);
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	return tmx;
}

static int64_t segments(const char *db)
{
	return test_sql_int(db, "SELECT count(DISTINCT segid) FROM tuv_fts_idx");
}

static int64_t merged_at(const char *db)
{
	return test_sql_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'index_merged_at'");
}

/*
 * A bulk import leaves the search index in one segment once the store has
 * grown by an eighth since the last merge, and leaves it alone after less
 * (tm_import.c): lookups read each list from one place, and a small import
 * does not rewrite a big index.
 */
START_TEST(bulk_import_merges_the_index_once_grown)
{
	lcg = 348;
	const char *db = test_work_path("segments.db");
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, db, TOLK_TM_OPEN_CREATE), 0);
	tolk_tm_import_options io = {TOLK_TM_IMPORT_OPTIONS_VERSION, 20, NULL, NULL}; /* forty batches, forty segments */
	ck_assert_int_eq(tolk_tm_import(NULL, tm, random_tmx("first.tmx", 0, 800), &io), 0);
	ck_assert_int_eq(segments(db), 1);
	ck_assert_int_eq(merged_at(db), 1600); /* 800 units of two variants */

	/* single units and a small import add segments and do not merge */
	char src[64];
	for (int k = 0; k < 3; k++) {
		snprintf(src, sizeof(src), "Een losse eenheid nummer %d.", k);
		add_pair(tm, src, "A single unit.");
	}
	io.batch_units = 10;
	ck_assert_int_eq(tolk_tm_import(NULL, tm, random_tmx("small.tmx", 800, 50), &io), 0);
	ck_assert_int_gt(segments(db), 5);
	ck_assert_int_eq(merged_at(db), 1600);

	/* lookups read every segment meanwhile: the same answers as a scan */
	tolk_tm_lookup_options lo = {TOLK_TM_LOOKUP_OPTIONS_VERSION, 60, 5, false, false}, ex = lo;
	ex.exhaustive = true;
	const char *queries[] = {"Een losse eenheid nummer 7.", last_random_source};
	for (size_t q = 0; q < 2; q++) {
		tolk_tm_match_list *a = NULL, *b = NULL;
		ck_assert_int_eq(tolk_tm_lookup(&a, tm, queries[q], &lo), 0);
		ck_assert_int_eq(tolk_tm_lookup(&b, tm, queries[q], &ex), 0);
		ck_assert_uint_gt(a->count, 0);
		ck_assert_uint_eq(a->count, b->count);
		for (size_t m = 0; m < a->count; m++)
			ck_assert(a->items[m].unit_id == b->items[m].unit_id && a->items[m].score == b->items[m].score);
		tolk_tm_match_list_free(a);
		tolk_tm_match_list_free(b);
	}

	/* an eighth more: merged again, up to the newest variant */
	ck_assert_int_eq(tolk_tm_import(NULL, tm, random_tmx("more.tmx", 850, 400), &io), 0);
	ck_assert_int_eq(segments(db), 1);
	ck_assert_int_eq(merged_at(db), test_sql_int(db, "SELECT max(id) FROM tuv"));
	ck_assert_int_eq(merged_at(db), 2 * (800 + 3 + 50 + 400));

	/* units added in batches (a CAT tool's XLIFF) are a bulk import too */
	add_pair(tm, "Nog een losse eenheid.", "One more single unit.");
	ck_assert_int_gt(segments(db), 1);
	enum { NADDED = 400 };
	static char nl[NADDED][64];
	static tolk_tmx_tuv tuvs[NADDED][2];
	static tolk_tmx_unit units[NADDED];
	for (int k = 0; k < NADDED; k++) {
		snprintf(nl[k], sizeof(nl[k]), "Eenheid %d uit een XLIFF-bestand.", k);
		units[k] = pair_unit(tuvs[k], "nl-NL", nl[k], "A unit from an XLIFF file.", 0);
	}
	ck_assert_int_eq(tolk_tm_add_units(NULL, tm, units, NADDED, &io), 0);
	ck_assert_int_eq(segments(db), 1);
	ck_assert_int_eq(merged_at(db), 2 * (800 + 3 + 50 + 400 + 1 + NADDED));
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	tolk_tm_free(tm);
}
END_TEST

/* ---- concordance --------------------------------------------------------------------- */
START_TEST(concordance_finds_inflected_forms_exact_first)
{
	tolk_tm *tm = open_imported("concordance.db", letter_sample());
	tolk_tm_hit_list *h = NULL;
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "groot uitdaging", NULL), 0);
	ck_assert_uint_eq(h->count, 1);
	ck_assert(!h->items[0].exact);
	ck_assert_uint_eq(h->items[0].nsource_spans, 2);
	ck_assert_uint_eq(h->items[0].source_spans[0].start, 3); /* "grote" */
	ck_assert_uint_eq(h->items[0].source_spans[1].end, 20);  /* "uitdagingen" */
	ck_assert_str_eq(h->items[0].target, "The major challenges and threats facing the Alliance.");
	tolk_tm_hit_list_free(h);

	/* "ministers" as typed in three units, inflected (Minister, in a compound) in others */
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "ministers", NULL), 0);
	ck_assert_uint_ge(h->count, 4);
	ck_assert(h->items[0].exact);
	bool seen_inflected = false;
	for (size_t k = 0; k < h->count; k++) {
		if (!h->items[k].exact)
			seen_inflected = true;
		else
			ck_assert(!seen_inflected); /* exact forms first */
	}
	tolk_tm_hit_list_free(h);

	/* words in order: "van defensie" yes, "defensie van" no; the compound NAVO-Ministers holds "ministers" */
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "ministers van defensie", NULL), 0);
	ck_assert_uint_eq(h->count, 1);
	ck_assert_uint_eq(h->items[0].nsource_spans, 3);
	tolk_tm_hit_list_free(h);
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "defensie van", NULL), 0);
	ck_assert_uint_eq(h->count, 0);
	tolk_tm_hit_list_free(h);
	/* a hyphen or a space between the words: "defensie uitgaven" finds defensie-uitgaven, and back */
	const char *forms[] = {"defensie uitgaven", "defensie-uitgaven", "defensie-uitgave", "NAVO ministers"};
	for (size_t k = 0; k < sizeof(forms) / sizeof(*forms); k++) {
		ck_assert_int_eq(tolk_tm_concordance(&h, tm, forms[k], NULL), 0);
		ck_assert_msg(h->count == 1, "'%s': %zu hits", forms[k], h->count);
		ck_assert_uint_ge(h->items[0].nsource_spans, 1);
		tolk_tm_hit_list_free(h);
	}
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "uitgaven defensie", NULL), 0);
	ck_assert_uint_eq(h->count, 0);
	tolk_tm_hit_list_free(h);

	/* English side only, with its own inflection */
	tolk_tm_concordance_options co = {TOLK_TM_CONCORDANCE_OPTIONS_VERSION, "en", 20};
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "discuss", &co), 0);
	ck_assert_uint_eq(h->count, 3);
	ck_assert_uint_eq(h->items[0].nsource_spans, 0);
	ck_assert_uint_eq(h->items[0].ntarget_spans, 1);
	tolk_tm_hit_list_free(h);
	co.lang = "nl";
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "discuss", &co), 0);
	ck_assert_uint_eq(h->count, 0);
	tolk_tm_hit_list_free(h);
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "...", NULL), TOLK_EINVALID);
	tolk_tm_free(tm);
}
END_TEST

/* A store of the given Dutch sentences (each with an English "Translation N."). */
static tolk_tm *open_sentences(const char *name, const char *const *nl, size_t n)
{
	setenv("SOURCE_DATE_EPOCH", "1604620800", 1);
	char tmx[300];
	snprintf(tmx, sizeof(tmx), "%s.tmx", test_work_path(name));
	tolk_tmx_writer *w = nl_writer(tmx);
	for (size_t k = 0; k < n; k++) {
		char tgt[64];
		snprintf(tgt, sizeof(tgt), "Translation %zu.", k);
		write_pair(w, "nl-NL", nl[k], tgt, 0);
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	unsetenv("SOURCE_DATE_EPOCH");
	return open_imported(name, tmx);
}

/* The marked words of a hit's source, joined by "|". */
static const char *marked(const tolk_tm_hit *h)
{
	static char buf[256];
	buf[0] = '\0';
	for (size_t k = 0; k < h->nsource_spans; k++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%.*s", k ? "|" : "",
		         (int)(h->source_spans[k].end - h->source_spans[k].start), h->source + h->source_spans[k].start);
	return buf;
}

START_TEST(concordance_finds_separable_verbs_split)
{
	static const char *const nl[] = {
		"Het kabinet stelde de begroting gisteren vast.",          /* 0: split */
		"De Ministers stellen de nieuwe richtlijnen vast in Brussel.", /* 1: split, a preposition after */
		"Het rapport werd door de Ministers vastgesteld.",         /* 2: participle */
		"De Kamer vraagt de regering de normen vast te stellen.",  /* 3: te-infinitive */
		"Wij stellen, na lang overleg, vast dat de uitgaven stijgen.", /* 4: a comma inside the clause */
		"Hij stelt een vast bedrag beschikbaar.",                  /* no: vast is not the clause's end */
		"Hij stelt het op prijs; de datum ligt vast.",             /* no: another clause */
		"Zij stellen voor dat de datum vast komt te liggen.",      /* no: vast in the subordinate clause */
		"Hij stelde vragen omdat de datum nog niet vast, maar open is.", /* no: a subordinate clause */
		"De bijeenkomst vond gisteren in Brussel plaats.",         /* plaatsvinden */
	};
	tolk_tm *tm = open_sentences("verbs.db", nl, sizeof(nl) / sizeof(*nl));
	tolk_tm_hit_list *h = NULL;
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "vaststellen", NULL), 0);
	static const char *const want[] = {"stelde|vast", "stellen|vast", "vastgesteld", "vast|stellen", "stellen|vast"};
	bool seen[5] = {false};
	for (size_t k = 0; k < h->count; k++) {
		int64_t unit = h->items[k].unit_id - 1;
		ck_assert_msg(unit >= 0 && unit < 5, "a false hit: %s", h->items[k].source);
		ck_assert_str_eq(marked(&h->items[k]), want[unit]);
		ck_assert(!h->items[k].exact);
		seen[unit] = true;
	}
	for (size_t k = 0; k < 5; k++)
		ck_assert_msg(seen[k], "not found: %s", nl[k]);
	tolk_tm_hit_list_free(h);

	/* in a phrase, the particle takes the verb's place; the verb comes before */
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "nieuwe richtlijnen vaststellen", NULL), 0);
	ck_assert_uint_eq(h->count, 1);
	ck_assert_str_eq(marked(&h->items[0]), "stellen|nieuwe|richtlijnen|vast");
	tolk_tm_hit_list_free(h);
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "plaatsvinden", NULL), 0);
	ck_assert_uint_eq(h->count, 1);
	ck_assert_str_eq(marked(&h->items[0]), "vond|plaats");
	tolk_tm_hit_list_free(h);
	/* English has no such verbs */
	tolk_tm_concordance_options co = {TOLK_TM_CONCORDANCE_OPTIONS_VERSION, "en", 20};
	ck_assert_int_eq(tolk_tm_concordance(&h, tm, "vaststellen", &co), 0);
	ck_assert_uint_eq(h->count, 0);
	tolk_tm_hit_list_free(h);
	tolk_tm_free(tm);
}
END_TEST

/* ---- analysis ----------------------------------------------------------------------------- */
START_TEST(analysis_counts_bands_and_pretranslates)
{
	tolk_tm *tm = open_imported("analysis.db", letter_sample());
	const char *segs[] = {
		"De grote uitdagingen en dreigingen waarmee het bondgenootschap wordt geconfronteerd.", /* 100 */
		"Nederland heeft in 2021 1,48 procent van het bbp aan defensie besteed.",               /* 98 */
		"De Ministers spraken over alle drie de aspecten van de lastenverdeling.",              /* 90 */
		"Het weer in Brussel was uitstekend.",                                                   /* none */
		"De grote uitdagingen en dreigingen waarmee het bondgenootschap wordt geconfronteerd."}; /* repeated */
	tolk_tm_analysis *a = NULL;
	ck_assert_int_eq(tolk_tm_analyze(&a, tm, segs, 5, NULL), 0);
	ck_assert_uint_eq(a->count, 5);
	ck_assert_int_eq(a->segments[0].score, 100);
	ck_assert_int_eq(a->segments[0].band, TOLK_TM_BAND_100);
	ck_assert_int_eq(a->segments[1].score, 98);
	ck_assert_int_eq(a->segments[1].band, TOLK_TM_BAND_95);
	ck_assert_int_eq(a->segments[2].score, 90);
	ck_assert_int_eq(a->segments[2].band, TOLK_TM_BAND_85);
	ck_assert_int_eq(a->segments[3].band, TOLK_TM_BAND_NONE);
	ck_assert_ptr_null(a->segments[3].match_source);
	ck_assert_int_eq(a->segments[4].band, TOLK_TM_BAND_REPETITION);
	ck_assert_uint_eq(a->band_segments[TOLK_TM_BAND_100], 1);
	ck_assert_uint_eq(a->band_words[TOLK_TM_BAND_100], 10);
	ck_assert_uint_eq(a->band_words[TOLK_TM_BAND_REPETITION], 10);
	ck_assert_uint_eq(a->band_words[TOLK_TM_BAND_NONE], 6);
	ck_assert_uint_eq(a->total_words, 10 + 12 + 11 + 6 + 10);
	ck_assert_str_eq(tolk_tm_band_name(TOLK_TM_BAND_95), "95-99%");

	const char *out = test_work_path("pre.tmx");
	ck_assert_int_eq(tolk_tm_analysis_write_tmx(a, out, 95, "nl-NL", "en-GB"), 0);
	tolk_tmx_reader *r = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&r, out), 0);
	const tolk_tmx_unit *u;
	size_t n = 0;
	while (tolk_tmx_reader_next(&u, r) == 0) {
		n++;
		ck_assert_str_eq(u->props[0].type, "x-tolk-score");
		ck_assert_uint_eq(u->ntuvs, 2);
	}
	tolk_tmx_reader_free(r);
	ck_assert_uint_eq(n, 2); /* the 100 and the 98; not the 90, not the repetition */
	tolk_tm_analysis_free(a);
	tolk_tm_free(tm);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tm");
	TCase *tc = test_work_tcase("store", 300);
	tcase_add_test(tc, open_creates_only_when_asked);
	tcase_add_test(tc, foreign_and_damaged_files_are_refused_untouched);
	tcase_add_test(tc, import_merges_duplicates_and_keeps_metadata);
	tcase_add_test(tc, import_reports_position_of_a_broken_file);
	tcase_add_test(tc, stats_count_a_language_however_it_is_spelt);
	tcase_add_test(tc, lookup_exact_fuzzy_and_language_variants);
	tcase_add_test(tc, lookup_finds_compounds_written_another_way);
	tcase_add_test(tc, term_filter_follows_the_store);
	tcase_add_test(tc, lookup_through_the_index_equals_a_full_scan);
	tcase_add_test(tc, lookup_among_near_duplicates_equals_a_full_scan);
	tcase_add_test(tc, bulk_import_merges_the_index_once_grown);
	tcase_add_test(tc, concordance_finds_inflected_forms_exact_first);
	tcase_add_test(tc, concordance_finds_separable_verbs_split);
	tcase_add_test(tc, analysis_counts_bands_and_pretranslates);
	tcase_add_test(tc, kept_posting_lists_follow_the_store);
	suite_add_tcase(s, tc);
	static const char *const samples[] = {"data/tmx-samples", NULL}; /* Okapi's files, not copied */
	TCase *shared = test_shared_tcase("shared", samples);
	tcase_add_checked_fixture(shared, test_work_setup, test_work_teardown);
	tcase_add_test(shared, imports_real_world_samples);
	suite_add_tcase(s, shared);
	return test_run_suite(s);
}
