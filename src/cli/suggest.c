/* "Did you mean": the closest of a few known names to what the user typed. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_closest(const char *word, const char *const *names, size_t count)
{
	const char *best = NULL;
	unsigned best_d = (unsigned)-1;
	size_t len = strlen(word);
	/* A third of the word may be wrong, at least one character, at most three. */
	unsigned limit = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : (unsigned)(len / 3);
	for (size_t i = 0; i < count; i++) {
		if (!names[i])
			continue;
		unsigned d;
		if (tolk_text_distance(&d, word, len, names[i], strlen(names[i]), limit + 1) < 0)
			continue;
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
