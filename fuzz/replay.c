/*
 * Runs a fuzz target's LLVMFuzzerTestOneInput on files, without libFuzzer: the
 * normal test suite (and its sanitizer build) replays every committed corpus,
 * the inputs that once crashed (crash-*) included.
 * usage: fuzz_replay_TARGET FILE-OR-FOLDER...
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	uint8_t *data = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *grown = realloc(data, cap);
			if (!grown) {
				free(data);
				fclose(fp);
				return -1;
			}
			data = grown;
		}
		size_t n = fread(data + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	/* a copy of exactly the input's size, so that a read past its end is caught */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	if (len)
		memcpy(exact, data, len);
	free(data);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	size_t count = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (replay_file(argv[i]) < 0)
				return 2;
			count++;
			continue;
		}
		struct dirent **names;
		int n = scandir(argv[i], &names, NULL, by_name);
		if (n < 0) {
			perror(argv[i]);
			return 2;
		}
		for (int k = 0; k < n; k++) {
			if (names[k]->d_name[0] != '.') {
				size_t plen = strlen(argv[i]) + strlen(names[k]->d_name) + 2;
				char *path = malloc(plen);
				if (!path)
					return 2;
				snprintf(path, plen, "%s/%s", argv[i], names[k]->d_name);
				if (replay_file(path) < 0)
					return 2;
				free(path);
				count++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("%zu inputs replayed\n", count);
	return 0;
}
