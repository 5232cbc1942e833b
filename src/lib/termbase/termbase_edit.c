/*
 * Changing the term base: the edit session (lock, load, atomic commit), the
 * edit operations, and import/export through the exchange formats.
 *
 * Two writers must never lose an edit, so an edit session takes an exclusive
 * flock on PATH.lock before it reads the file and keeps it until it is freed:
 * the read-modify-write is serialised. The lock lives on a separate file
 * because the term base itself is replaced by rename on every commit.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <unistd.h>

#include "termbase_priv.h"

/* ---- edit session ------------------------------------------------------------------------ */

void tb_release_lock(tolk_termbase *tb)
{
	if (tb->lock_fd >= 0) {
		/* emptied on the way out: a pid left in it names an editor that died holding it */
		if (ftruncate(tb->lock_fd, 0) != 0)
			tolk_error_clear();
		flock(tb->lock_fd, LOCK_UN);
		close(tb->lock_fd);
		tb->lock_fd = -1;
	}
}

/*
 * The flock dies with its process, so a killed editor never blocks the next
 * one; the pid written into the lock file (and emptied on release) tells the
 * next one that it took over from an editor that died, whose edit was never
 * saved (an edit is reported done only after its commit's rename).
 */
static void note_lock_owner(tolk_termbase *tb)
{
	char buf[32];
	ssize_t got = pread(tb->lock_fd, buf, sizeof(buf) - 1, 0);
	tb->stale_lock_pid = 0;
	if (got > 0) {
		buf[got] = '\0';
		long pid = strtol(buf, NULL, 10);
		if (pid > 0 && pid != (long)getpid())
			tb->stale_lock_pid = pid;
	}
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	/* only a note for the next editor: a lock file that cannot hold it still locks */
	if (ftruncate(tb->lock_fd, 0) != 0 || pwrite(tb->lock_fd, buf, (size_t)n, 0) != n)
		tolk_error_clear();
}

long tolk_termbase_stale_lock(const tolk_termbase *tb)
{
	return tb ? tb->stale_lock_pid : 0;
}

int tolk_termbase_open_edit(tolk_termbase **out, const char *path, bool create)
{
	return tolk_termbase_open_edit_ext(out, path, create, NULL);
}

int tolk_termbase_open_edit_ext(tolk_termbase **out, const char *path, bool create,
                                const tolk_termbase_options *opts)
{
	*out = NULL;
	tolk_termbase *tb;
	int rc = tolk_termbase_new(&tb);
	if (rc < 0)
		return rc;
	if ((rc = tb_set_options(tb, opts)) < 0) {
		tolk_termbase_free(tb);
		return rc;
	}
	if (tb_is_pg(path)) {
		/* No lock: a commit merges per concept in one transaction (termbase_pg.c). */
		if ((rc = tb_pg_open_edit(tb, path, create)) < 0 || !(tb->path = tolk_strdup(path))) {
			tolk_termbase_free(tb);
			return rc < 0 ? rc : TOLK_ENOMEM;
		}
		*out = tb;
		return 0;
	}
	tolk_buf lock_path = TOLK_BUF_INIT;
	if ((rc = tolk_buf_printf(&lock_path, "%s.lock", path)) < 0)
		goto fail;
	tb->lock_fd = open(lock_path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (tb->lock_fd < 0) {
		rc = tolk_error_set_at(TOLK_EIO, lock_path.ptr, 0, 0, _("cannot create lock file: %s"), strerror(errno));
		goto fail;
	}
	while (flock(tb->lock_fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			rc = tolk_error_set_at(TOLK_ELOCKED, lock_path.ptr, 0, 0, _("cannot lock: %s"), strerror(errno));
			goto fail;
		}
	}
	note_lock_owner(tb);
	if (!(tb->path = tolk_strdup(path))) {
		rc = TOLK_ENOMEM;
		goto fail;
	}
	if (access(path, F_OK) != 0 && errno == ENOENT && create) {
		tolk_buf_free(&lock_path);
		*out = tb;
		return 0;
	}
	if ((rc = tb_load(tb, path)) < 0)
		goto fail;
	tolk_buf_free(&lock_path);
	*out = tb;
	return 0;
fail:
	tolk_buf_free(&lock_path);
	tolk_termbase_free(tb);
	return rc;
}

int tolk_termbase_write(tolk_termbase *tb, FILE *fp, tolk_tb_format format)
{
	switch (format) {
	case TOLK_TB_FORMAT_TBX2: return tbx_write(tb, fp, true);
	case TOLK_TB_FORMAT_OMEGAT: return tb_write_omegat(tb, fp);
	case TOLK_TB_FORMAT_CSV: return tb_write_csv(tb, fp);
	default: return tbx_write(tb, fp, false);
	}
}

static int write_format(tolk_termbase *tb, const char *path, tolk_tb_format format)
{
	tolk_atomic_file af;
	int rc = tolk_atomic_open(&af, path);
	if (rc < 0)
		return rc;
	rc = tolk_termbase_write(tb, af.fp, format);
	if (rc == 0 && ferror(af.fp))
		rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("write error: %s"), strerror(errno));
	if (rc < 0) {
		tolk_atomic_abort(&af);
		return rc;
	}
	if ((rc = tolk_atomic_commit(&af)) < 0)
		return rc;
	if (format == TOLK_TB_FORMAT_TBX_BASIC || format == TOLK_TB_FORMAT_AUTO)
		tb_cache_after_save(tb, path);
	return 0;
}

