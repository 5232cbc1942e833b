/*
 * The term base over HTTP: lookup with near misses, recognition in a text,
 * and the edits a terminologist makes. Reads use the state the request
 * started with; edits go through the TBX file under its lock, exactly as
 * `tolk term` does, and the watcher (state.c) serves the new base within a
 * fraction of a second.
 */
#define _POSIX_C_SOURCE 200809L
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "server_private.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *concept_json(const tolk_concept *c)
{
	json_t *defs = json_object();
	for (size_t k = 0; k < c->definition_count; k++)
		json_object_set_new(defs, c->definitions[k].lang, json_string(c->definitions[k].text));
	json_t *terms = json_array();
	for (size_t k = 0; k < c->term_count; k++) {
		const tolk_term_entry *t = &c->terms[k];
		json_array_append_new(terms, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "lang", t->lang, "term", t->term,
		                                       "status", tolk_term_status_name(t->status), "pos",
		                                       str_or_null(t->part_of_speech), "note", str_or_null(t->note),
		                                       "context", str_or_null(t->context)));
	}
	return json_pack("{s:s, s:o, s:o, s:o, s:o}", "id", c->id, "subject_field", str_or_null(c->subject_field),
	                 "note", str_or_null(c->note), "definitions", defs, "terms", terms);
}

static tb_state *termbase(request *req, reply *r)
{
	tb_state *st = state_acquire(req->srv);
	if (!st || !st->tb) {
		state_release(st);
		reply_error(r, 503, "unavailable", "the server has no term base (start it with --termbase)");
		return NULL;
	}
	return st;
}

static bool lang_ok(const char *lang)
{
	return !lang || strcmp(lang, "nl") == 0 || strcmp(lang, "en") == 0;
}

void handle_term_lookup(request *req, reply *r)
{
	const char *raw_q = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "q");
	const char *raw_l = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "lang");
	char *q = raw_q ? url_decode(raw_q, strlen(raw_q), true) : NULL;
	char *lang = raw_l ? url_decode(raw_l, strlen(raw_l), true) : NULL;
	tolk_term_lookup_result *res = NULL;
	tb_state *st = NULL;
	if (!q || !*q || strlen(q) > 1000) {
		reply_error(r, 400, "bad_request", "'q' must hold a term of 1 to 1000 bytes");
		goto done;
	}
	if ((raw_l && !lang) || !lang_ok(lang)) {
		reply_error(r, 400, "bad_language", "'lang' is nl or en");
		goto done;
	}
	if (!(st = termbase(req, r)))
		goto done;
	if (tolk_termbase_lookup(&res, st->tb, lang, q) < 0) {
		reply_lib_error(r, 500);
		goto done;
	}
	const tolk_term_hit *hits = res->hits.items, *sugg = res->suggestions.items;
	size_t nhits = res->hits.count, nsugg = res->suggestions.count;
	json_t *concepts = json_array(), *near = json_array();
	for (size_t k = 0; k < nhits; k++) {
		json_t *c = concept_json(hits[k].concept);
		json_object_set_new(c, "matched", json_string(hits[k].concept->terms[hits[k].term_index].term));
		json_array_append_new(concepts, c);
	}
	for (size_t k = 0; k < nsugg; k++) {
		json_t *c = concept_json(sugg[k].concept);
		json_object_set_new(c, "matched", json_string(sugg[k].concept->terms[sugg[k].term_index].term));
		json_object_set_new(c, "distance", json_integer(sugg[k].distance));
		json_array_append_new(near, c);
	}
	reply_json(r, 200, json_pack("{s:s, s:o, s:o}", "query", q, "concepts", concepts, "suggestions", near));
done:
	tolk_term_lookup_result_free(res);
	state_release(st);
	free(q);
	free(lang);
}

void handle_term_recognize(request *req, reply *r)
{
	json_t *body = request_json(req, r);
	if (!body)
		return;
	tolk_term_match_list *list = NULL;
	tb_state *st = NULL;
	const char *text = json_get_text(body, "text", req->srv->cfg.max_body, true, r);
	const char *lang = text ? json_get_text(body, "lang", 8, false, r) : NULL;
	if (!text || r->status)
		goto done;
	if (!lang_ok(lang)) {
		reply_error(r, 400, "bad_language", "'lang' is nl or en");
		goto done;
	}
	if (!(st = termbase(req, r)))
		goto done;
	if (tolk_termbase_recognize(&list, st->tb, lang ? lang : "nl", text, strlen(text)) < 0) {
		reply_lib_error(r, 400);
		goto done;
	}
	const tolk_term_match *m = list->items;
	size_t n = list->count;
	json_t *a = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(a, json_pack("{s:I, s:I, s:s%, s:s, s:s, s:s, s:s}", "start", (json_int_t)m[k].start,
		                                   "end", (json_int_t)m[k].end, "text", text + m[k].start,
		                                   m[k].end - m[k].start, "concept", m[k].concept_id, "term", m[k].term,
		                                   "lang", m[k].lang, "status", tolk_term_status_name(m[k].status)));
	reply_json(r, 200, json_pack("{s:o}", "matches", a));
done:
	tolk_term_match_list_free(list);
	state_release(st);
	json_decref(body);
}

