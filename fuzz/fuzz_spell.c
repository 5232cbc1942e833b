/*
 * The spell checker's tokenizer and rules (compounds, English inside Dutch,
 * layout, names...) on arbitrary text, with the nl_NL dictionary loaded once.
 * The first byte sets the options; suggestions (slow: each generates and checks
 * hundreds of candidates) only on short inputs whose first byte also has its
 * three top bits set, so that they do not take all of the fuzzer's time.
 */
#include "fuzz_common.h"
#include "tolk/spell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tolk_spell_checker *chk;
	if (!chk)
		FUZZ_ASSERT(tolk_spell_checker_new(&chk, "nl_NL", NULL) == 0);
	if (size < 1)
		return 0;
	unsigned options = data[0] & (TOLK_SPELL_NO_COMPOUNDS | TOLK_SPELL_NO_ENGLISH | TOLK_SPELL_NO_LAYOUT |
	                              TOLK_SPELL_NO_SUGGESTIONS | TOLK_SPELL_RAW);
	if (size > 32 || (data[0] & 0xE0) != 0xE0)
		options |= TOLK_SPELL_NO_SUGGESTIONS;
	tolk_spell_checker_set_options(chk, options);
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	tolk_spell_finding_list *list = NULL;
	if (tolk_spell_check_text(&list, chk, text, len) == 0) {
		const tolk_spell_finding *f = list->items;
		size_t n = list->count;
		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(f[i].start <= f[i].end && f[i].end <= len);
			FUZZ_ASSERT(f[i].line >= 1 && f[i].column >= 1);
			FUZZ_ASSERT(f[i].word != NULL);
			for (size_t k = 0; k < f[i].suggestion_count; k++)
				(void)strlen(f[i].suggestions[k]);
		}
		tolk_spell_finding_list_free(list);
	}
	return 0;
}
