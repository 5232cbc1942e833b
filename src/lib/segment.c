/*
 * The segmenter object and tolk_segment_text: layout repair, then ICU + SRX
 * sentence breaking, chunk by chunk (see segment_private.h for the flow).
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>

#include "embedded.h"
#include "segment_private.h"

/* The repaired text handed to ICU at a time; big enough to amortise its set-up. */
enum { CHUNK_BYTES = 64 * 1024 };

static const char default_rules_file[] = "segment-rules.srx";

/* ---- characters ------------------------------------------------------------------------ */

bool seg_is_terminator(int32_t cp)
{
	if (cp < 0x80)
		return cp == '.' || cp == '?' || cp == '!';
	int32_t sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
	return sb == U_SB_STERM || sb == U_SB_ATERM;
}

size_t seg_next_terminator(const char *s, size_t from, size_t to)
{
	size_t i = from;
	for (;;) {
		for (; i + 8 <= to; i += 8) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			uint64_t hits = seg_stop_bytes(x & 0x7F7F7F7F7F7F7F7Full) | (x & 0x8080808080808080ull);
			if (hits) {
				i += (size_t)__builtin_ctzll(hits) / 8;
				break;
			}
		}
		if (i >= to)
			return to;
		unsigned char c = (unsigned char)s[i];
		if (c == '.' || c == '?' || c == '!')
			return i;
		if (c < 0xC0) {
			i++;
			continue;
		}
		size_t n;
		if (seg_is_terminator(seg_cp_at(s, to, i, &n)))
			return i;
		i += n;
	}
}

bool seg_is_closing(int32_t cp)
{
	if (cp < 0x80)
		return cp == ')' || cp == ']' || cp == '}' || cp == '"' || cp == '\'';
	return u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK) == U_SB_CLOSE;
}

static bool is_closing(int32_t cp)
{
	if (cp < 0x80)
		return cp == ')' || cp == ']' || cp == '"' || cp == '\'';
	int8_t type = u_charType(cp);
	return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
}

bool seg_ends_sentence(const char *s, size_t start, size_t end)
{
	size_t p;
	while (end > start) {
		int32_t cp = seg_cp_before(s, end, &p);
		if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x203C || cp == 0x2049)
			return true;
		if (!is_closing(cp))
			return false;
		end = p;
	}
	return false;
}

/* ---- the segmenter ------------------------------------------------------------------------ */

static int load_rules(srx_engine **out, const char *xml, size_t len, const char *path, const char *lang)
{
	srx_doc *doc = NULL;
	const srx_rule **rules = NULL;
	size_t count = 0;
	int rc = srx_doc_parse(&doc, xml, len, path);
	if (rc == 0)
		rc = srx_doc_select(&rules, &count, doc, lang);
	if (rc == 0)
		rc = srx_engine_new(out, rules, count, path, doc->use_icu);
	free(rules);
	srx_doc_free(doc);
	return rc;
}

int tolk_segmenter_new(tolk_segmenter **out, const char *lang)
{
	*out = NULL;
	if (!lang || (strncasecmp(lang, "nl", 2) != 0 && strncasecmp(lang, "en", 2) != 0) ||
	    (lang[2] != '\0' && lang[2] != '-' && lang[2] != '_'))
		return tolk_error_set(TOLK_ELANG, _("unsupported language '%s' (use nl or en)"), lang ? lang : "");
	tolk_segmenter *seg = tolk_calloc(1, sizeof(*seg));
	if (!seg)
		return TOLK_ENOMEM;
	seg->lang[0] = (char)tolower((unsigned char)lang[0]); /* "NL" and "nl" alike */
	seg->lang[1] = (char)tolower((unsigned char)lang[1]);
	seg->layout_repair = true;
	seg->lang_tag = tolk_strdup(lang);
	if (!seg->lang_tag) {
		free(seg);
		return TOLK_ENOMEM;
	}
	for (char *p = seg->lang_tag; *p; p++)
		if (*p == '_')
			*p = '-';
	UErrorCode status = U_ZERO_ERROR;
	seg->brk = ubrk_open(UBRK_SENTENCE, seg->lang, NULL, 0, &status);
	if (U_FAILURE(status)) {
		tolk_segmenter_free(seg);
		return tolk_error_set(TOLK_ERROR, _("ICU sentence iterator: %s"), u_errorName(status));
	}
	size_t len;
	const char *xml = tolk_embedded(default_rules_file, &len);
	int rc = xml ? load_rules(&seg->rules, xml, len, default_rules_file, seg->lang_tag)
	             : tolk_error_set(TOLK_ENOTFOUND, _("built-in rules %s missing"), default_rules_file);
	if (rc) {
		tolk_segmenter_free(seg);
		return rc;
	}
	*out = seg;
	return 0;
}

