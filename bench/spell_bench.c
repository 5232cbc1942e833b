/*
 * Helper for bench/spell (built by that script; not part of the library).
 *
 *   spell_bench verdicts FILE      every distinct token of FILE: tolk's cached verdict
 *                                  against a separate, cache-less Hunspell handle
 *   spell_bench suggest LABEL TSV  suggestion latency and accuracy, tolk vs Hunspell's
 *                                  own suggest, for lines "typo<TAB>intended"
 */
#define _POSIX_C_SOURCE 200809L
#include <hunspell/hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tolk/spell.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static Hunhandle *hunspell_nl(void)
{
	return Hunspell_create("/usr/share/hunspell/nl_NL.aff", "/usr/share/hunspell/nl_NL.dic");
}

/* ---- verdicts ------------------------------------------------------------------- */

typedef struct seen {
	char **words;
	size_t count, cap;
	char **table; /* open addressing over words */
	size_t tcap;
} seen;

static unsigned long hash(const char *s, size_t n)
{
	unsigned long h = 5381;
	for (size_t i = 0; i < n; i++)
		h = h * 33 + (unsigned char)s[i];
	return h;
}

static void seen_add(seen *st, const char *w, size_t n)
{
	if (st->count * 2 >= st->tcap) {
		size_t cap = st->tcap ? st->tcap * 2 : 1 << 16;
		char **t = calloc(cap, sizeof(char *));
		for (size_t i = 0; i < st->tcap; i++)
			if (st->table[i]) {
				size_t j = hash(st->table[i], strlen(st->table[i])) & (cap - 1);
				while (t[j])
					j = (j + 1) & (cap - 1);
				t[j] = st->table[i];
			}
		free(st->table);
		st->table = t;
		st->tcap = cap;
	}
	size_t j = hash(w, n) & (st->tcap - 1);
	while (st->table[j]) {
		if (strlen(st->table[j]) == n && memcmp(st->table[j], w, n) == 0)
			return;
		j = (j + 1) & (st->tcap - 1);
	}
	char *copy = strndup(w, n);
	st->table[j] = copy;
	if (st->count == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 1024;
		st->words = realloc(st->words, st->cap * sizeof(char *));
	}
	st->words[st->count++] = copy;
}

static void collect(const char *text, size_t start, size_t end, tolk_spell_reason reason, void *payload)
{
	(void)reason;
	seen_add(payload, text + start, end - start);
}

static int verdicts(const char *path)
{
	char *text;
	size_t len;
	if (tolk_text_read_file(&text, &len, path) < 0) {
		fprintf(stderr, "%s\n", tolk_error_last()->message);
		return 2;
	}
	tolk_spell_checker *chk;
	if (tolk_spell_checker_new(&chk, "nl_NL", NULL) < 0)
		return 2;
	seen st = {0};
	tolk_spell_checker_set_options(chk, TOLK_SPELL_RAW | TOLK_SPELL_NO_SUGGESTIONS);
	tolk_spell_checker_set_trace(chk, collect, &st);
	tolk_spell_finding_list *f;
	if (tolk_spell_check_text(&f, chk, text, len) < 0)
		return 2;
	tolk_spell_finding_list_free(f);

	Hunhandle *h = hunspell_nl();
	tolk_speller *sp = tolk_spell_checker_speller(chk);
	size_t agree = 0, unknown = 0;
	for (size_t i = 0; i < st.count; i++) {
		bool known = false;
		if (tolk_speller_known(&known, sp, st.words[i], strlen(st.words[i])) < 0)
			return 2;
		int cached = known;
		int direct = Hunspell_spell(h, st.words[i]) != 0;
		agree += cached == direct;
		unknown += !direct;
		if (cached != direct)
			printf("  disagree: %s (tolk %d, hunspell %d)\n", st.words[i], cached, direct);
	}
	printf("distinct tokens %zu, Hunspell rejects %zu, tolk's cached verdict equal to Hunspell's: %zu of %zu\n",
	       st.count, unknown, agree, st.count);
	for (size_t i = 0; i < st.count; i++)
		free(st.words[i]);
	free(st.words);
	free(st.table);
	Hunspell_destroy(h);
	tolk_spell_checker_free(chk);
	free(text);
	return agree == st.count ? 0 : 1;
}

