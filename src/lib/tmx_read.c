/*
 * Streaming TMX reader: xmlTextReader walks the file and each tu is expanded on its
 * own and freed before the next, so memory stays flat whatever the file's size.
 * libxml2 detects UTF-16 from the byte-order mark; no DTD or entity is ever loaded.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlreader.h>

#include "tmx_private.h"

struct tolk_tmx_reader {
	xmlTextReaderPtr xml;
	char *path;
	tolk_tmx_header header;
	tolk_tmx_unit unit;       /* the current unit, handed out borrowed */
	tolk_buf seg_xml, seg_text;
	bool skip_subtree;        /* the reader sits on an expanded tu */
	bool finished;
	int failed;               /* the error every later call repeats */
	/* The first parse error libxml2 reported, with its position. */
	char *parse_error;
	int parse_code;
	unsigned long parse_line, parse_col;
};

static void on_parse_error(void *arg, xmlErrorPtr e)
{
	tolk_tmx_reader *r = arg;
	if (!e || e->level < XML_ERR_ERROR || r->parse_error)
		return;
	const char *msg = e->message ? e->message : "XML error";
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	r->parse_error = tolk_strndup(msg, n);
	/* libxml2 continues some messages on a second line; ours are one line. */
	for (char *p = r->parse_error; p && *p; p++)
		if (*p == '\n')
			*p = ' ';
	r->parse_code = e->code;
	r->parse_line = e->line > 0 ? (unsigned long)e->line : 0;
	r->parse_col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
}

/*
 * Reads a file again one character at a time, on error paths only: UTF-16 code
 * units after a byte-order mark, else UTF-8 lead bytes (continuation bytes are
 * skipped, so columns count characters). Enough for finding ASCII markup.
 */
typedef struct char_reader {
	FILE *f;
	bool utf16, big_endian;
} char_reader;

static bool char_reader_open(char_reader *cr, const char *path)
{
	cr->f = fopen(path, "rb");
	if (!cr->f)
		return false;
	int first = fgetc(cr->f), second = fgetc(cr->f);
	cr->utf16 = (first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF);
	cr->big_endian = first == 0xFE;
	if (!cr->utf16)
		rewind(cr->f);
	return true;
}

/* The next character, or EOF. */
static int char_reader_next(char_reader *cr)
{
	for (;;) {
		int c = fgetc(cr->f);
		if (c == EOF)
			return EOF;
		if (cr->utf16) {
			int d = fgetc(cr->f);
			if (d == EOF)
				return EOF;
			return cr->big_endian ? (c << 8 | d) : (d << 8 | c);
		}
		if ((c & 0xC0) != 0x80)
			return c;
	}
}

/*
 * Where markup starts in the file, for errors found after parsing (libxml2 keeps only
 * the line of a node, and nothing for a DOCTYPE): the first `marker` on line *line, or
 * anywhere when *line is 0. Reads the file again, which is fine on an error path;
 * handles UTF-8 and UTF-16 since markers are ASCII. Returns the 1-based column, 0 if
 * not found.
 */
static unsigned long locate(const char *path, unsigned long *line, const char *marker)
{
	char_reader cr;
	if (!char_reader_open(&cr, path))
		return 0;
	unsigned long at_line = 1, col = 1, found = 0;
	size_t matched = 0, want = strlen(marker);
	for (;;) {
		int c = char_reader_next(&cr);
		if (c == EOF)
			break;
		if (c == '\n') {
			if (*line && at_line == *line)
				break;
			at_line++;
			col = 1;
			matched = 0;
			continue;
		}
		if (!*line || at_line == *line) {
			matched = c == marker[matched] ? matched + 1 : (c == marker[0] ? 1 : 0);
			if (matched == want) {
				found = col - want + 1;
				*line = at_line;
				break;
			}
		}
		col++;
	}
	fclose(cr.f);
	return found;
}

/*
 * An element's line. Past line 65535 libxml2 keeps the real number (XML_PARSE_BIG_LINES)
 * only on text nodes, and xmlGetLineNo answers with the first child's line; a text child
 * is stamped where it ends, so step back over its newlines.
 */
static unsigned long node_line(const xmlNode *n)
{
	long line = xmlGetLineNo((xmlNode *)n);
	if (n->type == XML_ELEMENT_NODE && n->line == 65535 && n->children &&
	    n->children->type == XML_TEXT_NODE && n->children->content)
		for (const xmlChar *c = n->children->content; *c; c++)
			line -= *c == '\n';
	return line > 0 ? (unsigned long)line : 0;
}

