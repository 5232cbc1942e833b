/*
 * Writing TBX: TBX-Basic (ISO 30042:2019, DCA style) for the store of record,
 * and TBX 2 (martif) for OmegaT and translate-toolkit, which cannot read v3.
 * The two differ in element names only: conceptEntry/langSec/termSec against
 * termEntry/langSet/tig. Output is stable (same base, same bytes) so the term
 * base diffs well under version control.
 */
#include <string.h>

#include "termbase_priv.h"
#include "xml_escape.h"

/* The file and a buffer for escaping, reused for every string; rc keeps the first failure. */
typedef struct tbx_out {
	FILE *fp;
	tolk_buf buf;
	int rc;
} tbx_out;

/*
 * Edits and imports refuse what XML cannot carry; leaving it out here as well (the escaper
 * drops it) means no path at all can write a base that the reader then refuses.
 */
static void escape(tbx_out *o, const char *s, bool attr)
{
	tolk_buf_clear(&o->buf);
	int rc = tolk_xml_escape(&o->buf, s, strlen(s), attr ? TOLK_XML_ATTR : TOLK_XML_TEXT, NULL, NULL);
	if (rc < 0) {
		if (o->rc == 0)
			o->rc = rc == TOLK_ENOMEM ? tolk_error_oom()
			                          : tolk_error_set(TOLK_EINVALID, _("a term base string is not valid UTF-8"));
		return;
	}
	fwrite(o->buf.ptr, 1, o->buf.len, o->fp);
}

static void element(tbx_out *o, int indent, const char *name, const char *type, const char *text)
{
	if (!text)
		return;
	fprintf(o->fp, "%*s<%s", indent, "", name);
	if (type)
		fprintf(o->fp, " type=\"%s\"", type);
	fputc('>', o->fp);
	escape(o, text, false);
	fprintf(o->fp, "</%s>\n", name);
}

static const char *const status_values[] = {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                                            "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"};

static void write_lang(tbx_out *o, const tolk_concept *c, const char *lang, bool martif)
{
	const char *sec = martif ? "langSet" : "langSec";
	const char *tsec = martif ? "tig" : "termSec";
	fprintf(o->fp, "      <%s xml:lang=\"", sec);
	escape(o, lang, true);
	fputs("\">\n", o->fp);
	for (size_t d = 0; d < c->definition_count; d++)
		if (strcmp(c->definitions[d].lang, lang) == 0)
			element(o, 8, "descrip", "definition", c->definitions[d].text);
	for (size_t t = 0; t < c->term_count; t++) {
		const tolk_term_entry *e = &c->terms[t];
		if (strcmp(e->lang, lang) != 0)
			continue;
		fprintf(o->fp, "        <%s>\n", tsec);
		element(o, 10, "term", NULL, e->term);
		element(o, 10, "termNote", "partOfSpeech", e->part_of_speech);
		element(o, 10, "termNote", "administrativeStatus", status_values[e->status & 3]);
		element(o, 10, "descrip", "context", e->context);
		element(o, 10, "note", NULL, e->note);
		fprintf(o->fp, "        </%s>\n", tsec);
	}
	fprintf(o->fp, "      </%s>\n", sec);
}

/* Language sections in order of first appearance among terms and definitions. */
static void write_concept(tbx_out *o, const tolk_concept *c, bool martif)
{
	fprintf(o->fp, "    <%s id=\"", martif ? "termEntry" : "conceptEntry");
	escape(o, c->id, true);
	fputs("\">\n", o->fp);
	element(o, 6, "descrip", "subjectField", c->subject_field);
	element(o, 6, "note", NULL, c->note);
	const char *done[16];
	size_t ndone = 0;
	for (size_t k = 0; k < c->term_count + c->definition_count; k++) {
		const char *lang = k < c->term_count ? c->terms[k].lang : c->definitions[k - c->term_count].lang;
		bool seen = false;
		for (size_t i = 0; i < ndone && !seen; i++)
			seen = strcmp(done[i], lang) == 0;
		if (seen)
			continue;
		if (ndone < 16)
			done[ndone++] = lang;
		write_lang(o, c, lang, martif);
	}
	fprintf(o->fp, "    </%s>\n", martif ? "termEntry" : "conceptEntry");
}

int tbx_write(tolk_termbase *tb, FILE *fp, bool martif)
{
	tbx_out out = {fp, TOLK_BUF_INIT, 0}, *o = &out;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", o->fp);
	if (martif)
		fputs("<martif type=\"TBX\" xml:lang=\"en\">\n  <martifHeader>\n", o->fp);
	else
		fputs("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
		      "  <tbxHeader>\n",
		      o->fp);
	fputs("    <fileDesc>\n"
	      "      <sourceDesc>\n"
	      "        <p>Approved Dutch-English terminology, maintained with tolk.</p>\n"
	      "      </sourceDesc>\n"
	      "    </fileDesc>\n",
	      o->fp);
	fprintf(o->fp, "  </%s>\n  <text>\n  <body>\n", martif ? "martifHeader" : "tbxHeader");
	for (size_t i = 0; i < tb->nconcepts; i++)
		write_concept(o, &tb->concepts[i], martif);
	fprintf(o->fp, "  </body>\n  </text>\n</%s>\n", martif ? "martif" : "tbx");
	tolk_buf_free(&out.buf);
	return out.rc;
}
