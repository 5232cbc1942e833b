/* Documents: the builder the readers share, format detection, dispatch and locate (tolk/document.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc_private.h"

/* ---- names ------------------------------------------------------------------------------ */
static const char *const format_names[] = {"auto", "text", "pdf", "docx", "odt", "html"};

const char *tolk_document_format_name(tolk_document_format format)
{
	if ((unsigned)format >= sizeof format_names / sizeof *format_names)
		return NULL;
	return format_names[format];
}

int tolk_document_format_from_name(tolk_document_format *out, const char *name)
{
	static const struct {
		const char *name;
		tolk_document_format format;
	} aliases[] = {{"txt", TOLK_DOCUMENT_TEXT}, {"htm", TOLK_DOCUMENT_HTML}, {"xhtml", TOLK_DOCUMENT_HTML}};
	if (!out || !name)
		return tolk_error_set(TOLK_EINVALID, "%s", _("no document format given"));
	for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
		if (strcasecmp(name, format_names[i]) == 0) {
			*out = (tolk_document_format)i;
			return 0;
		}
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcasecmp(name, aliases[i].name) == 0) {
			*out = aliases[i].format;
			return 0;
		}
	return tolk_error_set(TOLK_EINVALID, _("unknown document format '%s' (expected auto, text, pdf, docx, odt or html)"),
	                      name);
}

const char *tolk_block_kind_name(tolk_block_kind kind)
{
	static const char *const names[] = {"paragraph", "heading", "list-item", "table-cell",
	                                    "footnote",  "endnote", "page",      "header",   "footer"};
	if ((unsigned)kind >= sizeof names / sizeof *names)
		return NULL;
	return names[kind];
}

const char *tolk_inline_kind_name(tolk_inline_kind kind)
{
	static const char *const names[] = {"bold", "italic", "underline", "superscript", "subscript", "link", "note-ref"};
	if ((unsigned)kind >= sizeof names / sizeof *names)
		return NULL;
	return names[kind];
}

/* ---- options ---------------------------------------------------------------------------- */
int tolk_document_options_init(tolk_document_options *opts, unsigned int version)
{
	if (!opts)
		return tolk_error_set(TOLK_EINVALID, "%s", _("no options to fill"));
	if (version != TOLK_DOCUMENT_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("document options version %u is not known (this library has %u)"),
		                      version, (unsigned)TOLK_DOCUMENT_OPTIONS_VERSION);
	const tolk_document_options init = TOLK_DOCUMENT_OPTIONS_INIT;
	*opts = init;
	return 0;
}

void doc_limits_from(doc_limits *out, const tolk_document_options *opts)
{
	out->max_input_bytes = opts && opts->max_input_bytes ? opts->max_input_bytes : (uint64_t)1 << 30;
	out->max_zip_entries = opts && opts->max_zip_entries ? opts->max_zip_entries : 10000;
	out->max_uncompressed_bytes =
		opts && opts->max_uncompressed_bytes ? opts->max_uncompressed_bytes : (uint64_t)1 << 30;
	out->max_ratio = opts && opts->max_ratio ? opts->max_ratio : 200;
}

/* ---- detection ---------------------------------------------------------------------------- */
static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);
	return n >= s && strcasecmp(name + n - s, suffix) == 0;
}

/* "<!doctype html", "<html", or an XHTML root after an XML declaration and comments, within the first 1 KB. */
static bool looks_html(const char *data, size_t len)
{
	size_t i = 0, end = len < 1024 ? len : 1024;
	if (end >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < end) {
		while (i < end && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
			i++;
		if (i >= end || data[i] != '<')
			return false;
		const char *p = data + i;
		size_t left = end - i;
		if ((left >= 14 && strncasecmp(p, "<!doctype html", 14) == 0) || (left >= 5 && strncasecmp(p, "<html", 5) == 0))
			return true;
		/* skip an XML declaration, a comment or another doctype and look again */
		const char *close = memchr(p, '>', left);
		if (!close || !(p[1] == '?' || p[1] == '!'))
			return false;
		i = (size_t)(close - data) + 1;
	}
	return false;
}

tolk_document_format tolk_document_detect(const char *data, size_t len, const char *name_hint)
{
	if (!data)
		return TOLK_DOCUMENT_TEXT;
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return TOLK_DOCUMENT_PDF;
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		tolk_document_format f = doc_zip_detect(data, len);
		if (f != TOLK_DOCUMENT_AUTO)
			return f;
	}
	if (looks_html(data, len))
		return TOLK_DOCUMENT_HTML;
	if (name_hint && (has_suffix(name_hint, ".html") || has_suffix(name_hint, ".htm") ||
	                  has_suffix(name_hint, ".xhtml")) &&
	    len > 0 && memchr(data, '<', len < 4096 ? len : 4096))
		return TOLK_DOCUMENT_HTML;
	return TOLK_DOCUMENT_TEXT;
}

