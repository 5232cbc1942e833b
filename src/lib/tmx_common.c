/* TMX pieces the writer and reader share: escaping, inline markup, dates, languages. */
#define _DEFAULT_SOURCE /* timegm, gmtime_r */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>

#include "tmx_private.h"

int tmx_parse_options(void)
{
	/* BIG_LINES: positions past line 65535 in large memories stay right. */
	return tolk_xml_safe_options() | XML_PARSE_NONET | XML_PARSE_BIG_LINES;
}

/* ---- inline markup ---------------------------------------------------------------------- */

/* Text may appear everywhere; these say which elements may. */
enum { CONTENT_CODES = 1, CONTENT_SUB = 2 };

typedef struct inline_element {
	const char *name;
	const char *attrs[4];  /* declared attributes, NULL-terminated */
	const char *required;  /* NULL when none */
	unsigned content;      /* what may appear inside */
	bool translatable;     /* its text belongs to the segment's text */
} inline_element;

/* From tmx14.dtd: the paired, isolated and placeholder codes hold native code and
 * sub only; hi and sub hold text and further codes. */
static const inline_element inline_elements[] = {
	{"bpt", {"i", "x", "type", NULL}, "i", CONTENT_SUB, false},
	{"ept", {"i", NULL}, "i", CONTENT_SUB, false},
	{"it", {"pos", "x", "type", NULL}, "pos", CONTENT_SUB, false},
	{"ph", {"x", "assoc", "type", NULL}, NULL, CONTENT_SUB, false},
	{"ut", {"x", NULL}, NULL, CONTENT_SUB, false},
	{"hi", {"x", "type", NULL}, NULL, CONTENT_CODES, true},
	{"sub", {"datatype", "type", NULL}, NULL, CONTENT_CODES, false},
};

static const inline_element *find_inline(const xmlChar *name)
{
	for (size_t k = 0; k < sizeof(inline_elements) / sizeof(inline_elements[0]); k++)
		if (strcmp((const char *)name, inline_elements[k].name) == 0)
			return &inline_elements[k];
	return NULL;
}

static bool declared(const inline_element *e, const xmlChar *attr)
{
	for (size_t k = 0; e->attrs[k]; k++)
		if (strcmp(e->attrs[k], (const char *)attr) == 0)
			return true;
	return false;
}

static int problem_at(tmx_seg_problem *p, const char *message, const xmlNode *node)
{
	p->message = message;
	p->name = node ? (const char *)node->name : "";
	p->node = node;
	return TOLK_EINVALID;
}

static int put_escaped(tolk_buf *b, const char *s, bool in_attr)
{
	/* libxml2 hands us only characters XML allows, so nothing is dropped here. */
	int rc = tolk_xml_escape(b, s, strlen(s), in_attr ? TOLK_XML_ATTR : TOLK_XML_TEXT, NULL, NULL);
	return rc == TOLK_EINVALID ? 0 : rc;
}

