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
                      srx_text *t)
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
	em->unit = u;
	em->have_last = false;
	size_t from = 0;
	for (size_t k = 0; k < cut->count; k++) {
		size_t q = cut->items[k];
		if (q <= from || q >= t->len || u->start + q <= u->marker_end)
			continue;
		int rc = emit(em, u->start + from, u->start + q);
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
	srx_text t;
	memset(&t, 0, sizeof(t));
	emitter em = {out, c, NULL, 0, false, 0};
	int rc = 0;
	for (size_t k = 0; k < c->nunits && rc == 0; k++) {
		const seg_unit *u = &c->units[k];
		if (u->breakable) {
			rc = break_unit(&em, seg, u, use_icu && u->inner_stop, &cut, &t);
		} else {
			em.unit = u;
			em.have_last = false;
			rc = emit(&em, u->start, u->end);
		}
	}
	srx_text_close(&t);
	free(cut.items);
	return rc;
}
