/*
 * bench/segment helper: segment a file with tolk, or iterate ICU's bare
 * sentence iterator over it, and print time and peak memory.
 *   segbench tolk FILE [LANG]   tolk_segment_text (layout repair + ICU + SRX)
 *   segbench icu8 FILE          ICU sentence iterator over a UTF-8 UText
 *   segbench icu16 FILE         the same after converting to UTF-16 (conversion timed)
 *   segbench tolk+hunspell FILE [LANG]  tolk with the Hunspell lexicon (dictionary load not timed)
 *   segbench cli TOLK FILE       the command line `TOLK segment FILE > /dev/null` as a user runs it
 *                                (streaming output, Hunspell loaded): wall time and the child's peak memory
 * Each mode runs RUNS times (env, default 3) and reports the fastest.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "tolk/segment.h"
#include "tolk/spell.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* One run of the command line; its peak resident memory from the kernel's accounting. */
static int run_cli(const char *tolk, const char *path)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		execl(tolk, tolk, "segment", path, (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "%s segment %s failed\n", tolk, path);
		return 1;
	}
	double dt = now() - t0;
	FILE *f = fopen(path, "rb");
	long n = 0;
	if (f && fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	if (f)
		fclose(f);
	printf("cli bytes=%ld units=0 seconds=%.3f mb_per_s=%.1f peak_kb=%ld base_kb=0\n", n, dt, (double)n / dt / 1e6,
	       ru.ru_maxrss);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: segbench tolk|icu8|icu16 FILE [LANG]\n");
		return 2;
	}
	const char *mode = argv[1];
	if (strcmp(mode, "cli") == 0)
		return argc > 3 ? run_cli(argv[2], argv[3]) : 2;
	long base_kb = peak_kb();
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *text = malloc((size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "read error\n");
		return 2;
	}
	fclose(f);
	text[n] = '\0';
	const char *runs_env = getenv("RUNS");
	int runs = runs_env ? atoi(runs_env) : 3;
	double best = 1e9;
	long units = 0;
	UErrorCode st = U_ZERO_ERROR;
	const char *lang = argc > 3 ? argv[3] : "nl";
	tolk_speller *speller = NULL;
	if (strcmp(mode, "tolk+hunspell") == 0 &&
	    tolk_speller_new(&speller, strcmp(lang, "en") == 0 ? "en_GB" : "nl_NL", NULL) < 0) {
		fprintf(stderr, "no dictionary: %s\n", tolk_error_last()->message);
		return 1;
	}
	for (int r = 0; r < runs; r++) {
		double t0 = now();
		units = 0;
		if (strncmp(mode, "tolk", 4) == 0) {
			tolk_segmenter *seg;
			tolk_segment_list *list;
			int rc = tolk_segmenter_new(&seg, lang);
			if (rc == 0 && speller)
				tolk_segmenter_set_lexicon(seg, tolk_speller_known_cb, speller);
			if (rc < 0 || tolk_segment_text(&list, seg, text, (size_t)n) < 0) {
				fprintf(stderr, "tolk failed: %s\n", tolk_error_last()->message);
				return 1;
			}
			units = (long)list->count;
			/* freeing the result is the caller's business, not segmentation */
			double t_free = now();
			tolk_segment_list_free(list);
			tolk_segmenter_free(seg);
			t0 += now() - t_free;
		} else if (strcmp(mode, "icu8") == 0) {
			UText *ut = utext_openUTF8(NULL, text, n, &st);
			UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "nl", NULL, 0, &st);
			ubrk_setUText(bi, ut, &st);
			for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
				units++;
			ubrk_close(bi);
			utext_close(ut);
		} else {
			int32_t ulen = 0;
			u_strFromUTF8(NULL, 0, &ulen, text, (int32_t)n, &st);
			st = U_ZERO_ERROR;
			UChar *u = malloc(((size_t)ulen + 1) * sizeof(UChar));
			u_strFromUTF8(u, ulen + 1, NULL, text, (int32_t)n, &st);
			UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "nl", u, ulen, &st);
			for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
				units++;
			ubrk_close(bi);
			free(u);
		}
		double dt = now() - t0;
		if (dt < best)
			best = dt;
		if (U_FAILURE(st)) {
			fprintf(stderr, "ICU: %s\n", u_errorName(st));
			return 1;
		}
	}
	printf("%s bytes=%ld units=%ld seconds=%.3f mb_per_s=%.1f peak_kb=%ld base_kb=%ld\n", mode, n, units, best,
	       (double)n / best / 1e6, peak_kb(), base_kb);
	free(text);
	tolk_speller_free(speller);
	return 0;
}
