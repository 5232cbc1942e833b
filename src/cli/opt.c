/* Option parsing and --help rendering from each subcommand's static table. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
 * The placeholders the option tables use (FILE in "--output FILE"), listed here
 * so xgettext extracts them; the tables keep the English key.
 */
static const char *const placeholders[] __attribute__((unused)) = {
	N_("CONCEPT"), N_("DIR"),    N_("DRAFT"),  N_("FIELD"),  N_("FILE"),   N_("FORMAT"),
	N_("ID"),      N_("LANG"),   N_("PATH"),   N_("PHRASE"), N_("POS"),    N_("SCORE"),
	N_("SOURCE"),  N_("STATUS"), N_("SUBCOMMAND"), N_("TARGET"), N_("TERM"), N_("TEXT"),
	N_("VALUE"),   N_("N"),      N_("OUT"),    N_("SRC"),    N_("TGT"),
};

static const char *placeholder(const cli_opt *o)
{
	return _(o->value_name ? o->value_name : o->type == CLI_OPT_ARG || o->type == CLI_OPT_ARGS ? o->name : "VALUE");
}

static int strvec_push(cli_strvec *v, const char *s)
{
	const char **items = realloc(v->items, (v->count + 1) * sizeof(*items));
	if (!items)
		return -1;
	items[v->count++] = s;
	v->items = items;
	return 0;
}

