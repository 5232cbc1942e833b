/* Error messages, warnings, JSON strings and data-file lookup for the subcommands. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tolk_config.h"

static void print_position(const char *file, unsigned long line, unsigned long col)
{
	if (!file)
		return;
	fprintf(stderr, "%s:", file);
	if (line) {
		fprintf(stderr, "%lu:", line);
		if (col)
			fprintf(stderr, "%lu:", col);
	}
	fputc(' ', stderr);
}

int cli_error_from_lib(void)
{
	const tolk_error *e = tolk_error_last();
	fputs("tolk: ", stderr);
	if (!e) {
		fputs(_("unknown error\n"), stderr);
		return CLI_EXIT_ERROR;
	}
	print_position(e->file, e->line, e->column);
	fprintf(stderr, "%s\n", e->message);
	return CLI_EXIT_ERROR;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("tolk: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return CLI_EXIT_ERROR;
}

int cli_error_at(const char *file, unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("tolk: ", stderr);
	print_position(file, line, col);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return CLI_EXIT_ERROR;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "tolk: %s", _("warning: "));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void json_escaped(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
}

void cli_json_string_n(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	/* File names are bytes, not always UTF-8: a bad byte becomes U+FFFD so the line stays valid JSON. */
	size_t i = 0, bad;
	while (i < len && tolk_utf8_validate(&bad, s + i, len - i) < 0) {
		json_escaped(out, s + i, bad);
		fputs("\\ufffd", out);
		i += bad + 1;
	}
	json_escaped(out, s + i, len - i);
	fputc('"', out);
}

void cli_json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	cli_json_string_n(out, s, strlen(s));
}

bool cli_format_ok(const char *format)
{
	if (strcmp(format, "text") == 0 || strcmp(format, "jsonl") == 0)
		return true;
	cli_error(_("unknown format '%s' (use text or jsonl)"), format);
	return false;
}

const char *cli_default_path(const char *relative, char *buf, size_t bufsize)
{
	const char *env = getenv("TOLK_DATADIR");
	if (env && *env) {
		snprintf(buf, bufsize, "%s/%s", env, relative);
		return buf;
	}
	/* Run from a checkout of the project: its own dict/ and tm/ are the ones in use. */
	if (access(relative, F_OK) == 0) {
		snprintf(buf, bufsize, "%s", relative);
		return buf;
	}
	snprintf(buf, bufsize, "%s/%s", cli_install_datadir(), relative);
	return buf;
}
