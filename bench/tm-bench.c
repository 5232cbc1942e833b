/*
 * bench/tm's lookup driver (built by bench/tm against the build's libtolk):
 * times tolk_tm_lookup on every query of a file, then checks a sample of them
 * against an exhaustive scan of the store.
 *
 * usage: tm-bench DB QUERIES [MIN] [MAX] [VERIFY_SAMPLE]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tolk/tm.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(const double *sorted, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return sorted[k < n ? k : n - 1];
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tm-bench DB QUERIES [MIN] [MAX] [VERIFY_SAMPLE]\n");
		return 2;
	}
	int min = argc > 3 ? atoi(argv[3]) : 70;
	size_t max = argc > 4 ? (size_t)atoi(argv[4]) : 5;
	size_t sample = argc > 5 ? (size_t)atoi(argv[5]) : 30;
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	char **queries = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t line_cap = 0;
	ssize_t got;
	while ((got = getline(&line, &line_cap, f)) > 0) {
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (!got)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			queries = realloc(queries, cap * sizeof(*queries));
		}
		queries[n++] = strdup(line);
	}
	free(line);
	fclose(f);
	tolk_tm *tm = NULL;
	if (tolk_tm_open(&tm, argv[1], TOLK_TM_OPEN_READONLY) < 0) {
		fprintf(stderr, "tm-bench: %s\n", tolk_error_last()->message);
		return 2;
	}
	tolk_tm_lookup_options lo;
	tolk_tm_lookup_options_init(&lo, TOLK_TM_LOOKUP_OPTIONS_VERSION);
	lo.min_score = min;
	lo.max_results = max;
	double *ms = calloc(n, sizeof(double));
	size_t with_match = 0, exact = 0;
	/* first pass warms the page cache; the second is timed */
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < n; k++) {
			tolk_tm_match_list *list = NULL;
			double t0 = now_ms();
			if (tolk_tm_lookup(&list, tm, queries[k], &lo) < 0) {
				fprintf(stderr, "tm-bench: %s\n", tolk_error_last()->message);
				return 1;
			}
			ms[k] = now_ms() - t0;
			if (pass == 1 && list->count) {
				with_match++;
				exact += list->items[0].score == 100;
			}
			tolk_tm_match_list_free(list);
		}
	double total = 0;
	for (size_t k = 0; k < n; k++)
		total += ms[k];
	double *sorted = malloc(n * sizeof(double));
	memcpy(sorted, ms, n * sizeof(double));
	qsort(sorted, n, sizeof(double), cmp_double);
	printf("lookup: %zu queries (min %d, max %zu): %zu with a match (%zu exact); "
	       "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms\n",
	       n, min, max, with_match, exact, pct(sorted, n, 50), pct(sorted, n, 90), pct(sorted, n, 99),
	       sorted[n - 1], total / (double)n);

	/* the index against a full scan, on every (n / sample)-th query */
	size_t checked = 0, same = 0, same_list = 0;
	double scan_ms = 0;
	tolk_tm_lookup_options ex = lo;
	ex.exhaustive = true;
	for (size_t k = 0; sample && k < n && checked < sample; k += n / sample ? n / sample : 1) {
		tolk_tm_match_list *a = NULL, *b = NULL;
		double t0 = now_ms();
		if (tolk_tm_lookup(&b, tm, queries[k], &ex) < 0 || tolk_tm_lookup(&a, tm, queries[k], &lo) < 0) {
			fprintf(stderr, "tm-bench: %s\n", tolk_error_last()->message);
			return 1;
		}
		scan_ms += now_ms() - t0;
		checked++;
		bool top = a->count == b->count &&
		           (a->count == 0 || (a->items[0].unit_id == b->items[0].unit_id &&
		                              a->items[0].score == b->items[0].score));
		bool all = a->count == b->count;
		for (size_t m = 0; all && m < a->count; m++)
			all = a->items[m].unit_id == b->items[m].unit_id && a->items[m].score == b->items[m].score;
		same += top;
		same_list += all;
		if (!top)
			printf("  DIFFERENT top match for: %s\n    index: %d %lld, scan: %d %lld\n", queries[k],
			       a->count ? a->items[0].score : -1, a->count ? (long long)a->items[0].unit_id : -1LL,
			       b->count ? b->items[0].score : -1, b->count ? (long long)b->items[0].unit_id : -1LL);
		tolk_tm_match_list_free(a);
		tolk_tm_match_list_free(b);
	}
	if (checked)
		printf("brute force: %zu sampled queries, top match identical in %zu, whole top-%zu list identical in %zu "
		       "(scan %.0f ms per query)\n",
		       checked, same, max, same_list, scan_ms / (double)checked);
	for (size_t k = 0; k < n; k++)
		free(queries[k]);
	free(queries);
	free(ms);
	free(sorted);
	tolk_tm_free(tm);
	return checked && same != checked ? 1 : 0;
}
