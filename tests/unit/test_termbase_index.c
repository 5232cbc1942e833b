/*
 * Unit tests for the recognition index built on two threads (keys computed in
 * halves, inserted in concept order): the same index, to every slot and
 * posting, as the one-thread build, and so the same recognition results.
 */
#include "testutil.h"

#include "tolk/termbase.h"
#include "termbase_match.h"
#include "util.h"

/* Open path and build its index one way or the other; the way asked for must really be taken. */
static tolk_termbase *open_indexed(const char *path, bool split)
{
	tolk_termbase_options o;
	ck_assert_int_eq(tolk_termbase_options_init(&o, TOLK_TERMBASE_OPTIONS_VERSION), 0);
	o.cache = TOLK_TB_CACHE_OFF;
	o.parallel_index_min = split ? 1 : SIZE_MAX;
	tolk_termbase *tb;
	ck_assert_int_eq(tolk_termbase_open_ext(&tb, path, &o), 0);
	unsigned before = tb_index_builds_split();
	ck_assert_int_eq(tb_index_build(tb), 0);
	ck_assert_uint_eq(tb_index_builds_split(), before + (split ? 1 : 0));
	return tb;
}

/* Field by field: the structs have padding, whose bytes no build promises. */
static void assert_same_index(tolk_termbase *a, tolk_termbase *b)
{
	tb_index_parts x, y;
	tb_index_parts_get(&x, a->index);
	tb_index_parts_get(&y, b->index);
	ck_assert_uint_gt(x.nterms, 0);
	ck_assert_uint_eq(x.nterms, y.nterms);
	for (size_t i = 0; i < x.nterms; i++) {
		const tb_term_ref *r = &x.terms[i], *s = &y.terms[i];
		ck_assert_uint_eq(r->concept, s->concept);
		ck_assert_uint_eq(r->term, s->term);
		ck_assert_uint_eq(r->lang, s->lang);
		ck_assert_uint_eq(r->ntok, s->ntok);
		ck_assert_uint_eq(r->status, s->status);
		ck_assert(r->gap1 == s->gap1);
	}
	ck_assert_uint_eq(x.nslots, y.nslots);
	for (size_t i = 0; i < x.nslots; i++) {
		ck_assert_uint_eq(x.slots[i].head, y.slots[i].head);
		if (x.slots[i].head)
			ck_assert(x.slots[i].key == y.slots[i].key);
	}
	ck_assert_uint_eq(x.npostings, y.npostings);
	for (size_t i = 0; i < x.npostings; i++) {
		ck_assert_uint_eq(x.postings[i].term, y.postings[i].term);
		ck_assert_uint_eq(x.postings[i].next, y.postings[i].next);
	}
	ck_assert_uint_eq(x.nfilter, y.nfilter);
	ck_assert(memcmp(x.filter, y.filter, x.nfilter * sizeof(*x.filter)) == 0);
	ck_assert_uint_eq(x.nkeys, y.nkeys);
	ck_assert_uint_eq(x.max_tokens, y.max_tokens);
}

/* Every term of the base as it is, in the plural and in the genitive, in running text. */
static void terms_text(tolk_buf *text, const tolk_termbase *tb, const char *lang)
{
	static const char *const endings[] = {"", "en", "s", "'s"};
	for (size_t i = 0; i < tolk_termbase_concept_count(tb); i++) {
		const tolk_concept *c;
		ck_assert_int_eq(tolk_termbase_concept_at(&c, tb, i), 0);
		for (size_t t = 0; t < c->term_count; t++)
			if (strcmp(c->terms[t].lang, lang) == 0)
				ck_assert_int_eq(tolk_buf_printf(text, "de %s%s, ", c->terms[t].term, endings[(i + t) % 4]), 0);
	}
}

