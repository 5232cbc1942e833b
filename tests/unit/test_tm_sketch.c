/*
 * Unit tests for the variants' sketches (tm_sketch.c): the bound a sketch
 * gives is never below the scorer's score (the scorer is the oracle), the
 * stored sketches are those of the texts, lookup answers the same with and
 * without them, an import fills them in for variants that have none, and
 * a damaged one is found by the check.
 */
#include "testutil.h"
#include "test_sqlite.h"

#include <sqlite3.h>

#include "tm_backend.h"
#include "tm_lookup.h"
#include "tm_sketch.h"
#include "tolk/tm.h"
#include "tolk/tmx.h"

static uint32_t lcg;
static uint32_t rnd(uint32_t n)
{
	lcg = lcg * 1103515245u + 12345u;
	return (lcg >> 8) % n;
}

/*
 * Near-duplicates as memories hold them, with what makes a bound hard:
 * compounds written together, apart and hyphenated, numbers, repeated
 * words, longer and shorter texts.
 */
static const char *const words[] = {
	"de", "minister", "heeft", "lastenverdeling", "lasten", "verdeling", "defensieuitgaven", "defensie",
	"uitgaven", "defensie-uitgaven", "NAVO-ministers", "NAVO", "ministers", "besproken", "in", "Brussel",
	"op", "22", "oktober", "2020", "1,48", "procent", "en", "dat", "deed", "ik", "weerbaarheid", "het",
	"bondgenootschap", "bondgenoten", "van", "Kamer", "brief", "over", "afschrikking", "verdediging",
};
#define NWORDS (sizeof(words) / sizeof(*words))
/* A compound written another way: the scorer joins the pieces, the bound must allow for it. */
static const char *const respelt[][3] = {
	{"lastenverdeling", "lasten verdeling", "lasten-verdeling"},
	{"defensieuitgaven", "defensie uitgaven", "defensie-uitgaven"},
	{"defensie-uitgaven", "defensie uitgaven", "defensieuitgaven"},
	{"NAVO-ministers", "NAVO ministers", "NAVOministers"},
	{"bondgenootschap", "bondgenoot schap", "bondgenoot-schap"},
	{"weerbaarheid", "weer baarheid", "weer-baar-heid"},
};

static const char *spelling(uint32_t w)
{
	for (size_t k = 0; k < sizeof(respelt) / sizeof(*respelt); k++)
		if (strcmp(respelt[k][0], words[w]) == 0)
			return respelt[k][rnd(3)];
	return words[w];
}

static void sentence(char *out, size_t size, const uint32_t *base, size_t n)
{
	out[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		uint32_t w = base[k];
		switch (rnd(10)) {
		case 0: /* a word changed */
			w = rnd(NWORDS);
			break;
		case 1: /* a word left out */
			continue;
		default:
			break;
		}
		snprintf(out + strlen(out), size - strlen(out), k ? " %s" : "%s", spelling(w));
		if (rnd(12) == 0) /* a word more */
			snprintf(out + strlen(out), size - strlen(out), " %s", words[rnd(NWORDS)]);
	}
	snprintf(out + strlen(out), size - strlen(out), ".");
}

static const char *write_families(const char *name, size_t families, size_t per_family)
{
	const char *tmx = test_work_path(name);
	tolk_tmx_header h = {0};
	h.srclang = "nl";
	tolk_tmx_writer *w = NULL;
	ck_assert_int_eq(tolk_tmx_writer_open(&w, tmx, &h), 0);
	char src[1024], tgt[64];
	for (size_t f = 0; f < families; f++) {
		uint32_t base[24];
		size_t n = 3 + rnd(20);
		for (size_t k = 0; k < n; k++)
			base[k] = rnd(NWORDS);
		for (size_t v = 0; v < per_family; v++) {
			sentence(src, sizeof(src), base, n);
			snprintf(tgt, sizeof(tgt), "Translation %zu.%zu", f, v);
			tolk_tmx_tuv tuvs[2] = {{0}, {0}};
			tuvs[0].lang = "nl-NL";
			tuvs[0].text = src;
			tuvs[1].lang = "en-GB";
			tuvs[1].text = tgt;
			tolk_tmx_unit u = {0};
			u.tuvs = tuvs;
			u.ntuvs = 2;
			u.changedate = 1600000000 + rnd(20);
			ck_assert_int_eq(tolk_tmx_writer_add(w, &u), 0);
		}
	}
	ck_assert_int_eq(tolk_tmx_writer_close(w), 0);
	tolk_tmx_writer_free(w);
	return tmx;
}

static tolk_tm *open_imported(const char *name, const char *tmx)
{
	tolk_tm *tm = NULL;
	ck_assert_int_eq(tolk_tm_open(&tm, test_work_path(name), TOLK_TM_OPEN_CREATE), 0);
	ck_assert_int_eq(tolk_tm_import(NULL, tm, tmx, NULL), 0);
	return tm;
}

typedef struct variant {
	int64_t id, lang;
	char *text;
} variant;

