/* The text checker: each mechanism against false alarms, and that real mistakes still show. */
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

static tolk_spell_checker *chk;

static void setup(void)
{
	ck_assert_int_eq(tolk_spell_checker_new(&chk, "nl", NULL), 0);
	ck_assert(tolk_spell_checker_has_english(chk));
}

static void teardown(void)
{
	tolk_spell_checker_free(chk);
	chk = NULL;
}

/* The findings of text by checker c: the list to free, with its items in *f and their count in *n. */
static tolk_spell_finding_list *findings(tolk_spell_checker *c, const char *text, tolk_spell_finding **f, size_t *n)
{
	tolk_spell_finding_list *l = NULL;
	ck_assert_int_eq(tolk_spell_check_text(&l, c, text, strlen(text)), 0);
	*f = l ? l->items : NULL;
	*n = l ? l->count : 0;
	return l;
}

/* Findings of a text as "word@line:col|first suggestion;" for compact assertions. */
static char *check(const char *text)
{
	tolk_spell_finding_list *f_l = NULL;
	tolk_spell_finding *f;
	size_t n;
	f_l = findings(chk, text, &f, &n);
	static char buf[4096];
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[256];
		snprintf(one, sizeof(one), "%s@%lu:%lu|%s;", f[i].word, f[i].line, f[i].column,
		         f[i].suggestion_count ? f[i].suggestions[0] : "");
		strncat(buf, one, sizeof(buf) - strlen(buf) - 1);
	}
	tolk_spell_finding_list_free(f_l);
	return buf;
}

#define ck_clean(text) ck_assert_str_eq(check(text), "")

typedef struct reasons {
	char log[4096];
} reasons;

static void record(const char *text, size_t start, size_t end, tolk_spell_reason reason, void *payload)
{
	reasons *r = payload;
	char one[256];
	snprintf(one, sizeof(one), "%.*s=%s;", (int)(end - start), text + start, tolk_spell_reason_name(reason));
	strncat(r->log, one, sizeof(r->log) - strlen(r->log) - 1);
}

/* The reason a word was accepted, by tracing a check of text. */
static const char *reason_of(const char *text, const char *word)
{
	static reasons r;
	r.log[0] = '\0';
	tolk_spell_checker_set_trace(chk, record, &r);
	check(text);
	tolk_spell_checker_set_trace(chk, NULL, NULL);
	static char want[256];
	snprintf(want, sizeof(want), "%s=", word);
	char *at = strstr(r.log, want);
	if (!at)
		return "(none)";
	static char reason[64];
	sscanf(at + strlen(want), "%63[^;]", reason);
	return reason;
}

START_TEST(layout)
{
	/* Line-end hyphens: joined when the joined word is valid, kept when only that is. */
	ck_clean("Het verslag van de bijeen-\nkomst.\n");
	ck_assert_str_eq(reason_of("de bijeen-\nkomst", "bijeen-\nkomst"), "line-join");
	ck_clean("De secretaris-\ngeneraal sprak.\n");
	/* A page break: the next line starts with a space. */
	ck_clean("advisering van Iraakse veiligheidsin-\n stituties dan enkel\n");
	/* A typo across the break is reported at the first part, joined. */
	ck_assert_str_eq(check("Het is een bijeen-\nkomts van\n"), "bijeenkomts@1:12|bijeenkomst;");
	/* Neither reading valid: a capital next to the hyphen shows the hyphenated form. */
	ck_assert_str_eq(check("de NAVO-\nMinsters van\n"), "NAVO-Minsters@1:4|NAVO-Ministers;");
	/* Footnote marks. */
	ck_clean("op het gebied van grondgebonden luchtruimverdediging1. Nederland\n");
	ck_assert_str_eq(reason_of("van luchtruimverdediging1.", "luchtruimverdediging1"), "footnote");
	ck_assert_str_eq(check("van het verlsag1 en\n"), "verlsag1@1:9|;");
	/* Elliptical hyphens. */
	ck_clean("de vulling van NAVO-activiteiten, -missies en -operaties.\n");
	ck_clean("het defensie- en veiligheidsbeleid, de veiligheids- en defensiebelangen\n");
	ck_assert_str_eq(reason_of("NAVO-missies en -operaties.", "operaties"), "elliptical");
	ck_assert_str_eq(check("NAVO-missies en -opreaties.\n"), "opreaties@1:18|operaties;");
	/* Without layout repair the broken word is two words. */
	tolk_spell_checker_set_options(chk, TOLK_SPELL_NO_LAYOUT);
	ck_assert_str_ne(check("vooruitge-\nkeken naar\n"), "");
	tolk_spell_checker_set_options(chk, 0);
}
END_TEST

