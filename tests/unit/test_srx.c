/* Unit tests for SRX 2.0: reading files, language maps and cascading, errors, and rule matching. */
#include "testutil.h"

#include <unicode/uregex.h>

#include "srx.h"
#include "tolk/segment.h"
#include "util.h"

#define SRX_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n"

static const char two_languages[] = SRX_HEAD
	"<header segmentsubflows=\"yes\" cascade=\"%s\"><formathandle type=\"start\" include=\"no\"/></header>\n"
	"<body>\n"
	"<languagerules>\n"
	"<languagerule languagerulename=\"Dutch\">\n"
	"<rule break=\"no\"><beforebreak>\\bbijv\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
	"</languagerule>\n"
	"<languagerule languagerulename=\"Default\">\n"
	"<rule><beforebreak>[.?!]+</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
	"<rule break=\"yes\"><afterbreak>\\n</afterbreak></rule>\n"
	"</languagerule>\n"
	"</languagerules>\n"
	"<maprules>\n"
	"<languagemap languagepattern=\"NL.*\" languagerulename=\"Dutch\"/>\n"
	"<languagemap languagepattern=\".*\" languagerulename=\"Default\"/>\n"
	"</maprules>\n"
	"</body>\n</srx>\n";

static srx_doc *parse_ok(const char *xml)
{
	srx_doc *doc = NULL;
	int rc = srx_doc_parse(&doc, xml, strlen(xml), "test.srx");
	ck_assert_msg(rc == 0, "parse failed: %s", tolk_error_last() ? tolk_error_last()->message : "?");
	return doc;
}

/* Parse, expect an error at `line`, with `words` in the message. */
static void parse_fails(const char *xml, unsigned long line, const char *words)
{
	srx_doc *doc = NULL;
	tolk_error_clear();
	ck_assert_int_eq(srx_doc_parse(&doc, xml, strlen(xml), "bad.srx"), TOLK_EINVALID);
	ck_assert_ptr_null(doc);
	const tolk_error *e = tolk_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->file, "bad.srx");
	ck_assert_uint_eq(e->line, line);
	ck_assert_msg(strstr(e->message, words) != NULL, "'%s' lacks '%s'", e->message, words);
}

START_TEST(cascade_yes_takes_every_matching_map)
{
	char xml[2048];
	snprintf(xml, sizeof(xml), two_languages, "yes");
	srx_doc *doc = parse_ok(xml);
	ck_assert(doc->cascade);
	ck_assert(doc->use_icu);
	const srx_rule **rules = NULL;
	size_t n = 0;
	ck_assert_int_eq(srx_doc_select(&rules, &n, doc, "nl-NL"), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(!rules[0]->is_break);
	ck_assert_str_eq(rules[0]->before, "\\bbijv\\.");
	ck_assert_uint_eq(rules[0]->line, 7);
	ck_assert(rules[1]->is_break); /* break="yes" is the default */
	ck_assert_str_eq(rules[2]->before, "");
	free(rules);
	ck_assert_int_eq(srx_doc_select(&rules, &n, doc, "en"), 0);
	ck_assert_uint_eq(n, 2);
	free(rules);
	srx_doc_free(doc);
}
END_TEST

START_TEST(cascade_no_takes_the_first)
{
	char xml[2048];
	snprintf(xml, sizeof(xml), two_languages, "no");
	srx_doc *doc = parse_ok(xml);
	const srx_rule **rules = NULL;
	size_t n = 0;
	/* the language pattern matches case-insensitively */
	ck_assert_int_eq(srx_doc_select(&rules, &n, doc, "nl"), 0);
	ck_assert_uint_eq(n, 1);
	free(rules);
	srx_doc_free(doc);
}
END_TEST

START_TEST(no_map_for_the_language)
{
	const char *xml = SRX_HEAD "<header cascade=\"no\"/><body><languagerules><languagerule languagerulename=\"D\"/>"
	                           "</languagerules><maprules><languagemap languagepattern=\"de.*\" languagerulename=\"D\"/>"
	                           "</maprules></body></srx>";
	srx_doc *doc = parse_ok(xml);
	const srx_rule **rules = NULL;
	size_t n = 0;
	ck_assert_int_eq(srx_doc_select(&rules, &n, doc, "nl"), TOLK_ELANG);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "'nl'"));
	srx_doc_free(doc);
}
END_TEST

