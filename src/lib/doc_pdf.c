/*
 * PDF through poppler-glib: page by page text for the segmenter's layout repair.
 *
 * Each page's text is poppler's reading order (poppler_page_get_text: lines as
 * laid out, line-end hyphens kept, which the layout repair needs to decide
 * "Defensie-/visie" against "secretaris-/generaal"). Poppler's text has no
 * blank lines, so the vertical position of each line (poppler's character
 * boxes) restores them: a gap of more than 1.5 times the document's usual line
 * pitch, or a jump back up the page (a new column), starts a new block. Each
 * block is TOLK_BLOCK_PAGE with its page and first line on the page; the first
 * block of every page after the first starts with a form feed, the page-break
 * mark the layout repair knows from pdftotext.
 *
 * Running headers and footers (the paper's name, "Pagina 3 van 6", a bare page
 * number) are not text to translate: a page's first or last line whose text,
 * digits aside, is the first or last line of at least two pages and a third of
 * them is left out; so is the line inside it when it is the same text on as
 * many pages (a header of two lines). Line numbers still count it, as a
 * reader of the page would.
 *
 * Poppler reports syntax errors through GLib's log (domain "Poppler"): they
 * are caught here, never printed, and any error while reading a page's text
 * makes the document damaged, since a page with a hole in it would be
 * translated without anyone noticing. A document that needs a password is
 * refused; one with only an owner password (restrictions on printing and so
 * on) is read.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

#include "doc_private.h"

/* ---- poppler's messages -------------------------------------------------------------------- */

typedef struct pdf_log {
	unsigned errors;
	char first[200];
} pdf_log;

static _Thread_local pdf_log *pdf_log_current;

static void pdf_log_handler(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)data;
	pdf_log *log = pdf_log_current;
	if (!log) {
		/* not inside tolk's reading: somebody else's poppler, their messages */
		g_log_default_handler(domain, level, message, NULL);
		return;
	}
	if (!message)
		return;
	if (strncmp(message, "Syntax error", 12) == 0 || strncmp(message, "IO error", 8) == 0 ||
	    strncmp(message, "Internal error", 14) == 0) {
		if (log->errors++ == 0)
			snprintf(log->first, sizeof log->first, "%s", message);
	}
}

static pthread_once_t pdf_log_once = PTHREAD_ONCE_INIT;

static void pdf_log_install(void)
{
	g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, pdf_log_handler, NULL);
}

/* ---- lines ---------------------------------------------------------------------------------- */

typedef struct pdf_line {
	size_t off, len;      /* in the page texts buffer */
	double top;           /* smallest y of its characters (points from the top of the page) */
	double height;        /* tallest character box */
	unsigned page;        /* 0-based */
	unsigned number;      /* 1-based line on its page */
	bool drop;            /* a running header or footer */
} pdf_line;

typedef struct pdf_reader {
	tolk_buf texts;
	pdf_line *lines;
	size_t nlines, lines_cap;
	size_t *page_first;   /* index of each page's first line; npages + 1 entries */
	unsigned npages;
} pdf_reader;

