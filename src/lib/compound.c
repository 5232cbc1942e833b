/*
 * Dutch compounds the dictionary lacks.
 *
 * Dutch writes compounds as one word and coins them freely
 * (videoteleconferentie, luchtruimverdediging); no dictionary lists them all.
 * A word is accepted when it splits into parts that are words on their own,
 * joined directly or with a linking morpheme: s (veiligheid-s-instituties),
 * e or en (lasten-verdeling, ruimte-beleid). Up to three parts.
 *
 * The rule can hide a typo that happens to split into words (griekeland =
 * griek + e + land, weerbarheid = weerbar + heid). Guards keep that rare:
 * parts of at least four letters (three-letter parts only when no split with
 * longer parts exists), no function words as parts, a bare linking e only
 * where Dutch writes it, and (in spell_rules.c) no compound when a dictionary
 * word lies one typical typo away. bench/spell measures what the rule still
 * lets through.
 */
#include "spell_check.h"

#include <string.h>

enum { MIN_HEAD = 4, MIN_TAIL = 4, MIN_SHORT = 3, MAX_PARTS = 3, MAX_WORD = 200 };

/* Closed-class words: a run-on of two words ("omdathet"), never a compound part. */
bool spell_function_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"al", "de", "en", "er", "in", "is", "je", "na", "nu", "of", "om", "op", "te", "we", "ze", "zo",
		"aan", "als", "ben", "bent", "bij", "dan", "dat", "deze", "die", "dit", "door", "dus", "een",
		"hadden", "had", "haar", "heb", "hebt", "heeft", "hem", "hen", "het", "hij", "hoe", "hun", "jij",
		"jouw", "kan", "kon", "kunnen", "maar", "mag", "met", "mijn", "moet", "naar", "niet", "nog", "omdat",
		"ons", "onze", "ook", "over", "per", "sinds", "tegen", "toen", "tot", "tussen", "uit", "van",
		"vanaf", "via", "voor", "waar", "want", "waren", "was", "wat", "wel", "werd", "werden", "wie",
		"wij", "wil", "wordt", "worden", "zal", "zij", "zijn", "zodat", "zonder", "zou"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return true;
	return false;
}

/* Letters only: the apostrophe of "ma's" does not make a part long enough. */
static size_t count_cps(const char *w, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)w[i] & 0xC0) != 0x80 && w[i] != '\'' && w[i] != '-' &&
		     !((unsigned char)w[i] == 0xE2 && i + 2 < n && (unsigned char)w[i + 1] == 0x80);
	return c;
}

static int part_ok(tolk_spell_checker *chk, const char *w, size_t n, size_t min_cps)
{
	if (count_cps(w, n) < min_cps || spell_function_word(w, n))
		return 0;
	return spell_part_known(chk, w, n);
}

static int split(tolk_spell_checker *chk, const char *w, size_t n, int parts_left, size_t min_part)
{
	static const char *const links[] = {"", "s", "e", "en"};
	/* Longest head first: the likeliest split, and tails stay short words. */
	for (size_t h = n; h-- > 1;) {
		if (((unsigned char)w[h] & 0xC0) == 0x80)
			continue; /* not a character boundary */
		int k = part_ok(chk, w, h, min_part);
		if (k < 0)
			return k;
		if (!k)
			continue;
		for (size_t l = 0; l < sizeof(links) / sizeof(links[0]); l++) {
			size_t ll = strlen(links[l]);
			if (h + ll >= n || memcmp(w + h, links[l], ll) != 0)
				continue;
			/*
			 * A bare linking e is written only after a head without an -en
			 * plural; otherwise Dutch writes -en- (grieken-land, not griek-e-land).
			 */
			if (ll == 1 && links[l][0] == 'e') {
				char plural[4 * MAX_WORD + 8];
				memcpy(plural, w, h + 1);
				plural[h + 1] = 'n';
				int pk = spell_known(chk->sp, plural, h + 2);
				if (pk < 0)
					return pk;
				if (pk)
					continue;
			}
			const char *tail = w + h + ll;
			size_t tn = n - h - ll;
			int t = part_ok(chk, tail, tn, min_part);
			if (t == 0 && parts_left > 2 && count_cps(tail, tn) >= 2 * min_part)
				t = split(chk, tail, tn, parts_left - 1, min_part);
			if (t != 0)
				return t;
		}
	}
	return 0;
}

int spell_compound_valid(tolk_spell_checker *chk, const char *word, size_t len, bool short_parts)
{
	if (len < 2 * MIN_SHORT + 1 || len > MAX_WORD)
		return 0;
	/* memo: 1 compound, 2 none, 3 compound with a short part, 4 none with long parts (short untried) */
	uint64_t h = spell_map_hash(word, len);
	spell_map_entry *e = spell_map_get(&chk->compound_memo, word, len, h);
	if (e && e->value != 4)
		return e->value == 1 ? SPELL_COMPOUND : e->value == 3 && short_parts ? SPELL_COMPOUND_SHORT : 0;
	if (e && !short_parts)
		return 0;
	int r = 0;
	if (!e && count_cps(word, len) >= MIN_HEAD + MIN_TAIL && (r = split(chk, word, len, MAX_PARTS, MIN_HEAD)) < 0)
		return r;
	int result = r ? SPELL_COMPOUND : 0;
	if (r == 0 && short_parts) {
		/* Three-letter words make compounds too (misdaad-lab, veteranen-hof, groot-oor-vleermuis). */
		if ((r = split(chk, word, len, MAX_PARTS, MIN_SHORT)) < 0)
			return r;
		result = r ? SPELL_COMPOUND_SHORT : 0;
	}
	if (!e && !(e = spell_map_put(&chk->compound_memo, word, len, h, NULL)))
		return TOLK_ENOMEM;
	e->value = result == SPELL_COMPOUND ? 1 : result ? 3 : short_parts ? 2 : 4;
	return result;
}
