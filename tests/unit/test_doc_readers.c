/*
 * The PDF and HTML readers (doc_pdf.c, doc_html.c) and tolk_document_locate on them.
 *
 * The oracles: the letter's gold segmentation (tests/data/segment), the page
 * layout tests/doc/textpdf.py gives the letter (a running header on line 1 of
 * every page; the letter's own page starts "Afschrikking", "stituties", "van
 * grondgebonden" begin pages 2, 4 and 6), and blocks written by hand from
 * tests/data/doc/kamerstuk.html.
 */
#include "testutil.h"

#include "tolk/document.h"
#include "tolk/segment.h"
#include "util.h"

static char *slurp(const char *path, size_t *len)
{
	char *data = NULL;
	ck_assert_int_eq(tolk_file_read_raw(&data, len, path), 0);
	return data;
}

static tolk_document *read_buffer(const char *data, size_t len, tolk_document_format format)
{
	tolk_document_options opts = TOLK_DOCUMENT_OPTIONS_INIT;
	opts.format = format;
	tolk_document *doc = NULL;
	int rc = tolk_document_read_buffer(&doc, data, len, "test", &opts);
	ck_assert_msg(rc == 0, "read failed: %s", tolk_error_last() ? tolk_error_last()->message : "?");
	return doc;
}

static tolk_document *html(const char *s)
{
	return read_buffer(s, strlen(s), TOLK_DOCUMENT_HTML);
}

/* The error a read gives, or NULL when it succeeds. */
static const char *read_error(const char *data, size_t len, tolk_document_format format)
{
	tolk_document_options opts = TOLK_DOCUMENT_OPTIONS_INIT;
	opts.format = format;
	tolk_document *doc = NULL;
	int rc = tolk_document_read_buffer(&doc, data, len, "bad.pdf", &opts);
	if (rc == 0) {
		tolk_document_free(doc);
		return NULL;
	}
	ck_assert_int_eq(rc, TOLK_EINVALID);
	ck_assert_ptr_null(doc);
	return tolk_error_last()->message;
}

static size_t offset_of(const tolk_document *doc, const char *needle)
{
	const char *text = tolk_document_text(doc, NULL);
	const char *at = strstr(text, needle);
	ck_assert_msg(at != NULL, "'%s' not in the text", needle);
	return (size_t)(at - text);
}

/* ---- HTML ------------------------------------------------------------------------------------------ */

static void unescape_newlines(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

START_TEST(html_fixture_blocks)
{
	size_t len;
	char *data = slurp(test_src_path("tests/data/doc/kamerstuk.html"), &len);
	tolk_document *doc = read_buffer(data, len, TOLK_DOCUMENT_AUTO);
	ck_assert_int_eq(tolk_document_format_of(doc), TOLK_DOCUMENT_HTML);
	const char *text = tolk_document_text(doc, NULL);
	FILE *f = fopen(test_src_path("tests/data/doc/kamerstuk.html.blocks"), "r");
	ck_assert_ptr_nonnull(f);
	char line[2048];
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *kind = strtok(line, "\t"), *level = strtok(NULL, "\t"), *para = strtok(NULL, "\t");
		char *cell = strtok(NULL, "\t"), *mark = strtok(NULL, "\t"), *want = strtok(NULL, "");
		ck_assert_ptr_nonnull(want);
		unescape_newlines(want);
		const tolk_document_block *b = tolk_document_block_at(doc, n);
		ck_assert_msg(b != NULL, "block %zu missing (%s)", n, want);
		ck_assert_str_eq(tolk_block_kind_name(b->kind), kind);
		ck_assert_uint_eq(b->level, strtoul(level, NULL, 10));
		ck_assert_uint_eq(b->paragraph, strtoul(para, NULL, 10));
		char got_cell[64] = "-";
		if (b->table)
			snprintf(got_cell, sizeof got_cell, "%lu.%lu.%lu", b->table, b->row, b->column);
		ck_assert_str_eq(got_cell, cell);
		ck_assert_str_eq(b->note_mark ? b->note_mark : "-", mark);
		ck_assert_int_eq((int)b->length, (int)strlen(want));
		ck_assert_msg(memcmp(text + b->offset, want, b->length) == 0, "block %zu: '%.*s', wanted '%s'", n,
		              (int)b->length, text + b->offset, want);
		n++;
	}
	fclose(f);
	ck_assert_uint_eq(tolk_document_block_count(doc), n);
	/* nothing from the head, scripts, styles, noscript or template */
	ck_assert_ptr_null(strstr(text, "Overheid.nl"));
	ck_assert_ptr_null(strstr(text, "zichtbaar"));
	ck_assert_ptr_null(strstr(text, "JavaScript"));
	ck_assert_ptr_null(strstr(text, "font-size"));
	tolk_document_free(doc);
	free(data);
}
END_TEST

