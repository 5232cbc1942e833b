/*
 * Matching SRX rules at a position, the SRX way: the first rule (in file order,
 * after cascading) whose beforebreak matches the text ending there and whose
 * afterbreak matches the text starting there decides.
 *
 * Each rule becomes one ICU expression "(?<=BEFORE)(?=AFTER)" tried with
 * lookingAt at the position. ICU needs a bounded look-behind; a rule whose
 * beforebreak can be arbitrarily long is matched as "(?:BEFORE)$" within the
 * 1,024 bytes before the position, and its afterbreak separately.
 *
 * Rules are indexed by the characters their beforebreak can end with (see
 * srx_tail.c), and a rule is tried only when the characters before the
 * position and the one after it fit: at most positions no expression runs.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/utf8.h>

#include "srx.h"
#include "util.h"

enum { BEFORE_WINDOW = 1024 };

typedef struct matcher {
	bool is_break;
	URegularExpression *look;   /* (?<=B)(?=A), or NULL */
	URegularExpression *before; /* (?:B)$ when B is unbounded */
	URegularExpression *after;  /* A, with before */
	uint64_t gen;               /* text the expressions are attached to */
	srx_charset tail[SRX_TAIL_MAX];
	size_t ntail;
	srx_charset head[SRX_TAIL_MAX];
	size_t nhead;
} matcher;

/* Rules that can match after an ASCII character, after a non-ASCII one, or at the start. */
typedef struct rule_list {
	uint32_t *items;
	size_t count;
} rule_list;

struct srx_engine {
	matcher *m;
	size_t n;
	bool use_icu, has_break;
	rule_list by_ascii[128], non_ascii, at_start;
	srx_charset break_end;  /* union of the break rules' last characters */
	bool break_anywhere;    /* a break rule whose end is unknown */
};

URegularExpression *srx_regex_open(const char *pattern, uint32_t flags, int *err_offset, UErrorCode *status)
{
	UParseError pe;
	memset(&pe, 0, sizeof(pe));
	UText *ut = utext_openUTF8(NULL, pattern, -1, status);
	URegularExpression *re = uregex_openUText(ut, flags, &pe, status);
	utext_close(ut);
	*err_offset = pe.offset;
	return re;
}

static URegularExpression *compile(const char *pattern, int *err_offset, UErrorCode *status)
{
	return srx_regex_open(pattern, 0, err_offset, status);
}

static int bad_regex(const char *path, const srx_rule *r, const char *which, const char *pattern, int offset,
                     UErrorCode status)
{
	return tolk_error_set_at(TOLK_EINVALID, path, r->line, 0,
	                         _("invalid regular expression in <%s> '%s' (at character %d): %s"), which, pattern,
	                         offset + 1, u_errorName(status));
}

/* In comments mode a pattern's last line may be a comment: close it before wrapping. */
static const char *wrap_end(const char *pattern)
{
	return strstr(pattern, "(?x") || strstr(pattern, "(?ix") || strstr(pattern, "(?xi") ? "\n" : "";
}

static int compile_rule(matcher *m, const srx_rule *r, const char *path)
{
	int off = 0;
	UErrorCode status = U_ZERO_ERROR;
	/* Each part alone first: errors then point into what the user wrote. */
	URegularExpression *b = compile(r->before, &off, &status);
	if (U_FAILURE(status))
		return bad_regex(path, r, "beforebreak", r->before, off, status);
	uregex_close(b);
	URegularExpression *a = compile(r->after, &off, &status);
	if (U_FAILURE(status))
		return bad_regex(path, r, "afterbreak", r->after, off, status);
	uregex_close(a);

	tolk_buf p = TOLK_BUF_INIT;
	if (*r->before)
		tolk_buf_printf(&p, "(?<=%s%s)", r->before, wrap_end(r->before));
	if (*r->after)
		tolk_buf_printf(&p, "(?=%s%s)", r->after, wrap_end(r->after));
	if (!p.ptr && tolk_buf_puts(&p, "") != 0)
		return TOLK_ENOMEM;
	m->look = compile(p.ptr, &off, &status);
	tolk_buf_free(&p);
	if (status == U_REGEX_LOOK_BEHIND_LIMIT || U_FAILURE(status)) {
		uregex_close(m->look);
		m->look = NULL;
		status = U_ZERO_ERROR;
		tolk_buf q = TOLK_BUF_INIT;
		tolk_buf_printf(&q, "(?:%s%s)$", r->before, wrap_end(r->before));
		m->before = q.ptr ? compile(q.ptr, &off, &status) : NULL;
		tolk_buf_free(&q);
		if (U_SUCCESS(status))
			m->after = compile(r->after, &off, &status);
		if (U_FAILURE(status) || !m->before)
			return bad_regex(path, r, "beforebreak", r->before, off, status);
	}
	m->is_break = r->is_break;
	m->ntail = srx_pattern_tail(m->tail, r->before);
	m->nhead = srx_pattern_head(m->head, r->after);
	return 0;
}

