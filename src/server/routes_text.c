/*
 * Text a translator pastes: spell check, segmentation, and the analysis of a
 * draft against the memory. Bodies are JSON objects with a "text" member.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "server_private.h"
#include "tolk/segment.h"

static const char *body_text(const json_t *body, request *req, reply *r)
{
	return json_get_text(body, "text", req->srv->cfg.max_body, true, r);
}

void handle_spell(request *req, reply *r)
{
	json_t *body = request_json(req, r);
	if (!body)
		return;
	tolk_spell_finding_list *list = NULL;
	tb_state *st = NULL;
	spell_ref *sp = NULL;
	const char *text = body_text(body, req, r);
	if (!text)
		goto done;
	st = state_acquire(req->srv);
	sp = spell_acquire(req->srv, st);
	if (!sp) {
		reply_error(r, 503, "unavailable", "the spell checker is not loaded");
		goto done;
	}
	/* One checker per term-base state; its word cache is not thread-safe. */
	pthread_mutex_lock(&sp->lock);
	int rc = tolk_spell_check_text(&list, sp->chk, text, strlen(text));
	pthread_mutex_unlock(&sp->lock);
	if (rc < 0) {
		reply_lib_error(r, 400);
		goto done;
	}
	const tolk_spell_finding *f = list->items;
	size_t n = list->count;
	json_t *a = json_array();
	for (size_t k = 0; k < n; k++) {
		json_t *sugg = json_array();
		for (size_t s = 0; s < f[k].suggestion_count; s++)
			json_array_append_new(sugg, json_string(f[k].suggestions[s]));
		json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:o}", "start", (json_int_t)f[k].start,
		                                   "end", (json_int_t)f[k].end, "line", (json_int_t)f[k].line, "column",
		                                   (json_int_t)f[k].column, "word", f[k].word, "lang",
		                                   f[k].lang ? f[k].lang : "nl_NL", "suggestions", sugg));
	}
	reply_json(r, 200, json_pack("{s:o}", "findings", a));
done:
	tolk_spell_finding_list_free(list);
	spell_release(sp);
	state_release(st);
	json_decref(body);
}

static int segment_body(tolk_segment_list **out, const json_t *body, request *req, reply *r, const char **text)
{
	*text = body_text(body, req, r);
	const char *lang = *text ? json_get_text(body, "lang", 16, false, r) : NULL;
	if (!*text || r->status)
		return -1;
	tolk_segmenter *seg = NULL;
	int rc = tolk_segmenter_new(&seg, lang ? lang : "nl");
	if (rc == 0)
		rc = tolk_segment_text(out, seg, *text, strlen(*text));
	if (rc < 0)
		reply_lib_error(r, 400);
	tolk_segmenter_free(seg);
	return rc;
}

void handle_segment(request *req, reply *r)
{
	json_t *body = request_json(req, r);
	if (!body)
		return;
	tolk_segment_list *list = NULL;
	const char *text;
	if (segment_body(&list, body, req, r, &text) == 0) {
		json_t *a = json_array();
		for (size_t k = 0; k < list->count; k++) {
			const tolk_segment *s = &list->items[k];
			json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I, s:s}", "text", s->text, "start",
			                                   (json_int_t)s->start, "end", (json_int_t)s->end, "paragraph",
			                                   (json_int_t)s->paragraph, "kind", tolk_segment_kind_name(s->kind)));
		}
		reply_json(r, 200, json_pack("{s:o}", "segments", a));
	}
	tolk_segment_list_free(list);
	json_decref(body);
}

void handle_analyze(request *req, reply *r)
{
	json_t *body = request_json(req, r);
	if (!body)
		return;
	tolk_segment_list *list = NULL;
	tolk_tm_analysis *an = NULL;
	const char **texts = NULL;
	const char *text;
	if (segment_body(&list, body, req, r, &text) < 0)
		goto done;
	tolk_tm *tm = state_tm(req->srv);
	if (!tm) {
		reply_lib_error(r, 503);
		goto done;
	}
	texts = malloc((list->count + 1) * sizeof(*texts));
	if (!texts) {
		reply_error(r, 500, "internal", "out of memory");
		goto done;
	}
	for (size_t k = 0; k < list->count; k++)
		texts[k] = list->items[k].text;
	if (tolk_tm_set_langs(tm, "nl", "en") < 0 || tolk_tm_analyze(&an, tm, texts, list->count, NULL) < 0) {
		reply_lib_error(r, 503);
		goto done;
	}
	json_t *bands = json_array();
	for (int b = 0; b < TOLK_TM_NBANDS; b++)
		json_array_append_new(bands, json_pack("{s:s, s:I, s:I}", "band", tolk_tm_band_name((tolk_tm_band)b),
		                                       "segments", (json_int_t)an->band_segments[b], "words",
		                                       (json_int_t)an->band_words[b]));
	json_t *segs = json_array();
	for (size_t k = 0; k < an->count; k++) {
		const tolk_tm_analysis_segment *s = &an->segments[k];
		json_array_append_new(segs, json_pack("{s:s, s:I, s:i, s:s, s:o, s:o}", "text", s->text, "words",
		                                      (json_int_t)s->words, "score", s->score, "band",
		                                      tolk_tm_band_name(s->band), "match_source",
		                                      s->match_source ? json_string(s->match_source) : json_null(),
		                                      "match_target",
		                                      s->match_target ? json_string(s->match_target) : json_null()));
	}
	reply_json(r, 200, json_pack("{s:I, s:o, s:o}", "words", (json_int_t)an->total_words, "bands", bands,
	                             "segments", segs));
done:
	tolk_tm_analysis_free(an);
	free(texts);
	tolk_segment_list_free(list);
	json_decref(body);
}
