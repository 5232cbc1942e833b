/* Lines of a document, for the segmenter's layout files (private). */
#ifndef TOLK_SEGMENT_LINES_H
#define TOLK_SEGMENT_LINES_H

#include <string.h>

#include <unicode/uchar.h>

#include "segment_private.h"

/*
 * Code points in n bytes of UTF-8: bytes that are not continuation bytes,
 * 8 at a time. *ascii tells whether all bytes were ASCII.
 */
static inline size_t seg_count_chars(const char *s, size_t n, bool *ascii)
{
	size_t cont = 0, i = 0;
	uint64_t any = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		any |= x;
		/* 10xxxxxx: bit 7 set and bit 6 clear; then add up the flags of the 8 bytes */
		uint64_t flags = (x & ~(x << 1) & 0x8080808080808080ull) >> 7;
		cont += (size_t)((flags * 0x0101010101010101ull) >> 56);
	}
	for (; i < n; i++) {
		any |= (unsigned char)s[i];
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	}
	*ascii = !(any & 0x8080808080808080ull);
	return n - cont;
}

typedef struct seg_line {
	size_t start, end;     /* without the newline */
	size_t cstart, cend;   /* content: leading and trailing white space trimmed */
	unsigned chars;        /* content length in code points */
	bool ascii;            /* the content is all ASCII */
} seg_line;

/* eol: the document's line end, '\n' (also in "\r\n") or a lone '\r' (old Mac files). */
static inline void line_at(seg_line *ln, const char *text, size_t len, size_t pos, char eol)
{
	const char *nl = memchr(text + pos, eol, len - pos);
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
	ln->chars = (unsigned)seg_count_chars(text + cs, ce - cs, &ln->ascii);
}

static inline size_t line_next(const seg_line *ln, size_t len)
{
	return ln->end < len ? ln->end + 1 : len;
}

static inline bool line_blank(const seg_line *ln)
{
	return ln->cstart >= ln->cend;
}

static inline int32_t first_cp(const char *text, const seg_line *ln)
{
	size_t n;
	return ln->cstart < ln->cend ? seg_cp_at(text, ln->cend, ln->cstart, &n) : -1;
}

static inline int32_t last_cp(const char *text, const seg_line *ln)
{
	size_t p;
	return ln->cend > ln->cstart ? seg_cp_before(text, ln->cend, &p) : -1;
}

static inline bool is_short(const seg_doc *doc, const seg_line *ln)
{
	return ln->chars * 4 < doc->width * 3;
}

static inline bool line_ends_sentence(const char *text, const seg_line *ln)
{
	return seg_ends_sentence(text, ln->cstart, ln->cend);
}

static inline unsigned word_count(const char *text, const seg_line *ln)
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

static inline bool starts_upper_or_digit(const char *text, const seg_line *ln)
{
	int32_t cp = first_cp(text, ln);
	return cp >= 0 && (u_isupper(cp) || u_istitle(cp) || u_isdigit(cp));
}

static inline bool ends_with_pause(const char *text, const seg_line *ln)
{
	int32_t cp = last_cp(text, ln);
	return cp == ',' || cp == ';' || cp == ':';
}

/* The number a footnote starts with ("1 De negen..."), or 0; *digits_end after it. */
static inline unsigned footnote_number(const char *text, const seg_line *ln, size_t *digits_end)
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
 * A list marker at the start of the content: a bullet, or an enumerator of at
 * most three digits, one letter or a short roman number followed by '.' or
 * ')' (or wrapped in parentheses), then white space. Returns the marker's end
 * (0: none).
 */
size_t seg_list_marker_end(const char *text, const seg_line *ln);

/* The line starts with a bullet (not an enumerator, which may number a heading). */
static inline bool line_starts_bullet(const char *text, const seg_line *ln)
{
	int32_t cp = first_cp(text, ln);
	if (cp < 0x80 ? cp != '-' && cp != '*' : cp < 0x2000 && cp != 0x00B7)
		return false; /* most lines: no bullet, no need to look further */
	return !u_isalnum(cp) && seg_list_marker_end(text, ln) > 0;
}

#endif