static int list_add(rule_list *l, uint32_t i, size_t *cap)
{
	int rc = tolk_array_grow((void **)&l->items, cap, l->count + 1, sizeof(uint32_t));
	if (rc == 0)
		l->items[l->count++] = i;
	return rc;
}

static int build_index(srx_engine *e)
{
	size_t caps[130] = {0};
	int rc = 0;
	for (uint32_t i = 0; i < e->n && rc == 0; i++) {
		const matcher *m = &e->m[i];
		if (m->ntail == 0) {
			rc = list_add(&e->at_start, i, &caps[129]);
		}
		for (int32_t c = 0; c < 128 && rc == 0; c++)
			if (m->ntail == 0 || srx_charset_has(&m->tail[0], c))
				rc = list_add(&e->by_ascii[c], i, &caps[c]);
		const srx_charset *t0 = &m->tail[0];
		if (rc == 0 && (m->ntail == 0 || t0->any || t0->any_other || t0->other))
			rc = list_add(&e->non_ascii, i, &caps[128]);
		if (m->is_break) {
			e->has_break = true;
			if (m->ntail == 0 || t0->any) {
				e->break_anywhere = true;
			} else {
				e->break_end.ascii[0] |= t0->ascii[0];
				e->break_end.ascii[1] |= t0->ascii[1];
				e->break_end.any_other |= t0->any_other || t0->other;
			}
		}
	}
	return rc;
}