START_TEST(srx_1_0_and_extensions)
{
	const char *xml = "<?xml version=\"1.0\"?>\n"
	                  "<srx version=\"1.0\" xmlns:okpsrx=\"http://okapi.sf.net/srx-extensions\">\n"
	                  "<header segmentsubflows=\"yes\"><okpsrx:options useIcu4jBreakRules=\"no\"/></header>\n"
	                  "<body><languagerules><languagerule languagerulename=\"X\">"
	                  "<rule break=\"no\"><beforebreak>a</beforebreak><afterbreak>b</afterbreak></rule>"
	                  "<okpsrx:sample>ignored</okpsrx:sample></languagerule></languagerules>\n"
	                  "<maprules><maprule maprulename=\"m\"><languagemap languagepattern=\".*\" languagerulename=\"X\"/>"
	                  "</maprule></maprules></body></srx>";
	srx_doc *doc = parse_ok(xml);
	ck_assert(!doc->use_icu);
	ck_assert(!doc->cascade);
	ck_assert_uint_eq(doc->nmaps, 1);
	ck_assert_uint_eq(doc->langs[0].nrules, 1);
	srx_doc_free(doc);
}
END_TEST

START_TEST(malformed_files)
{
	parse_fails(SRX_HEAD "<header/>\n<body>\n<languagerules>\n</body>\n</srx>\n", 6, "languagerules line 5");
	parse_fails("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"/>\n", 2, "root element");
	parse_fails("<srx version=\"3.0\"><body/></srx>", 1, "version '3.0'");
	parse_fails(SRX_HEAD "<header/>\n</srx>", 2, "no <body>");
	parse_fails(SRX_HEAD "<header/><body><languagerules>\n<languagerule><rule/></languagerule>"
	                     "</languagerules></body></srx>",
	            4, "languagerulename");
	parse_fails(SRX_HEAD "<header/><body><languagerules><languagerule languagerulename=\"A\">\n"
	                     "<rule break=\"maybe\"/></languagerule></languagerules></body></srx>",
	            4, "yes or no");
	parse_fails(SRX_HEAD "<header/><body><maprules>\n\n<languagemap languagepattern=\".*\" languagerulename=\"Nope\"/>"
	                     "</maprules></body></srx>",
	            5, "'Nope'");
	parse_fails(SRX_HEAD "<header/><body><languagerules><languagerule languagerulename=\"A\">\n"
	                     "<rule><before>x</before></rule></languagerule></languagerules></body></srx>",
	            4, "<before>");
	parse_fails(SRX_HEAD "<header/><body><languagerules>\n<languagerule languagerulename=\"A\"/>\n"
	                     "<languagerule languagerulename=\"A\"/></languagerules></body></srx>",
	            5, "twice");
}
END_TEST

START_TEST(external_entities_are_not_read)
{
	/* XXE: the file must not be read into the rules */
	const char *xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE srx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	                  "<srx version=\"2.0\"><header/><body><languagerules><languagerule languagerulename=\"A\">"
	                  "<rule><beforebreak>&x;</beforebreak></rule></languagerule></languagerules>"
	                  "<maprules><languagemap languagepattern=\".*\" languagerulename=\"A\"/></maprules></body></srx>";
	srx_doc *doc = NULL;
	if (srx_doc_parse(&doc, xml, strlen(xml), "xxe.srx") == 0) {
		ck_assert_ptr_null(strstr(doc->langs[0].rules[0].before, "root:"));
		srx_doc_free(doc);
	}
	/* an entity bomb is refused, not expanded */
	const char *bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE srx [\n<!ENTITY a \"aaaaaaaaaa\">\n"
	                   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	                   "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	                   "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
	                   "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
	                   "]>\n<srx version=\"2.0\"><header/><body><languagerules><languagerule languagerulename=\"A\">"
	                   "<rule><beforebreak>&i;</beforebreak></rule></languagerule></languagerules></body></srx>";
	doc = NULL;
	int rc = srx_doc_parse(&doc, bomb, strlen(bomb), "bomb.srx");
	if (rc == 0) {
		ck_assert_uint_lt(strlen(doc->langs[0].rules[0].before), 1000000);
		srx_doc_free(doc);
	} else {
		ck_assert_int_eq(rc, TOLK_EINVALID);
	}
}
END_TEST

/* ---- rules at work ------------------------------------------------------------------------ */

static char *segment_with(const char *srx_path, const char *text)
{
	tolk_segmenter *seg = NULL;
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	ck_assert_int_eq(tolk_segmenter_load_srx(seg, srx_path), 0);
	ck_assert_int_eq(tolk_segment_text(&list, seg, text, strlen(text)), 0);
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t i = 0; i < list->count; i++)
		tolk_buf_printf(&b, "%s%s", i ? " | " : "", list->items[i].text);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);
	return b.ptr ? tolk_buf_detach(&b) : strdup("");
}

