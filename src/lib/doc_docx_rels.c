/*
 * The relationships of word/document.xml (word/_rels/document.xml.rels): a
 * header or footer is found through the r:id of a section's
 * w:headerReference, never by guessing member names.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "doc_docx.h"

typedef struct rel {
	char *id;
	char *member;
} rel;

struct docx_rels {
	rel *rels;
	size_t n, cap;
};

static const char *plain_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!a->ns && strcmp((const char *)a->name, name) == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

/* A target relative to word/ (where document.xml is) or absolute in the package, as a member name. */
static char *member_of(const char *target)
{
	if (target[0] == '/')
		return tolk_strdup(target + 1);
	const char *dir = "word/";
	size_t dlen = strlen(dir);
	while (strncmp(target, "../", 3) == 0 && dlen > 0) {
		target += 3;
		dlen = 0; /* word/ has one level */
	}
	char *m = malloc(dlen + strlen(target) + 1);
	if (m) {
		memcpy(m, dir, dlen);
		strcpy(m + dlen, target);
	}
	return m;
}

int docx_rels_read(docx_rels **out, doc_zip *z, const char *name)
{
	*out = NULL;
	docx_rels *r = calloc(1, sizeof *r);
	if (!r)
		return TOLK_ENOMEM;
	xmlDoc *x = NULL;
	int rc = doc_zip_xml(&x, z, "word/_rels/document.xml.rels", name);
	const xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
	for (const xmlNode *n = root ? root->children : NULL; n && rc == 0; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Relationship") != 0)
			continue;
		const char *id = plain_attr(n, "Id"), *target = plain_attr(n, "Target"), *mode = plain_attr(n, "TargetMode");
		if (!id || !target || (mode && strcmp(mode, "External") == 0))
			continue;
		if ((rc = tolk_array_grow((void **)&r->rels, &r->cap, r->n + 1, sizeof *r->rels)) < 0)
			break;
		rel *e = &r->rels[r->n++];
		e->id = tolk_strdup(id);
		e->member = member_of(target);
		if (!e->id || !e->member)
			rc = TOLK_ENOMEM;
	}
	xmlFreeDoc(x);
	if (rc < 0) {
		docx_rels_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

const char *docx_rels_member(const docx_rels *r, const char *id)
{
	for (size_t i = 0; r && id && i < r->n; i++)
		if (strcmp(r->rels[i].id, id) == 0)
			return r->rels[i].member;
	return NULL;
}

void docx_rels_free(docx_rels *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->rels[i].id);
		free(r->rels[i].member);
	}
	free(r->rels);
	free(r);
}
