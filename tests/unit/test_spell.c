/* The speller core: languages, Hunspell verdicts through the cache, suggestions. */
#include "testutil.h"

#include "tolk/spell.h"

#if defined(__SANITIZE_ADDRESS__)
/*
 * libhunspell 1.7.1 reads a few bytes before its own copy of some words
 * (see tests/data/spell/hunspell.asan.supp); that is Hunspell's bug, not ours.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "suppressions=" TOLK_SOURCE_DIR "/tests/data/spell/hunspell.asan.supp";
}
#endif

static tolk_speller *nl;

static void setup(void)
{
	ck_assert_int_eq(tolk_speller_new(&nl, "nl", NULL), 0);
}

static void teardown(void)
{
	tolk_speller_free(nl);
	nl = NULL;
}

START_TEST(languages)
{
	const char *ok[] = {"nl", "nl-NL", "nl_NL", "NL", "en", "en-GB", "en_GB", "en-us", "en_US", "nl_BE"};
	const char *canon[] = {"nl_NL", "nl_NL", "nl_NL", "nl_NL", "en_GB", "en_GB", "en_GB", "en_US", "en_US", "nl_NL"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		tolk_speller *sp = NULL;
		ck_assert_msg(tolk_speller_new(&sp, ok[i], NULL) == 0, "%s", ok[i]);
		ck_assert_str_eq(tolk_speller_lang(sp), canon[i]);
		tolk_speller_free(sp);
	}
	tolk_speller *sp = (tolk_speller *)1;
	ck_assert_int_eq(tolk_speller_new(&sp, "de", NULL), TOLK_ELANG);
	ck_assert_ptr_null(sp);
	ck_assert_int_eq(tolk_speller_new(&sp, "nl-BE-x", NULL), TOLK_ELANG);
	ck_assert_int_eq(tolk_speller_new(&sp, NULL, NULL), TOLK_ELANG);
	ck_assert_int_eq(tolk_speller_new(&sp, "nl", "/nonexistent/dicts"), TOLK_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "/nonexistent/dicts/nl_NL.aff"));
	tolk_speller_free(NULL);
}
END_TEST

/* tolk_speller_known's verdict as 1 or 0, the call asserted to succeed. */
static int known(tolk_speller *sp, const char *word, size_t len)
{
	bool k = false;
	ck_assert_int_eq(tolk_speller_known(&k, sp, word, len), 0);
	return k;
}

START_TEST(known_words)
{
	ck_assert_int_eq(known(nl, "verslag", 7), 1);
	ck_assert_int_eq(known(nl, "verlsag", 7), 0);
	/* a slice of a longer text, not NUL-terminated */
	const char *text = "het verslagxyz";
	ck_assert_int_eq(known(nl, text + 4, 7), 1);
	ck_assert_int_eq(known(nl, text + 4, 10), 0);
	/* cached answers equal Hunspell's: ask twice */
	for (int round = 0; round < 2; round++) {
		ck_assert_int_eq(known(nl, "gecoördineerd", strlen("gecoördineerd")), 1);
		ck_assert_int_eq(known(nl, "gecoordineerd", strlen("gecoordineerd")), 0);
		ck_assert_int_eq(known(nl, "Afghanistan", 11), 1);
		ck_assert_int_eq(known(nl, "Afganistan", 10), 0);
	}
	ck_assert_int_eq(known(nl, "", 0), 0);
	ck_assert_int_eq(tolk_speller_known_cb("bondgenootschap", 15, nl), 1);
	ck_assert_int_eq(tolk_speller_known_cb("bondgenootscap", 14, nl), 0);
}
END_TEST

static int first_is(const char *word, const char *want)
{
	tolk_spell_suggestion_list *list = NULL;
	ck_assert_int_eq(tolk_speller_suggest(&list, nl, word), 0);
	char **s = list->items;
	size_t n = list->count;
	int ok = n > 0 && strcmp(s[0], want) == 0;
	if (!ok)
		fprintf(stderr, "%s: first suggestion %s, wanted %s\n", word, n ? s[0] : "(none)", want);
	ck_assert_ptr_null(s[n]);
	tolk_spell_suggestion_list_free(list);
	return ok;
}

START_TEST(suggestions)
{
	ck_assert(first_is("verlsag", "verslag"));
	ck_assert(first_is("financiele", "financiële"));
	ck_assert(first_is("gecoordineerd", "gecoördineerd"));
	ck_assert(first_is("Afganistan", "Afghanistan"));
	ck_assert(first_is("lastenverdeeling", "lastenverdeling"));
	ck_assert(first_is("transparancie", "transparantie"));
	ck_assert(first_is("VERLSAG", "VERSLAG"));
	/* cached: the same list again */
	ck_assert(first_is("verlsag", "verslag"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spell");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, languages);
	tcase_add_test(tc, known_words);
	tcase_add_test(tc, suggestions);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
