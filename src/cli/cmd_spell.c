/* tolk spell: check Dutch (or English) text, compiler-style findings or JSON lines. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tolk/document.h"
#include "tolk/segment.h"
#include "tolk/spell.h"

static int run(int argc, char **argv);
const cli_cmd cli_cmd_spell = {"spell", N_("check the spelling of Dutch or English text"), run};

static const char *lang = "nl_NL";
static const char *format = "text";
static const char *dict_dir;
static const char *termbase_path;
static const char *encoding;
static const char *from;
static cli_strvec personal;
static cli_strvec files;
static int no_project, no_termbase, no_compounds, no_english, no_suggestions, raw, list, explain;

static const cli_opt options[] = {
	{CLI_OPT_VALUE, "lang", 'l', &lang, "nl_NL|en_GB|en_US", N_("language of the text: nl_NL (default), en_GB, en_US"), 0},
	{CLI_OPT_VALUE, "format", 'f', &format, "text|jsonl", N_("text (default) or jsonl"), 0},
	{CLI_OPT_MULTI, "personal", 'p', &personal, "FILE", N_("personal word list, one word per line (repeatable)"), 0},
	{CLI_OPT_SWITCH, "no-project-words", 0, &no_project, NULL, N_("do not use the project word list dict/words-nl.txt"), 0},
	{CLI_OPT_VALUE, "termbase", 't', &termbase_path, "FILE", N_("accept the terms of this term base (default dict/termbase.tbx)"), 0},
	{CLI_OPT_SWITCH, "no-termbase", 0, &no_termbase, NULL, N_("do not use a term base"), 0},
	{CLI_OPT_VALUE, "dict-dir", 0, &dict_dir, "DIR", N_("where the Hunspell dictionaries are (default /usr/share/hunspell)"), 0},
	{CLI_OPT_SWITCH, "no-compounds", 0, &no_compounds, NULL, N_("do not accept Dutch compounds of valid parts"), 0},
	{CLI_OPT_SWITCH, "no-english", 0, &no_english, NULL, N_("do not accept English inside Dutch"), 0},
	{CLI_OPT_SWITCH, "no-suggestions", 0, &no_suggestions, NULL, N_("report words without suggestions (faster)"), 0},
	{CLI_OPT_SWITCH, "raw", 0, &raw, NULL, N_("Hunspell's verdict on every word, without tolk's rules"), 0},
	{CLI_OPT_SWITCH, "list", 0, &list, NULL, N_("print only the unknown words, one per line"), 0},
	{CLI_OPT_SWITCH, "explain", 0, &explain, NULL, N_("also print why each accepted word was accepted"), 0},
	{CLI_OPT_VALUE, "encoding", 0, &encoding, "ENC", N_("encoding of the files when not UTF-8 or UTF-16, e.g. windows-1252"), 0},
	CLI_OPT_FROM(from),
	{CLI_OPT_ARGS, "FILE", 0, &files, NULL, N_("text files or documents to check ('-' for standard input)"), CLI_OPT_REQUIRED},
	{0, NULL, 0, NULL, NULL, NULL, 0}};

/* After the options in --help. */
static const char *const help_more = N_("\nFindings read FILE:LINE:COLUMN: unknown word 'WORD' (did you mean: …), the column counted\n"
                                         "in characters; in a document FILE: page P, line L, column C (PDF) or FILE: paragraph N,\n"
                                         "column C (DOCX, ODT, HTML). Exit status 1 when anything is found, 2 on bad input.\n");

/* --explain: positions for the trace, counted forward from the last token. */
typedef struct explain_state {
	const char *file;
	size_t at;
	unsigned long line, col;
} explain_state;

