/*
 * The rules that decide one token, and the check driver (block by block,
 * then the words that waited for document-wide evidence; suggestions in
 * spell_rank.c).
 */
#include "spell_check.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

enum { ACRONYM_SHORT = 5, MAX_WORD = 200 };

int spell_part_known(tolk_spell_checker *chk, const char *w, size_t n)
{
	int k = spell_known(chk->sp, w, n);
	if (k != 0)
		return k;
	return spell_wordlist_has(chk, w, n) != 0;
}

/* Initials and initial-like abbreviations: A.Th.B, J.P, Chr.H (the final period is separate). */
static bool is_initials(const char *w, size_t n)
{
	size_t i = 0, groups = 0;
	while (i < n) {
		int32_t c = tolk_utf8_next(w, n, &i);
		if (c < 0 || !u_isupper(c))
			return false;
		size_t lower = 0;
		while (i < n && w[i] != '.') {
			c = tolk_utf8_next(w, n, &i);
			if (c < 0 || !u_islower(c) || ++lower > 2)
				return false;
		}
		groups++;
		if (i < n)
			i++; /* the period */
	}
	return groups >= 2;
}

/*
 * A lowercase English part of a hyphenated Dutch word (foursome-sessie): an
 * English word no Dutch word lies one typical typo from. 1, 0 or < 0.
 */
int spell_english_part(tolk_spell_checker *chk, const char *w, size_t n)
{
	if (!chk->dutch || !tolk_spell_checker_has_english(chk) || (chk->options & TOLK_SPELL_NO_ENGLISH) ||
	    spell_word_case(w, n, NULL, NULL) != WCASE_LOWER)
		return 0;
	int en = spell_english_word(chk, w, n);
	if (en <= 0)
		return en;
	int near = spell_has_near(chk->sp, w, n, true);
	return near < 0 ? near : !near;
}

/*
 * Is w (n bytes, one word without surrounding punctuation) acceptable on its
 * own? Returns the reason, TOLK_SPELL_FLAGGED, or < 0 on error. count: this is
 * a token of the text (counted for ranking suggestions), not a part.
 */
