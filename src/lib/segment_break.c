/*
 * Sentence breaking of a chunk of repaired text: ICU's sentence iterator
 * proposes boundaries, the SRX rules veto them or add their own, and the
 * segments are copied out with their input byte ranges.
 *
 * A boundary is judged where the sentence ends, before the spaces ICU puts
 * at the end of a sentence ("nr.| 347", not "nr. |347"); a no-break rule that
 * matches there, or right after the spaces, withdraws it. Two structural rules
 * hold whatever the SRX file says: a list item's marker ("1." in "1. Eerste")
 * never stands alone, and a piece without any letter or digit ("…", ")")
 * joins the segment before it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "segment_private.h"

typedef struct positions {
	size_t *items;
	size_t count, cap;
} positions;

static int positions_add(positions *p, size_t pos)
{
	int rc = tolk_array_grow((void **)&p->items, &p->cap, p->count + 1, sizeof(size_t));
	if (rc)
		return rc;
	p->items[p->count++] = pos;
	return 0;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Offset in the input of chunk byte `rep`. Segments come in order, so the
 * queries only move forward: *cursor remembers where the last one was.
 */
static size_t map_to_source(const seg_chunk *c, size_t *cursor, size_t rep)
{
	size_t k = *cursor < c->nmap ? *cursor : 0;
	if (c->map[k].rep > rep)
		k = 0;
	while (k + 1 < c->nmap && c->map[k + 1].rep <= rep)
		k++;
	*cursor = k;
	return c->map[k].src + (rep - c->map[k].rep);
}

static size_t skip_space_back(const char *s, size_t from, size_t pos)
{
	while (pos > from) {
		size_t prev;
		if (!seg_is_space_cp(seg_cp_before(s, pos, &prev)))
			break;
		pos = prev;
	}
	return pos;
}

static size_t skip_space_forward(const char *s, size_t pos, size_t to)
{
	size_t n;
	while (pos < to && (n = seg_space_len(s, to, pos)) > 0)
		pos += n;
	return pos;
}

static bool has_alnum(const char *s, size_t from, size_t to)
{
	size_t i = from, n;
	while (i < to) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
				return true;
			i++;
			continue;
		}
		if (u_isalnum(seg_cp_at(s, to, i, &n)))
			return true;
		i += n;
	}
	return false;
}

/* ---- enumerations inside running text ---------------------------------------------------- */
/*
 * "Choose: 1.) the draft 2.) the final text", "a. ... b. ... c. ...", "You need • a pen • a
 * notebook": each item is a segment. SRX cannot say this: whether "2." is an item depends on
 * whether a "1." of the same form came before, which needs counting, not a pattern. The first
 * item stays with a lead-in that ends in a colon, where ICU leaves it ("Twee punten: 1. De
 * begroting ..."): no item shares a segment with another, no marker stands alone. A numbered
 * or lettered item is one of a run 1, 2, 3... (or a, b, c...) of markers of one form, at least
 * two long; a run of "1." or "a." (forms that also end sentences and abbreviations: "he scored 1.")
 * must open at the start of the text, after a colon or after a sentence's end, while "1)" and
 * "1.)" may open anywhere. A bullet (• ⁃ ▪ ● ◦ ■) starts an item wherever it stands between
 * spaces; a dash (- –) only in a list a dash opened right after a colon ("bring: - a pen - ink").
 */
enum { ENUM_DOT_PAREN, ENUM_PAREN, ENUM_DOT, ENUM_LETTER_DOT, ENUM_LETTER_PAREN, ENUM_FORMS };

typedef struct enum_run {
	size_t count;          /* markers in the run so far */
	unsigned next;         /* the value the next member must have */
	size_t first;          /* index in the marker list of the run's first member */
} enum_run;

typedef struct enum_marker {
	size_t start, end;     /* the marker's bytes ("2.)") */
	unsigned value;
	int form;
	bool after_bullet;     /* "• 1. print": the bullet already starts the item */
	bool member;
} enum_marker;

static bool is_bullet_cp(int32_t cp)
{
	return cp == 0x2022 || cp == 0x2043 || cp == 0x25AA || cp == 0x25CF || cp == 0x25E6 || cp == 0x25A0;
}

/* The last character before `at` that is not white space (-1 at the start). */
static int32_t cp_before_space(const char *s, size_t at)
{
	size_t q = skip_space_back(s, 0, at), p;
	return q == 0 ? -1 : seg_cp_before(s, q, &p);
}

