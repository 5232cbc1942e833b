/* The term base model: concepts, their terms, the id table, and read-only access. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "termbase_priv.h"
#include "hash.h"

char *tb_arena_clean(tolk_arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *d = tolk_arena_alloc(a, strlen(s) + 1);
	if (!d)
		return NULL;
	size_t o = 0;
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = o > 0;
			continue;
		}
		if (space)
			d[o++] = ' ';
		space = false;
		d[o++] = *s;
	}
	d[o] = '\0';
	return d;
}

tolk_term_entry *tb_find_term(const tolk_concept *c, int lang, const char *term)
{
	for (size_t t = 0; t < c->term_count; t++) {
		if (tb_lang_code(c->terms[t].lang) != lang)
			continue;
		/* c's terms are stored clean: compare with term made clean on the fly */
		const char *a = c->terms[t].term, *b = term;
		while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
			b++;
		for (;;) {
			if (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r') {
				while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
					b++;
				if (!*b)
					break;
				if (*a++ != ' ')
					break;
			}
			if (*a != *b || !*a)
				break;
			a++;
			b++;
		}
		if (!*a && !*b)
			return (tolk_term_entry *)&c->terms[t];
	}
	return NULL;
}

/* ---- basics ---------------------------------------------------------------------------------- */

uint64_t tb_hash(const char *s, size_t n)
{
	return tolk_hash_mix64(tolk_hash64(s, n));
}

/* English keys: parsed from and written to TBX and jsonl; the CLI translates them for display. */
static const char *const status_names[] = {N_("preferred"), N_("admitted"), N_("deprecated"), N_("superseded")};

const char *tolk_term_status_name(tolk_term_status status)
{
	return (unsigned)status < 4 ? status_names[status] : "unknown";
}

int tolk_term_status_parse(tolk_term_status *out, const char *name)
{
	for (int i = 0; i < 4; i++) {
		size_t n = strlen(status_names[i]);
		if (strcasecmp(name, status_names[i]) == 0 ||
		    (strncasecmp(name, status_names[i], n) == 0 && strcasecmp(name + n, "Term-admn-sts") == 0)) {
			*out = (tolk_term_status)i;
			return 0;
		}
	}
	return tolk_error_set(TOLK_EINVALID,
	                      _("unknown term status '%s' (preferred, admitted, deprecated, superseded)"), name);
}

/* TBX-Basic's picklist for partOfSpeech. */
static const char *const pos_names[] = {"noun", "verb", "adjective", "adverb", "properNoun", "other"};

int tb_pos_canonical(const char **out, const char *pos)
{
	*out = NULL;
	if (!pos)
		return 0;
	for (size_t i = 0; i < sizeof(pos_names) / sizeof(pos_names[0]); i++)
		if (strcasecmp(pos, pos_names[i]) == 0) {
			*out = pos_names[i];
			return 0;
		}
	return tolk_error_set(TOLK_EINVALID,
	                      _("unknown part of speech '%s' (noun, verb, adjective, adverb, properNoun, other)"), pos);
}

int tb_lang_code(const char *tag)
{
	if (!tag)
		return -1;
	int code = -1;
	if (strncasecmp(tag, "nl", 2) == 0)
		code = 0;
	else if (strncasecmp(tag, "en", 2) == 0)
		code = 1;
	if (code < 0 || (tag[2] != '\0' && tag[2] != '-' && tag[2] != '_'))
		return -1;
	return code;
}

int tb_check_lang(const char *tag)
{
	if (tb_lang_code(tag) < 0)
		return tolk_error_set(TOLK_ELANG, _("unknown language '%s' (the term base holds nl and en)"),
		                      tag ? tag : "");
	return 0;
}

int tb_check_text(const char *what, const char *s)
{
	if (!s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n')
			return tolk_error_set(TOLK_EINVALID, _("%s contains a control character (0x%02X)"), what, *p);
	if (tolk_utf8_validate(NULL, s, strlen(s)) < 0)
		return tolk_error_set(TOLK_EINVALID, _("%s is not valid UTF-8"), what);
	/* U+FFFE and U+FFFF: valid UTF-8, but XML 1.0 cannot carry them */
	for (const char *p = strstr(s, "\xEF\xBF"); p; p = strstr(p + 1, "\xEF\xBF"))
		if ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF)
			return tolk_error_set(TOLK_EINVALID, _("%s contains U+%04X, which XML cannot carry"), what,
			                      (unsigned char)p[2] == 0xBE ? 0xFFFEu : 0xFFFFu);
	return 0;
}

/* ---- the id table --------------------------------------------------------------------------- */

static int id_table_rebuild(tolk_termbase *tb, size_t want)
{
	tolk_hashmap_free(&tb->ids);
	if (tolk_hashmap_reserve(&tb->ids, want) < 0)
		return TOLK_ENOMEM;
	for (size_t i = 0; i < tb->nconcepts; i++)
		if (tolk_hashmap_put(&tb->ids, tb_hash(tb->concepts[i].id, strlen(tb->concepts[i].id)), (uint32_t)i) < 0)
			return TOLK_ENOMEM;
	return 0;
}

