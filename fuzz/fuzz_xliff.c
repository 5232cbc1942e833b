/*
 * The XLIFF reader (1.2 and 2.x) on arbitrary bytes, with every unit it gives
 * out taken further: its inline codes must make a TMX seg the TMX writer
 * accepts, and its texts written as XLIFF (the other version) must read back
 * unchanged.
 */
#include "fuzz_common.h"
#include "tolk/tmx.h"
#include "tolk/xliff.h"

static char *scratch_path(const char *ext)
{
	static char path[4096];
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/tolk-fuzz-xliff-out-%ld%s", dir && *dir ? dir : "/tmp", (long)getpid(), ext);
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write_file(data, size, ".xlf");
	tolk_xliff_read_options ro = TOLK_XLIFF_READ_OPTIONS_INIT;
	ro.all_states = size > 0 && (data[size - 1] & 1);
	tolk_xliff_reader *r = NULL;
	if (tolk_xliff_reader_open(&r, path, &ro) != 0) {
		FUZZ_ASSERT(r == NULL);
		FUZZ_ASSERT(tolk_error_last() != NULL);
		return 0;
	}
	int version = tolk_xliff_reader_version(r);
	FUZZ_ASSERT(version == 12 || version == 20 || version == 21);
	FUZZ_ASSERT(tolk_xliff_detect(path) == 1);

	tolk_tmx_header h = {0};
	h.srclang = "nl-NL";
	h.creationdate = 1;
	tolk_tmx_writer *tw = NULL;
	FUZZ_ASSERT(tolk_tmx_writer_open(&tw, scratch_path(".tmx"), &h) == 0);
	tolk_xliff_write_options wo = TOLK_XLIFF_WRITE_OPTIONS_INIT;
	wo.xliff = version == 12 ? TOLK_XLIFF_2_1 : TOLK_XLIFF_1_2;
	tolk_xliff_writer *xw = NULL;
	const char *xpath = scratch_path(".out.xlf");
	/* texts of the units, to compare with what the written file gives back */
	char **texts = NULL;
	size_t n = 0;
	const tolk_tmx_unit *u;
	while (tolk_xliff_reader_next(&u, r) == 0) {
		FUZZ_ASSERT(u->ntuvs == 2 && u->tuvs);
		for (int k = 0; k < 2; k++) {
			FUZZ_ASSERT(u->tuvs[k].lang && tolk_lang_tag_check(u->tuvs[k].lang) == 0);
			FUZZ_ASSERT(u->tuvs[k].text && *u->tuvs[k].text);
			size_t len = strlen(u->tuvs[k].text), bad;
			FUZZ_ASSERT(tolk_utf8_validate(&bad, u->tuvs[k].text, len) == 0);
			/* collapsed white space: no run, none at either end */
			FUZZ_ASSERT(u->tuvs[k].text[0] != ' ' && u->tuvs[k].text[len - 1] != ' ' && !strstr(u->tuvs[k].text, "  "));
		}
		FUZZ_ASSERT(tolk_tmx_writer_add(tw, u) == 0);
		if (!xw)
			FUZZ_ASSERT(tolk_xliff_writer_open(&xw, xpath, u->tuvs[0].lang, u->tuvs[1].lang, &wo) == 0);
		tolk_xliff_unit xu = {1, u->tuvs[0].text, u->tuvs[1].text, TOLK_XLIFF_STATE_TRANSLATED, 100, NULL, 0};
		FUZZ_ASSERT(tolk_xliff_writer_add(xw, &xu) == 0);
		texts = realloc(texts, (n + 2) * sizeof(*texts));
		FUZZ_ASSERT(texts != NULL);
		texts[n++] = u->tuvs[0].text;
		texts[n++] = u->tuvs[1].text;
	}
	FUZZ_ASSERT(tolk_tmx_writer_close(tw) == 0);
	tolk_tmx_writer_free(tw);
	if (xw) {
		FUZZ_ASSERT(tolk_xliff_writer_close(xw) == 0);
		tolk_xliff_writer_free(xw);
		tolk_xliff_reader *back = NULL;
		FUZZ_ASSERT(tolk_xliff_reader_open(&back, xpath, NULL) == 0);
		size_t k = 0;
		while (tolk_xliff_reader_next(&u, back) == 0) {
			FUZZ_ASSERT(k + 1 < n);
			FUZZ_ASSERT(strcmp(u->tuvs[0].text, texts[k]) == 0 && strcmp(u->tuvs[1].text, texts[k + 1]) == 0);
			FUZZ_ASSERT(u->tuvs[0].seg_xml == NULL && u->tuvs[1].seg_xml == NULL);
			k += 2;
		}
		FUZZ_ASSERT(k == n);
		tolk_xliff_reader_free(back);
		unlink(xpath);
	}
	unlink(scratch_path(".tmx"));
	free(texts);
	tolk_xliff_reader_free(r);
	return 0;
}
