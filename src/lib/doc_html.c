/*
 * HTML and XHTML through libxml2's HTML parser, as a stream of SAX events.
 *
 * Why SAX and not htmlReadMemory's tree: libxml2's tree costs several times
 * the file in memory (a node per element and per text run), and an HTML file
 * of 100 MB is a legitimate input (a whole parliamentary year). The push
 * parser fed in 64 KB chunks keeps memory at the text tolk keeps anyway plus
 * one block, and time linear in the input.
 *
 * What a browser shows, as blocks: p, div, h1-h6 (headings, level 1-6), li
 * (list items, level = nesting of ul/ol), td/th (table cells, numbered by
 * table, row and column), blockquote, pre, dt/dd, caption and the sectioning
 * elements each end the text before them and start a block; <br> is a line
 * break inside one. White space is collapsed as a browser does (a run of
 * spaces, tabs and line ends is one space, none at a block's start or end;
 * no-break spaces stay), except in <pre>. script, style, noscript, template
 * and everything in <head> are ignored; entities are decoded by the parser.
 *
 * Footnotes: a link to "#id" whose text is a short mark ("1", "*") is a note
 * reference (an inline span); the block holding the element with that id, or
 * a block whose class names a footnote ("footnote", "voetnoot", as
 * officielebekendmakingen.nl writes them), is a footnote. Footnotes go after
 * the body, each starting with its mark, as the layout repair expects.
 * Inline b/strong, i/em, u, sup, sub and a[href] become inline spans.
 *
 * Paragraph numbers count blocks in source order, the body's and the notes'
 * separately; tolk_document_locate reports them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>

#include "doc_private.h"

enum { CHUNK = 64 * 1024, MAX_DEPTH = 256, MAX_MARK = 8 };

typedef struct html_span {
	tolk_inline_kind kind;
	size_t start, len;
} html_span;

/* A block kept aside until the body is done (footnotes). */
typedef struct html_note {
	char *text;
	size_t len;
	char mark[MAX_MARK + 1];
	html_span *spans;
	size_t nspans;
} html_note;

typedef struct html_ctx_block {
	tolk_block_kind kind;
	unsigned level;
	unsigned long table, row, column;
	bool note;
	char mark[MAX_MARK + 1];
} html_ctx_block;

typedef struct html_table {
	unsigned long number, row, next_column;
} html_table;

typedef struct html_open_inline {
	tolk_inline_kind kind;
	size_t start;
	bool active;              /* a span is being made (not for an <a> without href) */
	bool note_ref;            /* an <a href="#..."> whose text may turn out to be a mark */
	char target[64];
} html_open_inline;

typedef struct html_ref {
	char *id;
	char mark[MAX_MARK + 1];
} html_ref;

typedef struct html_reader {
	tolk_document *doc;
	int rc;
	unsigned skip;            /* depth inside ignored elements */
	unsigned pre;             /* depth inside <pre> */
	unsigned lists;           /* open ul/ol */
	/* the block being gathered */
	tolk_buf text;
	bool space;               /* a collapsed space waits for the next visible character */
	html_span *spans;
	size_t nspans, spans_cap;
	/* open block-level elements */
	html_ctx_block blocks[MAX_DEPTH];
	unsigned nblocks, deep;   /* deep: block elements past MAX_DEPTH, not kept */
	html_table tables[MAX_DEPTH];
	unsigned ntables, tables_deep;
	unsigned long table_count;
	html_open_inline inl[MAX_DEPTH];
	unsigned ninl, inl_deep;
	unsigned long paragraph, note_paragraph;
	html_ref *refs;
	size_t nrefs, refs_cap;
	html_note *notes;
	size_t nnotes, notes_cap;
} html_reader;

/* ---- elements ---------------------------------------------------------------------------------- */

/* What tolk does with an element; looked up once per tag in a sorted table (a big page has millions). */
enum { EL_IGNORE = 1, EL_BLOCK = 2, EL_LIST = 4, EL_PRE = 8, EL_INLINE = 16, EL_BR = 32 };

typedef struct html_element {
	const char *name;
	unsigned flags;
	tolk_inline_kind inl;
} html_element;