/* Open the TBX for an edit, run it, commit; the reply says what happened. */
static void edit_and_commit(request *req, reply *r, int (*edit)(tolk_termbase *, json_t *, reply *), json_t *body)
{
	if (!req->srv->cfg.termbase_path) {
		reply_error(r, 503, "unavailable", "the server has no term base (start it with --termbase)");
		return;
	}
	pthread_mutex_lock(&req->srv->write_lock);
	tolk_termbase *tb = NULL;
	if (tolk_termbase_open_edit(&tb, req->srv->cfg.termbase_path, false) < 0)
		reply_lib_error(r, 503);
	else if (edit(tb, body, r) == 0 && tolk_termbase_commit(tb) < 0)
		reply_lib_error(r, 503);
	tolk_termbase_free(tb);
	pthread_mutex_unlock(&req->srv->write_lock);
}

static int status_from(const json_t *body, reply *r, tolk_term_status *out)
{
	const char *name = json_get_text(body, "status", 32, false, r);
	if (r->status)
		return -1;
	*out = TOLK_TERM_PREFERRED;
	if (name && tolk_term_status_parse(out, name) < 0) {
		reply_error(r, 400, "bad_request", "'status' is preferred, admitted, deprecated or superseded");
		return -1;
	}
	return 0;
}

static int add_terms(tolk_termbase *tb, json_t *body, reply *r)
{
	const char *nl = json_get_text(body, "nl", 1000, true, r);
	const char *en = nl ? json_get_text(body, "en", 1000, true, r) : NULL;
	const char *concept = en ? json_get_text(body, "concept", 200, false, r) : NULL;
	const char *pos = en && !r->status ? json_get_text(body, "pos", 32, false, r) : NULL;
	const char *note = en && !r->status ? json_get_text(body, "note", 2000, false, r) : NULL;
	tolk_term_status status;
	if (!nl || !en || r->status || status_from(body, r, &status) < 0)
		return -1;
	char *id = NULL;
	int rc = 0;
	if (!concept) {
		rc = tolk_termbase_new_id(&id, tb);
		if (rc == 0)
			rc = tolk_termbase_add_concept(tb, id, NULL, NULL);
		concept = id;
	} else {
		const tolk_concept *c;
		if (tolk_termbase_concept(&c, tb, concept) < 0)
			rc = tolk_termbase_add_concept(tb, concept, NULL, NULL);
	}
	if (rc == 0)
		rc = tolk_termbase_add_term(tb, concept, "nl", nl, status, pos, note);
	if (rc == 0)
		rc = tolk_termbase_add_term(tb, concept, "en", en, status, pos, NULL);
	if (rc < 0)
		reply_lib_error(r, 400);
	else
		reply_json(r, 201, json_pack("{s:s, s:s, s:s}", "concept", concept, "nl", nl, "en", en));
	free(id);
	return rc;
}

void handle_term_add(request *req, reply *r)
{
	if (!request_authorized(req, r))
		return;
	json_t *body = request_json(req, r);
	if (!body)
		return;
	edit_and_commit(req, r, add_terms, body);
	json_decref(body);
}

static int set_status(tolk_termbase *tb, json_t *body, reply *r)
{
	const char *concept = json_get_text(body, "concept", 200, true, r);
	const char *lang = concept ? json_get_text(body, "lang", 8, true, r) : NULL;
	const char *term = lang ? json_get_text(body, "term", 1000, true, r) : NULL;
	tolk_term_status status;
	if (!concept || !lang || !term || r->status)
		return -1;
	if (!json_object_get(body, "status")) {
		reply_error(r, 400, "bad_request", "'status' is missing");
		return -1;
	}
	if (status_from(body, r, &status) < 0)
		return -1;
	int rc = tolk_termbase_set_status(tb, concept, lang, term, status);
	if (rc < 0)
		reply_lib_error(r, rc == TOLK_ENOTFOUND ? 404 : 400);
	else
		reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:s}", "concept", concept, "lang", lang, "term", term, "status",
		                             tolk_term_status_name(status)));
	return rc;
}

void handle_term_status(request *req, reply *r)
{
	if (!request_authorized(req, r))
		return;
	json_t *body = request_json(req, r);
	if (!body)
		return;
	edit_and_commit(req, r, set_status, body);
	json_decref(body);
}