START_TEST(abbreviations_and_acronyms)
{
	ck_clean("Kamerstuk 28 676, nr. 347. Nr. 348 BRIEF VAN DE MINISTER\n");
	ck_clean("(logistiek, bevoorrading etc.) en o.a. bijv. de i.v.m. het\n");
	ck_clean("De Minister van Defensie,\nA.Th.B. Bijleveld-Schouten\n");
	ck_assert_str_eq(reason_of("A.Th.B. Bijleveld", "A.Th.B"), "abbreviation");
	ck_clean("de NAVO-missie Irak (NMI). De NMI is er.\n");
	ck_clean("De Supreme Allied Commander Europe (SACEUR) benoemde\n");
	ck_assert_str_eq(reason_of("bijeenkomst van de NAVO-Ministers", "NAVO-Ministers"), "hyphenated");
	ck_clean("bijeenkomst van de NAVO-Ministers van Defensie en de VN-Veiligheidsraad\n");
	/* A long all-caps word must be defined (in parentheses) or recur somewhere. */
	ck_assert_str_eq(check("De ABCDEFG besloot.\n"), "ABCDEFG@1:4|;");
	ck_clean("De ABCDEFG besloot. Zie (ABCDEFG).\n");
	/* In an all-caps heading an all-caps typo is a word, not an acronym. */
	ck_assert_str_eq(check("BRIEF VAN DE MINSTER VAN DEFENSIE\n"), "MINSTER@1:14|MINISTER;");
	/* Addresses are no words. */
	ck_clean("zie https://www.defensie.nl/verslagxq of mail info@defensiexq.nl\n");
	/* a domain name without www or a scheme: the trailing period ends the sentence */
	ck_clean("Lees het op weather.com of LiverpoolFC.com. Ook nu.nl, rijksoverheid.nl en bbc.co.uk.\n");
	/* a missing space after a period is no domain: the words are still checked */
	ck_assert_str_eq(check("Het was laat.Verslag volgt.\n"), "laat.Verslag@1:9|laat. Verslag;");
	ck_assert_str_eq(check("zie verlsag.com\n"), "");
}
END_TEST

START_TEST(sentence_start_and_place_names)
{
	/*
	 * nl_NL marks some lowercase words KEEPCASE (kerst, christelijk, westers):
	 * Hunspell then refuses them capitalised even where every Dutch sentence
	 * starts with a capital.
	 */
	ck_clean("Christelijke partijen stemden tegen. Kerst valt in december.\n");
	ck_clean("Islamitische scholen bleven open. Cd-roms zijn ouderwets.\n");
	/* the stressed een at the start of a sentence: Eén (or Één) */
	ck_clean("Eén van de kleinzonen sprak. Één ding is zeker.\n");
	/* a headline ends without a period: the next line starts a sentence */
	ck_clean("Kinderen houden accounts geheim\nEén op de vijf kinderen heeft er een.\n");
	/* mid-sentence the capital is still wrong, and typos stay typos */
	ck_assert_str_eq(check("Zij vierden Kerst thuis.\n"), "Kerst@1:13|kerst;");
	ck_assert_str_eq(check("Chrstelijke partijen.\n"), "Chrstelijke@1:1|Christelijke;");
	/* 's-Gravenhage, 's-Hertogenbosch: the apostrophe belongs to the name */
	ck_clean("Hij woont in 's-Gravenhage en werkt in \xE2\x80\x99s-Hertogenbosch.\n");
	ck_assert_str_eq(check("Hij woont in 's-Gravnhage.\n"), "s-Gravnhage@1:15|;");
}
END_TEST