int tolk_termbase_save(tolk_termbase *tb, const char *path)
{
	return write_format(tb, path, TOLK_TB_FORMAT_TBX_BASIC);
}

int tolk_termbase_commit(tolk_termbase *tb)
{
	if (!tb->path)
		return tolk_error_set(TOLK_EINVALID, _("term base not opened for editing"));
	if (tb->pg)
		return tb_pg_commit(tb);
	return write_format(tb, tb->path, TOLK_TB_FORMAT_TBX_BASIC);
}

/* ---- edits ---------------------------------------------------------------------------------- */

int tolk_termbase_new_id(char **out, tolk_termbase *tb)
{
	if (tb->pg)
		return tb_pg_new_id(out, tb);
	char buf[32];
	do
		snprintf(buf, sizeof(buf), "c%zu", tb->next_id++);
	while (tb_find_concept(tb, buf) >= 0);
	*out = tolk_strdup(buf);
	return *out ? 0 : TOLK_ENOMEM;
}

/* XML 1.0's NameStartChar beyond ASCII (NameChar adds the second set of ranges). */
static bool xml_name_cp(int32_t cp, bool start)
{
	static const int32_t starts[][2] = {{0xC0, 0xD6},     {0xD8, 0xF6},     {0xF8, 0x2FF},    {0x370, 0x37D},
	                                    {0x37F, 0x1FFF},  {0x200C, 0x200D}, {0x2070, 0x218F}, {0x2C00, 0x2FEF},
	                                    {0x3001, 0xD7FF}, {0xF900, 0xFDCF}, {0xFDF0, 0xFFFD}, {0x10000, 0xEFFFF}};
	static const int32_t more[][2] = {{0xB7, 0xB7}, {0x300, 0x36F}, {0x203F, 0x2040}};
	for (size_t k = 0; k < sizeof(starts) / sizeof(starts[0]); k++)
		if (cp >= starts[k][0] && cp <= starts[k][1])
			return true;
	for (size_t k = 0; !start && k < sizeof(more) / sizeof(more[0]); k++)
		if (cp >= more[k][0] && cp <= more[k][1])
			return true;
	return false;
}

