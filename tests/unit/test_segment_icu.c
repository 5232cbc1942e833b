/*
 * The segmenter runs ICU's sentence iterator over small windows around the
 * terminators (src/lib/segment_icu.c). These tests hold it to ICU's own
 * answer: the boundaries of one walk over the whole unit, on random text built
 * from every kind of character the sentence rules distinguish, and on real
 * text (NTREX-128: all of it when ../shared is present, else its part in tests/data).
 */
#include "testutil.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "segment_private.h"
#include "util.h"

typedef struct found {
	size_t items[4096];
	size_t count;
} found;

static int collect(size_t b, void *payload)
{
	found *f = payload;
	ck_assert_uint_lt(f->count, 4096);
	f->items[f->count++] = b;
	return 0;
}

static UBreakIterator *open_iterator(const char *lang)
{
	UErrorCode status = U_ZERO_ERROR;
	UBreakIterator *brk = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &status);
	ck_assert(U_SUCCESS(status));
	return brk;
}

/* Boundaries strictly inside the text, from one walk over all of it. */
static void walk_whole(found *f, UBreakIterator *brk, const char *s, size_t len)
{
	UErrorCode status = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, s, (int64_t)len, &status);
	ubrk_setUText(brk, ut, &status);
	ck_assert(U_SUCCESS(status));
	f->count = 0;
	for (int32_t b = ubrk_next(brk); b != UBRK_DONE && (size_t)b < len; b = ubrk_next(brk))
		collect((size_t)b, f);
	utext_close(ut);
}

/* 0 when windows and walk agree; otherwise prints the text and both answers. */
static int compare(UBreakIterator *brk, const char *s, size_t len)
{
	static found whole, windowed;
	walk_whole(&whole, brk, s, len);
	UText *ut = NULL;
	windowed.count = 0;
	ck_assert_int_eq(seg_icu_boundaries(brk, &ut, s, len, len, collect, &windowed), 0);
	utext_close(ut);
	bool same = whole.count == windowed.count &&
	            memcmp(whole.items, windowed.items, whole.count * sizeof(size_t)) == 0;
	if (same)
		return 0;
	fprintf(stderr, "text: [%.*s]\nwalk:", (int)len, s);
	for (size_t k = 0; k < whole.count; k++)
		fprintf(stderr, " %zu", whole.items[k]);
	fprintf(stderr, "\nwindows:");
	for (size_t k = 0; k < windowed.count; k++)
		fprintf(stderr, " %zu", windowed.items[k]);
	fprintf(stderr, "\n");
	return 1;
}