START_TEST(names_the_document_uses)
{
	/* a capitalised word the dictionaries lack, used inside a sentence: a name */
	const char *news = "Rechter Kavanaugh werd gehoord. De Senaat stemde over Kavanaugh. Volgens Kavanaugh "
	                   "klopte het niet, en Kavanaughs benoeming ging door.\n";
	ck_clean(news);
	ck_assert_str_eq(reason_of(news, "Kavanaugh"), "name");
	/* once is enough when nothing else explains it: no dictionary word one edit away */
	ck_clean("Hij kreeg een pass van Shaqiri en scoorde.\n");
	ck_assert_str_eq(reason_of("een pass van Shaqiri en", "Shaqiri"), "name");
	ck_clean("de pass van Shaqiri en Shaqiri's doelpunt\n");
	/* names written with inner capitals or an apostrophe */
	ck_clean("zei inspecteur O'Hagan tegen presentator McPartlin.\n");
	/* a title's period starts no sentence; a first name starting one is followed by the surname */
	ck_clean("Dhr. Merriweather zei dat.\n");
	ck_clean("Gendon Subandono, de coach, sprak.\n");
	/* beside a first name the dictionary lists, only a typical typo of a Dutch word counts (pompen is not) */
	ck_clean("Minister Mike Pompeo sprak.\n");
	ck_assert_str_eq(check("Sebastian Vertle won.\n"), "Vertle@1:11|Vertel;");
	/* an exact English word is no random slip of the keys: Truly (Trudy is no typical typo of it) */
	ck_clean("Willoughby heeft geen tijd voor het merk Truly.\n");
	/* a Dutch compound with a name as its first part */
	ck_clean("de Mentawai-eilanden en het Chequers-plan\n");
	ck_assert_str_eq(check("het Amsterdma-gebied\n"), "Amsterdma-gebied@1:5|Amsterdam-gebied;");
	/* a misspelling of the name stands out, and the document's own spelling is suggested */
	ck_assert_str_eq(check("Rechter Kavanaugh sprak met Kavanaugh over Kavanaugh en Kavanuagh.\n"),
	                 "Kavanuagh@1:57|Kavanaugh;");
	/* two spellings used as often: both stand out, each suggesting the other */
	ck_assert_str_eq(check("Toen zei Kavadarkov dat Kavardarkov kwam.\n"),
	                 "Kavadarkov@1:10|Kavardarkov;Kavardarkov@1:25|Kavadarkov;");
	/* a capitalised Dutch typo stays a typo however often it recurs */
	ck_assert_str_eq(check("De Minsters kwamen. Alle Minsters spraken. Twee Minsters bleven.\n"),
	                 "Minsters@1:4|Ministers;Minsters@1:26|Ministers;Minsters@1:49|Ministers;");
	/* so do typos of names the dictionary lists, Dutch words capitalised, and missing spaces */
	ck_assert_str_eq(check("Zij reisde naar Amsterdma.\n"), "Amsterdma@1:17|Amsterdam;");
	/* any edit of a name the dictionary lists, and of its inflected forms (Mexicaans: Mexicaanse) */
	ck_assert_ptr_nonnull(strstr(check("Zij reisde naar Engelxnd.\n"), "Engelxnd@1:17|"));
	ck_assert_ptr_nonnull(strstr(check("de Msxicaanse regering\n"), "Msxicaanse@1:4|"));
	ck_assert_str_eq(check("het begin van de Westerse beschaving\n"), "Westerse@1:18|westerse;");
	ck_assert_str_eq(check("sprak met de Ministervan Defensie\n"), "Ministervan@1:14|Minister van;");
	/* too long to search for a near word: no name */
	char longword[128] = "met Xyzzy";
	for (int i = 0; i < 30; i++)
		strcat(longword, "qu");
	strcat(longword, "borg sprak\n");
	ck_assert_ptr_nonnull(strstr(check(longword), "Xyzzyququ"));
	/* a word that only ever starts a sentence or a line shows no name's use */
	ck_assert_str_eq(check("Kavanaugh sprak. Kavanaugh zweeg. Kavanaugh ging.\n"),
	                 "Kavanaugh@1:1|;Kavanaugh@1:18|;Kavanaugh@1:35|;");
	ck_assert_str_eq(check("Kop\nKavanaugh sprak\nKop\nKavanaugh zweeg\n"), "Kavanaugh@2:1|;Kavanaugh@4:1|;");
}
END_TEST

