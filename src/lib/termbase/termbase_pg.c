/*
 * The term base in PostgreSQL: a department's one term base, edited by many
 * at once and served by several `tolk serve` processes. All libpq details live
 * here.
 *
 * Reading loads every concept into the same in-memory tolk_termbase a TBX file
 * gives, so recognition, lookup and the check are the file's code. Editing
 * keeps a copy of the concepts as they were read (the base); a commit is one
 * transaction that, for every concept whose local state differs from its base,
 * locks that concept's row and merges three ways: a field, term or definition
 * that this editor changed is written when the database still holds the base
 * value (or already holds ours); when another editor changed the same thing
 * since we read it, the commit is refused as a conflict and nothing is saved.
 * So two editors never lose an edit: edits of different terms, fields or
 * concepts are all kept; an edit of the same thing is first-committer-wins
 * and the second editor is told. Rows are locked in concept-id order, so two
 * commits never deadlock. Every commit that changed something sends
 * NOTIFY tolk_termbase, which `tolk serve` listens for.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "termbase_priv.h"

#define TB_PG_SCHEMA_VERSION 1
#define TB_PG_CHANNEL "tolk_termbase"
/* pg_advisory_xact_lock key that serialises creating the schema ("tolkTB" in ASCII) */
#define TB_PG_SCHEMA_LOCK "118118111108107084"

struct tb_pg {
	PGconn *conn;
	char *where;          /* the URI without its password, for messages */
	tolk_termbase *base;  /* the concepts as read (edit sessions only) */
};

static const char *const schema_sql =
	"CREATE TABLE IF NOT EXISTS tolk_tb_schema (version integer NOT NULL);"
	"CREATE TABLE IF NOT EXISTS tolk_tb_concepts ("
	"  id text PRIMARY KEY, seq bigserial NOT NULL, subject_field text, note text,"
	"  en_first boolean NOT NULL DEFAULT false);"
	"CREATE TABLE IF NOT EXISTS tolk_tb_terms ("
	"  concept_id text NOT NULL REFERENCES tolk_tb_concepts(id) ON DELETE CASCADE,"
	"  lang_code smallint NOT NULL CHECK (lang_code IN (0, 1)), lang text NOT NULL, term text NOT NULL,"
	"  status smallint NOT NULL, part_of_speech text, note text, context text, seq bigserial NOT NULL,"
	"  PRIMARY KEY (concept_id, lang_code, term));"
	"CREATE TABLE IF NOT EXISTS tolk_tb_definitions ("
	"  concept_id text NOT NULL REFERENCES tolk_tb_concepts(id) ON DELETE CASCADE,"
	"  lang_code smallint NOT NULL CHECK (lang_code IN (0, 1)), lang text NOT NULL, text text NOT NULL,"
	"  seq bigserial NOT NULL, PRIMARY KEY (concept_id, lang_code));"
	"CREATE SEQUENCE IF NOT EXISTS tolk_tb_concept_ids;";

bool tb_is_pg(const char *location)
{
	return location && (strncmp(location, "postgresql://", 13) == 0 || strncmp(location, "postgres://", 11) == 0);
}

bool tolk_termbase_is_database(const char *location)
{
	return tb_is_pg(location);
}

/* The URI as a message may show it: "user:secret@" loses ":secret". */
static char *redact(const char *uri)
{
	char *s = tolk_strdup(uri);
	if (!s)
		return NULL;
	char *scheme = strstr(s, "://");
	char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
	if (at && (!slash || at < slash)) {
		char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
		if (colon)
			memmove(colon, at, strlen(at) + 1);
	}
	return s;
}

/* libpq's message without its trailing newline, on one line. */
static const char *pq_message(PGconn *conn, tolk_buf *buf)
{
	tolk_buf_clear(buf);
	const char *m = conn ? PQerrorMessage(conn) : "out of memory";
	for (; *m; m++) {
		if ((*m == '\t' || *m == '\n') && buf->len && buf->ptr[buf->len - 1] == ' ')
			continue;
		if (tolk_buf_putc(buf, *m == '\n' || *m == '\t' ? ' ' : *m) < 0)
			return "out of memory";
	}
	while (buf->len && buf->ptr[buf->len - 1] == ' ')
		buf->ptr[--buf->len] = '\0';
	return buf->len ? buf->ptr : "error";
}

static int pg_error(struct tb_pg *pg, int code, const char *what)
{
	tolk_buf m = TOLK_BUF_INIT;
	int rc = tolk_error_set_at(code, pg->where, 0, 0, "%s: %s", what, pq_message(pg->conn, &m));
	tolk_buf_free(&m);
	return rc;
}

static int pg_result_error(struct tb_pg *pg, PGresult *res, const char *what)
{
	const char *m = res ? PQresultErrorMessage(res) : NULL;
	if (!m || !*m)
		return pg_error(pg, TOLK_EIO, what);
	tolk_buf b = TOLK_BUF_INIT;
	for (; *m; m++)
		if (tolk_buf_putc(&b, *m == '\n' ? ' ' : *m) < 0)
			break;
	while (b.len && b.ptr[b.len - 1] == ' ')
		b.ptr[--b.len] = '\0';
	int rc = tolk_error_set_at(TOLK_EIO, pg->where, 0, 0, "%s: %s", what, b.ptr ? b.ptr : "error");
	tolk_buf_free(&b);
	return rc;
}

