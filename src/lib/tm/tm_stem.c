/*
 * Dutch and English inflection for concordance, with stems of our own: a
 * Dutch word is stripped of a plural, adjective or verb ending, its vowel
 * length and final f/v, s/z restored in variants (grote/groot,
 * brieven/brief, huizen/huis); a form in a text matches when it is a variant
 * plus one of the endings Dutch inflection adds. Strong verbs come from
 * src/data/verbs-nl.txt, participles and particles (afgesproken,
 * vastgesteld) from rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"

/* Endings inflection adds to a stem (a doubled final consonant may come between). */
static const char *const nl_endings[] = {"", "e", "en", "s", "'s", "er", "ere", "eren", "ers", "st",
                                         "ste", "t", "te", "ten", "de", "den", "d", "je", "jes", NULL};
static const char *const en_endings[] = {"", "s", "es", "'s", "ed", "d", "ing", "er", "ers", "est", NULL};

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static void add_stem(tm_stem *st, const char *s, size_t n, unsigned langs)
{
	if (n < 3 || n >= sizeof(st->stems[0]) || st->nstems >= TM_STEMS_MAX)
		return;
	for (size_t k = 0; k < st->nstems; k++)
		if (strlen(st->stems[k]) == n && memcmp(st->stems[k], s, n) == 0) {
			/* a stem found both ways keeps the freer way */
			unsigned limits = TM_STEM_FORM | TM_STEM_PARTICIPLE;
			unsigned both = st->langs[k] & langs & limits;
			st->langs[k] = (uint8_t)(((st->langs[k] | langs) & ~limits) | both);
			return;
		}
	memcpy(st->stems[st->nstems], s, n);
	st->stems[st->nstems][n] = '\0';
	st->langs[st->nstems++] = (uint8_t)langs;
}

/* C V C at the end, the vowel single (grot, beslot, uitgav): its long form doubles it. */
static bool open_syllable(const char *s, size_t n)
{
	return n >= 3 && !is_vowel(s[n - 1]) && is_vowel(s[n - 2]) && s[n - 2] != 'i' && s[n - 2] != 'y' &&
	       !is_vowel(s[n - 3]);
}

/* Variants of a Dutch stem: vowel length, a final f/v or s/z. */
static void dutch_variants(tm_stem *st, const char *stem, size_t n, bool stripped, bool vowel_ending)
{
	char s[64];
	if (n + 2 >= sizeof(s))
		return;
	memcpy(s, stem, n);
	bool closed = false;
	if (vowel_ending && n >= 4 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1])) {
		n--; /* bedd(en) -> bed: the doubled consonant kept the vowel short */
		closed = true;
	}
	add_stem(st, s, n, TM_STEM_NL);
	char d[64];
	if (vowel_ending && !closed && open_syllable(s, n)) {
		/* grot(e) -> groot, beslot(en) -> besloot, uitgav(en) -> uitgaaf */
		memcpy(d, s, n - 1);
		d[n - 1] = s[n - 2];
		d[n] = s[n - 1];
		if (d[n] == 'v')
			d[n] = 'f';
		else if (d[n] == 'z')
			d[n] = 's';
		add_stem(st, d, n + 1, TM_STEM_NL);
	}
	if (n >= 4 && !is_vowel(s[n - 1]) && s[n - 2] == s[n - 3] && is_vowel(s[n - 2]) &&
	    !is_vowel(s[n - 4])) {
		/* groot -> grot(e), maak(te) -> mak(en); a final f or s voiced: geef -> gev(en) */
		memcpy(d, s, n - 2);
		d[n - 2] = s[n - 1];
		if (d[n - 2] == 'f')
			d[n - 2] = 'v';
		else if (d[n - 2] == 's')
			d[n - 2] = 'z';
		add_stem(st, d, n - 1, TM_STEM_NL);
	}
	if (s[n - 1] == 'v' || s[n - 1] == 'z') { /* brieven -> brief, huizen -> huis */
		memcpy(d, s, n);
		d[n - 1] = s[n - 1] == 'v' ? 'f' : 's';
		add_stem(st, d, n, TM_STEM_NL);
	} else if (!stripped && (s[n - 1] == 'f' || s[n - 1] == 's') && is_vowel(s[n - 2])) {
		memcpy(d, s, n); /* brief -> briev(en), huis -> huiz(en) */
		d[n - 1] = s[n - 1] == 'f' ? 'v' : 'z';
		add_stem(st, d, n, TM_STEM_NL);
	}
}