START_TEST(english_inside_dutch)
{
	ck_clean("werd het zogenoemde Defence Capability Review Report door de Ministers vastgesteld\n");
	ck_clean("troepenaantal «conditions-based» moeten zijn\n");
	ck_clean("het uitgangspunt: «in together, adjust together and out together». Nederland\n");
	ck_clean("de implementatie van het concept for the Deterrence & Defence of the\n"
	         "Euro-Atlantic Area (DDA).\n");
	ck_clean("(cash, capabilities en contributions)\n");
	ck_clean("de zogenoemde Deterrence and Defence Posture van de NAVO en hoe deze posture werkt\n");
	ck_assert_str_eq(reason_of("Defence Capability Review Report door", "Capability"), "english");
	/* A typo inside an English name: flagged, with English suggestions. */
	tolk_spell_finding_list *f_l = NULL;
	tolk_spell_finding *f;
	size_t n;
	const char *text = "het zogenoemde Defence Capabilty Review Report door\n";
	f_l = findings(chk, text, &f, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].word, "Capabilty");
	ck_assert_str_eq(f[0].lang, "en_GB");
	ck_assert_str_eq(f[0].suggestions[0], "Capability");
	tolk_spell_finding_list_free(f_l);
	/* A Dutch typo that happens to be English (minster) is no English name. */
	ck_assert_str_eq(check("Ook werd door de Minsters kort stilgestaan\n"), "Minsters@1:18|Ministers;");
	/* English loanwords the Dutch dictionary lacks, and English joined to Dutch by a hyphen */
	ck_clean("een startup die food verkoopt, de food-omzet en de foursome-sessie\n");
	ck_assert_str_eq(reason_of("een startup die", "startup"), "english");
	ck_assert_str_eq(check("een startpu en de foursome-sesie\n"), "startpu@1:5|start pu;foursome-sesie@1:19|foursome-sessie;");
	/* Without the English mechanism the English words are findings. */
	tolk_spell_checker_set_options(chk, TOLK_SPELL_NO_ENGLISH);
	ck_assert_str_ne(check("het concept for the deterrence, together\n"), "");
	ck_assert_str_eq(check("de foursome-sessie\n"), "foursome-sessie@1:4|;");
	tolk_spell_checker_set_options(chk, 0);
}
END_TEST

START_TEST(compounds)
{
	ck_clean("De videoteleconferentie over het overkoepelend ruimtebeleid\n");
	ck_clean("Iraakse veiligheidsinstituties en luchtruimverdediging\n");
	ck_assert_str_eq(reason_of("het ruimtebeleid", "ruimtebeleid"), "compound");
	/* Typos that split into words are not compounds. */
	ck_assert_str_eq(check("waar Griekeland en\n"), "Griekeland@1:6|Griekenland;");
	ck_assert_str_eq(check("de weerbarheid van\n"), "weerbarheid@1:4|weerbaarheid;");
	ck_assert_str_eq(check("de dillema’s van\n"), "dillema’s@1:4|dilemma’s;");
	/* three-letter parts, when no word at all lies one edit away */
	ck_clean("de veteranenhof en de grootoorvleermuis\n");
	ck_assert_str_eq(reason_of("de veteranenhof en", "veteranenhof"), "compound");
	ck_assert_str_eq(check("in de supemarkten\n"), "supemarkten@1:7|supermarkten;");
	tolk_spell_checker_set_options(chk, TOLK_SPELL_NO_COMPOUNDS);
	ck_assert_ptr_nonnull(strstr(check("het ruimtebeleid\n"), "ruimtebeleid@1:5|"));
	tolk_spell_checker_set_options(chk, 0);
}
END_TEST

