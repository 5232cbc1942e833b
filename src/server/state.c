/*
 * What the workers share, and how it stays fresh.
 *
 * The term base is replaced whole: a watcher thread notices a changed TBX file
 * (another `tolk term add`, an edit through this server), loads and indexes the
 * new one beside the old, and swaps a pointer. A request holds a reference to
 * the state it started with, so no request ever sees half a term base, and the
 * old one is freed by the last request that used it.
 *
 * A term base in PostgreSQL is watched with LISTEN on a connection of the
 * watcher's own: every commit of an edit, by any tolk anywhere, sends NOTIFY.
 * While the database cannot be reached, the last loaded base is served (no
 * edit can be committed meanwhile, so it is current) and edits through this
 * server fail with 503; when the connection is back the base is loaded again,
 * since edits may have been committed while nobody was listening.
 *
 * The memory needs no watcher: each worker has its own read-only SQLite
 * connection (WAL lets them all read while one writes), and every lookup
 * starts a read transaction that sees the last committed import.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server_private.h"

/* How often the TBX file is looked at: well inside the second the issue allows. */
#define WATCH_INTERVAL_MS 200

void spell_release(spell_ref *sp)
{
	if (sp && atomic_fetch_sub(&sp->refs, 1) == 1) {
		tolk_spell_checker_free(sp->chk);
		pthread_mutex_destroy(&sp->lock);
		free(sp);
	}
}

static void state_free(tb_state *st)
{
	if (!st)
		return;
	spell_release(st->spell);
	tolk_termbase_free(st->tb);
	free(st);
}

spell_ref *spell_acquire(server *srv, tb_state *st)
{
	/* Under the lock: the watcher may hand st a newer checker at any moment. */
	pthread_mutex_lock(&srv->tb_lock);
	spell_ref *sp = st ? st->spell : NULL;
	if (sp)
		atomic_fetch_add(&sp->refs, 1);
	pthread_mutex_unlock(&srv->tb_lock);
	return sp;
}

tb_state *state_acquire(server *srv)
{
	pthread_mutex_lock(&srv->tb_lock);
	tb_state *st = srv->current;
	if (st)
		atomic_fetch_add(&st->refs, 1);
	pthread_mutex_unlock(&srv->tb_lock);
	return st;
}

void state_release(tb_state *st)
{
	if (st && atomic_fetch_sub(&st->refs, 1) == 1)
		state_free(st);
}

static int stat_tbx(server *srv, struct stat *sb)
{
	return stat(srv->cfg.termbase_path, sb);
}

static bool seen_changed(const server *srv, const struct stat *sb)
{
	int64_t mt = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
	return srv->tb_seen.dev != sb->st_dev || srv->tb_seen.ino != sb->st_ino ||
	       srv->tb_seen.size != sb->st_size || srv->tb_seen.mtime_ns != mt;
}

