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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>

#include "srx.h"
#include "util.h"

enum { BEFORE_WINDOW = 1024 };

/*
 * Work allowed for one match attempt, in ICU's match-engine steps (each some
 * thousands of operations). Our rules take a few; a user's rule that
 * backtracks without end, as "(\w+\s?)+\." does on a long line without its
 * period, would otherwise hang the segmenter: it fails with the rule's line.
 */
enum { MATCH_STEP_LIMIT = 2000 };

typedef struct matcher {
	bool is_break;
	unsigned long line;         /* of the <rule>, for errors */
	URegularExpression *look;   /* (?<=B)(?=A), or NULL */
	URegularExpression *before; /* (?:B)$ when B is unbounded */
	URegularExpression *after;  /* A, with before */
	uint64_t gen;               /* text the expressions are attached to */
	srx_edges tail;   /* how beforebreak can end */
	srx_edges head;   /* how afterbreak can begin */
	/* pairs[c0][c1 >> 6] bit c1: ASCII c1 c0 can end beforebreak (c0 last) */
	uint64_t (*pairs)[2];
	/* hpairs[a0][a1 >> 6] bit a1: afterbreak can begin with ASCII a0 a1 */
	uint64_t (*hpairs)[2];
	/* the tail alternatives whose second-last character can be ASCII c1: by_c1[c1] .. by_c1[c1 + 1] */
	uint32_t by_c1[129];
	uint16_t *alts_by_c1;
	/*
	 * For a break rule: a character every match has at a fixed distance from
	 * the break (the anchor), found with memchr by its first byte.
	 */
	unsigned char anchor_bytes[8];
	size_t nanchor_bytes;     /* 0: no anchor, every position is tried */
	bool anchor_after;        /* in afterbreak (else beforebreak) */
	size_t anchor_pos;        /* distance in characters: head/tail position */
	bool anchor_shared;       /* an earlier break rule's anchor finds every position this one's does */
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
	rule_list breaks;       /* the break rules, in order: what a candidate position is tried against */
	srx_charset break_end;  /* union of the last characters of break rules without anchor */
	bool break_anywhere;    /* a break rule without anchor whose end is unknown */
	bool break_unanchored;  /* some break rule has no anchor */
	char *path;             /* the rules' file, for errors */
	size_t *scratch;        /* candidate positions of break rules */
	size_t scratch_cap;
	/* anchor positions found ahead in a larger text that holds the texts to come */
	const char *prepared;
	size_t prepared_len;
	uint64_t *anchor_bits;    /* bit i: offset i of the prepared text is a candidate */
	size_t anchor_words;
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
	URegularExpression *re = srx_regex_open(pattern, 0, err_offset, status);
	if (re)
		uregex_setTimeLimit(re, MATCH_STEP_LIMIT, status);
	return re;
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
	/* Each part alone first: errors then point into what the user wrote. ICU refuses "", SRX allows it. */
	const char *parts[2] = {r->before, r->after}, *names[2] = {"beforebreak", "afterbreak"};
	for (int i = 0; i < 2; i++) {
		if (!*parts[i])
			continue;
		URegularExpression *re = compile(parts[i], &off, &status);
		uregex_close(re);
		if (U_FAILURE(status))
			return bad_regex(path, r, names[i], parts[i], off, status);
	}
	m->is_break = r->is_break;
	m->line = r->line;
	if (*r->before || *r->after) {
		tolk_buf p = TOLK_BUF_INIT;
		if (*r->before)
			tolk_buf_printf(&p, "(?<=%s%s)", r->before, wrap_end(r->before));
		if (*r->after)
			tolk_buf_printf(&p, "(?=%s%s)", r->after, wrap_end(r->after));
		if (!p.ptr)
			return TOLK_ENOMEM;
		m->look = compile(p.ptr, &off, &status);
		tolk_buf_free(&p);
		if (U_FAILURE(status)) {
			/* a beforebreak of unbounded length: no look-behind in ICU */
			uregex_close(m->look);
			m->look = NULL;
			status = U_ZERO_ERROR;
			tolk_buf q = TOLK_BUF_INIT;
			tolk_buf_printf(&q, "(?:%s%s)$", r->before, wrap_end(r->before));
			m->before = q.ptr ? compile(q.ptr, &off, &status) : NULL;
			tolk_buf_free(&q);
			if (U_SUCCESS(status) && *r->after)
				m->after = compile(r->after, &off, &status);
			if (U_FAILURE(status) || !m->before)
				return bad_regex(path, r, "beforebreak", r->before, off, status);
		}
	}
	int rc = srx_pattern_tail(&m->tail, r->before);
	return rc ? rc : srx_pattern_head(&m->head, r->after);
}

