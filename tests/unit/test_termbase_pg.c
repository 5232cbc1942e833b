/*
 * The term base in PostgreSQL: two editors at once (the three-way merge per
 * concept), hostile text through parameterised statements, fresh ids, and
 * the NOTIFY a watcher hears. Runs against $TOLK_TEST_PG_URI, else a cluster
 * of its own made with tests/pg/cluster (skipped only where PostgreSQL's
 * server is not installed, and never under CI=true).
 */
#include "testutil.h"

#include <stdbool.h>
#include <time.h>
#include "tolk/termbase.h"

static char pg_uri[512];

static tolk_termbase *edit(void)
{
	tolk_termbase *tb = NULL;
	ck_assert_int_eq(tolk_termbase_open_edit(&tb, pg_uri, true), 0);
	return tb;
}

static tolk_termbase *read_base(void)
{
	tolk_termbase *tb = NULL;
	ck_assert_int_eq(tolk_termbase_open(&tb, pg_uri), 0);
	return tb;
}

/* A concept id of this test's own, so tests sharing the database do not meet. */
static const char *unique(const char *stem)
{
	static char buf[64];
	static unsigned n;
	snprintf(buf, sizeof(buf), "%s-%ld-%u", stem, (long)getpid(), n++);
	return buf;
}

static void make_concept(const char *id, const char *nl, const char *en)
{
	tolk_termbase *tb = edit();
	ck_assert_int_eq(tolk_termbase_add_concept(tb, id, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_term(tb, id, "nl", nl, TOLK_TERM_PREFERRED, NULL, NULL), 0);
	if (en)
		ck_assert_int_eq(tolk_termbase_add_term(tb, id, "en", en, TOLK_TERM_PREFERRED, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_commit(tb), 0);
	tolk_termbase_free(tb);
}

static const tolk_term_entry *term_of(const tolk_concept *c, const char *lang, const char *term)
{
	for (size_t t = 0; t < c->term_count; t++)
		if (strncmp(c->terms[t].lang, lang, 2) == 0 && strcmp(c->terms[t].term, term) == 0)
			return &c->terms[t];
	return NULL;
}

/* A concept of the test's own (id from stem) with a Dutch and an English term, and two editors open on the base. */
static void two_editors(char id[64], const char *stem, const char *nl, const char *en, tolk_termbase **a,
                        tolk_termbase **b)
{
	snprintf(id, 64, "%s", unique(stem));
	make_concept(id, nl, en);
	*a = edit();
	*b = edit();
}

/* Commit a, then b, whose commit gives expected_b (and a message holding why when given); close both. */
static void commit_both(tolk_termbase *a, tolk_termbase *b, int expected_b, const char *why)
{
	ck_assert_int_eq(tolk_termbase_commit(a), 0);
	ck_assert_int_eq(tolk_termbase_commit(b), expected_b);
	if (why)
		ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, why));
	tolk_termbase_free(a);
	tolk_termbase_free(b);
}

/* The concept as a new reader of the base sees it (*tb to free by the caller). */
static const tolk_concept *concept_read(tolk_termbase **tb, const char *id)
{
	*tb = read_base();
	const tolk_concept *c = NULL;
	ck_assert_int_eq(tolk_termbase_concept(&c, *tb, id), 0);
	return c;
}

