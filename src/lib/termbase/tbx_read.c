/*
 * Reading TBX: ISO 30042:2019 TBX-Basic (tbx/conceptEntry/langSec/termSec) and
 * TBX 2 (martif/termEntry/langSet/tig|ntig), streamed through libxml2's SAX2
 * interface so a base of a million concepts never becomes a DOM. Document type
 * declarations are allowed (martif files carry one) but never loaded, and any
 * entity declaration stops the parse: no external entity, no entity bomb.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>

#include "termbase_tbx.h"

enum elem {
	E_OTHER = 0,
	E_ROOT_TBX,
	E_ROOT_MARTIF,
	E_CONCEPT,
	E_LANG,
	E_TERMSEC,
	E_TERM,
	E_TERMNOTE,
	E_DESCRIP,
	E_NOTE
};

/* The type attribute of a captured element: only these are read. */
enum type {
	T_OTHER = 0,
	T_ADMIN_STATUS,
	T_PART_OF_SPEECH,
	T_SUBJECT_FIELD,
	T_CONTEXT,
	T_DEFINITION
};

/* Element names as libxml2's dictionary holds them: a pointer compare per element. */
static const char *const elem_names[] = {"term", "termNote", "descrip", "note", "termEntry", "langSet", "tig",
                                         "ntig", "conceptEntry", "langSec", "termSec"};
enum { NNAMES = sizeof(elem_names) / sizeof(elem_names[0]) };

typedef struct term_tmp {
	tolk_term_entry e;
	unsigned long line, col;
} term_tmp;

typedef struct position_t {
	unsigned long line, col;
} position_t;

typedef struct reader {
	tolk_termbase *tb;
	const char *path;
	xmlParserCtxtPtr ctxt;
	int rc;              /* first error */
	bool martif;
	int depth;
	bool root_seen;
	/* the concept being read */
	bool in_concept;
	tolk_concept concept;
	unsigned long concept_line, concept_col;
	tolk_lang_definition defs[8];
	size_t ndefs;
	term_tmp *terms;
	size_t nterms, cap_terms;
	const char *lang;    /* of the current langSec, in the arena */
	bool in_termsec;
	bool term_seen;
	/* text capture */
	int capture_depth;   /* depth of the element whose text is collected, 0 = none */
	enum elem capture;
	enum type capture_type;
	tolk_buf text;
	const xmlChar *names[NNAMES];
	/* repeated values (language tags, subject fields) are stored once */
	const char *langs[4];
	const char *subject;
	position_t *where;   /* of each concept's start tag, for the duplicate check */
	size_t cap_where;
} reader;

static void position(reader *r, unsigned long *line, unsigned long *col)
{
	*line = (unsigned long)xmlSAX2GetLineNumber(r->ctxt);
	*col = (unsigned long)xmlSAX2GetColumnNumber(r->ctxt);
}

