/* tolk: entry point — locale set-up, global options and subcommand dispatch. */
#define _POSIX_C_SOURCE 200809L
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tolk_config.h"

static const cli_cmd *const commands[] = {
#define CLI_CMD(name) &cli_cmd_##name,
#include "cli_cmds.inc"
#undef CLI_CMD
	NULL
};

static const cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void print_usage(FILE *out)
{
	fprintf(out, _("usage: tolk [--version] [--help] COMMAND [ARGS]\n"));
	fputs("\n", out);
	fputs(_("tolk segments, aligns and checks Dutch and English text for translators:\n"
	        "translation memories (TMX), term bases (TBX) and Dutch spell checking.\n"), out);
	fputs("\n", out);
	fputs(_("Commands:\n"), out);
	for (size_t i = 0; commands[i]; i++)
		fprintf(out, "   %-12s %s\n", commands[i]->name, _(commands[i]->summary));
	fputs("\n", out);
	fputs(_("Run 'tolk help COMMAND' or 'tolk COMMAND --help' for a command's options.\n"), out);
	fputs(_("Exit status: 0 success, 1 findings (misspellings, QA violations), 2 usage or input error.\n"), out);
}

static void setup_locale(void)
{
	setlocale(LC_ALL, "");
	/*
	 * GNU gettext ignores LANGUAGE under the C locale, and a fresh machine or a
	 * CI job often has no LANG at all. Translators who ask for LANGUAGE=nl should
	 * get Dutch anyway, so fall back to the always-present C.UTF-8 for messages.
	 */
	const char *messages = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");
	if (language && *language && messages &&
	    (strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	const char *localedir = getenv("TOLK_LOCALEDIR");
	bindtextdomain("tolk", localedir && *localedir ? localedir : TOLK_LOCALEDIR);
	bind_textdomain_codeset("tolk", "UTF-8");
	textdomain("tolk");
}

int main(int argc, char **argv)
{
	setup_locale();

	if (argc < 2) {
		print_usage(stderr);
		return CLI_EXIT_ERROR;
	}
	const char *arg = argv[1];
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		print_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
		printf("tolk %s\n", tolk_version());
		return CLI_EXIT_OK;
	}
	if (strcmp(arg, "help") == 0) {
		if (argc < 3) {
			print_usage(stdout);
			return CLI_EXIT_OK;
		}
		const cli_cmd *cmd = find_command(argv[2]);
		if (!cmd)
			return cli_error(_("'%s' is not a tolk command; see 'tolk --help'"), argv[2]);
		char *help_argv[] = {argv[2], "--help", NULL};
		return cmd->run(2, help_argv);
	}
	/* Not for users: the build makes the manual pages and the completion with it (gendoc.c). */
	if (strcmp(arg, "--generate-docs") == 0)
		return cli_generate_docs(argc - 1, argv + 1, commands);
	if (arg[0] == '-')
		return cli_error(_("unknown option '%s'; see 'tolk --help'"), arg);

	const cli_cmd *cmd = find_command(arg);
	if (!cmd)
		return cli_error(_("'%s' is not a tolk command; see 'tolk --help'"), arg);
	int status = cmd->run(argc - 1, argv + 1);
	/*
	 * A full disk or closed pipe must not pass for success. A command that
	 * already failed has said why; one message per failure is enough.
	 */
	if ((fflush(stdout) != 0 || ferror(stdout)) && status != CLI_EXIT_ERROR)
		return cli_error(_("error writing to standard output"));
	return status;
}