static int fail_at_node(tolk_tmx_reader *r, const xmlNode *node, const char *fmt, const char *name)
{
	unsigned long line = node ? node_line(node) : 0;
	unsigned long col = 0;
	if (node && node->type == XML_ELEMENT_NODE && line > 0) {
		char marker[64];
		snprintf(marker, sizeof(marker), "<%s", (const char *)node->name);
		col = locate(r->path, &line, marker);
	}
	r->failed = tolk_error_set_at(TOLK_EINVALID, r->path, line, col, fmt, name);
	return r->failed;
}

/*
 * Where a file's last non-space character is, and whether it has any markup
 * at all: libxml2 calls an empty file, a text file and one cut short all
 * "Extra content at the end of the document" (at the start of real extra
 * content, at the very end for a file cut short). Error path only.
 */
static bool file_end(const char *path, unsigned long *last_line, unsigned long *last_col)
{
	*last_line = *last_col = 0;
	char_reader cr;
	if (!char_reader_open(&cr, path))
		return false;
	unsigned long line = 1, col = 0;
	bool markup = false;
	for (;;) {
		int c = char_reader_next(&cr);
		if (c == EOF)
			break;
		if (c == '\n') {
			line++;
			col = 0;
			continue;
		}
		col++;
		if (c == '<')
			markup = true;
		if (c != ' ' && c != '\t' && c != '\r' && c != 0xFEFF) {
			*last_line = line;
			*last_col = col;
		}
	}
	fclose(cr.f);
	return markup;
}

static int fail_parse(tolk_tmx_reader *r)
{
	unsigned long end_line = 0, end_col = 0;
	bool markup = true;
	if (r->parse_error && (r->parse_code == XML_ERR_DOCUMENT_END || r->parse_code == XML_ERR_DOCUMENT_EMPTY))
		markup = file_end(r->path, &end_line, &end_col);
	if (!markup)
		r->failed = tolk_error_set_at(TOLK_EINVALID, r->path, r->parse_line, r->parse_col,
		                              _("not a TMX file: it holds no XML element"));
	else if (r->parse_error && r->parse_code == XML_ERR_DOCUMENT_END &&
	         (r->parse_line > end_line || (r->parse_line == end_line && r->parse_col > end_col)))
		r->failed = tolk_error_set_at(TOLK_EINVALID, r->path, r->parse_line, r->parse_col,
		                              _("the file ends inside an element: is it cut short?"));
	else if (r->parse_error)
		r->failed = tolk_error_set_at(TOLK_EINVALID, r->path, r->parse_line, r->parse_col, "%s",
		                              r->parse_error);
	else
		r->failed = tolk_error_set_at(TOLK_EINVALID, r->path,
		                              (unsigned long)xmlTextReaderGetParserLineNumber(r->xml),
		                              (unsigned long)xmlTextReaderGetParserColumnNumber(r->xml),
		                              _("malformed XML"));
	return r->failed;
}

static char *attr_dup(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = tolk_strdup((const char *)v);
	xmlFree(v);
	return s;
}

static int attr_date(tolk_tmx_reader *r, time_t *out, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
	*out = 0;
	if (!v)
		return 0;
	int rc = tolk_tmx_date_parse(out, (const char *)v);
	if (rc < 0) {
		char *why = tolk_strdup(tolk_error_last()->message);
		rc = fail_at_node(r, n, "%s", why ? why : "");
		free(why);
	}
	xmlFree(v);
	return rc;
}

static int check_entities(tolk_tmx_reader *r)
{
	xmlNode *node = xmlTextReaderCurrentNode(r->xml);
	if (node && node->type == XML_DTD_NODE) {
		xmlDtd *dtd = (xmlDtd *)node;
		/* TMX needs no entities; declaring any is how XXE and entity bombs begin. */
		if (dtd->entities || dtd->pentities) {
			unsigned long line = 0, col = locate(r->path, &line, "<!ENTITY");
			r->failed = tolk_error_set_at(TOLK_EINVALID, r->path, line, col,
			                              _("the DOCTYPE declares entities, which tolk never expands"));
			return r->failed;
		}
	}
	return 0;
}

