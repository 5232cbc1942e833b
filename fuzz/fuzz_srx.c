/*
 * The SRX reader and the rule engine built from what it read: the input is an
 * SRX document, a NUL byte, then a text. The rules of the Dutch or English map
 * (the first byte of the text chooses), when they load and compile, find the
 * break positions of the text and decide at each of its characters.
 * (The segmenter around the engine is fuzz_segment's; a segmenter per input
 * would spend the time compiling tolk's own rules.)
 */
#include "fuzz_common.h"
#include "srx.h"

static int in_order(size_t pos, void *payload)
{
	size_t *last = payload;
	FUZZ_ASSERT(pos > *last || (*last == 0 && pos == 0));
	*last = pos;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml, *text;
	size_t xml_len, text_len;
	fuzz_split(&xml, &xml_len, &text, &text_len, data, size);
	const char *lang = text_len > 0 && (text[0] & 1) ? "en-GB" : "nl";
	srx_doc *doc = NULL;
	const srx_rule **rules = NULL;
	size_t count = 0;
	srx_engine *e = NULL;
	if (srx_doc_parse(&doc, xml, xml_len, "fuzz.srx") == 0 &&
	    srx_doc_select(&rules, &count, doc, lang) == 0 &&
	    srx_engine_new(&e, rules, count, "fuzz.srx", doc->use_icu) == 0) {
		srx_text t = {0};
		srx_text_set(&t, text, text_len);
		size_t last = 0;
		if (srx_engine_break_positions(e, &t, in_order, &last) == 0) {
			FUZZ_ASSERT(last <= text_len);
			for (size_t pos = 1; pos <= text_len; pos++)
				if (srx_engine_decide(e, &t, pos) == SRX_FAILED)
					break;
		}
		srx_text_close(&t);
	}
	srx_engine_free(e);
	free(rules);
	srx_doc_free(doc);
	free(xml);
	free(text);
	return 0;
}