static int collect(void *ctx, const tm_row *r)
{
	struct {
		variant *v;
		size_t n;
	} *all = ctx;
	all->v = realloc(all->v, (all->n + 1) * sizeof(*all->v));
	ck_assert_ptr_nonnull(all->v);
	all->v[all->n++] = (variant){r->id, r->lang, strdup(r->text)};
	return 0;
}

/*
 * Against every variant of a memory of near-duplicates, for queries made
 * the same way: the sketch's best score is at least what the scorer gives,
 * and the stored sketch is the one made from the text. The bound must also
 * rule out most pairs, or lookup would gain nothing (and this test would
 * prove little).
 */
/* Does the filter say the variant holds one of key k's terms (as tm_sketch.c asks it)? */
static bool filter_holds(const tm_sketch_query *sq, const tm_sketch *s, size_t k)
{
	for (size_t m = sq->first[k]; m < sq->first[k + 1]; m++)
		if (tm_sketch_has(s, sq->masks[m]))
			return true;
	return false;
}

START_TEST(sketch_bound_is_never_below_the_score)
{
	lcg = 7;
	tolk_tm *tm = open_imported("families.db", write_families("families.tmx", 40, 12));
	struct {
		variant *v;
		size_t n;
	} all = {NULL, 0};
	ck_assert_int_eq(tm_read_begin(tm), 0);
	ck_assert_int_eq(tm_terms_load(tm), 0);
	ck_assert_int_eq(tm->be->scan(tm, collect, &all), 0);
	ck_assert_uint_eq(all.n, 40 * 12 * 2);

	tm_tokens t = {0};
	size_t pairs = 0, ruled_out = 0, scored = 0;
	char query[1024];
	for (int q = 0; q < 60; q++) {
		/* half of them from the memory's own families, half made up */
		uint32_t base[24];
		size_t n = 1 + rnd(22);
		for (size_t k = 0; k < n; k++)
			base[k] = rnd(NWORDS);
		if (q % 2 == 0) {
			snprintf(query, sizeof(query), "%s", all.v[2 * rnd((uint32_t)all.n / 2)].text);
			query[strlen(query) - 1] = rnd(2) ? ' ' : '.';
			strcat(query, rnd(2) ? "2021" : "lastenverdeling");
		} else {
			sentence(query, sizeof(query), base, n);
		}
		ck_assert_int_eq(tm_tokenize(&tm->qtok, query, strlen(query)), 0);
		tm_qkey *keys = NULL;
		size_t nkeys = 0;
		ck_assert_int_eq(tm_query_keys(&keys, &nkeys, tm), 0);
		tm_sketch_query sq;
		ck_assert_int_eq(tm_sketch_query_init(&sq, keys, nkeys, &tm->qtok), 0);
		for (size_t k = 0; k < all.n; k++) {
			tm_sketch made;
			ck_assert_int_eq(tm_tokenize(&t, all.v[k].text, strlen(all.v[k].text)), 0);
			tm_sketch_of(&made, &t, all.v[k].lang);
			const tm_sketch *found = tm_sketch_find(tm, all.v[k].id);
			ck_assert_ptr_nonnull(found);
			tm_sketch stored = *found;
			ck_assert(memcmp(&made, &stored, sizeof(made)) == 0);
			ck_assert_uint_eq(tm_sketch_words(&stored), t.nwords);
			ck_assert_uint_eq(tm_sketch_lang(&stored), all.v[k].lang);
			int score = -1;
			ck_assert_int_eq(tolk_tm_score(&score, query, all.v[k].text), 0);
			int best = tm_sketch_best(&sq, &stored);
			ck_assert_msg(best >= score, "\"%s\" against \"%s\": scored %d, sketch bound %d", query, all.v[k].text,
			              score, best);
			/* the quick answer lookup asks for is the bound's, at every floor */
			for (int floor = 0; floor <= 100; floor += 1 + (int)rnd(9)) {
				ck_assert_msg(tm_sketch_reaches(&sq, &stored, floor) == (best >= floor),
				              "\"%s\" against \"%s\": bound %d, floor %d", query, all.v[k].text, best, floor);
				/* told the first keys' words as the filter has them, or told none, the answer is the same */
				size_t known = rnd((uint32_t)sq.nkeys + 1), held = 0;
				for (size_t j = 0; j < known; j++)
					held += filter_holds(&sq, &stored, j) ? sq.mult[j] : 0;
				ck_assert(tm_sketch_reaches_known(&sq, &stored, floor, 0, 0) == (best >= floor));
				ck_assert(tm_sketch_reaches_known(&sq, &stored, floor, known, held) == (best >= floor));
				/* told fewer (a word the filter wrongly says "maybe" to), it may only rule out more */
				if (held > 0)
					ck_assert(!tm_sketch_reaches_known(&sq, &stored, floor, known, held - 1) || best >= floor);
			}
			pairs++;
			ruled_out += best < 70;
			scored += score >= 70;
		}
		tm_sketch_query_free(&sq);
		tm_query_keys_free(keys, nkeys);
	}
	ck_assert_int_eq(tm_end_read(tm, 0), 0);
	ck_assert_uint_gt(scored, 40);             /* the queries did find near-duplicates */
	ck_assert_uint_gt(ruled_out, pairs * 3 / 4); /* and most pairs are ruled out unread */
	for (size_t k = 0; k < all.n; k++)
		free(all.v[k].text);
	free(all.v);
	tm_tokens_free(&t);
	tolk_tm_free(tm);
}
END_TEST

