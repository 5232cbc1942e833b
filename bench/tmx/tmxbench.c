/* Driver for bench/tmx/run: write N units with the tolk writer, or read a file with the
 * streaming reader and print units, tuvs and text bytes (so the work cannot be skipped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tolk/tmx.h"

static int fail(void)
{
	const tolk_error *e = tolk_error_last();
	fprintf(stderr, "tmxbench: %s\n", e ? e->message : "error");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "write") == 0) {
		long n = atol(argv[2]);
		tolk_tmx_writer *w;
		tolk_tmx_header h = {.srclang = "nl-NL", .creationdate = 1604620800};
		if (tolk_tmx_writer_open(&w, argv[3], &h) < 0)
			return fail();
		for (long k = 0; k < n; k++) {
			char nl[160], en[160], id[24], score[16];
			snprintf(nl, sizeof(nl), "De Ministers spraken over lastenverdeling & weerbaarheid <%ld> in de NAVO.", k);
			snprintf(en, sizeof(en), "Ministers discussed burden sharing & resilience <%ld> in NATO.", k);
			snprintf(id, sizeof(id), "%ld", k + 1);
			snprintf(score, sizeof(score), "%.3f", (double)(k % 1000) / 1000);
			tolk_tmx_prop props[2] = {{"x-bead", "1-1"}, {"x-score", score}};
			tolk_tmx_tuv tuv[2] = {{.lang = "nl-NL", .text = nl}, {.lang = "en-GB", .text = en}};
			tolk_tmx_unit u = {.tuid = id, .props = props, .nprops = 2, .tuvs = tuv, .ntuvs = 2};
			if (tolk_tmx_writer_add(w, &u) < 0)
				return fail();
		}
		if (tolk_tmx_writer_close(w) < 0)
			return fail();
		tolk_tmx_writer_free(w);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "read") == 0) {
		tolk_tmx_reader *r;
		const tolk_tmx_unit *u;
		if (tolk_tmx_reader_open(&r, argv[2]) < 0)
			return fail();
		long units = 0, tuvs = 0, bytes = 0;
		int rc;
		while ((rc = tolk_tmx_reader_next(&u, r)) == 0) {
			units++;
			tuvs += (long)u->ntuvs;
			for (size_t k = 0; k < u->ntuvs; k++)
				bytes += (long)strlen(u->tuvs[k].text);
		}
		if (rc != TOLK_ITEROVER)
			return fail();
		tolk_tmx_reader_free(r);
		printf("%ld units %ld tuvs %ld text bytes\n", units, tuvs, bytes);
		return 0;
	}
	fprintf(stderr, "usage: tmxbench write N FILE | read FILE\n");
	return 2;
}