static int add_page_lines(pdf_reader *r, unsigned page, const char *text, const PopplerRectangle *rect, guint nrect)
{
	size_t base = r->texts.len;
	int rc = tolk_buf_puts(&r->texts, text);
	if (rc < 0)
		return rc;
	const char *s = text, *line = text;
	guint k = 0;
	unsigned number = 0;
	double top = INFINITY, height = 0;
	for (;;) {
		if (*s == '\n' || *s == '\0') {
			size_t len = (size_t)(s - line);
			while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
				len--;
			if (len > 0) {
				if ((rc = tolk_array_grow((void **)&r->lines, &r->lines_cap, r->nlines + 1, sizeof *r->lines)) < 0)
					return rc;
				number++;
				/* a line without boxes (poppler gave none): as if set at 12 points */
				r->lines[r->nlines++] = (pdf_line){base + (size_t)(line - text), len,
				                                   isfinite(top) ? top : (double)number * 12.0, height, page,
				                                   number, false};
			}
			if (*s == '\0')
				break;
			line = s + 1;
			top = INFINITY;
			height = 0;
		} else if (rect && k < nrect && *s != ' ' && *s != '\t') {
			if (rect[k].y1 < top)
				top = rect[k].y1;
			if (rect[k].y2 - rect[k].y1 > height)
				height = rect[k].y2 - rect[k].y1;
		}
		s = g_utf8_next_char(s);
		k++;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return v[n / 2];
}

/*
 * The usual distance between the tops of two lines of a paragraph: the median of all gaps; but
 * where that is more than 2.5 times the usual line height, every gap seen is a paragraph's (a
 * short document of one-line paragraphs), and 1.2 times the height, a common leading, stands in.
 */
static double line_pitch(const pdf_reader *r)
{
	double *v = malloc((r->nlines + 1) * sizeof *v);
	size_t n = 0;
	if (!v)
		return 0; /* no gaps found: one block per page, still readable */
	for (size_t i = 0; i < r->nlines; i++)
		if (r->lines[i].height > 0)
			v[n++] = r->lines[i].height;
	double height = median(v, n);
	n = 0;
	for (size_t i = 1; i < r->nlines; i++)
		if (r->lines[i].page == r->lines[i - 1].page && r->lines[i].top > r->lines[i - 1].top)
			v[n++] = r->lines[i].top - r->lines[i - 1].top;
	double pitch = median(v, n);
	free(v);
	if (height > 0 && pitch > 2.5 * height)
		pitch = 1.2 * height;
	return pitch;
}

/*
 * A line's text with white space runs one space, for comparing running lines; with digits (every run
 * one '#') for the outermost line, where page numbers are.
 */
static char *running_key(const char *s, size_t len, bool digits)
{
	char *k = malloc(len + 1);
	if (!k)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (digits && c >= '0' && c <= '9')
			c = '#';
		else if (c == ' ' || c == '\t')
			c = ' ';
		if (n > 0 && (c == '#' || c == ' ') && k[n - 1] == c)
			continue;
		k[n++] = c;
	}
	k[n] = '\0';
	return k;
}

enum { RUNNING_DEPTH = 2 };

/* Line `depth` from the top (end 0) or bottom (end 1) of page p, or SIZE_MAX. */
static size_t edge_line(const pdf_reader *r, unsigned p, int end, unsigned depth)
{
	size_t a = r->page_first[p], b = r->page_first[p + 1];
	if (b - a <= depth)
		return SIZE_MAX;
	return end == 0 ? a + depth : b - 1 - depth;
}

typedef struct running_key_at {
	char *key;
	size_t line;
} running_key_at;

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const running_key_at *)a)->key, ((const running_key_at *)b)->key);
}

/* Sorted, so that a document of many pages costs n log n, not n squared. */
static int mark_running(pdf_reader *r)
{
	if (r->npages < 2)
		return 0;
	running_key_at *keys = calloc(r->npages, sizeof *keys);
	if (!keys)
		return tolk_error_oom();
	int rc = 0;
	for (int end = 0; end < 2; end++) {
		for (unsigned depth = 0; depth < RUNNING_DEPTH; depth++) {
			size_t n = 0;
			for (unsigned p = 0; p < r->npages; p++) {
				size_t i = edge_line(r, p, end, depth);
				/* deeper lines only where every line above them (or below) went */
				if (i == SIZE_MAX || (depth > 0 && !r->lines[edge_line(r, p, end, depth - 1)].drop))
					continue;
				if (!(keys[n].key = running_key(r->texts.ptr + r->lines[i].off, r->lines[i].len, depth == 0))) {
					rc = tolk_error_oom();
					goto free_keys;
				}
				keys[n++].line = i;
			}
			qsort(keys, n, sizeof *keys, cmp_key);
			for (size_t a = 0, b; a < n; a = b) {
				for (b = a + 1; b < n && strcmp(keys[a].key, keys[b].key) == 0; b++)
					;
				if (b - a >= 2 && (b - a) * 3 >= n)
					for (size_t k = a; k < b; k++)
						r->lines[keys[k].line].drop = true;
			}
		free_keys:
			for (size_t k = 0; k < n; k++)
				free(keys[k].key);
			if (rc < 0)
				break;
		}
		if (rc < 0)
			break;
	}
	free(keys);
	return rc;
}

/* ---- the document ----------------------------------------------------------------------------- */

