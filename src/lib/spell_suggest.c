/*
 * tolk's own suggestion generator.
 *
 * Hunspell's suggest explores far more than a translator's typos need and
 * takes about 0.3 s per word with the Dutch dictionary. Nearly all typos are
 * one edit away from the intended word (a swapped, doubled, dropped or wrong
 * letter, a missing diaeresis), so we enumerate those edits, keep the ones the
 * cached known() accepts and rank them by how typical the edit is. Hunspell's
 * suggest is asked only when no edit gives a word, and only for words short
 * enough for it to answer within the time budget.
 */
#include "spell_private.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "util.h"


enum { MAX_CP = 64 };

typedef struct candidate {
	char *word;
	double cost;      /* for ranking */
	double edit_cost; /* of the edit alone */
	bool compound;    /* a word Hunspell accepts only by gluing parts */
	bool rep;         /* from the REP table: never counts as a typical typo */
	size_t order; /* generation order: a stable last tie-breaker */
} candidate;

typedef struct cand_set {
	candidate *items;
	size_t count, cap;
	spell_map seen; /* candidate -> index + 1 */
	tolk_speller *sp;
	int casing;     /* how to restore the original's case */
	int rc;
	double max_cost;    /* edits dearer than this are not tried */
	bool stop_at_first; /* only whether any word is that near, not which */
	bool dutch_letters; /* insert and substitute only letters Dutch words are made of */
	const spell_map *set; /* look candidates up here instead of asking Hunspell… */
	uint32_t set_min_count; /* …counting only entries with at least this count… */
	bool set_inflected;     /* …and their inflected forms */
	bool done;
} cand_set;

enum { CASE_AS_IS, CASE_CAPITAL, CASE_UPPER };

/* Letters tried for insertions and substitutions: Dutch uses these; others are rare in typos. */
static const int32_t all_letters[] = {
	'e', 'n', 'a', 't', 'i', 'r', 'o', 'd', 's', 'l', 'g', 'v', 'h', 'k', 'm', 'u', 'b',
	'p', 'w', 'j', 'z', 'c', 'f', 'y', 'x', 'q',
	0xEB /* ë */, 0xEF /* ï */, 0xE9 /* é */, 0xF6 /* ö */, 0xFC /* ü */, 0xE8 /* è */,
	0xEA /* ê */, 0xE1 /* á */, 0xE0 /* à */, 0xE7 /* ç */, '-', '\''
};

/* The letters of nearly every Dutch word: what a name's neighbours are tried with. */
static const int32_t dutch_alphabet[] = {
	'e', 'n', 'a', 't', 'i', 'r', 'o', 'd', 's', 'l', 'g', 'v', 'h', 'k', 'm', 'u', 'b',
	'p', 'w', 'j', 'z', 'c', 'f', 'y', 'x', 'q',
	0xEB /* ë */, 0xEF /* ï */, 0xE9 /* é */, 0xF6 /* ö */, 0xFC /* ü */, 0xE8 /* è */, 0xEA /* ê */
};

/* Base letter of an accented vowel, or the letter itself. */
static int32_t base_letter(int32_t c)
{
	switch (c) {
	case 0xE0: case 0xE1: case 0xE2: case 0xE4: return 'a';
	case 0xE8: case 0xE9: case 0xEA: case 0xEB: return 'e';
	case 0xEC: case 0xED: case 0xEE: case 0xEF: return 'i';
	case 0xF2: case 0xF3: case 0xF4: case 0xF6: return 'o';
	case 0xF9: case 0xFA: case 0xFB: case 0xFC: return 'u';
	case 0xE7: return 'c';
	default: return c;
	}
}

