/*
 * Recognition of terms in running text. Text and terms are cut into word
 * tokens; a token's keys are the hashes of its normalised form and of the base
 * forms it may inflect from. The index maps a key of a term's first token to
 * the terms starting with it, so recognition costs a few hash probes per word
 * whatever the size of the base. What separates two tokens (space, hyphen,
 * comma) is part of a term: "Secretary-General" and "Secretary General" differ.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "termbase_match.h"

#include "fold.h"

/* ---- normalisation ------------------------------------------------------------------------- */

static bool ascii_word[128];
static pthread_once_t ascii_once = PTHREAD_ONCE_INIT;

static void ascii_fill(void)
{
	for (int c = 0; c < 128; c++)
		ascii_word[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Term bases on several threads may recognise at once: the table is filled once, race-free. */
static void ascii_init(void)
{
	pthread_once(&ascii_once, ascii_fill);
}

static bool cp_is_word(int32_t cp)
{
	if (cp < 128)
		return ascii_word[cp];
	if (cp == 0xAD) /* soft hyphen: inside a word, invisible */
		return true;
	int8_t type = u_charType(cp);
	return u_isalnum(cp) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

static bool cp_is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

static bool cp_is_dash(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012;
}

/* Fold of a non-ASCII word (fold.h); soft hyphens drop out, apostrophes of every style are '. */
static size_t normalize_icu(char *out, size_t cap, const char *s, size_t n)
{
	size_t i = 0, o = 0;
	char f[TOLK_FOLD_CP_MAX];
	while (i < n) {
		int32_t cp = tolk_utf8_next(s, n, &i);
		if (cp < 0)
			return 0;
		if (cp == 0xAD)
			continue;
		size_t k;
		if (cp_is_apostrophe(cp)) {
			f[0] = '\'';
			k = 1;
		} else {
			k = tolk_fold_cp(f, cp, TOLK_FOLD_CASE_ACCENTS);
		}
		if (k > cap - o)
			return 0;
		memcpy(out + o, f, k);
		o += k;
	}
	return o;
}

/* Normalised form of one word token into out (cap bytes); 0 when it does not fit. */
static size_t normalize_word(char *out, size_t cap, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n && i < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			break;
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	if (i == n)
		return n;
	if (n > cap || n > 400)
		return 0;
	return normalize_icu(out, cap, s, n);
}

/* ---- the lexer ----------------------------------------------------------------------------------- */

void tb_lexer_init(tb_lexer *lx, int lang, const char *text, size_t len)
{
	ascii_init();
	lx->text = text;
	lx->len = len;
	lx->pos = 0;
	lx->lang = lang;
}

static const uint64_t empty_gap_hash = 0x5bd1e9955bd1e995ULL;

/*
 * Next word token: its byte range, the hash of the separator before it (white
 * space collapsed, dashes unified) and the keys of its forms.
 */
bool tb_lexer_next(tb_lexer *lx, tb_token *tok)
{
	const char *t = lx->text;
	size_t n = lx->len, i = lx->pos;
	char gap[32];
	size_t glen = 0;
	/* the gap */
	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x80) {
			if (ascii_word[c])
				break;
			if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && glen < sizeof(gap))
				gap[glen++] = (char)c;
			i++;
			continue;
		}
		size_t at = i;
		int32_t cp = tolk_utf8_next(t, n, &i);
		if (cp < 0) {
			i = at + 1; /* invalid bytes separate words; recognition never fails on them */
			continue;
		}
		if (cp_is_word(cp) && cp != 0xAD) {
			i = at;
			break;
		}
		if (u_isUWhiteSpace(cp) || cp == 0xAD)
			continue;
		if (cp_is_dash(cp))
			cp = '-';
		else if (cp_is_apostrophe(cp))
			cp = '\'';
		if (glen + 4 <= sizeof(gap))
			glen += tolk_utf8_encode(gap + glen, cp);
	}
	if (i >= n) {
		lx->pos = n;
		return false;
	}
	/* the word: letters and digits, with apostrophes between letters (dilemma's) */
	size_t start = i;
	bool ascii = true;
	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x80) {
			if (ascii_word[c]) {
				i++;
				continue;
			}
			if (c == '\'' && i + 1 < n && (unsigned char)t[i + 1] < 0x80 && ascii_word[(unsigned char)t[i + 1]] &&
			    i > start) {
				i++;
				continue;
			}
			break;
		}
		size_t at = i;
		int32_t cp = tolk_utf8_next(t, n, &i);
		if (cp < 0) {
			i = at;
			break;
		}
		if (cp_is_word(cp)) {
			ascii = false;
			continue;
		}
		if (cp == 0x2019 && i < n && (unsigned char)t[i] < 0x80 && ascii_word[(unsigned char)t[i]]) {
			ascii = false;
			continue;
		}
		i = at;
		break;
	}
	lx->pos = i;
	tok->start = start;
	tok->end = i;
	tok->gap = glen ? tb_hash(gap, glen) : empty_gap_hash;

	char norm[256];
	size_t nlen;
	if (ascii) {
		nlen = i - start;
		if (nlen > sizeof(norm))
			nlen = 0;
		for (size_t k = 0; k < nlen; k++) {
			char c = t[start + k];
			norm[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	} else {
		nlen = normalize_word(norm, sizeof(norm), t + start, i - start);
	}
	if (nlen == 0) { /* absurdly long token: matches only itself */
		tok->nkeys = 1;
		tok->keys[0] = tb_hash(t + start, i - start);
		return true;
	}
	tb_forms forms;
	tb_inflect_forms(&forms, lx->lang, norm, nlen);
	tok->nkeys = (uint8_t)forms.count;
	for (size_t k = 0; k < forms.count; k++)
		tok->keys[k] = tb_hash(forms.buf + forms.off[k], forms.len[k]);
	return true;
}

bool tb_token_meets(const tb_token *a, const tb_token *b)
{
	for (unsigned i = 0; i < a->nkeys; i++)
		for (unsigned j = 0; j < b->nkeys; j++)
			if (a->keys[i] == b->keys[j])
				return true;
	return false;
}

int tb_normalize(tolk_buf *out, const char *s, size_t len)
{
	ascii_init();
	size_t i = 0;
	bool pending_space = false;
	while (i < len) {
		size_t at = i;
		int32_t cp = tolk_utf8_at(s, len, at, &i);
		if (cp < 0) /* an invalid byte */
			continue;
		if (cp_is_word(cp) || (cp_is_apostrophe(cp) && out->len && i < len)) {
			size_t end = i;
			while (end < len) {
				size_t e2 = end;
				int32_t c2 = tolk_utf8_next(s, len, &e2);
				if (c2 < 0 || !(cp_is_word(c2) || cp_is_apostrophe(c2)))
					break;
				end = e2;
			}
			char norm[512];
			size_t n = normalize_word(norm, sizeof(norm), s + at, end - at);
			if (pending_space && out->len && tolk_buf_putc(out, ' ') < 0)
				return TOLK_ENOMEM;
			pending_space = false;
			if (tolk_buf_put(out, n ? norm : s + at, n ? n : end - at) < 0)
				return TOLK_ENOMEM;
			i = end;
		} else if (u_isUWhiteSpace(cp)) {
			pending_space = true;
		} else {
			char enc[4];
			if (cp_is_dash(cp))
				cp = '-';
			pending_space = false;
			if (tolk_buf_put(out, enc, tolk_utf8_encode(enc, cp)) < 0)
				return TOLK_ENOMEM;
		}
	}
	return 0;
}

/* ---- candidates ------------------------------------------------------------------------------------ */

/* Do the tokens tokens[0..ntok) equal the term's tokens (key sets meet, same separators)? */
bool tb_term_matches(tolk_termbase *tb, const tb_term_ref *ref, const tb_token *tokens, size_t avail, bool loose)
{
	if (avail < ref->ntok)
		return false;
	/* The index key already covers the first two words' forms. */
	if (ref->ntok == 1)
		return true;
	if (ref->ntok == 2)
		return loose || ref->gap1 == tokens[1].gap;
	const tolk_term_entry *e = &tb->concepts[ref->concept].terms[ref->term];
	tb_lexer lx;
	tb_token tok;
	tb_lexer_init(&lx, ref->lang, e->term, strlen(e->term));
	for (unsigned j = 0; j < ref->ntok; j++) {
		if (!tb_lexer_next(&lx, &tok))
			return false;
		if (!tb_token_meets(&tok, &tokens[j]))
			return false;
		if (j > 0 && !loose && tok.gap != tokens[j].gap)
			return false;
	}
	return true;
}

/* ---- recognition ------------------------------------------------------------------------------------ */

typedef struct best_match {
	tolk_termbase *tb;
	int lang;
	const tb_token *toks;
	size_t avail;
	const tb_term_ref *best;
	tolk_term_status best_status;
} best_match;

/* Longest term first; among equals the better status, then the earlier concept. */
static void consider(const tb_term_ref *ref, void *ctx)
{
	best_match *b = ctx;
	if (ref->lang != b->lang || ref->ntok > b->avail)
		return;
	tolk_term_status st = (tolk_term_status)ref->status;
	if (b->best) {
		if (ref->ntok < b->best->ntok)
			return;
		if (ref->ntok == b->best->ntok &&
		    (st > b->best_status || (st == b->best_status && ref->concept >= b->best->concept)))
			return;
	}
	if (tb_term_matches(b->tb, ref, b->toks, b->avail, false)) {
		b->best = ref;
		b->best_status = st;
	}
}

int tb_recognize(tolk_term_match **out, size_t *count, tolk_termbase *tb, const char *lang, const char *text,
                 size_t len)
{
	*out = NULL;
	*count = 0;
	int code = tb_lang_code(lang);
	if (code < 0)
		return tb_check_lang(lang);
	int rc = tb_index_build(tb);
	if (rc < 0)
		return rc;
	tolk_term_match *matches = NULL;
	size_t nmatches = 0, cap = 0;

	/* Upcoming tokens in win[pos..have); moved back to the start only when the end is reached. */
	enum { WIN = TB_MAX_TERM_TOKENS * 4 };
	tb_token win[WIN];
	size_t pos = 0, have = 0;
	size_t need = tb_index_max_tokens(tb->index);
	tb_lexer lx;
	tb_lexer_init(&lx, code, text, len);
	bool eof = false;

	for (;;) {
		if (pos + need > WIN) {
			memmove(win, win + pos, (have - pos) * sizeof(win[0]));
			have -= pos;
			pos = 0;
		}
		while (!eof && have - pos < need) {
			if (tb_lexer_next(&lx, &win[have]))
				have++;
			else
				eof = true;
		}
		if (have == pos)
			break;
		best_match b = {tb, code, win + pos, have - pos, NULL, TOLK_TERM_PREFERRED};
		tb_visit_candidates(tb, code, win + pos, have - pos, consider, &b);
		size_t used = 1;
		if (b.best) {
			used = b.best->ntok;
			if (tolk_array_grow((void **)&matches, &cap, nmatches + 1, sizeof(*matches)) < 0) {
				free(matches);
				return TOLK_ENOMEM;
			}
			/* The concept is far away in memory: note the term now, fetch it below. */
			matches[nmatches++] = (tolk_term_match){win[pos].start, win[pos + used - 1].end,
			                                        (const char *)b.best, NULL, code ? "en" : "nl",
			                                        (tolk_term_status)b.best->status};
		}
		pos += used;
	}
	/*
	 * One independent lookup per match: the processor overlaps the cache
	 * misses here, which it cannot do inside the scan above.
	 */
	for (size_t i = 0; i < nmatches; i++) {
		const tb_term_ref *ref = (const tb_term_ref *)matches[i].concept_id;
		const tolk_concept *con = &tb->concepts[ref->concept];
		matches[i].concept_id = con->id;
		matches[i].term = con->terms[ref->term].term;
	}
	*out = matches;
	*count = nmatches;
	return 0;
}

bool tb_text_has_term(size_t *start, size_t *end, int lang, const char *text, size_t len, const char *term)
{
	tb_token want[TB_MAX_TERM_TOKENS];
	size_t nwant = 0;
	tb_lexer lx;
	tb_lexer_init(&lx, lang, term, strlen(term));
	while (nwant < TB_MAX_TERM_TOKENS && tb_lexer_next(&lx, &want[nwant]))
		nwant++;
	if (nwant == 0)
		return false;
	tb_token win[TB_MAX_TERM_TOKENS];
	size_t have = 0;
	tb_lexer_init(&lx, lang, text, len);
	for (;;) {
		while (have < nwant && tb_lexer_next(&lx, &win[have]))
			have++;
		if (have < nwant)
			return false;
		bool ok = true;
		for (size_t j = 0; j < nwant && ok; j++)
			ok = tb_token_meets(&want[j], &win[j]) && (j == 0 || want[j].gap == win[j].gap);
		if (ok) {
			*start = win[0].start;
			*end = win[nwant - 1].end;
			return true;
		}
		memmove(win, win + 1, (have - 1) * sizeof(win[0]));
		have--;
	}
}

int tolk_termbase_recognize(tolk_term_match_list **out, tolk_termbase *tb, const char *lang, const char *text,
                            size_t len)
{
	*out = NULL;
	tolk_term_match_list *list = tolk_calloc(1, sizeof(*list));
	if (!list)
		return TOLK_ENOMEM;
	int rc = tb_recognize(&list->items, &list->count, tb, lang, text, len);
	if (rc < 0) {
		free(list);
		return rc;
	}
	*out = list;
	return rc;
}

void tolk_term_match_list_free(tolk_term_match_list *list)
{
	if (!list)
		return;
	free(list->items);
	free(list);
}