/*
 * A Dutch word's stem: one inflectional ending off, under the conditions
 * Dutch spelling puts on it — the -t of a verb only after a consonant (maakt,
 * not groot), the plural -s only after -el, -em, -en, -er, -je or a vowel
 * (ministers, not huis), weak past tenses -te(n)/-de(n) after a consonant.
 */
static void dutch_stems(tm_stem *st, const char *w, size_t n)
{
	size_t cut = 0;
	if (ends_with(w, n, "'s"))
		cut = 2;
	else if (ends_with(w, n, "heden"))
		cut = 2; /* mogelijkheden -> mogelijkhed; the variant below restores -heid */
	else if ((ends_with(w, n, "ten") || ends_with(w, n, "den")) && n > 5 && !is_vowel(w[n - 4]))
		cut = 3;
	else if (ends_with(w, n, "ste") && n > 6 && !is_vowel(w[n - 4]))
		cut = 3;
	else if ((ends_with(w, n, "te") || ends_with(w, n, "de")) && n > 5 && !is_vowel(w[n - 3]))
		cut = 2;
	else if (ends_with(w, n, "en") && n > 4)
		cut = 2;
	else if (ends_with(w, n, "e") && n > 4 && !is_vowel(w[n - 2]))
		cut = 1;
	else if (ends_with(w, n, "s") && n > 4 &&
	         (ends_with(w, n - 1, "el") || ends_with(w, n - 1, "em") || ends_with(w, n - 1, "en") ||
	          ends_with(w, n - 1, "er") || ends_with(w, n - 1, "je") || (is_vowel(w[n - 2]) && !is_vowel(w[n - 3]))))
		cut = 1;
	else if (ends_with(w, n, "t") && n > 4 && !is_vowel(w[n - 2]) && w[n - 2] != 't')
		cut = 1;
	if (ends_with(w, n, "heden")) {
		char s[64];
		memcpy(s, w, n - 5);
		memcpy(s + n - 5, "heid", 4);
		add_stem(st, s, n - 1, TM_STEM_NL);
	}
	bool vowel_ending = cut > 0 && is_vowel(w[n - cut]);
	dutch_variants(st, w, n - cut, cut > 0, vowel_ending);
}

/* ---- verbs ------------------------------------------------------------------------------ */
/* Prefixes a participle takes without ge- (besproken) and particles it follows (afgesproken). */
static const char *const inseparable[] = {"be", "er", "ge", "her", "mis", "ont", "ver", NULL};
static const char *const separable[] = {
	"aan", "achter", "af", "bekend", "bij", "binnen", "deel", "dicht", "goed", "in", "kennis", "kwijt",
	"langs", "los", "mee", "na", "neer", "op", "open", "plaats", "rond", "samen", "stil", "tegen", "tekort",
	"terecht", "terug", "teweeg", "thuis", "toe", "uit", "vast", "voor", "vooruit", "voort", "vrij", "weg", NULL};
/* Either (onderhouden, ondergegaan). */
static const char *const both_ways[] = {"door", "om", "onder", "over", NULL};

enum { PREFIX_NONE = 0, PREFIX_INSEPARABLE = 1, PREFIX_SEPARABLE = 2, PREFIX_BOTH = 3 };

static bool in_list(const char *const *list, const char *p, size_t n)
{
	for (size_t k = 0; list[k]; k++)
		if (strlen(list[k]) == n && memcmp(list[k], p, n) == 0)
			return true;
	return false;
}

/* What the n bytes before a verb form are: nothing, a prefix of a kind, or -1 (not a prefix). */
static int prefix_kind(const char *p, size_t n)
{
	if (n == 0)
		return PREFIX_NONE;
	if (in_list(inseparable, p, n))
		return PREFIX_INSEPARABLE;
	if (in_list(separable, p, n))
		return PREFIX_SEPARABLE;
	return in_list(both_ways, p, n) ? PREFIX_BOTH : -1;
}

size_t tm_separable_particle(const char *word, size_t len)
{
	if (len < 6 || word[len - 1] != 'n')
		return 0;
	size_t best = 0;
	const char *const *lists[] = {separable, both_ways};
	for (size_t l = 0; l < 2; l++)
		for (size_t k = 0; lists[l][k]; k++) {
			size_t n = strlen(lists[l][k]);
			if (n > best && len >= n + 4 && memcmp(word, lists[l][k], n) == 0)
				best = n;
		}
	return best;
}

static void add_joined(tm_stem *st, const char *a, size_t na, const char *b, size_t nb)
{
	char s[64];
	if (na + nb >= sizeof(s))
		return;
	memcpy(s, a, na);
	memcpy(s + na, b, nb);
	add_stem(st, s, na + nb, TM_STEM_NL | TM_STEM_FORM);
}

typedef struct verb_line {
	const char *form[12];
	size_t len[12], n;
} verb_line;

