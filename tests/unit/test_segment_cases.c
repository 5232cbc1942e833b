/*
 * The segmentation cases in tests/data/segment/cases.LANG.txt (format described at the top of
 * cases.en.txt), each segmented through the library with the default rules and layout repair,
 * as `tolk segment --lang LANG` does. Every case must come out exactly as written there.
 */
#include "testutil.h"

#include "tolk/segment.h"
#include "util.h"

/* "\u00A0" (four hex digits) becomes that character's UTF-8; everything else is copied. */
static void unescape(tolk_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		bool hex = s[i] == '\\' && i + 6 <= n && s[i + 1] == 'u';
		for (size_t k = 2; hex && k < 6; k++) {
			char h = s[i + k];
			hex = (h >= '0' && h <= '9') || ((h | 0x20) >= 'a' && (h | 0x20) <= 'f');
			if (hex)
				v = v * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
		}
		if (hex) {
			char u[4];
			size_t k = 0;
			if (v < 0x80) {
				u[k++] = (char)v;
			} else if (v < 0x800) {
				u[k++] = (char)(0xC0 | (v >> 6));
				u[k++] = (char)(0x80 | (v & 0x3F));
			} else {
				u[k++] = (char)(0xE0 | (v >> 12));
				u[k++] = (char)(0x80 | ((v >> 6) & 0x3F));
				u[k++] = (char)(0x80 | (v & 0x3F));
			}
			tolk_buf_put(b, u, k);
			i += 5;
			continue;
		}
		tolk_buf_putc(b, s[i]);
	}
}

typedef struct seg_case {
	char *title;
	tolk_buf input, want; /* want: the expected segments, one per line */
} seg_case;

/* Run every case of one file; returns the number of cases, failures reported through Check. */
static int run_file(const char *lang, unsigned *failed)
{
	char rel[64];
	snprintf(rel, sizeof(rel), "tests/data/segment/cases.%s.txt", lang);
	char *text = NULL;
	size_t len = 0;
	ck_assert_int_eq(tolk_text_read_file(&text, &len, test_src_path(rel)), 0);
	tolk_segmenter *seg = NULL;
	ck_assert_int_eq(tolk_segmenter_new(&seg, lang), 0);
	int cases = 0;
	seg_case c;
	memset(&c, 0, sizeof(c));
	int state = 0; /* 0: between cases, 1: input, 2: expected */
	char *p = text, *end = text + len;
	for (;;) {
		char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		bool at_end = p >= end;
		bool header = !at_end && n >= 4 && strncmp(p, "=== ", 4) == 0;
		if ((header || at_end) && state == 2) {
			/* the input's trailing blank lines are no part of it */
			while (c.input.len > 0 && c.input.ptr[c.input.len - 1] == '\n' &&
			       (c.input.len == 1 || c.input.ptr[c.input.len - 2] == '\n'))
				c.input.len--;
			tolk_segment_list *list = NULL;
			ck_assert_msg(tolk_segment_text(&list, seg, c.input.ptr ? c.input.ptr : "", c.input.len) == 0,
			              "%s: %s: segmenting failed", lang, c.title);
			tolk_buf got = TOLK_BUF_INIT;
			for (size_t i = 0; i < list->count; i++)
				tolk_buf_printf(&got, "%s\n", list->items[i].text);
			tolk_segment_list_free(list);
			const char *g = got.ptr ? got.ptr : "", *w = c.want.ptr ? c.want.ptr : "";
			if (strcmp(g, w) != 0) {
				fprintf(stderr, "FAIL %s: %s\n--- got:\n%s--- want:\n%s", lang, c.title, g, w);
				(*failed)++;
			}
			tolk_buf_free(&got);
			cases++;
		}
		if (at_end)
			break;
		if (header) {
			free(c.title);
			tolk_buf_free(&c.input);
			tolk_buf_free(&c.want);
			memset(&c, 0, sizeof(c));
			c.title = strndup(p + 4, n - 4);
			state = 1;
		} else if (state == 1 && n == 3 && strncmp(p, "---", 3) == 0) {
			state = 2;
		} else if (state == 1) {
			unescape(&c.input, p, n);
			tolk_buf_putc(&c.input, '\n');
		} else if (state == 2 && n > 0 && p[0] != '#') {
			unescape(&c.want, p, n);
			tolk_buf_putc(&c.want, '\n');
		}
		p = nl ? nl + 1 : end;
	}
	free(c.title);
	tolk_buf_free(&c.input);
	tolk_buf_free(&c.want);
	tolk_segmenter_free(seg);
	free(text);
	return cases;
}

START_TEST(english_cases)
{
	unsigned failed = 0;
	int n = run_file("en", &failed);
	ck_assert_msg(n >= 30, "only %d English cases read: is the file's format broken?", n);
	ck_assert_msg(failed == 0, "%u of %d English cases fail (listed on stderr)", failed, n);
}
END_TEST

START_TEST(dutch_cases)
{
	unsigned failed = 0;
	int n = run_file("nl", &failed);
	ck_assert_msg(n >= 30, "only %d Dutch cases read: is the file's format broken?", n);
	ck_assert_msg(failed == 0, "%u of %d Dutch cases fail (listed on stderr)", failed, n);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("segment_cases");
	TCase *tc = tcase_create("cases");
	tcase_add_test(tc, english_cases);
	tcase_add_test(tc, dutch_cases);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