static int list_add(rule_list *l, uint32_t i, size_t *cap)
{
	int rc = tolk_array_grow((void **)&l->items, cap, l->count + 1, sizeof(uint32_t));
	if (rc == 0)
		l->items[l->count++] = i;
	return rc;
}

/* The ASCII pairs next to the break that a rule's matches can have, for a one-bit test. */
static uint64_t (*pairs_of(const srx_edges *edges))[2]
{
	uint64_t (*pairs)[2] = tolk_calloc(128, sizeof(*pairs));
	if (!pairs)
		return NULL;
	for (size_t i = 0; i < edges->count || (edges->count == 0 && i == 0); i++) {
		const srx_edge *e = edges->count ? &edges->alts[i] : NULL;
		for (int32_t c0 = 0; c0 < 128; c0++) {
			if (e && e->known >= 1 && !srx_charset_has(&e->pos[0], c0))
				continue;
			for (int32_t c1 = 0; c1 < 128; c1++)
				if (!e || e->known < 2 || srx_charset_has(&e->pos[1], c1))
					pairs[c0][c1 >> 6] |= 1ull << (c1 & 63);
		}
	}
	return pairs;
}

static int build_pairs(matcher *m)
{
	m->pairs = pairs_of(&m->tail);
	m->hpairs = pairs_of(&m->head);
	return m->pairs && m->hpairs ? 0 : TOLK_ENOMEM;
}

static bool alt_takes(const srx_edge *e, int32_t c1)
{
	return e->known < 2 || srx_charset_has(&e->pos[1], c1);
}

/* Rules with many alternatives ("\\b(?:nr|bijv|...)\\.") are looked up by their second-last character. */
static int build_alt_index(matcher *m)
{
	size_t total = 0;
	for (int32_t c1 = 0; c1 < 128; c1++)
		for (size_t i = 0; i < m->tail.count; i++)
			total += alt_takes(&m->tail.alts[i], c1);
	m->alts_by_c1 = tolk_calloc(total ? total : 1, sizeof(uint16_t));
	if (!m->alts_by_c1)
		return TOLK_ENOMEM;
	uint32_t k = 0;
	for (int32_t c1 = 0; c1 < 128; c1++) {
		m->by_c1[c1] = k;
		for (size_t i = 0; i < m->tail.count; i++)
			if (alt_takes(&m->tail.alts[i], c1))
				m->alts_by_c1[k++] = (uint16_t)i;
	}
	m->by_c1[128] = k;
	return 0;
}

/* Does the text before pos fit one of the rule's ways of ending? */
static bool tail_fits(const matcher *m, const int32_t *before)
{
	int32_t c1 = before[1];
	if (m->tail.count == 0 || c1 < 0 || c1 >= 0x80 || m->tail.count > UINT16_MAX)
		return srx_edges_fit(&m->tail, before, SRX_TAIL_MAX);
	for (uint32_t k = m->by_c1[c1]; k < m->by_c1[c1 + 1]; k++) {
		const srx_edge *e = &m->tail.alts[m->alts_by_c1[k]];
		srx_edges one = {(srx_edge *)e, 1};
		if (srx_edges_fit(&one, before, SRX_TAIL_MAX))
			return true;
	}
	return false;
}

