/* Unit tests for sentence breaking with tolk's default rules (src/data/segment-rules.srx), Dutch and English. */
#include "testutil.h"

#include "tolk/segment.h"
#include "util.h"

/* Segment one paragraph; the segments joined with " | ". */
static char *breaks(const char *lang, const char *text)
{
	tolk_segmenter *seg = NULL;
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, lang), 0);
	ck_assert_int_eq(tolk_segment_text(&list, seg, text, strlen(text)), 0);
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t i = 0; i < list->count; i++)
		tolk_buf_printf(&b, "%s%s", i ? " | " : "", list->items[i].text);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);
	return b.ptr ? tolk_buf_detach(&b) : strdup("");
}

typedef struct rule_case {
	const char *text, *want;
} rule_case;

static void check(const char *lang, const rule_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = breaks(lang, cases[i].text);
		ck_assert_msg(strcmp(got, cases[i].want) == 0, "%s: %s\n  got:  %s\n  want: %s", lang, cases[i].text, got,
		              cases[i].want);
		free(got);
	}
}

START_TEST(dutch_abbreviations)
{
	const rule_case cases[] = {
		{"Zie Kamerstuk 28 676, nr. 347. De brief volgt.", "Zie Kamerstuk 28 676, nr. 347. | De brief volgt."},
		{"Er zijn bijv. Duitse en Franse eenheden.", "Er zijn bijv. Duitse en Franse eenheden."},
		{"Dit betreft o.a. NAVO-landen. Dat is zo.", "Dit betreft o.a. NAVO-landen. | Dat is zo."},
		{"De brief, d.w.z. Bijlage 2, is er.", "De brief, d.w.z. Bijlage 2, is er."},
		{"Het besluit m.b.t. Defensie en i.p.v. Financien komt.",
		 "Het besluit m.b.t. Defensie en i.p.v. Financien komt."},
		{"Wij spraken mevr. Bijleveld en dhr. Rutte.", "Wij spraken mevr. Bijleveld en dhr. Rutte."},
		{"Ook prof. dr. ir. Jansen en mr. De Vries waren er.",
		 "Ook prof. dr. ir. Jansen en mr. De Vries waren er."},
		{"Zie blz. 12 en art. 5 van de wet.", "Zie blz. 12 en art. 5 van de wet."},
		{"Op 6 nov. 2020 kwam de brief.", "Op 6 nov. 2020 kwam de brief."},
		{"Met de brief van 6 november jl. De Minister antwoordt.",
		 "Met de brief van 6 november jl. | De Minister antwoordt."},
		{"Er kwamen fietsen, auto's enz. 3 bussen reden ook.", "Er kwamen fietsen, auto's enz. 3 bussen reden ook."},
		{"Fietsen, auto's, bussen etc. De rest bleef thuis.", "Fietsen, auto's, bussen etc. | De rest bleef thuis."},
		/* the ICU rule for lowercase: no break, and none of ours interferes */
		{"(logistiek, bevoorrading etc.) daarbij van belang.", "(logistiek, bevoorrading etc.) daarbij van belang."},
	};
	check("nl", cases, sizeof(cases) / sizeof(*cases));
}
END_TEST

START_TEST(dutch_look_alikes_still_break)
{
	/* words that end like abbreviations are sentence ends */
	const rule_case cases[] = {
		{"Dat is de vergadering. Morgen meer.", "Dat is de vergadering. | Morgen meer."},
		{"Het wordt een kaart. Dan zien we.", "Het wordt een kaart. | Dan zien we."},
		{"Ze gingen dragen. Daarna niet.", "Ze gingen dragen. | Daarna niet."},
		{"Het was in 2020. De Ministers kwamen.", "Het was in 2020. | De Ministers kwamen."},
		{"Luchtruimverdediging1. Nederland gaat mee.", "Luchtruimverdediging1. | Nederland gaat mee."},
		/* an abbreviation's letters at the end of a domain name are no abbreviation */
		{"Zie www.rijksoverheid.nl. Mail ons.", "Zie www.rijksoverheid.nl. | Mail ons."},
		{"Mail naar info@defensie.nl. Wij antwoorden.", "Mail naar info@defensie.nl. | Wij antwoorden."},
		{"Lees het op nos.nl. Dan weet u meer.", "Lees het op nos.nl. | Dan weet u meer."},
	};
	check("nl", cases, sizeof(cases) / sizeof(*cases));
}
END_TEST

