/*
 * Private pieces of the segmenter, shared by segment.c (API and output),
 * segment_layout.c (document scan, block and line decisions, repaired text),
 * segment_hyphen.c (line-end hyphen evidence), segment_break.c (ICU + SRX)
 * and segment_icu.c (ICU's boundaries in windows).
 *
 * Data flow for one document:
 *   1. seg_doc_scan: one pass over the lines. Finds the typical full-line
 *      width (from the first 256 KB), every line-end hyphen, and each block's
 *      role (body, heading, signature, footnote, front matter, continuation of
 *      the previous block), kept as one byte per block.
 *   2. seg_hyphen_decide: counts the joined and hyphenated spellings of those
 *      words elsewhere in the document, asks the lexicon, decides each hyphen.
 *   3. seg_layout_emit_next: turns a block into units (paragraphs, headings,
 *      list items...) whose repaired text is appended to a chunk, with a map
 *      back to input byte offsets.
 *   4. seg_break_chunk: asks ICU's sentence iterator for the boundaries of
 *      each unit with a terminator before its end (seg_icu_boundaries, in
 *      windows around the terminators), filters them through the SRX rules
 *      and appends the segments, their texts in the list's own blocks.
 * Only the chunk (a few dozen KB of repaired text) is alive at a time, so
 * memory stays near the size of the input plus the result.
 */
#ifndef TOLK_SEGMENT_PRIVATE_H
#define TOLK_SEGMENT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "arena.h"
#include "srx.h"
#include "tolk/segment.h"
#include "util.h"

struct tolk_segmenter {
	char lang[3];        /* "nl" or "en" */
	char *lang_tag;      /* as given, '_' turned into '-': matched against SRX language maps */
	bool layout_repair;
	tolk_word_known_cb known;
	void *known_payload;
	UBreakIterator *brk;
	UText *icu_text;     /* UTF-8 UText over the current ICU window, reused */
	srx_engine *rules;
};

/* ---- characters ------------------------------------------------------------------- */
/* Code point at s[i] (valid UTF-8 assumed), its length in *n. */
static inline int32_t seg_cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*n = 1;
		return c;
	}
	size_t k = i;
	UChar32 cp;
	U8_NEXT(s, k, len, cp);
	*n = k - i;
	return cp;
}

/* Code point ending just before s[i] (i > 0), its start in *start. */
static inline int32_t seg_cp_before(const char *s, size_t i, size_t *start)
{
	unsigned char c = (unsigned char)s[i - 1];
	if (c < 0x80) {
		*start = i - 1;
		return c;
	}
	/* U8_PREV takes int32_t offsets: look back within the character's reach only */
	const char *base = i > 8 ? s + i - 8 : s;
	int32_t k = (int32_t)(s + i - base);
	UChar32 cp;
	U8_PREV(base, 0, k, cp);
	*start = (size_t)(base - s) + (size_t)k;
	return cp;
}

static inline bool seg_is_space_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Length of the whitespace character at s[i] (0 when none). */
static inline size_t seg_space_len(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r') ? 1 : 0;
	if (c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3)
		return 0;
	size_t n;
	int32_t cp = seg_cp_at(s, len, i, &n);
	return seg_is_space_cp(cp) ? n : 0;
}

/* Bit 7 set in each byte of x that is '.', '?' or '!'. */
static inline uint64_t seg_stop_bytes(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
	uint64_t a = x ^ ('.' * ones), b = x ^ ('?' * ones), d = x ^ ('!' * ones);
	uint64_t za = ~(((a & low7) + low7) | a), zb = ~(((b & low7) + low7) | b), zd = ~(((d & low7) + low7) | d);
	return (za | zb | zd) & high;
}

/* A word character for hyphen evidence: letters, marks and digits (the scan and the count must agree). */
static inline bool seg_is_word_cp(int32_t cp)
{
	return cp >= 0 && (u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK));
}

/* Sentence-final punctuation, possibly followed by closing quotes or brackets. */
bool seg_ends_sentence(const char *s, size_t start, size_t end);
/* ICU's sentence terminators (Sentence_Break STerm or ATerm): after these alone it can break. */
bool seg_is_terminator(int32_t cp);
/* Offset of the first sentence terminator in s[from, to), or `to` when there is none. */
size_t seg_next_terminator(const char *s, size_t from, size_t to);
/* Closing punctuation ICU lets stay with the sentence before it (Sentence_Break Close). */
bool seg_is_closing(int32_t cp);

/* ---- document scan ------------------------------------------------------------------- */
typedef enum seg_block_role {
	SEG_BLOCK_BODY = 0,      /* prose: unwrapped into paragraphs and broken into sentences */
	SEG_BLOCK_HEADING,       /* stands alone without final punctuation */
	SEG_BLOCK_OTHER,         /* address block, place and date, salutation */
	SEG_BLOCK_SIGNATURE,     /* closing function line(s) and name: one segment per line */
	SEG_BLOCK_FOOTNOTE       /* "1 Text" whose number appears as a mark in the text */
} seg_block_role;