/* Run a statement without parameters (or results that matter); 0 or an error naming what. */
static int pg_exec(struct tb_pg *pg, const char *sql, const char *what)
{
	PGresult *res = PQexec(pg->conn, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : pg_result_error(pg, res, what);
	PQclear(res);
	return rc;
}

/* A parameterised statement: text never becomes SQL. *out (may be NULL) gets the result. */
static int pg_params(PGresult **out, struct tb_pg *pg, const char *sql, int n, const char *const *values,
                     const char *what)
{
	if (out)
		*out = NULL;
	PGresult *res = PQexecParams(pg->conn, sql, n, NULL, values, NULL, NULL, 0);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = pg_result_error(pg, res, what);
		PQclear(res);
		return rc;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return 0;
}

static void pg_free(struct tb_pg *pg)
{
	if (!pg)
		return;
	PQfinish(pg->conn);
	tolk_termbase_free(pg->base);
	free(pg->where);
	free(pg);
}

/* Notices (a server going down says so through one) are not tolk's messages: the error that follows is. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_connect(struct tb_pg **out, const char *uri)
{
	*out = NULL;
	struct tb_pg *pg = tolk_calloc(1, sizeof(*pg));
	if (!pg)
		return TOLK_ENOMEM;
	if (!(pg->where = redact(uri))) {
		free(pg);
		return TOLK_ENOMEM;
	}
	pg->conn = PQconnectdb(uri);
	if (!pg->conn || PQstatus(pg->conn) != CONNECTION_OK) {
		int rc = pg_error(pg, TOLK_EIO, _("cannot connect to PostgreSQL"));
		pg_free(pg);
		return rc;
	}
	PQsetNoticeProcessor(pg->conn, quiet, NULL);
	/* Text goes in and out as UTF-8 whatever the server's or the client's locale. */
	if (PQsetClientEncoding(pg->conn, "UTF8") != 0) {
		int rc = pg_error(pg, TOLK_EIO, _("cannot set the client encoding to UTF-8"));
		pg_free(pg);
		return rc;
	}
	*out = pg;
	return 0;
}

/*
 * The schema's version: 0 when there is none, else what the table says. A
 * newer schema than this tolk knows is refused: its meaning may have changed.
 */
static int schema_version(int *out, struct tb_pg *pg)
{
	*out = 0;
	PGresult *res;
	int rc = pg_params(&res, pg, "SELECT to_regclass('tolk_tb_schema') IS NOT NULL", 0, NULL,
	                   _("cannot read the term base schema"));
	if (rc < 0)
		return rc;
	bool exists = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!exists)
		return 0;
	if ((rc = pg_params(&res, pg, "SELECT max(version) FROM tolk_tb_schema", 0, NULL,
	                    _("cannot read the term base schema"))) < 0)
		return rc;
	*out = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ? atoi(PQgetvalue(res, 0, 0)) : 0;
	PQclear(res);
	if (*out > TB_PG_SCHEMA_VERSION)
		return tolk_error_set_at(TOLK_EINVALID, pg->where, 0, 0,
		                         _("the term base has schema version %d; this tolk knows versions up to %d: "
		                           "use a newer tolk"),
		                         *out, TB_PG_SCHEMA_VERSION);
	return 0;
}

/* Create the tables when absent; several editors may try at once, so under an advisory lock. */
static int ensure_schema(struct tb_pg *pg)
{
	int version, rc;
	if ((rc = pg_exec(pg, "BEGIN", _("cannot create the term base"))) < 0)
		return rc;
	if ((rc = pg_exec(pg, "SELECT pg_advisory_xact_lock(" TB_PG_SCHEMA_LOCK ")", _("cannot create the term base"))) <
	            0 ||
	    (rc = schema_version(&version, pg)) < 0)
		goto fail;
	if (version == 0) {
		if ((rc = pg_exec(pg, schema_sql, _("cannot create the term base"))) < 0 ||
		    (rc = pg_exec(pg, "INSERT INTO tolk_tb_schema (version) VALUES (1)", _("cannot create the term base"))) < 0)
			goto fail;
	}
	return pg_exec(pg, "COMMIT", _("cannot create the term base"));
fail:
	PQclear(PQexec(pg->conn, "ROLLBACK"));
	return rc;
}

/* ---- loading ------------------------------------------------------------------------------- */

static const char *col(PGresult *res, int row, int c)
{
	return PQgetisnull(res, row, c) ? NULL : PQgetvalue(res, row, c);
}

static char *adup(tolk_termbase *tb, const char *s)
{
	return s ? tolk_arena_strdup(&tb->arena, s) : NULL;
}