START_TEST(initials)
{
	const rule_case cases[] = {
		{"Getekend door A.Th.B. Bijleveld-Schouten namens het kabinet.",
		 "Getekend door A.Th.B. Bijleveld-Schouten namens het kabinet."},
		{"Aanwezig was N.A.W. Jansen. Hij sprak.", "Aanwezig was N.A.W. Jansen. | Hij sprak."},
		{"Brief van J. de Vries en Th. Jansen.", "Brief van J. de Vries en Th. Jansen."},
		/* a sentence that ends in an acronym or a capital */
		{"Hij woont in de V.S. Het is daar koud.", "Hij woont in de V.S. | Het is daar koud."},
		{"Zij kozen plan B. Daarna ging het mis.", "Zij kozen plan B. | Daarna ging het mis."},
		{"Getekend door B. De Wever en A. Van Dam.", "Getekend door B. De Wever en A. Van Dam."},
	};
	check("nl", cases, sizeof(cases) / sizeof(*cases));
	const rule_case en[] = {
		{"The U.S. Army arrived. It stayed.", "The U.S. Army arrived. | It stayed."},
		{"Written by J. R. R. Tolkien in Oxford.", "Written by J. R. R. Tolkien in Oxford."},
	};
	check("en", en, sizeof(en) / sizeof(*en));
}
END_TEST

START_TEST(quotes_ellipses_parentheses)
{
	const rule_case cases[] = {
		{"Hij vroeg: \xE2\x80\x9cWaarom?\xE2\x80\x9d en liep weg.", "Hij vroeg: \xE2\x80\x9cWaarom?\xE2\x80\x9d en liep weg."},
		{"Hij riep: \xC2\xABStop!\xC2\xBB Daarna was het stil.",
		 "Hij riep: \xC2\xABStop!\xC2\xBB | Daarna was het stil."},
		{"Het uitgangspunt: \xC2\xABin together\xC2\xBB. Nederland vroeg meer.",
		 "Het uitgangspunt: \xC2\xABin together\xC2\xBB. | Nederland vroeg meer."},
		{"Hij aarzelde\xE2\x80\xA6 Toen sprak hij.", "Hij aarzelde\xE2\x80\xA6 | Toen sprak hij."},
		{"Hij aarzelde\xE2\x80\xA6 en sprak toen.", "Hij aarzelde\xE2\x80\xA6 en sprak toen."},
		{"Hij zei: \xE2\x80\x9cWe gaan (...) Daarna volgt meer.\xE2\x80\x9d Zo was het.",
		 "Hij zei: \xE2\x80\x9cWe gaan (...) Daarna volgt meer.\xE2\x80\x9d | Zo was het."},
		{"De missie (RSM). Daarbij bleef het.", "De missie (RSM). | Daarbij bleef het."},
		{"Wat nu? Niemand weet het!", "Wat nu? | Niemand weet het!"},
		/* a terminator after a space that ends an 8-byte word of the line was once overlooked */
		{"Echt zo ? Ja, zeker.", "Echt zo ? | Ja, zeker."},
		{"Het klopt . Ja, zeker.", "Het klopt . | Ja, zeker."},
	};
	check("nl", cases, sizeof(cases) / sizeof(*cases));
}
END_TEST

START_TEST(dutch_lowercase_sentence_start)
{
	/* 's and 't open a sentence in lowercase; ICU alone would run on */
	const rule_case cases[] = {
		{"Het was een lange dag. \xE2\x80\x99s Avonds gingen we naar huis.",
		 "Het was een lange dag. | \xE2\x80\x99s Avonds gingen we naar huis."},
		{"Zo ging het. 't Is niet anders.", "Zo ging het. | 't Is niet anders."},
	};
	check("nl", cases, sizeof(cases) / sizeof(*cases));
}
END_TEST

