/*
 * The DOCX reader: word/document.xml (with styles.xml, footnotes.xml and
 * endnotes.xml) into blocks. What Word shows is what counts: tracked changes
 * as if accepted (w:ins and w:moveTo kept, w:del and w:moveFrom dropped),
 * fields as their last result (the instruction is dropped), footnote and
 * endnote marks as Word numbers them (1, 2 … and i, ii …), the notes after the
 * body. Drawings, text boxes and comments are not read.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "doc_private.h"

enum { MAX_DEPTH = 200 };

typedef struct style {
	char *id;
	char *based_on;
	int heading;   /* 1-9, 0 none, -1 not yet resolved */
	int outline;   /* w:outlineLvl + 1, or 0 */
	bool list;     /* numbering in the style */
	bool is_heading_name;
	int name_level;
} style;

typedef struct note_ref {
	long id;
	bool endnote;
	unsigned number;
} note_ref;

typedef struct docx {
	tolk_document *doc;
	style *styles;
	size_t nstyles, styles_cap;
	note_ref *notes;
	size_t nnotes, notes_cap;
	unsigned footnotes, endnotes;
	unsigned long paragraph;  /* w:p in the current part */
	unsigned long tables;
	/* the cell being filled, when in a table */
	tolk_document_block cell;
	bool in_cell, cell_open;
	/* complex fields: one entry per open w:fldChar begin, true while in its instruction */
	bool field_instr[64];
	int fields;
	bool in_note;             /* a note's own mark (w:footnoteRef) is written by us */
	bool note_fresh;          /* no paragraph of the note read yet */
} docx;

/* ---- XML helpers ------------------------------------------------------------------------------- */
static bool is_w_ns(const xmlNode *n)
{
	if (!n->ns || !n->ns->href)
		return false;
	const char *h = (const char *)n->ns->href;
	return strcmp(h, "http://schemas.openxmlformats.org/wordprocessingml/2006/main") == 0 ||
	       strcmp(h, "http://purl.oclc.org/ooxml/wordprocessingml/main") == 0;
}

static bool is_w(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && is_w_ns(n) && strcmp((const char *)n->name, local) == 0;
}

/* An attribute by local name (w:val, w:id …): prefixes vary between producers. */
static const char *attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (strcmp((const char *)a->name, local) == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, local))
			return c;
	return NULL;
}

/* A toggle property (w:b, w:i …): present and not switched off. */
static bool toggle_on(const xmlNode *prop)
{
	if (!prop)
		return false;
	const char *v = attr(prop, "val");
	return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 || strcmp(v, "none") == 0);
}

static int too_deep(const docx *d)
{
	return tolk_error_set_at(TOLK_EINVALID, d->doc->name, 0, 0, "%s", _("document nested too deeply"));
}