START_TEST(user_rules_replace_the_defaults)
{
	/* an OmegaT-style file: no-break for "Dhr.", break after a colon before a capital */
	const char *xml = SRX_HEAD "<header cascade=\"yes\"/><body><languagerules>\n"
	                           "<languagerule languagerulename=\"NL\">\n"
	                           "<rule break=\"no\"><beforebreak>\\bDhr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
	                           "<rule break=\"yes\"><beforebreak>:</beforebreak><afterbreak>\\s\\p{Lu}</afterbreak></rule>\n"
	                           "</languagerule></languagerules><maprules>\n"
	                           "<languagemap languagepattern=\"nl.*\" languagerulename=\"NL\"/></maprules></body></srx>\n";
	const char *path = test_work_write("user.srx", xml, strlen(xml));
	char *got = segment_with(path, "Dhr. Jansen sprak: Morgen meer. Zie bijv. Daar.");
	/* "bijv." is not in this file: ICU breaks there */
	ck_assert_str_eq(got, "Dhr. Jansen sprak: | Morgen meer. | Zie bijv. | Daar.");
	free(got);
}
END_TEST

START_TEST(rules_alone_when_icu_is_off)
{
	const char *xml = SRX_HEAD "<header cascade=\"no\" xmlns:okpsrx=\"http://okapi.sf.net/srx-extensions\">"
	                           "<okpsrx:options useIcu4jBreakRules=\"no\"/></header><body><languagerules>\n"
	                           "<languagerule languagerulename=\"A\">\n"
	                           "<rule break=\"no\"><beforebreak>\\bnr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
	                           "<rule><beforebreak>[.?!]+</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
	                           "</languagerule></languagerules><maprules>\n"
	                           "<languagemap languagepattern=\".*\" languagerulename=\"A\"/></maprules></body></srx>\n";
	const char *path = test_work_write("omegat.srx", xml, strlen(xml));
	char *got = segment_with(path, "Zie nr. 5. dan verder! En klaar.");
	ck_assert_str_eq(got, "Zie nr. 5. | dan verder! | En klaar.");
	free(got);
}
END_TEST

