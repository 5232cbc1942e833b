/*
 * Which characters can end (or begin) a match of an SRX rule's regular
 * expression. Most candidate positions in a text are ordinary sentence ends
 * that no abbreviation rule can match; knowing that "\bbijv\." must end in
 * 'v' '.' lets the engine skip the rule with two bitmap tests instead of
 * running ICU's matcher. The analysis reads the ICU/Java syntax into a small
 * tree and is deliberately conservative: whatever it does not understand
 * (back-references, comments mode, \X) counts as "any character".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "srx_re.h"
#include "util.h"

/* ---- tails and heads --------------------------------------------------------------------- */
/*
 * The characters at the last (or first) positions of every match, built item
 * by item: appending an item x{lo,hi} to a prefix whose last `known` positions
 * are described puts x at the end, so position j of the result is x when
 * j < lo, and otherwise x or the prefix's position j - r for the possible
 * repetition counts r. The alternatives of a group stay apart (an "edge set")
 * so that "\b(?:nr|bijv)\." tells "r." and "v." rather than "[rv]."; past
 * EDGE_ALTS alternatives they are merged position by position. Heads are the
 * same walk from the other end.
 */
enum { EDGE_ALTS = 96 };

typedef struct edge {
	srx_charset pos[SRX_TAIL_MAX];
	size_t known;    /* positions described */
	bool fixed;      /* every match has the same length, len */
	size_t len;
} edge;

typedef struct edge_set {
	edge *e;
	size_t n, cap;
} edge_set;

static void edges_free(edge_set *s)
{
	free(s->e);
	s->e = NULL;
	s->n = s->cap = 0;
}

static void edges_push(parse *ps, edge_set *s, const edge *e)
{
	if (tolk_array_grow((void **)&s->e, &s->cap, s->n + 1, sizeof(edge)) != 0) {
		ps->failed = true;
		return;
	}
	s->e[s->n++] = *e;
}

/* All alternatives as one, position by position. */
static edge edges_merge(parse *ps, const edge_set *s)
{
	edge m;
	memset(&m, 0, sizeof(m));
	for (size_t i = 0; i < s->n; i++) {
		const edge *e = &s->e[i];
		if (i == 0) {
			m = *e;
			continue;
		}
		size_t k = e->known < m.known ? e->known : m.known;
		for (size_t j = 0; j < k; j++)
			m.pos[j] = re_union(ps, &m.pos[j], &e->pos[j]);
		m.known = k;
		m.fixed = m.fixed && e->fixed && e->len == m.len;
	}
	return m;
}

/* Append (or, from the start, prepend) lo..hi copies of a unit of `width` described positions. */
static edge edge_add(parse *ps, const edge *prev, const srx_charset *unit, size_t width, bool unit_fixed, int lo,
                     int hi)
{
	edge next;
	memset(&next, 0, sizeof(next));
	if (!unit_fixed || width == 0) {
		/* only the last copy's own positions are certain */
		size_t k = width;
		if (lo == 0)
			k = k < prev->known ? k : prev->known;
		for (size_t j = 0; j < k; j++)
			next.pos[j] = lo == 0 ? re_union(ps, &unit[j], &prev->pos[j]) : unit[j];
		next.known = k;
		return next;
	}
	size_t known = (size_t)lo * width + prev->known;
	if (known > SRX_TAIL_MAX)
		known = SRX_TAIL_MAX;
	for (size_t j = 0; j < known; j++) {
		bool have = false;
		srx_charset acc;
		memset(&acc, 0, sizeof(acc));
		if (hi < 0 || j < (size_t)hi * width) {
			acc = unit[j % width];
			have = true;
		}
		for (size_t r = (size_t)lo; r * width <= j && (hi < 0 || r <= (size_t)hi); r++) {
			const srx_charset *p = &prev->pos[j - r * width];
			acc = have ? re_union(ps, &acc, p) : *p;
			have = true;
		}
		next.pos[j] = acc;
	}
	next.known = known;
	next.fixed = prev->fixed && lo == hi;
	next.len = prev->len + (size_t)lo * width;
	return next;
}

