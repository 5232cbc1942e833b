/* Unit tests for the aligner: bead shapes, coverage, evidence, anchors, band widening, API. */
#include "testutil.h"

#include "tolk/align.h"
#include "tolk/termbase.h"

/* Segments over a NULL-terminated list of strings; paragraph 1 for all unless given. */
static tolk_segment *segs_of(const char *const *texts, size_t *n)
{
	size_t count = 0;
	while (texts[count])
		count++;
	tolk_segment *s = calloc(count ? count : 1, sizeof(*s));
	ck_assert_ptr_nonnull(s);
	for (size_t k = 0; k < count; k++) {
		s[k].text = (char *)texts[k];
		s[k].paragraph = 1;
	}
	*n = count;
	return s;
}

/* Every segment of both sides exactly once, in order. */
static void assert_covers(const tolk_alignment *a, size_t nsrc, size_t ntgt)
{
	size_t i = 0, j = 0;
	for (size_t k = 0; k < a->count; k++) {
		const tolk_bead *b = &a->beads[k];
		ck_assert_uint_eq(b->src_start, i);
		ck_assert_uint_eq(b->tgt_start, j);
		ck_assert(b->src_count + b->tgt_count > 0);
		ck_assert(b->score >= 0 && b->score <= 1);
		if (!b->src_count || !b->tgt_count)
			ck_assert(b->score == 0);
		i += b->src_count;
		j += b->tgt_count;
	}
	ck_assert_uint_eq(i, nsrc);
	ck_assert_uint_eq(j, ntgt);
}

/* "[0]:[0] [1, 2]:[1] ..." for comparing whole alignments in one assertion. */
static char *beads_str(const tolk_alignment *a)
{
	static char buf[8192];
	size_t o = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < a->count && o < sizeof(buf) - 64; k++) {
		const tolk_bead *b = &a->beads[k];
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, k ? " [" : "[");
		for (size_t x = 0; x < b->src_count; x++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, x ? ", %zu" : "%zu", b->src_start + x);
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "]:[");
		for (size_t y = 0; y < b->tgt_count; y++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, y ? ", %zu" : "%zu", b->tgt_start + y);
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "]");
	}
	return buf;
}

static tolk_alignment *align_texts(const char *const *src, const char *const *tgt,
                                   const tolk_align_options *opts)
{
	size_t ns, nt;
	tolk_segment *s = segs_of(src, &ns), *t = segs_of(tgt, &nt);
	tolk_aligner *al = NULL;
	tolk_alignment *a = NULL;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl", "en", opts), 0);
	ck_assert_int_eq(tolk_align(&a, al, s, ns, t, nt), 0);
	assert_covers(a, ns, nt);
	tolk_aligner_free(al);
	free(s);
	free(t);
	return a;
}

static const char *const nl_letter[] = {
	"Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO-Ministers van Defensie op 22 en 23 oktober 2020.",
	"De videoteleconferentie stond in het teken van lastenverdeling en NAVO-missies en -operaties.",
	"Ook werd door de Ministers kort stilgestaan bij de situatie in de Middellandse Zee.",
	"De Ministers spraken over alle drie de aspecten van lastenverdeling (cash, capabilities en contributions).",
	"Tijdens de bijeenkomst werd het zogenoemde Defence Capability Review Report vastgesteld.",
	"Het overzicht is recent met uw Kamer gedeeld (Kamerstuk 28 676, nr. 347).",
	"Nederland verwees naar de Defensievisie 2035 (Kamerstuk 34 919, nr. 71).",
	"Daarin komt deze urgentie ook aan bod.",
	"De Ministers stemden in met een herziening van het operatieplan van NMI.",
	"Uw Kamer ontvangt dit Actieplan zodra deze gereed is.",
	NULL};
