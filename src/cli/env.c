/*
 * Environment variables of the command, mapped onto the library's options:
 * the library takes everything through its API, the command reads the
 * environment for it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tolk/termbase.h"

static size_t size_env(const char *name)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return 0;
	size_t n = (size_t)strtoull(s, NULL, 10);
	return n ? n : 1; /* 0 would mean "the default": the smallest split there is */
}

const struct tolk_termbase_options *cli_termbase_options(void)
{
	static tolk_termbase_options o;
	tolk_termbase_options_init(&o, TOLK_TERMBASE_OPTIONS_VERSION);
	const char *off = getenv("TOLK_NO_CACHE");
	o.cache = off && *off && strcmp(off, "0") != 0 ? TOLK_TB_CACHE_OFF : TOLK_TB_CACHE_ON;
	const char *dir = getenv("TOLK_CACHE_DIR");
	o.cache_dir = dir && *dir ? dir : NULL;
	o.parallel_load_min = size_env("TOLK_TBX_SPLIT_MIN");
	o.parallel_index_min = size_env("TOLK_TB_INDEX_SPLIT_MIN");
	return &o;
}

const char *cli_default_db(void)
{
	const char *env = getenv("TOLK_DB");
	return env && *env ? env : CLI_DEFAULT_DB;
}
