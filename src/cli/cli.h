/* The tolk command line: shared pieces for the subcommands in cmd_*.c. */
#ifndef TOLK_CLI_H
#define TOLK_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tolk/common.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Exit statuses: the contract with scripts and CAT-tool integrations. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FINDINGS = 1, CLI_EXIT_ERROR = 2 };

/* ---- options ------------------------------------------------------------------- */
typedef enum cli_opt_type {
	CLI_OPT_SWITCH,   /* --flag: sets *(int *)value = 1 */
	CLI_OPT_VALUE,    /* --name VALUE or --name=VALUE: *(const char **)value */
	CLI_OPT_MULTI,    /* repeatable --name VALUE: appended to a cli_strvec */
	CLI_OPT_ARG,      /* one positional argument: *(const char **)value */
	CLI_OPT_ARGS      /* the remaining positionals: cli_strvec */
} cli_opt_type;

enum { CLI_OPT_REQUIRED = 1 };

typedef struct cli_strvec {
	const char **items;
	size_t count;
} cli_strvec;

typedef struct cli_opt {
	cli_opt_type type;
	const char *name;        /* long name without dashes, or the positional's name */
	char alias;              /* short option letter or 0 */
	void *value;
	/*
	 * Shown in help: --lang LANG. A list of the accepted values, "text|jsonl",
	 * is shown as it is and completed by the shell; FILE, FILE.tmx, DIR … tell
	 * the completion to offer files or folders (see gendoc.c).
	 */
	const char *value_name;
	const char *help;        /* N_()-marked; translated when rendered */
	unsigned flags;
} cli_opt;

/*
 * Parse argv (argv[0] is the subcommand name) against the table, which ends
 * with an entry whose name is NULL. --help/-h is handled for every command:
 * it sets *help_requested. Returns 0 or prints a usage error and returns -1.
 */
int cli_opt_parse(const cli_opt *opts, int argc, char **argv, const char *cmd, bool *help_requested);
/* "usage: tolk CMD [options] ARGS" followed by the option list. */
void cli_opt_print_help(FILE *out, const char *cmd, const char *summary, const cli_opt *opts);
/*
 * The start of a (sub)command: parse, and on --help print the help (summary
 * and options, then `more` when not NULL; both N_()-marked) on stdout. Returns
 * true when the command is over, with *status CLI_EXIT_OK after the help or
 * CLI_EXIT_ERROR after a usage error; false to go on.
 */
bool cli_opt_start(const cli_opt *opts, int argc, char **argv, const char *cmd, const char *summary,
                   const char *more, int *status);
void cli_strvec_free(cli_strvec *v);
/* One line of a command's subcommand list in its --help ("   NAME   summary", summary N_()-marked). */
void cli_help_subcommand(FILE *out, const char *name, const char *summary);

/* ---- subcommands ---------------------------------------------------------------- */
typedef struct cli_cmd {
	const char *name;
	const char *summary; /* N_()-marked */
	int (*run)(int argc, char **argv);
} cli_cmd;

/* Every cmd_NAME.c defines `const cli_cmd cli_cmd_NAME`; the table is generated. */
#define CLI_CMD(name) extern const cli_cmd cli_cmd_##name;
#include "cli_cmds.inc"
#undef CLI_CMD

/*
 * Manual pages and bash completion (gendoc.c) are made from the same tables:
 * the hidden `tolk --generate-docs DIR` runs every (sub)command's --help with
 * cli_help_capture set, and the renderers above hand it what they show.
 */
typedef struct cli_help_sink cli_help_sink;
extern cli_help_sink *cli_help_capture;
void cli_capture_table(const char *cmd, const char *summary, const cli_opt *opts);
void cli_capture_more(const char *cmd, const char *more);
void cli_capture_subcommand(const char *name, const char *summary);
int cli_generate_docs(int argc, char **argv, const cli_cmd *const *commands);

