/* tolk serve: the memory and term base over HTTP, for CAT tools and browsers. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "server.h"
#include "tolk/termbase.h"

static const char *const help_more =
    N_("\nGET / is the web page for translators (search, and a check of pasted text).\n"
       "Routes: GET /tmserver/SRC/TGT/unit/TEXT and /api/v1/SRC/TGT/unit/TEXT (the tmserver and\n"
       "amaGama API of Virtaal and Weblate), GET /api/tm/lookup, /api/tm/concordance, /api/term/lookup,\n"
       "POST /api/term/recognize, /api/spell, /api/segment, /api/analyze; writes (POST /api/tm/units,\n"
       "/api/term/terms, /api/term/status) need the bearer token of --token-file. GET /healthz and\n"
       "/metrics (Prometheus) for operations. One log line per request on stderr; SIGTERM or SIGINT\n"
       "stops the server after the requests in flight. docs/api.md describes every route.\n");

/* HOST:PORT, HOST or :PORT; the port 0 means any free one. */
static bool parse_listen(const char *s, char *host, size_t hostsize, unsigned short *port)
{
	const char *colon = strrchr(s, ':');
	size_t hlen = colon ? (size_t)(colon - s) : strlen(s);
	if (hlen >= hostsize)
		return false;
	if (hlen) {
		memcpy(host, s, hlen);
		host[hlen] = '\0';
	}
	if (!colon)
		return true;
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 0 || p > 65535)
		return false;
	*port = (unsigned short)p;
	return true;
}

static int run(int argc, char **argv)
{
	const char *db = cli_default_db(), *db_read = NULL;
	const char *termbase = NULL, *termbase_read = NULL, *words = NULL, *listen = "127.0.0.1:8080";
	const char *threads = NULL, *token = NULL, *max_body = NULL, *timeout = NULL;
	int no_termbase = 0;
	cli_strvec origins = {0};
	const cli_opt opts[] = {
		CLI_OPT_DB(db),
		{CLI_OPT_VALUE, "db-read", 0, &db_read, "URI", N_("look up in this PostgreSQL server (a replica); writes go to --db"), 0},
		{CLI_OPT_VALUE, "termbase", 0, &termbase, "FILE|URI",
		 N_("the term base: a TBX file (default dict/termbase.tbx) or postgresql://…"), 0},
		{CLI_OPT_VALUE, "termbase-read", 0, &termbase_read, "URI",
		 N_("load the term base from this PostgreSQL replica; edits go to --termbase"), 0},
		{CLI_OPT_SWITCH, "no-termbase", 0, &no_termbase, NULL, N_("serve without a term base"), 0},
		{CLI_OPT_VALUE, "words", 0, &words, "FILE", N_("project word list for the spell checker"), 0},
		{CLI_OPT_VALUE, "listen", 0, &listen, "HOST:PORT", N_("address to listen on (default 127.0.0.1:8080)"), 0},
		{CLI_OPT_VALUE, "threads", 0, &threads, "N", N_("worker threads (default: one per CPU)"), 0},
		{CLI_OPT_VALUE, "token-file", 0, &token, "FILE", N_("bearer token that allows writes"), 0},
		{CLI_OPT_MULTI, "allow-origin", 0, &origins, "ORIGIN", N_("let pages from ORIGIN call the API (CORS)"), 0},
		{CLI_OPT_VALUE, "max-body", 0, &max_body, "BYTES", N_("largest request body (default 1048576)"), 0},
		{CLI_OPT_VALUE, "timeout", 0, &timeout, "SECONDS", N_("time a client may take (default 10)"), 0},
		{0, NULL, 0, NULL, NULL, NULL, 0}};
	int status = CLI_EXIT_ERROR;
	char tbbuf[4096], wbuf[4096], host[256] = "127.0.0.1";
	serve_config cfg = {0};

	if (cli_opt_start(opts, argc, argv, "serve", cli_cmd_serve.summary, help_more, &status))
		goto done;
	cfg.db_path = db;
	cfg.db_read = db_read;
	if (!parse_listen(listen, host, sizeof(host), &cfg.port)) {
		status = cli_error(_("--listen wants HOST:PORT, not '%s'"), listen);
		goto done;
	}
	cfg.host = host;
	if (threads) {
		char *end;
		long n = strtol(threads, &end, 10);
		if (*end || n < 1 || n > 256) {
			status = cli_error(_("--threads wants a number from 1 to 256, not '%s'"), threads);
			goto done;
		}
		cfg.threads = (unsigned)n;
	}
	if (max_body) {
		char *end;
		long long n = strtoll(max_body, &end, 10);
		if (*end || n < 1024 || n > (1LL << 30)) {
			status = cli_error(_("--max-body wants a number of bytes from 1024 to 1073741824, not '%s'"), max_body);
			goto done;
		}
		cfg.max_body = (size_t)n;
	}
	if (timeout) {
		char *end;
		long n = strtol(timeout, &end, 10);
		if (*end || n < 1 || n > 3600) {
			status = cli_error(_("--timeout wants a number of seconds from 1 to 3600, not '%s'"), timeout);
			goto done;
		}
		cfg.request_timeout = (unsigned)n;
	}
	if (!no_termbase) {
		const char *env = getenv("TOLK_TERMBASE");
		cfg.termbase_path = termbase ? termbase
		                  : env && *env ? env
		                                : cli_default_path("dict/termbase.tbx", tbbuf, sizeof(tbbuf));
		const char *renv = getenv("TOLK_TERMBASE_READ");
		cfg.termbase_read = termbase_read ? termbase_read : renv && *renv ? renv : NULL;
		if (cfg.termbase_read &&
		    (!tolk_termbase_is_database(cfg.termbase_read) || !tolk_termbase_is_database(cfg.termbase_path))) {
			status = cli_error("%s", _("--termbase-read needs a postgresql:// URI, and --termbase one too"));
			goto done;
		}
		if (!tolk_termbase_is_database(cfg.termbase_path) && access(cfg.termbase_path, R_OK) != 0) {
			status = cli_error(_("no term base at %s (use --termbase FILE, set TOLK_DATADIR, or --no-termbase)"),
			                   cfg.termbase_path);
			goto done;
		}
	}
	if (words) {
		cfg.words_path = words;
	} else {
		const char *path = cli_default_path("dict/words-nl.txt", wbuf, sizeof(wbuf));
		if (access(path, R_OK) == 0)
			cfg.words_path = path;
	}
	cfg.token_file = token;
	cfg.origins = origins.items;
	cfg.norigins = origins.count;
	status = serve_run(&cfg);
done:
	cli_strvec_free(&origins);
	return status;
}

const cli_cmd cli_cmd_serve = {"serve", N_("serve the memory and term base over HTTP"), run};