static const char *const en_letter[] = {
	"I hereby send you the report of the meeting of NATO Defence Ministers held on 22 and 23 October 2020.",
	"The videoconference focused on burden sharing and NATO missions and operations.",
	"Ministers also briefly discussed the situation in the Mediterranean.",
	"Ministers discussed all three aspects of burden sharing: cash, capabilities and contributions.",
	"During the meeting, the Defence Capability Review Report was adopted.",
	"The summary was recently shared with your House (Parliamentary Paper 28 676, no. 347).",
	"The Netherlands referred to the Defence Vision 2035 (Parliamentary Paper 34 919, no. 71), which also addresses this urgency.",
	"Ministers agreed to a revision of the NMI operation plan.",
	"Your House will receive this Action Plan as soon as it is ready.",
	NULL};

START_TEST(letter_excerpt_with_a_merge)
{
	tolk_alignment *a = align_texts(nl_letter, en_letter, NULL);
	ck_assert_str_eq(beads_str(a), "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5] [6, 7]:[6] [8]:[7] [9]:[8]");
	ck_assert_double_gt(a->length_ratio, 0.5);
	ck_assert_double_lt(a->length_ratio, 1.5);
	tolk_alignment_free(a);
}
END_TEST

START_TEST(identical_texts_align_one_to_one)
{
	tolk_alignment *a = align_texts(nl_letter, nl_letter, NULL);
	ck_assert_uint_eq(a->count, 10);
	for (size_t k = 0; k < a->count; k++) {
		ck_assert_uint_eq(a->beads[k].src_count, 1);
		ck_assert_uint_eq(a->beads[k].tgt_count, 1);
		ck_assert_double_gt(a->beads[k].score, 0.9);
	}
	tolk_alignment_free(a);
}
END_TEST

/* The bead holding source segment src, which must be the lowest-scoring unit, by a margin. */
static void assert_lowest_unit(const tolk_alignment *a, size_t src, double below, double others_above)
{
	size_t at = a->count;
	for (size_t k = 0; k < a->count; k++)
		if (a->beads[k].src_count && a->beads[k].src_start <= src &&
		    src < a->beads[k].src_start + a->beads[k].src_count)
			at = k;
	ck_assert_uint_lt(at, a->count);
	ck_assert(a->beads[at].tgt_count > 0);
	ck_assert_double_lt(a->beads[at].score, below);
	for (size_t k = 0; k < a->count; k++)
		if (k != at && a->beads[k].src_count && a->beads[k].tgt_count)
			ck_assert_double_gt(a->beads[k].score, others_above);
}

/* An unrelated sentence of about the right length in place of a translation. */
START_TEST(a_mismatched_pair_scores_lowest)
{
	const char *en[10];
	memcpy(en, en_letter, sizeof(en));
	en[4] = "Heavy rain flooded several villages in the south over the weekend.";
	tolk_alignment *a = align_texts(nl_letter, en, NULL);
	ck_assert_str_eq(beads_str(a), "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5] [6, 7]:[6] [8]:[7] [9]:[8]");
	assert_lowest_unit(a, 4, 0.75, 0.9);
	tolk_alignment_free(a);
}
END_TEST

/*
 * The translation leaves a sentence out, and the search merges it into its
 * neighbour's unit: a close call, which must score below every right unit
 * (however well the words of the merged unit match).
 */
START_TEST(a_close_call_scores_below_the_clear_units)
{
	const char *en[10];
	memcpy(en, en_letter, sizeof(en));
	en[6] = "The Netherlands referred to the Defence Vision 2035 (Parliamentary Paper 34 919, no. 71).";
	tolk_alignment *a = align_texts(nl_letter, en, NULL);
	assert_lowest_unit(a, 7, 0.9, 0.9);
	tolk_alignment_free(a);
}
END_TEST

START_TEST(empty_sides)
{
	static const char *const none[] = {NULL};
	tolk_alignment *a = align_texts(none, none, NULL);
	ck_assert_uint_eq(a->count, 0);
	tolk_alignment_free(a);
	a = align_texts(none, en_letter, NULL);
	ck_assert_uint_eq(a->count, 9);
	ck_assert_str_eq(beads_str(a), "[]:[0] []:[1] []:[2] []:[3] []:[4] []:[5] []:[6] []:[7] []:[8]");
	tolk_alignment_free(a);
	a = align_texts(nl_letter, none, NULL);
	ck_assert_uint_eq(a->count, 10);
	tolk_alignment_free(a);
	/* Empty and whitespace-only segments are still covered. */
	static const char *const blanks[] = {"", "  ", "Tekst.", NULL};
	static const char *const one[] = {"Text.", NULL};
	a = align_texts(blanks, one, NULL);
	tolk_alignment_free(a);
}
END_TEST

