/*
 * Documents (tolk/document.h): format detection, the DOCX and ODT readers on
 * documents whose blocks were written down by hand, locate, and bad documents
 * (zip bombs, too many members, DTDs and external entities, damaged zips and
 * truncated XML) built here with libzip.
 */
#include "testutil.h"

#include <stdbool.h>
#include <zip.h>

#include "tolk/document.h"
#include "tolk/segment.h"

/* ---- helpers ---------------------------------------------------------------------------------------- */
static char *slurp(size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	ck_assert(buf != NULL);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

typedef struct member {
	const char *name;
	const char *data; /* NULL: `size` zero bytes */
	size_t size;
	bool store;
} member;

/* A zip made with libzip in a temporary file, returned as bytes. */
static char *make_zip(size_t *len, const member *members, size_t count)
{
	char *dir = test_tmpdir();
	ck_assert(dir != NULL);
	char path[256];
	snprintf(path, sizeof path, "%s/t.zip", dir);
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	ck_assert(z != NULL);
	char **zeros = calloc(count, sizeof *zeros);
	for (size_t i = 0; i < count; i++) {
		const void *data = members[i].data;
		size_t size = members[i].data ? strlen(members[i].data) : members[i].size;
		if (!data)
			data = zeros[i] = calloc(1, size ? size : 1);
		zip_source_t *src = zip_source_buffer(z, data, size, 0);
		ck_assert(src != NULL);
		zip_int64_t idx = zip_file_add(z, members[i].name, src, ZIP_FL_ENC_UTF_8);
		ck_assert(idx >= 0);
		zip_set_file_compression(z, (zip_uint64_t)idx, members[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
	}
	ck_assert_int_eq(zip_close(z), 0);
	for (size_t i = 0; i < count; i++)
		free(zeros[i]);
	free(zeros);
	char *bytes = slurp(len, path);
	unlink(path);
	rmdir(dir);
	return bytes;
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static char *docx_of(size_t *len, const char *body_xml)
{
	static char doc[20000];
	int n = snprintf(doc, sizeof doc, "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>%s</w:body></w:document>",
	         body_xml);
	ck_assert(n > 0 && (size_t)n < sizeof doc);
	member m[] = {{"[Content_Types].xml", "<Types/>", 0, false}, {"word/document.xml", doc, 0, false}};
	return make_zip(len, m, 2);
}

static const char *block_text(const tolk_document *d, size_t i, char *buf, size_t size)
{
	const tolk_document_block *b = tolk_document_block_at(d, i);
	ck_assert(b != NULL);
	const char *t = tolk_document_text(d, NULL);
	snprintf(buf, size, "%.*s", (int)b->length, t + b->offset);
	return buf;
}

static tolk_document *read_path(const char *relative)
{
	tolk_document *d = NULL;
	int rc = tolk_document_read(&d, test_src_path(relative), NULL);
	ck_assert_msg(rc == 0, "%s: %s", relative, tolk_error_last() ? tolk_error_last()->message : "?");
	return d;
}

/* ---- detection ------------------------------------------------------------------------------------------- */
START_TEST(formats_are_found_from_the_content)
{
	ck_assert_int_eq(tolk_document_detect("%PDF-1.7\n", 9, "brief.txt"), TOLK_DOCUMENT_PDF);
	ck_assert_int_eq(tolk_document_detect("<!DOCTYPE html><p>x", 19, NULL), TOLK_DOCUMENT_HTML);
	ck_assert_int_eq(tolk_document_detect("\xEF\xBB\xBF  <HTML lang=nl>", 20, NULL), TOLK_DOCUMENT_HTML);
	const char *xhtml = "<?xml version=\"1.0\"?>\n<!-- c -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\">";
	ck_assert_int_eq(tolk_document_detect(xhtml, strlen(xhtml), NULL), TOLK_DOCUMENT_HTML);
	/* a fragment is HTML only by its name */
	ck_assert_int_eq(tolk_document_detect("<p>Hallo</p>", 12, "brief.html"), TOLK_DOCUMENT_HTML);
	ck_assert_int_eq(tolk_document_detect("<p>Hallo</p>", 12, "brief.txt"), TOLK_DOCUMENT_TEXT);
	/* the name never makes text a document */
	ck_assert_int_eq(tolk_document_detect("Hallo wereld.\n", 14, "brief.docx"), TOLK_DOCUMENT_TEXT);
	ck_assert_int_eq(tolk_document_detect("", 0, NULL), TOLK_DOCUMENT_TEXT);

	size_t len;
	char *docx = slurp(&len, test_src_path("tests/data/documents/structure.docx"));
	ck_assert_int_eq(tolk_document_detect(docx, len, "structure.odt"), TOLK_DOCUMENT_DOCX);
	free(docx);
	char *odt = slurp(&len, test_src_path("tests/data/documents/structure.odt"));
	ck_assert_int_eq(tolk_document_detect(odt, len, "structure.txt"), TOLK_DOCUMENT_ODT);
	free(odt);
	/* other zips (a spreadsheet, an OpenDocument spreadsheet) are not documents tolk reads */
	member xlsx[] = {{"xl/workbook.xml", "<workbook/>", 0, false}};
	char *z = make_zip(&len, xlsx, 1);
	ck_assert_int_eq(tolk_document_detect(z, len, "a.docx"), TOLK_DOCUMENT_TEXT);
	free(z);
	member ods[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0, true},
	                {"content.xml", "<x/>", 0, false}};
	z = make_zip(&len, ods, 2);
	ck_assert_int_eq(tolk_document_detect(z, len, "a.odt"), TOLK_DOCUMENT_TEXT);
	free(z);
}
END_TEST

START_TEST(format_names)
{
	tolk_document_format f;
	ck_assert_str_eq(tolk_document_format_name(TOLK_DOCUMENT_DOCX), "docx");
	ck_assert_int_eq(tolk_document_format_from_name(&f, "ODT"), 0);
	ck_assert_int_eq(f, TOLK_DOCUMENT_ODT);
	ck_assert_int_eq(tolk_document_format_from_name(&f, "txt"), 0);
	ck_assert_int_eq(f, TOLK_DOCUMENT_TEXT);
	ck_assert_int_eq(tolk_document_format_from_name(&f, "xhtml"), 0);
	ck_assert_int_eq(f, TOLK_DOCUMENT_HTML);
	ck_assert_int_eq(tolk_document_format_from_name(&f, "doc"), TOLK_EINVALID);
	ck_assert_ptr_null(tolk_document_format_name((tolk_document_format)99));
	ck_assert_str_eq(tolk_block_kind_name(TOLK_BLOCK_TABLE_CELL), "table-cell");
	ck_assert_str_eq(tolk_inline_kind_name(TOLK_INLINE_NOTE_REF), "note-ref");
	tolk_document_options o;
	ck_assert_int_eq(tolk_document_options_init(&o, 2), TOLK_EINVALID);
	ck_assert_int_eq(tolk_document_options_init(&o, TOLK_DOCUMENT_OPTIONS_VERSION), 0);
	ck_assert_int_eq(o.format, TOLK_DOCUMENT_AUTO);
}
END_TEST

/* ---- the structure document, as tests/docgen.py writes it: expected blocks by hand -------------------------------- */
typedef struct want_block {
	tolk_block_kind kind;
	unsigned level;
	unsigned long paragraph, table, row, column;
	const char *mark;
	const char *text;
} want_block;

static const want_block structure_blocks[] = {
	{TOLK_BLOCK_HEADING, 1, 1, 0, 0, 0, NULL, "Tables, lists and notes"},
	{TOLK_BLOCK_HEADING, 1, 2, 0, 0, 0, NULL, "Introduction"},
	{TOLK_BLOCK_PARAGRAPH, 0, 3, 0, 0, 0, NULL, "This paragraph has bold, italic and underlined words, and a footnote1."},
	/* the field's result, not its instruction; the tab kept */
	{TOLK_BLOCK_PARAGRAPH, 0, 4, 0, 0, 0, NULL, "The meeting was held on 6 November 2020.\tA tab came before this sentence."},
	/* "the {-old -}{+new +}text is accepted{- here-}." */
	{TOLK_BLOCK_PARAGRAPH, 0, 5, 0, 0, 0, NULL, "Tracked changes: the new text is accepted."},
	{TOLK_BLOCK_HEADING, 2, 6, 0, 0, 0, NULL, "A list"},
	{TOLK_BLOCK_LIST_ITEM, 1, 7, 0, 0, 0, NULL, "First item"},
	{TOLK_BLOCK_LIST_ITEM, 2, 8, 0, 0, 0, NULL, "A nested item"},
	{TOLK_BLOCK_LIST_ITEM, 1, 9, 0, 0, 0, NULL, "Second item with an endnotei"},
	{TOLK_BLOCK_TABLE_CELL, 0, 10, 1, 1, 1, NULL, "Name"},
	{TOLK_BLOCK_TABLE_CELL, 0, 11, 1, 1, 2, NULL, "Country"},
	{TOLK_BLOCK_TABLE_CELL, 0, 12, 1, 2, 1, NULL, "Volkel"},
	/* a cell of two paragraphs is one block of two lines */
	{TOLK_BLOCK_TABLE_CELL, 0, 13, 1, 2, 2, NULL, "the Netherlands\nGelderland"},
	{TOLK_BLOCK_PARAGRAPH, 0, 15, 0, 0, 0, NULL, "Line one\nline two of the same paragraph, with E = mc2."},
	{TOLK_BLOCK_FOOTNOTE, 0, 1, 0, 0, 0, "1", "1 A footnote with bold text."},
	{TOLK_BLOCK_ENDNOTE, 0, 1, 0, 0, 0, "i", "i An endnote."},
};

typedef struct want_span {
	tolk_inline_kind kind;
	const char *text;
} want_span;

static const want_span structure_spans[] = {
	{TOLK_INLINE_BOLD, "bold"},       {TOLK_INLINE_ITALIC, "italic"},      {TOLK_INLINE_UNDERLINE, "underlined"},
	{TOLK_INLINE_NOTE_REF, "1"},      {TOLK_INLINE_NOTE_REF, "i"},         {TOLK_INLINE_SUPERSCRIPT, "2"},
	{TOLK_INLINE_BOLD, "bold"},
};

static void check_structure(const char *relative, tolk_document_format format)
{
	tolk_document *d = read_path(relative);
	ck_assert_int_eq(tolk_document_format_of(d), format);
	size_t n = sizeof structure_blocks / sizeof *structure_blocks;
	ck_assert_uint_eq(tolk_document_block_count(d), n);
	char buf[256];
	for (size_t i = 0; i < n; i++) {
		const want_block *w = &structure_blocks[i];
		const tolk_document_block *b = tolk_document_block_at(d, i);
		ck_assert_str_eq(block_text(d, i, buf, sizeof buf), w->text);
		ck_assert_msg(b->kind == w->kind && b->level == w->level, "%s block %zu: kind %s level %u", relative, i,
		              tolk_block_kind_name(b->kind), b->level);
		ck_assert_uint_eq(b->paragraph, w->paragraph);
		ck_assert_uint_eq(b->table, w->table);
		ck_assert_uint_eq(b->row, w->row);
		ck_assert_uint_eq(b->column, w->column);
		if (w->mark)
			ck_assert_str_eq(b->note_mark, w->mark);
		else
			ck_assert_ptr_null(b->note_mark);
	}
	/* blocks are separated by one blank line, and nothing else is in the text */
	size_t len;
	const char *t = tolk_document_text(d, &len);
	ck_assert_uint_eq(tolk_document_block_at(d, 0)->offset, 0);
	for (size_t i = 1; i < n; i++) {
		const tolk_document_block *a = tolk_document_block_at(d, i - 1), *b = tolk_document_block_at(d, i);
		ck_assert_uint_eq(b->offset, a->offset + a->length + 2);
		ck_assert(t[a->offset + a->length] == '\n' && t[a->offset + a->length + 1] == '\n');
	}
	const tolk_document_block *last = tolk_document_block_at(d, n - 1);
	ck_assert_uint_eq(last->offset + last->length, len);
	ck_assert_uint_eq(strlen(t), len);

	size_t ns = sizeof structure_spans / sizeof *structure_spans;
	ck_assert_uint_eq(tolk_document_inline_count(d), ns);
	for (size_t i = 0; i < ns; i++) {
		const tolk_document_inline *s = tolk_document_inline_at(d, i);
		ck_assert_int_eq(s->kind, structure_spans[i].kind);
		snprintf(buf, sizeof buf, "%.*s", (int)s->length, t + s->offset);
		ck_assert_str_eq(buf, structure_spans[i].text);
	}
	ck_assert_ptr_null(tolk_document_inline_at(d, ns));
	ck_assert_ptr_null(tolk_document_block_at(d, n));
	tolk_document_free(d);
}

START_TEST(docx_structure)
{
	check_structure("tests/data/documents/structure.docx", TOLK_DOCUMENT_DOCX);
}
END_TEST

START_TEST(odt_structure)
{
	check_structure("tests/data/documents/structure.odt", TOLK_DOCUMENT_ODT);
}
END_TEST

/* The letter's paragraphs: 28 in the body (the gold's paragraphs 1-28) and the footnote. */
START_TEST(letter_blocks)
{
	const char *files[] = {"tests/data/documents/letter-nl.docx", "tests/data/documents/letter-nl.odt"};
	for (size_t f = 0; f < 2; f++) {
		tolk_document *d = read_path(files[f]);
		ck_assert_uint_eq(tolk_document_block_count(d), 29);
		char buf[512];
		ck_assert_str_eq(block_text(d, 0, buf, sizeof buf), "Nr. 348 BRIEF VAN DE MINISTER VAN DEFENSIE");
		ck_assert_int_eq(tolk_document_block_at(d, 0)->kind, TOLK_BLOCK_HEADING);
		ck_assert_int_eq(tolk_document_block_at(d, 4)->kind, TOLK_BLOCK_HEADING);
		ck_assert_uint_eq(tolk_document_block_at(d, 4)->level, 2);
		ck_assert_str_eq(block_text(d, 4, buf, sizeof buf), "Lastenverdeling");
		ck_assert_str_eq(block_text(d, 27, buf, sizeof buf), "De Minister van Defensie,\nA.Th.B. Bijleveld-Schouten");
		ck_assert_int_eq(tolk_document_block_at(d, 28)->kind, TOLK_BLOCK_FOOTNOTE);
		ck_assert(strncmp(block_text(d, 28, buf, sizeof buf), "1 De negen bondgenoten zijn: België,", 37) == 0);
		/* the mark is glued to the word it follows, as in the PDF's text */
		ck_assert_ptr_nonnull(strstr(tolk_document_text(d, NULL), "luchtruimverdediging1. "));
		tolk_document_free(d);
	}
}
END_TEST

/* ---- locate -------------------------------------------------------------------------------------------------- */
START_TEST(locate_in_documents_and_text)
{
	tolk_document *d = read_path("tests/data/documents/structure.docx");
	size_t len;
	const char *t = tolk_document_text(d, &len);
	tolk_document_location loc;
	const char *at = strstr(t, "underlined");
	ck_assert_int_eq(tolk_document_locate(&loc, d, (size_t)(at - t)), 0);
	ck_assert_int_eq(loc.format, TOLK_DOCUMENT_DOCX);
	ck_assert_uint_eq(loc.block, 2);
	ck_assert_uint_eq(loc.paragraph, 3);
	ck_assert_uint_eq(loc.line, 1);
	ck_assert_uint_eq(loc.column, 37); /* "This paragraph has bold, italic and " is 36 characters */
	at = strstr(t, "Gelderland");
	ck_assert_int_eq(tolk_document_locate(&loc, d, (size_t)(at - t)), 0);
	ck_assert_int_eq(loc.kind, TOLK_BLOCK_TABLE_CELL);
	ck_assert_uint_eq(loc.table, 1);
	ck_assert_uint_eq(loc.row, 2);
	ck_assert_uint_eq(loc.column_in_table, 2);
	ck_assert_uint_eq(loc.line, 2);
	ck_assert_uint_eq(loc.column, 1);
	at = strstr(t, "An endnote");
	ck_assert_int_eq(tolk_document_locate(&loc, d, (size_t)(at - t)), 0);
	ck_assert_int_eq(loc.kind, TOLK_BLOCK_ENDNOTE);
	ck_assert_str_eq(loc.note_mark, "i");
	/* the blank line after a block belongs to it; the end of the text is a place too */
	const tolk_document_block *b0 = tolk_document_block_at(d, 0);
	ck_assert_int_eq(tolk_document_locate(&loc, d, b0->offset + b0->length + 1), 0);
	ck_assert_uint_eq(loc.block, 0);
	ck_assert_int_eq(tolk_document_locate(&loc, d, len), 0);
	ck_assert_uint_eq(loc.block, tolk_document_block_count(d) - 1);
	ck_assert_int_eq(tolk_document_locate(&loc, d, len + 1), TOLK_EINVALID);
	tolk_document_free(d);

	/* plain text: as tolk_text_read_file, and positions as an editor shows them */
	const char text[] = "\xEF\xBB\xBF" "Eerste regel\nTwee: é x\n";
	ck_assert_int_eq(tolk_document_read_buffer(&d, text, sizeof text - 1, "t.txt", NULL), 0);
	ck_assert_int_eq(tolk_document_format_of(d), TOLK_DOCUMENT_TEXT);
	t = tolk_document_text(d, &len);
	ck_assert_str_eq(t, "Eerste regel\nTwee: é x\n");
	ck_assert_uint_eq(tolk_document_block_count(d), 0);
	size_t x = (size_t)(strchr(t, 'x') - t);
	ck_assert_int_eq(tolk_document_locate(&loc, d, x), 0);
	ck_assert_uint_eq(loc.line, 2);
	ck_assert_uint_eq(loc.column, 9);
	ck_assert_uint_eq(loc.source_byte, x + 3);
	tolk_document_free(d);
}
END_TEST

/* ---- options ---------------------------------------------------------------------------------------------------- */
START_TEST(format_override)
{
	size_t len;
	char *docx = slurp(&len, test_src_path("tests/data/documents/structure.docx"));
	tolk_document_options o = TOLK_DOCUMENT_OPTIONS_INIT;
	tolk_document *d = NULL;
	/* as text, a Word file is refused by name */
	o.format = TOLK_DOCUMENT_TEXT;
	ck_assert_int_eq(tolk_document_read_buffer(&d, docx, len, "s.docx", &o), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "Word document"));
	/* as ODT, it lacks content.xml */
	o.format = TOLK_DOCUMENT_ODT;
	ck_assert_int_eq(tolk_document_read_buffer(&d, docx, len, "s.docx", &o), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "content.xml"));
	/* text as DOCX: not a zip */
	o.format = TOLK_DOCUMENT_DOCX;
	ck_assert_int_eq(tolk_document_read_buffer(&d, "Hallo.", 6, "h.txt", &o), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "zip"));
	ck_assert_str_eq(tolk_error_last()->file, "h.txt");
	ck_assert_ptr_null(d);
	/* a document over the input limit */
	o.format = TOLK_DOCUMENT_AUTO;
	o.max_input_bytes = 1000;
	ck_assert_int_eq(tolk_document_read_buffer(&d, docx, len, "s.docx", &o), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "limit"));
	free(docx);
}
END_TEST