/* All concepts, in one snapshot: a concurrent commit is seen whole or not at all. */
static int pg_load_all(tolk_termbase *tb, struct tb_pg *pg)
{
	static const char *const q_concepts = "SELECT id, subject_field, note FROM tolk_tb_concepts ORDER BY seq";
	/* Each concept's terms grouped by language, the first language as the concept has it first. */
	static const char *const q_terms =
		"SELECT t.lang, t.term, t.status, t.part_of_speech, t.note, t.context FROM tolk_tb_terms t "
		"JOIN tolk_tb_concepts c ON c.id = t.concept_id "
		"ORDER BY c.seq, (t.lang_code = CASE WHEN c.en_first THEN 1 ELSE 0 END) DESC, t.seq";
	static const char *const q_count =
		"SELECT c.id, (SELECT count(*) FROM tolk_tb_terms t WHERE t.concept_id = c.id), "
		"(SELECT count(*) FROM tolk_tb_definitions d WHERE d.concept_id = c.id) FROM tolk_tb_concepts c ORDER BY c.seq";
	static const char *const q_defs = "SELECT d.lang, d.text FROM tolk_tb_definitions d "
	                                  "JOIN tolk_tb_concepts c ON c.id = d.concept_id ORDER BY c.seq, d.seq";
	PGresult *rc_res = NULL, *rt = NULL, *rn = NULL, *rd = NULL;
	int rc = pg_exec(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", _("cannot read the term base"));
	if (rc < 0)
		return rc;
	int version;
	if ((rc = schema_version(&version, pg)) < 0)
		goto done;
	if (version == 0) {
		rc = tolk_error_set_at(TOLK_ENOTFOUND, pg->where, 0, 0,
		                       _("no term base in this database yet; make one with 'tolk term import' or "
		                         "'tolk term add'"));
		goto done;
	}
	if ((rc = pg_params(&rc_res, pg, q_concepts, 0, NULL, _("cannot read the term base"))) < 0 ||
	    (rc = pg_params(&rn, pg, q_count, 0, NULL, _("cannot read the term base"))) < 0 ||
	    (rc = pg_params(&rt, pg, q_terms, 0, NULL, _("cannot read the term base"))) < 0 ||
	    (rc = pg_params(&rd, pg, q_defs, 0, NULL, _("cannot read the term base"))) < 0)
		goto done;
	int n = PQntuples(rc_res), tr = 0, dr = 0;
	if (PQntuples(rn) != n) {
		rc = tolk_error_set_at(TOLK_EIO, pg->where, 0, 0, _("the term base changed while it was read"));
		goto done;
	}
	for (int i = 0; i < n; i++) {
		tolk_concept c = {0};
		size_t nt = strtoul(PQgetvalue(rn, i, 1), NULL, 10), nd = strtoul(PQgetvalue(rn, i, 2), NULL, 10);
		if ((size_t)(PQntuples(rt) - tr) < nt || (size_t)(PQntuples(rd) - dr) < nd) {
			rc = tolk_error_set_at(TOLK_EIO, pg->where, 0, 0, _("the term base changed while it was read"));
			goto done;
		}
		c.id = adup(tb, col(rc_res, i, 0));
		c.subject_field = adup(tb, col(rc_res, i, 1));
		c.note = adup(tb, col(rc_res, i, 2));
		tolk_term_entry *terms = nt ? tolk_arena_alloc(&tb->arena, nt * sizeof(*terms)) : NULL;
		tolk_lang_definition *defs = nd ? tolk_arena_alloc(&tb->arena, nd * sizeof(*defs)) : NULL;
		if (!c.id || (nt && !terms) || (nd && !defs)) {
			rc = TOLK_ENOMEM;
			goto done;
		}
		for (size_t t = 0; t < nt; t++, tr++) {
			tolk_term_entry *e = &terms[t];
			memset(e, 0, sizeof(*e));
			e->lang = adup(tb, col(rt, tr, 0));
			e->term = adup(tb, col(rt, tr, 1));
			e->status = (tolk_term_status)atoi(PQgetvalue(rt, tr, 2));
			const char *pos = col(rt, tr, 3);
			/* the picklist's own spelling, as the TBX reader keeps it */
			if (pos && tb_pos_canonical(&e->part_of_speech, pos) < 0) {
				tolk_error_clear();
				e->part_of_speech = adup(tb, pos);
			}
			e->note = adup(tb, col(rt, tr, 4));
			e->context = adup(tb, col(rt, tr, 5));
			if ((unsigned)e->status > TOLK_TERM_SUPERSEDED)
				e->status = TOLK_TERM_ADMITTED;
			if (!e->lang || !e->term) {
				rc = TOLK_ENOMEM;
				goto done;
			}
		}
		for (size_t d = 0; d < nd; d++, dr++) {
			defs[d].lang = adup(tb, col(rd, dr, 0));
			defs[d].text = adup(tb, col(rd, dr, 1));
			if (!defs[d].lang || !defs[d].text) {
				rc = TOLK_ENOMEM;
				goto done;
			}
		}
		c.terms = terms;
		c.term_count = nt;
		c.definitions = defs;
		c.definition_count = nd;
		if ((rc = tb_push_concept(tb, &c)) < 0)
			goto done;
	}
	long dup;
	if ((rc = tb_build_ids(&dup, tb)) < 0)
		goto done;
	rc = pg_exec(pg, "COMMIT", _("cannot read the term base"));
done:
	if (rc < 0)
		PQclear(PQexec(pg->conn, "ROLLBACK"));
	PQclear(rc_res);
	PQclear(rt);
	PQclear(rn);
	PQclear(rd);
	return rc;
}

int tb_pg_load(tolk_termbase *tb, const char *uri)
{
	struct tb_pg *pg;
	int rc = pg_connect(&pg, uri);
	if (rc < 0)
		return rc;
	rc = pg_load_all(tb, pg);
	pg_free(pg);
	return rc;
}

/* A copy of src's concepts, strings and all, in dst (empty). */
static int copy_concepts(tolk_termbase *dst, const tolk_termbase *src)
{
	for (size_t i = 0; i < src->nconcepts; i++) {
		const tolk_concept *s = &src->concepts[i];
		tolk_concept c = {adup(dst, s->id), adup(dst, s->subject_field), adup(dst, s->note), NULL, 0, NULL, 0};
		tolk_term_entry *terms =
			s->term_count ? tolk_arena_alloc(&dst->arena, s->term_count * sizeof(*terms)) : NULL;
		tolk_lang_definition *defs =
			s->definition_count ? tolk_arena_alloc(&dst->arena, s->definition_count * sizeof(*defs)) : NULL;
		if (!c.id || (s->term_count && !terms) || (s->definition_count && !defs))
			return TOLK_ENOMEM;
		for (size_t t = 0; t < s->term_count; t++) {
			const tolk_term_entry *e = &s->terms[t];
			terms[t] = (tolk_term_entry){adup(dst, e->lang), adup(dst, e->term), e->status, adup(dst, e->part_of_speech),
			                             adup(dst, e->note), adup(dst, e->context)};
		}
		for (size_t d = 0; d < s->definition_count; d++)
			defs[d] = (tolk_lang_definition){adup(dst, s->definitions[d].lang), adup(dst, s->definitions[d].text)};
		c.terms = terms;
		c.term_count = s->term_count;
		c.definitions = defs;
		c.definition_count = s->definition_count;
		int rc = tb_push_concept(dst, &c);
		if (rc < 0)
			return rc;
	}
	long dup;
	return tb_build_ids(&dup, dst);
}

static int snapshot(struct tb_pg *pg, const tolk_termbase *tb)
{
	tolk_termbase_free(pg->base);
	pg->base = NULL;
	int rc = tolk_termbase_new(&pg->base);
	if (rc == 0)
		rc = copy_concepts(pg->base, tb);
	return rc;
}

int tb_pg_open_edit(tolk_termbase *tb, const char *uri, bool create)
{
	struct tb_pg *pg;
	int rc = pg_connect(&pg, uri);
	if (rc < 0)
		return rc;
	const char *standby = PQparameterStatus(pg->conn, "in_hot_standby");
	if (standby && strcmp(standby, "on") == 0) {
		rc = tolk_error_set_at(TOLK_EINVALID, pg->where, 0, 0,
		                       _("this server is a read-only replica: edit the term base on the primary"));
		pg_free(pg);
		return rc;
	}
	if ((create && (rc = ensure_schema(pg)) < 0) || (rc = pg_load_all(tb, pg)) < 0 || (rc = snapshot(pg, tb)) < 0) {
		pg_free(pg);
		return rc;
	}
	tb->pg = pg;
	return 0;
}

void tb_pg_close(tolk_termbase *tb)
{
	pg_free(tb->pg);
	tb->pg = NULL;
}

int tb_pg_new_id(char **out, tolk_termbase *tb)
{
	*out = NULL;
	struct tb_pg *pg = tb->pg;
	/* A database sequence: editors adding at the same time never pick the same fresh id. */
	for (;;) {
		PGresult *res;
		int rc = pg_params(&res, pg,
		                   "SELECT 'c' || n, EXISTS (SELECT 1 FROM tolk_tb_concepts WHERE id = 'c' || n) "
		                   "FROM nextval('tolk_tb_concept_ids') AS n",
		                   0, NULL, _("cannot make a concept id"));
		if (rc < 0)
			return rc;
		bool taken = strcmp(PQgetvalue(res, 0, 1), "t") == 0 || tb_find_concept(tb, PQgetvalue(res, 0, 0)) >= 0;
		if (!taken)
			*out = tolk_strdup(PQgetvalue(res, 0, 0));
		PQclear(res);
		if (!taken)
			return *out ? 0 : TOLK_ENOMEM;
	}
}

/* ---- committing: a three-way merge per concept ------------------------------------------------ */

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_entry(const tolk_term_entry *a, const tolk_term_entry *b)
{
	if (!a || !b)
		return a == b;
	return same_str(a->lang, b->lang) && same_str(a->term, b->term) && a->status == b->status &&
	       same_str(a->part_of_speech, b->part_of_speech) && same_str(a->note, b->note) &&
	       same_str(a->context, b->context);
}

static const char *definition_of(const tolk_concept *c, int code)
{
	for (size_t d = 0; c && d < c->definition_count; d++)
		if (tb_lang_code(c->definitions[d].lang) == code)
			return c->definitions[d].text;
	return NULL;
}

static const char *definition_lang(const tolk_concept *c, int code)
{
	for (size_t d = 0; c && d < c->definition_count; d++)
		if (tb_lang_code(c->definitions[d].lang) == code)
			return c->definitions[d].lang;
	return code ? "en" : "nl";
}

static bool en_first(const tolk_concept *c)
{
	return c && c->term_count && tb_lang_code(c->terms[0].lang) == 1;
}

static bool same_concept(const tolk_concept *a, const tolk_concept *b)
{
	if (!a || !b)
		return a == b;
	if (!same_str(a->subject_field, b->subject_field) || !same_str(a->note, b->note) ||
	    a->term_count != b->term_count || en_first(a) != en_first(b) ||
	    !same_str(definition_of(a, 0), definition_of(b, 0)) || !same_str(definition_of(a, 1), definition_of(b, 1)))
		return false;
	for (size_t t = 0; t < a->term_count; t++)
		if (!same_entry(&a->terms[t], tb_find_term(b, tb_lang_code(a->terms[t].lang), a->terms[t].term)))
			return false;
	return true;
}

/* The concept as the database holds it now (under its row lock): fields, terms, definitions. */
typedef struct db_concept {
	bool exists;
	PGresult *row, *terms, *defs;
} db_concept;

static void db_concept_clear(db_concept *d)
{
	PQclear(d->row);
	PQclear(d->terms);
	PQclear(d->defs);
	memset(d, 0, sizeof(*d));
}

static int db_concept_read(db_concept *d, struct tb_pg *pg, const char *id)
{
	const char *p[1] = {id};
	int rc;
	memset(d, 0, sizeof(*d));
	if ((rc = pg_params(&d->row, pg, "SELECT subject_field, note FROM tolk_tb_concepts WHERE id = $1 FOR UPDATE", 1, p,
	                    _("cannot lock a concept"))) < 0)
		return rc;
	d->exists = PQntuples(d->row) == 1;
	if ((rc = pg_params(&d->terms, pg,
	                    "SELECT lang_code, term, lang, status, part_of_speech, note, context FROM tolk_tb_terms "
	                    "WHERE concept_id = $1",
	                    1, p, _("cannot read a concept"))) < 0 ||
	    (rc = pg_params(&d->defs, pg, "SELECT lang_code, text FROM tolk_tb_definitions WHERE concept_id = $1", 1, p,
	                    _("cannot read a concept"))) < 0)
		return rc;
	return 0;
}

/* The database's row of term (lang code, text), or -1. */
static int db_term_row(const db_concept *d, int code, const char *term)
{
	for (int r = 0; r < PQntuples(d->terms); r++)
		if (atoi(PQgetvalue(d->terms, r, 0)) == code && strcmp(PQgetvalue(d->terms, r, 1), term) == 0)
			return r;
	return -1;
}

static bool db_term_equals(const db_concept *d, int r, const tolk_term_entry *e)
{
	if (r < 0 || !e)
		return r < 0 && !e;
	return same_str(PQgetvalue(d->terms, r, 2), e->lang) && atoi(PQgetvalue(d->terms, r, 3)) == (int)e->status &&
	       same_str(col(d->terms, r, 4), e->part_of_speech) && same_str(col(d->terms, r, 5), e->note) &&
	       same_str(col(d->terms, r, 6), e->context);
}

static const char *db_definition(const db_concept *d, int code)
{
	for (int r = 0; r < PQntuples(d->defs); r++)
		if (atoi(PQgetvalue(d->defs, r, 0)) == code)
			return PQgetvalue(d->defs, r, 1);
	return NULL;
}

/* Does the database's concept still hold exactly base (so removing it loses nobody's edit)? */
static bool db_is(const db_concept *d, const tolk_concept *base)
{
	if (!d->exists)
		return !base;
	if (!base || (size_t)PQntuples(d->terms) != base->term_count ||
	    !same_str(col(d->row, 0, 0), base->subject_field) || !same_str(col(d->row, 0, 1), base->note) ||
	    !same_str(db_definition(d, 0), definition_of(base, 0)) || !same_str(db_definition(d, 1), definition_of(base, 1)))
		return false;
	for (size_t t = 0; t < base->term_count; t++) {
		const tolk_term_entry *e = &base->terms[t];
		if (!db_term_equals(d, db_term_row(d, tb_lang_code(e->lang), e->term), e))
			return false;
	}
	return true;
}

static int conflict(struct tb_pg *pg, const char *id, const char *what)
{
	return tolk_error_set_at(TOLK_ELOCKED, pg->where, 0, 0,
	                         _("concept '%s' was changed by another editor since this edit read it (%s); nothing "
	                           "was saved: run the edit again"),
	                         id, what);
}

/*
 * Statements sent in a pipeline: a new concept's rows go out without waiting
 * for each answer (an import of thousands of concepts would otherwise spend
 * its time on round trips). Flushed every PIPE_MAX statements, so answers
 * never pile up.
 */
#define PIPE_MAX 256
typedef struct pg_pipe {
	struct tb_pg *pg;
	size_t queued;
	bool *flag[PIPE_MAX]; /* set when that statement returned a row, or NULL */
	int rc;
} pg_pipe;

static int pipe_flush(pg_pipe *pp)
{
	if (!pp->queued)
		return pp->rc;
	PGconn *conn = pp->pg->conn;
	if (!PQpipelineSync(conn) && pp->rc == 0)
		pp->rc = pg_error(pp->pg, TOLK_EIO, _("cannot save the term base"));
	for (size_t k = 0; k < pp->queued; k++) {
		PGresult *r = PQgetResult(conn);
		ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		if ((st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) && pp->flag[k])
			*pp->flag[k] = PQntuples(r) == 1;
		else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && pp->rc == 0)
			pp->rc = pg_result_error(pp->pg, r, _("cannot save the term base"));
		PQclear(r);
		if (r)
			PQclear(PQgetResult(conn)); /* the NULL that ends each statement's results */
	}
	PGresult *r = PQgetResult(conn); /* the sync */
	if ((!r || PQresultStatus(r) != PGRES_PIPELINE_SYNC) && pp->rc == 0)
		pp->rc = pg_result_error(pp->pg, r, _("cannot save the term base"));
	PQclear(r);
	pp->queued = 0;
	return pp->rc;
}

