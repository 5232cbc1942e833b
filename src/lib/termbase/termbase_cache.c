/*
 * A binary cache of a large term base, beside the user's other caches.
 *
 * Parsing a TBX file of a million concepts takes libxml2 alone about three
 * seconds, so a large base is also kept as flat arrays (concepts, terms,
 * strings and the recognition index) that a later open maps into memory in a
 * fraction of that. The TBX file stays the store of record: the cache is used
 * only while the file's size, times, inode and device are those it was made
 * from, every number in it is checked before use, and any doubt means the
 * TBX file is parsed again. Small bases parse in milliseconds and get none.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "termbase_match.h"

/* version 2: keys folded by tolk_fold (fold.h) */
enum { CACHE_MIN_CONCEPTS = 20000, CACHE_VERSION = 2 };
#define NONE UINT32_MAX

typedef struct cache_header {
	char magic[8];
	uint64_t version, layout;
	uint64_t size, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec, ino, dev; /* of the TBX file */
	uint64_t nconcepts, nterms, ndefs, blob_size, next_id;
	uint64_t ix_nterms, ix_nslots, ix_npostings, ix_nfilter, ix_nkeys, ix_max_tokens;
	uint64_t file_size;
} cache_header;

typedef struct rec_concept {
	uint32_t id, subject, note, first_term, nterms, first_def, ndefs;
} rec_concept;

typedef struct rec_term {
	uint32_t lang, term, pos, note, context, status;
} rec_term;

typedef struct rec_def {
	uint32_t lang, text;
} rec_def;

static const char cache_magic[8] = {'T', 'O', 'L', 'K', 'T', 'B', 'C', '1'};

/* Struct sizes in one number: a build with another layout never reads this one's files. */
static uint64_t layout_signature(void)
{
	return (uint64_t)sizeof(tb_term_ref) | (uint64_t)sizeof(tb_slot) << 8 | (uint64_t)sizeof(tb_posting) << 16 |
	       (uint64_t)sizeof(rec_concept) << 24 | (uint64_t)sizeof(rec_term) << 32 | (uint64_t)sizeof(void *) << 40 |
	       (uint64_t)0x0102 << 48;
}

/* The base's cache folder (options or $TOLK_CACHE_DIR), $XDG_CACHE_HOME/tolk or ~/.cache/tolk, and a name from the TBX file's real path. */
static int cache_path(tolk_buf *out, const tolk_termbase *tb, const char *tbx, bool make_dir)
{
	char real[PATH_MAX];
	if (!realpath(tbx, real))
		return -1;
	const char *dir = tb->cache_dir, *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int rc;
	if (dir && *dir)
		rc = tolk_buf_puts(out, dir);
	else if (xdg && *xdg)
		rc = tolk_buf_printf(out, "%s/tolk", xdg);
	else if (home && *home)
		rc = tolk_buf_printf(out, "%s/.cache/tolk", home);
	else
		return -1;
	if (rc < 0)
		return -1;
	if (make_dir) {
		/* the parent of .../tolk may be missing on a fresh account */
		char *slash = strrchr(out->ptr, '/');
		if (slash && slash != out->ptr) {
			*slash = '\0';
			mkdir(out->ptr, 0700);
			*slash = '/';
		}
		if (mkdir(out->ptr, 0700) != 0 && errno != EEXIST)
			return -1;
	}
	return tolk_buf_printf(out, "/termbase-%016llx.tbc", (unsigned long long)tb_hash(real, strlen(real)));
}

