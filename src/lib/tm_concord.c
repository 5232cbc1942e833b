/*
 * Concordance: units whose text holds a phrase, found through the FTS5 index
 * and checked word by word. Inflection is handled by stems of our own: a
 * Dutch word is stripped of a plural, adjective or verb ending, its vowel
 * length and final f/v, s/z restored in variants (grote/groot,
 * brieven/brief, huizen/huis); a form in the text matches when it is a
 * variant plus one of the endings Dutch inflection adds. The index is asked
 * for the variants as prefixes, the check throws out what a prefix over-
 * matches (minister* finds ministerie; the check does not accept it).
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PHRASE_WORDS 16
#define MAX_COMBINATIONS 16
#define SCAN_LIMIT 50000

static const char *const nl_endings[] = {"", "e", "en", "s", "'s", "er", "ere", "eren", "ers", "st",
                                         "ste", "t", "te", "ten", "de", "den", "d", "je", "jes", NULL};
static const char *const en_endings[] = {"", "s", "es", "'s", "ed", "d", "ing", "er", "ers", "est", NULL};
/* stripped longest first; the stem must keep at least 3 letters */
static const char *const nl_strip[] = {"eren", "ere", "ers", "ste", "ten", "den", "sten", "en", "er",
                                       "'s", "st", "te", "de", "e", "s", "t", NULL};
static const char *const en_strip[] = {"ies", "ing", "'s", "es", "ed", "s", NULL};

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static void add_stem(tm_stem *st, const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(st->stems[0]) || st->nstems >= 4)
		return;
	for (size_t k = 0; k < st->nstems; k++)
		if (strlen(st->stems[k]) == n && memcmp(st->stems[k], s, n) == 0)
			return;
	memcpy(st->stems[st->nstems], s, n);
	st->stems[st->nstems][n] = '\0';
	st->nstems++;
}

static void dutch_stems(tm_stem *st, const char *key, size_t len)
{
	size_t n = len;
	for (size_t k = 0; nl_strip[k]; k++)
		if (ends_with(key, len, nl_strip[k]) && len - strlen(nl_strip[k]) >= 3) {
			n = len - strlen(nl_strip[k]);
			break;
		}
	char s[64];
	if (n >= sizeof(s) - 2)
		return;
	memcpy(s, key, n);
	/* bedden -> bedd -> bed */
	if (n < len && n >= 4 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1]))
		n--;
	add_stem(st, s, n);
	if (n >= 3 && !is_vowel(s[n - 1]) && is_vowel(s[n - 2]) && s[n - 2] != 'i' && !is_vowel(s[n - 3])) {
		/* open syllable: grot(e) -> groot; the vowel is long when the ending goes */
		char d[64];
		memcpy(d, s, n - 1);
		d[n - 1] = s[n - 2];
		d[n] = s[n - 1];
		size_t m = n + 1;
		if (d[m - 1] == 'v')
			d[m - 1] = 'f';
		else if (d[m - 1] == 'z')
			d[m - 1] = 's';
		if (n < len)
			add_stem(st, d, m);
	} else if (n >= 4 && !is_vowel(s[n - 1]) && s[n - 2] == s[n - 3] && is_vowel(s[n - 2]) &&
	           s[n - 2] != 'e' && !is_vowel(s[n - 4])) {
		/* groot -> grot(e), maak -> mak(en); ee stays (twee, zee, vee are not open-syllable pairs) */
		char d[64];
		memcpy(d, s, n - 2);
		d[n - 2] = s[n - 1];
		add_stem(st, d, n - 1);
	}
	/* final devoicing: brieven/brief, huizen/huis */
	if (n >= 3 && (s[n - 1] == 'v' || s[n - 1] == 'z')) {
		s[n - 1] = s[n - 1] == 'v' ? 'f' : 's';
		add_stem(st, s, n);
	} else if (n >= 3 && (s[n - 1] == 'f' || s[n - 1] == 's') && n == len) {
		s[n - 1] = s[n - 1] == 'f' ? 'v' : 'z';
		add_stem(st, s, n);
	}
}