START_TEST(html_inline_spans)
{
	tolk_document *doc = html("<p>Een <b>vet</b> en <i>schuin</i> woord<sup><a href=\"#n1\">1</a></sup>, "
	                          "<a href=\"https://example.org/\">een link</a>.</p><div id=\"n1\">Noot.</div>");
	const char *text = tolk_document_text(doc, NULL);
	ck_assert_str_eq(text, "Een vet en schuin woord1, een link.\n\n1 Noot.");
	struct {
		tolk_inline_kind kind;
		const char *text;
	} want[] = {{TOLK_INLINE_BOLD, "vet"},          {TOLK_INLINE_ITALIC, "schuin"},
	            {TOLK_INLINE_SUPERSCRIPT, "1"},     {TOLK_INLINE_LINK, "1"},
	            {TOLK_INLINE_NOTE_REF, "1"},        {TOLK_INLINE_LINK, "een link"}};
	ck_assert_uint_eq(tolk_document_inline_count(doc), sizeof want / sizeof *want);
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const tolk_document_inline *s = tolk_document_inline_at(doc, i);
		ck_assert_int_eq(s->kind, want[i].kind);
		ck_assert_int_eq((int)s->length, (int)strlen(want[i].text));
		ck_assert(memcmp(text + s->offset, want[i].text, s->length) == 0);
	}
	const tolk_document_block *note = tolk_document_block_at(doc, 1);
	ck_assert_int_eq(note->kind, TOLK_BLOCK_FOOTNOTE);
	ck_assert_str_eq(note->note_mark, "1");
	tolk_document_free(doc);
}
END_TEST

