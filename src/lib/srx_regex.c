/*
 * The regular-expression reader behind srx_tail.c: ICU/Java syntax into a
 * tree of character sets, groups and zero-width items. Classes and
 * properties become ICU sets; back-references, \\X, comments mode and the
 * like are "unknown" and make the analysis give up on that part.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "srx_re.h"
#include "util.h"

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

srx_charset re_any_set(void)
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
		return re_any_set();
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
		return re_any_set();
	USet *set = uset_openPattern(buf, n, &status);
	if (U_FAILURE(status)) {
		uset_close(set);
		return re_any_set();
	}
	return from_uset(ps, keep(ps, set));
}

static srx_charset set_of_char(parse *ps, int32_t cp)
{
	USet *set = keep(ps, uset_open(cp, cp));
	return from_uset(ps, set);
}

srx_charset re_union(parse *ps, const srx_charset *a, const srx_charset *b)
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
	add_item(ps, seq, ITEM_SET, ok && b.ptr ? set_from_pattern(ps, b.ptr, b.len) : re_any_set());
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
		add_item(ps, seq, c == 'b' ? ITEM_WORD_BOUNDARY : ITEM_ZERO, re_any_set());
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
		add_item(ps, seq, ITEM_SET, n > 0 && n < (int)sizeof(buf) ? set_from_pattern(ps, buf, (size_t)n) : re_any_set());
		return;
	}
	if (c == 'Q') {
		const char *e = ps->p;
		while (e + 1 < ps->end && !(e[0] == '\\' && e[1] == 'E'))
			e++;
		const char *stop = e + 1 < ps->end ? e : ps->end;
		while (ps->p < stop) {
			size_t next;
			int32_t cp = tolk_utf8_at(ps->p, (size_t)(stop - ps->p), 0, &next);
			ps->p += next;
			add_item(ps, seq, ITEM_SET, cp < 0 ? re_any_set() : set_of_char(ps, cp));
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
			add_item(ps, seq, ITEM_UNKNOWN, re_any_set()); /* back-references and friends */
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
	add_item(ps, seq, ITEM_SET, cp < 0 ? re_any_set() : set_of_char(ps, cp));
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
	if (add_item(ps, seq, kind, re_any_set()) != 0)
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
			add_item(ps, seq, ITEM_SET, re_any_set());
		} else if (c == '^' || c == '$') {
			add_item(ps, seq, ITEM_ZERO, re_any_set());
		} else {
			ps->p--;
			size_t next;
			int32_t cp = tolk_utf8_at(ps->p, (size_t)(ps->end - ps->p), 0, &next);
			ps->p += next;
			add_item(ps, seq, ITEM_SET, cp < 0 ? re_any_set() : set_of_char(ps, cp));
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

void re_parse_end(parse *ps, re_seq *alts, size_t nalts)
{
	free_alts(alts, nalts);
	for (size_t i = 0; i < ps->nsets; i++)
		uset_close(ps->sets[i]);
	free(ps->sets);
}

re_seq *re_parse(parse *ps, const char *pattern, size_t *nalts)
{
	memset(ps, 0, sizeof(*ps));
	ps->p = pattern;
	ps->end = pattern + strlen(pattern);
	re_seq *alts = parse_alts(ps, nalts);
	if (ps->p != ps->end)
		ps->failed = true;
	return alts;
}