int spell_word_rule(tolk_spell_checker *chk, const char *w, size_t n, int depth, bool count)
{
	if (n == 0 || n > MAX_WORD)
		return n == 0 ? TOLK_SPELL_FLAGGED : TOLK_SPELL_SKIPPED;
	int k = count ? spell_known_counted(chk->sp, w, n, chk->stamp) : spell_known(chk->sp, w, n);
	if (k != 0)
		return k < 0 ? k : TOLK_SPELL_DICTIONARY;
	int listed = spell_wordlist_has(chk, w, n);
	if (listed)
		return listed == 2 ? TOLK_SPELL_TERM : TOLK_SPELL_WORDLIST;
	if (spell_loanword(chk, w, n))
		return TOLK_SPELL_ENGLISH;

	size_t letters, digits;
	spell_wcase wc = spell_word_case(w, n, &letters, &digits);
	if (letters == 0)
		return TOLK_SPELL_NUMBER;
	if (wc == WCASE_UPPER && !memchr(w, '-', n) && !memchr(w, '.', n))
		return letters == 1 ? TOLK_SPELL_ABBREVIATION : TOLK_SPELL_ACRONYM;
	/* English writes the plural of an acronym with a bare s (MPs, CEOs); Dutch with 's (CEO's). */
	if (!chk->dutch && wc == WCASE_MIXED && n >= 3 && w[n - 1] == 's' && !memchr(w, '-', n) && !memchr(w, '.', n) &&
	    spell_word_case(w, n - 1, NULL, NULL) == WCASE_UPPER)
		return TOLK_SPELL_ACRONYM;
	if (letters == 1 && n <= 4 && !memchr(w, '-', n))
		return TOLK_SPELL_ABBREVIATION; /* a list letter, a unit, "F16" */
	if (digits > 0 && w[0] >= '0' && w[0] <= '9' && letters <= 3 && !memchr(w, '-', n))
		return TOLK_SPELL_NUMBER; /* 1e, 22ste, 10km */
	if (memchr(w, '.', n) && is_initials(w, n))
		return TOLK_SPELL_ABBREVIATION;

	/* Footnote mark glued to a word by PDF extraction: luchtruimverdediging1. */
	if (depth == 0 && digits > 0 && digits <= 2 && !(chk->options & TOLK_SPELL_NO_LAYOUT)) {
		size_t e = n;
		while (e > 0 && w[e - 1] >= '0' && w[e - 1] <= '9')
			e--;
		if (n - e == digits && e >= 3) {
			int r = spell_word_rule(chk, w, e, depth + 1, false);
			if (r < 0)
				return r;
			if (r != TOLK_SPELL_FLAGGED && r != TOLK_SPELL_NUMBER)
				return TOLK_SPELL_FOOTNOTE;
		}
	}

	/* A possessive or plural 's after an acronym or name: NAVO's, SSR’s. */
	if (n > 3 && w[n - 1] == 's' &&
	    (w[n - 2] == '\'' || (n > 5 && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0))) {
		size_t base = w[n - 2] == '\'' ? n - 2 : n - 4;
		int r = spell_word_rule(chk, w, base, depth + 1, false);
		if (r != TOLK_SPELL_FLAGGED)
			return r;
	}

	if (memchr(w, '-', n) && depth < 3) {
		/* Joined without its hyphens (de-conflictie → deconflictie), or every part valid. */
		char joined[MAX_WORD + 1];
		size_t jl = 0;
		for (size_t i = 0; i < n; i++)
			if (w[i] != '-')
				joined[jl++] = w[i];
		if (jl > 0 && jl < n) {
			int kj = spell_part_known(chk, joined, jl);
			if (kj < 0)
				return kj;
			if (!kj && chk->dutch && !(chk->options & TOLK_SPELL_NO_COMPOUNDS)) {
				char low[4 * MAX_WORD + 8];
				spell_wcase jc = spell_word_case(joined, jl, NULL, NULL);
				if (jc == WCASE_LOWER || jc == WCASE_CAPITAL)
					kj = spell_compound_valid(chk, low, spell_lower(low, joined, jl, true), false);
				if (kj < 0)
					return kj;
			}
			if (kj)
				return TOLK_SPELL_HYPHENATED;
		}
		/*
		 * Dutch joins English words to its own with a hyphen (foursome-sessie,
		 * penalty-trap): an English part counts when no Dutch word lies one
		 * typical typo away from it (NAVO-Minsters stays a typo of Ministers).
		 */
		bool mixed = depth == 0;
		bool all = true;
		size_t dutch_parts = 0, english_parts = 0;
		for (size_t s = 0; s <= n && all;) {
			size_t e = s;
			while (e < n && w[e] != '-')
				e++;
			int r = spell_word_rule(chk, w + s, e - s, depth + 1, false);
			if (r < 0)
				return r;
			all = r != TOLK_SPELL_FLAGGED;
			dutch_parts += all;
			if (!all && mixed) {
				int en = spell_english_part(chk, w + s, e - s);
				if (en < 0)
					return en;
				all = en;
				english_parts += all;
			}
			s = e + 1;
		}
		if (all && (english_parts == 0 || dutch_parts > 0))
			return TOLK_SPELL_HYPHENATED;
		return TOLK_SPELL_FLAGGED;
	}

	if (chk->dutch && !(chk->options & TOLK_SPELL_NO_COMPOUNDS) &&
	    (wc == WCASE_LOWER || wc == WCASE_CAPITAL) && digits == 0) {
		char low[4 * MAX_WORD + 8];
		/*
		 * Three-letter parts only in lowercase words as written: capitalised,
		 * far more names than Dutch compounds would split into them, each
		 * costing a search of every word one edit away.
		 */
		int c = spell_compound_valid(chk, low, spell_lower(low, w, n, true), wc == WCASE_LOWER && depth == 0);
		if (c < 0)
			return c;
		if (c) {
			/*
			 * A typical typo away from a dictionary word (weerbarheid, onderstreppen):
			 * a misspelling, not a new compound. Rarer edits do not count: Hunspell's
			 * own compounding accepts odd neighbours of real compounds (ruimtubeleid).
			 * A three-letter part splits far more typos into words (supe-markten,
			 * snel-ier): then any word one edit away makes it a misspelling.
			 */
			int near = spell_has_near(chk->sp, w, n, c != SPELL_COMPOUND_SHORT);
			if (near < 0)
				return near;
			if (!near)
				return TOLK_SPELL_COMPOUND;
		}
	}
	return TOLK_SPELL_FLAGGED;
}