START_TEST(html_whitespace_and_entities)
{
	static const struct {
		const char *html, *text;
	} cases[] = {
		{"<p>  een\n\t twee  </p>", "een twee"},
		{"<p>a<b> b </b>c</p>", "a b c"},
		{"<p>a&nbsp;&nbsp;b &amp; c &lt;d&gt; &eacute;&#233;&#xe9; &euro;</p>", "a\xc2\xa0\xc2\xa0" "b & c <d> \xc3\xa9\xc3\xa9\xc3\xa9 \xe2\x82\xac"},
		{"<p>regel 1<br>  regel 2<br/><br>regel 3</p>", "regel 1\nregel 2\nregel 3"},
		{"<p>voor<script>var x = '<p>niet</p>';</script> na</p>", "voor na"},
		{"<div>buiten<p>binnen</p>weer buiten</div>", "buiten\n\nbinnen\n\nweer buiten"},
		{"<pre>  a   b\n  c</pre>", "a   b\nc"},
		{"<p></p><p>   </p><p>iets</p>", "iets"},
		{"tekst zonder elementen", "tekst zonder elementen"},
		{"<p>open <b>vet<p>volgende", "open vet\n\nvolgende"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		tolk_document *doc = html(cases[i].html);
		ck_assert_msg(strcmp(tolk_document_text(doc, NULL), cases[i].text) == 0, "%s: got '%s'", cases[i].html,
		              tolk_document_text(doc, NULL));
		tolk_document_free(doc);
	}
}
END_TEST

START_TEST(html_declared_encoding)
{
	/* Windows-1252 bytes, declared: é (E9) and the euro (80) */
	const char *s = "<html><head><meta charset=\"windows-1252\"></head><body><p>caf\xe9 \x80 5</p></body></html>";
	tolk_document *doc = html(s);
	ck_assert_str_eq(tolk_document_text(doc, NULL), "caf\xc3\xa9 \xe2\x82\xac 5");
	tolk_document_free(doc);
	/* UTF-8 that declares Latin-1 is still UTF-8 (what it is, not what it says) */
	doc = html("<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>");
	ck_assert_str_eq(tolk_document_text(doc, NULL), "caf\xc3\xa9");
	tolk_document_free(doc);
	/* neither UTF-8 nor declared: Windows-1252, as a browser falls back (0x99 is the trade mark sign) */
	doc = html("<p>caf\xe9\x99</p>");
	ck_assert_str_eq(tolk_document_text(doc, NULL), "caf\xc3\xa9\xe2\x84\xa2");
	tolk_document_free(doc);
	/* byte-order marks: UTF-16LE, UTF-16BE, UTF-8 (never part of the text) */
	doc = read_buffer("\xff\xfe<\0p\0>\0a\0\xe9\0", 12, TOLK_DOCUMENT_HTML);
	ck_assert_str_eq(tolk_document_text(doc, NULL), "a\xc3\xa9");
	tolk_document_free(doc);
	doc = read_buffer("\xfe\xff\0<\0p\0>\0a\0\xe9", 12, TOLK_DOCUMENT_HTML);
	ck_assert_str_eq(tolk_document_text(doc, NULL), "a\xc3\xa9");
	tolk_document_free(doc);
	doc = html("\xef\xbb\xbf<p>b</p>");
	ck_assert_str_eq(tolk_document_text(doc, NULL), "b");
	tolk_document_free(doc);
}
END_TEST

START_TEST(html_locate_paragraphs_and_cells)
{
	size_t len;
	char *data = slurp(test_src_path("tests/data/doc/kamerstuk.html"), &len);
	tolk_document *doc = read_buffer(data, len, TOLK_DOCUMENT_HTML);
	tolk_document_location loc;
	ck_assert_int_eq(tolk_document_locate(&loc, doc, offset_of(doc, "Noord")), 0);
	ck_assert_int_eq(loc.kind, TOLK_BLOCK_TABLE_CELL);
	ck_assert_uint_eq(loc.paragraph, 12);
	ck_assert_uint_eq(loc.table, 1);
	ck_assert_uint_eq(loc.row, 2);
	ck_assert_uint_eq(loc.column_in_table, 1);
	ck_assert_int_eq(tolk_document_locate(&loc, doc, offset_of(doc, "Dat is meer")), 0);
	ck_assert_uint_eq(loc.paragraph, 7);
	ck_assert_uint_eq(loc.line, 1);
	ck_assert_int_eq(tolk_document_locate(&loc, doc, offset_of(doc, "Den Haag\n")), 0);
	ck_assert_uint_eq(loc.paragraph, 24);
	ck_assert_uint_eq(loc.line, 3);
	ck_assert_int_eq(tolk_document_locate(&loc, doc, offset_of(doc, "De planning volgt")), 0);
	ck_assert_int_eq(loc.kind, TOLK_BLOCK_FOOTNOTE);
	ck_assert_str_eq(loc.note_mark, "2");
	ck_assert_uint_eq(loc.paragraph, 2);
	tolk_document_free(doc);
	free(data);
}
END_TEST

START_TEST(html_hostile_nesting)
{
	/* far deeper than any page: bounded stacks, and the text is all there */
	tolk_buf b = TOLK_BUF_INIT;
	for (int i = 0; i < 5000; i++)
		tolk_buf_puts(&b, i % 3 == 0 ? "<div>" : i % 3 == 1 ? "<ul><li>" : "<b><table><tr><td>");
	tolk_buf_puts(&b, "diep");
	tolk_document *doc = read_buffer(b.ptr, b.len, TOLK_DOCUMENT_HTML);
	ck_assert_str_eq(tolk_document_text(doc, NULL), "diep");
	tolk_document_free(doc);
	tolk_buf_free(&b);
}
END_TEST

/* ---- PDF ------------------------------------------------------------------------------------------- */

#define LETTER_PDF "tests/data/doc/kamerstuk-28676-348.nl.pdf"

START_TEST(pdf_letter_gives_the_gold_segments)
{
	tolk_document *doc = NULL;
	ck_assert_int_eq(tolk_document_read(&doc, test_src_path(LETTER_PDF), NULL), 0);
	ck_assert_int_eq(tolk_document_format_of(doc), TOLK_DOCUMENT_PDF);
	size_t len;
	const char *text = tolk_document_text(doc, &len);
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, "nl"), 0);
	tolk_segment_list *list = NULL;
	ck_assert_int_eq(tolk_segment_text(&list, seg, text, len), 0);

	FILE *f = fopen(test_src_path("tests/data/segment/kamerstuk-28676-348.nl.gold.tsv"), "r");
	ck_assert_ptr_nonnull(f);
	char line[4096];
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *kind = strtok(line, "\t"), *para = strtok(NULL, "\t"), *want = strtok(NULL, "");
		ck_assert_msg(n < list->count, "segment %zu missing: %s", n + 1, want);
		ck_assert_str_eq(list->items[n].text, want);
		ck_assert_str_eq(tolk_segment_kind_name(list->items[n].kind), kind);
		ck_assert_uint_eq(list->items[n].paragraph, strtoul(para, NULL, 10));
		n++;
	}
	fclose(f);
	ck_assert_uint_eq(n, 70);
	ck_assert_uint_eq(list->count, n);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);
	tolk_document_free(doc);
}
END_TEST

