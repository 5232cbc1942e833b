/*
 * The segmenter with layout repair (tolk's own rules) on arbitrary text. The
 * first byte chooses Dutch or English and whether the Hunspell lexicon (loaded
 * once) guides the line-end hyphen repair.
 */
#include "fuzz_common.h"
#include "tolk/segment.h"
#include "tolk/spell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tolk_segmenter *seg[2][2];
	static tolk_speller *sp[2];
	static const char *const langs[2] = {"nl", "en"}, *const dicts[2] = {"nl_NL", "en_GB"};
	if (size < 1)
		return 0;
	int l = data[0] & 1, lex = (data[0] >> 1) & 1;
	if (!seg[l][lex]) {
		FUZZ_ASSERT(tolk_segmenter_new(&seg[l][lex], langs[l]) == 0);
		if (lex) {
			if (!sp[l])
				FUZZ_ASSERT(tolk_speller_new(&sp[l], dicts[l], NULL) == 0);
			tolk_segmenter_set_lexicon(seg[l][lex], tolk_speller_known_cb, sp[l]);
		}
	}
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	tolk_segment_list *list = NULL;
	if (tolk_segment_text(&list, seg[l][lex], text, len) == 0) {
		for (size_t i = 0; i < list->count; i++) {
			const tolk_segment *s = &list->items[i];
			FUZZ_ASSERT(s->start <= s->end && s->end <= len);
			FUZZ_ASSERT(i == 0 || list->items[i - 1].end <= s->start);
			FUZZ_ASSERT(s->paragraph >= 1);
			(void)strlen(s->text);
		}
		tolk_segment_list_free(list);
	}
	return 0;
}
