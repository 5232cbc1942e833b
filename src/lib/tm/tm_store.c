/*
 * The store: one SQLite file in WAL mode, recognised by its application id
 * and versioned by user_version, so that a foreign or newer file is refused
 * before SQLite touches it.
 *
 * Schema 1:
 *   meta(key, value)              application, schema, created, tolk version
 *   lang(id, tag)                 language tags as the files wrote them
 *   tu(id, dupkey, first_tuv, ntuv, tuid, dates, ids, props, notes)
 *   tuv(id, tu, lang, text, seg_xml, dates, ids, props, notes)
 *                                 a unit's variants have consecutive ids
 *   tuv_fts                       FTS5 over tuv.text, tokenizer "tolk"
 *   df(term, n)                   index documents per term, for ordering a
 *                                 lookup's terms rarest first (a hint: stale
 *                                 counts cost speed, never results)
 *   term_filter(id, upto, bits)   which terms the index holds (tm_terms.c);
 *                                 made by the first import that wants it, and
 *                                 ignored by a tolk that does not know it
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
#include "tm_sketch.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tolk_config.h"

#define TM_APPLICATION_ID 0x746F6C6B /* "tolk" */
#define TM_SCHEMA_VERSION 1
#define TM_APPLICATION_NAME "tolk translation memory"
#define TM_PAGE_SIZE 16384

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE lang(id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE);"
	"CREATE TABLE tu(id INTEGER PRIMARY KEY, dupkey INTEGER NOT NULL, first_tuv INTEGER NOT NULL,"
	" ntuv INTEGER NOT NULL, tuid TEXT, creationdate INTEGER, changedate INTEGER, creationid TEXT,"
	" changeid TEXT, props TEXT, notes TEXT);"
	"CREATE INDEX tu_dupkey ON tu(dupkey);"
	"CREATE TABLE tuv(id INTEGER PRIMARY KEY, tu INTEGER NOT NULL, lang INTEGER NOT NULL,"
	" text TEXT NOT NULL, seg_xml TEXT, creationdate INTEGER, changedate INTEGER, creationid TEXT,"
	" changeid TEXT, props TEXT, notes TEXT);"
	"CREATE TABLE df(term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE tuv_fts USING fts5(text, content='tuv', content_rowid='id', tokenize='tolk', detail=none, columnsize=0);"
	/* fewer, larger merges: a bulk import of a million units spends less time re-merging */
	"INSERT INTO tuv_fts(tuv_fts, rank) VALUES('automerge', 8);";

int tm_sql_error(tolk_tm *tm, int rc)
{
	int saved_errno = errno; /* of the failed write or open, still there when SQLite has not kept it */
	const char *detail = tm && tm->db ? sqlite3_errmsg(tm->db) : sqlite3_errstr(rc);
	const char *path = tm ? tm->path : NULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tolk_error_set_at(TOLK_ELOCKED, path, 0, 0,
		                         _("the translation memory is busy (another process is writing to it)"));
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("the translation memory is damaged (%s); it was not changed"), detail);
	case SQLITE_NOMEM:
		return tolk_error_oom();
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM: {
		/* "disk I/O error" alone does not say that the disk is full or the folder read-only */
		int sys = tm && tm->db ? sqlite3_system_errno(tm->db) : 0;
		if (!sys && ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL))
			sys = saved_errno;
		if (sys)
			return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot use the translation memory: %s (%s)"),
			                         detail, strerror(sys));
		return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot use the translation memory: %s"), detail);
	}
	default:
		return tolk_error_set_at(TOLK_ERROR, path, 0, 0, _("translation memory: %s"), detail);
	}
}