/* ---- bad documents -------------------------------------------------------------------------------------------- */
START_TEST(zip_bomb_is_stopped)
{
	/* 64 MB of zeros deflate to about 64 KB: a ratio near 1000 */
	size_t len;
	member bomb[] = {{"[Content_Types].xml", "<Types/>", 0, false}, {"word/document.xml", NULL, 64u << 20, false}};
	char *z = make_zip(&len, bomb, 2);
	ck_assert_uint_lt(len, 1u << 20);
	tolk_document *d = NULL;
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "bomb.docx", NULL), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "inflates more than 200 times"));
	ck_assert_str_eq(tolk_error_last()->file, "bomb.docx");
	/* the total: a lower limit stops it sooner, whatever the ratio */
	tolk_document_options o = TOLK_DOCUMENT_OPTIONS_INIT;
	o.max_ratio = 100000;
	o.max_uncompressed_bytes = 1u << 20;
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "bomb.docx", &o), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "inflate to more than 1048576 bytes"));
	free(z);
}
END_TEST

START_TEST(too_many_members)
{
	member m[12];
	char names[12][32];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof names[i], i == 0 ? "word/document.xml" : "media/%d.bin", i);
		m[i] = (member){names[i], i == 0 ? "<w:document " W_NS "><w:body/></w:document>" : "x", 0, false};
	}
	size_t len;
	char *z = make_zip(&len, m, 12);
	tolk_document_options o = TOLK_DOCUMENT_OPTIONS_INIT;
	o.max_zip_entries = 10;
	tolk_document *d = NULL;
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "many.docx", &o), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "more than 10 members"));
	o.max_zip_entries = 12;
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "many.docx", &o), 0);
	ck_assert_uint_eq(tolk_document_block_count(d), 0);
	ck_assert_str_eq(tolk_document_text(d, NULL), "");
	tolk_document_free(d);
	free(z);
}
END_TEST

