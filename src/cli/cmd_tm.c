/* tolk tm: the translation memory — import, export, stats, lookup, concordance. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "tolk/tm.h"
#include "tolk/xliff.h"

static const char *const summary_import = N_("add TMX or translated XLIFF files to the translation memory");
static const char *const summary_export = N_("write the translation memory as TMX 1.4b");
static const char *const summary_stats = N_("show what the translation memory holds");
static const char *const summary_lookup = N_("exact and fuzzy matches for a sentence");
static const char *const summary_concordance = N_("find how a phrase was translated before");
static const char *const summary_copy = N_("copy every unit from one store into another (SQLite, PostgreSQL)");

static void print_help(FILE *out)
{
	fputs(_("usage: tolk tm COMMAND [options] ARGS\n"), out);
	fprintf(out, "\n%s\n\n", _(cli_cmd_tm.summary));
	fputs(_("Commands:\n"), out);
	cli_help_subcommand(out, "import", summary_import);
	cli_help_subcommand(out, "export", summary_export);
	cli_help_subcommand(out, "stats", summary_stats);
	cli_help_subcommand(out, "lookup", summary_lookup);
	cli_help_subcommand(out, "concordance", summary_concordance);
	cli_help_subcommand(out, "copy", summary_copy);
	fputs("\n", out);
	fprintf(out, _("The memory is an SQLite file, %s unless --db or TOLK_DB says otherwise; import creates it.\n"), CLI_DEFAULT_DB);
	fputs(_("--db postgresql://user@host:port/db keeps it in PostgreSQL instead.\n"), out);
	fputs(_("Run 'tolk tm COMMAND --help' for a command's options.\n"), out);
}

/* --batch of import and copy (batch_option reads it). */
#define OPT_BATCH(var) {CLI_OPT_VALUE, "batch", 0, &(var), "N", N_("units per transaction (default 10000)"), 0}
/* --db-read of the commands that only read the memory. */
#define OPT_DB_READ(var) \
	{CLI_OPT_VALUE, "db-read", 0, &(var), "URI", N_("read from this PostgreSQL server (a replica); writes go to --db"), 0}

static void print_date(FILE *out, time_t t)
{
	struct tm tmv;
	char buf[32];
	if (t && gmtime_r(&t, &tmv) && strftime(buf, sizeof(buf), "%Y-%m-%d", &tmv))
		fputs(buf, out);
	else
		fputs("-", out);
}

/*
 * The memory could not be opened. Run from another folder, the default
 * tm/memory.db is not there: say how to point at the real one.
 */
static bool cli_db_is_uri(const char *db)
{
	return strstr(db, "://") != NULL;
}

static int open_error(const char *db)
{
	const tolk_error *e = tolk_error_last();
	if (e && e->code == TOLK_ENOTFOUND && strcmp(db, CLI_DEFAULT_DB) == 0)
		return cli_error(_("no translation memory at %s in this folder; give its path with --db PATH, or run "
		                   "tolk in the folder that holds tm/memory.db; 'tolk tm import' creates one"),
		                 db);
	return cli_error_from_lib();
}

/* Arguments joined by spaces, so a sentence needs no quotes. */
static char *join_args(const cli_strvec *v)
{
	size_t n = 1;
	for (size_t k = 0; k < v->count; k++)
		n += strlen(v->items[k]) + 1;
	char *s = malloc(n);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t k = 0; k < v->count; k++) {
		if (k)
			strcat(s, " ");
		strcat(s, v->items[k]);
	}
	return s;
}

/* ---- import --------------------------------------------------------------------------- */
/* --batch of import and copy: units per transaction. 0, or CLI_EXIT_ERROR after saying why. */
static int batch_option(tolk_tm_import_options *io, const char *batch)
{
	char *end;
	long n = strtol(batch, &end, 10);
	if (*end || n < 1 || n > 10000000)
		return cli_error(_("--batch wants a number of units, not '%s'"), batch);
	io->batch_units = (size_t)n;
	return 0;
}

/* A failed import or copy: the library's error, then what the batches finished before it keep (path may be NULL). */
static void import_failed(const char *path, const tolk_tm_import_stats *st)
{
	cli_error_from_lib();
	unsigned long long kept = (unsigned long long)(st->units_added + st->units_merged);
	if (path)
		fprintf(stderr, _("tolk: %s: units stored before the error (in complete batches): %llu\n"), path, kept);
	else
		fprintf(stderr, _("tolk: units stored before the error (in complete batches): %llu\n"), kept);
}