static int check_id(const char *id)
{
	if (!id || !*id)
		return tolk_error_set(TOLK_EINVALID, _("empty concept id"));
	/* An XML name (TBX-Basic's id is an xs:ID): written otherwise, the base could not be read back. */
	size_t len = strlen(id);
	for (size_t i = 0; i < len;) {
		bool start = i == 0;
		int32_t c = tolk_utf8_next(id, len, &i);
		bool ok = c >= 0x80 ? xml_name_cp(c, start)
		                    : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		                              (!start && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
		if (c < 0 || !ok)
			return tolk_error_set(TOLK_EINVALID,
			                      _("concept id '%s' is not an XML name (letters, digits, - . _; no digit first)"),
			                      c < 0 ? "?" : id);
	}
	return 0;
}

int tolk_termbase_add_concept(tolk_termbase *tb, const char *id, const char *subject_field, const char *note)
{
	int rc;
	if ((rc = check_id(id)) < 0 || (rc = tb_check_text(_("subject field"), subject_field)) < 0 ||
	    (rc = tb_check_text(_("note"), note)) < 0)
		return rc;
	tolk_concept c = {0};
	c.id = tolk_arena_strdup(&tb->arena, id);
	c.subject_field = tb_arena_clean(&tb->arena, subject_field);
	c.note = tb_arena_clean(&tb->arena, note);
	if (!c.id || (subject_field && !c.subject_field) || (note && !c.note))
		return TOLK_ENOMEM;
	if (c.subject_field && !*c.subject_field)
		c.subject_field = NULL;
	if (c.note && !*c.note)
		c.note = NULL;
	return tb_append_concept(tb, &c);
}

static tolk_concept *concept_or_error(tolk_termbase *tb, const char *id)
{
	long i = tb_find_concept(tb, id);
	if (i < 0) {
		tolk_error_set(TOLK_ENOTFOUND, _("no concept '%s'"), id ? id : "");
		return NULL;
	}
	return &tb->concepts[i];
}

static bool same_term(const tolk_term_entry *e, int lang, const char *term)
{
	return tb_lang_code(e->lang) == lang && strcmp(e->term, term) == 0;
}

int tolk_termbase_add_term(tolk_termbase *tb, const char *concept_id, const char *lang, const char *term,
                           tolk_term_status status, const char *part_of_speech, const char *note)
{
	int rc, code = tb_lang_code(lang);
	if (code < 0)
		return tb_check_lang(lang);
	if ((rc = tb_check_text(_("term"), term ? term : "")) < 0 ||
	    (rc = tb_check_text(_("part of speech"), part_of_speech)) < 0 || (rc = tb_check_text(_("note"), note)) < 0)
		return rc;
	const char *pos;
	if ((rc = tb_pos_canonical(&pos, part_of_speech)) < 0)
		return rc;
	if ((unsigned)status > TOLK_TERM_SUPERSEDED)
		return tolk_error_set(TOLK_EINVALID, _("bad term status"));
	tolk_concept *c = concept_or_error(tb, concept_id);
	if (!c)
		return TOLK_ENOTFOUND;
	/* Stored as the TBX reader will read it back: a term of white space only would be no term. */
	tolk_term_entry e = {tolk_arena_strdup(&tb->arena, lang), tb_arena_clean(&tb->arena, term ? term : ""), status, pos,
	                     tb_arena_clean(&tb->arena, note), NULL};
	if (!e.lang || !e.term || (note && !e.note))
		return TOLK_ENOMEM;
	if (!*e.term)
		return tolk_error_set(TOLK_EINVALID, _("empty term"));
	if (e.note && !*e.note)
		e.note = NULL;
	for (char *p = (char *)e.lang; *p; p++)
		if (*p == '_')
			*p = '-'; /* xml:lang has no underscores */
	term = e.term;
	for (size_t t = 0; t < c->term_count; t++) {
		if (!same_term(&c->terms[t], code, term))
			continue;
		tolk_term_entry *old = (tolk_term_entry *)&c->terms[t];
		e.context = old->context;
		if (!part_of_speech)
			e.part_of_speech = old->part_of_speech;
		if (!note)
			e.note = old->note;
		e.lang = old->lang;
		*old = e;
		tb_invalidate(tb);
		return 0;
	}
	/* Keep a concept's terms grouped by language, in insertion order within each. */
	tolk_term_entry *terms = tolk_arena_alloc(&tb->arena, (c->term_count + 1) * sizeof(*terms));
	if (!terms)
		return TOLK_ENOMEM;
	size_t at = code == 0 ? 0 : c->term_count; /* Dutch first when the concept has none yet */
	for (size_t t = c->term_count; t > 0; t--)
		if (tb_lang_code(c->terms[t - 1].lang) == code) {
			at = t;
			break;
		}
	if (c->term_count) {
		memcpy(terms, c->terms, at * sizeof(*terms));
		memcpy(terms + at + 1, c->terms + at, (c->term_count - at) * sizeof(*terms));
	}
	terms[at] = e;
	c->terms = terms;
	c->term_count++;
	tb_invalidate(tb);
	return 0;
}

int tolk_termbase_set_definition(tolk_termbase *tb, const char *concept_id, const char *lang,
                                 const char *definition)
{
	int rc, code = tb_lang_code(lang);
	if (code < 0)
		return tb_check_lang(lang);
	if ((rc = tb_check_text(_("definition"), definition)) < 0)
		return rc;
	tolk_concept *c = concept_or_error(tb, concept_id);
	if (!c)
		return TOLK_ENOTFOUND;
	tolk_lang_definition *defs = tolk_arena_alloc(&tb->arena, (c->definition_count + 1) * sizeof(*defs));
	char *text = tb_arena_clean(&tb->arena, definition ? definition : "");
	char *l = tolk_arena_strdup(&tb->arena, lang);
	if (!defs || !text || !l)
		return TOLK_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < c->definition_count; i++)
		if (tb_lang_code(c->definitions[i].lang) != code)
			defs[n++] = c->definitions[i];
	if (*text)
		defs[n++] = (tolk_lang_definition){l, text};
	c->definitions = defs;
	c->definition_count = n;
	return 0;
}

