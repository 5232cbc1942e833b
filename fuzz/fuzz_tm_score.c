/*
 * The TM scorer and diff on two arbitrary strings (the input split at its first
 * NUL). The score is 0-100; the diff, read one way, spells the memory's
 * source, and read the other way, the looked-up text.
 */
#include "fuzz_common.h"
#include "tm_private.h"
#include "util.h"

static bool valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;)
		if (tolk_utf8_next(s, len, &i) < 0)
			return false;
	return true;
}

/* Is a[0..alen) a subsequence of b[0..blen)? */
static bool subsequence(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;
	for (size_t j = 0; i < alen && j < blen; j++)
		if (a[i] == b[j])
			i++;
	return i == alen;
}

static bool white(int32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000;
}

/* s without its white space (into out, which has room for len bytes). */
static size_t strip_white(char *out, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		size_t at = i;
		int32_t cp = tolk_utf8_next(s, len, &i);
		if (i == at)
			i++;
		if (!white(cp)) {
			memcpy(out + n, s + at, i - at);
			n += i - at;
		}
	}
	return n;
}

/*
 * What the diff spells for one side is taken from that side's text and holds
 * every token of it. Equal runs carry the looked-up text's spaces: for the
 * memory's side, white space is left out of the comparison.
 */
static bool spelt(const char *d, size_t dlen, const char *text, size_t len, const tm_tokens *t, bool own_spaces)
{
	char *bare = malloc(dlen + 1);
	FUZZ_ASSERT(bare != NULL);
	size_t blen = own_spaces ? (memcpy(bare, d, dlen), dlen) : strip_white(bare, d, dlen);
	bool in_text = subsequence(bare, blen, text, len);
	free(bare);
	if (!in_text)
		return false;
	tolk_buf surfaces = TOLK_BUF_INIT;
	for (size_t k = 0; k < t->count; k++)
		FUZZ_ASSERT(tolk_buf_put(&surfaces, text + t->items[k].start, t->items[k].end - t->items[k].start) == 0);
	bool ok = subsequence(surfaces.ptr ? surfaces.ptr : "", surfaces.len, d, dlen);
	tolk_buf_free(&surfaces);
	return ok;
}

static void check_diff(const char *q, size_t qlen, const char *c, size_t clen)
{
	tm_tokens qt = {0}, ct = {0};
	if (tm_tokenize(&qt, q, qlen) == 0 && tm_tokenize(&ct, c, clen) == 0) {
		tolk_tm_diff *d = NULL;
		size_t n = 0;
		if (tm_diff(&d, &n, q, &qt, c, &ct) == 0) {
			tolk_buf qs = {0}, cs = {0};
			for (size_t i = 0; i < n; i++) {
				FUZZ_ASSERT(d[i].text != NULL);
				if (d[i].op != TOLK_TM_DIFF_DELETE)
					FUZZ_ASSERT(tolk_buf_put(&qs, d[i].text, strlen(d[i].text)) == 0);
				if (d[i].op != TOLK_TM_DIFF_INSERT)
					FUZZ_ASSERT(tolk_buf_put(&cs, d[i].text, strlen(d[i].text)) == 0);
			}
			/* the diff is made of the two texts' tokens: nothing lost, nothing made up */
			if (!spelt(qs.ptr ? qs.ptr : "", qs.len, q, qlen, &qt, true) ||
			    !spelt(cs.ptr ? cs.ptr : "", cs.len, c, clen, &ct, false)) {
				for (size_t i = 0; i < n; i++)
					fprintf(stderr, "diff %d [%s]\n", (int)d[i].op, d[i].text);
				FUZZ_ASSERT(!"the diff spells both texts");
			}
			tolk_buf_free(&qs);
			tolk_buf_free(&cs);
			for (size_t i = 0; i < n; i++)
				free(d[i].text);
			free(d);
		}
	}
	tm_tokens_free(&qt);
	tm_tokens_free(&ct);
}

/* At a minimum the score is the full one when that reaches it, else below: cutting work short changes no answer. */
static void check_minimums(const char *q, size_t qlen, const char *c, size_t clen)
{
	static const int mins[] = {1, 50, 70, 85, 95, 100};
	tm_tokens qt = {0}, ct = {0};
	tm_scorer sc = {0};
	int full = -1;
	if (tm_tokenize(&qt, q, qlen) == 0 && tm_tokenize(&ct, c, clen) == 0 &&
	    tm_score(&full, &sc, q, &qt, c, &ct, 0) == 0) {
		for (size_t k = 0; k < sizeof(mins) / sizeof(*mins); k++) {
			int at = -2;
			FUZZ_ASSERT(tm_score(&at, &sc, q, &qt, c, &ct, mins[k]) == 0);
			FUZZ_ASSERT(at == (full >= mins[k] ? full : TM_SCORE_BELOW));
		}
	}
	tm_scorer_free(&sc);
	tm_tokens_free(&qt);
	tm_tokens_free(&ct);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a, *b;
	size_t alen, blen;
	fuzz_split(&a, &alen, &b, &blen, data, size);
	int s = -1;
	FUZZ_ASSERT(tolk_tm_score(&s, a, b) == 0 && s >= 0 && s <= 100);
	s = -1;
	FUZZ_ASSERT(tolk_tm_score(&s, b, a) == 0 && s >= 0 && s <= 100);
	(void)tolk_tm_word_count(a);
	blen = strlen(b); /* the library sees C strings */
	if (valid_utf8(a, alen) && valid_utf8(b, blen)) {
		check_diff(a, alen, b, blen);
		check_minimums(a, alen, b, blen);
	}
	free(a);
	free(b);
	return 0;
}