/* A CAT tool's translated XLIFF: checked whole first, then its confirmed units in batches. */
static int import_xliff(tolk_tm *tm, const char *path, bool all_states, const tolk_tm_import_options *io)
{
	tolk_xliff_read_options ro = TOLK_XLIFF_READ_OPTIONS_INIT;
	ro.all_states = all_states;
	tolk_xliff_reader *r = NULL;
	tolk_tmx_unit *units = NULL; /* shallow copies: the strings stay the reader's */
	size_t n = 0, cap = 0;
	tolk_tm_import_stats st = {0};
	int rc = tolk_xliff_reader_open(&r, path, &ro);
	const tolk_tmx_unit *u;
	while (rc == 0 && (rc = tolk_xliff_reader_next(&u, r)) == 0) {
		if (n == cap) {
			tolk_tmx_unit *grown = realloc(units, (cap = cap ? 2 * cap : 256) * sizeof(*units));
			if (!grown) {
				rc = cli_error(_("out of memory"));
				break;
			}
			units = grown;
		}
		units[n++] = *u;
	}
	if (rc == TOLK_ITEROVER)
		rc = tolk_tm_add_units(&st, tm, units, n, io);
	if (rc == 0) {
		uint64_t unconfirmed = 0, untranslated = 0;
		tolk_xliff_reader_skipped(&unconfirmed, &untranslated, r);
		printf(_("%s: XLIFF %s, units read: %llu, added: %llu, merged into existing units: %llu; "
		         "not confirmed (left out; --all-states takes them): %llu, without a translation: %llu\n"),
		       path, tolk_xliff_reader_version(r) >= 20 ? "2" : "1.2", (unsigned long long)st.units_read,
		       (unsigned long long)st.units_added, (unsigned long long)st.units_merged,
		       (unsigned long long)unconfirmed, (unsigned long long)untranslated);
	} else if (rc != CLI_EXIT_ERROR) {
		if (r)
			import_failed(path, &st);
		else
			cli_error_from_lib();
	}
	free(units);
	tolk_xliff_reader_free(r);
	return rc;
}

