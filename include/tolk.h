/*
 * tolk: the whole public API in one include.
 *
 *     #include <tolk.h>
 *
 * Conventions shared by every header (details in tolk/common.h):
 *  - functions return 0 or a negative TOLK_E* code; counts, scores and
 *    objects come back through out-parameters, which come first;
 *  - the message of the last failure on the calling thread is
 *    tolk_error_last();
 *  - objects are made by tolk_x_new/tolk_x_open and released by
 *    tolk_x_free, which accepts NULL; result lists have their own _free;
 *  - option structs carry a version: fill them with tolk_x_options_init(&o,
 *    TOLK_X_OPTIONS_VERSION) and then set the fields you need;
 *  - each type's header says whether one object may be used by several
 *    threads at once.
 */
#ifndef TOLK_H
#define TOLK_H

#include "tolk/version.h"
#include "tolk/common.h"
#include "tolk/segment.h"
#include "tolk/tmx.h"
#include "tolk/termbase.h"
#include "tolk/spell.h"
#include "tolk/align.h"
#include "tolk/tm.h"
#include "tolk/document.h"

#endif