/* The node's subtree, read whole (libxml2's generic channel silent meanwhile: util.h says why). */
static xmlNode *expand(tolk_tmx_reader *r)
{
	tolk_xml_quiet quiet;
	tolk_xml_quiet_begin(&quiet);
	xmlNode *n = xmlTextReaderExpand(r->xml);
	tolk_xml_quiet_end(&quiet);
	return n;
}

/* Read the next node; 1 when there is one, 0 at the end, an error code otherwise. */
static int advance(tolk_tmx_reader *r, bool skip_subtree)
{
	tolk_xml_quiet quiet;
	tolk_xml_quiet_begin(&quiet);
	int ret = skip_subtree ? xmlTextReaderNext(r->xml) : xmlTextReaderRead(r->xml);
	tolk_xml_quiet_end(&quiet);
	if (ret < 0 || r->parse_error)
		return fail_parse(r);
	if (ret == 1 && xmlTextReaderNodeType(r->xml) == XML_READER_TYPE_DOCUMENT_TYPE)
		return check_entities(r) < 0 ? r->failed : 1;
	if (ret == 1 && xmlTextReaderNodeType(r->xml) == XML_READER_TYPE_ENTITY_REFERENCE) {
		r->failed = tolk_error_set_at(TOLK_EINVALID, r->path,
		                              (unsigned long)xmlTextReaderGetParserLineNumber(r->xml), 0,
		                              _("entity reference: TMX files must not use entities"));
		return r->failed;
	}
	return ret;
}

static const char *node_name(tolk_tmx_reader *r)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r->xml);
	return n ? (const char *)n : "";
}

static int read_header(tolk_tmx_reader *r)
{
	xmlNode *n = expand(r);
	if (!n)
		return fail_parse(r);
	tolk_tmx_header *h = &r->header;
	h->creationtool = attr_dup(n, "creationtool");
	h->creationtoolversion = attr_dup(n, "creationtoolversion");
	h->segtype = attr_dup(n, "segtype");
	h->o_tmf = attr_dup(n, "o-tmf");
	h->adminlang = attr_dup(n, "adminlang");
	h->srclang = attr_dup(n, "srclang");
	h->datatype = attr_dup(n, "datatype");
	return attr_date(r, &h->creationdate, n, "creationdate");
}

int tolk_tmx_reader_open(tolk_tmx_reader **out, const char *path)
{
	*out = NULL;
	FILE *probe = fopen(path, "rb");
	if (!probe)
		return tolk_error_set_at(errno == ENOENT ? TOLK_ENOTFOUND : TOLK_EIO, path, 0, 0, "%s",
		                         strerror(errno));
	struct stat st;
	bool is_dir = fstat(fileno(probe), &st) == 0 && S_ISDIR(st.st_mode);
	fclose(probe);
	if (is_dir) /* libxml2 would print its own I/O error and then call the file empty */
		return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("is a directory"));
	tolk_tmx_reader *r = tolk_calloc(1, sizeof(*r));
	if (!r)
		return TOLK_ENOMEM;
	r->path = tolk_strdup(path);
	r->xml = xmlReaderForFile(path, NULL, tmx_parse_options());
	if (!r->path || !r->xml) {
		tolk_tmx_reader_free(r);
		return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot open the file as XML"));
	}
	xmlTextReaderSetStructuredErrorHandler(r->xml, on_parse_error, r);

	int rc;
	bool root_seen = false, header_seen = false, skip = false;
	while ((rc = advance(r, skip)) == 1) {
		skip = false;
		if (xmlTextReaderNodeType(r->xml) != XML_READER_TYPE_ELEMENT)
			continue;
		int depth = xmlTextReaderDepth(r->xml);
		const char *name = node_name(r);
		if (depth == 0 && strcmp(name, "tmx") == 0) {
			root_seen = true;
		} else if (depth == 0) {
			rc = fail_at_node(r, xmlTextReaderCurrentNode(r->xml),
			                  _("not a TMX file: the root element is <%s>"), name);
			break;
		} else if (depth == 1 && strcmp(name, "header") == 0 && !header_seen) {
			if ((rc = read_header(r)) < 0)
				break;
			header_seen = skip = true; /* read_header expanded it: skip its children */
		} else if (depth == 1 && strcmp(name, "body") == 0) {
			goto at_body;
		} else {
			rc = fail_at_node(r, xmlTextReaderCurrentNode(r->xml), _("unexpected <%s> in <tmx>"), name);
			break;
		}
	}
	if (rc >= 0) /* the file ended before any body */
		rc = r->failed = tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                                   root_seen ? _("the TMX file has no <body>")
		                                             : _("not a TMX file: no <tmx> element"));
	tolk_tmx_reader_free(r);
	return rc;

