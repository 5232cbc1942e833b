/*
 * The ODT reader: content.xml (with the text styles of styles.xml) into
 * blocks. ODF keeps tracked changes out of the text flow (deleted text lives
 * in text:tracked-changes, inserted text is in place), so skipping that region
 * gives the accepted text. Fields are read as the text they show; notes come
 * after the body with their citation as the mark; white space collapses as
 * ODF says (text:s, text:tab and text:line-break are the explicit ones).
 * Frames, drawings and annotations are not read.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "doc_private.h"

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"

enum { MAX_DEPTH = 200 };

enum { F_BOLD = 1, F_ITALIC = 2, F_UNDERLINE = 4, F_SUPER = 8, F_SUB = 16, F_SET = 32 };

typedef struct ostyle {
	char *name;
	char *parent;
	bool paragraph;
	unsigned flags;     /* F_* of its own text properties */
	int outline;        /* paragraph: style:default-outline-level */
	bool title;
} ostyle;

typedef struct odt_note {
	const xmlNode *body;
	char *mark;
	bool endnote;
} odt_note;

typedef struct odt {
	tolk_document *doc;
	ostyle *styles;
	size_t nstyles, styles_cap;
	odt_note *notes;
	size_t nnotes, notes_cap;
	unsigned long paragraph;
	unsigned long tables;
	bool space;          /* the last character put was collapsible white space (or a line start) */
	tolk_document_block cell;
	bool in_cell, cell_open;
	unsigned list_level;
	bool in_note, note_fresh;
} odt;

static bool is_ns(const xmlNode *n, const char *ns, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0 &&
	       (!local || strcmp((const char *)n->name, local) == 0);
}

