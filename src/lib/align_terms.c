/*
 * Term-base concepts as aligner tokens: a concept recognised in a source
 * segment and in a target segment is a match like a shared number. The term
 * base's recognition is inflection-aware and multiword, so "lastenverdeling"
 * meets "burden sharing" without a word-level dictionary.
 */
#include "align_private.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int al_side_term_tokens(al_job *job, int which, const char *text, size_t len,
                        int (*push)(void *ctx, uint32_t concept), void *ctx)
{
	const char *tag = which ? job->al->tgt_lang : job->al->src_lang;
	/* The term base speaks "nl" and "en"; a region ("en-GB") is the same language. */
	char lang[16];
	size_t n = strcspn(tag, "-_");
	if (n >= sizeof(lang))
		n = sizeof(lang) - 1;
	memcpy(lang, tag, n);
	lang[n] = '\0';
	tolk_term_match_list *list = NULL;
	int rc = tolk_termbase_recognize(&list, job->al->termbase, lang, text, len);
	if (rc == TOLK_ELANG) {
		/* A language the term base does not hold simply has no concepts. */
		tolk_error_clear();
		return 0;
	}
	if (rc < 0)
		return rc;
	for (size_t k = 0; k < list->count && rc == 0; k++) {
		uint32_t id;
		const char *concept = list->items[k].concept_id ? list->items[k].concept_id : "";
		rc = al_intern(&id, &job->forms, 't', concept, strlen(concept));
		if (rc == 0)
			rc = push(ctx, id);
	}
	tolk_term_match_list_free(list);
	return rc;
}