at_body:
	if (!header_seen) {
		rc = fail_at_node(r, xmlTextReaderCurrentNode(r->xml), _("<%s> without a <header> before it"), "body");
		tolk_tmx_reader_free(r);
		return rc;
	}
	r->skip_subtree = false;
	if (xmlTextReaderIsEmptyElement(r->xml))
		r->finished = true;
	*out = r;
	return 0;
}

const tolk_tmx_header *tolk_tmx_reader_header(tolk_tmx_reader *r)
{
	return r ? &r->header : NULL;
}

/* ---- one unit ----------------------------------------------------------------------- */

static int add_prop(tolk_tmx_reader *r, tolk_tmx_prop **props, size_t *n, const xmlNode *node)
{
	tolk_tmx_prop *grown = tolk_realloc(*props, (*n + 1) * sizeof(**props));
	(void)r;
	if (!grown)
		return TOLK_ENOMEM;
	*props = grown;
	xmlChar *value = xmlNodeGetContent(node);
	char *type = attr_dup(node, "type");
	grown[*n].type = type ? type : tolk_strdup("");
	grown[*n].value = tolk_strdup(value ? (const char *)value : "");
	xmlFree(value);
	(*n)++;
	return grown[*n - 1].type && grown[*n - 1].value ? 0 : TOLK_ENOMEM;
}

static int add_note(char ***notes, size_t *n, const xmlNode *node)
{
	char **grown = tolk_realloc(*notes, (*n + 1) * sizeof(**notes));
	if (!grown)
		return TOLK_ENOMEM;
	*notes = grown;
	xmlChar *value = xmlNodeGetContent(node);
	grown[*n] = tolk_strdup(value ? (const char *)value : "");
	xmlFree(value);
	return grown[(*n)++] ? 0 : TOLK_ENOMEM;
}

static int read_tuv(tolk_tmx_reader *r, tolk_tmx_tuv *v, const xmlNode *n)
{
	xmlChar *lang = xmlGetNsProp((xmlNode *)n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	if (!lang) /* TMX 1.1 and some current tools still write plain lang */
		lang = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)"lang");
	if (!lang || !*lang) {
		xmlFree(lang);
		return fail_at_node(r, n, _("<%s> without xml:lang"), "tuv");
	}
	v->lang = tolk_strdup((const char *)lang);
	xmlFree(lang);
	v->creationid = attr_dup(n, "creationid");
	v->changeid = attr_dup(n, "changeid");
	int rc = attr_date(r, &v->creationdate, n, "creationdate");
	if (rc == 0)
		rc = attr_date(r, &v->changedate, n, "changedate");
	const xmlNode *seg = NULL;
	for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
		if (c->type == XML_ENTITY_REF_NODE)
			return fail_at_node(r, n, _("entity reference in <%s>: TMX files must not use entities"), "tuv");
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "seg") == 0) {
			if (seg)
				return fail_at_node(r, c, _("a <tuv> holds one <%s>, this one two"), name);
			seg = c;
		} else if (strcmp(name, "prop") == 0) {
			rc = add_prop(r, &v->props, &v->nprops, c);
		} else if (strcmp(name, "note") == 0) {
			rc = add_note(&v->notes, &v->nnotes, c);
		} else {
			return fail_at_node(r, c, _("unexpected <%s> in <tuv>"), name);
		}
	}
	if (rc < 0)
		return rc;
	if (!seg)
		return fail_at_node(r, n, _("<%s> without <seg>"), "tuv");
	tmx_seg_problem problem;
	r->seg_xml.len = r->seg_text.len = 0;
	rc = tmx_seg_walk(&r->seg_xml, &r->seg_text, seg, false, &problem);
	if (rc == TOLK_EINVALID)
		return fail_at_node(r, problem.node, _(problem.message), problem.name);
	if (rc < 0)
		return rc;
	v->seg_xml = tolk_strndup(r->seg_xml.ptr, r->seg_xml.len);
	v->text = tolk_strndup(r->seg_text.ptr, r->seg_text.len);
	return v->lang && v->seg_xml && v->text ? 0 : TOLK_ENOMEM;
}

