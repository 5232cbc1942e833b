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
#include <unicode/utf8.h>

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
	uint32_t *slots;  /* open addressing: key index + 1, 0 = empty */
	size_t nslots;
	uint64_t lengths[4];  /* which byte lengths (< 256) keys have */
	uint64_t first[4];    /* which first bytes keys have */
} evidence;

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Lowercase UTF-8 into out (KEY_MAX bytes); returns the length, 0 when too long. */
static size_t lower_into(char *out, const char *s, size_t n)
{
	size_t o = 0, i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (o + 1 > KEY_MAX)
				return 0;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		UChar32 cp;
		U8_NEXT(s, i, n, cp);
		if (cp < 0)
			return 0;
		cp = u_tolower(cp);
		if (o + 4 > KEY_MAX)
			return 0;
		U8_APPEND_UNSAFE(out, o, cp);
	}
	return o;
}

static evidence_key *find_key(evidence *ev, const char *s, size_t n, uint32_t h)
{
	if (!ev->nslots)
		return NULL;
	for (size_t i = h & (ev->nslots - 1);; i = (i + 1) & (ev->nslots - 1)) {
		uint32_t slot = ev->slots[i];
		if (!slot)
			return NULL;
		evidence_key *k = &ev->keys[slot - 1];
		if (k->hash == h && k->len == n && memcmp(k->text, s, n) == 0)
			return k;
	}
}

static int rehash(evidence *ev)
{
	size_t nslots = ev->nslots ? ev->nslots * 2 : 64;
	uint32_t *slots = tolk_calloc(nslots, sizeof(*slots));
	if (!slots)
		return TOLK_ENOMEM;
	for (size_t k = 0; k < ev->nkeys; k++) {
		size_t i = ev->keys[k].hash & (nslots - 1);
		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = (uint32_t)k + 1;
	}
	free(ev->slots);
	ev->slots = slots;
	ev->nslots = nslots;
	return 0;
}

/* Intern a lowercase key; *index gets its position. */
static int intern(evidence *ev, const char *s, size_t n, uint32_t *index)
{
	uint32_t h = hash_bytes(s, n);
	evidence_key *found = find_key(ev, s, n, h);
	if (found) {
		*index = (uint32_t)(found - ev->keys);
		return 0;
	}
	if ((ev->nkeys + 1) * 2 > ev->nslots && rehash(ev))
		return TOLK_ENOMEM;
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
	size_t i = h & (ev->nslots - 1);
	while (ev->slots[i])
		i = (i + 1) & (ev->nslots - 1);
	ev->slots[i] = (uint32_t)ev->nkeys + 1;
	*index = (uint32_t)ev->nkeys++;
	if (n < 256)
		ev->lengths[n >> 6] |= 1ull << (n & 63);
	unsigned char f = (unsigned char)s[0];
	ev->first[f >> 6] |= 1ull << (f & 63);
	return 0;
}

static void evidence_free(evidence *ev)
{
	for (size_t k = 0; k < ev->nkeys; k++)
		free(ev->keys[k].text);
	free(ev->keys);
	free(ev->slots);
}

/* Count one spelling found in the text, when it is one of the keys. */
static void count(evidence *ev, const char *s, size_t n)
{
	if (n >= 256 || !(ev->lengths[n >> 6] & (1ull << (n & 63))))
		return;
	unsigned char f = (unsigned char)s[0];
	if (f < 0x80 && f >= 'A' && f <= 'Z')
		f = (unsigned char)(f + 32);
	if (f < 0x80 && !(ev->first[f >> 6] & (1ull << (f & 63))))
		return;
	char low[KEY_MAX];
	size_t ln = lower_into(low, s, n);
	if (!ln)
		return;
	evidence_key *k = find_key(ev, low, ln, hash_bytes(low, ln));
	if (k)
		k->count++;
}

static bool word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	return u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK);
}

/*
 * Every word of the document, with each part of a hyphenated word and each
 * pair of neighbouring parts counted too: "NAVO-missies" counts "navo",
 * "missies" and "navo-missies".
 */
static void count_document(evidence *ev, const char *text, size_t len)
{
	size_t i = 0;
	size_t part_start[2] = {0, 0}, part_end[2] = {0, 0};
	bool have_prev = false;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		/* skip to a word character; ASCII non-letters are the bulk */
		if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9')) {
			have_prev = false;
			i++;
			continue;
		}
		size_t s = i, n;
		int32_t cp = seg_cp_at(text, len, i, &n);
		if (!word_cp(cp)) {
			have_prev = false;
			i += n;
			continue;
		}
		while (i < len && word_cp(seg_cp_at(text, len, i, &n)))
			i += n;
		count(ev, text + s, i - s);
		if (have_prev && part_end[0] + 1 == s) {
			/* the pair "previous-this" as one spelling */
			count(ev, text + part_start[0], i - part_start[0]);
		}
		part_start[0] = s;
		part_end[0] = i;
		have_prev = i < len && text[i] == '-';
		if (have_prev)
			i++;
	}
	(void)part_start[1];
	(void)part_end[1];
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
			rc = intern(&ev, low, n, &h->joined_key);
		key[ll] = '-';
		memcpy(key + ll + 1, doc->text + h->next, rl);
		size_t m = n ? lower_into(low, key, ll + 1 + rl) : 0;
		if (rc == 0 && m)
			rc = intern(&ev, low, m, &h->hyphen_key);
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