/* ---- styles ------------------------------------------------------------------------------------- */
static int heading_from_name(const char *name)
{
	if (!name)
		return 0;
	if (strcasecmp(name, "title") == 0)
		return 1;
	if (strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' && name[8] <= '9' && name[9] == '\0')
		return name[8] - '0';
	return 0;
}

/* Word's built-in heading style ids in English and Dutch, for a document without styles.xml. */
static int heading_from_id(const char *id)
{
	if (!id)
		return 0;
	if (strcasecmp(id, "Title") == 0 || strcasecmp(id, "Titel") == 0)
		return 1;
	for (const char *const *p = (const char *const[]){"Heading", "Kop", NULL}; *p; p++) {
		size_t n = strlen(*p);
		if (strncasecmp(id, *p, n) == 0 && id[n] >= '1' && id[n] <= '9' && id[n + 1] == '\0')
			return id[n] - '0';
	}
	return 0;
}

static style *find_style(docx *d, const char *id)
{
	for (size_t i = 0; id && i < d->nstyles; i++)
		if (strcmp(d->styles[i].id, id) == 0)
			return &d->styles[i];
	return NULL;
}

static int resolve_heading(docx *d, style *s, int depth)
{
	if (s->heading >= 0)
		return s->heading;
	int h = s->name_level ? s->name_level : s->outline;
	if (!h && s->based_on && depth < 16) {
		style *base = find_style(d, s->based_on);
		if (base && base != s)
			h = resolve_heading(d, base, depth + 1);
	}
	s->heading = h;
	return h;
}

static bool style_list(docx *d, const style *s, int depth)
{
	if (s->list)
		return true;
	const style *base = s->based_on && depth < 16 ? find_style(d, s->based_on) : NULL;
	return base && base != s && style_list(d, base, depth + 1);
}

static int read_styles(docx *d, doc_zip *z)
{
	xmlDoc *x;
	int rc = doc_zip_xml(&x, z, "word/styles.xml", d->doc->name);
	if (rc < 0 || !x)
		return rc;
	for (const xmlNode *n = xmlDocGetRootElement(x)->children; n && rc == 0; n = n->next) {
		if (!is_w(n, "style"))
			continue;
		const char *type = attr(n, "type"), *id = attr(n, "styleId");
		if (!id || (type && strcmp(type, "paragraph") != 0))
			continue;
		if ((rc = tolk_array_grow((void **)&d->styles, &d->styles_cap, d->nstyles + 1, sizeof *d->styles)) < 0)
			break;
		style *s = &d->styles[d->nstyles];
		memset(s, 0, sizeof *s);
		s->heading = -1;
		const xmlNode *ppr = child(n, "pPr");
		const char *ol = attr(child(ppr, "outlineLvl"), "val");
		if (ol && ol[0] >= '0' && ol[0] <= '8' && ol[1] == '\0')
			s->outline = ol[0] - '0' + 1;
		const xmlNode *num = child(ppr, "numPr");
		const char *numid = attr(child(num, "numId"), "val");
		s->list = num && (!numid || strcmp(numid, "0") != 0);
		s->name_level = heading_from_name(attr(child(n, "name"), "val"));
		if (!s->name_level)
			s->name_level = heading_from_id(id);
		s->id = tolk_strdup(id);
		const char *based = attr(child(n, "basedOn"), "val");
		s->based_on = based ? tolk_strdup(based) : NULL;
		d->nstyles++;
		if (!s->id || (based && !s->based_on))
			rc = TOLK_ENOMEM;
	}
	xmlFreeDoc(x);
	return rc;
}

/* ---- runs ------------------------------------------------------------------------------------------ */
static int add_span(docx *d, tolk_inline_kind kind, size_t start)
{
	size_t end = doc_pos(d->doc);
	if (end <= start)
		return 0;
	tolk_document *doc = d->doc;
	/* a run continuing the same formatting extends the span before it */
	for (size_t i = doc->ninlines, seen = 0; i > doc->inline_mark && seen < 4; i--, seen++) {
		tolk_document_inline *in = &doc->inlines[i - 1];
		if (in->kind == kind && in->offset + in->length == start) {
			in->length = end - in->offset;
			return 0;
		}
	}
	return doc_inline_add(doc, kind, start, end - start);
}

static bool in_instruction(const docx *d)
{
	for (int i = 0; i < d->fields && i < 64; i++)
		if (d->field_instr[i])
			return true;
	return false;
}

static void roman(char *buf, size_t size, unsigned n)
{
	static const struct {
		unsigned v;
		const char *s;
	} r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
	         {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof r / sizeof *r && len + 3 < size; i++)
		while (n >= r[i].v && len + 3 < size) {
			len += (size_t)snprintf(buf + len, size - len, "%s", r[i].s);
			n -= r[i].v;
		}
}

static void note_mark(char *buf, size_t size, bool endnote, unsigned number)
{
	if (endnote)
		roman(buf, size, number);
	else
		snprintf(buf, size, "%u", number);
}

static int note_reference(docx *d, const xmlNode *n, bool endnote)
{
	const char *id = attr(n, "id");
	if (!id || d->in_note)
		return 0;
	int rc = tolk_array_grow((void **)&d->notes, &d->notes_cap, d->nnotes + 1, sizeof *d->notes);
	if (rc < 0)
		return rc;
	note_ref *r = &d->notes[d->nnotes++];
	r->id = strtol(id, NULL, 10);
	r->endnote = endnote;
	r->number = endnote ? ++d->endnotes : ++d->footnotes;
	if (toggle_on(child(n, "customMarkFollows")) || (attr(n, "customMarkFollows") &&
	                                                  strcmp(attr(n, "customMarkFollows"), "1") == 0))
		return 0; /* the mark is the text that follows */
	char mark[32];
	note_mark(mark, sizeof mark, endnote, r->number);
	size_t start = doc_pos(d->doc);
	if ((rc = doc_puts(d->doc, mark)) < 0)
		return rc;
	return add_span(d, TOLK_INLINE_NOTE_REF, start);
}

static int run_content(docx *d, const xmlNode *r)
{
	int rc = 0;
	for (const xmlNode *c = r->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is_w_ns(c))
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "t") == 0) {
			if (in_instruction(d))
				continue;
			xmlChar *t = xmlNodeGetContent(c);
			if (t)
				rc = doc_puts(d->doc, (const char *)t);
			xmlFree(t);
		} else if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0) {
			if (!in_instruction(d))
				rc = doc_put(d->doc, "\t", 1);
		} else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
			if (!in_instruction(d))
				rc = doc_put(d->doc, "\n", 1);
		} else if (strcmp(name, "noBreakHyphen") == 0) {
			if (!in_instruction(d))
				rc = doc_put(d->doc, "-", 1);
		} else if (strcmp(name, "fldChar") == 0) {
			const char *type = attr(c, "fldCharType");
			if (!type)
				continue;
			if (strcmp(type, "begin") == 0) {
				if (d->fields < 64)
					d->field_instr[d->fields] = true;
				d->fields++;
			} else if (strcmp(type, "separate") == 0 && d->fields > 0 && d->fields <= 64) {
				d->field_instr[d->fields - 1] = false;
			} else if (strcmp(type, "end") == 0 && d->fields > 0) {
				d->fields--;
			}
		} else if (strcmp(name, "footnoteReference") == 0 || strcmp(name, "endnoteReference") == 0) {
			rc = note_reference(d, c, name[0] == 'e');
		}
		/* w:instrText, w:delText, w:footnoteRef (the note's own number), w:sym, drawings: nothing */
	}
	return rc;
}