static int pipe_send(pg_pipe *pp, const char *sql, int n, const char *const *values, bool *flag)
{
	if (pp->rc < 0)
		return pp->rc;
	if (!PQsendQueryParams(pp->pg->conn, sql, n, NULL, values, NULL, NULL, 0)) {
		pp->rc = pg_error(pp->pg, TOLK_EIO, _("cannot save the term base"));
		return pp->rc;
	}
	pp->flag[pp->queued++] = flag;
	return pp->queued == PIPE_MAX ? pipe_flush(pp) : 0;
}

static void term_params(const char **p, char *code, char *status, const char *id, const tolk_term_entry *e)
{
	code[0] = (char)('0' + tb_lang_code(e->lang));
	code[1] = '\0';
	snprintf(status, 4, "%d", (int)e->status);
	const char *v[8] = {id, code, e->term, e->lang, status, e->part_of_speech, e->note, e->context};
	memcpy(p, v, sizeof(v));
}

#define SQL_INSERT_TERM                                                                                       \
	"INSERT INTO tolk_tb_terms (concept_id, lang_code, term, lang, status, part_of_speech, note, context) " \
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
#define SQL_INSERT_DEFINITION \
	"INSERT INTO tolk_tb_definitions (concept_id, lang_code, lang, text) VALUES ($1, $2, $3, $4)"

