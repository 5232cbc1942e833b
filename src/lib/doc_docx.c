/*
 * The DOCX reader: word/document.xml (with styles.xml, footnotes.xml and
 * endnotes.xml, headers and footers) into blocks. What Word shows is what
 * counts: tracked changes as if accepted (w:ins and w:moveTo kept, w:del and
 * w:moveFrom dropped), fields as their last result (the instruction is
 * dropped), footnote and endnote marks as Word numbers them (1, 2 … and i,
 * ii …), the notes after the body. Bold, italic, underline and vertical
 * alignment come from the run's own properties or, where it has none of one,
 * from its character style (w:rStyle, with the styles it is based on).
 *
 * A text box (w:txbxContent, in a DrawingML shape or a VML one; of
 * mc:AlternateContent the Choice only, as its Fallback repeats it) is read
 * as blocks of its own right after the paragraph (or table cell) that anchors
 * it (a box in a note: after the notes): it is not part of that paragraph's
 * sentence.
 *
 * Page headers and footers (found through the sections' references) are
 * read once each, after the notes: a translator aligning a letter wants the
 * letterhead and the footer's text in the memory, but once, not once per page,
 * and not inside the body's sentences. Their blocks are of kind header and
 * footer.
 *
 * Comments (word/comments.xml) are the reviewers' notes, not text to
 * translate: they are not read. The text they are anchored to is body text
 * like any other (comment ranges and reference marks are skipped around it).
 * Drawings other than text boxes are not read.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "doc_docx.h"

enum { MAX_DEPTH = 200 };

typedef struct part_ref {
	char *id;    /* r:id of a w:headerReference or w:footerReference */
	bool footer;
} part_ref;

typedef struct note_ref {
	long id;
	bool endnote;
	unsigned number;
} note_ref;

typedef struct docx {
	tolk_document *doc;
	docx_styles *styles;
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
	const xmlNode **boxes;    /* text boxes (w:txbxContent) waiting for their paragraph's end */
	size_t nboxes, boxes_cap;
	part_ref *parts;          /* headers and footers the sections name, in document order */
	size_t nparts, parts_cap;
	tolk_block_kind part_kind; /* TOLK_BLOCK_HEADER/FOOTER while reading one; else PARAGRAPH */
} docx;

static int too_deep(const docx *d)
{
	return tolk_error_set_at(TOLK_EINVALID, d->doc->name, 0, 0, "%s", _("document nested too deeply"));
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

/* The text boxes in a drawing: kept for the end of the paragraph (see the top). */
static int find_boxes(docx *d, const xmlNode *n, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(d);
	int rc = 0;
	for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "txbxContent")) {
			if ((rc = tolk_array_grow((void **)&d->boxes, &d->boxes_cap, d->nboxes + 1, sizeof *d->boxes)) == 0)
				d->boxes[d->nboxes++] = c;
		} else if (is_w_ns(c) || strcmp((const char *)c->name, "Fallback") != 0) {
			rc = find_boxes(d, c, depth + 1);
		}
	}
	return rc;
}