START_TEST(entities_and_dtds_are_refused)
{
	char doc[1024];
	size_t len;
	tolk_document *d = NULL;
	/* an external entity (the file would be read) and the billion laughs (the memory would go) */
	const char *dtds[] = {"<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
	                      "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	                      "<!ENTITY x \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
	                      "<!DOCTYPE w:document SYSTEM \"http://127.0.0.1:9/x.dtd\">"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(doc, sizeof doc, "<?xml version=\"1.0\"?>%s<w:document " W_NS "><w:body><w:p><w:r><w:t>%s</w:t></w:r>"
		         "</w:p></w:body></w:document>", dtds[i], i < 2 ? "&x;" : "x");
		member m[] = {{"word/document.xml", doc, 0, false}};
		char *z = make_zip(&len, m, 1);
		ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "e.docx", NULL), TOLK_EINVALID);
		/* refused for its DTD, or (the loop of entities) by libxml2 while parsing */
		ck_assert_msg(strstr(tolk_error_last()->message, "DTD") || strstr(tolk_error_last()->message, "entity"), "%zu: %s",
		              i, tolk_error_last()->message);
		ck_assert_str_eq(tolk_error_last()->file, "e.docx(word/document.xml)");
		ck_assert_ptr_null(d);
		free(z);
	}
}
END_TEST

