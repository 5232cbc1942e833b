/*
 * Layout analysis: what PDF extraction did to a document, found before breaking.
 *
 * The evidence is the layout itself. A block is a run of non-blank lines. A
 * line is "short" when it is under 3/4 of the document's typical full-line
 * width (the 80th percentile of the lengths of lines that are followed by
 * another line of their block): a paragraph's last line, a heading, a name.
 * A line that starts with white space begins a new PDF page.
 *
 * This file finds the width, the line-end hyphens and each block's role in
 * one pass; segment_repair.c turns blocks into paragraphs. The rules for the
 * roles are listed in include/tolk/segment.h.
 */
#define _GNU_SOURCE /* memrchr */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>

#include "segment_lines.h"

/* How far above a footnote its mark may be: a few pages of text. */
enum { FOOTNOTE_REACH = 16 * 1024 };

/* ---- width ------------------------------------------------------------------------------ */

enum { WIDTH_SAMPLE = 256 * 1024 };

/*
 * The 80th percentile of the lengths of lines followed by another line of
 * their block, over the first 256 KB: long enough to know the layout, short
 * enough that the main pass can use it at once.
 */
static unsigned measure_width(const char *text, size_t len, char eol)
{
	unsigned hist[256] = {0};
	unsigned samples = 0, longest = 0, pending = 0;
	bool prev_text = false;
	size_t end = len < WIDTH_SAMPLE ? len : WIDTH_SAMPLE, pos = 0;
	while (pos < end) {
		seg_line ln;
		line_at(&ln, text, len, pos, eol);
		pos = line_next(&ln, len);
		if (line_blank(&ln)) {
			prev_text = false;
			continue;
		}
		if (prev_text) {
			hist[pending < 255 ? pending : 255]++;
			samples++;
		}
		prev_text = true;
		pending = ln.chars;
		if (ln.chars > longest)
			longest = ln.chars;
	}
	unsigned width = longest;
	if (samples >= 3) {
		unsigned want = samples - samples / 5, seen = 0;
		width = 0;
		while (width < 255 && seen + hist[width] < want)
			seen += hist[width++];
	}
	return width < 20 ? 20 : width;
}

/* ---- line-end hyphens ------------------------------------------------------------------- */

static bool is_hyphen_cp(int32_t cp)
{
	return cp == '-' || cp == 0x00AD || cp == 0x2010;
}

/* A line ending in a hyphen right after a letter: remember where the word begins. */
static int note_hyphen(seg_doc *doc, const seg_line *ln)
{
	size_t hpos;
	int32_t cp = seg_cp_before(doc->text, ln->cend, &hpos);
	if (!is_hyphen_cp(cp) || hpos <= ln->cstart)
		return 0;
	size_t p;
	int32_t before = seg_cp_before(doc->text, hpos, &p);
	if (!seg_is_word_cp(before))
		return 0;
	size_t left = hpos;
	while (left > ln->cstart) {
		int32_t c = seg_cp_before(doc->text, left, &p);
		if (!seg_is_word_cp(c))
			break;
		left = p;
	}
	int rc = tolk_array_grow((void **)&doc->hyphens, &doc->hyphens_cap, doc->nhyphens + 1, sizeof(seg_hyphen));
	if (rc)
		return rc;
	seg_hyphen *h = &doc->hyphens[doc->nhyphens++];
	memset(h, 0, sizeof(*h));
	h->pos = hpos;
	h->left_start = left;
	h->next = SIZE_MAX; /* filled in by the next non-blank line */
	return 0;
}

static void fill_hyphen_next(seg_doc *doc, const seg_line *ln)
{
	seg_hyphen *h = &doc->hyphens[doc->nhyphens - 1];
	size_t i = ln->cstart, n;
	while (i < ln->cend && seg_is_word_cp(seg_cp_at(doc->text, ln->cend, i, &n)))
		i += n;
	if (i == ln->cstart) {
		doc->nhyphens--; /* "tekst-" before "(zie": not a split word */
		return;
	}
	h->next = ln->cstart;
	h->next_end = i;
}

