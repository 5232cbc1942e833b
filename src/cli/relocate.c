/*
 * Where the message catalogue and the installed data are, found from the
 * executable's own location (as git's RUNTIME_PREFIX does): the tolk of a
 * build tree and an installed tolk work wherever they are, also after the
 * whole prefix has been moved. The paths compiled in are the last resort.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "tolk_config.h"

/* Set by cmake/Relocatable.cmake: the install layout relative to the installed executable's folder,
   and the layout of a build tree beside its executable. */
#ifndef TOLK_DATADIR_FROM_BINDIR
#define TOLK_DATADIR_FROM_BINDIR "../share/tolk"
#endif
#ifndef TOLK_LOCALEDIR_FROM_BINDIR
#define TOLK_LOCALEDIR_FROM_BINDIR "../share/locale"
#endif
#define BUILD_TREE_DATADIR "share/tolk"
#define BUILD_TREE_LOCALEDIR "locale"

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running executable, symbolic links resolved; false when /proc is unavailable. */
static bool exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n >= size - 1)
		return false;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return false;
	*slash = '\0';
	return true;
}

/*
 * The build tree's folder first: it exists only beside a tolk that was built
 * and not installed. Then the install layout: an installed tolk lives in
 * PREFIX/bin and its data in PREFIX/share, wherever PREFIX now is.
 */
static const char *beside_exe(char *out, size_t size, const char *build_rel, const char *install_rel)
{
	char dir[PATH_MAX];
	if (!exe_dir(dir, sizeof(dir)))
		return NULL;
	const char *const candidates[] = {build_rel, install_rel};
	for (size_t k = 0; k < 2; k++) {
		int n = snprintf(out, size, "%s/%s", dir, candidates[k]);
		if (n > 0 && (size_t)n < size && is_dir(out))
			return out;
	}
	return NULL;
}

const char *cli_localedir(void)
{
	static char buf[PATH_MAX + 64];
	const char *env = getenv("TOLK_LOCALEDIR");
	if (env && *env)
		return env;
	const char *found = beside_exe(buf, sizeof(buf), BUILD_TREE_LOCALEDIR, TOLK_LOCALEDIR_FROM_BINDIR);
	return found ? found : TOLK_LOCALEDIR;
}

const char *cli_install_datadir(void)
{
	static char buf[PATH_MAX + 64];
	const char *found = beside_exe(buf, sizeof(buf), BUILD_TREE_DATADIR, TOLK_DATADIR_FROM_BINDIR);
	return found ? found : TOLK_DATADIR;
}