/* An abbreviation written with its period: nr., etc., o.a. */
static int abbreviation_with_period(tolk_spell_checker *chk, const char *w, size_t n)
{
	char buf[4 * MAX_WORD + 8];
	if (n + 2 > MAX_WORD)
		return 0;
	memcpy(buf, w, n);
	buf[n] = '.';
	int k = spell_known(chk->sp, buf, n + 1);
	if (k != 0)
		return k;
	size_t m = spell_lower(buf, w, n, false);
	buf[m] = '.';
	return spell_map_get(&chk->abbrevs, buf, m + 1, spell_map_hash(buf, m + 1)) != NULL;
}

/*
 * A capital that only starts the sentence: the word as written elsewhere
 * (Christelijke, Kerst: nl_NL marks such words KEEPCASE, so Hunspell refuses
 * them capitalised even here). A stressed pair keeps its second accent
 * capitalised (Eén for één). 1 accepted, 0 not, < 0 error.
 */
static int sentence_capital(tolk_spell_checker *chk, const char *w, size_t n)
{
	if (n > MAX_WORD || spell_word_case(w, n, NULL, NULL) != WCASE_CAPITAL)
		return 0;
	char low[4 * MAX_WORD + 8];
	size_t m = spell_lower(low, w, n, true);
	int r = spell_word_rule(chk, low, m, 1, false);
	if (r != TOLK_SPELL_FLAGGED)
		return r < 0 ? r : 1;
	static const char vowels[] = "aeiou", acute[] = "\xA1\xA9\xAD\xB3\xBA";
	const char *v = m >= 3 && low[0] ? strchr(vowels, low[0]) : NULL;
	if (!v || (unsigned char)low[1] != 0xC3 || low[2] != acute[v - vowels])
		return 0;
	char stressed[4 * MAX_WORD + 8];
	stressed[0] = (char)0xC3;
	stressed[1] = acute[v - vowels];
	memcpy(stressed + 2, low + 1, m - 1);
	r = spell_word_rule(chk, stressed, m + 1, 1, false);
	return r < 0 ? r : r != TOLK_SPELL_FLAGGED;
}

/* 's-Gravenhage, ’s-Hertogenbosch: the word with the apostrophe glued before it. 1, 0 or < 0. */
static int with_apostrophe(tolk_spell_checker *chk, const spell_token *t, const char *w, size_t n)
{
	if (n > MAX_WORD || t->start == 0)
		return 0;
	char buf[MAX_WORD + 8];
	const unsigned char *before = (const unsigned char *)chk->text + t->start;
	if (before[-1] != '\'' &&
	    !(t->start >= 3 && before[-3] == 0xE2 && before[-2] == 0x80 && (before[-1] == 0x98 || before[-1] == 0x99)))
		return 0;
	buf[0] = '\''; /* Hunspell's nl_NL reads ’ as ' (ICONV); ‘ is the same mark mistyped */
	memcpy(buf + 1, w, n);
	return spell_known(chk->sp, buf, n + 1);
}