static void edges_of_alts(parse *ps, const re_seq *alts, size_t nalts, bool from_start, edge_set *out);

/* ICU's \\w: letters, marks, decimal digits, connector punctuation, ZWNJ and ZWJ. */
static bool word_cp(UChar32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
	return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) ||
	       (U_GET_GC_MASK(c) & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) || c == 0x200C || c == 0x200D;
}

/* Is every member of the set a word character (\\w), or none of them? 0 when mixed or unknown. */
static int wordness(const srx_charset *cs)
{
	if (cs->any || cs->any_other)
		return 0;
	bool all_word = true, no_word = true;
	for (int32_t c = 0; c < 0x80; c++)
		if ((cs->ascii[c >> 6] >> (c & 63)) & 1) {
			bool w = word_cp(c);
			all_word &= w;
			no_word &= !w;
		}
	if (cs->other) {
		if (uset_size(cs->other) > 4096)
			return 0;
		int32_t items = uset_getItemCount(cs->other);
		for (int32_t k = 0; k < items && (all_word || no_word); k++) {
			UChar32 start, end;
			UErrorCode status = U_ZERO_ERROR;
			if (uset_getItem(cs->other, k, &start, &end, NULL, 0, &status) != 0)
				return 0;
			for (UChar32 c = start; c <= end; c++) {
				bool w = word_cp(c);
				all_word &= w;
				no_word &= !w;
			}
		}
	}
	return all_word ? 1 : no_word ? -1 : 0;
}

/* ASCII word (or non-word) characters, and any non-ASCII one: sound without a property set. */
static srx_charset word_side(bool word)
{
	srx_charset cs;
	memset(&cs, 0, sizeof(cs));
	for (int32_t c = 0; c < 0x80; c++)
		if (word_cp(c) == word)
			cs.ascii[c >> 6] |= 1ull << (c & 63);
	cs.any_other = true;
	return cs;
}

/*
 * "\\bnr\\." ends in "nr." with no word character before the 'n': for a match
 * of known length, the character before it is a non-word one (or there is
 * none) when the match starts with a word character, and the reverse.
 */
static void word_boundary_before(edge_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		edge *e = &set->e[i];
		if (!e->fixed || e->len != e->known || e->known == 0 || e->known >= SRX_TAIL_MAX)
			continue;
		int w = wordness(&e->pos[e->known - 1]);
		if (w == 0)
			continue;
		srx_charset c = word_side(w < 0);
		c.none_ok = w > 0;
		e->pos[e->known++] = c;
		e->fixed = false;
	}
}

static void edges_of_seq(parse *ps, const re_seq *seq, bool from_start, edge_set *out)
{
	edge empty;
	memset(&empty, 0, sizeof(empty));
	empty.fixed = true;
	edges_push(ps, out, &empty);
	for (size_t n = 0; n < seq->n && !ps->failed; n++) {
		const re_item *it = &seq->items[from_start ? seq->n - 1 - n : n];
		if (it->kind == ITEM_ZERO || it->kind == ITEM_WORD_BOUNDARY || it->max == 0)
			continue;
		if (it->kind == ITEM_UNKNOWN) {
			out->n = 1;
			memset(&out->e[0], 0, sizeof(edge));
			continue;
		}
		if (it->kind == ITEM_SET) {
			for (size_t i = 0; i < out->n; i++)
				out->e[i] = edge_add(ps, &out->e[i], &it->set, 1, true, it->min, it->max);
			continue;
		}
		edge_set g = {NULL, 0, 0};
		edges_of_alts(ps, it->alts, it->nalts, from_start, &g);
		edge_set next = {NULL, 0, 0};
		if (it->min == 1 && it->max == 1 && g.n * out->n <= EDGE_ALTS) {
			/* every prefix alternative followed by every group alternative */
			for (size_t i = 0; i < out->n; i++)
				for (size_t k = 0; k < g.n; k++) {
					const edge *ge = &g.e[k];
					bool fixed = ge->fixed && ge->len == ge->known;
					edge e = edge_add(ps, &out->e[i], ge->pos, fixed ? ge->len : ge->known, fixed, 1, 1);
					edges_push(ps, &next, &e);
				}
		} else {
			/* repeated, or too many: the group's alternatives merged */
			edge gm = edges_merge(ps, &g);
			bool fixed = gm.fixed && gm.len == gm.known;
			for (size_t i = 0; i < out->n; i++) {
				edge e = edge_add(ps, &out->e[i], gm.pos, fixed ? gm.len : gm.known, fixed, it->min, it->max);
				edges_push(ps, &next, &e);
			}
		}
		edges_free(&g);
		edges_free(out);
		*out = next;
	}
	if (!from_start && seq->n > 0 && seq->items[0].kind == ITEM_WORD_BOUNDARY)
		word_boundary_before(out);
}

