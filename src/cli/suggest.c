/* "Did you mean": the closest of a few known names to what the user typed. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Edit distance (insert, delete, substitute, swap of neighbours) of two short strings, in bytes. */
static size_t distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return (size_t)-1;
	size_t d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

const char *cli_closest(const char *word, const char *const *names, size_t count)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, len = strlen(word);
	/* A third of the word may be wrong, at least one character, at most three. */
	size_t limit = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;
	for (size_t i = 0; i < count; i++) {
		if (!names[i])
			continue;
		size_t d = distance(word, names[i]);
		/* a prefix of a longer name (segm for segment) counts as close too */
		if (len >= 3 && strncmp(names[i], word, len) == 0 && d > limit)
			d = limit;
		if (d <= limit && d < best_d) {
			best = names[i];
			best_d = d;
		}
	}
	return best;
}
