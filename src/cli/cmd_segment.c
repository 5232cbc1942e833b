/* tolk segment: split a document into sentences, one per line or as JSON lines. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tolk/segment.h"
#include "tolk/spell.h"

/* After the options in --help. */
static const char *const help_more = N_("\nLayout repair (unwrapping lines, resolving line-end hyphens, headings, page breaks)\n"
                                         "runs before breaking. Text output: one segment per line. JSON lines: id, text, start,\n"
                                         "end (byte offsets in the input; in the text converted to UTF-8 for UTF-16 or --encoding\n"
                                         "input), paragraph and kind.\n");

typedef struct printer {
	bool jsonl;
	size_t id;
	size_t shift; /* plain text: offsets count from the start of the file */
} printer;

/* Segments are printed as they come: a big file never has to be held twice. */
static int print_segment(const tolk_segment *s, void *payload)
{
	printer *p = payload;
	if (!p->jsonl) {
		puts(s->text);
		return 0;
	}
	printf("{\"id\":%zu,\"text\":", ++p->id);
	cli_json_string(stdout, s->text);
	printf(",\"start\":%zu,\"end\":%zu,\"paragraph\":%u,\"kind\":\"%s\"}\n", s->start + p->shift, s->end + p->shift,
	       s->paragraph,
	       tolk_segment_kind_name(s->kind));
	return 0;
}

static int run(int argc, char **argv)
{
	const char *lang = "nl", *srx = NULL, *format = "text", *path = "-", *encoding = NULL, *from = NULL;
	int no_repair = 0, no_lexicon = 0;
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "lang", 'l', &lang, "nl|en", N_("language of the text: nl or en (default nl)"), 0},
		{CLI_OPT_VALUE, "srx", 0, &srx, "FILE", N_("segmentation rules from an SRX 2.0 file"), 0},
		{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("output: text or jsonl (default text)"), 0},
		{CLI_OPT_SWITCH, "no-layout-repair", 0, &no_repair, NULL,
		 N_("treat every line break as a space"), 0},
		{CLI_OPT_SWITCH, "no-lexicon", 0, &no_lexicon, NULL,
		 N_("decide line-end hyphens without the Hunspell dictionary"), 0},
		{CLI_OPT_VALUE, "encoding", 0, &encoding, "ENC",
		 N_("encoding of the file when not UTF-8 or UTF-16, e.g. windows-1252"), 0},
		CLI_OPT_FROM(from),
		{CLI_OPT_ARG, "file", 0, &path, "FILE", NULL, 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	tolk_segmenter *seg = NULL;
	tolk_speller *speller = NULL;
	cli_input in = {0};

	if (cli_opt_start(opts, argc, argv, "segment", cli_cmd_segment.summary, help_more, &status))
		goto done;
	if (!cli_format_ok(format))
		goto done;
	if (cli_segmenter_open(&seg, &speller, lang, srx, !no_repair, !no_lexicon) != 0)
		goto done;
	printer p = {strcmp(format, "jsonl") == 0, 0, 0};
	/* No file and a terminal on stdin: tolk would seem to hang. */
	if (strcmp(path, "-") == 0 && isatty(STDIN_FILENO))
		fprintf(stderr, "%s", _("tolk: reading the text from standard input (end it with Ctrl-D); "
		                        "give a FILE to segment a file, see 'tolk segment --help'\n"));
	if ((status = cli_input_read(&in, path, from, encoding)) != 0)
		goto done;
	/* offsets count bytes of the text read: the file but for a byte-order mark (after conversion from
	   UTF-16 or --encoding), or the text a document's reader made */
	p.shift = in.shift;
	if (tolk_segment_foreach(seg, in.text, in.len, print_segment, &p) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	status = CLI_EXIT_OK;
done:
	cli_input_free(&in);
	tolk_segmenter_free(seg);
	tolk_speller_free(speller);
	return status;
}

const cli_cmd cli_cmd_segment = {"segment", N_("split a document into sentences"), run};
