/*
 * The import loop both stores share: units from the reader into batches,
 * each batch one transaction, so that a failure, a cancel or a kill leaves
 * the store as it was after the last complete batch. What a unit and a
 * transaction are is the store's (tm_import.c, tm_pg.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"

int tm_import_batches(const tm_batch_ops *ops, void *store, tolk_tm_import_stats *stats, tm_next_fn next, void *ctx,
                      size_t batch, const tolk_tm_import_options *opts)
{
	int rc = ops->begin(store);
	size_t in_batch = 0;
	uint64_t done = 0;
	while (rc == 0) {
		const tolk_tmx_unit *u;
		tm_tokens *tokens;
		int64_t key;
		rc = next(ctx, &u, &tokens, &key);
		if (rc == TOLK_ITEROVER) {
			rc = 0;
			break;
		}
		bool keep;
		if (rc < 0 || (rc = tm_unit_admit(&keep, stats, u, !tokens)) < 0)
			break;
		/* from an import, tokens and key come ready from the reading thread; else they are made here */
		if (keep && (rc = ops->add(store, u, tokens, key ? key : tm_unit_dupkey(u))) < 0)
			break;
		done++;
		if (++in_batch >= batch) {
			if ((rc = ops->commit(store, false)) < 0 || (rc = ops->begin(store)) < 0)
				break;
			in_batch = 0;
		}
		if (opts && opts->progress && done % 1000 == 0 && opts->progress(done, 0, opts->progress_payload)) {
			rc = tolk_error_set(TOLK_ECANCELLED, _("import cancelled"));
			break;
		}
	}
	if (rc == 0)
		rc = ops->commit(store, true);
	if (rc < 0) {
		ops->rollback(store);
		return rc;
	}
	if (opts && opts->progress)
		opts->progress(done, done, opts->progress_payload);
	return 0;
}
