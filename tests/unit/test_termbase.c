/* Unit tests for the term base: loading TBX, recognition, iteration, lookup. */
#include "testutil.h"

#include "tolk/termbase.h"
#include "util.h"

static tolk_termbase *seed(void)
{
	tolk_termbase *tb = NULL;
	int rc = tolk_termbase_open(&tb, test_src_path("dict/termbase.tbx"));
	if (rc < 0)
		fprintf(stderr, "%s\n", tolk_error_last()->message);
	ck_assert_int_eq(rc, 0);
	return tb;
}

/* "concept:term" of every match, joined by '|'. */
static char *recognized(tolk_termbase *tb, const char *lang, const char *text)
{
	tolk_term_match *m;
	size_t n;
	ck_assert_int_eq(tolk_termbase_recognize(&m, &n, tb, lang, text, strlen(text)), 0);
	static char buf[4096];
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[512];
		snprintf(one, sizeof(one), "%s%.*s=%s", i ? "|" : "", (int)(m[i].end - m[i].start), text + m[i].start,
		         m[i].concept_id);
		strncat(buf, one, sizeof(buf) - strlen(buf) - 1);
	}
	free(m);
	return buf;
}

START_TEST(seed_loads_with_the_required_concepts)
{
	tolk_termbase *tb = seed();
	ck_assert_uint_ge(tolk_termbase_concept_count(tb), 30);
	const tolk_concept *c;
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, "secretaris-generaal-navo"), 0);
	ck_assert_str_eq(c->subject_field, "international organisations");
	bool deprecated = false;
	for (size_t i = 0; i < c->term_count; i++)
		if (strcmp(c->terms[i].term, "Secretary-General") == 0)
			deprecated = c->terms[i].status == TOLK_TERM_DEPRECATED;
	ck_assert(deprecated);
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(recognize_inflected_multiword_longest_first)
{
	tolk_termbase *tb = seed();
	ck_assert_str_eq(recognized(tb, "nl", "De lastenverdelingen en de bondgenoten."),
	                 "lastenverdelingen=lastenverdeling|bondgenoten=bondgenoot");
	ck_assert_str_eq(recognized(tb, "nl", "aanpassing van de NAVO-missie Irak (NMI)."),
	                 "NAVO-missie Irak=nmi|NMI=nmi");
	ck_assert_str_eq(recognized(tb, "nl", "de NAVO-missies en NAVO-bondgenoten"),
	                 "NAVO-missies=navo-missie|NAVO-bondgenoten=navo-bondgenoot");
	ck_assert_str_eq(recognized(tb, "nl", "de grondgebonden luchtverdediging en luchtverdediging"),
	                 "grondgebonden luchtverdediging=grondgebonden-luchtverdediging|luchtverdediging=luchtverdediging");
	/* a hyphen broken over two lines still joins a compound */
	ck_assert_str_eq(recognized(tb, "nl", "de secretaris-\ngeneraal"), "secretaris-\ngeneraal=secretaris-generaal-navo");
	ck_assert_str_eq(recognized(tb, "en", "The Allies' defence expenditure and the Secretary-General"),
	                 "Allies=bondgenoot|defence expenditure=defensie-uitgaven|Secretary-General=secretaris-generaal-navo");
	ck_assert_str_eq(recognized(tb, "en", "Women, Peace and Security"), "Women, Peace and Security=vrouwen-vrede-veiligheid");
	/* case and diacritics do not matter */
	ck_assert_str_eq(recognized(tb, "nl", "WEERBAARHEID en wéérbaarheid"), "WEERBAARHEID=weerbaarheid|wéérbaarheid=weerbaarheid");
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(recognize_positions_are_bytes)
{
	tolk_termbase *tb = seed();
	const char *text = "Één afschrikking";
	tolk_term_match *m;
	size_t n;
	ck_assert_int_eq(tolk_termbase_recognize(&m, &n, tb, "nl", text, strlen(text)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(m[0].start, 6);
	ck_assert_uint_eq(m[0].end, strlen(text));
	ck_assert_str_eq(m[0].term, "afschrikking");
	ck_assert_str_eq(m[0].lang, "nl");
	ck_assert_int_eq(m[0].status, TOLK_TERM_PREFERRED);
	free(m);
	ck_assert_int_eq(tolk_termbase_recognize(&m, &n, tb, "de", text, strlen(text)), TOLK_ELANG);
	/* invalid UTF-8 never breaks recognition */
	ck_assert_int_eq(tolk_termbase_recognize(&m, &n, tb, "nl", "\xff\xfe" "afschrikking\xc3", 15), 0);
	ck_assert_uint_eq(n, 1);
	free(m);
	tolk_termbase_free(tb);
}
END_TEST

static int count_cb(const char *id, const char *term, tolk_term_status st, void *p)
{
	(void)id, (void)term, (void)st;
	(*(int *)p)++;
	return 0;
}

static int collect_cb(const char *id, const char *term, tolk_term_status st, void *p)
{
	(void)id;
	char *buf = p;
	char one[256];
	snprintf(one, sizeof(one), "%s%s/%s", *buf ? "|" : "", term, tolk_term_status_name(st));
	strcat(buf, one);
	return 0;
}

static int stop_cb(const char *id, const char *term, tolk_term_status st, void *p)
{
	(void)id, (void)term, (void)st, (void)p;
	return 42;
}

START_TEST(foreach_and_concept_terms)
{
	tolk_termbase *tb = seed();
	int nl = 0, en = 0;
	ck_assert_int_eq(tolk_termbase_foreach(tb, "nl", count_cb, &nl), 0);
	ck_assert_int_eq(tolk_termbase_foreach(tb, "en", count_cb, &en), 0);
	ck_assert_int_gt(nl, 30);
	ck_assert_int_gt(en, nl);
	ck_assert_int_eq(tolk_termbase_foreach(tb, "nl", stop_cb, NULL), 42);
	char buf[1024] = "";
	ck_assert_int_eq(tolk_termbase_concept_terms(tb, "secretaris-generaal-navo", "en", collect_cb, buf), 0);
	ck_assert_str_eq(buf, "Secretary General/preferred|Secretary-General/deprecated");
	ck_assert_int_eq(tolk_termbase_concept_terms(tb, "nope", "en", collect_cb, buf), TOLK_ENOTFOUND);
	ck_assert_int_eq(tolk_termbase_foreach(tb, "xx", count_cb, &nl), TOLK_ELANG);
	tolk_termbase_free(tb);
}
END_TEST

Suite *termbase_suite(void);
Suite *termbase_suite(void)
{
	Suite *s = suite_create("termbase");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, seed_loads_with_the_required_concepts);
	tcase_add_test(tc, recognize_inflected_multiword_longest_first);
	tcase_add_test(tc, recognize_positions_are_bytes);
	tcase_add_test(tc, foreach_and_concept_terms);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(termbase_suite());
}