static void header_stat(cache_header *h, const struct stat *st)
{
	h->size = (uint64_t)st->st_size;
	h->mtime_sec = (uint64_t)st->st_mtim.tv_sec;
	h->mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
	h->ctime_sec = (uint64_t)st->st_ctim.tv_sec;
	h->ctime_nsec = (uint64_t)st->st_ctim.tv_nsec;
	h->ino = (uint64_t)st->st_ino;
	h->dev = (uint64_t)st->st_dev;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* ---- writing --------------------------------------------------------------------------------- */

typedef struct blob {
	tolk_buf buf;
	const char *recent[16];
	uint32_t recent_off[16];
	unsigned next;
	bool overflow;
} blob;

/* Offset of s in the blob; languages, subject fields and parts of speech repeat, so recent ones are shared. */
static uint32_t blob_add(blob *b, const char *s, bool share)
{
	if (!s)
		return NONE;
	if (share)
		for (unsigned i = 0; i < 16; i++)
			if (b->recent[i] && strcmp(b->recent[i], s) == 0)
				return b->recent_off[i];
	size_t n = strlen(s) + 1;
	if (b->buf.len + n >= NONE) {
		b->overflow = true;
		return NONE;
	}
	uint32_t off = (uint32_t)b->buf.len;
	if (tolk_buf_put(&b->buf, s, n) < 0) {
		b->overflow = true;
		return NONE;
	}
	if (share) {
		b->recent[b->next] = s;
		b->recent_off[b->next] = off;
		b->next = (b->next + 1) & 15;
	}
	return off;
}

static bool put(FILE *fp, const void *data, size_t n)
{
	static const char zeros[8];
	return (!n || fwrite(data, 1, n, fp) == n) && fwrite(zeros, 1, align8(n) - n, fp) == align8(n) - n;
}

static void cache_store(tolk_termbase *tb, const char *tbx, const struct stat *st)
{
	tolk_buf path = TOLK_BUF_INIT;
	char *tmp = NULL;
	int fd;
	blob b = {TOLK_BUF_INIT, {0}, {0}, 0, false};
	rec_concept *rc = NULL;
	rec_term *rt = NULL;
	rec_def *rd = NULL;
	size_t nterms = 0, ndefs = 0;
	for (size_t i = 0; i < tb->nconcepts; i++) {
		nterms += tb->concepts[i].term_count;
		ndefs += tb->concepts[i].definition_count;
	}
	if (nterms >= NONE || tb_index_build(tb) < 0 || cache_path(&path, tb, tbx, true) < 0)
		goto done;
	rc = malloc(tb->nconcepts * sizeof(*rc));
	rt = malloc((nterms ? nterms : 1) * sizeof(*rt));
	rd = malloc((ndefs ? ndefs : 1) * sizeof(*rd));
	if (!rc || !rt || !rd)
		goto done;
	size_t t = 0, d = 0;
	for (size_t i = 0; i < tb->nconcepts; i++) {
		const tolk_concept *c = &tb->concepts[i];
		rc[i] = (rec_concept){blob_add(&b, c->id, false), blob_add(&b, c->subject_field, true),
		                      blob_add(&b, c->note, false), (uint32_t)t, (uint32_t)c->term_count, (uint32_t)d,
		                      (uint32_t)c->definition_count};
		for (size_t k = 0; k < c->term_count; k++, t++) {
			const tolk_term_entry *e = &c->terms[k];
			rt[t] = (rec_term){blob_add(&b, e->lang, true), blob_add(&b, e->term, false),
			                   blob_add(&b, e->part_of_speech, true), blob_add(&b, e->note, false),
			                   blob_add(&b, e->context, false), (uint32_t)e->status};
		}
		for (size_t k = 0; k < c->definition_count; k++, d++)
			rd[d] = (rec_def){blob_add(&b, c->definitions[k].lang, true), blob_add(&b, c->definitions[k].text, false)};
	}
	if (b.overflow || tolk_buf_putc(&b.buf, '\0') < 0)
		goto done;
	tb_index_parts ix;
	tb_index_parts_get(&ix, tb->index);
	cache_header h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, cache_magic, 8);
	h.version = CACHE_VERSION;
	h.layout = layout_signature();
	header_stat(&h, st);
	h.nconcepts = tb->nconcepts;
	h.nterms = nterms;
	h.ndefs = ndefs;
	h.blob_size = b.buf.len;
	h.next_id = tb->next_id;
	h.ix_nterms = ix.nterms;
	h.ix_nslots = ix.nslots;
	h.ix_npostings = ix.npostings;
	h.ix_nfilter = ix.nfilter;
	h.ix_nkeys = ix.nkeys;
	h.ix_max_tokens = ix.max_tokens;
	h.file_size = align8(sizeof(h)) + align8(tb->nconcepts * sizeof(*rc)) + align8(nterms * sizeof(*rt)) +
	              align8(ndefs * sizeof(*rd)) + align8(b.buf.len) + align8(ix.nterms * sizeof(tb_term_ref)) +
	              align8(ix.nslots * sizeof(tb_slot)) + align8(ix.npostings * sizeof(tb_posting)) +
	              align8(ix.nfilter * sizeof(uint64_t));
	/*
	 * Through a temporary name like every tolk file, but without fsync: a
	 * cache lost in a crash is only rebuilt, and a torn one fails validation.
	 */
	/* tolk_temp_create: a cache writer killed halfway leaves a file the next one sweeps away */
	if ((fd = tolk_temp_create(&tmp, path.ptr)) < 0)
		goto done;
	(void)fchmod(fd, 0600); /* a copy of the term base, in the user's own cache */
	FILE *fp = fdopen(fd, "wb");
	if (!fp) {
		close(fd);
		unlink(tmp);
		goto done;
	}
	bool ok = put(fp, &h, sizeof(h)) && put(fp, rc, tb->nconcepts * sizeof(*rc)) &&
	          put(fp, rt, nterms * sizeof(*rt)) && put(fp, rd, ndefs * sizeof(*rd)) &&
	          put(fp, b.buf.ptr, b.buf.len) && put(fp, ix.terms, ix.nterms * sizeof(tb_term_ref)) &&
	          put(fp, ix.slots, ix.nslots * sizeof(tb_slot)) &&
	          put(fp, ix.postings, ix.npostings * sizeof(tb_posting)) &&
	          put(fp, ix.filter, ix.nfilter * sizeof(uint64_t));
	ok = fflush(fp) == 0 && ok;
	/* renamed while still open: closing drops the flock that keeps a sweep away */
	if (!ok || rename(tmp, path.ptr) != 0)
		unlink(tmp);
	fclose(fp);
done:
	/* A cache that cannot be written is no error: the next open parses the TBX file. */
	tolk_error_clear();
	free(rc);
	free(rt);
	free(rd);
	tolk_buf_free(&b.buf);
	tolk_buf_free(&path);
	free(tmp);
}

