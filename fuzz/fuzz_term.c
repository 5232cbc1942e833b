/*
 * Term recognition on arbitrary text, with a small term base built once
 * (multiword terms, inflected forms, every status). The first byte chooses
 * Dutch or English recognition, or the terminology check of a Dutch/English
 * pair (the rest split at its first NUL), or a lookup.
 */
#include "fuzz_common.h"
#include "tolk/termbase.h"

static tolk_termbase *small_base(void)
{
	static const struct {
		const char *id, *nl, *en, *en_old;
	} concepts[] = {
		{"c1", "vertaalgeheugen", "translation memory", "TM"},
		{"c2", "Tweede Kamer", "House of Representatives", "Second Chamber"},
		{"c3", "de minister van Defensie", "the Minister of Defence", NULL},
		{"c4", "luchtruimverdediging", "air defence", "air defense"},
		{"c5", "NAVO", "NATO", NULL},
		{"c6", "kat", "cat", NULL},
		{"c7", "grote-mensenwerk", "grown-up work", NULL},
		{"c8", "één", "one", NULL},
	};
	tolk_termbase *tb = NULL;
	FUZZ_ASSERT(tolk_termbase_new(&tb) == 0);
	for (size_t i = 0; i < sizeof concepts / sizeof concepts[0]; i++) {
		FUZZ_ASSERT(tolk_termbase_add_concept(tb, concepts[i].id, "defence", NULL) == 0);
		FUZZ_ASSERT(tolk_termbase_add_term(tb, concepts[i].id, "nl", concepts[i].nl, TOLK_TERM_PREFERRED,
		                                   "noun", NULL) == 0);
		FUZZ_ASSERT(tolk_termbase_add_term(tb, concepts[i].id, "en", concepts[i].en, TOLK_TERM_PREFERRED,
		                                   "noun", NULL) == 0);
		if (concepts[i].en_old)
			FUZZ_ASSERT(tolk_termbase_add_term(tb, concepts[i].id, "en", concepts[i].en_old,
			                                   TOLK_TERM_DEPRECATED, NULL, NULL) == 0);
	}
	return tb;
}

static void check_matches(const tolk_term_match *m, size_t n, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(m[i].start < m[i].end && m[i].end <= len);
		FUZZ_ASSERT(i == 0 || m[i - 1].end <= m[i].start);
		FUZZ_ASSERT(m[i].concept_id && m[i].term && m[i].lang);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tolk_termbase *tb;
	if (!tb)
		tb = small_base();
	if (size < 1)
		return 0;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	switch (data[0] & 3) {
	case 0:
	case 1: {
		tolk_term_match_list *m = NULL;
		if (tolk_termbase_recognize(&m, tb, (data[0] & 1) ? "en" : "nl", text, len) == 0)
			check_matches(m->items, m->count, len);
		tolk_term_match_list_free(m);
		break;
	}
	case 2: {
		char *nl, *en;
		size_t nl_len, en_len;
		fuzz_split(&nl, &nl_len, &en, &en_len, data + 1, size - 1);
		tolk_term_issue_list *list = NULL;
		if (tolk_termbase_check_pair(&list, tb, nl, nl_len, en, en_len) == 0)
			for (size_t i = 0; i < list->count; i++) {
				const tolk_term_issue *is = list->items;
				FUZZ_ASSERT(is[i].concept_id && is[i].expected);
				FUZZ_ASSERT(is[i].source_start <= is[i].source_end && is[i].source_end <= nl_len);
				if (is[i].kind == TOLK_TERM_ISSUE_DEPRECATED)
					FUZZ_ASSERT(is[i].target_start <= is[i].target_end && is[i].target_end <= en_len);
			}
		tolk_term_issue_list_free(list);
		free(nl);
		free(en);
		break;
	}
	default: {
		char *q = fuzz_strndup(data + 1, size - 1);
		tolk_term_lookup_result *res = NULL;
		(void)tolk_termbase_lookup(&res, tb, (data[0] & 4) ? "en" : NULL, q);
		tolk_term_lookup_result_free(res);
		free(q);
		break;
	}
	}
	return 0;
}