static void fail(reader *r, int code, const char *fmt, ...) TOLK_PRINTF(3, 4);
static void fail(reader *r, int code, const char *fmt, ...)
{
	if (r->rc < 0)
		return;
	unsigned long line, col;
	position(r, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	r->rc = tolk_error_vset_at(code, r->path, line, col, fmt, ap);
	va_end(ap);
	xmlStopParser(r->ctxt);
}

static enum elem classify_name(const char *n, bool martif)
{
	if (strcmp(n, "term") == 0)
		return E_TERM;
	if (strcmp(n, "termNote") == 0)
		return E_TERMNOTE;
	if (strcmp(n, "descrip") == 0)
		return E_DESCRIP;
	if (strcmp(n, "note") == 0)
		return E_NOTE;
	if (martif) {
		if (strcmp(n, "termEntry") == 0)
			return E_CONCEPT;
		if (strcmp(n, "langSet") == 0)
			return E_LANG;
		if (strcmp(n, "tig") == 0 || strcmp(n, "ntig") == 0)
			return E_TERMSEC;
	} else {
		if (strcmp(n, "conceptEntry") == 0)
			return E_CONCEPT;
		if (strcmp(n, "langSec") == 0)
			return E_LANG;
		if (strcmp(n, "termSec") == 0)
			return E_TERMSEC;
	}
	return E_OTHER;
}

static enum elem classify(const reader *r, const xmlChar *name)
{
	static const enum elem tbx[NNAMES] = {E_TERM, E_TERMNOTE, E_DESCRIP, E_NOTE, E_OTHER, E_OTHER, E_OTHER,
	                                      E_OTHER, E_CONCEPT, E_LANG, E_TERMSEC};
	static const enum elem martif[NNAMES] = {E_TERM, E_TERMNOTE, E_DESCRIP, E_NOTE, E_CONCEPT, E_LANG, E_TERMSEC,
	                                         E_TERMSEC, E_OTHER, E_OTHER, E_OTHER};
	for (int i = 0; i < NNAMES; i++)
		if (name == r->names[i])
			return r->martif ? martif[i] : tbx[i];
	/* a name from outside the dictionary (never seen with libxml2 2.9, but cheap to allow) */
	return classify_name((const char *)name, r->martif);
}

static bool value_is(const xmlChar **a, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(a[4] - a[3]) == n && memcmp(a[3], s, n) == 0;
}

static enum type type_of(int nattr, const xmlChar **attrs)
{
	for (int i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + i * 5;
		if (strcmp((const char *)a[0], "type") != 0 ||
		    (a[2] && strcmp((const char *)a[2], "http://www.w3.org/XML/1998/namespace") == 0))
			continue;
		if (value_is(a, "administrativeStatus"))
			return T_ADMIN_STATUS;
		if (value_is(a, "partOfSpeech"))
			return T_PART_OF_SPEECH;
		if (value_is(a, "subjectField"))
			return T_SUBJECT_FIELD;
		if (value_is(a, "context"))
			return T_CONTEXT;
		if (value_is(a, "definition"))
			return T_DEFINITION;
		return T_OTHER;
	}
	return T_OTHER;
}

/* SAX2 attributes come as (localname, prefix, URI, value, end) quintuples. */
static char *attr(reader *r, int nattr, const xmlChar **attrs, const char *name, bool xml_ns)
{
	for (int i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + i * 5;
		if (strcmp((const char *)a[0], name) != 0)
			continue;
		bool is_xml = a[2] && strcmp((const char *)a[2], "http://www.w3.org/XML/1998/namespace") == 0;
		if (is_xml != xml_ns)
			continue;
		return tolk_arena_strndup(&r->tb->arena, (const char *)a[3], (size_t)(a[4] - a[3]));
	}
	return NULL;
}

/* xml:lang, stored once per distinct tag: a base holds millions of "nl" and "en". */
static const char *lang_attr(reader *r, int nattr, const xmlChar **attrs)
{
	for (int i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + i * 5;
		if (strcmp((const char *)a[0], "lang") != 0 || !a[2] ||
		    strcmp((const char *)a[2], "http://www.w3.org/XML/1998/namespace") != 0)
			continue;
		size_t n = (size_t)(a[4] - a[3]);
		size_t k = 0;
		for (; k < sizeof(r->langs) / sizeof(r->langs[0]) && r->langs[k]; k++)
			if (strlen(r->langs[k]) == n && memcmp(r->langs[k], a[3], n) == 0)
				return r->langs[k];
		char *s = tolk_arena_strndup(&r->tb->arena, (const char *)a[3], n);
		if (s && k < sizeof(r->langs) / sizeof(r->langs[0]))
			r->langs[k] = s;
		return s;
	}
	return NULL;
}

static void start_root(reader *r, const char *name, int nattr, const xmlChar **attrs)
{
	r->root_seen = true;
	if (strcmp(name, "martif") == 0) {
		r->martif = true;
		return;
	}
	if (strcmp(name, "tbx") != 0) {
		fail(r, TOLK_EINVALID, _("not a TBX file: the root element is <%s>, not <tbx> or <martif>"), name);
		return;
	}
	char *type = attr(r, nattr, attrs, "type", false);
	if (type && strcmp(type, "TBX-Basic") != 0 && strncmp(type, "TBX", 3) != 0)
		fail(r, TOLK_EINVALID, _("unsupported TBX type '%s'"), type);
}

static void start_concept(reader *r, int nattr, const xmlChar **attrs)
{
	if (r->in_concept) {
		fail(r, TOLK_EINVALID, _("concept entry inside a concept entry"));
		return;
	}
	memset(&r->concept, 0, sizeof(r->concept));
	r->in_concept = true;
	r->ndefs = 0;
	r->nterms = 0;
	position(r, &r->concept_line, &r->concept_col);
	char *id = attr(r, nattr, attrs, "id", false);
	if (!id && !r->martif) {
		fail(r, TOLK_EINVALID, _("concept entry without an id"));
		return;
	}
	if (id && !*id) {
		fail(r, TOLK_EINVALID, _("concept entry with an empty id"));
		return;
	}
	/* duplicates are looked for once at the end (check_ids): one pass over a table of the right size */
	r->concept.id = id;
}

static void start_lang(reader *r, int nattr, const xmlChar **attrs)
{
	if (!r->in_concept) {
		fail(r, TOLK_EINVALID, _("language section outside a concept entry"));
		return;
	}
	r->lang = lang_attr(r, nattr, attrs);
	if (!r->lang) {
		fail(r, TOLK_EINVALID, _("language section without xml:lang"));
		return;
	}
	if (tb_lang_code(r->lang) < 0)
		fail(r, TOLK_ELANG, _("unknown language '%s' (the term base holds nl and en)"), r->lang);
}

static void start_termsec(reader *r)
{
	if (!r->lang) {
		fail(r, TOLK_EINVALID, _("term section outside a language section"));
		return;
	}
	if (tolk_array_grow((void **)&r->terms, &r->cap_terms, r->nterms + 1, sizeof(*r->terms)) < 0) {
		r->rc = TOLK_ENOMEM;
		xmlStopParser(r->ctxt);
		return;
	}
	term_tmp *t = &r->terms[r->nterms++];
	memset(t, 0, sizeof(*t));
	t->e.lang = r->lang;
	t->e.status = TOLK_TERM_PREFERRED; /* TBX-Basic: a term without a status is the term */
	position(r, &t->line, &t->col);
	r->in_termsec = true;
	r->term_seen = false;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nattr, int ndefaulted, const xmlChar **attrs)
{
	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
	reader *r = ctx;
	if (r->rc < 0)
		return;
	r->depth++;
	if (r->capture_depth)
		return; /* inline markup inside a term or note: only its text counts */
	if (!r->root_seen) {
		start_root(r, (const char *)localname, nattr, attrs);
		return;
	}
	enum elem e = classify(r, localname);
	switch (e) {
	case E_CONCEPT: start_concept(r, nattr, attrs); break;
	case E_LANG: start_lang(r, nattr, attrs); break;
	case E_TERMSEC: start_termsec(r); break;
	case E_TERM:
	case E_TERMNOTE:
	case E_DESCRIP:
	case E_NOTE: {
		if (!r->in_concept)
			break; /* notes in the header */
		if (e == E_TERM && !r->in_termsec) {
			fail(r, TOLK_EINVALID, _("term outside a term section"));
			break;
		}
		r->capture_type = type_of(nattr, attrs);
		r->capture = e;
		r->capture_depth = r->depth;
		tolk_buf_clear(&r->text);
		break;
	}
	default: break;
	}
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	reader *r = ctx;
	if (r->rc < 0 || !r->capture_depth)
		return;
	if (tolk_buf_put(&r->text, (const char *)ch, (size_t)len) < 0) {
		r->rc = TOLK_ENOMEM;
		xmlStopParser(r->ctxt);
	}
}

/* The collected text with white space collapsed, in place; its length (0 when empty). */
static size_t collapse(reader *r)
{
	char *s = r->text.ptr ? r->text.ptr : "";
	size_t o = 0, n = r->text.ptr ? r->text.len : 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = o > 0;
			continue;
		}
		if (space)
			s[o++] = ' ';
		space = false;
		s[o++] = c;
	}
	if (r->text.ptr)
		s[o] = '\0';
	return o;
}