static void english_stems(tm_stem *st, const char *key, size_t len)
{
	char s[64];
	if (len >= sizeof(s) - 2)
		return;
	for (size_t k = 0; en_strip[k]; k++) {
		size_t sl = strlen(en_strip[k]);
		if (!ends_with(key, len, en_strip[k]) || len - sl < 3)
			continue;
		size_t n = len - sl;
		memcpy(s, key, n);
		if (strcmp(en_strip[k], "ies") == 0)
			s[n++] = 'y';
		else if (n >= 4 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1]) && s[n - 1] != 's' && s[n - 1] != 'l')
			n--; /* planned -> plan */
		add_stem(st, s, n);
		return;
	}
	add_stem(st, key, len);
	if (len >= 4 && key[len - 1] == 'y') /* country -> countri(es) */
		add_stem(st, key, len - 1);
}

void tm_stem_word(tm_stem *out, const char *key, size_t len, bool dutch, bool english)
{
	memset(out, 0, sizeof(*out));
	bool has_digit = false;
	for (size_t k = 0; k < len; k++)
		has_digit |= key[k] >= '0' && key[k] <= '9';
	if (len <= 3 || has_digit || len >= sizeof(out->stems[0]) - 2) {
		out->exact_only = true;
		add_stem(out, key, len);
		return;
	}
	add_stem(out, key, len);
	if (dutch)
		dutch_stems(out, key, len);
	if (english)
		english_stems(out, key, len);
}

static bool matches_endings(const char *stem, const char *key, size_t len, const char *const *endings)
{
	size_t n = strlen(stem);
	if (len < n || memcmp(key, stem, n) != 0)
		return false;
	const char *rest = key + n;
	size_t rn = len - n;
	/* a doubled final consonant before the ending: bed -> bedden */
	if (rn > 0 && n > 0 && rest[0] == stem[n - 1] && !is_vowel(rest[0])) {
		for (size_t k = 0; endings[k]; k++)
			if (*endings[k] && strlen(endings[k]) == rn - 1 && memcmp(rest + 1, endings[k], rn - 1) == 0)
				return true;
	}
	for (size_t k = 0; endings[k]; k++)
		if (strlen(endings[k]) == rn && memcmp(rest, endings[k], rn) == 0)
			return true;
	return false;
}

bool tm_stem_matches(const tm_stem *st, const char *key, size_t len, bool dutch, bool english)
{
	for (size_t k = 0; k < st->nstems; k++) {
		if (strlen(st->stems[k]) == len && memcmp(st->stems[k], key, len) == 0)
			return true;
		if (st->exact_only)
			continue;
		if (dutch && matches_endings(st->stems[k], key, len, nl_endings))
			return true;
		if (english && matches_endings(st->stems[k], key, len, en_endings))
			return true;
	}
	return false;
}

/* ---- the search ---------------------------------------------------------------------- */
typedef struct phrase_word {
	char key[64];
	size_t len;
	tm_stem stem;
} phrase_word;

static void fts_quote(tolk_buf *b, const char *s)
{
	tolk_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			tolk_buf_putc(b, '"');
		tolk_buf_putc(b, *s);
	}
	tolk_buf_putc(b, '"');
}

static size_t common_prefix(const tm_stem *st)
{
	size_t n = strlen(st->stems[0]);
	for (size_t k = 1; k < st->nstems; k++) {
		size_t m = 0;
		while (m < n && st->stems[k][m] == st->stems[0][m])
			m++;
		n = m;
	}
	return n;
}

