/* Private parts of the term base shared by termbase*.c, tbx*.c and inflect.c. */
#ifndef TOLK_TERMBASE_PRIV_H
#define TOLK_TERMBASE_PRIV_H

#include <stdint.h>

#include "tolk/termbase.h"
#include "arena.h"
#include "hashmap.h"
#include "util.h"

/*
 * Strings and per-concept arrays live in an arena: a base of a million
 * concepts is loaded in one pass and freed in a few calls. Edits allocate
 * fresh copies and leave the old ones to be freed with the arena.
 */
/* A copy with white space runs made one space and the ends trimmed, as the TBX reader reads text back. */
char *tb_arena_clean(tolk_arena *a, const char *s);

typedef struct tb_index tb_index; /* recognition index, termbase_match.c */
struct tb_pg;                     /* a PostgreSQL connection and what was read, termbase_pg.c */

struct tolk_termbase {
	tolk_arena arena;
	tolk_concept *concepts;
	size_t nconcepts, cap;
	tolk_hashmap ids;    /* tb_hash of a concept id -> its index */
	size_t next_id;      /* hint for tolk_termbase_new_id */
	tb_index *index;     /* NULL until first needed; dropped on every edit */
	char *path;          /* where an edit session commits to */
	int lock_fd;         /* -1 unless opened for editing */
	long stale_lock_pid;      /* an editor that died holding the lock (tolk_termbase_stale_lock) */
	void *map;           /* a mapped cache file the strings and index live in, or NULL */
	size_t map_len;
	/* tolk_termbase_options, the environment's defaults resolved when the base was made */
	bool cache;
	char *cache_dir;     /* NULL: $XDG_CACHE_HOME/tolk or ~/.cache/tolk */
	size_t parallel_load_min, parallel_index_min;
	struct tb_pg *pg;    /* an edit session on PostgreSQL, or NULL */
};

/* ---- model (termbase.c) --------------------------------------------------------------- */
uint64_t tb_hash(const char *s, size_t n);
/* Index of concept id, or -1. */
long tb_find_concept(const tolk_termbase *tb, const char *id);
/* Append a concept whose strings are already in tb's arena; TOLK_EEXISTS on a duplicate id. */
int tb_append_concept(tolk_termbase *tb, const tolk_concept *c);
/* The same for a caller that has just checked the id itself. */
int tb_append_new_concept(tolk_termbase *tb, const tolk_concept *c);
/* Append a concept without indexing its id: a bulk reader calls tb_build_ids once at the end. */
int tb_push_concept(tolk_termbase *tb, const tolk_concept *c);
/*
 * Rebuild the id table for all concepts and find the first concept (in order)
 * whose id an earlier one has; *duplicate is its index, or -1. The table then
 * holds the concepts before it only.
 */
int tb_build_ids(long *duplicate, tolk_termbase *tb);
/* Rebuild the id table for all concepts. */
int tb_rebuild_ids(tolk_termbase *tb);
/* Resolve opts (NULL = defaults) and the environment into tb's settings (termbase.c). */
int tb_set_options(tolk_termbase *tb, const tolk_termbase_options *opts);
/* Load path into an empty tb: from the cache when it is current, else parsing it (termbase_cache.c). */
int tb_load(tolk_termbase *tb, const char *path);
/* Refresh the cache of a large base just written to path. */
void tb_cache_after_save(tolk_termbase *tb, const char *path);
void tb_unmap(tolk_termbase *tb);
/* Release the edit lock, if held (termbase_edit.c). */
void tb_release_lock(tolk_termbase *tb);
/* Drop the recognition index (after an edit). */
void tb_invalidate(tolk_termbase *tb);
/* 0 for "nl", 1 for "en" (also "nl-BE", "EN-gb"); -1 otherwise. */
int tb_lang_code(const char *tag);
/* Language tag check for input: TOLK_ELANG with a message when unsupported. */
int tb_check_lang(const char *tag);
/* The term of c in lang (0 nl, 1 en) equal to term up to white space (as stored), or NULL. */
tolk_term_entry *tb_find_term(const tolk_concept *c, int lang, const char *term);
/* The TBX-Basic spelling of a part of speech (any case in); TOLK_EINVALID when not in the picklist. */
int tb_pos_canonical(const char **out, const char *pos);
/* Text fit for a term or note: no control characters; TOLK_EINVALID otherwise. */
int tb_check_text(const char *what, const char *s);
/* Ids of concepts read without one start with this; merging gives them a real id. */
#define TB_PROVISIONAL "\x01"
/* Move the concepts of src into dst (merging by id); src is emptied. */
int tb_merge(size_t *added, tolk_termbase *dst, tolk_termbase *src);
/* Concept index holding a term of lang equal (normalised) to term, or -1. */
long tb_find_by_term(tolk_termbase *tb, int lang, const char *term);

/* ---- PostgreSQL (termbase_pg.c) ----------------------------------------------------------- */
/* postgresql://… or postgres://… */
bool tb_is_pg(const char *location);
/* Load every concept of the term base at uri into an empty tb. */
int tb_pg_load(tolk_termbase *tb, const char *uri);
/* Connect, (create the tables when create), load, and keep what was read for tb_pg_commit. */
int tb_pg_open_edit(tolk_termbase *tb, const char *uri, bool create);
/* Save tb's differences from what was read, one transaction, merged per concept; NOTIFY. */
int tb_pg_commit(tolk_termbase *tb);
/* A fresh concept id from the database's sequence. */
int tb_pg_new_id(char **out, tolk_termbase *tb);
void tb_pg_close(tolk_termbase *tb);

/* ---- normalisation and recognition (termbase_match.c) ------------------------------------ */
void tb_index_free(tb_index *ix);
/* Case-folded, diacritics removed, apostrophes and dashes unified. Appends to out. */
int tb_normalize(tolk_buf *out, const char *s, size_t len);
/* Does text hold term (inflection-aware, whole words)? Byte range of the first occurrence. */
bool tb_text_has_term(size_t *start, size_t *end, int lang, const char *text, size_t len,
                      const char *term);

/* ---- inflection (inflect.c) ------------------------------------------------------------------ */
#define TB_INFLECT_MAX 8
typedef struct tb_forms {
	size_t count;
	uint16_t off[TB_INFLECT_MAX], len[TB_INFLECT_MAX];
	char buf[TB_INFLECT_MAX * 72];
} tb_forms;
/*
 * The word itself plus the base forms it may be an inflection of (plural,
 * genitive, inflected adjective). word is normalised (lower case, no
 * diacritics). lang 0 = Dutch, 1 = English. Long words get only themselves.
 */
void tb_inflect_forms(tb_forms *out, int lang, const char *word, size_t len);

/* ---- TBX and the other exchange formats ------------------------------------------------------- */
/* Parse TBX-Basic or TBX 2 from path into an empty tb. */
int tbx_read(tolk_termbase *tb, const char *path);
int tbx_write(tolk_termbase *tb, FILE *fp, bool martif);
int tb_read_omegat(tolk_termbase *tb, const char *path);
int tb_write_omegat(tolk_termbase *tb, FILE *fp);
int tb_read_csv(tolk_termbase *tb, const char *path);
int tb_write_csv(tolk_termbase *tb, FILE *fp);

#endif
