/* Unit tests for the segmenter's API and layout repair, and the gold segmentation of the letter. */
#include "testutil.h"

#include "tolk/segment.h"
#include "tolk/spell.h"
#include "segment_private.h"
#include "util.h"

static tolk_segment_list *run_with(const char *lang, const char *text, tolk_word_known_cb known, void *payload,
                                   bool repair)
{
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, lang), 0);
	tolk_segmenter_set_lexicon(seg, known, payload);
	tolk_segmenter_set_layout_repair(seg, repair);
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segment_text(&list, seg, text, strlen(text)), 0);
	tolk_segmenter_free(seg);
	return list;
}

static tolk_segment_list *run(const char *text)
{
	return run_with("nl", text, NULL, NULL, true);
}

/* The segments' texts, each on its own line, for readable failures. */
static char *joined(const tolk_segment_list *list)
{
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t i = 0; i < list->count; i++)
		tolk_buf_printf(&b, "%s\n", list->items[i].text);
	return b.ptr ? tolk_buf_detach(&b) : strdup("");
}

static void expect(const char *text, const char *want)
{
	tolk_segment_list *list = run(text);
	char *got = joined(list);
	ck_assert_str_eq(got, want);
	free(got);
	tolk_segment_list_free(list);
}

static void expect_kinds(const char *text, const char *want)
{
	tolk_segment_list *list = run(text);
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t i = 0; i < list->count; i++)
		tolk_buf_printf(&b, "%s:%u ", tolk_segment_kind_name(list->items[i].kind), list->items[i].paragraph);
	ck_assert_str_eq(b.ptr ? b.ptr : "", want);
	tolk_buf_free(&b);
	tolk_segment_list_free(list);
}

/* ---- API ------------------------------------------------------------------------------ */

START_TEST(languages)
{
	tolk_segmenter *seg = NULL;
	const char *good[] = {"nl", "en", "nl-NL", "nl_NL", "en_GB", "en-US", "NL", "EN-gb", "nl-BE"};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		ck_assert_int_eq(tolk_segmenter_new(&seg, good[i]), 0);
		tolk_segmenter_free(seg);
	}
	ck_assert_int_eq(tolk_segmenter_new(&seg, "fr"), TOLK_ELANG);
	ck_assert_ptr_null(seg);
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nlx"), TOLK_ELANG);
	ck_assert_int_eq(tolk_segmenter_new(&seg, NULL), TOLK_ELANG);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "nl or en"));
	tolk_segmenter_free(NULL);
	tolk_segment_list_free(NULL);
}
END_TEST

START_TEST(kind_names)
{
	ck_assert_str_eq(tolk_segment_kind_name(TOLK_SEGMENT_SENTENCE), "sentence");
	ck_assert_str_eq(tolk_segment_kind_name(TOLK_SEGMENT_HEADING), "heading");
	ck_assert_str_eq(tolk_segment_kind_name(TOLK_SEGMENT_SIGNATURE), "signature");
	ck_assert_str_eq(tolk_segment_kind_name(TOLK_SEGMENT_FOOTNOTE), "footnote");
	ck_assert_str_eq(tolk_segment_kind_name(TOLK_SEGMENT_LIST_ITEM), "list-item");
	ck_assert_str_eq(tolk_segment_kind_name(TOLK_SEGMENT_OTHER), "other");
}
END_TEST

START_TEST(empty_and_blank)
{
	expect("", "");
	expect(" \n\n\t \n", "");
	tolk_segmenter *seg = NULL;
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	ck_assert_int_eq(tolk_segment_text(&list, seg, NULL, 0), 0);
	ck_assert_uint_eq(list->count, 0);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);
}
END_TEST

START_TEST(invalid_utf8)
{
	tolk_segmenter *seg = NULL;
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	const char bad[] = "Goed zo. Fo\xC3(ut.";
	ck_assert_int_eq(tolk_segment_text(&list, seg, bad, sizeof(bad) - 1), TOLK_EINVALID);
	ck_assert_ptr_null(list);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "byte 11"));
	tolk_segmenter_free(seg);
}
END_TEST

typedef struct copied {
	tolk_segment items[4096];
	char *texts[4096];
	size_t count, stop_after;
} copied;

static int copy_segment(const tolk_segment *s, void *payload)
{
	copied *c = payload;
	if (c->stop_after && c->count == c->stop_after)
		return 42;
	ck_assert_uint_lt(c->count, 4096);
	c->items[c->count] = *s;
	c->texts[c->count++] = strdup(s->text);
	return 0;
}

