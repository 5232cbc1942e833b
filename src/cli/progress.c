/* A progress line on stderr for long work, only when a person is watching a terminal. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

struct cli_progress {
	const char *label;
	double delay;
	double last_draw;
	double started;
	uint64_t done, total;
	bool drawn;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

cli_progress *cli_progress_start(const char *label)
{
	/* Redirected or piped stderr (CI, scripts) must stay free of carriage-return noise. */
	const char *off = getenv("TOLK_NO_PROGRESS");
	if (!isatty(STDERR_FILENO) || (off && *off))
		return NULL;
	cli_progress *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->label = label;
	p->started = now_seconds();
	/* Tests set TOLK_PROGRESS_DELAY=0 to see the line on short jobs. */
	const char *delay = getenv("TOLK_PROGRESS_DELAY");
	p->delay = delay && *delay ? atof(delay) : 0.5;
	return p;
}

static void draw(cli_progress *p)
{
	if (p->total)
		fprintf(stderr, "\r%s: %llu/%llu (%3.0f%%)", p->label, (unsigned long long)p->done,
		        (unsigned long long)p->total, 100.0 * (double)p->done / (double)p->total);
	else
		fprintf(stderr, "\r%s: %llu", p->label, (unsigned long long)p->done);
	fflush(stderr);
	p->drawn = true;
}

int cli_progress_cb(uint64_t done, uint64_t total, void *payload)
{
	cli_progress *p = payload;
	if (!p)
		return 0;
	p->done = done;
	p->total = total;
	double t = now_seconds();
	/* Short jobs never flash a progress line; long ones redraw at most 10 times a second. */
	if (t - p->started < p->delay || (p->drawn && t - p->last_draw < 0.1))
		return 0;
	p->last_draw = t;
	draw(p);
	return 0;
}

void cli_progress_finish(cli_progress *p)
{
	if (!p)
		return;
	if (p->drawn) {
		draw(p);
		fputc('\n', stderr);
	}
	free(p);
}
