/*
 * The import's helper threads. Reading TMX (and tokenizing it for the index)
 * is a third of an import; on its own thread it runs while SQLite indexes
 * the previous units. Units travel in chunks through a short queue, copied,
 * since the reader's unit lives only until its next call. Checkpoints, an
 * import's waits for the disk, run on a third thread.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_private.h"
#include "arena.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK_UNITS 256
#define QUEUE_CHUNKS 4

/*
 * Everything a chunk's units point to lives in its arena, a few large blocks
 * freed at once: a unit's dozen strings and its tokens would otherwise be a
 * dozen allocations and frees per unit, an eighth of an import.
 */
typedef struct chunk {
	tolk_tmx_unit units[CHUNK_UNITS];
	tm_tokens *tokens[CHUNK_UNITS]; /* per variant: its text tokenized, for the index */
	int64_t keys[CHUNK_UNITS];      /* duplicate keys (tm_unit_dupkey) */
	size_t count;
	tolk_arena arena;
} chunk;

static char *arena_dup(chunk *c, const char *s, bool *ok)
{
	if (!s)
		return NULL;
	char *d = tolk_arena_strdup(&c->arena, s);
	if (!d)
		*ok = false;
	return d;
}

static bool copy_props(chunk *c, tolk_tmx_prop **out, size_t *n, const tolk_tmx_prop *in, size_t count)
{
	*out = NULL;
	*n = 0;
	if (!count)
		return true;
	bool ok = true;
	if (!(*out = tolk_arena_alloc(&c->arena, count * sizeof(**out))))
		return false;
	*n = count;
	for (size_t k = 0; k < count; k++) {
		(*out)[k].type = arena_dup(c, in[k].type, &ok);
		(*out)[k].value = arena_dup(c, in[k].value, &ok);
	}
	return ok;
}

static bool copy_notes(chunk *c, char ***out, size_t *n, char *const *in, size_t count)
{
	*out = NULL;
	*n = 0;
	if (!count)
		return true;
	bool ok = true;
	if (!(*out = tolk_arena_alloc(&c->arena, count * sizeof(**out))))
		return false;
	*n = count;
	for (size_t k = 0; k < count; k++)
		(*out)[k] = arena_dup(c, in[k], &ok);
	return ok;
}

static bool copy_unit(chunk *c, tolk_tmx_unit *d, const tolk_tmx_unit *s)
{
	bool ok = true;
	memset(d, 0, sizeof(*d));
	d->tuid = arena_dup(c, s->tuid, &ok);
	d->creationdate = s->creationdate;
	d->changedate = s->changedate;
	d->creationid = arena_dup(c, s->creationid, &ok);
	d->changeid = arena_dup(c, s->changeid, &ok);
	d->line = s->line;
	ok &= copy_props(c, &d->props, &d->nprops, s->props, s->nprops);
	ok &= copy_notes(c, &d->notes, &d->nnotes, s->notes, s->nnotes);
	if (s->ntuvs && !(d->tuvs = tolk_arena_alloc(&c->arena, s->ntuvs * sizeof(*d->tuvs))))
		return false;
	d->ntuvs = s->ntuvs;
	for (size_t k = 0; k < s->ntuvs; k++) {
		const tolk_tmx_tuv *a = &s->tuvs[k];
		tolk_tmx_tuv *b = &d->tuvs[k];
		memset(b, 0, sizeof(*b));
		b->lang = arena_dup(c, a->lang, &ok);
		b->text = arena_dup(c, a->text, &ok);
		/* plain segs (no inline codes) are written back from the text */
		b->seg_xml = a->seg_xml && strchr(a->seg_xml, '<') ? arena_dup(c, a->seg_xml, &ok) : NULL;
		b->creationdate = a->creationdate;
		b->changedate = a->changedate;
		b->creationid = arena_dup(c, a->creationid, &ok);
		b->changeid = arena_dup(c, a->changeid, &ok);
		ok &= copy_props(c, &b->props, &b->nprops, a->props, a->nprops);
		ok &= copy_notes(c, &b->notes, &b->nnotes, a->notes, a->nnotes);
	}
	return ok;
}

static void chunk_free(chunk *c)
{
	if (!c)
		return;
	tolk_arena_free(&c->arena);
	free(c);
}

/*
 * Tokenizing is the other part of indexing that needs no database: done here,
 * FTS5's call to the tokenizer finds the tokens ready (tm_token.c). Each text
 * is tokenized into scratch and the result copied, trimmed, into the arena.
 */