/* One byte per block: its role, and whether it continues the previous block's paragraph. */
enum { SEG_ROLE_MASK = 0x0F, SEG_CONTINUES = 0x10 };

/* A line-end hyphen: the '-' at `pos`, the next line's first word at `next`. */
typedef struct seg_hyphen {
	size_t pos;
	size_t left_start;       /* start of the last hyphen-free part of the word before the '-' */
	size_t next, next_end;   /* the first word of the next line */
	uint32_t joined_key, hyphen_key; /* indexes into the evidence table */
	bool join;               /* decision: drop the hyphen and the line break */
} seg_hyphen;

typedef struct seg_doc {
	const char *text;
	size_t len;
	uint8_t *roles;          /* per block, in document order */
	size_t nblocks, roles_cap;
	seg_hyphen *hyphens;
	size_t nhyphens, hyphens_cap;
	unsigned width;          /* typical length of a full line, in characters */
	char eol;                /* '\n', or '\r' in a file whose lines end in a lone CR */
} seg_doc;

/* Width, block roles (when classify) and line-end hyphens, in one pass over the lines. */
int seg_doc_scan(seg_doc *doc, const char *text, size_t len, bool classify);
void seg_doc_free(seg_doc *doc);

/* Decide every line-end hyphen from document evidence, the lexicon and spelling rules. */
int seg_hyphen_decide(seg_doc *doc, const tolk_segmenter *seg);
/* The single rule used when nothing else is known (exposed for tests). */
bool seg_hyphen_default_join(const char *lang, const char *left, size_t left_len, const char *right,
                             size_t right_len);

/* ---- chunks of repaired text ----------------------------------------------------------- */
typedef struct seg_unit {
	size_t start, end;       /* bytes in the chunk's repaired text */
	unsigned paragraph;
	tolk_segment_kind kind;
	bool breakable;          /* broken into sentences; otherwise one segment */
	size_t marker_end;       /* end of a leading list marker or footnote number (0: none) */
	size_t first_stop;       /* chunk offset of the first sentence terminator (SIZE_MAX: none) */
	bool inner_stop;         /* a terminator before the final one: ICU may break inside */
} seg_unit;

/* From chunk offset `rep` on, input offset = src + (offset - rep). */
typedef struct seg_map {
	size_t rep, src;
} seg_map;

typedef struct seg_chunk {
	tolk_buf text;
	seg_unit *units;
	size_t nunits, units_cap;
	seg_map *map;
	size_t nmap, map_cap;
	bool unit_open;
} seg_chunk;

typedef struct seg_layout_state {
	unsigned paragraph;
	size_t hyphen_cursor;      /* first hyphen not yet behind us */
	size_t prev_cstart, prev_cend; /* content of the last line appended */
} seg_layout_state;

/*
 * Turn the next block (from *pos, blank lines skipped) into units of the
 * chunk; *pos moves past it, *block counts blocks. Returns 0 at the end too:
 * then *pos == doc->len.
 */
int seg_layout_emit_next(seg_chunk *c, seg_layout_state *st, const seg_doc *doc, size_t *pos, size_t *block,
                         bool repair);
void seg_chunk_reset(seg_chunk *c);
void seg_chunk_free(seg_chunk *c);
int seg_chunk_close_unit(seg_chunk *c);

/* ---- breaking ---------------------------------------------------------------------------- */
/*
 * The segments' texts live in an arena owned by the list (a few large blocks) rather
 * than one allocation each: a big document has hundreds of thousands of
 * segments, and their mallocs and frees cost more than the copying.
 */
/* What tolk_segment_text hands out: the public list first, so the two pointers are one. */
typedef struct seg_list {
	tolk_segment_list pub;
	tolk_arena texts;        /* the segments' texts */
} seg_list;

/* Output list under construction. */
typedef struct seg_out {
	seg_list *list;
	size_t cap;
	size_t text_hint;        /* size of the first text block: about the input's length */
	tolk_segment_cb each;    /* streaming: segments go here after each chunk (else NULL) */
	void *payload;
} seg_out;

/* Room for n bytes of segment text, valid until the list is freed. */
char *seg_out_text(seg_out *out, size_t n);

int seg_break_chunk(seg_out *out, tolk_segmenter *seg, seg_chunk *c);
/* s[from, to) holds a list in running text ("1) a 2) b", "• a • b"): it is no heading. */
bool seg_has_inline_list(const char *s, size_t from, size_t to);

/*
 * ICU's sentence boundaries strictly inside s[0, len), a unit without line
 * breaks, in order, each passed to cb (a non-zero return stops and is
 * returned). first_stop: offset of the first terminator, when known (else
 * >= len). *ut is reused between calls; close it with utext_close.
 */
typedef int (*seg_boundary_cb)(size_t boundary, void *payload);
int seg_icu_boundaries(UBreakIterator *brk, UText **ut, const char *s, size_t len, size_t first_stop,
                       seg_boundary_cb cb, void *payload);

#endif
