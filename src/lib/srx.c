/*
 * Reading SRX files (Segmentation Rules eXchange 2.0, also 1.0) with libxml2.
 *
 * What is read: <header cascade>, the Okapi extension <okpsrx:options
 * useIcu4jBreakRules> (ICU's boundaries are used unless it says "no"),
 * <languagerule languagerulename> with <rule break> and its <beforebreak> and
 * <afterbreak>, and <languagemap languagepattern languagerulename> (directly
 * in <maprules> as in 2.0, or inside <maprule> as in 1.0). Formatting
 * handles and segmentsubflows concern inline codes, which plain text has not.
 * Elements of other namespaces are skipped; anything structurally wrong is an
 * error with the file's line.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uregex.h>

#include "srx.h"
#include "util.h"

static const char ns_srx20[] = "http://www.lisa.org/srx20";
static const char ns_srx10[] = "http://www.lisa.org/srx10";
static const char ns_okapi[] = "http://okapi.sf.net/srx-extensions";

static bool is_srx(const xmlNode *n, const char *name)
{
	if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
		return false;
	if (!n->ns || !n->ns->href)
		return true;
	const char *href = (const char *)n->ns->href;
	return strcmp(href, ns_srx20) == 0 || strcmp(href, ns_srx10) == 0;
}

static bool foreign(const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE)
		return true;
	if (!n->ns || !n->ns->href)
		return false;
	const char *href = (const char *)n->ns->href;
	return strcmp(href, ns_srx20) != 0 && strcmp(href, ns_srx10) != 0;
}

static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *copy = tolk_strdup((const char *)v);
	xmlFree(v);
	return copy;
}

static int unexpected(const srx_doc *doc, const xmlNode *n, const char *where)
{
	return tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)xmlGetLineNo(n), 0,
	                         _("unexpected element <%s> in <%s>"), (const char *)n->name, where);
}

static int missing_attr(const srx_doc *doc, const xmlNode *n, const char *name)
{
	return tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)xmlGetLineNo(n), 0,
	                         _("<%s> needs the attribute %s"), (const char *)n->name, name);
}

/* yes/no attribute; *value keeps its default when absent. */
static int yes_no(const srx_doc *doc, const xmlNode *n, const char *name, bool *value)
{
	char *v = attr(n, name);
	if (!v)
		return 0;
	int rc = 0;
	if (strcmp(v, "yes") == 0)
		*value = true;
	else if (strcmp(v, "no") == 0)
		*value = false;
	else
		rc = tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)xmlGetLineNo(n), 0,
		                       _("%s=\"%s\" must be yes or no"), name, v);
	free(v);
	return rc;
}

static char *text_of(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *copy = tolk_strdup(v ? (const char *)v : "");
	xmlFree(v);
	return copy;
}

static int parse_rule(srx_doc *doc, srx_languagerule *lr, const xmlNode *n)
{
	int rc = tolk_array_grow((void **)&lr->rules, &lr->cap, lr->nrules + 1, sizeof(srx_rule));
	if (rc)
		return rc;
	srx_rule *r = &lr->rules[lr->nrules++];
	memset(r, 0, sizeof(*r));
	r->line = (unsigned long)xmlGetLineNo(n);
	r->is_break = true;
	if ((rc = yes_no(doc, n, "break", &r->is_break)) != 0)
		return rc;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (foreign(c))
			continue;
		char **slot = is_srx(c, "beforebreak") ? &r->before : is_srx(c, "afterbreak") ? &r->after : NULL;
		if (!slot)
			return unexpected(doc, c, "rule");
		if (*slot)
			return tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)xmlGetLineNo(c), 0,
			                         _("<rule> has two <%s> elements"), (const char *)c->name);
		if (!(*slot = text_of(c)))
			return TOLK_ENOMEM;
	}
	if (!r->before && !(r->before = tolk_strdup("")))
		return TOLK_ENOMEM;
	if (!r->after && !(r->after = tolk_strdup("")))
		return TOLK_ENOMEM;
	return 0;
}

static const srx_languagerule *find_languagerule(const srx_doc *doc, const char *name)
{
	for (size_t i = 0; i < doc->nlangs; i++)
		if (strcmp(doc->langs[i].name, name) == 0)
			return &doc->langs[i];
	return NULL;
}