static const html_element elements[] = {
	{"a", EL_INLINE, TOLK_INLINE_LINK},   {"address", EL_BLOCK, 0},     {"article", EL_BLOCK, 0},
	{"aside", EL_BLOCK, 0},               {"b", EL_INLINE, TOLK_INLINE_BOLD}, {"blockquote", EL_BLOCK, 0},
	{"body", EL_BLOCK, 0},                {"br", EL_BR, 0},             {"caption", EL_BLOCK, 0},
	{"center", EL_BLOCK, 0},              {"dd", EL_BLOCK, 0},          {"details", EL_BLOCK, 0},
	{"dialog", EL_BLOCK, 0},              {"dir", EL_BLOCK | EL_LIST, 0}, {"div", EL_BLOCK, 0},
	{"dl", EL_BLOCK, 0},                  {"dt", EL_BLOCK, 0},          {"em", EL_INLINE, TOLK_INLINE_ITALIC},
	{"fieldset", EL_BLOCK, 0},            {"figcaption", EL_BLOCK, 0},  {"figure", EL_BLOCK, 0},
	{"footer", EL_BLOCK, 0},              {"form", EL_BLOCK, 0},        {"h1", EL_BLOCK, 0},
	{"h2", EL_BLOCK, 0},                  {"h3", EL_BLOCK, 0},          {"h4", EL_BLOCK, 0},
	{"h5", EL_BLOCK, 0},                  {"h6", EL_BLOCK, 0},          {"head", EL_IGNORE, 0},
	{"header", EL_BLOCK, 0},              {"hr", EL_BLOCK, 0},          {"html", EL_BLOCK, 0},
	{"i", EL_INLINE, TOLK_INLINE_ITALIC}, {"iframe", EL_IGNORE, 0},     {"ins", EL_INLINE, TOLK_INLINE_UNDERLINE},
	{"legend", EL_BLOCK, 0},              {"li", EL_BLOCK, 0},          {"listing", EL_BLOCK | EL_PRE, 0},
	{"main", EL_BLOCK, 0},                {"math", EL_IGNORE, 0},       {"menu", EL_BLOCK | EL_LIST, 0},
	{"nav", EL_BLOCK, 0},                 {"noscript", EL_IGNORE, 0},   {"object", EL_IGNORE, 0},
	{"ol", EL_BLOCK | EL_LIST, 0},        {"p", EL_BLOCK, 0},           {"plaintext", EL_BLOCK | EL_PRE, 0},
	{"pre", EL_BLOCK | EL_PRE, 0},        {"script", EL_IGNORE, 0},     {"section", EL_BLOCK, 0},
	{"select", EL_IGNORE, 0},             {"strong", EL_INLINE, TOLK_INLINE_BOLD}, {"style", EL_IGNORE, 0},
	{"sub", EL_INLINE, TOLK_INLINE_SUBSCRIPT}, {"summary", EL_BLOCK, 0}, {"sup", EL_INLINE, TOLK_INLINE_SUPERSCRIPT},
	{"svg", EL_IGNORE, 0},                {"table", EL_BLOCK, 0},       {"tbody", EL_BLOCK, 0},
	{"td", EL_BLOCK, 0},                  {"template", EL_IGNORE, 0},   {"textarea", EL_IGNORE, 0},
	{"tfoot", EL_BLOCK, 0},               {"th", EL_BLOCK, 0},          {"thead", EL_BLOCK, 0},
	{"title", EL_IGNORE, 0},              {"tr", EL_BLOCK, 0},          {"u", EL_INLINE, TOLK_INLINE_UNDERLINE},
	{"ul", EL_BLOCK | EL_LIST, 0},        {"xmp", EL_BLOCK | EL_PRE, 0},
};

static int element_cmp(const void *key, const void *el)
{
	return strcasecmp(key, ((const html_element *)el)->name);
}

static const html_element *element(const char *name)
{
	return bsearch(name, elements, sizeof elements / sizeof *elements, sizeof *elements, element_cmp);
}

static const char *attr(const xmlChar **atts, const char *name)
{
	for (size_t i = 0; atts && atts[i]; i += 2)
		if (strcasecmp((const char *)atts[i], name) == 0)
			return atts[i + 1] ? (const char *)atts[i + 1] : "";
	return NULL;
}