int tm_exec(tolk_tm *tm, const char *sql)
{
	int rc = sqlite3_exec(tm->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : tm_sql_error(tm, rc);
}

int tm_prepare(tolk_tm *tm, sqlite3_stmt **st, const char *sql)
{
	int rc = sqlite3_prepare_v3(tm->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	return rc == SQLITE_OK ? 0 : tm_sql_error(tm, rc);
}

sqlite3_stmt *tm_kept(tolk_tm *tm, sqlite3_stmt **st, const char *sql, int *src)
{
	*src = SQLITE_OK;
	if (*st)
		sqlite3_reset(*st);
	else
		*src = sqlite3_prepare_v3(tm->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	return *st;
}

/* ---- recognising the file before SQLite opens it -------------------------------------- */
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool wal_present(const char *path)
{
	tolk_buf wal = TOLK_BUF_INIT;
	struct stat sb;
	bool present = tolk_buf_printf(&wal, "%s-wal", path) == 0 && stat(wal.ptr, &sb) == 0 && sb.st_size > 0;
	tolk_buf_free(&wal);
	return present;
}

/* What check_header found. */
enum { HEADER_OURS, HEADER_HALF_MADE };

/*
 * tolk 0.1 made a new store in place (this one uses build_store), and a
 * first import killed early left, at the store's path, a database of one
 * 16 KiB page (tolk's page size) whose header does not yet carry the
 * application id: either the schema's transaction was committed only to the
 * -wal file (the store is complete, its first checkpoint never happened), or
 * nothing was committed at all (the file holds nothing). Only SQLite can
 * tell, by replaying the -wal file; a stranger's file is not of this shape.
 */
static int probe_unfinished(int *state, const char *path)
{
	sqlite3 *db = NULL;
	int64_t app = -1, tables = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, "SELECT (SELECT application_id FROM pragma_application_id),"
		                       " (SELECT count(*) FROM sqlite_schema)", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW) {
			app = sqlite3_column_int64(st, 0);
			tables = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close_v2(db);
	if (app == TM_APPLICATION_ID) {
		*state = HEADER_OURS;
		return 0;
	}
	if (app == 0 && tables == 0) {
		*state = HEADER_HALF_MADE;
		return 0;
	}
	return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
	                         _("an SQLite database but not a tolk translation memory; refusing to touch it"));
}

/*
 * Read the 100-byte database header ourselves: a file that is not ours, or
 * whose header is inconsistent with its size, is refused without SQLite ever
 * opening it (which could create -wal and -shm files beside a stranger).
 */
static int check_header(int *state, const char *path, off_t size)
{
	*state = HEADER_OURS;
	if (size == 0) {
		*state = HEADER_HALF_MADE; /* an empty file holds nothing to lose */
		return 0;
	}
	unsigned char h[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot open: %s"), strerror(errno));
	ssize_t got = read(fd, h, sizeof(h));
	close(fd);
	if (got < 16 || memcmp(h, "SQLite format 3", 16) != 0)
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("not a tolk translation memory (not an SQLite database); refusing to touch it"));
	if (got < (ssize_t)sizeof(h))
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("the translation memory is damaged (truncated header); it was not changed"));
	unsigned page = (unsigned)h[16] << 8 | h[17];
	if (be32(h + 68) == 0 && be32(h + 60) == 0 && page == TM_PAGE_SIZE && size == TM_PAGE_SIZE)
		return probe_unfinished(state, path);
	if (be32(h + 68) != TM_APPLICATION_ID)
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("an SQLite database but not a tolk translation memory; refusing to touch it"));
	uint32_t version = be32(h + 60);
	if (version > TM_SCHEMA_VERSION)
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("this translation memory has schema %u, made by a newer tolk (this one reads %d)"),
		                         version, TM_SCHEMA_VERSION);
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0)
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("the translation memory is damaged (bad page size); it was not changed"));
	/*
	 * The page count is valid when the change counter matches version-valid-for.
	 * A checkpoint killed halfway can have written page 1 before the pages
	 * that make the file as long as it says: the -wal file still holds them.
	 */
	uint32_t pages = be32(h + 28);
	if (be32(h + 24) == be32(h + 92) && pages > 0 && (uint64_t)size < (uint64_t)pages * page && !wal_present(path))
		return tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                         _("the translation memory is damaged (truncated: %llu of %llu bytes); it was not changed"),
		                         (unsigned long long)size, (unsigned long long)pages * page);
	return 0;
}

static int make_parent_dir(const char *path)
{
	char *dir = tolk_strdup(path);
	if (!dir)
		return TOLK_ENOMEM;
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p && rc == 0; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			if (mkdir(dir, 0777) != 0 && errno != EEXIST)
				rc = tolk_error_set_at(TOLK_EIO, dir, 0, 0, _("cannot create folder: %s"), strerror(errno));
			*p = '/';
		}
		if (rc == 0 && mkdir(dir, 0777) != 0 && errno != EEXIST)
			rc = tolk_error_set_at(TOLK_EIO, dir, 0, 0, _("cannot create folder: %s"), strerror(errno));
	}
	free(dir);
	return rc;
}