int tolk_termbase_remove(tolk_termbase *tb, const char *concept_id, const char *lang, const char *term)
{
	long i = tb_find_concept(tb, concept_id);
	if (i < 0)
		return tolk_error_set(TOLK_ENOTFOUND, _("no concept '%s'"), concept_id ? concept_id : "");
	if (!term) {
		memmove(&tb->concepts[i], &tb->concepts[i + 1], (tb->nconcepts - (size_t)i - 1) * sizeof(tolk_concept));
		tb->nconcepts--;
		/* Rebuild the id table from scratch: removal from open addressing is not worth the code. */
		tolk_hashmap_free(&tb->ids);
		size_t n = tb->nconcepts;
		tb->nconcepts = 0;
		for (size_t k = 0; k < n; k++) {
			tolk_concept c = tb->concepts[k];
			int rc = tb_append_concept(tb, &c);
			if (rc < 0)
				return rc;
		}
		tb_invalidate(tb);
		return 0;
	}
	int code = tb_lang_code(lang);
	if (code < 0)
		return tb_check_lang(lang);
	tolk_concept *c = &tb->concepts[i];
	for (size_t t = 0; t < c->term_count; t++) {
		if (!same_term(&c->terms[t], code, term))
			continue;
		if (c->term_count == 1)
			return tolk_error_set(TOLK_EINVALID,
			                      _("'%s' is the last term of concept '%s'; remove the concept instead"), term,
			                      c->id);
		memmove((tolk_term_entry *)&c->terms[t], &c->terms[t + 1], (c->term_count - t - 1) * sizeof(tolk_term_entry));
		c->term_count--;
		tb_invalidate(tb);
		return 0;
	}
	return tolk_error_set(TOLK_ENOTFOUND, _("concept '%s' has no %s term '%s'"), c->id, lang, term);
}

int tolk_termbase_set_status(tolk_termbase *tb, const char *concept_id, const char *lang, const char *term,
                             tolk_term_status status)
{
	int code = tb_lang_code(lang);
	if (code < 0)
		return tb_check_lang(lang);
	tolk_concept *c = concept_or_error(tb, concept_id);
	if (!c)
		return TOLK_ENOTFOUND;
	for (size_t t = 0; t < c->term_count; t++) {
		if (same_term(&c->terms[t], code, term)) {
			((tolk_term_entry *)&c->terms[t])->status = status;
			tb_invalidate(tb);
			return 0;
		}
	}
	return tolk_error_set(TOLK_ENOTFOUND, _("concept '%s' has no %s term '%s'"), c->id, lang, term);
}