static int run_content(docx *d, const xmlNode *r)
{
	int rc = 0;
	for (const xmlNode *c = r->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (is_w_ns(c) ? strcmp(name, "drawing") == 0 || strcmp(name, "pict") == 0
		               : strcmp(name, "AlternateContent") == 0) {
			rc = find_boxes(d, c, 0);
			continue;
		}
		if (!is_w_ns(c))
			continue;
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
	/* the run's own property wins over its character style's, on or off */
	const char *cs = attr(child(rpr, "rStyle"), "val");
	static const struct {
		const char *name;
		tolk_inline_kind kind;
	} toggles[] = {{"b", TOLK_INLINE_BOLD}, {"i", TOLK_INLINE_ITALIC}, {"u", TOLK_INLINE_UNDERLINE}};
	for (int k = 0; k < 3; k++) {
		const xmlNode *own = child(rpr, toggles[k].name);
		bool on = own ? toggle_on(own) : docx_style_rpr(d->styles, cs, k) == 1;
		if (on && (rc = add_span(d, toggles[k].kind, start)) < 0)
			return rc;
	}
	const char *va = attr(child(rpr, "vertAlign"), "val");
	int vert = va ? (strcmp(va, "superscript") == 0 ? 1 : strcmp(va, "subscript") == 0 ? 2 : 3)
	              : docx_style_rpr(d->styles, cs, DOCX_RPR_VERT);
	/* a note mark carries its own span */
	bool note = child(r, "footnoteReference") || child(r, "endnoteReference");
	if (vert == 1 && !note)
		rc = add_span(d, TOLK_INLINE_SUPERSCRIPT, start);
	else if (vert == 2 && !note)
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
	int heading = docx_style_heading(d->styles, sid);
	const char *ol = attr(child(ppr, "outlineLvl"), "val");
	if (ol && ol[0] >= '0' && ol[0] <= '8' && ol[1] == '\0')
		heading = ol[0] - '0' + 1;
	const xmlNode *num = child(ppr, "numPr");
	const char *numid = attr(child(num, "numId"), "val");
	bool list = num ? (!numid || strcmp(numid, "0") != 0) : docx_style_list(d->styles, sid);
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

static int block_content(docx *d, const xmlNode *parent, const tolk_document_block *note, int depth);

/* The text boxes found since mark, each read as blocks of its own, in their order; then forgotten. */
static int flush_boxes(docx *d, size_t mark, int depth)
{
	size_t end = d->nboxes;
	bool in_cell = d->in_cell;
	d->in_cell = false; /* a box in a cell is not more of the cell */
	int rc = 0;
	for (size_t i = mark; i < end && rc == 0; i++)
		rc = block_content(d, d->boxes[i], NULL, depth + 1);
	d->in_cell = in_cell;
	d->nboxes = mark;
	return rc;
}

/* A section's headers and footers, for the end (headers_footers). */
static int section(docx *d, const xmlNode *sect)
{
	int rc = 0;
	for (const xmlNode *c = sect->children; c && rc == 0; c = c->next) {
		bool footer = is_w(c, "footerReference");
		const char *id = attr(c, "id");
		if (!id || !(footer || is_w(c, "headerReference")))
			continue;
		if ((rc = tolk_array_grow((void **)&d->parts, &d->parts_cap, d->nparts + 1, sizeof *d->parts)) < 0)
			break;
		d->parts[d->nparts] = (part_ref){tolk_strdup(id), footer};
		if (!d->parts[d->nparts++].id)
			rc = TOLK_ENOMEM;
	}
	return rc;
}

static int paragraph(docx *d, const xmlNode *p, const tolk_document_block *note, int depth)
{
	d->paragraph++;
	d->fields = 0;
	int rc;
	const xmlNode *sect = child(child(p, "pPr"), "sectPr");
	if (sect && (rc = section(d, sect)) < 0)
		return rc;
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
	if (d->part_kind != TOLK_BLOCK_PARAGRAPH) {
		b.kind = d->part_kind;
		b.level = 0;
	}
	size_t mark = d->nboxes;
	if ((rc = doc_block_begin(d->doc, &b)) < 0)
		return rc;
	if ((rc = inline_content(d, p, 0)) < 0)
		return rc;
	if ((rc = doc_block_end(d->doc)) < 0)
		return rc;
	return flush_boxes(d, mark, depth);
}

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
			cell.kind = d->part_kind != TOLK_BLOCK_PARAGRAPH ? d->part_kind : TOLK_BLOCK_TABLE_CELL;
			cell.table = number;
			cell.row = row;
			cell.column = col;
			d->cell = cell;
			d->in_cell = true;
			d->cell_open = false;
			size_t mark = d->nboxes;
			rc = block_content(d, tc, note, depth + 1);
			if (rc == 0 && d->cell_open)
				rc = doc_block_end(d->doc);
			d->cell_open = false;
			if (rc == 0)
				rc = flush_boxes(d, mark, depth);
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
			rc = paragraph(d, c, note, depth);
		else if (strcmp(name, "sectPr") == 0)
			rc = section(d, c);
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
	/* a text box in a note (rare) is blocks of its own after the notes, read before its part is freed */
	if (rc == 0)
		rc = flush_boxes(d, 0, 0);
	xmlFreeDoc(fx);
	xmlFreeDoc(ex);
	return rc;
}

/* ---- headers and footers ------------------------------------------------------------------------------ */
static int headers_footers(docx *d, doc_zip *z)
{
	if (d->nparts == 0)
		return 0;
	docx_rels *rels = NULL;
	int rc = docx_rels_read(&rels, z, d->doc->name);
	const char **done = NULL; /* members read: a header shared by sections is read once */
	size_t ndone = 0, done_cap = 0;
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		for (size_t i = 0; i < d->nparts && rc == 0; i++) {
			const char *member = docx_rels_member(rels, d->parts[i].id);
			bool seen = !member || d->parts[i].footer != (pass == 1);
			for (size_t k = 0; k < ndone && !seen; k++)
				seen = strcmp(done[k], member) == 0;
			if (seen)
				continue;
			if ((rc = tolk_array_grow((void **)&done, &done_cap, ndone + 1, sizeof *done)) < 0)
				break;
			done[ndone++] = member;
			xmlDoc *x = NULL;
			if ((rc = read_part(&x, d, z, member)) < 0 || !x)
				continue;
			d->paragraph = 0;
			d->part_kind = pass ? TOLK_BLOCK_FOOTER : TOLK_BLOCK_HEADER;
			rc = block_content(d, xmlDocGetRootElement(x), NULL, 0);
			if (rc == 0)
				rc = doc_block_end(d->doc);
			d->part_kind = TOLK_BLOCK_PARAGRAPH;
			xmlFreeDoc(x);
		}
	}
	free(done);
	docx_rels_free(rels);
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
		rc = docx_styles_read(&d.styles, z, doc->name);
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
	if (rc == 0)
		rc = headers_footers(&d, z);
	xmlFreeDoc(x);
	doc_zip_close(z);
	docx_styles_free(d.styles);
	free(d.notes);
	free(d.boxes);
	for (size_t i = 0; i < d.nparts; i++)
		free(d.parts[i].id);
	free(d.parts);
	return rc;
}