/* A numbered or lettered marker at s[i] (after a space or at the start): its form, value and end. */
static bool enum_marker_at(const char *s, size_t len, size_t i, enum_marker *m)
{
	size_t k = i;
	unsigned v = 0;
	while (k < len && k - i < 2 && s[k] >= '0' && s[k] <= '9')
		v = v * 10 + (unsigned)(s[k++] - '0');
	bool letter = false;
	if (k == i) {
		if (!(s[k] >= 'a' && s[k] <= 'z'))
			return false;
		v = (unsigned)(s[k++] - 'a') + 1;
		letter = true;
	}
	if (k >= len)
		return false;
	int form;
	if (s[k] == '.' && k + 1 < len && s[k + 1] == ')' && !letter) {
		form = ENUM_DOT_PAREN;
		k += 2;
	} else if (s[k] == ')') {
		form = letter ? ENUM_LETTER_PAREN : ENUM_PAREN;
		k++;
	} else if (s[k] == '.') {
		form = letter ? ENUM_LETTER_DOT : ENUM_DOT;
		k++;
	} else {
		return false;
	}
	if (k >= len || s[k] != ' ' || v == 0)
		return false;
	m->start = i;
	m->end = k;
	m->value = v;
	m->form = form;
	return true;
}

bool seg_has_inline_list(const char *s, size_t from, size_t to)
{
	bool one[ENUM_FORMS] = {false}, dash_list = false;
	unsigned bullets = 0;
	for (size_t i = from; i < to; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i > from && s[i - 1] != ' ')
			continue;
		size_t n = 0;
		int32_t cp = c == 0xE2 || c == '-' ? seg_cp_at(s, to, i, &n) : 0;
		if (cp && i + n < to && s[i + n] == ' ') {
			if (is_bullet_cp(cp) && ++bullets == 2)
				return true;
			if (cp == '-' || cp == 0x2013) {
				if (dash_list)
					return true;
				dash_list = i > from && cp_before_space(s + from, i - from) == ':';
			}
			continue;
		}
		enum_marker m;
		if (!enum_marker_at(s + from, to - from, i - from, &m))
			continue;
		if (m.value == 1)
			one[m.form] = true;
		else if (m.value == 2 && one[m.form])
			return true;
	}
	return false;
}

typedef struct enum_scan {
	enum_marker *markers;
	size_t count, cap;
	positions ends;        /* where a member's marker ends: never a boundary */
} enum_scan;