static int create_schema(tolk_tm *tm)
{
	int rc = tm_exec(tm, "BEGIN IMMEDIATE");
	if (rc < 0)
		return rc;
	/* another process may have created it between our check and our lock */
	sqlite3_stmt *st = NULL;
	int64_t tables = 0;
	if ((rc = tm_prepare(tm, &st, "SELECT count(*) FROM sqlite_schema")) == 0) {
		if (sqlite3_step(st) == SQLITE_ROW)
			tables = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (rc == 0 && tables == 0) {
		char sql[512];
		char date[17];
		tolk_tmx_date_format(date, time(NULL));
		rc = tm_exec(tm, schema_sql);
		snprintf(sql, sizeof(sql),
		         "INSERT INTO meta VALUES('application', '" TM_APPLICATION_NAME "'),"
		         "('schema', '%d'), ('created', '%s'), ('tolk-version', '%s');"
		         "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		         TM_SCHEMA_VERSION, date, TOLK_VERSION_STRING, TM_APPLICATION_ID, TM_SCHEMA_VERSION);
		if (rc == 0)
			rc = tm_exec(tm, sql);
	}
	if (rc == 0)
		return tm_exec(tm, "COMMIT");
	sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* The files SQLite keeps beside a database while it is in use or after a crash. */
static const char *const companions[] = {"-wal", "-shm", "-journal"};

static int companion_path(tolk_buf *b, const char *path, size_t k)
{
	tolk_buf_clear(b);
	return tolk_buf_printf(b, "%s%s", path, companions[k]);
}

/*
 * A store in a folder this user may not write to (a memory published on a
 * read-only share): SQLite cannot make the -shm file a reader of a WAL store
 * needs, so it is opened immutable, read as the file is. Changes still in a
 * -wal file would be missed: then it is refused with the reason. A writer
 * elsewhere may change it meanwhile: a read then fails with an error, and
 * the file is never written from here.
 */
static int open_uri_if_unwritable(tolk_buf *uri, const char *path)
{
	tolk_buf_clear(uri);
	const char *slash = strrchr(path, '/');
	char *dir = slash ? tolk_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : tolk_strdup(".");
	if (!dir)
		return TOLK_ENOMEM;
	bool writable = access(dir, W_OK) == 0;
	free(dir);
	if (writable)
		return 0;
	tolk_buf wal = TOLK_BUF_INIT;
	struct stat sb;
	if (companion_path(&wal, path, 0) < 0) {
		tolk_buf_free(&wal);
		return TOLK_ENOMEM;
	}
	int rc = 0;
	if (stat(wal.ptr, &sb) == 0 && sb.st_size > 0)
		rc = tolk_error_set_at(TOLK_EINVALID, wal.ptr, 0, 0,
		                       _("holds changes not yet in the memory, which cannot be read from a folder this user "
		                         "may not write to; open the memory once where it can be written"));
	tolk_buf_free(&wal);
	if (rc < 0)
		return rc;
	tolk_buf_puts(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (isalnum(*p) || strchr("/-._~", *p))
			tolk_buf_putc(uri, (char)*p);
		else
			tolk_buf_printf(uri, "%%%02X", *p);
	return tolk_buf_puts(uri, "?immutable=1") < 0 ? TOLK_ENOMEM : 0;
}

/*
 * The store moves into place: linked when the path is free (a store another
 * process made meanwhile wins), or, replacing a file that holds nothing,
 * renamed over it under an exclusive lock on that file, its companions
 * removed first (a stale -wal file would be replayed into the new store).
 */
static int put_in_place(const char *tmp, const char *path, bool replace)
{
	int rc = 0;
	if (!replace) {
		if (link(tmp, path) == 0 || errno == EEXIST)
			return tolk_sync_parent(path);
		if (errno != EPERM && errno != ENOSYS && errno != EOPNOTSUPP)
			return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot create: %s"), strerror(errno));
		/* no hard links on this file system: a rename, which the stat before this made safe enough */
		if (rename(tmp, path) != 0)
			return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot create: %s"), strerror(errno));
		return tolk_sync_parent(path);
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot open: %s"), strerror(errno));
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	struct stat held, now;
	/* another process may have replaced it while we waited: then it is theirs */
	if (fstat(fd, &held) == 0 && stat(path, &now) == 0 && held.st_ino == now.st_ino && held.st_dev == now.st_dev) {
		tolk_buf side = TOLK_BUF_INIT;
		for (size_t k = 0; k < sizeof(companions) / sizeof(*companions) && rc == 0; k++)
			if (companion_path(&side, path, k) < 0)
				rc = TOLK_ENOMEM;
			else if (unlink(side.ptr) != 0 && errno != ENOENT)
				rc = tolk_error_set_at(TOLK_EIO, side.ptr, 0, 0, _("cannot remove: %s"), strerror(errno));
		tolk_buf_free(&side);
		if (rc == 0 && rename(tmp, path) != 0)
			rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot replace: %s"), strerror(errno));
		if (rc == 0)
			rc = tolk_sync_parent(path);
	}
	close(fd);
	return rc;
}

/*
 * A new store is made whole in a temporary file beside its path and only
 * then put in place, so a kill at any moment leaves no store or a complete
 * empty one, never a half-made one (at worst a PATH.tmp.XXXXXX file, which
 * no command reads). It is written in rollback mode, so that the header
 * with the application id is in the file itself, and switched to WAL last.
 */
static int build_store(tolk_tm *tm, bool replace)
{
	char *tmp = NULL;
	int fd = tolk_temp_create(&tmp, tm->path);
	if (fd < 0)
		return fd;
	int rc = 0, src = sqlite3_open_v2(tmp, &tm->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (src != SQLITE_OK)
		rc = tm_sql_error(tm, src);
	if (rc == 0) {
		sqlite3_extended_result_codes(tm->db, 1);
		rc = tm_register_tokenizer(tm->db, tm);
	}
	if (rc == 0)
		rc = tm_exec(tm, "PRAGMA page_size = 16384; PRAGMA synchronous = FULL");
	if (rc == 0)
		rc = create_schema(tm);
	if (rc == 0)
		rc = tm_exec(tm, "PRAGMA journal_mode = WAL");
	if (tm->db && sqlite3_close(tm->db) != SQLITE_OK && rc == 0)
		rc = tm_sql_error(tm, sqlite3_errcode(tm->db));
	tm->db = NULL;
	if (rc == 0 && fsync(fd) != 0)
		rc = tolk_error_set_at(TOLK_EIO, tm->path, 0, 0, _("write error: %s"), strerror(errno));
	if (rc == 0)
		rc = put_in_place(tmp, tm->path, replace);
	unlink(tmp); /* a link's other name, or what a failure left */
	tolk_buf side = TOLK_BUF_INIT;
	for (size_t k = 0; k < sizeof(companions) / sizeof(*companions); k++)
		if (companion_path(&side, tmp, k) == 0)
			unlink(side.ptr);
	tolk_buf_free(&side);
	/* held until here: its flock tells another writer's sweep that we are alive */
	close(fd);
	free(tmp);
	return rc;
}

/* A file whose header is ours may still have lost its tables or be damaged inside. */
static int verify_schema(tolk_tm *tm)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(tm->db, "SELECT value FROM meta WHERE key = 'application'", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		int code = rc;
		sqlite3_finalize(st);
		if ((code & 0xff) == SQLITE_ERROR) /* no meta table */
			return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
			                         _("the translation memory is damaged (%s); it was not changed"),
			                         sqlite3_errmsg(tm->db));
		return tm_sql_error(tm, code);
	}
	rc = sqlite3_step(st);
	bool ours = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	            strcmp((const char *)sqlite3_column_text(st, 0), TM_APPLICATION_NAME) == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tm_sql_error(tm, rc);
	if (!ours)
		return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
		                         _("not a tolk translation memory; refusing to touch it"));
	return 0;
}

static int prepare_statements(tolk_tm *tm)
{
	int rc;
	if ((rc = tm_prepare(tm, &tm->st_tuv, "SELECT id, tu, lang, text FROM tuv WHERE id = ?")) < 0 ||
	    (rc = tm_prepare(tm, &tm->st_unit_tuvs,
	                     "SELECT v.id, v.tu, v.lang, v.text FROM tu JOIN tuv v ON v.id BETWEEN tu.first_tuv AND "
	                     "tu.first_tuv + tu.ntuv - 1 WHERE tu.id = ? ORDER BY v.id")) < 0 ||
	    (rc = tm_prepare(tm, &tm->st_tu,
	                     "SELECT creationdate, changedate, creationid, changeid FROM tu WHERE id = ?")) < 0 ||
	    (rc = tm_prepare(tm, &tm->st_df, "SELECT n FROM df WHERE term = ?")) < 0 ||
	    (rc = tm_prepare(tm, &tm->st_postings, "SELECT tolk_collect(rowid) FROM tuv_fts WHERE tuv_fts MATCH ?")) < 0)
		return rc;
	return 0;
}

int tolk_tm_open(tolk_tm **out, const char *path, unsigned flags)
{
	*out = NULL;
	if (!path || !*path)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory given"));
	return tolk_tm_open_db(out, path, NULL, flags);
}

bool tm_is_uri(const char *name)
{
	size_t scheme = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	return scheme > 0 && strncmp(name + scheme, "://", 3) == 0;
}

bool tm_is_pg_uri(const char *name)
{
	return strncmp(name, "postgresql://", 13) == 0 || strncmp(name, "postgres://", 11) == 0;
}

/* Build the store at tm->path (replace: over a file holding nothing), then read back what its header says. */
static int build_in_place(int *state, tolk_tm *tm, bool replace)
{
	struct stat sb;
	int rc = build_store(tm, replace);
	if (rc < 0)
		return rc;
	if (stat(tm->path, &sb) != 0)
		return tolk_error_set_at(TOLK_EIO, tm->path, 0, 0, _("cannot open: %s"), strerror(errno));
	return check_header(state, tm->path, sb.st_size);
}

int tolk_tm_open_db(tolk_tm **out, const char *path, const char *read_path, unsigned flags)
{
	*out = NULL;
	if (!path || !*path)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory given"));
	/* postgresql://host/db is a server; any other scheme:// is not a file name either */
	bool pg = tm_is_pg_uri(path);
	if (!pg && tm_is_uri(path))
		return tolk_error_set(TOLK_EINVALID,
		                      _("%.*s://...: not a store this tolk knows; give a file's path or a postgresql:// URI"),
		                      (int)strcspn(path, ":"), path);
	if (read_path && (!pg || !tm_is_pg_uri(read_path)))
		return tolk_error_set(TOLK_EINVALID, _("--db-read needs a postgresql:// URI, and --db one too"));
	if (pg) {
		tolk_tm *tm = tolk_calloc(1, sizeof(*tm));
		if (!tm)
			return TOLK_ENOMEM;
		tm->readonly = (flags & TOLK_TM_OPEN_READONLY) != 0;
		tm->src_lang = tolk_strdup("nl");
		tm->tgt_lang = tolk_strdup("en");
		int rc = tm->src_lang && tm->tgt_lang ? tm_pg_open(tm, path, read_path, flags) : TOLK_ENOMEM;
		if (rc < 0) {
			tolk_tm_free(tm);
			return rc;
		}
		*out = tm;
		return 0;
	}
	tolk_tm *tm = tolk_calloc(1, sizeof(*tm));
	if (!tm)
		return TOLK_ENOMEM;
	tm->be = &tm_sqlite_backend;
	tm->readonly = (flags & TOLK_TM_OPEN_READONLY) != 0;
	tm->path = tolk_strdup(path);
	tm->src_lang = tolk_strdup("nl");
	tm->tgt_lang = tolk_strdup("en");
	int rc = 0;
	if (!tm->path || !tm->src_lang || !tm->tgt_lang) {
		rc = TOLK_ENOMEM;
		goto fail;
	}
	struct stat sb;
	int state = HEADER_OURS;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot open: %s"), strerror(errno));
			goto fail;
		}
		if (!(flags & TOLK_TM_OPEN_CREATE) || tm->readonly) {
			rc = tolk_error_set_at(TOLK_ENOTFOUND, path, 0, 0,
			                       _("no translation memory here; 'tolk tm import' creates one"));
			goto fail;
		}
		/* SQLite would replay a stale -wal or -journal file into the new store */
		tolk_buf side = TOLK_BUF_INIT;
		for (size_t k = 0; k < sizeof(companions) / sizeof(*companions) && rc == 0; k++)
			if (companion_path(&side, path, k) < 0)
				rc = TOLK_ENOMEM;
			else if (access(side.ptr, F_OK) == 0)
				rc = tolk_error_set_at(TOLK_EINVALID, side.ptr, 0, 0,
				                       _("left over from a translation memory that is gone; remove it "
				                         "(and the other %s-* files) or choose another name"),
				                       path);
		tolk_buf_free(&side);
		if (rc < 0 || (rc = make_parent_dir(path)) < 0 || (rc = build_in_place(&state, tm, false)) < 0)
			goto fail;
	} else if (!S_ISREG(sb.st_mode)) {
		rc = tolk_error_set_at(TOLK_EINVALID, path, 0, 0, _("not a regular file"));
		goto fail;
	} else if ((rc = check_header(&state, path, sb.st_size)) < 0) {
		goto fail;
	} else if (!tm->readonly && state == HEADER_OURS) {
		/* a creator killed between linking the store and removing its temporary name left that name */
		tolk_temp_sweep(path);
	} else if (state == HEADER_HALF_MADE && (flags & TOLK_TM_OPEN_CREATE) && !tm->readonly) {
		if ((rc = build_in_place(&state, tm, true)) < 0)
			goto fail;
	}
	if (state == HEADER_HALF_MADE) {
		rc = tolk_error_set_at(TOLK_EINVALID, path, 0, 0,
		                       _("holds no translation memory yet (an empty file, or one left unfinished by "
		                         "an interrupted first import); 'tolk tm import' makes one here"));
		goto fail;
	}

	int oflags = tm->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	tolk_buf uri = TOLK_BUF_INIT;
	if (tm->readonly && (rc = open_uri_if_unwritable(&uri, path)) < 0)
		goto fail;
	int src = sqlite3_open_v2(uri.len ? uri.ptr : path, &tm->db, oflags | SQLITE_OPEN_NOMUTEX | (uri.len ? SQLITE_OPEN_URI : 0),
	                          NULL);
	tolk_buf_free(&uri);
	if (src != SQLITE_OK) {
		rc = tm_sql_error(tm, src);
		goto fail;
	}
	sqlite3_extended_result_codes(tm->db, 1);
	sqlite3_busy_timeout(tm->db, 10000);
	if ((rc = tm_register_tokenizer(tm->db, tm)) < 0)
		goto fail;
	if (sqlite3_create_function(tm->db, "tolk_collect", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, tm, NULL,
	                            tm_collect_step, tm_collect_final) != SQLITE_OK) {
		rc = tm_sql_error(tm, sqlite3_errcode(tm->db));
		goto fail;
	}
	if ((rc = tm_exec(tm, "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;"
	                      "PRAGMA cache_size = -65536; PRAGMA mmap_size = 2147418112")) < 0)
		goto fail;
	if ((rc = verify_schema(tm)) < 0 || (rc = tm_langs_load(tm)) < 0 || (rc = prepare_statements(tm)) < 0)
		goto fail;
	*out = tm;
	return 0;
fail:
	tolk_tm_free(tm);
	return rc;
}

int tolk_tm_threads_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		return tolk_error_set(TOLK_EINVALID, _("SQLite is in use already: its memory statistics stay on"));
	return 0;
}