START_TEST(damaged_zip_and_truncated_xml)
{
	size_t len;
	char *docx = slurp(&len, test_src_path("tests/data/documents/letter-nl.docx"));
	tolk_document *d = NULL;
	tolk_document_options o = TOLK_DOCUMENT_OPTIONS_INIT;
	o.format = TOLK_DOCUMENT_DOCX;
	/* cut anywhere: the central directory is gone */
	for (size_t cut = 4; cut < len; cut += len / 7) {
		ck_assert_int_eq(tolk_document_read_buffer(&d, docx, cut, "cut.docx", &o), TOLK_EINVALID);
		ck_assert_str_eq(tolk_error_last()->file, "cut.docx");
		ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "zip"));
	}
	/* a flipped byte in the deflated data: the member fails its check */
	char *flip = malloc(len);
	memcpy(flip, docx, len);
	char *at = memmem(flip, len, "word/document.xml", 17); /* the local header's name */
	ck_assert_ptr_nonnull(at);
	at[17 + 100] ^= 0x55;
	ck_assert_int_eq(tolk_document_read_buffer(&d, flip, len, "flip.docx", &o), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->file, "flip.docx");
	free(flip);
	free(docx);
	/* truncated XML: where it ends */
	member m[] = {{"word/document.xml", "<?xml version=\"1.0\"?>\n<w:document " W_NS "><w:body><w:p><w:r><w:t>Hal", 0,
	               false}};
	char *z = make_zip(&len, m, 1);
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "t.docx", NULL), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->file, "t.docx(word/document.xml)");
	ck_assert_uint_eq(tolk_error_last()->line, 2);
	free(z);
	/* a DOCX without its document, an ODT without office:text */
	member no_doc[] = {{"word/document.xml.bak", "x", 0, false}, {"[Content_Types].xml", "<Types/>", 0, false}};
	z = make_zip(&len, no_doc, 2);
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "n.docx", &o), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "word/document.xml"));
	free(z);
	member odt[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 0, true},
	                {"content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:"
	                                "office:1.0\"/>", 0, false}};
	z = make_zip(&len, odt, 2);
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "n.odt", NULL), TOLK_EINVALID);
	ck_assert_ptr_nonnull(strstr(tolk_error_last()->message, "office:text"));
	free(z);
}
END_TEST