int tb_rebuild_ids(tolk_termbase *tb)
{
	return id_table_rebuild(tb, tb->nconcepts > 512 ? tb->nconcepts : 512);
}

static long find_id(const tolk_termbase *tb, const char *id, uint64_t h)
{
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t i; (i = tolk_hashmap_probe(&tb->ids, h, &pos)) != TOLK_HASHMAP_NONE;)
		if (strcmp(tb->concepts[i].id, id) == 0)
			return (long)i;
	return -1;
}

long tb_find_concept(const tolk_termbase *tb, const char *id)
{
	return id ? find_id(tb, id, tb_hash(id, strlen(id))) : -1;
}

int tb_append_concept(tolk_termbase *tb, const tolk_concept *c)
{
	if (tb_find_concept(tb, c->id) >= 0)
		return tolk_error_set(TOLK_EEXISTS, _("duplicate concept id '%s'"), c->id);
	return tb_append_new_concept(tb, c);
}

int tb_append_new_concept(tolk_termbase *tb, const tolk_concept *c)
{
	if (tb->nconcepts >= UINT32_MAX - 1)
		return tolk_error_set(TOLK_ENOMEM, _("too many concepts"));
	if (tolk_array_grow((void **)&tb->concepts, &tb->cap, tb->nconcepts + 1, sizeof(*tb->concepts)) < 0)
		return TOLK_ENOMEM;
	if (!tb->ids.cap && id_table_rebuild(tb, tb->nconcepts + 1 > 512 ? tb->nconcepts + 1 : 512) < 0)
		return TOLK_ENOMEM; /* concepts pushed without ids: index them first */
	if (tolk_hashmap_put(&tb->ids, tb_hash(c->id, strlen(c->id)), (uint32_t)tb->nconcepts) < 0)
		return TOLK_ENOMEM;
	tb->concepts[tb->nconcepts] = *c;
	tb->nconcepts++;
	tb_invalidate(tb);
	return 0;
}

int tb_push_concept(tolk_termbase *tb, const tolk_concept *c)
{
	if (tb->nconcepts >= UINT32_MAX - 1)
		return tolk_error_set(TOLK_ENOMEM, _("too many concepts"));
	if (tolk_array_grow((void **)&tb->concepts, &tb->cap, tb->nconcepts + 1, sizeof(*tb->concepts)) < 0)
		return TOLK_ENOMEM;
	tb->concepts[tb->nconcepts++] = *c;
	return 0;
}

int tb_build_ids(long *duplicate, tolk_termbase *tb)
{
	*duplicate = -1;
	tolk_hashmap_free(&tb->ids);
	if (tolk_hashmap_reserve(&tb->ids, tb->nconcepts > 512 ? tb->nconcepts : 512) < 0)
		return TOLK_ENOMEM;
	/* In file order, so the duplicate found is the first one a reader meets. */
	for (size_t i = 0; i < tb->nconcepts; i++) {
		const char *id = tb->concepts[i].id;
		uint64_t h = tb_hash(id, strlen(id));
		if (find_id(tb, id, h) >= 0) {
			*duplicate = (long)i;
			return 0;
		}
		if (tolk_hashmap_put(&tb->ids, h, (uint32_t)i) < 0)
			return TOLK_ENOMEM;
	}
	return 0;
}

void tb_invalidate(tolk_termbase *tb)
{
	if (tb->index) {
		tb_index_free(tb->index);
		tb->index = NULL;
	}
}

/* ---- life cycle ----------------------------------------------------------------------------- */

int tolk_termbase_options_init(tolk_termbase_options *opts, unsigned int version)
{
	if (!opts || version != TOLK_TERMBASE_OPTIONS_VERSION)
		return tolk_error_set(TOLK_EINVALID, _("unsupported term base options version %u"), version);
	const tolk_termbase_options init = TOLK_TERMBASE_OPTIONS_INIT;
	*opts = init;
	return 0;
}

static size_t size_from_env(const char *name, size_t fallback)
{
	const char *s = getenv(name);
	return s && *s ? (size_t)strtoull(s, NULL, 10) : fallback;
}