void tolk_tm_free(tolk_tm *tm)
{
	if (!tm)
		return;
	if (tm->be)
		tm->be->close(tm);
	for (size_t k = 0; k < tm->nlangs; k++)
		free(tm->langs[k].tag);
	free(tm->langs);
	tm_scorer_free(&tm->scorer);
	tm_tokens_free(&tm->qtok);
	tm_tokens_free(&tm->ctok);
	free(tm->terms);
	free(tm->path);
	free(tm->src_lang);
	free(tm->tgt_lang);
	free(tm);
}

int tolk_tm_set_langs(tolk_tm *tm, const char *src_lang, const char *tgt_lang)
{
	if (!src_lang || !*src_lang || !tgt_lang || !*tgt_lang)
		return tolk_error_set(TOLK_ELANG, _("a language pair needs two languages"));
	char *s = tolk_strdup(src_lang), *t = tolk_strdup(tgt_lang);
	if (!s || !t) {
		free(s);
		free(t);
		return TOLK_ENOMEM;
	}
	free(tm->src_lang);
	free(tm->tgt_lang);
	tm->src_lang = s;
	tm->tgt_lang = t;
	tm->src_lang_set = true;
	return 0;
}

/* ---- languages ---------------------------------------------------------------------- */
static int langs_push(tolk_tm *tm, int64_t id, const char *tag)
{
	if (tolk_array_grow((void **)&tm->langs, &tm->langs_cap, tm->nlangs + 1, sizeof(*tm->langs)) < 0)
		return TOLK_ENOMEM;
	char *copy = tolk_strdup(tag);
	if (!copy)
		return TOLK_ENOMEM;
	tm->langs[tm->nlangs].id = id;
	tm->langs[tm->nlangs].tag = copy;
	tm->nlangs++;
	return 0;
}