/* Deep nesting: read as far as libxml2's depth limit (256 elements), refused beyond it, never a stack overflow. */
static char *nested_docx(size_t *len, int levels)
{
	static char body[16384];
	size_t n = 0;
	for (int i = 0; i < levels; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "<w:sdt><w:sdtContent>");
	n += (size_t)snprintf(body + n, sizeof body - n, "<w:p><w:r><w:t>x</w:t></w:r></w:p>");
	for (int i = 0; i < levels; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, "</w:sdtContent></w:sdt>");
	ck_assert_uint_lt(n, sizeof body - 1);
	return docx_of(len, body);
}

START_TEST(deep_nesting)
{
	size_t len;
	char *z = nested_docx(&len, 120);
	tolk_document *d = NULL;
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "deep.docx", NULL), 0);
	ck_assert_str_eq(tolk_document_text(d, NULL), "x");
	tolk_document_free(d);
	free(z);
	z = nested_docx(&len, 250);
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "deep.docx", NULL), TOLK_EINVALID);
	ck_assert_str_eq(tolk_error_last()->file, "deep.docx(word/document.xml)");
	ck_assert_msg(strstr(tolk_error_last()->message, "depth") != NULL, "%s", tolk_error_last()->message);
	free(z);
}
END_TEST

/* Word's own habits: a heading by outline level alone, Dutch style ids without styles.xml, runs split mid-word. */
START_TEST(docx_details)
{
	size_t len;
	char *z = docx_of(&len, "<w:p><w:pPr><w:pStyle w:val=\"Kop3\"/></w:pPr><w:r><w:t>Kop</w:t></w:r></w:p>"
	                        "<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:r><w:t>Outline</w:t></w:r></w:p>"
	                        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>ver</w:t></w:r><w:r><w:rPr><w:b w:val=\"1\"/></w:rPr>"
	                        "<w:t>volg</w:t></w:r><w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t xml:space=\"preserve\"> niet</w:t>"
	                        "</w:r><w:moveFrom><w:r><w:t>weg</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>!</w:t></w:r>"
	                        "</w:moveTo></w:p>"
	                        "<w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>"
	                        "<w:p><w:r><w:tab/><w:t>ingesprongen</w:t></w:r></w:p>");
	tolk_document *d = NULL;
	ck_assert_int_eq(tolk_document_read_buffer(&d, z, len, "d.docx", NULL), 0);
	ck_assert_str_eq(tolk_document_text(d, NULL), "Kop\n\nOutline\n\nvervolg niet!\n\ningesprongen");
	ck_assert_uint_eq(tolk_document_block_count(d), 4); /* the blank paragraph leaves nothing */
	ck_assert_int_eq(tolk_document_block_at(d, 0)->kind, TOLK_BLOCK_HEADING);
	ck_assert_uint_eq(tolk_document_block_at(d, 0)->level, 3);
	ck_assert_uint_eq(tolk_document_block_at(d, 1)->level, 2);
	ck_assert_uint_eq(tolk_document_block_at(d, 3)->paragraph, 5);
	/* two bold runs are one span */
	ck_assert_uint_eq(tolk_document_inline_count(d), 1);
	ck_assert_uint_eq(tolk_document_inline_at(d, 0)->length, 7);
	tolk_document_free(d);
	free(z);
}
END_TEST

