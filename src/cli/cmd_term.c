/*
 * tolk term: the term base from the command line — lookup, list, the edits
 * (add, remove, set-status: locked and atomic), import/export, and the
 * terminology check of a TMX file.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tolk/termbase.h"
#include "tolk/tmx.h"

typedef int (*term_sub_fn)(int argc, char **argv, const char *termbase);

static const char *default_termbase(void)
{
	static char buf[4096];
	const char *env = getenv("TOLK_TERMBASE");
	if (env && *env)
		return env;
	return cli_default_path("dict/termbase.tbx", buf, sizeof(buf));
}

/*
 * --termbase-read (or $TOLK_TERMBASE_READ): a PostgreSQL replica the reading
 * subcommands load from; edits always go to the term base itself.
 */
static const char *term_read;

static const char *reading(const char *termbase)
{
	return term_read ? term_read : termbase;
}

/* ---- printing concepts --------------------------------------------------------------------- */

static void json_field(const char *name, const char *value, bool comma)
{
	if (!value)
		return;
	printf("%s\"%s\":", comma ? "," : "", name);
	cli_json_string(stdout, value);
}

static void print_concept_json(const tolk_concept *c)
{
	printf("{\"id\":");
	cli_json_string(stdout, c->id);
	json_field("subject_field", c->subject_field, true);
	json_field("note", c->note, true);
	printf(",\"definitions\":{");
	for (size_t d = 0; d < c->definition_count; d++) {
		printf("%s", d ? "," : "");
		cli_json_string(stdout, c->definitions[d].lang);
		putchar(':');
		cli_json_string(stdout, c->definitions[d].text);
	}
	printf("},\"terms\":[");
	for (size_t t = 0; t < c->term_count; t++) {
		const tolk_term_entry *e = &c->terms[t];
		printf("%s{\"lang\":", t ? "," : "");
		cli_json_string(stdout, e->lang);
		json_field("term", e->term, true);
		json_field("status", tolk_term_status_name(e->status), true);
		json_field("part_of_speech", e->part_of_speech, true);
		json_field("note", e->note, true);
		json_field("context", e->context, true);
		putchar('}');
	}
	printf("]}");
}

/* "nl: lastenverdeling | en: burden sharing, burden-sharing (admitted)" */
static void print_terms_text(const tolk_concept *c, const char *lang)
{
	const char *langs[2] = {"nl", "en"};
	bool first_lang = true;
	for (int l = 0; l < 2; l++) {
		if (lang && strcmp(lang, langs[l]) != 0)
			continue;
		bool first = true;
		for (size_t t = 0; t < c->term_count; t++) {
			const tolk_term_entry *e = &c->terms[t];
			if (strncmp(e->lang, langs[l], 2) != 0)
				continue;
			if (first)
				printf("%s%s: ", first_lang ? "" : " | ", langs[l]);
			printf("%s%s", first ? "" : ", ", e->term);
			if (e->status != TOLK_TERM_PREFERRED)
				printf(" (%s)", _(tolk_term_status_name(e->status)));
			first = first_lang = false;
		}
	}
}

static void print_concept_text(const tolk_concept *c, bool details)
{
	printf("%s", c->id);
	if (c->subject_field)
		printf(" [%s]", c->subject_field);
	printf("\n  ");
	print_terms_text(c, NULL);
	putchar('\n');
	if (!details)
		return;
	for (size_t d = 0; d < c->definition_count; d++)
		printf("  %s %s: %s\n", _("definition"), c->definitions[d].lang, c->definitions[d].text);
	if (c->note)
		printf("  %s: %s\n", _("note"), c->note);
	for (size_t t = 0; t < c->term_count; t++)
		if (c->terms[t].note)
			printf("  %s (%s): %s\n", c->terms[t].term, c->terms[t].lang, c->terms[t].note);
}

/*
 * The term a translator would use for concept c in lang: the first preferred
 * one, else the first admitted, else any that is not deprecated or superseded.
 */
static const tolk_term_entry *approved_term(const tolk_concept *c, const char *lang)
{
	static const tolk_term_status order[] = {TOLK_TERM_PREFERRED, TOLK_TERM_ADMITTED};
	for (size_t o = 0; o < 2; o++)
		for (size_t t = 0; t < c->term_count; t++)
			if (strncmp(c->terms[t].lang, lang, 2) == 0 && c->terms[t].status == order[o])
				return &c->terms[t];
	return NULL;
}

/* ---- lookup ------------------------------------------------------------------------------------- */