/* ---- block roles ----------------------------------------------------------------------- */

static const char *const month_names[] = {
	"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
	"november", "december", "january", "february", "march", "may", "june", "july", "august", "october",
	"jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec", "mar", "oct", NULL};

/* "Den Haag, 6 november 2020", "6 November 2020", "November 6, 2020": a month name and a year. */
static bool is_date_line(const char *text, const seg_line *ln)
{
	bool year = false;
	for (size_t i = ln->cstart; i + 4 <= ln->cend && !year; i++)
		/* the text is not NUL-terminated: the three digits are looked at inside the line */
		year = (text[i] == '1' || text[i] == '2') && isdigit((unsigned char)text[i + 1]) &&
		       isdigit((unsigned char)text[i + 2]) && isdigit((unsigned char)text[i + 3]) &&
		       (i + 4 == ln->cend || !isdigit((unsigned char)text[i + 4])) &&
		       (i == ln->cstart || !isdigit((unsigned char)text[i - 1]));
	if (!year)
		return false;
	size_t i = ln->cstart;
	while (i < ln->cend) {
		size_t s = i;
		while (i < ln->cend && ((unsigned char)text[i] >= 0x80 || isalpha((unsigned char)text[i])))
			i++;
		size_t n = i - s;
		for (size_t m = 0; n >= 3 && month_names[m]; m++)
			if (strlen(month_names[m]) == n && strncasecmp(text + s, month_names[m], n) == 0)
				return true;
		if (n == 0)
			i++;
	}
	return false;
}

/*
 * A footnote mark for number `digits` in text[from, to): the digits right
 * after a letter or closing quote or bracket, and not followed by another
 * letter or digit ("luchtruimverdediging1." but not "F16" in "F16s").
 * Returns the last one's offset, or SIZE_MAX.
 */
static size_t last_footnote_mark(const char *text, size_t from, size_t to, const char *digits, size_t n)
{
	/* backwards: the mark is on the footnote's page, usually close above it */
	const char *p = text + to;
	while (p > text + from && (p = memrchr(text + from, digits[0], (size_t)(p - (text + from)))) != NULL) {
		size_t at = (size_t)(p - text);
		if (at > 0 && at + n <= to && memcmp(p, digits, n) == 0) {
			size_t prev, k;
			int32_t before = seg_cp_before(text, at, &prev);
			int32_t after = at + n < to ? seg_cp_at(text, to, at + n, &k) : ' ';
			bool left_ok = u_isalpha(before) || before == ')' || before == 0x201D || before == 0x2019 ||
			               before == '"' || before == 0x00BB;
			if (left_ok && !u_isalnum(after))
				return at;
		}
	}
	return SIZE_MAX;
}

/*
 * What was learnt about each footnote number ("7", "07", "123": one slot per
 * digit string), so that a document of many numbered blocks reads each part
 * of its text once per number instead of once per block.
 */
enum { MARK_KEYS = 10 + 100 + 1000 };

typedef struct footnote_marks {
	size_t searched_to[MARK_KEYS]; /* the text before this offset has been searched */
	size_t last[MARK_KEYS];        /* the last mark found there, SIZE_MAX: none */
} footnote_marks;

static size_t mark_key(const char *digits, size_t n)
{
	size_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (size_t)(digits[i] - '0');
	return n == 1 ? v : n == 2 ? 10 + v : 110 + v;
}

typedef struct block_info {
	size_t start;
	unsigned nlines;
	seg_line first, last;
	unsigned max_chars, total_chars;
	bool any_closed;     /* some line ends a sentence, or with ';' or ':' */
} block_info;

typedef struct classifier {
	block_info prev, cur;
	bool have_prev, have_cur;
	uint8_t prev_role;
	bool seen_prose, seen_heading;
	footnote_marks *marks;  /* allocated at the first numbered block */
} classifier;

