/*
 * The speller core: one Hunspell dictionary behind a word cache.
 *
 * Hunspell's verdicts are kept exactly; the cache only avoids asking twice.
 * Running text repeats its words so much that after the first few thousand
 * tokens nearly every lookup is a hash probe.
 */
#define _POSIX_C_SOURCE 200809L
#include "spell_private.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tolk_config.h"
#include "util.h"

double spell_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void spell_sugg_free(void *p)
{
	spell_sugg *s = p;
	if (!s)
		return;
	tolk_strarray_free(s->items, s->count);
	free(s->costs);
	free(s);
}

/*
 * Map a language tag to the dictionary name. Dutch means the Netherlands
 * variant (the letters are Dutch government texts); bare English means
 * British English, the department's house style.
 */
static const char *canonical_lang(const char *tag)
{
	char norm[16];
	size_t n = 0;
	if (!tag)
		return NULL;
	for (; tag[n] && n < sizeof(norm) - 1; n++) {
		char c = tag[n] == '-' ? '_' : tag[n];
		norm[n] = (char)tolower((unsigned char)c);
	}
	if (tag[n])
		return NULL;
	norm[n] = '\0';
	/* Debian's hunspell-nl is one dictionary for the Netherlands and Flanders */
	if (!strcmp(norm, "nl") || !strcmp(norm, "nl_nl") || !strcmp(norm, "nl_be"))
		return "nl_NL";
	if (!strcmp(norm, "en") || !strcmp(norm, "en_gb") || !strcmp(norm, "en_uk"))
		return "en_GB";
	if (!strcmp(norm, "en_us"))
		return "en_US";
	return NULL;
}

static const char *dictionary_package(const char *lang)
{
	if (!strcmp(lang, "nl_NL"))
		return "hunspell-nl";
	return !strcmp(lang, "en_GB") ? "hunspell-en-gb" : "hunspell-en-us";
}

/* Replace every "ĳ" (the Dutch dictionary's internal ligature) by "ij", as texts write it. */
static void unligature(char *s)
{
	char *o = s;
	for (char *p = s; *p;) {
		if ((unsigned char)p[0] == 0xC4 && (unsigned char)p[1] == 0xB3) {
			*o++ = 'i';
			*o++ = 'j';
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
}

/*
 * The REP lines of the .aff file: pairs the dictionary's authors list as
 * typical errors (Dutch: "ies" for "isch", "ij" for "ei"). Libhunspell keeps
 * them private, so we read them ourselves. Multiword replacements are left out.
 */
static int load_reps(tolk_speller *sp, const char *aff)
{
	FILE *fp = fopen(aff, "r");
	if (!fp)
		return 0;
	char line[512];
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof(line), fp)) {
		char from[128], to[128];
		if (strncmp(line, "REP ", 4) != 0 || sscanf(line + 4, "%127s %127s", from, to) != 2 ||
		    strchr(to, '_') || strchr(from, '_'))
			continue;
		spell_rep r = {0};
		size_t fl = strlen(from);
		r.at_start = from[0] == '^';
		r.at_end = fl > 1 && from[fl - 1] == '$';
		if (r.at_end)
			from[fl - 1] = '\0';
		if (!from[r.at_start])
			continue;
		if (tolk_array_grow((void **)&sp->reps, &sp->repcap, sp->nreps + 1, sizeof(spell_rep)) < 0 ||
		    !(r.from = tolk_strdup(from + r.at_start)) || !(r.to = tolk_strdup(to))) {
			free(r.from);
			rc = TOLK_ENOMEM;
			break;
		}
		unligature(r.from);
		unligature(r.to);
		sp->reps[sp->nreps++] = r;
	}
	fclose(fp);
	return rc;
}

