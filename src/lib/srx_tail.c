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
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "srx.h"
#include "util.h"

enum { ITEM_SET, ITEM_ZERO, ITEM_GROUP, ITEM_UNKNOWN, ITEM_WORD_BOUNDARY };

typedef struct re_seq re_seq;

typedef struct re_item {
	int kind;
	srx_charset set;     /* ITEM_SET; its USet is owned by the parse */
	re_seq *alts;        /* ITEM_GROUP */
	size_t nalts;
	int min, max;        /* max -1: unbounded */
} re_item;

struct re_seq {
	re_item *items;
	size_t n, cap;
};

typedef struct parse {
	const char *p, *end;
	bool icase;
	bool failed;         /* gave up: everything is unknown */
	USet **sets;         /* every USet made, freed at the end */
	size_t nsets, sets_cap;
} parse;

void srx_charset_free(srx_charset *cs)
{
	if (cs->other)
		uset_close(cs->other);
	cs->other = NULL;
}

static USet *keep(parse *ps, USet *set)
{
	if (!set)
		return NULL;
	if (tolk_array_grow((void **)&ps->sets, &ps->sets_cap, ps->nsets + 1, sizeof(USet *)) != 0) {
		uset_close(set);
		ps->failed = true;
		return NULL;
	}
	ps->sets[ps->nsets++] = set;
	return set;
}

static srx_charset any_set(void)
{
	srx_charset cs;
	memset(&cs, 0, sizeof(cs));
	cs.any = true;
	return cs;
}

static bool has_non_ascii(const USet *set)
{
	int32_t items = uset_getItemCount(set);
	for (int32_t i = 0; i < items; i++) {
		UChar32 start, end;
		UErrorCode status = U_ZERO_ERROR;
		if (uset_getItem(set, i, &start, &end, NULL, 0, &status) == 0 && end >= 0x80)
			return true;
	}
	return false;
}

/* Charset from an ICU set: ASCII into the bitmap, the rest kept as the set. */
static srx_charset from_uset(parse *ps, USet *set)
{
	srx_charset cs;
	memset(&cs, 0, sizeof(cs));
	if (!set)
		return any_set();
	if (ps->icase)
		uset_closeOver(set, USET_CASE_INSENSITIVE);
	for (int32_t c = 0; c < 0x80; c++)
		if (uset_contains(set, c))
			cs.ascii[c >> 6] |= 1ull << (c & 63);
	/* Case-insensitive matching folds more than the set's closure shows (ß, ſ): any non-ASCII. */
	if (ps->icase)
		cs.any_other = true;
	else if (has_non_ascii(set))
		cs.other = set;
	return cs;
}

static srx_charset set_from_pattern(parse *ps, const char *pattern, size_t len)
{
	UChar buf[512];
	int32_t n = 0;
	UErrorCode status = U_ZERO_ERROR;
	u_strFromUTF8(buf, 512, &n, pattern, (int32_t)len, &status);
	if (U_FAILURE(status) || n >= 512)
		return any_set();
	USet *set = uset_openPattern(buf, n, &status);
	if (U_FAILURE(status)) {
		uset_close(set);
		return any_set();
	}
	return from_uset(ps, keep(ps, set));
}

static srx_charset set_of_char(parse *ps, int32_t cp)
{
	USet *set = keep(ps, uset_open(cp, cp));
	return from_uset(ps, set);
}

static srx_charset union_of(parse *ps, const srx_charset *a, const srx_charset *b)
{
	srx_charset cs = *a;
	cs.ascii[0] |= b->ascii[0];
	cs.ascii[1] |= b->ascii[1];
	cs.any |= b->any;
	cs.any_other |= b->any_other;
	if (!cs.any_other && b->other) {
		if (!cs.other) {
			cs.other = b->other;
		} else {
			USet *u = keep(ps, uset_cloneAsThawed(a->other));
			if (u)
				uset_addAll(u, b->other);
			cs.other = u;
			cs.any_other |= !u;
		}
	}
	return cs;
}

