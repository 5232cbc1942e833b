/*
 * The styles of a DOCX (word/styles.xml): a paragraph style makes a heading
 * (by its name "heading N" or "Title", its outline level, or the style it is
 * based on) or a list item (numbering in the style); a character style
 * (w:rStyle of a run) gives bold, italic, underline and vertical alignment.
 * basedOn chains are followed at most 16 deep, so a loop ends.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc_docx.h"

typedef struct style {
	char *id;
	char *based_on;
	int heading;   /* 1-9, 0 none, -1 not yet resolved */
	int outline;   /* w:outlineLvl + 1, or 0 */
	bool list;     /* numbering in the style */
	bool is_heading_name;
	int name_level;
	signed char rpr[4]; /* DOCX_RPR_*: 0 not set; toggles 1 on, 2 off; vertical 1 super, 2 sub, 3 baseline */
} style;

struct docx_styles {
	style *styles;
	size_t nstyles, styles_cap;
};

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

static style *find_style(const docx_styles *d, const char *id)
{
	for (size_t i = 0; d && id && i < d->nstyles; i++)
		if (strcmp(d->styles[i].id, id) == 0)
			return &d->styles[i];
	return NULL;
}

static int resolve_heading(docx_styles *d, style *s, int depth)
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

static bool style_list(const docx_styles *d, const style *s, int depth)
{
	if (s->list)
		return true;
	const style *base = s->based_on && depth < 16 ? find_style(d, s->based_on) : NULL;
	return base && base != s && style_list(d, base, depth + 1);
}

/* A style's run properties, set or not: a character style's only, looked up along basedOn. */
static void read_rpr(style *s, const xmlNode *rpr)
{
	static const char *const toggles[] = {"b", "i", "u"};
	for (int k = 0; k < 3; k++) {
		const xmlNode *t = child(rpr, toggles[k]);
		if (t)
			s->rpr[k] = toggle_on(t) ? 1 : 2;
	}
	const char *va = attr(child(rpr, "vertAlign"), "val");
	if (va)
		s->rpr[DOCX_RPR_VERT] = strcmp(va, "superscript") == 0 ? 1 : strcmp(va, "subscript") == 0 ? 2 : 3;
}

int docx_style_rpr(const docx_styles *d, const char *id, int which)
{
	const style *s = find_style(d, id);
	for (int depth = 0; s && depth < 16; depth++) {
		if (s->rpr[which])
			return s->rpr[which];
		const style *base = s->based_on ? find_style(d, s->based_on) : NULL;
		s = base != s ? base : NULL;
	}
	return 0;
}

int docx_styles_read(docx_styles **out, doc_zip *z, const char *name)
{
	*out = NULL;
	docx_styles *d = calloc(1, sizeof *d);
	if (!d)
		return TOLK_ENOMEM;
	xmlDoc *x = NULL;
	int rc = doc_zip_xml(&x, z, "word/styles.xml", name);
	const xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
	for (const xmlNode *n = root ? root->children : NULL; n && rc == 0; n = n->next) {
		if (!is_w(n, "style"))
			continue;
		const char *type = attr(n, "type"), *id = attr(n, "styleId");
		bool character = type && strcmp(type, "character") == 0;
		if (!id || (type && strcmp(type, "paragraph") != 0 && !character))
			continue;
		if ((rc = tolk_array_grow((void **)&d->styles, &d->styles_cap, d->nstyles + 1, sizeof *d->styles)) < 0)
			break;
		style *s = &d->styles[d->nstyles];
		memset(s, 0, sizeof *s);
		s->heading = -1;
		if (character)
			read_rpr(s, child(n, "rPr"));
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
	if (rc < 0) {
		docx_styles_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void docx_styles_free(docx_styles *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nstyles; i++) {
		free(d->styles[i].id);
		free(d->styles[i].based_on);
	}
	free(d->styles);
	free(d);
}

int docx_style_heading(docx_styles *d, const char *id)
{
	style *s = find_style(d, id);
	return s ? resolve_heading(d, s, 0) : heading_from_id(id);
}

bool docx_style_list(const docx_styles *d, const char *id)
{
	const style *s = find_style(d, id);
	return s && style_list(d, s, 0);
}

