/*
 * The hidden `tolk --generate-docs DIR`: manual pages (DIR/man1/tolk*.1) and
 * the bash completion (DIR/tolk.bash) from the option tables that render
 * --help. Every command's --help (and every subcommand's) is run with
 * cli_help_capture set; the renderers in opt.c hand over what they show, so
 * the pages cannot say anything about options that --help does not.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "gendoc.h"

typedef struct doc_sub {
	const char *name, *summary;
} doc_sub;

typedef struct doc_page {
	char *cmd; /* "align", "term lookup" */
	const char *summary;
	cli_opt *opts; /* a copy ending with a NULL name; value pointers cleared */
	bool has_table;
	const char *more;
	doc_sub *subs;
	size_t nsubs;
} doc_page;

struct cli_help_sink {
	doc_page *pages;
	size_t count;
	doc_page *current; /* the command whose --help runs: its subcommands go there */
	bool failed;
};

cli_help_sink *cli_help_capture;

static doc_page *page_for(cli_help_sink *s, const char *cmd)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->pages[i].cmd, cmd) == 0)
			return &s->pages[i];
	doc_page *pages = realloc(s->pages, (s->count + 1) * sizeof(*pages));
	if (!pages) {
		s->failed = true;
		return NULL;
	}
	s->pages = pages;
	doc_page *p = &pages[s->count];
	memset(p, 0, sizeof(*p));
	if (!(p->cmd = strdup(cmd))) {
		s->failed = true;
		return NULL;
	}
	s->count++;
	return p;
}

void cli_capture_table(const char *cmd, const char *summary, const cli_opt *opts)
{
	doc_page *p = page_for(cli_help_capture, cmd);
	if (!p)
		return;
	size_t n = 0;
	while (opts[n].name)
		n++;
	free(p->opts);
	if (!(p->opts = calloc(n + 1, sizeof(*p->opts)))) {
		cli_help_capture->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		p->opts[i] = opts[i];
		p->opts[i].value = NULL; /* it pointed into the command's stack */
	}
	p->summary = summary;
	p->has_table = true;
}

void cli_capture_more(const char *cmd, const char *more)
{
	doc_page *p = page_for(cli_help_capture, cmd);
	if (p)
		p->more = more;
}

void cli_capture_subcommand(const char *name, const char *summary)
{
	doc_page *p = cli_help_capture->current;
	if (!p)
		return;
	doc_sub *subs = realloc(p->subs, (p->nsubs + 1) * sizeof(*subs));
	if (!subs) {
		cli_help_capture->failed = true;
		return;
	}
	p->subs = subs;
	p->subs[p->nsubs++] = (doc_sub){name, summary};
}

static void sink_free(cli_help_sink *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->pages[i].cmd);
		free(s->pages[i].opts);
		free(s->pages[i].subs);
	}
	free(s->pages);
}

/* ---- what the tables say --------------------------------------------------------------------- */

static bool is_positional(const cli_opt *o)
{
	return o->type == CLI_OPT_ARG || o->type == CLI_OPT_ARGS;
}

/* As opt.c shows it, untranslated. */
static const char *placeholder(const cli_opt *o)
{
	return o->value_name ? o->value_name : is_positional(o) ? o->name : "VALUE";
}

/*
 * What the shell offers for a value: "c" a value of the list in the
 * placeholder, "f" any file, "f:EXT" files ending in .EXT (and folders), "d"
 * folders, "v" nothing (free text). The placeholders are the vocabulary of
 * opt.c's list.
 */
static const char *value_kind(const cli_opt *o, char *buf, size_t size)
{
	const char *ph = placeholder(o);
	if (strchr(ph, '|'))
		return "c";
	if (strcmp(ph, "DIR") == 0)
		return "d";
	static const char *const files[] = {"FILE", "PATH", "SOURCE", "TARGET", "DRAFT", "OUT", NULL};
	for (size_t i = 0; files[i]; i++) {
		size_t n = strlen(files[i]);
		if (strncmp(ph, files[i], n) != 0)
			continue;
		if (ph[n] == '\0')
			return "f";
		if (ph[n] == '.') {
			snprintf(buf, size, "f:%s", ph + n + 1);
			return buf;
		}
	}
	return "v";
}