/* ---- the builder ---------------------------------------------------------------------------- */
tolk_document *doc_new(tolk_document_format format, const char *name)
{
	tolk_document *doc = tolk_calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	doc->format = format;
	if (name && !(doc->name = tolk_strdup(name))) {
		free(doc);
		return NULL;
	}
	return doc;
}

void tolk_document_free(tolk_document *doc)
{
	if (!doc)
		return;
	free(doc->name);
	tolk_buf_free(&doc->text);
	free(doc->blocks);
	free(doc->inlines);
	for (size_t i = 0; i < doc->nmarks; i++)
		free(doc->marks[i]);
	free(doc->marks);
	free(doc);
}

size_t doc_pos(const tolk_document *doc)
{
	return doc->text.len;
}

int doc_block_begin(tolk_document *doc, const tolk_document_block *proto)
{
	int rc;
	if (doc->in_block && (rc = doc_block_end(doc)) < 0)
		return rc;
	if ((rc = tolk_array_grow((void **)&doc->blocks, &doc->blocks_cap, doc->nblocks + 1, sizeof *doc->blocks)) < 0)
		return rc;
	doc->sep_start = doc->text.len;
	if (doc->nblocks > 0 && (rc = tolk_buf_put(&doc->text, "\n\n", 2)) < 0)
		return rc;
	tolk_document_block *b = &doc->blocks[doc->nblocks];
	*b = *proto;
	b->offset = doc->text.len;
	b->length = 0;
	b->note_mark = NULL;
	doc->in_block = true;
	doc->eat_blanks = false;
	doc->inline_mark = doc->ninlines;
	return 0;
}

int doc_block_set_mark(tolk_document *doc, const char *mark)
{
	if (!doc->in_block)
		return 0;
	int rc = tolk_array_grow((void **)&doc->marks, &doc->marks_cap, doc->nmarks + 1, sizeof *doc->marks);
	if (rc < 0)
		return rc;
	char *m = tolk_strdup(mark);
	if (!m)
		return TOLK_ENOMEM;
	doc->marks[doc->nmarks++] = m;
	doc->blocks[doc->nblocks].note_mark = m;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int doc_put(tolk_document *doc, const char *s, size_t len)
{
	if (!doc->in_block) {
		const tolk_document_block para = {0};
		int rc = doc_block_begin(doc, &para);
		if (rc < 0)
			return rc;
	}
	size_t start = doc->blocks[doc->nblocks].offset;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\r')
			continue;
		size_t n = doc->text.len;
		bool line_start = n == start || doc->text.ptr[n - 1] == '\n';
		if (c == '\n') {
			/* trailing blanks of the line go, and a line break never makes an empty line */
			while (n > start && is_blank(doc->text.ptr[n - 1]))
				n--;
			doc->text.len = n;
			if (n == start || doc->text.ptr[n - 1] == '\n')
				continue;
		} else if ((line_start && !doc->keep_indent && (is_blank(c) || c == '\f')) || (doc->eat_blanks && is_blank(c))) {
			continue;
		}
		doc->eat_blanks = false;
		int rc = tolk_buf_putc(&doc->text, c);
		if (rc < 0)
			return rc;
	}
	if (doc->text.ptr)
		doc->text.ptr[doc->text.len] = '\0';
	return 0;
}

int doc_puts(tolk_document *doc, const char *s)
{
	return doc_put(doc, s, strlen(s));
}

int doc_inline_add(tolk_document *doc, tolk_inline_kind kind, size_t offset, size_t length)
{
	if (length == 0)
		return 0;
	int rc = tolk_array_grow((void **)&doc->inlines, &doc->inlines_cap, doc->ninlines + 1, sizeof *doc->inlines);
	if (rc < 0)
		return rc;
	doc->inlines[doc->ninlines++] = (tolk_document_inline){kind, offset, length};
	return 0;
}