static int emit(tolk_document *doc, const pdf_reader *r)
{
	double pitch = line_pitch(r);
	doc->keep_indent = true; /* the form feed at a page's start is the page break */
	bool any = false;
	int rc = 0;
	for (unsigned p = 0; p < r->npages; p++) {
		bool page_open = false;
		double prev_top = 0;
		for (size_t i = r->page_first[p]; i < r->page_first[p + 1]; i++) {
			const pdf_line *ln = &r->lines[i];
			if (ln->drop)
				continue;
			bool gap = page_open && (ln->top <= prev_top - 1.0 || (pitch > 0 && ln->top - prev_top > 1.5 * pitch));
			if (!page_open || gap) {
				const tolk_document_block proto = {.kind = TOLK_BLOCK_PAGE, .page = p + 1, .line = ln->number};
				if ((rc = doc_block_begin(doc, &proto)) < 0)
					return rc;
				if (!page_open && any && (rc = doc_put(doc, "\f", 1)) < 0)
					return rc;
				page_open = true;
			}
			if ((rc = doc_put(doc, r->texts.ptr + ln->off, ln->len)) < 0 || (rc = doc_put(doc, "\n", 1)) < 0)
				return rc;
			prev_top = ln->top;
			any = true;
		}
	}
	return doc_block_end(doc);
}

int doc_read_pdf(tolk_document *doc, const char *data, size_t len, const doc_limits *lim)
{
	(void)lim; /* the input size is checked before; poppler reads the PDF in place */
	const char *name = doc->name ? doc->name : "-";
	pthread_once(&pdf_log_once, pdf_log_install);
	pdf_log log = {0};
	pdf_log_current = &log;

	pdf_reader r = {TOLK_BUF_INIT, NULL, 0, 0, NULL, 0};
	PopplerDocument *pdf = NULL;
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *err = NULL;
	int rc = 0;

	pdf = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (!pdf) {
		if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
			rc = tolk_error_set_at(TOLK_EINVALID, name, 0, 0, "%s",
			                       _("the PDF is encrypted and needs a password to open; tolk cannot read it"));
		else
			rc = tolk_error_set_at(TOLK_EINVALID, name, 0, 0, "%s",
			                       _("not a readable PDF: the file is damaged or truncated"));
		goto done;
	}
	/* what poppler repaired while opening (a broken cross-reference table) is not a hole in the text */
	log.errors = 0;
	int n = poppler_document_get_n_pages(pdf);
	r.npages = n > 0 ? (unsigned)n : 0;
	if (!(r.page_first = calloc((size_t)r.npages + 1, sizeof *r.page_first))) {
		rc = tolk_error_oom();
		goto done;
	}
	for (unsigned p = 0; p < r.npages; p++) {
		r.page_first[p] = r.nlines;
		PopplerPage *page = poppler_document_get_page(pdf, (int)p);
		if (!page) {
			rc = tolk_error_set_at(TOLK_EINVALID, name, 0, 0, _("damaged PDF: page %u cannot be read"), p + 1);
			goto done;
		}
		char *text = poppler_page_get_text(page);
		PopplerRectangle *rect = NULL;
		guint nrect = 0;
		/* the boxes come from the text page poppler just made for the text (cached on the page) */
		if (text && !poppler_page_get_text_layout(page, &rect, &nrect))
			rect = NULL, nrect = 0;
		if (log.errors == 0 && text)
			rc = add_page_lines(&r, p, text, rect, nrect);
		g_free(text);
		g_free(rect);
		g_object_unref(page);
		if (rc < 0)
			goto done;
		if (log.errors > 0) {
			rc = tolk_error_set_at(TOLK_EINVALID, name, 0, 0, _("damaged PDF: page %u: %s"), p + 1, log.first);
			goto done;
		}
	}
	r.page_first[r.npages] = r.nlines;
	if ((rc = mark_running(&r)) < 0)
		goto done;
	rc = emit(doc, &r);
done:
	pdf_log_current = NULL;
	if (err)
		g_error_free(err);
	if (pdf)
		g_object_unref(pdf);
	g_bytes_unref(bytes);
	tolk_buf_free(&r.texts);
	free(r.lines);
	free(r.page_first);
	return rc;
}
