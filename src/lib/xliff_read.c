/*
 * XLIFF reader: translated XLIFF 1.0-1.2 and 2.x into TMX units for the
 * memory. The file is parsed whole (XLIFF files are documents, not
 * memories) and checked before any unit is given out, so an import never
 * stops halfway through a bad file.
 *
 * Inline codes become TMX codes: paired ones (1.2 g, bx/ex, bpt/ept; 2.x
 * pc, sc/ec) bpt/ept with a shared i, placeholders (1.2 x, ph; 2.x ph) ph,
 * a begin or end whose partner is not in the segment it. Their text is kept
 * (g and pc content), native code (1.2 bpt/ept/ph/it content) is not text.
 * Annotations (mrk, sm/em) are read through. White space is collapsed as in
 * tolk's own segments, so a unit from a pretty-printed file matches a draft.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "tolk/xliff.h"
#include "util.h"
#include "xml_escape.h"

#define XLIFF12_NS "urn:oasis:names:tc:xliff:document:1.2"
#define XLIFF11_NS "urn:oasis:names:tc:xliff:document:1.1"
#define XLIFF2_NS "urn:oasis:names:tc:xliff:document:2.0"

struct tolk_xliff_reader {
	char *path;
	const char *data;        /* the file's bytes while it is parsed: columns of errors */
	size_t len;
	int version;
	bool all_states;
	tolk_tmx_unit *units;
	size_t count, cap, next;
	uint64_t unconfirmed, untranslated;
	/* parse state */
	int rc;
	bool entity_refused;
	unsigned long err_line, err_col;
	char *err_msg;
	char *enc_msg;           /* the first message of libxml2's encoders */
};