START_TEST(word_lists)
{
	/* (at sentence starts: inside a sentence the names rule would take them) */
	ck_assert_str_eq(check("Ramstein ligt daar. Xyzzyborg ook.\n"), "Ramstein@1:1|;Xyzzyborg@1:21|;");
	ck_assert_int_eq(tolk_spell_checker_add_word(chk, "Ramstein", 8), 0);
	ck_assert_int_eq(tolk_spell_checker_add_word(chk, "xyzzyborg", 9), 0);
	ck_clean("Ramstein ligt daar. Xyzzyborg ook. RAMSTEIN en XYZZYBORG\n");
	/* A Capitalised entry does not make the lowercase form right. */
	ck_assert_str_eq(check("ramstein\n"), "ramstein@1:1|Ramstein;");
	/* Listed words are parts of compounds too. */
	ck_clean("het xyzzyborgbeleid\n");
	ck_assert_int_eq(tolk_spell_checker_add_word(chk, "", 0), TOLK_EINVALID);
	ck_assert_int_eq(tolk_spell_checker_add_word(chk, "\xff", 1), TOLK_EINVALID);

	ck_assert_int_eq(tolk_spell_checker_load_wordlist(chk, "/nonexistent/words.txt"), TOLK_ENOTFOUND);
	char *dir = test_tmpdir();
	char path[256];
	snprintf(path, sizeof(path), "%s/words.txt", dir);
	FILE *fp = fopen(path, "w");
	fputs("# comment\nQuuxheim\n\nFrobnitz Quaxberg\nok\xff\n", fp);
	fclose(fp);
	ck_assert_int_eq(tolk_spell_checker_load_wordlist(chk, path), TOLK_EINVALID);
	ck_assert_uint_eq(tolk_error_last()->line, 5);
	fp = fopen(path, "w");
	fputs("# comment\nQuuxheim\n\nFrobnitz Quaxberg\n", fp);
	fclose(fp);
	ck_assert_int_eq(tolk_spell_checker_load_wordlist(chk, path), 0);
	ck_clean("Quuxheim, Frobnitz en Quaxberg\n");
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(term_base)
{
	char *dir = test_tmpdir();
	char path[256];
	snprintf(path, sizeof(path), "%s/terms.tbx", dir);
	FILE *fp = fopen(path, "w");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
	      "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n"
	      "<text><body><conceptEntry id=\"c1\">\n"
	      "<langSec xml:lang=\"nl\"><termSec><term>zorquixmissie</term></termSec>\n"
	      "<termSec><term>Quuxvaart Zorbagroep</term>\n"
	      "<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></termSec></langSec>\n"
	      "<langSec xml:lang=\"en\"><termSec><term>Quuxwing Operation</term></termSec></langSec>\n"
	      "</conceptEntry></body></text></tbx>\n",
	      fp);
	fclose(fp);
	const char *text = "De zorquixmissie van de Quuxvaart Zorbagroep, de zogenoemde Quuxwing Operation.\n";
	ck_assert_str_ne(check(text), "");
	tolk_termbase *tb;
	ck_assert_int_eq(tolk_termbase_open(&tb, path), 0);
	ck_assert_int_eq(tolk_spell_checker_add_termbase(chk, tb), 0);
	tolk_termbase_free(tb);
	ck_clean(text);
	ck_assert_str_eq(reason_of(text, "zorquixmissie"), "term");
	ck_assert_str_eq(reason_of(text, "Quuxwing"), "english");
	/* Terms are parts of compounds, and a typo of a term is still caught. */
	ck_clean("het zorquixmissiebeleid\n");
	ck_assert_str_eq(check("de zorquixmisie\n"), "zorquixmisie@1:4|zorquixmissie;");
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(positions_and_input)
{
	/* Columns count characters, not bytes. */
	ck_assert_str_eq(check("één financiële\nfout in één verlsag\n"), "verlsag@2:13|verslag;");
	const char bad[] = "goed\nfo\xC3(t\n";
	tolk_spell_finding_list *f_l = NULL;
	tolk_spell_finding *f = (tolk_spell_finding *)1;
	size_t n = 9;
	ck_assert_int_eq(tolk_spell_check_text(&f_l, chk, bad, sizeof(bad) - 1), TOLK_EINVALID);
	f = f_l ? f_l->items : NULL;
	n = f_l ? f_l->count : 0;
	ck_assert_ptr_null(f);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(tolk_error_last()->line, 2);
	ck_assert_uint_eq(tolk_error_last()->column, 3);
	ck_clean("");
	ck_clean("   \n\n  \n");
	ck_clean("2021–2025 1325 20-jarig 22ste 1e COVID-19 €10\n");
}
END_TEST

START_TEST(raw_is_hunspell)
{
	/* Raw mode: Hunspell's verdict on every token and nothing else. */
	tolk_spell_checker_set_options(chk, TOLK_SPELL_RAW | TOLK_SPELL_NO_SUGGESTIONS);
	ck_assert_str_eq(check("De NMI en het ruimtebeleid.\n"), "NMI@1:4|;ruimtebeleid@1:15|;");
	tolk_spell_checker_set_options(chk, 0);
}
END_TEST

START_TEST(english_checker)
{
	tolk_spell_checker *en;
	ck_assert_int_eq(tolk_spell_checker_new(&en, "en-GB", NULL), 0);
	ck_assert(!tolk_spell_checker_has_english(en));
	tolk_spell_finding_list *f_l = NULL;
	tolk_spell_finding *f;
	size_t n;
	const char *text = "The colour of the NATO report was recieved well (SACEUR).\n";
	f_l = findings(en, text, &f, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].word, "recieved");
	ck_assert_str_eq(f[0].suggestions[0], "received");
	ck_assert_str_eq(f[0].lang, "en_GB");
	tolk_spell_finding_list_free(f_l);
	/* abbreviations the dictionary lacks (en_US has none with periods), plurals of acronyms */
	const char *clean = "It starts at 5 p.m. today and ends at 7 a.m. The MPs, CEOs and NGOs met, e.g. here, i.e. now, "
	                    "approx. 30 of them, incl. Mr. Smith, a.k.a. Smithy (cf. p. 4 et al.).\n";
	for (int i = 0; i < 2; i++) {
		tolk_spell_checker *c;
		ck_assert_int_eq(tolk_spell_checker_new(&c, i ? "en_US" : "en_GB", NULL), 0);
		f_l = findings(c, clean, &f, &n);
		ck_assert_msg(n == 0, "%s: %zu findings, the first '%s'", i ? "en_US" : "en_GB", n, n ? f[0].word : "");
		tolk_spell_finding_list_free(f_l);
		/* still caught: a typo before a period, lowercase plurals, a mistyped abbreviation */
		const char *bad = "They met at 5 p.n. with the MPS and mps and the recieved.\n";
		f_l = findings(c, bad, &f, &n);
		ck_assert_uint_ge(n, 2);
		ck_assert_str_eq(f[0].word, "p.n");
		ck_assert_str_eq(f[n - 1].word, "recieved");
		tolk_spell_finding_list_free(f_l);
		tolk_spell_checker_free(c);
	}
	tolk_spell_checker_free(en);
}
END_TEST