static bool class_is_note(const char *cls)
{
	if (!cls)
		return false;
	/* any class word containing "footnote", "endnote", "voetnoot" (Dutch) */
	for (const char *s = cls; *s; s++)
		if (strncasecmp(s, "footnote", 8) == 0 || strncasecmp(s, "endnote", 7) == 0 ||
		    strncasecmp(s, "voetnoot", 8) == 0)
			return !(strncasecmp(s, "footnotes", 9) == 0 || strncasecmp(s, "voetnoten", 9) == 0 ||
			         strncasecmp(s, "endnotes", 8) == 0);
	return false;
}

/* ---- gathering text ---------------------------------------------------------------------------- */

static bool at_line_start(const html_reader *h)
{
	return h->text.len == 0 || h->text.ptr[h->text.len - 1] == '\n';
}

static void put_pending_space(html_reader *h)
{
	if (h->space && !at_line_start(h) && h->rc == 0)
		h->rc = tolk_buf_putc(&h->text, ' ');
	h->space = false;
}

static void gather(html_reader *h, const char *s, size_t len)
{
	if (h->rc < 0)
		return;
	size_t i = 0;
	while (i < len) {
		size_t run = i;
		if (h->pre) {
			/* as written, but a line's leading blanks go (the builder would drop them and shift the spans) */
			char c = s[i++];
			if (c == '\r' || ((c == ' ' || c == '\t') && at_line_start(h)))
				continue;
			if ((h->rc = tolk_buf_putc(&h->text, c)) < 0)
				return;
			continue;
		}
		while (run < len && !(s[run] == ' ' || s[run] == '\t' || s[run] == '\n' || s[run] == '\r' || s[run] == '\f'))
			run++;
		if (run > i) {
			put_pending_space(h);
			if ((h->rc = tolk_buf_put(&h->text, s + i, run - i)) < 0)
				return;
		}
		if (run < len)
			h->space = true;
		while (run < len && (s[run] == ' ' || s[run] == '\t' || s[run] == '\n' || s[run] == '\r' || s[run] == '\f'))
			run++;
		i = run;
	}
}

static void add_span(html_reader *h, tolk_inline_kind kind, size_t start, size_t end)
{
	if (end <= start || h->rc < 0)
		return;
	if ((h->rc = tolk_array_grow((void **)&h->spans, &h->spans_cap, h->nspans + 1, sizeof *h->spans)) < 0)
		return;
	h->spans[h->nspans++] = (html_span){kind, start, end - start};
}

static const html_ctx_block *current_block(const html_reader *h)
{
	static const html_ctx_block body = {TOLK_BLOCK_PARAGRAPH, 0, 0, 0, 0, false, ""};
	return h->nblocks ? &h->blocks[h->nblocks - 1] : &body;
}

static bool note_context(const html_reader *h, const char **mark)
{
	for (unsigned i = h->nblocks; i-- > 0;)
		if (h->blocks[i].note) {
			*mark = h->blocks[i].mark;
			return true;
		}
	return false;
}

/* Leading digits (or a * or †) of a text: a note's mark when the block names none. */
static void leading_mark(char *out, const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && n < MAX_MARK && (isdigit((unsigned char)s[n]) || s[n] == '*'))
		n++;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* The text gathered so far becomes a block (or a note kept for later). */