int tolk_xliff_read_options_init(tolk_xliff_read_options *opts, unsigned int version)
{
	if (!opts || version != TOLK_XLIFF_READ_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unknown version %u of the XLIFF read options"), version);
	tolk_xliff_read_options d = TOLK_XLIFF_READ_OPTIONS_INIT;
	*opts = d;
	return 0;
}

/* ---- helpers ------------------------------------------------------------------------- */
static bool is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute without a namespace (XLIFF's own attributes are unqualified). */
static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!a->ns && strcmp((const char *)a->name, name) == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static const char *xml_lang(const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns && a->ns->href && strcmp((const char *)a->ns->href, (const char *)XML_XML_NAMESPACE) == 0 &&
		    strcmp((const char *)a->name, "lang") == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

/* An element of the file's XLIFF namespace (or of none, for 1.0 files without one). */
static bool core(const xmlNode *n, const char *ns)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return false;
	if (!n->ns || !n->ns->href)
		return ns == NULL;
	return ns && strcmp((const char *)n->ns->href, ns) == 0;
}

/*
 * The column of an element's start tag: libxml2 keeps only lines on nodes, so
 * the tag is looked for on its line (the first tag of that name there).
 */
static unsigned long column_of(const tolk_xliff_reader *r, unsigned long line, const char *name)
{
	if (!r->data || !line)
		return 0;
	size_t k = 0;
	for (unsigned long l = 1; l < line && k < r->len; k++)
		if (r->data[k] == '\n')
			l++;
	size_t end = k, nlen = strlen(name);
	while (end < r->len && r->data[end] != '\n')
		end++;
	for (size_t p = k; p < end; p++) {
		if (r->data[p] != '<')
			continue;
		size_t q = p + 1; /* past a prefix */
		while (q < end && r->data[q] != ':' && r->data[q] != ' ' && r->data[q] != '>' && r->data[q] != '/')
			q++;
		size_t at = q < end && r->data[q] == ':' ? q + 1 : p + 1;
		if (at + nlen <= end && memcmp(r->data + at, name, nlen) == 0 &&
		    (at + nlen == end || strchr(" \t\r/>", r->data[at + nlen]))) {
			unsigned long col = 1;
			for (size_t c = k; c < p; c++)
				col += ((unsigned char)r->data[c] & 0xC0) != 0x80; /* characters, as an editor counts */
			return col;
		}
	}
	return 1;
}

static int fail(tolk_xliff_reader *r, const xmlNode *n, const char *fmt, ...) TOLK_PRINTF(3, 4);
static int fail(tolk_xliff_reader *r, const xmlNode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	long l = n ? xmlGetLineNo(n) : 0;
	unsigned long line = l > 0 ? (unsigned long)l : 0;
	int rc = tolk_error_vset_at(TOLK_EINVALID, r->path, line, n ? column_of(r, line, (const char *)n->name) : 0,
	                            fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- inline content --------------------------------------------------------------- */
typedef struct code_key {
	const char *key;
	int i;          /* the TMX i of a pair, 0 when the partner is missing */
	bool begin, matched;
} code_key;

typedef struct seg_build {
	tolk_buf text, xml;
	bool text_space, xml_space; /* white space waiting for the next character */
	bool codes;
	bool v2;
	code_key *keys;
	size_t nkeys, capkeys;
	int next_i;
} seg_build;

static int put_char_run(seg_build *s, const char *p, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		char c = p[k];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			s->text_space = s->text.len > 0;
			s->xml_space = s->xml.len > 0;
			continue;
		}
		if (s->text_space && tolk_buf_putc(&s->text, ' ') < 0)
			return TOLK_ENOMEM;
		if (s->xml_space && tolk_buf_putc(&s->xml, ' ') < 0)
			return TOLK_ENOMEM;
		s->text_space = s->xml_space = false;
		size_t run = 1;
		while (k + run < len && p[k + run] != ' ' && p[k + run] != '\t' && p[k + run] != '\n' && p[k + run] != '\r')
			run++;
		if (tolk_buf_put(&s->text, p + k, run) < 0 ||
		    tolk_xml_escape(&s->xml, p + k, run, TOLK_XML_TEXT, NULL, NULL) < 0)
			return TOLK_ENOMEM;
		k += run - 1;
	}
	return 0;
}

/* A TMX code in seg_xml: a space before it stays before it. */
static int put_code(seg_build *s, const char *fmt, int i, const char *native)
{
	if (s->xml_space && tolk_buf_putc(&s->xml, ' ') < 0)
		return TOLK_ENOMEM;
	s->xml_space = false;
	s->codes = true;
	if (tolk_buf_printf(&s->xml, fmt, i) < 0)
		return TOLK_ENOMEM;
	if (native && *native) {
		/* the element was opened by fmt without its end: native code, then the end tag */
		if (tolk_xml_escape(&s->xml, native, strlen(native), TOLK_XML_TEXT, NULL, NULL) < 0)
			return TOLK_ENOMEM;
	}
	return 0;
}

typedef enum code_role { ROLE_NONE, ROLE_BEGIN, ROLE_END } code_role;

/* Which elements begin or end a pair, and by what key they are paired. */
static code_role role_of(const xmlNode *n, bool v2, const char **key)
{
	*key = NULL;
	if (!v2) {
		if (is(n, "bx") || is(n, "bpt")) {
			*key = attr(n, "rid") ? attr(n, "rid") : attr(n, "id");
			return ROLE_BEGIN;
		}
		if (is(n, "ex") || is(n, "ept")) {
			*key = attr(n, "rid") ? attr(n, "rid") : attr(n, "id");
			return ROLE_END;
		}
		return ROLE_NONE;
	}
	const char *iso = attr(n, "isolated");
	if (iso && strcmp(iso, "yes") == 0)
		return ROLE_NONE;
	if (is(n, "sc")) {
		*key = attr(n, "id");
		return ROLE_BEGIN;
	}
	if (is(n, "ec")) {
		*key = attr(n, "startRef");
		return ROLE_END;
	}
	return ROLE_NONE;
}

/*
 * Whether the second pass reads an element's children as text: the two passes
 * must meet the same begins in the same order.
 */
static bool descends(const xmlNode *n, bool v2)
{
	static const char *const leaves[] = {"bx", "ex", "bpt", "ept", "ph", "it", "x", "sc", "ec", "cp", "sm", "em", "sub"};
	(void)v2;
	for (size_t k = 0; k < sizeof leaves / sizeof *leaves; k++)
		if (is(n, leaves[k]))
			return false;
	return true;
}

/* First pass: pair begins with ends (an end pairs with the latest open begin of its key). */
static int collect_keys(seg_build *s, const xmlNode *first)
{
	for (const xmlNode *n = first; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *key;
		code_role role = role_of(n, s->v2, &key);
		if (role == ROLE_BEGIN) {
			if (tolk_array_grow((void **)&s->keys, &s->capkeys, s->nkeys + 1, sizeof(*s->keys)) < 0)
				return TOLK_ENOMEM;
			s->keys[s->nkeys++] = (code_key){key, 0, true, false};
		} else if (role == ROLE_END && key) {
			for (size_t k = s->nkeys; k-- > 0;)
				if (s->keys[k].begin && !s->keys[k].matched && s->keys[k].key && strcmp(s->keys[k].key, key) == 0) {
					s->keys[k].matched = true;
					s->keys[k].i = ++s->next_i;
					break;
				}
		}
		/* codes inside g, pc and mrk pair with codes outside them */
		if (descends(n, s->v2) && collect_keys(s, n->children) < 0)
			return TOLK_ENOMEM;
	}
	return 0;
}

static char *native_code(const xmlNode *n)
{
	tolk_buf b = TOLK_BUF_INIT;
	for (const xmlNode *c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
		    tolk_buf_puts(&b, (const char *)c->content) < 0) {
			tolk_buf_free(&b);
			return NULL;
		}
	return b.ptr ? tolk_buf_detach(&b) : tolk_strdup("");
}

/* Second pass: text and codes in document order. begins counts the begins seen. */
static int walk(seg_build *s, const xmlNode *first, size_t *begins, unsigned depth)
{
	if (depth > 256)
		return TOLK_EINVALID; /* libxml2 refuses deeper trees anyway */
	int rc = 0;
	for (const xmlNode *n = first; n && rc == 0; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				rc = put_char_run(s, (const char *)n->content, strlen((const char *)n->content));
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *key;
		code_role role = role_of(n, s->v2, &key);
		bool native = !s->v2 && (is(n, "bpt") || is(n, "ept") || is(n, "ph") || is(n, "it"));
		char *code = native ? native_code(n) : NULL;
		if (native && !code)
			return TOLK_ENOMEM;
		const char *end_tag = NULL;
		if (role == ROLE_BEGIN) {
			code_key *ck = &s->keys[(*begins)++];
			if (ck->matched) {
				rc = put_code(s, "<bpt i=\"%d\">", ck->i, code);
				end_tag = "</bpt>";
			} else {
				rc = put_code(s, "<it pos=\"begin\">", 0, code);
				end_tag = "</it>";
			}
		} else if (role == ROLE_END) {
			int i = 0;
			if (key)
				for (size_t k = *begins; k-- > 0;)
					if (s->keys[k].matched && s->keys[k].i > 0 && s->keys[k].key && strcmp(s->keys[k].key, key) == 0) {
						i = s->keys[k].i;
						s->keys[k].i = -s->keys[k].i; /* used: a second end with this key is isolated */
						break;
					}
			rc = i > 0 ? put_code(s, "<ept i=\"%d\">", i, code) : put_code(s, "<it pos=\"end\">", 0, code);
			end_tag = i > 0 ? "</ept>" : "</it>";
		} else if (is(n, "sc") || (!s->v2 && is(n, "it") && attr(n, "pos") && strcmp(attr(n, "pos"), "open") == 0)) {
			rc = put_code(s, "<it pos=\"begin\">", 0, code); /* an isolated start */
			end_tag = "</it>";
		} else if (is(n, "ec") || (!s->v2 && is(n, "it"))) {
			rc = put_code(s, "<it pos=\"end\">", 0, code);
			end_tag = "</it>";
		} else if (is(n, "ph") || is(n, "x")) {
			rc = put_code(s, "<ph>", 0, code);
			end_tag = "</ph>";
		} else if (is(n, "g") || is(n, "pc")) {
			int i = ++s->next_i;
			rc = put_code(s, "<bpt i=\"%d\">", i, NULL);
			if (rc == 0 && tolk_buf_puts(&s->xml, "</bpt>") < 0)
				rc = TOLK_ENOMEM;
			if (rc == 0)
				rc = walk(s, n->children, begins, depth + 1);
			if (rc == 0)
				rc = put_code(s, "<ept i=\"%d\">", i, NULL);
			end_tag = "</ept>";
		} else if (s->v2 && is(n, "cp")) {
			const char *hex = attr(n, "hex");
			unsigned long cp = hex ? strtoul(hex, NULL, 16) : 0;
			char u[5];
			/* only what XML may carry: the rest is the reason cp exists, and stays out */
			if ((cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
			     (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF))) {
				size_t len = tolk_utf8_encode(u, (int32_t)cp);
				rc = put_char_run(s, u, len);
			}
		} else if (descends(n, s->v2)) {
			rc = walk(s, n->children, begins, depth + 1); /* mrk and anything unknown: its text */
		}
		if (rc == 0 && end_tag && tolk_buf_puts(&s->xml, end_tag) < 0)
			rc = TOLK_ENOMEM;
		free(code);
	}
	return rc;
}

static void seg_build_free(seg_build *s)
{
	tolk_buf_free(&s->text);
	tolk_buf_free(&s->xml);
	free(s->keys);
}

/* The text and TMX markup of a source or target element (or of a 1.2 mrk). */
static int read_seg(tolk_tmx_tuv *v, const xmlNode *n, bool v2)
{
	seg_build s = {TOLK_BUF_INIT, TOLK_BUF_INIT, false, false, false, v2, NULL, 0, 0, 0};
	size_t begins = 0;
	int rc = collect_keys(&s, n->children);
	if (rc == 0)
		rc = walk(&s, n->children, &begins, 0);
	if (rc == 0) {
		v->text = s.text.ptr ? tolk_buf_detach(&s.text) : tolk_strdup("");
		v->seg_xml = s.codes ? tolk_buf_detach(&s.xml) : NULL;
		if (!v->text || (s.codes && !v->seg_xml))
			rc = TOLK_ENOMEM;
	}
	seg_build_free(&s);
	return rc;
}

/* ---- units ----------------------------------------------------------------------------- */
static int add_unit(tolk_xliff_reader *r, const xmlNode *src, const xmlNode *tgt, const char *src_lang,
                    const char *tgt_lang, const xmlNode *where)
{
	bool v2 = r->version >= 20;
	if (tolk_array_grow((void **)&r->units, &r->cap, r->count + 1, sizeof(*r->units)) < 0)
		return TOLK_ENOMEM;
	tolk_tmx_unit *u = &r->units[r->count];
	memset(u, 0, sizeof(*u));
	u->tuvs = tolk_calloc(2, sizeof(*u->tuvs));
	if (!u->tuvs)
		return TOLK_ENOMEM;
	u->ntuvs = 2;
	long line = xmlGetLineNo(where);
	u->line = line > 0 ? (unsigned long)line : 0;
	int rc = 0;
	u->tuvs[0].lang = tolk_strdup(src_lang);
	u->tuvs[1].lang = tolk_strdup(tgt_lang);
	if (!u->tuvs[0].lang || !u->tuvs[1].lang)
		rc = TOLK_ENOMEM;
	if (rc == 0)
		rc = read_seg(&u->tuvs[0], src, v2);
	if (rc == 0)
		rc = read_seg(&u->tuvs[1], tgt, v2);
	if (rc == TOLK_EINVALID)
		rc = fail(r, where, _("inline codes nested too deeply"));
	else if (rc < 0)
		rc = tolk_error_oom();
	if (rc == 0 && (!*u->tuvs[1].text || !*u->tuvs[0].text)) {
		r->untranslated++; /* an empty target is no translation */
		tolk_tmx_unit_clear(u);
		return 0;
	}
	r->count++;
	if (rc < 0)
		return rc;
	return 0;
}

static bool confirmed12(const xmlNode *tu, const xmlNode *target)
{
	const char *approved = attr(tu, "approved");
	if (approved && strcmp(approved, "yes") == 0)
		return true;
	const char *state = attr(target, "state");
	return state && (strcmp(state, "translated") == 0 || strcmp(state, "signed-off") == 0 || strcmp(state, "final") == 0);
}

static const xmlNode *child(const xmlNode *n, const char *name, const char *ns)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (core(c, ns) && is(c, name))
			return c;
	return NULL;
}

/* The mrk mtype="seg" elements under n with mid = mid (NULL: the first pass counts them). */
static const xmlNode *find_mrk(const xmlNode *n, const char *mid, unsigned depth)
{
	if (depth > 256)
		return NULL;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *mt = attr(c, "mtype"), *m = attr(c, "mid");
		if (is(c, "mrk") && mt && strcmp(mt, "seg") == 0 && m && strcmp(m, mid) == 0)
			return c;
		const xmlNode *f = find_mrk(c, mid, depth + 1);
		if (f)
			return f;
	}
	return NULL;
}