/* Numbered sentences of varied length: only the numbers say which belongs where. */
static char **numbered(size_t n, size_t skip_from, size_t skip_to, const char *word)
{
	char **t = calloc(n + 1, sizeof(*t));
	size_t o = 0;
	for (size_t k = 0; k < n; k++) {
		if (k >= skip_from && k < skip_to)
			continue;
		char buf[256];
		int len = snprintf(buf, sizeof(buf), "%s %zu", word, 1000 + k);
		for (size_t r = 0; r < (k * 7919) % 9; r++)
			len += snprintf(buf + len, sizeof(buf) - (size_t)len, " %s", word);
		t[o++] = strdup(buf);
	}
	return t;
}

static void free_texts(char **t)
{
	for (size_t k = 0; t[k]; k++)
		free(t[k]);
	free(t);
}

/*
 * n sentences; the translation lacks 400 in the middle. Below 4000 the band
 * around the diagonal has to widen; above, the coarse block alignment finds it.
 */
static void omission(size_t n)
{
	char **src = numbered(n, 0, 0, "zin"), **tgt = numbered(n, 1200, 1600, "sentence");
	tolk_alignment *a = align_texts((const char *const *)src, (const char *const *)tgt, NULL);
	size_t omitted = 0, right = 0;
	for (size_t k = 0; k < a->count; k++) {
		const tolk_bead *b = &a->beads[k];
		if (b->src_count == 1 && b->tgt_count == 0 && b->src_start >= 1200 && b->src_start < 1600)
			omitted++;
		if (b->src_count == 1 && b->tgt_count == 1 &&
		    b->tgt_start == (b->src_start < 1200 ? b->src_start : b->src_start - 400))
			right++;
	}
	ck_assert_uint_eq(omitted, 400);
	ck_assert_uint_eq(right, n - 400);
	tolk_alignment_free(a);
	free_texts(src);
	free_texts(tgt);
}

START_TEST(long_omission_widens_the_band)
{
	omission(3000);
}
END_TEST

START_TEST(long_omission_coarse_to_fine)
{
	omission(6000);
}
END_TEST

START_TEST(given_pairs_decide_an_insertion)
{
	/* Equal lengths everywhere: only the word pairs tell where the extra sentence is. */
	static const char *const src[] = {"kat kat kat kat", "hond hond hond", "vis vis vis vis", NULL};
	static const char *const tgt[] = {"cat cat cat cat", "dog dog dog dog", "xyz xyz xyz xyz",
	                                  "fish fish fish", NULL};
	size_t ns, nt;
	tolk_segment *s = segs_of(src, &ns), *t = segs_of(tgt, &nt);
	tolk_aligner *al = NULL;
	tolk_alignment *a = NULL;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl", "en", NULL), 0);
	ck_assert_int_eq(tolk_aligner_add_pair(al, "Kat", "cat"), 0);
	ck_assert_int_eq(tolk_aligner_add_pair(al, "hond", "DOG"), 0);
	ck_assert_int_eq(tolk_aligner_add_pair(al, "vis", "fish"), 0);
	ck_assert_int_eq(tolk_aligner_add_pair(al, "", "fish"), TOLK_EINVALID);
	ck_assert_int_eq(tolk_aligner_add_pair(al, "vis\xC3", "fish"), TOLK_EINVALID);
	ck_assert_int_eq(tolk_align(&a, al, s, ns, t, nt), 0);
	ck_assert_str_eq(beads_str(a), "[0]:[0] [1]:[1] []:[2] [2]:[3]");
	tolk_alignment_free(a);
	tolk_aligner_free(al);
	free(s);
	free(t);
}
END_TEST