/* An FTS5 query: the phrase with each word's variants as prefixes, alternatives OR'ed. */
static int build_query(tolk_buf *q, const phrase_word *w, size_t n)
{
	size_t combos = 1;
	for (size_t k = 0; k < n && combos <= MAX_COMBINATIONS; k++)
		combos *= w[k].stem.exact_only ? 1 : w[k].stem.nstems;
	bool expand = combos <= MAX_COMBINATIONS;
	if (!expand)
		combos = 1;
	for (size_t c = 0; c < combos; c++) {
		if (c)
			tolk_buf_puts(q, " OR ");
		size_t rest = c;
		for (size_t k = 0; k < n; k++) {
			if (k)
				tolk_buf_puts(q, " + ");
			const tm_stem *st = &w[k].stem;
			if (st->exact_only) {
				fts_quote(q, w[k].key);
				continue;
			}
			char prefix[64];
			if (expand) {
				snprintf(prefix, sizeof(prefix), "%s", st->stems[rest % st->nstems]);
				rest /= st->nstems;
			} else {
				size_t m = common_prefix(st);
				memcpy(prefix, st->stems[0], m);
				prefix[m] = '\0';
			}
			fts_quote(q, prefix);
			tolk_buf_puts(q, " *");
		}
	}
	return q->ptr ? 0 : TOLK_ENOMEM;
}

/* Does a token's key match a phrase word: as typed, inflected, or as a part of a compound? */
static bool word_matches(bool *exact, const char *key, size_t len, const phrase_word *w, bool dutch, bool english)
{
	*exact = len == w->len && memcmp(key, w->key, len) == 0;
	if (*exact || tm_stem_matches(&w->stem, key, len, dutch, english))
		return true;
	if (!memchr(key, '-', len))
		return false;
	const char *end = key + len;
	for (const char *part = key; part < end;) {
		const char *dash = memchr(part, '-', (size_t)(end - part));
		const char *stop = dash ? dash : end;
		size_t plen = (size_t)(stop - part);
		if (plen == w->len && memcmp(part, w->key, plen) == 0) {
			*exact = true;
			return true;
		}
		if (plen && tm_stem_matches(&w->stem, part, plen, dutch, english))
			return true;
		part = stop + 1;
	}
	return false;
}

/* Where the phrase occurs in text: spans of its words; false when it does not. */
static int find_phrase(bool *found, bool *exact, tolk_tm_span **spans, size_t *nspans, const tm_tokens *t,
                       const phrase_word *w, size_t n, bool dutch, bool english)
{
	*found = *exact = false;
	*spans = NULL;
	*nspans = 0;
	size_t words = 0;
	uint32_t *idx = tolk_malloc((t->nwords ? t->nwords : 1) * sizeof(uint32_t));
	if (!idx)
		return TOLK_ENOMEM;
	for (size_t k = 0; k < t->count; k++)
		if (t->items[k].kind != TM_TOK_PUNCT)
			idx[words++] = (uint32_t)k;
	size_t cap = 0;
	int rc = 0;
	for (size_t s = 0; s + n <= words && rc == 0; s++) {
		bool all = true, all_exact = true;
		for (size_t k = 0; k < n && all; k++) {
			const tm_token *tok = &t->items[idx[s + k]];
			const char *key = tm_key(t, tok);
			bool ex = false, ok = word_matches(&ex, key, tok->key_len, &w[k], dutch, english);
			all = ok;
			all_exact &= ex;
		}
		if (!all)
			continue;
		if (!*found || (all_exact && !*exact)) {
			/* keep the first occurrence, or the first exact one */
			*nspans = 0;
			for (size_t k = 0; k < n; k++) {
				if (tolk_array_grow((void **)spans, &cap, *nspans + 1, sizeof(**spans)) < 0) {
					rc = TOLK_ENOMEM;
					break;
				}
				const tm_token *tok = &t->items[idx[s + k]];
				(*spans)[*nspans].start = tok->start;
				(*spans)[(*nspans)++].end = tok->end;
			}
			*found = true;
			*exact = all_exact;
		}
		if (*exact)
			break;
	}
	free(idx);
	if (rc < 0) {
		free(*spans);
		*spans = NULL;
		*nspans = 0;
	}
	return rc;
}

static void hit_clear(tolk_tm_hit *h)
{
	free(h->source);
	free(h->target);
	free(h->source_lang);
	free(h->target_lang);
	free(h->source_spans);
	free(h->target_spans);
	memset(h, 0, sizeof(*h));
}

typedef struct hits {
	tolk_tm_hit *items;
	size_t count, cap;
} hits;