/* All-caps words on a line of mostly all-caps dictionary words are a heading, not acronyms. */
static bool in_caps_heading(tolk_spell_checker *chk, size_t ti)
{
	size_t first = ti, last = ti, caps_words = 0;
	while (first > 0 && !(chk->tokens[first].flags & TOK_LINE_START))
		first--;
	while (last + 1 < chk->ntok && !(chk->tokens[last + 1].flags & TOK_LINE_START))
		last++;
	for (size_t i = first; i <= last; i++) {
		const spell_token *t = &chk->tokens[i];
		size_t letters;
		char low[4 * MAX_WORD + 8];
		/* Acronyms (NAVO) are all caps too: count only words whose lowercase form is a word. */
		if (i != ti && t->form_len <= MAX_WORD &&
		    spell_word_case(tok_form(chk, t), t->form_len, &letters, NULL) == WCASE_UPPER && letters >= 3 &&
		    spell_known(chk->sp, low, spell_lower(low, tok_form(chk, t), t->form_len, false)) > 0)
			caps_words++;
	}
	return caps_words >= 2;
}

static void trace(tolk_spell_checker *chk, const spell_token *t)
{
	if (chk->trace)
		chk->trace(chk->text, t->start, t->end, t->reason, chk->trace_payload);
}

int spell_add_pending(tolk_spell_checker *chk, const spell_token *t, bool english, bool acronym,
                       bool english_context)
{
	if (tolk_array_grow((void **)&chk->pending, &chk->pendcap, chk->npending + 1, sizeof(spell_pending)) < 0)
		return TOLK_ENOMEM;
	spell_pending *p = &chk->pending[chk->npending];
	bool alt = (t->flags & TOK_REPORT_ALT) != 0;
	if (!(p->word = alt ? tolk_strndup(chk->scratch.ptr + t->alt, t->alt_len)
	                    : tolk_strndup(tok_form(chk, t), t->form_len)))
		return TOLK_ENOMEM;
	p->token_start = t->start;
	p->token_end = t->end;
	p->english_candidate = english;
	p->long_acronym = acronym;
	p->english_context = english_context;
	p->name_candidate = false;
	p->name_len = 0;
	chk->npending++;
	return 0;
}

/*
 * Neither reading of a line-end hyphen is a word: which one to show? A
 * capital or digit next to the hyphen (NAVO-/Minsters, COVID-/19) means
 * Dutch writes the hyphen, as the segmenter also decides; else the joined word.
 */
static bool hyphen_is_real(tolk_spell_checker *chk, const spell_token *t)
{
	const char *alt = chk->scratch.ptr + t->alt;
	const char *dash = memchr(alt, '-', t->alt_len);
	while (dash) {
		size_t at = (size_t)(dash - alt);
		if (at + 1 < t->alt_len && at > 0) {
			size_t i = at + 1, j = at - 1;
			while (j > 0 && ((unsigned char)alt[j] & 0xC0) == 0x80)
				j--;
			int32_t after = tolk_utf8_next(alt, t->alt_len, &i);
			int32_t before = tolk_utf8_next(alt, t->alt_len, &j);
			if (u_isupper(after) || u_isdigit(after) || u_isupper(before) || u_isdigit(before))
				return true;
		}
		dash = memchr(dash + 1, '-', t->alt_len - (size_t)(dash + 1 - alt));
	}
	return false;
}