static const man_command *manual_for(const char *name)
{
	for (const man_command *m = man_commands; m->name; m++)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

static bool concerns(const man_item *it, const char *cmd)
{
	if (!it->commands || !cmd)
		return true;
	size_t n = strlen(cmd);
	for (const char *p = it->commands; (p = strstr(p, cmd)) != NULL; p += n)
		if ((p == it->commands || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* ---- roff ------------------------------------------------------------------------------------ */

/* One UTF-8 sequence as a code point (for \[uXXXX]); *len its length, 1 on a bad byte. */
static unsigned long utf8_at(const unsigned char *s, size_t *len)
{
	unsigned long cp = s[0];
	size_t n = cp >= 0xF0 ? 4 : cp >= 0xE0 ? 3 : cp >= 0xC0 ? 2 : 1;
	if (n > 1)
		cp &= 0x3Fu >> (n - 1);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	*len = n;
	return n == 1 && cp >= 0x80 ? 0xFFFD : cp;
}

/*
 * Text for roff: a backslash is \e, a dash that starts an option (or every
 * dash, in code) is \- so it can be copied, a line never starts with a
 * control character, and anything beyond ASCII is a \[uXXXX] escape (no
 * input encoding to guess).
 */
static void roff_put(FILE *out, const char *s, size_t len, bool code)
{
	bool line_start = true;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (line_start && (c == '.' || c == '\''))
			fputs("\\&", out);
		line_start = c == '\n';
		if (c == '\\') {
			fputs("\\e", out);
		} else if (c == '-' && (code || i == 0 || s[i - 1] == ' ' || s[i - 1] == '-' || s[i - 1] == '(' ||
		                        s[i - 1] == '\n' || s[i - 1] == '[')) {
			fputs("\\-", out);
		} else if (c == '\'' && code) {
			fputs("\\(aq", out);
		} else if (c >= 0x80) {
			size_t n;
			unsigned long cp = utf8_at((const unsigned char *)s + i, &n);
			fprintf(out, "\\[u%04lX]", cp);
			i += n;
			continue;
		} else {
			fputc(c, out);
		}
		i++;
	}
}

static void roff_text(FILE *out, const char *s)
{
	roff_put(out, s, strlen(s), false);
}

static void roff_code(FILE *out, const char *s)
{
	roff_put(out, s, strlen(s), true);
}

/* Prose in paragraphs: a blank line starts a new one; leading blanks and newlines are dropped. */
static void roff_paragraphs(FILE *out, const char *text)
{
	const char *p = text;
	bool first = true;
	while (*p) {
		while (*p == '\n')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		if (!end)
			end = p + strlen(p);
		if (!first)
			fputs(".PP\n", out);
		first = false;
		for (const char *line = p; line < end;) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			const char *stop = nl ? nl : end;
			while (line < stop && *line == ' ')
				line++;
			if (line < stop) {
				roff_put(out, line, (size_t)(stop - line), false);
				fputc('\n', out);
			}
			line = nl ? nl + 1 : end;
		}
		p = end;
	}
}

/* A placeholder: FILE in italics, a list of values in bold between bars. */
static void roff_placeholder(FILE *out, const char *ph)
{
	if (!strchr(ph, '|')) {
		fputs("\\fI", out);
		roff_code(out, ph);
		fputs("\\fR", out);
		return;
	}
	for (const char *p = ph; *p;) {
		size_t n = strcspn(p, "|");
		fputs("\\fB", out);
		roff_put(out, p, n, true);
		fputs("\\fR", out);
		p += n;
		if (*p == '|') {
			fputc('|', out);
			p++;
		}
	}
}

static bool any_option(const doc_page *p)
{
	for (const cli_opt *o = p->opts; o && o->name; o++)
		if (!is_positional(o))
			return true;
	return false;
}

/* The usage line of --help: tolk CMD [options] ARGS. */
static void roff_usage(FILE *out, const doc_page *p)
{
	fputs("\\fBtolk ", out);
	roff_code(out, p->cmd);
	fputs("\\fR", out);
	if (any_option(p))
		fputs(" [\\fIoptions\\fR]", out);
	for (const cli_opt *o = p->opts; o && o->name; o++) {
		if (!is_positional(o))
			continue;
		bool required = o->flags & CLI_OPT_REQUIRED;
		fputs(required ? " " : " [", out);
		roff_placeholder(out, placeholder(o));
		if (o->type == CLI_OPT_ARGS)
			fputs("...", out);
		if (!required)
			fputs("]", out);
	}
	fputc('\n', out);
}

static void roff_option(FILE *out, const char *shortname, const char *longname, const char *ph, const char *help)
{
	fputs(".TP\n", out);
	if (shortname)
		fprintf(out, "\\fB\\-%s\\fR, ", shortname);
	fputs("\\fB\\-\\-", out);
	roff_code(out, longname);
	fputs("\\fR", out);
	if (ph) {
		fputc(' ', out);
		roff_placeholder(out, ph);
	}
	fputc('\n', out);
	roff_paragraphs(out, help);
}

/* The options --help lists, in its order, --help last (none when it lists none). */
static void roff_options(FILE *out, const doc_page *p)
{
	for (const cli_opt *o = p->opts; o->name; o++) {
		if (is_positional(o))
			continue;
		char alias[2] = {o->alias, '\0'};
		roff_option(out, o->alias ? alias : NULL, o->name, o->type == CLI_OPT_SWITCH ? NULL : placeholder(o),
		            o->help ? o->help : "");
	}
	if (any_option(p))
		roff_option(out, "h", "help", NULL, "show this help");
	/* positionals with a text of their own (spell's FILE...) */
	for (const cli_opt *o = p->opts; o->name; o++) {
		if (!is_positional(o) || !o->help)
			continue;
		fputs(".TP\n", out);
		roff_placeholder(out, placeholder(o));
		fputc('\n', out);
		roff_paragraphs(out, o->help);
	}
}

static void roff_sentence(FILE *out, const char *summary)
{
	char *s = strdup(summary);
	if (!s)
		return;
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	roff_text(out, s);
	fputs(".\n", out);
	free(s);
}

static void roff_examples(FILE *out, const man_example *ex)
{
	if (!ex || !ex->command)
		return;
	fputs(".SH EXAMPLES\n", out);
	for (; ex->command; ex++) {
		fputs(".PP\n", out);
		roff_text(out, ex->what);
		fputs("\n.PP\n.RS 4\n.nf\n", out);
		roff_code(out, ex->command);
		fputs("\n.fi\n.RE\n", out);
	}
}

static void roff_items(FILE *out, const char *title, const man_item *items, const char *cmd)
{
	bool any = false;
	for (const man_item *it = items; it->name; it++) {
		if (!concerns(it, cmd))
			continue;
		if (!any)
			fprintf(out, ".SH %s\n", title);
		any = true;
		fputs(".TP\n\\fB", out);
		roff_code(out, it->name);
		fputs("\\fR\n", out);
		roff_paragraphs(out, it->text);
	}
}

static void roff_common(FILE *out, const char *cmd)
{
	roff_items(out, "EXIT STATUS", man_exit_status, NULL);
	roff_items(out, "ENVIRONMENT", man_environment, cmd);
	roff_items(out, "FILES", man_files, cmd);
}

static void roff_header(FILE *out, const char *page)
{
	char upper[64];
	size_t i = 0;
	for (; page[i] && i + 1 < sizeof(upper); i++)
		upper[i] = (char)(page[i] >= 'a' && page[i] <= 'z' ? page[i] - 'a' + 'A' : page[i]);
	upper[i] = '\0';
	fputs(".\\\" Made by 'tolk --generate-docs' from the option tables in src/cli and src/cli/manual.c.\n", out);
	fputs(".TH ", out);
	roff_code(out, upper);
	fprintf(out, " 1 \"\" \"tolk %s\" \"tolk manual\"\n", tolk_version());
}

static void roff_see_also(FILE *out, const char *self, const cli_cmd *const *commands)
{
	fputs(".SH SEE ALSO\n", out);
	bool first = true;
	if (self) {
		fputs(".BR tolk (1)", out);
		first = false;
	}
	for (size_t i = 0; commands[i]; i++) {
		if (self && strcmp(commands[i]->name, self) == 0)
			continue;
		fprintf(out, "%s\n.BR tolk\\-%s (1)", first ? "" : ",", commands[i]->name);
		first = false;
	}
	if (!self || strcmp(self, "help") != 0)
		fputs(",\n.BR tolk\\-help (1)", out);
	fputs("\n", out);
}

static FILE *open_page(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/man1/%s.1", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		cli_error(_("cannot write %s: %s"), path, strerror(errno));
	return f;
}

static int close_page(FILE *f, const char *name)
{
	if (ferror(f) | (fclose(f) != 0))
		return cli_error(_("cannot write %s: %s"), name, strerror(errno));
	return 0;
}

static int write_command_page(const char *dir, const cli_help_sink *s, const doc_page *p,
                              const cli_cmd *const *commands)
{
	const man_command *m = manual_for(p->cmd);
	char name[128];
	snprintf(name, sizeof(name), "tolk-%s", p->cmd);
	FILE *out = open_page(dir, name);
	if (!out)
		return CLI_EXIT_ERROR;
	roff_header(out, name);
	fputs(".SH NAME\n", out);
	roff_code(out, name);
	fputs(" \\- ", out);
	roff_text(out, p->summary);
	fputs("\n.SH SYNOPSIS\n.nf\n", out);
	if (p->has_table)
		roff_usage(out, p);
	else
		fprintf(out, "\\fBtolk %s\\fR \\fISUBCOMMAND\\fR [\\fIoptions\\fR] [\\fIARGS\\fR]\n", p->cmd);
	for (size_t k = 0; k < p->nsubs; k++) {
		char sub[128];
		snprintf(sub, sizeof(sub), "%s %s", p->cmd, p->subs[k].name);
		for (size_t i = 0; i < s->count; i++)
			if (strcmp(s->pages[i].cmd, sub) == 0)
				roff_usage(out, &s->pages[i]);
	}
	fputs(".fi\n.SH DESCRIPTION\n", out);
	roff_sentence(out, p->summary);
	fputs(".PP\n", out);
	roff_paragraphs(out, m->description);
	if (p->more) {
		fputs(".PP\n", out);
		roff_paragraphs(out, p->more);
	}
	if (p->has_table) {
		fputs(".SH OPTIONS\n", out);
		roff_options(out, p);
	}
	if (p->nsubs) {
		fputs(".SH SUBCOMMANDS\n", out);
		if (p->has_table) {
			fputs("Options of \\fBtolk ", out);
			roff_code(out, p->cmd);
			fputs("\\fR itself may also follow the subcommand.\n", out);
		}
		for (size_t k = 0; k < p->nsubs; k++) {
			char sub[128];
			snprintf(sub, sizeof(sub), "%s %s", p->cmd, p->subs[k].name);
			const doc_page *sp = NULL;
			for (size_t i = 0; i < s->count; i++)
				if (strcmp(s->pages[i].cmd, sub) == 0)
					sp = &s->pages[i];
			fputs(".SS ", out);
			roff_code(out, p->subs[k].name);
			fputs("\n", out);
			roff_usage(out, sp);
			fputs(".PP\n", out);
			roff_sentence(out, sp->summary);
			if (sp->more) {
				fputs(".PP\n", out);
				roff_paragraphs(out, sp->more);
			}
			roff_options(out, sp);
		}
	}
	roff_examples(out, m->examples);
	roff_common(out, p->cmd);
	roff_see_also(out, p->cmd, commands);
	return close_page(out, name);
}

static int write_help_page(const char *dir, const cli_cmd *const *commands)
{
	const man_command *m = manual_for("help");
	FILE *out = open_page(dir, "tolk-help");
	if (!out)
		return CLI_EXIT_ERROR;
	roff_header(out, "tolk-help");
	fputs(".SH NAME\ntolk\\-help \\- show the commands, or a command's options\n", out);
	fputs(".SH SYNOPSIS\n.nf\n\\fBtolk help\\fR [\\fICOMMAND\\fR]\n.fi\n.SH DESCRIPTION\n", out);
	roff_paragraphs(out, m->description);
	roff_examples(out, m->examples);
	roff_common(out, "help");
	roff_see_also(out, "help", commands);
	return close_page(out, "tolk-help");
}

static int write_tolk_page(const char *dir, const cli_help_sink *s, const cli_cmd *const *commands)
{
	FILE *out = open_page(dir, "tolk");
	if (!out)
		return CLI_EXIT_ERROR;
	roff_header(out, "tolk");
	fputs(".SH NAME\ntolk \\- segment, align, check and reuse Dutch and English translations\n", out);
	fputs(".SH SYNOPSIS\n.nf\n\\fBtolk\\fR [\\fB\\-\\-version\\fR] [\\fB\\-\\-help\\fR] "
	      "\\fICOMMAND\\fR [\\fIARGS\\fR]\n.fi\n.SH DESCRIPTION\n",
	      out);
	roff_paragraphs(out, man_tolk_description);
	fputs(".SH COMMANDS\n", out);
	for (size_t i = 0; i < s->count; i++) {
		if (strchr(s->pages[i].cmd, ' '))
			continue;
		fprintf(out, ".TP\n.BR tolk\\-%s (1)\n", s->pages[i].cmd);
		roff_sentence(out, s->pages[i].summary);
	}
	fputs(".TP\n.BR tolk\\-help (1)\nShow the commands, or a command's options.\n", out);
	fputs(".SH OPTIONS\n", out);
	roff_option(out, "h", "help", NULL, "show the commands");
	roff_option(out, "V", "version", NULL, "show tolk's version");
	roff_examples(out, man_tolk_examples);
	roff_common(out, NULL);
	roff_see_also(out, NULL, commands);
	return close_page(out, "tolk");
}

/* ---- bash --------------------------------------------------------------------------------------- */

/* NAME:KIND words for every option of a (sub)command, --help included; KIND as value_kind, "s" a switch. */
static void bash_option_words(FILE *out, const doc_page *p, bool *first)
{
	for (const cli_opt *o = p ? p->opts : NULL; o && o->name; o++) {
		if (is_positional(o))
			continue;
		char buf[64];
		const char *kind = o->type == CLI_OPT_SWITCH ? "s" : value_kind(o, buf, sizeof(buf));
		fprintf(out, "%s--%s:%s", *first ? "" : " ", o->name, kind);
		if (o->alias)
			fprintf(out, " -%c:%s", o->alias, kind);
		*first = false;
	}
}

static void bash_spec(FILE *out, const cli_help_sink *s, const doc_page *p, const doc_page *parent)
{
	fprintf(out, "\t'%s')\n\t\topts='", p->cmd);
	bool first = true;
	bash_option_words(out, p, &first);
	bash_option_words(out, parent, &first);
	fprintf(out, "%s--help:s -h:s'\n\t\targs='", first ? "" : " ");
	first = true;
	for (const cli_opt *o = p->opts; o && o->name; o++) {
		if (!is_positional(o))
			continue;
		char buf[64];
		fprintf(out, "%s%s%s", first ? "" : " ", value_kind(o, buf, sizeof(buf)), o->type == CLI_OPT_ARGS ? "*" : "");
		first = false;
	}
	fputs("'\n\t\tchoices='", out);
	first = true;
	for (const cli_opt *o = p->opts; o && o->name; o++)
		if (!is_positional(o) && o->type != CLI_OPT_SWITCH && strchr(placeholder(o), '|')) {
			fprintf(out, "%s--%s=%s", first ? "" : " ", o->name, placeholder(o));
			if (o->alias)
				fprintf(out, " -%c=%s", o->alias, placeholder(o));
			first = false;
		}
	for (const cli_opt *o = parent ? parent->opts : NULL; o && o->name; o++)
		if (!is_positional(o) && o->type != CLI_OPT_SWITCH && strchr(placeholder(o), '|'))
			fprintf(out, " --%s=%s", o->name, placeholder(o));
	fputs("'\n", out);
	fputs("\t\tsubs='", out);
	for (size_t k = 0; k < p->nsubs; k++)
		fprintf(out, "%s%s", k ? " " : "", p->subs[k].name);
	fputs("' ;;\n", out);
	(void)s;
}

static int write_completion(const char *dir, const cli_help_sink *s)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/tolk.bash", dir);
	FILE *out = fopen(path, "w");
	if (!out)
		return cli_error(_("cannot write %s: %s"), path, strerror(errno));
	fputs("# bash completion for tolk                                   -*- shell-script -*-\n"
	      "# Made by 'tolk --generate-docs' from the option tables in src/cli; do not edit.\n\n"
	      "# _tolk_spec CONTEXT: set opts (NAME:KIND, KIND s a switch, c a value of choices, f a file,\n"
	      "# f:EXT a file ending in .EXT, d a folder, v anything), args (the KINDs of the arguments\n"
	      "# in order, * repeats the last), choices (--NAME=a|b) and subs (subcommands).\n"
	      "_tolk_spec()\n{\n\topts='' args='' choices='' subs=''\n\tcase $1 in\n",
	      out);
	fputs("\t'')\n\t\topts='--help:s -h:s --version:s -V:s'\n\t\targs=''\n\t\tsubs='help", out);
	for (size_t i = 0; i < s->count; i++)
		if (!strchr(s->pages[i].cmd, ' '))
			fprintf(out, " %s", s->pages[i].cmd);
	fputs("' ;;\n\t'help')\n\t\targs='command' ;;\n", out);
	for (size_t i = 0; i < s->count; i++) {
		const doc_page *p = &s->pages[i];
		const doc_page *parent = NULL;
		const char *space = strchr(p->cmd, ' ');
		if (space) {
			for (size_t j = 0; j < s->count; j++)
				if (strlen(s->pages[j].cmd) == (size_t)(space - p->cmd) &&
				    strncmp(s->pages[j].cmd, p->cmd, (size_t)(space - p->cmd)) == 0)
					parent = &s->pages[j];
		}
		bash_spec(out, s, p, parent);
	}
	fputs("\tesac\n}\n\n", out);
	fputs("# _tolk_kind OPTION: the KIND of OPTION in opts, empty when unknown.\n"
	      "_tolk_kind()\n{\n\tlocal o\n\tfor o in $opts; do\n"
	      "\t\t[[ ${o%%:*} == \"$1\" ]] && { printf '%s\\n' \"${o#*:}\"; return; }\n"
	      "\tdone\n}\n\n"
	      "# _tolk_complete KIND [OPTION]: fill COMPREPLY for a value of that kind.\n"
	      "_tolk_complete()\n{\n\tlocal c\n\tcase $1 in\n"
	      "\tc)\n\t\tfor c in $choices; do\n"
	      "\t\t\tif [[ ${c%%=*} == \"$2\" ]]; then\n"
	      "\t\t\t\tc=${c#*=}\n"
	      "\t\t\t\tCOMPREPLY=($(compgen -W \"${c//|/ }\" -- \"$cur\"))\n"
	      "\t\t\t\treturn\n\t\t\tfi\n\t\tdone ;;\n"
	      "\tf) _filedir ;;\n"
	      "\tf:*) _filedir \"${1#f:}\" ;;\n"
	      "\td) _filedir -d ;;\n"
	      "\tcommand)\n\t\t_tolk_spec ''\n\t\tCOMPREPLY=($(compgen -W \"$subs\" -- \"$cur\")) ;;\n"
	      "\tesac\n}\n\n",
	      out);
	fputs("_tolk()\n{\n"
	      "\tlocal cur prev words cword split\n"
	      "\t_init_completion -s || return\n\n"
	      "\tlocal opts args choices subs ctx='' cmd='' i w kind value='' n=0 dashdash=''\n"
	      "\t_tolk_spec ''\n"
	      "\t# what the words before the cursor are: command, subcommand, options, arguments\n"
	      "\tfor ((i = 1; i < cword; i++)); do\n"
	      "\t\tw=${words[i]}\n"
	      "\t\tif [[ -n $value ]]; then value=''; continue; fi\n"
	      "\t\tif [[ -z $dashdash && $w == -?* ]]; then\n"
	      "\t\t\tif [[ $w == -- ]]; then dashdash=1; continue; fi\n"
	      "\t\t\tkind=$(_tolk_kind \"$w\")\n"
	      "\t\t\t[[ -n $kind && $kind != s ]] && value=1\n"
	      "\t\t\tcontinue\n\t\tfi\n"
	      "\t\tif [[ -n $subs ]] && [[ $ctx != help ]]; then\n"
	      "\t\t\tctx=${ctx:+$ctx }$w\n\t\t\t_tolk_spec \"$ctx\"\n"
	      "\t\t\t[[ -z $opts && -z $subs && $ctx != help ]] && return\n"
	      "\t\t\tcontinue\n\t\tfi\n"
	      "\t\tn=$((n + 1))\n"
	      "\tdone\n\n"
	      "\tif [[ $split == true ]]; then\n"
	      "\t\t_tolk_complete \"$(_tolk_kind \"$prev\")\" \"$prev\"\n\t\treturn\n\tfi\n"
	      "\tif [[ -n $value ]]; then\n"
	      "\t\t_tolk_complete \"$(_tolk_kind \"$prev\")\" \"$prev\"\n\t\treturn\n\tfi\n"
	      "\tif [[ -z $dashdash && $cur == -* ]]; then\n"
	      "\t\tlocal o names=''\n"
	      "\t\tfor o in $opts; do names+=\" ${o%%:*}\"; done\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$names\" -- \"$cur\"))\n"
	      "\t\treturn\n\tfi\n"
	      "\tif [[ -n $subs ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n\t\treturn\n\tfi\n"
	      "\t# the argument's kind; a kind ending in * takes all the arguments after it\n"
	      "\tlocal -a kinds=($args)\n"
	      "\tkind=''\n"
	      "\tfor ((i = 0; i < ${#kinds[@]}; i++)); do\n"
	      "\t\tif [[ ${kinds[i]} == *\\* ]]; then kind=${kinds[i]%\\*}; break; fi\n"
	      "\t\tif ((i == n)); then kind=${kinds[i]}; break; fi\n"
	      "\tdone\n"
	      "\t_tolk_complete \"$kind\"\n"
	      "} &&\n\tcomplete -F _tolk tolk\n\n# ex: filetype=sh\n",
	      out);
	if (ferror(out) | (fclose(out) != 0))
		return cli_error(_("cannot write %s: %s"), path, strerror(errno));
	return 0;
}

/* ---- driver ------------------------------------------------------------------------------------- */

static int run_help(const cli_cmd *cmd, const char *sub)
{
	char name[64], subname[64], help[] = "--help";
	snprintf(name, sizeof(name), "%s", cmd->name);
	snprintf(subname, sizeof(subname), "%s", sub ? sub : "");
	char *argv[] = {name, sub ? subname : help, sub ? help : NULL, NULL};
	return cmd->run(sub ? 3 : 2, argv);
}

int cli_generate_docs(int argc, char **argv, const cli_cmd *const *commands)
{
	if (argc != 2)
		return cli_error("usage: tolk --generate-docs DIR");
	const char *dir = argv[1];
	char man1[4096];
	snprintf(man1, sizeof(man1), "%s/man1", dir);
	if ((mkdir(dir, 0777) != 0 && errno != EEXIST) || (mkdir(man1, 0777) != 0 && errno != EEXIST))
		return cli_error(_("cannot create %s: %s"), man1, strerror(errno));

	/* The help texts themselves are not wanted here, only what their renderers hand over. */
	fflush(stdout);
	if (!freopen("/dev/null", "w", stdout))
		return cli_error(_("cannot write %s: %s"), "/dev/null", strerror(errno));

	cli_help_sink sink = {0};
	int status = CLI_EXIT_ERROR;
	cli_help_capture = &sink;
	for (size_t i = 0; commands[i]; i++) {
		const cli_cmd *c = commands[i];
		if (!manual_for(c->name)) {
			cli_error("%s: no manual text for command '%s'", "src/cli/manual.c", c->name);
			goto done;
		}
		doc_page *p = page_for(&sink, c->name);
		if (!p)
			goto done;
		p->summary = c->summary;
		sink.current = p;
		if (run_help(c, NULL) != CLI_EXIT_OK) {
			cli_error("'tolk %s --help' failed", c->name);
			goto done;
		}
		sink.current = NULL;
		/* page_for may have moved the pages: find this one again */
		size_t nsubs = page_for(&sink, c->name)->nsubs;
		for (size_t k = 0; k < nsubs; k++) {
			const char *sub = page_for(&sink, c->name)->subs[k].name;
			char key[128];
			snprintf(key, sizeof(key), "%s %s", c->name, sub);
			if (run_help(c, sub) != CLI_EXIT_OK || !page_for(&sink, key) || !page_for(&sink, key)->has_table) {
				cli_error("'tolk %s --help' did not show an option table", key);
				goto done;
			}
		}
	}
	for (const man_command *m = man_commands; m->name; m++) {
		bool known = strcmp(m->name, "help") == 0;
		for (size_t i = 0; commands[i]; i++)
			known |= strcmp(commands[i]->name, m->name) == 0;
		if (!known) {
			cli_error("%s: manual text for '%s', which is not a command", "src/cli/manual.c", m->name);
			goto done;
		}
	}
	cli_help_capture = NULL;
	if (sink.failed) {
		cli_error(_("out of memory"));
		goto done;
	}
	if (write_tolk_page(dir, &sink, commands) != 0 || write_help_page(dir, commands) != 0 ||
	    write_completion(dir, &sink) != 0)
		goto done;
	for (size_t i = 0; i < sink.count; i++)
		if (!strchr(sink.pages[i].cmd, ' ') && write_command_page(dir, &sink, &sink.pages[i], commands) != 0)
			goto done;
	status = CLI_EXIT_OK;
done:
	cli_help_capture = NULL;
	sink_free(&sink);
	return status;
}
