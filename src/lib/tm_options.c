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

int tolk_tm_import_options_init(tolk_tm_import_options *opts, unsigned int version)
{
	static const tolk_tm_import_options defaults = TOLK_TM_IMPORT_OPTIONS_INIT;
	return options_init(opts, &defaults, sizeof defaults, version, TOLK_TM_IMPORT_OPTIONS_VERSION, "import");
}

int tolk_tm_export_options_init(tolk_tm_export_options *opts, unsigned int version)
{
	static const tolk_tm_export_options defaults = TOLK_TM_EXPORT_OPTIONS_INIT;
	return options_init(opts, &defaults, sizeof defaults, version, TOLK_TM_EXPORT_OPTIONS_VERSION, "export");
}

int tolk_tm_lookup_options_init(tolk_tm_lookup_options *opts, unsigned int version)
{
	static const tolk_tm_lookup_options defaults = TOLK_TM_LOOKUP_OPTIONS_INIT;
	return options_init(opts, &defaults, sizeof defaults, version, TOLK_TM_LOOKUP_OPTIONS_VERSION, "lookup");
}

int tolk_tm_concordance_options_init(tolk_tm_concordance_options *opts, unsigned int version)
{
	static const tolk_tm_concordance_options defaults = TOLK_TM_CONCORDANCE_OPTIONS_INIT;
	return options_init(opts, &defaults, sizeof defaults, version, TOLK_TM_CONCORDANCE_OPTIONS_VERSION, "concordance");
}

int tolk_tm_analyze_options_init(tolk_tm_analyze_options *opts, unsigned int version)
{
	static const tolk_tm_analyze_options defaults = TOLK_TM_ANALYZE_OPTIONS_INIT;
	return options_init(opts, &defaults, sizeof defaults, version, TOLK_TM_ANALYZE_OPTIONS_VERSION, "analysis");
}
