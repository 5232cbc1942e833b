/*
 * ICU's sentence boundaries inside one unit of repaired text, found by
 * running the iterator over small windows around the terminators instead of
 * over every sentence.
 *
 * Why this gives ICU's own answer: under the sentence rules (UAX #29, ICU's
 * sent.txt) a unit, which holds no paragraph separator, can only break after
 * a terminator (STerm, ATerm) and the closing marks and spaces after it. What
 * decides such a boundary is
 *  - behind it: the terminator's own word (rule 7 looks at the letter before
 *    an ATerm); a word that follows a space starts the rules afresh, just
 *    like the start of a text;
 *  - ahead of it: the closing marks and spaces, then anything that is not a
 *    letter or terminator (rule 8 looks through "etc. (12) ..." for a
 *    lowercase letter), then the first letter or terminator — and after a
 *    terminator the same again (rule 8a, "?!", "...").
 * So a window from the word before a terminator to the first letter past its
 * look-ahead yields exactly the boundaries a walk over the whole text yields
 * there. Windows whose words touch are merged. tests/unit/test_segment_icu.c
 * checks the claim against a full walk on random text.
 *
 * ubrk_following() over the whole text is no shortcut: its safe point for
 * sentences is the previous paragraph separator, so it re-reads the unit.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>

#include <unicode/uchar.h>

#include "segment_private.h"

typedef enum sb_kind {
	SB_LETTER,     /* OLetter, Upper, Lower: ends a look-ahead */
	SB_TERM,       /* STerm, ATerm */
	SB_TRAIL,      /* Close, Sp, Extend, Format: right after a terminator */
	SB_SEP,        /* Sep, CR, LF: never inside a unit, but ends everything */
	SB_OTHER       /* Numeric, SContinue, anything else */
} sb_kind;

static sb_kind kind_of(int32_t cp)
{
	switch (u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK)) {
	case U_SB_OLETTER:
	case U_SB_UPPER:
	case U_SB_LOWER: return SB_LETTER;
	case U_SB_STERM:
	case U_SB_ATERM: return SB_TERM;
	case U_SB_CLOSE:
	case U_SB_SP:
	case U_SB_EXTEND:
	case U_SB_FORMAT: return SB_TRAIL;
	case U_SB_SEP:
	case U_SB_CR:
	case U_SB_LF: return SB_SEP;
	default: return SB_OTHER;
	}
}

static uint8_t ascii_kind[128];
static pthread_once_t ascii_kind_once = PTHREAD_ONCE_INIT;

static void init_ascii_kinds(void)
{
	for (int32_t c = 0; c < 128; c++)
		ascii_kind[c] = (uint8_t)kind_of(c);
}

static inline sb_kind kind_at(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*n = 1;
		return (sb_kind)ascii_kind[c];
	}
	return kind_of(seg_cp_at(s, len, i, n));
}

/*
 * Start of the word holding the terminator at `stop`: just after the space
 * before it, or `floor` when there is none after it (a text without spaces:
 * the caller then widens the window it has, which keeps the work linear).
 */
static size_t word_start(const char *s, size_t floor, size_t stop)
{
	size_t i = stop, p;
	while (i > floor && u_getIntPropertyValue(seg_cp_before(s, i, &p), UCHAR_SENTENCE_BREAK) != U_SB_SP)
		i = p;
	return i;
}

/* End of what ICU reads ahead to judge the terminator at `stop` (and the terminators it reaches). */
static size_t lookahead_end(const char *s, size_t len, size_t stop)
{
	size_t n, i = stop;
	kind_at(s, len, i, &n);
	i += n;
	for (;;) {
		sb_kind k = SB_TRAIL;
		while (i < len && (k = kind_at(s, len, i, &n)) == SB_TRAIL)
			i += n;
		while (i < len && (k = kind_at(s, len, i, &n)) != SB_LETTER && k != SB_TERM && k != SB_SEP)
			i += n;
		if (i >= len)
			return len;
		i += n; /* the letter, terminator or separator itself */
		if (k != SB_TERM)
			return i;
	}
}

int seg_icu_boundaries(UBreakIterator *brk, UText **ut, const char *s, size_t len, size_t first_stop,
                       seg_boundary_cb cb, void *payload)
{
	pthread_once(&ascii_kind_once, init_ascii_kinds);
	size_t stop = first_stop < len ? first_stop : seg_next_terminator(s, 0, len);
	size_t done = 0; /* end of the last window */
	while (stop < len) {
		size_t from = word_start(s, done, stop), to = lookahead_end(s, len, stop);
		for (;;) {
			stop = seg_next_terminator(s, to, len);
			if (stop >= len || word_start(s, to, stop) > to)
				break;
			to = lookahead_end(s, len, stop); /* its word touches the window: one window */
		}
		done = to;
		UErrorCode status = U_ZERO_ERROR;
		*ut = utext_openUTF8(*ut, s + from, (int64_t)(to - from), &status);
		ubrk_setUText(brk, *ut, &status);
		if (U_FAILURE(status))
			return tolk_error_set(TOLK_ERROR, _("ICU sentence iterator: %s"), u_errorName(status));
		for (int32_t b = ubrk_next(brk); b != UBRK_DONE && (size_t)b < to - from; b = ubrk_next(brk)) {
			int rc = cb(from + (size_t)b, payload);
			if (rc)
				return rc;
		}
	}
	return 0;
}