int tb_set_options(tolk_termbase *tb, const tolk_termbase_options *opts)
{
	if (opts && opts->version != TOLK_TERMBASE_OPTIONS_VERSION && opts->version != 0)
		return tolk_error_set(TOLK_EINVALID, _("unsupported term base options version %u"), opts->version);
	tolk_termbase_options o = TOLK_TERMBASE_OPTIONS_INIT;
	if (opts)
		o = *opts;
	if (o.cache == TOLK_TB_CACHE_ENV) {
		const char *off = getenv("TOLK_NO_CACHE");
		tb->cache = !(off && *off && strcmp(off, "0") != 0);
	} else {
		tb->cache = o.cache == TOLK_TB_CACHE_ON;
	}
	const char *dir = o.cache_dir ? o.cache_dir : getenv("TOLK_CACHE_DIR");
	free(tb->cache_dir);
	tb->cache_dir = NULL;
	if (dir && *dir && !(tb->cache_dir = tolk_strdup(dir)))
		return TOLK_ENOMEM;
	/*
	 * Below 32 MiB a second parsing thread costs more than it saves; below
	 * 65536 concepts the index builds in milliseconds either way. The
	 * variables let tests and benches split small bases too, or none.
	 */
	tb->parallel_load_min =
		o.parallel_load_min ? o.parallel_load_min : size_from_env("TOLK_TBX_SPLIT_MIN", (size_t)32 << 20);
	tb->parallel_index_min =
		o.parallel_index_min ? o.parallel_index_min : size_from_env("TOLK_TB_INDEX_SPLIT_MIN", (size_t)1 << 16);
	return 0;
}

int tolk_termbase_new(tolk_termbase **out)
{
	*out = NULL;
	tolk_termbase *tb = tolk_calloc(1, sizeof(*tb));
	if (!tb)
		return TOLK_ENOMEM;
	tb->lock_fd = -1;
	tb->next_id = 1;
	int rc = tb_set_options(tb, NULL);
	if (rc < 0) {
		tolk_termbase_free(tb);
		return rc;
	}
	*out = tb;
	return 0;
}

int tolk_termbase_open(tolk_termbase **out, const char *path)
{
	return tolk_termbase_open_ext(out, path, NULL);
}

int tolk_termbase_open_ext(tolk_termbase **out, const char *path, const tolk_termbase_options *opts)
{
	*out = NULL;
	tolk_termbase *tb;
	int rc = tolk_termbase_new(&tb);
	if (rc < 0)
		return rc;
	if ((rc = tb_set_options(tb, opts)) < 0 || (rc = tb_is_pg(path) ? tb_pg_load(tb, path) : tb_load(tb, path)) < 0) {
		tolk_termbase_free(tb);
		return rc;
	}
	*out = tb;
	return 0;
}

/* ---- read access ------------------------------------------------------------------------------- */

size_t tolk_termbase_concept_count(const tolk_termbase *tb)
{
	return tb ? tb->nconcepts : 0;
}

int tolk_termbase_concept_at(const tolk_concept **out, const tolk_termbase *tb, size_t index)
{
	*out = NULL;
	if (index >= tb->nconcepts)
		return tolk_error_set(TOLK_ENOTFOUND, _("no concept number %zu"), index);
	*out = &tb->concepts[index];
	return 0;
}

int tolk_termbase_concept(const tolk_concept **out, const tolk_termbase *tb, const char *concept_id)
{
	*out = NULL;
	long i = tb_find_concept(tb, concept_id);
	if (i < 0)
		return tolk_error_set(TOLK_ENOTFOUND, _("no concept '%s'"), concept_id);
	*out = &tb->concepts[i];
	return 0;
}

static int lang_arg(int *code, const char *lang)
{
	*code = tb_lang_code(lang);
	return *code < 0 ? tb_check_lang(lang) : 0;
}

static int concept_terms(const tolk_concept *c, int code, tolk_term_cb cb, void *payload)
{
	for (size_t t = 0; t < c->term_count; t++) {
		const tolk_term_entry *e = &c->terms[t];
		if (tb_lang_code(e->lang) != code)
			continue;
		int r = cb(c->id, e->term, e->status, payload);
		if (r)
			return r;
	}
	return 0;
}

int tolk_termbase_foreach(tolk_termbase *tb, const char *lang, tolk_term_cb cb, void *payload)
{
	int code, rc;
	if ((rc = lang_arg(&code, lang)) < 0)
		return rc;
	for (size_t i = 0; i < tb->nconcepts; i++)
		if ((rc = concept_terms(&tb->concepts[i], code, cb, payload)) != 0)
			return rc;
	return 0;
}

int tolk_termbase_concept_terms(tolk_termbase *tb, const char *concept_id, const char *lang,
                                tolk_term_cb cb, void *payload)
{
	int code, rc;
	if ((rc = lang_arg(&code, lang)) < 0)
		return rc;
	long i = tb_find_concept(tb, concept_id);
	if (i < 0)
		return tolk_error_set(TOLK_ENOTFOUND, _("no concept '%s'"), concept_id);
	return concept_terms(&tb->concepts[i], code, cb, payload);
}

void tolk_termbase_free(tolk_termbase *tb)
{
	if (!tb)
		return;
	tb_invalidate(tb);
	tb_unmap(tb);
	tb_release_lock(tb);
	tb_pg_close(tb);
	free(tb->concepts);
	tolk_hashmap_free(&tb->ids);
	free(tb->path);
	free(tb->cache_dir);
	tolk_arena_free(&tb->arena);
	free(tb);
}