int tm_langs_load(tolk_tm *tm)
{
	return tm->be->langs_load(tm);
}

int tm_sqlite_langs_load(tolk_tm *tm)
{
	for (size_t k = 0; k < tm->nlangs; k++)
		free(tm->langs[k].tag);
	tm->nlangs = 0;
	int rc;
	sqlite3_stmt *st = tm_kept(tm, &tm->st_langs, "SELECT id, tag FROM lang ORDER BY id", &rc);
	if (!st)
		return tm_sql_error(tm, rc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (langs_push(tm, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1)) < 0) {
			sqlite3_reset(st);
			return TOLK_ENOMEM;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : tm_sql_error(tm, rc);
}

int tm_lang_id(int64_t *out, tolk_tm *tm, const char *tag, bool add)
{
	*out = 0;
	for (size_t k = 0; k < tm->nlangs; k++)
		if (strcmp(tm->langs[k].tag, tag) == 0) {
			*out = tm->langs[k].id;
			return 0;
		}
	if (!add)
		return 0;
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(tm, &st, "INSERT INTO lang(tag) VALUES(?)");
	if (rc < 0)
		return rc;
	int src = sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	if (src == SQLITE_OK)
		src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return tm_sql_error(tm, src);
	*out = sqlite3_last_insert_rowid(tm->db);
	return langs_push(tm, *out, tag);
}

const char *tm_lang_tag(const tolk_tm *tm, int64_t id)
{
	for (size_t k = 0; k < tm->nlangs; k++)
		if (tm->langs[k].id == id)
			return tm->langs[k].tag;
	return NULL;
}

bool tm_lang_is(const tolk_tm *tm, int64_t id, const char *wanted)
{
	const char *tag = tm_lang_tag(tm, id);
	return tag && tolk_lang_match(tag, wanted) >= 1;
}

typedef struct best_variant {
	tolk_tm *tm;
	const char *lang;
	int best, rc;
	int64_t *tuv_id;
	char **text;
	const char **tag;
} best_variant;

static int best_variant_row(void *ctx, const tm_row *r)
{
	best_variant *b = ctx;
	const char *t = tm_lang_tag(b->tm, r->lang);
	int m = t ? tolk_lang_match(t, b->lang) : 0;
	if (m <= b->best)
		return 0;
	char *copy = tolk_strdup(r->text ? r->text : "");
	if (!copy)
		return TOLK_ENOMEM;
	free(*b->text);
	*b->text = copy;
	b->best = m;
	*b->tuv_id = r->id;
	*b->tag = t;
	return m == 2 ? 1 : 0;
}

int tm_unit_variant(int64_t *tuv_id, char **text, const char **tag, tolk_tm *tm, int64_t unit_id,
                    const char *lang)
{
	*tuv_id = 0;
	*text = NULL;
	*tag = NULL;
	best_variant b = {tm, lang, 0, 0, tuv_id, text, tag};
	int result = tm->be->unit_variants(tm, unit_id, best_variant_row, &b);
	if (result < 0) {
		free(*text);
		*text = NULL;
	}
	return result;
}

/* ---- stats and checks ---------------------------------------------------------------- */
static int64_t query_int(tolk_tm *tm, const char *sql, int *rc)
{
	sqlite3_stmt *st = NULL;
	int64_t v = 0;
	if ((*rc = tm_prepare(tm, &st, sql)) < 0)
		return 0;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (src != SQLITE_DONE)
		*rc = tm_sql_error(tm, src);
	sqlite3_finalize(st);
	return v;
}

/* ---- the units' source language -------------------------------------------------------- */
static int meta_get(char **out, tolk_tm *tm, const char *key)
{
	*out = NULL;
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(tm, &st, "SELECT value FROM meta WHERE key = ?");
	if (rc < 0)
		return rc;
	if ((rc = tm_bound(tm, sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC))) < 0) {
		sqlite3_finalize(st);
		return rc;
	}
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW && sqlite3_column_text(st, 0) && !(*out = tolk_strdup((const char *)sqlite3_column_text(st, 0))))
		rc = TOLK_ENOMEM;
	else if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = tm_sql_error(tm, src);
	sqlite3_finalize(st);
	return rc;
}