/* ---- more of DOCX: character styles, text boxes, headers and footers, comments ------------------------------ */
#define DOC_START "<?xml version=\"1.0\"?><w:document " W_NS " xmlns:r=\"" R_NS "\" xmlns:mc=\"" MC_NS "\" " \
                  "xmlns:wp=\"urn:test:wp\" xmlns:a=\"urn:test:a\" xmlns:wps=\"urn:test:wps\" xmlns:v=\"urn:test:v\"><w:body>"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* A DOCX of a body and more members (styles, headers …), read. */
static tolk_document *docx_read_with(const char *body_xml, const member *more, size_t nmore)
{
	static char doc[20000];
	int n = snprintf(doc, sizeof doc, DOC_START "%s</w:body></w:document>", body_xml);
	ck_assert(n > 0 && (size_t)n < sizeof doc);
	member m[8] = {{"[Content_Types].xml", "<Types/>", 0, false}, {"word/document.xml", doc, 0, false}};
	ck_assert(nmore <= 6);
	for (size_t i = 0; i < nmore; i++)
		m[2 + i] = more[i];
	size_t len;
	char *z = make_zip(&len, m, 2 + nmore);
	tolk_document *d = NULL;
	int rc = tolk_document_read_buffer(&d, z, len, "t.docx", NULL);
	ck_assert_msg(rc == 0, "%s", tolk_error_last() ? tolk_error_last()->message : "?");
	free(z);
	return d;
}

static bool has_span(const tolk_document *d, tolk_inline_kind kind, size_t offset, size_t length)
{
	for (size_t i = 0; i < tolk_document_inline_count(d); i++) {
		const tolk_document_inline *s = tolk_document_inline_at(d, i);
		if (s->kind == kind && s->offset == offset && s->length == length)
			return true;
	}
	return false;
}

static void check_block(const tolk_document *d, size_t i, tolk_block_kind kind, unsigned long paragraph,
                        const char *text)
{
	char buf[256];
	const tolk_document_block *b = tolk_document_block_at(d, i);
	ck_assert_msg(b != NULL, "no block %zu", i);
	ck_assert_msg(b->kind == kind, "block %zu is %s", i, tolk_block_kind_name(b->kind));
	ck_assert_uint_eq(b->paragraph, paragraph);
	ck_assert_str_eq(block_text(d, i, buf, sizeof buf), text);
}

/* A run's character style gives it the style's formatting (through basedOn); the run's own property wins. */
START_TEST(docx_character_styles)
{
	static const char styles[] =
	    "<?xml version=\"1.0\"?><w:styles " W_NS ">"
	    "<w:style w:type=\"character\" w:styleId=\"Nadruk\"><w:name w:val=\"Strong\"/><w:rPr><w:b/></w:rPr></w:style>"
	    "<w:style w:type=\"character\" w:styleId=\"Beide\"><w:basedOn w:val=\"Nadruk\"/><w:rPr><w:i/></w:rPr></w:style>"
	    "<w:style w:type=\"character\" w:styleId=\"Hoog\"><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>"
	    "<w:style w:type=\"character\" w:styleId=\"Lus\"><w:basedOn w:val=\"Lus\"/></w:style>"
	    "</w:styles>";
	member more[] = {{"word/styles.xml", styles, 0, false}};
	tolk_document *d = docx_read_with(
	    "<w:p><w:r><w:t xml:space=\"preserve\">Een </w:t></w:r>"
	    "<w:r><w:rPr><w:rStyle w:val=\"Nadruk\"/></w:rPr><w:t>vet</w:t></w:r>"
	    "<w:r><w:t xml:space=\"preserve\"> en </w:t></w:r>"
	    "<w:r><w:rPr><w:rStyle w:val=\"Beide\"/></w:rPr><w:t>beide</w:t></w:r>"
	    "<w:r><w:t xml:space=\"preserve\"> maar </w:t></w:r>"
	    "<w:r><w:rPr><w:rStyle w:val=\"Nadruk\"/><w:b w:val=\"0\"/></w:rPr><w:t>niet</w:t></w:r>"
	    "<w:r><w:t xml:space=\"preserve\"> en mc</w:t></w:r>"
	    "<w:r><w:rPr><w:rStyle w:val=\"Hoog\"/></w:rPr><w:t>2</w:t></w:r>"
	    "<w:r><w:rPr><w:rStyle w:val=\"Lus\"/></w:rPr><w:t>.</w:t></w:r></w:p>",
	    more, 1);
	ck_assert_str_eq(tolk_document_text(d, NULL), "Een vet en beide maar niet en mc2.");
	ck_assert_uint_eq(tolk_document_inline_count(d), 4);
	ck_assert(has_span(d, TOLK_INLINE_BOLD, 4, 3));
	ck_assert(has_span(d, TOLK_INLINE_BOLD, 11, 5));
	ck_assert(has_span(d, TOLK_INLINE_ITALIC, 11, 5));
	ck_assert(has_span(d, TOLK_INLINE_SUPERSCRIPT, 32, 1));
	tolk_document_free(d);
}
END_TEST