static bool is_vowel(int32_t c)
{
	c = base_letter(c);
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* QWERTY neighbours: a slipped finger is the commonest wrong letter. */
static bool keyboard_adjacent(int32_t a, int32_t b)
{
	static const char *rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
	int ra = -1, ca = 0, rb = -1, cb = 0;
	for (int r = 0; r < 3; r++) {
		const char *p;
		if (a < 128 && (p = strchr(rows[r], (int)a)) && a) {
			ra = r;
			ca = (int)(p - rows[r]);
		}
		if (b < 128 && (p = strchr(rows[r], (int)b)) && b) {
			rb = r;
			cb = (int)(p - rows[r]);
		}
	}
	if (ra < 0 || rb < 0)
		return false;
	int dr = ra - rb, dc = (ca - cb) + (ra - rb); /* rows are offset by about half a key */
	return dr >= -1 && dr <= 1 && (dr == 0 ? (dc == 1 || dc == -1) : (dc >= -1 && dc <= 1));
}

/*
 * Words Hunspell accepts only by gluing parts together rank below words it
 * lists: "toekomstage" (toekom + stage) is a worse guess than "toekomstige".
 * Hunspell's analysis names the parts (pa:) of a compound, and gives nothing
 * at all for some glued words (videotelexconferentie).
 */
#define COMPOUND_PENALTY 0.3
#define NAME_PENALTY 0.1

static bool compound_only(tolk_speller *sp, const char *word)
{
	char **morph = NULL;
	int n = Hunspell_analyze(sp->hun, &morph, word);
	bool compound = true; /* no analysis at all: no listed stem either */
	for (int i = 0; i < n; i++)
		if (!strstr(morph[i], "pa:"))
			compound = false;
	if (morph)
		Hunspell_free_list(sp->hun, &morph, n < 0 ? 0 : n);
	return compound;
}

static size_t encode_cps(char *out, const int32_t *cps, size_t n, int casing)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t c = cps[i];
		if (casing == CASE_UPPER || (casing == CASE_CAPITAL && i == 0))
			c = u_toupper(c);
		len += tolk_utf8_encode(out + len, c);
	}
	out[len] = '\0';
	return len;
}

static void consider(cand_set *cs, const int32_t *cps, size_t n, double cost)
{
	char buf[MAX_CP * 4 + 8];
	if (cs->rc < 0 || n == 0 || cs->done || cost > cs->max_cost)
		return;
	size_t len = encode_cps(buf, cps, n, cs->casing);
	uint64_t h = spell_map_hash(buf, len);
	spell_map_entry *seen = spell_map_get(&cs->seen, buf, len, h);
	if (seen) {
		candidate *c = seen->value > 0 ? &cs->items[seen->value - 1] : NULL;
		if (c && cost < c->edit_cost) {
			c->cost -= c->edit_cost - cost;
			c->edit_cost = cost;
		}
		return;
	}
	if (cs->set) {
		/* a set of listed words: no Hunspell, nothing glued */
		const spell_map_entry *e = spell_map_get(cs->set, buf, len, h);
		if (e && e->count >= cs->set_min_count)
			cs->done = true;
		/*
		 * The dictionary lists a name's stem; its inflected forms come from
		 * affixes (Turks → Turkse, Mexicaans → Mexicaanse, Paul → Pauls).
		 */
		static const char *const endings[] = {"e", "s", "se", "en", "er", "ers", "'s", "\xE2\x80\x99s"};
		for (size_t i = 0; cs->set_inflected && !cs->done && i < sizeof(endings) / sizeof(endings[0]); i++) {
			size_t el = strlen(endings[i]);
			if (len > el + 2 && memcmp(buf + len - el, endings[i], el) == 0 &&
			    spell_map_get(cs->set, buf, len - el, spell_map_hash(buf, len - el)))
				cs->done = true;
		}
		return;
	}
	int known = spell_known(cs->sp, buf, len);
	if (known == 0 && cs->casing == CASE_CAPITAL && !cs->stop_at_first) {
		/*
		 * nl_NL refuses some words capitalised (KEEPCASE: christelijk, kerst),
		 * yet a sentence starts with a capital: the lowercase word counts.
		 */
		char low[MAX_CP * 4 + 8];
		known = spell_known(cs->sp, low, encode_cps(low, cps, n, CASE_AS_IS));
	}
	if (known < 0) {
		cs->rc = known;
		return;
	}
	if (!(seen = spell_map_put(&cs->seen, buf, len, h, NULL))) {
		cs->rc = TOLK_ENOMEM;
		return;
	}
	if (!known)
		return; /* value stays 0: tried, not a word */
	if (cs->stop_at_first) {
		/* In the typical-typo test a dearer edit counts only towards a listed word. */
		if (cost <= SPELL_TYPICAL_EDIT || cs->max_cost > SPELL_TYPICAL_WORD_EDIT || !compound_only(cs->sp, buf))
			cs->done = true;
		return;
	}
	if (tolk_array_grow((void **)&cs->items, &cs->cap, cs->count + 1, sizeof(candidate)) < 0 ||
	    !(cs->items[cs->count].word = tolk_strndup(buf, len))) {
		cs->rc = TOLK_ENOMEM;
		return;
	}
	cs->items[cs->count].edit_cost = cost;
	cs->items[cs->count].compound = compound_only(cs->sp, buf);
	cs->items[cs->count].cost = cost + (cs->items[cs->count].compound ? COMPOUND_PENALTY : 0.0);
	if (cs->casing != CASE_AS_IS) {
		/* Capitalised: a common word (Ministers) is likelier meant than a surname (Meinsters). */
		char low[MAX_CP * 4 + 8];
		size_t ll = encode_cps(low, cps, n, CASE_AS_IS);
		int common = spell_known(cs->sp, low, ll);
		if (common < 0) {
			cs->rc = common;
			return;
		}
		if (!common)
			cs->items[cs->count].cost += NAME_PENALTY;
	}
	cs->items[cs->count].order = cs->count;
	cs->items[cs->count].rep = false;
	seen->value = (int32_t)++cs->count;
}