static int sub_lookup(int argc, char **argv, const char *termbase)
{
	const char *lang = NULL, *format = "text";
	cli_strvec words = {0};
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "lang", 'l', &lang, "nl|en", N_("look in nl or en terms only (default both)"), 0},
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_ARGS, "term", 0, &words, "WORD", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	tolk_term_lookup_result *res = NULL;
	char *query = NULL;
	if (cli_opt_start(opts, argc, argv, "term lookup", N_("find a term and its equivalents"),
	                  N_("\nThe words given are one term, so a multiword term needs no quotes:\n"
	                     "'tolk term lookup burden sharing'. Look up several terms with one command each.\n"
	                     "Case, diacritics and inflection are ignored (bondgenoten finds bondgenoot). Near misses\n"
	                     "get suggestions with their approved translation. Exit status 1 when nothing matches.\n"),
	                  &status))
		goto done;
	if (!cli_format_ok(format))
		goto done;
	size_t qlen = 0;
	for (size_t i = 0; i < words.count; i++)
		qlen += strlen(words.items[i]) + 1;
	if (!(query = calloc(1, qlen + 1))) {
		status = cli_error("%s", _("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < words.count; i++) {
		if (i)
			strcat(query, " ");
		strcat(query, words.items[i]);
	}
	if (query[strspn(query, " \t\n\r")] == '\0') {
		status = cli_error("%s", _("give a term to look up; see 'tolk term lookup --help'"));
		goto done;
	}
	if (tolk_termbase_open_ext(&tb, reading(termbase), cli_termbase_options()) < 0 ||
	    tolk_termbase_lookup(&res, tb, lang, query) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	const tolk_term_hit *hits = res->hits.items, *sugg = res->suggestions.items;
	size_t nhits = res->hits.count, nsugg = res->suggestions.count;
	bool jsonl = strcmp(format, "jsonl") == 0;
	for (size_t i = 0; i < nhits; i++) {
		const tolk_term_entry *e = &hits[i].concept->terms[hits[i].term_index];
		if (jsonl) {
			printf("{\"query\":");
			cli_json_string(stdout, query);
			printf(",\"match\":{\"lang\":\"%.2s\",\"term\":", e->lang);
			cli_json_string(stdout, e->term);
			printf("},\"concept\":");
			print_concept_json(hits[i].concept);
			printf("}\n");
		} else {
			print_concept_text(hits[i].concept, true);
		}
	}
	if (nhits == 0) {
		if (!jsonl)
			printf(_("no term '%s' in the term base\n"), query);
		for (size_t i = 0; i < nsugg; i++) {
			const tolk_term_entry *e = &sugg[i].concept->terms[sugg[i].term_index];
			/* what the user came for: the approved term on the other side */
			const tolk_term_entry *other =
				approved_term(sugg[i].concept, strncmp(e->lang, "nl", 2) == 0 ? "en" : "nl");
			if (jsonl) {
				printf("{\"query\":");
				cli_json_string(stdout, query);
				printf(",\"suggestion\":{\"lang\":\"%.2s\",\"term\":", e->lang);
				cli_json_string(stdout, e->term);
				printf(",\"concept\":");
				cli_json_string(stdout, sugg[i].concept->id);
				printf(",\"distance\":%u}", sugg[i].distance);
				if (other) {
					printf(",\"approved\":{\"lang\":\"%.2s\",\"term\":", other->lang);
					cli_json_string(stdout, other->term);
					printf(",\"status\":\"%s\"}", tolk_term_status_name(other->status));
				}
				printf("}\n");
			} else {
				if (i == 0)
					printf("%s\n", _("did you mean:"));
				printf("  %s", e->term);
				if (other)
					printf(" → %s", other->term);
				printf("  (%s; %s %s)\n", e->lang, _("concept"), sugg[i].concept->id);
			}
		}
	}
	status = nhits ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
done:
	tolk_term_lookup_result_free(res);
	free(query);
	tolk_termbase_free(tb);
	cli_strvec_free(&words);
	return status;
}

/* ---- list ----------------------------------------------------------------------------------------- */

static int sub_list(int argc, char **argv, const char *termbase)
{
	const char *format = "text", *subject = NULL, *status_name = NULL;
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_VALUE, "subject", 0, &subject, "FIELD", N_("only concepts of this subject field"), 0},
		{CLI_OPT_VALUE, "status", 0, &status_name, "preferred|admitted|deprecated|superseded", N_("only concepts with a term of this status"), 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	tolk_term_status want = TOLK_TERM_PREFERRED;
	if (cli_opt_start(opts, argc, argv, "term list", N_("list the concepts of the term base"), NULL, &status))
		goto done;
	if (!cli_format_ok(format))
		goto done;
	if ((status_name && tolk_term_status_parse(&want, status_name) < 0) ||
	    tolk_termbase_open_ext(&tb, reading(termbase), cli_termbase_options()) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	for (size_t i = 0; i < tolk_termbase_concept_count(tb); i++) {
		const tolk_concept *c;
		tolk_termbase_concept_at(&c, tb, i);
		if (subject && (!c->subject_field || strcmp(c->subject_field, subject) != 0))
			continue;
		bool has = !status_name;
		for (size_t t = 0; t < c->term_count && !has; t++)
			has = c->terms[t].status == want;
		if (!has)
			continue;
		if (strcmp(format, "jsonl") == 0) {
			print_concept_json(c);
			putchar('\n');
		} else {
			print_concept_text(c, false);
		}
	}
	status = CLI_EXIT_OK;
done:
	tolk_termbase_free(tb);
	return status;
}

/* ---- edits ---------------------------------------------------------------------------------------- */

/* The term base locked for an edit, saying so when the lock's last holder was killed holding it. */
static int open_edit(tolk_termbase **tb, const char *termbase, bool create)
{
	int rc = tolk_termbase_open_edit_ext(tb, termbase, create, cli_termbase_options());
	if (rc == 0 && tolk_termbase_stale_lock(*tb))
		fprintf(stderr, _("tolk: %s.lock: taken over from process %ld, which ended without releasing it "
		                  "(its edit was not saved)\n"),
		        termbase, tolk_termbase_stale_lock(*tb));
	return rc;
}

/*
 * A term that is already in the base, as typed or differing in case only,
 * makes a second concept or a second preferred term that lookups then show
 * twice. Returns false (after saying why) unless force; with force, a warning.
 */
static bool duplicate_ok(const tolk_termbase *tb, const char *id, const char *lang, const char *term, bool force)
{
	/* libtolk's own fold: "the same but for case" means what it means in the term base itself */
	char *want = NULL, *have = NULL;
	bool ok = true;
	if (tolk_text_fold(&want, NULL, term, strlen(term), TOLK_FOLD_CASE) < 0) {
		cli_error_from_lib();
		return false;
	}
	for (size_t i = 0; i < tolk_termbase_concept_count(tb); i++) {
		const tolk_concept *c;
		tolk_termbase_concept_at(&c, tb, i);
		for (size_t t = 0; t < c->term_count; t++) {
			const tolk_term_entry *e = &c->terms[t];
			if (strncmp(e->lang, lang, 2) != 0)
				continue;
			bool same = strcmp(e->term, term) == 0;
			/* the same term again in its own concept updates it (status, part of speech, note) */
			if (same && id && strcmp(c->id, id) == 0)
				continue;
			free(have);
			have = NULL;
			if (!same && (tolk_text_fold(&have, NULL, e->term, strlen(e->term), TOLK_FOLD_CASE) < 0 ||
			              strcmp(want, have) != 0))
				continue;
			if (force) {
				cli_warn(same ? _("'%s' (%s) is already a term of concept '%s'; added anyway (--force)")
				              : _("'%s' (%s) differs only in case from '%s' in concept '%s'; added anyway (--force)"),
				         term, lang, same ? c->id : e->term, c->id);
				goto out;
			}
			if (same)
				cli_error(_("'%s' (%s) is already a term of concept '%s'; see 'tolk term lookup %s', add to that "
				            "concept with --concept %s, or give --force to add it again"),
				          term, lang, c->id, term, c->id);
			else
				cli_error(_("'%s' (%s) differs only in case from '%s' in concept '%s'; change that term with "
				            "'tolk term remove' and 'tolk term add', or give --force to add both"),
				          term, lang, e->term, c->id);
			ok = false;
			goto out;
		}
	}
out:
	free(want);
	free(have);
	return ok;
}

static int sub_add(int argc, char **argv, const char *termbase)
{
	const char *id = NULL, *nl = NULL, *en = NULL, *status_name = "preferred", *pos = NULL, *note = NULL;
	const char *subject = NULL, *concept_note = NULL, *def_nl = NULL, *def_en = NULL;
	int force = 0;
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "concept", 'c', &id, "ID", N_("concept to add to (created when new; default a fresh id)"), 0},
		{CLI_OPT_VALUE, "nl", 0, &nl, "TERM", N_("Dutch term"), 0},
		{CLI_OPT_VALUE, "en", 0, &en, "TERM", N_("English term"), 0},
		{CLI_OPT_VALUE, "status", 's', &status_name, "preferred|admitted|deprecated|superseded",
		 N_("preferred, admitted, deprecated or superseded (default preferred)"), 0},
		{CLI_OPT_VALUE, "pos", 0, &pos, "POS", N_("part of speech: noun, verb, adjective, properNoun…"), 0},
		{CLI_OPT_VALUE, "note", 0, &note, "TEXT", N_("usage note for the term(s)"), 0},
		{CLI_OPT_VALUE, "subject", 0, &subject, "FIELD", N_("subject field of a new concept"), 0},
		{CLI_OPT_VALUE, "concept-note", 0, &concept_note, "TEXT", N_("note on a new concept"), 0},
		{CLI_OPT_VALUE, "definition-nl", 0, &def_nl, "TEXT", N_("Dutch definition"), 0},
		{CLI_OPT_VALUE, "definition-en", 0, &def_en, "TEXT", N_("English definition"), 0},
		{CLI_OPT_SWITCH, "force", 0, &force, NULL,
		 N_("add a term even when the base has it (or it in other capitals) already"), 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	char *fresh = NULL;
	tolk_term_status st;
	if (cli_opt_start(opts, argc, argv, "term add", N_("add terms (and a concept) to the term base"),
	                  N_("\nExample: tolk term add --concept lastenverdeling --nl lastenverdeling --en 'burden sharing'\n"),
	                  &status))
		goto done;
	if (!nl && !en) {
		status = cli_error(_("give a term with --nl or --en; see 'tolk term add --help'"));
		goto done;
	}
	if (tolk_term_status_parse(&st, status_name) < 0 || open_edit(&tb, termbase, true) < 0)
		goto lib_error;
	if ((nl && !duplicate_ok(tb, id, "nl", nl, force)) || (en && !duplicate_ok(tb, id, "en", en, force)))
		goto done;
	const tolk_concept *c;
	if (!id) {
		if (tolk_termbase_new_id(&fresh, tb) < 0)
			goto lib_error;
		id = fresh;
	}
	if (tolk_termbase_concept(&c, tb, id) < 0 && tolk_termbase_add_concept(tb, id, subject, concept_note) < 0)
		goto lib_error;
	if ((nl && tolk_termbase_add_term(tb, id, "nl", nl, st, pos, note) < 0) ||
	    (en && tolk_termbase_add_term(tb, id, "en", en, st, pos, note) < 0) ||
	    (def_nl && tolk_termbase_set_definition(tb, id, "nl", def_nl) < 0) ||
	    (def_en && tolk_termbase_set_definition(tb, id, "en", def_en) < 0) || tolk_termbase_commit(tb) < 0)
		goto lib_error;
	printf("%s\n", id);
	status = CLI_EXIT_OK;
	goto done;
lib_error:
	status = cli_error_from_lib();
done:
	free(fresh);
	tolk_termbase_free(tb);
	return status;
}

/* The library's "no concept 'x'", with the id it is a typo of. */
static int concept_error(const tolk_termbase *tb, const char *id)
{
	const tolk_concept *c;
	if (!tb || !id || tolk_termbase_concept(&c, tb, id) == 0)
		return cli_error_from_lib();
	size_t n = tolk_termbase_concept_count(tb);
	const char **ids = malloc((n ? n : 1) * sizeof(*ids));
	if (!ids)
		return cli_error_from_lib();
	for (size_t i = 0; i < n; i++)
		ids[i] = tolk_termbase_concept_at(&c, tb, i) == 0 ? c->id : NULL;
	const char *close = cli_closest(id, ids, n);
	int status = close ? cli_error(_("no concept '%s'; did you mean '%s'? ('tolk term lookup TERM' shows a term's "
	                                  "concept)"),
	                               id, close)
	                   : cli_error(_("no concept '%s' ('tolk term lookup TERM' shows a term's concept)"), id);
	free(ids);
	return status;
}

static int sub_remove(int argc, char **argv, const char *termbase)
{
	const char *id = NULL, *lang = NULL, *term = NULL;
	const cli_opt opts[] = {
		{CLI_OPT_ARG, "concept", 0, &id, "CONCEPT", NULL, CLI_OPT_REQUIRED},
		{CLI_OPT_ARG, "lang", 0, &lang, "LANG", NULL, 0},
		{CLI_OPT_ARG, "term", 0, &term, "TERM", NULL, 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	if (cli_opt_start(opts, argc, argv, "term remove", N_("remove a concept, or one term of it"), NULL, &status))
		goto done;
	if (lang && !term) {
		status = cli_error(_("give both LANG and TERM to remove one term; see 'tolk term remove --help'"));
		goto done;
	}
	if (open_edit(&tb, termbase, false) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	const tolk_concept *c;
	size_t nterms = tolk_termbase_concept(&c, tb, id) == 0 ? c->term_count : 0;
	if (tolk_termbase_remove(tb, id, lang, term) < 0) {
		status = concept_error(tb, id);
		goto done;
	}
	if (tolk_termbase_commit(tb) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	if (term)
		printf(_("removed %s term '%s' from concept '%s'\n"), lang, term, id);
	else
		printf(ngettext("removed concept '%s' (%zu term)\n", "removed concept '%s' (%zu terms)\n", nterms), id,
		       nterms);
	status = CLI_EXIT_OK;
done:
	tolk_termbase_free(tb);
	return status;
}

static int sub_set_status(int argc, char **argv, const char *termbase)
{
	const char *id = NULL, *lang = NULL, *term = NULL, *status_name = NULL;
	const cli_opt opts[] = {
		{CLI_OPT_ARG, "concept", 0, &id, "CONCEPT", NULL, CLI_OPT_REQUIRED},
		{CLI_OPT_ARG, "lang", 0, &lang, "LANG", NULL, CLI_OPT_REQUIRED},
		{CLI_OPT_ARG, "term", 0, &term, "TERM", NULL, CLI_OPT_REQUIRED},
		{CLI_OPT_ARG, "status", 0, &status_name, "STATUS", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	tolk_term_status st;
	if (cli_opt_start(opts, argc, argv, "term set-status",
	                  N_("set a term's status: preferred, admitted, deprecated, superseded"), NULL, &status))
		goto done;
	if (tolk_term_status_parse(&st, status_name) < 0 || open_edit(&tb, termbase, false) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	const tolk_concept *c;
	tolk_term_status was = st;
	if (tolk_termbase_concept(&c, tb, id) == 0)
		for (size_t t = 0; t < c->term_count; t++)
			if (strncmp(c->terms[t].lang, lang, 2) == 0 && strcmp(c->terms[t].term, term) == 0)
				was = c->terms[t].status;
	if (tolk_termbase_set_status(tb, id, lang, term, st) < 0) {
		status = concept_error(tb, id);
		goto done;
	}
	if (was == st) {
		printf(_("%s term '%s' of concept '%s' is already %s; nothing changed\n"), lang, term, id,
		       _(tolk_term_status_name(st)));
	} else {
		if (tolk_termbase_commit(tb) < 0) {
			status = cli_error_from_lib();
			goto done;
		}
		printf(_("%s term '%s' of concept '%s': %s, was %s\n"), lang, term, id, _(tolk_term_status_name(st)),
		       _(tolk_term_status_name(was)));
	}
	status = CLI_EXIT_OK;
done:
	tolk_termbase_free(tb);
	return status;
}

/* ---- import / export ------------------------------------------------------------------------------------ */

static int sub_import(int argc, char **argv, const char *termbase)
{
	const char *format_name = "auto", *file = NULL;
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "format", 'f', &format_name, "tbx|tbx2|omegat|csv|auto",
		 N_("tbx (TBX-Basic), tbx2 (martif), omegat, csv or auto (default: by content and extension)"), 0},
		{CLI_OPT_ARG, "file", 0, &file, "FILE", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	tolk_tb_format format;
	size_t added = 0;
	if (cli_opt_start(opts, argc, argv, "term import", N_("merge a TBX, OmegaT or CSV glossary into the term base"),
	                  N_("\nConcepts with a known id are merged into it; rows without an id join the concept\n"
	                     "that has their Dutch term. Any error leaves the term base untouched.\n"), &status))
		goto done;
	if (tolk_tb_format_parse(&format, format_name) < 0 || open_edit(&tb, termbase, true) < 0 ||
	    tolk_termbase_import(&added, tb, file, format) < 0 || tolk_termbase_commit(tb) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	fprintf(stderr, ngettext("%zu concept added (term base total: %zu)\n", "%zu concepts added (term base total: %zu)\n", added),
	        added, tolk_termbase_concept_count(tb));
	status = CLI_EXIT_OK;
done:
	tolk_termbase_free(tb);
	return status;
}

static int sub_export(int argc, char **argv, const char *termbase)
{
	const char *format_name = "auto", *file = "-";
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "format", 'f', &format_name, "tbx|tbx2|omegat|csv",
		 N_("tbx (TBX-Basic), tbx2 (martif), omegat or csv (default: by extension, else tbx)"), 0},
		{CLI_OPT_ARG, "file", 0, &file, "FILE", NULL, 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	tolk_tb_format format;
	if (cli_opt_start(opts, argc, argv, "term export", N_("write the term base as TBX, TBX 2, OmegaT or CSV"),
	                  NULL, &status))
		goto done;
	if (tolk_tb_format_parse(&format, format_name) < 0 ||
	    tolk_termbase_open_ext(&tb, reading(termbase), cli_termbase_options()) < 0 ||
	    (strcmp(file, "-") == 0 ? tolk_termbase_write(tb, stdout, format)
	                            : tolk_termbase_export(tb, file, format)) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	status = CLI_EXIT_OK;
done:
	tolk_termbase_free(tb);
	return status;
}

/* ---- check ------------------------------------------------------------------------------------------------ */

/* Character (code point) offset of a byte offset, for positions a reader can count. */
static size_t char_offset(const char *s, size_t byte)
{
	size_t n = 0;
	for (size_t i = 0; i < byte && s[i]; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static void report_issue(const char *file, const tolk_tmx_unit *u, size_t unit_no, const tolk_term_issue *is, const char *nl,
                         const char *en, bool jsonl)
{
	const char *tuid = u->tuid ? u->tuid : "";
	bool missing = is->kind == TOLK_TERM_ISSUE_MISSING;
	const char *text = missing ? nl : en;
	size_t s = char_offset(text, missing ? is->source_start : is->target_start);
	size_t e = char_offset(text, missing ? is->source_end : is->target_end);
	if (jsonl) {
		printf("{\"tuid\":");
		cli_json_string(stdout, tuid);
		printf(",\"unit\":%zu,\"line\":%lu,\"kind\":\"%s\",\"concept\":", unit_no, u->line,
		       missing ? "missing" : "deprecated");
		cli_json_string(stdout, is->concept_id);
		printf(",\"lang\":\"%s\",\"term\":", missing ? "nl" : "en");
		cli_json_string(stdout, missing ? is->source_term : is->target_term);
		printf(",\"found\":");
		cli_json_string_n(stdout, text + (missing ? is->source_start : is->target_start),
		                  (missing ? is->source_end - is->source_start : is->target_end - is->target_start));
		printf(",\"start\":%zu,\"end\":%zu,\"expected\":", s, e);
		cli_json_string(stdout, is->expected);
		printf("}\n");
		return;
	}
	/* The unit as the TMX names it (tuid); the n-th unit only when it has no tuid. */
	if (*tuid)
		printf(_("%s:%lu: tuid %s: "), file, u->line, tuid);
	else
		printf(_("%s:%lu: unit %zu (no tuid): "), file, u->line, unit_no);
	if (missing)
		printf(_("nl \"%.*s\" (characters %zu-%zu, concept %s) but en lacks \"%s\"\n"),
		       (int)(is->source_end - is->source_start), nl + is->source_start, s + 1, e, is->concept_id,
		       is->expected);
	else
		printf(_("en \"%.*s\" (characters %zu-%zu, concept %s) is deprecated; use \"%s\"\n"),
		       (int)(is->target_end - is->target_start), en + is->target_start, s + 1, e, is->concept_id,
		       is->expected ? is->expected : "?");
}

static int sub_check(int argc, char **argv, const char *termbase)
{
	const char *format = "text", *file = NULL;
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_ARG, "file", 0, &file, "FILE.tmx", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_termbase *tb = NULL;
	tolk_tmx_reader *rd = NULL;
	tolk_term_issue_list *issues = NULL;
	size_t units = 0, pairs = 0, flagged = 0, total = 0;
	if (cli_opt_start(opts, argc, argv, "term check", N_("check a TMX file against the term base"),
	                  N_("\nReports units whose Dutch side has a term with a preferred English equivalent that\n"
	                     "the English side lacks (inflection-aware), and English sides using a deprecated term.\n"
	                     "Each finding names the unit by its tuid and the term's characters in the segment\n"
	                     "(counted from 1). JSON lines: start/end are 0-based character offsets, end exclusive.\n"
	                     "Exit status 1 when any is found.\n"),
	                  &status))
		goto done;
	if (!cli_format_ok(format))
		goto done;
	bool jsonl = strcmp(format, "jsonl") == 0;
	if (tolk_termbase_open_ext(&tb, reading(termbase), cli_termbase_options()) < 0 || tolk_tmx_reader_open(&rd, file) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	for (;;) {
		const tolk_tmx_unit *u;
		int rc = tolk_tmx_reader_next(&u, rd);
		if (rc == TOLK_ITEROVER)
			break;
		if (rc < 0) {
			status = cli_error_from_lib();
			goto done;
		}
		units++;
		const tolk_tmx_tuv *nl = tolk_tmx_unit_tuv(u, "nl"), *en = tolk_tmx_unit_tuv(u, "en");
		if (!nl || !en || !nl->text || !en->text)
			continue;
		pairs++;
		if (tolk_termbase_check_pair(&issues, tb, nl->text, strlen(nl->text), en->text, strlen(en->text)) < 0) {
			status = cli_error_from_lib();
			goto done;
		}
		for (size_t i = 0; i < issues->count; i++)
			report_issue(file, u, units, &issues->items[i], nl->text, en->text, jsonl);
		flagged += issues->count > 0;
		total += issues->count;
		tolk_term_issue_list_free(issues);
		issues = NULL;
	}
	if (units && !pairs) {
		/* Nothing was checked: saying "0 issues" would pass a memory of another language pair. */
		status = cli_error_at(file, 0, 0, _("no unit has both a Dutch (nl) and an English (en) variant"));
		goto done;
	}
	if (!jsonl)
		fprintf(stderr, _("units checked: %zu, with terminology issues: %zu, issues: %zu\n"), units, flagged, total);
	status = total ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
done:
	tolk_term_issue_list_free(issues);
	tolk_tmx_reader_free(rd);
	tolk_termbase_free(tb);
	return status;
}

/* ---- dispatch ------------------------------------------------------------------------------------------------- */

static const struct {
	const char *name;
	term_sub_fn fn;
	const char *summary;
} subs[] = {
	{"lookup", sub_lookup, N_("find a term and its equivalents (with suggestions)")},
	{"list", sub_list, N_("list the concepts")},
	{"add", sub_add, N_("add terms or a concept")},
	{"remove", sub_remove, N_("remove a concept or a term")},
	{"set-status", sub_set_status, N_("set a term's status")},
	{"import", sub_import, N_("merge TBX, TBX 2, OmegaT or CSV into the term base")},
	{"export", sub_export, N_("write the term base as TBX, TBX 2, OmegaT or CSV")},
	{"check", sub_check, N_("check a TMX file's English against the approved terms")},
};

/* add and import make the term base when it is not there yet */
static bool fn_creates(term_sub_fn fn)
{
	return fn == sub_add || fn == sub_import;
}

static bool wants_help(int argc, char **argv)
{
	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--") == 0)
			break;
		if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0)
			return true;
	}
	return false;
}

static void print_help(FILE *out, const cli_opt *opts)
{
	cli_opt_print_help(out, "term", cli_cmd_term.summary, opts);
	fprintf(out, "\n%s\n", _("Subcommands (tolk term SUBCOMMAND --help for each):"));
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		cli_help_subcommand(out, subs[i].name, subs[i].summary);
	fputs(_("\nThe term base is dict/termbase.tbx (TBX-Basic) unless --termbase or $TOLK_TERMBASE says\n"
	        "otherwise. Edits take a lock and replace the file atomically.\n"
	        "A PostgreSQL URI (--db postgresql://user@host/db, or the same as --termbase or\n"
	        "$TOLK_TERMBASE) names the term base held in that database: editors at the same time never\n"
	        "lose an edit, and a change to what another editor changed since it was read is refused.\n"),
	      out);
	fputs(_("--termbase-read URI (or $TOLK_TERMBASE_READ) reads from a streaming replica of it instead;\n"
	        "edits still go to the term base.\n"),
	      out);
}

static int run(int argc, char **argv)
{
	const char *termbase = NULL, *sub = NULL, *db = NULL, *read = NULL;
	/* --termbase before the subcommand (or after it, see below); the rest belongs to it. */
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "termbase", 't', &termbase, "FILE|URI", N_("the term base (default dict/termbase.tbx)"), 0},
		{CLI_OPT_VALUE, "db", 0, &db, "URI", N_("the term base in a PostgreSQL database (postgresql://…)"), 0},
		{CLI_OPT_VALUE, "termbase-read", 0, &read, "URI",
		 N_("read from this PostgreSQL replica; edits go to the term base"), 0},
		{CLI_OPT_ARG, "subcommand", 0, &sub, "SUBCOMMAND", NULL, 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int split = 1;
	while (split < argc && argv[split][0] == '-' && strcmp(argv[split], "-") != 0) {
		bool takes_value = (strcmp(argv[split], "--termbase") == 0 || strcmp(argv[split], "-t") == 0 ||
		                    strcmp(argv[split], "--db") == 0 || strcmp(argv[split], "--termbase-read") == 0);
		split += takes_value ? 2 : 1;
	}
	if (split > argc)
		split = argc;
	int head = split < argc ? split + 1 : split;
	bool help = false;
	if (cli_opt_parse(opts, head, argv, "term", &help) < 0)
		return CLI_EXIT_ERROR;
	if (help || !sub) {
		print_help(help ? stdout : stderr, opts);
		return help ? CLI_EXIT_OK : CLI_EXIT_ERROR;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(subs[i].name, sub) != 0)
			continue;
		/*
		 * --termbase also after the subcommand, where 'tolk align --termbase'
		 * has taught a translator to put it: taken out here, the rest is the
		 * subcommand's.
		 */
		char **sub_argv = malloc((size_t)(argc - split + 1) * sizeof(*sub_argv));
		if (!sub_argv)
			return cli_error("%s", _("out of memory"));
		int n = 0;
		bool options = true;
		for (int a = split; a < argc; a++) {
			const char *arg = argv[a];
			if (a > split && options && strcmp(arg, "--") == 0)
				options = false;
			if (a > split && options && (strcmp(arg, "--termbase") == 0 || strcmp(arg, "-t") == 0)) {
				if (a + 1 >= argc) {
					free(sub_argv);
					return cli_error(_("option '%s' needs a value; see 'tolk term --help'"), arg);
				}
				termbase = argv[++a];
				continue;
			}
			if (a > split && options && strncmp(arg, "--termbase=", 11) == 0) {
				termbase = arg + 11;
				continue;
			}
			if (a > split && options && strcmp(arg, "--db") == 0) {
				if (a + 1 >= argc) {
					free(sub_argv);
					return cli_error(_("option '%s' needs a value; see 'tolk term --help'"), arg);
				}
				db = argv[++a];
				continue;
			}
			if (a > split && options && strncmp(arg, "--db=", 5) == 0) {
				db = arg + 5;
				continue;
			}
			if (a > split && options && strcmp(arg, "--termbase-read") == 0) {
				if (a + 1 >= argc) {
					free(sub_argv);
					return cli_error(_("option '%s' needs a value; see 'tolk term --help'"), arg);
				}
				read = argv[++a];
				continue;
			}
			if (a > split && options && strncmp(arg, "--termbase-read=", 16) == 0) {
				read = arg + 16;
				continue;
			}
			sub_argv[n++] = argv[a];
		}
		sub_argv[n] = NULL;
		if (db) {
			/* The term base lives in the database's own tables; a SQLite memory cannot hold it. */
			if (!tolk_termbase_is_database(db) || (termbase && strcmp(termbase, db) != 0)) {
				free(sub_argv);
				return cli_error(tolk_termbase_is_database(db)
				                         ? _("give the term base once: --db %s or --termbase")
				                         : _("--db %s: the term base goes in PostgreSQL (postgresql://…); a term "
				                             "base file is given with --termbase"),
				                 db);
			}
			termbase = db;
		}
		bool chosen = termbase || (getenv("TOLK_TERMBASE") && *getenv("TOLK_TERMBASE"));
		if (!termbase)
			termbase = default_termbase();
		if (!read && getenv("TOLK_TERMBASE_READ") && *getenv("TOLK_TERMBASE_READ"))
			read = getenv("TOLK_TERMBASE_READ");
		if (read && (!tolk_termbase_is_database(read) || !tolk_termbase_is_database(termbase))) {
			free(sub_argv);
			return cli_error("%s", _("--termbase-read needs a postgresql:// URI, and the term base one too"));
		}
		term_read = read;
		/* Run outside the project with nothing set: say how to point at the data, as spell does. */
		bool creates = fn_creates(subs[i].fn);
		if (!chosen && !creates && !tolk_termbase_is_database(termbase) && access(termbase, F_OK) != 0 &&
		    !wants_help(n, sub_argv)) {
			free(sub_argv);
			return cli_error(_("no term base at %s; give one with --termbase FILE, set TOLK_TERMBASE to it, or "
			                   "set TOLK_DATADIR to the folder that holds dict/termbase.tbx"),
			                 termbase);
		}
		int status = subs[i].fn(n, sub_argv, termbase);
		free(sub_argv);
		return status;
	}
	const char *names[sizeof(subs) / sizeof(subs[0])];
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		names[i] = subs[i].name;
	const char *close = cli_closest(sub, names, sizeof(subs) / sizeof(subs[0]));
	if (close)
		return cli_error(_("'%s' is not a term subcommand; did you mean '%s'? See 'tolk term --help'"), sub, close);
	return cli_error(_("'%s' is not a term subcommand; see 'tolk term --help'"), sub);
}

const cli_cmd cli_cmd_term = {"term", N_("look up, edit, import, export and check the term base"), run};