/*
 * A store from before 'srclang' was kept: its units came from tolk's own
 * Dutch-English work unless some unit has no Dutch at all.
 */
static int guess_srclang(char **out, tolk_tm *tm)
{
	*out = NULL;
	int rc = tm_langs_load(tm);
	if (rc < 0)
		return rc;
	tolk_buf ids = TOLK_BUF_INIT;
	for (size_t k = 0; k < tm->nlangs; k++)
		if (tolk_lang_match(tm->langs[k].tag, tm->src_lang) >= 1)
			tolk_buf_printf(&ids, "%s%lld", ids.len ? "," : "", (long long)tm->langs[k].id);
	bool all = false;
	int64_t units = query_int(tm, "SELECT count(*) FROM tu", &rc);
	if (rc == 0 && units == 0) {
		all = true;
	} else if (rc == 0 && ids.len) {
		tolk_buf sql = TOLK_BUF_INIT;
		tolk_buf_printf(&sql,
		                "SELECT count(*) FROM tu WHERE NOT EXISTS (SELECT 1 FROM tuv WHERE tuv.id BETWEEN "
		                "tu.first_tuv AND tu.first_tuv + tu.ntuv - 1 AND tuv.lang IN (%s))",
		                ids.ptr);
		if (sql.ptr)
			all = query_int(tm, sql.ptr, &rc) == 0;
		else
			rc = TOLK_ENOMEM;
		tolk_buf_free(&sql);
	}
	tolk_buf_free(&ids);
	if (rc < 0)
		return rc;
	*out = tolk_strdup(all ? tm->src_lang : "*all*");
	return *out ? 0 : TOLK_ENOMEM;
}