static bool is_participle(const verb_line *v, size_t k)
{
	return k > 0 && v->len[k] > 4 && memcmp(v->form[k], "ge", 2) == 0;
}

/* Every form of the verb, with the prefix put where Dutch puts it. */
static void add_verb_forms(tm_stem *st, const verb_line *v, const char *p, size_t np, int kind)
{
	for (size_t k = 0; k < v->n; k++) {
		if (!is_participle(v, k) || kind == PREFIX_NONE || kind == PREFIX_SEPARABLE)
			add_joined(st, p, np, v->form[k], v->len[k]);
		if (is_participle(v, k) && (kind == PREFIX_INSEPARABLE || kind == PREFIX_BOTH))
			add_joined(st, p, np, v->form[k] + 2, v->len[k] - 2);
		if (is_participle(v, k) && kind == PREFIX_BOTH)
			add_joined(st, p, np, v->form[k], v->len[k]);
	}
}

/* Does w end in form k of the verb (after a prefix that fits)? Then all its forms are stems. */
static bool verb_matches(tm_stem *st, const verb_line *v, const char *w, size_t n)
{
	for (size_t k = 0; k < v->n; k++) {
		const char *f = v->form[k];
		size_t fl = v->len[k];
		if (n >= fl && memcmp(w + n - fl, f, fl) == 0) {
			int kind = prefix_kind(w, n - fl);
			if (kind >= 0) {
				add_verb_forms(st, v, w, n - fl, kind);
				return true;
			}
		}
		/* besproken: an inseparable prefix takes the place of ge- */
		if (is_participle(v, k) && n > fl - 2 && memcmp(w + n - (fl - 2), f + 2, fl - 2) == 0) {
			int kind = prefix_kind(w, n - (fl - 2));
			if (kind == PREFIX_INSEPARABLE || kind == PREFIX_BOTH) {
				add_verb_forms(st, v, w, n - (fl - 2), kind);
				return true;
			}
		}
	}
	return false;
}

/* Strong and irregular verbs (src/data/verbs-nl.txt): spreken, sprak, spraken, gesproken. */
static void strong_verb_stems(tm_stem *st, const char *w, size_t n)
{
	size_t len = 0;
	const char *data = tolk_embedded("verbs-nl.txt", &len);
	for (size_t p = 0; data && p < len;) {
		size_t e = p;
		while (e < len && data[e] != '\n')
			e++;
		verb_line v = {.n = 0};
		for (size_t i = p; i < e && data[p] != '#' && v.n < 12;) {
			while (i < e && data[i] == ' ')
				i++;
			size_t j = i;
			while (j < e && data[j] != ' ')
				j++;
			if (j > i) {
				v.form[v.n] = data + i;
				v.len[v.n++] = j - i;
			}
			i = j;
		}
		if (v.n && verb_matches(st, &v, w, n))
			return;
		p = e + 1;
	}
}

/*
 * Weak verbs: a participle is ge- + stem + d/t (gecoordineerd, vastgesteld)
 * and an infinitive's stem makes one. Both ways, so either form finds the other.
 */
static void participle_stems(tm_stem *st, const char *w, size_t n)
{
	static const char *const endings[] = {"den", "ten", "de", "te", "d", "t", NULL};
	/* from a participle: the particle (if any), ge-, a stem of four letters or more, an ending */
	for (size_t pl = 0; pl + 2 < n; pl++) {
		if (memcmp(w + pl, "ge", 2) != 0 || (pl > 0 && prefix_kind(w, pl) != PREFIX_SEPARABLE &&
		                                      prefix_kind(w, pl) != PREFIX_BOTH))
			continue;
		for (size_t k = 0; endings[k]; k++) {
			size_t el = strlen(endings[k]);
			if (n < pl + 2 + 4 + el || !ends_with(w, n, endings[k]))
				continue;
			char s[64];
			size_t sl = n - 2 - el;
			if (sl >= sizeof(s))
				return;
			memcpy(s, w, pl);
			memcpy(s + pl, w + pl + 2, sl - pl);
			dutch_variants(st, s, sl, true, false);
			return;
		}
	}
}

