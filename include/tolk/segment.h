/*
 * tolk: sentence segmentation of Dutch and English documents.
 *
 * The segmenter first repairs what PDF extraction did to the text (wrapped
 * lines, line-end hyphens, page breaks, headings, footnotes), then breaks
 * paragraphs into sentences with ICU's sentence iterator filtered by SRX 2.0
 * rules (tolk's own defaults, or a user's file).
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
	                        collapsed, line-end hyphens resolved */
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
int tolk_segmenter_new(tolk_segmenter **out, const char *lang);
void tolk_segmenter_free(tolk_segmenter *seg);

/* Replace the default rules by those of an SRX 2.0 file (cascading per the spec). */
int tolk_segmenter_load_srx(tolk_segmenter *seg, const char *path);

/*
 * Word oracle for deciding line-end hyphens: return 1 when word (len bytes,
 * not NUL-terminated) is a known word of the segmenter's language, 0 if not.
 * Without one, only evidence inside the document is used.
 */
typedef int (*tolk_word_known_cb)(const char *word, size_t len, void *payload);
void tolk_segmenter_set_lexicon(tolk_segmenter *seg, tolk_word_known_cb known, void *payload);

/* Layout repair is on by default; off treats every line break as a space. */
void tolk_segmenter_set_layout_repair(tolk_segmenter *seg, bool enabled);

/* Segment text (UTF-8, len bytes). *out is freed with tolk_segment_list_free. */
int tolk_segment_text(tolk_segment_list **out, tolk_segmenter *seg, const char *text, size_t len);
void tolk_segment_list_free(tolk_segment_list *list);

/* "sentence", "heading", "signature", "footnote", "list-item", "other". */
const char *tolk_segment_kind_name(tolk_segment_kind kind);

#ifdef __cplusplus
}
#endif
#endif
