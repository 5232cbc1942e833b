/*
 * Request counters and a latency histogram in Prometheus' text format.
 * Workers only add to atomics, so recording never waits for a lock; a scrape
 * reads each counter once and may see a request in one number and not yet in
 * another, which Prometheus tolerates.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server_private.h"

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 408, 413, 414, 415, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
/* Bucket bounds in seconds: lookups live around 1-50 ms, so the resolution is there. */
static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

static atomic_ullong count[ROUTE_COUNT][NSTATUS + 1]; /* last column: any other status */
static atomic_ullong buckets[ROUTE_COUNT][NBOUNDS + 1];
static atomic_ullong sum_us[ROUTE_COUNT];

static const char *const names[ROUTE_COUNT] = {
	[ROUTE_NONE] = "none",
	[ROUTE_HEALTHZ] = "healthz",
	[ROUTE_METRICS] = "metrics",
	[ROUTE_TMSERVER_UNIT] = "tmserver_unit",
	[ROUTE_TMSERVER_LANGUAGES] = "tmserver_languages",
	[ROUTE_TM_LOOKUP] = "tm_lookup",
	[ROUTE_TM_CONCORDANCE] = "tm_concordance",
	[ROUTE_TM_UNITS] = "tm_units",
	[ROUTE_TERM_LOOKUP] = "term_lookup",
	[ROUTE_TERM_RECOGNIZE] = "term_recognize",
	[ROUTE_TERM_ADD] = "term_add",
	[ROUTE_TERM_STATUS] = "term_status",
	[ROUTE_SPELL] = "spell",
	[ROUTE_SEGMENT] = "segment",
	[ROUTE_ANALYZE] = "analyze",
	[ROUTE_STATIC] = "static",
};

const char *route_name(route_id id)
{
	return id < ROUTE_COUNT && names[id] ? names[id] : "none";
}

void metrics_record(route_id route, int status, double seconds)
{
	if (route >= ROUTE_COUNT)
		route = ROUTE_NONE;
	size_t s = NSTATUS;
	for (size_t k = 0; k < NSTATUS; k++)
		if (statuses[k] == status)
			s = k;
	atomic_fetch_add(&count[route][s], 1);
	size_t b = NBOUNDS;
	for (size_t k = 0; k < NBOUNDS; k++)
		if (seconds <= bounds[k]) {
			b = k;
			break;
		}
	atomic_fetch_add(&buckets[route][b], 1);
	atomic_fetch_add(&sum_us[route], (unsigned long long)(seconds * 1e6));
}

char *metrics_render(size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	if (!out)
		return NULL;
	fputs("# HELP tolk_http_requests_total HTTP requests answered, by route and status.\n"
	      "# TYPE tolk_http_requests_total counter\n", out);
	for (size_t r = 0; r < ROUTE_COUNT; r++)
		for (size_t s = 0; s <= NSTATUS; s++) {
			unsigned long long n = atomic_load(&count[r][s]);
			if (!n)
				continue;
			if (s < NSTATUS)
				fprintf(out, "tolk_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n", names[r],
				        statuses[s], n);
			else
				fprintf(out, "tolk_http_requests_total{route=\"%s\",status=\"other\"} %llu\n", names[r], n);
		}
	fputs("# HELP tolk_http_request_duration_seconds Time from the request's arrival to its reply.\n"
	      "# TYPE tolk_http_request_duration_seconds histogram\n", out);
	for (size_t r = 0; r < ROUTE_COUNT; r++) {
		unsigned long long seen[NBOUNDS + 1], total = 0;
		for (size_t b = 0; b <= NBOUNDS; b++)
			total += seen[b] = atomic_load(&buckets[r][b]);
		if (!total)
			continue;
		unsigned long long cum = 0;
		for (size_t b = 0; b < NBOUNDS; b++) {
			cum += seen[b];
			fprintf(out, "tolk_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", names[r],
			        bounds[b], cum);
		}
		fprintf(out, "tolk_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", names[r], total);
		fprintf(out, "tolk_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", names[r],
		        (double)atomic_load(&sum_us[r]) / 1e6);
		fprintf(out, "tolk_http_request_duration_seconds_count{route=\"%s\"} %llu\n", names[r], total);
	}
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	*len = size;
	return buf;
}