START_TEST(pdf_pages_lines_and_running_lines)
{
	tolk_document *doc = NULL;
	ck_assert_int_eq(tolk_document_read(&doc, test_src_path(LETTER_PDF), NULL), 0);
	const char *text = tolk_document_text(doc, NULL);
	/* the running header and the page numbers are gone; the page breaks are form feeds */
	ck_assert_ptr_null(strstr(text, "vergaderjaar"));
	ck_assert_ptr_nonnull(strstr(text, "vervolgstappen.\n\n\fAfschrikking en verdediging\n"));
	size_t feeds = 0;
	for (const char *p = text; *p; p++) {
		feeds += *p == '\f';
		if (*p == '\n' || *p == '\f') {
			const char *q = p + 1;
			while (*q >= '0' && *q <= '9')
				q++;
			ck_assert_msg(!(q > p + 1 && (*q == '\n' || *q == '\0')), "a bare page number is left: %.10s", p + 1);
		}
	}
	ck_assert_uint_eq(feeds, 5); /* six pages */

	static const struct {
		const char *needle;
		unsigned long page, line;
	} where[] = {
		{"Nr. 348 BRIEF", 1, 2},               /* line 1 is the running header */
		{"Den Haag, 6 november", 1, 4},
		{"Afschrikking en verdediging", 2, 2},
		{"stituties dan enkel", 4, 2},
		{"van grondgebonden luchtruim", 6, 2},
		{"A.Th.B. Bijleveld", 6, 10},
		{"1 De negen bondgenoten", 6, 11},
		{"Verenigd Koninkrijk.", 6, 12},
	};
	for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
		tolk_document_location loc;
		ck_assert_int_eq(tolk_document_locate(&loc, doc, offset_of(doc, where[i].needle)), 0);
		ck_assert_int_eq(loc.format, TOLK_DOCUMENT_PDF);
		ck_assert_msg(loc.page == where[i].page && loc.line == where[i].line, "%s: page %lu line %lu, wanted %lu %lu",
		              where[i].needle, loc.page, loc.line, where[i].page, where[i].line);
		ck_assert_int_eq(loc.kind, TOLK_BLOCK_PAGE);
	}
	tolk_document_location loc;
	ck_assert_int_eq(tolk_document_locate(&loc, doc, offset_of(doc, "weerbaarheid. De")), 0);
	ck_assert_uint_eq(loc.page, 2);
	ck_assert_uint_eq(loc.column, 1 + strlen("Tijdens de bijeenkomst werd ook gesproken over "));
	tolk_document_free(doc);
}
END_TEST