/* The participle stems of an infinitive's stems (already in st): stel -> gestel, vaststel -> vastgestel. */
static void participles_of_stems(tm_stem *st, size_t from)
{
	size_t upto = st->nstems;
	for (size_t k = from; k < upto; k++) {
		const char *s = st->stems[k];
		size_t n = strlen(s), pl = 0;
		for (size_t l = 1; l + 3 <= n && !pl; l++) {
			int kind = prefix_kind(s, l);
			if (kind == PREFIX_INSEPARABLE)
				pl = SIZE_MAX; /* bestel: no ge- */
			else if (kind == PREFIX_SEPARABLE)
				pl = l;
		}
		if (pl == SIZE_MAX)
			continue;
		char d[64];
		if (n + 2 >= sizeof(d))
			continue;
		memcpy(d, s, pl);
		memcpy(d + pl, "ge", 2);
		memcpy(d + pl + 2, s + pl, n - pl);
		add_stem(st, d, n + 2, TM_STEM_NL | TM_STEM_PARTICIPLE);
	}
}

static void english_stems(tm_stem *st, const char *w, size_t n)
{
	char s[64];
	if (n + 2 >= sizeof(s))
		return;
	memcpy(s, w, n);
	size_t m = n;
	if (ends_with(w, n, "ies") && n > 5) {
		m = n - 3;
		s[m++] = 'y';
	} else if (ends_with(w, n, "ing") && n > 5) {
		m = n - 3;
	} else if (ends_with(w, n, "ed") && n > 4) {
		m = n - 2;
	} else if ((ends_with(w, n, "ches") || ends_with(w, n, "shes") || ends_with(w, n, "sses") ||
	            ends_with(w, n, "xes")) && n > 5) {
		m = n - 2;
	} else if (ends_with(w, n, "'s")) {
		m = n - 2;
	} else if (ends_with(w, n, "s") && n > 3 && !ends_with(w, n, "ss") && !ends_with(w, n, "us")) {
		m = n - 1;
	}
	if (m < n && m >= 4 && s[m - 1] == s[m - 2] && !is_vowel(s[m - 1]) && s[m - 1] != 's' && s[m - 1] != 'l')
		m--; /* planned -> plan */
	add_stem(st, s, m, TM_STEM_EN);
	if (s[m - 1] == 'y' && m >= 4) { /* country -> countri(es) */
		s[m - 1] = 'i';
		add_stem(st, s, m, TM_STEM_EN);
	}
}

void tm_stem_word(tm_stem *out, const char *key, size_t len, bool dutch, bool english)
{
	memset(out, 0, sizeof(*out));
	bool has_digit = false;
	for (size_t k = 0; k < len; k++)
		has_digit |= key[k] >= '0' && key[k] <= '9';
	if (len >= sizeof(out->stems[0]) - 2) {
		out->exact_only = true;
		return;
	}
	memcpy(out->stems[0], key, len);
	out->stems[0][len] = '\0';
	out->langs[0] = TM_STEM_NL | TM_STEM_EN;
	out->nstems = 1;
	/* short words and numbers are matched as typed: de, het, van, 2020 */
	if (len <= 3 || has_digit) {
		out->exact_only = true;
		return;
	}
	if (dutch) {
		size_t first = out->nstems;
		dutch_stems(out, key, len);
		if (ends_with(key, len, "en"))
			participles_of_stems(out, first);
		participle_stems(out, key, len);
		strong_verb_stems(out, key, len);
	}
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
	/* a doubled final consonant before a vowel ending: bed -> bedden, plan -> planned */
	if (rn > 1 && rest[0] == stem[n - 1] && !is_vowel(rest[0]) && is_vowel(rest[1])) {
		for (size_t k = 0; endings[k]; k++)
			if (strlen(endings[k]) == rn - 1 && memcmp(rest + 1, endings[k], rn - 1) == 0)
				return true;
	}
	for (size_t k = 0; endings[k]; k++)
		if (strlen(endings[k]) == rn && memcmp(rest, endings[k], rn) == 0)
			return true;
	return false;
}

bool tm_stem_matches(const tm_stem *st, const char *key, size_t len, bool dutch, bool english)
{
	if (st->nstems && strlen(st->stems[0]) == len && memcmp(st->stems[0], key, len) == 0)
		return true;
	if (st->exact_only)
		return false;
	static const char *const form_endings[] = {"", "e", NULL};
	static const char *const participle_endings[] = {"d", "t", "de", "te", NULL};
	for (size_t k = 0; k < st->nstems; k++) {
		if (st->langs[k] & (TM_STEM_FORM | TM_STEM_PARTICIPLE)) {
			const char *const *endings = st->langs[k] & TM_STEM_FORM ? form_endings : participle_endings;
			if (dutch && matches_endings(st->stems[k], key, len, endings))
				return true;
			continue;
		}
		if (dutch && (st->langs[k] & TM_STEM_NL) && matches_endings(st->stems[k], key, len, nl_endings))
			return true;
		if (english && (st->langs[k] & TM_STEM_EN) && matches_endings(st->stems[k], key, len, en_endings))
			return true;
	}
	return false;
}