/* The collapsed text in the arena; NULL when empty. */
static char *keep(reader *r, size_t len)
{
	if (len == 0)
		return NULL;
	char *d = tolk_arena_strndup(&r->tb->arena, r->text.ptr, len);
	if (!d) {
		r->rc = TOLK_ENOMEM;
		xmlStopParser(r->ctxt);
	}
	return d;
}

/* A subject field is mostly the one of the concept before: store it once. */
static char *keep_subject(reader *r, size_t len)
{
	if (r->subject && strlen(r->subject) == len && memcmp(r->subject, r->text.ptr, len) == 0)
		return (char *)r->subject;
	char *s = keep(r, len);
	if (s)
		r->subject = s;
	return s;
}

static void end_captured(reader *r)
{
	enum elem e = r->capture;
	r->capture_depth = 0;
	enum type type = r->capture_type;
	term_tmp *t = r->in_termsec && r->nterms ? &r->terms[r->nterms - 1] : NULL;
	size_t len = collapse(r);
	const char *text = len ? r->text.ptr : "";
	if (e == E_TERM) {
		if (!len) {
			fail(r, TOLK_EINVALID, _("empty term"));
			return;
		}
		if (r->term_seen) {
			fail(r, TOLK_EINVALID, _("two terms in one term section"));
			return;
		}
		r->term_seen = true;
		t->e.term = keep(r, len);
	} else if (e == E_TERMNOTE && t) {
		if (type == T_ADMIN_STATUS) {
			if (!len || tolk_term_status_parse(&t->e.status, text) < 0)
				fail(r, TOLK_EINVALID, _("unknown administrativeStatus '%s'"), text);
		} else if (type == T_PART_OF_SPEECH) {
			/* TBX-Basic's picklist, in its spelling: what tolk itself may write back */
			if (len && tb_pos_canonical(&t->e.part_of_speech, text) < 0)
				fail(r, TOLK_EINVALID,
				     _("unknown partOfSpeech '%s' (noun, verb, adjective, adverb, properNoun, other)"), text);
		}
	} else if (e == E_DESCRIP) {
		if (type == T_SUBJECT_FIELD) {
			r->concept.subject_field = keep_subject(r, len);
		} else if (type == T_CONTEXT && t) {
			t->e.context = keep(r, len);
		} else if (type == T_DEFINITION && len && r->lang && r->ndefs < 8) {
			char *d = keep(r, len);
			if (d)
				r->defs[r->ndefs++] = (tolk_lang_definition){r->lang, d};
		}
	} else if (e == E_NOTE) {
		if (t)
			t->e.note = keep(r, len);
		else if (!r->lang)
			r->concept.note = keep(r, len);
	}
}