void tolk_segmenter_free(tolk_segmenter *seg)
{
	if (!seg)
		return;
	ubrk_close(seg->brk);
	utext_close(seg->icu_text);
	srx_engine_free(seg->rules);
	free(seg->lang_tag);
	free(seg);
}

int tolk_segmenter_load_srx(tolk_segmenter *seg, const char *path)
{
	char *xml = NULL;
	size_t len = 0;
	int rc = tolk_file_read_raw(&xml, &len, path);
	if (rc)
		return rc;
	srx_engine *rules = NULL;
	rc = load_rules(&rules, xml, len, path, seg->lang_tag);
	free(xml);
	if (rc)
		return rc;
	srx_engine_free(seg->rules);
	seg->rules = rules;
	return 0;
}

void tolk_segmenter_set_lexicon(tolk_segmenter *seg, tolk_word_known_cb known, void *payload)
{
	seg->known = known;
	seg->known_payload = payload;
}

void tolk_segmenter_set_layout_repair(tolk_segmenter *seg, bool enabled)
{
	seg->layout_repair = enabled;
}

const char *tolk_segment_kind_name(tolk_segment_kind kind)
{
	switch (kind) {
	case TOLK_SEGMENT_SENTENCE: return "sentence";
	case TOLK_SEGMENT_HEADING: return "heading";
	case TOLK_SEGMENT_SIGNATURE: return "signature";
	case TOLK_SEGMENT_FOOTNOTE: return "footnote";
	case TOLK_SEGMENT_LIST_ITEM: return "list-item";
	case TOLK_SEGMENT_OTHER: return "other";
	}
	return "other";
}

void tolk_segment_list_free(tolk_segment_list *list)
{
	if (!list)
		return;
	seg_list *impl = (seg_list *)list;
	tolk_arena_free(&impl->texts);
	free(list->items);
	free(impl);
}

char *seg_out_text(seg_out *out, size_t n)
{
	tolk_arena *a = &out->list->texts;
	/* the first block fits most documents whole */
	if (!a->cap && tolk_arena_reserve(a, out->text_hint) < 0)
		return NULL;
	return tolk_arena_alloc_bytes(a, n);
}

/* ---- segmenting ------------------------------------------------------------------------------ */

/*
 * Streaming: hand the segments so far to the callback and forget them, so
 * memory stays at one chunk's worth whatever the size of the document.
 */
static int flush(seg_out *out)
{
	tolk_segment_list *list = &out->list->pub;
	for (size_t i = 0; i < list->count; i++) {
		int rc = out->each(&list->items[i], out->payload);
		if (rc)
			return rc;
	}
	list->count = 0;
	tolk_arena_reset(&out->list->texts);
	return 0;
}

