/*
 * Zip members and their XML for the DOCX and ODT readers: libzip and libxml2
 * details stay here. A zip is untrusted: members are inflated in bounded
 * chunks and counted as they come (the sizes in its headers are claims, not
 * facts), against limits on entries, total inflated bytes and ratio.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "doc_private.h"

struct doc_zip {
	zip_t *zip;
	const char *name;
	doc_limits lim;
	uint64_t inflated; /* all members read so far */
};

static void zip_quiet_close(zip_t *z)
{
	if (z)
		zip_discard(z);
}

static zip_t *open_memory(const char *data, size_t len, int *zerr)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
	if (!src) {
		*zerr = zip_error_code_zip(&err);
		zip_error_fini(&err);
		return NULL;
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (!z) {
		*zerr = zip_error_code_zip(&err);
		zip_source_free(src);
	}
	zip_error_fini(&err);
	return z;
}

int doc_zip_open(doc_zip **out, const char *data, size_t len, const char *name, const doc_limits *lim)
{
	*out = NULL;
	int zerr = 0;
	zip_t *z = open_memory(data, len, &zerr);
	if (!z) {
		if (zerr == ZIP_ER_MEMORY)
			return tolk_error_oom();
		zip_error_t e;
		zip_error_init_with_code(&e, zerr);
		int rc = tolk_error_set_at(TOLK_EINVALID, name, 0, 0, _("damaged zip archive: %s"), zip_error_strerror(&e));
		zip_error_fini(&e);
		return rc;
	}
	zip_int64_t n = zip_get_num_entries(z, 0);
	if (n < 0 || (uint64_t)n > lim->max_zip_entries) {
		zip_quiet_close(z);
		return tolk_error_set_at(TOLK_EINVALID, name, 0, 0,
		                         _("zip archive has more than %llu members (the limit for a document)"),
		                         (unsigned long long)lim->max_zip_entries);
	}
	doc_zip *dz = tolk_calloc(1, sizeof *dz);
	if (!dz) {
		zip_quiet_close(z);
		return TOLK_ENOMEM;
	}
	dz->zip = z;
	dz->name = name;
	dz->lim = *lim;
	*out = dz;
	return 0;
}

void doc_zip_close(doc_zip *z)
{
	if (!z)
		return;
	zip_quiet_close(z->zip);
	free(z);
}

bool doc_zip_has(doc_zip *z, const char *member)
{
	return zip_name_locate(z->zip, member, 0) >= 0;
}

static int member_error(doc_zip *z, const char *member, const char *what)
{
	return tolk_error_set_at(TOLK_EINVALID, z->name, 0, 0, _("damaged zip member %s: %s"), member, what);
}

int doc_zip_read(char **out, size_t *out_len, doc_zip *z, const char *member)
{
	*out = NULL;
	*out_len = 0;
	zip_int64_t idx = zip_name_locate(z->zip, member, 0);
	if (idx < 0)
		return TOLK_ENOTFOUND;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(z->zip, (zip_uint64_t)idx, 0, &st) < 0)
		return member_error(z, member, zip_strerror(z->zip));
	uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	zip_file_t *f = zip_fopen_index(z->zip, (zip_uint64_t)idx, 0);
	if (!f)
		return member_error(z, member, zip_strerror(z->zip));
	tolk_buf b = TOLK_BUF_INIT;
	int rc = 0;
	char chunk[65536];
	for (;;) {
		zip_int64_t got = zip_fread(f, chunk, sizeof chunk);
		if (got < 0) {
			rc = member_error(z, member, zip_file_strerror(f));
			break;
		}
		if (got == 0)
			break;
		z->inflated += (uint64_t)got;
		if (z->inflated > z->lim.max_uncompressed_bytes) {
			rc = tolk_error_set_at(TOLK_EINVALID, z->name, 0, 0,
			                       _("zip members inflate to more than %llu bytes (the limit for a document)"),
			                       (unsigned long long)z->lim.max_uncompressed_bytes);
			break;
		}
		/* a small member may inflate well; past 1 MiB the ratio must be one of text, not of a bomb */
		if (b.len + (size_t)got > (1u << 20) && (b.len + (uint64_t)got) / (comp ? comp : 1) > z->lim.max_ratio) {
			rc = tolk_error_set_at(TOLK_EINVALID, z->name, 0, 0,
			                       _("zip member %s inflates more than %u times (the limit for a document)"), member,
			                       (unsigned)z->lim.max_ratio);
			break;
		}
		if ((rc = tolk_buf_put(&b, chunk, (size_t)got)) < 0)
			break;
	}
	zip_fclose(f);
	if (rc < 0) {
		tolk_buf_free(&b);
		return rc;
	}
	if (!b.ptr && (rc = tolk_buf_put(&b, "", 0)) < 0)
		return rc;
	if (!b.ptr) {
		b.ptr = tolk_strdup("");
		if (!b.ptr)
			return TOLK_ENOMEM;
	}
	*out_len = b.len;
	*out = tolk_buf_detach(&b);
	return 0;
}

/*
 * A zip libzip cannot open (cut short, damaged): what its local headers say,
 * so that a damaged Word file is reported as one and not as "not plain text".
 */