static void flush(html_reader *h)
{
	if (h->rc < 0)
		return;
	h->space = false;
	/* spans of inline elements still open end here and go on in the next block */
	for (unsigned i = 0; i < h->ninl; i++)
		if (h->inl[i].active) {
			add_span(h, h->inl[i].kind, h->inl[i].start, h->text.len);
			h->inl[i].start = 0;
		}
	while (h->text.len > 0 && (h->text.ptr[h->text.len - 1] == ' ' || h->text.ptr[h->text.len - 1] == '\n'))
		h->text.len--;
	if (h->text.len == 0) {
		h->nspans = 0;
		return;
	}
	const char *mark = NULL;
	if (note_context(h, &mark)) {
		int rc = tolk_array_grow((void **)&h->notes, &h->notes_cap, h->nnotes + 1, sizeof *h->notes);
		if (rc < 0) {
			h->rc = rc;
			return;
		}
		html_note *n = &h->notes[h->nnotes];
		memset(n, 0, sizeof *n);
		if (mark[0])
			snprintf(n->mark, sizeof n->mark, "%s", mark);
		else
			leading_mark(n->mark, h->text.ptr, h->text.len);
		n->len = h->text.len;
		n->text = tolk_strndup(h->text.ptr, h->text.len);
		n->spans = h->nspans ? malloc(h->nspans * sizeof *h->spans) : NULL;
		if (!n->text || (h->nspans && !n->spans)) {
			free(n->text);
			free(n->spans);
			h->rc = tolk_error_oom();
			return;
		}
		if (h->nspans)
			memcpy(n->spans, h->spans, h->nspans * sizeof *h->spans);
		n->nspans = h->nspans;
		h->nnotes++;
	} else {
		const html_ctx_block *c = current_block(h);
		tolk_document_block proto = {.kind = c->kind, .level = c->level, .paragraph = ++h->paragraph,
		                             .table = c->table, .row = c->row, .column = c->column};
		size_t base;
		if ((h->rc = doc_block_begin(h->doc, &proto)) < 0)
			return;
		base = doc_pos(h->doc);
		if ((h->rc = doc_put(h->doc, h->text.ptr, h->text.len)) < 0)
			return;
		for (size_t i = 0; i < h->nspans && h->rc == 0; i++)
			h->rc = doc_inline_add(h->doc, h->spans[i].kind, base + h->spans[i].start, h->spans[i].len);
		if (h->rc == 0)
			h->rc = doc_block_end(h->doc);
	}
	h->text.len = 0;
	h->nspans = 0;
}

static int put_notes(html_reader *h)
{
	int rc = 0;
	for (size_t i = 0; i < h->nnotes && rc == 0; i++) {
		html_note *n = &h->notes[i];
		tolk_document_block proto = {.kind = TOLK_BLOCK_FOOTNOTE, .paragraph = ++h->note_paragraph};
		if ((rc = doc_block_begin(h->doc, &proto)) < 0 || (rc = doc_block_set_mark(h->doc, n->mark)) < 0)
			break;
		size_t mlen = strlen(n->mark);
		/* "N text", as the layout repair knows footnotes, unless the note starts with its mark already */
		bool has_mark = mlen == 0 || (n->len >= mlen && memcmp(n->text, n->mark, mlen) == 0);
		if (!has_mark && ((rc = doc_puts(h->doc, n->mark)) < 0 || (rc = doc_put(h->doc, " ", 1)) < 0))
			break;
		size_t base = doc_pos(h->doc);
		if ((rc = doc_put(h->doc, n->text, n->len)) < 0)
			break;
		for (size_t j = 0; j < n->nspans && rc == 0; j++)
			rc = doc_inline_add(h->doc, n->spans[j].kind, base + n->spans[j].start, n->spans[j].len);
		if (rc == 0)
			rc = doc_block_end(h->doc);
	}
	return rc;
}

/* ---- SAX ----------------------------------------------------------------------------------------- */

static html_ref *find_ref(html_reader *h, const char *id)
{
	for (size_t i = 0; i < h->nrefs; i++)
		if (strcmp(h->refs[i].id, id) == 0)
			return &h->refs[i];
	return NULL;
}

/* An element with an id a note reference points at: the block it is in is that note. */
static void note_target(html_reader *h, const char *id)
{
	if (!id || !*id || h->nrefs == 0)
		return;
	html_ref *ref = find_ref(h, id);
	if (!ref)
		return;
	if (h->nblocks == 0) {
		return;
	}
	html_ctx_block *b = &h->blocks[h->nblocks - 1];
	if (!b->note) {
		/* text of this block gathered before the anchor belongs to the note too */
		b->note = true;
	}
	snprintf(b->mark, sizeof b->mark, "%s", ref->mark);
}

static bool is_heading(const char *name, unsigned *level)
{
	if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && name[2] == '\0') {
		*level = (unsigned)(name[1] - '0');
		return true;
	}
	return false;
}

