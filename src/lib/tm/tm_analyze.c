/*
 * Analysis of a draft against the memory, as CAT tools report it before a
 * job: segments and words per match band, repetitions inside the draft
 * counted once at their first occurrence, and a pre-translation of the
 * segments whose best match is good enough.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

#define ANALYSIS_MIN_SCORE 50

static const char *const band_names[TOLK_TM_NBANDS] = {
	N_("repetitions"), N_("100%"), N_("95-99%"), N_("85-94%"), N_("75-84%"), N_("50-74%"), N_("no match")};

/* The English key: stable in jsonl output; the CLI translates it for tables. */
const char *tolk_tm_band_name(tolk_tm_band band)
{
	return (unsigned)band < TOLK_TM_NBANDS ? band_names[band] : "?";
}

static tolk_tm_band band_of(int score)
{
	return score >= 100 ? TOLK_TM_BAND_100
	       : score >= 95 ? TOLK_TM_BAND_95
	       : score >= 85 ? TOLK_TM_BAND_85
	       : score >= 75 ? TOLK_TM_BAND_75
	       : score >= 50 ? TOLK_TM_BAND_50
	                     : TOLK_TM_BAND_NONE;
}

/* Whitespace collapsed and trimmed: the identity a repetition is judged by. */
static char *normalise(const char *s)
{
	size_t n = strlen(s);
	char *out = tolk_malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

typedef struct seen_set {
	struct seen_slot { char *text; size_t first; } *slots; /* in order of first sight */
	size_t cap, used;
	tolk_hashmap map; /* hash of text -> slot */
} seen_set;

/* The index of an earlier identical segment, or (size_t)-1 after remembering this one. */
static int seen_check(size_t *earlier, seen_set *s, char *text, size_t index)
{
	*earlier = (size_t)-1;
	uint64_t h = tolk_hash64(text, strlen(text));
	size_t pos = TOLK_HASHMAP_START;
	for (uint32_t id; (id = tolk_hashmap_probe(&s->map, h, &pos)) != TOLK_HASHMAP_NONE;)
		if (strcmp(s->slots[id].text, text) == 0) {
			*earlier = s->slots[id].first;
			free(text);
			return 0;
		}
	if (s->used >= UINT32_MAX || tolk_array_grow((void **)&s->slots, &s->cap, s->used + 1, sizeof(*s->slots)) < 0 ||
	    tolk_hashmap_put(&s->map, h, (uint32_t)s->used) < 0) {
		free(text);
		return TOLK_ENOMEM;
	}
	s->slots[s->used].text = text;
	s->slots[s->used].first = index;
	s->used++;
	return 0;
}

static void seen_free(seen_set *s)
{
	for (size_t k = 0; k < s->used; k++)
		free(s->slots[k].text);
	free(s->slots);
	tolk_hashmap_free(&s->map);
}

int tolk_tm_analyze(tolk_tm_analysis **out, tolk_tm *tm, const char *const *segments, size_t count,
                    const tolk_tm_analyze_options *opts)
{
	if (!out || !tm || (count && !segments))
		return tolk_error_set(TOLK_EINVALID, _("no translation memory or no segments to analyse"));
	*out = NULL;
	if (opts && tm_options_check(opts->version, TOLK_TM_ANALYZE_OPTIONS_VERSION, "analysis") < 0)
		return TOLK_EINVALID;
	tolk_progress_cb progress = opts ? opts->progress : NULL;
	void *payload = opts ? opts->progress_payload : NULL;
	tolk_tm_analysis *a = tolk_calloc(1, sizeof(*a));
	if (!a)
		return TOLK_ENOMEM;
	a->segments = tolk_calloc(count ? count : 1, sizeof(*a->segments));
	if (!a->segments) {
		free(a);
		return TOLK_ENOMEM;
	}
	seen_set seen = {NULL, 0, 0, TOLK_HASHMAP_INIT};
	tolk_tm_lookup_options lo = TOLK_TM_LOOKUP_OPTIONS_INIT;
	lo.min_score = ANALYSIS_MIN_SCORE;
	lo.max_results = 1;
	lo.scan_fallback = true; /* reported in a->index_unusable */
	int rc = 0;
	for (size_t k = 0; k < count && rc == 0; k++) {
		tolk_tm_analysis_segment *s = &a->segments[k];
		s->text = segments[k];
		s->words = tolk_tm_word_count(s->text);
		a->count = k + 1;
		a->total_words += s->words;
		char *key = normalise(s->text);
		size_t earlier;
		if (!key || (rc = seen_check(&earlier, &seen, key, k)) < 0) {
			rc = rc < 0 ? rc : TOLK_ENOMEM;
			break;
		}
		if (earlier != (size_t)-1) {
			const tolk_tm_analysis_segment *first = &a->segments[earlier];
			s->score = first->score;
			s->band = TOLK_TM_BAND_REPETITION;
			if ((first->match_source && !(s->match_source = tolk_strdup(first->match_source))) ||
			    (first->match_target && !(s->match_target = tolk_strdup(first->match_target))))
				rc = TOLK_ENOMEM;
		} else {
			tolk_tm_match_list *matches = NULL;
			if (!s->text) {
				rc = tolk_error_set(TOLK_EINVALID, _("segment %zu is NULL"), k);
				break;
			}
			if ((rc = tolk_tm_lookup(&matches, tm, s->text, &lo)) < 0)
				break;
			a->index_unusable |= matches->index_unusable;
			if (matches->count) {
				tolk_tm_match *m = &matches->items[0];
				s->score = m->score;
				s->match_source = m->source;
				s->match_target = m->target;
				m->source = m->target = NULL;
			}
			tolk_tm_match_list_free(matches);
			s->band = band_of(s->score);
		}
		a->band_segments[s->band]++;
		a->band_words[s->band] += s->words;
		if (progress && progress(k + 1, count, payload))
			rc = tolk_error_set(TOLK_ECANCELLED, _("analysis cancelled"));
	}
	seen_free(&seen);
	if (rc < 0) {
		tolk_tm_analysis_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void tolk_tm_analysis_free(tolk_tm_analysis *a)
{
	if (!a)
		return;
	for (size_t k = 0; k < a->count; k++) {
		free(a->segments[k].match_source);
		free(a->segments[k].match_target);
	}
	free(a->segments);
	free(a);
}

int tolk_tm_analysis_write_tmx(const tolk_tm_analysis *a, const char *path, int min_score,
                               const char *src_lang, const char *tgt_lang)
{
	char src_tag[64], tgt_tag[64];
	src_lang = tolk_lang_tmx_tag(src_tag, sizeof(src_tag), src_lang);
	tgt_lang = tolk_lang_tmx_tag(tgt_tag, sizeof(tgt_tag), tgt_lang);
	tolk_tmx_header h = {0};
	h.srclang = (char *)src_lang;
	h.segtype = "sentence";
	h.o_tmf = "tolk";
	h.datatype = "plaintext";
	h.adminlang = "en";
	tolk_tmx_writer *w = NULL;
	int rc = tolk_tmx_writer_open(&w, path, &h);
	for (size_t k = 0; k < a->count && rc == 0; k++) {
		const tolk_tm_analysis_segment *s = &a->segments[k];
		if (s->band == TOLK_TM_BAND_REPETITION || s->score < min_score || !s->match_target)
			continue;
		char score[16];
		snprintf(score, sizeof(score), "%d", s->score);
		tolk_tmx_prop prop = {"x-tolk-score", score};
		tolk_tmx_tuv tuvs[2];
		memset(tuvs, 0, sizeof(tuvs));
		tuvs[0].lang = (char *)src_lang;
		tuvs[0].text = (char *)s->text;
		tuvs[1].lang = (char *)tgt_lang;
		tuvs[1].text = s->match_target;
		tolk_tmx_unit u;
		memset(&u, 0, sizeof(u));
		u.props = &prop;
		u.nprops = 1;
		u.tuvs = tuvs;
		u.ntuvs = 2;
		rc = tolk_tmx_writer_add(w, &u);
	}
	if (rc == 0)
		rc = tolk_tmx_writer_close(w);
	tolk_tmx_writer_free(w);
	return rc;
}
