/*
 * Layout repair: blocks become units (paragraphs, headings, list items,
 * signature lines, footnotes) whose repaired text goes into a chunk for the
 * sentence breaker, with a map back to input byte offsets.
 *
 * Inside a body block, lines are unwrapped into one paragraph, except:
 *  - a page-break line (it starts with white space) after a short line that
 *    ends a sentence starts a new paragraph, and is a heading when it looks
 *    like one (short, no final punctuation, capital first, last of its block
 *    or followed by a line starting with a capital);
 *  - a block's first line that looks like a heading is one;
 *  - a line starting with a list marker (bullet, "1.", "a)", "(2)") after a
 *    line that ends a sentence, a colon or another item starts a list item.
 * Unwrapping joins lines with one space, or straight on across a line-end
 * hyphen that segment_hyphen.c decided (dropped when the word is joined).
 * Inside a line, a whitespace run becomes one space unless it is a single
 * space or no-break space, which stays as it is.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "segment_lines.h"

size_t seg_list_marker_end(const char *text, const seg_line *ln)
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
/*
 * Bytes that may need work when copying a line: ASCII white space except the
 * plain space (2), the plain space (1: only a problem before more white
 * space), and lead bytes of non-ASCII white space (3).
 */
static const unsigned char copy_class[256] = {
	['\t'] = 2, ['\n'] = 2, ['\v'] = 2, ['\f'] = 2, ['\r'] = 2, [' '] = 1,
	[0xC2] = 3, [0xE1] = 3, [0xE2] = 3, [0xE3] = 3};

/*
 * Bit 7 set in each byte of x that needs a look: white space other than a
 * lone space (a space followed by another control character, space or
 * non-ASCII byte, or at the end of the block), control characters, non-ASCII.
 * Computed exactly per byte: adding to 7-bit values never carries over.
 */
static inline uint64_t awkward_bytes(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
	uint64_t notable = (~((x & low7) + 0x5F * ones) | x) & high;       /* < 0x21 or >= 0x80 */
	uint64_t t = x ^ (0x20 * ones);
	uint64_t space = ~(((t & low7) + low7) | t) & high;                 /* == 0x20 */
	return (notable & ~space) | (space & ((notable >> 8) | (0x80ull << 56)));
}

static int put_content(seg_chunk *c, const char *text, size_t from, size_t to)
{
	size_t run = from, i = from;
	seg_unit *u = &c->units[c->nunits - 1];
	/* chunk offset of source byte i, while bytes from `run` on are not copied yet */
#define CHUNK_AT(i) (c->text.len + ((i) - run))
	while (i < to) {
		if (i + 8 <= to) {
			uint64_t x;
			memcpy(&x, text + i, 8);
			if (u->first_stop == SIZE_MAX) {
				uint64_t stops = seg_stop_bytes(x);
				if (stops)
					u->first_stop = CHUNK_AT(i + (size_t)__builtin_ctzll(stops) / 8);
			}
			uint64_t awkward = awkward_bytes(x);
			if (!awkward) {
				i += 8;
				continue;
			}
			i += (size_t)__builtin_ctzll(awkward) / 8;
		}
		unsigned char k = copy_class[(unsigned char)text[i]];
		if (u->first_stop == SIZE_MAX && ((unsigned char)text[i] >= 0xC0 || seg_is_terminator(text[i]))) {
			size_t n;
			if (seg_is_terminator(seg_cp_at(text, to, i, &n)))
				u->first_stop = CHUNK_AT(i);
		}
		if (k == 0 || (k == 1 && (i + 1 >= to || copy_class[(unsigned char)text[i + 1]] == 0))) {
			/* ordinary byte, or a lone space before an ordinary byte, which may still be a terminator */
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
#undef CHUNK_AT
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
	u->first_stop = SIZE_MAX;
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
	seg_unit *u = &c->units[c->nunits - 1];
	u->end = c->text.len;
	/*
	 * ICU breaks only after a terminator (or a paragraph separator, which a
	 * unit never holds): with none before the final "terminators, closing
	 * marks, spaces" the unit is one sentence as far as ICU is concerned.
	 */
	size_t tail = u->end;
	while (tail > u->start) {
		size_t p;
		int32_t cp = seg_cp_before(c->text.ptr, tail, &p);
		if (!seg_is_terminator(cp) && !seg_is_closing(cp) && !seg_is_space_cp(cp))
			break;
		tail = p;
	}
	u->inner_stop = u->first_stop != SIZE_MAX && u->first_stop < tail;
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

/*
 * A heading inside a block: short, no final punctuation or pause, not ending in
 * a hyphen, a capital first; the last line of its block, or followed by a
 * full line that starts with a capital (the paragraph it heads).
 */
static bool heading_like(const seg_doc *doc, const seg_line *ln, const seg_line *next)
{
	const char *t = doc->text;
	int32_t last = last_cp(t, ln);
	if (line_ends_sentence(t, ln) || ends_with_pause(t, ln) || last == '-' || last == 0x00AD || last == 0x2010 ||
	    !is_short(doc, ln) || !starts_upper_or_digit(t, ln))
		return false;
	if (!next)
		return true;
	int32_t cp = first_cp(t, next);
	return (u_isupper(cp) || u_istitle(cp)) && !is_short(doc, next);
}

int seg_layout_emit_next(seg_chunk *c, seg_layout_state *st, const seg_doc *doc, size_t *pos, size_t *block,
                         bool repair)
{
	const char *t = doc->text;
	seg_line prev, cur, next;
	memset(&prev, 0, sizeof(prev));
	memset(&next, 0, sizeof(next));
	/* the block's first line */
	for (;;) {
		if (*pos >= doc->len)
			return 0;
		line_at(&cur, t, doc->len, *pos, doc->eol);
		*pos = line_next(&cur, doc->len);
		if (!line_blank(&cur))
			break;
	}
	uint8_t role_byte = repair && *block < doc->nblocks ? doc->roles[*block] : SEG_BLOCK_BODY;
	bool next_continues = repair && *block + 1 < doc->nblocks && (doc->roles[*block + 1] & SEG_CONTINUES);
	seg_block_role role = (seg_block_role)(role_byte & SEG_ROLE_MASK);
	(*block)++;
	bool prev_heading = false, in_list = false, has_next = true;
	int rc = 0;
	for (unsigned i = 0; has_next && rc == 0; i++) {
		has_next = false;
		if (*pos < doc->len) {
			line_at(&next, t, doc->len, *pos, doc->eol);
			has_next = !line_blank(&next);
			if (has_next)
				*pos = line_next(&next, doc->len);
		}
		size_t marker = 0, de;
		if (i == 0 && (role_byte & SEG_CONTINUES) && c->unit_open) {
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
			marker = i == 0 || prev_closed || in_list ? seg_list_marker_end(t, &cur) : 0;
			if (marker) {
				rc = open_unit(c, st, TOLK_SEGMENT_LIST_ITEM, true, true);
				in_list = true;
				prev_heading = false;
			} else if (i == 0 || prev_heading ||
			           (cur.cstart > cur.start && prev_sentence && is_short(doc, &prev) && !in_list)) {
				/* a block's first line, after a heading, or a new page after a paragraph's end (inside
				   a list item an indented line is the item's hanging indent, not a new page) */
				bool heading = !prev_heading && (i > 0 || has_next) &&
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
	if (rc == 0 && !next_continues)
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