START_TEST(known_cases)
{
	static const char *const cases[] = {
		"Hij zei het. Toen ging hij.",
		"Zie nr. 348 van 6 november.",
		"U.S. Army and the U.K. Navy.",
		"etc. (12) hoe dan ook. En dan?",
		"Echt?! Ja... Nee . Misschien",
		"Wat nu ? Niemand weet het.",
		"\xE2\x80\x9CKlaar.\xE2\x80\x9D Dan verder. \xC2\xBBJa.\xC2\xAB zei hij.",
		"a.b.c. d. E. f.g.",
		"Zij kwam \xE2\x80\x94 laat. \xE6\x9D\xA5\xE3\x80\x82\xE5\x8E\xBB\xE3\x80\x82 Dan.",
		"Eind.\xCC\x81 Begin. \xC2\xAD.\xE2\x80\x8D Volgende.",
		"1. Eerste punt. 2. Tweede punt.",
		"Prijs: 3.50 euro. Daarna 4.",
		"Vraag?) Antwoord.] (Noot.) Verder.",
		"...",
		". . .",
		"x",
		"",
	};
	UBreakIterator *brk = open_iterator("nl");
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		bad += compare(brk, cases[i], strlen(cases[i]));
	ubrk_close(brk);
	ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(random_text)
{
	/* one or more of every Sentence_Break class a unit can hold, and runs of them */
	static const char *const pieces[] = {
		/* Lower, Upper, OLetter */
		"a", "de", "e\xCC\x81", "\xC3\xA9", "\xC3\x9F", "A", "De", "NAVO", "\xC3\x96", "\xE4\xB8\xAD", "\xD8\xB9",
		/* Numeric */
		"1", "12", "2020", "\xD9\xA3",
		/* ATerm, STerm */
		".", ".", ".", "?", "!", "\xEF\xBC\x8E", "\xE3\x80\x82", "\xE2\x80\xBC", "\xD8\x9F", "\xE2\x80\xA6",
		/* Close */
		")", "(", "]", "\"", "'", "\xC2\xBB", "\xC2\xAB", "\xE2\x80\x9D", "\xE2\x80\x9C", "\xE2\x80\x99",
		/* Sp */
		" ", " ", " ", " ", "\t", "\xC2\xA0", "\xE2\x80\x89", "\xE3\x80\x80",
		/* Extend, Format */
		"\xCC\x81", "\xE2\x80\x8D", "\xC2\xAD", "\xE2\x81\xA0",
		/* SContinue, Other */
		",", ";", ":", "-", "\xE2\x80\x94", "%", "/", "&", "*",
		/* whole words around terminators */
		"nr. ", "bijv. ", "A.Th.B. ", "etc. ", "U.S. ", "Mr. ", "(zie 3.) ", "\"Ja.\" ", "\xE2\x80\x9CNee!\xE2\x80\x9D "};
	const size_t npieces = sizeof(pieces) / sizeof(*pieces);
	UBreakIterator *brk = open_iterator("en");
	unsigned seed = 20201106;
	int bad = 0;
	for (int doc = 0; doc < 20000 && bad < 5; doc++) {
		char text[2048];
		size_t len = 0;
		int n = 1 + (int)(rand_r(&seed) % 40);
		for (int k = 0; k < n; k++) {
			const char *p = pieces[(size_t)rand_r(&seed) % npieces];
			size_t pl = strlen(p);
			memcpy(text + len, p, pl);
			len += pl;
		}
		bad += compare(brk, text, len);
	}
	ubrk_close(brk);
	ck_assert_int_eq(bad, 0);
}
END_TEST

/* Every line of a real file, as one unit. */
static void check_file(const char *path, const char *lang)
{
	char *data = NULL;
	size_t len = 0;
	ck_assert_int_eq(tolk_text_read_file(&data, &len, path), 0);
	UBreakIterator *brk = open_iterator(lang);
	int bad = 0;
	size_t lines = 0;
	for (char *line = strtok(data, "\n"); line && bad < 5; line = strtok(NULL, "\n"), lines++)
		bad += compare(brk, line, strlen(line));
	ubrk_close(brk);
	free(data);
	ck_assert_int_eq(bad, 0);
	ck_assert_uint_gt(lines, 10);
}

START_TEST(real_text)
{
	check_file(test_src_path("tm/kamerstuk-28676-348.nl.txt"), "nl");
	/* all of NTREX-128 beside the project, else the part of it in tests/data */
	char path[4096];
	snprintf(path, sizeof(path), "%s",
	         test_shared_or_copy("data/ntrex128/newstest2019-ref.nld.txt", "tests/data/ntrex128/newstest2019-ref.nld.txt"));
	check_file(path, "nl");
	snprintf(path, sizeof(path), "%s",
	         test_shared_or_copy("data/ntrex128/newstest2019-src.eng.txt", "tests/data/ntrex128/newstest2019-src.eng.txt"));
	check_file(path, "en");
}
END_TEST

static int count_boundary(size_t b, void *payload)
{
	(void)b;
	(*(size_t *)payload)++;
	return 0;
}

/* Text without spaces makes one window, not a window per terminator each reaching back to the start. */
START_TEST(text_without_spaces_takes_linear_time)
{
	static const char *const units[] = {"a.", "\xE6\x9D\xA5\xE3\x80\x82", "A.b?"};
	UBreakIterator *brk = open_iterator("nl");
	for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++) {
		size_t n = strlen(units[u]), len = 0, reps = (1u << 20) / n;
		char *text = malloc(reps * n);
		ck_assert_ptr_nonnull(text);
		for (size_t k = 0; k < reps; k++, len += n)
			memcpy(text + len, units[u], n);
		size_t want = 0, got = 0;
		UErrorCode status = U_ZERO_ERROR;
		UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &status);
		ubrk_setUText(brk, ut, &status);
		for (int32_t b = ubrk_next(brk); b != UBRK_DONE && (size_t)b < len; b = ubrk_next(brk))
			want++;
		ck_assert_int_eq(seg_icu_boundaries(brk, &ut, text, len, len, count_boundary, &got), 0);
		ck_assert_uint_eq(got, want);
		utext_close(ut);
		free(text);
	}
	ubrk_close(brk);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("segment_icu");
	TCase *tc = tcase_create("windows");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, known_cases);
	tcase_add_test(tc, random_text);
	tcase_add_test(tc, real_text);
	tcase_add_test(tc, text_without_spaces_takes_linear_time);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