int doc_block_end(tolk_document *doc)
{
	if (!doc->in_block)
		return 0;
	tolk_document_block *b = &doc->blocks[doc->nblocks];
	size_t n = doc->text.len;
	while (n > b->offset && (is_blank(doc->text.ptr[n - 1]) || doc->text.ptr[n - 1] == '\n'))
		n--;
	doc->in_block = false;
	if (n == b->offset) {
		/* an empty block leaves no trace: not its separator, not its spans */
		doc->text.len = doc->sep_start;
		if (doc->text.ptr)
			doc->text.ptr[doc->text.len] = '\0';
		doc->ninlines = doc->inline_mark;
		if (b->note_mark && doc->nmarks > 0 && doc->marks[doc->nmarks - 1] == b->note_mark)
			free(doc->marks[--doc->nmarks]);
		return 0;
	}
	doc->text.len = n;
	doc->text.ptr[n] = '\0';
	b->length = n - b->offset;
	/* spans are clipped to the text the block kept */
	for (size_t i = doc->inline_mark; i < doc->ninlines; i++) {
		tolk_document_inline *in = &doc->inlines[i];
		if (in->offset >= n)
			in->length = 0;
		else if (in->offset + in->length > n)
			in->length = n - in->offset;
	}
	size_t keep = doc->inline_mark;
	for (size_t i = doc->inline_mark; i < doc->ninlines; i++)
		if (doc->inlines[i].length > 0)
			doc->inlines[keep++] = doc->inlines[i];
	doc->ninlines = keep;
	doc->nblocks++;
	return 0;
}

int doc_note_block(tolk_document *doc, bool endnote, const char *mark, doc_note_content_fn content, void *reader,
                   const struct _xmlNode *body)
{
	tolk_document_block b = {0};
	b.kind = endnote ? TOLK_BLOCK_ENDNOTE : TOLK_BLOCK_FOOTNOTE;
	b.paragraph = 1;
	int rc;
	if ((rc = doc_block_begin(doc, &b)) < 0 || (rc = doc_block_set_mark(doc, mark)) < 0)
		return rc;
	size_t start = doc_pos(doc);
	if ((rc = doc_puts(doc, mark)) < 0 || (rc = doc_put(doc, " ", 1)) < 0)
		return rc;
	size_t text = doc_pos(doc);
	doc->eat_blanks = true;
	if ((rc = content(reader, body, &b)) < 0)
		return rc;
	if (doc_pos(doc) == text)
		doc->text.len = start;
	return doc_block_end(doc);
}

static int inline_cmp(const void *a, const void *b)
{
	const tolk_document_inline *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->length != y->length)
		return x->length > y->length ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

int doc_finish(tolk_document *doc)
{
	int rc = doc_block_end(doc);
	if (rc < 0)
		return rc;
	if (!doc->text.ptr && (rc = tolk_buf_put(&doc->text, "", 0)) < 0)
		return rc;
	if (!doc->text.ptr) {
		doc->text.ptr = tolk_strdup("");
		if (!doc->text.ptr)
			return TOLK_ENOMEM;
	}
	if (doc->ninlines > 1)
		qsort(doc->inlines, doc->ninlines, sizeof *doc->inlines, inline_cmp);
	for (size_t i = 0; i < doc->ninlines; i++)
		if (doc->inlines[i].length > doc->inline_max)
			doc->inline_max = doc->inlines[i].length;
	return tolk_text_check_utf8(doc->name ? doc->name : "-", doc->text.ptr, doc->text.len);
}

/* ---- reading ------------------------------------------------------------------------------------ */
static int read_text(tolk_document *doc, char *data, size_t len, const tolk_document_options *opts)
{
	size_t bom;
	int rc = tolk_text_decode(&data, &len, &bom, doc->name ? doc->name : "-", opts ? opts->encoding : NULL);
	if (rc < 0) {
		free(data);
		return rc;
	}
	if (bom) {
		memmove(data, data + bom, len - bom + 1);
		len -= bom;
	}
	doc->bom = bom;
	doc->text.ptr = data;
	doc->text.len = len;
	doc->text.cap = len + 1;
	return 0;
}