static tolk_document_format detect_damaged(const char *data, size_t len)
{
	static const char odt[] = "mimetypeapplication/vnd.oasis.opendocument.text";
	if (len >= 30 + sizeof odt - 1 && memcmp(data + 30, odt, sizeof odt - 1) == 0)
		return TOLK_DOCUMENT_ODT;
	size_t n = len < (1u << 20) ? len : (1u << 20);
	static const char word[] = "word/document.xml";
	for (const char *p = data; (p = memchr(p, 'w', n - (size_t)(p - data))) != NULL; p++)
		if ((size_t)(data + n - p) >= sizeof word - 1 && memcmp(p, word, sizeof word - 1) == 0)
			return TOLK_DOCUMENT_DOCX;
	return TOLK_DOCUMENT_AUTO;
}

tolk_document_format doc_zip_detect(const char *data, size_t len)
{
	int zerr;
	zip_t *z = open_memory(data, len, &zerr);
	if (!z)
		return detect_damaged(data, len);
	tolk_document_format f = TOLK_DOCUMENT_AUTO;
	if (zip_name_locate(z, "word/document.xml", 0) >= 0) {
		f = TOLK_DOCUMENT_DOCX;
	} else {
		zip_file_t *m = zip_fopen(z, "mimetype", 0);
		if (m) {
			static const char odt[] = "application/vnd.oasis.opendocument.text";
			char buf[64];
			zip_int64_t got = zip_fread(m, buf, sizeof buf);
			if (got == (zip_int64_t)(sizeof odt - 1) && memcmp(buf, odt, sizeof odt - 1) == 0)
				f = TOLK_DOCUMENT_ODT;
			zip_fclose(m);
		}
	}
	zip_quiet_close(z);
	return f;
}

/* ---- XML ---------------------------------------------------------------------------------------- */

int doc_xml_parse(struct _xmlDoc **out, const char *xml, size_t len, const char *name, const char *member)
{
	*out = NULL;
	char where[512];
	snprintf(where, sizeof where, "%s(%s)", name, member);
	if (len > INT_MAX)
		return tolk_error_set_at(TOLK_EINVALID, where, 0, 0, "%s", _("XML member too large"));
	/* no XML_PARSE_NOENT or DTDLOAD: entities are never expanded from outside, nothing is fetched */
	int options = tolk_xml_safe_options() | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return tolk_error_oom();
	tolk_xml_first_error fe;
	memset(&fe, 0, sizeof fe);
	ctxt->_private = &fe;
	ctxt->sax->serror = tolk_xml_keep_first_error;
	tolk_xml_guard(ctxt);
	tolk_xml_quiet quiet;
	tolk_xml_quiet_begin(&quiet);
	xmlDocPtr xdoc = xmlCtxtReadMemory(ctxt, xml, (int)len, NULL, NULL, options);
	tolk_xml_quiet_end(&quiet);
	bool encoding = tolk_xml_encoding_failed(ctxt);
	xmlFreeParserCtxt(ctxt);
	if (encoding) {
		xmlFreeDoc(xdoc);
		return tolk_error_set_at(TOLK_EINVALID, where, 0, 0, "%s",
		                         _("the XML is not in the encoding it declares"));
	}
	if (xdoc && (xdoc->intSubset || xdoc->extSubset)) {
		/* Word and OpenDocument files never carry a DTD: entities in one could only be an attack */
		xmlFreeDoc(xdoc);
		return tolk_error_set_at(TOLK_EINVALID, where, 0, 0, "%s",
		                         _("a document type declaration (DTD) is not allowed here"));
	}
	if (xdoc && !fe.set && xmlDocGetRootElement(xdoc)) {
		*out = xdoc;
		return 0;
	}
	xmlFreeDoc(xdoc);
	if (!fe.set)
		return tolk_error_set_at(TOLK_EINVALID, where, 0, 0, "%s", _("not well-formed XML"));
	return tolk_error_set_at(TOLK_EINVALID, where, (unsigned long)(fe.line > 0 ? fe.line : 0),
	                         (unsigned long)(fe.column > 0 ? fe.column : 0), _("not well-formed XML: %s"), fe.message);
}

int doc_zip_xml(struct _xmlDoc **out, doc_zip *z, const char *member, const char *name)
{
	*out = NULL;
	char *xml;
	size_t len;
	int rc = doc_zip_read(&xml, &len, z, member);
	if (rc == TOLK_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	rc = doc_xml_parse(out, xml, len, name, member);
	free(xml);
	return rc;
}

int doc_zip_main(doc_zip **z, struct _xmlDoc **x, const tolk_document *doc, const char *data, size_t len,
                 const doc_limits *lim, const char *member, const char *missing)
{
	*z = NULL;
	*x = NULL;
	int rc = doc_zip_open(z, data, len, doc->name, lim);
	if (rc == 0)
		rc = doc_zip_xml(x, *z, member, doc->name);
	if (rc == 0 && !*x)
		rc = tolk_error_set_at(TOLK_EINVALID, doc->name, 0, 0, "%s", missing);
	return rc;
}