static int put_term(struct tb_pg *pg, const char *id, const tolk_term_entry *e, bool exists)
{
	char code[2], status[4];
	const char *p[8];
	term_params(p, code, status, id, e);
	return pg_params(NULL, pg,
	                 exists ? "UPDATE tolk_tb_terms SET lang = $4, status = $5, part_of_speech = $6, note = $7, "
	                          "context = $8 WHERE concept_id = $1 AND lang_code = $2 AND term = $3"
	                        : SQL_INSERT_TERM,
	                 8, p, _("cannot save a term"));
}

/* Merge one concept: base (as read, or NULL), ours (now, or NULL when removed), against the database. */
static int merge_concept(struct tb_pg *pg, const char *id, const tolk_concept *base, const tolk_concept *ours)
{
	db_concept d;
	const char *p[2] = {id, NULL};
	int rc;
	if ((rc = db_concept_read(&d, pg, id)) < 0)
		goto done;
	if (!ours) {
		if (!d.exists)
			goto done; /* removed by another editor too */
		if (!db_is(&d, base)) {
			rc = conflict(pg, id, _("it was edited, and this edit removes it"));
			goto done;
		}
		rc = pg_params(NULL, pg, "DELETE FROM tolk_tb_concepts WHERE id = $1", 1, p, _("cannot remove a concept"));
		goto done;
	}
	if (!d.exists) {
		rc = conflict(pg, id, _("it was removed"));
		goto done;
	}
	/* concept fields */
	static const char *const field_sql[] = {"UPDATE tolk_tb_concepts SET subject_field = $2 WHERE id = $1",
	                                        "UPDATE tolk_tb_concepts SET note = $2 WHERE id = $1"};
	const char *mine[2] = {ours->subject_field, ours->note};
	const char *was[2] = {base ? base->subject_field : NULL, base ? base->note : NULL};
	for (int f = 0; f < 2; f++) {
		const char *theirs = col(d.row, 0, f);
		if (same_str(mine[f], was[f]) || same_str(mine[f], theirs))
			continue;
		if (!same_str(theirs, was[f])) {
			rc = conflict(pg, id, f ? _("its note") : _("its subject field"));
			goto done;
		}
		p[1] = mine[f];
		if ((rc = pg_params(NULL, pg, field_sql[f], 2, p, _("cannot save a concept"))) < 0)
			goto done;
	}
	if (en_first(ours) != en_first(base)) {
		p[1] = en_first(ours) ? "t" : "f";
		if ((rc = pg_params(NULL, pg, "UPDATE tolk_tb_concepts SET en_first = $2 WHERE id = $1", 2, p,
		                    _("cannot save a concept"))) < 0)
			goto done;
	}
	/* terms ours has: new or changed */
	for (size_t t = 0; t < ours->term_count; t++) {
		const tolk_term_entry *e = &ours->terms[t];
		int code = tb_lang_code(e->lang);
		const tolk_term_entry *b = base ? tb_find_term(base, code, e->term) : NULL;
		int r = db_term_row(&d, code, e->term);
		if (same_entry(e, b) || db_term_equals(&d, r, e))
			continue;
		/* theirs must still be the base: absent when we added it, as read when we changed it */
		if (!db_term_equals(&d, r, b)) {
			rc = conflict(pg, id, e->term);
			goto done;
		}
		if ((rc = put_term(pg, id, e, r >= 0)) < 0)
			goto done;
	}
	/* terms the base had and ours removed */
	for (size_t t = 0; base && t < base->term_count; t++) {
		const tolk_term_entry *b = &base->terms[t];
		int code = tb_lang_code(b->lang);
		if (tb_find_term(ours, code, b->term))
			continue;
		int r = db_term_row(&d, code, b->term);
		if (r < 0)
			continue; /* removed by another editor too */
		if (!db_term_equals(&d, r, b)) {
			rc = conflict(pg, id, b->term);
			goto done;
		}
		char c[2] = {(char)('0' + code), 0};
		const char *q[3] = {id, c, b->term};
		if ((rc = pg_params(NULL, pg, "DELETE FROM tolk_tb_terms WHERE concept_id = $1 AND lang_code = $2 AND term = $3",
		                    3, q, _("cannot remove a term"))) < 0)
			goto done;
	}
	/* definitions, one per language */
	for (int code = 0; code < 2; code++) {
		const char *m = definition_of(ours, code), *w = definition_of(base, code), *th = db_definition(&d, code);
		if (same_str(m, w) || same_str(m, th))
			continue;
		if (!same_str(th, w)) {
			rc = conflict(pg, id, _("a definition"));
			goto done;
		}
		char c[2] = {(char)('0' + code), 0};
		const char *q[4] = {id, c, definition_lang(ours, code), m};
		/* a replaced definition goes last, as tolk_termbase_set_definition puts it */
		if ((rc = pg_params(NULL, pg, "DELETE FROM tolk_tb_definitions WHERE concept_id = $1 AND lang_code = $2", 2, q,
		                    _("cannot save a definition"))) < 0 ||
		    (m && (rc = pg_params(NULL, pg, SQL_INSERT_DEFINITION, 4, q, _("cannot save a definition"))) < 0))
			goto done;
	}
	/* Two editors each removing another term of a two-term concept would leave it empty. */
	PGresult *res;
	if ((rc = pg_params(&res, pg, "SELECT count(*) FROM tolk_tb_terms WHERE concept_id = $1", 1, p,
	                    _("cannot read a concept"))) < 0)
		goto done;
	bool empty = strcmp(PQgetvalue(res, 0, 0), "0") == 0;
	PQclear(res);
	if (empty)
		rc = conflict(pg, id, _("its other terms were removed, and this edit would leave it without terms"));
done:
	db_concept_clear(&d);
	return rc;
}