static int walk(tolk_buf *xml, tolk_buf *text, const xmlNode *parent, unsigned content,
                bool translatable, bool strict, tmx_seg_problem *problem, int depth)
{
	if (depth > 64) /* a seg is a sentence, not a tree: deep nesting is an attack */
		return problem_at(problem, N_("inline markup nested too deeply in <%s>"), parent);
	for (const xmlNode *n = parent->children; n; n = n->next) {
		int rc = 0;
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!n->content)
				break;
			rc = put_escaped(xml, (const char *)n->content, false);
			if (rc == 0 && translatable)
				rc = tolk_buf_puts(text, (const char *)n->content);
			break;
		case XML_ELEMENT_NODE: {
			const inline_element *e = n->ns ? NULL : find_inline(n->name);
			if (!e)
				return problem_at(problem, N_("<%s> is not a TMX inline element"), n);
			bool is_sub = strcmp(e->name, "sub") == 0;
			if (is_sub ? !(content & CONTENT_SUB) : !(content & CONTENT_CODES))
				return problem_at(problem, N_("<%s> is not allowed here"), n);
			if (e->required && !xmlHasProp(n, (const xmlChar *)e->required))
				return problem_at(problem, N_("<%s> lacks its required attribute"), n);
			rc = tolk_buf_putc(xml, '<');
			if (rc == 0)
				rc = tolk_buf_puts(xml, e->name);
			for (const xmlAttr *a = n->properties; a && rc == 0; a = a->next) {
				if (a->ns || !declared(e, a->name)) {
					if (strict)
						return problem_at(problem, N_("<%s> has an attribute TMX does not declare"), n);
					continue;
				}
				xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
				if (!v)
					return TOLK_ENOMEM;
				if (strcmp((const char *)a->name, "pos") == 0 && strcmp((const char *)v, "begin") != 0 &&
				    strcmp((const char *)v, "end") != 0) {
					xmlFree(v);
					return problem_at(problem, N_("<%s> pos must be begin or end"), n);
				}
				rc = tolk_buf_printf(xml, " %s=\"", (const char *)a->name);
				if (rc == 0)
					rc = put_escaped(xml, (const char *)v, true);
				if (rc == 0)
					rc = tolk_buf_putc(xml, '"');
				xmlFree(v);
			}
			if (rc < 0)
				return TOLK_ENOMEM;
			if (!n->children) {
				rc = tolk_buf_puts(xml, "/>");
				break;
			}
			if (tolk_buf_putc(xml, '>') < 0)
				return TOLK_ENOMEM;
			rc = walk(xml, text, n, e->content, translatable && e->translatable, strict, problem, depth + 1);
			if (rc == 0)
				rc = tolk_buf_printf(xml, "</%s>", e->name);
			break;
		}
		case XML_ENTITY_REF_NODE:
		case XML_ENTITY_NODE:
			return problem_at(problem, N_("entity reference in <%s>: TMX files must not use entities"),
			                  parent);
		default: /* comments and processing instructions carry no segment content */
			break;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

int tmx_seg_walk(tolk_buf *xml, tolk_buf *text, const xmlNode *seg, bool strict,
                 tmx_seg_problem *problem)
{
	/* Both buffers must be strings even for an empty seg. */
	if (tolk_buf_puts(xml, "") < 0 || tolk_buf_puts(text, "") < 0)
		return TOLK_ENOMEM;
	return walk(xml, text, seg, CONTENT_CODES, true, strict, problem, 0);
}

/* ---- languages -------------------------------------------------------------------------- */

bool tmx_lang_plausible(const char *tag)
{
	/* xs:language, the type of xml:lang in tmx14.xsd: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})* */
	if (!tag)
		return false;
	size_t run = 0;
	bool first = true;
	for (const char *p = tag;; p++) {
		if (*p == '-' || !*p) {
			if (run == 0 || run > 8)
				return false;
			if (!*p)
				return true;
			run = 0;
			first = false;
		} else if (isalpha((unsigned char)*p) || (!first && isdigit((unsigned char)*p))) {
			run++;
		} else {
			return false;
		}
	}
}

int tolk_lang_tag_check(const char *tag)
{
	if (tmx_lang_plausible(tag))
		return 0;
	return tolk_error_set(TOLK_EINVALID,
	                      _("not a language tag: \"%s\" (subtags of up to 8 letters or digits joined by '-', "
	                        "like nl-NL)"),
	                      tag ? tag : "");
}

const char *tolk_lang_tmx_tag(char *buf, size_t size, const char *lang)
{
	if (!size)
		return buf;
	if (strcasecmp(lang, "nl") == 0)
		lang = "nl-NL";
	else if (strcasecmp(lang, "en") == 0)
		lang = "en-GB";
	snprintf(buf, size, "%s", lang);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = '-';
	return buf;
}

static size_t primary_len(const char *tag)
{
	size_t n = 0;
	while (tag[n] && tag[n] != '-' && tag[n] != '_')
		n++;
	return n;
}

static bool same_subtags(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '_' ? '-' : (char)tolower((unsigned char)*a);
		char y = *b == '_' ? '-' : (char)tolower((unsigned char)*b);
		if (x != y)
			return false;
	}
	return *a == *b;
}

