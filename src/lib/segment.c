/*
 * Segmenter, first version: paragraphs are blank-line separated blocks, lines
 * inside are unwrapped (a lowercase line-end hyphen split is joined), and ICU's
 * sentence iterator breaks each paragraph, with a built-in list of
 * abbreviations after which ICU's break is withdrawn.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "tolk/segment.h"
#include "util.h"

struct tolk_segmenter {
	char lang[3];
	bool layout_repair;
	tolk_word_known_cb known;
	void *known_payload;
	UBreakIterator *brk;
};

static const char *const abbreviations_nl[] = {
	"nr", "nrs", "bijv", "bv", "o.a", "d.w.z", "m.a.w", "m.b.t", "i.p.v", "t.a.v", "i.s.m", "i.v.m",
	"blz", "art", "mr", "mw", "mevr", "dhr", "prof", "dr", "drs", "ir", "ing", "gen", "vgl", "ca",
	"resp", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec", NULL};
static const char *const abbreviations_en[] = {
	"mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vol", "vs", "e.g", "i.e", "cf", "approx",
	"fig", "inc", "ltd", "co", "corp", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
	"u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	NULL};

int tolk_segmenter_new(tolk_segmenter **out, const char *lang)
{
	*out = NULL;
	if (!lang || (strncmp(lang, "nl", 2) != 0 && strncmp(lang, "en", 2) != 0) ||
	    (lang[2] != '\0' && lang[2] != '-' && lang[2] != '_'))
		return tolk_error_set(TOLK_ELANG, _("unsupported language '%s' (use nl or en)"),
		                      lang ? lang : "");
	tolk_segmenter *seg = tolk_calloc(1, sizeof(*seg));
	if (!seg)
		return TOLK_ENOMEM;
	memcpy(seg->lang, lang, 2);
	seg->layout_repair = true;
	UErrorCode status = U_ZERO_ERROR;
	seg->brk = ubrk_open(UBRK_SENTENCE, seg->lang, NULL, 0, &status);
	if (U_FAILURE(status)) {
		free(seg);
		return tolk_error_set(TOLK_ERROR, _("ICU sentence iterator: %s"), u_errorName(status));
	}
	*out = seg;
	return 0;
}

void tolk_segmenter_free(tolk_segmenter *seg)
{
	if (!seg)
		return;
	ubrk_close(seg->brk);
	free(seg);
}

int tolk_segmenter_load_srx(tolk_segmenter *seg, const char *path)
{
	(void)seg;
	return tolk_error_set_at(TOLK_EINVALID, path, 0, 0, _("SRX rules are not supported yet"));
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
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].text);
	free(list->items);
	free(list);
}

/* ---- paragraph text ---------------------------------------------------------------- */

/* A paragraph unwrapped into UTF-16 with, for each unit, its byte offset in the input. */
typedef struct para {
	UChar *u;
	size_t *off;
	size_t len, cap;
} para;

static int para_put(para *p, UChar c, size_t off)
{
	if (p->len + 2 > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		UChar *u = realloc(p->u, cap * sizeof(*u));
		if (!u)
			return tolk_error_oom();
		p->u = u;
		size_t *o = realloc(p->off, (cap + 1) * sizeof(*o));
		if (!o)
			return tolk_error_oom();
		p->off = o;
		p->cap = cap;
	}
	p->u[p->len] = c;
	p->off[p->len] = off;
	p->len++;
	return 0;
}

static int para_put_cp(para *p, int32_t cp, size_t off)
{
	if (cp > 0xFFFF) {
		int rc = para_put(p, U16_LEAD(cp), off);
		return rc ? rc : para_put(p, U16_TRAIL(cp), off);
	}
	return para_put(p, (UChar)cp, off);
}

static bool is_blank_line(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f')
			return false;
	return true;
}

