/*
 * Which terms the index holds: a Bloom filter of every term FTS5 was given,
 * so that lookup need not ask the index for terms no unit holds. Lookup asks
 * for many (the pieces and joins a compound written another way could have,
 * tm_lookup_keys.c), and each such question costs a seek in every segment of
 * the index — 20 us in the 17 segments a million units leave. The filter
 * answers "certainly not" or "maybe"; it never says "not" for a term the
 * index holds, so lookup's results do not change, only its speed.
 *
 * It is stored in its own table (the store's schema version stays 1: a tolk
 * without it ignores the table), with the newest variant it covers (upto).
 * It is used only while upto is the store's newest variant: a unit added by
 * an older tolk, or an import killed before its end, leaves it stale, and the
 * next import rebuilds it from the index's vocabulary.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
#include "tm_sketch.h"
#include "tm_postings_cache.h"

#include <stdlib.h>
#include <string.h>

#define BYTES ((int)(TM_TERMS_BITS / 8))
#define CHUNK 4096 /* unit of reading and writing the stored filter */

bool tm_terms_may_hold(const uint8_t *bits, const char *term, size_t len)
{
	uint32_t h = tm_hash_bytes(term, tm_fts_len(len)), a = tm_terms_bit(h, 0), b = tm_terms_bit(h, 1);
	return (bits[a >> 3] >> (a & 7) & 1) && (bits[b >> 3] >> (b & 7) & 1);
}

/* The newest variant and the stored filter's upto (-1: no filter, or no such table). */
static int read_state(tolk_tm *tm, int64_t *newest, int64_t *upto)
{
	*newest = 0;
	*upto = -1;
	int src;
	sqlite3_stmt *st = tm_kept(tm, &tm->st_newest, "SELECT coalesce(max(id), 0) FROM tuv", &src);
	if (st && (src = sqlite3_step(st)) == SQLITE_ROW)
		*newest = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	if (src != SQLITE_ROW)
		return tm_sql_error(tm, src);
	/* a store without the table (made before it, or by another tolk) simply has no filter */
	if (!(st = tm_kept(tm, &tm->st_filter_state, "SELECT upto, length(bits) FROM term_filter WHERE id = 1", &src)))
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 1) == BYTES)
		*upto = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int tm_terms_load(tolk_tm *tm)
{
	return tm->be->terms_load(tm);
}

void tm_newest_seen(tolk_tm *tm, int64_t newest)
{
	tm->newest = newest;
	tm_sketch_cache_newest(tm, newest);
	tm_postings_cache_newest(tm, newest);
}

int tm_sqlite_terms_load(tolk_tm *tm);
int tm_sqlite_terms_load(tolk_tm *tm)
{
	int64_t newest, upto;
	int rc = read_state(tm, &newest, &upto);
	tm->terms_valid = false;
	if (rc == 0)
		tm_newest_seen(tm, newest);
	if (rc < 0 || upto != newest)
		return rc;
	if (tm->terms && tm->terms_upto == upto) {
		tm->terms_valid = true;
		return 0;
	}
	if (!tm->terms && !(tm->terms = malloc(BYTES)))
		return tolk_error_oom();
	sqlite3_blob *blob = NULL;
	int src = sqlite3_blob_open(tm->db, "main", "term_filter", "bits", 1, 0, &blob);
	if (src == SQLITE_OK)
		src = sqlite3_blob_read(blob, tm->terms, BYTES, 0);
	sqlite3_blob_close(blob);
	if (src != SQLITE_OK)
		return tm_sql_error(tm, src);
	tm->terms_upto = upto;
	tm->terms_valid = true;
	return 0;
}