/* Two words where a space went missing: "verslagvan". Both halves must be words. */
static void consider_split(cand_set *cs, const int32_t *cps, size_t n, size_t at)
{
	char a[MAX_CP * 4 + 8], b[MAX_CP * 4 + 8], both[MAX_CP * 8 + 16];
	if (at < 2 || n - at < 2 || cs->rc < 0)
		return;
	size_t la = encode_cps(a, cps, at, cs->casing);
	size_t lb = encode_cps(b, cps + at, n - at, cs->casing == CASE_UPPER ? CASE_UPPER : CASE_AS_IS);
	int ka = spell_known(cs->sp, a, la);
	int kb = ka > 0 ? spell_known(cs->sp, b, lb) : 0;
	if (ka < 0 || kb < 0) {
		cs->rc = ka < 0 ? ka : kb;
		return;
	}
	if (!ka || !kb)
		return;
	snprintf(both, sizeof(both), "%s %s", a, b);
	size_t len = strlen(both);
	uint64_t h = spell_map_hash(both, len);
	if (spell_map_get(&cs->seen, both, len, h))
		return;
	spell_map_entry *e = spell_map_put(&cs->seen, both, len, h, NULL);
	if (!e || tolk_array_grow((void **)&cs->items, &cs->cap, cs->count + 1, sizeof(candidate)) < 0 ||
	    !(cs->items[cs->count].word = tolk_strdup(both))) {
		cs->rc = TOLK_ENOMEM;
		return;
	}
	/* Short halves make spurious splits ("ver slag"); longer ones are likelier meant. */
	double cost = 1.2 + (at < 4 || n - at < 4 ? 0.6 : 0.0);
	cs->items[cs->count].cost = cs->items[cs->count].edit_cost = cost;
	cs->items[cs->count].compound = cs->items[cs->count].rep = false;
	cs->items[cs->count].order = cs->count;
	e->value = (int32_t)++cs->count;
}

/*
 * The linking letters of Dutch compounds are a classic error: tussen-n
 * (griekeland for Griekenland, pannekoek) and tussen-s, dropped or added
 * inside the word. At position i, adding or removing letter c.
 */
static bool linking_edit(const int32_t *w, size_t n, size_t i, int32_t c)
{
	if (i < 3 || i + 3 > n)
		return false; /* an ending (plural -en, -s) is grammar, not linking */
	if (c == 'n')
		return w[i - 1] == 'e';
	return c == 's';
}

static double substitution_cost(int32_t was, int32_t now, size_t pos)
{
	double c;
	if (base_letter(was) == base_letter(now))
		c = 0.3; /* a missing or wrong accent: financiele, gecoordineerd */
	else if (keyboard_adjacent(was, now))
		c = 0.8;
	else if (is_vowel(was) && is_vowel(now))
		c = 0.85;
	else
		c = 1.0;
	return pos == 0 ? c + 0.3 : c; /* the first letter is seldom wrong */
}

/*
 * The dictionary's own list of typical errors (REP), applied at every place
 * it matches: "terroristiese" → "terroristische" is several edits but one
 * known Dutch mistake. Just dearer than a typical typo, so that these
 * replacements (some as broad as e → en) never count as one for the guards.
 */
