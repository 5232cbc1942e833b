/*
 * Term-base concepts as aligner tokens. Until the term base is built in, a
 * term base set on the aligner contributes nothing.
 */
#include "align_private.h"

int al_side_term_tokens(al_job *job, int which, const char *text, size_t len,
                        int (*push)(void *ctx, uint32_t concept), void *ctx);

int al_side_term_tokens(al_job *job, int which, const char *text, size_t len,
                        int (*push)(void *ctx, uint32_t concept), void *ctx)
{
	(void)job;
	(void)which;
	(void)text;
	(void)len;
	(void)push;
	(void)ctx;
	return 0;
}