static int run(docx *d, const xmlNode *r)
{
	size_t start = doc_pos(d->doc);
	int rc = run_content(d, r);
	if (rc < 0)
		return rc;
	const xmlNode *rpr = child(r, "rPr");
	if (!rpr || doc_pos(d->doc) == start)
		return 0;
	if (toggle_on(child(rpr, "b")) && (rc = add_span(d, TOLK_INLINE_BOLD, start)) < 0)
		return rc;
	if (toggle_on(child(rpr, "i")) && (rc = add_span(d, TOLK_INLINE_ITALIC, start)) < 0)
		return rc;
	if (toggle_on(child(rpr, "u")) && (rc = add_span(d, TOLK_INLINE_UNDERLINE, start)) < 0)
		return rc;
	const char *va = attr(child(rpr, "vertAlign"), "val");
	/* a note mark carries its own span */
	bool note = child(r, "footnoteReference") || child(r, "endnoteReference");
	if (va && !note && strcmp(va, "superscript") == 0)
		rc = add_span(d, TOLK_INLINE_SUPERSCRIPT, start);
	else if (va && !note && strcmp(va, "subscript") == 0)
		rc = add_span(d, TOLK_INLINE_SUBSCRIPT, start);
	return rc;
}

/* The inline content of a paragraph (or of a hyperlink, insertion, field … inside one). */
static int inline_content(docx *d, const xmlNode *p, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(d);
	int rc = 0;
	for (const xmlNode *c = p->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is_w_ns(c))
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "r") == 0) {
			rc = run(d, c);
		} else if (strcmp(name, "hyperlink") == 0) {
			size_t start = doc_pos(d->doc);
			if ((rc = inline_content(d, c, depth + 1)) == 0)
				rc = add_span(d, TOLK_INLINE_LINK, start);
		} else if (strcmp(name, "ins") == 0 || strcmp(name, "moveTo") == 0 || strcmp(name, "fldSimple") == 0 ||
		           strcmp(name, "smartTag") == 0 || strcmp(name, "customXml") == 0 || strcmp(name, "bdo") == 0 ||
		           strcmp(name, "dir") == 0 || strcmp(name, "sdtContent") == 0) {
			rc = inline_content(d, c, depth + 1);
		} else if (strcmp(name, "sdt") == 0) {
			const xmlNode *content = child(c, "sdtContent");
			if (content)
				rc = inline_content(d, content, depth + 1);
		}
		/* w:del, w:moveFrom (rejected text), w:pPr, bookmarks, proofing marks: nothing */
	}
	return rc;
}