typedef struct change {
	const char *id;
	const tolk_concept *base, *ours;
	long long seq; /* a new concept's place in the order of concepts */
	bool inserted; /* a new concept nobody else made meanwhile: written whole, nothing to merge */
} change;

/*
 * Insert the concepts new to this editor (list sorted by id, so in lock
 * order). One that another editor has made meanwhile is left for the merge.
 */
static int insert_fresh(struct tb_pg *pg, change *list, size_t n)
{
	pg_pipe pp = {pg, 0, {NULL}, 0};
	int rc;
	if (!PQenterPipelineMode(pg->conn))
		return pg_error(pg, TOLK_EIO, _("cannot save the term base"));
	for (size_t i = 0; i < n; i++) {
		const tolk_concept *c = list[i].ours;
		if (!c || list[i].base)
			continue;
		char seq[32];
		snprintf(seq, sizeof(seq), "%lld", list[i].seq);
		const char *p[5] = {c->id, c->subject_field, c->note, en_first(c) ? "t" : "f", seq};
		pipe_send(&pp,
		          "INSERT INTO tolk_tb_concepts (id, subject_field, note, en_first, seq) "
		          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING 1",
		          5, p, &list[i].inserted);
	}
	pipe_flush(&pp);
	for (size_t i = 0; i < n && pp.rc == 0; i++) {
		const tolk_concept *c = list[i].ours;
		if (!list[i].inserted)
			continue;
		for (size_t t = 0; t < c->term_count; t++) {
			char code[2], status[4];
			const char *p[8];
			term_params(p, code, status, c->id, &c->terms[t]);
			pipe_send(&pp, SQL_INSERT_TERM, 8, p, NULL);
		}
		for (size_t k = 0; k < c->definition_count; k++) {
			char code[2] = {(char)('0' + tb_lang_code(c->definitions[k].lang)), 0};
			const char *p[4] = {c->id, code, c->definitions[k].lang, c->definitions[k].text};
			pipe_send(&pp, SQL_INSERT_DEFINITION, 4, p, NULL);
		}
	}
	rc = pipe_flush(&pp);
	if (!PQexitPipelineMode(pg->conn) && rc == 0)
		rc = pg_error(pg, TOLK_EIO, _("cannot save the term base"));
	return rc;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const change *)a)->id, ((const change *)b)->id);
}