int tolk_lang_match(const char *tag, const char *wanted)
{
	if (!tag || !wanted)
		return 0;
	size_t n = primary_len(tag);
	if (n == 0 || n != primary_len(wanted) || strncasecmp(tag, wanted, n) != 0)
		return 0;
	return same_subtags(tag + n, wanted + n) ? 2 : 1;
}

const tolk_tmx_tuv *tolk_tmx_unit_tuv(const tolk_tmx_unit *unit, const char *lang)
{
	const tolk_tmx_tuv *best = NULL;
	int best_score = 0;
	for (size_t k = 0; unit && k < unit->ntuvs; k++) {
		int score = tolk_lang_match(unit->tuvs[k].lang, lang);
		if (score > best_score) {
			best = &unit->tuvs[k];
			best_score = score;
		}
	}
	return best;
}

/* ---- dates ------------------------------------------------------------------------------- */

void tolk_tmx_date_format(char *buf, time_t t)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0) {
		memcpy(buf, "19700101T000000Z", 17);
		return;
	}
	strftime(buf, 17, "%Y%m%dT%H%M%SZ", &tm);
}

int tolk_tmx_date_parse(time_t *out, const char *s)
{
	int v[6];
	static const int width[6] = {4, 2, 2, 2, 2, 2};
	static const int lo[6] = {1, 1, 1, 0, 0, 0}, hi[6] = {9999, 12, 31, 23, 59, 60};
	const char *p = s;
	if (!s)
		return tolk_error_set(TOLK_EINVALID, _("missing TMX date"));
	for (int k = 0; k < 6; k++) {
		v[k] = 0;
		for (int d = 0; d < width[k]; d++, p++) {
			if (!isdigit((unsigned char)*p))
				goto bad;
			v[k] = v[k] * 10 + (*p - '0');
		}
		if (v[k] < lo[k] || v[k] > hi[k])
			goto bad;
		if (k == 2 && *p++ != 'T')
			goto bad;
	}
	if (*p != 'Z' || p[1] != '\0')
		goto bad;
	struct tm tm = {0};
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	time_t t = timegm(&tm);
	struct tm check;
	/* timegm normalises 31 February into March: such a date is wrong, not a date. */
	if (!gmtime_r(&t, &check) || check.tm_mday != v[2] || check.tm_mon != v[1] - 1)
		goto bad;
	*out = t;
	return 0;
bad:
	return tolk_error_set(TOLK_EINVALID, _("not a TMX date (YYYYMMDDThhmmssZ): \"%s\""), s);
}

/* ---- units -------------------------------------------------------------------------------- */

/* Not tolk_strarray_free: a count of 0 there means NULL-terminated, which these arrays are not. */
static void notes_free(char **notes, size_t n)
{
	for (size_t k = 0; notes && k < n; k++)
		free(notes[k]);
	free(notes);
}

static void props_free(tolk_tmx_prop *props, size_t n)
{
	for (size_t k = 0; props && k < n; k++) {
		free(props[k].type);
		free(props[k].value);
	}
	free(props);
}

void tolk_tmx_unit_clear(tolk_tmx_unit *unit)
{
	if (!unit)
		return;
	for (size_t k = 0; unit->tuvs && k < unit->ntuvs; k++) {
		tolk_tmx_tuv *v = &unit->tuvs[k];
		free(v->lang);
		free(v->text);
		free(v->seg_xml);
		free(v->creationid);
		free(v->changeid);
		props_free(v->props, v->nprops);
		notes_free(v->notes, v->nnotes);
	}
	free(unit->tuvs);
	free(unit->tuid);
	free(unit->creationid);
	free(unit->changeid);
	props_free(unit->props, unit->nprops);
	notes_free(unit->notes, unit->nnotes);
	memset(unit, 0, sizeof(*unit));
}
