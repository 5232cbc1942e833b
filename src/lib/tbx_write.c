/*
 * Writing TBX: TBX-Basic (ISO 30042:2019, DCA style) for the store of record,
 * and TBX 2 (martif) for OmegaT and translate-toolkit, which cannot read v3.
 * The two differ in element names only: conceptEntry/langSec/termSec against
 * termEntry/langSet/tig. Output is stable (same base, same bytes) so the term
 * base diffs well under version control.
 */
#include <string.h>

#include "termbase_priv.h"

/*
 * Edits and imports refuse what XML cannot carry; leaving it out here as well
 * means no path at all can write a base that the reader then refuses.
 */
static void escape(FILE *fp, const char *s, bool attr)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		if (c == 0xEF && (unsigned char)s[1] == 0xBF && ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF)) {
			s += 2;
			continue;
		}
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"':
			if (attr)
				fputs("&quot;", fp);
			else
				fputc('"', fp);
			break;
		case '\n':
			if (attr)
				fputs("&#10;", fp);
			else
				fputc('\n', fp);
			break;
		case '\t':
			if (attr)
				fputs("&#9;", fp);
			else
				fputc('\t', fp);
			break;
		default: fputc(*s, fp);
		}
	}
}

static void element(FILE *fp, int indent, const char *name, const char *type, const char *text)
{
	if (!text)
		return;
	fprintf(fp, "%*s<%s", indent, "", name);
	if (type)
		fprintf(fp, " type=\"%s\"", type);
	fputc('>', fp);
	escape(fp, text, false);
	fprintf(fp, "</%s>\n", name);
}

static const char *const status_values[] = {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                                            "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"};

static void write_lang(FILE *fp, const tolk_concept *c, const char *lang, bool martif)
{
	const char *sec = martif ? "langSet" : "langSec";
	const char *tsec = martif ? "tig" : "termSec";
	fprintf(fp, "      <%s xml:lang=\"", sec);
	escape(fp, lang, true);
	fputs("\">\n", fp);
	for (size_t d = 0; d < c->definition_count; d++)
		if (strcmp(c->definitions[d].lang, lang) == 0)
			element(fp, 8, "descrip", "definition", c->definitions[d].text);
	for (size_t t = 0; t < c->term_count; t++) {
		const tolk_term_entry *e = &c->terms[t];
		if (strcmp(e->lang, lang) != 0)
			continue;
		fprintf(fp, "        <%s>\n", tsec);
		element(fp, 10, "term", NULL, e->term);
		element(fp, 10, "termNote", "partOfSpeech", e->part_of_speech);
		element(fp, 10, "termNote", "administrativeStatus", status_values[e->status & 3]);
		element(fp, 10, "descrip", "context", e->context);
		element(fp, 10, "note", NULL, e->note);
		fprintf(fp, "        </%s>\n", tsec);
	}
	fprintf(fp, "      </%s>\n", sec);
}

/* Language sections in order of first appearance among terms and definitions. */
static void write_concept(FILE *fp, const tolk_concept *c, bool martif)
{
	fprintf(fp, "    <%s id=\"", martif ? "termEntry" : "conceptEntry");
	escape(fp, c->id, true);
	fputs("\">\n", fp);
	element(fp, 6, "descrip", "subjectField", c->subject_field);
	element(fp, 6, "note", NULL, c->note);
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
		write_lang(fp, c, lang, martif);
	}
	fprintf(fp, "    </%s>\n", martif ? "termEntry" : "conceptEntry");
}

int tbx_write(tolk_termbase *tb, FILE *fp, bool martif)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	if (martif)
		fputs("<martif type=\"TBX\" xml:lang=\"en\">\n  <martifHeader>\n", fp);
	else
		fputs("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
		      "  <tbxHeader>\n",
		      fp);
	fputs("    <fileDesc>\n"
	      "      <sourceDesc>\n"
	      "        <p>Approved Dutch-English terminology, maintained with tolk.</p>\n"
	      "      </sourceDesc>\n"
	      "    </fileDesc>\n",
	      fp);
	fprintf(fp, "  </%s>\n  <text>\n  <body>\n", martif ? "martifHeader" : "tbxHeader");
	for (size_t i = 0; i < tb->nconcepts; i++)
		write_concept(fp, &tb->concepts[i], martif);
	fprintf(fp, "  </body>\n  </text>\n</%s>\n", martif ? "martif" : "tbx");
	return 0;
}