static int read_trans_unit(tolk_xliff_reader *r, const xmlNode *tu, const char *ns, const char *src_lang,
                           const char *tgt_lang)
{
	const xmlNode *src = child(tu, "source", ns), *tgt = child(tu, "target", ns), *segsrc = child(tu, "seg-source", ns);
	if (!src)
		return fail(r, tu, _("<trans-unit> without <source>"));
	if (!attr(tu, "id"))
		return fail(r, tu, _("<trans-unit> without an id"));
	if (!tgt) {
		r->untranslated++;
		return 0;
	}
	if (!r->all_states && !confirmed12(tu, tgt)) {
		r->unconfirmed++;
		return 0;
	}
	const char *tl = xml_lang(tgt) ? xml_lang(tgt) : tgt_lang;
	if (!tl)
		return fail(r, tgt, _("no target language: neither target-language on <file> nor xml:lang on <target>"));
	if (tolk_lang_tag_check(tl) < 0)
		return fail(r, tgt, _("not a language tag: \"%s\""), tl);
	/* a paragraph segmented by its tool (seg-source with mrk mtype="seg"): a unit per segment */
	bool any = false;
	if (segsrc) {
		for (const xmlNode *c = segsrc->children; c; c = c->next) {
			const char *mt = c->type == XML_ELEMENT_NODE ? attr(c, "mtype") : NULL, *mid = mt ? attr(c, "mid") : NULL;
			if (!is(c, "mrk") || !mt || strcmp(mt, "seg") != 0 || !mid)
				continue;
			const xmlNode *t = find_mrk(tgt, mid, 0);
			any = true;
			if (!t) {
				r->untranslated++;
				continue;
			}
			int rc = add_unit(r, c, t, src_lang, tl, c);
			if (rc < 0)
				return rc;
		}
	}
	return any ? 0 : add_unit(r, src, tgt, src_lang, tl, tu);
}

