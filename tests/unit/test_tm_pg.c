/*
 * The translation memory in PostgreSQL, through the public API only
 * (tolk_tm_open_db with a postgresql:// URI): the same units imported into a
 * SQLite store and into PostgreSQL give the same lookups, concordance, stats
 * and export; hostile text comes back as it went in; a newer schema is
 * refused; tolk_tm_copy both ways loses nothing. Expected values are the
 * SQLite store's answers and the input itself, never this backend's output.
 * Runs against $TOLK_TEST_PG_URI (each test makes a database of its own
 * there), else a cluster of its own made with tests/pg/cluster (skipped only
 * where PostgreSQL's server is not installed, and never under CI=true).
 */
#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include "tolk/tm.h"
#include "tolk/tmx.h"

static char pg_uri[512];   /* the database the cluster or $TOLK_TEST_PG_URI gives */
static char psql_bin[4200] = "psql";
static char work[4096];    /* a folder for this run's SQLite stores and TMX files */

/* ---- helpers ------------------------------------------------------------------------------ */

/* Run psql on uri with one statement; 0 when it succeeded. */
static int psql(const char *uri, const char *sql)
{
	char cmd[9000];
	snprintf(cmd, sizeof(cmd), "'%s' -X -q -v ON_ERROR_STOP=1 -d '%s' -c \"%s\" >/dev/null", psql_bin, uri, sql);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The databases this test made (each test runs in a process of its own), dropped at its end. */
static char made[8][64];
static unsigned nmade;

/* A new, empty database beside pg_uri's; its URI in out. */
static void fresh_db(char *out, size_t size)
{
	char name[64], sql[128];
	ck_assert_uint_lt(nmade, 8);
	snprintf(name, sizeof(name), "tolk_tm_test_%ld_%u", (long)getpid(), nmade);
	snprintf(made[nmade++], sizeof(made[0]), "%s", name);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	ck_assert_int_eq(psql(pg_uri, sql), 0);
	/* postgresql://user@host:port/DB[?options]: the same with DB replaced */
	const char *q = strchr(pg_uri, '?');
	size_t end = q ? (size_t)(q - pg_uri) : strlen(pg_uri);
	size_t slash = end;
	while (slash > 0 && pg_uri[slash - 1] != '/')
		slash--;
	ck_assert_uint_gt(slash, 13);
	snprintf(out, size, "%.*s%s%s", (int)slash, pg_uri, name, q ? q : "");
}

/* Drop them (on $TOLK_TEST_PG_URI's server they would stay; a failed test leaves its own behind). */
static void drop_made(void)
{
	char sql[128];
	for (unsigned i = 0; i < nmade; i++) {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", made[i]);
		ck_assert_int_eq(psql(pg_uri, sql), 0);
	}
	nmade = 0;
}

static tolk_tm *open_pg(const char *uri)
{
	tolk_tm *tm = NULL;
	int rc = tolk_tm_open_db(&tm, uri, NULL, TOLK_TM_OPEN_CREATE);
	ck_assert_msg(rc == 0, "open %s: %d %s", uri, rc, tolk_error_last() ? tolk_error_last()->message : "");
	return tm;
}

static tolk_tm *open_sqlite(const char *name)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", work, name);
	unlink(path);
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, path, TOLK_TM_OPEN_CREATE), 0);
	return tm;
}

/* A deterministic generator (the same units on every run and in both stores). */
static uint64_t rng_state;
static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

typedef struct pair {
	char *nl, *en;
} pair;

static pair *letter;
static size_t nletter;
static const char *letter_path(void) { return test_src_path("tm/kamerstuk-28676-348.nl-en.tmx"); }

static void read_letter(void)
{
	tolk_tmx_reader *rd = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&rd, letter_path()), 0);
	const tolk_tmx_unit *u;
	size_t cap = 0;
	while (tolk_tmx_reader_next(&u, rd) == 0) {
		const tolk_tmx_tuv *nl = tolk_tmx_unit_tuv(u, "nl"), *en = tolk_tmx_unit_tuv(u, "en");
		if (!nl || !en || !nl->text[0] || !en->text[0])
			continue;
		if (nletter == cap) {
			cap = cap ? 2 * cap : 64;
			letter = realloc(letter, cap * sizeof(*letter));
			ck_assert_ptr_nonnull(letter);
		}
		letter[nletter].nl = strdup(nl->text);
		letter[nletter].en = strdup(en->text);
		nletter++;
	}
	tolk_tmx_reader_free(rd);
	ck_assert_uint_gt(nletter, 50); /* the letter has some sixty aligned pairs */
}