static void apply_reps(cand_set *cs, const int32_t *w, size_t n)
{
	char word[MAX_CP * 4 + 8], cand[MAX_CP * 8 + 16];
	if ((cs->stop_at_first && cs->max_cost <= SPELL_TYPICAL_WORD_EDIT) || cs->set)
		return; /* some REP lines are as broad as e → en: no evidence of a typo */
	size_t len = encode_cps(word, w, n, CASE_AS_IS);
	for (size_t r = 0; r < cs->sp->nreps && !cs->done; r++) {
		const spell_rep *rep = &cs->sp->reps[r];
		size_t fl = strlen(rep->from), tl = strlen(rep->to);
		for (const char *at = strstr(word, rep->from); at; at = strstr(at + 1, rep->from)) {
			size_t off = (size_t)(at - word);
			if ((rep->at_start && off != 0) || (rep->at_end && off + fl != len) ||
			    len - fl + tl >= sizeof(cand) || len - fl + tl > MAX_CP * 4)
				continue;
			memcpy(cand, word, off);
			memcpy(cand + off, rep->to, tl);
			memcpy(cand + off + tl, at + fl, len - off - fl + 1);
			int32_t t[MAX_CP + 2];
			size_t m = 0, i = 0, cl = off + tl + (len - off - fl);
			while (i < cl && m < MAX_CP) {
				int32_t c = tolk_utf8_next(cand, cl, &i);
				if (c < 0)
					break;
				t[m++] = c;
			}
			size_t before = cs->count;
			if (i == cl)
				consider(cs, t, m, SPELL_TYPICAL_EDIT + 0.05);
			if (cs->count > before)
				cs->items[before].rep = true;
		}
	}
}

static void generate(cand_set *cs, const int32_t *w, size_t n)
{
	int32_t t[MAX_CP + 2];
	const int32_t *alphabet = cs->dutch_letters ? dutch_alphabet : all_letters;
	const size_t na = cs->dutch_letters ? sizeof(dutch_alphabet) / sizeof(dutch_alphabet[0])
	                                    : sizeof(all_letters) / sizeof(all_letters[0]);

	/* A name written in lowercase: afghanistan. */
	if (cs->casing == CASE_AS_IS && !cs->set && !cs->dutch_letters) {
		cs->casing = CASE_CAPITAL;
		consider(cs, w, n, 0.9);
		cs->casing = CASE_AS_IS;
	}
	/* Swapped neighbours. */
	for (size_t i = 0; i + 1 < n; i++) {
		if (w[i] == w[i + 1])
			continue;
		memcpy(t, w, n * sizeof(*w));
		t[i] = w[i + 1];
		t[i + 1] = w[i];
		consider(cs, t, n, i == 0 ? 0.9 : 0.55);
	}
	/* A letter too many; a doubled letter is the typical case. */
	for (size_t i = 0; i < n; i++) {
		memcpy(t, w, i * sizeof(*w));
		memcpy(t + i, w + i + 1, (n - i - 1) * sizeof(*w));
		bool doubled = (i > 0 && w[i - 1] == w[i]) || (i + 1 < n && w[i + 1] == w[i]);
		consider(cs, t, n - 1, doubled ? 0.5 : linking_edit(w, n, i, w[i]) ? 0.6 : (i == 0 ? 1.3 : 1.0));
	}
	/* A wrong letter. */
	for (size_t i = 0; i < n; i++) {
		memcpy(t, w, n * sizeof(*w));
		for (size_t k = 0; k < na; k++) {
			if (alphabet[k] == w[i])
				continue;
			t[i] = alphabet[k];
			consider(cs, t, n, substitution_cost(w[i], alphabet[k], i));
		}
	}
	/* A letter dropped; dropping one of a double is the typical case. */
	for (size_t i = 0; i <= n; i++) {
		memcpy(t, w, i * sizeof(*w));
		memcpy(t + i + 1, w + i, (n - i) * sizeof(*w));
		for (size_t k = 0; k < na; k++) {
			t[i] = alphabet[k];
			bool doubles = (i > 0 && w[i - 1] == alphabet[k]) || (i < n && w[i] == alphabet[k]);
			consider(cs, t, n + 1,
			         doubles ? 0.5 : linking_edit(w, n, i, alphabet[k]) ? 0.6 : (i == 0 ? 1.3 : 0.75));
		}
	}
	/* A doubled letter in the wrong place: dillema for dilemma, comissie for commissie. */
	for (size_t d = 0; d + 1 < n && n < MAX_CP; d++) {
		if (w[d] != w[d + 1] || is_vowel(w[d]))
			continue;
		int32_t u[MAX_CP + 2];
		size_t m = 0;
		for (size_t k = 0; k < n; k++)
			if (k != d)
				u[m++] = w[k];
		for (size_t j = 0; j < m; j++) {
			if (j == d || j + 1 == d || is_vowel(u[j]) || (j + 1 < m && u[j + 1] == u[j]) ||
			    (j > 0 && u[j - 1] == u[j]))
				continue;
			memcpy(t, u, (j + 1) * sizeof(*u));
			t[j + 1] = u[j];
			memcpy(t + j + 2, u + j + 1, (m - j - 1) * sizeof(*u));
			consider(cs, t, m + 1, 0.7);
		}
	}
	/* ei/ij and au/ou sound alike in Dutch and are confused whole. */
	static const char *pairs[][2] = {{"ei", "ij"}, {"ij", "ei"}, {"au", "ou"}, {"ou", "au"}};
	for (size_t i = 0; i + 1 < n; i++)
		for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++)
			if (w[i] == pairs[p][0][0] && w[i + 1] == pairs[p][0][1]) {
				memcpy(t, w, n * sizeof(*w));
				t[i] = pairs[p][1][0];
				t[i + 1] = pairs[p][1][1];
				consider(cs, t, n, 0.6);
			}
	apply_reps(cs, w, n);
	for (size_t i = 2; i + 2 <= n && !cs->stop_at_first && cs->max_cost >= 1.2; i++)
		consider_split(cs, w, n, i);
}

