/*
 * Layout repair: what PDF extraction did to a document, undone before breaking.
 *
 * The evidence is the layout itself. A block is a run of non-blank lines. A
 * line is "short" when it is under 3/4 of the document's typical full-line
 * width (the 80th percentile of the lengths of lines that are followed by
 * another line of their block): a paragraph's last line, a heading, a name.
 * A line that starts with white space begins a new PDF page.
 *
 * Inside a body block, lines are unwrapped into one paragraph, except:
 *  - a page-break line after a short line that ends a sentence starts a new
 *    paragraph, and becomes a heading when it looks like one (short, no final
 *    punctuation, capital first, last of its block or followed by a capital);
 *  - a block's first line that looks like a heading is one;
 *  - a line starting with a list marker (bullet, "1.", "a)", "(2)") after a
 *    line that ends a sentence, a colon or another item starts a list item.
 * Block roles (seg_doc_classify) are documented in include/tolk/segment.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>

#include "segment_private.h"

/* ---- lines ------------------------------------------------------------------------ */

typedef struct seg_line {
	size_t start, end;     /* without the newline */
	size_t cstart, cend;   /* content: leading and trailing white space trimmed */
	unsigned chars;        /* content length in code points */
} seg_line;

static void line_at(seg_line *ln, const char *text, size_t len, size_t pos)
{
	const char *nl = memchr(text + pos, '\n', len - pos);
	ln->start = pos;
	ln->end = nl ? (size_t)(nl - text) : len;
	size_t cs = pos, n;
	while (cs < ln->end && (n = seg_space_len(text, ln->end, cs)) > 0)
		cs += n;
	size_t ce = ln->end;
	while (ce > cs) {
		size_t prev;
		int32_t cp = seg_cp_before(text, ce, &prev);
		if (!seg_is_space_cp(cp))
			break;
		ce = prev;
	}
	ln->cstart = cs;
	ln->cend = ce;
	unsigned chars = 0;
	for (size_t i = cs; i < ce; i++)
		chars += ((unsigned char)text[i] & 0xC0) != 0x80;
	ln->chars = chars;
}

static size_t line_next(const seg_line *ln, size_t len)
{
	return ln->end < len ? ln->end + 1 : len;
}

static bool line_blank(const seg_line *ln)
{
	return ln->cstart >= ln->cend;
}

static int32_t first_cp(const char *text, const seg_line *ln)
{
	size_t n;
	return ln->cstart < ln->cend ? seg_cp_at(text, ln->cend, ln->cstart, &n) : -1;
}

static int32_t last_cp(const char *text, const seg_line *ln)
{
	size_t p;
	return ln->cend > ln->cstart ? seg_cp_before(text, ln->cend, &p) : -1;
}

static bool is_short(const seg_doc *doc, const seg_line *ln)
{
	return ln->chars * 4 < doc->width * 3;
}

static bool line_ends_sentence(const char *text, const seg_line *ln)
{
	return seg_ends_sentence(text, ln->cstart, ln->cend);
}

static unsigned word_count(const char *text, const seg_line *ln)
{
	unsigned words = 0;
	bool in_word = false;
	for (size_t i = ln->cstart; i < ln->cend; i++) {
		bool space = text[i] == ' ' || text[i] == '\t';
		words += !space && !in_word;
		in_word = !space;
	}
	return words;
}

/*
 * A list marker at the start of the content: a bullet, or an enumerator of at
 * most three digits, one letter or a short roman number followed by '.' or
 * ')' (or wrapped in parentheses), then white space. Returns the marker's end.
 */