/* ---- reading ------------------------------------------------------------------------------------ */

typedef struct sections {
	const rec_concept *concepts;
	const rec_term *terms;
	const rec_def *defs;
	const char *blob;
	tb_index_parts ix;
} sections;

static bool str_ok(const cache_header *h, uint32_t off, bool may_be_none)
{
	return off == NONE ? may_be_none : off < h->blob_size;
}

/* Every count, offset and index in the mapped file, checked before anything points into it. */
static bool cache_valid(sections *s, const cache_header *h, const char *base, size_t len, const struct stat *st)
{
	cache_header want;
	header_stat(&want, st);
	if (len < sizeof(*h) || memcmp(h->magic, cache_magic, 8) != 0 || h->version != CACHE_VERSION ||
	    h->layout != layout_signature() || h->file_size != len || h->size != want.size ||
	    h->mtime_sec != want.mtime_sec || h->mtime_nsec != want.mtime_nsec || h->ctime_sec != want.ctime_sec ||
	    h->ctime_nsec != want.ctime_nsec || h->ino != want.ino || h->dev != want.dev)
		return false;
	const uint64_t limit = (uint64_t)1 << 32;
	if (h->nconcepts >= limit || h->nterms >= limit || h->ndefs >= limit || h->blob_size >= limit ||
	    h->ix_nterms >= limit || h->ix_nslots >= limit || h->ix_npostings >= limit || h->ix_nfilter >= limit ||
	    h->ix_max_tokens > TB_MAX_TERM_TOKENS || h->blob_size == 0)
		return false;
	size_t at = align8(sizeof(*h));
	const size_t sizes[8] = {h->nconcepts * sizeof(rec_concept), h->nterms * sizeof(rec_term),
	                         h->ndefs * sizeof(rec_def),          h->blob_size,
	                         h->ix_nterms * sizeof(tb_term_ref),  h->ix_nslots * sizeof(tb_slot),
	                         h->ix_npostings * sizeof(tb_posting), h->ix_nfilter * sizeof(uint64_t)};
	const void *ptr[8];
	for (int i = 0; i < 8; i++) {
		ptr[i] = base + at;
		at += align8(sizes[i]);
	}
	if (at != len)
		return false;
	s->concepts = ptr[0];
	s->terms = ptr[1];
	s->defs = ptr[2];
	s->blob = ptr[3];
	s->ix = (tb_index_parts){ptr[4], h->ix_nterms,   ptr[5],       h->ix_nslots, ptr[6],
	                         h->ix_npostings, ptr[7], h->ix_nfilter, h->ix_nkeys, (unsigned)h->ix_max_tokens};
	if (s->blob[h->blob_size - 1] != '\0')
		return false;
	for (size_t i = 0; i < h->nconcepts; i++) {
		const rec_concept *c = &s->concepts[i];
		if (!str_ok(h, c->id, false) || !str_ok(h, c->subject, true) || !str_ok(h, c->note, true) ||
		    (uint64_t)c->first_term + c->nterms > h->nterms || (uint64_t)c->first_def + c->ndefs > h->ndefs ||
		    c->nterms > UINT16_MAX)
			return false;
	}
	for (size_t i = 0; i < h->nterms; i++) {
		const rec_term *t = &s->terms[i];
		if (!str_ok(h, t->lang, false) || !str_ok(h, t->term, false) || !str_ok(h, t->pos, true) ||
		    !str_ok(h, t->note, true) || !str_ok(h, t->context, true) || t->status > TOLK_TERM_SUPERSEDED)
			return false;
	}
	for (size_t i = 0; i < h->ndefs; i++)
		if (!str_ok(h, s->defs[i].lang, false) || !str_ok(h, s->defs[i].text, false))
			return false;
	for (size_t i = 0; i < h->ix_nterms; i++) {
		const tb_term_ref *r = &s->ix.terms[i];
		if (r->concept >= h->nconcepts || r->term >= s->concepts[r->concept].nterms || r->lang > 1 ||
		    r->ntok == 0 || r->ntok > TB_MAX_TERM_TOKENS || r->status > TOLK_TERM_SUPERSEDED)
			return false;
	}
	for (size_t i = 0; i < h->ix_npostings; i++)
		if (s->ix.postings[i].term >= h->ix_nterms || s->ix.postings[i].next > i)
			return false;
	size_t used = 0;
	for (size_t i = 0; i < h->ix_nslots; i++) {
		if (s->ix.slots[i].head > h->ix_npostings)
			return false;
		used += s->ix.slots[i].head != 0;
	}
	/* a full table would make a probe for an absent key run forever */
	return used < h->ix_nslots;
}