/* Decode a word into lowercase code points; *casing says how to restore it. 0 if too long. */
static size_t word_cps(int32_t *cps, int *casing, const char *word, size_t len)
{
	size_t n = 0, upper = 0, i = 0;
	while (i < len) {
		int32_t c = tolk_utf8_next(word, len, &i);
		if (c < 0 || n == MAX_CP)
			return 0;
		if (u_isupper(c))
			upper++;
		cps[n++] = c;
	}
	*casing = CASE_AS_IS;
	if (n > 1 && upper == n)
		*casing = CASE_UPPER;
	else if (n > 0 && upper == 1 && u_isupper(cps[0]))
		*casing = CASE_CAPITAL;
	if (*casing != CASE_AS_IS)
		for (size_t k = 0; k < n; k++)
			cps[k] = u_tolower(cps[k]);
	return n;
}

int spell_has_near(tolk_speller *sp, const char *word, size_t len, bool typical_only)
{
	uint64_t h = spell_map_hash(word, len);
	spell_map_entry *e = spell_map_get(&sp->suggestions, word, len, h);
	if (e && e->ptr) {
		const spell_sugg *s = e->ptr;
		return (typical_only ? s->near_typical : s->near) > 0;
	}
	/* bits: 1 typical asked, 2 typical found, 4 any asked, 8 any found */
	int asked = typical_only ? 1 : 4;
	e = spell_map_get(&sp->near, word, len, h);
	if (e && (e->value & asked))
		return (e->value & (asked << 1)) != 0;
	int32_t cps[MAX_CP + 2];
	cand_set cs = {.sp = sp, .stop_at_first = true, .max_cost = typical_only ? SPELL_TYPICAL_WORD_EDIT : 1e9};
	size_t n = word_cps(cps, &cs.casing, word, len);
	if (n > 0)
		generate(&cs, cps, n);
	spell_map_free(&cs.seen, NULL);
	if (cs.rc < 0)
		return cs.rc;
	if (!e && !(e = spell_map_put(&sp->near, word, len, h, NULL)))
		return TOLK_ENOMEM;
	e->value |= asked | (cs.done ? asked << 1 : 0);
	return cs.done;
}

