/*
 * The text checker: Hunspell's verdict first, then tolk's mechanisms against
 * false alarms, each a general rule about how Dutch government text is
 * written rather than a list of one letter's words. Tokens that no rule
 * accepts become findings; a few wait for evidence elsewhere in the document
 * (an English word used in an English name further on, an acronym defined in
 * parentheses) and are decided at the end.
 */
#include "spell_check.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "embedded.h"

static const char *const reason_names[] = {
	"flagged", "dictionary", "wordlist", "term", "number", "abbreviation", "acronym", "hyphenated",
	"line-join", "elliptical", "footnote", "compound", "english", "skipped", "name"};

const char *tolk_spell_reason_name(tolk_spell_reason reason)
{
	return (unsigned)reason < sizeof(reason_names) / sizeof(reason_names[0]) ? reason_names[reason] : "?";
}

/* ---- case helpers ------------------------------------------------------------------- */

spell_wcase spell_word_case(const char *w, size_t n, size_t *letters, size_t *digits)
{
	size_t up = 0, low = 0, dig = 0, i = 0;
	bool first_upper = false;
	while (i < n) {
		size_t at = i;
		int32_t c = tolk_utf8_next(w, n, &i);
		if (c < 0)
			break;
		if (u_isupper(c) || u_istitle(c)) {
			if (up == 0 && low == 0 && at == 0)
				first_upper = true;
			up++;
		} else if (u_islower(c)) {
			low++;
		} else if (u_isdigit(c)) {
			dig++;
		}
	}
	if (letters)
		*letters = up + low;
	if (digits)
		*digits = dig;
	if (up + low == 0)
		return WCASE_NONE;
	if (up == 0)
		return WCASE_LOWER;
	if (low == 0)
		return WCASE_UPPER;
	if (up == 1 && first_upper)
		return WCASE_CAPITAL;
	return WCASE_MIXED;
}

size_t spell_lower(char *out, const char *w, size_t n, bool first_only)
{
	size_t i = 0, o = 0;
	bool first = true;
	while (i < n) {
		size_t at = i;
		int32_t c = tolk_utf8_next(w, n, &i);
		if (c < 0) {
			memcpy(out + o, w + at, n - at);
			o += n - at;
			break;
		}
		if (first || !first_only)
			c = u_tolower(c);
		if (u_isalpha(c))
			first = false;
		o += tolk_utf8_encode(out + o, c);
	}
	out[o] = '\0';
	return o;
}

/* ---- word lists ------------------------------------------------------------------------ */

static int map_add(spell_map *m, const char *w, size_t n, int32_t value)
{
	spell_map_entry *e = spell_map_put(m, w, n, spell_map_hash(w, n), NULL);
	if (!e)
		return TOLK_ENOMEM;
	e->value = value;
	return 0;
}

/* The entry's value: 1 from a word list, 2 from the term base (a listed word wins). */
static int map_value(const spell_map *m, const char *w, size_t n)
{
	const spell_map_entry *e = spell_map_get(m, w, n, spell_map_hash(w, n));
	return e ? e->value : 0;
}

int spell_wordlist_has(tolk_spell_checker *chk, const char *w, size_t n)
{
	if (chk->words.count == 0 || n > 200)
		return 0;
	int v = map_value(&chk->words, w, n);
	if (v)
		return v;
	spell_wcase wc = spell_word_case(w, n, NULL, NULL);
	char buf[4 * 200 + 8];
	if (wc == WCASE_CAPITAL || wc == WCASE_UPPER) {
		size_t m = spell_lower(buf, w, n, false);
		if ((v = map_value(&chk->words, buf, m)))
			return v;
	}
	if (wc == WCASE_UPPER) {
		/* A Capitalised entry (a name) in an all-caps heading. */
		size_t m = spell_lower(buf, w, n, false);
		size_t i = 0;
		int32_t c = tolk_utf8_next(buf, m, &i);
		if (c > 0) {
			char first[8];
			size_t fl = tolk_utf8_encode(first, u_toupper(c));
			char buf2[4 * 200 + 8];
			memcpy(buf2, first, fl);
			memcpy(buf2 + fl, buf + i, m - i);
			if ((v = map_value(&chk->words, buf2, fl + m - i)))
				return v;
		}
	}
	return 0;
}

int spell_loanword(const tolk_spell_checker *chk, const char *w, size_t n)
{
	if (!chk->loanwords.count || n > 200)
		return 0;
	if (map_value(&chk->loanwords, w, n))
		return 1;
	spell_wcase wc = spell_word_case(w, n, NULL, NULL);
	char low[4 * 200 + 8];
	return (wc == WCASE_CAPITAL || wc == WCASE_UPPER) &&
	       map_value(&chk->loanwords, low, spell_lower(low, w, n, false));
}

