/*
 * Tokenizer for the spell checker: words with the layout of PDF-extracted text
 * undone. A word broken by a line-end hyphen becomes one token with both forms
 * (joined and hyphenated) so the checker can decide on the dictionary's
 * evidence; elliptical hyphens (-operaties, defensie- en) and the punctuation
 * around a word (quotes, parentheses, a following period) become flags.
 */
#include "spell_check.h"

#include <ctype.h>
#include <string.h>

#include <unicode/uchar.h>

/* A block ends at a blank line, or at a line end once it holds this many tokens. */
enum { BLOCK_TOKENS = 4096 };

/* The code point that ends just before byte p (p > 0). */
static int32_t cp_before(const char *s, size_t len, size_t p)
{
	size_t start;
	return tolk_utf8_before(s, len, p, &start);
}

static inline bool is_space(int32_t c)
{
	if (c < 0x80)
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
	return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
	       c == 0xFEFF;
}

static inline bool is_word(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	if (c == 0xAD || c == 0x2011)
		return false;
	int8_t t = u_charType(c);
	return u_isalnum(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

static inline bool is_letter(int32_t c)
{
	return c < 0x80 ? ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) : (bool)u_isalpha(c);
}

static inline bool is_hyphen(int32_t c)
{
	return c == '-' || c == 0x2011 || c == 0xAD;
}

static bool opens_quote(int32_t c)
{
	return c == 0xAB || c == 0x201C || c == 0x201E || c == 0x2018 || c == 0x201A;
}

static bool closes_quote(int32_t c)
{
	return c == 0xBB || c == 0x201D || c == 0x2019;
}

/* Top-level domains common in Dutch and English text: "nu.nl", "weather.com" name sites. */
static bool is_common_tld(const char *s, size_t n)
{
	static const char *const tlds[] = {"com", "org", "net", "nl", "be", "eu", "uk", "de", "fr", "gov", "edu",
	                                   "int", "info", "io", "us", "ca", "au", "nu", "tv", "ch", "at", "es",
	                                   "it", "se", "dk", "no", "fi", "pl", "mil", "biz", "news", "online"};
	for (size_t i = 0; i < sizeof(tlds) / sizeof(tlds[0]); i++)
		if (strlen(tlds[i]) == n && memcmp(tlds[i], s, n) == 0)
			return true;
	return false;
}

/*
 * The end of a bare domain name at p ("weather.com", "bbc.co.uk", without the
 * punctuation after it), or 0: labels of letters, digits and hyphens joined by
 * single periods, the last a common top-level domain in lowercase. A missing
 * space after a period ("laat.Verslag") does not qualify.
 */
static size_t domain_end(const char *text, size_t p, size_t e)
{
	while (e > p && strchr(".,;:!?)]\"'", text[e - 1]))
		e--;
	size_t labels = 0, start = p, last = p;
	for (size_t i = p; i <= e; i++) {
		if (i < e && (isalnum((unsigned char)text[i]) || text[i] == '-'))
			continue;
		if (i == start || (i < e && text[i] != '.'))
			return 0;
		labels++;
		last = start;
		start = i + 1;
	}
	return labels >= 2 && is_common_tld(text + last, e - last) ? e : 0;
}

/* URLs, e-mail addresses and domain names are not words: skip them whole. */
static size_t address_end(const char *text, size_t len, size_t p)
{
	size_t e = p;
	bool address = len - p >= 4 && memcmp(text + p, "www.", 4) == 0;
	while (e < len && (unsigned char)text[e] > ' ') {
		if (text[e] == '@' || (text[e] == ':' && e + 2 < len && text[e + 1] == '/' && text[e + 2] == '/'))
			address = true;
		e++;
	}
	return address ? e : domain_end(text, p, e);
}

static int push_token(tolk_spell_checker *chk, spell_token **out)
{
	if (tolk_array_grow((void **)&chk->tokens, &chk->tokcap, chk->ntok + 1, sizeof(spell_token)) < 0)
		return TOLK_ENOMEM;
	spell_token *t = &chk->tokens[chk->ntok++];
	memset(t, 0, sizeof(*t));
	t->quote = -1;
	t->en = -1;
	*out = t;
	return 0;
}

/*
 * Scan one word starting at p (a word character, or a hyphen before one).
 * Returns the position after it; fills the token's form (and alt when joined).
 */
static size_t scan_word(tolk_spell_checker *chk, spell_token *t, size_t p, int *rc)
{
	const char *text = chk->text;
	size_t len = chk->len, next;
	tolk_buf *b = &chk->scratch;
	bool layout = !(chk->options & (TOLK_SPELL_NO_LAYOUT | TOLK_SPELL_RAW));
	size_t join_at = 0; /* length of the form before the bridged line end */

	int32_t c = tolk_utf8_at(text, len, p, &next);
	if (is_hyphen(c) && !(chk->options & TOLK_SPELL_RAW)) {
		t->flags |= TOK_LEAD_HYPHEN;
		p = next;
	}
	t->start = p;
	t->form = b->len;
	size_t i = p;
	int32_t prev = 0;
	while (i < len) {
		c = tolk_utf8_at(text, len, i, &next);
		if (is_word(c)) {
			if (tolk_buf_put(b, text + i, next - i) < 0)
				goto oom;
			prev = c;
			i = next;
			continue;
		}
		size_t after;
		int32_t d = next < len ? tolk_utf8_at(text, len, next, &after) : 0;
		bool joiner = c == '-' || c == 0x2011 || c == 0xAD || c == '\'' || c == 0x2019 || c == '&' ||
		              (c == '.' && ((is_letter(prev) && is_letter(d)) ||
		                            (u_isdigit(prev) && u_isdigit(d))));
		if (joiner && next < len && is_word(d)) {
			/* The soft hyphen only marks where a word may break: it is not spelt. */
			if (c != 0xAD && tolk_buf_put(b, c == 0x2011 ? "-" : text + i, c == 0x2011 ? 1 : next - i) < 0)
				goto oom;
			prev = c;
			i = next;
			continue;
		}
		if (is_hyphen(c) && !(chk->options & TOLK_SPELL_RAW)) {
			/* A hyphen with no word after it: a line-end break or an elliptical hyphen. */
			size_t q = next;
			int newlines = 0;
			bool page_break = false;
			int32_t e = 0;
			size_t qn = q;
			while (q < len) {
				e = tolk_utf8_at(text, len, q, &qn);
				if (!is_space(e))
					break;
				newlines += e == '\n';
				page_break |= e == '\f';
				q = qn;
			}
			/* a line end, or a page break (a PDF document's text puts a blank line before the form feed) */
			if (layout && (newlines == 1 || (page_break && newlines == 2)) && q < len && is_letter(e) && !join_at) {
				join_at = b->len - t->form;
				t->flags |= TOK_JOINED;
				i = q;
				prev = '-';
				continue;
			}
			t->flags |= TOK_TRAIL_HYPHEN;
			t->end = next;
			if (tolk_buf_putc(b, '\0') < 0)
				goto oom;
			t->form_len = b->len - 1 - t->form;
			return next;
		}
		break;
	}
	t->end = i;
	t->form_len = b->len - t->form;
	if (tolk_buf_putc(b, '\0') < 0)
		goto oom;
	if (join_at) {
		t->alt = b->len;
		const char *f = b->ptr + t->form; /* b may move: copy through offsets */
		size_t flen = t->form_len;
		if (tolk_buf_grow(b, flen + 2) < 0)
			goto oom;
		f = b->ptr + t->form;
		memcpy(b->ptr + b->len, f, join_at);
		b->ptr[b->len + join_at] = '-';
		memcpy(b->ptr + b->len + join_at + 1, f + join_at, flen - join_at);
		b->len += flen + 1;
		b->ptr[b->len] = '\0';
		t->alt_len = flen + 1;
		if (tolk_buf_putc(b, '\0') < 0)
			goto oom;
	}
	if (i < len && text[i] == '.')
		t->flags |= TOK_PERIOD;
	return i;
oom:
	*rc = TOLK_ENOMEM;
	return len;
}

int spell_tokenize_block(tolk_spell_checker *chk, size_t *pos)
{
	const char *text = chk->text;
	size_t len = chk->len, p = *pos, next;
	int rc = 0, quote = -1, quotes = 0, newlines = 0;
	unsigned flags = TOK_SENTENCE_START | TOK_LINE_START | TOK_BREAK_BEFORE;
	bool chunk_start = true;

	chk->ntok = 0;
	tolk_buf_clear(&chk->scratch);
	while (p < len && rc == 0) {
		int32_t c = tolk_utf8_at(text, len, p, &next);
		if (is_space(c)) {
			if (c == '\n') {
				newlines++;
				flags |= TOK_LINE_START;
				if (chk->ntok > 0 && (newlines >= 2 || chk->ntok >= BLOCK_TOKENS)) {
					p = next;
					break;
				}
			}
			chunk_start = true;
			p = next;
			continue;
		}
		newlines = 0;
		size_t skip_to = chunk_start ? address_end(text, len, p) : 0;
		chunk_start = false;
		spell_token *t;
		if (skip_to) {
			if ((rc = push_token(chk, &t)) < 0)
				break;
			t->start = p;
			t->end = skip_to;
			t->form = chk->scratch.len;
			t->flags = flags | TOK_SKIP;
			if (tolk_buf_putc(&chk->scratch, '\0') < 0)
				rc = TOLK_ENOMEM;
			flags = 0;
			p = skip_to;
			continue;
		}
		size_t after;
		int32_t d = next < len ? tolk_utf8_at(text, len, next, &after) : 0;
		bool lead_hyphen = is_hyphen(c) && is_word(d) &&
		                   (p == 0 || is_space(cp_before(text, len, p)) || text[p - 1] == '(');
		if (is_word(c) || lead_hyphen) {
			if ((rc = push_token(chk, &t)) < 0)
				break;
			t->flags = flags;
			t->quote = quote;
			p = scan_word(chk, t, p, &rc);
			/* the '(' stands before a leading hyphen, which may be the text's first character */
			size_t lead = (t->flags & TOK_LEAD_HYPHEN) ? 1 : 0;
			if (t->start > lead && text[t->start - 1 - lead] == '(' && t->end < len && text[t->end] == ')')
				t->flags |= TOK_PARENS;
			flags = 0;
			continue;
		}
		if ((c == '\'' || c == 0x2019 || c == 0x2018) && is_letter(d) &&
		    (p == 0 || is_space(cp_before(text, len, p)) || text[p - 1] == '(')) {
			/* 's-Gravenhage, 't Hooft: the word may be spelt with it; a quote mark otherwise. */
			flags |= TOK_APOSTROPHE;
		}
		if (c == '.' || c == '!' || c == '?' || c == ':')
			flags |= TOK_BREAK_BEFORE | TOK_SENTENCE_START;
		else if (c == '&')
			flags |= TOK_AMP_BEFORE;
		else if (opens_quote(c) || closes_quote(c) || c == '"') {
			/*
			 * Which way a quote mark faces is read from where it stands: glued
			 * to the end of a word it closes, before a word it opens. Texts use
			 * ‘…‘ and "…" as well as «…» and „…”.
			 */
			bool after_word = p > 0 && !is_space(cp_before(text, len, p)) && text[p - 1] != '(';
			bool before_word = next < len && is_word(d);
			bool closing = after_word && !before_word ? true
			               : before_word && !after_word ? false
			               : closes_quote(c) || (c == '"' && quote >= 0);
			quote = closing ? -1 : quotes++;
			flags |= TOK_BREAK_BEFORE;
		} else
			flags |= TOK_BREAK_BEFORE;
		p = next;
	}
	*pos = p;
	return rc;
}