int tolk_speller_new(tolk_speller **out, const char *lang, const char *dict_dir)
{
	*out = NULL;
	const char *canon = canonical_lang(lang);
	if (!canon)
		return tolk_error_set(TOLK_ELANG,
		                      _("spell: unsupported language '%s' (use nl_NL, en_GB or en_US)"),
		                      lang ? lang : "(null)");
	if (!dict_dir || !*dict_dir)
		dict_dir = TOLK_HUNSPELL_DIR;

	size_t n = strlen(dict_dir) + strlen(canon) + 8;
	char *aff = tolk_malloc(n), *dic = tolk_malloc(n);
	tolk_speller *sp = tolk_calloc(1, sizeof(*sp));
	int rc = TOLK_ENOMEM;
	if (!aff || !dic || !sp)
		goto fail;
	snprintf(aff, n, "%s/%s.aff", dict_dir, canon);
	snprintf(dic, n, "%s/%s.dic", dict_dir, canon);
	/* Hunspell_create does not report a missing file; check first for a clear message. */
	const char *missing = access(aff, R_OK) != 0 ? aff : access(dic, R_OK) != 0 ? dic : NULL;
	if (missing) {
		rc = tolk_error_set(TOLK_ENOTFOUND,
		                    _("spell: no Hunspell dictionary for %s: cannot read %s (install %s)"),
		                    canon, missing, dictionary_package(canon));
		goto fail;
	}
	sp->hun = Hunspell_create(aff, dic);
	const char *enc = sp->hun ? Hunspell_get_dic_encoding(sp->hun) : NULL;
	if (!enc || strcmp(enc, "UTF-8") != 0) {
		/* tolk works in UTF-8 throughout; a legacy-encoded dictionary would need iconv. */
		rc = tolk_error_set(TOLK_EINVALID, _("spell: dictionary %s is not a UTF-8 Hunspell dictionary"),
		                    aff);
		goto fail;
	}
	strcpy(sp->lang, canon);
	if ((rc = load_reps(sp, aff)) < 0)
		goto fail;
	sp->fallback_budget_ms = SPELL_FALLBACK_BUDGET_MS;
	sp->dic_path = dic;
	dic = NULL;
	free(aff);
	*out = sp;
	return 0;
fail:
	free(aff);
	free(dic);
	tolk_speller_free(sp);
	return rc;
}

void tolk_speller_free(tolk_speller *sp)
{
	if (!sp)
		return;
	if (sp->hun)
		Hunspell_destroy(sp->hun);
	for (size_t i = 0; i < sp->nreps; i++) {
		free(sp->reps[i].from);
		free(sp->reps[i].to);
	}
	free(sp->reps);
	spell_map_free(&sp->verdicts, NULL);
	spell_map_free(&sp->suggestions, spell_sugg_free);
	spell_map_free(&sp->near, NULL);
	spell_map_free(&sp->names, NULL);
	free(sp->dic_path);
	free(sp);
}

/*
 * Libhunspell cannot say whether a word is listed without also trying every
 * affix and compound, which costs microseconds per candidate; the names a
 * typo might have been meant as are few enough to keep in a set. A .dic line
 * is the word, then /flags or morphological fields after a tab or space.
 */
const spell_map *spell_dictionary_names(tolk_speller *sp)
{
	if (sp->names_loaded)
		return &sp->names;
	FILE *fp = fopen(sp->dic_path, "r");
	if (!fp) {
		sp->names_loaded = true; /* read by Hunspell at start: gone since, so no names to offer */
		return &sp->names;
	}
	char line[512];
	bool first = true, ok = true, rest = false;
	while (ok && fgets(line, sizeof(line), fp)) {
		bool tail = rest; /* the rest of a line longer than the buffer */
		rest = !strchr(line, '\n');
		if (first || tail) { /* the entry count first */
			first = false;
			continue;
		}
		size_t n = strcspn(line, "/\t \r\n");
		if (n == 0 || !(line[0] >= 'A' && line[0] <= 'Z'))
			continue;
		line[n] = '\0';
		bool lower = false;
		for (size_t i = 1; i < n && !lower; i++)
			lower = line[i] >= 'a' && line[i] <= 'z';
		if (!lower)
			continue; /* an acronym: no name to misspell */
		unligature(line);
		n = strlen(line);
		ok = spell_map_put(&sp->names, line, n, spell_map_hash(line, n), NULL) != NULL;
	}
	fclose(fp);
	sp->names_loaded = true;
	return ok ? &sp->names : NULL;
}

