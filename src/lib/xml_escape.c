/* The XML escaper of libtolk (TMX and TBX writers): see xml_escape.h. */
#include "xml_escape.h"

static bool forbidden_in_xml(int32_t cp)
{
	if (cp < 0x20)
		return cp != 0x09 && cp != 0x0A && cp != 0x0D;
	return cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF);
}

int tolk_xml_escape(tolk_buf *out, const char *str, size_t len, tolk_xml_escape_mode mode, size_t *dropped,
                    size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0; /* run: start of bytes that need no escaping */
	while (i < len) {
		unsigned char c = s[i];
		const char *rep = NULL;
		size_t at = i;
		if (c >= 0x80) {
			int32_t cp = tolk_utf8_decode(str, len, &i, true);
			if (cp < 0) {
				if (bad_offset)
					*bad_offset = at;
				return TOLK_EINVALID;
			}
			if (!forbidden_in_xml(cp))
				continue;
		} else {
			i++;
			bool in_attr = mode == TOLK_XML_ATTR;
			switch (mode == TOLK_XML_MARKUP ? 0 : c) {
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break; /* "]]>" must never appear in text */
			case '&': rep = "&amp;"; break;
			case '"': rep = in_attr ? "&quot;" : NULL; break;
			case '\r': rep = "&#13;"; break; /* a literal CR would be read back as LF */
			case '\t': rep = in_attr ? "&#9;" : NULL; break; /* attribute values normalise */
			case '\n': rep = in_attr ? "&#10;" : NULL; break; /* whitespace to spaces */
			default: break;
			}
			if (!rep && !forbidden_in_xml(c))
				continue;
		}
		if (tolk_buf_put(out, str + run, at - run) < 0)
			return TOLK_ENOMEM;
		if (rep) {
			if (tolk_buf_puts(out, rep) < 0)
				return TOLK_ENOMEM;
		} else if (dropped) {
			(*dropped)++;
		}
		run = i;
	}
	if (tolk_buf_put(out, str + run, len - run) < 0)
		return TOLK_ENOMEM;
	return 0;
}