static void remember(server *srv, const struct stat *sb)
{
	srv->tb_seen.dev = sb->st_dev;
	srv->tb_seen.ino = sb->st_ino;
	srv->tb_seen.size = sb->st_size;
	srv->tb_seen.mtime_ns = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

static void log_lib_error(server *srv, const char *what)
{
	const tolk_error *e = tolk_error_last();
	fprintf(srv->cfg.log ? srv->cfg.log : stderr, "tolk: %s: %s\n", what, e && e->message ? e->message : "error");
}

/* A checker with the project word list and the terms of tb (which may be NULL). */
static spell_ref *spell_new(server *srv, tolk_termbase *tb)
{
	spell_ref *sp = calloc(1, sizeof(*sp));
	if (!sp)
		return NULL;
	atomic_init(&sp->refs, 1);
	pthread_mutex_init(&sp->lock, NULL);
	if (tolk_spell_checker_new(&sp->chk, "nl_NL", NULL) < 0) {
		log_lib_error(srv, "spell checker");
		goto fail;
	}
	if (srv->cfg.words_path && tolk_spell_checker_load_wordlist(sp->chk, srv->cfg.words_path) < 0) {
		log_lib_error(srv, srv->cfg.words_path);
		goto fail;
	}
	if (tb && tolk_spell_checker_add_termbase(sp->chk, tb) < 0) {
		log_lib_error(srv, srv->cfg.termbase_path);
		goto fail;
	}
	return sp;
fail:
	spell_release(sp);
	return NULL;
}

/* Publish st as the current state; the previous one goes when its last request ends. */
static void publish(server *srv, tb_state *st, const struct stat *sb)
{
	pthread_mutex_lock(&srv->tb_lock);
	tb_state *old = srv->current;
	srv->current = st;
	if (sb)
		remember(srv, sb);
	pthread_mutex_unlock(&srv->tb_lock);
	state_release(old);
}

static tb_state *state_new(tolk_termbase *tb, spell_ref *sp)
{
	tb_state *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	atomic_init(&st->refs, 1);
	st->tb = tb;
	st->spell = sp;
	if (sp)
		atomic_fetch_add(&sp->refs, 1);
	return st;
}

int state_load(server *srv, bool first)
{
	tolk_termbase *tb = NULL;
	spell_ref *sp = NULL;
	tb_state *st = NULL;
	struct stat sb;
	bool have_sb = false;
	bool db = srv->cfg.termbase_path && tolk_termbase_is_database(srv->cfg.termbase_path);
	if (srv->cfg.termbase_path) {
		if (!db && stat_tbx(srv, &sb) != 0) {
			fprintf(stderr, "tolk: %s: %s\n", srv->cfg.termbase_path, strerror(errno));
			return -1;
		}
		have_sb = !db;
		const char *from = srv->cfg.termbase_read ? srv->cfg.termbase_read : srv->cfg.termbase_path;
		if (tolk_termbase_open(&tb, from) < 0) {
			log_lib_error(srv, from);
			return -1;
		}
		/* Build the recognition index now: threads may share a base only once it exists. */
		tolk_term_match_list *m = NULL;
		if (tolk_termbase_recognize(&m, tb, "nl", "x", 1) < 0) {
			log_lib_error(srv, srv->cfg.termbase_path);
			tolk_termbase_free(tb);
			return -1;
		}
		tolk_term_match_list_free(m);
	}
	if (first) {
		if (!(sp = spell_new(srv, tb)) || !(st = state_new(tb, sp))) {
			spell_release(sp);
			tolk_termbase_free(tb);
			return -1;
		}
		spell_release(sp); /* the state holds it */
		publish(srv, st, have_sb ? &sb : NULL);
		return 0;
	}
	/*
	 * The new terms are served at once with the checker in use; loading a
	 * checker's dictionaries takes longer than the second an edit may take to
	 * show, so the checker that knows the new terms follows.
	 */
	tb_state *cur = state_acquire(srv);
	st = state_new(tb, cur ? cur->spell : NULL);
	state_release(cur);
	if (!st) {
		tolk_termbase_free(tb);
		return -1;
	}
	publish(srv, st, have_sb ? &sb : NULL);
	serve_log(srv, "term base reloaded from %s (%zu concepts)",
	          srv->cfg.termbase_read ? srv->cfg.termbase_read : srv->cfg.termbase_path,
	          tb ? tolk_termbase_concept_count(tb) : (size_t)0);
	if (!(sp = spell_new(srv, tb)))
		return 0; /* keep the previous checker; the failure is logged */
	pthread_mutex_lock(&srv->tb_lock);
	if (srv->current == st) {
		/* Only this thread publishes, so st is still the one to upgrade. */
		spell_ref *old = st->spell;
		st->spell = sp;
		sp = old;
	}
	pthread_mutex_unlock(&srv->tb_lock);
	spell_release(sp);
	return 0;
}

/* LISTEN for edits of a term base in PostgreSQL; reload on each, and after a lost connection. */
static void watch_database(server *srv)
{
	tolk_termbase_watch *w = NULL;
	bool pending = false, down = false;
	while (!atomic_load(&srv->stopping)) {
		int rc;
		if (!w) {
			/* edits are heard on the primary; with a replica, once it has replayed them */
			rc = tolk_termbase_watch_open_read(&w, srv->cfg.termbase_path, srv->cfg.termbase_read);
			if (rc == 0)
				rc = 1; /* edits between the start and LISTEN would go unheard: load once more */
			else
				nanosleep(&(struct timespec){0, WATCH_INTERVAL_MS * 1000000L}, NULL);
		} else {
			rc = tolk_termbase_watch_wait(w, WATCH_INTERVAL_MS);
		}
		if (rc < 0) {
			if (!down)
				log_lib_error(srv, "term base");
			down = true;
			continue;
		}
		if (down && rc > 0)
			serve_log(srv, "term base database reachable again");
		down = false;
		pending = pending || rc > 0;
		/* A load that fails (the database went away again) is tried again until one succeeds. */
		if (pending && state_load(srv, false) == 0)
			pending = false;
	}
	tolk_termbase_watch_free(w);
}

static void *watch(void *arg)
{
	server *srv = arg;
	const struct timespec pause = {0, WATCH_INTERVAL_MS * 1000000L};
	if (tolk_termbase_is_database(srv->cfg.termbase_path)) {
		watch_database(srv);
		return NULL;
	}
	while (!atomic_load(&srv->stopping)) {
		nanosleep(&pause, NULL);
		struct stat sb;
		if (stat_tbx(srv, &sb) != 0)
			continue; /* being replaced (rename) or gone: keep serving the last good base */
		pthread_mutex_lock(&srv->tb_lock);
		bool changed = seen_changed(srv, &sb);
		pthread_mutex_unlock(&srv->tb_lock);
		if (!changed)
			continue;
		if (state_load(srv, false) < 0) {
			/* A broken file is not served: remember it so the failure is reported once. */
			pthread_mutex_lock(&srv->tb_lock);
			remember(srv, &sb);
			pthread_mutex_unlock(&srv->tb_lock);
		}
	}
	return NULL;
}

int state_start_watcher(server *srv)
{
	if (!srv->cfg.termbase_path)
		return 0;
	if (pthread_create(&srv->watcher, NULL, watch, srv) != 0)
		return -1;
	srv->watcher_started = true;
	return 0;
}

void state_stop(server *srv)
{
	atomic_store(&srv->stopping, true);
	if (srv->watcher_started)
		pthread_join(srv->watcher, NULL);
	srv->watcher_started = false;
	pthread_mutex_lock(&srv->tb_lock);
	tb_state *st = srv->current;
	srv->current = NULL;
	pthread_mutex_unlock(&srv->tb_lock);
	state_release(st);
}

tolk_tm *state_tm(server *srv)
{
	tolk_tm *tm = pthread_getspecific(srv->tm_key);
	if (tm)
		return tm;
	if (tolk_tm_open_db(&tm, srv->cfg.db_path, srv->cfg.db_read, TOLK_TM_OPEN_READONLY) < 0)
		return NULL;
	if (pthread_setspecific(srv->tm_key, tm) != 0) {
		tolk_tm_free(tm);
		return NULL;
	}
	return tm;
}