START_TEST(omegat_style_file)
{
	/* the shape of CAT-tool exports: empty header (no cascading), uppercase patterns, ".*" parts,
	   escaped markup, non-ASCII classes, a Default set behind ".*" */
	const char *xml =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written for tolk's tests -->\n"
		"<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n<header></header>\n<body>\n<languagerules>\n"
		"<languagerule languagerulename=\"Dutch\">\n"
		"  <rule break=\"no\"><beforebreak>Dhr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
		"  <rule break=\"no\"><beforebreak>\\sa\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
		"  <rule break=\"no\"><beforebreak>www\\.</beforebreak><afterbreak>.*</afterbreak></rule>\n"
		"  <rule break=\"no\"><beforebreak>.*</beforebreak><afterbreak>\\.nl</afterbreak></rule>\n"
		"</languagerule>\n"
		"<languagerule languagerulename=\"Chinese\">\n"
		"  <rule break=\"yes\"><beforebreak>[\xE3\x80\x82\xEF\xBC\x9F]</beforebreak><afterbreak>.</afterbreak></rule>\n"
		"</languagerule>\n"
		"<languagerule languagerulename=\"Default\">\n"
		"  <rule break=\"no\"><beforebreak>\\.\\.\\.</beforebreak><afterbreak>\\s+\\P{Lu}</afterbreak></rule>\n"
		"  <rule break=\"yes\"><beforebreak>^\\s*\\p{Nd}+[\\p{Nd}\\.\\)\\]]+\\s+</beforebreak><afterbreak>\\p{Lu}</afterbreak></rule>\n"
		"  <rule break=\"yes\"><beforebreak>[\\.\\?\\!]+</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
		"</languagerule>\n"
		"<languagerule languagerulename=\"HTML\">\n"
		"  <rule break=\"yes\"><beforebreak>&lt;br\\d+/?&gt;</beforebreak><afterbreak>.</afterbreak></rule>\n"
		"</languagerule>\n"
		"</languagerules>\n<maprules>\n"
		"  <languagemap languagepattern=\"NL.*\" languagerulename=\"Dutch\"/>\n"
		"  <languagemap languagepattern=\"ZH.*\" languagerulename=\"Chinese\"/>\n"
		"  <languagemap languagepattern=\".*\" languagerulename=\"Default\"/>\n"
		"  <languagemap languagepattern=\".*\" languagerulename=\"HTML\"/>\n"
		"</maprules>\n</body>\n</srx>\n";
	const char *path = test_work_write("omegat.srx", xml, strlen(xml));
	srx_doc *doc = NULL;
	ck_assert_int_eq(srx_doc_parse(&doc, xml, strlen(xml), "omegat.srx"), 0);
	ck_assert(!doc->cascade);
	ck_assert_str_eq(doc->langs[3].rules[0].before, "<br\\d+/?>");
	srx_doc_free(doc);
	/* no cascading: only the Dutch set, on top of ICU */
	char *got = segment_with(path, "Dhr. Jansen kwam. Zie www.overheid.nl voor meer. Het boek, blz. 4 a. De rest.");
	ck_assert_str_eq(got, "Dhr. Jansen kwam. | Zie www.overheid.nl voor meer. | Het boek, blz. 4 a. De rest.");
	free(got);
}
END_TEST

START_TEST(bad_regex_and_missing_file)
{
	const char *xml = SRX_HEAD "<header cascade=\"no\"/><body><languagerules>\n"
	                           "<languagerule languagerulename=\"A\">\n\n"
	                           "<rule break=\"no\"><beforebreak>(unclosed</beforebreak></rule>\n"
	                           "</languagerule></languagerules><maprules>\n"
	                           "<languagemap languagepattern=\".*\" languagerulename=\"A\"/></maprules></body></srx>\n";
	const char *path = test_work_write("regex.srx", xml, strlen(xml));
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	ck_assert_int_eq(tolk_segmenter_load_srx(seg, path), TOLK_EINVALID);
	const tolk_error *e = tolk_error_last();
	ck_assert_uint_eq(e->line, 6);
	ck_assert_ptr_nonnull(strstr(e->message, "beforebreak"));
	ck_assert_ptr_nonnull(strstr(e->file, "regex.srx"));
	/* the segmenter keeps its rules after a failed load */
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segment_text(&list, seg, "Zie nr. 5 hier.", 15), 0);
	ck_assert_uint_eq(list->count, 1);
	tolk_segment_list_free(list);
	remove(path);
	ck_assert_int_eq(tolk_segmenter_load_srx(seg, path), TOLK_ENOTFOUND);
	tolk_segmenter_free(seg);
}
END_TEST

