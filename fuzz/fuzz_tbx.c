/*
 * The TBX reader (TBX-Basic and TBX 2 / martif, told apart by the root element)
 * on arbitrary bytes; a term base that loads is written back out as TBX-Basic
 * and read again, which must succeed with the same number of concepts.
 */
#include "fuzz_common.h"
#include "tolk/termbase.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write_file(data, size, ".tbx");
	tolk_termbase *tb = NULL;
	if (tolk_termbase_open(&tb, path) == 0) {
		size_t n = tolk_termbase_concept_count(tb);
		for (size_t i = 0; i < n; i++) {
			const tolk_concept *c;
			FUZZ_ASSERT(tolk_termbase_concept_at(&c, tb, i) == 0);
			FUZZ_ASSERT(c->id != NULL);
		}
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		FUZZ_ASSERT(fp != NULL);
		int rc = tolk_termbase_write(tb, fp, TOLK_TB_FORMAT_TBX_BASIC);
		fclose(fp);
		FUZZ_ASSERT(rc == 0);
		tolk_termbase *again = NULL;
		path = fuzz_write_file(buf, len, ".tbx");
		rc = tolk_termbase_open(&again, path);
		if (rc != 0)
			fprintf(stderr, "re-read failed: %s\n", fuzz_error());
		FUZZ_ASSERT(rc == 0);
		FUZZ_ASSERT(tolk_termbase_concept_count(again) == n);
		tolk_termbase_free(again);
		free(buf);
	}
	tolk_termbase_free(tb);
	return 0;
}
