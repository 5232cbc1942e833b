/*
 * bench/tm-same's driver: the top matches of tolk_tm_lookup for every query
 * of a file, one line per match (query number, rank, score, unit, source),
 * so that the answers of two builds of libtolk can be compared with diff.
 *
 * usage: tm-answers DB QUERIES [MIN] [MAX] [EVERY]   (EVERY: every n-th query only)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tolk/tm.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tm-answers DB QUERIES [MIN] [MAX] [EVERY]\n");
		return 2;
	}
	int min = argc > 3 ? atoi(argv[3]) : 70;
	size_t max = argc > 4 ? (size_t)atoi(argv[4]) : 5;
	size_t every = argc > 5 ? (size_t)atoi(argv[5]) : 1;
	if (every == 0)
		every = 1;
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	tolk_tm *tm = NULL;
	if (tolk_tm_open(&tm, argv[1], TOLK_TM_OPEN_READONLY) < 0) {
		fprintf(stderr, "tm-answers: %s\n", tolk_error_last()->message);
		return 2;
	}
	tolk_tm_lookup_options lo;
	tolk_tm_lookup_options_init(&lo, TOLK_TM_LOOKUP_OPTIONS_VERSION);
	lo.min_score = min;
	lo.max_results = max;
	char *line = NULL;
	size_t line_cap = 0, k = 0;
	ssize_t got;
	int status = 0;
	while ((got = getline(&line, &line_cap, f)) > 0) {
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (!got)
			continue;
		if (k++ % every)
			continue;
		tolk_tm_match_list *list = NULL;
		if (tolk_tm_lookup(&list, tm, line, &lo) < 0) {
			fprintf(stderr, "tm-answers: query %zu: %s\n", k, tolk_error_last()->message);
			status = 1;
			continue;
		}
		if (list->count == 0)
			printf("%zu\t-\n", k);
		for (size_t m = 0; m < list->count; m++)
			printf("%zu\t%zu\t%d\t%lld\t%s\n", k, m + 1, list->items[m].score, (long long)list->items[m].unit_id,
			       list->items[m].source);
		tolk_tm_match_list_free(list);
	}
	free(line);
	fclose(f);
	tolk_tm_free(tm);
	return status;
}