static char *read_all(const char *path, size_t *len)
{
	char *data = NULL;
	ck_assert_int_eq(tolk_text_read_file(&data, len, path), 0);
	return data;
}

START_TEST(published_letter_is_clean)
{
	ck_assert_int_eq(tolk_spell_checker_load_wordlist(chk, test_src_path("dict/words-nl.txt")), 0);
	size_t len;
	char *text = read_all(test_src_path("tm/kamerstuk-28676-348.nl.txt"), &len);
	tolk_spell_finding_list *f_l = NULL;
	tolk_spell_finding *f;
	size_t n;
	ck_assert_int_eq(tolk_spell_check_text(&f_l, chk, text, len), 0);
	f = f_l ? f_l->items : NULL;
	n = f_l ? f_l->count : 0;
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "false alarm: %lu:%lu %s\n", f[i].line, f[i].column, f[i].word);
	ck_assert_uint_eq(n, 0);
	tolk_spell_finding_list_free(f_l);
	free(text);
}
END_TEST

START_TEST(draft_errors_all_found)
{
	ck_assert_int_eq(tolk_spell_checker_load_wordlist(chk, test_src_path("dict/words-nl.txt")), 0);
	size_t len, klen;
	char *text = read_all(test_src_path("tests/data/spell/draft-errors.txt"), &len);
	char *key = read_all(test_src_path("tests/data/spell/draft-errors.key"), &klen);
	tolk_spell_finding_list *f_l = NULL;
	tolk_spell_finding *f;
	size_t n;
	ck_assert_int_eq(tolk_spell_check_text(&f_l, chk, text, len), 0);
	f = f_l ? f_l->items : NULL;
	n = f_l ? f_l->count : 0;

	size_t errors = 0, found = 0, first = 0;
	bool *matched = calloc(n + 1, sizeof(bool));
	for (char *line = strtok(key, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		unsigned long ln, col;
		char wrong[128], want[128];
		ck_assert_int_eq(sscanf(line, "%lu\t%lu\t%127[^\t]\t%127[^\t]", &ln, &col, wrong, want), 4);
		errors++;
		size_t i = 0;
		while (i < n && !(f[i].line == ln && f[i].column == col))
			i++;
		if (i == n || strcmp(f[i].word, wrong) != 0) {
			fprintf(stderr, "missed: %lu:%lu %s\n", ln, col, wrong);
			continue;
		}
		matched[i] = true;
		found++;
		if (f[i].suggestion_count && strcmp(f[i].suggestions[0], want) == 0)
			first++;
		else
			fprintf(stderr, "first suggestion for %s: %s, wanted %s\n", wrong,
			        f[i].suggestion_count ? f[i].suggestions[0] : "(none)", want);
	}
	for (size_t i = 0; i < n; i++)
		if (!matched[i])
			fprintf(stderr, "false alarm: %lu:%lu %s\n", f[i].line, f[i].column, f[i].word);
	printf("draft errors: %zu, found %zu, intended word first %zu (%.1f%%), false alarms %zu\n", errors,
	       found, first, 100.0 * (double)first / (double)errors, n - found);
	ck_assert_uint_ge(errors, 25);
	ck_assert_uint_eq(found, errors);
	ck_assert_uint_eq(n, found);
	ck_assert_uint_ge(first * 10, errors * 9); /* nearly all: at least 90 % */
	free(matched);
	tolk_spell_finding_list_free(f_l);
	free(text);
	free(key);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spell_check");
	TCase *tc = tcase_create("mechanisms");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, layout);
	tcase_add_test(tc, abbreviations_and_acronyms);
	tcase_add_test(tc, sentence_start_and_place_names);
	tcase_add_test(tc, names_the_document_uses);
	tcase_add_test(tc, english_inside_dutch);
	tcase_add_test(tc, compounds);
	tcase_add_test(tc, word_lists);
	tcase_add_test(tc, term_base);
	tcase_add_test(tc, positions_and_input);
	tcase_add_test(tc, raw_is_hunspell);
	tcase_add_test(tc, english_checker);
	tcase_add_test(tc, published_letter_is_clean);
	tcase_add_test(tc, draft_errors_all_found);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