int tolk_spell_checker_add_word(tolk_spell_checker *chk, const char *word, size_t len)
{
	size_t bad;
	if (!chk || !word || len == 0)
		return tolk_error_set(TOLK_EINVALID, _("spell: empty word"));
	if (tolk_utf8_validate(&bad, word, len) < 0)
		return tolk_error_set(TOLK_EINVALID, _("spell: word is not valid UTF-8 (byte offset %zu)"), bad);
	spell_map_free(&chk->compound_memo, NULL); /* new parts may make new compounds */
	return map_add(&chk->words, word, len, 1);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A line of a word list: a word, or a multiword name, each of whose words is accepted on its own; # a comment. */
static int wordlist_line(void *ctx, char *line, size_t len, unsigned long number)
{
	(void)number;
	size_t s = 0;
	while (s < len && blank(line[s]))
		s++;
	if (s == len || line[s] == '#')
		return 0;
	int rc = 0;
	for (size_t w = s; w < len && rc == 0;) {
		while (w < len && blank(line[w]))
			w++;
		size_t we = w;
		while (we < len && !blank(line[we]))
			we++;
		if (we > w)
			rc = tolk_spell_checker_add_word(ctx, line + w, we - w);
		w = we;
	}
	return rc;
}

int tolk_spell_checker_load_wordlist(tolk_spell_checker *chk, const char *path)
{
	return tolk_text_read_lines(path, wordlist_line, chk);
}

typedef struct term_sink {
	spell_map *into;
} term_sink;

static int add_term_words(const char *concept_id, const char *term, tolk_term_status status, void *payload)
{
	(void)concept_id;
	(void)status;
	term_sink *sink = payload;
	for (const char *w = term; *w;) {
		while (*w == ' ')
			w++;
		const char *e = w;
		while (*e && *e != ' ')
			e++;
		if (e > w) {
			size_t bad;
			spell_map_entry *entry = NULL;
			if (tolk_utf8_validate(&bad, w, (size_t)(e - w)) == 0 &&
			    !(entry = spell_map_put(sink->into, w, (size_t)(e - w), spell_map_hash(w, (size_t)(e - w)), NULL)))
				return TOLK_ENOMEM;
			if (entry && !entry->value)
				entry->value = 2;
		}
		w = e;
	}
	return 0;
}

int tolk_spell_checker_add_termbase(tolk_spell_checker *chk, tolk_termbase *tb)
{
	if (!chk || !tb)
		return tolk_error_set(TOLK_EINVALID, _("spell: no checker or term base"));
	const char *lang = chk->dutch ? "nl" : "en";
	term_sink own = {&chk->words};
	int rc = tolk_termbase_foreach(tb, lang, add_term_words, &own);
	if (rc == 0 && chk->dutch) {
		term_sink english = {&chk->en_words};
		rc = tolk_termbase_foreach(tb, "en", add_term_words, &english);
	}
	spell_map_free(&chk->compound_memo, NULL);
	return rc;
}

/* An embedded list (src/data), one entry a line, '#' comments. */
static int load_list(spell_map *into, const char *file)
{
	size_t len;
	const char *data = tolk_embedded(file, &len);
	if (!data)
		return 0;
	int rc = 0;
	for (size_t p = 0; p < len && rc == 0;) {
		size_t e = p;
		while (e < len && data[e] != '\n')
			e++;
		if (e > p && data[p] != '#')
			rc = map_add(into, data + p, e - p, 1);
		p = e + 1;
	}
	return rc;
}

/* ---- checker object ------------------------------------------------------------------ */

int tolk_spell_checker_new(tolk_spell_checker **out, const char *lang, const char *dict_dir)
{
	*out = NULL;
	tolk_spell_checker *chk = tolk_calloc(1, sizeof(*chk));
	if (!chk)
		return TOLK_ENOMEM;
	int rc = tolk_speller_new(&chk->sp, lang, dict_dir);
	if (rc < 0)
		goto fail;
	chk->dutch = strcmp(tolk_speller_lang(chk->sp), "nl_NL") == 0;
	if (chk->dutch) {
		/* English is optional: without the dictionaries English inside Dutch is not recognised. */
		const char *en[2] = {"en_GB", "en_US"};
		for (int i = 0; i < 2; i++)
			if (tolk_speller_new(&chk->en[i], en[i], dict_dir) < 0)
				chk->en[i] = NULL;
		tolk_error_clear();
	}
	if ((rc = load_list(&chk->abbrevs, chk->dutch ? "abbreviations-nl.txt" : "abbreviations-en.txt")) < 0 ||
	    (chk->dutch && (rc = load_list(&chk->loanwords, "loanwords-nl.txt")) < 0))
		goto fail;
	*out = chk;
	return 0;
fail:
	tolk_spell_checker_free(chk);
	return rc;
}

void tolk_spell_checker_free(tolk_spell_checker *chk)
{
	if (!chk)
		return;
	tolk_speller_free(chk->sp);
	tolk_speller_free(chk->en[0]);
	tolk_speller_free(chk->en[1]);
	spell_map_free(&chk->words, NULL);
	spell_map_free(&chk->en_words, NULL);
	spell_map_free(&chk->compound_memo, NULL);
	spell_map_free(&chk->abbrevs, NULL);
	spell_map_free(&chk->loanwords, NULL);
	spell_map_free(&chk->english_seen, NULL);
	spell_map_free(&chk->acronym_seen, NULL);
	spell_map_free(&chk->name_seen, NULL);
	free(chk->tokens);
	tolk_buf_free(&chk->scratch);
	for (size_t i = 0; i < chk->npending; i++)
		free(chk->pending[i].word);
	free(chk->pending);
	spell_findings_free(chk->findings, chk->nfind);
	free(chk);
}

void tolk_spell_checker_set_options(tolk_spell_checker *chk, unsigned options)
{
	chk->options = options;
	spell_map_free(&chk->compound_memo, NULL);
}

bool tolk_spell_checker_has_english(const tolk_spell_checker *chk)
{
	return chk->en[0] || chk->en[1];
}

tolk_speller *tolk_spell_checker_speller(tolk_spell_checker *chk)
{
	return chk->sp;
}

void tolk_spell_checker_set_trace(tolk_spell_checker *chk, tolk_spell_trace_cb cb, void *payload)
{
	chk->trace = cb;
	chk->trace_payload = payload;
}

void spell_findings_free(tolk_spell_finding *findings, size_t count)
{
	if (!findings)
		return;
	for (size_t i = 0; i < count; i++) {
		free(findings[i].word);
		tolk_strarray_free(findings[i].suggestions, findings[i].suggestion_count);
	}
	free(findings);
}