/* Decide a token by the Dutch (or the text language's) rules; English comes after, per block. */
static int decide_token(tolk_spell_checker *chk, size_t ti)
{
	spell_token *t = &chk->tokens[ti];
	const char *w = tok_form(chk, t);
	size_t n = t->form_len;
	if (t->flags & TOK_SKIP) {
		t->reason = TOLK_SPELL_SKIPPED;
		return 0;
	}
	if (chk->options & TOLK_SPELL_RAW) {
		int k = spell_known_counted(chk->sp, w, n, chk->stamp);
		if (k < 0)
			return k;
		t->reason = k ? TOLK_SPELL_DICTIONARY : TOLK_SPELL_FLAGGED;
		t->state = k ? TOKEN_DECIDED : TOKEN_OPEN;
		return 0;
	}
	int r = spell_word_rule(chk, w, n, 0, true);
	if (r < 0)
		return r;
	if (r == TOLK_SPELL_FLAGGED && (t->flags & TOK_JOINED)) {
		/* The line-end hyphen may be a real one: secretaris-generaal. */
		r = spell_word_rule(chk, chk->scratch.ptr + t->alt, t->alt_len, 0, false);
		if (r < 0)
			return r;
	}
	if (r != TOLK_SPELL_FLAGGED && (t->flags & TOK_JOINED))
		r = TOLK_SPELL_LINE_JOIN;
	if (r == TOLK_SPELL_FLAGGED && (t->flags & TOK_JOINED) && hyphen_is_real(chk, t))
		t->flags |= TOK_REPORT_ALT;
	if (r == TOLK_SPELL_FLAGGED && (t->flags & TOK_PERIOD)) {
		int a = abbreviation_with_period(chk, w, n);
		if (a < 0)
			return a;
		if (a)
			r = TOLK_SPELL_ABBREVIATION;
	}
	/*
	 * A line start may be a sentence start too: a heading or a news headline
	 * ends without a period ("Eén op de vijf…" on the line after it).
	 */
	if (r == TOLK_SPELL_FLAGGED && (t->flags & (TOK_SENTENCE_START | TOK_LINE_START))) {
		int c = sentence_capital(chk, w, n);
		if (c < 0)
			return c;
		if (c)
			r = TOLK_SPELL_DICTIONARY;
	}
	if (r == TOLK_SPELL_FLAGGED && (t->flags & TOK_APOSTROPHE)) {
		int a = with_apostrophe(chk, t, w, n);
		if (a < 0)
			return a;
		if (a)
			r = TOLK_SPELL_DICTIONARY;
	}
	if (r == TOLK_SPELL_FLAGGED && (t->flags & TOK_TRAIL_HYPHEN) && !(t->flags & TOK_JOINED) && n > 4 &&
	    (w[n - 1] == 's' || w[n - 1] == 'e')) {
		/* "veiligheids- en defensiebeleid": the head keeps its linking s or e. */
		int h = spell_word_rule(chk, w, n - 1, 1, false);
		if (h < 0)
			return h;
		if (h != TOLK_SPELL_FLAGGED)
			r = TOLK_SPELL_ELLIPTICAL;
	}
	if (r != TOLK_SPELL_FLAGGED && r != TOLK_SPELL_LINE_JOIN &&
	    (t->flags & (TOK_LEAD_HYPHEN | TOK_TRAIL_HYPHEN)))
		r = TOLK_SPELL_ELLIPTICAL;

	if (r == TOLK_SPELL_ACRONYM) {
		size_t letters;
		spell_word_case(w, n, &letters, NULL);
		if (in_caps_heading(chk, ti)) {
			r = TOLK_SPELL_FLAGGED;
		} else if (letters > ACRONYM_SHORT) {
			uint64_t h = spell_map_hash(w, n);
			spell_map_entry *e = spell_map_put(&chk->acronym_seen, w, n, h, NULL);
			if (!e)
				return TOLK_ENOMEM;
			e->count++;
			if (t->flags & TOK_PARENS)
				e->value = 1;
			if (!e->value && e->count < 2) {
				t->reason = TOLK_SPELL_FLAGGED;
				t->state = TOKEN_PENDING;
				return spell_add_pending(chk, t, false, true, false);
			}
		}
	}
	t->reason = (tolk_spell_reason)r;
	t->state = r == TOLK_SPELL_FLAGGED ? TOKEN_OPEN : TOKEN_DECIDED;
	return 0;
}

