/* Timing driver for bench/termbase: load a term base, build the index, recognise a text. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tolk/termbase.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s TERMBASE.tbx TEXT [RUNS]\n", argv[0]);
		return 2;
	}
	size_t len;
	char *text = slurp(argv[2], &len);
	if (!text) {
		perror(argv[2]);
		return 2;
	}
	tolk_termbase *tb;
	double t0 = now();
	if (tolk_termbase_open(&tb, argv[1]) < 0) {
		fprintf(stderr, "open failed: %s\n", tolk_error_last()->message);
		return 2;
	}
	double t1 = now();
	tolk_term_match_list *m = NULL;
	/* The index is built on the first recognition; time it apart. */
	tolk_termbase_recognize(&m, tb, "nl", "x", 1);
	tolk_term_match_list_free(m);
	double t2 = now();
	/* The best of a few runs: the machine is shared, the slowest run measures the neighbours. */
	int runs = argc == 4 ? atoi(argv[3]) : 3;
	double best = 1e9;
	for (int r = 0; r < (runs > 0 ? runs : 1); r++) {
		double a = now();
		if (tolk_termbase_recognize(&m, tb, "nl", text, len) < 0) {
			fprintf(stderr, "recognize failed: %s\n", tolk_error_last()->message);
			return 2;
		}
		double d = now() - a;
		if (d < best)
			best = d;
		if (r + 1 < runs)
			tolk_term_match_list_free(m);
	}
	printf("concepts        %zu\n", tolk_termbase_concept_count(tb));
	printf("open            %.2f s\n", t1 - t0);
	printf("index build     %.2f s\n", t2 - t1);
	printf("open + index    %.2f s\n", t2 - t0);
	printf("recognition     %.1f MB in %.2f s = %.1f MB/s, %zu matches (best of %d)\n", len / 1048576.0, best,
	       len / 1048576.0 / best, m->count, runs);
	tolk_term_match_list_free(m);
	tolk_termbase_free(tb);
	free(text);
	return 0;
}
