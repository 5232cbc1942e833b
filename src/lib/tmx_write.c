/*
 * TMX 1.4b writer. Hand-serialised rather than through xmlTextWriter so that the bytes
 * are fully under our control (reproducible output, no whitespace inside seg), with
 * every string escaped here and inline markup re-serialised from a checked parse.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "tmx_private.h"

struct tolk_tmx_writer {
	tolk_atomic_file file;
	bool to_stdout;        /* path "-": streamed, nothing to rename */
	bool failed;           /* an I/O error: the document can no longer be finished */
	time_t date;           /* the header's creationdate, also the default for units */
	size_t dropped;        /* characters XML forbids, left out */
	size_t units;
	tolk_buf unit_xml;     /* one unit is built here, then written whole */
	tolk_buf scratch;
	xmlParserCtxtPtr seg_parser;
};

static int source_date_epoch(time_t *out)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	if (!env || !*env)
		return 1;
	char *end;
	errno = 0;
	long long v = strtoll(env, &end, 10);
	/* The reproducible-builds spec asks to fail on a malformed value, not to guess. */
	if (errno || *end || v < 0 || env[0] == '-' || env[0] == '+' || v > 253402300799LL)
		return tolk_error_set(TOLK_EINVALID, _("SOURCE_DATE_EPOCH is not a number of seconds: \"%s\""), env);
	*out = (time_t)v;
	return 0;
}

/* Append ` name="value"` (value escaped); a NULL value writes nothing. */
static int put_attr(tolk_buf *b, const char *name, const char *value, size_t *dropped)
{
	if (!value)
		return 0;
	size_t bad;
	if (tolk_buf_printf(b, " %s=\"", name) < 0)
		return TOLK_ENOMEM;
	int rc = tolk_xml_escape(b, value, strlen(value), TOLK_XML_ATTR, dropped, &bad);
	if (rc == TOLK_EINVALID)
		return tolk_error_set(TOLK_EINVALID, _("invalid UTF-8 in %s at byte %zu"), name, bad);
	if (rc < 0 || tolk_buf_putc(b, '"') < 0)
		return TOLK_ENOMEM;
	return 0;
}

static int put_date(tolk_buf *b, const char *name, time_t t)
{
	char date[17];
	if (!t)
		return 0;
	tolk_tmx_date_format(date, t);
	return tolk_buf_printf(b, " %s=\"%s\"", name, date) < 0 ? TOLK_ENOMEM : 0;
}

static int put_text(tolk_buf *b, const char *what, const char *text, size_t *dropped)
{
	size_t bad;
	int rc = tolk_xml_escape(b, text ? text : "", text ? strlen(text) : 0, TOLK_XML_TEXT, dropped, &bad);
	if (rc == TOLK_EINVALID)
		return tolk_error_set(TOLK_EINVALID, _("invalid UTF-8 in %s at byte %zu"), what, bad);
	return rc;
}

static int put_props_notes(tolk_buf *b, const char *indent, const tolk_tmx_prop *props, size_t nprops,
                           char *const *notes, size_t nnotes, size_t *dropped)
{
	int rc = 0;
	if ((nprops && !props) || (nnotes && !notes))
		return tolk_error_set(TOLK_EINVALID, _("props or notes counted but missing"));
	for (size_t k = 0; k < nprops && rc == 0; k++) {
		if (!props[k].type || !*props[k].type)
			return tolk_error_set(TOLK_EINVALID, _("a prop needs a type"));
		rc = tolk_buf_printf(b, "%s<prop", indent) < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_attr(b, "type", props[k].type, dropped);
		if (rc == 0)
			rc = tolk_buf_putc(b, '>') < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_text(b, "prop", props[k].value, dropped);
		if (rc == 0)
			rc = tolk_buf_puts(b, "</prop>\n") < 0 ? TOLK_ENOMEM : 0;
	}
	for (size_t k = 0; k < nnotes && rc == 0; k++) {
		rc = tolk_buf_printf(b, "%s<note>", indent) < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_text(b, "note", notes[k], dropped);
		if (rc == 0)
			rc = tolk_buf_puts(b, "</note>\n") < 0 ? TOLK_ENOMEM : 0;
	}
	return rc;
}