int tm_srclang(char **out, tolk_tm *tm)
{
	return tm->be->srclang(out, tm);
}

int tm_sqlite_srclang(char **out, tolk_tm *tm)
{
	int rc = meta_get(out, tm, "srclang");
	if (rc == 0 && !*out)
		rc = guess_srclang(out, tm);
	if (rc == 0 && strcmp(*out, "*all*") != 0 && tolk_lang_tag_check(*out) < 0) {
		tolk_error_clear(); /* a tag no TMX header may carry: the honest answer is "any" */
		free(*out);
		*out = tolk_strdup("*all*");
		rc = *out ? 0 : TOLK_ENOMEM;
	}
	return rc;
}

int tm_srclang_note(tolk_tm *tm, const char *srclang)
{
	if (!srclang || !*srclang)
		srclang = "*all*";
	char *have = NULL;
	int rc = meta_get(&have, tm, "srclang");
	if (rc == 0 && !have)
		rc = guess_srclang(&have, tm); /* units stored before the language was kept */
	if (rc < 0)
		return rc;
	const char *value = tolk_lang_match(have, srclang) == 2 ? have : "*all*";
	if (query_int(tm, "SELECT count(*) FROM tu", &rc) == 0 && rc == 0)
		value = srclang; /* nothing stored yet: the first import says */
	sqlite3_stmt *st = NULL;
	if (rc == 0 && (rc = tm_prepare(tm, &st, "INSERT OR REPLACE INTO meta(key, value) VALUES('srclang', ?)")) == 0) {
		if ((rc = tm_bound(tm, sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC))) == 0) {
			int src = sqlite3_step(st);
			if (src != SQLITE_DONE)
				rc = tm_sql_error(tm, src);
		}
		sqlite3_finalize(st);
	}
	free(have);
	return rc;
}

/*
 * A language tag as BCP 47 writes it (en-US, zh-Hant-TW): tags are
 * case-insensitive, and TMX files spell the same language EN-US, en-us, En-uS.
 */
static char *canonical_tag(const char *tag)
{
	char *t = tolk_strdup(tag);
	if (!t)
		return NULL;
	for (char *part = t, *end; *part; part = *end ? end + 1 : end) {
		end = part + strcspn(part, "-_");
		size_t n = (size_t)(end - part);
		for (size_t i = 0; i < n; i++) {
			bool upper = part != t && (n == 2 || (n == 4 && i == 0));
			part[i] = (char)(upper ? toupper((unsigned char)part[i]) : tolower((unsigned char)part[i]));
		}
	}
	return t;
}

static int cmp_lang_count(const void *a, const void *b)
{
	const tolk_tm_lang_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->lang, y->lang);
}

int tolk_tm_stats(tolk_tm_summary **out, tolk_tm *tm)
{
	if (!out || !tm)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory"));
	return tm->be->stats(out, tm);
}