/* Lines of a closing: none ends a sentence, all fit a signature, the last is a name. */
static bool signature_lines(const seg_doc *doc, const block_info *bi)
{
	return bi->nlines <= 4 && bi->max_chars <= 80 && !bi->any_closed && word_count(doc->text, &bi->last) <= 8;
}

static bool footnote_block(classifier *cl, const seg_doc *doc, const block_info *bi)
{
	size_t digits_end;
	if (footnote_number(doc->text, &bi->first, &digits_end) == 0)
		return false;
	const char *digits = doc->text + bi->first.cstart;
	size_t n = digits_end - bi->first.cstart;
	/* the mark sits on the footnote's page, within a few pages above it */
	size_t from = bi->start > FOOTNOTE_REACH ? bi->start - FOOTNOTE_REACH : 0;
	if (!cl->marks) {
		cl->marks = tolk_malloc(sizeof(*cl->marks));
		if (!cl->marks)
			return false; /* without memory to look, a numbered block stays text */
		for (size_t k = 0; k < MARK_KEYS; k++) {
			cl->marks->searched_to[k] = 0;
			cl->marks->last[k] = SIZE_MAX;
		}
	}
	size_t key = mark_key(digits, n);
	size_t start = cl->marks->searched_to[key] > from ? cl->marks->searched_to[key] : from;
	size_t at = last_footnote_mark(doc->text, start, bi->start, digits, n);
	if (at != SIZE_MAX)
		cl->marks->last[key] = at;
	cl->marks->searched_to[key] = bi->start;
	at = cl->marks->last[key];
	return at != SIZE_MAX && at > from;
}

static uint8_t classify(classifier *cl, const seg_doc *doc, const block_info *next)
{
	const char *t = doc->text;
	const block_info *b = &cl->cur, *p = cl->have_prev ? &cl->prev : NULL;
	int32_t first = first_cp(t, &b->first), last = last_cp(t, &b->last);
	bool ends_sentence = line_ends_sentence(t, &b->last);

	/* A paragraph broken by a page break with blank lines around it. */
	if (p && cl->prev_role == SEG_BLOCK_BODY && !line_ends_sentence(t, &p->last) && !ends_with_pause(t, &p->last) &&
	    !is_short(doc, &p->last) && u_islower(first))
		return SEG_BLOCK_BODY | SEG_CONTINUES;
	/* A bulleted item (text converted from HTML wraps it with indented continuation lines) is prose,
	   however short its lines and whatever they end in: never a heading, signature or address. */
	if (line_starts_bullet(t, &b->first)) {
		cl->seen_prose = true;
		return SEG_BLOCK_BODY;
	}
	if (p && (cl->prev_role & SEG_ROLE_MASK) == SEG_BLOCK_SIGNATURE && last_cp(t, &p->last) == ',' &&
	    signature_lines(doc, b))
		return SEG_BLOCK_SIGNATURE;
	if (b->nlines >= 2 && last_cp(t, &b->first) == ',' && signature_lines(doc, b))
		return SEG_BLOCK_SIGNATURE;
	if (footnote_block(cl, doc, b))
		return SEG_BLOCK_FOOTNOTE;
	if (b->nlines == 1 && last == ',' && b->max_chars <= 80 && next)
		/* "Hoogachtend," or "De Minister van Defensie," above a name; else a salutation */
		return signature_lines(doc, next) ? SEG_BLOCK_SIGNATURE : SEG_BLOCK_OTHER;
	/* one line, or a wrapped heading: two lines, the second short */
	bool heading_size = b->nlines == 1 ? b->total_chars <= 150
	                                   : b->nlines == 2 && b->total_chars <= 120 && is_short(doc, &b->last);
	if (heading_size && !ends_sentence && !ends_with_pause(t, &b->last) && !is_hyphen_cp(last) &&
	    !seg_has_inline_list(t, b->first.cstart, b->last.cend)) {
		uint8_t role;
		if (is_date_line(t, &b->first))
			role = SEG_BLOCK_OTHER;
		else if (!cl->seen_prose)
			role = cl->seen_heading ? SEG_BLOCK_OTHER : SEG_BLOCK_HEADING;
		else
			role = u_islower(first) ? SEG_BLOCK_OTHER : SEG_BLOCK_HEADING;
		cl->seen_heading |= role == SEG_BLOCK_HEADING;
		return role;
	}
	if (b->nlines == 1 && last == ',')
		return SEG_BLOCK_OTHER;
	cl->seen_prose = true;
	return SEG_BLOCK_BODY;
}

