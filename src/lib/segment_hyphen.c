/*
 * Line-end hyphens: a word split by the typesetter ("vooruitge-/keken") is
 * joined, a real hyphen that happens to fall at a line end
 * ("secretaris-/generaal") is kept. Evidence, strongest first:
 *
 *  1. a soft hyphen (U+00AD) is always a split: join;
 *  2. a capital or digit after the hyphen, or a capital or digit before it
 *     ("Euro-/Atlantic", "NAVO-/missies", "COVID-/19"): keep — Dutch and
 *     English write those compounds with a hyphen;
 *  3. the document itself: whichever spelling, joined or hyphenated, occurs
 *     more often elsewhere in it (case-insensitively, also as part of a longer
 *     hyphenated word) wins ("Defensie-/visie" joins because "Defensievisie"
 *     occurs; "secretaris-/generaal" keeps because "secretaris-generaal" does);
 *  4. the lexicon (Hunspell through tolk_segmenter_set_lexicon): the joined
 *     word is known and the hyphenated one not: join; the reverse: keep; the
 *     joined word unknown but both halves known: keep;
 *  5. spelling: in Dutch, a vowel pair that would read as one sound
 *     ("defensie-/uitgaven", "zee-/egel") is written with a hyphen in a
 *     compound and with a diaeresis otherwise, so a hyphen there is real:
 *     keep. Anything else: join, the common case of typeset text.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "fold.h"
#include "hash.h"
#include "hashmap.h"
#include "segment_private.h"

enum { KEY_MAX = 200, DECISION_UNKNOWN = 0, DECISION_JOIN = 1, DECISION_KEEP = 2 };

typedef struct evidence_key {
	char *text;       /* lowercase */
	size_t len;
	uint32_t hash;
	uint32_t count;   /* occurrences as a token (or part of one) in the document */
	uint8_t decision; /* cached per hyphenated key */
} evidence_key;

typedef struct evidence {
	evidence_key *keys;
	size_t nkeys, cap;
	tolk_hashmap map; /* hash of a key -> its index */
	uint64_t bloom[1024]; /* signature bits of the keys */
	uint64_t shape[64][2]; /* [length][first byte]: a key of that length starts with that byte */
} evidence;

/* Case fold (fold.h, accents kept) into out (KEY_MAX bytes); returns the length, 0 when too
 * long or not UTF-8. */
static size_t lower_into(char *out, const char *s, size_t n)
{
	size_t o = tolk_fold(out, KEY_MAX, s, n, TOLK_FOLD_CASE);
	return o == SIZE_MAX ? 0 : o;
}

/* ASCII folded to lowercase; every non-ASCII byte 0x80, as case differences there change bytes. */
static const unsigned char sig_table[256] = {
#define R8(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7
	R8(0x00), R8(0x08), R8(0x10), R8(0x18), R8(0x20), R8(0x28), R8(0x30), R8(0x38),
	0x40, R8(0x61), R8(0x69), R8(0x71), 0x79, 0x7A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
	R8(0x60), R8(0x68), R8(0x70), R8(0x78),
#define H8 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80
	H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8
#undef H8
#undef R8
};

static inline unsigned char sig_byte(unsigned char c)
{
	return sig_table[c];
}

/* A 16-bit signature from the length and the outer bytes, equal for all case variants. */
static inline unsigned signature(const char *s, size_t n)
{
	uint32_t h = (uint32_t)n * 0x9E3779B1u;
	h ^= sig_byte((unsigned char)s[0]) * 0x85EBCA77u;
	h ^= sig_byte((unsigned char)s[n - 1]) * 0xC2B2AE3Du;
	if (n > 2) {
		h ^= sig_byte((unsigned char)s[1]) * 0x27D4EB2Fu;
		h ^= sig_byte((unsigned char)s[n - 2]) * 0x165667B1u;
	}
	return (h ^ (h >> 16)) & 0xFFFFu;
}

static evidence_key *find_key(evidence *ev, const char *s, size_t n, uint32_t h)
{
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t id; (id = tolk_hashmap_probe(&ev->map, h, &pos)) != TOLK_HASHMAP_NONE;) {
		evidence_key *k = &ev->keys[id];
		if (k->len == n && memcmp(k->text, s, n) == 0)
			return k;
	}
	return NULL;
}

/* Count a spelling in the text's filter: raw (n bytes) as written, since a fold may change the
 * byte layout the filter sees (ß → ss). */
static void filter_add(evidence *ev, const char *s, size_t n)
{
	unsigned sig = signature(s, n);
	ev->bloom[sig >> 6] |= 1ull << (sig & 63);
	unsigned char f = sig_byte((unsigned char)s[0]) & 0x7F;
	ev->shape[n < 63 ? n : 63][f >> 6] |= 1ull << (f & 63);
}