static size_t assert_same_recognition(tolk_termbase *a, tolk_termbase *b, const char *lang)
{
	tolk_buf text = {0};
	terms_text(&text, a, lang);
	tolk_term_match_list *m1_l = NULL;
	tolk_term_match_list *m2_l = NULL;
	tolk_term_match *m1, *m2;
	size_t n1, n2;
	ck_assert_int_eq(tolk_termbase_recognize(&m1_l, a, lang, text.ptr, text.len), 0);
	m1 = m1_l ? m1_l->items : NULL;
	n1 = m1_l ? m1_l->count : 0;
	ck_assert_int_eq(tolk_termbase_recognize(&m2_l, b, lang, text.ptr, text.len), 0);
	m2 = m2_l ? m2_l->items : NULL;
	n2 = m2_l ? m2_l->count : 0;
	ck_assert_uint_eq(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		ck_assert_uint_eq(m1[i].start, m2[i].start);
		ck_assert_uint_eq(m1[i].end, m2[i].end);
		ck_assert_str_eq(m1[i].concept_id, m2[i].concept_id);
		ck_assert_str_eq(m1[i].term, m2[i].term);
		ck_assert_str_eq(m1[i].lang, m2[i].lang);
		ck_assert_int_eq(m1[i].status, m2[i].status);
	}
	tolk_term_match_list_free(m1_l);
	tolk_term_match_list_free(m2_l);
	tolk_buf_free(&text);
	return n1;
}

static void assert_same_both_ways(const char *path, size_t min_matches)
{
	tolk_termbase *one = open_indexed(path, false), *two = open_indexed(path, true);
	assert_same_index(one, two);
	ck_assert_uint_ge(assert_same_recognition(one, two, "nl"), min_matches);
	ck_assert_uint_ge(assert_same_recognition(one, two, "en"), min_matches);
	tolk_termbase_free(one);
	tolk_termbase_free(two);
}

START_TEST(split_index_of_the_seed)
{
	assert_same_both_ways(test_src_path("dict/termbase.tbx"), 30);
}
END_TEST

/*
 * 4,000 concepts whose terms share words: single words and two- and
 * three-word terms (space or hyphen), diacritics, upper case, and the same
 * term in several concepts, so that index chains hold many terms and their
 * order shows.
 */
enum { GEN_CONCEPTS = 4000 };

static void gen_word(tolk_buf *out, unsigned *seed)
{
	static const char *const syl[] = {"ba", "ko", "ri", "ve", "lan", "mor", "st\xC3\xAF", "del",
	                                  "ga", "p\xC3\xA9", "ten", "wi", "Zo", "ne", "ha", "kel"};
	*seed = *seed * 1103515245u + 12345u;
	unsigned n = 2 + (*seed >> 16) % 2;
	for (unsigned i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		ck_assert_int_eq(tolk_buf_printf(out, "%s", syl[(*seed >> 16) % 16]), 0);
	}
}

static void gen_term(tolk_buf *out, unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	unsigned words = 1 + (*seed >> 16) % 3;
	for (unsigned w = 0; w < words; w++) {
		if (w)
			ck_assert_int_eq(tolk_buf_printf(out, "%s", (*seed >> 20) % 3 ? " " : "-"), 0);
		gen_word(out, seed);
	}
}

static void generate(const char *path)
{
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
	      "<tbxHeader><fileDesc><sourceDesc><p>generated</p></sourceDesc></fileDesc></tbxHeader>\n"
	      "<text><body>\n",
	      fp);
	static const char *const status[] = {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
	                                     "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"};
	unsigned seed = 7;
	for (int i = 1; i <= GEN_CONCEPTS; i++) {
		fprintf(fp, "<conceptEntry id=\"g%d\">\n", i);
		for (int l = 0; l < 2; l++) {
			fprintf(fp, "<langSec xml:lang=\"%s\">\n", l ? "en" : "nl");
			for (int t = 0; t < 1 + (i + l) % 2; t++) {
				tolk_buf term = {0};
				gen_term(&term, &seed);
				fprintf(fp,
				        "<termSec><term>%s</term>"
				        "<termNote type=\"administrativeStatus\">%s</termNote></termSec>\n",
				        term.ptr, status[(unsigned)(i + t) % 4]);
				tolk_buf_free(&term);
			}
			fputs("</langSec>\n", fp);
		}
		fputs("</conceptEntry>\n", fp);
	}
	fputs("</body></text>\n</tbx>\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(split_index_of_a_generated_base)
{
	char path[512];
	const char *dir = test_tmpdir();
	ck_assert_ptr_nonnull(dir);
	snprintf(path, sizeof(path), "%s/gen-index.tbx", dir);
	generate(path);
	assert_same_both_ways(path, GEN_CONCEPTS);
	unlink(path);
	rmdir(dir);
}
END_TEST

static Suite *termbase_index_suite(void)
{
	Suite *s = suite_create("termbase_index");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, split_index_of_the_seed);
	tcase_add_test(tc, split_index_of_a_generated_base);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(termbase_index_suite());
}
