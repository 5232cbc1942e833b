/*
 * The memory over HTTP: the tmserver / amaGama routes that existing CAT-tool
 * clients (Virtaal, Weblate) speak, and tolk's own lookup, concordance and
 * unit routes. Parameters are checked here; the answers come from libtolk.
 */
#define _POSIX_C_SOURCE 200809L
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server_private.h"

/* A decoded query parameter; *bad when present but not percent-encoded UTF-8. */
static char *param(const request *req, const char *name, bool *bad)
{
	*bad = false;
	const char *raw = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
	if (!raw)
		return NULL;
	char *v = url_decode(raw, strlen(raw), true);
	if (!v)
		*bad = true;
	return v;
}

/* An integer parameter in [lo, hi], def when absent; false after setting a 400 reply. */
static bool int_param(const request *req, reply *r, const char *name, long lo, long hi, long def, long *out)
{
	bool bad;
	char *v = param(req, name, &bad);
	*out = def;
	if (!v && !bad)
		return true;
	bool ok = v && parse_int(v, lo, hi, out);
	free(v);
	if (!ok) {
		char detail[120];
		snprintf(detail, sizeof(detail), "'%s' must be a whole number from %ld to %ld", name, lo, hi);
		reply_error(r, 400, "bad_request", detail);
	}
	return ok;
}

/* A required text parameter of at most SERVE_MAX_TEXT bytes. */
static char *text_param(const request *req, reply *r, const char *name)
{
	bool bad;
	char *v = param(req, name, &bad);
	char detail[120];
	if (!v) {
		snprintf(detail, sizeof(detail), bad ? "'%s' is not valid percent-encoded UTF-8" : "'%s' is missing", name);
		reply_error(r, 400, "bad_request", detail);
		return NULL;
	}
	if (!*v || strlen(v) > SERVE_MAX_TEXT) {
		snprintf(detail, sizeof(detail), "'%s' must hold 1 to %d bytes", name, SERVE_MAX_TEXT);
		reply_error(r, *v ? 413 : 400, *v ? "too_large" : "bad_request", detail);
		free(v);
		return NULL;
	}
	return v;
}

/* The language pair from ?src=&tgt= (default nl, en), normalised. */
static bool lang_params(const request *req, reply *r, char **src, char **tgt)
{
	const char *names[2] = {"src", "tgt"}, *defaults[2] = {"nl", "en"};
	char **outs[2] = {src, tgt};
	for (int k = 0; k < 2; k++) {
		bool bad;
		char *v = param(req, names[k], &bad);
		*outs[k] = lang_normalize(v ? v : defaults[k]);
		free(v);
		if (!*outs[k]) {
			char detail[80];
			snprintf(detail, sizeof(detail), "'%s' is not a language code", names[k]);
			reply_error(r, 400, "bad_language", detail);
			free(*src);
			*src = NULL;
			return false;
		}
	}
	return true;
}

static tolk_tm *store(request *req, reply *r)
{
	tolk_tm *tm = state_tm(req->srv);
	if (!tm)
		reply_lib_error(r, 503);
	return tm;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *date_json(time_t t)
{
	struct tm tmv;
	char buf[32];
	if (t && gmtime_r(&t, &tmv) && strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tmv))
		return json_string(buf);
	return json_null();
}

/* The lookup behind both APIs; false when the reply already says what went wrong. */
static bool lookup(tolk_tm_match_list **out, request *req, reply *r, const char *src, const char *tgt,
                   const char *text, long min, long max)
{
	tolk_tm *tm = store(req, r);
	if (!tm)
		return false;
	tolk_tm_lookup_options lo = TOLK_TM_LOOKUP_OPTIONS_INIT;
	lo.min_score = (int)min;
	lo.max_results = (size_t)max;
	if (tolk_tm_set_langs(tm, src, tgt) < 0 || tolk_tm_lookup(out, tm, text, &lo) < 0) {
		reply_lib_error(r, 503);
		return false;
	}
	return true;
}