/* Intern a case-folded key s[0..n) written raw[0..raw_n) in the text; *index gets its position. */
static int intern(evidence *ev, const char *s, size_t n, const char *raw, size_t raw_n, uint32_t *index)
{
	filter_add(ev, raw, raw_n);
	uint32_t h = tolk_hash32(s, n);
	evidence_key *found = find_key(ev, s, n, h);
	if (found) {
		*index = (uint32_t)(found - ev->keys);
		return 0;
	}
	int rc = tolk_array_grow((void **)&ev->keys, &ev->cap, ev->nkeys + 1, sizeof(evidence_key));
	if (rc)
		return rc;
	char *copy = tolk_strndup(s, n);
	if (!copy)
		return TOLK_ENOMEM;
	evidence_key *k = &ev->keys[ev->nkeys];
	memset(k, 0, sizeof(*k));
	k->text = copy;
	k->len = n;
	k->hash = h;
	if (tolk_hashmap_put(&ev->map, h, (uint32_t)ev->nkeys) < 0) {
		free(copy);
		return TOLK_ENOMEM;
	}
	*index = (uint32_t)ev->nkeys++;
	return 0;
}

static void evidence_free(evidence *ev)
{
	for (size_t k = 0; k < ev->nkeys; k++)
		free(ev->keys[k].text);
	free(ev->keys);
	tolk_hashmap_free(&ev->map);
}

/* Most words are rejected by their length and first letter, the rest mostly by the signature. */
static inline bool may_be_key(const evidence *ev, const char *s, size_t n)
{
	unsigned char f = sig_byte((unsigned char)s[0]) & 0x7F;
	if (!((ev->shape[n < 63 ? n : 63][f >> 6] >> (f & 63)) & 1))
		return false;
	unsigned sig = signature(s, n);
	return (ev->bloom[sig >> 6] >> (sig & 63)) & 1;
}

/* Count one spelling found in the text, when it is one of the keys. */
static void count_slow(evidence *ev, const char *s, size_t n)
{
	if (n >= KEY_MAX)
		return;
	char low[KEY_MAX];
	size_t ln = lower_into(low, s, n);
	if (!ln)
		return;
	evidence_key *k = find_key(ev, low, ln, tolk_hash32(low, ln));
	if (k)
		k->count++;
}