static bool tokenize_unit(chunk *c, tm_tokens **out, const tolk_tmx_unit *u, tm_tokens *scratch, uint8_t *terms)
{
	if (!(*out = tolk_arena_alloc(&c->arena, (u->ntuvs ? u->ntuvs : 1) * sizeof(**out))))
		return false;
	for (size_t v = 0; v < u->ntuvs; v++) {
		const char *text = u->tuvs[v].text ? u->tuvs[v].text : "";
		if (tm_tokenize(scratch, text, strlen(text)) < 0)
			return false;
		tm_terms_add_tokens(terms, scratch); /* here, off the thread that writes the index */
		tm_tokens *t = &(*out)[v];
		memset(t, 0, sizeof(*t));
		t->items = tolk_arena_alloc(&c->arena, (scratch->count ? scratch->count : 1) * sizeof(*t->items));
		t->keys = tolk_arena_alloc(&c->arena, scratch->keys_len + 1);
		if (!t->items || !t->keys)
			return false;
		memcpy(t->items, scratch->items, scratch->count * sizeof(*t->items));
		memcpy(t->keys, scratch->keys, scratch->keys_len);
		t->keys[scratch->keys_len] = '\0';
		t->count = scratch->count;
		t->keys_len = scratch->keys_len;
		t->nwords = scratch->nwords;
		/* cap 0: a view into the arena, never grown or freed on its own */
	}
	return true;
}

struct tm_feed {
	tolk_tmx_reader *reader;
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	chunk *queue[QUEUE_CHUNKS];
	size_t head, size;            /* ring of full chunks */
	bool done, stop;              /* the reader finished; the consumer gave up */
	int error;                    /* the reader's failure, reported after its units */
	char *error_message, *error_file;
	unsigned long error_line, error_column;
	chunk *current;               /* being consumed */
	size_t at;
	chunk *spent[QUEUE_CHUNKS];   /* consumed, for the reading thread to free */
	size_t nspent;
	uint8_t *terms;               /* of every text tokenized (tm_terms.c) */
	char *srclang;                /* the header's, copied before the reading thread starts */
};

/* Hand a full chunk over; false when the consumer stopped. */
static bool push(tm_feed *f, chunk *c)
{
	pthread_mutex_lock(&f->lock);
	while (f->size == QUEUE_CHUNKS && !f->stop)
		pthread_cond_wait(&f->changed, &f->lock);
	bool ok = !f->stop;
	if (ok) {
		f->queue[(f->head + f->size) % QUEUE_CHUNKS] = c;
		f->size++;
		pthread_cond_broadcast(&f->changed);
	}
	pthread_mutex_unlock(&f->lock);
	return ok;
}

/* Free what the consumer is done with here, off the thread that writes the database. */
static void free_spent(tm_feed *f)
{
	chunk *spent[QUEUE_CHUNKS];
	pthread_mutex_lock(&f->lock);
	size_t n = f->nspent;
	memcpy(spent, f->spent, n * sizeof(*spent));
	f->nspent = 0;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
	for (size_t k = 0; k < n; k++)
		chunk_free(spent[k]);
}

static void *worker(void *arg)
{
	tm_feed *f = arg;
	chunk *c = NULL;
	tm_tokens scratch = {0};
	int rc = 0;
	for (;;) {
		if (!c)
			free_spent(f);
		if (!c && !(c = calloc(1, sizeof(*c)))) {
			rc = tolk_error_oom();
			break;
		}
		const tolk_tmx_unit *u;
		rc = tolk_tmx_reader_next(&u, f->reader);
		if (rc == TOLK_ITEROVER) {
			rc = 0;
			break;
		}
		if (rc < 0)
			break;
		size_t at = c->count++;
		c->keys[at] = tm_unit_dupkey(u);
		if (!copy_unit(c, &c->units[at], u) || !tokenize_unit(c, &c->tokens[at], &c->units[at], &scratch, f->terms)) {
			rc = tolk_error_oom();
			break;
		}
		if (c->count == CHUNK_UNITS) {
			if (!push(f, c)) {
				chunk_free(c);
				c = NULL;
				break;
			}
			c = NULL;
		}
	}
	if (c && c->count) {
		if (!push(f, c))
			chunk_free(c);
	} else {
		free(c);
	}
	pthread_mutex_lock(&f->lock);
	if (rc < 0) {
		const tolk_error *e = tolk_error_last();
		f->error = rc;
		if (e) {
			f->error_message = e->message ? strdup(e->message) : NULL;
			f->error_file = e->file ? strdup(e->file) : NULL;
			f->error_line = e->line;
			f->error_column = e->column;
		}
	}
	f->done = true;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
	tm_tokens_free(&scratch);
	tolk_error_clear();
	return NULL;
}