const char *tolk_speller_lang(const tolk_speller *sp)
{
	return sp->lang;
}

/* Hunspell wants a NUL-terminated word; words are short, so the stack usually does. */
static int hunspell_spell_n(tolk_speller *sp, const char *word, size_t len)
{
	char small[256];
	char *buf = len < sizeof(small) ? small : tolk_malloc(len + 1);
	if (!buf)
		return TOLK_ENOMEM;
	memcpy(buf, word, len);
	buf[len] = '\0';
	int ok = Hunspell_spell(sp->hun, buf) != 0;
	if (buf != small)
		free(buf);
	sp->hunspell_calls++;
	return ok;
}

int spell_known(tolk_speller *sp, const char *word, size_t len)
{
	if (!sp || !word)
		return tolk_error_set(TOLK_EINVALID, _("spell: no speller or word"));
	if (len == 0)
		return 0;
	uint64_t h = spell_map_hash(word, len);
	spell_map_entry *e = spell_map_get(&sp->verdicts, word, len, h);
	if (e)
		return e->value;
	int ok = hunspell_spell_n(sp, word, len);
	if (ok < 0)
		return ok;
	int created;
	e = spell_map_put(&sp->verdicts, word, len, h, &created);
	if (!e)
		return TOLK_ENOMEM;
	e->value = ok;
	return ok;
}

int tolk_speller_known(bool *known, tolk_speller *sp, const char *word, size_t len)
{
	if (!known)
		return tolk_error_set(TOLK_EINVALID, _("spell: no speller or word"));
	*known = false;
	int rc = spell_known(sp, word, len);
	if (rc < 0)
		return rc;
	*known = rc > 0;
	return 0;
}

/*
 * The caches keep every word asked about, and the near-miss search asks about
 * hundreds of candidates for each unknown word: a checker that lives long (a
 * server, a fuzzer, a stream of documents) would grow without end. Between
 * two checks, a cache past this many entries starts again.
 */
#define SPELL_CACHE_MAX ((size_t)1 << 19)

void spell_caches_trim(tolk_speller *sp)
{
	if (!sp)
		return;
	if (sp->verdicts.count > SPELL_CACHE_MAX)
		spell_map_free(&sp->verdicts, NULL);
	if (sp->suggestions.count > SPELL_CACHE_MAX)
		spell_map_free(&sp->suggestions, spell_sugg_free);
	if (sp->near.count > SPELL_CACHE_MAX)
		spell_map_free(&sp->near, NULL);
}

int tolk_speller_known_cb(const char *word, size_t len, void *payload)
{
	int rc = spell_known(payload, word, len);
	return rc > 0 ? 1 : 0;
}

int spell_known_counted(tolk_speller *sp, const char *word, size_t len, uint32_t stamp)
{
	uint64_t h = spell_map_hash(word, len);
	spell_map_entry *e = spell_map_get(&sp->verdicts, word, len, h);
	if (!e) {
		int ok = hunspell_spell_n(sp, word, len);
		if (ok < 0)
			return ok;
		if (!(e = spell_map_put(&sp->verdicts, word, len, h, NULL)))
			return TOLK_ENOMEM;
		e->value = ok;
	}
	if (e->stamp != stamp) {
		e->stamp = stamp;
		e->count = 0;
	}
	e->count++;
	return e->value;
}

uint32_t spell_seen_count(tolk_speller *sp, const char *word, size_t len, uint32_t stamp)
{
	spell_map_entry *e = spell_map_get(&sp->verdicts, word, len, spell_map_hash(word, len));
	return e && e->stamp == stamp ? e->count : 0;
}