START_TEST(runaway_rule_fails_instead_of_hanging)
{
	/* nested repeats backtrack exponentially on words without the final period */
	const char *xml = SRX_HEAD "<header cascade=\"no\"/><body><languagerules>\n"
	                           "<languagerule languagerulename=\"A\">\n"
	                           "<rule break=\"no\"><beforebreak>(\\w+\\s?)+\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
	                           "</languagerule></languagerules><maprules>\n"
	                           "<languagemap languagepattern=\".*\" languagerulename=\"A\"/></maprules></body></srx>\n";
	const char *path = test_work_write("runaway.srx", xml, strlen(xml));
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	ck_assert_int_eq(tolk_segmenter_load_srx(seg, path), 0);
	tolk_buf text = TOLK_BUF_INIT;
	for (int i = 0; i < 40; i++)
		tolk_buf_puts(&text, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ");
	tolk_buf_puts(&text, "aaaa. Dit is een zin. En nog een.");
	tolk_segment_list *list = NULL;
	tolk_error_clear();
	ck_assert_int_eq(tolk_segment_text(&list, seg, text.ptr, text.len), TOLK_EINVALID);
	ck_assert_ptr_null(list);
	const tolk_error *e = tolk_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->line, 5);
	ck_assert_ptr_nonnull(strstr(e->file, "runaway.srx"));
	ck_assert_ptr_nonnull(strstr(e->message, "too long"));
	tolk_buf_free(&text);
	tolk_segmenter_free(seg);
}
END_TEST

/* ---- the prefilter never hides a match ------------------------------------------------------ */

/*
 * The first rule whose beforebreak matches some text ending at pos and whose
 * afterbreak matches text starting there: SRX taken literally, every start
 * position tried.
 */
static int reference_decision(URegularExpression **before, URegularExpression **after, const bool *is_break,
                              size_t n, UText *ut, const char *text, size_t len, size_t pos)
{
	for (size_t i = 0; i < n; i++) {
		UErrorCode status = U_ZERO_ERROR;
		bool b = before[i] == NULL;
		for (size_t s = 0; s <= pos && !b; s++) {
			if (s < len && ((unsigned char)text[s] & 0xC0) == 0x80)
				continue;
			uregex_setUText(before[i], ut, &status);
			uregex_useTransparentBounds(before[i], true, &status);
			uregex_setRegion64(before[i], (int64_t)s, (int64_t)pos, &status);
			b = uregex_matches64(before[i], -1, &status);
		}
		bool a = after[i] == NULL;
		if (b && !a) {
			uregex_setUText(after[i], ut, &status);
			uregex_useTransparentBounds(after[i], true, &status);
			uregex_setRegion64(after[i], (int64_t)pos, (int64_t)len, &status);
			a = uregex_lookingAt64(after[i], -1, &status);
		}
		ck_assert(U_SUCCESS(status));
		if (b && a)
			return is_break[i] ? SRX_BREAK : SRX_NO_BREAK;
	}
	return SRX_NO_RULE;
}

