/* Unit tests for the term base: loading TBX, recognition, iteration, lookup. */
#include "testutil.h"

#include "tolk/termbase.h"
#include "termbase_priv.h"
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
	tolk_term_match_list *m_l = NULL;
	tolk_term_match *m;
	size_t n;
	ck_assert_int_eq(tolk_termbase_recognize(&m_l, tb, lang, text, strlen(text)), 0);
	m = m_l ? m_l->items : NULL;
	n = m_l ? m_l->count : 0;
	static char buf[4096];
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[512];
		snprintf(one, sizeof(one), "%s%.*s=%s", i ? "|" : "", (int)(m[i].end - m[i].start), text + m[i].start,
		         m[i].concept_id);
		strncat(buf, one, sizeof(buf) - strlen(buf) - 1);
	}
	tolk_term_match_list_free(m_l);
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
	tolk_term_match_list *m_l = NULL;
	tolk_term_match *m;
	size_t n;
	ck_assert_int_eq(tolk_termbase_recognize(&m_l, tb, "nl", text, strlen(text)), 0);
	m = m_l ? m_l->items : NULL;
	n = m_l ? m_l->count : 0;
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(m[0].start, 6);
	ck_assert_uint_eq(m[0].end, strlen(text));
	ck_assert_str_eq(m[0].term, "afschrikking");
	ck_assert_str_eq(m[0].lang, "nl");
	ck_assert_int_eq(m[0].status, TOLK_TERM_PREFERRED);
	tolk_term_match_list_free(m_l);
	ck_assert_int_eq(tolk_termbase_recognize(&m_l, tb, "de", text, strlen(text)), TOLK_ELANG);
	ck_assert_ptr_null(m_l);
	/* invalid UTF-8 never breaks recognition */
	ck_assert_int_eq(tolk_termbase_recognize(&m_l, tb, "nl", "\xff\xfe" "afschrikking\xc3", 15), 0);
	m = m_l ? m_l->items : NULL;
	n = m_l ? m_l->count : 0;
	ck_assert_uint_eq(n, 1);
	tolk_term_match_list_free(m_l);
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


/* A lookup that must succeed: the result to free, its hits and suggestions taken apart (absent lists empty). */
static tolk_term_lookup_result *lookup(tolk_termbase *tb, const char *lang, const char *query, tolk_term_hit **hits,
                                       size_t *nh, tolk_term_hit **sugg, size_t *ns)
{
	tolk_term_lookup_result *res = NULL;
	ck_assert_int_eq(tolk_termbase_lookup(&res, tb, lang, query), 0);
	*hits = res ? res->hits.items : NULL;
	*nh = res ? res->hits.count : 0;
	*sugg = res ? res->suggestions.items : NULL;
	*ns = res ? res->suggestions.count : 0;
	return res;
}

