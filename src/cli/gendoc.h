/*
 * What the manual pages say beyond the option tables (manual.c): each command's
 * description and examples, and the shared sections. English only; gendoc.c
 * renders it with the tables into roff.
 */
#ifndef TOLK_GENDOC_H
#define TOLK_GENDOC_H

#include <stddef.h>

typedef struct man_example {
	const char *what;    /* one sentence said before the command */
	const char *command; /* runs as written in the top folder of tolk's source (tests/cli/man_examples.sh) */
} man_example;

typedef struct man_command {
	const char *name;             /* a command of the table, or "help" */
	const char *description;      /* paragraphs separated by blank lines */
	const man_example *examples;  /* ends with an entry whose command is NULL */
} man_command;

typedef struct man_item {
	const char *name;     /* a variable, a file or an exit status */
	const char *commands; /* the commands it concerns, space-separated; NULL for all */
	const char *text;
} man_item;

extern const char man_tolk_description[];
extern const man_example man_tolk_examples[];
extern const man_command man_commands[]; /* ends with an entry whose name is NULL */
extern const man_item man_exit_status[];
extern const man_item man_environment[];
extern const man_item man_files[];

#endif