/* ---- tmserver / amaGama ------------------------------------------------------------------ */
void handle_tmserver_unit(request *req, reply *r, const char *src, const char *tgt, const char *text)
{
	long min, max;
	/* amaGama's bounds: a similarity below 30 is noise, and 70 is what clients expect by default. */
	if (!int_param(req, r, "min_similarity", 30, 100, 70, &min) ||
	    !int_param(req, r, "max_candidates", 1, SERVE_MAX_CANDIDATES, 5, &max))
		return;
	char *s = lang_normalize(src), *t = lang_normalize(tgt);
	tolk_tm_match_list *list = NULL;
	if (!s || !t) {
		reply_error(r, 400, "bad_language", "expected language codes such as nl, nl_NL or en-GB");
		goto done;
	}
	if (!*text || strlen(text) > SERVE_MAX_TEXT) {
		reply_error(r, *text ? 413 : 400, *text ? "too_large" : "bad_request", "the text is empty or too long");
		goto done;
	}
	if (!lookup(&list, req, r, s, t, text, min, max))
		goto done;
	json_t *out = json_array();
	size_t rank = 0;
	for (size_t k = 0; k < list->count; k++) {
		const tolk_tm_match *m = &list->items[k];
		if (!m->target)
			continue;
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:f, s:I}", "source", m->source, "target", m->target,
		                                     "context", "", "quality", (double)m->score, "rank",
		                                     (json_int_t)++rank));
	}
	reply_json(r, 200, out);
done:
	tolk_tm_match_list_free(list);
	free(s);
	free(t);
}

void handle_tmserver_languages(request *req, reply *r)
{
	tolk_tm *tm = store(req, r);
	if (!tm)
		return;
	tolk_tm_summary *sum = NULL;
	if (tolk_tm_stats(&sum, tm) < 0) {
		reply_lib_error(r, 503);
		return;
	}
	/* The codes as stored and their primary languages, so a client asking for "nl" finds nl-NL. */
	json_t *langs = json_array();
	for (size_t k = 0; k < sum->nlangs; k++) {
		char *code = lang_normalize(sum->langs[k].lang);
		if (!code)
			continue;
		char primary[16];
		snprintf(primary, sizeof(primary), "%.*s", (int)strcspn(code, "-"), code);
		const char *both[2] = {primary, code};
		for (int b = 0; b < 2; b++) {
			bool seen = false;
			size_t i;
			json_t *v;
			json_array_foreach(langs, i, v) seen = seen || strcmp(json_string_value(v), both[b]) == 0;
			if (!seen)
				json_array_append_new(langs, json_string(both[b]));
		}
		free(code);
	}
	tolk_tm_summary_free(sum);
	reply_json(r, 200, json_pack("{s:O, s:o}", "sourceLanguages", langs, "targetLanguages", langs));
}

/* ---- tolk's own routes ----------------------------------------------------------------------- */
static json_t *diff_json(const tolk_tm_match *m)
{
	static const char *const ops[] = {"equal", "delete", "insert"};
	json_t *a = json_array();
	for (size_t d = 0; d < m->ndiff; d++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "op", ops[m->diff[d].op], "text", m->diff[d].text));
	return a;
}

void handle_tm_lookup(request *req, reply *r)
{
	long min, max;
	char *q = NULL, *src = NULL, *tgt = NULL;
	tolk_tm_match_list *list = NULL;
	if (!int_param(req, r, "min", 1, 100, 70, &min) || !int_param(req, r, "max", 1, SERVE_MAX_CANDIDATES, 5, &max) ||
	    !(q = text_param(req, r, "q")) || !lang_params(req, r, &src, &tgt))
		goto done;
	if (!lookup(&list, req, r, src, tgt, q, min, max))
		goto done;
	json_t *matches = json_array();
	for (size_t k = 0; k < list->count; k++) {
		const tolk_tm_match *m = &list->items[k];
		json_array_append_new(matches,
		    json_pack("{s:i, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "score", m->score, "unit_id",
		              (json_int_t)m->unit_id, "source", m->source, "target", str_or_null(m->target),
		              "source_lang", str_or_null(m->source_lang), "target_lang", str_or_null(m->target_lang),
		              "changed", date_json(m->changedate ? m->changedate : m->creationdate), "changed_by",
		              str_or_null(m->changeid ? m->changeid : m->creationid), "diff", diff_json(m)));
	}
	reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:o}", "query", q, "src", src, "tgt", tgt, "matches", matches));
done:
	tolk_tm_match_list_free(list);
	free(q);
	free(src);
	free(tgt);
}