START_TEST(lookup_exact_and_suggestions)
{
	tolk_termbase *tb = seed();
	tolk_term_lookup_result *res = NULL;
	tolk_term_hit *hits, *sugg;
	size_t nh, ns;
	res = lookup(tb, NULL, "Lastenverdelingen", &hits, &nh, &sugg, &ns);
	ck_assert_uint_eq(nh, 1);
	ck_assert_str_eq(hits[0].concept->id, "lastenverdeling");
	ck_assert_uint_eq(ns, 0);
	tolk_term_lookup_result_free(res);
	res = lookup(tb, "en", "ALLIES", &hits, &nh, &sugg, &ns);
	ck_assert_uint_eq(nh, 1);
	ck_assert_str_eq(hits[0].concept->terms[hits[0].term_index].term, "Ally");
	tolk_term_lookup_result_free(res);
	res = lookup(tb, "nl", "lastenverdling", &hits, &nh, &sugg, &ns);
	ck_assert_uint_eq(nh, 0);
	ck_assert_uint_ge(ns, 1);
	ck_assert_str_eq(sugg[0].concept->id, "lastenverdeling");
	ck_assert_uint_eq(sugg[0].distance, 1);
	tolk_term_lookup_result_free(res);
	/* a typo in a plural is still one typo away */
	res = lookup(tb, "nl", "bondgenoden", &hits, &nh, &sugg, &ns);
	ck_assert_uint_eq(nh, 0);
	ck_assert_uint_ge(ns, 1);
	ck_assert_str_eq(sugg[0].concept->id, "bondgenoot");
	tolk_term_lookup_result_free(res);
	ck_assert_int_eq(tolk_termbase_lookup(&res, tb, "fr", "x"), TOLK_ELANG);
	ck_assert_ptr_null(res);
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(inflection_rules)
{
	struct {
		int lang;
		const char *word, *base;
	} cases[] = {{0, "bondgenoten", "bondgenoot"}, {0, "kabinetten", "kabinet"},  {0, "missies", "missie"},
	             {0, "uitgaven", "uitgave"},       {0, "dilemma's", "dilemma"},    {0, "vitale", "vitaal"},
	             {0, "mogelijkheden", "mogelijkheid"}, {1, "allies", "ally"},       {1, "defences", "defence"},
	             {1, "approaches", "approach"},    {1, "nato's", "nato"},           {1, "servicemen", "serviceman"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tb_forms f;
		tb_inflect_forms(&f, cases[i].lang, cases[i].word, strlen(cases[i].word));
		bool found = false;
		for (size_t k = 0; k < f.count; k++)
			found |= f.len[k] == strlen(cases[i].base) && memcmp(f.buf + f.off[k], cases[i].base, f.len[k]) == 0;
		ck_assert_msg(found, "%s should yield %s", cases[i].word, cases[i].base);
	}
	/* short words and numbers stay as they are */
	tb_forms f;
	tb_inflect_forms(&f, 1, "is", 2);
	ck_assert_uint_eq(f.count, 1);
	tb_inflect_forms(&f, 0, "2035s", 5);
	ck_assert_uint_eq(f.count, 1);
}
END_TEST

/* A copy of the seed term base in the work folder, open for editing; its path. */
static const char *edit_seed_copy(tolk_termbase **tb)
{
	const char *path = test_work_path("tb.tbx");
	char *data;
	size_t len;
	ck_assert_int_eq(tolk_file_read_raw(&data, &len, test_src_path("dict/termbase.tbx")), 0);
	ck_assert_int_eq(tolk_file_write_atomic(path, data, len), 0);
	free(data);
	ck_assert_int_eq(tolk_termbase_open_edit(tb, path, false), 0);
	return path;
}

START_TEST(edit_session_round_trip)
{
	tolk_termbase *tb;
	const char *path = edit_seed_copy(&tb);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "kazerne", "military installations", NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "kazerne", NULL, NULL), TOLK_EEXISTS);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "9bad id", NULL, NULL), TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "en", "barracks", TOLK_TERM_PREFERRED, "noun", NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", "kazerne", TOLK_TERM_PREFERRED, "noun", NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "de", "Kaserne", TOLK_TERM_PREFERRED, NULL, NULL), TOLK_ELANG);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "en", "bar\x01racks", TOLK_TERM_PREFERRED, NULL, NULL),
	                 TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "nope", "en", "x", TOLK_TERM_PREFERRED, NULL, NULL), TOLK_ENOTFOUND);
	ck_assert_int_eq(tolk_termbase_set_definition(tb, "kazerne", "en", "Buildings <for> troops & \"staff\"."), 0);
	ck_assert_int_eq(tolk_termbase_set_status(tb, "kazerne", "en", "barracks", TOLK_TERM_ADMITTED), 0);
	/* the index follows edits */
	ck_assert_str_eq(recognized(tb, "nl", "twee kazernes"), "kazernes=kazerne");
	ck_assert_int_eq(tolk_termbase_commit(tb), 0);
	tolk_termbase_free(tb);

	ck_assert_int_eq(tolk_termbase_open(&tb, path), 0);
	const tolk_concept *c;
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, "kazerne"), 0);
	ck_assert_uint_eq(c->term_count, 2);
	ck_assert_str_eq(c->terms[0].lang, "nl"); /* Dutch first */
	ck_assert_int_eq(c->terms[1].status, TOLK_TERM_ADMITTED);
	ck_assert_str_eq(c->definitions[0].text, "Buildings <for> troops & \"staff\".");
	tolk_termbase_free(tb);

	ck_assert_int_eq(tolk_termbase_open_edit(&tb, path, false), 0);
	ck_assert_int_eq(tolk_termbase_remove(tb, "kazerne", "en", "barracks"), 0);
	ck_assert_int_eq(tolk_termbase_remove(tb, "kazerne", "nl", "kazerne"), TOLK_EINVALID); /* the last one */
	ck_assert_int_eq(tolk_termbase_remove(tb, "kazerne", NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_remove(tb, "kazerne", NULL, NULL), TOLK_ENOTFOUND);
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, "lastenverdeling"), 0); /* ids still found after removal */
	ck_assert_int_eq(tolk_termbase_commit(tb), 0);
	tolk_termbase_free(tb);

	char *a, *b;
	size_t la, lb;
	ck_assert_int_eq(tolk_file_read_raw(&a, &la, path), 0);
	ck_assert_int_eq(tolk_file_read_raw(&b, &lb, test_src_path("dict/termbase.tbx")), 0);
	ck_assert(la == lb && memcmp(a, b, la) == 0);
	free(a);
	free(b);
}
END_TEST