static const char *attr_ns(const xmlNode *n, const char *ns, const char *local)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (strcmp((const char *)a->name, local) == 0 && a->ns && a->ns->href &&
		    strcmp((const char *)a->ns->href, ns) == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static int too_deep(const odt *o)
{
	return tolk_error_set_at(TOLK_EINVALID, o->doc->name, 0, 0, "%s", _("document nested too deeply"));
}

/* ---- styles ------------------------------------------------------------------------------------------- */
static unsigned text_flags(const xmlNode *props)
{
	unsigned f = 0;
	const char *w = attr_ns(props, NS_FO, "font-weight");
	if (w && (strcmp(w, "bold") == 0 || atoi(w) >= 600))
		f |= F_BOLD;
	const char *s = attr_ns(props, NS_FO, "font-style");
	if (s && (strcmp(s, "italic") == 0 || strcmp(s, "oblique") == 0))
		f |= F_ITALIC;
	const char *u = attr_ns(props, NS_STYLE, "text-underline-style");
	if (u && strcmp(u, "none") != 0)
		f |= F_UNDERLINE;
	const char *p = attr_ns(props, NS_STYLE, "text-position");
	if (p) {
		if (strncmp(p, "super", 5) == 0 || (p[0] >= '1' && p[0] <= '9'))
			f |= F_SUPER;
		else if (strncmp(p, "sub", 3) == 0 || p[0] == '-')
			f |= F_SUB;
	}
	return f;
}

static int collect_styles(odt *o, const xmlNode *container)
{
	for (const xmlNode *s = container ? container->children : NULL; s; s = s->next) {
		if (!is_ns(s, NS_STYLE, "style"))
			continue;
		const char *name = attr_ns(s, NS_STYLE, "name"), *family = attr_ns(s, NS_STYLE, "family");
		if (!name || !family || (strcmp(family, "text") != 0 && strcmp(family, "paragraph") != 0))
			continue;
		int rc = tolk_array_grow((void **)&o->styles, &o->styles_cap, o->nstyles + 1, sizeof *o->styles);
		if (rc < 0)
			return rc;
		ostyle *st = &o->styles[o->nstyles];
		memset(st, 0, sizeof *st);
		st->paragraph = strcmp(family, "paragraph") == 0;
		for (const xmlNode *c = s->children; c; c = c->next)
			if (is_ns(c, NS_STYLE, "text-properties"))
				st->flags |= text_flags(c);
		const char *ol = attr_ns(s, NS_STYLE, "default-outline-level");
		st->outline = ol ? atoi(ol) : 0;
		if (st->outline < 0 || st->outline > 10)
			st->outline = 0;
		const char *display = attr_ns(s, NS_STYLE, "display-name");
		st->title = strcmp(name, "Title") == 0 || (display && strcmp(display, "Title") == 0);
		st->name = tolk_strdup(name);
		const char *parent = attr_ns(s, NS_STYLE, "parent-style-name");
		st->parent = parent ? tolk_strdup(parent) : NULL;
		o->nstyles++;
		if (!st->name || (parent && !st->parent))
			return TOLK_ENOMEM;
	}
	return 0;
}

static const ostyle *find_style(const odt *o, const char *name, bool paragraph)
{
	/* automatic styles (collected first) shadow common styles of the same name */
	for (size_t i = 0; name && i < o->nstyles; i++)
		if (o->styles[i].paragraph == paragraph && strcmp(o->styles[i].name, name) == 0)
			return &o->styles[i];
	return NULL;
}

static unsigned style_flags(const odt *o, const char *name)
{
	unsigned f = 0;
	const ostyle *s = find_style(o, name, false);
	for (int depth = 0; s && depth < 16; depth++) {
		f |= s->flags;
		s = s->parent ? find_style(o, s->parent, false) : NULL;
	}
	return f;
}

/* A text:p's heading level from its paragraph style (outline level, or the Title style): 0 for none. */
static int style_heading(const odt *o, const char *name)
{
	const ostyle *s = find_style(o, name, true);
	for (int depth = 0; s && depth < 16; depth++) {
		if (s->outline > 0)
			return s->outline;
		if (s->title)
			return 1;
		s = s->parent ? find_style(o, s->parent, true) : NULL;
	}
	return 0;
}

static int read_styles(odt *o, doc_zip *z, const xmlNode *content_root)
{
	int rc = 0;
	for (const xmlNode *c = content_root->children; c && rc == 0; c = c->next)
		if (is_ns(c, NS_OFFICE, "automatic-styles") || is_ns(c, NS_OFFICE, "styles"))
			rc = collect_styles(o, c);
	if (rc < 0)
		return rc;
	xmlDoc *x;
	rc = doc_zip_xml(&x, z, "styles.xml", o->doc->name);
	if (rc < 0 || !x)
		return rc;
	for (const xmlNode *c = xmlDocGetRootElement(x)->children; c && rc == 0; c = c->next)
		if (is_ns(c, NS_OFFICE, "automatic-styles") || is_ns(c, NS_OFFICE, "styles"))
			rc = collect_styles(o, c);
	xmlFreeDoc(x);
	return rc;
}

/* ---- inline content ----------------------------------------------------------------------------------------- */
static int put_text(odt *o, const char *s)
{
	/* ODF: any run of space, tab, CR and LF in the XML is one space */
	int rc = 0;
	const char *run = s;
	for (const char *p = s; rc == 0; p++) {
		bool ws = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
		if (ws || *p == '\0') {
			if (p > run) {
				rc = doc_put(o->doc, run, (size_t)(p - run));
				o->space = false;
			}
			if (*p == '\0')
				break;
			if (!o->space && rc == 0) {
				rc = doc_put(o->doc, " ", 1);
				o->space = true;
			}
			run = p + 1;
		}
	}
	return rc;
}

static int add_spans(odt *o, unsigned flags, size_t start)
{
	size_t end = doc_pos(o->doc);
	if (end <= start)
		return 0;
	static const struct {
		unsigned flag;
		tolk_inline_kind kind;
	} map[] = {{F_BOLD, TOLK_INLINE_BOLD},
	           {F_ITALIC, TOLK_INLINE_ITALIC},
	           {F_UNDERLINE, TOLK_INLINE_UNDERLINE},
	           {F_SUPER, TOLK_INLINE_SUPERSCRIPT},
	           {F_SUB, TOLK_INLINE_SUBSCRIPT}};
	int rc = 0;
	for (size_t i = 0; i < sizeof map / sizeof *map && rc == 0; i++)
		if (flags & map[i].flag)
			rc = doc_inline_add(o->doc, map[i].kind, start, end - start);
	return rc;
}

static int note_ref(odt *o, const xmlNode *n)
{
	if (o->in_note)
		return 0; /* a note inside a note is not ODF */
	const xmlNode *citation = NULL, *body = NULL;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is_ns(c, NS_TEXT, "note-citation"))
			citation = c;
		else if (is_ns(c, NS_TEXT, "note-body"))
			body = c;
	}
	const char *cls = attr_ns(n, NS_TEXT, "note-class");
	bool endnote = cls && strcmp(cls, "endnote") == 0;
	const char *label = attr_ns(citation, NS_TEXT, "label");
	xmlChar *cite = citation ? xmlNodeGetContent(citation) : NULL;
	char number[32];
	snprintf(number, sizeof number, "%zu", o->nnotes + 1);
	const char *mark = label && *label ? label : cite && *cite ? (const char *)cite : number;
	int rc = tolk_array_grow((void **)&o->notes, &o->notes_cap, o->nnotes + 1, sizeof *o->notes);
	if (rc == 0) {
		odt_note *nt = &o->notes[o->nnotes];
		nt->body = body;
		nt->endnote = endnote;
		if (!(nt->mark = tolk_strdup(mark)))
			rc = TOLK_ENOMEM;
		else
			o->nnotes++;
	}
	size_t start = doc_pos(o->doc);
	if (rc == 0)
		rc = doc_puts(o->doc, mark);
	if (rc == 0)
		rc = doc_inline_add(o->doc, TOLK_INLINE_NOTE_REF, start, doc_pos(o->doc) - start);
	o->space = false;
	xmlFree(cite);
	return rc;
}

