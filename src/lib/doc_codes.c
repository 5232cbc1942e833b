/*
 * A document's inline spans as TMX inline codes in a seg (tolk_document_seg_xml).
 *
 * The segmenter's text is the document's text with white space runs collapsed
 * and line-end hyphens resolved, so a span's document offsets are carried into
 * a segment's text by walking both side by side: equal bytes advance both, a
 * white space character against the space that stands for its run advances
 * both, anything else (the rest of the run, a resolved hyphen) is skipped in
 * the document. Positions are then moved back to a character boundary, so that
 * a code never splits a character.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "doc_private.h"
#include "tolk/segment.h"
#include "xml_escape.h"

enum { CODED_KINDS = 6 }; /* bold … link; a note mark (TOLK_INLINE_NOTE_REF) is text */

static const struct {
	const char *tag, *type;
} native[CODED_KINDS] = {
	[TOLK_INLINE_BOLD] = {"b", "bold"},
	[TOLK_INLINE_ITALIC] = {"i", "italic"},
	[TOLK_INLINE_UNDERLINE] = {"u", "ulined"},
	[TOLK_INLINE_SUPERSCRIPT] = {"sup", "x-superscript"},
	[TOLK_INLINE_SUBSCRIPT] = {"sub", "x-subscript"},
	[TOLK_INLINE_LINK] = {"a", "link"},
};

typedef struct code {
	tolk_inline_kind kind;
	size_t from, to;  /* in the joined text */
	unsigned i, x;
} code;

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Where document offset o (seg->start <= o <= seg->end) falls in seg->text. */
static size_t seg_offset(const char *src, const tolk_segment *seg, size_t o)
{
	const char *t = seg->text;
	size_t q = 0, tlen = strlen(t);
	for (size_t p = seg->start; p < o; p++) {
		if (q < tlen && (src[p] == t[q] || (is_blank((unsigned char)src[p]) && t[q] == ' ')))
			q++;
	}
	while (q > 0 && q < tlen && ((unsigned char)t[q] & 0xC0) == 0x80)
		q--;
	return q;
}

/*
 * A document offset carried into the joined text. A start between segments
 * goes to the next one's start, an end between them to the previous one's end.
 */
static size_t joined_offset(const char *src, const tolk_segment *segs, size_t count, const size_t *base, size_t o,
                            bool is_end)
{
	if (!is_end) {
		size_t k = 0;
		while (k + 1 < count && segs[k].end <= o)
			k++;
		if (o <= segs[k].start)
			return base[k];
		return base[k] + seg_offset(src, &segs[k], o < segs[k].end ? o : segs[k].end);
	}
	size_t k = count - 1;
	while (k > 0 && segs[k].start >= o)
		k--;
	if (o >= segs[k].end)
		return base[k] + strlen(segs[k].text);
	return base[k] + seg_offset(src, &segs[k], o > segs[k].start ? o : segs[k].start);
}