/* ---- blocks ------------------------------------------------------------------------------------------ */
static void paragraph_kind(docx *d, const xmlNode *p, tolk_document_block *b)
{
	const xmlNode *ppr = child(p, "pPr");
	const char *sid = attr(child(ppr, "pStyle"), "val");
	style *s = find_style(d, sid);
	int heading = s ? resolve_heading(d, s, 0) : heading_from_id(sid);
	const char *ol = attr(child(ppr, "outlineLvl"), "val");
	if (ol && ol[0] >= '0' && ol[0] <= '8' && ol[1] == '\0')
		heading = ol[0] - '0' + 1;
	const xmlNode *num = child(ppr, "numPr");
	const char *numid = attr(child(num, "numId"), "val");
	bool list = num ? (!numid || strcmp(numid, "0") != 0) : (s && style_list(d, s, 0));
	if (heading > 0) {
		b->kind = TOLK_BLOCK_HEADING;
		b->level = (unsigned)heading;
	} else if (list) {
		const char *ilvl = attr(child(num, "ilvl"), "val");
		long lvl = ilvl ? strtol(ilvl, NULL, 10) : 0;
		b->kind = TOLK_BLOCK_LIST_ITEM;
		b->level = lvl >= 0 && lvl < 9 ? (unsigned)lvl + 1 : 1;
	}
}

static int paragraph(docx *d, const xmlNode *p, const tolk_document_block *note)
{
	d->paragraph++;
	d->fields = 0;
	int rc;
	if (d->in_cell) {
		/* the paragraphs of a cell are lines of its one block */
		if (!d->cell_open) {
			d->cell.paragraph = d->paragraph;
			if ((rc = doc_block_begin(d->doc, &d->cell)) < 0)
				return rc;
			d->cell_open = true;
		} else if ((rc = doc_put(d->doc, "\n", 1)) < 0) {
			return rc;
		}
		return inline_content(d, p, 0);
	}
	if (note) {
		/* the note's paragraphs are lines of its one block, opened by the caller */
		if (!d->note_fresh && (rc = doc_put(d->doc, "\n", 1)) < 0)
			return rc;
		d->note_fresh = false;
		return inline_content(d, p, 0);
	}
	tolk_document_block b = {0};
	b.paragraph = d->paragraph;
	paragraph_kind(d, p, &b);
	if ((rc = doc_block_begin(d->doc, &b)) < 0)
		return rc;
	if ((rc = inline_content(d, p, 0)) < 0)
		return rc;
	return doc_block_end(d->doc);
}

static int block_content(docx *d, const xmlNode *parent, const tolk_document_block *note, int depth);

static int table(docx *d, const xmlNode *tbl, const tolk_document_block *note, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(d);
	int rc = 0;
	/* a table inside a cell: the outer cell's block ends here and goes on after it */
	bool outer_in = d->in_cell;
	tolk_document_block outer = d->cell;
	if (d->cell_open && (rc = doc_block_end(d->doc)) < 0)
		return rc;
	d->cell_open = false;
	unsigned long number = ++d->tables, row = 0;
	for (const xmlNode *tr = tbl->children; tr && rc == 0; tr = tr->next) {
		if (!is_w(tr, "tr"))
			continue;
		row++;
		unsigned long col = 0;
		for (const xmlNode *tc = tr->children; tc && rc == 0; tc = tc->next) {
			if (!is_w(tc, "tc"))
				continue;
			col++;
			tolk_document_block cell = {0};
			cell.kind = TOLK_BLOCK_TABLE_CELL;
			cell.table = number;
			cell.row = row;
			cell.column = col;
			d->cell = cell;
			d->in_cell = true;
			d->cell_open = false;
			rc = block_content(d, tc, note, depth + 1);
			if (rc == 0 && d->cell_open)
				rc = doc_block_end(d->doc);
			d->cell_open = false;
			const char *span = attr(child(child(tc, "tcPr"), "gridSpan"), "val");
			long extra = span ? strtol(span, NULL, 10) - 1 : 0;
			if (extra > 0 && extra < 64)
				col += (unsigned long)extra;
		}
	}
	d->in_cell = outer_in;
	d->cell = outer;
	d->cell_open = false;
	return rc;
}