int spell_name_has_near(tolk_speller *sp, const char *word, size_t len, bool typical_only)
{
	uint64_t h = spell_map_hash(word, len);
	/*
	 * Bits of sp->near beside spell_has_near's (1-8), typical / any edit:
	 * asked 16 / 32, a Dutch word near 64 / 128, a listed name near 256 / 512.
	 */
	int asked = typical_only ? 16 : 32, dutch = typical_only ? 64 : 128, name = typical_only ? 256 : 512;
	spell_map_entry *e = spell_map_get(&sp->near, word, len, h);
	if (e && (e->value & asked))
		return ((e->value & dutch) ? SPELL_NEAR_DUTCH : 0) | ((e->value & name) ? SPELL_NEAR_NAME : 0);
	const spell_map *names = spell_dictionary_names(sp);
	if (!names)
		return TOLK_ENOMEM;
	int32_t cps[MAX_CP + 2], as_written[MAX_CP + 2];
	int casing;
	size_t n = word_cps(cps, &casing, word, len);
	if (n == 0)
		return SPELL_NEAR_DUTCH; /* too long to search: no evidence it is no typo */
	memcpy(as_written, cps, n * sizeof(*cps));
	for (size_t i = 0; i < n; i++)
		cps[i] = u_tolower(cps[i]); /* McPartlin too */
	double max_cost = typical_only ? SPELL_TYPICAL_WORD_EDIT : 1e9;
	cand_set lower = {.sp = sp, .stop_at_first = true, .dutch_letters = true, .casing = CASE_AS_IS,
	                  .max_cost = max_cost};
	cand_set listed = {.sp = sp, .stop_at_first = true, .set = names, .set_inflected = true,
	                   .casing = casing, .max_cost = max_cost};
	/* Names Hunspell glues (Griekenland: grieken + land) are in no list: the likeliest typos of them. */
	cand_set glued = {.sp = sp, .stop_at_first = true, .casing = CASE_CAPITAL, .max_cost = SPELL_TYPICAL_EDIT};
	/* A Dutch word capitalised where Dutch writes it small (Westerse, Kerst): no edit needed. */
	char low[MAX_CP * 4 + 8];
	int k = spell_known(sp, low, encode_cps(low, cps, n, CASE_AS_IS));
	if (k < 0)
		return k;
	lower.done = k > 0;
	if (!lower.done)
		generate(&lower, cps, n);
	if (lower.rc == 0)
		generate(&listed, as_written, n);
	if (lower.rc == 0 && !listed.done)
		generate(&glued, cps, n);
	spell_map_free(&lower.seen, NULL);
	spell_map_free(&listed.seen, NULL);
	spell_map_free(&glued.seen, NULL);
	if (lower.rc < 0 || glued.rc < 0)
		return lower.rc < 0 ? lower.rc : glued.rc;
	listed.done |= glued.done;
	if (!e && !(e = spell_map_put(&sp->near, word, len, h, NULL)))
		return TOLK_ENOMEM;
	e->value |= asked | (lower.done ? dutch : 0) | (listed.done ? name : 0);
	return (lower.done ? SPELL_NEAR_DUTCH : 0) | (listed.done ? SPELL_NEAR_NAME : 0);
}

int spell_set_has_near(const spell_map *set, uint32_t min_count, const char *word, size_t len)
{
	int32_t cps[MAX_CP + 2];
	cand_set cs = {.stop_at_first = true, .set = set, .set_min_count = min_count, .max_cost = 1e9};
	size_t n = word_cps(cps, &cs.casing, word, len);
	if (n > 0)
		generate(&cs, cps, n);
	spell_map_free(&cs.seen, NULL);
	return cs.rc < 0 ? cs.rc : cs.done;
}

static int cmp_candidate(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int spell_suggest_candidates(spell_sugg *out, tolk_speller *sp, const char *word, size_t len)
{
	int32_t cps[MAX_CP + 2];
	cand_set cs = {.sp = sp, .max_cost = 1e9};
	/* Invalid UTF-8 or a 64-letter word: no typo worth guessing at. */
	size_t n = word_cps(cps, &cs.casing, word, len);

	if (n > 0)
		generate(&cs, cps, n);
	int rc = cs.rc;
	if (rc == 0) {
		if (cs.count > 1)
			qsort(cs.items, cs.count, sizeof(candidate), cmp_candidate);
		size_t keep = cs.count < SPELL_SUGG_KEEP ? cs.count : SPELL_SUGG_KEEP;
		out->items = tolk_calloc(keep + 1, sizeof(char *));
		out->costs = tolk_calloc(keep + 1, sizeof(double));
		if (!out->items || !out->costs)
			rc = TOLK_ENOMEM;
		for (size_t k = 0; rc == 0 && k < keep; k++) {
			out->items[k] = cs.items[k].word;
			out->costs[k] = cs.items[k].cost;
			cs.items[k].word = NULL;
			out->count++;
		}
		out->own = out->count;
		for (size_t k = 0; rc == 0 && k < cs.count; k++)
			if (!strchr(k < keep ? out->items[k] : cs.items[k].word, ' ')) {
				out->near++;
				const candidate *c = &cs.items[k];
				out->near_typical += !c->rep && (c->edit_cost <= SPELL_TYPICAL_EDIT ||
				                                 (c->edit_cost <= SPELL_TYPICAL_WORD_EDIT && !c->compound));
			}
	}
	for (size_t k = 0; k < cs.count; k++)
		free(cs.items[k].word);
	free(cs.items);
	spell_map_free(&cs.seen, NULL);
	return rc;
}
