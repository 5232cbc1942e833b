/*
 * The web page for translators: the files of web/, compiled in, answered at
 * "/" and at their own names; and the headers every answer carries.
 *
 * Why a strict Content-Security-Policy on every answer, JSON included: the
 * page shows text from the memory and the term base, which anyone with the
 * token (or a TMX import) can fill. The page inserts that text as text only,
 * and the policy is the second wall: no inline script or style, nothing from
 * another origin, no framing.
 */
#define _POSIX_C_SOURCE 200809L
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "server_private.h"
#include "web_assets.h"

#define SERVE_CSP                                                                                         \
	"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "       \
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

void serve_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", SERVE_CSP);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

/* If-None-Match holds etag, or "*": a list of quoted tags, W/ allowed (the weak comparison RFC 9110 asks). */
static bool etag_listed(const char *header, const char *etag)
{
	size_t n = strlen(etag);
	for (const char *p = header; *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

bool handle_static(request *req, reply *r)
{
	const char *p = req->path;
	if (p[0] != '/')
		return false;
	const web_asset *a = web_asset_find(strcmp(p, "/") == 0 ? "index.html" : p + 1);
	if (!a)
		return false;
	req->route = ROUTE_STATIC;
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		r->allow = "GET";
		reply_error(r, 405, "method_not_allowed", "GET");
		return true;
	}
	/* Revalidated on every load (no-cache + ETag): a new tolk is seen at once, an unchanged page costs a 304. */
	r->etag = a->etag;
	const char *inm = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm && etag_listed(inm, a->etag)) {
		reply_text(r, 304, NULL, NULL, 0);
		return true;
	}
	char *body = malloc(a->len ? a->len : 1);
	if (!body) {
		reply_error(r, 500, "internal", "out of memory");
		return true;
	}
	memcpy(body, a->data, a->len);
	reply_text(r, 200, a->type, body, a->len);
	return true;
}
