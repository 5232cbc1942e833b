/*
 * What the workers share, and how it stays fresh.
 *
 * The term base is replaced whole: a watcher thread notices a changed TBX file
 * (another `tolk term add`, an edit through this server), loads and indexes the
 * new one beside the old, and swaps a pointer. A request holds a reference to
 * the state it started with, so no request ever sees half a term base, and the
 * old one is freed by the last request that used it.
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

static void state_free(tb_state *st)
{
	if (!st)
		return;
	tolk_spell_checker_free(st->spell);
	tolk_termbase_free(st->tb);
	pthread_mutex_destroy(&st->spell_lock);
	free(st);
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

int state_load(server *srv, bool first)
{
	tb_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -1;
	atomic_init(&st->refs, 1);
	pthread_mutex_init(&st->spell_lock, NULL);
	struct stat sb;
	if (srv->cfg.termbase_path) {
		if (stat_tbx(srv, &sb) != 0) {
			fprintf(stderr, "tolk: %s: %s\n", srv->cfg.termbase_path, strerror(errno));
			goto fail;
		}
		if (tolk_termbase_open(&st->tb, srv->cfg.termbase_path) < 0) {
			log_lib_error(srv, srv->cfg.termbase_path);
			goto fail;
		}
		/* Build the recognition index now: threads may share a base only once it exists. */
		tolk_term_match *m = NULL;
		size_t n = 0;
		if (tolk_termbase_recognize(&m, &n, st->tb, "nl", "x", 1) < 0) {
			log_lib_error(srv, srv->cfg.termbase_path);
			goto fail;
		}
		free(m);
	}
	if (tolk_spell_checker_new(&st->spell, "nl_NL", NULL) < 0) {
		log_lib_error(srv, "spell checker");
		goto fail;
	}
	if (srv->cfg.words_path && tolk_spell_checker_load_wordlist(st->spell, srv->cfg.words_path) < 0) {
		log_lib_error(srv, srv->cfg.words_path);
		goto fail;
	}
	if (st->tb && tolk_spell_checker_add_termbase(st->spell, st->tb) < 0) {
		log_lib_error(srv, srv->cfg.termbase_path);
		goto fail;
	}
	pthread_mutex_lock(&srv->tb_lock);
	tb_state *old = srv->current;
	srv->current = st;
	if (srv->cfg.termbase_path)
		remember(srv, &sb);
	pthread_mutex_unlock(&srv->tb_lock);
	state_release(old);
	if (!first)
		fprintf(srv->cfg.log ? srv->cfg.log : stderr, "tolk: term base reloaded from %s (%zu concepts)\n",
		        srv->cfg.termbase_path, st->tb ? tolk_termbase_concept_count(st->tb) : (size_t)0);
	return 0;
fail:
	state_free(st);
	return -1;
}

static void *watch(void *arg)
{
	server *srv = arg;
	const struct timespec pause = {0, WATCH_INTERVAL_MS * 1000000L};
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
	if (tolk_tm_open(&tm, srv->cfg.db_path, TOLK_TM_OPEN_READONLY) < 0)
		return NULL;
	if (pthread_setspecific(srv->tm_key, tm) != 0) {
		tolk_tm_free(tm);
		return NULL;
	}
	return tm;
}