static void start_block(html_reader *h, const char *name, const xmlChar **atts)
{
	flush(h);
	if (element(name)->flags & EL_LIST)
		h->lists++;
	if (strcasecmp(name, "table") == 0) {
		h->table_count++;
		if (h->ntables < MAX_DEPTH)
			h->tables[h->ntables++] = (html_table){h->table_count, 0, 1};
		else
			h->tables_deep++;
	} else if (strcasecmp(name, "tr") == 0 && h->ntables) {
		h->tables[h->ntables - 1].row++;
		h->tables[h->ntables - 1].next_column = 1;
	}
	if (h->nblocks >= MAX_DEPTH) {
		h->deep++;
		return;
	}
	html_ctx_block b = *current_block(h);
	b.note = b.note || class_is_note(attr(atts, "class")) ||
	         (attr(atts, "role") && strcasecmp(attr(atts, "role"), "doc-footnote") == 0);
	if (b.note && !current_block(h)->note)
		b.mark[0] = '\0';
	unsigned level;
	if (is_heading(name, &level)) {
		b.kind = TOLK_BLOCK_HEADING;
		b.level = level;
	} else if (strcasecmp(name, "li") == 0) {
		b.kind = TOLK_BLOCK_LIST_ITEM;
		b.level = h->lists ? h->lists : 1;
	} else if ((strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) && h->ntables) {
		html_table *t = &h->tables[h->ntables - 1];
		b.kind = TOLK_BLOCK_TABLE_CELL;
		b.level = 0;
		b.table = t->number;
		b.row = t->row ? t->row : 1;
		b.column = t->next_column;
		const char *span = attr(atts, "colspan");
		long cols = span ? strtol(span, NULL, 10) : 1;
		t->next_column += cols >= 1 && cols <= 1000 ? (unsigned long)cols : 1;
	} else if (strcasecmp(name, "table") == 0 || strcasecmp(name, "tr") == 0 || strcasecmp(name, "tbody") == 0 ||
	           strcasecmp(name, "thead") == 0 || strcasecmp(name, "tfoot") == 0) {
		/* text straight in a table but outside cells: a paragraph of its own */
		b.kind = TOLK_BLOCK_PARAGRAPH;
		b.level = 0;
		b.table = b.row = b.column = 0;
	} else if (b.kind != TOLK_BLOCK_LIST_ITEM && b.kind != TOLK_BLOCK_TABLE_CELL) {
		/* a p or div inside a list item or a cell is still part of it */
		b.kind = TOLK_BLOCK_PARAGRAPH;
		b.level = 0;
	}
	h->blocks[h->nblocks++] = b;
	note_target(h, attr(atts, "id"));
}

static void end_block(html_reader *h, const char *name)
{
	flush(h);
	if ((element(name)->flags & EL_LIST) && h->lists)
		h->lists--;
	if (strcasecmp(name, "table") == 0) {
		if (h->tables_deep)
			h->tables_deep--;
		else if (h->ntables)
			h->ntables--;
	}
	if (h->deep)
		h->deep--;
	else if (h->nblocks)
		h->nblocks--;
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	html_reader *h = ctx;
	const char *name = (const char *)xname;
	if (h->rc < 0)
		return;
	const html_element *e = element(name);
	if (h->skip || (e && (e->flags & EL_IGNORE))) {
		h->skip++;
		return;
	}
	if (!e) {
		note_target(h, attr(atts, "id"));
		return;
	}
	if (e->flags & EL_BR) {
		h->space = false;
		if (!at_line_start(h))
			h->rc = tolk_buf_putc(&h->text, '\n');
		return;
	}
	if (e->flags & EL_PRE)
		h->pre++;
	if (e->flags & EL_BLOCK) {
		start_block(h, name, atts);
		return;
	}
	tolk_inline_kind kind = e->inl;
	if (h->ninl >= MAX_DEPTH) {
		h->inl_deep++;
		return;
	}
	put_pending_space(h);
	html_open_inline *o = &h->inl[h->ninl++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->start = h->text.len;
	o->active = true;
	if (kind == TOLK_INLINE_LINK) {
		const char *href = attr(atts, "href");
		o->active = href != NULL;
		if (href && href[0] == '#' && href[1] && strlen(href + 1) < sizeof o->target) {
			o->note_ref = true;
			snprintf(o->target, sizeof o->target, "%s", href + 1);
		}
		const char *id = attr(atts, "id");
		note_target(h, id ? id : attr(atts, "name"));
	} else {
		note_target(h, attr(atts, "id"));
	}
}

/* A note reference's text: a short mark, digits or an asterisk. */
static bool is_mark(const char *s, size_t len)
{
	if (len == 0 || len > MAX_MARK)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '*')
			return false;
	return true;
}