/*
 * What an edit stores is what the TBX reader reads back: white space made one
 * space and trimmed. A term of white space only used to be written and then
 * made the whole base unreadable ("empty term").
 */
START_TEST(edited_text_is_stored_as_it_reads_back)
{
	tolk_termbase *tb;
	const char *path = edit_seed_copy(&tb);
	/* a concept id is an XML name: invalid UTF-8 in it used to be written, and the base was unreadable */
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "x\xFF", NULL, NULL), TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "x\xEF\xBF\xBE", NULL, NULL), TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "x\xC2\xA0y", NULL, NULL), TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "\xCC\x81x", NULL, NULL), TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "kaz\xC3\xA9rne", NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kaz\xC3\xA9rne", "nl", "kaz\xC3\xA9rne", TOLK_TERM_PREFERRED, NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_add_concept(tb, "kazerne", "  military \n installations ", "   "), 0);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", "   ", TOLK_TERM_PREFERRED, NULL, NULL), TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", " \t\n", TOLK_TERM_PREFERRED, NULL, NULL), TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", NULL, TOLK_TERM_PREFERRED, NULL, NULL), TOLK_EINVALID);
	/* valid UTF-8 that XML 1.0 cannot carry: written, it made the base unreadable */
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", "ka\xEF\xBF\xBEzerne", TOLK_TERM_PREFERRED, NULL, NULL),
	                 TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", "kazerne", TOLK_TERM_PREFERRED, NULL, "\xEF\xBF\xBF"),
	                 TOLK_EINVALID);
	/* TBX-Basic's picklist for the part of speech, in its spelling */
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", "kazerne", TOLK_TERM_PREFERRED, "banana", NULL),
	                 TOLK_EINVALID);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "nl", " militaire\t kazerne\n", TOLK_TERM_PREFERRED, "Noun",
	                                        " a \n note "), 0);
	ck_assert_int_eq(tolk_termbase_add_term(tb, "kazerne", "en_GB", "barracks", TOLK_TERM_PREFERRED, "PROPERNOUN", "  "),
	                 0);
	ck_assert_int_eq(tolk_termbase_set_definition(tb, "kazerne", "en", " Buildings\n  housing troops. "), 0);
	ck_assert_int_eq(tolk_termbase_commit(tb), 0);
	tolk_termbase_free(tb);

	ck_assert_int_eq(tolk_termbase_open(&tb, path), 0);
	const tolk_concept *c;
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, "kazerne"), 0);
	ck_assert_str_eq(c->subject_field, "military installations");
	ck_assert_ptr_null(c->note);
	ck_assert_uint_eq(c->term_count, 2);
	ck_assert_str_eq(c->terms[0].term, "militaire kazerne");
	ck_assert_str_eq(c->terms[0].part_of_speech, "noun");
	ck_assert_str_eq(c->terms[0].note, "a note");
	ck_assert_str_eq(c->terms[1].lang, "en-GB"); /* xml:lang has no underscore */
	ck_assert_str_eq(c->terms[1].part_of_speech, "properNoun");
	ck_assert_ptr_null(c->terms[1].note);
	ck_assert_str_eq(c->definitions[0].text, "Buildings housing troops.");
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, "kaz\xC3\xA9rne"), 0);
	tolk_termbase_free(tb);

	/* a part of speech off the picklist in a TBX file is an error at its place */
	const char *xml = "<tbx type=\"TBX-Basic\"><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"nl\">\n"
	                  "<termSec><term>x</term><termNote type=\"partOfSpeech\">noun phrase</termNote></termSec>"
	                  "</langSec></conceptEntry></body></text></tbx>\n";
	const char *bad = test_work_write("pos.tbx", xml, strlen(xml));
	ck_assert_int_eq(tolk_termbase_open(&tb, bad), TOLK_EINVALID);
	ck_assert_uint_eq(tolk_error_last()->line, 2);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "noun phrase"));
}
END_TEST

