/* The XML escaper (xml_escape.h) checked by libxml2 reading its output back. */
#include "testutil.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "util.h"
#include "xml_escape.h"

/* Forbidden in XML 1.0: dropped by the escaper. */
static bool forbidden(const unsigned char *s, size_t i, size_t *n)
{
	*n = 1;
	if (s[i] < 0x20)
		return s[i] != '\t' && s[i] != '\n' && s[i] != '\r';
	if (s[i] == 0xEF && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) {
		*n = 3;
		return true;
	}
	if (s[i] == 0xED && (s[i + 1] & 0xE0) == 0xA0) {
		*n = 3;
		return true;
	}
	return false;
}

START_TEST(libxml2_reads_back_what_was_escaped)
{
	static const char *const pieces[] = {"a", "Z", " ", "&", "<", ">", "]]>", "\"", "'", "\t", "\n", "\r",
	                                     "\r\n", "\x01", "\x1F", "\x7F", "é", "€", "😀", "\xEF\xBF\xBE",
	                                     "\xEF\xBF\xBF", "\xED\xA0\x80", "&amp;", "&#13;", "  "};
	const size_t npieces = sizeof(pieces) / sizeof(*pieces);
	srand(348);
	for (int round = 0; round < 5000; round++) {
		char in[256] = "", want[256] = "";
		int n = rand() % 12;
		for (int k = 0; k < n; k++)
			strcat(in, pieces[(size_t)rand() % npieces]);
		size_t len = strlen(in), w = 0, expect_dropped = 0;
		for (size_t i = 0; i < len;) {
			size_t step;
			if (forbidden((const unsigned char *)in, i, &step)) {
				expect_dropped++;
			} else {
				memcpy(want + w, in + i, step);
				w += step;
			}
			i += step;
		}
		want[w] = '\0';
		for (int attr = 0; attr < 2; attr++) {
			tolk_buf b = TOLK_BUF_INIT;
			size_t dropped = 0;
			ck_assert_int_eq(tolk_buf_puts(&b, attr ? "<r a=\"" : "<r>"), 0);
			ck_assert_int_eq(tolk_xml_escape(&b, in, len, attr ? TOLK_XML_ATTR : TOLK_XML_TEXT, &dropped, NULL), 0);
			ck_assert_int_eq(tolk_buf_puts(&b, attr ? "\"/>" : "</r>"), 0);
			ck_assert_uint_eq(dropped, expect_dropped);
			xmlDoc *doc = xmlReadMemory(b.ptr, (int)b.len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
			ck_assert_msg(doc != NULL, "libxml2 refused: %s", b.ptr);
			xmlNode *root = xmlDocGetRootElement(doc);
			xmlChar *got = attr ? xmlGetProp(root, BAD_CAST "a") : xmlNodeGetContent(root);
			ck_assert_str_eq((const char *)got, want);
			xmlFree(got);
			xmlFreeDoc(doc);
			tolk_buf_free(&b);
		}
	}
}
END_TEST

START_TEST(markup_passes_and_invalid_is_refused)
{
	tolk_buf b = TOLK_BUF_INIT;
	size_t dropped = 0, bad = 0;
	ck_assert_int_eq(tolk_xml_escape(&b, "<b>x&amp;\x01</b>", 14, TOLK_XML_MARKUP, &dropped, NULL), 0);
	ck_assert_str_eq(b.ptr, "<b>x&amp;</b>");
	ck_assert_uint_eq(dropped, 1);
	ck_assert_int_eq(tolk_xml_escape(&b, "ok\xC3(", 4, TOLK_XML_TEXT, NULL, &bad), TOLK_EINVALID);
	ck_assert_uint_eq(bad, 2);
	tolk_buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xml_escape");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, libxml2_reads_back_what_was_escaped);
	tcase_add_test(tc, markup_passes_and_invalid_is_refused);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