/* The top matches of a few lookups, as one string. */
static void answers(char *out, size_t size, tolk_tm *tm)
{
	out[0] = '\0';
	static const char *const queries[] = {
		"de minister heeft lastenverdeling besproken in Brussel op 22 oktober 2020.",
		"De NAVO-ministers en de bondgenoten over weerbaarheid.",
		"het bondgenootschap van de Kamer brief over afschrikking en verdediging.",
		"en dat deed ik.",
	};
	for (size_t q = 0; q < sizeof(queries) / sizeof(*queries); q++)
		for (int min = 50; min <= 90; min += 20) {
			tolk_tm_lookup_options lo;
			tolk_tm_lookup_options_init(&lo, TOLK_TM_LOOKUP_OPTIONS_VERSION);
			lo.min_score = min;
			lo.max_results = 4;
			tolk_tm_match_list *list = NULL;
			ck_assert_int_eq(tolk_tm_lookup(&list, tm, queries[q], &lo), 0);
			for (size_t m = 0; m < list->count; m++)
				snprintf(out + strlen(out), size - strlen(out), "%lld:%d ", (long long)list->items[m].unit_id,
				         list->items[m].score);
			snprintf(out + strlen(out), size - strlen(out), "| ");
			tolk_tm_match_list_free(list);
		}
}

/*
 * A store whose variants have no sketches (made by a tolk before them, or
 * another tolk added to it) answers the same, and the next import gives
 * every variant one; a sketch that does not match its text is damage the
 * check reports.
 */
START_TEST(missing_sketches_are_filled_and_wrong_ones_found)
{
	lcg = 11;
	const char *tmx = write_families("more.tmx", 30, 10);
	const char *db = test_work_path("more.db");
	tolk_tm *tm = open_imported("more.db", tmx);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	char with[8192], without[8192], again[8192];
	answers(with, sizeof(with), tm);
	tolk_tm_free(tm);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM tuv"), 600);
	ck_assert_int_eq(test_sql_int(db, "SELECT value FROM meta WHERE key = 'sketch_upto'"), 600);

	/* no table at all: what a store made before sketches looks like */
	test_sql(db, "DROP TABLE tuv_sketch; DELETE FROM meta WHERE key = 'sketch_upto'");
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	answers(without, sizeof(without), tm);
	ck_assert_str_eq(with, without);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	ck_assert_ptr_null(tm_sketch_find(tm, 1));
	/* an import with nothing new fills them in */
	const char *empty = test_work_path("empty.tmx");
	FILE *f = fopen(empty, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" "
	      "segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"nl\" datatype=\"plaintext\"/><body/></tmx>\n",
	      f);
	fclose(f);
	ck_assert_int_eq(tolk_tm_import(NULL, tm, empty, NULL), 0);
	ck_assert_int_eq(tolk_tm_check(tm), 0);
	for (int64_t id = 1; id <= 600; id++)
		ck_assert_msg(tm_sketch_find(tm, id), "variant %lld has no sketch", (long long)id);
	answers(again, sizeof(again), tm);
	ck_assert_str_eq(with, again);
	tolk_tm_free(tm);
	ck_assert_int_eq(test_sql_int(db, "SELECT value FROM meta WHERE key = 'sketch_upto'"), 600);
	ck_assert_int_eq(test_sql_int(db, "SELECT count(*) FROM tuv_sketch"), 600 / TM_SKETCH_CHUNK + 1);

	/* a gap in the middle (an older tolk's import between two of ours) is filled the same way */
	test_sql(db, "UPDATE tuv_sketch SET data = zeroblob(2048) WHERE chunk = 3; "
	        "UPDATE meta SET value = 191 WHERE key = 'sketch_upto'");
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	ck_assert_ptr_null(tm_sketch_find(tm, 200));
	ck_assert_int_eq(tolk_tm_import(NULL, tm, empty, NULL), 0);
	tolk_tm_free(tm);
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	ck_assert_ptr_nonnull(tm_sketch_find(tm, 200));
	tolk_tm_free(tm);

	/* one bit of one sketch set wrong: the check says which variant */
	test_sql(db, "UPDATE tuv_sketch SET data = substr(data, 1, 36) || x'ff' || substr(data, 38) WHERE chunk = 1");
	ck_assert_int_eq(tolk_tm_open(&tm, db, 0), 0);
	ck_assert_int_eq(tolk_tm_check(tm), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "variant 65 "));
	tolk_tm_free(tm);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tm_sketch");
	TCase *tc = test_work_tcase("sketch", 300);
	tcase_add_test(tc, sketch_bound_is_never_below_the_score);
	tcase_add_test(tc, missing_sketches_are_filled_and_wrong_ones_found);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