static void copied_free(copied *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->texts[i]);
	c->count = 0;
}

START_TEST(file_with_byte_order_mark)
{
	char *dir = test_tmpdir();
	char path[4096];
	snprintf(path, sizeof(path), "%s/bom.txt", dir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("\xEF\xBB\xBF" "Een zin.\r\nTwee.\r\n", f);
	fclose(f);
	tolk_segmenter *seg = NULL;
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	ck_assert_int_eq(tolk_segment_file(&list, seg, path), 0);
	ck_assert_uint_eq(list->count, 2);
	/* offsets in the file, the mark included */
	ck_assert_uint_eq(list->items[0].start, 3);
	ck_assert_uint_eq(list->items[0].end, 11);
	ck_assert_uint_eq(list->items[1].start, 13);
	ck_assert_uint_eq(list->items[1].end, 18);
	tolk_segment_list_free(list);
	list = NULL;
	/* streaming gives the same offsets */
	static copied got;
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(tolk_segment_file_foreach(seg, path, copy_segment, &got), 0);
	ck_assert_uint_eq(got.count, 2);
	ck_assert_uint_eq(got.items[0].start, 3);
	ck_assert_uint_eq(got.items[1].end, 18);
	copied_free(&got);
	f = fopen(path, "wb");
	fputs("\xEF\xBB\xBF" "Goed.\nab\xC3(\n", f);
	fclose(f);
	ck_assert_int_eq(tolk_segment_file(&list, seg, path), TOLK_EINVALID);
	ck_assert_ptr_null(list);
	const tolk_error *e = tolk_error_last();
	ck_assert_uint_eq(e->line, 2);
	ck_assert_uint_eq(e->column, 3);
	ck_assert_ptr_nonnull(strstr(e->message, "byte offset 11,"));
	remove(path);
	ck_assert_int_eq(tolk_segment_file(&list, seg, path), TOLK_ENOTFOUND);
	ck_assert_int_eq(tolk_segment_file_foreach(seg, path, copy_segment, &got), TOLK_ENOTFOUND);
	tolk_segmenter_free(seg);
	rmdir(dir);
}
END_TEST

/* ---- streaming -------------------------------------------------------------------------- */

/* The same segments as tolk_segment_text, over several chunks; the callback can stop the run. */
START_TEST(foreach_streams_the_same_segments)
{
	tolk_buf doc = TOLK_BUF_INIT;
	for (int k = 0; k < 1500; k++)
		tolk_buf_printf(&doc, "Alinea %d met een ge-\nbroken woord. Nog een zin over\nde NAVO-top.\n\n", k);
	ck_assert_uint_gt(doc.len, 64 * 1024 + 32 * 1024); /* more than one chunk of repaired text */
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segment_text(&list, seg, doc.ptr, doc.len), 0);
	static copied got;
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(tolk_segment_foreach(seg, doc.ptr, doc.len, copy_segment, &got), 0);
	ck_assert_uint_eq(got.count, list->count);
	ck_assert_uint_eq(got.count, 3000);
	for (size_t i = 0; i < got.count; i++) {
		ck_assert_str_eq(got.texts[i], list->items[i].text);
		ck_assert_uint_eq(got.items[i].start, list->items[i].start);
		ck_assert_uint_eq(got.items[i].end, list->items[i].end);
		ck_assert_uint_eq(got.items[i].paragraph, list->items[i].paragraph);
		ck_assert_int_eq(got.items[i].kind, list->items[i].kind);
	}
	copied_free(&got);
	got.stop_after = 3;
	ck_assert_int_eq(tolk_segment_foreach(seg, doc.ptr, doc.len, copy_segment, &got), 42);
	ck_assert_uint_eq(got.count, 3);
	copied_free(&got);
	got.stop_after = 0;
	/* invalid UTF-8 is reported before any segment is handed out */
	ck_assert_int_eq(tolk_segment_foreach(seg, "Goed. Fout\xC3(.", strlen("Goed. Fout\xC3(."), copy_segment, &got), TOLK_EINVALID);
	ck_assert_uint_eq(got.count, 0);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);
	tolk_buf_free(&doc);
}
END_TEST