/* ICU regex shorthand classes, spelled for UnicodeSet patterns (inside [...]). */
static const char *shorthand(char c)
{
	switch (c) {
	case 'd': return "\\p{Nd}";
	case 's': return "\\t\\n\\f\\r\\p{Z}";
	case 'w': return "\\p{Alphabetic}\\p{Mark}\\p{Nd}\\p{Pc}\\u200c\\u200d";
	case 'h': return "\\t\\p{Zs}";
	case 'v': return "\\n\\u000b\\f\\r\\u0085\\u2028\\u2029";
	}
	return NULL;
}

static int add_item(parse *ps, re_seq *seq, int kind, srx_charset set)
{
	if (tolk_array_grow((void **)&seq->items, &seq->cap, seq->n + 1, sizeof(re_item)) != 0) {
		ps->failed = true;
		return -1;
	}
	re_item *it = &seq->items[seq->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->set = set;
	it->min = it->max = 1;
	return 0;
}

/* A bracketed class: its extent, with regex-only syntax rewritten for UnicodeSet. */
static void parse_class(parse *ps, re_seq *seq)
{
	tolk_buf b = TOLK_BUF_INIT;
	int depth = 0;
	bool ok = true;
	const char *p = ps->p;
	while (p < ps->end) {
		char c = *p;
		if (c == '\\' && p + 1 < ps->end) {
			const char *sh = shorthand(p[1]);
			if (sh)
				tolk_buf_puts(&b, sh);
			else if (strchr("DSWHV", p[1]))
				ok = false;
			else
				tolk_buf_put(&b, p, 2);
			p += 2;
			continue;
		}
		if (c == '[') {
			depth++;
			tolk_buf_putc(&b, c);
			p++;
			if (p < ps->end && *p == '^')
				tolk_buf_putc(&b, *p++);
			if (p < ps->end && *p == ']') /* a literal ']' first */
				tolk_buf_puts(&b, "\\]"), p++;
			continue;
		}
		if (c == ']') {
			tolk_buf_putc(&b, c);
			p++;
			if (--depth == 0)
				break;
			continue;
		}
		if ((c == '&' || c == '-') && p + 1 < ps->end && p[1] == c) {
			tolk_buf_putc(&b, c); /* && and -- are & and - in UnicodeSet */
			p += 2;
			continue;
		}
		tolk_buf_putc(&b, c);
		p++;
	}
	ps->p = p;
	if (depth != 0)
		ok = false;
	add_item(ps, seq, ITEM_SET, ok && b.ptr ? set_from_pattern(ps, b.ptr, b.len) : any_set());
	tolk_buf_free(&b);
}

static void parse_escape(parse *ps, re_seq *seq)
{
	char c = ps->p < ps->end ? *ps->p++ : '\\';
	const char *sh = shorthand(c);
	if (sh) {
		char buf[96];
		snprintf(buf, sizeof(buf), "[%s]", sh);
		add_item(ps, seq, ITEM_SET, set_from_pattern(ps, buf, strlen(buf)));
		return;
	}
	if (c >= 'D' && c <= 'W' && strchr("DSWHV", c)) {
		char buf[96];
		snprintf(buf, sizeof(buf), "[^%s]", shorthand((char)(c + 32)));
		add_item(ps, seq, ITEM_SET, set_from_pattern(ps, buf, strlen(buf)));
		return;
	}
	if (strchr("bBAzZG", c)) {
		add_item(ps, seq, c == 'b' ? ITEM_WORD_BOUNDARY : ITEM_ZERO, any_set());
		return;
	}
	if (c == 'p' || c == 'P') {
		const char *s = ps->p;
		if (s < ps->end && *s == '{') {
			const char *e = memchr(s, '}', (size_t)(ps->end - s));
			if (!e) {
				ps->failed = true;
				return;
			}
			ps->p = e + 1;
		} else {
			ps->p = s + (s < ps->end);
		}
		char buf[128];
		int n = snprintf(buf, sizeof(buf), "[\\%c%s%.*s%s]", c, *s == '{' ? "" : "{", (int)(ps->p - s), s,
		                 *s == '{' ? "" : "}");
		add_item(ps, seq, ITEM_SET, n > 0 && n < (int)sizeof(buf) ? set_from_pattern(ps, buf, (size_t)n) : any_set());
		return;
	}
	if (c == 'Q') {
		const char *e = ps->p;
		while (e + 1 < ps->end && !(e[0] == '\\' && e[1] == 'E'))
			e++;
		const char *stop = e + 1 < ps->end ? e : ps->end;
		while (ps->p < stop) {
			int32_t i = 0, cp;
			U8_NEXT(ps->p, i, (int32_t)(stop - ps->p), cp);
			ps->p += i;
			add_item(ps, seq, ITEM_SET, cp < 0 ? any_set() : set_of_char(ps, cp));
		}
		ps->p = stop < ps->end ? stop + 2 : ps->end;
		return;
	}
	int32_t cp = -1;
	switch (c) {
	case 't': cp = '\t'; break;
	case 'n': cp = '\n'; break;
	case 'r': cp = '\r'; break;
	case 'f': cp = '\f'; break;
	case 'a': cp = 7; break;
	case 'e': cp = 27; break;
	case 'u':
	case 'x': {
		const char *s = ps->p;
		bool braces = s < ps->end && *s == '{';
		s += braces;
		size_t max = braces ? 8 : c == 'u' ? 4 : 2;
		cp = 0;
		size_t n = 0;
		while (s + n < ps->end && n < max && strchr("0123456789abcdefABCDEF", s[n]) && s[n]) {
			char h = s[n];
			cp = cp * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
			n++;
		}
		ps->p = s + n + (braces && s + n < ps->end);
		if (n == 0)
			cp = -1;
		break;
	}
	default:
		if ((c >= '0' && c <= '9') || c == 'k' || c == 'N' || c == 'X' || c == 'R' || c == 'c') {
			add_item(ps, seq, ITEM_UNKNOWN, any_set()); /* back-references and friends */
			if (c == 'k' || c == 'N') {
				const char *e = memchr(ps->p, c == 'k' ? '>' : '}', (size_t)(ps->end - ps->p));
				ps->p = e ? e + 1 : ps->end;
			} else if (c == 'c' && ps->p < ps->end) {
				ps->p++;
			}
			return;
		}
		cp = (unsigned char)c < 0x80 ? c : -1;
	}
	add_item(ps, seq, ITEM_SET, cp < 0 ? any_set() : set_of_char(ps, cp));
}

static re_seq *parse_alts(parse *ps, size_t *nalts);

/* "(?flags)" or "(?flags:": returns true for a flag group; *scoped for the second form. */
static bool parse_flags(parse *ps, bool *scoped)
{
	const char *s = ps->p;
	bool on = true, icase = ps->icase;
	while (s < ps->end && strchr("idmsuxwU-", *s) && *s) {
		if (*s == '-')
			on = false;
		else if (*s == 'i')
			icase = on;
		else if (*s == 'x' && on)
			ps->failed = true; /* comments mode: whitespace and '#' change meaning */
		s++;
	}
	if (s >= ps->end || (*s != ')' && *s != ':'))
		return false;
	*scoped = *s == ':';
	ps->p = s + 1;
	ps->icase = icase;
	return true;
}

static void parse_group(parse *ps, re_seq *seq)
{
	int kind = ITEM_GROUP;
	bool saved_icase = ps->icase;
	if (ps->p < ps->end && *ps->p == '?') {
		ps->p++;
		const char *s = ps->p;
		bool scoped = false;
		if (s < ps->end && (*s == ':' || *s == '>' || *s == '|')) {
			ps->p++;
		} else if (s < ps->end && (*s == '=' || *s == '!')) {
			ps->p++;
			kind = ITEM_ZERO;
		} else if (s + 1 < ps->end && *s == '<' && (s[1] == '=' || s[1] == '!')) {
			ps->p += 2;
			kind = ITEM_ZERO;
		} else if (s < ps->end && *s == '<') {
			const char *e = memchr(s, '>', (size_t)(ps->end - s));
			ps->p = e ? e + 1 : ps->end;
		} else if (s < ps->end && *s == '#') {
			const char *e = memchr(s, ')', (size_t)(ps->end - s));
			ps->p = e ? e + 1 : ps->end;
			return;
		} else if (parse_flags(ps, &scoped)) {
			if (!scoped)
				return; /* "(?i)": applies to the rest of the enclosing group */
		} else {
			ps->failed = true;
			return;
		}
	}
	size_t nalts = 0;
	re_seq *alts = parse_alts(ps, &nalts);
	if (ps->p < ps->end && *ps->p == ')')
		ps->p++;
	else
		ps->failed = true;
	ps->icase = saved_icase;
	if (add_item(ps, seq, kind, any_set()) != 0)
		return;
	seq->items[seq->n - 1].alts = alts;
	seq->items[seq->n - 1].nalts = nalts;
}

static void parse_quantifier(parse *ps, re_seq *seq)
{
	if (ps->p >= ps->end || seq->n == 0)
		return;
	re_item *it = &seq->items[seq->n - 1];
	char c = *ps->p;
	if (c == '?' || c == '*' || c == '+') {
		it->min = c == '+';
		it->max = c == '?' ? 1 : -1;
		ps->p++;
	} else if (c == '{') {
		const char *s = ps->p + 1;
		char *e;
		long lo = strtol(s, &e, 10), hi = lo;
		if (e == s)
			return; /* a literal '{' */
		if (*e == ',') {
			s = e + 1;
			hi = strtol(s, &e, 10);
			if (e == s)
				hi = -1;
		}
		if (*e != '}')
			return;
		it->min = (int)(lo > 1000 ? 1000 : lo);
		it->max = hi < 0 ? -1 : (int)(hi > 1000 ? 1000 : hi);
		ps->p = e + 1;
	} else {
		return;
	}
	if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
		ps->p++; /* lazy or possessive: same characters */
}

static void parse_seq(parse *ps, re_seq *seq)
{
	while (ps->p < ps->end && !ps->failed) {
		char c = *ps->p;
		if (c == '|' || c == ')')
			return;
		ps->p++;
		if (c == '(') {
			parse_group(ps, seq);
		} else if (c == '[') {
			ps->p--;
			parse_class(ps, seq);
		} else if (c == '\\') {
			parse_escape(ps, seq);
		} else if (c == '.') {
			add_item(ps, seq, ITEM_SET, any_set());
		} else if (c == '^' || c == '$') {
			add_item(ps, seq, ITEM_ZERO, any_set());
		} else {
			ps->p--;
			int32_t i = 0, cp;
			U8_NEXT(ps->p, i, (int32_t)(ps->end - ps->p), cp);
			ps->p += i;
			add_item(ps, seq, ITEM_SET, cp < 0 ? any_set() : set_of_char(ps, cp));
		}
		parse_quantifier(ps, seq);
	}
}

static re_seq *parse_alts(parse *ps, size_t *nalts)
{
	re_seq *alts = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (tolk_array_grow((void **)&alts, &cap, n + 1, sizeof(re_seq)) != 0) {
			ps->failed = true;
			break;
		}
		memset(&alts[n], 0, sizeof(re_seq));
		parse_seq(ps, &alts[n++]);
		if (ps->failed || ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
	*nalts = n;
	return alts;
}

static void free_alts(re_seq *alts, size_t n)
{
	for (size_t a = 0; a < n; a++) {
		for (size_t i = 0; i < alts[a].n; i++)
			free_alts(alts[a].items[i].alts, alts[a].items[i].nalts);
		free(alts[a].items);
	}
	free(alts);
}

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
			m.pos[j] = union_of(ps, &m.pos[j], &e->pos[j]);
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
			next.pos[j] = lo == 0 ? union_of(ps, &unit[j], &prev->pos[j]) : unit[j];
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
			acc = have ? union_of(ps, &acc, p) : *p;
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

static void parse_end(parse *ps, re_seq *alts, size_t nalts)
{
	free_alts(alts, nalts);
	for (size_t i = 0; i < ps->nsets; i++)
		uset_close(ps->sets[i]);
	free(ps->sets);
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
	memset(&ps, 0, sizeof(ps));
	ps.p = pattern;
	ps.end = pattern + strlen(pattern);
	size_t nalts = 0;
	re_seq *alts = parse_alts(&ps, &nalts);
	edge_set set = {NULL, 0, 0};
	if (!ps.failed && ps.p == ps.end && nalts > 0)
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
	parse_end(&ps, alts, nalts);
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