static size_t list_marker_end(const char *text, const seg_line *ln)
{
	size_t i = ln->cstart, n;
	int32_t cp = seg_cp_at(text, ln->cend, i, &n);
	if (cp == 0x2022 || cp == 0x00B7 || cp == 0x25AA || cp == 0x25CF || cp == 0x25E6 || cp == 0x2013 ||
	    cp == '-' || cp == '*' || cp == 0x2043 || cp == 0x25A0) {
		i += n;
	} else {
		bool open = text[i] == '(';
		i += open;
		size_t d = i;
		while (i < ln->cend && text[i] >= '0' && text[i] <= '9' && i - d < 3)
			i++;
		if (i == d) {
			while (i < ln->cend && strchr("ivxIVX", text[i]) && i - d < 4)
				i++;
			if (i == d && i < ln->cend && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z')))
				i++;
		}
		if (i == d || i >= ln->cend)
			return 0;
		if (open ? text[i] != ')' : (text[i] != '.' && text[i] != ')'))
			return 0;
		i++;
	}
	return i < ln->cend && seg_space_len(text, ln->cend, i) > 0 ? i : 0;
}

static bool starts_upper_or_digit(const char *text, const seg_line *ln)
{
	int32_t cp = first_cp(text, ln);
	return cp >= 0 && (u_isupper(cp) || u_istitle(cp) || u_isdigit(cp));
}

static bool ends_with_pause(const char *text, const seg_line *ln)
{
	int32_t cp = last_cp(text, ln);
	return cp == ',' || cp == ';' || cp == ':';
}

/* ---- document scan -------------------------------------------------------------------- */

static int add_block(seg_doc *doc, size_t start, size_t end, unsigned nlines)
{
	int rc = tolk_array_grow((void **)&doc->blocks, &doc->blocks_cap, doc->nblocks + 1, sizeof(seg_block));
	if (rc)
		return rc;
	seg_block *b = &doc->blocks[doc->nblocks++];
	memset(b, 0, sizeof(*b));
	b->start = start;
	b->end = end;
	b->nlines = nlines;
	return 0;
}

static bool is_hyphen_cp(int32_t cp)
{
	return cp == '-' || cp == 0x00AD || cp == 0x2010;
}

/* A word character for hyphen evidence: letters, marks and digits. */
static bool is_word_cp(int32_t cp)
{
	return cp >= 0 && (u_isalnum(cp) || u_getIntPropertyValue(cp, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK);
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
	if (!is_word_cp(before))
		return 0;
	size_t left = hpos;
	while (left > ln->cstart) {
		int32_t c = seg_cp_before(doc->text, left, &p);
		if (!is_word_cp(c))
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
	while (i < ln->cend && is_word_cp(seg_cp_at(doc->text, ln->cend, i, &n)))
		i += n;
	if (i == ln->cstart) {
		doc->nhyphens--; /* "tekst-" before "(zie": not a split word */
		return;
	}
	h->next = ln->cstart;
	h->next_end = i;
}

int seg_doc_scan(seg_doc *doc, const char *text, size_t len)
{
	memset(doc, 0, sizeof(*doc));
	doc->text = text;
	doc->len = len;
	unsigned hist[256] = {0};
	unsigned samples = 0, longest = 0, pending = 0;
	bool in_block = false, hyphen_open = false;
	size_t bstart = 0, bend = 0;
	unsigned nlines = 0;
	size_t pos = 0;
	while (pos < len) {
		seg_line ln;
		line_at(&ln, text, len, pos);
		pos = line_next(&ln, len);
		if (line_blank(&ln)) {
			if (in_block) {
				int rc = add_block(doc, bstart, bend, nlines);
				if (rc)
					return rc;
			}
			in_block = false;
			continue;
		}
		if (hyphen_open) {
			fill_hyphen_next(doc, &ln);
			hyphen_open = false;
		}
		if (!in_block) {
			in_block = true;
			bstart = ln.start;
			nlines = 0;
		} else {
			/* The previous line was followed by one of its block: a full line, mostly. */
			hist[pending < 255 ? pending : 255]++;
			samples++;
		}
		nlines++;
		bend = ln.end;
		pending = ln.chars;
		if (ln.chars > longest)
			longest = ln.chars;
		size_t before = doc->nhyphens;
		int rc = note_hyphen(doc, &ln);
		if (rc)
			return rc;
		hyphen_open = doc->nhyphens > before;
	}
	if (hyphen_open)
		doc->nhyphens--;
	if (in_block) {
		int rc = add_block(doc, bstart, bend, nlines);
		if (rc)
			return rc;
	}
	if (samples >= 3) {
		unsigned want = samples - samples / 5, seen = 0, w = 0;
		while (w < 255 && seen + hist[w] < want)
			seen += hist[w++];
		doc->width = w;
	} else {
		doc->width = longest;
	}
	if (doc->width < 20)
		doc->width = 20;
	return 0;
}

void seg_doc_free(seg_doc *doc)
{
	free(doc->blocks);
	free(doc->hyphens);
	memset(doc, 0, sizeof(*doc));
}

/* ---- block roles ------------------------------------------------------------------------- */

static const char *const month_names[] = {
	"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
	"november", "december", "january", "february", "march", "may", "june", "july", "august", "october",
	"jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec", "mar", "oct", NULL};

/* "Den Haag, 6 november 2020", "6 November 2020", "November 6, 2020": a month name and a year. */
static bool is_date_line(const char *text, const seg_line *ln)
{
	bool month = false, year = false;
	size_t i = ln->cstart;
	while (i < ln->cend) {
		size_t s = i;
		while (i < ln->cend && ((unsigned char)text[i] >= 0x80 || isalnum((unsigned char)text[i])))
			i++;
		size_t n = i - s;
		if (n == 4 && strspn(text + s, "0123456789") == 4 && (text[s] == '1' || text[s] == '2'))
			year = true;
		for (size_t m = 0; n > 0 && month_names[m] && !month; m++)
			month = strlen(month_names[m]) == n && strncasecmp(text + s, month_names[m], n) == 0;
		if (n == 0)
			i++;
	}
	return month && year;
}

/* The number a footnote block starts with ("1 De negen..."), or 0. */
static unsigned footnote_number(const char *text, const seg_line *ln, size_t *digits_end)
{
	size_t i = ln->cstart;
	unsigned n = 0;
	while (i < ln->cend && text[i] >= '0' && text[i] <= '9' && i - ln->cstart < 3)
		n = n * 10 + (unsigned)(text[i++] - '0');
	if (i == ln->cstart || i >= ln->cend || (text[i] != ' ' && text[i] != '\t'))
		return 0;
	*digits_end = i;
	return n;
}

/*
 * A footnote mark for number `digits` in the text before the block: the
 * digits right after a letter or closing quote or bracket, and not followed by
 * another letter or digit ("luchtruimverdediging1." but not "F16" in "F16s").
 */
static bool has_footnote_mark(const char *text, size_t from, size_t to, const char *digits, size_t n)
{
	const char *p = text + from, *end = text + to;
	while ((p = memchr(p, digits[0], (size_t)(end - p))) != NULL) {
		size_t at = (size_t)(p - text);
		if (at > from && at + n <= to && memcmp(p, digits, n) == 0) {
			size_t prev, k;
			int32_t before = seg_cp_before(text, at, &prev);
			int32_t after = at + n < to ? seg_cp_at(text, to, at + n, &k) : ' ';
			bool left_ok = u_isalpha(before) || before == ')' || before == 0x201D || before == 0x2019 ||
			               before == '"' || before == 0x00BB;
			if (left_ok && !u_isalnum(after))
				return true;
		}
		p++;
	}
	return false;
}

typedef struct block_info {
	seg_line first, last;
	unsigned max_chars, total_chars;
	bool ends_sentence;
} block_info;

static void block_info_get(block_info *bi, const seg_doc *doc, const seg_block *b)
{
	size_t pos = b->start;
	memset(bi, 0, sizeof(*bi));
	for (unsigned i = 0; i < b->nlines; i++) {
		seg_line ln;
		line_at(&ln, doc->text, doc->len, pos);
		pos = line_next(&ln, doc->len);
		if (i == 0)
			bi->first = ln;
		bi->last = ln;
		bi->total_chars += ln.chars;
		if (ln.chars > bi->max_chars)
			bi->max_chars = ln.chars;
	}
	bi->ends_sentence = line_ends_sentence(doc->text, &bi->last);
}

/* Lines of a closing: none ends a sentence, all fit a signature, the last is a name. */
static bool signature_lines(const seg_doc *doc, const seg_block *b, const block_info *bi)
{
	if (b->nlines > 4 || bi->max_chars > 80 || word_count(doc->text, &bi->last) > 8)
		return false;
	size_t pos = b->start;
	for (unsigned i = 0; i < b->nlines; i++) {
		seg_line ln;
		line_at(&ln, doc->text, doc->len, pos);
		pos = line_next(&ln, doc->len);
		int32_t cp = last_cp(doc->text, &ln);
		if (line_ends_sentence(doc->text, &ln) || cp == ';' || cp == ':')
			return false;
	}
	return true;
}

static bool footnote_block(const seg_doc *doc, const seg_block *b, const block_info *bi)
{
	size_t digits_end;
	if (footnote_number(doc->text, &bi->first, &digits_end) == 0)
		return false;
	const char *digits = doc->text + bi->first.cstart;
	size_t n = digits_end - bi->first.cstart;
	size_t from = b->start > 65536 ? b->start - 65536 : 0;
	return has_footnote_mark(doc->text, from, b->start, digits, n);
}

void seg_doc_classify(seg_doc *doc)
{
	bool seen_prose = false, seen_heading = false;
	block_info prev_info;
	memset(&prev_info, 0, sizeof(prev_info));
	for (size_t k = 0; k < doc->nblocks; k++) {
		seg_block *b = &doc->blocks[k];
		block_info bi;
		block_info_get(&bi, doc, b);
		int32_t first = first_cp(doc->text, &bi.first);
		int32_t last = last_cp(doc->text, &bi.last);
		b->role = SEG_BLOCK_BODY;

		/* A paragraph broken by a page break with blank lines around it. */
		if (k > 0 && doc->blocks[k - 1].role == SEG_BLOCK_BODY && !prev_info.ends_sentence &&
		    !ends_with_pause(doc->text, &prev_info.last) && !is_short(doc, &prev_info.last) &&
		    u_islower(first)) {
			b->continues = true;
		} else if (k > 0 && doc->blocks[k - 1].role == SEG_BLOCK_SIGNATURE && last_cp(doc->text, &prev_info.last) == ',' &&
		           signature_lines(doc, b, &bi)) {
			b->role = SEG_BLOCK_SIGNATURE;
		} else if (b->nlines >= 2 && last_cp(doc->text, &bi.first) == ',' && signature_lines(doc, b, &bi)) {
			b->role = SEG_BLOCK_SIGNATURE;
		} else if (footnote_block(doc, b, &bi)) {
			b->role = SEG_BLOCK_FOOTNOTE;
		} else if (b->nlines == 1 && last == ',' && bi.max_chars <= 80 && k + 1 < doc->nblocks) {
			/* "Hoogachtend," or "De Minister van Defensie," above a name; else a salutation. */
			block_info next;
			block_info_get(&next, doc, &doc->blocks[k + 1]);
			b->role = signature_lines(doc, &doc->blocks[k + 1], &next) ? SEG_BLOCK_SIGNATURE : SEG_BLOCK_OTHER;
		} else if (b->nlines <= 2 && !bi.ends_sentence && !ends_with_pause(doc->text, &bi.last) &&
		           bi.total_chars <= 150) {
			if (is_date_line(doc->text, &bi.first))
				b->role = SEG_BLOCK_OTHER;
			else if (!seen_prose)
				b->role = seen_heading ? SEG_BLOCK_OTHER : SEG_BLOCK_HEADING;
			else
				b->role = u_islower(first) ? SEG_BLOCK_OTHER : SEG_BLOCK_HEADING;
			seen_heading |= b->role == SEG_BLOCK_HEADING;
		} else if (b->nlines == 1 && last == ',') {
			b->role = SEG_BLOCK_OTHER;
		} else {
			seen_prose = true;
		}
		prev_info = bi;
	}
}

/* ---- repaired text ---------------------------------------------------------------------- */

static int map_add(seg_chunk *c, size_t src)
{
	if (c->nmap > 0) {
		const seg_map *m = &c->map[c->nmap - 1];
		if (m->src + (c->text.len - m->rep) == src)
			return 0; /* contiguous with what came before */
		if (m->rep == c->text.len) {
			c->map[c->nmap - 1].src = src;
			return 0;
		}
	}
	int rc = tolk_array_grow((void **)&c->map, &c->map_cap, c->nmap + 1, sizeof(seg_map));
	if (rc)
		return rc;
	c->map[c->nmap].rep = c->text.len;
	c->map[c->nmap].src = src;
	c->nmap++;
	return 0;
}

static int put_source(seg_chunk *c, const char *text, size_t from, size_t to)
{
	int rc = map_add(c, from);
	return rc ? rc : tolk_buf_put(&c->text, text + from, to - from);
}

/* A whitespace run in the source becomes one space mapped to its first character. */
static int put_space(seg_chunk *c, size_t src)
{
	int rc = map_add(c, src);
	return rc ? rc : tolk_buf_putc(&c->text, ' ');
}

/*
 * Copy a line's content with whitespace runs collapsed: a lone space or lone
 * no-break space stays as it is, any other run becomes one space.
 */
static int put_content(seg_chunk *c, const char *text, size_t from, size_t to)
{
	size_t run = from, i = from;
	while (i < to) {
		unsigned char ch = (unsigned char)text[i];
		if (ch > ' ' && ch != 0xC2 && ch != 0xE1 && ch != 0xE2 && ch != 0xE3) {
			i++;
			continue;
		}
		size_t n = seg_space_len(text, to, i);
		if (n == 0) {
			i++;
			continue;
		}
		size_t ws = i, total = 0, count = 0;
		while (i < to && (n = seg_space_len(text, to, i)) > 0) {
			i += n;
			total += n;
			count++;
		}
		if (count == 1 && (text[ws] == ' ' || (total == 2 && (unsigned char)text[ws + 1] == 0xA0) ||
		                   (total == 3 && (unsigned char)text[ws + 2] == 0xAF)))
			continue; /* a single space or no-break space: kept as in the source */
		int rc = put_source(c, text, run, ws);
		if (rc == 0)
			rc = put_space(c, ws);
		if (rc)
			return rc;
		run = i;
	}
	return run < to ? put_source(c, text, run, to) : 0;
}

static int open_unit(seg_chunk *c, seg_layout_state *st, tolk_segment_kind kind, bool breakable,
                     bool new_paragraph)
{
	int rc = seg_chunk_close_unit(c);
	if (rc)
		return rc;
	rc = tolk_array_grow((void **)&c->units, &c->units_cap, c->nunits + 1, sizeof(seg_unit));
	if (rc)
		return rc;
	if (new_paragraph || st->paragraph == 0)
		st->paragraph++;
	seg_unit *u = &c->units[c->nunits++];
	memset(u, 0, sizeof(*u));
	u->start = u->end = c->text.len;
	u->paragraph = st->paragraph;
	u->kind = kind;
	u->breakable = breakable;
	c->unit_open = true;
	return 0;
}

int seg_chunk_close_unit(seg_chunk *c)
{
	if (!c->unit_open)
		return 0;
	c->unit_open = false;
	c->units[c->nunits - 1].end = c->text.len;
	/* ICU's iterator breaks hard after a newline: units never run into each other. */
	return tolk_buf_putc(&c->text, '\n');
}

/*
 * Append a line to the open unit: after a space for an ordinary line break,
 * or straight on when the previous line ended in a hyphen that was decided
 * (dropped when the split word is joined, kept for a real compound).
 */
static int append_line(seg_chunk *c, seg_layout_state *st, const seg_doc *doc, const seg_line *ln, bool repair)
{
	const seg_unit *u = &c->units[c->nunits - 1];
	if (c->text.len > u->start) {
		const seg_hyphen *h = NULL;
		while (st->hyphen_cursor < doc->nhyphens && doc->hyphens[st->hyphen_cursor].pos < st->prev_cstart)
			st->hyphen_cursor++;
		if (st->hyphen_cursor < doc->nhyphens) {
			h = &doc->hyphens[st->hyphen_cursor];
			if (h->pos >= st->prev_cend || h->next != ln->cstart)
				h = NULL;
		}
		if (repair && h) {
			if (h->join) {
				c->text.len -= st->prev_cend - h->pos;
				c->text.ptr[c->text.len] = '\0';
			}
		} else {
			int rc = put_space(c, st->prev_cend);
			if (rc)
				return rc;
		}
	}
	st->prev_cstart = ln->cstart;
	st->prev_cend = ln->cend;
	return put_content(c, doc->text, ln->cstart, ln->cend);
}

static bool heading_like(const seg_doc *doc, const seg_line *ln, const seg_line *next)
{
	const char *t = doc->text;
	if (line_ends_sentence(t, ln) || ends_with_pause(t, ln) || !is_short(doc, ln) || !starts_upper_or_digit(t, ln))
		return false;
	if (!next)
		return true;
	int32_t cp = first_cp(t, next);
	return u_isupper(cp) || u_istitle(cp);
}

int seg_layout_emit_block(seg_chunk *c, seg_layout_state *st, const seg_doc *doc, size_t b, bool repair)
{
	const seg_block *blk = &doc->blocks[b];
	const char *t = doc->text;
	seg_block_role role = repair ? blk->role : SEG_BLOCK_BODY;
	seg_line prev, cur, next;
	memset(&prev, 0, sizeof(prev));
	memset(&next, 0, sizeof(next));
	size_t pos = blk->start;
	line_at(&cur, t, doc->len, pos);
	pos = line_next(&cur, doc->len);
	bool prev_heading = false, in_list = false;
	int rc = 0;
	for (unsigned i = 0; i < blk->nlines && rc == 0; i++) {
		bool has_next = i + 1 < blk->nlines;
		if (has_next) {
			line_at(&next, t, doc->len, pos);
			pos = line_next(&next, doc->len);
		}
		size_t marker = 0, de;
		if (i == 0 && blk->continues && repair && c->unit_open) {
			/* carries on the previous block's paragraph */
		} else if (role == SEG_BLOCK_HEADING || role == SEG_BLOCK_OTHER) {
			if (i == 0)
				rc = open_unit(c, st, role == SEG_BLOCK_HEADING ? TOLK_SEGMENT_HEADING : TOLK_SEGMENT_OTHER,
				               false, true);
		} else if (role == SEG_BLOCK_SIGNATURE) {
			rc = open_unit(c, st, TOLK_SEGMENT_SIGNATURE, false, i == 0);
		} else if (role == SEG_BLOCK_FOOTNOTE) {
			if (i == 0 || (line_ends_sentence(t, &prev) && footnote_number(t, &cur, &de) > 0))
				rc = open_unit(c, st, TOLK_SEGMENT_FOOTNOTE, true, true);
		} else if (!repair) {
			if (i == 0)
				rc = open_unit(c, st, TOLK_SEGMENT_SENTENCE, true, true);
		} else {
			bool prev_sentence = i > 0 && line_ends_sentence(t, &prev);
			bool prev_closed = prev_sentence || (i > 0 && ends_with_pause(t, &prev));
			marker = i == 0 || prev_closed || in_list ? list_marker_end(t, &cur) : 0;
			if (marker) {
				rc = open_unit(c, st, TOLK_SEGMENT_LIST_ITEM, true, true);
				in_list = true;
				prev_heading = false;
			} else if (i == 0 || prev_heading ||
			           (cur.cstart > cur.start && prev_sentence && is_short(doc, &prev))) {
				/* a block's first line, after a heading, or a new page after a paragraph's end */
				bool heading = !prev_heading && (i > 0 || blk->nlines >= 2) &&
				               heading_like(doc, &cur, has_next ? &next : NULL);
				rc = open_unit(c, st, heading ? TOLK_SEGMENT_HEADING : TOLK_SEGMENT_SENTENCE, !heading, true);
				prev_heading = heading;
				in_list = false;
			}
		}
		if (rc)
			break;
		seg_unit *u = &c->units[c->nunits - 1];
		bool first_in_unit = c->text.len == u->start;
		rc = append_line(c, st, doc, &cur, repair);
		if (marker && first_in_unit)
			u->marker_end = u->start + (marker - cur.cstart);
		prev = cur;
		cur = next;
	}
	if (rc == 0 && !(repair && b + 1 < doc->nblocks && doc->blocks[b + 1].continues))
		rc = seg_chunk_close_unit(c);
	return rc;
}

void seg_chunk_reset(seg_chunk *c)
{
	tolk_buf_clear(&c->text);
	c->nunits = 0;
	c->nmap = 0;
	c->unit_open = false;
}

void seg_chunk_free(seg_chunk *c)
{
	tolk_buf_free(&c->text);
	free(c->units);
	free(c->map);
	memset(c, 0, sizeof(*c));
}
