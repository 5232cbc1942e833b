/*
 * Inflection-aware matching: the base forms a Dutch or English word may be an
 * inflection of. Both a term and a word of running text are expanded, and
 * they match when the two sets meet, so the rules only have to agree with
 * themselves (bondgenoten and bondgenoot both yield "bondgenoot"), not be a
 * complete morphology. Over-generation costs little: a wrong base form only
 * matters if it happens to be another term's form.
 */
#include <string.h>

#include "termbase_priv.h"

static void add(tb_forms *f, const char *s, size_t n)
{
	if (f->count >= TB_INFLECT_MAX || n == 0)
		return;
	for (size_t i = 0; i < f->count; i++)
		if (f->len[i] == n && memcmp(f->buf + f->off[i], s, n) == 0)
			return;
	size_t off = f->count ? (size_t)f->off[f->count - 1] + f->len[f->count - 1] : 0;
	if (off + n > sizeof(f->buf))
		return;
	memcpy(f->buf + off, s, n);
	f->off[f->count] = (uint16_t)off;
	f->len[f->count] = (uint16_t)n;
	f->count++;
}

/* Add s[0..n) followed by suffix. */
static void add2(tb_forms *f, const char *s, size_t n, const char *suffix)
{
	char tmp[80];
	size_t k = strlen(suffix);
	if (n + k > sizeof(tmp))
		return;
	memcpy(tmp, s, n);
	memcpy(tmp + n, suffix, k);
	add(f, tmp, n + k);
}

static bool ends(const char *w, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static bool is_consonant(char c)
{
	return c >= 'a' && c <= 'z' && !is_vowel(c);
}

/*
 * A Dutch stem left after taking off -en or -e: undo the spelling changes of
 * the open syllable (bondgenot+en -> bondgenoot, kabinett+en -> kabinet,
 * brev+en -> brief-like v/f and z/s alternations).
 */
static void nl_stem(tb_forms *f, const char *s, size_t n)
{
	if (n < 2)
		return;
	add(f, s, n);
	char last = s[n - 1];
	if (is_consonant(last) && s[n - 2] == last) {
		add(f, s, n - 1); /* kabinetten -> kabinet */
		return;
	}
	char alt = last == 'v' ? 'f' : last == 'z' ? 's' : 0;
	if (alt) {
		char tmp[80];
		memcpy(tmp, s, n);
		tmp[n - 1] = alt;
		add(f, tmp, n);
	}
	/* A single vowel between consonants was long: bondgenot -> bondgenoot, vital -> vitaal. */
	if (n >= 3 && is_consonant(last) && is_vowel(s[n - 2]) && s[n - 2] != 'i' && s[n - 2] != 'y' &&
	    !is_vowel(s[n - 3]) && n + 1 < 80) {
		char tmp[80];
		memcpy(tmp, s, n - 1);
		tmp[n - 1] = s[n - 2];
		tmp[n] = alt ? alt : last;
		add(f, tmp, n + 1);
	}
}

static void dutch(tb_forms *f, const char *w, size_t n)
{
	if (ends(w, n, "'s")) { /* NAVO's, dilemma's, auto's */
		add(f, w, n - 2);
		return;
	}
	if (n >= 7 && ends(w, n, "heden")) { /* mogelijkheden -> mogelijkheid */
		add2(f, w, n - 5, "heid");
		return;
	}
	if (n >= 5 && ends(w, n, "s") && !ends(w, n, "ss")) /* ministers, missies, operaties */
		add(f, w, n - 1);
	if (n >= 5 && ends(w, n, "en")) {
		add(f, w, n - 1);      /* uitgaven -> uitgave */
		nl_stem(f, w, n - 2);  /* verdedigingen -> verdediging, bondgenoten -> bondgenoot */
	} else if (n >= 5 && ends(w, n, "e") && !ends(w, n, "ee") && !ends(w, n, "ie")) {
		nl_stem(f, w, n - 1);  /* militaire -> militair, vitale -> vitaal */
	}
}

static void english(tb_forms *f, const char *w, size_t n)
{
	if (ends(w, n, "'s")) {
		add(f, w, n - 2);
		return;
	}
	if (ends(w, n, "s'")) {
		add(f, w, n - 1);
		w = f->buf + f->off[f->count - 1];
		n = f->len[f->count - 1];
	}
	if (n >= 5 && ends(w, n, "men")) /* servicemen */
		add2(f, w, n - 3, "man");
	if (n >= 4 && ends(w, n, "ies")) { /* Allies -> ally, capabilities -> capability */
		add2(f, w, n - 3, "y");
		return;
	}
	if (n >= 4 && ends(w, n, "s") && !ends(w, n, "ss") && !ends(w, n, "us") && !ends(w, n, "is")) {
		add(f, w, n - 1); /* defences -> defence, missions -> mission */
		if (ends(w, n, "es") && (ends(w, n, "ches") || ends(w, n, "shes") || ends(w, n, "xes") ||
		                         ends(w, n, "sses") || ends(w, n, "zes")))
			add(f, w, n - 2); /* approaches -> approach */
	}
}

void tb_inflect_forms(tb_forms *out, int lang, const char *word, size_t len)
{
	out->count = 0;
	add(out, word, len);
	if (len > 64 || len < 3)
		return;
	/* Numbers and abbreviations with digits do not inflect. */
	for (size_t i = 0; i < len; i++)
		if (word[i] >= '0' && word[i] <= '9')
			return;
	if (lang == 0)
		dutch(out, word, len);
	else
		english(out, word, len);
}
