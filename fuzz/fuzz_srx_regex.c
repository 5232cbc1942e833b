/*
 * SRX regular expressions: the input is a beforebreak pattern, NUL, an
 * afterbreak pattern, NUL, a text. The patterns go through tolk's analysis of
 * how a match can end and begin (srx_tail.c) and become a break rule of an
 * engine that then runs over the text, at every position and all at once.
 * The two ways must agree: break_positions may skip a position only where
 * decide says the rule does not break (checked on texts up to 256 bytes:
 * deciding at every position of a longer one costs more than it finds).
 */
#include "fuzz_common.h"
#include "srx.h"
#include "util.h"

static bool valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;)
		if (tolk_utf8_next(s, len, &i) < 0)
			return false;
	return true;
}

static int collect(size_t pos, void *payload)
{
	uint8_t *seen = payload;
	seen[pos] = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *before, *rest, *after, *text;
	size_t blen, rlen, alen, tlen;
	fuzz_split(&before, &blen, &rest, &rlen, data, size);
	fuzz_split(&after, &alen, &text, &tlen, (const uint8_t *)rest, rlen);
	free(rest);

	srx_edges tail = {0}, head = {0};
	if (srx_pattern_tail(&tail, before) == 0)
		srx_edges_free(&tail);
	if (srx_pattern_head(&head, after) == 0)
		srx_edges_free(&head);

	srx_rule rule = {.is_break = true, .before = before, .after = after, .line = 1};
	const srx_rule *rules[] = {&rule};
	srx_engine *e = NULL;
	if (tlen <= 4096 && srx_engine_new(&e, rules, 1, "fuzz.srx", false) == 0) {
		srx_text t = {0};
		srx_text_set(&t, text, tlen);
		uint8_t *seen = calloc(tlen + 1, 1);
		FUZZ_ASSERT(seen != NULL);
		int rc = srx_engine_break_positions(e, &t, collect, seen);
		/* breaks come after a character: from position 1 on, in valid UTF-8 as the segmenter gives it */
		if (rc == 0 && tlen <= 256 && valid_utf8(text, tlen)) {
			for (size_t pos = 1; pos <= tlen; pos++) {
				/* only character boundaries are positions */
				if (pos < tlen && ((unsigned char)text[pos] & 0xC0) == 0x80)
					continue;
				int d = srx_engine_decide(e, &t, pos);
				if (d == SRX_FAILED)
					break;
				if (d == SRX_BREAK && !seen[pos]) {
					fprintf(stderr, "break at %zu missed by break_positions\n", pos);
					FUZZ_ASSERT(0);
				}
			}
		}
		free(seen);
		srx_text_close(&t);
		srx_engine_free(e);
	}
	free(before);
	free(after);
	free(text);
	return 0;
}