/* ---- suggestions ------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double quantile(double *v, size_t n, double q)
{
	qsort(v, n, sizeof(double), cmp_double);
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);
	return n ? v[i] : 0;
}

static int rank_of(char **list, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], want) == 0)
			return (int)i + 1;
	return 0;
}

static int suggest(const char *label, const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return 2;
	char line[512];
	char **typo = NULL, **want = NULL;
	size_t n = 0, cap = 0;
	while (fgets(line, sizeof(line), fp)) {
		char *tab = strchr(line, '\t');
		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		tab[strcspn(tab + 1, "\t\r\n") + 1] = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			typo = realloc(typo, cap * sizeof(char *));
			want = realloc(want, cap * sizeof(char *));
		}
		typo[n] = strdup(line);
		want[n] = strdup(tab + 1);
		n++;
	}
	fclose(fp);
	if (n == 0)
		return 2;

	double *t_ms = calloc(n, sizeof(double)), *h_ms = calloc(n, sizeof(double));
	size_t t1 = 0, t5 = 0, h1 = 0, h5 = 0;
	tolk_speller *sp;
	if (tolk_speller_new(&sp, "nl_NL", NULL) < 0)
		return 2;
	for (size_t i = 0; i < n; i++) {
		tolk_spell_suggestion_list *s = NULL;
		double t0 = now_ms();
		tolk_speller_suggest(&s, sp, typo[i]);
		t_ms[i] = now_ms() - t0;
		int r = s ? rank_of(s->items, s->count, want[i]) : 0;
		t1 += r == 1;
		t5 += r >= 1 && r <= 5;
		tolk_spell_suggestion_list_free(s);
	}
	tolk_speller_free(sp);

	Hunhandle *h = hunspell_nl();
	for (size_t i = 0; i < n; i++) {
		char **s = NULL;
		double t0 = now_ms();
		int c = Hunspell_suggest(h, &s, typo[i]);
		h_ms[i] = now_ms() - t0;
		int r = rank_of(s, c > 0 ? (size_t)c : 0, want[i]);
		h1 += r == 1;
		h5 += r >= 1 && r <= 5;
		Hunspell_free_list(h, &s, c);
	}
	Hunspell_destroy(h);

	printf("%-22s n=%-4zu tolk:     median %7.1f ms  p90 %7.1f ms  max %7.1f ms  first %5.1f%%  top-5 %5.1f%%\n",
	       label, n, quantile(t_ms, n, 0.5), quantile(t_ms, n, 0.9), quantile(t_ms, n, 1.0),
	       100.0 * (double)t1 / (double)n, 100.0 * (double)t5 / (double)n);
	printf("%-22s        hunspell: median %7.1f ms  p90 %7.1f ms  max %7.1f ms  first %5.1f%%  top-5 %5.1f%%\n",
	       "", quantile(h_ms, n, 0.5), quantile(h_ms, n, 0.9), quantile(h_ms, n, 1.0),
	       100.0 * (double)h1 / (double)n, 100.0 * (double)h5 / (double)n);
	for (size_t i = 0; i < n; i++) {
		free(typo[i]);
		free(want[i]);
	}
	free(typo);
	free(want);
	free(t_ms);
	free(h_ms);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "verdicts") == 0)
		return verdicts(argv[2]);
	if (argc == 4 && strcmp(argv[1], "suggest") == 0)
		return suggest(argv[2], argv[3]);
	fprintf(stderr, "usage: spell_bench verdicts FILE | suggest LABEL TSV\n");
	return 2;
}
