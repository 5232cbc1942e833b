/*
 * XLIFF writer: 1.2 (valid against xliff-core-1.2-strict.xsd) and 2.1 with
 * the translation candidates module. Serialised by hand, like the TMX writer,
 * so that the bytes are ours: reproducible, and no white space inside source
 * or target.
 *
 * Paragraphs. XLIFF 1.2: one <group restype="x-paragraph"> per paragraph with a
 * <trans-unit> per sentence. Every CAT tool takes a trans-unit as a segment
 * (OmegaT through its Okapi XLIFF filter, Trados, memoQ, translate-toolkit),
 * while the alternative — a trans-unit per paragraph split by <seg-source>
 * and <mrk mtype="seg"> — is read differently by each (OmegaT's filter
 * ignores seg-source; alt-trans then applies to the whole paragraph).
 * Tools that do not know groups simply read through them. XLIFF 2.1: a
 * <unit> per paragraph with a <segment> per sentence, the structure 2.x
 * itself defines; the space between sentences goes into <ignorable> so that
 * the paragraph's text can be put back together.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tolk/xliff.h"
#include "util.h"
#include "xml_escape.h"

#define XLIFF12_NS "urn:oasis:names:tc:xliff:document:1.2"
#define XLIFF2_NS "urn:oasis:names:tc:xliff:document:2.0"
#define MTC_NS "urn:oasis:names:tc:xliff:matches:2.0"

struct tolk_xliff_writer {
	tolk_atomic_file file;
	bool to_stdout;
	bool failed;
	tolk_xliff_version xliff;
	char *origin;
	unsigned paragraph;      /* the open group or unit; 0 before the first */
	size_t units;            /* segments written */
	size_t in_paragraph;     /* segments of the open paragraph */
	tolk_buf unit_xml;       /* one segment (2.x: the whole open unit) is built here */
	tolk_buf matches;        /* 2.x: the open unit's mtc:match elements */
	size_t nmatches;         /* 2.x: in the open unit */
};