int tm_sqlite_stats(tolk_tm_summary **out, tolk_tm *tm)
{
	*out = NULL;
	tolk_tm_summary *s = tolk_calloc(1, sizeof(*s));
	if (!s)
		return TOLK_ENOMEM;
	int rc = tm_exec(tm, "BEGIN"); /* one snapshot for all figures */
	if (rc < 0) {
		free(s);
		return rc;
	}
	sqlite3_stmt *st = NULL;
	size_t langs_cap = 0;
	s->schema_version = TM_SCHEMA_VERSION;
	s->units = (uint64_t)query_int(tm, "SELECT count(*) FROM tu", &rc);
	if (rc == 0)
		s->oldest = (time_t)query_int(tm, "SELECT min(creationdate) FROM tu WHERE creationdate > 0", &rc);
	if (rc == 0)
		s->newest = (time_t)query_int(tm, "SELECT max(max(coalesce(creationdate, 0)), max(coalesce(changedate, 0))) FROM tu", &rc);
	if (rc == 0 && (rc = tm_langs_load(tm)) == 0 &&
	    (rc = tm_prepare(tm, &st, "SELECT lang, count(*) FROM tuv GROUP BY lang ORDER BY 2 DESC")) == 0) {
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW && rc == 0) {
			if (tolk_array_grow((void **)&s->langs, &langs_cap, s->nlangs + 1, sizeof(*s->langs)) < 0) {
				rc = TOLK_ENOMEM;
				break;
			}
			const char *tag = tm_lang_tag(tm, sqlite3_column_int64(st, 0));
			char *canon = canonical_tag(tag ? tag : "?");
			if (!canon) {
				rc = TOLK_ENOMEM;
				break;
			}
			size_t k = 0;
			while (k < s->nlangs && strcmp(s->langs[k].lang, canon) != 0)
				k++;
			if (k < s->nlangs) {
				free(canon); /* the same language spelt another way */
			} else {
				s->langs[s->nlangs].lang = canon;
				s->langs[s->nlangs++].count = 0;
			}
			s->langs[k].count += (uint64_t)sqlite3_column_int64(st, 1);
		}
		if (s->nlangs > 1)
			qsort(s->langs, s->nlangs, sizeof(*s->langs), cmp_lang_count);
		if (rc == 0 && src != SQLITE_DONE)
			rc = tm_sql_error(tm, src);
		sqlite3_finalize(st);
		st = NULL;
	}
	if (rc == 0) {
		/* units with both languages of the pair: count by lang ids, no scan of texts */
		tolk_buf src_ids = TOLK_BUF_INIT, tgt_ids = TOLK_BUF_INIT;
		for (size_t k = 0; k < tm->nlangs; k++) {
			if (tolk_lang_match(tm->langs[k].tag, tm->src_lang) >= 1)
				tolk_buf_printf(&src_ids, "%s%lld", src_ids.len ? "," : "", (long long)tm->langs[k].id);
			if (tolk_lang_match(tm->langs[k].tag, tm->tgt_lang) >= 1)
				tolk_buf_printf(&tgt_ids, "%s%lld", tgt_ids.len ? "," : "", (long long)tm->langs[k].id);
		}
		if (src_ids.len && tgt_ids.len) {
			tolk_buf sql = TOLK_BUF_INIT;
			tolk_buf_printf(&sql,
			                "SELECT count(*) FROM tu WHERE EXISTS (SELECT 1 FROM tuv WHERE tuv.id BETWEEN "
			                "tu.first_tuv AND tu.first_tuv + tu.ntuv - 1 AND tuv.lang IN (%s)) AND EXISTS "
			                "(SELECT 1 FROM tuv WHERE tuv.id BETWEEN tu.first_tuv AND tu.first_tuv + "
			                "tu.ntuv - 1 AND tuv.lang IN (%s))",
			                src_ids.ptr, tgt_ids.ptr);
			if (sql.ptr)
				s->pair_units = (uint64_t)query_int(tm, sql.ptr, &rc);
			else
				rc = TOLK_ENOMEM;
			tolk_buf_free(&sql);
		}
		tolk_buf_free(&src_ids);
		tolk_buf_free(&tgt_ids);
	}
	rc = tm_end_read(tm, rc);
	if (rc < 0) {
		tolk_tm_summary_free(s);
		return rc;
	}
	struct stat sb;
	if (stat(tm->path, &sb) == 0)
		s->file_bytes = (uint64_t)sb.st_size;
	tolk_buf wal = TOLK_BUF_INIT;
	if (tolk_buf_printf(&wal, "%s-wal", tm->path) == 0 && stat(wal.ptr, &sb) == 0)
		s->file_bytes += (uint64_t)sb.st_size;
	tolk_buf_free(&wal);
	*out = s;
	return 0;
}

void tolk_tm_summary_free(tolk_tm_summary *s)
{
	if (!s)
		return;
	for (size_t k = 0; k < s->nlangs; k++)
		free(s->langs[k].lang);
	free(s->langs);
	free(s);
}

static int run_check(tolk_tm *tm, const char *pragma)
{
	sqlite3_stmt *st = NULL;
	int rc = tm_prepare(tm, &st, pragma);
	if (rc < 0)
		return rc;
	int src = sqlite3_step(st);
	tolk_buf msg = TOLK_BUF_INIT;
	while (src == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok") != 0 && msg.len < 400)
			tolk_buf_printf(&msg, "%s%s", msg.len ? "; " : "", line);
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		tolk_buf_free(&msg);
		return tm_sql_error(tm, src);
	}
	if (msg.len) {
		rc = tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
		                       _("the translation memory is damaged (%s); it was not changed"), msg.ptr);
		tolk_buf_free(&msg);
		return rc;
	}
	return 0;
}

int tm_quick_check(tolk_tm *tm)
{
	return run_check(tm, "PRAGMA quick_check");
}

int tolk_tm_check(tolk_tm *tm)
{
	if (!tm)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory"));
	return tm->be->check(tm);
}

int tm_sqlite_check(tolk_tm *tm)
{
	int rc = run_check(tm, "PRAGMA integrity_check");
	if (rc < 0)
		return rc;
	/* the index against its content table; FTS5 takes the command as an INSERT, so not on readers */
	if (!tm->readonly) {
		int src = sqlite3_exec(tm->db, "INSERT INTO tuv_fts(tuv_fts, rank) VALUES('integrity-check', 1)", NULL, NULL, NULL);
		if (src != SQLITE_OK)
			return tolk_error_set_at(TOLK_EINVALID, tm->path, 0, 0,
			                         _("the translation memory's index is damaged: %s"), sqlite3_errmsg(tm->db));
	}
	/* the term filter against the index: a term it missed would hide units from lookup */
	rc = tm_terms_check(tm);
	/* and each variant's sketch against its text: a wrong one would too */
	return rc < 0 ? rc : tm_sketch_check(tm);
}
