/*
 * tolk: sentence segmentation of Dutch and English documents.
 *
 * The segmenter first repairs what PDF extraction did to the text (wrapped
 * lines, line-end hyphens, page breaks, headings, footnotes), then breaks
 * paragraphs into sentences with ICU's sentence iterator filtered by SRX 2.0
 * rules (tolk's own defaults, or a user's file).
 *
 * Segment text is the source characters with whitespace runs collapsed to one
 * space (a lone space or no-break space stays as it is) and line-end hyphens
 * resolved; nothing else changes. start/end are the input bytes from the
 * segment's first character to just past its last.
 *
 * LAYOUT REPAIR. A block is a run of non-blank lines; a line that starts with
 * white space begins a new PDF page; a line is short when it is under 3/4 of
 * the typical full line (80th percentile of the lengths of lines followed by
 * another line of their block, measured on the first 256 KB).
 *  - Lines of a paragraph are unwrapped. A page-break line continues the
 *    sentence, unless the line before ended a sentence and was short: then it
 *    starts a new paragraph (a heading when it looks like one). A block that
 *    starts lowercase after a full line without final punctuation continues
 *    the previous block's paragraph (a page break with blank lines).
 *  - Line-end hyphens, strongest evidence first: a soft hyphen joins; a
 *    capital or digit on either side keeps ("NAVO-/missies", "COVID-/19");
 *    the spelling found more often elsewhere in the document, joined or
 *    hyphenated, wins ("Defensie-/visie" joins, "secretaris-/generaal" keeps);
 *    the lexicon: joined word known and hyphenated not joins, the reverse
 *    keeps, both halves known and the join not keeps; Dutch spelling: a vowel
 *    pair that would read as one sound ("defensie-/uitgaven") keeps; else join.
 *    A hyphen inside a line ("-missies en -operaties") is never touched.
 *
 * KINDS, decided per block (or per part of a block):
 *  - heading: a block of one line (or two, the second short) without final
 *    punctuation, colon, semicolon or comma, starting with a capital or digit;
 *    also a short such line that a page break or a block start puts before a
 *    full line starting with a capital. The first heading-like block before
 *    any prose is the document's title.
 *  - other: the letter's address block — further heading-like blocks before
 *    the first prose paragraph ("Aan de Voorzitter..."), place-and-date lines
 *    ("Den Haag, 6 november 2020"), a one-line block ending in a comma that
 *    heads prose (a salutation), a short unpunctuated line starting lowercase.
 *  - signature: a block of 2-4 lines of at most 80 characters, none ending a
 *    sentence, the first ending in a comma and the last a name of at most 8
 *    words ("De Minister van Defensie," / "A.Th.B. Bijleveld-Schouten"); or
 *    such lines spread over blocks after "Hoogachtend,". One segment per line.
 *  - footnote: a block starting "N text" (N of 1-3 digits) whose number occurs
 *    as a mark within 16 KB before it, glued to a word: "luchtruimverdediging1.".
 *    The mark stays in the sentence's text; the footnote is broken into
 *    sentences and keeps its number.
 *  - list-item: a line starting with a bullet (- * • – ▪ ◦ ·) or an
 *    enumerator ("1.", "a)", "(2)", "iv.") followed by a space, at a block's
 *    start or after a line ending a sentence, a colon, a semicolon or another
 *    item. The marker is never a segment of its own.
 *  - sentence: everything else, broken into sentences.
 * Headings, other and signature lines are one segment each, whatever their
 * punctuation. With layout repair off, blank lines still separate paragraphs,
 * every line break is a space, and every segment is a sentence.
 *
 * BREAKING. ICU's sentence iterator proposes boundaries; SRX rules decide at
 * the end of the sentence (before the spaces ICU keeps with it): the first
 * rule in order whose beforebreak matches the text ending there and whose
 * afterbreak matches the text from there decides; no-break withdraws ICU's
 * boundary, break adds one where ICU had none. The default rules
 * (share/tolk/segment-rules.srx, compiled in) cover Dutch and English
 * abbreviations, initials, omission marks, ? and ! inside a sentence, the
 * ellipsis character and Dutch sentences that start with 's or 't.
 *
 * A segmenter is not thread-safe: use one per thread.
 */
#ifndef TOLK_SEGMENT_H
#define TOLK_SEGMENT_H

#include <stdbool.h>
#include "tolk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tolk_segment_kind {
	TOLK_SEGMENT_SENTENCE = 0,
	TOLK_SEGMENT_HEADING,
	TOLK_SEGMENT_SIGNATURE,
	TOLK_SEGMENT_FOOTNOTE,
	TOLK_SEGMENT_LIST_ITEM,
	TOLK_SEGMENT_OTHER
} tolk_segment_kind;

