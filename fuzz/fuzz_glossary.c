/*
 * The glossary readers behind `tolk term import`: the first byte picks CSV,
 * OmegaT / tab-separated, or the guess by content; the rest is the file. An
 * import that succeeds is exported in the same format and imported again,
 * which must succeed.
 */
#include "fuzz_common.h"
#include "tolk/termbase.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const struct {
		tolk_tb_format format;
		const char *ext;
	} kinds[] = {
		{TOLK_TB_FORMAT_CSV, ".csv"},
		{TOLK_TB_FORMAT_OMEGAT, ".txt"},
		{TOLK_TB_FORMAT_OMEGAT, ".tsv"},
		{TOLK_TB_FORMAT_AUTO, ".csv"},
	};
	size_t k = data[0] % (sizeof kinds / sizeof kinds[0]);
	const char *path = fuzz_write_file(data + 1, size - 1, kinds[k].ext);
	tolk_termbase *tb = NULL;
	FUZZ_ASSERT(tolk_termbase_new(&tb) == 0);
	size_t added = 0;
	if (tolk_termbase_import(&added, tb, path, kinds[k].format) == 0) {
		FUZZ_ASSERT(added == tolk_termbase_concept_count(tb));
		tolk_tb_format out = kinds[k].format == TOLK_TB_FORMAT_AUTO ? TOLK_TB_FORMAT_CSV : kinds[k].format;
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		FUZZ_ASSERT(fp != NULL);
		int rc = tolk_termbase_write(tb, fp, out);
		fclose(fp);
		FUZZ_ASSERT(rc == 0);
		tolk_termbase *again = NULL;
		FUZZ_ASSERT(tolk_termbase_new(&again) == 0);
		path = fuzz_write_file(buf, len, kinds[k].ext);
		rc = tolk_termbase_import(NULL, again, path, out);
		if (rc != 0)
			fprintf(stderr, "re-import failed: %s\n", fuzz_error());
		FUZZ_ASSERT(rc == 0);
		tolk_termbase_free(again);
		free(buf);
	}
	tolk_termbase_free(tb);
	return 0;
}