static int inline_content(odt *o, const xmlNode *parent, unsigned flags, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(o);
	int rc = 0;
	for (const xmlNode *c = parent->children; c && rc == 0; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content) {
				size_t start = doc_pos(o->doc);
				rc = put_text(o, (const char *)c->content);
				if (rc == 0)
					rc = add_spans(o, flags, start);
			}
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || !is_ns(c, NS_TEXT, NULL))
			continue; /* frames, drawings, annotations */
		const char *name = (const char *)c->name;
		if (strcmp(name, "s") == 0) {
			const char *count = attr_ns(c, NS_TEXT, "c");
			long n = count ? strtol(count, NULL, 10) : 1;
			for (long i = 0; i < (n > 0 && n < 1000 ? n : 1) && rc == 0; i++)
				rc = doc_put(o->doc, " ", 1);
			o->space = true;
		} else if (strcmp(name, "tab") == 0) {
			rc = doc_put(o->doc, "\t", 1);
			o->space = true;
		} else if (strcmp(name, "line-break") == 0) {
			rc = doc_put(o->doc, "\n", 1);
			o->space = true;
		} else if (strcmp(name, "note") == 0) {
			rc = note_ref(o, c);
		} else if (strcmp(name, "span") == 0) {
			rc = inline_content(o, c, flags | style_flags(o, attr_ns(c, NS_TEXT, "style-name")), depth + 1);
		} else if (strcmp(name, "a") == 0) {
			size_t start = doc_pos(o->doc);
			if ((rc = inline_content(o, c, flags, depth + 1)) == 0 && doc_pos(o->doc) > start)
				rc = doc_inline_add(o->doc, TOLK_INLINE_LINK, start, doc_pos(o->doc) - start);
		} else if (strcmp(name, "ruby") == 0) {
			for (const xmlNode *r = c->children; r && rc == 0; r = r->next)
				if (is_ns(r, NS_TEXT, "ruby-base"))
					rc = inline_content(o, r, flags, depth + 1);
		} else if (strcmp(name, "tracked-changes") == 0 || strcmp(name, "change") == 0 ||
		           strcmp(name, "change-start") == 0 || strcmp(name, "change-end") == 0 ||
		           strncmp(name, "bookmark", 8) == 0 || strncmp(name, "reference-mark", 14) == 0 ||
		           strcmp(name, "soft-page-break") == 0 || strncmp(name, "alphabetical-index-mark", 23) == 0 ||
		           strncmp(name, "toc-mark", 8) == 0) {
			/* marks, not text */
		} else {
			/* fields (text:date, text:page-number, text:sequence …) hold the text they show */
			rc = inline_content(o, c, flags, depth + 1);
		}
	}
	return rc;
}