static int parse_languagerules(srx_doc *doc, const xmlNode *parent)
{
	for (const xmlNode *n = parent->children; n; n = n->next) {
		if (foreign(n))
			continue;
		if (!is_srx(n, "languagerule"))
			return unexpected(doc, n, "languagerules");
		char *name = attr(n, "languagerulename");
		if (!name)
			return missing_attr(doc, n, "languagerulename");
		if (find_languagerule(doc, name)) {
			int rc = tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)xmlGetLineNo(n), 0,
			                           _("language rule '%s' is defined twice"), name);
			free(name);
			return rc;
		}
		int rc = tolk_array_grow((void **)&doc->langs, &doc->langs_cap, doc->nlangs + 1, sizeof(srx_languagerule));
		if (rc) {
			free(name);
			return rc;
		}
		srx_languagerule *lr = &doc->langs[doc->nlangs++];
		memset(lr, 0, sizeof(*lr));
		lr->name = name;
		lr->line = (unsigned long)xmlGetLineNo(n);
		for (const xmlNode *r = n->children; r; r = r->next) {
			if (foreign(r))
				continue;
			if (!is_srx(r, "rule"))
				return unexpected(doc, r, "languagerule");
			if ((rc = parse_rule(doc, lr, r)) != 0)
				return rc;
		}
	}
	return 0;
}

static int parse_languagemap(srx_doc *doc, const xmlNode *n)
{
	char *pattern = attr(n, "languagepattern"), *name = attr(n, "languagerulename");
	int rc = 0;
	if (!pattern)
		rc = missing_attr(doc, n, "languagepattern");
	else if (!name)
		rc = missing_attr(doc, n, "languagerulename");
	else
		rc = tolk_array_grow((void **)&doc->maps, &doc->maps_cap, doc->nmaps + 1, sizeof(srx_map));
	if (rc) {
		free(pattern);
		free(name);
		return rc;
	}
	srx_map *m = &doc->maps[doc->nmaps++];
	m->pattern = pattern;
	m->rulename = name;
	m->line = (unsigned long)xmlGetLineNo(n);
	return 0;
}

static int parse_maprules(srx_doc *doc, const xmlNode *parent)
{
	for (const xmlNode *n = parent->children; n; n = n->next) {
		if (foreign(n))
			continue;
		int rc;
		if (is_srx(n, "languagemap")) {
			rc = parse_languagemap(doc, n);
		} else if (is_srx(n, "maprule")) { /* SRX 1.0 */
			rc = 0;
			for (const xmlNode *m = n->children; m && rc == 0; m = m->next)
				if (!foreign(m))
					rc = is_srx(m, "languagemap") ? parse_languagemap(doc, m) : unexpected(doc, m, "maprule");
		} else {
			rc = unexpected(doc, n, "maprules");
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_header(srx_doc *doc, const xmlNode *header)
{
	int rc = yes_no(doc, header, "cascade", &doc->cascade);
	for (const xmlNode *n = header->children; n && rc == 0; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
		    strcmp((const char *)n->ns->href, ns_okapi) == 0 && strcmp((const char *)n->name, "options") == 0)
			rc = yes_no(doc, n, "useIcu4jBreakRules", &doc->use_icu);
	}
	return rc;
}

static int parse_root(srx_doc *doc, const xmlNode *root)
{
	if (!root || !is_srx(root, "srx"))
		return tolk_error_set_at(TOLK_EINVALID, doc->path, root ? (unsigned long)xmlGetLineNo(root) : 0, 0,
		                         _("not an SRX file: the root element must be <srx>"));
	char *version = attr(root, "version");
	bool ok = version && (strcmp(version, "2.0") == 0 || strcmp(version, "1.0") == 0);
	if (!ok) {
		int rc = tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)xmlGetLineNo(root), 0,
		                           _("unsupported SRX version '%s' (2.0 and 1.0 are read)"),
		                           version ? version : "");
		free(version);
		return rc;
	}
	free(version);
	const xmlNode *header = NULL, *body = NULL;
	for (const xmlNode *n = root->children; n; n = n->next) {
		if (foreign(n))
			continue;
		if (is_srx(n, "header") && !header)
			header = n;
		else if (is_srx(n, "body") && !body)
			body = n;
		else
			return unexpected(doc, n, "srx");
	}
	if (!body)
		return tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)xmlGetLineNo(root), 0,
		                         _("<srx> has no <body>"));
	int rc = header ? parse_header(doc, header) : 0;
	for (const xmlNode *n = body->children; n && rc == 0; n = n->next) {
		if (foreign(n))
			continue;
		if (is_srx(n, "languagerules"))
			rc = parse_languagerules(doc, n);
		else if (is_srx(n, "maprules"))
			rc = parse_maprules(doc, n);
		else
			rc = unexpected(doc, n, "body");
	}
	for (size_t i = 0; i < doc->nmaps && rc == 0; i++)
		if (!find_languagerule(doc, doc->maps[i].rulename))
			rc = tolk_error_set_at(TOLK_EINVALID, doc->path, doc->maps[i].line, 0,
			                       _("language map refers to the unknown language rule '%s'"),
			                       doc->maps[i].rulename);
	return rc;
}