/*
 * Caller-supplied inline markup: parse it (no entities, no network), accept only TMX
 * inline elements with their declared attributes, and write our own serialisation of
 * it, so whatever the caller passed, the file stays valid.
 */
static int put_seg_xml(tolk_tmx_writer *w, tolk_buf *b, const char *seg_xml, size_t *dropped)
{
	size_t bad;
	tolk_buf *s = &w->scratch;
	s->len = 0;
	if (tolk_buf_puts(s, "<seg>") < 0)
		return TOLK_ENOMEM;
	int rc = tolk_xml_escape(s, seg_xml, strlen(seg_xml), TOLK_XML_MARKUP, dropped, &bad);
	if (rc == TOLK_EINVALID)
		return tolk_error_set(TOLK_EINVALID, _("invalid UTF-8 in seg_xml at byte %zu"), bad);
	if (rc < 0 || tolk_buf_puts(s, "</seg>") < 0)
		return TOLK_ENOMEM;
	if (!w->seg_parser && (w->seg_parser = xmlNewParserCtxt()) != NULL)
		tolk_xml_guard(w->seg_parser);
	if (!w->seg_parser)
		return tolk_error_oom();
	xmlDocPtr doc = xmlCtxtReadMemory(w->seg_parser, s->ptr, (int)s->len, NULL, "UTF-8",
	                                  tmx_parse_options() | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlCtxtGetLastError(w->seg_parser);
		const char *msg = e && e->message ? e->message : "";
		size_t n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			n--;
		return tolk_error_set(TOLK_EINVALID, _("seg_xml is not well-formed: %.*s"), (int)n, msg);
	}
	tmx_seg_problem problem;
	tolk_buf text = TOLK_BUF_INIT;
	rc = tmx_seg_walk(b, &text, xmlDocGetRootElement(doc), true, &problem);
	tolk_buf_free(&text);
	xmlFreeDoc(doc);
	if (rc == TOLK_EINVALID)
		return tolk_error_set(TOLK_EINVALID, _(problem.message), problem.name);
	return rc;
}