static int sugg_append(spell_sugg *out, const char *word, double cost)
{
	for (size_t i = 0; i < out->count; i++)
		if (strcmp(out->items[i], word) == 0)
			return 0;
	char **items = tolk_realloc(out->items, (out->count + 2) * sizeof(char *));
	if (!items)
		return TOLK_ENOMEM;
	out->items = items;
	double *costs = tolk_realloc(out->costs, (out->count + 1) * sizeof(double));
	if (!costs)
		return TOLK_ENOMEM;
	out->costs = costs;
	if (!(items[out->count] = tolk_strdup(word)))
		return TOLK_ENOMEM;
	costs[out->count++] = cost;
	items[out->count] = NULL;
	return 0;
}

/* Hunspell's own suggestions, in its order, after everything tolk found. */
int spell_hunspell_suggest(spell_sugg *out, tolk_speller *sp, const char *word)
{
	char **list = NULL;
	int n = Hunspell_suggest(sp->hun, &list, word);
	int rc = 0;
	for (int i = 0; i < n && rc == 0 && out->count < SPELL_SUGG_KEEP; i++)
		rc = sugg_append(out, list[i], 2.0 + 0.01 * i);
	if (list)
		Hunspell_free_list(sp->hun, &list, n < 0 ? 0 : n);
	return rc;
}

spell_sugg *spell_suggestions(tolk_speller *sp, const char *word, size_t len, bool fallback)
{
	uint64_t h = spell_map_hash(word, len);
	spell_map_entry *e = spell_map_get(&sp->suggestions, word, len, h);
	spell_sugg *s = e ? e->ptr : NULL;
	if (!s) {
		if (!(s = tolk_calloc(1, sizeof(*s))))
			return NULL;
		if (spell_suggest_candidates(s, sp, word, len) < 0 ||
		    !(e = spell_map_put(&sp->suggestions, word, len, h, NULL))) {
			spell_sugg_free(s);
			return NULL;
		}
		e->ptr = s;
	}
	if (fallback && !s->fallback_done && s->count == 0) {
		s->fallback_done = true;
		/*
		 * Hunspell_suggest cannot be interrupted and its time grows with the
		 * word's length, so the budget is kept by predicting: words it would
		 * answer too slowly keep an empty list rather than stall the check.
		 * Capitalised words with no near word are nearly always names
		 * (Kavanaugh), where its guesses are noise.
		 */
		size_t cps = 0;
		bool lower = true;
		for (size_t i = 0; i < len; i++) {
			cps += ((unsigned char)word[i] & 0xC0) != 0x80;
			lower &= !(word[i] >= 'A' && word[i] <= 'Z');
		}
		if (lower && (double)cps * SPELL_FALLBACK_MS_PER_CHAR <= sp->fallback_budget_ms) {
			char *z = tolk_strndup(word, len);
			if (!z || spell_hunspell_suggest(s, sp, z) < 0) {
				free(z);
				return NULL;
			}
			free(z);
		}
	}
	return s;
}

int tolk_speller_suggest(tolk_spell_suggestion_list **out, tolk_speller *sp, const char *word)
{
	*out = NULL;
	if (!sp || !word)
		return tolk_error_set(TOLK_EINVALID, _("spell: no speller or word"));
	spell_sugg *s = spell_suggestions(sp, word, strlen(word), true);
	if (!s)
		return tolk_error_last() ? tolk_error_last()->code : TOLK_ENOMEM;
	size_t n = s->count < TOLK_SPELL_MAX_SUGGESTIONS ? s->count : TOLK_SPELL_MAX_SUGGESTIONS;
	tolk_spell_suggestion_list *list = tolk_calloc(1, sizeof(*list));
	if (!list || !(list->items = tolk_calloc(n + 1, sizeof(char *)))) {
		free(list);
		return TOLK_ENOMEM;
	}
	for (size_t i = 0; i < n; i++, list->count++)
		if (!(list->items[i] = tolk_strdup(s->items[i]))) {
			tolk_spell_suggestion_list_free(list);
			return TOLK_ENOMEM;
		}
	*out = list;
	return 0;
}

void tolk_spell_suggestion_list_free(tolk_spell_suggestion_list *list)
{
	if (!list)
		return;
	tolk_strarray_free(list->items, list->count);
	free(list);
}