START_TEST(pdf_encrypted_is_refused_restricted_is_read)
{
	size_t len;
	char *data = slurp(test_src_path("tests/data/doc/encrypted.pdf"), &len);
	const char *msg = read_error(data, len, TOLK_DOCUMENT_AUTO);
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strstr(msg, "password") != NULL, "%s", msg);
	free(data);

	/* encrypted with an empty user password (only printing and changes restricted): opens */
	tolk_document *doc = NULL;
	ck_assert_int_eq(tolk_document_read(&doc, test_src_path("tests/data/doc/restricted.pdf"), NULL), 0);
	ck_assert_ptr_nonnull(strstr(tolk_document_text(doc, NULL), "Bijleveld-Schouten"));
	tolk_document_free(doc);
}
END_TEST

START_TEST(pdf_damaged_is_refused)
{
	size_t len;
	char *data = slurp(test_src_path(LETTER_PDF), &len);
	/* truncated: every cut past the header is an error or, where poppler rebuilds what it lost, a read */
	for (size_t cut = 16; cut < len; cut += len / 7) {
		const char *msg = read_error(data, cut, TOLK_DOCUMENT_PDF);
		if (msg)
			ck_assert_msg(strstr(msg, "damaged") != NULL, "cut %zu: %s", cut, msg);
	}
	ck_assert_ptr_nonnull(read_error(data, len * 2 / 3, TOLK_DOCUMENT_PDF));
	ck_assert_ptr_nonnull(read_error("%PDF-1.4\n\x01\x02garbage", 19, TOLK_DOCUMENT_AUTO));

	/* a page's content stream broken: that page's text would be lost, so the document is damaged */
	char *bad = malloc(len);
	memcpy(bad, data, len);
	char *stream = memmem(bad, len, ">>\nstream\n", 10);
	stream = memmem(stream + 10, len - (size_t)(stream + 10 - bad), ">>\nstream\n", 10); /* page 2's content */
	ck_assert_ptr_nonnull(stream);
	memcpy(stream + 10, "BT /F1 10 Tf 72 700 Td (((( <<< [[[ Tj", 38);
	const char *msg = read_error(bad, len, TOLK_DOCUMENT_PDF);
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strstr(msg, "damaged PDF: page 2") != NULL, "%s", msg);
	free(bad);

	/* a wrong cross-reference offset is repaired by poppler and is not an error */
	char *moved = malloc(len + 32);
	char *sx = NULL;
	for (char *p = data; (p = memmem(p, len - (size_t)(p - data), "startxref\n", 10)); p++)
		sx = p;
	ck_assert_ptr_nonnull(sx);
	size_t head = (size_t)(sx - data) + 10;
	memcpy(moved, data, head);
	int m = snprintf(moved + head, 32, "1234\n%%%%EOF\n");
	ck_assert_ptr_null(read_error(moved, head + (size_t)m, TOLK_DOCUMENT_PDF));
	free(moved);
	free(data);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("doc_readers");
	TCase *tc = tcase_create("html");
	tcase_add_test(tc, html_fixture_blocks);
	tcase_add_test(tc, html_inline_spans);
	tcase_add_test(tc, html_whitespace_and_entities);
	tcase_add_test(tc, html_declared_encoding);
	tcase_add_test(tc, html_locate_paragraphs_and_cells);
	tcase_add_test(tc, html_hostile_nesting);
	suite_add_tcase(s, tc);
	tc = tcase_create("pdf");
	tcase_add_test(tc, pdf_letter_gives_the_gold_segments);
	tcase_add_test(tc, pdf_pages_lines_and_running_lines);
	tcase_add_test(tc, pdf_encrypted_is_refused_restricted_is_read);
	tcase_add_test(tc, pdf_damaged_is_refused);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
