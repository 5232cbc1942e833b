/*
 * The TM scorer and diff on two arbitrary strings (the input split at its first
 * NUL). The score is 0-100 and 100 for a text against itself when it has
 * words; the diff, read one way, spells the memory's source, and read the
 * other way, the looked-up text.
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

static bool is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* Equal once ASCII white space is left out of both (the diff keeps the spaces of one side). */
static bool same_ignoring_space(const char *a, const char *b, size_t blen)
{
	size_t j = 0;
	for (; *a; a++) {
		if (is_space((unsigned char)*a))
			continue;
		while (j < blen && is_space((unsigned char)b[j]))
			j++;
		if (j == blen || b[j] != *a)
			return false;
		j++;
	}
	while (j < blen && is_space((unsigned char)b[j]))
		j++;
	return j == blen;
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
			FUZZ_ASSERT(same_ignoring_space(qs.ptr ? qs.ptr : "", q, qlen));
			FUZZ_ASSERT(same_ignoring_space(cs.ptr ? cs.ptr : "", c, clen));
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a, *b;
	size_t alen, blen;
	fuzz_split(&a, &alen, &b, &blen, data, size);
	int s = tolk_tm_score(a, b);
	FUZZ_ASSERT(s >= 0 && s <= 100);
	s = tolk_tm_score(b, a);
	FUZZ_ASSERT(s >= 0 && s <= 100);
	(void)tolk_tm_word_count(a);
	blen = strlen(b); /* the library sees C strings */
	if (valid_utf8(a, alen) && valid_utf8(b, blen))
		check_diff(a, alen, b, blen);
	free(a);
	free(b);
	return 0;
}