int spell_add_finding(tolk_spell_checker *chk, size_t start, size_t end, const char *w, size_t n,
                      bool english)
{
	if (tolk_array_grow((void **)&chk->findings, &chk->findcap, chk->nfind + 1,
	                    sizeof(tolk_spell_finding)) < 0)
		return TOLK_ENOMEM;
	tolk_spell_finding *f = &chk->findings[chk->nfind];
	memset(f, 0, sizeof(*f));
	f->start = start;
	f->end = end;
	if (!(f->word = tolk_strndup(w, n)))
		return TOLK_ENOMEM;
	f->lang = english ? (chk->en[0] ? "en_GB" : "en_US") : tolk_speller_lang(chk->sp);
	chk->nfind++;
	return 0;
}

/*
 * Dutch writes a compound with a name as its first part with a hyphen
 * (Chequers-plan, Mentawai-eilanden, Baden-Wuerttemberg-klasse): capitalised
 * parts, then lowercase parts that are valid Dutch. The hyphen shows the name
 * as a name; it is accepted as the document's other names are (spell_names.c).
 * *name_len: the name's length in the token's form.
 */
int spell_name_compound(bool *candidate, size_t *name_len, tolk_spell_checker *chk, size_t ti)
{
	const spell_token *t = &chk->tokens[ti];
	const char *w = tok_form(chk, t);
	size_t n = t->form_len, head = n;
	*candidate = false;
	if (!memchr(w, '-', n) || n > MAX_WORD)
		return 0;
	/* The lowercase Dutch parts at the end. */
	while (head > 0) {
		size_t s = head;
		while (s > 0 && w[s - 1] != '-')
			s--;
		if (s == 0 || s == head || spell_word_case(w + s, head - s, NULL, NULL) != WCASE_LOWER)
			break;
		int r = spell_word_rule(chk, w + s, head - s, 1, false);
		if (r < 0)
			return r;
		if (r == TOLK_SPELL_FLAGGED)
			return 0;
		head = s - 1;
	}
	if (head == n || head == 0 || !spell_looks_like_name(w, head))
		return 0;
	int en = spell_english_word(chk, w, head);
	if (en < 0)
		return en;
	int rc = spell_name_note(candidate, chk, ti, w, head,
	                         SPELL_NAME_HYPHEN_COMPOUND | (en ? SPELL_NAME_ENGLISH : 0));
	*name_len = head;
	return rc;
}

static int check_block(tolk_spell_checker *chk)
{
	int rc = 0;
	for (size_t i = 0; i < chk->ntok && rc == 0; i++)
		rc = decide_token(chk, i);
	if (rc == 0 && chk->dutch && tolk_spell_checker_has_english(chk) &&
	    !(chk->options & (TOLK_SPELL_NO_ENGLISH | TOLK_SPELL_RAW)))
		rc = spell_english_block(chk);
	for (size_t i = 0; i < chk->ntok && rc == 0; i++) {
		spell_token *t = &chk->tokens[i];
		bool name = false;
		size_t name_len = 0;
		if (t->state == TOKEN_OPEN && !(t->flags & (TOK_REPORT_ALT | TOK_JOINED))) {
			rc = spell_name_note(&name, chk, i, tok_form(chk, t), t->form_len, 0);
			if (rc == 0 && !name)
				rc = spell_name_compound(&name, &name_len, chk, i);
			if (rc < 0)
				break;
		}
		if (name) {
			/* a name when the rest of the document says so */
			t->state = TOKEN_PENDING;
			if ((rc = spell_add_pending(chk, t, false, false, t->english_context)) == 0) {
				chk->pending[chk->npending - 1].name_candidate = true;
				chk->pending[chk->npending - 1].name_len = name_len;
			}
			continue;
		}
		if (t->state == TOKEN_OPEN && (t->flags & TOK_REPORT_ALT))
			rc = spell_add_finding(chk, t->start, t->end, chk->scratch.ptr + t->alt, t->alt_len,
			                       t->english_context);
		else if (t->state == TOKEN_OPEN)
			rc = spell_add_finding(chk, t->start, t->end, tok_form(chk, t), t->form_len,
			                       t->english_context);
		if (t->state != TOKEN_PENDING)
			trace(chk, t);
	}
	return rc;
}

/* ---- the end of a check ------------------------------------------------------------------ */

