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
	tolk_segment_list *list = em->out->list;
	tolk_segment *seg;
	if (em->have_last && !has_alnum(s, from, to)) {
		seg = &list->items[list->count - 1];
		free(seg->text);
		seg->text = NULL;
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
	seg->text = malloc(to - from + 1);
	if (!seg->text)
		return tolk_error_oom();
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

/*
 * icu_pos: ICU's current boundary, counted from span_start (the start of the
 * run of units ICU iterates over), or NULL when ICU cannot break in the unit.
 */
static int break_unit(emitter *em, tolk_segmenter *seg, const seg_unit *u, int32_t *icu_pos, size_t span_start,
                      positions *cut, srx_text *t)
{
	const char *s = em->chunk->text.ptr;
	cut->count = 0;
	srx_text_set(t, s + u->start, u->end - u->start);
	while (icu_pos && *icu_pos != UBRK_DONE && span_start + (size_t)*icu_pos <= u->start)
		*icu_pos = ubrk_next(seg->brk);
	while (icu_pos && *icu_pos != UBRK_DONE && span_start + (size_t)*icu_pos < u->end) {
		size_t b = span_start + (size_t)*icu_pos - u->start;
		size_t q = skip_space_back(t->s, 0, b);
		*icu_pos = ubrk_next(seg->brk);
		if (q == 0 || u->start + q <= u->marker_end)
			continue;
		int v = vetoed(seg->rules, t, q, b);
		if (v < 0)
			return v;
		if (!v) {
			int rc = positions_add(cut, q);
			if (rc)
				return rc;
		}
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

/* ICU over the units [from, to) of the chunk, which follow each other. */
static int icu_over(tolk_segmenter *seg, const seg_chunk *c, size_t from, size_t to, int32_t *first)
{
	size_t start = c->units[from].start, end = c->units[to - 1].end;
	UErrorCode status = U_ZERO_ERROR;
	seg->chunk_text = utext_openUTF8(seg->chunk_text, c->text.ptr + start, (int64_t)(end - start), &status);
	ubrk_setUText(seg->brk, seg->chunk_text, &status);
	if (U_FAILURE(status))
		return tolk_error_set(TOLK_ERROR, _("ICU sentence iterator: %s"), u_errorName(status));
	*first = ubrk_first(seg->brk);
	return 0;
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
	size_t k = 0;
	while (k < c->nunits && rc == 0) {
		const seg_unit *u = &c->units[k];
		if (!u->breakable) {
			em.unit = u;
			em.have_last = false;
			rc = emit(&em, u->start, u->end);
			k++;
		} else if (!use_icu || !u->inner_stop) {
			rc = break_unit(&em, seg, u, NULL, 0, &cut, &t);
			k++;
		} else {
			/* ICU once over the run of units it may break */
			size_t j = k + 1;
			while (j < c->nunits && c->units[j].breakable && c->units[j].inner_stop)
				j++;
			int32_t icu_pos = UBRK_DONE; /* set by icu_over; initialised for -O3's flow analysis */
			size_t span_start = c->units[k].start;
			rc = icu_over(seg, c, k, j, &icu_pos);
			for (; k < j && rc == 0; k++)
				rc = break_unit(&em, seg, &c->units[k], &icu_pos, span_start, &cut, &t);
		}
	}
	srx_text_close(&t);
	free(cut.items);
	return rc;
}