static void edges_of_alts(parse *ps, const re_seq *alts, size_t nalts, bool from_start, edge_set *out)
{
	for (size_t a = 0; a < nalts && !ps->failed; a++) {
		edge_set s = {NULL, 0, 0};
		edges_of_seq(ps, &alts[a], from_start, &s);
		for (size_t i = 0; i < s.n; i++)
			edges_push(ps, out, &s.e[i]);
		edges_free(&s);
	}
	if (out->n > EDGE_ALTS) {
		edge m = edges_merge(ps, out);
		out->n = 0;
		edges_push(ps, out, &m);
	}
}

/* Copy a charset out of the parse, owning its own ICU set. */
static srx_charset detach(const srx_charset *cs)
{
	srx_charset out = *cs;
	if (cs->other && !cs->any && !cs->any_other) {
		out.other = uset_clone(cs->other);
		if (out.other)
			uset_freeze(out.other);
		else
			out.any_other = true;
	} else {
		out.other = NULL;
	}
	return out;
}

void srx_edges_free(srx_edges *t)
{
	for (size_t i = 0; i < t->count; i++)
		for (size_t j = 0; j < t->alts[i].known; j++)
			srx_charset_free(&t->alts[i].pos[j]);
	free(t->alts);
	t->alts = NULL;
	t->count = 0;
}

static int pattern_edges(srx_edges *out, const char *pattern, bool from_start)
{
	memset(out, 0, sizeof(*out));
	parse ps;
	size_t nalts = 0;
	re_seq *alts = re_parse(&ps, pattern, &nalts);
	edge_set set = {NULL, 0, 0};
	if (!ps.failed && nalts > 0)
		edges_of_alts(&ps, alts, nalts, from_start, &set);
	int rc = 0;
	/* An alternative with nothing known matches anywhere: then so does the pattern. */
	bool anywhere = ps.failed || set.n == 0;
	for (size_t i = 0; i < set.n; i++)
		anywhere |= set.e[i].known == 0;
	if (!anywhere) {
		out->alts = tolk_calloc(set.n, sizeof(srx_edge));
		if (!out->alts) {
			rc = TOLK_ENOMEM;
		} else {
			for (size_t i = 0; i < set.n; i++) {
				out->alts[i].known = set.e[i].known;
				for (size_t j = 0; j < set.e[i].known; j++)
					out->alts[i].pos[j] = detach(&set.e[i].pos[j]);
			}
			out->count = set.n;
		}
	}
	edges_free(&set);
	re_parse_end(&ps, alts, nalts);
	return rc;
}

int srx_pattern_tail(srx_edges *tail, const char *pattern)
{
	return pattern_edges(tail, pattern, false);
}

int srx_pattern_head(srx_edges *head, const char *pattern)
{
	return pattern_edges(head, pattern, true);
}

bool srx_edges_fit(const srx_edges *t, const int32_t *chars, size_t nchars)
{
	if (t->count == 0)
		return true;
	for (size_t i = 0; i < t->count; i++) {
		const srx_edge *e = &t->alts[i];
		size_t j = 0;
		while (j < e->known && j < nchars &&
		       (chars[j] >= 0 ? srx_charset_has(&e->pos[j], chars[j]) : e->pos[j].none_ok))
			j++;
		if (j == e->known)
			return true;
	}
	return false;
}