static void on_end(void *ctx, const xmlChar *xname)
{
	html_reader *h = ctx;
	const char *name = (const char *)xname;
	if (h->rc < 0)
		return;
	if (h->skip) {
		h->skip--;
		return;
	}
	const html_element *e = element(name);
	if (!e || (e->flags & EL_BR))
		return;
	if ((e->flags & EL_PRE) && h->pre)
		h->pre--;
	if (e->flags & EL_BLOCK) {
		end_block(h, name);
		return;
	}
	tolk_inline_kind kind = e->inl;
	if (h->inl_deep) {
		h->inl_deep--;
		return;
	}
	/* the parser balances tags, so the innermost open inline of this kind is this one */
	for (unsigned i = h->ninl; i-- > 0;) {
		if (h->inl[i].kind != kind)
			continue;
		html_open_inline *o = &h->inl[i];
		if (o->active)
			add_span(h, kind, o->start, h->text.len);
		if (o->note_ref && h->rc == 0) {
			const char *t = h->text.ptr ? h->text.ptr + o->start : "";
			size_t len = h->text.len - o->start;
			if (is_mark(t, len) && !find_ref(h, o->target)) {
				int rc = tolk_array_grow((void **)&h->refs, &h->refs_cap, h->nrefs + 1, sizeof *h->refs);
				char *id = rc < 0 ? NULL : tolk_strdup(o->target);
				if (!id) {
					h->rc = rc < 0 ? rc : TOLK_ENOMEM;
					return;
				}
				h->refs[h->nrefs].id = id;
				memcpy(h->refs[h->nrefs].mark, t, len);
				h->refs[h->nrefs].mark[len] = '\0';
				h->nrefs++;
				add_span(h, TOLK_INLINE_NOTE_REF, o->start, h->text.len);
			}
		}
		memmove(&h->inl[i], &h->inl[i + 1], (h->ninl - i - 1) * sizeof *h->inl);
		h->ninl--;
		break;
	}
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	html_reader *h = ctx;
	if (h->rc < 0 || h->skip || len <= 0)
		return;
	gather(h, (const char *)s, (size_t)len);
}

static void on_ignore(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

static bool valid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				return false;
			i++;
		} else if (tolk_utf8_next(s, len, &i) < 0) {
			return false;
		}
	}
	return true;
}

/*
 * Whether the first 4 KB name a charset libxml2 knows, other than the Western single-byte ones browsers
 * read as Windows-1252 (iso-8859-1, latin1, us-ascii, windows-1252): then libxml2 converts it.
 */
static bool declares_other_charset(const char *s, size_t len)
{
	static const char *const western[] = {"iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii",
	                                      "windows-1252", "cp1252", "x-cp1252", "iso_8859-1", NULL};
	size_t n = len < 4096 ? len : 4096;
	for (size_t i = 0; i + 7 <= n; i++) {
		if (strncasecmp(s + i, "charset", 7) != 0)
			continue;
		size_t j = i + 7;
		while (j < n && (s[j] == ' ' || s[j] == '=' || s[j] == '"' || s[j] == '\''))
			j++;
		size_t k = j;
		while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_' || s[k] == ':' || s[k] == '.'))
			k++;
		if (k == j)
			continue;
		for (const char *const *w = western; *w; w++)
			if (strlen(*w) == k - j && strncasecmp(s + j, *w, k - j) == 0)
				return false;
		/* a name libxml2 does not know is ignored, as browsers ignore it */
		char name[64];
		if (k - j >= sizeof name)
			return false;
		memcpy(name, s + j, k - j);
		name[k - j] = '\0';
		xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(name);
		if (!handler)
			return false;
		xmlCharEncCloseFunc(handler);
		return true;
	}
	return false;
}