/* ---- merging and import ----------------------------------------------------------------------- */

long tb_find_by_term(tolk_termbase *tb, int lang, const char *term)
{
	tolk_buf want = TOLK_BUF_INIT, have = TOLK_BUF_INIT;
	long found = -1;
	if (tb_normalize(&want, term, strlen(term)) < 0)
		goto done;
	for (size_t i = 0; i < tb->nconcepts && found < 0; i++) {
		const tolk_concept *c = &tb->concepts[i];
		for (size_t t = 0; t < c->term_count && found < 0; t++) {
			if (tb_lang_code(c->terms[t].lang) != lang)
				continue;
			tolk_buf_clear(&have);
			if (tb_normalize(&have, c->terms[t].term, strlen(c->terms[t].term)) < 0)
				goto done;
			if (have.len == want.len && memcmp(have.ptr, want.ptr, want.len) == 0)
				found = (long)i;
		}
	}
done:
	tolk_buf_free(&want);
	tolk_buf_free(&have);
	return found;
}

static char *dup_into(tolk_termbase *dst, const char *s)
{
	return s ? tolk_arena_strdup(&dst->arena, s) : NULL;
}

/* Copy one concept of src into dst: a new concept, or its terms merged into the one with its id. */
static int merge_one(size_t *added, tolk_termbase *dst, const tolk_concept *c)
{
	int rc;
	const char *id = c->id;
	char *fresh = NULL;
	if (strncmp(id, TB_PROVISIONAL, strlen(TB_PROVISIONAL)) == 0 || check_id(id) < 0) {
		/* No usable id in the file: join the concept that has the Dutch term, or start one. */
		long found = -1;
		for (size_t t = 0; t < c->term_count && found < 0; t++)
			if (tb_lang_code(c->terms[t].lang) == 0)
				found = tb_find_by_term(dst, 0, c->terms[t].term);
		if (found >= 0) {
			id = dst->concepts[found].id;
		} else {
			if ((rc = tolk_termbase_new_id(&fresh, dst)) < 0)
				return rc;
			id = fresh;
		}
		tolk_error_clear();
	}
	if (tb_find_concept(dst, id) < 0) {
		rc = tolk_termbase_add_concept(dst, id, c->subject_field, c->note);
		if (rc < 0) {
			free(fresh);
			return rc;
		}
		(*added)++;
	}
	char *kept = tolk_arena_strdup(&dst->arena, id);
	free(fresh);
	if (!kept)
		return TOLK_ENOMEM;
	id = kept;
	long di = tb_find_concept(dst, id);
	tolk_concept *d = &dst->concepts[di];
	if (!d->subject_field && c->subject_field)
		d->subject_field = dup_into(dst, c->subject_field);
	if (!d->note && c->note)
		d->note = dup_into(dst, c->note);
	for (size_t i = 0; i < c->definition_count; i++)
		if ((rc = tolk_termbase_set_definition(dst, id, c->definitions[i].lang, c->definitions[i].text)) < 0)
			return rc;
	for (size_t t = 0; t < c->term_count; t++) {
		const tolk_term_entry *e = &c->terms[t];
		if ((rc = tolk_termbase_add_term(dst, id, e->lang, e->term, e->status, e->part_of_speech, e->note)) < 0)
			return rc;
		if (e->context) {
			tolk_term_entry *k = tb_find_term(&dst->concepts[tb_find_concept(dst, id)], tb_lang_code(e->lang), e->term);
			if (k)
				k->context = dup_into(dst, e->context);
		}
	}
	return 0;
}

int tb_merge(size_t *added, tolk_termbase *dst, tolk_termbase *src)
{
	size_t n = 0;
	for (size_t i = 0; i < src->nconcepts; i++) {
		int rc = merge_one(&n, dst, &src->concepts[i]);
		if (rc < 0)
			return rc;
	}
	if (added)
		*added = n;
	return 0;
}