static void end_concept(reader *r)
{
	tolk_termbase *tb = r->tb;
	r->in_concept = false;
	if (r->nterms == 0) {
		unsigned long line = r->concept_line, col = r->concept_col;
		r->rc = tolk_error_set_at(TOLK_EINVALID, r->path, line, col, _("concept '%s' has no terms"),
		                          r->concept.id ? r->concept.id : "?");
		xmlStopParser(r->ctxt);
		return;
	}
	if (!r->concept.id) {
		char id[32];
		snprintf(id, sizeof(id), TB_PROVISIONAL "%zu", tb->nconcepts + 1);
		if (!(r->concept.id = tolk_arena_strdup(&tb->arena, id))) {
			r->rc = TOLK_ENOMEM;
			xmlStopParser(r->ctxt);
			return;
		}
	}
	tolk_term_entry *terms = tolk_arena_alloc(&tb->arena, r->nterms * sizeof(*terms));
	tolk_lang_definition *defs = r->ndefs ? tolk_arena_alloc(&tb->arena, r->ndefs * sizeof(*defs)) : NULL;
	if (!terms || (r->ndefs && !defs)) {
		r->rc = TOLK_ENOMEM;
		xmlStopParser(r->ctxt);
		return;
	}
	for (size_t i = 0; i < r->nterms; i++)
		terms[i] = r->terms[i].e;
	if (r->ndefs)
		memcpy(defs, r->defs, r->ndefs * sizeof(*defs));
	r->concept.terms = terms;
	r->concept.term_count = r->nterms;
	r->concept.definitions = defs;
	r->concept.definition_count = r->ndefs;
	int rc = tolk_array_grow((void **)&r->where, &r->cap_where, tb->nconcepts + 1, sizeof(*r->where));
	if (rc == 0) {
		r->where[tb->nconcepts] = (position_t){r->concept_line, r->concept_col};
		rc = tb_push_concept(tb, &r->concept);
	}
	if (rc < 0) {
		r->rc = rc;
		xmlStopParser(r->ctxt);
	}
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	(void)prefix, (void)uri;
	reader *r = ctx;
	if (r->rc < 0)
		return;
	if (r->capture_depth) {
		if (r->depth-- == r->capture_depth)
			end_captured(r);
		return;
	}
	r->depth--;
	switch (classify(r, localname)) {
	case E_CONCEPT:
		if (r->in_concept)
			end_concept(r);
		break;
	case E_LANG: r->lang = NULL; break;
	case E_TERMSEC:
		r->in_termsec = false;
		if (!r->term_seen)
			fail(r, TOLK_EINVALID, _("term section without a term"));
		break;
	default: break;
	}
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
	(void)type, (void)public_id, (void)system_id, (void)content;
	fail(ctx, TOLK_EINVALID, _("entity declaration '%s' refused: TBX files need no entities"),
	     (const char *)name);
}