static int segment_into(seg_out *result, tolk_segmenter *seg, const char *text, size_t len)
{
	seg_doc doc;
	seg_chunk chunk;
	memset(&chunk, 0, sizeof(chunk));
	seg_layout_state state;
	memset(&state, 0, sizeof(state));
	int rc = seg_doc_scan(&doc, text, len, seg->layout_repair);
	if (rc == 0 && seg->layout_repair)
		rc = seg_hyphen_decide(&doc, seg);
	size_t pos = 0, block = 0;
	while (rc == 0 && pos < len) {
		rc = seg_layout_emit_next(&chunk, &state, &doc, &pos, &block, seg->layout_repair);
		if (rc == 0 && !chunk.unit_open && chunk.text.len >= CHUNK_BYTES) {
			rc = seg_break_chunk(result, seg, &chunk);
			seg_chunk_reset(&chunk);
			if (rc == 0 && result->each)
				rc = flush(result);
		}
	}
	if (rc == 0 && chunk.nunits)
		rc = seg_break_chunk(result, seg, &chunk);
	if (rc == 0 && result->each)
		rc = flush(result);
	seg_chunk_free(&chunk);
	seg_doc_free(&doc);
	return rc;
}

int tolk_segment_text(tolk_segment_list **out, tolk_segmenter *seg, const char *text, size_t len)
{
	*out = NULL;
	if (!text && len)
		return tolk_error_set(TOLK_EINVALID, _("no text"));
	/* segment texts take about the input's bytes: whitespace shrinks, a NUL per segment grows */
	seg_out result = {tolk_calloc(1, sizeof(seg_list)), 0, len + len / 16, NULL, NULL};
	if (!result.list)
		return TOLK_ENOMEM;
	int rc = segment_into(&result, seg, text, len);
	if (rc) {
		tolk_segment_list_free(&result.list->pub);
		return rc;
	}
	*out = &result.list->pub;
	return 0;
}

int tolk_segment_foreach(tolk_segmenter *seg, const char *text, size_t len, tolk_segment_cb each, void *payload)
{
	if (!text && len)
		return tolk_error_set(TOLK_EINVALID, _("no text"));
	seg_out result = {tolk_calloc(1, sizeof(seg_list)), 0, 256 * 1024, each, payload};
	if (!result.list)
		return TOLK_ENOMEM;
	int rc = segment_into(&result, seg, text, len);
	tolk_segment_list_free(&result.list->pub);
	return rc;
}

/* The file's bytes, checked; *bom: the length of a byte-order mark skipped. */
static int read_checked(char **data, size_t *len, size_t *bom, const char *path)
{
	int rc = tolk_file_read_raw(data, len, path);
	if (rc == 0)
		rc = tolk_text_decode(data, len, bom, path, NULL);
	if (rc < 0) {
		free(*data);
		*data = NULL;
	}
	return rc;
}

int tolk_segment_file(tolk_segment_list **out, tolk_segmenter *seg, const char *path)
{
	*out = NULL;
	char *data = NULL;
	size_t len = 0, bom = 0;
	int rc = read_checked(&data, &len, &bom, path);
	if (rc == 0)
		rc = tolk_segment_text(out, seg, data + bom, len - bom);
	free(data);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < (*out)->count; i++) {
		(*out)->items[i].start += bom;
		(*out)->items[i].end += bom;
	}
	return 0;
}

typedef struct shifted {
	size_t by;
	tolk_segment_cb each;
	void *payload;
} shifted;

static int shift_offsets(const tolk_segment *segment, void *payload)
{
	const shifted *sh = payload;
	tolk_segment copy = *segment;
	copy.start += sh->by;
	copy.end += sh->by;
	return sh->each(&copy, sh->payload);
}

int tolk_segment_file_foreach(tolk_segmenter *seg, const char *path, tolk_segment_cb each, void *payload)
{
	char *data = NULL;
	size_t len = 0, bom = 0;
	int rc = read_checked(&data, &len, &bom, path);
	if (rc == 0) {
		shifted sh = {bom, each, payload};
		rc = tolk_segment_foreach(seg, data + bom, len - bom, shift_offsets, &sh);
	}
	free(data);
	return rc;
}