static int read_body12(tolk_xliff_reader *r, const xmlNode *body, const char *ns, const char *sl, const char *tl,
                       unsigned depth)
{
	if (depth > 256)
		return fail(r, body, _("groups nested too deeply"));
	for (const xmlNode *c = body->children; c; c = c->next) {
		if (!core(c, ns))
			continue;
		int rc = 0;
		if (is(c, "group"))
			rc = read_body12(r, c, ns, sl, tl, depth + 1);
		else if (is(c, "trans-unit"))
			rc = read_trans_unit(r, c, ns, sl, tl);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_xliff12(tolk_xliff_reader *r, const xmlNode *root, const char *ns)
{
	bool any_file = false;
	for (const xmlNode *f = root->children; f; f = f->next) {
		if (!core(f, ns) || !is(f, "file"))
			continue;
		any_file = true;
		const char *sl = attr(f, "source-language"), *tl = attr(f, "target-language");
		if (!sl)
			return fail(r, f, _("<file> without source-language"));
		if (tolk_lang_tag_check(sl) < 0)
			return fail(r, f, _("not a language tag: \"%s\""), sl);
		const xmlNode *body = child(f, "body", ns);
		if (!body)
			return fail(r, f, _("<file> without <body>"));
		int rc = read_body12(r, body, ns, sl, tl, 0);
		if (rc < 0)
			return rc;
	}
	return any_file ? 0 : fail(r, root, _("an XLIFF file without <file>"));
}

static bool confirmed2(const char *state)
{
	return state && (strcmp(state, "translated") == 0 || strcmp(state, "reviewed") == 0 || strcmp(state, "final") == 0);
}

static int read_unit2(tolk_xliff_reader *r, const xmlNode *unit, const char *sl, const char *tl)
{
	if (!attr(unit, "id"))
		return fail(r, unit, _("<unit> without an id"));
	bool any = false;
	for (const xmlNode *s = unit->children; s; s = s->next) {
		if (!core(s, XLIFF2_NS) || !is(s, "segment"))
			continue;
		any = true;
		const xmlNode *src = child(s, "source", XLIFF2_NS), *tgt = child(s, "target", XLIFF2_NS);
		if (!src)
			return fail(r, s, _("<segment> without <source>"));
		if (!tgt) {
			r->untranslated++;
			continue;
		}
		if (!r->all_states && !confirmed2(attr(s, "state"))) {
			r->unconfirmed++;
			continue;
		}
		if (!tl)
			return fail(r, tgt, _("a <target> in a file without trgLang"));
		int rc = add_unit(r, src, tgt, sl, tl, s);
		if (rc < 0)
			return rc;
	}
	return any ? 0 : fail(r, unit, _("<unit> without <segment>"));
}

static int read_group2(tolk_xliff_reader *r, const xmlNode *g, const char *sl, const char *tl, unsigned depth)
{
	if (depth > 256)
		return fail(r, g, _("groups nested too deeply"));
	for (const xmlNode *c = g->children; c; c = c->next) {
		if (!core(c, XLIFF2_NS))
			continue;
		int rc = 0;
		if (is(c, "group"))
			rc = read_group2(r, c, sl, tl, depth + 1);
		else if (is(c, "unit"))
			rc = read_unit2(r, c, sl, tl);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_xliff2(tolk_xliff_reader *r, const xmlNode *root)
{
	const char *sl = attr(root, "srcLang"), *tl = attr(root, "trgLang");
	if (!sl)
		return fail(r, root, _("<xliff> without srcLang"));
	if (tolk_lang_tag_check(sl) < 0 || (tl && tolk_lang_tag_check(tl) < 0))
		return fail(r, root, _("not a language tag: \"%s\""), tolk_lang_tag_check(sl) < 0 ? sl : tl);
	bool any_file = false;
	for (const xmlNode *f = root->children; f; f = f->next) {
		if (!core(f, XLIFF2_NS) || !is(f, "file"))
			continue;
		any_file = true;
		int rc = read_group2(r, f, sl, tl, 0);
		if (rc < 0)
			return rc;
	}
	return any_file ? 0 : fail(r, root, _("an XLIFF file without <file>"));
}

/* ---- parsing ---------------------------------------------------------------------------- */
static void on_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	tolk_xliff_reader *r = ctxt ? ctxt->_private : NULL;
	if (!r || !e || e->level < XML_ERR_ERROR || r->err_msg)
		return;
	const char *msg = e->message ? e->message : "XML error";
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	r->err_msg = tolk_strndup(msg, n);
	for (char *p = r->err_msg; p && *p; p++)
		if (*p == '\n')
			*p = ' ';
	r->err_line = e->line > 0 ? (unsigned long)e->line : 0;
	r->err_col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
}

static void on_entity_decl(void *data, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
	(void)name, (void)type, (void)public_id, (void)system_id, (void)content;
	xmlParserCtxtPtr ctxt = data;
	tolk_xliff_reader *r = ctxt->_private;
	if (!r->entity_refused) {
		r->entity_refused = true;
		r->err_line = (unsigned long)xmlSAX2GetLineNumber(ctxt);
		r->err_col = (unsigned long)xmlSAX2GetColumnNumber(ctxt);
	}
	xmlStopParser(ctxt);
}

/* libxml2's encoders report through the thread's generic handler, not the parser's */
static void quiet(void *ctx, const char *msg, ...)
{
	tolk_xliff_reader *r = ctx;
	if (r->enc_msg || strcmp(msg, "%s") != 0)
		return;
	/* encoding.c reports "encoding error : input conversion failed ... bytes ..." through "%s" pieces */
	va_list ap;
	va_start(ap, msg);
	const char *piece = va_arg(ap, const char *);
	va_end(ap);
	if (piece && strstr(piece, "conversion failed")) {
		size_t n = strlen(piece);
		while (n && (piece[n - 1] == '\n' || piece[n - 1] == ' '))
			n--;
		r->enc_msg = tolk_strndup(piece, n);
		for (char *p = r->enc_msg; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
	}
}

static int root_version(tolk_xliff_reader *r, const xmlNode *root, const char **ns)
{
	*ns = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
	if (!is(root, "xliff"))
		return fail(r, root, _("not an XLIFF file: the root element is <%s>"), (const char *)root->name);
	const char *v = attr(root, "version");
	if (*ns && strcmp(*ns, XLIFF2_NS) == 0) {
		if (!v || strncmp(v, "2.", 2) != 0)
			return fail(r, root, _("XLIFF 2 namespace with version \"%s\"; tolk reads 1.0-1.2 and 2.x"), v ? v : "");
		return strcmp(v, "2.0") == 0 ? 20 : 21;
	}
	if (!*ns || strcmp(*ns, XLIFF12_NS) == 0 || strcmp(*ns, XLIFF11_NS) == 0) {
		if (v && strcmp(v, "1.0") != 0 && strcmp(v, "1.1") != 0 && strcmp(v, "1.2") != 0)
			return fail(r, root, _("XLIFF version \"%s\" is not one tolk reads (1.0-1.2, 2.x)"), v);
		return 12;
	}
	return fail(r, root, _("not an XLIFF file: <xliff> in namespace %s"), *ns);
}

int tolk_xliff_reader_open(tolk_xliff_reader **out, const char *path, const tolk_xliff_read_options *opts)
{
	if (!out || !path)
		return tolk_error_set(TOLK_EINVALID, _("no place for the XLIFF reader or no file"));
	*out = NULL;
	if (opts && opts->version != TOLK_XLIFF_READ_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unknown version %u of the XLIFF read options"), opts->version);
	char *data = NULL;
	size_t len = 0;
	int rc = tolk_file_read_raw(&data, &len, path);
	if (rc < 0)
		return rc;
	if (len > INT32_MAX) {
		free(data);
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0, _("too large for an XLIFF file (2 GB at most)"));
	}
	tolk_xliff_reader *r = tolk_calloc(1, sizeof(*r));
	if (!r || !(r->path = tolk_strdup(path))) {
		free(r);
		free(data);
		return TOLK_ENOMEM;
	}
	r->all_states = opts && opts->all_states;
	r->data = data;
	r->len = len;
	int parse_opts = tolk_xml_safe_options() | XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
	                 XML_PARSE_NOWARNING;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc = NULL;
	if (!ctxt) {
		rc = tolk_error_oom();
		goto done;
	}
	tolk_xml_guard(ctxt);
	ctxt->_private = r;
	ctxt->sax->serror = on_error;
	ctxt->sax->entityDecl = on_entity_decl;
	/* for this parse only, on this thread: the error that counts is the parser's, reported once */
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(r, quiet);
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, parse_opts);
	xmlSetGenericErrorFunc(saved_ctx, saved);
	if (r->entity_refused) {
		rc = tolk_error_set_at(TOLK_EINVALID, path, r->err_line, r->err_col,
		                       _("the DOCTYPE declares entities; XLIFF needs none and tolk expands none"));
		goto done;
	}
	if (!doc || !ctxt->wellFormed) {
		if (r->enc_msg) /* the encoder's report says what the parser's cannot */
			rc = tolk_error_set_at(TOLK_EINVALID, path, r->err_line, r->err_col,
			                       _("not in the encoding its declaration names: %s"), r->enc_msg);
		else
			rc = tolk_error_set_at(TOLK_EINVALID, path, r->err_line, r->err_col, _("malformed XML: %s"),
			                       r->err_msg ? r->err_msg : _("the parser gave up"));
		goto done;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		rc = tolk_error_set_at(TOLK_EINVALID, path, 1, 1, _("not an XLIFF file: no root element"));
		goto done;
	}
	const char *ns;
	if ((rc = root_version(r, root, &ns)) < 0)
		goto done;
	r->version = rc;
	rc = r->version >= 20 ? read_xliff2(r, root) : read_xliff12(r, root, ns);
done:
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt) {
		if (ctxt->myDoc && ctxt->myDoc != doc)
			xmlFreeDoc(ctxt->myDoc);
		xmlFreeParserCtxt(ctxt);
	}
	free(data);
	r->data = NULL;
	if (rc < 0) {
		tolk_xliff_reader_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int tolk_xliff_reader_version(const tolk_xliff_reader *r)
{
	return r ? r->version : 0;
}

int tolk_xliff_reader_next(const tolk_tmx_unit **out, tolk_xliff_reader *r)
{
	if (!out || !r)
		return tolk_error_set(TOLK_EINVALID, _("no XLIFF reader"));
	*out = NULL;
	if (r->next >= r->count)
		return TOLK_ITEROVER;
	*out = &r->units[r->next++];
	return 0;
}

void tolk_xliff_reader_skipped(uint64_t *unconfirmed, uint64_t *untranslated, const tolk_xliff_reader *r)
{
	if (unconfirmed)
		*unconfirmed = r ? r->unconfirmed : 0;
	if (untranslated)
		*untranslated = r ? r->untranslated : 0;
}

void tolk_xliff_reader_free(tolk_xliff_reader *r)
{
	if (!r)
		return;
	for (size_t k = 0; k < r->count; k++)
		tolk_tmx_unit_clear(&r->units[k]);
	free(r->units);
	free(r->err_msg);
	free(r->enc_msg);
	free(r->path);
	free(r);
}

/* ---- detection ----------------------------------------------------------------------------- */
int tolk_xliff_detect(const char *path)
{
	/* a pipe read here would be read no more by the TMX import that follows */
	struct stat st;
	if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	enum { PROLOG = 65536 }; /* the root of any real file starts well before */
	char *buf = malloc(PROLOG + 1);
	if (!buf) {
		fclose(f);
		return 0;
	}
	size_t n = fread(buf, 1, PROLOG, f);
	fclose(f);
	buf[n] = '\0';
	if (n >= 2 && ((buf[0] == '\xFF' && buf[1] == '\xFE') || (buf[0] == '\xFE' && buf[1] == '\xFF'))) {
		/* UTF-16: markup is ASCII, so its code units' low bytes are enough here */
		size_t lo = buf[0] == '\xFF' ? 0 : 1, m = 0;
		for (size_t k = 2; k + 1 < n; k += 2)
			buf[m++] = buf[k + 1 - lo] == 0 && buf[k + lo] ? buf[k + lo] : '?';
		n = m;
		buf[n] = '\0';
	}
	int found = 0;
	/* past the declaration, comments, processing instructions and a DOCTYPE: the root's name */
	size_t k = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (k < n) {
		if (buf[k] != '<') {
			k++;
			continue;
		}
		const char *end = NULL;
		if (buf[k + 1] == '?') {
			end = strstr(buf + k + 2, "?>");
		} else if (strncmp(buf + k, "<!--", 4) == 0) {
			end = strstr(buf + k + 4, "-->");
		} else if (buf[k + 1] == '!') {
			/* a DOCTYPE: its '>' outside quotes, an internal subset and comments */
			char quote = 0;
			bool subset = false;
			for (size_t q = k + 2; q < n && !end; q++) {
				if (quote) {
					quote = buf[q] == quote ? 0 : quote;
				} else if (strncmp(buf + q, "<!--", 4) == 0) {
					const char *c = strstr(buf + q + 4, "-->");
					if (!c)
						break;
					q = (size_t)(c - buf) + 2;
				} else if (buf[q] == '"' || buf[q] == '\'') {
					quote = buf[q];
				} else if (buf[q] == '[') {
					subset = true;
				} else if (buf[q] == ']') {
					subset = false;
				} else if (buf[q] == '>' && !subset) {
					end = buf + q;
				}
			}
		} else {
			const char *name = buf + k + 1, *colon = NULL, *p = name;
			while (*p && *p != '>' && *p != '/' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
				if (*p == ':')
					colon = p;
				p++;
			}
			const char *local = colon ? colon + 1 : name;
			found = (size_t)(p - local) == 5 && memcmp(local, "xliff", 5) == 0;
			break;
		}
		if (!end)
			break;
		k = (size_t)(end - buf) + 1;
	}
	free(buf);
	return found;
}
