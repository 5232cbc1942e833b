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

#include "termbase_priv.h"

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

typedef struct term_tmp {
	tolk_term_entry e;
	unsigned long line, col;
} term_tmp;

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
	char capture_type[32];
	tolk_buf text;
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

static enum elem classify(const xmlChar *name, bool martif)
{
	const char *n = (const char *)name;
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
		return tb_arena_strndup(&r->tb->arena, (const char *)a[3], (size_t)(a[4] - a[3]));
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
	r->concept.id = id;
	if (id && tb_find_concept(r->tb, id) >= 0)
		fail(r, TOLK_EEXISTS, _("duplicate concept id '%s'"), id);
}

static void start_lang(reader *r, int nattr, const xmlChar **attrs)
{
	if (!r->in_concept) {
		fail(r, TOLK_EINVALID, _("language section outside a concept entry"));
		return;
	}
	r->lang = attr(r, nattr, attrs, "lang", true);
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
	enum elem e = classify(localname, r->martif);
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
		char *type = attr(r, nattr, attrs, "type", false);
		snprintf(r->capture_type, sizeof(r->capture_type), "%s", type ? type : "");
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

/* The collected text with white space collapsed, in the arena; NULL when empty. */
static char *captured(reader *r)
{
	char *s = r->text.ptr ? r->text.ptr : "";
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; s[i]; i++) {
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
	if (o == 0)
		return NULL;
	char *d = tb_arena_strndup(&r->tb->arena, s, o);
	if (!d) {
		r->rc = TOLK_ENOMEM;
		xmlStopParser(r->ctxt);
	}
	return d;
}

static void end_captured(reader *r)
{
	enum elem e = r->capture;
	r->capture_depth = 0;
	const char *type = r->capture_type;
	term_tmp *t = r->in_termsec && r->nterms ? &r->terms[r->nterms - 1] : NULL;
	char *s = captured(r);
	if (r->rc < 0)
		return;
	if (e == E_TERM) {
		if (!s) {
			fail(r, TOLK_EINVALID, _("empty term"));
			return;
		}
		if (r->term_seen) {
			fail(r, TOLK_EINVALID, _("two terms in one term section"));
			return;
		}
		r->term_seen = true;
		t->e.term = s;
	} else if (e == E_TERMNOTE && t) {
		if (strcmp(type, "administrativeStatus") == 0) {
			if (!s || tolk_term_status_parse(&t->e.status, s) < 0)
				fail(r, TOLK_EINVALID, _("unknown administrativeStatus '%s'"), s ? s : "");
		} else if (strcmp(type, "partOfSpeech") == 0) {
			/* TBX-Basic's picklist, in its spelling: what tolk itself may write back */
			if (s && tb_pos_canonical(&t->e.part_of_speech, s) < 0)
				fail(r, TOLK_EINVALID,
				     _("unknown partOfSpeech '%s' (noun, verb, adjective, adverb, properNoun, other)"), s);
		}
	} else if (e == E_DESCRIP) {
		if (strcmp(type, "subjectField") == 0) {
			r->concept.subject_field = s;
		} else if (strcmp(type, "context") == 0 && t) {
			t->e.context = s;
		} else if (strcmp(type, "definition") == 0 && s && r->lang && r->ndefs < 8) {
			r->defs[r->ndefs++] = (tolk_lang_definition){r->lang, s};
		}
	} else if (e == E_NOTE) {
		if (t)
			t->e.note = s;
		else if (!r->lang)
			r->concept.note = s;
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
		if (!(r->concept.id = tb_arena_strdup(&tb->arena, id))) {
			r->rc = TOLK_ENOMEM;
			xmlStopParser(r->ctxt);
			return;
		}
	}
	tolk_term_entry *terms = tb_arena_alloc(&tb->arena, r->nterms * sizeof(*terms));
	tolk_lang_definition *defs = r->ndefs ? tb_arena_alloc(&tb->arena, r->ndefs * sizeof(*defs)) : NULL;
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
	/* start_concept checked the id; a provisional one is new by construction */
	int rc = tb_append_new_concept(tb, &r->concept);
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
	switch (classify(localname, r->martif)) {
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

int tbx_read(tolk_termbase *tb, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return tolk_error_set_at(errno == ENOENT ? TOLK_ENOTFOUND : TOLK_EIO, path, 0, 0, _("cannot open: %s"),
		                         strerror(errno));
	reader r = {0};
	r.tb = tb;
	r.path = path;
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.entityDecl = on_entity_decl;
	sax.serror = on_error;
	int opts = tolk_xml_safe_options();
	r.ctxt = xmlCreatePushParserCtxt(&sax, &r, NULL, 0, path);
	if (!r.ctxt) {
		fclose(fp);
		return tolk_error_oom();
	}
	xmlCtxtUseOptions(r.ctxt, opts);
	char *chunk = tolk_malloc(1 << 20);
	size_t n;
	int rc = chunk ? 0 : TOLK_ENOMEM;
	while (rc == 0 && r.rc == 0 && (n = fread(chunk, 1, 1 << 20, fp)) > 0)
		xmlParseChunk(r.ctxt, chunk, (int)n, 0);
	if (rc == 0 && ferror(fp))
		rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("read error: %s"), strerror(errno));
	if (rc == 0 && r.rc == 0)
		xmlParseChunk(r.ctxt, NULL, 0, 1);
	if (rc == 0 && r.rc == 0 && !r.ctxt->wellFormed)
		rc = tolk_error_set_at(TOLK_EINVALID, path, 0, 0, _("malformed TBX"));
	if (rc == 0 && r.rc == 0 && !r.root_seen)
		rc = tolk_error_set_at(TOLK_EINVALID, path, 1, 1, _("not a TBX file: no root element"));
	if (rc == 0)
		rc = r.rc;
	free(chunk);
	free(r.terms);
	tolk_buf_free(&r.text);
	/* libxml2 keeps declarations of an internal subset in a document of its own */
	if (r.ctxt->myDoc)
		xmlFreeDoc(r.ctxt->myDoc);
	xmlFreeParserCtxt(r.ctxt);
	fclose(fp);
	return rc;
}
