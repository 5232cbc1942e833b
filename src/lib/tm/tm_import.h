/* Private to the import: tm_import.c (batches, units) and tm_merge.c (duplicates). */
#ifndef TOLK_TM_IMPORT_H
#define TOLK_TM_IMPORT_H

#include "hashmap.h"
#include "tm_private.h"
#include "tm_sketch.h"

typedef struct importer {
	tolk_tm *tm;
	sqlite3_stmt *find_dup, *ins_tu, *ins_tuv, *ins_fts, *get_tuvs, *upd_tu, *upd_tuv, *put_df;
	tm_counter counter;
	int64_t next_tuv;
	uint64_t unflushed;
	bool in_txn;
	tolk_tm_import_stats *stats;
	tolk_tm_import_stats committed; /* the counts as of the last commit: a rollback returns to them */
	/*
	 * Into an empty store, a unit can only duplicate one of this import: the
	 * keys seen so far, kept here, spare a lookup in the index for each unit.
	 */
	bool fresh_store, first_batch;
	int64_t last_unit;        /* the store's newest unit when we last held the lock */
	uint8_t *terms;           /* the terms given to the index (tm_terms.c) */
	int64_t tuv_before;       /* the newest variant when the import began */
	bool alone;               /* no other process wrote between our batches */
	tolk_hashmap keys;        /* dupkeys of this import, when fresh_store */
	int bind_src;             /* the first failed sqlite3_bind_* since the last step (SQLITE_OK if none) */
	const char *srclang;      /* the units' source language, noted by the first batch */
	tm_sketch_writer sketch;  /* each new variant's sketch (tm_sketch.c) */
} importer;

typedef struct variant_ref {
	const tolk_tmx_tuv *tuv;
	size_t index;
} variant_ref;

/* Dates, ids, props and notes of a stored unit or variant, and of a newcomer. */
typedef struct merge_fields {
	time_t creationdate, changedate;
	const char *creationid, *changeid, *props, *notes;
} merge_fields;

/* Props and notes as stored (RS/US-separated text); NULL when there are none. */
int tm_encode_props(char **out, const tolk_tmx_prop *props, size_t n);
int tm_encode_notes(char **out, char *const *notes, size_t n);
/* Order of variants in a duplicate key: language (case-insensitive), then text. */
int tm_cmp_variant(const void *a, const void *b);
/*
 * With find_dup bound to the newcomer's key: if a stored unit has the same
 * variants (refs in tm_cmp_variant order), merge the newcomer into it.
 */
/* A stored row's fields, copied out of the store. */
typedef struct stored {
	int64_t id;
	char *s[7];               /* tuid or lang, text, creationid, changeid, props, notes; seg_xml */
	merge_fields f;
} stored;
void tm_stored_clear(stored *v);
/* Are the stored variants (sorted here) the newcomer's (refs in tm_cmp_variant order)? */
bool tm_stored_same(stored *sv, size_t got, const tolk_tmx_unit *u, const variant_ref *refs);
/*
 * The merged fields: earliest creation (with its id), latest change (with its
 * id), props and notes united. *props and *notes are new strings or NULL when
 * unchanged; *changed tells whether anything differs from old.
 */
int tm_merge_compute(merge_fields *m, char **props, char **notes, bool *changed, const merge_fields *old,
                     const merge_fields *add);
/* A newcomer variant's fields, its props and notes encoded into new strings. */
int tm_tuv_fields(merge_fields *f, char **props, char **notes, const tolk_tmx_tuv *v);
/*
 * The newcomer u merged into the stored unit and its got variants (the same
 * as u's, refs in tm_cmp_variant order): update is called for the unit (with
 * its tuid) and for each variant (tuid NULL) whose fields the merge changes.
 */
typedef int (*tm_merge_update_fn)(void *ctx, const char *tuid, const merge_fields *m, int64_t id);
int tm_merge_apply(const stored *unit, const stored *sv, size_t got, const tolk_tmx_unit *u, const variant_ref *refs,
                   const merge_fields *tu_add, tm_merge_update_fn update, void *ctx);
int tm_try_merge(bool *merged, importer *im, const tolk_tmx_unit *u, const variant_ref *refs,
                 const merge_fields *tu_add);

/*
 * Binding: a failure is remembered in im->bind_src and reported by the next
 * tm_bind_status or tm_step_done, so a statement never runs with a value missing.
 */
void tm_bind_text(importer *im, sqlite3_stmt *st, int i, const char *s); /* NULL or "" binds NULL */
void tm_bind_date(importer *im, sqlite3_stmt *st, int i, time_t t);      /* 0 binds NULL */
/* The six columns a unit and a variant share (merge_fields), from parameter i on. */
void tm_bind_fields(importer *im, sqlite3_stmt *st, int i, const merge_fields *m);
void tm_bind_int64(importer *im, sqlite3_stmt *st, int i, int64_t v);
/* 0, or the first bind failure since the last call as a tolk error (and the statement reset). */
int tm_bind_status(importer *im, sqlite3_stmt *st);
/* Step a statement that returns no rows (after checking its binds), then reset it. */
int tm_step_done(importer *im, sqlite3_stmt *st);

#endif