int tb_pg_commit(tolk_termbase *tb)
{
	struct tb_pg *pg = tb->pg;
	change *list = NULL;
	size_t n = 0, cap = 0, fresh = 0;
	int rc = 0;
	for (size_t i = 0; i < tb->nconcepts; i++) {
		const tolk_concept *c = &tb->concepts[i];
		long b = tb_find_concept(pg->base, c->id);
		const tolk_concept *base = b >= 0 ? &pg->base->concepts[b] : NULL;
		if (same_concept(c, base))
			continue;
		if (tolk_array_grow((void **)&list, &cap, n + 1, sizeof(*list)) < 0) {
			rc = TOLK_ENOMEM;
			goto done;
		}
		list[n++] = (change){c->id, base, c, 0, false};
		fresh += !base;
	}
	for (size_t i = 0; i < pg->base->nconcepts; i++) {
		const tolk_concept *b = &pg->base->concepts[i];
		if (tb_find_concept(tb, b->id) >= 0)
			continue;
		if (tolk_array_grow((void **)&list, &cap, n + 1, sizeof(*list)) < 0) {
			rc = TOLK_ENOMEM;
			goto done;
		}
		list[n++] = (change){b->id, b, NULL, 0, false};
	}
	if (n == 0)
		goto done;
	/*
	 * A term base edit is on disk when tolk says it is saved, whatever the
	 * server's default; and a watcher told of it by NOTIFY finds it flushed,
	 * so the replica it waits for is sent it (see watch_mark).
	 */
	if ((rc = pg_exec(pg, "BEGIN", _("cannot save the term base"))) < 0 ||
	    (rc = pg_exec(pg, "SET LOCAL synchronous_commit = on", _("cannot save the term base"))) < 0)
		goto done;
	if (fresh) {
		/* New concepts take their places in this editor's order, though written in id order below. */
		char count[32];
		snprintf(count, sizeof(count), "%zu", fresh);
		const char *p[1] = {count};
		PGresult *res;
		if ((rc = pg_params(&res, pg,
		                    "SELECT nextval(pg_get_serial_sequence('tolk_tb_concepts', 'seq')) "
		                    "FROM generate_series(1, $1::bigint) ORDER BY 1",
		                    1, p, _("cannot save the term base"))) < 0) {
			PQclear(PQexec(pg->conn, "ROLLBACK"));
			goto done;
		}
		for (size_t i = 0, k = 0; i < n && k < (size_t)PQntuples(res); i++)
			if (list[i].ours && !list[i].base)
				list[i].seq = atoll(PQgetvalue(res, (int)k++, 0));
		PQclear(res);
	}
	/* one lock order for every editor: no deadlock between two commits */
	qsort(list, n, sizeof(*list), by_id);
	if (fresh)
		rc = insert_fresh(pg, list, n);
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!list[i].inserted)
			rc = merge_concept(pg, list[i].id, list[i].base, list[i].ours);
	if (rc == 0)
		rc = pg_exec(pg, "SELECT pg_notify('" TB_PG_CHANNEL "', '')", _("cannot save the term base"));
	if (rc == 0)
		rc = pg_exec(pg, "COMMIT", _("cannot save the term base"));
	else
		PQclear(PQexec(pg->conn, "ROLLBACK"));
	/* what is in the database now is the base of a further commit */
	if (rc == 0)
		rc = snapshot(pg, tb);
done:
	free(list);
	return rc;
}

/* ---- watching for edits ------------------------------------------------------------------------ */

/*
 * With a replica to read from, an edit is reported once the replica has
 * replayed it, so that the load that follows sees it: NOTIFY arrives from the
 * primary (a standby cannot LISTEN) as soon as the edit commits, when the
 * replica may not have it yet. The primary's WAL position at that moment is
 * past the commit; the watcher waits until the replica's replay position
 * reaches it.
 */
struct tolk_termbase_watch {
	char *uri;
	struct tb_pg *pg;  /* NULL while the server cannot be reached */
	char *read_uri;    /* the replica loads read from, or NULL */
	struct tb_pg *rd;  /* connection to it, NULL while not made */
	char lsn[64];      /* the primary's WAL position the replica must reach; "" when nothing waits */
};

static int watch_connect(tolk_termbase_watch *w)
{
	int rc = pg_connect(&w->pg, w->uri);
	if (rc == 0 && (rc = pg_exec(w->pg, "LISTEN " TB_PG_CHANNEL, _("cannot listen for term base edits"))) < 0) {
		pg_free(w->pg);
		w->pg = NULL;
	}
	return rc;
}