/* Add the cuts before the items of every run and bullet list in s[0, len) to cut. */
static int enum_cuts(enum_scan *e, const char *s, size_t len, positions *cut)
{
	e->count = 0;
	e->ends.count = 0;
	bool dash_list = false;
	int32_t dash = 0;
	/* the next '.', ')', '-' and 0xE2 (lead byte of • ⁃ –), each found with memchr: most text has few */
	static const unsigned char wanted[4] = {'.', ')', '-', 0xE2};
	size_t next[4];
	for (int w = 0; w < 4; w++) {
		const char *hit = memchr(s, wanted[w], len);
		next[w] = hit ? (size_t)(hit - s) : len;
	}
	size_t p = 0;
	for (;;) {
		int w = 0;
		for (int k = 1; k < 4; k++)
			if (next[k] < next[w])
				w = k;
		if (next[w] >= len)
			break;
		p = next[w];
		const char *hit = memchr(s + p + 1, wanted[w], len - p - 1);
		next[w] = hit ? (size_t)(hit - s) : len;
		unsigned char c = (unsigned char)s[p];
		size_t i = p++;
		if (c == 0xE2 || c == '-') {
			if (i > 0 && s[i - 1] != ' ')
				continue;
			size_t n;
			int32_t cp = seg_cp_at(s, len, i, &n);
			if (i + n >= len || s[i + n] != ' ')
				continue;
			bool bullet = is_bullet_cp(cp);
			if (!bullet && (cp == '-' || cp == 0x2013)) {
				if (!dash_list && cp_before_space(s, i) == ':') {
					dash_list = true;
					dash = cp;
				}
				bullet = dash_list && cp == dash;
			}
			if (bullet && i > 0 && cp_before_space(s, i) != ':') {
				int rc = positions_add(cut, skip_space_back(s, 0, i));
				if (rc)
					return rc;
			}
			continue;
		}
		if (c != '.' && c != ')')
			continue;
		/* back from the punctuation to the marker's start: one lowercase letter or one or two digits */
		if (i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z')
			i--;
		else
			while (i > 0 && p - 1 - i < 2 && s[i - 1] >= '0' && s[i - 1] <= '9')
				i--;
		enum_marker m;
		if (i == p - 1 || (i > 0 && s[i - 1] != ' ') || !enum_marker_at(s, len, i, &m))
			continue;
		int32_t before = cp_before_space(s, i);
		m.after_bullet = is_bullet_cp(before) || (dash_list && before == dash);
		m.member = false;
		int rc = tolk_array_grow((void **)&e->markers, &e->cap, e->count + 1, sizeof(enum_marker));
		if (rc)
			return rc;
		e->markers[e->count++] = m;
		for (int k = 0; k < 4; k++)
			if (next[k] < m.end) {
				hit = memchr(s + m.end, wanted[k], len - m.end);
				next[k] = hit ? (size_t)(hit - s) : len;
			}
	}
	enum_run runs[ENUM_FORMS];
	memset(runs, 0, sizeof(runs));
	for (size_t k = 0; k < e->count; k++) {
		enum_marker *m = &e->markers[k];
		enum_run *r = &runs[m->form];
		if (r->count > 0 && m->value == r->next) {
			m->member = true;
			r->count++;
			r->next++;
			continue;
		}
		if (m->value != 1)
			continue;
		bool may_open = m->form == ENUM_DOT_PAREN || m->form == ENUM_PAREN || m->form == ENUM_LETTER_PAREN;
		if (!may_open) {
			int32_t b = cp_before_space(s, m->start);
			may_open = b < 0 || b == ':' || m->after_bullet || seg_is_terminator(b) ||
			           (seg_is_closing(b) && seg_ends_sentence(s, 0, skip_space_back(s, 0, m->start)));
		}
		if (!may_open)
			continue;
		if (r->count == 1)
			e->markers[r->first].member = false; /* a lone "1)" before this one was no run */
		r->first = k;
		r->count = 1;
		r->next = 2;
		m->member = true;
	}
	for (int f = 0; f < ENUM_FORMS; f++)
		if (runs[f].count == 1)
			e->markers[runs[f].first].member = false;
	for (size_t k = 0; k < e->count; k++) {
		const enum_marker *m = &e->markers[k];
		if (!m->member)
			continue;
		int rc = positions_add(&e->ends, m->end);
		if (rc == 0 && m->start > 0 && !m->after_bullet && cp_before_space(s, m->start) != ':')
			rc = positions_add(cut, skip_space_back(s, 0, m->start));
		if (rc)
			return rc;
	}
	return 0;
}

typedef struct emitter {
	seg_out *out;
	const seg_chunk *chunk;
	const seg_unit *unit;
	size_t last_start;   /* chunk offset where the unit's last segment began */
	bool have_last;
	size_t map_cursor;
} emitter;

static int emit(emitter *em, size_t from, size_t to)
{
	const char *s = em->chunk->text.ptr;
	from = skip_space_forward(s, from, to);
	to = skip_space_back(s, from, to);
	if (from >= to)
		return 0;
	tolk_segment_list *list = &em->out->list->pub;
	tolk_segment *seg;
	if (em->have_last && !has_alnum(s, from, to)) {
		/* the old text stays in its block, unused: this is rare */
		seg = &list->items[list->count - 1];
		from = em->last_start;
	} else {
		int rc = tolk_array_grow((void **)&list->items, &em->out->cap, list->count + 1, sizeof(tolk_segment));
		if (rc)
			return rc;
		seg = &list->items[list->count++];
		memset(seg, 0, sizeof(*seg));
		seg->start = map_to_source(em->chunk, &em->map_cursor, from);
		seg->paragraph = em->unit->paragraph;
		seg->kind = em->unit->kind;
	}
	seg->text = seg_out_text(em->out, to - from + 1);
	if (!seg->text)
		return TOLK_ENOMEM;
	memcpy(seg->text, s + from, to - from);
	seg->text[to - from] = '\0';
	seg->end = map_to_source(em->chunk, &em->map_cursor, to - 1) + 1;
	em->last_start = from;
	em->have_last = true;
	return 0;
}

static int collect_rule_break(size_t pos, void *payload)
{
	return positions_add(payload, pos);
}

/* Does a no-break rule withdraw ICU's boundary at b (spaces before it end at q)? 1 yes, 0 no, < 0 error. */
static int vetoed(srx_engine *rules, srx_text *t, size_t q, size_t b)
{
	int d = srx_engine_decide(rules, t, q);
	if (d == SRX_NO_RULE && b != q)
		d = srx_engine_decide(rules, t, b);
	return d == SRX_FAILED ? TOLK_EINVALID : d == SRX_NO_BREAK;
}

/* An ICU boundary inside the unit, judged by the no-break rules. */
typedef struct icu_judge {
	tolk_segmenter *seg;
	const seg_unit *unit;
	srx_text *t;
	positions *cut;
} icu_judge;

static int judge_boundary(size_t b, void *payload)
{
	icu_judge *j = payload;
	size_t q = skip_space_back(j->t->s, 0, b);
	if (q == 0 || j->unit->start + q <= j->unit->marker_end)
		return 0;
	int v = vetoed(j->seg->rules, j->t, q, b);
	if (v < 0)
		return v;
	return v ? 0 : positions_add(j->cut, q);
}

/* use_icu: ICU proposes boundaries (the unit has a terminator before its end). */
static int break_unit(emitter *em, tolk_segmenter *seg, const seg_unit *u, bool use_icu, positions *cut,
                      srx_text *t, enum_scan *items)
{
	const char *s = em->chunk->text.ptr;
	cut->count = 0;
	srx_text_set(t, s + u->start, u->end - u->start);
	if (use_icu) {
		icu_judge j = {seg, u, t, cut};
		int rc = seg_icu_boundaries(seg->brk, &seg->icu_text, t->s, t->len, u->first_stop - u->start,
		                            judge_boundary, &j);
		if (rc)
			return rc;
	}
	if (srx_engine_has_break_rules(seg->rules)) {
		size_t before = cut->count;
		int rc = srx_engine_break_positions(seg->rules, t, collect_rule_break, cut);
		if (rc)
			return rc;
		for (size_t k = before; k < cut->count; k++)
			cut->items[k] = skip_space_back(t->s, 0, cut->items[k]);
		if (cut->count > before && before > 0)
			qsort(cut->items, cut->count, sizeof(size_t), cmp_size);
	}
	size_t before = cut->count;
	int rc = enum_cuts(items, t->s, t->len, cut);
	if (rc)
		return rc;
	if (items->ends.count > 0) {
		/* a boundary right after an item's marker ("2. | Check") would leave the marker alone */
		size_t kept = 0;
		for (size_t k = 0; k < cut->count; k++) {
			bool marker_end = false;
			for (size_t j = 0; j < items->ends.count && !marker_end; j++)
				marker_end = items->ends.items[j] == cut->items[k];
			if (!marker_end)
				cut->items[kept++] = cut->items[k];
		}
		if (kept < before)
			before = kept; /* some of the sorted ones went: sort everything */
		cut->count = kept;
	}
	if (cut->count > before && before > 0)
		qsort(cut->items, cut->count, sizeof(size_t), cmp_size);
	em->unit = u;
	em->have_last = false;
	size_t from = 0;
	for (size_t k = 0; k < cut->count; k++) {
		size_t q = cut->items[k];
		if (q <= from || q >= t->len || u->start + q <= u->marker_end)
			continue;
		if (!em->have_last && !has_alnum(s, u->start + from, u->start + q))
			continue; /* ". . . The rest": what opens the unit without a word goes with what follows */
		rc = emit(em, u->start + from, u->start + q);
		if (rc)
			return rc;
		from = q;
	}
	return emit(em, u->start + from, u->end);
}

int seg_break_chunk(seg_out *out, tolk_segmenter *seg, seg_chunk *c)
{
	if (c->nunits == 0)
		return 0;
	if (srx_engine_has_break_rules(seg->rules)) {
		int rc = srx_engine_prepare(seg->rules, c->text.ptr, c->text.len);
		if (rc)
			return rc;
	}
	bool use_icu = srx_engine_uses_icu(seg->rules);
	positions cut = {NULL, 0, 0};
	enum_scan items;
	memset(&items, 0, sizeof(items));
	srx_text t;
	memset(&t, 0, sizeof(t));
	emitter em = {out, c, NULL, 0, false, 0};
	int rc = 0;
	for (size_t k = 0; k < c->nunits && rc == 0; k++) {
		const seg_unit *u = &c->units[k];
		if (u->breakable) {
			rc = break_unit(&em, seg, u, use_icu && u->inner_stop, &cut, &t, &items);
		} else {
			em.unit = u;
			em.have_last = false;
			rc = emit(&em, u->start, u->end);
		}
	}
	srx_text_close(&t);
	free(cut.items);
	free(items.markers);
	free(items.ends.items);
	return rc;
}