/* Cheap test: can the rule match at pos, judging by the characters around it? */
static bool may_fit(const matcher *m, const srx_text *t, size_t pos)
{
	if (pos >= 2) {
		unsigned char c0 = (unsigned char)t->s[pos - 1], c1 = (unsigned char)t->s[pos - 2];
		if (c0 < 0x80 && c1 < 0x80 && !((m->pairs[c0][c1 >> 6] >> (c1 & 63)) & 1))
			return false;
	}
	if (pos + 2 <= t->len) {
		unsigned char a0 = (unsigned char)t->s[pos], a1 = (unsigned char)t->s[pos + 1];
		if (a0 < 0x80 && a1 < 0x80 && !((m->hpairs[a0][a1 >> 6] >> (a1 & 63)) & 1))
			return false;
	}
	return true;
}

/* Can some way of ending the beforebreak end in c (c < 0: non-ASCII)? */
static bool tail_may_end(const matcher *m, int32_t c)
{
	if (m->tail.count == 0)
		return true;
	for (size_t i = 0; i < m->tail.count; i++) {
		const srx_charset *t0 = &m->tail.alts[i].pos[0];
		if (c >= 0 ? srx_charset_has(t0, c) : (t0->any || t0->any_other || t0->other))
			return true;
	}
	return false;
}

/* How common a first byte is in running text: anchors should be rare. */
static unsigned byte_weight(unsigned char b)
{
	if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
		return 100;
	if ((b >= '0' && b <= '9') || b == ' ')
		return 100;
	if (b == '.' || b == ',' || b == 0xC3)
		return 40;
	return b >= 0x80 ? 8 : 4;
}

/* The first bytes of the members of the sets at position j of every alternative; false when too many. */
static bool anchor_bytes_of(const srx_edges *edges, size_t j, unsigned char *bytes, size_t *nbytes)
{
	*nbytes = 0;
	if (edges->count == 0)
		return false;
	for (size_t i = 0; i < edges->count; i++) {
		const srx_edge *e = &edges->alts[i];
		if (j >= e->known)
			return false;
		const srx_charset *cs = &e->pos[j];
		if (cs->any || cs->any_other || cs->none_ok)
			return false;
		for (int32_t c = 0; c < 0x80; c++)
			if ((cs->ascii[c >> 6] >> (c & 63)) & 1) {
				if (!memchr(bytes, c, *nbytes)) {
					if (*nbytes >= 8)
						return false;
					bytes[(*nbytes)++] = (unsigned char)c;
				}
			}
		if (!cs->other)
			continue;
		if (uset_size(cs->other) > 256)
			return false;
		int32_t items = uset_getItemCount(cs->other);
		for (int32_t k = 0; k < items; k++) {
			UChar32 start, end;
			UErrorCode status = U_ZERO_ERROR;
			if (uset_getItem(cs->other, k, &start, &end, NULL, 0, &status) != 0)
				continue;
			for (UChar32 cp = start < 0x80 ? 0x80 : start; cp <= end; cp++) {
				char buf[4];
				tolk_utf8_encode(buf, cp);
				if (!memchr(bytes, (unsigned char)buf[0], *nbytes)) {
					if (*nbytes >= 8)
						return false;
					bytes[(*nbytes)++] = (unsigned char)buf[0];
				}
			}
		}
	}
	return *nbytes > 0;
}

/* The rarest position that all of a break rule's matches have: where scanning looks. */
static void choose_anchor(matcher *m)
{
	unsigned best = UINT32_MAX;
	for (int side = 0; side < 2; side++) {
		const srx_edges *edges = side ? &m->head : &m->tail;
		for (size_t j = 0; j < SRX_TAIL_MAX; j++) {
			unsigned char bytes[8];
			size_t n;
			if (!anchor_bytes_of(edges, j, bytes, &n))
				continue;
			unsigned w = 0;
			for (size_t k = 0; k < n; k++)
				w += byte_weight(bytes[k]);
			if (w < best) {
				best = w;
				memcpy(m->anchor_bytes, bytes, n);
				m->nanchor_bytes = n;
				m->anchor_after = side == 1;
				m->anchor_pos = j;
			}
		}
	}
}

