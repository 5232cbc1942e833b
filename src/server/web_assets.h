/* The files of web/, compiled in by cmake/embed_web.cmake. */
#ifndef TOLK_WEB_ASSETS_H
#define TOLK_WEB_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
	const char *name;                /* file name in web/, e.g. "app.js" */
	const char *type;                /* Content-Type */
	const char *etag;                /* strong ETag, quoted: a hash of the bytes */
	const unsigned char *data;
	size_t len;
} web_asset;

/* The file called name, or NULL: only files that were in web/ at build time exist. */
const web_asset *web_asset_find(const char *name);

#endif