/* A text box (DrawingML with its VML fallback, or VML alone) is blocks of its own after its paragraph or cell. */
START_TEST(docx_text_boxes)
{
	tolk_document *d = docx_read_with(
	    "<w:p><w:r><w:t xml:space=\"preserve\">Voor het vak.</w:t></w:r><w:r><mc:AlternateContent>"
	    "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>"
	    "<w:txbxContent><w:p><w:r><w:t>In het vak.</w:t></w:r></w:p><w:p><w:r><w:t>Tweede regel.</w:t></w:r></w:p>"
	    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
	    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>In het vak.</w:t></w:r></w:p>"
	    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
	    "<w:r><w:t xml:space=\"preserve\"> Na het vak.</w:t></w:r></w:p>"
	    "<w:p><w:r><w:t>Volgende alinea.</w:t></w:r></w:p>"
	    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cel</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
	    "<w:p><w:r><w:t>Vak in cel</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
	    "<w:p><w:r><w:t>tweede</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
	    NULL, 0);
	ck_assert_str_eq(tolk_document_text(d, NULL),
	                 "Voor het vak. Na het vak.\n\nIn het vak.\n\nTweede regel.\n\nVolgende alinea.\n\nCel\ntweede\n\n"
	                 "Vak in cel");
	ck_assert_uint_eq(tolk_document_block_count(d), 6);
	check_block(d, 0, TOLK_BLOCK_PARAGRAPH, 1, "Voor het vak. Na het vak.");
	check_block(d, 1, TOLK_BLOCK_PARAGRAPH, 2, "In het vak.");
	check_block(d, 4, TOLK_BLOCK_TABLE_CELL, 5, "Cel\ntweede");
	check_block(d, 5, TOLK_BLOCK_PARAGRAPH, 7, "Vak in cel");
	tolk_document_free(d);
}
END_TEST

/*
 * Headers and footers come after the notes, once each however many sections name them, as blocks of kind
 * header and footer (a header's table cell too); a comment's text is not read, the text it marks is.
 */
START_TEST(docx_headers_footers_comments)
{
	static const char rels[] =
	    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId10\" Type=\"t/header\" Target=\"header1.xml\"/>"
	    "<Relationship Id=\"rId11\" Type=\"t/footer\" Target=\"footer1.xml\"/>"
	    "<Relationship Id=\"rId12\" Type=\"t/header\" Target=\"/word/header2.xml\"/>"
	    "<Relationship Id=\"rId13\" Type=\"t/hyperlink\" Target=\"https://example.org/\" TargetMode=\"External\"/>"
	    "<Relationship Id=\"rId14\" Type=\"t/comments\" Target=\"comments.xml\"/></Relationships>";
	static const char header1[] =
	    "<?xml version=\"1.0\"?><w:hdr " W_NS "><w:p><w:r><w:t>Ministerie van Defensie</w:t></w:r></w:p>"
	    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Kenmerk</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:hdr>";
	static const char header2[] =
	    "<?xml version=\"1.0\"?><w:hdr " W_NS "><w:p><w:r><w:t>Eerste pagina</w:t></w:r></w:p></w:hdr>";
	static const char footer1[] =
	    "<?xml version=\"1.0\"?><w:ftr " W_NS "><w:p><w:r><w:t xml:space=\"preserve\">Pagina </w:t></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>";
	static const char comments[] =
	    "<?xml version=\"1.0\"?><w:comments " W_NS "><w:comment w:id=\"0\" w:author=\"A\"><w:p><w:r>"
	    "<w:t>Dit is commentaar</w:t></w:r></w:p></w:comment></w:comments>";
	member more[] = {{"word/_rels/document.xml.rels", rels, 0, false}, {"word/header1.xml", header1, 0, false},
	                 {"word/header2.xml", header2, 0, false},         {"word/footer1.xml", footer1, 0, false},
	                 {"word/comments.xml", comments, 0, false}};
	tolk_document *d = docx_read_with(
	    "<w:p><w:pPr><w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId10\"/>"
	    "<w:footerReference w:type=\"default\" r:id=\"rId11\"/></w:sectPr></w:pPr>"
	    "<w:r><w:t xml:space=\"preserve\">Tekst met </w:t></w:r><w:commentRangeStart w:id=\"0\"/>"
	    "<w:r><w:t>aangewezen</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>"
	    "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"0\"/></w:r>"
	    "<w:r><w:t xml:space=\"preserve\"> opmerking.</w:t></w:r></w:p>"
	    "<w:p><w:r><w:t>Tweede alinea.</w:t></w:r></w:p>"
	    "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId10\"/><w:headerReference w:type=\"first\" "
	    "r:id=\"rId12\"/><w:footerReference w:type=\"default\" r:id=\"rId11\"/>"
	    "<w:headerReference w:type=\"even\" r:id=\"rId99\"/></w:sectPr>",
	    more, 5);
	ck_assert_str_eq(tolk_document_text(d, NULL), "Tekst met aangewezen opmerking.\n\nTweede alinea.\n\n"
	                                               "Ministerie van Defensie\n\nKenmerk\n\nEerste pagina\n\nPagina 1");
	ck_assert_uint_eq(tolk_document_block_count(d), 6);
	check_block(d, 1, TOLK_BLOCK_PARAGRAPH, 2, "Tweede alinea.");
	check_block(d, 2, TOLK_BLOCK_HEADER, 1, "Ministerie van Defensie");
	check_block(d, 3, TOLK_BLOCK_HEADER, 2, "Kenmerk");
	ck_assert_uint_eq(tolk_document_block_at(d, 3)->table, 1);
	ck_assert_uint_eq(tolk_document_block_at(d, 3)->column, 1);
	check_block(d, 4, TOLK_BLOCK_HEADER, 1, "Eerste pagina");
	check_block(d, 5, TOLK_BLOCK_FOOTER, 1, "Pagina 1");
	ck_assert_str_eq(tolk_block_kind_name(TOLK_BLOCK_HEADER), "header");
	ck_assert_str_eq(tolk_block_kind_name(TOLK_BLOCK_FOOTER), "footer");
	tolk_document_location loc;
	ck_assert_int_eq(tolk_document_locate(&loc, d, strlen(tolk_document_text(d, NULL)) - 1), 0);
	ck_assert_int_eq(loc.kind, TOLK_BLOCK_FOOTER);
	tolk_document_free(d);
}
END_TEST