static json_t *spans_json(const tolk_tm_span *spans, size_t n)
{
	json_t *a = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(a, json_pack("[I, I]", (json_int_t)spans[k].start, (json_int_t)spans[k].end));
	return a;
}

void handle_tm_concordance(request *req, reply *r)
{
	long max;
	char *q = NULL, *lang = NULL, *src = NULL, *tgt = NULL;
	tolk_tm_hit_list *hits = NULL;
	if (!int_param(req, r, "max", 1, 200, 20, &max) || !(q = text_param(req, r, "q")) ||
	    !lang_params(req, r, &src, &tgt))
		goto done;
	bool bad;
	char *l = param(req, "lang", &bad);
	if (l || bad) {
		lang = l ? lang_normalize(l) : NULL;
		free(l);
		if (!lang) {
			reply_error(r, 400, "bad_language", "'lang' is not a language code");
			goto done;
		}
	}
	tolk_tm *tm = store(req, r);
	if (!tm)
		goto done;
	tolk_tm_concordance_options co = TOLK_TM_CONCORDANCE_OPTIONS_INIT;
	co.lang = lang;
	co.max_results = (size_t)max;
	if (tolk_tm_set_langs(tm, src, tgt) < 0 || tolk_tm_concordance(&hits, tm, q, &co) < 0) {
		reply_lib_error(r, 503);
		goto done;
	}
	json_t *a = json_array();
	for (size_t k = 0; k < hits->count; k++) {
		const tolk_tm_hit *h = &hits->items[k];
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "unit_id",
		                                   (json_int_t)h->unit_id, "source", str_or_null(h->source), "target",
		                                   str_or_null(h->target), "source_lang", str_or_null(h->source_lang),
		                                   "target_lang", str_or_null(h->target_lang), "source_spans",
		                                   spans_json(h->source_spans, h->nsource_spans), "target_spans",
		                                   spans_json(h->target_spans, h->ntarget_spans), "exact", h->exact));
	}
	reply_json(r, 200, json_pack("{s:s, s:o}", "query", q, "hits", a));
done:
	tolk_tm_hit_list_free(hits);
	free(q);
	free(lang);
	free(src);
	free(tgt);
}

void handle_tm_units(request *req, reply *r)
{
	if (!request_authorized(req, r))
		return;
	json_t *body = request_json(req, r);
	if (!body)
		return;
	char *src = NULL, *tgt = NULL;
	const char *source = json_get_text(body, "source", SERVE_MAX_TEXT, true, r);
	const char *target = source ? json_get_text(body, "target", SERVE_MAX_TEXT, true, r) : NULL;
	const char *sl = target ? json_get_text(body, "src_lang", 16, false, r) : NULL;
	const char *tl = target && r->status == 0 ? json_get_text(body, "tgt_lang", 16, false, r) : NULL;
	const char *creator = target && r->status == 0 ? json_get_text(body, "creator", 200, false, r) : NULL;
	if (!source || !target || r->status)
		goto done;
	src = lang_normalize(sl ? sl : "nl-NL");
	tgt = lang_normalize(tl ? tl : "en-GB");
	if (!src || !tgt || !*source || !*target) {
		reply_error(r, 400, "bad_request", !src || !tgt ? "bad language code" : "source and target must not be empty");
		goto done;
	}
	time_t now = time(NULL);
	tolk_tmx_tuv tuvs[2] = {{.lang = src, .text = (char *)source}, {.lang = tgt, .text = (char *)target}};
	tolk_tmx_unit unit = {.creationdate = now, .changedate = now, .creationid = (char *)creator,
	                      .tuvs = tuvs, .ntuvs = 2};
	pthread_mutex_lock(&req->srv->write_lock);
	tolk_tm *tm = NULL;
	int rc = tolk_tm_open(&tm, req->srv->cfg.db_path, 0);
	if (rc == 0)
		rc = tolk_tm_add(tm, &unit);
	if (rc < 0)
		reply_lib_error(r, rc == TOLK_EINVALID ? 400 : 503);
	tolk_tm_free(tm);
	pthread_mutex_unlock(&req->srv->write_lock);
	if (rc == 0)
		reply_json(r, 201, json_pack("{s:s}", "status", "added"));
done:
	free(src);
	free(tgt);
	json_decref(body);
}
