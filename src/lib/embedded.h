/* Data files compiled into libtolk from src/data/ (default SRX rules, word lists). */
#ifndef TOLK_EMBEDDED_H
#define TOLK_EMBEDDED_H
#include <stddef.h>
/* Contents (NUL-terminated) of src/data/NAME, or NULL; *len gets the size without the NUL. */
const char *tolk_embedded(const char *name, size_t *len);
#endif