START_TEST(paragraph_anchors)
{
	/* Headings and paragraph starts pull beads onto paragraph boundaries. */
	static const char *const src[] = {"Inleiding", "Een korte zin hier.", "Nog een zin die wat langer is dan de vorige.",
	                                  "Slot", "Laatste zin van de brief.", NULL};
	static const char *const tgt[] = {"Introduction", "A short sentence here.",
	                                  "Another sentence that is longer than the one before.", "End",
	                                  "Last sentence of the letter.", NULL};
	size_t ns, nt;
	tolk_segment *s = segs_of(src, &ns), *t = segs_of(tgt, &nt);
	unsigned para[] = {1, 2, 2, 3, 4};
	for (size_t k = 0; k < 5; k++) {
		s[k].paragraph = t[k].paragraph = para[k];
		s[k].kind = t[k].kind = (k == 0 || k == 3) ? TOLK_SEGMENT_HEADING : TOLK_SEGMENT_SENTENCE;
	}
	tolk_aligner *al = NULL;
	tolk_alignment *a = NULL;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl", "en", NULL), 0);
	ck_assert_int_eq(tolk_align(&a, al, s, ns, t, nt), 0);
	ck_assert_str_eq(beads_str(a), "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4]");
	tolk_alignment_free(a);
	tolk_aligner_free(al);
	free(s);
	free(t);
}
END_TEST

START_TEST(length_only_is_gale_church)
{
	tolk_align_options o;
	ck_assert_int_eq(tolk_align_options_init(&o, TOLK_ALIGN_OPTIONS_VERSION), 0);
	o.lexical = false;
	tolk_alignment *a = align_texts(nl_letter, en_letter, &o);
	ck_assert_uint_eq(a->dictionary_size, 0);
	tolk_alignment_free(a);
	o.lexical = true;
	o.learn_dictionary = false;
	a = align_texts(nl_letter, en_letter, &o);
	ck_assert_uint_eq(a->dictionary_size, 0);
	tolk_alignment_free(a);
}
END_TEST

static int cancel_at(uint64_t done, uint64_t total, void *payload)
{
	ck_assert(done <= total);
	*(int *)payload += 1;
	return *(int *)payload >= 2;
}

START_TEST(progress_and_cancel)
{
	char **src = numbered(4000, 0, 0, "zin"), **tgt = numbered(4000, 0, 0, "sentence");
	size_t ns, nt;
	tolk_segment *s = segs_of((const char *const *)src, &ns), *t = segs_of((const char *const *)tgt, &nt);
	int calls = 0;
	tolk_align_options o = TOLK_ALIGN_OPTIONS_INIT;
	o.progress = cancel_at;
	o.progress_payload = &calls;
	tolk_aligner *al = NULL;
	tolk_alignment *a = NULL;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl", "en", &o), 0);
	ck_assert_int_eq(tolk_align(&a, al, s, ns, t, nt), TOLK_ECANCELLED);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(calls, 2);
	ck_assert_ptr_nonnull(tolk_error_last());
	tolk_aligner_free(al);
	free(s);
	free(t);
	free_texts(src);
	free_texts(tgt);
}
END_TEST

START_TEST(api_contract)
{
	tolk_aligner *al = (tolk_aligner *)1;
	tolk_align_options o = TOLK_ALIGN_OPTIONS_INIT;
	o.version = 99;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl", "en", &o), TOLK_EINVALID);
	ck_assert_ptr_null(al);
	ck_assert_int_eq(tolk_align_options_init(&o, 99), TOLK_EINVALID);
	ck_assert_int_eq(tolk_aligner_new(&al, NULL, NULL, NULL), 0);
	tolk_alignment *a = (tolk_alignment *)1;
	ck_assert_int_eq(tolk_align(&a, al, NULL, 3, NULL, 0), TOLK_EINVALID);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(tolk_aligner_set_termbase(al, NULL), 0);
	tolk_aligner_free(al);
	tolk_aligner_free(NULL);
	tolk_alignment_free(NULL);
	char buf[24];
	tolk_bead b = {4, 2, 7, 1, 0.5};
	ck_assert_str_eq(tolk_bead_type(buf, &b), "2-1");
}
END_TEST

