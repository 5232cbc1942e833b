/*
 * Text files as they come from Windows: UTF-16 with a byte-order mark (what
 * Notepad saves), Windows-1252 given by name (ICU converters), and documents
 * (PDF, Word, OpenDocument, RTF…) named instead of being refused as "not UTF-8".
 * The ICU converter API stays in this file.
 */
#define _POSIX_C_SOURCE 200809L
#define _GNU_SOURCE /* memmem */
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

/* ---- documents that are not text ------------------------------------------------------ */

/*
 * What a file is when its first bytes say it is a document, else NULL. Zip
 * containers (docx, xlsx, odt) keep their member names uncompressed in the
 * local headers, so searching the bytes for them is enough.
 */
static const char *document_kind(const char *data, size_t len)
{
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return N_("a PDF document");
	if (len >= 5 && memcmp(data, "{\\rtf", 5) == 0)
		return N_("an RTF document");
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return N_("a Microsoft Office 97-2003 document (.doc, .xls, .ppt)");
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		if (memmem(data, len, "word/document.xml", 17))
			return N_("a Word document (.docx)");
		if (memmem(data, len, "xl/workbook.xml", 15))
			return N_("an Excel workbook (.xlsx)");
		if (memmem(data, len, "ppt/presentation.xml", 20))
			return N_("a PowerPoint presentation (.pptx)");
		if (memmem(data, len, "application/vnd.oasis.opendocument.text", 39))
			return N_("an OpenDocument text (.odt)");
		if (memmem(data, len, "application/vnd.oasis.opendocument.spreadsheet", 46))
			return N_("an OpenDocument spreadsheet (.ods)");
		return N_("a ZIP archive");
	}
	return NULL;
}

/* ---- Windows-1252 that was taken for UTF-8 -------------------------------------------------- */

/* A letter in Windows-1252: ASCII or À-þ without × and ÷. */
static bool cp1252_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xFE && c != 0xD7 && c != 0xF7);
}

/*
 * Bytes that are not UTF-8 but read as plausible Windows-1252 text: no byte
 * that code page leaves undefined, no control characters but tab, line ends
 * and form feed, mostly ASCII (Dutch and English text in cp1252 has an accented
 * letter or a curly quote here and there, not a run of them), and accented
 * letters inside words: not alone (a stray 0xFF), not a capital after a
 * lower-case letter (the 0xC3 of broken UTF-8 in "foÃ(t").
 */
bool tolk_text_looks_cp1252(const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t high = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			return false;
		if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D || c == 0xFF)
			return false;
		if (c < 0x80)
			continue;
		high++;
		if (!cp1252_letter(c))
			continue;
		unsigned char prev = i ? s[i - 1] : ' ', next = i + 1 < len ? s[i + 1] : ' ';
		if (!cp1252_letter(prev) && !cp1252_letter(next))
			return false;
		if (c <= 0xDE && prev >= 'a' && prev <= 'z')
			return false;
	}
	return high > 0 && high * 5 <= len;
}

/* ---- conversion ---------------------------------------------------------------------------- */

/* The bytes in another encoding, as UTF-8; a leading U+FEFF is dropped. */
static int convert(char **out, size_t *out_len, const char *path, const char *encoding, const char *data,
                   size_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(encoding, &err);
	if (U_FAILURE(err))
		return tolk_error_set(TOLK_EINVALID, _("unknown encoding '%s' (try windows-1252, iso-8859-1 or utf-16)"),
		                      encoding);
	/* A byte the encoding does not define is an error, never a silent replacement character. */
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
	UConverter *utf8 = ucnv_open("UTF-8", &err);
	if (U_FAILURE(err)) {
		ucnv_close(cnv);
		return tolk_error_set(TOLK_ERROR, _("cannot convert from %s: %s"), encoding, u_errorName(err));
	}
	/* UTF-8 needs at most 3 bytes per UTF-16 unit, and a single byte gives at most one unit. */
	size_t cap = len * 3 + 4;
	char *buf = tolk_malloc(cap);
	if (!buf) {
		ucnv_close(cnv);
		ucnv_close(utf8);
		return TOLK_ENOMEM;
	}
	char *target = buf;
	const char *source = data;
	ucnv_convertEx(utf8, cnv, &target, buf + cap - 1, &source, data + len, NULL, NULL, NULL, NULL, true, true,
	               &err);
	ucnv_close(cnv);
	ucnv_close(utf8);
	if (U_FAILURE(err)) {
		free(buf);
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0, _("cannot be read as %s (a byte near offset %zu is not %s)"),
		                         encoding, (size_t)(source - data), encoding);
	}
	size_t n = (size_t)(target - buf);
	size_t skip = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	memmove(buf, buf + skip, n - skip);
	buf[n - skip] = '\0';
	*out = buf;
	*out_len = n - skip;
	return 0;
}

