/*
 * The aligner, the memory and the term base compare words alike (issue 17): for each pair,
 * the aligner's key (tolk_fold), the memory's token key (tm_tokenize) and the term base's
 * normal form (tb_normalize) are all equal or all different, as fold.h decides. Before
 * tolk_fold the three disagreed: ß was ss to the aligner and the term base but not to the
 * memory, and ĳ and ﬁ were themselves to the aligner but ij and fi to the other two.
 */
#include "testutil.h"

#include <stdbool.h>

#include "fold.h"
#include "termbase_priv.h"
#include "tm_private.h"

static void aligner_key(char *out, const char *w)
{
	size_t n = tolk_fold(out, 256, w, strlen(w), TOLK_FOLD_CASE_ACCENTS);
	ck_assert_uint_ne(n, SIZE_MAX);
	out[n] = '\0';
}

static void memory_key(char *out, const char *w)
{
	tm_tokens t;
	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(tm_tokenize(&t, w, strlen(w)), 0);
	ck_assert_uint_eq(t.count, 1);
	memcpy(out, tm_key(&t, &t.items[0]), t.items[0].key_len);
	out[t.items[0].key_len] = '\0';
	tm_tokens_free(&t);
}

static void termbase_key(char *out, const char *w)
{
	tolk_buf b = TOLK_BUF_INIT;
	ck_assert_int_eq(tb_normalize(&b, w, strlen(w)), 0);
	ck_assert_uint_lt(b.len, 256);
	memcpy(out, b.ptr ? b.ptr : "", b.len);
	out[b.len] = '\0';
	tolk_buf_free(&b);
}

START_TEST(three_users_agree)
{
	static const struct {
		const char *a, *b;
		bool same;
	} pairs[] = {
		{"Één", "een", true},
		{"\xC4\xB2sselmeer", "IJsselmeer", true},          /* Ĳ ligature letter */
		{"\xC4\xB3s", "ijs", true},                        /* ĳ */
		{"\xEF\xAC\x81nancieel", "financieel", true},      /* ﬁ */
		{"e\xCC\x81" "cole", "\xC3\xA9" "cole", true},     /* combining acute, precomposed é */
		{"\xEF\xBC\xAE\xEF\xBC\xA1\xEF\xBC\xB6\xEF\xBC\xAF", "navo", true}, /* full-width NAVO */
		{"STRA\xE1\xBA\x9E" "E", "stra\xC3\x9F" "e", true}, /* capital ẞ */
		{"Ma\xC3\x9F" "e", "Masse", false},                 /* ß is not ss: Maße, Masse */
		{"co\xC3\xB6rdinatie", "coordinatie", true},
		{"financi\xC3\xABle", "financiele", true},
		{"kamer", "kamers", false},
	};
	for (size_t k = 0; k < sizeof(pairs) / sizeof(*pairs); k++) {
		char a[3][256], b[3][256];
		aligner_key(a[0], pairs[k].a);
		aligner_key(b[0], pairs[k].b);
		memory_key(a[1], pairs[k].a);
		memory_key(b[1], pairs[k].b);
		termbase_key(a[2], pairs[k].a);
		termbase_key(b[2], pairs[k].b);
		for (int u = 0; u < 3; u++) {
			ck_assert_msg((strcmp(a[u], b[u]) == 0) == pairs[k].same, "pair %zu, user %d: '%s' vs '%s'", k, u,
			              a[u], b[u]);
			ck_assert_str_eq(a[u], a[0]); /* and the same key everywhere */
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fold_users");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, three_users_agree);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
