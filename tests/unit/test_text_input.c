/*
 * Text as a new user brings it: files from Windows (UTF-16 with a byte-order
 * mark, Windows-1252, documents given where text is expected) and the guess at
 * a text's language behind the "wrong order" and "looks English" warnings.
 */
#include "testutil.h"

#include "tolk/common.h"
#include "tolk/segment.h"
#include "tolk/tmx.h"
#include "util.h"

/* "één brief\n" in UTF-16 (é is U+00E9), written by hand from the code points. */
START_TEST(utf16_le_and_be_with_bom_are_read)
{
	static const char le[] = "\xFF\xFE\xE9\x00\xE9\x00n\x00 \x00""b\x00r\x00i\x00""e\x00""f\x00\n\x00";
	static const char be[] = "\xFE\xFF\x00\xE9\x00\xE9\x00n\x00 \x00""b\x00r\x00i\x00""e\x00""f\x00\n";
	const char *files[2][2] = {{le, "le.txt"}, {be, "be.txt"}};
	for (int k = 0; k < 2; k++) {
		char *text = NULL;
		size_t len = 0;
		const char *p = test_work_write(files[k][1], files[k][0], k ? sizeof(be) - 1 : sizeof(le) - 1);
		ck_assert_int_eq(tolk_text_read_file(&text, &len, p), 0);
		ck_assert_str_eq(text, "\xC3\xA9\xC3\xA9n brief\n");
		ck_assert_uint_eq(len, 12);
		free(text);
		unlink(p);
	}
}
END_TEST

START_TEST(utf16_lone_surrogate_is_an_error)
{
	static const char bad[] = "\xFF\xFE""a\x00\x00\xD8""b\x00";
	char *text = NULL;
	const char *p = test_work_write("bad16.txt", bad, sizeof(bad) - 1);
	ck_assert_int_eq(tolk_text_read_file(&text, NULL, p), TOLK_EINVALID);
	ck_assert_ptr_null(text);
	unlink(p);
}
END_TEST

/* "café en “citaat”" in Windows-1252: é = E9, curly quotes 93/94. */
START_TEST(cp1252_is_recognised_and_read_by_name)
{
	static const char cp[] = "Het caf\xE9 en \x93""citaat\x94.\n";
	char *text = NULL;
	size_t len;
	const char *p = test_work_write("cp.txt", cp, sizeof(cp) - 1);
	ck_assert_int_eq(tolk_text_read_file(&text, &len, p), TOLK_EINVALID);
	const tolk_error *e = tolk_error_last();
	ck_assert_ptr_nonnull(strstr(e->message, "--encoding windows-1252"));
	ck_assert_uint_eq(e->line, 1);
	ck_assert_uint_eq(e->column, 8); /* the é */
	ck_assert_int_eq(tolk_text_read_file_encoding(&text, &len, p, "windows-1252"), 0);
	ck_assert_str_eq(text, "Het caf\xC3\xA9 en \xE2\x80\x9C""citaat\xE2\x80\x9D.\n");
	free(text);
	ck_assert_int_eq(tolk_text_read_file_encoding(&text, &len, p, "iso-8859-1"), 0);
	ck_assert_str_eq(text, "Het caf\xC3\xA9 en \xC2\x93""citaat\xC2\x94.\n");
	free(text);
	ck_assert_int_eq(tolk_text_read_file_encoding(&text, &len, p, "no-such-encoding"), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "unknown encoding"));
	unlink(p);
	/* Windows-1252 leaves 0x81 undefined: such bytes are not taken for it. */
	ck_assert(!tolk_text_looks_cp1252("caf\x81", 4));
	ck_assert(!tolk_text_looks_cp1252("\x01\x02\xE9", 3));
	ck_assert(!tolk_text_looks_cp1252("\xE9\xE9\xE9\xE9", 4));
	ck_assert(tolk_text_looks_cp1252("een caf\xE9 aan de gracht", 22));
	static const char een[] = "\xE9\xE9n brief en \xC9\xE9n kaart";
	ck_assert(tolk_text_looks_cp1252(een, sizeof(een) - 1));
	/* broken UTF-8 or stray bytes are not taken for it: a lone byte, a capital inside a word */
	ck_assert(!tolk_text_looks_cp1252("Dit is \xFF fout.", 16));
	ck_assert(!tolk_text_looks_cp1252("Dit is \xE9 fout.", 16));
	ck_assert(!tolk_text_looks_cp1252("goed\nfo\xC3(t\n", 10));
}
END_TEST

/* a literal and its length without the final NUL (the bytes hold NULs of their own) */
#define DOC(lit) lit, sizeof(lit) - 1

