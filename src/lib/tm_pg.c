/* placeholder while the SQLite side is moved behind tm_backend.h */
#include "tm_backend.h"
int tm_pg_open(tolk_tm *tm, const char *write_uri, const char *read_uri, unsigned flags)
{
	(void)tm; (void)write_uri; (void)read_uri; (void)flags;
	return tolk_error_set(TOLK_EINVALID, "PostgreSQL not built");
}
