/* Unit tests for loading TBX in two halves on two threads: the same base as one parse, the same errors. */
#include "testutil.h"

#include "tolk/termbase.h"
#include "termbase_tbx.h"
#include "util.h"

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every concept, term and definition of a and b agree, in order. */
static void assert_same_base(const tolk_termbase *a, const tolk_termbase *b)
{
	ck_assert_uint_eq(tolk_termbase_concept_count(a), tolk_termbase_concept_count(b));
	for (size_t i = 0; i < tolk_termbase_concept_count(a); i++) {
		const tolk_concept *x, *y;
		ck_assert_int_eq(tolk_termbase_concept_at(&x, a, i), 0);
		ck_assert_int_eq(tolk_termbase_concept_at(&y, b, i), 0);
		ck_assert_str_eq(x->id, y->id);
		ck_assert(same_str(x->subject_field, y->subject_field));
		ck_assert(same_str(x->note, y->note));
		ck_assert_uint_eq(x->term_count, y->term_count);
		ck_assert_uint_eq(x->definition_count, y->definition_count);
		for (size_t t = 0; t < x->term_count; t++) {
			const tolk_term_entry *e = &x->terms[t], *f = &y->terms[t];
			ck_assert_str_eq(e->lang, f->lang);
			ck_assert_str_eq(e->term, f->term);
			ck_assert_int_eq(e->status, f->status);
			ck_assert(same_str(e->part_of_speech, f->part_of_speech));
			ck_assert(same_str(e->note, f->note));
			ck_assert(same_str(e->context, f->context));
		}
		for (size_t d = 0; d < x->definition_count; d++) {
			ck_assert_str_eq(x->definitions[d].lang, y->definitions[d].lang);
			ck_assert_str_eq(x->definitions[d].text, y->definitions[d].text);
		}
		/* the id table covers both halves */
		const tolk_concept *z;
		ck_assert_int_eq(tolk_termbase_concept(&z, b, x->id), 0);
		ck_assert_ptr_eq(z, y);
	}
}

/* No cache; parsed in one part (split false) or two from the first byte on. */
static tolk_termbase_options load_options(bool split)
{
	tolk_termbase_options o;
	ck_assert_int_eq(tolk_termbase_options_init(&o, TOLK_TERMBASE_OPTIONS_VERSION), 0);
	o.cache = TOLK_TB_CACHE_OFF;
	o.parallel_load_min = split ? 1 : SIZE_MAX;
	return o;
}

/* Open path in one parse and in two; the two-part load must really have happened. */
static void open_both(tolk_termbase **one, tolk_termbase **two, const char *path)
{
	tolk_termbase_options whole = load_options(false), halves = load_options(true);
	unsigned before = tbx_loads_in_halves();
	ck_assert_int_eq(tolk_termbase_open_ext(one, path, &whole), 0);
	ck_assert_uint_eq(tbx_loads_in_halves(), before);
	ck_assert_int_eq(tolk_termbase_open_ext(two, path, &halves), 0);
	ck_assert_uint_eq(tbx_loads_in_halves(), before + 1);
}

START_TEST(halves_give_the_seed)
{
	tolk_termbase *one, *two;
	open_both(&one, &two, test_src_path("dict/termbase.tbx"));
	ck_assert_uint_ge(tolk_termbase_concept_count(one), 30);
	assert_same_base(one, two);
	tolk_term_match_list *m1_l = NULL;
	tolk_term_match_list *m2_l = NULL;
	tolk_term_match *m1, *m2;
	size_t n1, n2;
	const char *text = "De bondgenoten spraken over lastenverdeling, afschrikking en defensie-uitgaven van de NAVO.";
	ck_assert_int_eq(tolk_termbase_recognize(&m1_l, one, "nl", text, strlen(text)), 0);
	m1 = m1_l ? m1_l->items : NULL;
	n1 = m1_l ? m1_l->count : 0;
	ck_assert_int_eq(tolk_termbase_recognize(&m2_l, two, "nl", text, strlen(text)), 0);
	m2 = m2_l ? m2_l->items : NULL;
	n2 = m2_l ? m2_l->count : 0;
	ck_assert_uint_ge(n1, 4);
	ck_assert_uint_eq(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		ck_assert_uint_eq(m1[i].start, m2[i].start);
		ck_assert_str_eq(m1[i].concept_id, m2[i].concept_id);
	}
	tolk_term_match_list_free(m1_l);
	tolk_term_match_list_free(m2_l);
	tolk_termbase_free(one);
	tolk_termbase_free(two);
}
END_TEST

/*
 * A generated base much like bench/termbase_gen.py's, 18 lines a concept after
 * a header of 12 (the root start tag on two): concept i (from 1) starts on
 * line 13 + 18 (i - 1).
 * bad_at > 0 gives that concept a damage: 1 a mistyped end tag, 2 the id of
 * concept 7, 3 an unknown language.
 */