int tolk_tmx_writer_open(tolk_tmx_writer **out, const char *path, const tolk_tmx_header *header)
{
	static const char *segtypes[] = {"block", "paragraph", "sentence", "phrase"};
	tolk_tmx_header h = {0};
	*out = NULL;
	if (header)
		h = *header;
	if (!path)
		return tolk_error_set(TOLK_EINVALID, _("no output file for the TMX"));
	if (!h.srclang)
		return tolk_error_set(TOLK_EINVALID, _("the TMX header needs a source language"));
	if (strcmp(h.srclang, "*all*") != 0 && tolk_lang_tag_check(h.srclang) < 0)
		return TOLK_EINVALID;
	/* Defaults, held as const: the header struct's fields are not ours to point at literals. */
	const char *tool = h.creationtool ? h.creationtool : "tolk";
	const char *toolversion = h.creationtoolversion ? h.creationtoolversion : tolk_version_string();
	const char *segtype = h.segtype ? h.segtype : "sentence";
	const char *o_tmf = h.o_tmf ? h.o_tmf : "tolk";
	const char *adminlang = h.adminlang ? h.adminlang : "en";
	const char *datatype = h.datatype ? h.datatype : "plaintext";
	bool known = false;
	for (size_t k = 0; k < 4; k++)
		known |= strcmp(segtype, segtypes[k]) == 0;
	if (!known)
		return tolk_error_set(TOLK_EINVALID, _("segtype must be block, paragraph, sentence or phrase, not \"%s\""),
		                      segtype);
	if (!h.creationdate) {
		int rc = source_date_epoch(&h.creationdate);
		if (rc < 0)
			return rc;
		if (rc > 0)
			h.creationdate = time(NULL);
	}

	tolk_tmx_writer *w = tolk_calloc(1, sizeof(*w));
	if (!w)
		return TOLK_ENOMEM;
	w->date = h.creationdate;
	tolk_buf *b = &w->unit_xml;
	int rc = tolk_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header")
	                 < 0 ? TOLK_ENOMEM : 0;
	if (rc == 0)
		rc = put_attr(b, "creationtool", tool, &w->dropped);
	if (rc == 0)
		rc = put_attr(b, "creationtoolversion", toolversion, &w->dropped);
	if (rc == 0)
		rc = put_attr(b, "segtype", segtype, &w->dropped);
	if (rc == 0)
		rc = put_attr(b, "o-tmf", o_tmf, &w->dropped);
	if (rc == 0)
		rc = put_attr(b, "adminlang", adminlang, &w->dropped);
	if (rc == 0)
		rc = put_attr(b, "srclang", h.srclang, &w->dropped);
	if (rc == 0)
		rc = put_attr(b, "datatype", datatype, &w->dropped);
	if (rc == 0)
		rc = put_date(b, "creationdate", h.creationdate);
	if (rc == 0)
		rc = tolk_buf_puts(b, "/>\n  <body>\n") < 0 ? TOLK_ENOMEM : 0;
	if (rc == 0 && strcmp(path, "-") == 0) {
		w->to_stdout = true;
		w->file.fp = stdout;
	} else if (rc == 0) {
		rc = tolk_atomic_open(&w->file, path);
	}
	if (rc < 0) {
		tolk_buf_free(b);
		free(w);
		return rc;
	}
	if (fwrite(b->ptr, 1, b->len, w->file.fp) != b->len) {
		rc = tolk_error_set_at(TOLK_EIO, w->to_stdout ? _("standard output") : path, 0, 0,
		                       _("write error: %s"), strerror(errno));
		tolk_tmx_writer_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

static int build_unit(tolk_tmx_writer *w, const tolk_tmx_unit *u, size_t *dropped)
{
	tolk_buf *b = &w->unit_xml;
	b->len = 0;
	if (u->ntuvs == 0 || !u->tuvs)
		return tolk_error_set(TOLK_EINVALID, _("a translation unit needs at least one tuv"));
	int rc = tolk_buf_puts(b, "    <tu") < 0 ? TOLK_ENOMEM : 0;
	if (rc == 0)
		rc = put_attr(b, "tuid", u->tuid, dropped);
	if (rc == 0)
		rc = put_date(b, "creationdate", u->creationdate ? u->creationdate : w->date);
	if (rc == 0)
		rc = put_attr(b, "creationid", u->creationid, dropped);
	if (rc == 0)
		rc = put_date(b, "changedate", u->changedate);
	if (rc == 0)
		rc = put_attr(b, "changeid", u->changeid, dropped);
	if (rc == 0)
		rc = tolk_buf_puts(b, ">\n") < 0 ? TOLK_ENOMEM : 0;
	if (rc == 0)
		rc = put_props_notes(b, "      ", u->props, u->nprops, u->notes, u->nnotes, dropped);
	for (size_t k = 0; k < u->ntuvs && rc == 0; k++) {
		const tolk_tmx_tuv *v = &u->tuvs[k];
		if (!tmx_lang_plausible(v->lang))
			return tolk_error_set(TOLK_EINVALID, _("tuv %zu: not a language tag: \"%s\" (subtags of up to 8 "
			                                       "letters or digits joined by '-', like nl-NL)"),
			                      k + 1, v->lang ? v->lang : "");
		rc = tolk_buf_puts(b, "      <tuv") < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_attr(b, "xml:lang", v->lang, dropped);
		if (rc == 0)
			rc = put_date(b, "creationdate", v->creationdate);
		if (rc == 0)
			rc = put_attr(b, "creationid", v->creationid, dropped);
		if (rc == 0)
			rc = put_date(b, "changedate", v->changedate);
		if (rc == 0)
			rc = put_attr(b, "changeid", v->changeid, dropped);
		if (rc == 0)
			rc = tolk_buf_puts(b, ">\n") < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_props_notes(b, "        ", v->props, v->nprops, v->notes, v->nnotes, dropped);
		if (rc == 0)
			rc = tolk_buf_puts(b, "        <seg>") < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = v->seg_xml ? put_seg_xml(w, b, v->seg_xml, dropped) : put_text(b, "seg", v->text, dropped);
		if (rc == 0)
			rc = tolk_buf_puts(b, "</seg>\n      </tuv>\n") < 0 ? TOLK_ENOMEM : 0;
	}
	if (rc == 0)
		rc = tolk_buf_puts(b, "    </tu>\n") < 0 ? TOLK_ENOMEM : 0;
	return rc;
}

int tolk_tmx_writer_add(tolk_tmx_writer *w, const tolk_tmx_unit *unit)
{
	if (!w || !unit)
		return tolk_error_set(TOLK_EINVALID, _("no TMX writer or unit"));
	if (w->failed || !w->file.fp)
		return tolk_error_set(TOLK_EIO, _("the TMX file can no longer be written"));
	size_t dropped = 0;
	/* A refused unit leaves nothing behind: the unit is built whole before it is written. */
	int rc = build_unit(w, unit, &dropped);
	if (rc < 0) {
		const tolk_error *e = tolk_error_last();
		char *why = rc != TOLK_ENOMEM && e && unit->tuid ? tolk_strdup(e->message) : NULL;
		if (why)
			tolk_error_set(rc, _("unit %s: %s"), unit->tuid, why);
		free(why);
		return rc;
	}
	if (fwrite(w->unit_xml.ptr, 1, w->unit_xml.len, w->file.fp) != w->unit_xml.len) {
		w->failed = true;
		return tolk_error_set_at(TOLK_EIO, w->to_stdout ? _("standard output") : w->file.path, 0, 0,
		                         _("write error: %s"), strerror(errno));
	}
	w->dropped += dropped;
	w->units++;
	return 0;
}

size_t tolk_tmx_writer_dropped(const tolk_tmx_writer *w)
{
	return w ? w->dropped : 0;
}

int tolk_tmx_writer_close(tolk_tmx_writer *w)
{
	if (!w)
		return tolk_error_set(TOLK_EINVALID, _("no TMX writer"));
	if (w->failed || !w->file.fp) {
		if (!w->to_stdout)
			tolk_atomic_abort(&w->file);
		return tolk_error_set(TOLK_EIO, _("the TMX file could not be written"));
	}
	static const char tail[] = "  </body>\n</tmx>\n";
	if (w->to_stdout) {
		w->file.fp = NULL;
		if (fwrite(tail, 1, sizeof(tail) - 1, stdout) != sizeof(tail) - 1 || fflush(stdout) != 0) {
			w->failed = true;
			return tolk_error_set_at(TOLK_EIO, _("standard output"), 0, 0, _("write error: %s"), strerror(errno));
		}
		return 0;
	}
	if (fwrite(tail, 1, sizeof(tail) - 1, w->file.fp) != sizeof(tail) - 1) {
		int rc = tolk_error_set_at(TOLK_EIO, w->file.path, 0, 0, _("write error: %s"), strerror(errno));
		w->failed = true;
		tolk_atomic_abort(&w->file);
		return rc;
	}
	int rc = tolk_atomic_commit(&w->file);
	if (rc < 0)
		w->failed = true;
	return rc;
}

void tolk_tmx_writer_free(tolk_tmx_writer *w)
{
	if (!w)
		return;
	if (w->to_stdout)
		fflush(stdout); /* half a document on a pipe cannot be taken back; the caller reports it */
	else if (w->file.fp || w->file.tmp_path)
		tolk_atomic_abort(&w->file);
	tolk_buf_free(&w->unit_xml);
	tolk_buf_free(&w->scratch);
	if (w->seg_parser)
		xmlFreeParserCtxt(w->seg_parser);
	free(w);
}