/* Every segment maps back to the input: its first and last characters are where start and end say. */
static void check_offsets(const char *text, const tolk_segment_list *list)
{
	size_t prev_end = 0;
	for (size_t i = 0; i < list->count; i++) {
		const tolk_segment *s = &list->items[i];
		size_t n = strlen(s->text);
		ck_assert_uint_lt(s->start, s->end);
		ck_assert_uint_ge(s->start, prev_end);
		ck_assert_int_eq(memcmp(text + s->start, s->text, 1), 0);
		ck_assert_int_eq(text[s->end - 1], s->text[n - 1]);
		prev_end = s->end;
	}
}

/* ---- layout repair ----------------------------------------------------------------------- */

START_TEST(unwraps_lines_and_collapses_space)
{
	expect("Dit is een zin die over \ntwee regels loopt.  En\tnog een \n  zin.\n",
	       "Dit is een zin die over twee regels loopt.\nEn nog een zin.\n");
	/* a lone no-break space is a character of the text, not layout */
	expect("Kamerstuk 28\xC2\xA0" "676 is bekend.\n", "Kamerstuk 28\xC2\xA0" "676 is bekend.\n");
	expect("Windows-regels\r\nlopen ook door.\r\n", "Windows-regels lopen ook door.\n");
}
END_TEST

START_TEST(paragraphs_are_numbered)
{
	tolk_segment_list *list = run("Eerste alinea. Nog een zin.\n\nTweede alinea.\n");
	ck_assert_uint_eq(list->count, 3);
	ck_assert_uint_eq(list->items[0].paragraph, 1);
	ck_assert_uint_eq(list->items[1].paragraph, 1);
	ck_assert_uint_eq(list->items[2].paragraph, 2);
	tolk_segment_list_free(list);
}
END_TEST

START_TEST(hyphen_split_word_is_joined)
{
	expect("Er werd vooruitge-\nkeken naar februari.\n", "Er werd vooruitgekeken naar februari.\n");
	/* a soft hyphen is always a split */
	expect("Er werd vooruitge\xC2\xAD\nkeken naar februari.\n", "Er werd vooruitgekeken naar februari.\n");
}
END_TEST

START_TEST(hyphen_kept_when_document_has_it)
{
	expect("De secretaris-generaal sprak. Ook de secretaris-\ngeneraal zweeg.\n",
	       "De secretaris-generaal sprak.\nOok de secretaris-generaal zweeg.\n");
}
END_TEST

START_TEST(hyphen_joined_when_document_has_joined)
{
	expect("De onlangs gepubliceerde Defensie-\nvisie 2035 is er. De Defensievisie biedt veel.\n",
	       "De onlangs gepubliceerde Defensievisie 2035 is er.\nDe Defensievisie biedt veel.\n");
}
END_TEST

START_TEST(hyphen_capitals_and_digits_keep)
{
	expect("De NAVO-\nmissies gaan door.\n", "De NAVO-missies gaan door.\n");
	expect("De Euro-\nAtlantic Area telt.\n", "De Euro-Atlantic Area telt.\n");
	expect("In tijden van COVID-\n19 is dat anders.\n", "In tijden van COVID-19 is dat anders.\n");
}
END_TEST

START_TEST(hyphen_dutch_vowel_clash_keeps)
{
	/* joined "defensieuitgaven" would read "eu": Dutch writes the hyphen */
	expect("De defensie-\nuitgaven stijgen.\n", "De defensie-uitgaven stijgen.\n");
	ck_assert(!seg_hyphen_default_join("nl", "zee", 3, "egel", 4));
	ck_assert(seg_hyphen_default_join("nl", "gecoo", 5, "rdineerd", 8));
	ck_assert(seg_hyphen_default_join("en", "re", 2, "enter", 5));
}
END_TEST

START_TEST(hyphen_page_break_line)
{
	expect("training van Iraakse veiligheidsin-\n stituties dan enkel het ministerie.\n",
	       "training van Iraakse veiligheidsinstituties dan enkel het ministerie.\n");
}
END_TEST

START_TEST(hyphen_inside_line_untouched)
{
	expect("De vulling van NAVO-activiteiten, -missies en -operaties.\n",
	       "De vulling van NAVO-activiteiten, -missies en -operaties.\n");
	/* a line ending in a hyphen before a bracket is not a split word */
	expect("Een tekst-\n(zie bijlage) volgt.\n", "Een tekst- (zie bijlage) volgt.\n");
}
END_TEST

