/*
 * The translation memory's option structs: defaults and the version check.
 * A caller compiled against other headers (a struct of another size) is
 * refused rather than read past the end of what it passed.
 */
#include "tm_private.h"

int tm_options_check(unsigned int got, unsigned int want, const char *what)
{
	/*
	 * 0 is a struct zero-filled (or filled by field name) by a caller written
	 * before the structs had versions: it has the first layout, which every
	 * later version only extends, so it is read as version 1.
	 */
	if (got == want || got == 0)
		return 0;
	return tolk_error_set(TOLK_EINVALID, _("unsupported %s options version %u (this library has %u)"), what, got,
	                      want);
}

/*
 * Every tolk_tm_*_options_init: _init wants the version the caller's headers
 * name (0 is refused here), then fills in the defaults.
 */
static int options_init(void *opts, const void *defaults, size_t size, unsigned int version, unsigned int want,
                        const char *what)
{
	if (!opts)
		return tolk_error_set(TOLK_EINVALID, _("no options to fill"));
	if (version != want)
		return tolk_error_set(TOLK_EINVALID, _("unsupported %s options version %u (this library has %u)"), what,
		                      version, want);
	memcpy(opts, defaults, size);
	return 0;
}

/* One _init per options struct: its defaults (the header's _INIT), its version, its name in messages. */
#define OPTIONS_INIT(name, type, NAME, what)                                                                   \
	int tolk_tm_##name##_options_init(type *opts, unsigned int version)                                      \
	{                                                                                                        \
		static const type defaults = TOLK_TM_##NAME##_OPTIONS_INIT;                                          \
		return options_init(opts, &defaults, sizeof defaults, version, TOLK_TM_##NAME##_OPTIONS_VERSION, what); \
	}

OPTIONS_INIT(import, tolk_tm_import_options, IMPORT, "import")
OPTIONS_INIT(export, tolk_tm_export_options, EXPORT, "export")
OPTIONS_INIT(lookup, tolk_tm_lookup_options, LOOKUP, "lookup")
OPTIONS_INIT(concordance, tolk_tm_concordance_options, CONCORDANCE, "concordance")
OPTIONS_INIT(analyze, tolk_tm_analyze_options, ANALYZE, "analysis")