int srx_engine_new(srx_engine **out, const srx_rule *const *rules, size_t count, const char *path, bool use_icu)
{
	*out = NULL;
	srx_engine *e = tolk_calloc(1, sizeof(*e));
	if (!e)
		return TOLK_ENOMEM;
	e->use_icu = use_icu;
	e->m = count ? tolk_calloc(count, sizeof(matcher)) : NULL;
	if (count && !e->m) {
		free(e);
		return TOLK_ENOMEM;
	}
	int rc = 0;
	for (size_t i = 0; i < count && rc == 0; i++) {
		rc = compile_rule(&e->m[i], rules[i], path);
		e->n = i + 1;
	}
	if (rc == 0)
		rc = build_index(e);
	if (rc) {
		srx_engine_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

void srx_engine_free(srx_engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		matcher *m = &e->m[i];
		uregex_close(m->look);
		uregex_close(m->before);
		uregex_close(m->after);
		for (size_t k = 0; k < m->ntail; k++)
			srx_charset_free(&m->tail[k]);
		for (size_t k = 0; k < m->nhead; k++)
			srx_charset_free(&m->head[k]);
	}
	for (int c = 0; c < 128; c++)
		free(e->by_ascii[c].items);
	free(e->non_ascii.items);
	free(e->at_start.items);
	free(e->m);
	free(e);
}

bool srx_engine_has_break_rules(const srx_engine *e)
{
	return e->has_break;
}

bool srx_engine_uses_icu(const srx_engine *e)
{
	return e->use_icu;
}

size_t srx_engine_rule_count(const srx_engine *e)
{
	return e->n;
}

/* ---- text ---------------------------------------------------------------------------- */

void srx_text_set(srx_text *t, const char *s, size_t len)
{
	/* Unique across texts and calls, so a matcher never trusts a stale attachment. */
	static atomic_uint_fast64_t generation;
	t->s = s;
	t->len = len;
	t->gen = atomic_fetch_add(&generation, 1) + 1;
	if (t->ut) {
		UErrorCode status = U_ZERO_ERROR;
		t->ut = utext_openUTF8(t->ut, s, (int64_t)len, &status);
	}
}

void srx_text_close(srx_text *t)
{
	utext_close(t->ut);
	t->ut = NULL;
}

static bool attach(matcher *m, srx_text *t)
{
	UErrorCode status = U_ZERO_ERROR;
	if (!t->ut) {
		t->ut = utext_openUTF8(NULL, t->s, (int64_t)t->len, &status);
		if (U_FAILURE(status))
			return false;
	}
	if (m->gen == t->gen)
		return true;
	URegularExpression *res[3] = {m->look, m->before, m->after};
	for (int i = 0; i < 3; i++) {
		if (!res[i])
			continue;
		uregex_setUText(res[i], t->ut, &status);
		uregex_useTransparentBounds(res[i], true, &status);
	}
	m->gen = t->gen;
	return U_SUCCESS(status);
}

static bool regex_match(matcher *m, srx_text *t, size_t pos)
{
	if (!attach(m, t))
		return false;
	UErrorCode status = U_ZERO_ERROR;
	if (m->look)
		return uregex_lookingAt64(m->look, (int64_t)pos, &status) && U_SUCCESS(status);
	size_t from = pos > BEFORE_WINDOW ? pos - BEFORE_WINDOW : 0;
	while (from < pos && ((unsigned char)t->s[from] & 0xC0) == 0x80)
		from++;
	uregex_setRegion64(m->before, (int64_t)from, (int64_t)pos, &status);
	if (!uregex_findNext(m->before, &status) || U_FAILURE(status))
		return false;
	uregex_setRegion64(m->after, (int64_t)pos, (int64_t)t->len, &status);
	return uregex_lookingAt64(m->after, -1, &status) && U_SUCCESS(status);
}

/* Characters around pos, decoded as far as the rules look and no further. */
typedef struct around {
	int32_t before[SRX_TAIL_MAX], after[SRX_TAIL_MAX];
	size_t nbefore, nafter;
	size_t back, ahead;   /* byte offsets reached */
} around;

static int32_t char_behind(around *a, const srx_text *t, size_t k)
{
	while (a->nbefore <= k) {
		if (a->back == 0)
			return -1;
		int32_t i = (int32_t)(a->back > 8 ? 8 : a->back);
		const char *base = t->s + a->back - (size_t)i;
		UChar32 cp;
		U8_PREV(base, 0, i, cp);
		a->back = (size_t)(base - t->s) + (size_t)i;
		a->before[a->nbefore++] = cp;
	}
	return a->before[k];
}

static int32_t char_ahead(around *a, const srx_text *t, size_t k)
{
	while (a->nafter <= k) {
		if (a->ahead >= t->len)
			return -1;
		UChar32 cp;
		U8_NEXT(t->s, a->ahead, t->len, cp);
		a->after[a->nafter++] = cp;
	}
	return a->after[k];
}

int srx_engine_decide(srx_engine *e, srx_text *t, size_t pos)
{
	around a;
	a.nbefore = a.nafter = 0;
	a.back = a.ahead = pos;
	int32_t c0 = char_behind(&a, t, 0);
	const rule_list *list = c0 < 0 ? &e->at_start : c0 < 0x80 ? &e->by_ascii[c0] : &e->non_ascii;
	for (size_t k = 0; k < list->count; k++) {
		matcher *m = &e->m[list->items[k]];
		bool fits = true;
		for (size_t j = 0; j < m->ntail && fits; j++) {
			int32_t c = char_behind(&a, t, j);
			fits = c >= 0 && srx_charset_has(&m->tail[j], c);
		}
		for (size_t j = 0; j < m->nhead && fits; j++) {
			int32_t c = char_ahead(&a, t, j);
			fits = c >= 0 && srx_charset_has(&m->head[j], c);
		}
		if (fits && regex_match(m, t, pos))
			return m->is_break ? SRX_BREAK : SRX_NO_BREAK;
	}
	return SRX_NO_RULE;
}

int srx_engine_break_positions(srx_engine *e, srx_text *t, srx_position_cb cb, void *payload)
{
	if (!e->has_break)
		return 0;
	size_t i = 0;
	while (i < t->len) {
		unsigned char c = (unsigned char)t->s[i];
		size_t n = 1;
		bool candidate;
		if (c < 0x80) {
			candidate = e->break_anywhere || ((e->break_end.ascii[c >> 6] >> (c & 63)) & 1);
		} else {
			UChar32 cp;
			size_t k = i;
			U8_NEXT(t->s, k, t->len, cp);
			n = k - i;
			candidate = e->break_anywhere || e->break_end.any_other || cp < 0;
		}
		i += n;
		if (candidate && srx_engine_decide(e, t, i) == SRX_BREAK) {
			int rc = cb(i, payload);
			if (rc)
				return rc;
		}
	}
	return 0;
}