static void on_error(void *ctx, xmlErrorPtr err)
{
	reader *r = ctx;
	if (r->rc < 0 || !err || err->level < XML_ERR_ERROR)
		return;
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "XML error");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	unsigned long line = (unsigned long)err->line, col = (unsigned long)(err->int2 > 0 ? err->int2 : 0);
	/* libxml2 says "Extra content at the end of the document" when there is too little. */
	if (err->code == XML_ERR_DOCUMENT_END && r->depth > 0)
		r->rc = tolk_error_set_at(TOLK_EINVALID, r->path, line, col,
		                          _("malformed TBX: the file ends inside an element: is it cut short?"));
	else if (!r->root_seen && (err->code == XML_ERR_DOCUMENT_END || err->code == XML_ERR_DOCUMENT_EMPTY))
		r->rc = tolk_error_set_at(TOLK_EINVALID, r->path, line, col,
		                          _("not a TBX file: it holds no XML element"));
	else
		r->rc = tolk_error_set_at(TOLK_EINVALID, r->path, line, col, _("malformed TBX: %s"), msg);
}

/*
 * The first duplicate concept id, reported as the streaming check would have:
 * at its start tag, and before any error that comes later in the file (a
 * parse that failed still has every concept before the failure, and perhaps
 * the start of the one it failed in).
 */
static int check_ids(reader *r, int rc)
{
	tolk_termbase *tb = r->tb;
	long dup;
	if (tb_build_ids(&dup, tb) < 0)
		return rc < 0 ? rc : tolk_error_oom();
	if (dup >= 0)
		return tolk_error_set_at(TOLK_EEXISTS, r->path, r->where[dup].line, r->where[dup].col,
		                         _("duplicate concept id '%s'"), tb->concepts[dup].id);
	if (rc < 0 && r->in_concept && r->concept.id && *r->concept.id && tb_find_concept(tb, r->concept.id) >= 0)
		return tolk_error_set_at(TOLK_EEXISTS, r->path, r->concept_line, r->concept_col,
		                         _("duplicate concept id '%s'"), r->concept.id);
	return rc;
}

struct tbx_part {
	reader r;
	xmlSAXHandler sax;
	bool ids_unchecked; /* the loader checks them over the whole file */
};

void tbx_part_leave_ids(tbx_part *p)
{
	p->ids_unchecked = true;
}

