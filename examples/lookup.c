/*
 * lookup: the best match in a tolk translation memory for one sentence.
 *
 *   cc -o lookup lookup.c $(pkg-config --cflags --libs tolk)
 *   ./lookup tm/memory.db "Hierbij ontvangt u het verslag van de bijeenkomst van de NAVO-ministers van Defensie van 22 en 23 oktober 2020."
 *
 * Prints "SCORE<TAB>SOURCE<TAB>TARGET" and exits 0, exits 1 when nothing in the
 * memory scores 50 or more, 2 on an error (the message from tolk_error_last()).
 */
#include <stdio.h>

#include <tolk/tm.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s MEMORY.db SENTENCE\n", argv[0]);
		return 2;
	}
	tolk_tm *tm = NULL;
	tolk_tm_match_list *matches = NULL;
	int status = 2;
	if (tolk_tm_open(&tm, argv[1], TOLK_TM_OPEN_READONLY) < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], tolk_error_last()->message);
		return 2;
	}
	tolk_tm_lookup_options opts = {.min_score = 50, .max_results = 1};
	if (tolk_tm_lookup(&matches, tm, argv[2], &opts) < 0)
		goto done;
	if (matches->count == 0) {
		fprintf(stderr, "%s: no match of 50 or more\n", argv[0]);
		status = 1;
		goto done;
	}
	const tolk_tm_match *best = &matches->items[0];
	printf("%d\t%s\t%s\n", best->score, best->source, best->target ? best->target : "");
	status = 0;
done:
	if (status == 2)
		fprintf(stderr, "%s: %s\n", argv[0], tolk_error_last()->message);
	tolk_tm_match_list_free(matches);
	tolk_tm_free(tm);
	return status;
}