/*
 * Could an English-looking word be a Dutch typo, a Dutch word lying one edit
 * away? Hyphenated words are judged part by part (NAVO-Minsters: Ministers).
 */
static int english_could_be_typo(tolk_spell_checker *chk, const char *w, size_t n)
{
	if (!memchr(w, '-', n)) {
		/*
		 * An English name (Palin, Pelosi: English knows it only capitalised)
		 * is taken as a name; a Dutch typo landing on one is too rare to pay
		 * a thousand dictionary look-ups per name for.
		 */
		if (spell_word_case(w, n, NULL, NULL) == WCASE_CAPITAL && n <= MAX_WORD) {
			char low[4 * MAX_WORD + 8];
			int k = spell_english_word(chk, low, spell_lower(low, w, n, false));
			if (k <= 0)
				return k;
		}
		return spell_has_near(chk->sp, w, n, false);
	}
	for (size_t s = 0; s < n;) {
		size_t e = s;
		while (e < n && w[e] != '-')
			e++;
		if (e > s) {
			int r = spell_word_rule(chk, w + s, e - s, 1, false);
			if (r < 0)
				return r;
			if (r == TOLK_SPELL_FLAGGED) {
				int near = spell_has_near(chk->sp, w + s, e - s, false);
				if (near != 0)
					return near;
			}
		}
		s = e + 1;
	}
	return 0;
}

/* What the document says of a pending word without costly checks: acronyms, English seen elsewhere. */
static tolk_spell_reason pending_evidence(tolk_spell_checker *chk, const spell_pending *p, size_t n)
{
	if (p->long_acronym) {
		spell_map_entry *e = spell_map_get(&chk->acronym_seen, p->word, n, spell_map_hash(p->word, n));
		return e && (e->value || e->count >= 2) ? TOLK_SPELL_ACRONYM : TOLK_SPELL_FLAGGED;
	}
	if (p->english_candidate && n <= MAX_WORD) {
		char low[4 * MAX_WORD + 8];
		size_t m = spell_lower(low, p->word, n, false);
		if (spell_map_get(&chk->english_seen, low, m, spell_map_hash(low, m)))
			return TOLK_SPELL_ENGLISH;
	}
	return TOLK_SPELL_FLAGGED;
}

/*
 * The words that waited for the whole document. Names are verified only for
 * the words nothing cheaper accepts (each verification tries hundreds of
 * neighbours in Hunspell), and before the English test, which asks more.
 */
static int resolve_pending(tolk_spell_checker *chk)
{
	int rc = 0;
	for (size_t i = 0; i < chk->npending && rc == 0; i++) {
		spell_pending *p = &chk->pending[i];
		size_t n = strlen(p->word);
		if (p->name_candidate && pending_evidence(chk, p, n) == TOLK_SPELL_FLAGGED)
			rc = spell_name_need(chk, p->word, p->name_len ? p->name_len : n);
	}
	if (rc == 0)
		rc = spell_names_settle(chk);
	for (size_t i = 0; i < chk->npending && rc == 0; i++) {
		spell_pending *p = &chk->pending[i];
		size_t n = strlen(p->word);
		tolk_spell_reason reason = pending_evidence(chk, p, n);
		if (reason == TOLK_SPELL_FLAGGED && p->name_candidate) {
			int named = spell_name_accepted(chk, p->word, p->name_len ? p->name_len : n);
			if (named < 0)
				return named;
			if (named)
				reason = TOLK_SPELL_NAME;
		}
		if (reason == TOLK_SPELL_FLAGGED && p->english_candidate) {
			/* No Dutch word one edit away: an English term, not a Dutch typo. */
			int near = english_could_be_typo(chk, p->word, n);
			if (near < 0)
				return near;
			if (!near)
				reason = TOLK_SPELL_ENGLISH;
		}
		if (reason == TOLK_SPELL_FLAGGED)
			rc = spell_add_finding(chk, p->token_start, p->token_end, p->word, n, p->english_context);
		if (chk->trace)
			chk->trace(chk->text, p->token_start, p->token_end, reason, chk->trace_payload);
	}
	return rc;
}