START_TEST(prefilter_is_sound)
{
	static const struct {
		bool brk;
		const char *before, *after;
	} spec[] = {
		{false, "\\b(?:[Nn]rs?|[Bb]ijv|[Oo]\\.a|[Dd]\\.w\\.z|[Gg]en|[Ii]ng|[Aa]rt)\\.", "\\s"},
		{false, "\\b\\p{Lu}\\.", "\\s"},
		{false, "[?!][)\\u00bb\\u201d\\u2019\"']{0,2}", "\\s\\p{Ll}"},
		{true, "\\u2026[)\\u00bb\\u201d\\u2019\"']{0,2}", "\\s\\p{Lu}"},
		{false, "(?i)mevr\\.", "\\s"},
		{true, "[.?!]", "\\s[\\u2019'][stn]\\s"},
		{false, "\\s\\w+\\.", "\\s\\d"},
		{true, "(ab|c)+d?", "[xy]{2}"},
		{false, "\\d{2,}\\.", ""},
		{true, "", "\\n"},
		{false, "(\\w)\\1", ""},
		{true, "[\\p{L}&&[^a-z]]:", "\\s"},
	};
	const size_t n = sizeof(spec) / sizeof(*spec);
	srx_rule rules[sizeof(spec) / sizeof(*spec)];
	const srx_rule *ptrs[sizeof(spec) / sizeof(*spec)];
	URegularExpression *before[sizeof(spec) / sizeof(*spec)], *after[sizeof(spec) / sizeof(*spec)];
	bool brk[sizeof(spec) / sizeof(*spec)];
	for (size_t i = 0; i < n; i++) {
		rules[i] = (srx_rule){spec[i].brk, (char *)spec[i].before, (char *)spec[i].after, i + 1};
		ptrs[i] = &rules[i];
		brk[i] = spec[i].brk;
		int off;
		UErrorCode status = U_ZERO_ERROR;
		before[i] = *spec[i].before ? srx_regex_open(spec[i].before, 0, &off, &status) : NULL;
		after[i] = *spec[i].after ? srx_regex_open(spec[i].after, 0, &off, &status) : NULL;
		ck_assert_msg(U_SUCCESS(status), "rule %zu: %s", i, u_errorName(status));
	}
	srx_engine *e = NULL;
	ck_assert_int_eq(srx_engine_new(&e, ptrs, n, "t.srx", true), 0);
	const char *texts[] = {
		"Zie nr. 5 en bijv. De Jong, o.a. hier. Vergadering. Gen. Smit en art. 3 en ing. Bos.",
		"Hij vroeg: \xE2\x80\x9cWaarom?\xE2\x80\x9d en ging. Wat! nu? Ja!) dus. Stop!\xC2\xBB zei hij.",
		"Hij aarzelde\xE2\x80\xA6 Toen\xE2\x80\xA6\xE2\x80\x9D Daar. Zo ging het. \xE2\x80\x99s Avonds. 't Is zo.",
		"A.Th.B. Bijleveld en J. de Vries. MEVR. Jansen, Mevr. Bos. abababcdxy cxx abdyx 2020. 12 ok.",
		"Line one\nLine two aa bb Zz: Een X: twee \xC3\x89: drie ee. \xC3\xA9\xC3\xA9 22. 1.",
	};
	srx_text t;
	memset(&t, 0, sizeof(t));
	for (size_t k = 0; k < sizeof(texts) / sizeof(*texts); k++) {
		size_t len = strlen(texts[k]);
		UErrorCode status = U_ZERO_ERROR;
		UText *ut = utext_openUTF8(NULL, texts[k], (int64_t)len, &status);
		srx_text_set(&t, texts[k], len);
		for (size_t pos = 0; pos <= len; pos++) {
			if (pos < len && ((unsigned char)texts[k][pos] & 0xC0) == 0x80)
				continue;
			int want = reference_decision(before, after, brk, n, ut, texts[k], len, pos);
			int got = srx_engine_decide(e, &t, pos);
			ck_assert_msg(got == want, "text %zu pos %zu: engine %d, reference %d", k, pos, got, want);
		}
		utext_close(ut);
	}
	srx_text_close(&t);
	srx_engine_free(e);
	for (size_t i = 0; i < n; i++) {
		uregex_close(before[i]);
		uregex_close(after[i]);
	}
}
END_TEST

static int collect(size_t pos, void *payload)
{
	tolk_buf *b = payload;
	return tolk_buf_printf(b, "%zu ", pos);
}