/* A block is complete: the one before it can now be classified (it needed a look ahead). */
static int push_block(seg_doc *doc, classifier *cl, const block_info *next)
{
	if (cl->have_cur) {
		int rc = tolk_array_grow((void **)&doc->roles, &doc->roles_cap, doc->nblocks + 1, 1);
		if (rc)
			return rc;
		uint8_t role = classify(cl, doc, next);
		doc->roles[doc->nblocks++] = role;
		cl->prev = cl->cur;
		cl->prev_role = role;
		cl->have_prev = true;
	}
	if (next)
		cl->cur = *next;
	cl->have_cur = next != NULL;
	return 0;
}

int seg_doc_scan(seg_doc *doc, const char *text, size_t len, bool classify_blocks)
{
	memset(doc, 0, sizeof(*doc));
	doc->text = text;
	doc->len = len;
	doc->eol = len && !memchr(text, '\n', len) && memchr(text, '\r', len) ? '\r' : '\n';
	doc->width = measure_width(text, len, doc->eol);
	classifier cl;
	memset(&cl, 0, sizeof(cl));
	block_info bi;
	memset(&bi, 0, sizeof(bi));
	bool in_block = false, hyphen_open = false;
	size_t pos = 0;
	int rc = 0;
	while (pos < len && rc == 0) {
		seg_line ln;
		line_at(&ln, text, len, pos, doc->eol);
		pos = line_next(&ln, len);
		/* UTF-8 is checked here, line by line: outside the content there is only valid white space */
		size_t bad;
		if (!ln.ascii && tolk_utf8_validate(&bad, text + ln.cstart, ln.cend - ln.cstart) != 0) {
			rc = tolk_error_set(TOLK_EINVALID, _("invalid UTF-8 at byte %zu"), ln.cstart + bad);
			break;
		}
		if (line_blank(&ln)) {
			if (in_block && classify_blocks)
				rc = push_block(doc, &cl, &bi);
			in_block = false;
			continue;
		}
		if (hyphen_open) {
			fill_hyphen_next(doc, &ln);
			hyphen_open = false;
		}
		if (!in_block) {
			in_block = true;
			memset(&bi, 0, sizeof(bi));
			bi.start = ln.start;
			bi.first = ln;
		}
		bi.nlines++;
		bi.last = ln;
		bi.total_chars += ln.chars;
		if (ln.chars > bi.max_chars)
			bi.max_chars = ln.chars;
		if (classify_blocks && !bi.any_closed) {
			int32_t cp = last_cp(text, &ln);
			bi.any_closed = cp == ';' || cp == ':' || line_ends_sentence(text, &ln);
		}
		size_t before = doc->nhyphens;
		rc = note_hyphen(doc, &ln);
		hyphen_open = doc->nhyphens > before;
	}
	if (hyphen_open)
		doc->nhyphens--;
	if (rc == 0 && in_block && classify_blocks)
		rc = push_block(doc, &cl, &bi);
	if (rc == 0 && classify_blocks)
		rc = push_block(doc, &cl, NULL);
	free(cl.marks);
	return rc;
}

void seg_doc_free(seg_doc *doc)
{
	free(doc->roles);
	free(doc->hyphens);
	memset(doc, 0, sizeof(*doc));
}