/* ---- blocks ---------------------------------------------------------------------------------------------------- */
static int paragraph(odt *o, const xmlNode *p, bool heading_element)
{
	o->paragraph++;
	o->space = true;
	int rc;
	if (o->in_cell || o->in_note) {
		if (o->in_cell && !o->cell_open) {
			o->cell.paragraph = o->paragraph;
			if ((rc = doc_block_begin(o->doc, &o->cell)) < 0)
				return rc;
			o->cell_open = true;
		} else if (o->in_note && o->note_fresh) {
			o->note_fresh = false;
		} else if ((rc = doc_put(o->doc, "\n", 1)) < 0) {
			return rc;
		}
		return inline_content(o, p, 0, 0);
	}
	tolk_document_block b = {0};
	b.paragraph = o->paragraph;
	int level = 0;
	if (heading_element) {
		const char *ol = attr_ns(p, NS_TEXT, "outline-level");
		level = ol ? atoi(ol) : 1;
		if (level < 1 || level > 10)
			level = 1;
	} else {
		level = style_heading(o, attr_ns(p, NS_TEXT, "style-name"));
	}
	if (level > 0) {
		b.kind = TOLK_BLOCK_HEADING;
		b.level = (unsigned)level;
	} else if (o->list_level > 0) {
		b.kind = TOLK_BLOCK_LIST_ITEM;
		b.level = o->list_level;
	}
	if ((rc = doc_block_begin(o->doc, &b)) < 0)
		return rc;
	if ((rc = inline_content(o, p, 0, 0)) < 0)
		return rc;
	return doc_block_end(o->doc);
}

static int block_content(odt *o, const xmlNode *parent, int depth);

static int table_rows(odt *o, const xmlNode *parent, unsigned long number, unsigned long *row, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(o);
	int rc = 0;
	for (const xmlNode *tr = parent->children; tr && rc == 0; tr = tr->next) {
		if (is_ns(tr, NS_TABLE, "table-header-rows") || is_ns(tr, NS_TABLE, "table-rows") ||
		    is_ns(tr, NS_TABLE, "table-row-group")) {
			rc = table_rows(o, tr, number, row, depth + 1);
			continue;
		}
		if (!is_ns(tr, NS_TABLE, "table-row"))
			continue;
		++*row;
		unsigned long col = 0;
		for (const xmlNode *tc = tr->children; tc && rc == 0; tc = tc->next) {
			bool covered = is_ns(tc, NS_TABLE, "covered-table-cell");
			if (!covered && !is_ns(tc, NS_TABLE, "table-cell"))
				continue;
			const char *rep = attr_ns(tc, NS_TABLE, "number-columns-repeated");
			long repeat = rep ? strtol(rep, NULL, 10) : 1;
			col++;
			if (!covered) {
				tolk_document_block cell = {0};
				cell.kind = TOLK_BLOCK_TABLE_CELL;
				cell.table = number;
				cell.row = *row;
				cell.column = col;
				o->cell = cell;
				o->in_cell = true;
				o->cell_open = false;
				rc = block_content(o, tc, depth + 1);
				if (rc == 0 && o->cell_open)
					rc = doc_block_end(o->doc);
				o->cell_open = false;
			}
			/* a repeated cell is shown many times but translated once */
			if (repeat > 1 && repeat < 1L << 20)
				col += (unsigned long)repeat - 1;
		}
		const char *rrep = attr_ns(tr, NS_TABLE, "number-rows-repeated");
		long rrepeat = rrep ? strtol(rrep, NULL, 10) : 1;
		if (rrepeat > 1 && rrepeat < 1L << 20)
			*row += (unsigned long)rrepeat - 1;
	}
	return rc;
}