int tolk_xliff_write_options_init(tolk_xliff_write_options *opts, unsigned int version)
{
	if (!opts || version != TOLK_XLIFF_WRITE_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unknown version %u of the XLIFF write options"), version);
	tolk_xliff_write_options d = TOLK_XLIFF_WRITE_OPTIONS_INIT;
	*opts = d;
	return 0;
}

int tolk_xliff_pretranslate_options_init(tolk_xliff_pretranslate_options *opts, unsigned int version)
{
	if (!opts || version != TOLK_XLIFF_PRETRANSLATE_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unknown version %u of the pre-translation options"), version);
	tolk_xliff_pretranslate_options d = TOLK_XLIFF_PRETRANSLATE_OPTIONS_INIT;
	*opts = d;
	return 0;
}

static int put_escaped(tolk_buf *b, const char *what, const char *s, tolk_xml_escape_mode mode)
{
	size_t bad;
	int rc = tolk_xml_escape(b, s ? s : "", s ? strlen(s) : 0, mode, NULL, &bad);
	if (rc == TOLK_EINVALID)
		return tolk_error_set(TOLK_EINVALID, _("invalid UTF-8 in %s at byte %zu"), what, bad);
	return rc < 0 ? TOLK_ENOMEM : 0;
}

static int put_attr(tolk_buf *b, const char *name, const char *value)
{
	if (tolk_buf_printf(b, " %s=\"", name) < 0)
		return TOLK_ENOMEM;
	int rc = put_escaped(b, name, value, TOLK_XML_ATTR);
	if (rc == 0 && tolk_buf_putc(b, '"') < 0)
		rc = TOLK_ENOMEM;
	return rc;
}

/* <name>text</name> */
static int put_elem(tolk_buf *b, const char *indent, const char *name, const char *attrs, const char *text)
{
	if (tolk_buf_printf(b, "%s<%s%s>", indent, name, attrs ? attrs : "") < 0)
		return TOLK_ENOMEM;
	int rc = put_escaped(b, name, text, TOLK_XML_TEXT);
	if (rc == 0 && tolk_buf_printf(b, "</%s>\n", name) < 0)
		rc = TOLK_ENOMEM;
	return rc;
}

static int write_out(tolk_xliff_writer *w, const char *data, size_t len)
{
	if (fwrite(data, 1, len, w->file.fp) == len)
		return 0;
	w->failed = true;
	return tolk_error_set_at(TOLK_EIO, w->to_stdout ? _("standard output") : w->file.path, 0, 0,
	                         _("write error: %s"), strerror(errno));
}

int tolk_xliff_writer_open(tolk_xliff_writer **out, const char *path, const char *src_lang, const char *tgt_lang,
                           const tolk_xliff_write_options *opts)
{
	if (!out)
		return tolk_error_set(TOLK_EINVALID, _("no place for the XLIFF writer"));
	*out = NULL;
	if (!path || !src_lang || !tgt_lang)
		return tolk_error_set(TOLK_EINVALID, _("an XLIFF file needs a path and two languages"));
	if (opts && opts->version != TOLK_XLIFF_WRITE_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unknown version %u of the XLIFF write options"), opts->version);
	tolk_xliff_version xv = opts && opts->xliff ? opts->xliff : TOLK_XLIFF_1_2;
	if (xv != TOLK_XLIFF_1_2 && xv != TOLK_XLIFF_2_1)
		return tolk_error_set(TOLK_EINVALID, _("tolk writes XLIFF 1.2 and 2.1, not version code %d"), (int)xv);
	if (tolk_lang_tag_check(src_lang) < 0 || tolk_lang_tag_check(tgt_lang) < 0)
		return TOLK_EINVALID;
	const char *original = opts && opts->original ? opts->original : "draft";
	tolk_xliff_writer *w = tolk_calloc(1, sizeof(*w));
	if (!w)
		return TOLK_ENOMEM;
	w->xliff = xv;
	w->origin = tolk_strdup(opts && opts->origin ? opts->origin : "tolk");
	tolk_buf *b = &w->unit_xml;
	int rc = w->origin ? 0 : TOLK_ENOMEM;
	if (rc == 0 && tolk_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") < 0)
		rc = TOLK_ENOMEM;
	if (rc == 0 && xv == TOLK_XLIFF_1_2) {
		rc = tolk_buf_puts(b, "<xliff version=\"1.2\" xmlns=\"" XLIFF12_NS "\">\n  <file") < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_attr(b, "original", original);
		if (rc == 0)
			rc = put_attr(b, "source-language", src_lang);
		if (rc == 0)
			rc = put_attr(b, "target-language", tgt_lang);
		if (rc == 0)
			rc = put_attr(b, "tool-id", "tolk");
		if (rc == 0 && tolk_buf_printf(b, " datatype=\"plaintext\">\n    <header>\n      <tool tool-id=\"tolk\" "
		                                  "tool-name=\"tolk\" tool-version=\"%s\"/>\n    </header>\n    <body>\n",
		                               tolk_version_string()) < 0)
			rc = TOLK_ENOMEM;
	} else if (rc == 0) {
		rc = tolk_buf_puts(b, "<xliff xmlns=\"" XLIFF2_NS "\" xmlns:mtc=\"" MTC_NS "\" version=\"2.1\"") < 0
		             ? TOLK_ENOMEM
		             : 0;
		if (rc == 0)
			rc = put_attr(b, "srcLang", src_lang);
		if (rc == 0)
			rc = put_attr(b, "trgLang", tgt_lang);
		if (rc == 0)
			rc = tolk_buf_puts(b, ">\n  <file id=\"f1\"") < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_attr(b, "original", original);
		if (rc == 0)
			rc = tolk_buf_puts(b, ">\n") < 0 ? TOLK_ENOMEM : 0;
	}
	if (rc == 0 && strcmp(path, "-") == 0) {
		w->to_stdout = true;
		w->file.fp = stdout;
	} else if (rc == 0) {
		rc = tolk_atomic_open(&w->file, path);
	}
	if (rc == 0)
		rc = write_out(w, b->ptr, b->len);
	if (rc < 0) {
		tolk_xliff_writer_free(w);
		return rc;
	}
	b->len = 0;
	*out = w;
	return 0;
}

/* The end of the open paragraph (2.x: the whole unit goes out here). */
static int close_paragraph(tolk_xliff_writer *w)
{
	if (!w->paragraph)
		return 0;
	if (w->xliff == TOLK_XLIFF_1_2)
		return write_out(w, "      </group>\n", 15);
	tolk_buf *b = &w->unit_xml;
	if (!w->in_paragraph) /* its only segment was refused: a unit needs one */
		return 0;
	if (tolk_buf_puts(b, "    </unit>\n") < 0)
		return TOLK_ENOMEM;
	/* the candidates come before the segments in a unit (2.x: module elements first) */
	static const char head_fmt[] = "    <unit id=\"u%u\">\n";
	char head[64];
	int n = snprintf(head, sizeof head, head_fmt, w->paragraph);
	int rc = write_out(w, head, (size_t)n);
	if (rc == 0 && w->nmatches) {
		rc = write_out(w, "      <mtc:matches>\n", 20);
		if (rc == 0)
			rc = write_out(w, w->matches.ptr, w->matches.len);
		if (rc == 0)
			rc = write_out(w, "      </mtc:matches>\n", 21);
	}
	if (rc == 0)
		rc = write_out(w, b->ptr, b->len);
	b->len = 0;
	w->matches.len = 0;
	w->nmatches = 0;
	return rc;
}

static const char *state12(tolk_xliff_state s)
{
	return s == TOLK_XLIFF_STATE_TRANSLATED ? " state=\"translated\" state-qualifier=\"exact-match\""
	                                        : " state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\"";
}

static int build12(tolk_xliff_writer *w, tolk_buf *b, const tolk_xliff_unit *u, size_t id)
{
	int rc = tolk_buf_printf(b, "        <trans-unit id=\"%zu\" xml:space=\"preserve\">\n", id) < 0 ? TOLK_ENOMEM : 0;
	if (rc == 0)
		rc = put_elem(b, "          ", "source", NULL, u->source);
	if (rc == 0 && u->target && u->state != TOLK_XLIFF_STATE_NEW)
		rc = put_elem(b, "          ", "target", state12(u->state), u->target);
	for (size_t k = 0; k < u->nmatches && rc == 0; k++) {
		const tolk_xliff_match *m = &u->matches[k];
		if (!m->source || !m->target)
			continue;
		rc = tolk_buf_printf(b, "          <alt-trans match-quality=\"%d\"", m->score < 0 ? 0 : m->score > 100 ? 100 : m->score) < 0
		             ? TOLK_ENOMEM
		             : 0;
		if (rc == 0)
			rc = put_attr(b, "origin", m->origin ? m->origin : w->origin);
		if (rc == 0)
			rc = tolk_buf_puts(b, ">\n") < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_elem(b, "            ", "source", NULL, m->source);
		if (rc == 0)
			rc = put_elem(b, "            ", "target", NULL, m->target);
		if (rc == 0)
			rc = tolk_buf_puts(b, "          </alt-trans>\n") < 0 ? TOLK_ENOMEM : 0;
	}
	if (rc == 0)
		rc = tolk_buf_puts(b, "        </trans-unit>\n") < 0 ? TOLK_ENOMEM : 0;
	return rc;
}

/* 2.x: the segment into b (the open unit), its candidates into m. */
static int build2(tolk_xliff_writer *w, tolk_buf *b, tolk_buf *m, size_t *nm, const tolk_xliff_unit *u, size_t id)
{
	int rc = 0;
	if (w->in_paragraph && tolk_buf_puts(b, "      <ignorable>\n        <source xml:space=\"preserve\"> </source>\n"
	                                        "      </ignorable>\n") < 0)
		return TOLK_ENOMEM;
	const char *state = !u->target || u->state == TOLK_XLIFF_STATE_NEW ? "initial"
	                    : u->state == TOLK_XLIFF_STATE_TRANSLATED     ? "translated"
	                                                                  : "initial";
	/* a fuzzy target stays initial (2.x has no "needs review"); subState says why */
	const char *sub = u->target && u->state == TOLK_XLIFF_STATE_FUZZY ? " subState=\"tolk:fuzzy-match\"" : "";
	if (tolk_buf_printf(b, "      <segment id=\"s%zu\" state=\"%s\"%s>\n", id, state, sub) < 0)
		return TOLK_ENOMEM;
	rc = put_elem(b, "        ", "source", " xml:space=\"preserve\"", u->source);
	if (rc == 0 && u->target && u->state != TOLK_XLIFF_STATE_NEW)
		rc = put_elem(b, "        ", "target", " xml:space=\"preserve\"", u->target);
	if (rc == 0)
		rc = tolk_buf_puts(b, "      </segment>\n") < 0 ? TOLK_ENOMEM : 0;
	for (size_t k = 0; k < u->nmatches && rc == 0; k++) {
		const tolk_xliff_match *x = &u->matches[k];
		if (!x->source || !x->target)
			continue;
		int q = x->score < 0 ? 0 : x->score > 100 ? 100 : x->score;
		(*nm)++;
		rc = tolk_buf_printf(m, "        <mtc:match id=\"m%zu\" ref=\"#s%zu\" matchQuality=\"%d.0\"", *nm, id, q) < 0
		             ? TOLK_ENOMEM
		             : 0;
		if (rc == 0)
			rc = put_attr(m, "origin", x->origin ? x->origin : w->origin);
		if (rc == 0)
			rc = tolk_buf_puts(m, " type=\"tm\">\n") < 0 ? TOLK_ENOMEM : 0;
		if (rc == 0)
			rc = put_elem(m, "          ", "source", " xml:space=\"preserve\"", x->source);
		if (rc == 0)
			rc = put_elem(m, "          ", "target", " xml:space=\"preserve\"", x->target);
		if (rc == 0)
			rc = tolk_buf_puts(m, "        </mtc:match>\n") < 0 ? TOLK_ENOMEM : 0;
	}
	return rc;
}

int tolk_xliff_writer_add(tolk_xliff_writer *w, const tolk_xliff_unit *u)
{
	if (!w || !u || !u->source || (u->nmatches && !u->matches))
		return tolk_error_set(TOLK_EINVALID, _("no XLIFF writer or no segment"));
	if (w->failed || !w->file.fp)
		return tolk_error_set(TOLK_EIO, _("the XLIFF file can no longer be written"));
	unsigned para = u->paragraph ? u->paragraph : 1;
	if (para < w->paragraph)
		return tolk_error_set(TOLK_EINVALID, _("segment %zu: paragraph %u comes after paragraph %u"), w->units + 1,
		                      para, w->paragraph);
	size_t id = w->units + 1;
	int rc = 0;
	if (w->xliff == TOLK_XLIFF_1_2) {
		/* built whole before anything is written: a refused segment leaves nothing behind */
		tolk_buf *b = &w->unit_xml;
		b->len = 0;
		if (para != w->paragraph && tolk_buf_printf(b, "      <group id=\"p%u\" restype=\"x-paragraph\">\n", para) < 0)
			return TOLK_ENOMEM;
		if ((rc = build12(w, b, u, id)) < 0)
			return rc;
		if (para != w->paragraph) {
			if ((rc = close_paragraph(w)) < 0)
				return rc;
			w->paragraph = para;
			w->in_paragraph = 0;
		}
		if ((rc = write_out(w, b->ptr, b->len)) < 0)
			return rc;
	} else {
		if (para != w->paragraph) {
			if ((rc = close_paragraph(w)) < 0)
				return rc;
			w->paragraph = para;
			w->in_paragraph = 0;
		}
		size_t blen = w->unit_xml.len, mlen = w->matches.len, nm = w->nmatches;
		if ((rc = build2(w, &w->unit_xml, &w->matches, &w->nmatches, u, id)) < 0) {
			w->unit_xml.len = blen; /* take the refused segment back out of the open unit */
			w->matches.len = mlen;
			w->nmatches = nm;
			if (w->unit_xml.ptr)
				w->unit_xml.ptr[blen] = '\0';
			if (w->matches.ptr)
				w->matches.ptr[mlen] = '\0';
			return rc;
		}
	}
	w->in_paragraph++;
	w->units++;
	return 0;
}

int tolk_xliff_writer_close(tolk_xliff_writer *w)
{
	if (!w)
		return tolk_error_set(TOLK_EINVALID, _("no XLIFF writer"));
	int rc = w->failed || !w->file.fp ? tolk_error_set(TOLK_EIO, _("the XLIFF file could not be written")) : 0;
	if (rc == 0)
		rc = close_paragraph(w);
	if (rc == 0 && w->xliff == TOLK_XLIFF_1_2)
		rc = write_out(w, "    </body>\n  </file>\n</xliff>\n", 31);
	else if (rc == 0)
		rc = write_out(w, "  </file>\n</xliff>\n", 19);
	if (w->to_stdout) {
		w->file.fp = NULL;
		if (rc == 0 && fflush(stdout) != 0)
			rc = tolk_error_set_at(TOLK_EIO, _("standard output"), 0, 0, _("write error: %s"), strerror(errno));
		if (rc < 0)
			w->failed = true;
		return rc;
	}
	if (rc < 0) {
		w->failed = true;
		tolk_atomic_abort(&w->file);
		return rc;
	}
	rc = tolk_atomic_commit(&w->file);
	if (rc < 0)
		w->failed = true;
	return rc;
}

void tolk_xliff_writer_free(tolk_xliff_writer *w)
{
	if (!w)
		return;
	if (w->to_stdout)
		fflush(stdout);
	else if (w->file.fp || w->file.tmp_path)
		tolk_atomic_abort(&w->file);
	tolk_buf_free(&w->unit_xml);
	tolk_buf_free(&w->matches);
	free(w->origin);
	free(w);
}

/* ---- pre-translation -------------------------------------------------------------- */
int tolk_xliff_pretranslate(tolk_tm *tm, const char *path, const char *src_lang, const char *tgt_lang,
                            const char *const *segments, const unsigned *paragraphs, size_t count,
                            const tolk_xliff_pretranslate_options *opts)
{
	if (!tm || !path || (count && !segments))
		return tolk_error_set(TOLK_EINVALID, _("no translation memory, file or segments to pre-translate"));
	if (opts && opts->version != TOLK_XLIFF_PRETRANSLATE_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unknown version %u of the pre-translation options"), opts->version);
	int min_score = opts && opts->min_score ? opts->min_score : 75;
	if (min_score < 50 || min_score > 100)
		return tolk_error_set(TOLK_EINVALID, _("the lowest score pre-translated is 50 to 100, not %d"), min_score);
	tolk_tm_lookup_options lo = TOLK_TM_LOOKUP_OPTIONS_INIT;
	lo.min_score = 50;
	lo.max_results = opts && opts->max_matches ? opts->max_matches : 5;
	lo.scan_fallback = true;
	tolk_xliff_writer *w = NULL;
	tolk_xliff_match *alts = tolk_calloc(lo.max_results, sizeof(*alts));
	if (!alts)
		return TOLK_ENOMEM;
	int rc = tolk_xliff_writer_open(&w, path, src_lang, tgt_lang, opts ? &opts->write : NULL);
	for (size_t k = 0; k < count && rc == 0; k++) {
		tolk_tm_match_list *ml = NULL;
		if ((rc = tolk_tm_lookup(&ml, tm, segments[k], &lo)) < 0)
			break;
		tolk_xliff_unit u = {paragraphs ? paragraphs[k] : 1, segments[k], NULL, TOLK_XLIFF_STATE_NEW, 0, alts, 0};
		size_t first = 0;
		if (ml->count && ml->items[0].target && ml->items[0].score >= min_score) {
			u.target = ml->items[0].target;
			u.score = ml->items[0].score;
			u.state = u.score >= 100 ? TOLK_XLIFF_STATE_TRANSLATED : TOLK_XLIFF_STATE_FUZZY;
			first = 1;
		}
		for (size_t j = first; j < ml->count && u.nmatches < lo.max_results; j++) {
			if (!ml->items[j].target)
				continue;
			alts[u.nmatches].score = ml->items[j].score;
			alts[u.nmatches].source = ml->items[j].source;
			alts[u.nmatches].target = ml->items[j].target;
			alts[u.nmatches].origin = NULL;
			u.nmatches++;
		}
		rc = tolk_xliff_writer_add(w, &u);
		tolk_tm_match_list_free(ml);
		if (rc == 0 && opts && opts->progress && opts->progress(k + 1, count, opts->progress_payload))
			rc = tolk_error_set(TOLK_ECANCELLED, _("pre-translation cancelled"));
	}
	if (rc == 0)
		rc = tolk_xliff_writer_close(w);
	tolk_xliff_writer_free(w);
	free(alts);
	return rc;
}