/* 1: ASCII letter or digit; 2: start of a non-ASCII character; 0: anything else. */
static const unsigned char byte_class[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
	['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
	['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
	['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	[0xC2] = 2, [0xC3] = 2, [0xC4] = 2, [0xC5] = 2, [0xC6] = 2, [0xC7] = 2, [0xC8] = 2, [0xC9] = 2, [0xCA] = 2,
	[0xCB] = 2, [0xCC] = 2, [0xCD] = 2, [0xCE] = 2, [0xCF] = 2, [0xD0] = 2, [0xD1] = 2, [0xD2] = 2, [0xD3] = 2,
	[0xD4] = 2, [0xD5] = 2, [0xD6] = 2, [0xD7] = 2, [0xD8] = 2, [0xD9] = 2, [0xDA] = 2, [0xDB] = 2, [0xDC] = 2,
	[0xDD] = 2, [0xDE] = 2, [0xDF] = 2, [0xE0] = 2, [0xE1] = 2, [0xE2] = 2, [0xE3] = 2, [0xE4] = 2, [0xE5] = 2,
	[0xE6] = 2, [0xE7] = 2, [0xE8] = 2, [0xE9] = 2, [0xEA] = 2, [0xEB] = 2, [0xEC] = 2, [0xED] = 2, [0xEE] = 2,
	[0xEF] = 2, [0xF0] = 2, [0xF1] = 2, [0xF2] = 2, [0xF3] = 2, [0xF4] = 2};

/*
 * Bit 7 of each byte of the result is set where the byte of x (all ASCII) is
 * a letter or digit. Adding (0x80 - lo) to a 7-bit byte sets its bit 7 exactly
 * when the byte is >= lo, without carrying into its neighbour.
 */
static inline uint64_t ascii_word_bytes(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t y = x | (0x20 * ones); /* letters folded to lowercase */
	uint64_t letter = (y + (0x80 - 'a') * ones) & ~(y + (0x80 - 'z' - 1) * ones);
	uint64_t digit = (x + (0x80 - '0') * ones) & ~(x + (0x80 - '9' - 1) * ones);
	return (letter | digit) & high;
}

/* End of the word starting at i (a word character is there). */
static size_t word_end(const char *text, size_t len, size_t i)
{
	for (;;) {
		while (i + 8 <= len) {
			uint64_t x;
			memcpy(&x, text + i, 8);
			if (x & 0x8080808080808080ull)
				break;
			uint64_t other = ~ascii_word_bytes(x) & 0x8080808080808080ull;
			if (other)
				return i + (size_t)__builtin_ctzll(other) / 8;
			i += 8;
		}
		while (i < len && byte_class[(unsigned char)text[i]] == 1)
			i++;
		if (i >= len || byte_class[(unsigned char)text[i]] != 2)
			return i;
		size_t n;
		if (!seg_is_word_cp(seg_cp_at(text, len, i, &n)))
			return i;
		i += n;
	}
}

/* One word of the document (and the pair with the word before it across a '-'). */
typedef struct word_walk {
	size_t prev_start, prev_end;  /* the previous word; prev_end SIZE_MAX when none */
} word_walk;

static inline void count_word(evidence *ev, word_walk *w, const char *text, size_t len, size_t s, size_t e)
{
	if (may_be_key(ev, text + s, e - s))
		count_slow(ev, text + s, e - s);
	if (w->prev_end != SIZE_MAX && w->prev_end + 1 == s && text[w->prev_end] == '-' &&
	    may_be_key(ev, text + w->prev_start, e - w->prev_start))
		count_slow(ev, text + w->prev_start, e - w->prev_start);
	w->prev_start = s;
	w->prev_end = e;
	(void)len;
}

/* A run of ASCII word bytes and non-ASCII bytes: split it exactly into words. */
static void count_run_exact(evidence *ev, word_walk *w, const char *text, size_t len, size_t from, size_t to)
{
	size_t i = from;
	while (i < to) {
		if (byte_class[(unsigned char)text[i]] == 0) {
			i++;
			continue;
		}
		size_t s = i;
		i = word_end(text, to, i);
		if (i == s) {
			size_t n;
			seg_cp_at(text, len, i, &n);
			i += n;
			continue;
		}
		count_word(ev, w, text, len, s, i);
	}
}

static inline void count_run(evidence *ev, word_walk *w, const char *text, size_t len, size_t s, size_t e,
                             bool non_ascii)
{
	if (non_ascii)
		count_run_exact(ev, w, text, len, s, e);
	else
		count_word(ev, w, text, len, s, e);
}


/* One bit per byte (bit k for byte k) from a mask with bit 7 set in the selected bytes. */
static inline uint32_t gather_bytes(uint64_t m)
{
	return (uint32_t)((((m >> 7) & 0x0101010101010101ull) * 0x0102040810204080ull) >> 56);
}

/* Bits [from, to) of a 32-bit mask. */
static inline uint32_t bit_range(unsigned from, unsigned to)
{
	uint32_t upto = to >= 32 ? ~0u : (1u << to) - 1;
	return upto & ~((1u << from) - 1);
}

/*
 * Every word of the document, with each pair of neighbouring parts of a
 * hyphenated word counted too: "NAVO-missies" counts "navo", "missies" and
 * "navo-missies". Runs of letters, digits and non-ASCII bytes are found 32
 * bytes at a time from masks, their edges taken in (start, end) pairs so the
 * loop has few unpredictable branches; a run with non-ASCII bytes is then
 * split exactly.
 */
static void count_document(evidence *ev, const char *text, size_t len)
{
	const uint64_t high = 0x8080808080808080ull;
	word_walk w = {0, SIZE_MAX};
	size_t start = 0, i = 0;
	bool open = false, run_high = false;
	for (; i + 32 <= len; i += 32) {
		uint32_t in = 0, hi = 0;
		for (unsigned q = 0; q < 4; q++) {
			uint64_t x;
			memcpy(&x, text + i + 8 * q, 8);
			uint64_t hb = x & high;
			in |= gather_bytes(ascii_word_bytes(x & ~high) | hb) << (8 * q);
			hi |= gather_bytes(hb) << (8 * q);
		}
		uint32_t edges = in ^ ((in << 1) | (open ? 1u : 0u));
		if (open) {
			if (!edges) {
				run_high |= hi != 0;
				continue;
			}
			unsigned e = (unsigned)__builtin_ctz(edges);
			edges &= edges - 1;
			count_run(ev, &w, text, len, start, i + e, run_high || (hi & bit_range(0, e)));
			open = false;
		}
		while (edges) {
			unsigned b = (unsigned)__builtin_ctz(edges);
			edges &= edges - 1;
			if (!edges) {
				start = i + b;
				open = true;
				run_high = (hi & bit_range(b, 32)) != 0;
				break;
			}
			unsigned e = (unsigned)__builtin_ctz(edges);
			edges &= edges - 1;
			count_run(ev, &w, text, len, i + b, i + e, (hi & bit_range(b, e)) != 0);
		}
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		bool in = c >= 0x80 || byte_class[c] == 1;
		if (in && !open) {
			start = i;
			open = true;
			run_high = false;
		} else if (!in && open) {
			count_run(ev, &w, text, len, start, i, run_high);
			open = false;
		}
		run_high |= c >= 0x80;
	}
	if (open)
		count_run(ev, &w, text, len, start, len, run_high);
}

static bool is_vowel(int32_t cp)
{
	return cp == 'a' || cp == 'e' || cp == 'i' || cp == 'o' || cp == 'u';
}

bool seg_hyphen_default_join(const char *lang, const char *left, size_t left_len, const char *right,
                             size_t right_len)
{
	if (strcmp(lang, "nl") != 0 || left_len == 0 || right_len == 0)
		return true;
	size_t p;
	int32_t a = u_tolower(seg_cp_before(left, left_len, &p));
	size_t n;
	int32_t b = u_tolower(seg_cp_at(right, right_len, 0, &n));
	if (!is_vowel(a) || !is_vowel(b))
		return true;
	static const char *const sounds[] = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "oe", "oi",
	                                     "oo", "ou", "ui", "uu", NULL};
	char pair[3] = {(char)a, (char)b, '\0'};
	for (size_t k = 0; sounds[k]; k++)
		if (strcmp(pair, sounds[k]) == 0)
			return false;
	return true;
}

static int known(const tolk_segmenter *seg, const char *s, size_t n)
{
	return seg->known && seg->known(s, n, seg->known_payload) > 0;
}

static bool decide(const tolk_segmenter *seg, evidence *ev, const seg_doc *doc, const seg_hyphen *h)
{
	const char *t = doc->text;
	size_t n, p;
	int32_t hyphen = seg_cp_at(t, doc->len, h->pos, &n);
	if (hyphen == 0x00AD)
		return true;
	int32_t r0 = seg_cp_at(t, doc->len, h->next, &n);
	int32_t l1 = seg_cp_before(t, h->pos, &p);
	if (u_isupper(r0) || u_istitle(r0) || u_isdigit(r0) || u_isupper(l1) || u_isdigit(l1))
		return false;
	evidence_key *hk = &ev->keys[h->hyphen_key];
	if (hk->decision != DECISION_UNKNOWN)
		return hk->decision == DECISION_JOIN;
	uint32_t cj = ev->keys[h->joined_key].count, ch = hk->count;
	bool join;
	const char *left = t + h->left_start, *right = t + h->next;
	size_t ll = h->pos - h->left_start, rl = h->next_end - h->next;
	if (cj != ch) {
		join = cj > ch;
	} else {
		char buf[2 * KEY_MAX + 2];
		int kj = -1, kh = -1;
		if (seg->known && ll + rl < 2 * KEY_MAX) {
			memcpy(buf, left, ll);
			memcpy(buf + ll, right, rl);
			kj = known(seg, buf, ll + rl);
			buf[ll] = '-';
			memcpy(buf + ll + 1, right, rl);
			kh = known(seg, buf, ll + 1 + rl);
		}
		if (kj == 1 && kh == 0)
			join = true;
		else if (kj == 0 && kh == 1)
			join = false;
		else if (kj == 0 && known(seg, left, ll) && known(seg, right, rl))
			join = false;
		else
			join = seg_hyphen_default_join(seg->lang, left, ll, right, rl);
	}
	hk->decision = join ? DECISION_JOIN : DECISION_KEEP;
	return join;
}

int seg_hyphen_decide(seg_doc *doc, const tolk_segmenter *seg)
{
	if (doc->nhyphens == 0)
		return 0;
	evidence ev;
	memset(&ev, 0, sizeof(ev));
	int rc = 0;
	char key[2 * KEY_MAX + 2], low[KEY_MAX];
	size_t kept = 0;
	for (size_t k = 0; k < doc->nhyphens && rc == 0; k++) {
		seg_hyphen *h = &doc->hyphens[k];
		size_t ll = h->pos - h->left_start, rl = h->next_end - h->next;
		if (ll + rl + 1 >= KEY_MAX)
			continue; /* no word is that long: leave it out, the line break stays a space */
		memcpy(key, doc->text + h->left_start, ll);
		memcpy(key + ll, doc->text + h->next, rl);
		size_t n = lower_into(low, key, ll + rl);
		if (n)
			rc = intern(&ev, low, n, key, ll + rl, &h->joined_key);
		key[ll] = '-';
		memcpy(key + ll + 1, doc->text + h->next, rl);
		size_t m = n ? lower_into(low, key, ll + 1 + rl) : 0;
		if (rc == 0 && m)
			rc = intern(&ev, low, m, key, ll + 1 + rl, &h->hyphen_key);
		if (n && m)
			doc->hyphens[kept++] = *h;
	}
	doc->nhyphens = kept;
	if (rc == 0) {
		count_document(&ev, doc->text, doc->len);
		for (size_t k = 0; k < doc->nhyphens; k++)
			doc->hyphens[k].join = decide(seg, &ev, doc, &doc->hyphens[k]);
	}
	evidence_free(&ev);
	return rc;
}