/* A fake Hunspell: a fixed word list. */
static int fake_known(const char *word, size_t len, void *payload)
{
	for (const char *const *w = payload; *w; w++)
		if (strlen(*w) == len && strncasecmp(*w, word, len) == 0)
			return 1;
	return 0;
}

START_TEST(hyphen_lexicon_decides)
{
	const char *words[] = {"capaciteitsopbouw", "politiek", "militair", "secretarisgeneraal", NULL};
	struct {
		const char *text, *want;
	} cases[] = {
		/* joined word known: join */
		{"Er komt meer capaciteits-\nopbouw in Irak.\n", "Er komt meer capaciteitsopbouw in Irak.\n"},
		/* both halves known, the join not: keep */
		{"Het politiek-\nmilitair advies kwam.\n", "Het politiek-militair advies kwam.\n"},
		/* the document beats the lexicon */
		{"De secretaris-generaal kwam. Ook de secretaris-\ngeneraal ging.\n",
		 "De secretaris-generaal kwam.\nOok de secretaris-generaal ging.\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		tolk_segment_list *list = run_with("nl", cases[i].text, fake_known, (void *)words, true);
		char *got = joined(list);
		ck_assert_str_eq(got, cases[i].want);
		free(got);
		tolk_segment_list_free(list);
	}
	/* without a lexicon "politiek-/militair" has no evidence and joins by default */
	expect("Het politiek-\nmilitair advies kwam.\n", "Het politiekmilitair advies kwam.\n");
}
END_TEST

START_TEST(hunspell_lexicon)
{
	tolk_speller *sp = NULL;
	if (tolk_speller_new(&sp, "nl_NL", NULL) != 0) {
		test_skip("the nl_NL Hunspell dictionary is not installed");
		return;
	}
	tolk_segment_list *list = run_with(
		"nl", "Er werd vooruitge-\nkeken en aange-\ngeven dat de verplich-\ntingen gelden.\n",
		tolk_speller_known_cb, sp, true);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_str_eq(list->items[0].text, "Er werd vooruitgekeken en aangegeven dat de verplichtingen gelden.");
	tolk_segment_list_free(list);
	tolk_speller_free(sp);
}
END_TEST

START_TEST(headings)
{
	expect_kinds("Titel van de brief\n\nEerste zin van de tekst. Tweede zin.\n\nTussenkop\n\nMeer tekst hier.\n",
	             "heading:1 sentence:2 sentence:2 heading:3 sentence:4 ");
	/* a heading glued to its paragraph */
	expect_kinds("Een korte kop\nDe tekst begint hier en loopt door tot het einde van de regel en\nverder.\n",
	             "heading:1 sentence:2 ");
}
END_TEST

START_TEST(page_break_heading_and_continuation)
{
	const char *text =
		"In het kader van afschrikking door en verdediging van de NAVO werd \n"
		"gesproken over de coherentie van de zogenoemde Deterrence and \n"
		"Defence Posture van de NAVO en hoe initiatieven ter versterking van \n"
		"deze posture verder aan elkaar kunnen worden verbonden. Volgende \n"
		"kabinetten zullen zich moeten buigen over eventuele \n"
		"vervolgstappen. \n"
		" Afschrikking en verdediging \n"
		"\n"
		"Tekst op de nieuwe bladzijde over het gebied \n"
		" van grondgebonden luchtruimverdediging. Nederland gaat mee.\n";
	tolk_segment_list *list = run(text);
	ck_assert_uint_eq(list->count, 5);
	ck_assert_str_eq(list->items[2].text, "Afschrikking en verdediging");
	ck_assert_int_eq(list->items[2].kind, TOLK_SEGMENT_HEADING);
	ck_assert_uint_eq(list->items[2].paragraph, 2);
	ck_assert_str_eq(list->items[3].text,
	                 "Tekst op de nieuwe bladzijde over het gebied van grondgebonden luchtruimverdediging.");
	ck_assert_uint_eq(list->items[3].paragraph, 3);
	check_offsets(text, list);
	tolk_segment_list_free(list);
}
END_TEST

START_TEST(page_break_between_blocks_continues)
{
	/* a full line without final punctuation, a blank line, then lowercase: one paragraph */
	const char *text = "Dit is een lange regel tekst die over de volle breedte van de pagina loopt en\n"
	                   "daarna nog een regel die ook de hele breedte van de bladzijde vult zonder\n"
	                   "\n"
	                   " te eindigen, want de zin gaat op de volgende bladzijde verder. Klaar.\n";
	expect(text, "Dit is een lange regel tekst die over de volle breedte van de pagina loopt en daarna nog een "
	             "regel die ook de hele breedte van de bladzijde vult zonder te eindigen, want de zin gaat op de "
	             "volgende bladzijde verder.\nKlaar.\n");
}
END_TEST

START_TEST(front_matter_signature_footnote)
{
	const char *text = " Nr. 348 BRIEF VAN DE MINISTER \n\nAan de Voorzitter van de Tweede Kamer \n\n"
	                   "Den Haag, 6 november 2020 \n\nHierbij de tekst over luchtruimverdediging1. Dat is het.\n\n"
	                   "De Minister van Defensie,\nA.Th.B. Bijleveld-Schouten\n\n"
	                   "1 De negen bondgenoten zijn: Belgi\xC3\xAB en Spanje.\n";
	expect_kinds(text, "heading:1 other:2 other:3 sentence:4 sentence:4 signature:5 signature:5 footnote:6 ");
	expect(text, "Nr. 348 BRIEF VAN DE MINISTER\nAan de Voorzitter van de Tweede Kamer\nDen Haag, 6 november 2020\n"
	             "Hierbij de tekst over luchtruimverdediging1.\nDat is het.\nDe Minister van Defensie,\n"
	             "A.Th.B. Bijleveld-Schouten\n1 De negen bondgenoten zijn: Belgi\xC3\xAB en Spanje.\n");
}
END_TEST

START_TEST(signature_over_blocks_and_salutation)
{
	expect_kinds("Geachte voorzitter,\n\nHierbij stuur ik u de brief. Dank.\n\nHoogachtend,\n\n"
	             "De Minister van Defensie,\n\nA.Th.B. Bijleveld-Schouten\n",
	             "other:1 sentence:2 sentence:2 signature:3 signature:4 signature:5 ");
}
END_TEST

START_TEST(numbered_block_without_mark_is_text)
{
	/* no "...5" mark before it: "5 ministers" is a sentence, not a footnote */
	expect_kinds("Er waren veel mensen.\n\n5 ministers kwamen ook naar de vergadering.\n", "sentence:1 sentence:2 ");
	/* the mark must be the whole number: "woord123" is no mark for 12 or 23 */
	expect_kinds("Zie woord123. En meer.\n\n12 ministers kwamen.\n\n23 anderen ook.\n",
	             "sentence:1 sentence:1 sentence:2 sentence:3 ");
	expect_kinds("Zie woord12. En meer.\n\n12 Noot bij woord.\n", "sentence:1 sentence:1 footnote:2 ");
	/* many numbered blocks, each looking back for its mark: a mark found once serves them all */
	tolk_buf b = TOLK_BUF_INIT;
	tolk_buf_puts(&b, "Een tekst met noot7. Meer.\n\n");
	for (int k = 0; k < 20000; k++)
		tolk_buf_puts(&b, "7 Noot.\n\n");
	tolk_segment_list *list = run(b.ptr);
	ck_assert_uint_eq(list->count, 20002);
	ck_assert_int_eq(list->items[2].kind, TOLK_SEGMENT_FOOTNOTE);
	/* more than a few pages (16 KB) above it, a mark no longer counts */
	ck_assert_int_eq(list->items[20001].kind, TOLK_SEGMENT_SENTENCE);
	tolk_segment_list_free(list);
	tolk_buf_free(&b);
}
END_TEST

START_TEST(list_items)
{
	const char *text = "De punten zijn:\n- het eerste punt\n- het tweede punt dat\n  doorloopt\n"
	                   "1. Eerste genummerd. Met een tweede zin.\n2. Tweede genummerd.\n";
	expect_kinds(text, "sentence:1 list-item:2 list-item:3 list-item:4 list-item:4 list-item:5 ");
	expect(text, "De punten zijn:\n- het eerste punt\n- het tweede punt dat doorloopt\n1. Eerste genummerd.\n"
	             "Met een tweede zin.\n2. Tweede genummerd.\n");
}
END_TEST

START_TEST(layout_repair_off)
{
	tolk_segment_list *list = run_with("nl", "Kop\n\nEr werd vooruitge-\nkeken. Klaar.\n", NULL, NULL, false);
	char *got = joined(list);
	ck_assert_str_eq(got, "Kop\nEr werd vooruitge- keken.\nKlaar.\n");
	for (size_t i = 0; i < list->count; i++)
		ck_assert_int_eq(list->items[i].kind, TOLK_SEGMENT_SENTENCE);
	free(got);
	tolk_segment_list_free(list);
}
END_TEST

START_TEST(offsets_span_joined_lines)
{
	const char *text = "  Er werd vooruitge-\nkeken naar februari.  \n";
	tolk_segment_list *list = run(text);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_uint_eq(list->items[0].start, 2);
	ck_assert_uint_eq(list->items[0].end, strlen(text) - 3);
	tolk_segment_list_free(list);
}
END_TEST

/* Random documents from the characters layout repair cares about: never a crash, always sane segments. */
START_TEST(random_documents)
{
	static const char *const pieces[] = {
		"a", "e", "n", "De", "NAVO", "nr.", "bijv.", "A.", "1", "2020", " ", " ", " ", "  ", "\n", "\n", "\n\n",
		"\n ", "-", "-\n", "\xC2\xAD\n", ".", ". ", "? ", "! ", ",", ":", ";", "(", ")", "\xE2\x80\x99s ", "\xE2\x80\xA6",
		"\xC2\xAB", "\xC2\xBB", "\xC3\xAB", "\xC2\xA0", "\t", "\r\n", "\f", "- ", "1. ", "\xE2\x80\xA2 ", "Hoogachtend,",
		"woord1.", "1 Noot.", "secretaris-generaal", "Den Haag, 6 november 2020"};
	const size_t npieces = sizeof(pieces) / sizeof(*pieces);
	unsigned seed = 20201106;
	for (int doc = 0; doc < 300; doc++) {
		tolk_buf b = TOLK_BUF_INIT;
		int n = (int)(rand_r(&seed) % 400);
		for (int k = 0; k < n; k++)
			tolk_buf_puts(&b, pieces[(size_t)rand_r(&seed) % npieces]);
		const char *text = b.ptr ? b.ptr : "";
		for (int repair = 0; repair < 2; repair++) {
			tolk_segment_list *list = run_with(doc % 2 ? "en" : "nl", text, NULL, NULL, repair);
			size_t prev_end = 0;
			for (size_t i = 0; i < list->count; i++) {
				const tolk_segment *s = &list->items[i];
				size_t len = strlen(s->text);
				ck_assert_uint_gt(len, 0);
				ck_assert_ptr_null(strchr(s->text, '\n'));
				ck_assert(s->text[0] != ' ' && s->text[len - 1] != ' ');
				ck_assert_uint_le(s->end, b.len);
				ck_assert_uint_lt(s->start, s->end);
				ck_assert_uint_ge(s->start, prev_end);
				ck_assert_int_eq(text[s->start], s->text[0]);
				prev_end = s->end;
			}
			tolk_segment_list_free(list);
		}
		tolk_buf_free(&b);
	}
}
END_TEST

/* ---- the letter -------------------------------------------------------------------------- */

static void check_gold(tolk_word_known_cb known, void *payload)
{
	char *letter = NULL, *gold = NULL;
	size_t letter_len = 0, gold_len = 0;
	ck_assert_int_eq(tolk_text_read_file(&letter, &letter_len, test_src_path("tm/kamerstuk-28676-348.nl.txt")), 0);
	ck_assert_int_eq(
		tolk_text_read_file(&gold, &gold_len, test_src_path("tests/data/segment/kamerstuk-28676-348.nl.gold.tsv")), 0);
	tolk_segmenter *seg = NULL;
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	tolk_segmenter_set_lexicon(seg, known, payload);
	ck_assert_int_eq(tolk_segment_text(&list, seg, letter, letter_len), 0);
	size_t i = 0;
	for (char *line = strtok(gold, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		char *kind = line, *para = strchr(kind, '\t');
		ck_assert_ptr_nonnull(para);
		*para++ = '\0';
		char *want = strchr(para, '\t');
		ck_assert_ptr_nonnull(want);
		*want++ = '\0';
		ck_assert_msg(i < list->count, "segment %zu missing: %s", i + 1, want);
		const tolk_segment *s = &list->items[i++];
		ck_assert_str_eq(s->text, want);
		ck_assert_str_eq(tolk_segment_kind_name(s->kind), kind);
		ck_assert_uint_eq(s->paragraph, (unsigned)atoi(para));
	}
	ck_assert_uint_eq(list->count, i);
	check_offsets(letter, list);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);
	free(letter);
	free(gold);
}

START_TEST(letter_gold_without_lexicon)
{
	check_gold(NULL, NULL);
}
END_TEST

/* Old Mac files end their lines in a lone CR: the letter so saved segments exactly as it is. */
START_TEST(letter_with_cr_line_ends)
{
	char *letter = NULL;
	size_t len = 0;
	ck_assert_int_eq(tolk_text_read_file(&letter, &len, test_src_path("tm/kamerstuk-28676-348.nl.txt")), 0);
	tolk_segment_list *lf = run_with("nl", letter, NULL, NULL, true);
	for (size_t i = 0; i < len; i++)
		if (letter[i] == '\n')
			letter[i] = '\r';
	tolk_segment_list *cr = run_with("nl", letter, NULL, NULL, true);
	ck_assert_uint_eq(cr->count, lf->count);
	ck_assert_uint_eq(cr->count, 70);
	for (size_t i = 0; i < cr->count; i++) {
		ck_assert_str_eq(cr->items[i].text, lf->items[i].text);
		ck_assert_uint_eq(cr->items[i].start, lf->items[i].start);
		ck_assert_uint_eq(cr->items[i].end, lf->items[i].end);
		ck_assert_uint_eq(cr->items[i].paragraph, lf->items[i].paragraph);
		ck_assert_int_eq(cr->items[i].kind, lf->items[i].kind);
	}
	tolk_segment_list_free(lf);
	tolk_segment_list_free(cr);
	free(letter);
}
END_TEST

START_TEST(letter_gold_with_hunspell)
{
	tolk_speller *sp = NULL;
	if (tolk_speller_new(&sp, "nl_NL", NULL) != 0) {
		test_skip("the nl_NL Hunspell dictionary is not installed");
		return;
	}
	check_gold(tolk_speller_known_cb, sp);
	tolk_speller_free(sp);
}
END_TEST

START_TEST(letter_gold_with_misleading_lexicon)
{
	/* a lexicon that knows every compound must not undo the document's own evidence */
	const char *words[] = {"secretarisgeneraal", "defensievisie", "vooruitgekeken", "aangegeven", NULL};
	check_gold(fake_known, (void *)words);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("segment");
	TCase *api = tcase_create("api");
	tcase_add_test(api, languages);
	tcase_add_test(api, kind_names);
	tcase_add_test(api, empty_and_blank);
	tcase_add_test(api, invalid_utf8);
	tcase_add_test(api, file_with_byte_order_mark);
	tcase_add_test(api, foreach_streams_the_same_segments);
	suite_add_tcase(s, api);
	TCase *layout = tcase_create("layout");
	tcase_add_test(layout, unwraps_lines_and_collapses_space);
	tcase_add_test(layout, paragraphs_are_numbered);
	tcase_add_test(layout, hyphen_split_word_is_joined);
	tcase_add_test(layout, hyphen_kept_when_document_has_it);
	tcase_add_test(layout, hyphen_joined_when_document_has_joined);
	tcase_add_test(layout, hyphen_capitals_and_digits_keep);
	tcase_add_test(layout, hyphen_dutch_vowel_clash_keeps);
	tcase_add_test(layout, hyphen_page_break_line);
	tcase_add_test(layout, hyphen_inside_line_untouched);
	tcase_add_test(layout, hyphen_lexicon_decides);
	tcase_add_test(layout, hunspell_lexicon);
	tcase_add_test(layout, headings);
	tcase_add_test(layout, page_break_heading_and_continuation);
	tcase_add_test(layout, page_break_between_blocks_continues);
	tcase_add_test(layout, front_matter_signature_footnote);
	tcase_add_test(layout, signature_over_blocks_and_salutation);
	tcase_add_test(layout, numbered_block_without_mark_is_text);
	tcase_add_test(layout, list_items);
	tcase_add_test(layout, layout_repair_off);
	tcase_add_test(layout, offsets_span_joined_lines);
	tcase_add_test(layout, random_documents);
	suite_add_tcase(s, layout);
	TCase *letter = tcase_create("letter");
	tcase_add_test(letter, letter_gold_without_lexicon);
	tcase_add_test(letter, letter_with_cr_line_ends);
	tcase_add_test(letter, letter_gold_with_hunspell);
	tcase_add_test(letter, letter_gold_with_misleading_lexicon);
	suite_add_tcase(s, letter);
	return test_run_suite(s);
}