static void explain_token(const char *text, size_t start, size_t end, tolk_spell_reason reason, void *payload)
{
	explain_state *st = payload;
	if (start < st->at) {
		st->at = 0;
		st->line = st->col = 1;
	}
	for (; st->at < start; st->at++) {
		unsigned char ch = (unsigned char)text[st->at];
		if (ch == '\n') {
			st->line++;
			st->col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			st->col++;
		}
	}
	if (reason == TOLK_SPELL_FLAGGED || reason == TOLK_SPELL_DICTIONARY)
		return;
	printf("%s:%lu:%lu: ", st->file, st->line, st->col);
	/*
	 * A word joined across a line break keeps one line of output: the break
	 * (and the spaces around it) is shown as '/', as in vooruitge-/keken.
	 */
	for (size_t i = start; i < end; i++) {
		if (text[i] == '\n' || text[i] == '\r') {
			size_t j = i;
			while (j < end && (text[j] == '\n' || text[j] == '\r' || text[j] == ' ' || text[j] == '\t'))
				j++;
			putchar('/');
			i = j - 1;
		} else if ((text[i] == ' ' || text[i] == '\t') && i + 1 < end &&
		           strcspn(text + i, "\r\n") < strspn(text + i, " \t\r\n")) {
			continue; /* trailing spaces before the break */
		} else {
			putchar(text[i]);
		}
	}
	printf(": %s\n", tolk_spell_reason_name(reason));
}

/* text_lang: the checker's language; a finding in another (English inside Dutch) says so. */
static void print_finding(const char *file, const tolk_spell_finding *f, bool jsonl, const char *text_lang,
                          const cli_input *in)
{
	char where[200] = "";
	tolk_document_location loc;
	bool document = cli_input_is_document(in);
	if (document) {
		cli_input_where(where, sizeof where, in, f->start);
		if (tolk_document_locate(&loc, in->doc, f->start) < 0)
			memset(&loc, 0, sizeof loc);
	}
	if (jsonl) {
		fputs("{\"file\":", stdout);
		cli_json_string(stdout, file);
		printf(",\"line\":%lu,\"column\":%lu,\"word\":", f->line, f->column);
		cli_json_string(stdout, f->word);
		fputs(",\"lang\":", stdout);
		cli_json_string(stdout, f->lang);
		fputs(",\"suggestions\":[", stdout);
		for (size_t i = 0; i < f->suggestion_count; i++) {
			if (i)
				fputc(',', stdout);
			cli_json_string(stdout, f->suggestions[i]);
		}
		fputc(']', stdout);
		if (document) {
			/* line and column above count in the document's text; these are in the original */
			fputs(",\"where\":", stdout);
			cli_json_string(stdout, where);
			if (loc.page)
				printf(",\"page\":%lu,\"page_line\":%lu", loc.page, loc.line);
			if (loc.paragraph)
				printf(",\"paragraph\":%lu", loc.paragraph);
			if (loc.note_mark) {
				fputs(",\"note\":", stdout);
				cli_json_string(stdout, loc.note_mark);
			}
		}
		fputs("}\n", stdout);
		return;
	}
	bool english = strcmp(f->lang, text_lang) != 0 && strncmp(f->lang, "en", 2) == 0;
	if (document)
		printf("%s: %s: ", file, where);
	else
		printf("%s:%lu:%lu: ", file, f->line, f->column);
	printf(english ? _("unknown English word '%s'") : _("unknown word '%s'"), f->word);
	if (f->suggestion_count) {
		printf(" (%s ", _("did you mean:"));
		size_t shown = f->suggestion_count < 5 ? f->suggestion_count : 5;
		for (size_t i = 0; i < shown; i++)
			printf("%s%s", i ? ", " : "", f->suggestions[i]);
		fputs(")", stdout);
	}
	fputc('\n', stdout);
}