/* Every term of the index, from its vocabulary: exact, and a second per million units. */
static int rebuild(tolk_tm *tm, uint8_t *bits)
{
	memset(bits, 0, BYTES);
	int rc = tm_exec(tm, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tm_vocabulary USING fts5vocab(main, tuv_fts, row)");
	sqlite3_stmt *st = NULL;
	if (rc == 0 && (rc = tm_prepare(tm, &st, "SELECT term FROM temp.tm_vocabulary")) == 0) {
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW)
			tm_terms_add(bits, tm_hash_bytes((const char *)sqlite3_column_text(st, 0),
			                                 (size_t)sqlite3_column_bytes(st, 0)));
		if (src != SQLITE_DONE)
			rc = tm_sql_error(tm, src);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Write bits over the stored filter, chunk by chunk where they differ (a small import touches few). */
static int write_bits(tolk_tm *tm, const uint8_t *bits, int64_t upto)
{
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(tm, &st, "INSERT INTO term_filter(id, upto, bits) VALUES(1, ?, zeroblob(?)) "
	                             "ON CONFLICT(id) DO UPDATE SET upto = excluded.upto");
	if (rc < 0)
		return rc;
	int src = sqlite3_bind_int64(st, 1, upto);
	if (src == SQLITE_OK)
		src = sqlite3_bind_int(st, 2, BYTES);
	if (src == SQLITE_OK)
		src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return tm_sql_error(tm, src);
	sqlite3_blob *blob = NULL;
	uint8_t stored[CHUNK];
	src = sqlite3_blob_open(tm->db, "main", "term_filter", "bits", 1, 1, &blob);
	for (int at = 0; src == SQLITE_OK && at < BYTES; at += CHUNK)
		if ((src = sqlite3_blob_read(blob, stored, CHUNK, at)) == SQLITE_OK && memcmp(stored, bits + at, CHUNK) != 0)
			src = sqlite3_blob_write(blob, bits + at, CHUNK, at);
	sqlite3_blob_close(blob);
	return src == SQLITE_OK ? 0 : tm_sql_error(tm, src);
}

int tm_terms_save(tolk_tm *tm, const uint8_t *added, int64_t before, bool alone)
{
	uint8_t *bits = malloc(BYTES);
	if (!bits)
		return tolk_error_oom();
	int rc = tm_exec(tm, "BEGIN IMMEDIATE");
	if (rc == 0)
		rc = tm_exec(tm, "CREATE TABLE IF NOT EXISTS term_filter(id INTEGER PRIMARY KEY, upto INTEGER NOT NULL, "
		                 "bits BLOB NOT NULL)");
	int64_t newest = 0, upto = -1;
	if (rc == 0)
		rc = read_state(tm, &newest, &upto);
	if (rc == 0) {
		/* the stored filter plus this import's terms cover every variant when it covered all before */
		bool extends = alone && (upto == before || before == 0);
		if (extends && upto >= 0) {
			sqlite3_blob *blob = NULL;
			int src = sqlite3_blob_open(tm->db, "main", "term_filter", "bits", 1, 0, &blob);
			if (src == SQLITE_OK)
				src = sqlite3_blob_read(blob, bits, BYTES, 0);
			sqlite3_blob_close(blob);
			if (src != SQLITE_OK)
				rc = tm_sql_error(tm, src);
		} else if (extends) {
			memset(bits, 0, BYTES);
		} else {
			rc = rebuild(tm, bits);
		}
		for (int k = 0; rc == 0 && extends && k < BYTES; k++)
			bits[k] |= added[k];
	}
	if (rc == 0)
		rc = write_bits(tm, bits, newest);
	if (rc == 0)
		rc = tm_exec(tm, "COMMIT");
	else
		sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
	free(bits);
	return rc;
}

int tm_terms_check(tolk_tm *tm)
{
	int rc = tm_exec(tm, "BEGIN");
	if (rc == 0 && (rc = tm_terms_load(tm)) == 0 && tm->terms_valid) {
		uint8_t *all = malloc(BYTES);
		if (!all)
			rc = tolk_error_oom();
		else if ((rc = rebuild(tm, all)) == 0)
			for (int k = 0; k < BYTES && rc == 0; k++)
				if ((all[k] & ~tm->terms[k]) != 0)
					rc = tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
					                       _("the translation memory's term filter misses terms of its index"));
		free(all);
	}
	return tm_end_read(tm, rc);
}