static const char *str_at(const sections *s, uint32_t off)
{
	return off == NONE ? NULL : s->blob + off;
}

/* 1 when tb was filled from the cache, 0 when there is no usable cache, or an error. */
static int cache_load(tolk_termbase *tb, const char *tbx, const struct stat *st)
{
	tolk_buf path = TOLK_BUF_INIT;
	int fd = -1, rc = 0;
	void *map = MAP_FAILED;
	size_t len = 0;
	if (cache_path(&path, tb, tbx, false) < 0 || (fd = open(path.ptr, O_RDONLY | O_CLOEXEC)) < 0)
		goto done;
	struct stat cst;
	if (fstat(fd, &cst) != 0 || cst.st_size < (off_t)sizeof(cache_header))
		goto done;
	len = (size_t)cst.st_size;
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		goto done;
	const cache_header *h = map;
	sections s;
	if (!cache_valid(&s, h, map, len, st))
		goto done;
	tolk_concept *concepts = tolk_calloc(h->nconcepts ? h->nconcepts : 1, sizeof(*concepts));
	tolk_term_entry *terms = tolk_arena_alloc(&tb->arena, (h->nterms ? h->nterms : 1) * sizeof(*terms));
	tolk_lang_definition *defs = tolk_arena_alloc(&tb->arena, (h->ndefs ? h->ndefs : 1) * sizeof(*defs));
	if (!concepts || !terms || !defs) {
		free(concepts);
		rc = TOLK_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < h->nterms; i++) {
		const rec_term *t = &s.terms[i];
		terms[i] = (tolk_term_entry){str_at(&s, t->lang), str_at(&s, t->term), (tolk_term_status)t->status,
		                             str_at(&s, t->pos),  str_at(&s, t->note), str_at(&s, t->context)};
	}
	for (size_t i = 0; i < h->ndefs; i++)
		defs[i] = (tolk_lang_definition){str_at(&s, s.defs[i].lang), str_at(&s, s.defs[i].text)};
	for (size_t i = 0; i < h->nconcepts; i++) {
		const rec_concept *c = &s.concepts[i];
		concepts[i] = (tolk_concept){str_at(&s, c->id),      str_at(&s, c->subject), str_at(&s, c->note),
		                             defs + c->first_def,    c->ndefs,                terms + c->first_term,
		                             c->nterms};
	}
	free(tb->concepts);
	tb->concepts = concepts;
	tb->nconcepts = tb->cap = h->nconcepts;
	tb->next_id = h->next_id;
	if ((rc = tb_rebuild_ids(tb)) < 0 || (rc = tb_index_from_parts(&tb->index, &s.ix)) < 0) {
		tb->nconcepts = 0;
		goto done;
	}
	tb->map = map;
	tb->map_len = len;
	map = MAP_FAILED;
	rc = 1;
done:
	if (map != MAP_FAILED)
		munmap(map, len);
	if (fd >= 0)
		close(fd);
	tolk_buf_free(&path);
	return rc;
}