/* data: malloc'ed, NUL-terminated; taken over in every case. */
static int read_owned(tolk_document **out, char *data, size_t len, const char *name, const tolk_document_options *opts)
{
	*out = NULL;
	const char *shown = name ? name : "-";
	if (opts && opts->version != TOLK_DOCUMENT_OPTIONS_VERSION && opts->version != 0) {
		free(data);
		return tolk_error_set(TOLK_EINVALID, _("document options version %u is not known (this library has %u)"),
		                      opts->version, (unsigned)TOLK_DOCUMENT_OPTIONS_VERSION);
	}
	doc_limits lim;
	doc_limits_from(&lim, opts);
	tolk_document_format format = opts ? opts->format : TOLK_DOCUMENT_AUTO;
	if ((unsigned)format > TOLK_DOCUMENT_HTML) {
		free(data);
		return tolk_error_set(TOLK_EINVALID, "%s", _("unknown document format"));
	}
	if (format == TOLK_DOCUMENT_AUTO)
		format = tolk_document_detect(data, len, name);
	/* plain text has no limit of its own, as before documents were read */
	if (format != TOLK_DOCUMENT_TEXT && len > lim.max_input_bytes) {
		free(data);
		return tolk_error_set_at(TOLK_EINVALID, shown, 0, 0, _("document is larger than the limit of %llu bytes"),
		                         (unsigned long long)lim.max_input_bytes);
	}
	tolk_document *doc = doc_new(format, shown);
	if (!doc) {
		free(data);
		return TOLK_ENOMEM;
	}
	int rc;
	switch (format) {
	case TOLK_DOCUMENT_TEXT:
		rc = read_text(doc, data, len, opts);
		data = NULL;
		break;
	case TOLK_DOCUMENT_DOCX:
		rc = doc_read_docx(doc, data, len, &lim);
		break;
	case TOLK_DOCUMENT_ODT:
		rc = doc_read_odt(doc, data, len, &lim);
		break;
	case TOLK_DOCUMENT_PDF:
		rc = doc_read_pdf(doc, data, len, &lim);
		break;
	default:
		rc = doc_read_html(doc, data, len, &lim);
		break;
	}
	free(data);
	if (rc == 0 && format != TOLK_DOCUMENT_TEXT)
		rc = doc_finish(doc);
	if (rc < 0) {
		tolk_document_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

int tolk_document_read(tolk_document **out, const char *path, const tolk_document_options *opts)
{
	if (!out || !path)
		return tolk_error_set(TOLK_EINVALID, "%s", _("no document to read"));
	*out = NULL;
	char *data;
	size_t len;
	int rc = tolk_file_read_raw(&data, &len, path);
	if (rc < 0)
		return rc;
	return read_owned(out, data, len, path, opts);
}

int tolk_document_read_buffer(tolk_document **out, const char *data, size_t len, const char *name,
                              const tolk_document_options *opts)
{
	if (!out || (!data && len))
		return tolk_error_set(TOLK_EINVALID, "%s", _("no document to read"));
	*out = NULL;
	char *copy = tolk_malloc(len + 1);
	if (!copy)
		return TOLK_ENOMEM;
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	return read_owned(out, copy, len, name, opts);
}

/* ---- access ----------------------------------------------------------------------------------- */
tolk_document_format tolk_document_format_of(const tolk_document *doc)
{
	return doc ? doc->format : TOLK_DOCUMENT_AUTO;
}

const char *tolk_document_text(const tolk_document *doc, size_t *len)
{
	if (len)
		*len = doc ? doc->text.len : 0;
	return doc && doc->text.ptr ? doc->text.ptr : "";
}

size_t tolk_document_block_count(const tolk_document *doc)
{
	return doc ? doc->nblocks : 0;
}

const tolk_document_block *tolk_document_block_at(const tolk_document *doc, size_t i)
{
	return doc && i < doc->nblocks ? &doc->blocks[i] : NULL;
}

size_t tolk_document_inline_count(const tolk_document *doc)
{
	return doc ? doc->ninlines : 0;
}

const tolk_document_inline *tolk_document_inline_at(const tolk_document *doc, size_t i)
{
	return doc && i < doc->ninlines ? &doc->inlines[i] : NULL;
}

int tolk_document_locate(tolk_document_location *out, const tolk_document *doc, size_t offset)
{
	if (!out || !doc)
		return tolk_error_set(TOLK_EINVALID, "%s", _("no document to locate in"));
	if (offset > doc->text.len)
		return tolk_error_set(TOLK_EINVALID, _("offset %zu is past the end of the document (%zu bytes)"), offset,
		                      doc->text.len);
	memset(out, 0, sizeof *out);
	out->format = doc->format;
	out->block = SIZE_MAX;
	const char *text = doc->text.ptr ? doc->text.ptr : "";
	if (doc->nblocks == 0) {
		if (doc->format == TOLK_DOCUMENT_TEXT)
			out->source_byte = doc->bom + offset;
		tolk_text_position(&out->line, &out->column, text, doc->text.len, offset);
		return 0;
	}
	/* the last block starting at or before offset (a separator belongs to the block before it) */
	size_t lo = 0, hi = doc->nblocks;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->blocks[mid].offset <= offset)
			lo = mid;
		else
			hi = mid;
	}
	const tolk_document_block *b = &doc->blocks[lo];
	out->block = lo;
	out->kind = b->kind;
	out->paragraph = b->paragraph;
	out->page = b->page;
	out->table = b->table;
	out->row = b->row;
	out->column_in_table = b->column;
	out->note_mark = b->note_mark;
	size_t at = offset < b->offset ? b->offset : offset;
	if (at > b->offset + b->length)
		at = b->offset + b->length;
	tolk_text_position(&out->line, &out->column, text + b->offset, b->length, at - b->offset);
	if (b->line > 0) /* PDF: a line on the page, not in the block */
		out->line += b->line - 1;
	return 0;
}