static int block_content(docx *d, const xmlNode *parent, const tolk_document_block *note, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(d);
	int rc = 0;
	for (const xmlNode *c = parent->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is_w_ns(c))
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "p") == 0)
			rc = paragraph(d, c, note);
		else if (strcmp(name, "tbl") == 0)
			rc = table(d, c, note, depth + 1);
		else if (strcmp(name, "sdt") == 0) {
			const xmlNode *content = child(c, "sdtContent");
			if (content)
				rc = block_content(d, content, note, depth + 1);
		} else if (strcmp(name, "customXml") == 0 || strcmp(name, "ins") == 0 || strcmp(name, "moveTo") == 0 ||
		           strcmp(name, "sdtContent") == 0)
			rc = block_content(d, c, note, depth + 1);
	}
	return rc;
}

/* ---- notes --------------------------------------------------------------------------------------------- */
static int read_part(xmlDoc **out, docx *d, doc_zip *z, const char *member)
{
	return doc_zip_xml(out, z, member, d->doc->name);
}

static const xmlNode *find_note(const xmlDoc *x, bool endnote, long id)
{
	if (!x)
		return NULL;
	for (const xmlNode *n = xmlDocGetRootElement((xmlDoc *)x)->children; n; n = n->next) {
		if (!is_w(n, endnote ? "endnote" : "footnote"))
			continue;
		const char *nid = attr(n, "id");
		if (nid && strtol(nid, NULL, 10) == id)
			return n;
	}
	return NULL;
}

static int note_content(void *reader, const xmlNode *body, const tolk_document_block *note)
{
	docx *d = reader;
	d->paragraph = 0;
	d->note_fresh = true;
	return block_content(d, body, note, 0);
}

static int notes(docx *d, doc_zip *z)
{
	if (d->nnotes == 0)
		return 0;
	xmlDoc *fx = NULL, *ex = NULL;
	int rc = read_part(&fx, d, z, "word/footnotes.xml");
	if (rc == 0)
		rc = read_part(&ex, d, z, "word/endnotes.xml");
	d->in_note = true;
	/* footnotes first, then endnotes, each in the order of their marks */
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		for (size_t i = 0; i < d->nnotes && rc == 0; i++) {
			const note_ref *r = &d->notes[i];
			if (r->endnote != (pass == 1))
				continue;
			const xmlNode *n = find_note(r->endnote ? ex : fx, r->endnote, r->id);
			if (!n)
				continue;
			char mark[32];
			note_mark(mark, sizeof mark, r->endnote, r->number);
			rc = doc_note_block(d->doc, r->endnote, mark, note_content, d, n);
		}
	}
	xmlFreeDoc(fx);
	xmlFreeDoc(ex);
	return rc;
}

int doc_read_docx(tolk_document *doc, const char *data, size_t len, const doc_limits *lim)
{
	docx d = {.doc = doc};
	doc_zip *z;
	xmlDoc *x;
	int rc = doc_zip_main(&z, &x, doc, data, len, lim, "word/document.xml",
	                      _("not a Word document: no word/document.xml in the zip archive"));
	if (rc == 0)
		rc = read_styles(&d, z);
	if (rc == 0) {
		const xmlNode *body = child(xmlDocGetRootElement(x), "body");
		if (!body)
			rc = tolk_error_set_at(TOLK_EINVALID, doc->name, 0, 0, "%s",
			                       _("not a Word document: word/document.xml has no body"));
		else
			rc = block_content(&d, body, NULL, 0);
	}
	if (rc == 0)
		rc = doc_block_end(doc);
	if (rc == 0)
		rc = notes(&d, z);
	xmlFreeDoc(x);
	doc_zip_close(z);
	for (size_t i = 0; i < d.nstyles; i++) {
		free(d.styles[i].id);
		free(d.styles[i].based_on);
	}
	free(d.styles);
	free(d.notes);
	return rc;
}
