/* The one XML escaper of libtolk (private): the TMX and TBX writers both use it. */
#ifndef TOLK_XML_ESCAPE_H
#define TOLK_XML_ESCAPE_H

#include <stddef.h>

#include "util.h"

typedef enum tolk_xml_escape_mode {
	TOLK_XML_TEXT,  /* element content */
	TOLK_XML_ATTR,  /* a double-quoted attribute value */
	TOLK_XML_MARKUP /* already XML: only drop what XML forbids */
} tolk_xml_escape_mode;

/*
 * Append s[0..len) to out escaped for XML as mode says, so that a parser reads back exactly
 * s: & < > always, " in attributes, CR as &#13; (a literal CR reads back as LF), and tab and
 * LF in attributes (attribute values normalise white space to spaces).
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and
 * UTF-8-encoded surrogates) are dropped and counted in *dropped (may be NULL). Other invalid
 * UTF-8 is refused: returns TOLK_EINVALID without recording an error and sets *bad_offset
 * (may be NULL). TOLK_ENOMEM when out cannot grow.
 */
int tolk_xml_escape(tolk_buf *out, const char *s, size_t len, tolk_xml_escape_mode mode, size_t *dropped,
                    size_t *bad_offset);

#endif
