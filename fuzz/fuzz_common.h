/*
 * Shared by the fuzz targets: readers that take a path get the input through a
 * scratch file (one per process, in $TMPDIR, removed at exit), and targets that
 * need two strings split the input at its first NUL byte. The scratch file is in
 * /dev/shm when there is one: on a disk, every write of it would be written back.
 */
#ifndef TOLK_FUZZ_COMMON_H
#define TOLK_FUZZ_COMMON_H

#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_path[4096];

static inline void fuzz_unlink(void)
{
	if (fuzz_path[0])
		unlink(fuzz_path);
}

/* The scratch file's path, ending in ext (readers guess some formats by extension). */
static inline const char *fuzz_write_file(const void *data, size_t size, const char *ext)
{
	static char last_ext[32];
	if (!fuzz_path[0] || strcmp(last_ext, ext) != 0) {
		fuzz_unlink();
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
		snprintf(fuzz_path, sizeof fuzz_path, "%s/tolk-fuzz-%ld%s", dir && *dir ? dir : "/tmp",
		         (long)getpid(), ext);
		snprintf(last_ext, sizeof last_ext, "%s", ext);
		static int registered;
		if (!registered++)
			atexit(fuzz_unlink);
	}
	int fd = open(fuzz_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(fuzz_path);
		abort();
	}
	const char *p = data;
	while (size > 0) {
		ssize_t n = write(fd, p, size);
		if (n <= 0) {
			perror(fuzz_path);
			abort();
		}
		p += n;
		size -= (size_t)n;
	}
	close(fd);
	return fuzz_path;
}

/* A NUL-terminated copy of data[0..size). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Split at the first NUL: *a gets what is before it, *b what follows (both copies). */
static inline void fuzz_split(char **a, size_t *alen, char **b, size_t *blen, const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - data) : size;
	*a = fuzz_strndup(data, n);
	*alen = n;
	size_t rest = nul ? size - n - 1 : 0;
	*b = fuzz_strndup(nul ? nul + 1 : data + size, rest);
	*blen = rest;
}

/* The last library error's message, for a report before an abort. */
#include "tolk/common.h"
static inline const char *fuzz_error(void)
{
	const tolk_error *e = tolk_error_last();
	return e && e->message ? e->message : "(no message)";
}

/* Stop when a library invariant the target checks is broken (a finding, like a crash). */
#define FUZZ_ASSERT(cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