START_TEST(documents_are_named)
{
	static const struct {
		const char *data;
		size_t len;
		const char *word;
	} docs[] = {
		{DOC("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), "PDF"},
		{DOC("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml....word/document.xml"), ".docx"},
		{DOC("PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text"), ".odt"},
		{DOC("PK\x03\x04\x14\x00\x06\x00xl/workbook.xml"), ".xlsx"},
		{DOC("{\\rtf1\\ansi\\deff0 {\\fonttbl"), "RTF"},
		{DOC("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00"), ".doc"},
	};
	for (size_t k = 0; k < sizeof(docs) / sizeof(docs[0]); k++) {
		char *text = NULL;
		const char *p = test_work_write("doc.txt", docs[k].data, docs[k].len);
		ck_assert_int_eq(tolk_text_read_file(&text, NULL, p), TOLK_EINVALID);
		ck_assert_msg(strstr(tolk_error_last()->message, docs[k].word), "%zu: %s", k, tolk_error_last()->message);
		ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "plain text"));
		unlink(p);
	}
}
END_TEST

static char *slurp(const char *path)
{
	char *text = NULL;
	ck_assert_int_eq(tolk_text_read_file(&text, NULL, path), 0);
	return text;
}

START_TEST(guess_lang_of_the_letter_and_its_translation)
{
	char *nl = slurp(test_src_path("tm/kamerstuk-28676-348.nl.txt"));
	char *en = slurp(test_src_path("tm/kamerstuk-28676-348.en.txt"));
	ck_assert_str_eq(tolk_text_guess_lang(nl, strlen(nl)), "nl");
	ck_assert_str_eq(tolk_text_guess_lang(en, strlen(en)), "en");
	free(nl);
	free(en);
}
END_TEST

/* News sentences in the manner of NTREX, written for this test. */
START_TEST(guess_lang_of_news_sentences)
{
	static const char *const dutch[] = {
		"De burgemeester heeft dinsdag bekendgemaakt dat de brug over de rivier volgend jaar wordt vernieuwd.",
		"Volgens de politie waren er geen gewonden, maar de schade aan het gebouw is groot.",
		"Het kabinet wil de belasting op arbeid verlagen, zei de minister van Financiën in een interview.",
		"In de finale versloeg zij haar tegenstander in drie sets, na een wedstrijd van ruim twee uur.",
	};
	static const char *const english[] = {
		"The mayor announced on Tuesday that the bridge over the river will be rebuilt next year.",
		"According to the police there were no injuries, but the damage to the building is extensive.",
		"The government wants to lower the tax on labour, the finance minister said in an interview.",
		"In the final she beat her opponent in three sets, after a match that lasted more than two hours.",
	};
	for (size_t k = 0; k < 4; k++) {
		ck_assert_msg(tolk_text_guess_lang(dutch[k], strlen(dutch[k])) &&
		                      strcmp(tolk_text_guess_lang(dutch[k], strlen(dutch[k])), "nl") == 0,
		              "%s", dutch[k]);
		ck_assert_msg(tolk_text_guess_lang(english[k], strlen(english[k])) &&
		                      strcmp(tolk_text_guess_lang(english[k], strlen(english[k])), "en") == 0,
		              "%s", english[k]);
	}
	/* Too little to go on, another language, or both mixed: no guess. */
	static const char *const unknown[] = {
		"NAVO", "2020 2021 2022 34 919 28 676 348 12.3 45.6 78.9 100",
		"Die Regierung hat am Montag beschlossen, dass die Steuern im Herbst steigen werden.",
		"The Hague, Den Haag; the minister en de staatssecretaris, the Allies en de bondgenoten.",
	};
	for (size_t k = 0; k < 4; k++)
		ck_assert_msg(tolk_text_guess_lang(unknown[k], strlen(unknown[k])) == NULL, "%s", unknown[k]);
	size_t words, nl, en;
	tolk_text_lang_counts(&words, &nl, &en, "De kat en the dog", 17);
	ck_assert_uint_eq(words, 5);
	ck_assert_uint_eq(nl, 2); /* de, en */
	ck_assert_uint_eq(en, 1); /* the */
}
END_TEST

/* One policy for the tags of every tolk TMX: bare nl and en get this department's regions. */
START_TEST(tmx_language_tags)
{
	char buf[32];
	ck_assert_str_eq(tolk_lang_tmx_tag(buf, sizeof(buf), "nl"), "nl-NL");
	ck_assert_str_eq(tolk_lang_tmx_tag(buf, sizeof(buf), "EN"), "en-GB");
	ck_assert_str_eq(tolk_lang_tmx_tag(buf, sizeof(buf), "en_US"), "en-US");
	ck_assert_str_eq(tolk_lang_tmx_tag(buf, sizeof(buf), "nl-BE"), "nl-BE");
	ck_assert_str_eq(tolk_lang_tmx_tag(buf, sizeof(buf), "de"), "de");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("text_input");
	TCase *tc = test_work_tcase("core", 0);
	tcase_add_test(tc, utf16_le_and_be_with_bom_are_read);
	tcase_add_test(tc, utf16_lone_surrogate_is_an_error);
	tcase_add_test(tc, cp1252_is_recognised_and_read_by_name);
	tcase_add_test(tc, documents_are_named);
	tcase_add_test(tc, guess_lang_of_the_letter_and_its_translation);
	tcase_add_test(tc, guess_lang_of_news_sentences);
	tcase_add_test(tc, tmx_language_tags);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