START_TEST(term_base_concepts_count_as_evidence)
{
	const char *path = test_src_path("dict/termbase.tbx");
	tolk_termbase *tb = NULL;
	ck_assert_int_eq(tolk_termbase_open(&tb, path), 0);
	tolk_aligner *al = NULL;
	ck_assert_int_eq(tolk_aligner_new(&al, "nl-NL", "en-GB", NULL), 0);
	ck_assert_int_eq(tolk_aligner_set_termbase(al, tb), 0);
	size_t ns, nt;
	tolk_segment *s = segs_of(nl_letter, &ns), *t = segs_of(en_letter, &nt);
	tolk_alignment *a = NULL;
	ck_assert_int_eq(tolk_align(&a, al, s, ns, t, nt), 0);
	assert_covers(a, ns, nt);
	ck_assert_str_eq(beads_str(a), "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5] [6, 7]:[6] [8]:[7] [9]:[8]");
	tolk_alignment_free(a);
	/* Languages the term base does not hold just bring no concepts. */
	tolk_aligner_free(al);
	ck_assert_int_eq(tolk_aligner_new(&al, "de", "fr", NULL), 0);
	ck_assert_int_eq(tolk_aligner_set_termbase(al, tb), 0);
	ck_assert_int_eq(tolk_align(&a, al, s, ns, t, nt), 0);
	tolk_alignment_free(a);
	tolk_aligner_free(al);
	tolk_termbase_free(tb);
	free(s);
	free(t);
}
END_TEST

/* Random texts of random shapes: whatever the input, the result is a valid alignment. */
START_TEST(random_inputs_are_covered)
{
	unsigned seed = 348;
	for (int round = 0; round < 30; round++) {
		size_t ns = (size_t)(rand_r(&seed) % 120), nt = (size_t)(rand_r(&seed) % 120);
		char **src = calloc(ns + 1, sizeof(char *)), **tgt = calloc(nt + 1, sizeof(char *));
		for (int side = 0; side < 2; side++) {
			char **t = side ? tgt : src;
			size_t n = side ? nt : ns;
			for (size_t k = 0; k < n; k++) {
				size_t len = (size_t)(rand_r(&seed) % 200);
				char *p = malloc(len + 1);
				for (size_t c = 0; c < len; c++) {
					static const char alphabet[] = "ab cd ef 12 ?!:(\"AB\xC3\xAB";
					p[c] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
				}
				/* never cut a two-byte character in half */
				if (len && (unsigned char)p[len - 1] == 0xC3)
					p[len - 1] = 'x';
				for (size_t c = 0; c + 1 < len; c++)
					if ((unsigned char)p[c] == 0xC3 && (unsigned char)p[c + 1] != 0xAB)
						p[c] = 'y';
				p[len] = '\0';
				t[k] = p;
			}
		}
		tolk_alignment *a = align_texts((const char *const *)src, (const char *const *)tgt, NULL);
		tolk_alignment_free(a);
		free_texts(src);
		free_texts(tgt);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("align");
	TCase *tc = tcase_create("align");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, letter_excerpt_with_a_merge);
	tcase_add_test(tc, identical_texts_align_one_to_one);
	tcase_add_test(tc, a_mismatched_pair_scores_lowest);
	tcase_add_test(tc, a_close_call_scores_below_the_clear_units);
	tcase_add_test(tc, empty_sides);
	tcase_add_test(tc, long_omission_widens_the_band);
	tcase_add_test(tc, long_omission_coarse_to_fine);
	tcase_add_test(tc, given_pairs_decide_an_insertion);
	tcase_add_test(tc, paragraph_anchors);
	tcase_add_test(tc, length_only_is_gale_church);
	tcase_add_test(tc, progress_and_cancel);
	tcase_add_test(tc, api_contract);
	tcase_add_test(tc, term_base_concepts_count_as_evidence);
	tcase_add_test(tc, random_inputs_are_covered);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
