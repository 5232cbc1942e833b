/* Private: the TBX reader as parts a loader drives (tbx_read.c), and the loader (termbase_tbxload.c). */
#ifndef TOLK_TERMBASE_TBX_H
#define TOLK_TERMBASE_TBX_H

#include "termbase_priv.h"

/* One libxml2 push parse filling one term base. */
typedef struct tbx_part tbx_part;

/* A parse into tb (empty); prefix, if any, is read first (a wrapper that is not in the file). */
int tbx_part_new(tbx_part **out, tolk_termbase *tb, const char *path, const char *prefix, size_t prefix_len);
/* Parse more bytes; the first error so far (0 = none). */
int tbx_part_push(tbx_part *p, const char *data, size_t len);
/* End of input: well-formedness, then the concept ids (duplicates); 0 or the first error. */
int tbx_part_finish(tbx_part *p);
/* Leave the ids to the caller: tbx_part_finish builds no id table (a part of a file). */
void tbx_part_leave_ids(tbx_part *p);
/*
 * The open elements (root first) when everything pushed so far has been read
 * and the parse stands between concepts; -1 otherwise (an error, inside a
 * concept, a comment or a tag, or more than max open).
 */
int tbx_part_stack(const char **names, size_t max, tbx_part *p);
void tbx_part_free(tbx_part *p);

/* How many loads on this thread used two parses (for tests: the fast path must not fall back unnoticed). */
unsigned tbx_loads_in_halves(void);

#endif