START_TEST(different_terms_of_one_concept_are_both_kept)
{
	char id[64];
	tolk_termbase *a, *b;
	two_editors(id, "both", "bondgenoot", "ally", &a, &b);
	ck_assert_int_eq(tolk_termbase_set_status(a, id, "en", "ally", TOLK_TERM_ADMITTED), 0);
	ck_assert_int_eq(tolk_termbase_add_term(b, id, "en", "allied nation", TOLK_TERM_PREFERRED, "noun", NULL), 0);
	commit_both(a, b, 0, NULL);
	tolk_termbase *tb;
	const tolk_concept *c = concept_read(&tb, id);
	ck_assert_uint_eq(c->term_count, 3);
	ck_assert_ptr_nonnull(term_of(c, "en", "ally"));
	ck_assert_int_eq(term_of(c, "en", "ally")->status, TOLK_TERM_ADMITTED);
	ck_assert_ptr_nonnull(term_of(c, "en", "allied nation"));
	ck_assert_str_eq(term_of(c, "en", "allied nation")->part_of_speech, "noun");
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(the_same_field_changed_twice_refuses_the_second)
{
	char id[64];
	tolk_termbase *a, *b;
	two_editors(id, "same", "verdrag", "treaty", &a, &b);
	ck_assert_int_eq(tolk_termbase_set_status(a, id, "en", "treaty", TOLK_TERM_DEPRECATED), 0);
	ck_assert_int_eq(tolk_termbase_set_status(b, id, "en", "treaty", TOLK_TERM_SUPERSEDED), 0);
	commit_both(a, b, TOLK_ELOCKED, "changed by another editor");
	tolk_termbase *tb;
	const tolk_concept *c = concept_read(&tb, id);
	ck_assert_int_eq(term_of(c, "en", "treaty")->status, TOLK_TERM_DEPRECATED); /* the first commit's */
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(the_same_change_twice_is_no_conflict)
{
	char id[64];
	tolk_termbase *a, *b;
	two_editors(id, "twice", "krijgsmacht", "armed forces", &a, &b);
	ck_assert_int_eq(tolk_termbase_set_definition(a, id, "en", "The army, navy and air force."), 0);
	ck_assert_int_eq(tolk_termbase_set_definition(b, id, "en", "The army, navy and air force."), 0);
	commit_both(a, b, 0, NULL);
}
END_TEST

START_TEST(removing_an_edited_concept_is_refused)
{
	char id[64];
	tolk_termbase *a, *b;
	two_editors(id, "gone", "oefening", "exercise", &a, &b);
	ck_assert_int_eq(tolk_termbase_add_term(a, id, "en", "drill", TOLK_TERM_ADMITTED, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_remove(b, id, NULL, NULL), 0);
	commit_both(a, b, TOLK_ELOCKED, NULL);
	tolk_termbase *tb;
	const tolk_concept *c = concept_read(&tb, id);
	ck_assert_uint_eq(c->term_count, 3);
	tolk_termbase_free(tb);
	/* and an edit of a concept another editor removed */
	a = edit();
	b = edit();
	ck_assert_int_eq(tolk_termbase_remove(a, id, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_set_status(b, id, "en", "drill", TOLK_TERM_DEPRECATED), 0);
	commit_both(a, b, TOLK_ELOCKED, NULL);
	tb = read_base();
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, id), TOLK_ENOTFOUND);
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(two_removals_may_not_empty_a_concept)
{
	char id[64];
	tolk_termbase *a, *b;
	two_editors(id, "empty", "vlootschouw", "fleet review", &a, &b);
	ck_assert_int_eq(tolk_termbase_remove(a, id, "nl", "vlootschouw"), 0);
	ck_assert_int_eq(tolk_termbase_remove(b, id, "en", "fleet review"), 0);
	commit_both(a, b, TOLK_ELOCKED, "without terms");
	tolk_termbase *tb;
	const tolk_concept *c = concept_read(&tb, id);
	ck_assert_uint_eq(c->term_count, 1);
	ck_assert_str_eq(c->terms[0].term, "fleet review");
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(hostile_text_comes_back_unchanged)
{
	static const char *const hostile[] = {
		"O'Brien",
		"'; DROP TABLE tolk_tb_terms; --",
		"\"quoted\" and 'single' and `back`",
		"back\\slash \\' \\\\ \\x00 \\0",
		"$1 $$ dollar $tag$ quoting $tag$",
		"%s %n %% printf",
		"E'\\047' U&'\\0041'",
		"Ω ß é 中文 🚀 \xE2\x80\x8B(zero width space)",
		"line\tand tab", /* stored as the TBX reader reads it back: one space */
	};
	static const char *const expected_last = "line and tab";
	char id[64];
	snprintf(id, sizeof(id), "%s", unique("hostile"));
	tolk_termbase *tb = edit();
	ck_assert_int_eq(tolk_termbase_add_concept(tb, id, "x'); DELETE FROM tolk_tb_concepts; --", "\\'\"note"), 0);
	size_t n = sizeof(hostile) / sizeof(hostile[0]);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(tolk_termbase_add_term(tb, id, i % 2 ? "en" : "nl", hostile[i], TOLK_TERM_PREFERRED, NULL,
		                                        hostile[(i + 1) % n]),
		                 0);
	ck_assert_int_eq(tolk_termbase_set_definition(tb, id, "nl", hostile[1]), 0);
	ck_assert_int_eq(tolk_termbase_commit(tb), 0);
	size_t before = tolk_termbase_concept_count(tb);
	tolk_termbase_free(tb);

	tb = read_base();
	ck_assert_uint_eq(tolk_termbase_concept_count(tb), before);
	const tolk_concept *c;
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, id), 0);
	ck_assert_str_eq(c->subject_field, "x'); DELETE FROM tolk_tb_concepts; --");
	ck_assert_str_eq(c->note, "\\'\"note");
	ck_assert_uint_eq(c->term_count, n);
	for (size_t i = 0; i < n; i++) {
		const char *want = i + 1 == n ? expected_last : hostile[i];
		const tolk_term_entry *e = term_of(c, i % 2 ? "en" : "nl", want);
		ck_assert_msg(e != NULL, "term %zu (%s) lost", i, want);
		ck_assert_str_eq(e->note, (i + 2 == n) ? expected_last : hostile[(i + 1) % n]);
	}
	ck_assert_int_eq(c->definition_count, 1);
	ck_assert_str_eq(c->definitions[0].text, hostile[1]);
	/* found again by lookup, as typed */
	tolk_term_lookup_result *res = NULL;
	ck_assert_int_eq(tolk_termbase_lookup(&res, tb, "nl", "'; DROP TABLE tolk_tb_terms; --"), 0);
	tolk_term_lookup_result_free(res);
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(fresh_ids_differ_between_editors)
{
	tolk_termbase *a = edit(), *b = edit();
	char *ia = NULL, *ib = NULL;
	ck_assert_int_eq(tolk_termbase_new_id(&ia, a), 0);
	ck_assert_int_eq(tolk_termbase_new_id(&ib, b), 0);
	ck_assert_str_ne(ia, ib);
	ck_assert_int_eq(tolk_termbase_add_concept(a, ia, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_term(a, ia, "nl", "eenheid", TOLK_TERM_PREFERRED, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_concept(b, ib, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_term(b, ib, "nl", "eenheid", TOLK_TERM_PREFERRED, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_commit(a), 0);
	ck_assert_int_eq(tolk_termbase_commit(b), 0);
	tolk_termbase *tb = read_base();
	const tolk_concept *c;
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, ia), 0);
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, ib), 0);
	tolk_termbase_free(tb);
	free(ia);
	free(ib);
	tolk_termbase_free(a);
	tolk_termbase_free(b);
}
END_TEST

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

START_TEST(a_watcher_hears_a_commit)
{
	char id[64];
	snprintf(id, sizeof(id), "%s", unique("heard"));
	make_concept(id, "luchtmacht", NULL);
	tolk_termbase_watch *w = NULL;
	ck_assert_int_eq(tolk_termbase_watch_open(&w, pg_uri), 0);
	ck_assert_int_eq(tolk_termbase_watch_wait(w, 50), 0); /* nothing yet */
	tolk_termbase *tb = edit();
	ck_assert_int_eq(tolk_termbase_add_term(tb, id, "en", "air force", TOLK_TERM_PREFERRED, NULL, NULL), 0);
	/* an edit session that changes nothing commits nothing and tells nobody */
	tolk_termbase *idle = edit();
	ck_assert_int_eq(tolk_termbase_commit(idle), 0);
	tolk_termbase_free(idle);
	ck_assert_int_eq(tolk_termbase_watch_wait(w, 100), 0);
	double t0 = now_ms();
	ck_assert_int_eq(tolk_termbase_commit(tb), 0);
	int got = 0;
	while (got == 0 && now_ms() - t0 < 1000)
		got = tolk_termbase_watch_wait(w, 100);
	ck_assert_int_eq(got, 1);
	tolk_termbase_free(tb);
	tolk_termbase_watch_free(w);
	ck_assert(tolk_termbase_is_database(pg_uri));
	ck_assert(!tolk_termbase_is_database("dict/termbase.tbx"));
	ck_assert_int_eq(tolk_termbase_watch_open(&w, "dict/termbase.tbx"), TOLK_EINVALID);
}
END_TEST

START_TEST(an_unreachable_server_is_a_clear_error)
{
	tolk_termbase *tb = NULL;
	/* port 1 on loopback: nothing listens, and no traffic leaves the machine */
	ck_assert_int_eq(tolk_termbase_open(&tb, "postgresql://tolk:secret@127.0.0.1:1/tolk?connect_timeout=2"), TOLK_EIO);
	const char *m = tolk_error_last()->message;
	ck_assert_ptr_nonnull(strstr(m, "cannot connect to PostgreSQL"));
	ck_assert_ptr_null(strstr(tolk_error_last()->file ? tolk_error_last()->file : "", "secret"));
	ck_assert_ptr_null(strstr(m, "secret"));
}
END_TEST

static Suite *termbase_pg_suite(void)
{
	Suite *s = suite_create("termbase_pg");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, different_terms_of_one_concept_are_both_kept);
	tcase_add_test(tc, the_same_field_changed_twice_refuses_the_second);
	tcase_add_test(tc, the_same_change_twice_is_no_conflict);
	tcase_add_test(tc, removing_an_edited_concept_is_refused);
	tcase_add_test(tc, two_removals_may_not_empty_a_concept);
	tcase_add_test(tc, hostile_text_comes_back_unchanged);
	tcase_add_test(tc, fresh_ids_differ_between_editors);
	tcase_add_test(tc, a_watcher_hears_a_commit);
	tcase_add_test(tc, an_unreachable_server_is_a_clear_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int rc = test_pg_start(pg_uri, sizeof(pg_uri));
	if (rc == 0)
		rc = test_run_suite(termbase_pg_suite());
	test_pg_stop();
	return rc;
}