static int run_import(int argc, char **argv)
{
	const char *db = cli_default_db(), *batch = NULL;
	int all_states = 0;
	cli_strvec files = {0};
	const cli_opt opts[] = {
		CLI_OPT_DB(db),
		OPT_BATCH(batch),
		{CLI_OPT_SWITCH, "all-states", 0, &all_states, NULL,
		 N_("XLIFF: also units not yet confirmed (default: translated, signed-off, reviewed or final only)"), 0},
		{CLI_OPT_ARGS, "files", 0, &files, "FILE.tmx", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_tm *tm = NULL;
	cli_progress *progress = NULL;
	if (cli_opt_start(opts, argc, argv, "tm import", summary_import,
	                  N_("\nUnits are added in transactions of --batch units: an interrupted import keeps\n"
	                     "the batches it finished. A unit with the same languages and texts as one already\n"
	                     "stored is merged into it (earliest creation, latest change, props and notes united).\n"
	                     "An XLIFF file (1.2 or 2.x, known by its root element) gives its confirmed units.\n"), &status))
		goto done;
	tolk_tm_import_options io = TOLK_TM_IMPORT_OPTIONS_INIT;
	if (batch && batch_option(&io, batch) != 0)
		goto done;
	bool existed = cli_db_is_uri(db) || access(db, F_OK) == 0;
	if (tolk_tm_open(&tm, db, TOLK_TM_OPEN_CREATE) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	if (!existed) {
		/* a first import in the wrong folder must not go unnoticed */
		char *where = realpath(db, NULL);
		fprintf(stderr, _("created a new translation memory: %s\n"), where ? where : db);
		free(where);
	}
	for (size_t k = 0; k < files.count; k++) {
		if (tolk_xliff_detect(files.items[k]) == 1) {
			tolk_tm_import_options xo = io;
			xo.progress = NULL; /* a document's units: done in a moment */
			if (import_xliff(tm, files.items[k], all_states, &xo) != 0)
				goto done;
			continue;
		}
		tolk_tm_import_stats st = {0};
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		progress = cli_progress_start(_("importing"));
		io.progress = cli_progress_cb;
		io.progress_payload = progress;
		int rc = tolk_tm_import(&st, tm, files.items[k], &io);
		cli_progress_finish(progress);
		progress = NULL;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (rc < 0) {
			import_failed(files.items[k], &st);
			goto done;
		}
		printf(_("%s: units read: %llu, added: %llu, merged into existing units: %llu, empty: %llu "
		         "(%.1f s, %.0f units/s)\n"),
		       files.items[k], (unsigned long long)st.units_read, (unsigned long long)st.units_added,
		       (unsigned long long)st.units_merged, (unsigned long long)st.units_empty, secs,
		       secs > 0 ? (double)st.units_read / secs : 0.0);
	}
	status = CLI_EXIT_OK;
done:
	cli_progress_finish(progress);
	tolk_tm_free(tm);
	cli_strvec_free(&files);
	return status;
}

/* ---- export ------------------------------------------------------------------------------ */
static int run_export(int argc, char **argv)
{
	const char *db = cli_default_db(), *db_read = NULL, *output = NULL, *src = NULL;
	const cli_opt opts[] = {
		CLI_OPT_DB(db),
		OPT_DB_READ(db_read),
		{CLI_OPT_VALUE, "output", 'o', &output, "FILE.tmx", N_("where to write (- for standard output)"),
		 CLI_OPT_REQUIRED},
		{CLI_OPT_VALUE, "src-lang", 0, &src, "LANG",
		 N_("source language named in the header (default: the units' own, *all* when mixed)"), 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_tm *tm = NULL;
	cli_progress *progress = NULL;
	if (cli_opt_start(opts, argc, argv, "tm export", summary_export,
	                  N_("\nEvery unit in every language, with its dates, ids, props, notes and inline codes.\n"), &status))
		goto done;
	if (tolk_tm_open_db(&tm, db, db_read, TOLK_TM_OPEN_READONLY) < 0) {
		status = open_error(db);
		goto done;
	}
	if (src && tolk_tm_set_langs(tm, src, "en") < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	progress = cli_progress_start(_("exporting"));
	tolk_tm_export_options eo = TOLK_TM_EXPORT_OPTIONS_INIT;
	eo.progress = cli_progress_cb;
	eo.progress_payload = progress;
	if (tolk_tm_export(tm, output, &eo) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	status = CLI_EXIT_OK;
done:
	cli_progress_finish(progress);
	tolk_tm_free(tm);
	return status;
}

/* ---- stats ---------------------------------------------------------------------------------- */
static int run_stats(int argc, char **argv)
{
	const char *db = cli_default_db(), *db_read = NULL, *src = "nl", *tgt = "en", *format = "text";
	int check = 0;
	const cli_opt opts[] = {
		CLI_OPT_DB(db),
		OPT_DB_READ(db_read),
		{CLI_OPT_VALUE, "src-lang", 0, &src, "LANG", N_("source language of the pair (default nl)"), 0},
		{CLI_OPT_VALUE, "tgt-lang", 0, &tgt, "LANG", N_("target language of the pair (default en)"), 0},
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_SWITCH, "check", 0, &check, NULL, N_("also check the whole file for damage"), 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_tm *tm = NULL;
	tolk_tm_summary *s = NULL;
	if (cli_opt_start(opts, argc, argv, "tm stats", summary_stats, NULL, &status))
		goto done;
	if (!cli_format_ok(format))
		goto done;
	if (tolk_tm_open_db(&tm, db, db_read, check ? 0 : TOLK_TM_OPEN_READONLY) < 0) {
		status = open_error(db);
		goto done;
	}
	if (tolk_tm_set_langs(tm, src, tgt) < 0 ||
	    tolk_tm_stats(&s, tm) < 0 || (check && tolk_tm_check(tm) < 0)) {
		status = cli_error_from_lib();
		goto done;
	}
	if (strcmp(format, "jsonl") == 0) {
		printf("{\"db\":");
		cli_json_string(stdout, db);
		printf(",\"schema\":%d,\"bytes\":%llu,\"units\":%llu,\"pair_units\":%llu,\"languages\":{",
		       s->schema_version, (unsigned long long)s->file_bytes, (unsigned long long)s->units,
		       (unsigned long long)s->pair_units);
		for (size_t k = 0; k < s->nlangs; k++) {
			printf(k ? "," : "");
			cli_json_string(stdout, s->langs[k].lang);
			printf(":%llu", (unsigned long long)s->langs[k].count);
		}
		printf("}%s}\n", check ? ",\"check\":\"ok\"" : "");
	} else {
		printf(_("translation memory: %s (schema %d, %.1f MB)\n"), db, s->schema_version,
		       (double)s->file_bytes / 1e6);
		printf(_("units: %llu, of which %llu with %s and %s\n"), (unsigned long long)s->units,
		       (unsigned long long)s->pair_units, src, tgt);
		printf("%s", _("languages:"));
		for (size_t k = 0; k < s->nlangs; k++)
			printf(" %s %llu%s", s->langs[k].lang, (unsigned long long)s->langs[k].count,
			       k + 1 < s->nlangs ? "," : "");
		printf("\n%s ", _("dates:"));
		print_date(stdout, s->oldest);
		printf(" .. ");
		print_date(stdout, s->newest);
		printf("\n");
		if (check)
			printf("%s\n", _("check: ok"));
	}
	status = CLI_EXIT_OK;
done:
	tolk_tm_summary_free(s);
	tolk_tm_free(tm);
	return status;
}

/* ---- lookup -------------------------------------------------------------------------------- */
static const char *diff_op_name(tolk_tm_diff_op op)
{
	return op == TOLK_TM_DIFF_DELETE ? "delete" : op == TOLK_TM_DIFF_INSERT ? "insert" : "equal";
}

/* [-deleted-]{+inserted+}, as wdiff marks them; spaces stay outside the marks. */
static void print_diff_text(const tolk_tm_match *m)
{
	for (size_t d = 0; d < m->ndiff; d++) {
		const char *t = m->diff[d].text;
		if (m->diff[d].op == TOLK_TM_DIFF_EQUAL) {
			fputs(t, stdout);
			continue;
		}
		size_t lead = strspn(t, " \t\n\r");
		if (t[lead] == '\0')
			lead = 0; /* the space itself is the change: NAVO[---]{+ +}Ministers */
		/* a replacement reads [-old-]{+new+}: the insertion's space is already out */
		bool replacing = m->diff[d].op == TOLK_TM_DIFF_INSERT && d > 0 && m->diff[d - 1].op == TOLK_TM_DIFF_DELETE;
		if (!replacing)
			fwrite(t, 1, lead, stdout);
		fputs(m->diff[d].op == TOLK_TM_DIFF_DELETE ? "[-" : "{+", stdout);
		fputs(t + lead, stdout);
		fputs(m->diff[d].op == TOLK_TM_DIFF_DELETE ? "-]" : "+}", stdout);
	}
}

static void print_matches_text(const char *query, const tolk_tm_match_list *list, bool many)
{
	if (many)
		printf("> %s\n", query);
	if (list->count == 0)
		printf("%s\n", _("(no match)"));
	for (size_t k = 0; k < list->count; k++) {
		const tolk_tm_match *m = &list->items[k];
		printf("%3d%%  %s\n", m->score, m->source);
		printf("      %s\n", m->target ? m->target : _("(no translation in the memory)"));
		if (m->score < 100) {
			printf("      ");
			print_diff_text(m);
			printf("\n");
		}
	}
}

static void print_matches_jsonl(const char *query, const tolk_tm_match_list *list)
{
	printf("{\"query\":");
	cli_json_string(stdout, query);
	printf(",\"matches\":[");
	for (size_t k = 0; k < list->count; k++) {
		const tolk_tm_match *m = &list->items[k];
		char date[17] = "";
		printf("%s{\"score\":%d,\"unit\":%lld,\"source\":", k ? "," : "", m->score, (long long)m->unit_id);
		cli_json_string(stdout, m->source);
		printf(",\"target\":");
		cli_json_string(stdout, m->target);
		printf(",\"source_lang\":");
		cli_json_string(stdout, m->source_lang);
		printf(",\"target_lang\":");
		cli_json_string(stdout, m->target_lang);
		if (m->changedate || m->creationdate)
			tolk_tmx_date_format(date, m->changedate ? m->changedate : m->creationdate);
		printf(",\"date\":");
		cli_json_string(stdout, *date ? date : NULL);
		printf(",\"diff\":[");
		for (size_t d = 0; d < m->ndiff; d++) {
			printf("%s{\"op\":\"%s\",\"text\":", d ? "," : "", diff_op_name(m->diff[d].op));
			cli_json_string(stdout, m->diff[d].text);
			printf("}");
		}
		printf("]}");
	}
	printf("]}\n");
}

static int parse_int(int *out, const char *s, int lo, int hi, const char *option)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || n < lo || n > hi) {
		cli_error(_("--%s wants a number from %d to %d, not '%s'"), option, lo, hi, s);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int run_lookup(int argc, char **argv)
{
	const char *db = cli_default_db(), *db_read = NULL, *src = "nl", *tgt = "en", *format = "text", *min = "70", *max = "5";
	int exhaustive = 0;
	cli_strvec words = {0};
	const cli_opt opts[] = {
		CLI_OPT_DB(db),
		OPT_DB_READ(db_read),
		{CLI_OPT_VALUE, "src-lang", 0, &src, "LANG", N_("language of the text (default nl)"), 0},
		{CLI_OPT_VALUE, "tgt-lang", 0, &tgt, "LANG", N_("language of the translations (default en)"), 0},
		{CLI_OPT_VALUE, "min", 0, &min, "SCORE", N_("lowest score shown, 1-100 (default 70)"), 0},
		{CLI_OPT_VALUE, "max", 0, &max, "N", N_("most matches shown (default 5)"), 0},
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_SWITCH, "exhaustive", 0, &exhaustive, NULL,
		 N_("score every unit instead of using the index (slow; to verify)"), 0},
		{CLI_OPT_ARGS, "text", 0, &words, "TEXT", NULL, 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_tm *tm = NULL;
	char *query = NULL, *line = NULL;
	size_t line_cap = 0;
	tolk_tm_match_list *list = NULL;
	if (cli_opt_start(opts, argc, argv, "tm lookup", summary_lookup,
	                  N_("\nWithout TEXT (or with -), every line of standard input is looked up.\n"
	                     "Scores: word-based edit distance as CAT tools compute it, less a point or two\n"
	                     "for differences in case, numbers, punctuation and spacing, or for a compound\n"
	                     "written apart, hyphenated or closed up (NAVO-Ministers, NAVO Ministers).\n"
	                     "Differences are marked [-only in the memory-]{+only in your text+}.\n"), &status))
		goto done;
	tolk_tm_lookup_options lo = TOLK_TM_LOOKUP_OPTIONS_INIT;
	lo.scan_fallback = true; /* said once below */
	bool told_scan = false;
	int n;
	if (!cli_format_ok(format))
		goto done;
	if (parse_int(&lo.min_score, min, 1, 100, "min") < 0 || parse_int(&n, max, 1, 1000, "max") < 0)
		goto done;
	lo.max_results = (size_t)n;
	lo.exhaustive = exhaustive;
	if (tolk_tm_open_db(&tm, db, db_read, TOLK_TM_OPEN_READONLY) < 0) {
		status = open_error(db);
		goto done;
	}
	if (tolk_tm_set_langs(tm, src, tgt) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	bool from_stdin = words.count == 0 || (words.count == 1 && strcmp(words.items[0], "-") == 0);
	if (!from_stdin && !(query = join_args(&words))) {
		status = cli_error(_("out of memory"));
		goto done;
	}
	unsigned long lineno = 0;
	for (;;) {
		const char *text = query;
		if (from_stdin) {
			ssize_t got = getline(&line, &line_cap, stdin);
			if (got < 0)
				break;
			lineno++;
			while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
				line[--got] = '\0';
			if (got == 0)
				continue;
			text = line;
		}
		if (tolk_tm_lookup(&list, tm, text, &lo) < 0) {
			const tolk_error *e = tolk_error_last();
			status = from_stdin && e && e->code == TOLK_EINVALID
			                 ? cli_error_at("-", lineno, 0, "%s", e->message)
			                 : cli_error_from_lib();
			goto done;
		}
		if (list->index_unusable && !told_scan) {
			cli_warn(_("the memory's search index cannot be used: every unit is scanned (slow); "
			           "rebuild the memory with tm export and tm import"));
			told_scan = true;
		}
		if (strcmp(format, "jsonl") == 0)
			print_matches_jsonl(text, list);
		else
			print_matches_text(text, list, from_stdin);
		tolk_tm_match_list_free(list);
		list = NULL;
		if (!from_stdin)
			break;
	}
	status = CLI_EXIT_OK;
done:
	tolk_tm_match_list_free(list);
	tolk_tm_free(tm);
	free(query);
	free(line);
	cli_strvec_free(&words);
	return status;
}

/* ---- concordance --------------------------------------------------------------------------- */
static void print_marked(const char *text, const tolk_tm_span *spans, size_t n)
{
	size_t at = 0;
	for (size_t k = 0; k < n; k++) {
		if (spans[k].start < at)
			continue;
		fwrite(text + at, 1, spans[k].start - at, stdout);
		fputc('[', stdout);
		fwrite(text + spans[k].start, 1, spans[k].end - spans[k].start, stdout);
		fputc(']', stdout);
		at = spans[k].end;
	}
	fputs(text + at, stdout);
}

static void print_spans_json(const tolk_tm_span *spans, size_t n)
{
	printf("[");
	for (size_t k = 0; k < n; k++)
		printf("%s[%zu,%zu]", k ? "," : "", spans[k].start, spans[k].end);
	printf("]");
}

static int run_concordance(int argc, char **argv)
{
	const char *db = cli_default_db(), *db_read = NULL, *src = "nl", *tgt = "en", *lang = NULL, *format = "text", *max = "20";
	cli_strvec words = {0};
	const cli_opt opts[] = {
		CLI_OPT_DB(db),
		OPT_DB_READ(db_read),
		{CLI_OPT_VALUE, "lang", 'l', &lang, "nl|en", N_("search this language only: nl or en (default both)"), 0},
		{CLI_OPT_VALUE, "src-lang", 0, &src, "LANG", N_("source language of the pair (default nl)"), 0},
		{CLI_OPT_VALUE, "tgt-lang", 0, &tgt, "LANG", N_("target language of the pair (default en)"), 0},
		{CLI_OPT_VALUE, "max", 0, &max, "N", N_("most units shown (default 20)"), 0},
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_ARGS, "phrase", 0, &words, "PHRASE", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_tm *tm = NULL;
	char *phrase = NULL;
	tolk_tm_hit_list *hits = NULL;
	if (cli_opt_start(opts, argc, argv, "tm concordance", summary_concordance,
	                  N_("\nThe words of PHRASE must follow each other; Dutch words also match their\n"
	                     "inflected forms (ministers, grote, besloten), English ones their -s, -ed, -ing\n"
	                     "forms. A Dutch separable verb is also found split within its clause:\n"
	                     "vaststellen finds \"stelde de begroting vast\" and \"vast te stellen\".\n"
	                     "Units with the words as typed come first; matched words are [marked].\n"), &status))
		goto done;
	tolk_tm_concordance_options co = TOLK_TM_CONCORDANCE_OPTIONS_INIT;
	int n;
	if (!cli_format_ok(format))
		goto done;
	if (parse_int(&n, max, 1, 10000, "max") < 0)
		goto done;
	co.max_results = (size_t)n;
	co.lang = lang;
	if (!(phrase = join_args(&words))) {
		status = cli_error(_("out of memory"));
		goto done;
	}
	if (tolk_tm_open_db(&tm, db, db_read, TOLK_TM_OPEN_READONLY) < 0) {
		status = open_error(db);
		goto done;
	}
	if (tolk_tm_set_langs(tm, src, tgt) < 0 || tolk_tm_concordance(&hits, tm, phrase, &co) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	bool jsonl = strcmp(format, "jsonl") == 0;
	if (!jsonl && hits->count == 0)
		printf("%s\n", _("(nothing found)"));
	for (size_t k = 0; k < hits->count; k++) {
		const tolk_tm_hit *h = &hits->items[k];
		if (jsonl) {
			printf("{\"unit\":%lld,\"exact\":%s,\"source\":", (long long)h->unit_id, h->exact ? "true" : "false");
			cli_json_string(stdout, h->source);
			printf(",\"target\":");
			cli_json_string(stdout, h->target);
			printf(",\"source_lang\":");
			cli_json_string(stdout, h->source_lang);
			printf(",\"target_lang\":");
			cli_json_string(stdout, h->target_lang);
			printf(",\"source_matches\":");
			print_spans_json(h->source_spans, h->nsource_spans);
			printf(",\"target_matches\":");
			print_spans_json(h->target_spans, h->ntarget_spans);
			printf("}\n");
			continue;
		}
		printf("%-6s ", h->source_lang ? h->source_lang : "-");
		if (h->source)
			print_marked(h->source, h->source_spans, h->nsource_spans);
		printf("\n%-6s ", h->target_lang ? h->target_lang : "-");
		if (h->target)
			print_marked(h->target, h->target_spans, h->ntarget_spans);
		else
			printf("%s", _("(no translation in the memory)"));
		printf("\n\n");
	}
	status = CLI_EXIT_OK;
done:
	tolk_tm_hit_list_free(hits);
	tolk_tm_free(tm);
	free(phrase);
	cli_strvec_free(&words);
	return status;
}

/* ---- copy ------------------------------------------------------------------------------------ */
static int run_copy(int argc, char **argv)
{
	const char *batch = NULL;
	cli_strvec stores = {0};
	const cli_opt opts[] = {
		OPT_BATCH(batch),
		{CLI_OPT_ARGS, "stores", 0, &stores, "SRC DST", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_tm *from = NULL, *to = NULL;
	if (cli_opt_start(opts, argc, argv, "tm copy", summary_copy,
	                  N_("\nSRC and DST are each a file or a postgresql:// URI. Every unit is copied with its\n"
	                     "dates, ids, props, notes and inline codes, in transactions of --batch units;\n"
	                     "DST is created when absent, and units it already holds are not added twice.\n"), &status))
		goto done;
	if (stores.count != 2) {
		status = cli_error(_("tm copy wants two stores, SRC and DST"));
		goto done;
	}
	tolk_tm_import_options io = TOLK_TM_IMPORT_OPTIONS_INIT;
	if (batch && batch_option(&io, batch) != 0)
		goto done;
	if (tolk_tm_open(&from, stores.items[0], TOLK_TM_OPEN_READONLY) < 0) {
		status = open_error(stores.items[0]);
		goto done;
	}
	if (tolk_tm_open(&to, stores.items[1], TOLK_TM_OPEN_CREATE) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	tolk_tm_import_stats st = {0};
	if (tolk_tm_copy(&st, to, from, &io) < 0) {
		import_failed(NULL, &st);
		goto done;
	}
	printf(_("units read: %llu, added: %llu, already there: %llu\n"), (unsigned long long)st.units_read,
	       (unsigned long long)st.units_added, (unsigned long long)st.units_merged);
	status = CLI_EXIT_OK;
done:
	tolk_tm_free(from);
	tolk_tm_free(to);
	cli_strvec_free(&stores);
	return status;
}

/* ---- dispatch ------------------------------------------------------------------------------ */
static int run(int argc, char **argv)
{
	if (argc < 2) {
		print_help(stderr);
		return CLI_EXIT_ERROR;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		print_help(stdout);
		return CLI_EXIT_OK;
	}
	if (sub[0] == '-')
		return cli_error(_("unknown option '%s'; see 'tolk tm --help'"), sub);
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} subs[] = {{"import", run_import},
	            {"export", run_export},
	            {"stats", run_stats},
	            {"lookup", run_lookup},
	            {"concordance", run_concordance},
	            {"copy", run_copy}};
	const char *names[sizeof(subs) / sizeof(*subs)];
	for (size_t k = 0; k < sizeof(subs) / sizeof(*subs); k++) {
		if (strcmp(sub, subs[k].name) == 0)
			return subs[k].fn(argc - 1, argv + 1);
		names[k] = subs[k].name;
	}
	const char *close = cli_closest(sub, names, sizeof(subs) / sizeof(*subs));
	if (close)
		return cli_error(_("'%s' is not a tm command; did you mean '%s'? See 'tolk tm --help'"), sub, close);
	return cli_error(_("'%s' is not a tm command; see 'tolk tm --help'"), sub);
}

const cli_cmd cli_cmd_tm = {"tm", N_("translation memory: import, export, stats, lookup, concordance, copy"), run};