static int run(int argc, char **argv)
{
	tolk_spell_checker *chk = NULL;
	cli_input in = {0};
	char *masked = NULL;
	bool findings = false, failed = false;
	int status = CLI_EXIT_ERROR;

	if (cli_opt_start(options, argc, argv, "spell", cli_cmd_spell.summary, help_more, &status))
		goto done;
	if (!cli_format_ok(format))
		goto done;
	bool jsonl = strcmp(format, "jsonl") == 0;
	if (tolk_spell_checker_new(&chk, lang, dict_dir) < 0) {
		cli_error_from_lib();
		goto done;
	}
	unsigned opts = (no_compounds ? TOLK_SPELL_NO_COMPOUNDS : 0) | (no_english ? TOLK_SPELL_NO_ENGLISH : 0) |
	                (no_suggestions || list ? TOLK_SPELL_NO_SUGGESTIONS : 0) | (raw ? TOLK_SPELL_RAW : 0);
	tolk_spell_checker_set_options(chk, opts);
	bool dutch = strcmp(tolk_speller_lang(tolk_spell_checker_speller(chk)), "nl_NL") == 0;
	if (dutch && !raw && !no_english && !tolk_spell_checker_has_english(chk))
		cli_warn(_("no English dictionary (hunspell-en-gb, hunspell-en-us): English inside Dutch will be flagged"));
	if (dutch && !raw && !no_project) {
		char buf[4096];
		const char *path = cli_default_path("dict/words-nl.txt", buf, sizeof(buf));
		if (access(path, R_OK) != 0)
			cli_warn(_("no project word list at %s (set TOLK_DATADIR to the folder that holds dict/, "
			           "or use --no-project-words)"),
			         path);
		else if (tolk_spell_checker_load_wordlist(chk, path) < 0) {
			cli_error_from_lib();
			goto done;
		}
	}
	if (!raw && !no_termbase) {
		/* The default term base is optional; one named on the command line must load. */
		char buf[4096];
		const char *env = getenv("TOLK_TERMBASE");
		const char *path = termbase_path    ? termbase_path
		                   : env && *env    ? env
		                                    : cli_default_path("dict/termbase.tbx", buf, sizeof(buf));
		if (!termbase_path && !tolk_termbase_is_database(path) && access(path, R_OK) != 0)
			cli_warn(_("no term base at %s (set TOLK_DATADIR or TOLK_TERMBASE, or use --no-termbase)"), path);
		else {
			tolk_termbase *tb = NULL;
			int rc = tolk_termbase_open_ext(&tb, path, cli_termbase_options());
			if (rc == 0)
				rc = tolk_spell_checker_add_termbase(chk, tb);
			tolk_termbase_free(tb);
			if (rc < 0) {
				cli_error_from_lib();
				goto done;
			}
		}
	}
	for (size_t i = 0; i < personal.count; i++)
		if (tolk_spell_checker_load_wordlist(chk, personal.items[i]) < 0) {
			cli_error_from_lib();
			goto done;
		}

	for (size_t i = 0; i < files.count; i++) {
		const char *file = files.items[i];
		if (cli_input_read(&in, file, from, encoding) != 0) {
			failed = true;
			continue;
		}
		const char *text = in.text;
		size_t len = in.len;
		if (cli_input_is_document(&in)) {
			free(masked);
			if (!(masked = malloc(len + 1))) {
				cli_error("%s", _("out of memory"));
				goto done;
			}
			memcpy(masked, text, len + 1);
			cli_input_mask_notes(masked, &in);
			text = masked;
		}
		/* English checked as Dutch flags "and", "There": say so once instead of in every finding */
		const char *guess = tolk_text_guess_lang(text, len);
		if (guess && strncmp(guess, lang, 2) != 0 && (strncmp(lang, "nl", 2) == 0 || strncmp(lang, "en", 2) == 0))
			cli_warn(strcmp(guess, "en") == 0 ? _("%s looks like English text; check it with --lang en_GB (or en_US)")
			                                  : _("%s looks like Dutch text; check it with --lang nl_NL"),
			         file);
		explain_state st = {file, 0, 1, 1};
		tolk_spell_checker_set_trace(chk, explain ? explain_token : NULL, &st);
		tolk_spell_finding_list *found = NULL;
		if (tolk_spell_check_text(&found, chk, text, len) < 0) {
			const tolk_error *e = tolk_error_last();
			cli_error_at(file, e ? e->line : 0, e ? e->column : 0, "%s", e ? e->message : _("spell check failed"));
			failed = true;
		}
		size_t count = found ? found->count : 0;
		for (size_t k = 0; k < count; k++) {
			if (list)
				printf("%s\n", found->items[k].word);
			else
				print_finding(file, &found->items[k], jsonl, tolk_speller_lang(tolk_spell_checker_speller(chk)), &in);
		}
		findings |= count > 0;
		tolk_spell_finding_list_free(found);
		cli_input_free(&in);
	}
	status = failed ? CLI_EXIT_ERROR : findings ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
done:
	free(masked);
	cli_input_free(&in);
	tolk_spell_checker_free(chk);
	cli_strvec_free(&personal);
	cli_strvec_free(&files);
	return status;
}