/*
 * Remember how far the primary's WAL is flushed now: the replica must replay
 * up to there. The flush position, because only flushed WAL is streamed: the
 * insert position may lie past records that stay in memory while the primary
 * is idle, and the write position (pg_current_wal_lsn) may lie before an
 * asynchronous commit (synchronous_commit = off) that has already notified,
 * so a replica at it need not have the edit: CI once served a base loaded
 * without the two edits it was told of. Edits commit synchronously (see
 * tb_pg_commit), so the flush position is past the edit notified.
 */
static int watch_mark(tolk_termbase_watch *w)
{
	PGresult *res;
	int rc = pg_params(&res, w->pg, "SELECT pg_current_wal_flush_lsn()", 0, NULL,
	                   _("cannot listen for term base edits"));
	if (rc < 0)
		return rc;
	snprintf(w->lsn, sizeof(w->lsn), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* 1 when the replica has replayed up to w->lsn (or is no standby at all), 0 when not yet. */
static int watch_replayed(tolk_termbase_watch *w)
{
	if (!w->rd) {
		int rc = pg_connect(&w->rd, w->read_uri);
		if (rc < 0)
			return rc;
	}
	const char *values[] = {w->lsn};
	PGresult *res;
	int rc = pg_params(&res, w->rd, "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true)", 1, values,
	                   _("cannot ask the replica how far it has replayed"));
	if (rc < 0) {
		pg_free(w->rd);
		w->rd = NULL;
		return rc;
	}
	rc = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return rc;
}

static double watch_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* An edit is pending: 1 once the replica has it, 0 when timeout_ms passed first, or an error. */
static int watch_until_replayed(tolk_termbase_watch *w, double deadline)
{
	for (;;) {
		int rc = watch_replayed(w);
		if (rc > 0)
			w->lsn[0] = '\0';
		double left = deadline - watch_now_ms();
		if (rc < 0 && left > 0) /* the replica is unreachable: the caller retries after the wait it asked for */
			nanosleep(&(struct timespec){(time_t)(left / 1000), (long)((long)left % 1000) * 1000000L}, NULL);
		if (rc != 0)
			return rc;
		if (left <= 0)
			return 0;
		long ms = left < 25 ? (long)left + 1 : 25; /* replay of a small commit takes milliseconds */
		nanosleep(&(struct timespec){0, ms * 1000000L}, NULL);
	}
}

int tolk_termbase_watch_open(tolk_termbase_watch **out, const char *uri)
{
	return tolk_termbase_watch_open_read(out, uri, NULL);
}

int tolk_termbase_watch_open_read(tolk_termbase_watch **out, const char *uri, const char *read_uri)
{
	*out = NULL;
	if (!tb_is_pg(uri))
		return tolk_error_set(TOLK_EINVALID, _("'%s' is not a PostgreSQL URI (postgresql://…)"), uri ? uri : "");
	if (read_uri && !tb_is_pg(read_uri))
		return tolk_error_set(TOLK_EINVALID, _("'%s' is not a PostgreSQL URI (postgresql://…)"), read_uri);
	tolk_termbase_watch *w = tolk_calloc(1, sizeof(*w));
	if (!w || !(w->uri = tolk_strdup(uri)) || (read_uri && !(w->read_uri = tolk_strdup(read_uri)))) {
		if (w)
			free(w->uri);
		free(w);
		return TOLK_ENOMEM;
	}
	int rc = watch_connect(w);
	/* an edit just before LISTEN may not be on the replica yet: wait for it as for a notified one */
	if (rc == 0 && w->read_uri)
		rc = watch_mark(w);
	if (rc < 0) {
		tolk_termbase_watch_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

int tolk_termbase_watch_wait(tolk_termbase_watch *w, int timeout_ms)
{
	double deadline = watch_now_ms() + timeout_ms;
	if (!w->pg) {
		/* Reconnected: edits may have been made while we could not hear them, so say "changed". */
		struct timespec pause = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
		if (watch_connect(w) == 0) {
			if (!w->read_uri)
				return 1;
			if (watch_mark(w) == 0)
				return watch_until_replayed(w, deadline);
		}
		nanosleep(&pause, NULL);
		return TOLK_EIO;
	}
	if (w->read_uri && w->lsn[0]) {
		int rc = watch_until_replayed(w, deadline);
		if (rc != 0)
			return rc;
		/* not yet: listen meanwhile, the rest of the wait */
		timeout_ms = 0;
	}
	struct pollfd pfd = {PQsocket(w->pg->conn), POLLIN, 0};
	int got = poll(&pfd, 1, timeout_ms);
	if (got < 0 && errno != EINTR)
		return tolk_error_set(TOLK_EIO, "poll: %s", strerror(errno));
	if (got <= 0)
		return 0;
	int changed = 0;
	if (!PQconsumeInput(w->pg->conn) || PQstatus(w->pg->conn) != CONNECTION_OK) {
		int rc = pg_error(w->pg, TOLK_EIO, _("lost the connection that listens for term base edits"));
		pg_free(w->pg);
		w->pg = NULL;
		return rc;
	}
	for (PGnotify *n; (n = PQnotifies(w->pg->conn)) != NULL; PQfreemem(n))
		changed = 1;
	if (!changed || !w->read_uri)
		return changed;
	int rc = watch_mark(w);
	if (rc < 0) {
		pg_free(w->pg);
		w->pg = NULL;
		return rc;
	}
	return watch_until_replayed(w, deadline);
}

void tolk_termbase_watch_free(tolk_termbase_watch *w)
{
	if (!w)
		return;
	pg_free(w->pg);
	pg_free(w->rd);
	free(w->uri);
	free(w->read_uri);
	free(w);
}