static int build_index(srx_engine *e)
{
	size_t caps[130] = {0}, breaks_cap = 0;
	int rc = 0;
	for (uint32_t i = 0; i < e->n && rc == 0; i++) {
		matcher *m = &e->m[i];
		if ((rc = build_pairs(m)) != 0 || (rc = build_alt_index(m)) != 0)
			break;
		if (m->tail.count == 0)
			rc = list_add(&e->at_start, i, &caps[129]);
		for (int32_t c = 0; c < 128 && rc == 0; c++)
			if (tail_may_end(m, c))
				rc = list_add(&e->by_ascii[c], i, &caps[c]);
		if (rc == 0 && tail_may_end(m, -1))
			rc = list_add(&e->non_ascii, i, &caps[128]);
		if (!m->is_break)
			continue;
		e->has_break = true;
		if ((rc = list_add(&e->breaks, i, &breaks_cap)) != 0)
			break;
		choose_anchor(m);
		if (m->nanchor_bytes) {
			for (uint32_t j = 0; j < i && !m->anchor_shared; j++) {
				const matcher *o = &e->m[j];
				bool same = o->is_break && o->nanchor_bytes && o->anchor_after == m->anchor_after &&
				            o->anchor_pos == m->anchor_pos && !o->anchor_shared;
				for (size_t b = 0; b < m->nanchor_bytes && same; b++)
					same = memchr(o->anchor_bytes, m->anchor_bytes[b], o->nanchor_bytes) != NULL;
				m->anchor_shared = same;
			}
			continue;
		}
		e->break_unanchored = true;
		if (m->tail.count == 0)
			e->break_anywhere = true;
		for (size_t k = 0; k < m->tail.count; k++) {
			const srx_charset *t0 = &m->tail.alts[k].pos[0];
			e->break_anywhere |= t0->any;
			e->break_end.ascii[0] |= t0->ascii[0];
			e->break_end.ascii[1] |= t0->ascii[1];
			e->break_end.any_other |= t0->any_other || t0->other;
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
	e->path = tolk_strdup(path ? path : "");
	if ((count && !e->m) || !e->path) {
		free(e->m);
		free(e->path);
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
		srx_edges_free(&m->tail);
		srx_edges_free(&m->head);
		free(m->pairs);
		free(m->hpairs);
		free(m->alts_by_c1);
	}
	for (int c = 0; c < 128; c++)
		free(e->by_ascii[c].items);
	free(e->non_ascii.items);
	free(e->at_start.items);
	free(e->breaks.items);
	free(e->scratch);
	free(e->anchor_bits);
	free(e->m);
	free(e->path);
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

/* A rule too slow to decide: the segmenter stops rather than hang (see MATCH_STEP_LIMIT). */
static int too_slow(const srx_engine *e, const matcher *m)
{
	return tolk_error_set_at(TOLK_EINVALID, e->path, m->line, 0,
	                         _("this rule's regular expression takes too long on the text (it backtracks "
	                           "without end, as nested repeats like (\\w+\\s?)+ do): simplify it"));
}

/* 1 when the rule matches at pos, 0 when not, < 0 on error. */
static int regex_match(const srx_engine *e, matcher *m, srx_text *t, size_t pos)
{
	if (!m->look && !m->before)
		return 1; /* neither part says anything: matches everywhere */
	if (!attach(m, t))
		return 0;
	UErrorCode status = U_ZERO_ERROR;
	bool ok;
	if (m->look) {
		ok = uregex_lookingAt64(m->look, (int64_t)pos, &status);
	} else {
		size_t from = pos > BEFORE_WINDOW ? pos - BEFORE_WINDOW : 0;
		while (from < pos && ((unsigned char)t->s[from] & 0xC0) == 0x80)
			from++;
		uregex_setRegion64(m->before, (int64_t)from, (int64_t)pos, &status);
		ok = uregex_findNext(m->before, &status);
		if (ok && U_SUCCESS(status) && m->after) {
			uregex_setRegion64(m->after, (int64_t)pos, (int64_t)t->len, &status);
			ok = uregex_lookingAt64(m->after, -1, &status);
		}
	}
	if (status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW)
		return too_slow(e, m);
	return ok && U_SUCCESS(status);
}

/* The characters around pos that rules look at, decoded once when a rule needs them. */
typedef struct around {
	int32_t before[SRX_TAIL_MAX], after[SRX_TAIL_MAX];
	bool decoded;
} around;

static void decode_around(around *a, const srx_text *t, size_t pos)
{
	size_t back = pos, ahead = pos;
	for (size_t k = 0; k < SRX_TAIL_MAX; k++) {
		a->before[k] = -1;
		if (back > 0) {
			a->before[k] = tolk_utf8_before(t->s, t->len, back, &back);
		}
		a->after[k] = -1;
		if (ahead < t->len) {
			a->after[k] = tolk_utf8_at(t->s, t->len, ahead, &ahead);
		}
	}
	a->decoded = true;
}

int srx_engine_decide(srx_engine *e, srx_text *t, size_t pos)
{
	const rule_list *list;
	if (pos == 0) {
		list = &e->at_start;
	} else {
		unsigned char c = (unsigned char)t->s[pos - 1];
		list = c < 0x80 ? &e->by_ascii[c] : &e->non_ascii;
	}
	around a;
	a.decoded = false;
	for (size_t k = 0; k < list->count; k++) {
		matcher *m = &e->m[list->items[k]];
		if (!may_fit(m, t, pos))
			continue;
		if (!a.decoded)
			decode_around(&a, t, pos);
		if (!tail_fits(m, a.before) || !srx_edges_fit(&m->head, a.after, SRX_TAIL_MAX))
			continue;
		int r = regex_match(e, m, t, pos);
		if (r < 0)
			return SRX_FAILED;
		if (r)
			return m->is_break ? SRX_BREAK : SRX_NO_BREAK;
	}
	return SRX_NO_RULE;
}

/* Could any break rule match at pos? Most positions fail here without a full decision. */
static bool break_may_fit(const srx_engine *e, const srx_text *t, size_t pos)
{
	around a;
	a.decoded = false;
	for (size_t k = 0; k < e->breaks.count; k++) {
		const matcher *m = &e->m[e->breaks.items[k]];
		if (!may_fit(m, t, pos))
			continue;
		if (!a.decoded)
			decode_around(&a, t, pos);
		if (tail_fits(m, a.before) && srx_edges_fit(&m->head, a.after, SRX_TAIL_MAX))
			return true;
	}
	return false;
}

static int add_to(size_t **items, size_t *cap, size_t *n, size_t pos)
{
	int rc = tolk_array_grow((void **)items, cap, *n + 1, sizeof(size_t));
	if (rc == 0)
		(*items)[(*n)++] = pos;
	return rc;
}

static int add_candidate(srx_engine *e, size_t *n, size_t pos)
{
	return add_to(&e->scratch, &e->scratch_cap, n, pos);
}

/* Where an anchored break rule could match: around each occurrence of its anchor character. */
/* Into the list out (or, when bits is given, as bits of a bitmap of len + 1 bits: sorted and unique for free). */
static int anchored_candidates(const matcher *m, const char *text, size_t len, uint64_t *bits, size_t **out,
                               size_t *cap, size_t *n)
{
	for (size_t b = 0; b < m->nanchor_bytes; b++) {
		const char *p = text, *end = text + len;
		while ((p = memchr(p, m->anchor_bytes[b], (size_t)(end - p))) != NULL) {
			size_t pos = (size_t)(p - text);
			p++;
			bool ok = true;
			if (m->anchor_after) {
				for (size_t k = 0; k < m->anchor_pos && ok; k++) {
					ok = pos > 0;
					if (ok) {
						(void)tolk_utf8_before(text, len, pos, &pos);
					}
				}
			} else {
				for (size_t k = 0; k <= m->anchor_pos && ok; k++) {
					ok = pos < len;
					if (ok)
						(void)tolk_utf8_at(text, len, pos, &pos);
				}
			}
			if (ok && pos > 0 && bits) {
				bits[pos >> 6] |= 1ull << (pos & 63);
			} else if (ok && pos > 0) {
				int rc = add_to(out, cap, n, pos);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

int srx_engine_prepare(srx_engine *e, const char *text, size_t len)
{
	e->prepared = NULL;
	size_t words = len / 64 + 1;
	if (words > e->anchor_words) {
		uint64_t *bits = realloc(e->anchor_bits, words * sizeof(uint64_t));
		if (!bits)
			return tolk_error_oom();
		e->anchor_bits = bits;
		e->anchor_words = words;
	}
	memset(e->anchor_bits, 0, words * sizeof(uint64_t));
	for (size_t k = 0; k < e->n; k++)
		if (e->m[k].is_break && e->m[k].nanchor_bytes && !e->m[k].anchor_shared)
			anchored_candidates(&e->m[k], text, len, e->anchor_bits, NULL, NULL, NULL);
	e->prepared = text;
	e->prepared_len = len;
	return 0;
}

/* The prepared anchor positions that fall in t (after its start, up to its end), relative to t. */
static int prepared_candidates(srx_engine *e, const srx_text *t, size_t *n)
{
	size_t from = (size_t)(t->s - e->prepared), to = from + t->len;
	for (size_t w = (from + 1) >> 6; w <= to >> 6; w++) {
		uint64_t bits = e->anchor_bits[w];
		while (bits) {
			size_t pos = (w << 6) + (size_t)__builtin_ctzll(bits);
			bits &= bits - 1;
			if (pos <= from || pos > to)
				continue;
			int rc = add_candidate(e, n, pos - from);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int srx_engine_break_positions(srx_engine *e, srx_text *t, srx_position_cb cb, void *payload)
{
	if (!e->has_break)
		return 0;
	size_t n = 0;
	int rc = 0;
	/* prepared positions come sorted; anything gathered here needs sorting */
	bool sorted = e->prepared && t->s >= e->prepared && t->s + t->len <= e->prepared + e->prepared_len;
	if (sorted) {
		rc = prepared_candidates(e, t, &n);
	} else {
		for (size_t k = 0; k < e->n && rc == 0; k++)
			if (e->m[k].is_break && e->m[k].nanchor_bytes && !e->m[k].anchor_shared)
				rc = anchored_candidates(&e->m[k], t->s, t->len, NULL, &e->scratch, &e->scratch_cap, &n);
	}
	/* rules without an anchor: every position after a character they can end with */
	size_t i = 0;
	while (rc == 0 && e->break_unanchored && i < t->len) {
		unsigned char c = (unsigned char)t->s[i];
		size_t step = 1;
		bool candidate;
		if (c < 0x80) {
			candidate = e->break_anywhere || ((e->break_end.ascii[c >> 6] >> (c & 63)) & 1);
		} else {
			int32_t cp = tolk_utf8_at(t->s, t->len, i, &step);
			step -= i;
			candidate = e->break_anywhere || e->break_end.any_other || cp < 0;
		}
		i += step;
		if (candidate) {
			rc = add_candidate(e, &n, i);
			sorted = false;
		}
	}
	if (rc)
		return rc;
	if (n > 1 && !sorted)
		qsort(e->scratch, n, sizeof(size_t), cmp_size);
	for (size_t k = 0; k < n; k++) {
		size_t pos = e->scratch[k];
		if (k > 0 && pos == e->scratch[k - 1])
			continue;
		if (!break_may_fit(e, t, pos))
			continue;
		int d = srx_engine_decide(e, t, pos);
		if (d == SRX_FAILED)
			return TOLK_EINVALID;
		if (d == SRX_BREAK && (rc = cb(pos, payload)) != 0)
			return rc;
	}
	return 0;
}