enum { GEN_CONCEPTS = 4000 };
static unsigned long concept_line(int i)
{
	return 13 + 18ul * (unsigned long)(i - 1);
}

static void generate(const char *path, int bad_at, int damage)
{
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\"\n     xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
	      "  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>generated</p>\n"
	      "      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n<body>\n",
	      fp);
	for (int i = 1; i <= GEN_CONCEPTS; i++) {
		bool bad = i == bad_at;
		fprintf(fp,
		        "    <conceptEntry id=\"c%d\">\n"
		        "      <descrip type=\"subjectField\">%s</descrip>\n"
		        "      <langSec xml:lang=\"%s\">\n        <termSec>\n          <term>proef %d &amp; co</term>\n"
		        "          <termNote type=\"partOfSpeech\">noun</termNote>\n"
		        "          <termNote type=\"administrativeStatus\">%s</termNote>\n"
		        "        </termSec>\n      </langSec>\n"
		        "      <langSec xml:lang=\"en\">\n        <termSec>\n          <term>trial %d</%s>\n"
		        "          <note>n\xC3\xA9 %d</note>\n"
		        "        </termSec>\n      </langSec>\n"
		        "      <descrip type=\"definition\">def %d</descrip>\n"
		        "      <note>concept note</note>\n"
		        "    </conceptEntry>\n",
		        bad && damage == 2 ? 7 : i, i % 3 ? "generated" : "other", bad && damage == 3 ? "fr" : "nl", i,
		        i % 2 ? "preferredTerm-admn-sts" : "admittedTerm-admn-sts", i, bad && damage == 1 ? "trem" : "term",
		        i, i);
	}
	fputs("  </body>\n  </text>\n</tbx>\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(halves_give_a_generated_base)
{
	char path[512];
	const char *dir = test_tmpdir();
	ck_assert_ptr_nonnull(dir);
	snprintf(path, sizeof(path), "%s/gen.tbx", dir);
	generate(path, 0, 0);
	tolk_termbase *one, *two;
	open_both(&one, &two, path);
	ck_assert_uint_eq(tolk_termbase_concept_count(one), GEN_CONCEPTS);
	assert_same_base(one, two);
	const tolk_concept *c;
	ck_assert_int_eq(tolk_termbase_concept(&c, two, "c3999"), 0);
	ck_assert_str_eq(c->terms[0].term, "proef 3999 & co");
	ck_assert_str_eq(c->terms[1].note, "n\xC3\xA9 3999");
	ck_assert_str_eq(c->subject_field, "other");
	tolk_termbase_free(one);
	tolk_termbase_free(two);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* The error of a damaged concept, with the file split in two and without. */
static void expect_error(int bad_at, int damage, int code, unsigned long line, const char *words)
{
	char path[512];
	const char *dir = test_tmpdir();
	ck_assert_ptr_nonnull(dir);
	snprintf(path, sizeof(path), "%s/bad.tbx", dir);
	generate(path, bad_at, damage);
	char first[1024] = "";
	for (int split = 0; split < 2; split++) {
		tolk_termbase_options o = load_options(split);
		tolk_termbase *tb = NULL;
		ck_assert_int_eq(tolk_termbase_open_ext(&tb, path, &o), code);
		ck_assert_ptr_null(tb);
		const tolk_error *e = tolk_error_last();
		ck_assert_msg(e->line == line, "split %d: line %lu, wanted %lu (%s)", split, (unsigned long)e->line, line,
		              e->message);
		ck_assert_msg(strstr(e->message, words), "%s", e->message);
		if (split)
			ck_assert_str_eq(e->message, first);
		else
			snprintf(first, sizeof(first), "%s", e->message);
	}
	unlink(path);
	rmdir(dir);
}

START_TEST(errors_in_the_second_half_have_their_line)
{
	/* the end tag of concept 3500's English term: its 12th line */
	expect_error(3500, 1, TOLK_EINVALID, concept_line(3500) + 11, "trem");
	/* a duplicate of a concept in the first half, reported at the later one's start tag */
	expect_error(3600, 2, TOLK_EEXISTS, concept_line(3600), "c7");
	expect_error(3700, 3, TOLK_ELANG, concept_line(3700) + 2, "fr");
	/* and in the first half */
	expect_error(100, 1, TOLK_EINVALID, concept_line(100) + 11, "trem");
}
END_TEST

static Suite *termbase_load_suite(void)
{
	Suite *s = suite_create("termbase_load");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, halves_give_the_seed);
	tcase_add_test(tc, halves_give_a_generated_base);
	tcase_add_test(tc, errors_in_the_second_half_have_their_line);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(termbase_load_suite());
}