static int by_start(const void *a, const void *b)
{
	const code *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to > y->to ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* The first span that may overlap [lo, …): spans are sorted by offset and none is longer than inline_max. */
static size_t first_span(const tolk_document *doc, size_t lo)
{
	size_t from = lo > doc->inline_max ? lo - doc->inline_max : 0, a = 0, b = doc->ninlines;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (doc->inlines[m].offset < from)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

static int put_text(tolk_buf *out, const char *s, size_t len)
{
	int rc = tolk_xml_escape(out, s, len, TOLK_XML_TEXT, NULL, NULL);
	return rc == TOLK_EINVALID ? tolk_error_set(rc, "%s", _("invalid UTF-8 in a segment")) : rc;
}

static int write_seg(tolk_buf *out, const char *joined, size_t jlen, code *codes, size_t n)
{
	/* the ends, in the order they are written: by position, the later opened first */
	size_t *ends = malloc(n * sizeof *ends);
	if (!ends)
		return TOLK_ENOMEM;
	for (size_t k = 0; k < n; k++)
		ends[k] = k;
	for (size_t k = 1; k < n; k++) /* insertion sort: a seg holds a handful of codes */
		for (size_t j = k; j > 0; j--) {
			const code *a = &codes[ends[j - 1]], *b = &codes[ends[j]];
			if (a->to < b->to || (a->to == b->to && a->i > b->i))
				break;
			size_t t = ends[j - 1];
			ends[j - 1] = ends[j];
			ends[j] = t;
		}
	int rc = 0;
	size_t at = 0, nb = 0, ne = 0;
	while (rc == 0 && (nb < n || ne < n)) {
		/* ends first at a position, so that a span that ends where another begins is closed before it */
		bool end = ne < n && (nb == n || codes[ends[ne]].to <= codes[nb].from);
		const code *c = end ? &codes[ends[ne++]] : &codes[nb++];
		size_t pos = end ? c->to : c->from;
		if (pos > at && (rc = put_text(out, joined + at, pos - at)) < 0)
			break;
		at = pos > at ? pos : at;
		if (end)
			rc = tolk_buf_printf(out, "<ept i=\"%u\">&lt;/%s&gt;</ept>", c->i, native[c->kind].tag);
		else
			rc = tolk_buf_printf(out, "<bpt i=\"%u\" x=\"%u\" type=\"%s\">&lt;%s&gt;</bpt>", c->i, c->x,
			                     native[c->kind].type, native[c->kind].tag);
	}
	if (rc == 0 && at < jlen)
		rc = put_text(out, joined + at, jlen - at);
	free(ends);
	return rc;
}

int tolk_document_seg_xml(char **out, const tolk_document *doc, const tolk_segment *segs, size_t count)
{
	if (!out)
		return tolk_error_set(TOLK_EINVALID, "%s", _("no output for the seg"));
	*out = NULL;
	if (!doc || !segs || count == 0 || doc->ninlines == 0)
		return 0;
	size_t lo = segs[0].start, hi = segs[count - 1].end;
	if (hi > doc->text.len || lo > hi)
		return tolk_error_set(TOLK_EINVALID, "%s", _("segments outside the document's text"));
	const char *src = doc->text.ptr;
	size_t *base = malloc(count * sizeof *base);
	code *codes = NULL;
	size_t n = 0, cap = 0, jlen = 0;
	tolk_buf joined = {0}, xml = {0};
	int rc = base ? 0 : TOLK_ENOMEM;
	for (size_t k = 0; k < count && rc == 0; k++) {
		if ((k && (rc = tolk_buf_putc(&joined, ' ')) < 0) || (rc = tolk_buf_puts(&joined, segs[k].text)) < 0)
			break;
		base[k] = joined.len - strlen(segs[k].text);
	}
	jlen = joined.len;
	for (size_t s = rc == 0 ? first_span(doc, lo) : doc->ninlines; s < doc->ninlines && rc == 0; s++) {
		const tolk_document_inline *in = &doc->inlines[s];
		if (in->offset >= hi)
			break;
		if ((unsigned)in->kind >= CODED_KINDS || in->offset + in->length <= lo)
			continue;
		size_t a = in->offset > lo ? in->offset : lo, b = in->offset + in->length < hi ? in->offset + in->length : hi;
		size_t from = joined_offset(src, segs, count, base, a, false), to = joined_offset(src, segs, count, base, b, true);
		if (from >= to)
			continue;
		if ((rc = tolk_array_grow((void **)&codes, &cap, n + 1, sizeof *codes)) < 0)
			break;
		codes[n++] = (code){in->kind, from, to, 0, 0};
	}
	if (rc == 0 && n) {
		qsort(codes, n, sizeof *codes, by_start);
		unsigned seen[CODED_KINDS] = {0};
		for (size_t k = 0; k < n; k++) {
			codes[k].i = (unsigned)k + 1;
			codes[k].x = CODED_KINDS * seen[codes[k].kind]++ + (unsigned)codes[k].kind + 1;
		}
		rc = write_seg(&xml, joined.ptr, jlen, codes, n);
		if (rc == 0 && !(*out = tolk_buf_detach(&xml)))
			rc = TOLK_ENOMEM;
	}
	free(base);
	free(codes);
	tolk_buf_free(&joined);
	tolk_buf_free(&xml);
	return rc;
}
