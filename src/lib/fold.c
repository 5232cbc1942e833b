/* tolk_fold: see fold.h for what it folds and why. ICU does the real work; below TABLED the
 * answers are tabled once, as the aligner, the memory and the term base fold every word. */
#include "fold.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "util.h"

#define TABLED 0x3000 /* Latin, Greek, Cyrillic, the ligatures' neighbours, all punctuation */

/* Filled on first use, so a process touches only the ICU data of the characters it meets. */
typedef struct fold_entry {
	atomic_uchar ready;
	uint8_t len;
	char bytes[TOLK_FOLD_CP_MAX];
} fold_entry;

static fold_entry table[2][TABLED];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static bool is_mark(UChar32 cp)
{
	int8_t t = u_charType(cp);
	return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

/* Simple default case folding of one code point, in UTF-16. */
static int32_t case_fold(UChar *out, UChar32 cp)
{
	int32_t n = 0;
	U16_APPEND_UNSAFE(out, n, u_foldCase(cp, U_FOLD_CASE_DEFAULT));
	return n;
}

/* UTF-16 to UTF-8 into out, skipping marks when drop_marks; SIZE_MAX when over TOLK_FOLD_CP_MAX. */
static size_t put16(char *out, const UChar *s, int32_t n, bool drop_marks)
{
	size_t o = 0;
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(s, i, n, c);
		if (drop_marks && is_mark(c))
			continue;
		char b[4];
		size_t k = tolk_utf8_encode(b, c);
		if (o + k > TOLK_FOLD_CP_MAX)
			return SIZE_MAX;
		memcpy(out + o, b, k);
		o += k;
	}
	return o;
}

static size_t compute(char *out, UChar32 cp, tolk_fold_mode mode)
{
	UChar folded[2];
	int32_t nf = case_fold(folded, cp);
	if (mode == TOLK_FOLD_CASE)
		return put16(out, folded, nf, false);
	if (is_mark(cp)) /* an accent on its own, the iota subscript too */
		return 0;
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&err);
	UChar dec[32], refold[64];
	int32_t nd = U_SUCCESS(err) ? unorm2_normalize(nfkd, folded, nf, dec, 32, &err) : -1;
	if (U_FAILURE(err) || nd < 0 || nd > 32)
		return put16(out, folded, nf, false);
	int32_t nr = 0;
	for (int32_t i = 0; i < nd;) {
		UChar32 c;
		U16_NEXT(dec, i, nd, c);
		if (is_mark(c))
			continue;
		if (!u_isalnum(c)) /* ½ → 1⁄2, ¨ → " ̈", NBSP → " ": no decomposition */
			return put16(out, folded, nf, false);
		nr += case_fold(refold + nr, c); /* ℡ → TEL, Ⓐ → A come in capitals */
	}
	size_t len = put16(out, refold, nr, false);
	if (len == 0 || len == SIZE_MAX) /* decomposes to marks only, or too long: fold only */
		len = put16(out, folded, nf, false);
	return len;
}

static size_t fold_cp(char *out, int32_t cp, tolk_fold_mode mode)
{
	if (cp >= TABLED)
		return compute(out, cp, mode);
	fold_entry *e = &table[mode][cp];
	if (!atomic_load_explicit(&e->ready, memory_order_acquire)) {
		/* computed once, under the lock; readers of a ready entry never wait */
		pthread_mutex_lock(&table_lock);
		if (!atomic_load_explicit(&e->ready, memory_order_relaxed)) {
			e->len = (uint8_t)compute(e->bytes, cp, mode);
			atomic_store_explicit(&e->ready, 1, memory_order_release);
		}
		pthread_mutex_unlock(&table_lock);
	}
	memcpy(out, e->bytes, e->len);
	return e->len;
}

size_t tolk_fold_cp(char *out, int32_t cp, tolk_fold_mode mode)
{
	return fold_cp(out, cp, mode);
}

size_t tolk_fold(char *out, size_t cap, const char *s, size_t len, tolk_fold_mode mode)
{
	size_t i = 0, o = 0;
	char tmp[TOLK_FOLD_CP_MAX];
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (o >= cap)
				return SIZE_MAX;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		int32_t cp = tolk_utf8_next(s, len, &i);
		if (cp < 0)
			return SIZE_MAX;
		size_t k = fold_cp(tmp, cp, mode);
		if (k > cap - o)
			return SIZE_MAX;
		memcpy(out + o, tmp, k);
		o += k;
	}
	return o;
}

int tolk_text_fold(char **out, size_t *out_len, const char *text, size_t len, tolk_fold_mode mode)
{
	if (!out || (!text && len))
		return tolk_error_set(TOLK_EINVALID, _("nothing to fold"));
	*out = NULL;
	if (len > (SIZE_MAX - 1) / TOLK_FOLD_GROWTH)
		return tolk_error_set(TOLK_EINVALID, _("the text is too long to fold"));
	char *buf = malloc(len * TOLK_FOLD_GROWTH + 1);
	if (!buf)
		return tolk_error_oom();
	size_t n = len ? tolk_fold(buf, len * TOLK_FOLD_GROWTH, text, len, mode) : 0;
	if (n == SIZE_MAX) {
		free(buf);
		return tolk_error_set(TOLK_EINVALID, _("the text to fold is not UTF-8"));
	}
	buf[n] = '\0';
	*out = buf;
	if (out_len)
		*out_len = n;
	return 0;
}