START_TEST(english)
{
	const rule_case cases[] = {
		{"Mr. Smith went to Washington. He met Dr. Jones there.",
		 "Mr. Smith went to Washington. | He met Dr. Jones there."},
		{"Some Allies, e.g. The Netherlands, agreed.", "Some Allies, e.g. The Netherlands, agreed."},
		{"See Parliamentary Paper 28 676, No. 347. It was shared.",
		 "See Parliamentary Paper 28 676, No. 347. | It was shared."},
		{"See Fig. 3 and pp. 12-14 for details.", "See Fig. 3 and pp. 12-14 for details."},
		{"It met on Jan. 5 and again in March.", "It met on Jan. 5 and again in March."},
		{"The meeting ended at 5 p.m. on Monday.", "The meeting ended at 5 p.m. on Monday."},
		{"They brought tents, food, etc. The rest stayed home.",
		 "They brought tents, food, etc. | The rest stayed home."},
		{"Acme Inc. and Widget Ltd. signed.", "Acme Inc. and Widget Ltd. signed."},
		{"Prof. Brown, i.e. the chair, spoke.", "Prof. Brown, i.e. the chair, spoke."},
		{"\"Stop!\" she said. Nobody moved.", "\"Stop!\" she said. | Nobody moved."},
		{"(logistics, supply, etc.) is of great importance.", "(logistics, supply, etc.) is of great importance."},
		/* case names, plural titles, ranks, time zones after a.m./p.m. */
		{"The ruling in Roe v. Wade was discussed.", "The ruling in Roe v. Wade was discussed."},
		{"In Grace v. Sessions the court ruled.", "In Grace v. Sessions the court ruled."},
		{"He wrote to Sens. Lindsey Graham and John Kennedy.", "He wrote to Sens. Lindsey Graham and John Kennedy."},
		{"Reps. Smith and Jones voted.", "Reps. Smith and Jones voted."},
		{"Det. Dennis McCarthy wrote it.", "Det. Dennis McCarthy wrote it."},
		{"They climbed Mt. Everest and drove to Ft. Worth.", "They climbed Mt. Everest and drove to Ft. Worth."},
		{"The rally is at 7 p.m. ET tonight.", "The rally is at 7 p.m. ET tonight."},
		{"It was located at 5 a.m. Eastern time Sunday.", "It was located at 5 a.m. Eastern time Sunday."},
		{"It started at 7 p.m. The crowd cheered.", "It started at 7 p.m. | The crowd cheered."},
		{"He visited the site at www.example.co. The rest followed.",
		 "He visited the site at www.example.co. | The rest followed."},
		/* a sentence that ends in an acronym or a capital, before a word that opens sentences */
		{"He moved to the U.S. It was cold there.", "He moved to the U.S. | It was cold there."},
		{"She got grade A. The others failed.", "She got grade A. | The others failed."},
		{"It was World War I. Many died.", "It was World War I. | Many died."},
		{"The U.S. Army and J. R. Smith arrived.", "The U.S. Army and J. R. Smith arrived."},
		{"The U.S. Its allies agreed.", "The U.S. | Its allies agreed."},
		{"Flights to the U.S. A-10 jets stayed.", "Flights to the U.S. A-10 jets stayed."},
		{"Mr. It is no name.", "Mr. It is no name."},
		/* who said a quoted question or exclamation */
		{"\"Are you ready?\" CNN reported. Nobody was.", "\"Are you ready?\" CNN reported. | Nobody was."},
		{"'There is a shark!' Chad Hammel added.", "'There is a shark!' Chad Hammel added."},
		{"\"Why?\" The answer came later.", "\"Why?\" | The answer came later."},
		{"\"Why now?\" She said nothing.", "\"Why now?\" | She said nothing."},
		/* no space after the mark */
		{"\"Did we leak...No, we didn't leak,\" he added.", "\"Did we leak...No, we didn't leak,\" he added."},
	};
	check("en", cases, sizeof(cases) / sizeof(*cases));
}
END_TEST

START_TEST(languages_do_not_mix)
{
	/* Dutch "mevr." is no English title, English "Mrs." no Dutch one */
	const rule_case en[] = {{"I saw mevr. Then I left.", "I saw mevr. | Then I left."}};
	const rule_case nl[] = {{"Ik zag Mrs. Daarna ging ik.", "Ik zag Mrs. | Daarna ging ik."}};
	check("en", en, 1);
	check("nl", nl, 1);
}
END_TEST

START_TEST(list_marker_stays_with_its_item)
{
	const rule_case cases[] = {{"Er zijn twee punten:\n1. Het eerste punt.\n2. Het tweede.\n",
	                            "Er zijn twee punten: | 1. Het eerste punt. | 2. Het tweede."},
	                           /* numbered within a paragraph */
	                           {"Twee punten: 1. De begroting wordt verhoogd. 2. De planning wordt aangepast.",
	                            "Twee punten: 1. De begroting wordt verhoogd. | 2. De planning wordt aangepast."},
	                           {"1. De begroting. 2. De planning. Het was in 2020. De rest volgt.",
	                            "1. De begroting. | 2. De planning. | Het was in 2020. | De rest volgt."}};
	check("nl", cases, 3);
	const rule_case refs[] = {{"Zie nr. 47. Daarin staat het.", "Zie nr. 47. | Daarin staat het."},
	                          {"Zie bijlage 12. Daarin staat het.", "Zie bijlage 12. | Daarin staat het."}};
	check("nl", refs, 2);
	const rule_case en[] = {{"Two points: 1. The budget rises. 2. The plan changes.",
	                         "Two points: 1. The budget rises. | 2. The plan changes."}};
	check("en", en, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("segment_rules");
	TCase *tc = tcase_create("rules");
	tcase_add_test(tc, dutch_abbreviations);
	tcase_add_test(tc, dutch_look_alikes_still_break);
	tcase_add_test(tc, initials);
	tcase_add_test(tc, quotes_ellipses_parentheses);
	tcase_add_test(tc, dutch_lowercase_sentence_start);
	tcase_add_test(tc, english);
	tcase_add_test(tc, languages_do_not_mix);
	tcase_add_test(tc, list_marker_stays_with_its_item);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
