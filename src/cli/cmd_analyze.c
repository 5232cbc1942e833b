/* tolk analyze: how much of a draft the translation memory already covers, per match band. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "tolk/spell.h"
#include "tolk/segment.h"
#include "tolk/tm.h"
#include "tolk/xliff.h"

/* After the options in --help. */
static const char *const help_more = N_("\nThe draft is segmented into sentences, each looked up in the memory. Text output:\n"
                                         "segments and words per band (repetitions, 100%, 95-99%, 85-94%, 75-84%, 50-74%,\n"
                                         "no match), as CAT tools report them; a segment repeated in the draft counts as a\n"
                                         "repetition after its first occurrence. JSON lines: one per segment (text, words,\n"
                                         "score, band, the best match's source and target), then a summary line.\n"
                                         "--pretranslate writes the best matches scoring at least --threshold as TMX;\n"
                                         "to a name ending in .xlf or .xliff, or with --xliff, as XLIFF for a CAT tool:\n"
                                         "every segment, the best match as target, the others as alternatives.\n");

static void print_text(const tolk_tm_analysis *a, const char *draft, const char *db)
{
	printf(_("Analysis of %s against %s\n\n"), draft, db);
	printf("%-14s %9s %9s %8s\n", _("band"), _("segments"), _("words"), _("% words"));
	for (int b = 0; b < TOLK_TM_NBANDS; b++)
		printf("%-14s %9zu %9zu %7.1f%%\n", _(tolk_tm_band_name((tolk_tm_band)b)), a->band_segments[b],
		       a->band_words[b], a->total_words ? 100.0 * (double)a->band_words[b] / (double)a->total_words : 0.0);
	printf("%-14s %9zu %9zu %7.1f%%\n", _("total"), a->count, a->total_words, a->total_words ? 100.0 : 0.0);
}

static void print_jsonl(const tolk_tm_analysis *a)
{
	for (size_t k = 0; k < a->count; k++) {
		const tolk_tm_analysis_segment *s = &a->segments[k];
		printf("{\"type\":\"segment\",\"id\":%zu,\"text\":", k + 1);
		cli_json_string(stdout, s->text);
		printf(",\"words\":%zu,\"score\":%d,\"band\":\"%s\",\"match_source\":", s->words, s->score,
		       tolk_tm_band_name(s->band));
		cli_json_string(stdout, s->match_source);
		printf(",\"match_target\":");
		cli_json_string(stdout, s->match_target);
		printf("}\n");
	}
	printf("{\"type\":\"summary\",\"segments\":%zu,\"words\":%zu,\"bands\":{", a->count, a->total_words);
	for (int b = 0; b < TOLK_TM_NBANDS; b++)
		printf("%s\"%s\":{\"segments\":%zu,\"words\":%zu}", b ? "," : "", tolk_tm_band_name((tolk_tm_band)b),
		       a->band_segments[b], a->band_words[b]);
	printf("}}\n");
}

static bool cli_is_xliff_name(const char *path)
{
	size_t n = strlen(path);
	return (n > 4 && strcasecmp(path + n - 4, ".xlf") == 0) || (n > 6 && strcasecmp(path + n - 6, ".xliff") == 0);
}

/* XLIFF for a CAT tool: the draft's segments in their paragraphs, with the memory's matches. */
static int cli_write_xliff(tolk_tm *tm, const char *path, const char *version, const tolk_segment_list *list,
                           int min, const char *draft, const char *db, const char *src, const char *tgt)
{
	char sl[64], tl[64];
	tolk_xliff_pretranslate_options po = TOLK_XLIFF_PRETRANSLATE_OPTIONS_INIT;
	po.write.xliff = version && version[0] == '2' ? TOLK_XLIFF_2_1 : TOLK_XLIFF_1_2;
	po.write.original = draft;
	po.write.origin = db;
	po.min_score = min;
	const char **segments = calloc(list->count ? list->count : 1, sizeof(*segments));
	unsigned *paragraphs = calloc(list->count ? list->count : 1, sizeof(*paragraphs));
	int rc = segments && paragraphs ? 0 : -1;
	for (size_t k = 0; rc == 0 && k < list->count; k++) {
		segments[k] = list->items[k].text;
		paragraphs[k] = list->items[k].paragraph;
	}
	if (rc < 0)
		cli_error(_("out of memory"));
	else if ((rc = tolk_xliff_pretranslate(tm, path, tolk_lang_tmx_tag(sl, sizeof sl, src),
	                                       tolk_lang_tmx_tag(tl, sizeof tl, tgt), segments, paragraphs, list->count,
	                                       &po)) < 0)
		cli_error_from_lib();
	free(segments);
	free(paragraphs);
	return rc;
}