/* s changed a little: a word dropped, two swapped, one made a number or capitals (malloc'd). */
static char *vary(const char *s)
{
	char *words[256];
	size_t n = 0;
	char *copy = strdup(s), *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w && n < 256; w = strtok_r(NULL, " ", &save))
		words[n++] = strdup(w);
	free(copy);
	for (unsigned k = 1 + rnd(2); k > 0 && n > 0; k--) {
		size_t i = rnd((unsigned)n);
		switch (rnd(4)) {
		case 0:
			if (n > 3) {
				free(words[i]);
				memmove(&words[i], &words[i + 1], (n - i - 1) * sizeof(*words));
				n--;
			}
			break;
		case 1:
			if (i + 1 < n) {
				char *t = words[i];
				words[i] = words[i + 1];
				words[i + 1] = t;
			}
			break;
		case 2: {
			char num[16];
			snprintf(num, sizeof(num), "%u", 1 + rnd(2030));
			free(words[i]);
			words[i] = strdup(num);
			break;
		}
		default:
			for (char *p = words[i]; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
		}
	}
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	char *out = malloc(len);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, words[i]);
		free(words[i]);
	}
	return out;
}

static void unit_set(tolk_tmx_unit *u, tolk_tmx_tuv *tuv, const char *nl, const char *en, time_t date)
{
	memset(u, 0, sizeof(*u));
	memset(tuv, 0, 2 * sizeof(*tuv));
	tuv[0].lang = "nl-NL";
	tuv[0].text = (char *)nl;
	tuv[1].lang = "en-GB";
	tuv[1].text = (char *)en;
	u->tuvs = tuv;
	u->ntuvs = 2;
	u->creationdate = u->changedate = date;
	u->creationid = "gen";
}

/* units written to a TMX file in work (name), for tolk_tm_import */
static const char *write_tmx(const char *name, const tolk_tmx_unit *units, size_t n)
{
	static char path[4200];
	snprintf(path, sizeof(path), "%s/%s", work, name);
	tolk_tmx_header h = {"test_tm_pg", "1", "sentence", "test_tm_pg", "en", "nl-NL", "plaintext", 1700000000};
	tolk_tmx_writer *w = NULL;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, path, &h), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(tolk_tmx_writer_add(w, &units[i]), 0);
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	ck_assert_uint_eq(tolk_tmx_writer_dropped(w), 0);
	tolk_tmx_writer_free(w);
	return path;
}