/*
 * An English term with its article ("the Alliance"): the article is the
 * term's usage, not part of every use of it. "Alliance unity" used to be
 * reported as lacking the approved term, and "Alliance" found nothing.
 */
START_TEST(an_english_article_is_optional)
{
	tolk_termbase *tb = seed();
	tolk_term_lookup_result *res = NULL;
	ck_assert_int_eq(tolk_termbase_lookup(&res, tb, NULL, "Alliance"), 0);
	ck_assert_uint_eq(res->hits.count, 1);
	ck_assert_str_eq(res->hits.items[0].concept->id, "bondgenootschap");
	tolk_term_lookup_result_free(res);
	ck_assert_int_eq(tolk_termbase_lookup(&res, tb, "nl", "Alliance"), 0);
	ck_assert_uint_eq(res->hits.count, 0);
	tolk_term_lookup_result_free(res);
	tolk_term_issue_list *is = NULL;
	const char *nl = "De eenheid van het bondgenootschap is groot.";
	static const char *const fine[] = {"Alliance unity is strong.", "The unity of the Alliance is strong.",
	                                   "The Alliance's unity is strong.", NULL};
	for (size_t k = 0; fine[k]; k++) {
		ck_assert_int_eq(tolk_termbase_check_pair(&is, tb, nl, strlen(nl), fine[k], strlen(fine[k])), 0);
		ck_assert_msg(is->count == 0, "'%s' reported", fine[k]);
		tolk_term_issue_list_free(is);
	}
	const char *wrong = "The unity of the alliances is strong.";
	ck_assert_int_eq(tolk_termbase_check_pair(&is, tb, nl, strlen(nl), wrong, strlen(wrong)), 0);
	ck_assert_uint_eq(is->count, 0); /* matching ignores case: "alliances" is a form of the term */
	tolk_term_issue_list_free(is);
	const char *none = "NATO's unity is strong.";
	ck_assert_int_eq(tolk_termbase_check_pair(&is, tb, nl, strlen(nl), none, strlen(none)), 0);
	ck_assert_uint_eq(is->count, 1);
	tolk_term_issue_list_free(is);
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(failed_import_leaves_base_unchanged)
{
	tolk_termbase *tb;
	edit_seed_copy(&tb);
	size_t before = tolk_termbase_concept_count(tb), added = 99;
	int rc = tolk_termbase_import(&added, tb, test_src_path("tests/data/term/badlang.tbx"), TOLK_TB_FORMAT_AUTO);
	ck_assert_int_eq(rc, TOLK_ELANG);
	const tolk_error *e = tolk_error_last();
	ck_assert_uint_eq(e->line, 7);
	ck_assert_uint_eq(e->column, 29);
	ck_assert_uint_eq(added, 0);
	ck_assert_uint_eq(tolk_termbase_concept_count(tb), before);
	ck_assert_int_eq(tolk_termbase_import(&added, tb, test_src_path("tests/data/term/dupid.tbx"), TOLK_TB_FORMAT_TBX_BASIC),
	                 TOLK_EEXISTS);
	ck_assert_uint_eq(tolk_error_last()->line, 8);
	ck_assert_int_eq(tolk_termbase_import(&added, tb, test_src_path("tests/data/term/xxe.tbx"), TOLK_TB_FORMAT_AUTO),
	                 TOLK_EINVALID);
	ck_assert_ptr_null(strstr(tolk_error_last()->message, "TOP-SECRET"));
	ck_assert_int_eq(tolk_termbase_import(&added, tb, test_src_path("tests/data/term/bomb.tbx"), TOLK_TB_FORMAT_AUTO),
	                 TOLK_EINVALID);
	ck_assert_uint_eq(tolk_termbase_concept_count(tb), before);
	/* and a good import still works on the same session */
	ck_assert_int_eq(tolk_termbase_import(&added, tb, test_src_path("tests/data/term/extra.csv"), TOLK_TB_FORMAT_AUTO), 0);
	ck_assert_uint_eq(added, 1);
	ck_assert_str_eq(recognized(tb, "en", "the barracks"), "barracks=kazerne");
	/* the row for lastenverdeling joined the existing concept */
	const tolk_concept *c;
	ck_assert_int_eq(tolk_termbase_concept(&c, tb, "lastenverdeling"), 0);
	ck_assert_str_eq(c->terms[c->term_count - 1].term, "burden-sharing arrangement");
	tolk_termbase_free(tb);
}
END_TEST

START_TEST(check_pair_reports_missing_and_deprecated)
{
	tolk_termbase *tb = seed();
	tolk_term_issue_list *is_l = NULL;
	tolk_term_issue *is;
	size_t n;
	const char *nl = "De secretaris-generaal sprak over weerbaarheid en de bondgenoten.";
	const char *en = "The Secretary-General spoke about robustness and the Allies.";
	ck_assert_int_eq(tolk_termbase_check_pair(&is_l, tb, nl, strlen(nl), en, strlen(en)), 0);
	is = is_l ? is_l->items : NULL;
	n = is_l ? is_l->count : 0;
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(is[0].kind, TOLK_TERM_ISSUE_DEPRECATED);
	ck_assert_str_eq(is[0].target_term, "Secretary-General");
	ck_assert_str_eq(is[0].expected, "Secretary General");
	ck_assert_uint_eq(is[0].target_start, 4);
	ck_assert_int_eq(is[1].kind, TOLK_TERM_ISSUE_MISSING);
	ck_assert_str_eq(is[1].concept_id, "weerbaarheid");
	ck_assert_uint_eq(is[1].source_start, 34);
	ck_assert_uint_eq(is[1].source_end, 46);
	tolk_term_issue_list_free(is_l);
	const char *ok = "The Secretary General spoke about resilience and the Allies.";
	ck_assert_int_eq(tolk_termbase_check_pair(&is_l, tb, nl, strlen(nl), ok, strlen(ok)), 0);
	is = is_l ? is_l->items : NULL;
	n = is_l ? is_l->count : 0;
	ck_assert_uint_eq(n, 0);
	tolk_term_issue_list_free(is_l);
	tolk_termbase_free(tb);
}
END_TEST

/* A base big enough to be cached: the cached open must give the same answers. */
START_TEST(cache_gives_the_same_base)
{
	const char *dir = test_work;
	char path[512], cache[512];
	snprintf(path, sizeof(path), "%s/big.tbx", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	setenv("TOLK_CACHE_DIR", cache, 1);
	unsetenv("TOLK_NO_CACHE");
	tolk_termbase *tb;
	ck_assert_int_eq(tolk_termbase_new(&tb), 0);
	for (int i = 0; i < 25000; i++) {
		char id[32], nl[64], en[64];
		snprintf(id, sizeof(id), "g%d", i);
		snprintf(nl, sizeof(nl), "proefterm%d", i);
		snprintf(en, sizeof(en), "test term %d", i);
		ck_assert_int_eq(tolk_termbase_add_concept(tb, id, i % 2 ? "testing" : NULL, NULL), 0);
		ck_assert_int_eq(tolk_termbase_add_term(tb, id, "nl", nl, TOLK_TERM_PREFERRED, "noun", NULL), 0);
		ck_assert_int_eq(tolk_termbase_add_term(tb, id, "en", en, (tolk_term_status)(i % 4), NULL, i % 3 ? NULL : "n"), 0);
	}
	ck_assert_int_eq(tolk_termbase_save(tb, path), 0);
	tolk_termbase_free(tb);

	for (int round = 0; round < 2; round++) { /* parsed and cached, then from the cache */
		ck_assert_int_eq(tolk_termbase_open(&tb, path), 0);
		ck_assert_uint_eq(tolk_termbase_concept_count(tb), 25000);
		const tolk_concept *c;
		ck_assert_int_eq(tolk_termbase_concept(&c, tb, "g24999"), 0);
		ck_assert_str_eq(c->terms[1].term, "test term 24999");
		ck_assert_int_eq(c->terms[1].status, TOLK_TERM_SUPERSEDED);
		ck_assert_str_eq(c->subject_field, "testing");
		ck_assert_str_eq(recognized(tb, "en", "a test term 17 and proefterm3"), "test term 17=g17");
		ck_assert_str_eq(recognized(tb, "en", "two test terms 3"), "test terms 3=g3");
		ck_assert_int_eq(tolk_termbase_add_term(tb, "g3", "en", "trial", TOLK_TERM_PREFERRED, NULL, NULL), 0);
		ck_assert_str_eq(recognized(tb, "en", "trials"), "trials=g3");
		tolk_termbase_free(tb);
		char ls[700];
		snprintf(ls, sizeof(ls), "ls %s/termbase-*.tbc >/dev/null 2>&1", cache);
		ck_assert_msg(system(ls) == 0, "no cache file written");
	}
	/* a changed file is never served from a stale cache */
	ck_assert_int_eq(tolk_termbase_open_edit(&tb, path, false), 0);
	ck_assert_int_eq(tolk_termbase_remove(tb, "g17", NULL, NULL), 0);
	ck_assert_int_eq(tolk_termbase_commit(tb), 0);
	tolk_termbase_free(tb);
	ck_assert_int_eq(tolk_termbase_open(&tb, path), 0);
	ck_assert_uint_eq(tolk_termbase_concept_count(tb), 24999);
	ck_assert_str_eq(recognized(tb, "en", "a test term 17"), "");
	tolk_termbase_free(tb);
	/* a damaged cache is ignored */
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "for f in %s/*.tbc; do printf 'garbage' | dd of=\"$f\" bs=1 seek=5000 conv=notrunc 2>/dev/null; done", cache);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(tolk_termbase_open(&tb, path), 0);
	ck_assert_uint_eq(tolk_termbase_concept_count(tb), 24999);
	tolk_termbase_free(tb);
	unsetenv("TOLK_CACHE_DIR");

	/* the same through the options, whatever the environment says */
	setenv("TOLK_NO_CACHE", "1", 1);
	char other[600];
	snprintf(other, sizeof(other), "%s/other", dir);
	tolk_termbase_options o = TOLK_TERMBASE_OPTIONS_INIT;
	o.cache_dir = other;
	o.cache = TOLK_TB_CACHE_OFF;
	ck_assert_int_eq(tolk_termbase_open_ext(&tb, path, &o), 0);
	tolk_termbase_free(tb);
	ck_assert_int_ne(access(other, F_OK), 0); /* off: not even the folder */
	o.cache = TOLK_TB_CACHE_ON;
	ck_assert_int_eq(tolk_termbase_open_ext(&tb, path, &o), 0);
	ck_assert_uint_eq(tolk_termbase_concept_count(tb), 24999);
	tolk_termbase_free(tb);
	snprintf(cmd, sizeof(cmd), "ls %s/termbase-*.tbc >/dev/null 2>&1", other);
	ck_assert_msg(system(cmd) == 0, "no cache file written in the options' folder");
	o.version = TOLK_TERMBASE_OPTIONS_VERSION + 1;
	ck_assert_int_eq(tolk_termbase_open_ext(&tb, path, &o), TOLK_EINVALID);
	ck_assert_ptr_null(tb);
	unsetenv("TOLK_NO_CACHE");
}
END_TEST

static size_t count_concept(const tolk_term_match *m, size_t n, const char *id)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(m[i].concept_id, id) == 0;
	return k;
}