static int run(int argc, char **argv)
{
	const char *db = cli_default_db(), *db_read = NULL;
	const char *src = "nl", *tgt = "en", *format = "text", *pretranslate = NULL;
	const char *threshold = "75", *draft = NULL, *encoding = NULL, *from = NULL, *xliff = NULL;
	const cli_opt opts[] = {
		CLI_OPT_DB(db),
		{CLI_OPT_VALUE, "db-read", 0, &db_read, "URI", N_("read from this PostgreSQL server (a replica)"), 0},
		{CLI_OPT_VALUE, "src-lang", 0, &src, "LANG", N_("language of the draft (default nl)"), 0},
		{CLI_OPT_VALUE, "tgt-lang", 0, &tgt, "LANG", N_("language of the translations (default en)"), 0},
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_VALUE, "pretranslate", 0, &pretranslate, "OUT.tmx",
		 N_("write the best matches as TMX, or XLIFF for .xlf (- for standard output)"), 0},
		{CLI_OPT_VALUE, "xliff", 0, &xliff, "1.2|2",
		 N_("--pretranslate writes XLIFF 1.2 or 2.1 (default 1.2 for .xlf and .xliff)"), 0},
		{CLI_OPT_VALUE, "threshold", 0, &threshold, "SCORE",
		 N_("lowest score pre-translated, 50-100 (default 75)"), 0},
		{CLI_OPT_VALUE, "encoding", 0, &encoding, "ENC",
		 N_("encoding of the draft when not UTF-8 or UTF-16, e.g. windows-1252"), 0},
		CLI_OPT_FROM(from),
		{CLI_OPT_ARG, "draft", 0, &draft, "DRAFT", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	cli_input in = {0};
	tolk_segmenter *seg = NULL;
	tolk_speller *speller = NULL;
	tolk_segment_list *list = NULL;
	const char **segments = NULL;
	tolk_tm *tm = NULL;
	tolk_tm_analysis *analysis = NULL;
	cli_progress *progress = NULL;

	if (cli_opt_start(opts, argc, argv, "analyze", cli_cmd_analyze.summary, help_more, &status))
		goto done;
	if (!cli_format_ok(format))
		goto done;
	if (xliff && (!pretranslate || (strcmp(xliff, "1.2") != 0 && strcmp(xliff, "2") != 0 && strcmp(xliff, "2.1") != 0))) {
		status = cli_error(pretranslate ? _("--xliff wants 1.2 or 2, not '%s'") : _("--xliff goes with --pretranslate"),
		                   xliff);
		goto done;
	}
	char *end;
	long min = strtol(threshold, &end, 10);
	if (!*threshold || *end || min < 50 || min > 100) {
		status = cli_error(_("--threshold wants a score from 50 to 100, not '%s'"), threshold);
		goto done;
	}
	if (cli_segmenter_open(&seg, &speller, src, NULL, true, true) != 0)
		goto done;
	if ((status = cli_input_read(&in, draft, from, encoding)) != 0)
		goto done;
	if (tolk_segment_text(&list, seg, in.text, in.len) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	if (tolk_tm_open_db(&tm, db, db_read, TOLK_TM_OPEN_READONLY) < 0) {
		const tolk_error *e = tolk_error_last();
		/* run from another folder, the default tm/memory.db is not there */
		status = e && e->code == TOLK_ENOTFOUND && strcmp(db, "tm/memory.db") == 0
		                 ? cli_error(_("no translation memory at %s in this folder; give its path with --db PATH, or "
		                               "run tolk in the folder that holds tm/memory.db; 'tolk tm import' creates one"),
		                             db)
		                 : cli_error_from_lib();
		goto done;
	}
	if (tolk_tm_set_langs(tm, src, tgt) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	segments = calloc(list->count ? list->count : 1, sizeof(*segments));
	if (!segments) {
		status = cli_error(_("out of memory"));
		goto done;
	}
	for (size_t k = 0; k < list->count; k++)
		segments[k] = list->items[k].text;
	progress = cli_progress_start(_("analysing"));
	tolk_tm_analyze_options ao = TOLK_TM_ANALYZE_OPTIONS_INIT;
	ao.progress = cli_progress_cb;
	ao.progress_payload = progress;
	if (tolk_tm_analyze(&analysis, tm, segments, list->count, &ao) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	if (analysis->index_unusable)
		cli_warn(_("the memory's search index cannot be used: every unit was scanned (slow); "
		           "rebuild the memory with tm export and tm import"));
	cli_progress_finish(progress);
	progress = NULL;
	if (pretranslate && (xliff || cli_is_xliff_name(pretranslate))) {
		if (cli_write_xliff(tm, pretranslate, xliff, list, (int)min, draft, db, src, tgt) < 0) {
			status = CLI_EXIT_ERROR; /* cli_write_xliff has said what went wrong */
			goto done;
		}
	} else if (pretranslate && tolk_tm_analysis_write_tmx(analysis, pretranslate, (int)min, src, tgt) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	/* with --pretranslate -, standard output carries the TMX alone */
	if (!pretranslate || strcmp(pretranslate, "-") != 0) {
		if (strcmp(format, "jsonl") == 0)
			print_jsonl(analysis);
		else
			print_text(analysis, draft, db);
	}
	status = CLI_EXIT_OK;
done:
	cli_progress_finish(progress);
	tolk_tm_analysis_free(analysis);
	tolk_tm_free(tm);
	free(segments);
	tolk_segment_list_free(list);
	tolk_segmenter_free(seg);
	tolk_speller_free(speller);
	cli_input_free(&in);
	return status;
}

const cli_cmd cli_cmd_analyze = {"analyze", N_("how much of a draft the translation memory covers"), run};