/* n generated units (variants of the letter's pairs, on few dates: many ties) into a and b (b may be NULL). */
static void add_generated(tolk_tm *a, tolk_tm *b, size_t n)
{
	tolk_tmx_unit *units = calloc(n, sizeof(*units));
	tolk_tmx_tuv *tuvs = calloc(2 * n, sizeof(*tuvs));
	char **texts = calloc(2 * n, sizeof(*texts));
	rng_state = 15;
	for (size_t i = 0; i < n; i++) {
		const pair *p = &letter[rnd((unsigned)nletter)];
		texts[2 * i] = vary(p->nl);
		texts[2 * i + 1] = rnd(3) ? strdup(p->en) : vary(p->en);
		unit_set(&units[i], &tuvs[2 * i], texts[2 * i], texts[2 * i + 1], 1700000000 + (time_t)rnd(20) * 86400);
	}
	tolk_tm_import_options io;
	ck_assert_int_eq(tolk_tm_import_options_init(&io, TOLK_TM_IMPORT_OPTIONS_VERSION), 0);
	io.batch_units = 700; /* several batches, the last one short */
	tolk_tm_import_stats sa = {0}, sb = {0};
	const char *tmx = write_tmx("generated.tmx", units, n);
	int rc = tolk_tm_import(&sa, a, tmx, &io);
	ck_assert_msg(rc == 0, "import: %d %s", rc, tolk_error_last()->message);
	ck_assert_uint_eq(sa.units_read, n);
	ck_assert_uint_eq(sa.units_added + sa.units_merged, n);
	if (b) {
		rc = tolk_tm_import(&sb, b, tmx, &io);
		ck_assert_msg(rc == 0, "import: %d %s", rc, tolk_error_last()->message);
		ck_assert_uint_eq(sb.units_read, n);
		ck_assert_uint_eq(sa.units_added, sb.units_added);
		ck_assert_uint_eq(sa.units_merged, sb.units_merged);
	}
	for (size_t i = 0; i < 2 * n; i++)
		free(texts[i]);
	free(texts);
	free(tuvs);
	free(units);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The two lists are the same, item by item (unit ids aside: each store numbers its own). */
static void same_matches(const tolk_tm_match_list *a, const tolk_tm_match_list *b, const char *q)
{
	ck_assert_msg(a->count == b->count, "'%s': %zu matches in SQLite, %zu in PostgreSQL", q, a->count, b->count);
	for (size_t i = 0; i < a->count; i++) {
		const tolk_tm_match *x = &a->items[i], *y = &b->items[i];
		ck_assert_msg(x->score == y->score && same_str(x->source, y->source) && same_str(x->target, y->target),
		              "'%s', match %zu: %d '%s' against %d '%s'", q, i, x->score, x->source, y->score, y->source);
		ck_assert(same_str(x->source_lang, y->source_lang) && same_str(x->target_lang, y->target_lang));
		ck_assert(x->creationdate == y->creationdate && x->changedate == y->changedate);
		ck_assert(same_str(x->creationid, y->creationid) && same_str(x->changeid, y->changeid));
		ck_assert_uint_eq(x->ndiff, y->ndiff);
		for (size_t d = 0; d < x->ndiff; d++)
			ck_assert(x->diff[d].op == y->diff[d].op && same_str(x->diff[d].text, y->diff[d].text));
	}
}

static void same_hits(const tolk_tm_hit_list *a, const tolk_tm_hit_list *b, const char *q)
{
	ck_assert_msg(a->count == b->count, "'%s': %zu hits in SQLite, %zu in PostgreSQL", q, a->count, b->count);
	for (size_t i = 0; i < a->count; i++) {
		const tolk_tm_hit *x = &a->items[i], *y = &b->items[i];
		ck_assert_msg(same_str(x->source, y->source) && same_str(x->target, y->target), "'%s', hit %zu", q, i);
		ck_assert(same_str(x->source_lang, y->source_lang) && same_str(x->target_lang, y->target_lang));
		ck_assert(x->exact == y->exact);
		ck_assert_uint_eq(x->nsource_spans, y->nsource_spans);
		ck_assert_uint_eq(x->ntarget_spans, y->ntarget_spans);
		for (size_t s = 0; s < x->nsource_spans; s++)
			ck_assert(x->source_spans[s].start == y->source_spans[s].start &&
			          x->source_spans[s].end == y->source_spans[s].end);
		for (size_t s = 0; s < x->ntarget_spans; s++)
			ck_assert(x->target_spans[s].start == y->target_spans[s].start &&
			          x->target_spans[s].end == y->target_spans[s].end);
	}
}

/* Whole files equal. */
static bool same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	bool same = fa && fb;
	while (same) {
		int ca = getc(fa), cb = getc(fb);
		if (ca != cb)
			same = false;
		if (ca == EOF || cb == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

static void export_to(tolk_tm *tm, const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", work, name);
	tolk_tm_export_options eo;
	ck_assert_int_eq(tolk_tm_export_options_init(&eo, TOLK_TM_EXPORT_OPTIONS_VERSION), 0);
	eo.date = 1733529600; /* one header date for every export compared */
	int rc = tolk_tm_export(tm, path, &eo);
	ck_assert_msg(rc == 0, "export to %s: %d %s", path, rc, tolk_error_last()->message);
}

static uint64_t units_of(tolk_tm *tm)
{
	tolk_tm_summary *s = NULL;
	ck_assert_int_eq(tolk_tm_stats(&s, tm), 0);
	uint64_t n = s->units;
	tolk_tm_summary_free(s);
	return n;
}

/* ---- tests -------------------------------------------------------------------------------- */

START_TEST(lookup_and_concordance_answer_as_sqlite_does)
{
	char uri[600];
	fresh_db(uri, sizeof(uri));
	tolk_tm *lite = open_sqlite("same.db"), *pg = open_pg(uri);
	tolk_tm_import_stats sa = {0}, sb = {0};
	ck_assert_int_eq(tolk_tm_import(&sa, lite, letter_path(), NULL), 0);
	ck_assert_int_eq(tolk_tm_import(&sb, pg, letter_path(), NULL), 0);
	ck_assert_uint_eq(sa.units_added, sb.units_added);
	/* tests/data's sample of the letter: units already stored are merged, the same in both */
	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	ck_assert_int_eq(tolk_tm_import(&sa, lite, test_src_path("tests/data/tm/letter-sample.tmx"), NULL), 0);
	ck_assert_int_eq(tolk_tm_import(&sb, pg, test_src_path("tests/data/tm/letter-sample.tmx"), NULL), 0);
	ck_assert_uint_gt(sb.units_read, 0);
	ck_assert_uint_eq(sa.units_added, sb.units_added);
	ck_assert_uint_eq(sa.units_merged, sb.units_merged);
	add_generated(lite, pg, 3000);
	ck_assert_uint_eq(units_of(lite), units_of(pg));

	tolk_tm_lookup_options lo;
	ck_assert_int_eq(tolk_tm_lookup_options_init(&lo, TOLK_TM_LOOKUP_OPTIONS_VERSION), 0);
	lo.min_score = 50;
	lo.max_results = 10;
	size_t with_matches = 0, exact = 0;
	rng_state = 1994; /* other variants than the stored ones */
	for (size_t i = 0; i < 120; i++) {
		const pair *p = &letter[i % nletter];
		char *q = i % 3 == 0 ? strdup(p->nl) : vary(p->nl);
		tolk_tm_match_list *a = NULL, *b = NULL;
		ck_assert_int_eq(tolk_tm_lookup(&a, lite, q, &lo), 0);
		ck_assert_int_eq(tolk_tm_lookup(&b, pg, q, &lo), 0);
		same_matches(a, b, q);
		with_matches += b->count > 0;
		if (i % 3 == 0) {
			/*
			 * The letter's own sentence: 100 first; among the 100s (a generated unit may
			 * have the same source) the letter's translation.
			 */
			ck_assert_uint_gt(b->count, 0);
			ck_assert_int_eq(b->items[0].score, 100);
			ck_assert_str_eq(b->items[0].source, p->nl);
			bool known = false;
			for (size_t m = 0; m < b->count && b->items[m].score == 100 && !known; m++)
				for (size_t k = 0; k < nletter && !known; k++)
					known = strcmp(letter[k].nl, p->nl) == 0 && same_str(letter[k].en, b->items[m].target);
			ck_assert_msg(known, "'%s': the letter's translation is not among the 100%% matches", p->nl);
			exact++;
		}
		tolk_tm_match_list_free(a);
		tolk_tm_match_list_free(b);
		free(q);
	}
	ck_assert_uint_eq(exact, 40);
	ck_assert_uint_gt(with_matches, 100); /* the comparison compared something */

	/* nothing near: both empty */
	tolk_tm_match_list *a = NULL, *b = NULL;
	ck_assert_int_eq(tolk_tm_lookup(&a, lite, "Zwaluwen vliegen laag boven het weiland.", &lo), 0);
	ck_assert_int_eq(tolk_tm_lookup(&b, pg, "Zwaluwen vliegen laag boven het weiland.", &lo), 0);
	ck_assert_uint_eq(a->count, 0);
	ck_assert_uint_eq(b->count, 0);
	tolk_tm_match_list_free(a);
	tolk_tm_match_list_free(b);

	static const char *const phrases[] = {"ministers", "NAVO", "defensie", "de Minister van Defensie",
	                                      "ministers of defence", "Oekraïne", "vaststellen", "2020"};
	tolk_tm_concordance_options co;
	ck_assert_int_eq(tolk_tm_concordance_options_init(&co, TOLK_TM_CONCORDANCE_OPTIONS_VERSION), 0);
	co.max_results = 50;
	size_t hits = 0;
	for (size_t i = 0; i < sizeof(phrases) / sizeof(*phrases); i++) {
		tolk_tm_hit_list *x = NULL, *y = NULL;
		ck_assert_int_eq(tolk_tm_concordance(&x, lite, phrases[i], &co), 0);
		ck_assert_int_eq(tolk_tm_concordance(&y, pg, phrases[i], &co), 0);
		same_hits(x, y, phrases[i]);
		hits += y->count;
		tolk_tm_hit_list_free(x);
		tolk_tm_hit_list_free(y);
	}
	ck_assert_uint_gt(hits, 50);

	/* the analysis of a draft: the same bands */
	const char *draft[8];
	char *owned[8];
	rng_state = 7;
	for (size_t i = 0; i < 8; i++)
		draft[i] = owned[i] = i < 6 ? vary(letter[i * 7 % nletter].nl) : strdup(letter[i].nl);
	tolk_tm_analysis *ra = NULL, *rb = NULL;
	ck_assert_int_eq(tolk_tm_analyze(&ra, lite, draft, 8, NULL), 0);
	ck_assert_int_eq(tolk_tm_analyze(&rb, pg, draft, 8, NULL), 0);
	for (size_t i = 0; i < 8; i++) {
		ck_assert_int_eq(ra->segments[i].score, rb->segments[i].score);
		ck_assert(same_str(ra->segments[i].match_target, rb->segments[i].match_target));
	}
	ck_assert_int_eq(rb->segments[7].score, 100);
	ck_assert_int_eq(memcmp(ra->band_words, rb->band_words, sizeof(ra->band_words)), 0);
	tolk_tm_analysis_free(ra);
	tolk_tm_analysis_free(rb);
	for (size_t i = 0; i < 8; i++)
		free(owned[i]);

	/* and the whole of it exported: the same TMX */
	char ea[4200], eb[4200];
	export_to(lite, "same-sqlite.tmx", ea, sizeof(ea));
	export_to(pg, "same-pg.tmx", eb, sizeof(eb));
	ck_assert_msg(same_file(ea, eb), "the exports of %s and %s differ", ea, eb);
	tolk_tm_free(lite);
	tolk_tm_free(pg);
	drop_made();
}
END_TEST

static const char *const hostile[] = {
	"O'Brien's 'quoted' \"double\" `back`",
	"'; DROP TABLE tolk_tu; --",
	"x'); DELETE FROM tolk_tuv; --",
	"back\\slash \\' \\\\ \\N \\x00 \\0 \\t",
	"a line\n\\.\nand after the end of COPY data",
	"tab\there\tand\r\nCRLF",
	"$1 $$ dollar $tag$ quoting $tag$ %s %n %%",
	"E'\\047' U&'\\0041' :name :'name'",
	"Ω ß é 中文 🚀 \xE2\x80\x8B zero width",
	"  leading and trailing spaces  ",
};
#define NHOSTILE (sizeof(hostile) / sizeof(*hostile))

START_TEST(hostile_text_comes_back_unchanged)
{
	char uri[600];
	fresh_db(uri, sizeof(uri));
	tolk_tm *lite = open_sqlite("hostile.db"), *pg = open_pg(uri);
	tolk_tmx_unit units[NHOSTILE];
	tolk_tmx_tuv tuvs[2 * NHOSTILE];
	char *en[NHOSTILE];
	for (size_t i = 0; i < NHOSTILE; i++) {
		en[i] = malloc(strlen(hostile[(i + 1) % NHOSTILE]) + 4);
		sprintf(en[i], "EN %s", hostile[(i + 1) % NHOSTILE]);
		unit_set(&units[i], &tuvs[2 * i], hostile[i], en[i], 1700000000);
		units[i].creationid = (char *)hostile[1];
	}
	/* the first half imported from TMX in one batch (COPY), the rest one by one */
	const char *tmx = write_tmx("hostile.tmx", units, NHOSTILE / 2);
	int rc = tolk_tm_import(NULL, pg, tmx, NULL);
	ck_assert_msg(rc == 0, "import: %d %s", rc, tolk_error_last()->message);
	ck_assert_int_eq(tolk_tm_import(NULL, lite, tmx, NULL), 0);
	for (size_t i = NHOSTILE / 2; i < NHOSTILE; i++) {
		ck_assert_int_eq(tolk_tm_add(pg, &units[i]), 0);
		ck_assert_int_eq(tolk_tm_add(lite, &units[i]), 0);
	}
	ck_assert_uint_eq(units_of(pg), NHOSTILE);

	tolk_tm_lookup_options lo;
	ck_assert_int_eq(tolk_tm_lookup_options_init(&lo, TOLK_TM_LOOKUP_OPTIONS_VERSION), 0);
	lo.min_score = 100;
	for (size_t i = 0; i < NHOSTILE; i++) {
		tolk_tm_match_list *a = NULL, *b = NULL;
		ck_assert_int_eq(tolk_tm_lookup(&b, pg, hostile[i], &lo), 0);
		ck_assert_msg(b->count >= 1, "'%s' not found", hostile[i]);
		ck_assert_str_eq(b->items[0].source, hostile[i]);
		ck_assert_str_eq(b->items[0].target, en[i]);
		ck_assert_str_eq(b->items[0].creationid, hostile[1]);
		ck_assert_int_eq(tolk_tm_lookup(&a, lite, hostile[i], &lo), 0);
		same_matches(a, b, hostile[i]);
		tolk_tm_match_list_free(a);
		tolk_tm_match_list_free(b);
	}
	tolk_tm_hit_list *h = NULL;
	ck_assert_int_eq(tolk_tm_concordance(&h, pg, "DROP TABLE", NULL), 0);
	ck_assert_uint_ge(h->count, 1);
	ck_assert(same_str(h->items[0].source, hostile[1]) || same_str(h->items[0].target, en[0]));
	tolk_tm_hit_list_free(h);

	/* out again through TMX: every text as it went in */
	char path[4200];
	export_to(pg, "hostile-pg.tmx", path, sizeof(path));
	tolk_tmx_reader *rd = NULL;
	ck_assert_int_eq(tolk_tmx_reader_open(&rd, path), 0);
	const tolk_tmx_unit *u;
	bool seen[NHOSTILE] = {false};
	size_t n = 0;
	while (tolk_tmx_reader_next(&u, rd) == 0) {
		const tolk_tmx_tuv *nl = tolk_tmx_unit_tuv(u, "nl");
		ck_assert_ptr_nonnull(nl);
		size_t i = 0;
		while (i < NHOSTILE && strcmp(hostile[i], nl->text) != 0)
			i++;
		ck_assert_msg(i < NHOSTILE, "exported '%s' was not imported", nl->text);
		ck_assert_str_eq(tolk_tmx_unit_tuv(u, "en")->text, en[i]);
		ck_assert_str_eq(u->creationid, hostile[1]);
		seen[i] = true;
		n++;
	}
	tolk_tmx_reader_free(rd);
	ck_assert_uint_eq(n, NHOSTILE);
	for (size_t i = 0; i < NHOSTILE; i++)
		ck_assert(seen[i]);
	ck_assert_int_eq(tolk_tm_check(pg), 0);
	char eb[4200];
	export_to(lite, "hostile-sqlite.tmx", eb, sizeof(eb));
	ck_assert(same_file(path, eb));
	for (size_t i = 0; i < NHOSTILE; i++)
		free(en[i]);
	tolk_tm_free(lite);
	tolk_tm_free(pg);
	drop_made();
}
END_TEST

START_TEST(a_newer_schema_is_refused)
{
	char uri[600];
	fresh_db(uri, sizeof(uri));
	tolk_tm *pg = open_pg(uri);
	ck_assert_int_eq(tolk_tm_import(NULL, pg, letter_path(), NULL), 0);
	tolk_tm_summary *s = NULL;
	ck_assert_int_eq(tolk_tm_stats(&s, pg), 0);
	int version = s->schema_version;
	tolk_tm_summary_free(s);
	ck_assert_int_gt(version, 0);
	tolk_tm_free(pg);

	char sql[128];
	snprintf(sql, sizeof(sql), "UPDATE tolk_meta SET value = '%d' WHERE key = 'schema_version'", version + 1);
	ck_assert_int_eq(psql(uri, sql), 0);
	unsigned flags[] = {0, TOLK_TM_OPEN_READONLY, TOLK_TM_OPEN_CREATE};
	for (size_t i = 0; i < 3; i++) {
		tolk_tm *tm = NULL;
		ck_assert_int_eq(tolk_tm_open_db(&tm, uri, NULL, flags[i]), TOLK_EINVALID);
		ck_assert_ptr_null(tm);
		const char *m = tolk_error_last()->message;
		char want[64];
		snprintf(want, sizeof(want), "schema %d", version + 1);
		ck_assert_msg(strstr(m, want) && strstr(m, "newer"), "message: %s", m);
	}
	/* left as it was: with the version put back, the units are all there */
	snprintf(sql, sizeof(sql), "UPDATE tolk_meta SET value = '%d' WHERE key = 'schema_version'", version);
	ck_assert_int_eq(psql(uri, sql), 0);
	tolk_tm *lite = open_sqlite("schema.db");
	ck_assert_int_eq(tolk_tm_import(NULL, lite, letter_path(), NULL), 0);
	pg = open_pg(uri);
	ck_assert_uint_eq(units_of(pg), units_of(lite));
	tolk_tm_free(pg);
	tolk_tm_free(lite);

	/* a tolk_meta of some other program is not taken for a memory */
	fresh_db(uri, sizeof(uri));
	ck_assert_int_eq(psql(uri, "CREATE TABLE tolk_meta (key text PRIMARY KEY, value text);"
	                           " INSERT INTO tolk_meta VALUES ('application', 'something else')"),
	                 0);
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open_db(&tm, uri, NULL, TOLK_TM_OPEN_CREATE), TOLK_EINVALID);
	ck_assert_ptr_null(tm);
	drop_made();
}
END_TEST

START_TEST(copy_both_ways_loses_nothing)
{
	char uri[600];
	fresh_db(uri, sizeof(uri));
	/* a: the letter, generated units and hostile ones with props and notes, in SQLite */
	tolk_tm *a = open_sqlite("copy-a.db");
	ck_assert_int_eq(tolk_tm_import(NULL, a, letter_path(), NULL), 0);
	add_generated(a, NULL, 1500);
	for (size_t i = 0; i < NHOSTILE; i++) {
		tolk_tmx_unit u;
		tolk_tmx_tuv tuv[2];
		unit_set(&u, tuv, hostile[i], hostile[NHOSTILE - 1 - i], 1600000000 + (time_t)i);
		tolk_tmx_prop prop = {"x-hostile", (char *)hostile[i]};
		char *note = (char *)hostile[(i + 3) % NHOSTILE];
		u.props = &prop;
		u.nprops = 1;
		u.notes = &note;
		u.nnotes = 1;
		u.changeid = "O'Brien";
		ck_assert_int_eq(tolk_tm_add(a, &u), 0);
	}
	uint64_t n = units_of(a);

	/* a -> PostgreSQL b -> SQLite c */
	tolk_tm *b = open_pg(uri), *c = open_sqlite("copy-c.db");
	tolk_tm_import_stats st = {0};
	ck_assert_int_eq(tolk_tm_copy(&st, b, a, NULL), 0);
	ck_assert_uint_eq(st.units_read, n);
	ck_assert_uint_eq(st.units_added, n);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(tolk_tm_copy(&st, c, b, NULL), 0);
	ck_assert_uint_eq(st.units_added, n);
	ck_assert_uint_eq(units_of(b), n);
	ck_assert_uint_eq(units_of(c), n);
	ck_assert_int_eq(tolk_tm_check(b), 0);

	char ea[4200], eb[4200], ec[4200];
	export_to(a, "copy-a.tmx", ea, sizeof(ea));
	export_to(b, "copy-b.tmx", eb, sizeof(eb));
	export_to(c, "copy-c.tmx", ec, sizeof(ec));
	ck_assert_msg(same_file(ea, eb), "SQLite -> PostgreSQL: %s and %s differ", ea, eb);
	ck_assert_msg(same_file(ea, ec), "SQLite -> PostgreSQL -> SQLite: %s and %s differ", ea, ec);

	/* copying again merges every unit into itself: nothing added, nothing changed */
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(tolk_tm_copy(&st, b, c, NULL), 0);
	ck_assert_uint_eq(st.units_added, 0);
	ck_assert_uint_eq(st.units_merged, n);
	export_to(b, "copy-b2.tmx", eb, sizeof(eb));
	ck_assert(same_file(ea, eb));

	/* PostgreSQL to PostgreSQL too */
	char uri2[600];
	fresh_db(uri2, sizeof(uri2));
	tolk_tm *d = open_pg(uri2);
	ck_assert_int_eq(tolk_tm_copy(NULL, d, b, NULL), 0);
	export_to(d, "copy-d.tmx", ec, sizeof(ec));
	ck_assert(same_file(ea, ec));
	tolk_tm_free(a);
	tolk_tm_free(b);
	tolk_tm_free(c);
	tolk_tm_free(d);
	drop_made();
}
END_TEST

/*
 * tolk_tm_add_units (the XLIFF import's entry point) on a PostgreSQL store:
 * 313b309 ran it through the SQLite importer whatever the store ("bad
 * parameter or other API misuse").
 */
START_TEST(add_units_reach_postgresql)
{
	char uri[600];
	fresh_db(uri, sizeof(uri));
	tolk_tm *lite = open_sqlite("add-units.db"), *pg = open_pg(uri);
	tolk_tmx_unit units[NHOSTILE];
	tolk_tmx_tuv tuvs[2 * NHOSTILE];
	for (size_t i = 0; i < NHOSTILE; i++)
		unit_set(&units[i], &tuvs[2 * i], hostile[i], hostile[NHOSTILE - 1 - i], 1700000000);
	tolk_tm_import_options io;
	ck_assert_int_eq(tolk_tm_import_options_init(&io, TOLK_TM_IMPORT_OPTIONS_VERSION), 0);
	io.batch_units = 3;
	tolk_tm_import_stats sa = {0}, sb = {0};
	ck_assert_int_eq(tolk_tm_add_units(&sa, lite, units, NHOSTILE, &io), 0);
	int rc = tolk_tm_add_units(&sb, pg, units, NHOSTILE, &io);
	ck_assert_msg(rc == 0, "add_units: %d %s", rc, tolk_error_last()->message);
	ck_assert_uint_eq(sb.units_added, NHOSTILE);
	ck_assert_uint_eq(sa.units_added, sb.units_added);
	char ea[4200], eb[4200];
	export_to(lite, "add-units-sqlite.tmx", ea, sizeof(ea));
	export_to(pg, "add-units-pg.tmx", eb, sizeof(eb));
	ck_assert(same_file(ea, eb));
	tolk_tm_free(lite);
	tolk_tm_free(pg);
	drop_made();
}
END_TEST

/*
 * Lookup on PostgreSQL asks the stored sketches before it fetches a
 * candidate: sketches that say "no variant holds any word" hide every match
 * (and tolk_tm_check finds them wrong), where the sketches the import wrote
 * give the same matches as the SQLite store.
 */
START_TEST(sketches_decide_what_postgresql_fetches)
{
	char uri[600];
	fresh_db(uri, sizeof(uri));
	tolk_tm *pg = open_pg(uri), *lite = open_sqlite("sketch.db");
	ck_assert_int_eq(tolk_tm_import(NULL, pg, letter_path(), NULL), 0);
	ck_assert_int_eq(tolk_tm_import(NULL, lite, letter_path(), NULL), 0);
	ck_assert_int_eq(tolk_tm_check(pg), 0);
	tolk_tm_lookup_options lo;
	ck_assert_int_eq(tolk_tm_lookup_options_init(&lo, TOLK_TM_LOOKUP_OPTIONS_VERSION), 0);
	lo.min_score = 50;
	const char *q = letter[3].nl;
	tolk_tm_match_list *a = NULL, *b = NULL;
	ck_assert_int_eq(tolk_tm_lookup(&a, lite, q, &lo), 0);
	ck_assert_int_eq(tolk_tm_lookup(&b, pg, q, &lo), 0);
	ck_assert_uint_gt(a->count, 0);
	ck_assert_int_eq(a->items[0].score, 100);
	ck_assert_uint_eq(b->count, a->count);
	for (size_t i = 0; i < a->count; i++)
		ck_assert_int_eq(b->items[i].score, a->items[i].score);
	tolk_tm_match_list_free(b);
	tolk_tm_free(pg);

	/* every sketch: 65535 words, any language, no term (bytes 0-3 ff, the filter's 28 zero) */
	ck_assert_int_eq(psql(uri, "UPDATE tolk_sketch SET data = decode(repeat('ffffffff' || repeat('00', 28), 64), 'hex')"),
	                 0);
	pg = open_pg(uri);
	ck_assert_int_eq(tolk_tm_lookup(&b, pg, q, &lo), 0);
	ck_assert_uint_eq(b->count, 0);
	tolk_tm_match_list_free(b);
	ck_assert_int_eq(tolk_tm_check(pg), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "sketch of variant"));
	tolk_tm_match_list_free(a);
	tolk_tm_free(pg);
	tolk_tm_free(lite);
	drop_made();
}
END_TEST

START_TEST(an_unreachable_server_is_a_clear_error)
{
	tolk_tm *tm = NULL;
	/* port 1 on loopback: nothing listens, and no traffic leaves the machine */
	ck_assert_int_eq(tolk_tm_open_db(&tm, "postgresql://tolk:secret@127.0.0.1:1/tolk?connect_timeout=2", NULL, 0),
	                 TOLK_EIO);
	ck_assert_ptr_null(tm);
	const tolk_error *e = tolk_error_last();
	ck_assert_ptr_null(strstr(e->message, "secret"));
	ck_assert_ptr_null(strstr(e->file ? e->file : "", "secret"));
	/* a replica to read from needs PostgreSQL on both sides */
	ck_assert_int_lt(tolk_tm_open_db(&tm, "/nonexistent/x.db", pg_uri, 0), 0);
	ck_assert_ptr_null(tm);
}
END_TEST

static Suite *tm_pg_suite(void)
{
	Suite *s = suite_create("tm_pg");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_unchecked_fixture(tc, read_letter, NULL);
	tcase_add_test(tc, lookup_and_concordance_answer_as_sqlite_does);
	tcase_add_test(tc, hostile_text_comes_back_unchanged);
	tcase_add_test(tc, a_newer_schema_is_refused);
	tcase_add_test(tc, copy_both_ways_loses_nothing);
	tcase_add_test(tc, an_unreachable_server_is_a_clear_error);
	tcase_add_test(tc, add_units_reach_postgresql);
	tcase_add_test(tc, sketches_decide_what_postgresql_fetches);
	suite_add_tcase(s, tc);
	return s;
}

static void remove_tree(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
	char *tmp = test_tmpdir();
	if (!tmp)
		return 1;
	snprintf(work, sizeof(work), "%s/work", tmp);
	if (mkdir(work, 0700) != 0)
		return 1;
	int rc = test_pg_start(pg_uri, sizeof(pg_uri));
	if (rc == 0) {
		test_pg_psql(psql_bin, sizeof(psql_bin));
		rc = test_run_suite(tm_pg_suite());
	}
	test_pg_stop();
	remove_tree(tmp);
	return rc;
}