void tb_unmap(tolk_termbase *tb)
{
	if (tb->map) {
		munmap(tb->map, tb->map_len);
		tb->map = NULL;
		tb->map_len = 0;
	}
}

/* ---- entry points ---------------------------------------------------------------------------------- */

int tb_load(tolk_termbase *tb, const char *path)
{
	struct stat before, after;
	bool cache = tb->cache && stat(path, &before) == 0 && S_ISREG(before.st_mode);
	if (cache) {
		int rc = cache_load(tb, path, &before);
		if (rc != 0)
			return rc < 0 ? rc : 0;
	}
	int rc = tbx_read(tb, path);
	if (rc < 0)
		return rc;
	/* Only a file that did not change while it was read may be cached as what it says. */
	if (cache && tb->nconcepts >= CACHE_MIN_CONCEPTS && stat(path, &after) == 0 &&
	    memcmp(&before.st_mtim, &after.st_mtim, sizeof(after.st_mtim)) == 0 && before.st_size == after.st_size &&
	    before.st_ino == after.st_ino)
		cache_store(tb, path, &after);
	return 0;
}

void tb_cache_after_save(tolk_termbase *tb, const char *path)
{
	struct stat st;
	if (tb->cache && tb->nconcepts >= CACHE_MIN_CONCEPTS && stat(path, &st) == 0)
		cache_store(tb, path, &st);
}