/* Append one line's characters, collapsing whitespace; a space before it unless at start. */
static int append_line(para *p, const char *text, size_t start, size_t end, bool *pending_space)
{
	size_t i = start;
	while (i < end) {
		size_t at = i;
		int32_t cp = tolk_utf8_next(text, end, &i);
		if (cp < 0)
			return tolk_error_set(TOLK_EINVALID, _("invalid UTF-8 at byte %zu"), at);
		if (u_isUWhiteSpace(cp)) {
			*pending_space = p->len > 0;
			continue;
		}
		if (*pending_space) {
			int rc = para_put(p, ' ', at);
			if (rc)
				return rc;
			*pending_space = false;
		}
		int rc = para_put_cp(p, cp, at);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- breaking ------------------------------------------------------------------------- */

static bool after_abbreviation(const tolk_segmenter *seg, const UChar *u, size_t q)
{
	/* q is just after a '.'; find the token before it. */
	if (q == 0 || u[q - 1] != '.')
		return false;
	size_t b = q - 1;
	while (b > 0 && (u_isalpha(u[b - 1]) || u[b - 1] == '.'))
		b--;
	size_t n = q - 1 - b;
	if (n == 0 || n > 8)
		return false;
	char tok[10];
	for (size_t k = 0; k < n; k++) {
		if (u[b + k] > 0x7F)
			return false;
		tok[k] = (char)u_tolower(u[b + k]);
	}
	tok[n] = '\0';
	/* a single capital: an initial */
	if (n == 1 && u_isupper(u[b]))
		return true;
	const char *const *list = strcmp(seg->lang, "nl") == 0 ? abbreviations_nl : abbreviations_en;
	for (size_t k = 0; list[k]; k++)
		if (strcmp(list[k], tok) == 0)
			return true;
	/* initials such as A.Th.B. */
	bool initials = true;
	for (size_t k = b; k < q && initials; k++)
		initials = u_isupper(u[k]) || (u[k] == '.' ) || u_islower(u[k]);
	return initials && u_isupper(u[b]) && n >= 3 && u[b + 1] == '.';
}

static int emit(tolk_segment_list *list, size_t *cap, const para *p, size_t from, size_t to,
                const char *text, size_t text_len, unsigned paragraph)
{
	while (from < to && p->u[from] == ' ')
		from++;
	while (to > from && p->u[to - 1] == ' ')
		to--;
	if (from == to)
		return 0;
	int rc = tolk_array_grow((void **)&list->items, cap, list->count + 1, sizeof(tolk_segment));
	if (rc)
		return rc;
	int32_t n8 = 0;
	UErrorCode status = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &n8, p->u + from, (int32_t)(to - from), &status);
	status = U_ZERO_ERROR;
	char *s = tolk_malloc((size_t)n8 + 1);
	if (!s)
		return TOLK_ENOMEM;
	u_strToUTF8(s, n8 + 1, NULL, p->u + from, (int32_t)(to - from), &status);
	s[n8] = '\0';
	tolk_segment *sg = &list->items[list->count++];
	sg->text = s;
	sg->start = p->off[from];
	/* end: just past the last character */
	size_t last = p->off[to - 1];
	size_t k = last;
	(void)tolk_utf8_next(text, text_len, &k);
	sg->end = k;
	sg->paragraph = paragraph;
	sg->kind = TOLK_SEGMENT_SENTENCE;
	return 0;
}

static int break_paragraph(tolk_segmenter *seg, tolk_segment_list *list, size_t *cap, para *p,
                           const char *text, size_t text_len, unsigned paragraph)
{
	if (p->len == 0)
		return 0;
	UErrorCode status = U_ZERO_ERROR;
	ubrk_setText(seg->brk, p->u, (int32_t)p->len, &status);
	if (U_FAILURE(status))
		return tolk_error_set(TOLK_ERROR, _("ICU sentence iterator: %s"), u_errorName(status));
	size_t from = 0;
	size_t first_count = list->count;
	for (int32_t b = ubrk_next(seg->brk); b != UBRK_DONE; b = ubrk_next(seg->brk)) {
		size_t q = (size_t)b;
		while (q > from && p->u[q - 1] == ' ')
			q--;
		if ((size_t)b < p->len && after_abbreviation(seg, p->u, q))
			continue;
		int rc = emit(list, cap, p, from, (size_t)b, text, text_len, paragraph);
		if (rc)
			return rc;
		from = (size_t)b;
	}
	/* A lone line without final punctuation: a heading. */
	if (list->count == first_count + 1) {
		UChar last = p->u[p->len - 1];
		if (last != '.' && last != '!' && last != '?' && last != ':' && last != ';' && p->len < 100)
			list->items[first_count].kind = TOLK_SEGMENT_HEADING;
	}
	return 0;
}

int tolk_segment_text(tolk_segment_list **out, tolk_segmenter *seg, const char *text, size_t len)
{
	*out = NULL;
	size_t bad;
	if (tolk_utf8_validate(&bad, text, len) != 0)
		return tolk_error_set(TOLK_EINVALID, _("invalid UTF-8 at byte %zu"), bad);
	tolk_segment_list *list = tolk_calloc(1, sizeof(*list));
	if (!list)
		return TOLK_ENOMEM;
	size_t cap = 0;
	para p = {0};
	unsigned paragraph = 0;
	bool pending_space = false;
	int rc = 0;
	size_t pos = 0;
	while (pos < len && rc == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (is_blank_line(text + pos, end - pos)) {
			if (p.len)
				rc = break_paragraph(seg, list, &cap, &p, text, len, ++paragraph);
			p.len = 0;
			pending_space = false;
		} else {
			/* Line-end hyphen between lowercase letters: a word split by the layout. */
			if (seg->layout_repair && p.len >= 2 && p.u[p.len - 1] == '-' && u_islower(p.u[p.len - 2]) &&
			    !pending_space) {
				size_t i = pos;
				while (i < end && (text[i] == ' ' || text[i] == '\t'))
					i++;
				size_t k = i;
				int32_t cp = i < end ? tolk_utf8_next(text, end, &k) : -1;
				if (cp >= 0 && u_islower(cp))
					p.len--;
				else
					pending_space = false;
			} else if (p.len) {
				pending_space = true;
			}
			rc = append_line(&p, text, pos, end, &pending_space);
		}
		pos = nl ? end + 1 : len;
	}
	if (rc == 0 && p.len)
		rc = break_paragraph(seg, list, &cap, &p, text, len, ++paragraph);
	free(p.u);
	free(p.off);
	if (rc) {
		tolk_segment_list_free(list);
		return rc;
	}
	*out = list;
	return 0;
}