START_TEST(break_positions_through_anchors)
{
	srx_rule r[] = {
		{false, "\\bnr\\.", "\\s", 1},
		{true, "[.?!]", "\\s[\\u2019'][stn]\\s", 2},
		{true, "\\u2026", "\\s\\p{Lu}", 3},
		{true, "[;]", "", 4}, /* anchored by ';' itself */
	};
	const srx_rule *p[] = {&r[0], &r[1], &r[2], &r[3]};
	srx_engine *e = NULL;
	ck_assert_int_eq(srx_engine_new(&e, p, 4, "t.srx", true), 0);
	const char *text = "Zo. 't Is nr. 's Avonds\xE2\x80\xA6 Dan; klaar. 's x";
	srx_text t;
	memset(&t, 0, sizeof(t));
	srx_text_set(&t, text, strlen(text));
	tolk_buf b = TOLK_BUF_INIT;
	ck_assert_int_eq(srx_engine_break_positions(e, &t, collect, &b), 0);
	/* after "Zo.", the ellipsis, the ';' and "klaar."; not after "nr." (its no-break rule comes first) */
	ck_assert_str_eq(b.ptr, "3 26 31 38 ");
	tolk_buf_free(&b);
	srx_text_close(&t);
	srx_engine_free(e);
}
END_TEST

START_TEST(tail_analysis)
{
	srx_edges tail;
	ck_assert_int_eq(srx_pattern_tail(&tail, "\\b(?:nr|bijv)\\."), 0);
	ck_assert_uint_eq(tail.count, 2);
	int32_t nr[] = {'.', 'r', 'n', ' ', -1, -1}, ar[] = {'.', 'r', 'a', 'a', 'j', ' '}, gnr[] = {'.', 'r', 'n', 'g', ' ', -1};
	int32_t start[] = {'.', 'r', 'n', -1, -1, -1};
	ck_assert(srx_edges_fit(&tail, nr, SRX_TAIL_MAX));
	ck_assert(srx_edges_fit(&tail, start, SRX_TAIL_MAX)); /* \b at the start of the text */
	ck_assert(!srx_edges_fit(&tail, ar, SRX_TAIL_MAX));
	ck_assert(!srx_edges_fit(&tail, gnr, SRX_TAIL_MAX)); /* \b: "gnr." is no "nr." */
	srx_edges_free(&tail);
	/* anything that can match the empty string, or is not understood, fits everywhere */
	ck_assert_int_eq(srx_pattern_tail(&tail, "x*"), 0);
	ck_assert_uint_eq(tail.count, 0);
	ck_assert_int_eq(srx_pattern_tail(&tail, "(\\w)\\1"), 0);
	ck_assert_uint_eq(tail.count, 0);
	ck_assert_int_eq(srx_pattern_tail(&tail, "(?x) a b # comment"), 0);
	ck_assert_uint_eq(tail.count, 0);
	srx_edges head;
	ck_assert_int_eq(srx_pattern_head(&head, "\\s\\d"), 0);
	int32_t sd[] = {' ', '5', -1, -1, -1, -1}, sx[] = {' ', 'x', -1, -1, -1, -1};
	ck_assert(srx_edges_fit(&head, sd, SRX_TAIL_MAX));
	ck_assert(!srx_edges_fit(&head, sx, SRX_TAIL_MAX));
	srx_edges_free(&head);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("srx");
	TCase *files = tcase_create("files");
	tcase_add_test(files, cascade_yes_takes_every_matching_map);
	tcase_add_test(files, cascade_no_takes_the_first);
	tcase_add_test(files, no_map_for_the_language);
	tcase_add_test(files, srx_1_0_and_extensions);
	tcase_add_test(files, malformed_files);
	tcase_add_test(files, external_entities_are_not_read);
	suite_add_tcase(s, files);
	TCase *rules = test_work_tcase("rules", 0);
	tcase_add_test(rules, user_rules_replace_the_defaults);
	tcase_add_test(rules, rules_alone_when_icu_is_off);
	tcase_add_test(rules, omegat_style_file);
	tcase_add_test(rules, bad_regex_and_missing_file);
	tcase_add_test(rules, runaway_rule_fails_instead_of_hanging);
	tcase_add_test(rules, prefilter_is_sound);
	tcase_add_test(rules, break_positions_through_anchors);
	tcase_add_test(rules, tail_analysis);
	suite_add_tcase(s, rules);
	return test_run_suite(s);
}