/* The seeded terms and the reference English translation of the letter agree. */
START_TEST(letter_and_reference_translation_agree)
{
	char *nl, *en;
	size_t nl_len, en_len;
	ck_assert_int_eq(tolk_text_read_file(&nl, &nl_len, test_src_path("tm/kamerstuk-28676-348.nl.txt")), 0);
	if (tolk_text_read_file(&en, &en_len, test_src_path("tm/kamerstuk-28676-348.en.txt")) < 0) {
		free(nl);
		test_skip("tm/kamerstuk-28676-348.en.txt (the reference translation) absent");
		return;
	}
	tolk_termbase *tb = seed();
	tolk_term_issue_list *is_l = NULL;
	tolk_term_issue *is;
	size_t n;
	ck_assert_int_eq(tolk_termbase_check_pair(&is_l, tb, nl, nl_len, en, en_len), 0);
	is = is_l ? is_l->items : NULL;
	n = is_l ? is_l->count : 0;
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "letter: %s %s\n", is[i].concept_id, is[i].expected);
	ck_assert_uint_eq(n, 0);
	tolk_term_issue_list_free(is_l);
	tolk_term_match_list *mn_l = NULL;
	tolk_term_match_list *me_l = NULL;
	tolk_term_match *mn, *me;
	size_t nn, ne;
	ck_assert_int_eq(tolk_termbase_recognize(&mn_l, tb, "nl", nl, nl_len), 0);
	mn = mn_l ? mn_l->items : NULL;
	nn = mn_l ? mn_l->count : 0;
	ck_assert_int_eq(tolk_termbase_recognize(&me_l, tb, "en", en, en_len), 0);
	me = me_l ? me_l->items : NULL;
	ne = me_l ? me_l->count : 0;
	const char *ids[] = {"lastenverdeling", "weerbaarheid", "bondgenoot", "bondgenootschap",
	                     "secretaris-generaal-navo", "nmi", "navo-missie", "uw-kamer", "werksessie"};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		size_t a = count_concept(mn, nn, ids[i]), b = count_concept(me, ne, ids[i]);
		ck_assert_msg(a > 0 && a == b, "%s: %zu in Dutch, %zu in English", ids[i], a, b);
	}
	tolk_term_match_list_free(mn_l);
	tolk_term_match_list_free(me_l);
	free(nl);
	free(en);
	tolk_termbase_free(tb);
}
END_TEST

Suite *termbase_suite(void);
Suite *termbase_suite(void)
{
	Suite *s = suite_create("termbase");
	TCase *tc = test_work_tcase("core", 0);
	tcase_add_test(tc, seed_loads_with_the_required_concepts);
	tcase_add_test(tc, recognize_inflected_multiword_longest_first);
	tcase_add_test(tc, recognize_positions_are_bytes);
	tcase_add_test(tc, foreach_and_concept_terms);
	tcase_add_test(tc, lookup_exact_and_suggestions);
	tcase_add_test(tc, inflection_rules);
	tcase_add_test(tc, edit_session_round_trip);
	tcase_add_test(tc, edited_text_is_stored_as_it_reads_back);
	tcase_add_test(tc, an_english_article_is_optional);
	tcase_add_test(tc, failed_import_leaves_base_unchanged);
	tcase_add_test(tc, check_pair_reports_missing_and_deprecated);
	tcase_add_test(tc, cache_gives_the_same_base);
	tcase_add_test(tc, letter_and_reference_translation_agree);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(termbase_suite());
}