/* Windows-1252 as the WHATWG Encoding Standard decodes it (0x81, 0x8D, 0x8F, 0x90, 0x9D stay C1). */
static char *from_cp1252(const char *s, size_t len, size_t *out_len)
{
	static const uint16_t c1[32] = {0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021,
	                                0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
	                                0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	                                0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178};
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	char *out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp = c >= 0x80 && c < 0xA0 ? c1[c - 0x80] : c;
		n += tolk_utf8_encode(out + n, cp);
	}
	out[n] = '\0';
	*out_len = n;
	return out;
}

/* ---- entry ---------------------------------------------------------------------------------------- */

int doc_read_html(tolk_document *doc, const char *data, size_t len, const doc_limits *lim)
{
	(void)lim; /* memory stays near the text kept; the input size is checked before */
	html_reader *h = calloc(1, sizeof *h);
	if (!h)
		return tolk_error_oom();
	h->doc = doc;
	htmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.warning = on_ignore;
	sax.error = on_ignore;

	/* The encoding: a byte-order mark's (the mark is no text); else UTF-8 when the bytes are valid UTF-8,
	 * whatever the page declares; else a <meta> charset's through libxml2, unless it is a Western one or
	 * none: Windows-1252, a browser's fallback. */
	xmlCharEncoding bom = XML_CHAR_ENCODING_NONE;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		data += 3, len -= 3, bom = XML_CHAR_ENCODING_UTF8;
	else if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0)
		data += 2, len -= 2, bom = XML_CHAR_ENCODING_UTF16LE;
	else if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0)
		data += 2, len -= 2, bom = XML_CHAR_ENCODING_UTF16BE;
	char *converted = NULL;
	if (bom == XML_CHAR_ENCODING_NONE) {
		if (valid_utf8(data, len)) {
			bom = XML_CHAR_ENCODING_UTF8;
		} else if (!declares_other_charset(data, len)) {
			/* libxml2's iconv refuses the five bytes Windows-1252 leaves undefined; browsers do not */
			size_t n;
			if (!(converted = from_cp1252(data, len, &n))) {
				free(h);
				return tolk_error_oom();
			}
			data = converted, len = n, bom = XML_CHAR_ENCODING_UTF8;
		}
	}
	htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, h, NULL, 0, doc->name, bom);
	int rc = 0;
	if (!ctxt) {
		rc = tolk_error_oom();
		goto done;
	}
	htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
	                             (bom != XML_CHAR_ENCODING_NONE ? HTML_PARSE_IGNORE_ENC : 0));
	tolk_xml_quiet quiet;
	tolk_xml_quiet_begin(&quiet);
	for (size_t off = 0; off < len && h->rc == 0; off += CHUNK) {
		size_t n = len - off < CHUNK ? len - off : CHUNK;
		htmlParseChunk(ctxt, data + off, (int)n, 0);
	}
	if (h->rc == 0)
		htmlParseChunk(ctxt, NULL, 0, 1);
	tolk_xml_quiet_end(&quiet);
	if (h->rc == 0 && tolk_xml_encoding_failed((xmlParserCtxtPtr)ctxt)) {
		/* the bytes break the charset the page declares: the text would stop there */
		rc = tolk_error_set_at(TOLK_EINVALID, doc->name ? doc->name : "-", 0, 0, "%s",
		                       _("the HTML is not in the encoding it declares (its <meta> charset)"));
		goto done;
	}
	if ((rc = h->rc) < 0)
		goto done;
	flush(h);
	if ((rc = h->rc) < 0 || (rc = put_notes(h)) < 0)
		goto done;
done:
	if (ctxt)
		htmlFreeParserCtxt(ctxt);
	tolk_buf_free(&h->text);
	free(h->spans);
	for (size_t i = 0; i < h->nrefs; i++)
		free(h->refs[i].id);
	free(h->refs);
	for (size_t i = 0; i < h->nnotes; i++) {
		free(h->notes[i].text);
		free(h->notes[i].spans);
	}
	free(h->notes);
	free(h);
	free(converted);
	return rc;
}