int tbx_part_new(tbx_part **out, tolk_termbase *tb, const char *path, const char *prefix, size_t prefix_len)
{
	*out = NULL;
	tbx_part *p = tolk_calloc(1, sizeof(*p));
	if (!p)
		return TOLK_ENOMEM;
	reader *r = &p->r;
	r->tb = tb;
	r->path = path;
	p->sax.initialized = XML_SAX2_MAGIC;
	p->sax.startElementNs = on_start;
	p->sax.endElementNs = on_end;
	p->sax.characters = on_text;
	p->sax.cdataBlock = on_text;
	p->sax.entityDecl = on_entity_decl;
	p->sax.serror = on_error;
	int opts = tolk_xml_safe_options();
	r->ctxt = xmlCreatePushParserCtxt(&p->sax, r, NULL, 0, path);
	if (!r->ctxt) {
		free(p);
		return tolk_error_oom();
	}
	xmlCtxtUseOptions(r->ctxt, opts);
	tolk_xml_guard(r->ctxt);
	for (int i = 0; i < NNAMES; i++)
		r->names[i] = xmlDictLookup(r->ctxt->dict, (const xmlChar *)elem_names[i], -1);
	*out = p;
	return prefix_len ? tbx_part_push(p, prefix, prefix_len) : 0;
}

int tbx_part_push(tbx_part *p, const char *data, size_t len)
{
	enum { PIECE = 1 << 20 };
	reader *r = &p->r;
	for (size_t o = 0; o < len && r->rc == 0; o += PIECE)
		tolk_xml_push(r->ctxt, data + o, len - o < PIECE ? len - o : PIECE, false);
	return r->rc;
}

int tbx_part_finish(tbx_part *p)
{
	reader *r = &p->r;
	const char *path = r->path;
	int rc = 0;
	if (r->rc == 0)
		tolk_xml_push(r->ctxt, NULL, 0, true);
	/* a conversion that fails stops the parser without marking the document malformed */
	if (r->rc == 0 && tolk_xml_encoding_failed(r->ctxt))
		rc = tolk_error_set_at(TOLK_EINVALID, path, (unsigned long)xmlSAX2GetLineNumber(r->ctxt), 0, "%s",
		                       _("the TBX is not in the encoding it declares"));
	else if (r->rc == 0 && !r->ctxt->wellFormed)
		rc = tolk_error_set_at(TOLK_EINVALID, path, 0, 0, _("malformed TBX"));
	if (rc == 0 && r->rc == 0 && !r->root_seen)
		rc = tolk_error_set_at(TOLK_EINVALID, path, 1, 1, _("not a TBX file: no root element"));
	if (rc == 0)
		rc = r->rc;
	if ((rc == 0 || rc == TOLK_EINVALID || rc == TOLK_ELANG || rc == TOLK_EEXISTS) && !p->ids_unchecked)
		rc = check_ids(r, rc);
	return rc;
}

int tbx_part_stack(const char **names, size_t max, tbx_part *p)
{
	xmlParserCtxtPtr c = p->r.ctxt;
	if (p->r.rc < 0 || p->r.in_concept || p->r.capture_depth || c->instate != XML_PARSER_CONTENT || !c->input ||
	    !c->input->cur || c->nameNr < 0 || (size_t)c->nameNr > max || c->nameNr != p->r.depth)
		return -1;
	/* white space may wait for the next '<'; anything else is a construct not yet read */
	for (const xmlChar *q = c->input->cur; q < c->input->end; q++)
		if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
			return -1;
	for (int i = 0; i < c->nameNr; i++)
		names[i] = (const char *)c->nameTab[i];
	return c->nameNr;
}

void tbx_part_free(tbx_part *p)
{
	if (!p)
		return;
	reader *r = &p->r;
	free(r->where);
	free(r->terms);
	tolk_buf_free(&r->text);
	/* libxml2 keeps declarations of an internal subset in a document of its own */
	if (r->ctxt->myDoc)
		xmlFreeDoc(r->ctxt->myDoc);
	xmlFreeParserCtxt(r->ctxt);
	free(p);
}