/*
 * The TMX seg of segments: white space the segmenter collapsed and a hyphen it resolved are carried
 * over, and a span across two segments is closed and opened again (x as the header's formula says).
 */
START_TEST(seg_xml_of_segments)
{
	tolk_document *d = docx_read_with(
	    "<w:p><w:r><w:t xml:space=\"preserve\">Dit is  </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>heel</w:t>"
	    "<w:tab/><w:t>vet</w:t></w:r><w:r><w:t xml:space=\"preserve\"> en </w:t></w:r>"
	    "<w:r><w:rPr><w:i/></w:rPr><w:t>schuin-</w:t><w:br/><w:t>gedrukt</w:t></w:r><w:r><w:t xml:space=\"preserve\">"
	    " &amp; </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">vet. Nog</w:t></w:r>"
	    "<w:r><w:t xml:space=\"preserve\"> meer.</w:t></w:r></w:p>",
	    NULL, 0);
	const char *t = tolk_document_text(d, NULL);
	ck_assert_str_eq(t, "Dit is  heel\tvet en schuin-\ngedrukt & vet. Nog meer.");
	const char *second = strstr(t, "Nog");
	tolk_segment segs[2] = {{(char *)"Dit is heel vet en schuingedrukt & vet.", 0, (size_t)(second - 1 - t), 1, 0},
	                        {(char *)"Nog meer.", (size_t)(second - t), strlen(t), 1, 0}};
	char *xml = NULL;
	ck_assert_int_eq(tolk_document_seg_xml(&xml, d, segs, 1), 0);
	ck_assert_str_eq(xml, "Dit is <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>heel vet<ept i=\"1\">&lt;/b&gt;</ept>"
	                      " en <bpt i=\"2\" x=\"2\" type=\"italic\">&lt;i&gt;</bpt>schuingedrukt<ept i=\"2\">&lt;/i&gt;"
	                      "</ept> &amp; <bpt i=\"3\" x=\"7\" type=\"bold\">&lt;b&gt;</bpt>vet.<ept i=\"3\">&lt;/b&gt;"
	                      "</ept>");
	free(xml);
	ck_assert_int_eq(tolk_document_seg_xml(&xml, d, segs + 1, 1), 0);
	ck_assert_str_eq(xml, "<bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>Nog<ept i=\"1\">&lt;/b&gt;</ept> meer.");
	free(xml);
	/* both in one seg: the bold run stays one pair across the joining space */
	ck_assert_int_eq(tolk_document_seg_xml(&xml, d, segs, 2), 0);
	ck_assert(strstr(xml, "<bpt i=\"3\" x=\"7\" type=\"bold\">&lt;b&gt;</bpt>vet. Nog<ept i=\"3\">&lt;/b&gt;</ept> meer.") !=
	          NULL);
	free(xml);
	tolk_document_free(d);
	/* no span, no seg: the caller writes the text */
	d = docx_read_with("<w:p><w:r><w:t>Gewoon.</w:t></w:r></w:p>", NULL, 0);
	tolk_segment plain = {(char *)"Gewoon.", 0, 7, 1, 0};
	xml = (char *)"x";
	ck_assert_int_eq(tolk_document_seg_xml(&xml, d, &plain, 1), 0);
	ck_assert_ptr_null(xml);
	tolk_document_free(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("document");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, formats_are_found_from_the_content);
	tcase_add_test(tc, format_names);
	tcase_add_test(tc, docx_structure);
	tcase_add_test(tc, odt_structure);
	tcase_add_test(tc, letter_blocks);
	tcase_add_test(tc, locate_in_documents_and_text);
	tcase_add_test(tc, format_override);
	tcase_add_test(tc, zip_bomb_is_stopped);
	tcase_add_test(tc, too_many_members);
	tcase_add_test(tc, entities_and_dtds_are_refused);
	tcase_add_test(tc, damaged_zip_and_truncated_xml);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, docx_details);
	tcase_add_test(tc, docx_character_styles);
	tcase_add_test(tc, docx_text_boxes);
	tcase_add_test(tc, docx_headers_footers_comments);
	tcase_add_test(tc, seg_xml_of_segments);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