/* ---- messages ------------------------------------------------------------------- */
/* Print the library's last error as `tolk: FILE:LINE:COL: message`; returns CLI_EXIT_ERROR. */
int cli_error_from_lib(void);
/* `tolk: message` on stderr; returns CLI_EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `tolk: FILE:LINE:COL: message` (line/col omitted when 0); returns CLI_EXIT_ERROR. */
int cli_error_at(const char *file, unsigned long line, unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* `tolk: warning: message` on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- progress ----------------------------------------------------------------------- */
/*
 * A one-line progress display on stderr, shown only when stderr is a terminal
 * (and at most a few times a second). Usable as a tolk_progress_cb with the
 * reporter as payload.
 */
typedef struct cli_progress cli_progress;
cli_progress *cli_progress_start(const char *label);
int cli_progress_cb(uint64_t done, uint64_t total, void *payload);
void cli_progress_finish(cli_progress *p);

/* ---- output ------------------------------------------------------------------------ */
/* JSON string literal (with quotes) of UTF-8 text. */
void cli_json_string(FILE *out, const char *s);
void cli_json_string_n(FILE *out, const char *s, size_t len);

/* ---- segmentation ---------------------------------------------------------------- */
typedef struct tolk_segmenter tolk_segmenter;
typedef struct tolk_speller tolk_speller;
/*
 * A segmenter for lang with the default rules (or an SRX file), layout repair,
 * and the Hunspell dictionary deciding line-end hyphens (a warning, not an
 * error, when the dictionary is missing). Free both outputs; the speller must
 * outlive the segmenter's use. Returns 0 or CLI_EXIT_ERROR after printing.
 */
int cli_segmenter_open(tolk_segmenter **seg, tolk_speller **speller, const char *lang, const char *srx,
                       bool layout_repair, bool use_lexicon);

/* ---- input documents (document.c) ------------------------------------------------------- */
/*
 * A command's input: plain text as always, or a PDF, DOCX, ODT or HTML document
 * (found from the content, or named by --from) as the text its reader makes.
 */
struct tolk_document;
typedef struct cli_input {
	struct tolk_document *doc;
	const char *text;  /* owned by doc */
	size_t len;
	size_t shift;      /* plain text: add to a text offset for the offset in the file (a byte-order mark) */
	int format;        /* a tolk_document_format */
} cli_input;
/* The option that every command taking documents has; the value is the `from` argument below. */
#define CLI_OPT_FROM(var) \
	{CLI_OPT_VALUE, "from", 0, &(var), "auto|text|pdf|docx|odt|html", \
	 N_("format of the input: auto (found from the content, the default), text, pdf, docx, odt or html"), 0}
/* Read path as from says (NULL = auto); encoding is for plain text. Returns 0 or CLI_EXIT_ERROR after printing. */
int cli_input_read(cli_input *in, const char *path, const char *from, const char *encoding);
void cli_input_free(cli_input *in);
/* Not plain text. */
bool cli_input_is_document(const cli_input *in);
/*
 * Where a text offset lies in the original: "page 3, line 4, column 5", "paragraph 12, column 5",
 * "footnote 1, column 3" … ("" when unknown).
 */
void cli_input_where(char *buf, size_t size, const cli_input *in, size_t offset);
/* Blank out note marks ("luchtruimverdediging1") in a copy of in->text, offsets kept: they are not words. */
void cli_input_mask_notes(char *text, const cli_input *in);

/* --format text or jsonl, the choice of most commands; else an error is printed and false returned. */
bool cli_format_ok(const char *format);

/* Where project data lives: $TOLK_DATADIR, ./dict when run in the project, else the install. */
const char *cli_default_path(const char *relative, char *buf, size_t bufsize);

/* $TOLK_LOCALEDIR, else the catalogue beside the executable (build tree or moved prefix), else the
   compiled-in folder (src/cli/relocate.c). */
const char *cli_localedir(void);
/* The installed data folder (share/tolk) found from the executable, else the compiled-in one. */
const char *cli_install_datadir(void);
/*
 * The library's behaviour that the environment sets for the command
 * ($TOLK_NO_CACHE, $TOLK_CACHE_DIR, $TOLK_TBX_SPLIT_MIN,
 * $TOLK_TB_INDEX_SPLIT_MIN), as term base options (env.c). Static storage.
 */
struct tolk_termbase_options;
const struct tolk_termbase_options *cli_termbase_options(void);

/* ---- translation memory ---------------------------------------------------------------- */
/* --db's default: $TOLK_DB, else CLI_DEFAULT_DB in the current folder (env.c). */
#define CLI_DEFAULT_DB "tm/memory.db"
const char *cli_default_db(void);
/* The --db option of every command that uses the translation memory. */
#define CLI_OPT_DB(var) \
	{CLI_OPT_VALUE, "db", 0, &(var), "PATH|URI", \
	 N_("the translation memory: a file, or postgresql://... (default $TOLK_DB, else tm/memory.db)"), 0}

/* The name closest to word (a typo of it), or NULL when none is close; NULL entries are skipped. */
const char *cli_closest(const char *word, const char *const *names, size_t count);

#endif