static int xml_error(const srx_doc *doc, const tolk_xml_first_error *fe)
{
	if (!fe->set)
		return tolk_error_set_at(TOLK_EINVALID, doc->path, 0, 0, _("malformed SRX: not well-formed XML"));
	return tolk_error_set_at(TOLK_EINVALID, doc->path, (unsigned long)(fe->line > 0 ? fe->line : 0),
	                         (unsigned long)(fe->column > 0 ? fe->column : 0), _("malformed SRX: %s"), fe->message);
}

int srx_doc_parse(srx_doc **out, const char *xml, size_t len, const char *path)
{
	*out = NULL;
	srx_doc *doc = tolk_calloc(1, sizeof(*doc));
	if (!doc)
		return TOLK_ENOMEM;
	doc->use_icu = true;
	if (!(doc->path = tolk_strdup(path ? path : "-"))) {
		free(doc);
		return TOLK_ENOMEM;
	}
	if (len > INT_MAX) {
		int rc = tolk_error_set_at(TOLK_EINVALID, doc->path, 0, 0, _("SRX file too large"));
		srx_doc_free(doc);
		return rc;
	}
	int options = tolk_xml_safe_options() | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	tolk_xml_first_error fe;
	memset(&fe, 0, sizeof(fe));
	if (ctxt) {
		ctxt->_private = &fe;
		ctxt->sax->serror = tolk_xml_keep_first_error;
		tolk_xml_guard(ctxt);
	}
	tolk_xml_quiet quiet;
	tolk_xml_quiet_begin(&quiet);
	xmlDocPtr xdoc = ctxt ? xmlCtxtReadMemory(ctxt, xml, (int)len, doc->path, NULL, options) : NULL;
	tolk_xml_quiet_end(&quiet);
	if (xdoc && (fe.set || tolk_xml_encoding_failed(ctxt))) { /* recovered from an error: still malformed */
		xmlFreeDoc(xdoc);
		xdoc = NULL;
	}
	int rc = xdoc ? parse_root(doc, xmlDocGetRootElement(xdoc)) : ctxt ? xml_error(doc, &fe) : tolk_error_oom();
	xmlFreeDoc(xdoc);
	xmlFreeParserCtxt(ctxt);
	if (rc) {
		srx_doc_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

void srx_doc_free(srx_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nlangs; i++) {
		srx_languagerule *lr = &doc->langs[i];
		for (size_t k = 0; k < lr->nrules; k++) {
			free(lr->rules[k].before);
			free(lr->rules[k].after);
		}
		free(lr->rules);
		free(lr->name);
	}
	for (size_t i = 0; i < doc->nmaps; i++) {
		free(doc->maps[i].pattern);
		free(doc->maps[i].rulename);
	}
	free(doc->langs);
	free(doc->maps);
	free(doc->path);
	free(doc);
}

/* Language patterns are regular expressions over the whole tag, compared case-insensitively. */
static int pattern_matches(bool *match, const srx_doc *doc, const srx_map *m, const char *lang)
{
	UErrorCode status = U_ZERO_ERROR;
	int offset;
	URegularExpression *re = srx_regex_open(m->pattern, UREGEX_CASE_INSENSITIVE, &offset, &status);
	if (U_SUCCESS(status)) {
		UText *ut = utext_openUTF8(NULL, lang, -1, &status);
		uregex_setUText(re, ut, &status);
		*match = U_SUCCESS(status) && uregex_matches(re, 0, &status);
		utext_close(ut);
	}
	uregex_close(re);
	if (U_FAILURE(status))
		return tolk_error_set_at(TOLK_EINVALID, doc->path, m->line, 0,
		                         _("invalid languagepattern '%s': %s"), m->pattern, u_errorName(status));
	return 0;
}

int srx_doc_select(const srx_rule ***out, size_t *count, const srx_doc *doc, const char *lang)
{
	*out = NULL;
	*count = 0;
	size_t total = 0, cap = 0;
	const srx_rule **rules = NULL;
	bool any = false;
	for (size_t i = 0; i < doc->nmaps; i++) {
		bool match = false;
		int rc = pattern_matches(&match, doc, &doc->maps[i], lang);
		if (rc) {
			free(rules);
			return rc;
		}
		if (!match)
			continue;
		any = true;
		const srx_languagerule *lr = find_languagerule(doc, doc->maps[i].rulename);
		rc = tolk_array_grow((void **)&rules, &cap, total + lr->nrules + 1, sizeof(*rules));
		if (rc) {
			free(rules);
			return rc;
		}
		for (size_t k = 0; k < lr->nrules; k++)
			rules[total++] = &lr->rules[k];
		if (!doc->cascade)
			break;
	}
	if (!any)
		return tolk_error_set_at(TOLK_ELANG, doc->path, 0, 0, _("no language map matches the language '%s'"),
		                         lang);
	*out = rules;
	*count = total;
	return 0;
}