static int read_unit(tolk_tmx_reader *r, const xmlNode *n)
{
	tolk_tmx_unit *u = &r->unit;
	tolk_tmx_unit_clear(u);
	u->line = node_line(n);
	u->tuid = attr_dup(n, "tuid");
	u->creationid = attr_dup(n, "creationid");
	u->changeid = attr_dup(n, "changeid");
	int rc = attr_date(r, &u->creationdate, n, "creationdate");
	if (rc == 0)
		rc = attr_date(r, &u->changedate, n, "changedate");
	size_t cap = 0;
	for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
		if (c->type == XML_ENTITY_REF_NODE)
			return fail_at_node(r, n, _("entity reference in <%s>: TMX files must not use entities"), "tu");
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		const char *name = (const char *)c->name;
		if (strcmp(name, "tuv") == 0) {
			rc = tolk_array_grow((void **)&u->tuvs, &cap, u->ntuvs + 1, sizeof(*u->tuvs));
			if (rc == 0) {
				memset(&u->tuvs[u->ntuvs], 0, sizeof(*u->tuvs));
				u->ntuvs++;
				rc = read_tuv(r, &u->tuvs[u->ntuvs - 1], c);
			}
		} else if (u->ntuvs > 0 && (strcmp(name, "prop") == 0 || strcmp(name, "note") == 0)) {
			return fail_at_node(r, c, _("<%s> after a <tuv>: TMX puts notes and props first"), name);
		} else if (strcmp(name, "prop") == 0) {
			rc = add_prop(r, &u->props, &u->nprops, c);
		} else if (strcmp(name, "note") == 0) {
			rc = add_note(&u->notes, &u->nnotes, c);
		} else {
			return fail_at_node(r, c, _("unexpected <%s> in <tu>"), name);
		}
	}
	if (rc == 0 && u->ntuvs == 0)
		return fail_at_node(r, n, _("<%s> without any <tuv>"), "tu");
	return rc;
}

int tolk_tmx_reader_next(const tolk_tmx_unit **out, tolk_tmx_reader *r)
{
	*out = NULL;
	if (!r)
		return tolk_error_set(TOLK_EINVALID, _("no TMX reader"));
	if (r->failed) /* repeat the error rather than pretend the file ended */
		return r->failed;
	while (!r->finished) {
		int rc = advance(r, r->skip_subtree);
		r->skip_subtree = false;
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
		int type = xmlTextReaderNodeType(r->xml);
		int depth = xmlTextReaderDepth(r->xml);
		if (type == XML_READER_TYPE_END_ELEMENT && depth == 1) {
			/* </body>: read on to the end so a broken tail is still reported */
			r->finished = true;
			while ((rc = advance(r, false)) == 1) {
				if (xmlTextReaderNodeType(r->xml) == XML_READER_TYPE_ELEMENT)
					return fail_at_node(r, xmlTextReaderCurrentNode(r->xml),
					                    _("unexpected <%s> after <body>"), node_name(r));
			}
			if (rc < 0)
				return rc;
			break;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (depth != 2 || strcmp(node_name(r), "tu") != 0)
			return fail_at_node(r, xmlTextReaderCurrentNode(r->xml), _("unexpected <%s> in <body>"),
			                    node_name(r));
		xmlNode *tu = expand(r);
		if (!tu)
			return fail_parse(r);
		r->skip_subtree = true;
		if (r->parse_error)
			return fail_parse(r);
		rc = read_unit(r, tu);
		if (rc < 0) {
			if (!r->failed)
				r->failed = rc;
			return rc;
		}
		*out = &r->unit;
		return 0;
	}
	r->finished = true;
	tolk_tmx_unit_clear(&r->unit);
	return TOLK_ITEROVER;
}

void tolk_tmx_reader_free(tolk_tmx_reader *r)
{
	if (!r)
		return;
	if (r->xml)
		xmlFreeTextReader(r->xml);
	tolk_tmx_header *h = &r->header;
	free(h->creationtool);
	free(h->creationtoolversion);
	free(h->segtype);
	free(h->o_tmf);
	free(h->adminlang);
	free(h->srclang);
	free(h->datatype);
	tolk_tmx_unit_clear(&r->unit);
	tolk_buf_free(&r->seg_xml);
	tolk_buf_free(&r->seg_text);
	free(r->parse_error);
	free(r->path);
	free(r);
}