int tolk_tb_format_parse(tolk_tb_format *out, const char *name)
{
	static const struct {
		const char *name;
		tolk_tb_format format;
	} names[] = {{"auto", TOLK_TB_FORMAT_AUTO},     {"tbx", TOLK_TB_FORMAT_TBX_BASIC},
	             {"tbx-basic", TOLK_TB_FORMAT_TBX_BASIC}, {"tbx2", TOLK_TB_FORMAT_TBX2},
	             {"martif", TOLK_TB_FORMAT_TBX2},   {"omegat", TOLK_TB_FORMAT_OMEGAT},
	             {"csv", TOLK_TB_FORMAT_CSV}};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].format;
			return 0;
		}
	return tolk_error_set(TOLK_EINVALID, _("unknown term base format '%s' (tbx, tbx2, omegat, csv)"), name);
}

static tolk_tb_format guess_format(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && (strcmp(dot, ".csv") == 0 || strcmp(dot, ".CSV") == 0))
		return TOLK_TB_FORMAT_CSV;
	if (dot && (strcmp(dot, ".txt") == 0 || strcmp(dot, ".utf8") == 0 || strcmp(dot, ".tab") == 0 ||
	            strcmp(dot, ".tsv") == 0))
		return TOLK_TB_FORMAT_OMEGAT;
	return TOLK_TB_FORMAT_TBX_BASIC; /* both TBX flavours are told apart by their root */
}

int tolk_termbase_import(size_t *added, tolk_termbase *tb, const char *path, tolk_tb_format format)
{
	if (added)
		*added = 0;
	if (format == TOLK_TB_FORMAT_AUTO)
		format = guess_format(path);
	tolk_termbase *src = NULL, *work = NULL;
	int rc = tolk_termbase_new(&src);
	if (rc < 0)
		return rc;
	switch (format) {
	case TOLK_TB_FORMAT_OMEGAT: rc = tb_read_omegat(src, path); break;
	case TOLK_TB_FORMAT_CSV: rc = tb_read_csv(src, path); break;
	default: rc = tbx_read(src, path); break;
	}
	/*
	 * Merge into a copy first and swap on success, so a failure halfway
	 * (a bad language in row 900) leaves tb as it was.
	 */
	if (rc == 0)
		rc = tolk_termbase_new(&work);
	if (rc == 0)
		work->pg = tb->pg; /* fresh ids for rows without one come from the database's sequence */
	if (rc == 0)
		rc = tb_merge(NULL, work, tb);
	size_t n = 0;
	if (rc == 0)
		rc = tb_merge(&n, work, src);
	if (rc == 0) {
		tolk_termbase tmp = *tb;
		*tb = *work;
		*work = tmp;
		/* the edit session stays with tb */
		tb->path = work->path;
		tb->lock_fd = work->lock_fd;
		tb->pg = work->pg;
		work->path = NULL;
		work->lock_fd = -1;
		if (added)
			*added = n;
	}
	if (work)
		work->pg = NULL; /* tb's, whichever way the swap went */
	tolk_termbase_free(work);
	tolk_termbase_free(src);
	return rc;
}

int tolk_termbase_export(tolk_termbase *tb, const char *path, tolk_tb_format format)
{
	if (format == TOLK_TB_FORMAT_AUTO) {
		/* glossary.xlsx must not get TBX inside: only the extensions of what tolk writes choose a format */
		static const char *const known[] = {".tbx", ".xml", ".csv", ".txt", ".utf8", ".tab", ".tsv", NULL};
		const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
		if (dot && (!slash || dot > slash + 1)) {
			size_t k = 0;
			while (known[k] && strcasecmp(dot, known[k]) != 0)
				k++;
			if (!known[k])
				return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
				                         _("unknown extension '%s': tolk writes .tbx (TBX-Basic; --format tbx2 for "
				                           "TBX 2), .csv, and .txt/.tab/.tsv (OmegaT glossary); or give --format"),
				                         dot);
		}
		format = guess_format(path);
	}
	return write_format(tb, path, format);
}