static tolk_tm_hit *find_unit(hits *h, int64_t unit)
{
	for (size_t k = 0; k < h->count; k++)
		if (h->items[k].unit_id == unit)
			return &h->items[k];
	return NULL;
}

/* Fill a new hit with the pair's texts of the unit. */
static int hit_fill(tolk_tm_hit *h, tolk_tm *tm, int64_t unit)
{
	int64_t id;
	const char *tag;
	h->unit_id = unit;
	int rc = tm_unit_variant(&id, &h->source, &tag, tm, unit, tm->src_lang);
	if (rc == 0 && h->source && !(h->source_lang = tolk_strdup(tag)))
		rc = TOLK_ENOMEM;
	if (rc == 0)
		rc = tm_unit_variant(&id, &h->target, &tag, tm, unit, tm->tgt_lang);
	if (rc == 0 && h->target && !(h->target_lang = tolk_strdup(tag)))
		rc = TOLK_ENOMEM;
	return rc;
}

int tolk_tm_concordance(tolk_tm_hit_list **out, tolk_tm *tm, const char *phrase,
                        const tolk_tm_concordance_options *opts)
{
	*out = NULL;
	size_t bad;
	if (!phrase || tolk_utf8_validate(&bad, phrase, strlen(phrase)) < 0)
		return tolk_error_set(TOLK_EINVALID, _("the phrase is not valid UTF-8"));
	size_t max = opts && opts->max_results ? opts->max_results : 20;
	const char *only = opts ? opts->lang : NULL;
	int rc = tm_langs_load(tm);
	if (rc < 0)
		return rc;
	tm_tokens pt = {0};
	phrase_word words[MAX_PHRASE_WORDS];
	size_t n = 0;
	tolk_buf query = TOLK_BUF_INIT;
	sqlite3_stmt *st = NULL;
	hits exact = {0}, inflected = {0};
	tolk_tm_span *spans = NULL;
	bool dutch_q = !only || tolk_lang_match(only, "nl") >= 1, english_q = !only || tolk_lang_match(only, "en") >= 1;
	if ((rc = tm_tokenize(&pt, phrase, strlen(phrase))) < 0)
		goto done;
	for (size_t k = 0; k < pt.count; k++) {
		const tm_token *tok = &pt.items[k];
		if (tok->kind == TM_TOK_PUNCT)
			continue;
		if (n == MAX_PHRASE_WORDS) {
			rc = tolk_error_set(TOLK_EINVALID, _("a phrase of at most %d words, please"), MAX_PHRASE_WORDS);
			goto done;
		}
		if (tok->key_len >= sizeof(words[n].key)) {
			rc = tolk_error_set(TOLK_EINVALID, _("a word of the phrase is too long"));
			goto done;
		}
		memcpy(words[n].key, tm_key(&pt, tok), tok->key_len + 1);
		words[n].len = tok->key_len;
		tm_stem_word(&words[n].stem, words[n].key, words[n].len, dutch_q, english_q);
		n++;
	}
	if (n == 0) {
		rc = tolk_error_set(TOLK_EINVALID, _("the phrase has no words to search for"));
		goto done;
	}
	if ((rc = build_query(&query, words, n)) < 0)
		goto done;
	if ((rc = tm_exec(tm, "BEGIN")) < 0)
		goto done;
	/* newest first: the most recent translation of a phrase is usually the one wanted */
	if ((rc = tm_prepare(tm, &st,
	                     "SELECT v.id, v.tu, v.lang, v.text FROM tuv_fts f JOIN tuv v ON v.id = f.rowid "
	                     "WHERE tuv_fts MATCH ? ORDER BY f.rowid DESC")) < 0) {
		sqlite3_exec(tm->db, "COMMIT", NULL, NULL, NULL);
		goto done;
	}
	sqlite3_bind_text(st, 1, query.ptr, (int)query.len, SQLITE_STATIC);
	int src = SQLITE_DONE;
	size_t scanned = 0;
	while (rc == 0 && exact.count < max && scanned++ < SCAN_LIMIT && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t lang = sqlite3_column_int64(st, 2);
		const char *tag = tm_lang_tag(tm, lang);
		if (!tag)
			continue;
		bool wanted = only ? tolk_lang_match(tag, only) >= 1
		                   : tolk_lang_match(tag, tm->src_lang) >= 1 || tolk_lang_match(tag, tm->tgt_lang) >= 1;
		if (!wanted)
			continue;
		const char *text = (const char *)sqlite3_column_text(st, 3);
		bool is_nl = tolk_lang_match(tag, "nl") >= 1, is_en = tolk_lang_match(tag, "en") >= 1;
		bool dutch = is_nl || !is_en, english = is_en || !is_nl;
		if ((rc = tm_tokenize(&tm->ctok, text, strlen(text))) < 0)
			break;
		bool found, is_exact;
		size_t nspans;
		if ((rc = find_phrase(&found, &is_exact, &spans, &nspans, &tm->ctok, words, n, dutch, english)) < 0)
			break;
		if (!found || (!is_exact && inflected.count >= max)) {
			free(spans);
			spans = NULL;
			continue;
		}
		int64_t unit = sqlite3_column_int64(st, 1);
		tolk_tm_hit *h = find_unit(&exact, unit);
		if (!h)
			h = find_unit(&inflected, unit);
		if (!h) {
			hits *into = is_exact ? &exact : &inflected;
			if (tolk_array_grow((void **)&into->items, &into->cap, into->count + 1, sizeof(*into->items)) < 0) {
				rc = TOLK_ENOMEM;
				break;
			}
			h = &into->items[into->count++];
			memset(h, 0, sizeof(*h));
			h->exact = is_exact;
			if ((rc = hit_fill(h, tm, unit)) < 0)
				break;
		}
		/* the spans belong to the side whose text matched */
		bool on_target = h->target && strcmp(h->target, text) == 0 && !(h->source && strcmp(h->source, text) == 0);
		if (!on_target && h->source && strcmp(h->source, text) != 0) {
			/* a third language asked for with --lang: show it in place of the source */
			free(h->source);
			free(h->source_lang);
			h->source = tolk_strdup(text);
			h->source_lang = tolk_strdup(tag);
			free(h->source_spans);
			h->source_spans = NULL;
			h->nsource_spans = 0;
			if (!h->source || !h->source_lang) {
				rc = TOLK_ENOMEM;
				break;
			}
		}
		tolk_tm_span **dst = on_target ? &h->target_spans : &h->source_spans;
		size_t *ndst = on_target ? &h->ntarget_spans : &h->nsource_spans;
		if (!*dst) {
			*dst = spans;
			*ndst = nspans;
			spans = NULL;
		}
		free(spans);
		spans = NULL;
	}
	if (rc == 0 && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = tm_sql_error(tm, src);
	sqlite3_finalize(st);
	st = NULL;
	sqlite3_exec(tm->db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0)
		goto done;
	tolk_tm_hit_list *list = tolk_calloc(1, sizeof(*list));
	size_t total = exact.count + inflected.count;
	if (total > max)
		total = max;
	if (list && total)
		list->items = tolk_calloc(total, sizeof(*list->items));
	if (!list || (total && !list->items)) {
		free(list);
		rc = TOLK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < exact.count && list->count < total; k++) {
		list->items[list->count++] = exact.items[k];
		memset(&exact.items[k], 0, sizeof(exact.items[k]));
	}
	for (size_t k = 0; k < inflected.count && list->count < total; k++) {
		list->items[list->count++] = inflected.items[k];
		memset(&inflected.items[k], 0, sizeof(inflected.items[k]));
	}
	*out = list;
done:
	for (size_t k = 0; k < exact.count; k++)
		hit_clear(&exact.items[k]);
	for (size_t k = 0; k < inflected.count; k++)
		hit_clear(&inflected.items[k]);
	free(exact.items);
	free(inflected.items);
	free(spans);
	tm_tokens_free(&pt);
	tolk_buf_free(&query);
	return rc;
}

void tolk_tm_hit_list_free(tolk_tm_hit_list *list)
{
	if (!list)
		return;
	for (size_t k = 0; k < list->count; k++)
		hit_clear(&list->items[k]);
	free(list->items);
	free(list);
}