static int table(odt *o, const xmlNode *t, int depth)
{
	int rc = 0;
	bool outer_in = o->in_cell;
	tolk_document_block outer = o->cell;
	if (o->cell_open && (rc = doc_block_end(o->doc)) < 0)
		return rc;
	o->cell_open = false;
	unsigned list_level = o->list_level;
	o->list_level = 0;
	unsigned long number = ++o->tables, row = 0;
	rc = table_rows(o, t, number, &row, depth + 1);
	o->list_level = list_level;
	o->in_cell = outer_in;
	o->cell = outer;
	o->cell_open = false;
	return rc;
}

static int block_content(odt *o, const xmlNode *parent, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(o);
	int rc = 0;
	for (const xmlNode *c = parent->children; c && rc == 0; c = c->next) {
		if (is_ns(c, NS_TEXT, "p"))
			rc = paragraph(o, c, false);
		else if (is_ns(c, NS_TEXT, "h"))
			rc = paragraph(o, c, true);
		else if (is_ns(c, NS_TEXT, "list")) {
			o->list_level++;
			rc = block_content(o, c, depth + 1);
			o->list_level--;
		} else if (is_ns(c, NS_TEXT, "list-item") || is_ns(c, NS_TEXT, "list-header") ||
		           is_ns(c, NS_TEXT, "section") || is_ns(c, NS_TEXT, "index-body") ||
		           is_ns(c, NS_TEXT, "table-of-content") || is_ns(c, NS_TEXT, "alphabetical-index") ||
		           is_ns(c, NS_TEXT, "illustration-index") || is_ns(c, NS_TEXT, "table-index") ||
		           is_ns(c, NS_TEXT, "object-index") || is_ns(c, NS_TEXT, "user-index") ||
		           is_ns(c, NS_TEXT, "bibliography") || is_ns(c, NS_TEXT, "index-title") ||
		           is_ns(c, NS_TEXT, "note-body"))
			rc = block_content(o, c, depth + 1);
		else if (is_ns(c, NS_TABLE, "table"))
			rc = table(o, c, depth + 1);
		/* text:tracked-changes (the deleted text), declarations, forms: not text */
	}
	return rc;
}

static int note_content(void *reader, const xmlNode *body, const tolk_document_block *note)
{
	(void)note;
	odt *o = reader;
	o->note_fresh = true;
	return block_content(o, body, 0);
}

static int notes(odt *o)
{
	int rc = 0;
	o->in_note = true;
	for (int pass = 0; pass < 2 && rc == 0; pass++)
		for (size_t i = 0; i < o->nnotes && rc == 0; i++) {
			const odt_note *n = &o->notes[i];
			if (n->endnote != (pass == 1) || !n->body)
				continue;
			rc = doc_note_block(o->doc, n->endnote, n->mark, note_content, o, n->body);
		}
	o->in_note = false;
	return rc;
}

int doc_read_odt(tolk_document *doc, const char *data, size_t len, const doc_limits *lim)
{
	odt o = {.doc = doc};
	doc_zip *z;
	xmlDoc *x;
	int rc = doc_zip_main(&z, &x, doc, data, len, lim, "content.xml",
	                      _("not an OpenDocument text: no content.xml in the zip archive"));
	const xmlNode *text = NULL;
	if (rc == 0) {
		const xmlNode *root = xmlDocGetRootElement(x);
		for (const xmlNode *b = root->children; b && !text; b = b->next)
			if (is_ns(b, NS_OFFICE, "body"))
				for (const xmlNode *t = b->children; t && !text; t = t->next)
					if (is_ns(t, NS_OFFICE, "text"))
						text = t;
		if (!text)
			rc = tolk_error_set_at(TOLK_EINVALID, doc->name, 0, 0, "%s",
			                       _("not an OpenDocument text: content.xml has no office:text"));
		else
			rc = read_styles(&o, z, root);
	}
	if (rc == 0)
		rc = block_content(&o, text, 0);
	if (rc == 0)
		rc = doc_block_end(doc);
	if (rc == 0)
		rc = notes(&o);
	xmlFreeDoc(x);
	doc_zip_close(z);
	for (size_t i = 0; i < o.nstyles; i++) {
		free(o.styles[i].name);
		free(o.styles[i].parent);
	}
	free(o.styles);
	for (size_t i = 0; i < o.nnotes; i++)
		free(o.notes[i].mark);
	free(o.notes);
	return rc;
}