static int cmp_finding(const void *a, const void *b)
{
	const tolk_spell_finding *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

static void reset_check(tolk_spell_checker *chk)
{
	spell_map_free(&chk->english_seen, NULL);
	spell_map_free(&chk->acronym_seen, NULL);
	spell_map_free(&chk->name_seen, NULL);
	for (size_t i = 0; i < chk->npending; i++)
		free(chk->pending[i].word);
	chk->npending = 0;
	spell_findings_free(chk->findings, chk->nfind);
	chk->findings = NULL;
	chk->nfind = chk->findcap = 0;
	chk->ntok = 0;
	chk->text = NULL;
	chk->len = 0;
}

static int check_text(tolk_spell_finding **out, size_t *count, tolk_spell_checker *chk, const char *text,
                      size_t len)
{
	*out = NULL;
	*count = 0;
	if (!chk || (!text && len))
		return tolk_error_set(TOLK_EINVALID, _("spell: no checker or text"));
	size_t bad;
	if (tolk_utf8_validate(&bad, text, len) < 0) {
		unsigned long line, col;
		tolk_text_position(&line, &col, text, len, bad);
		return tolk_error_set_at(TOLK_EINVALID, NULL, line, col,
		                         _("invalid UTF-8 (byte offset %zu, byte 0x%02X)"), bad,
		                         (unsigned)(unsigned char)text[bad]);
	}
	spell_caches_trim(chk->sp);
	spell_caches_trim(chk->en[0]);
	spell_caches_trim(chk->en[1]);
	reset_check(chk);
	chk->stamp++;
	chk->text = text;
	chk->len = len;
	int rc = 0;
	for (size_t pos = 0; pos < len && rc == 0;) {
		if ((rc = spell_tokenize_block(chk, &pos)) == 0)
			rc = check_block(chk);
	}
	if (rc == 0)
		rc = resolve_pending(chk);
	if (rc == 0 && chk->nfind > 1)
		qsort(chk->findings, chk->nfind, sizeof(*chk->findings), cmp_finding);
	for (size_t i = 0; rc == 0 && i < chk->nfind; i++)
		if (!(chk->options & (TOLK_SPELL_NO_SUGGESTIONS)))
			rc = spell_suggest_for(chk, &chk->findings[i]);
	/* Positions in one pass over the text: findings are sorted. */
	unsigned long line = 1, col = 1;
	size_t at = 0;
	for (size_t i = 0; rc == 0 && i < chk->nfind; i++) {
		size_t to = chk->findings[i].start;
		for (; at < to; at++) {
			unsigned char ch = (unsigned char)text[at];
			if (ch == '\n') {
				line++;
				col = 1;
			} else if ((ch & 0xC0) != 0x80) {
				col++;
			}
		}
		chk->findings[i].line = line;
		chk->findings[i].column = col;
	}
	if (rc < 0) {
		if (rc == TOLK_ENOMEM)
			tolk_error_oom();
		reset_check(chk);
		return rc;
	}
	*out = chk->findings;
	*count = chk->nfind;
	chk->findings = NULL;
	chk->nfind = chk->findcap = 0;
	reset_check(chk);
	return 0;
}

int tolk_spell_check_text(tolk_spell_finding_list **out, tolk_spell_checker *chk, const char *text, size_t len)
{
	*out = NULL;
	tolk_spell_finding_list *list = tolk_calloc(1, sizeof(*list));
	if (!list)
		return TOLK_ENOMEM;
	int rc = check_text(&list->items, &list->count, chk, text, len);
	if (rc < 0) {
		free(list);
		return rc;
	}
	*out = list;
	return rc;
}

void tolk_spell_finding_list_free(tolk_spell_finding_list *list)
{
	if (!list)
		return;
	spell_findings_free(list->items, list->count);
	free(list);
}