static bool is_utf8_name(const char *e)
{
	return strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0 || strcasecmp(e, "auto") == 0;
}

/*
 * The file's bytes in *data (malloc'ed, NUL-terminated) made UTF-8 text.
 * Positions in the errors and in whatever the caller reports later count:
 * - for UTF-8 input, bytes on disk (*bom says how long a UTF-8 byte-order mark
 *   at the start is; it stays in *data for callers that count it);
 * - for UTF-16 and --encoding input, bytes of the UTF-8 text it was converted
 *   to, without its byte-order mark (*bom is 0): the positions a reader finds
 *   after saving the file as UTF-8.
 */
int tolk_text_decode(char **data, size_t *len, size_t *bom, const char *path, const char *encoding)
{
	*bom = 0;
	const char *kind = document_kind(*data, *len);
	if (kind)
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("this is %s, not plain text; save or export it as plain text (UTF-8) first"),
		                         _(kind));
	const char *from = NULL;
	size_t skip = 0;
	if (encoding && *encoding && !is_utf8_name(encoding)) {
		from = encoding;
	} else if (*len >= 2 && memcmp(*data, "\xFF\xFE", 2) == 0) {
		from = "UTF-16LE";
		skip = 2;
	} else if (*len >= 2 && memcmp(*data, "\xFE\xFF", 2) == 0) {
		from = "UTF-16BE";
		skip = 2;
	}
	if (from) {
		char *text = NULL;
		size_t n = 0;
		int rc = convert(&text, &n, path, from, *data + skip, *len - skip);
		if (rc < 0)
			return rc;
		const char *nul = memchr(text, '\0', n);
		if (nul) {
			unsigned long line, col;
			tolk_text_position(&line, &col, text, n, (size_t)(nul - text));
			free(text);
			return tolk_error_set_at(TOLK_EINVALID, path, line, col, _("NUL character in text"));
		}
		free(*data);
		*data = text;
		*len = n;
		return 0;
	}
	int rc = tolk_text_check_file(bom, path, *data, *len);
	if (rc == TOLK_EINVALID && !memchr(*data, '\0', *len) && tolk_text_looks_cp1252(*data, *len)) {
		size_t bad = 0;
		tolk_utf8_validate(&bad, *data + *bom, *len - *bom);
		unsigned long line, col;
		tolk_text_position(&line, &col, *data + *bom, *len - *bom, bad);
		return tolk_error_set_at(TOLK_EINVALID, path, line, col,
		                         _("not UTF-8 but apparently Windows-1252 (Latin-1) text (byte 0x%02X at byte offset "
		                           "%zu); read it with --encoding windows-1252 or convert it with "
		                           "'iconv -f windows-1252 -t utf-8'"),
		                         (unsigned)(unsigned char)(*data)[*bom + bad], bad + *bom);
	}
	return rc;
}

int tolk_text_read_file_encoding(char **out, size_t *out_len, const char *path, const char *encoding)
{
	char *data;
	size_t len, bom;
	*out = NULL;
	int rc = tolk_file_read_raw(&data, &len, path);
	if (rc < 0)
		return rc;
	if ((rc = tolk_text_decode(&data, &len, &bom, path, encoding)) < 0) {
		free(data);
		return rc;
	}
	if (bom) {
		memmove(data, data + bom, len - bom + 1);
		len -= bom;
	}
	*out = data;
	if (out_len)
		*out_len = len;
	return 0;
}

int tolk_text_read_file(char **out, size_t *out_len, const char *path)
{
	return tolk_text_read_file_encoding(out, out_len, path, NULL);
}

int tolk_text_read_lines(const char *path, tolk_line_fn fn, void *ctx)
{
	char *data;
	size_t len;
	int rc = tolk_text_read_file(&data, &len, path);
	if (rc < 0)
		return rc;
	unsigned long number = 0;
	for (char *p = data, *end = data + len; rc == 0 && p < end;) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		p[n] = '\0'; /* the line end's place, or the text's own NUL */
		rc = fn(ctx, p, n, ++number);
		p = eol ? eol + 1 : end;
	}
	free(data);
	return rc;
}