typedef struct tolk_segment {
	char *text;          /* NUL-terminated UTF-8: source characters, whitespace
	                        collapsed, line-end hyphens resolved; owned by the list */
	size_t start, end;   /* byte range in the input that the segment covers */
	unsigned paragraph;  /* 1-based paragraph number */
	tolk_segment_kind kind;
} tolk_segment;

typedef struct tolk_segment_list {
	tolk_segment *items;
	size_t count;
} tolk_segment_list;

typedef struct tolk_segmenter tolk_segmenter;

/* lang: "nl" or "en" (a region such as nl-NL or en_GB is accepted); else TOLK_ELANG. */
TOLK_EXTERN int tolk_segmenter_new(tolk_segmenter **out, const char *lang);
TOLK_EXTERN void tolk_segmenter_free(tolk_segmenter *seg);

/*
 * Replace the default rules by those of an SRX 2.0 (or 1.0) file: the rules of
 * the language maps whose languagepattern matches the segmenter's language
 * (the tag as given, e.g. "nl-NL"; case-insensitive), all of them in map order
 * when the header says cascade="yes", else the first. ICU's boundaries are
 * used unless the Okapi extension <okpsrx:options useIcu4jBreakRules="no"/>
 * says otherwise. A malformed file, an invalid regular expression or no map
 * for the language is an error (TOLK_EINVALID / TOLK_ELANG / TOLK_ENOTFOUND)
 * with the file and line; the segmenter then keeps its rules.
 */
TOLK_EXTERN int tolk_segmenter_load_srx(tolk_segmenter *seg, const char *path);

/*
 * Word oracle for deciding line-end hyphens: return 1 when word (len bytes,
 * not NUL-terminated) is a known word of the segmenter's language, 0 if not.
 * Without one, only evidence inside the document is used. tolk_speller_known_cb
 * (tolk/spell.h) with a speller as payload fits.
 */
typedef int (*tolk_word_known_cb)(const char *word, size_t len, void *payload);
TOLK_EXTERN void tolk_segmenter_set_lexicon(tolk_segmenter *seg, tolk_word_known_cb known, void *payload);

/* Layout repair is on by default; off treats every line break as a space. */
TOLK_EXTERN void tolk_segmenter_set_layout_repair(tolk_segmenter *seg, bool enabled);

/*
 * Segment text (UTF-8, len bytes; invalid UTF-8 is TOLK_EINVALID with the
 * byte offset). *out is freed with tolk_segment_list_free, which also frees
 * every segment's text.
 */
TOLK_EXTERN int tolk_segment_text(tolk_segment_list **out, tolk_segmenter *seg, const char *text, size_t len);
TOLK_EXTERN void tolk_segment_list_free(tolk_segment_list *list);

/*
 * Read a file ("-" is standard input) and segment it. A UTF-8 byte-order mark
 * is skipped, and start/end stay byte offsets in the file as it is on disk
 * (the mark included), so they can be used to cut the file. UTF-16 with a
 * byte-order mark is converted first, and offsets then count bytes of the
 * UTF-8 text. A NUL byte, invalid UTF-8 or a document (PDF, docx…) is
 * TOLK_EINVALID with FILE:LINE:COL and the file's byte offset.
 */
TOLK_EXTERN int tolk_segment_file(tolk_segment_list **out, tolk_segmenter *seg, const char *path);

/*
 * Streaming: each segment, in order, to the callback, which may keep nothing
 * it points to (copy the text). Memory stays at the input plus a few dozen KB
 * however long the document. A non-zero return from the callback stops the
 * run and is returned. Errors in the input (invalid UTF-8) are found before
 * the first call.
 */
typedef int (*tolk_segment_cb)(const tolk_segment *segment, void *payload);
TOLK_EXTERN int tolk_segment_foreach(tolk_segmenter *seg, const char *text, size_t len, tolk_segment_cb each,
                                     void *payload);
TOLK_EXTERN int tolk_segment_file_foreach(tolk_segmenter *seg, const char *path, tolk_segment_cb each, void *payload);

/* "sentence", "heading", "signature", "footnote", "list-item", "other". */
TOLK_EXTERN const char *tolk_segment_kind_name(tolk_segment_kind kind);

/*
 * A guess at the language of a text from its function words (de, het, een…
 * against the, and, of…): "nl", "en", or NULL when the text is too short, has
 * too few function words, or mixes both. Cheap (the first MB is read); for
 * warnings such as "this looks English", not for identification.
 */
TOLK_EXTERN const char *tolk_text_guess_lang(const char *text, size_t len);
/* The counts behind the guess: words, and those that are Dutch or English function words. */
TOLK_EXTERN void tolk_text_lang_counts(size_t *words, size_t *dutch_hits, size_t *english_hits, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