int tm_feed_open(tm_feed **out, const char *path)
{
	*out = NULL;
	tm_feed *f = tolk_calloc(1, sizeof(*f));
	if (!f)
		return TOLK_ENOMEM;
	if (!(f->terms = tolk_calloc(TM_TERMS_BITS / 8, 1))) {
		free(f);
		return TOLK_ENOMEM;
	}
	int rc = tolk_tmx_reader_open(&f->reader, path);
	if (rc < 0) {
		free(f->terms);
		free(f);
		return rc;
	}
	const tolk_tmx_header *h = tolk_tmx_reader_header(f->reader);
	f->srclang = h && h->srclang && *h->srclang ? strdup(h->srclang) : NULL;
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->changed, NULL);
	if (pthread_create(&f->thread, NULL, worker, f) != 0) {
		tm_feed_free(f);
		return tolk_error_set(TOLK_ERROR, _("cannot start a thread"));
	}
	f->started = true;
	*out = f;
	return 0;
}

int tm_feed_next(const tolk_tmx_unit **out, tm_tokens **tokens, int64_t *key, tm_feed *f)
{
	*out = NULL;
	*tokens = NULL;
	*key = 0;
	if (f->current && f->at < f->current->count) {
		*tokens = f->current->tokens[f->at];
		*key = f->current->keys[f->at];
		*out = &f->current->units[f->at++];
		return 0;
	}
	pthread_mutex_lock(&f->lock);
	if (f->current) {
		while (f->nspent == QUEUE_CHUNKS && !f->done)
			pthread_cond_wait(&f->changed, &f->lock);
		if (f->nspent < QUEUE_CHUNKS)
			f->spent[f->nspent++] = f->current;
		else
			chunk_free(f->current); /* the reader has finished: nobody else will */
		f->current = NULL;
	}
	while (f->size == 0 && !f->done)
		pthread_cond_wait(&f->changed, &f->lock);
	if (f->size) {
		f->current = f->queue[f->head];
		f->head = (f->head + 1) % QUEUE_CHUNKS;
		f->size--;
		f->at = 0;
		pthread_cond_broadcast(&f->changed);
	}
	int error = f->error;
	pthread_mutex_unlock(&f->lock);
	if (f->current) {
		*tokens = f->current->tokens[f->at];
		*key = f->current->keys[f->at];
		*out = &f->current->units[f->at++];
		return 0;
	}
	if (error == TOLK_ENOMEM)
		return tolk_error_oom();
	if (error < 0)
		return tolk_error_set_at(error, f->error_file, f->error_line, f->error_column, "%s",
		                         f->error_message ? f->error_message : _("cannot read the file"));
	return TOLK_ITEROVER;
}

void tm_feed_free(tm_feed *f)
{
	if (!f)
		return;
	if (f->started) {
		pthread_mutex_lock(&f->lock);
		f->stop = true;
		pthread_cond_broadcast(&f->changed);
		pthread_mutex_unlock(&f->lock);
		pthread_join(f->thread, NULL);
	}
	for (size_t k = 0; k < f->size; k++)
		chunk_free(f->queue[(f->head + k) % QUEUE_CHUNKS]);
	for (size_t k = 0; k < f->nspent; k++)
		chunk_free(f->spent[k]);
	chunk_free(f->current);
	tolk_tmx_reader_free(f->reader);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->changed);
	free(f->error_message);
	free(f->error_file);
	free(f->terms);
	free(f->srclang);
	free(f);
}

const char *tm_feed_srclang(const tm_feed *f)
{
	return f->srclang;
}

const uint8_t *tm_feed_terms(const tm_feed *f)
{
	return f->terms;
}

/* ---- checkpoints beside the import --------------------------------------------------- */
/*
 * Copying the log into the database file (and syncing both) is an import's
 * only wait for the disk. A checkpoint may run beside a writer, so a second
 * connection does it on a thread of its own while the import goes on.
 */
struct tm_checkpointer {
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static void *checkpoint_loop(void *arg)
{
	tm_checkpointer *c = arg;
	pthread_mutex_lock(&c->lock);
	while (!c->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&c->wake, &c->lock, &until);
		if (c->stop)
			break;
		pthread_mutex_unlock(&c->lock);
		/* a failure here costs nothing: the writer's own checkpoint at the end catches up */
		sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

tm_checkpointer *tm_checkpointer_start(const char *path)
{
	tm_checkpointer *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	sqlite3_busy_timeout(c->db, 1000);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, checkpoint_loop, c) != 0) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->wake);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	return c;
}

void tm_checkpointer_stop(tm_checkpointer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->wake);
	sqlite3_close(c->db);
	free(c);
}