void cli_strvec_free(cli_strvec *v)
{
	free(v->items);
	v->items = NULL;
	v->count = 0;
}

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t len)
{
	for (const cli_opt *o = opts; o->name; o++)
		if ((o->type == CLI_OPT_SWITCH || o->type == CLI_OPT_VALUE || o->type == CLI_OPT_MULTI) &&
		    strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static const cli_opt *find_short(const cli_opt *opts, char c)
{
	for (const cli_opt *o = opts; o->name; o++)
		if (o->alias == c && o->type != CLI_OPT_ARG && o->type != CLI_OPT_ARGS)
			return o;
	return NULL;
}

static int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("tolk: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("; see 'tolk %s --help'\n"), cmd);
	return -1;
}

static int set_value(const cli_opt *o, const char *value, const char *cmd)
{
	if (o->type == CLI_OPT_SWITCH) {
		*(int *)o->value = 1;
	} else if (o->type == CLI_OPT_VALUE) {
		*(const char **)o->value = value;
	} else if (strvec_push((cli_strvec *)o->value, value) < 0) {
		return usage_error(cmd, "%s", _("out of memory"));
	}
	return 0;
}

static int take_positional(const cli_opt *opts, const char *arg, size_t *next_pos, const char *cmd)
{
	size_t pos = 0;
	for (const cli_opt *o = opts; o->name; o++) {
		if (o->type == CLI_OPT_ARGS)
			return strvec_push((cli_strvec *)o->value, arg) < 0 ? -1 : 0;
		if (o->type != CLI_OPT_ARG)
			continue;
		if (pos++ == *next_pos) {
			*(const char **)o->value = arg;
			(*next_pos)++;
			return 0;
		}
	}
	return usage_error(cmd, _("unexpected argument '%s'"), arg);
}

int cli_opt_parse(const cli_opt *opts, int argc, char **argv, const char *cmd, bool *help_requested)
{
	size_t next_pos = 0;
	bool only_positionals = false;
	*help_requested = false;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (only_positionals || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (take_positional(opts, arg, &next_pos, cmd) < 0)
				return -1;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_positionals = true;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			*help_requested = true;
			return 0;
		}
		const cli_opt *o;
		const char *value = NULL;
		if (arg[1] == '-') {
			const char *name = arg + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			o = find_long(opts, name, len);
			if (!o)
				return usage_error(cmd, _("unknown option '--%.*s'"), (int)len, name);
			if (eq) {
				if (o->type == CLI_OPT_SWITCH)
					return usage_error(cmd, _("option '--%s' takes no value"), o->name);
				value = eq + 1;
			}
		} else {
			o = find_short(opts, arg[1]);
			if (!o)
				return usage_error(cmd, _("unknown option '%s'"), arg);
			if (arg[2] != '\0') {
				if (o->type == CLI_OPT_SWITCH)
					return usage_error(cmd, _("unknown option '%s'"), arg);
				value = arg + 2;
			}
		}
		if (o->type != CLI_OPT_SWITCH && !value) {
			if (i + 1 >= argc)
				return usage_error(cmd, _("option '--%s' needs a value"), o->name);
			value = argv[++i];
		}
		if (set_value(o, value, cmd) < 0)
			return -1;
	}

	for (const cli_opt *o = opts; o->name; o++) {
		if (!(o->flags & CLI_OPT_REQUIRED))
			continue;
		bool missing = (o->type == CLI_OPT_ARGS || o->type == CLI_OPT_MULTI)
		                       ? ((cli_strvec *)o->value)->count == 0
		                       : o->type == CLI_OPT_SWITCH ? false : *(const char **)o->value == NULL;
		if (missing)
			return o->type == CLI_OPT_ARG || o->type == CLI_OPT_ARGS
			               ? usage_error(cmd, _("missing argument %s"), placeholder(o))
			               : usage_error(cmd, _("missing option --%s"), o->name);
	}
	return 0;
}

void cli_opt_print_help(FILE *out, const char *cmd, const char *summary, const cli_opt *opts)
{
	if (cli_help_capture)
		cli_capture_table(cmd, summary, opts);
	fprintf(out, _("usage: tolk %s"), cmd);
	bool any_option = false;
	for (const cli_opt *o = opts; o->name; o++)
		any_option |= o->type != CLI_OPT_ARG && o->type != CLI_OPT_ARGS;
	if (any_option)
		fputs(_(" [options]"), out);
	for (const cli_opt *o = opts; o->name; o++) {
		const char *shown = placeholder(o);
		bool required = o->flags & CLI_OPT_REQUIRED;
		if (o->type == CLI_OPT_ARG)
			fprintf(out, required ? " %s" : " [%s]", shown);
		else if (o->type == CLI_OPT_ARGS)
			fprintf(out, required ? " %s..." : " [%s...]", shown);
	}
	fprintf(out, "\n\n%s\n", _(summary));
	if (!any_option)
		return;
	fprintf(out, "\n%s\n", _("Options:"));
	for (const cli_opt *o = opts; o->name; o++) {
		if (o->type == CLI_OPT_ARG || o->type == CLI_OPT_ARGS)
			continue;
		char left[80];
		int n = o->alias ? snprintf(left, sizeof(left), "-%c, --%s", o->alias, o->name)
		                 : snprintf(left, sizeof(left), "    --%s", o->name);
		if (o->type != CLI_OPT_SWITCH && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n, " %s", placeholder(o));
		/* a long list of values (--status preferred|admitted|…) puts the help on a line of its own */
		if (strlen(left) > 28)
			fprintf(out, "  %s\n  %-28s %s\n", left, "", o->help ? _(o->help) : "");
		else
			fprintf(out, "  %-28s %s\n", left, o->help ? _(o->help) : "");
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", _("show this help"));
}

bool cli_opt_start(const cli_opt *opts, int argc, char **argv, const char *cmd, const char *summary,
                   const char *more, int *status)
{
	bool help = false;
	if (cli_opt_parse(opts, argc, argv, cmd, &help) < 0) {
		*status = CLI_EXIT_ERROR;
		return true;
	}
	if (!help)
		return false;
	cli_opt_print_help(stdout, cmd, summary, opts);
	if (more) {
		fputs(_(more), stdout);
		if (cli_help_capture)
			cli_capture_more(cmd, more);
	}
	*status = CLI_EXIT_OK;
	return true;
}

void cli_help_subcommand(FILE *out, const char *name, const char *summary)
{
	fprintf(out, "   %-12s %s\n", name, _(summary));
	if (cli_help_capture)
		cli_capture_subcommand(name, summary);
}
