/*
 * Loading a TBX file: one libxml2 parse, or two at once on a large TBX-Basic file.
 *
 * libxml2 alone needs about 1.4 s for a base of a million concepts (600 MB),
 * so a load within 2 s on a machine with two cores takes both: the file is cut
 * after a </conceptEntry> near its middle, the first half is read as it is,
 * and the second half behind a copy of the start tags of the elements open at
 * the cut (a wrapper of one line that is not in the file). The halves are the
 * same document only when the first half ends between concepts with exactly
 * those elements open and nothing left unread (a cut inside a comment or
 * CDATA section leaves it unread); the first parse checks that before its
 * result is used. Anything unexpected — an error in either half, a duplicate
 * id, an XML declaration naming another encoding, a document type
 * declaration — and the file is read again in one parse, whose result and
 * error messages (with their line numbers) are the only ones ever shown.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "termbase_tbx.h"

enum { PIECE = 1 << 20, WINDOW = 1 << 20, MAX_OPEN = 8 };

static _Thread_local unsigned halves_used;

unsigned tbx_loads_in_halves(void)
{
	return halves_used;
}


static int read_error(const char *path)
{
	return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("read error: %s"), strerror(errno));
}

/* Parse bytes [from, to) of fd (to = -1: up to the end) in pieces. */
static int push_range(tbx_part *p, const char *path, int fd, off_t from, off_t to, char *buf)
{
	while (to < 0 || from < to) {
		size_t want = PIECE;
		if (to >= 0 && (off_t)want > to - from)
			want = (size_t)(to - from);
		ssize_t n = pread(fd, buf, want, from);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return read_error(path);
		}
		if (n == 0)
			break;
		from += n;
		int rc = tbx_part_push(p, buf, (size_t)n);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_serial(tolk_termbase *tb, const char *path, int fd)
{
	tbx_part *p;
	char *buf = tolk_malloc(PIECE);
	if (!buf)
		return TOLK_ENOMEM;
	int rc = tbx_part_new(&p, tb, path, NULL, 0);
	if (rc == 0) {
		rc = push_range(p, path, fd, 0, -1, buf);
		if (rc != TOLK_EIO) /* a parse error: the reader has it, and the duplicate ids before it */
			rc = tbx_part_finish(p);
		tbx_part_free(p);
	}
	free(buf);
	return rc;
}

/* The bytes of fd at off, up to WINDOW; their length or -1. */
static ssize_t read_window(char *buf, int fd, off_t off)
{
	size_t got = 0;
	while (got < WINDOW) {
		ssize_t n = pread(fd, buf + got, WINDOW - got, off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static const char *find(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (const char *p = hay; n >= k && (p = memchr(p, needle[0], n - k + 1)) != NULL; p++) {
		if (memcmp(p, needle, k) == 0)
			return p;
		n = (size_t)(hay + n - p - 1);
		hay = p + 1;
	}
	return NULL;
}

/* End of a tag starting at p (its '>' + 1), quotes respected; NULL if not within end. */
static const char *tag_end(const char *p, const char *end)
{
	char quote = 0;
	for (; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return NULL;
}

/*
 * Where the root start tag is in the head of the file, when the head is
 * plain: UTF-8, an XML declaration at most, no document type declaration,
 * comment or processing instruction before the root.
 */
static bool plain_head(const char **root, const char **root_end, const char *head, size_t n)
{
	const char *p = head, *end = head + n;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (end - p > 5 && memcmp(p, "<?xml", 5) == 0) {
		const char *q = find(p, (size_t)(end - p), "?>");
		if (!q)
			return false;
		const char *enc = find(p, (size_t)(q - p), "encoding");
		if (enc) {
			enc += 8;
			while (enc < q && (*enc == ' ' || *enc == '=' || *enc == '\t' || *enc == '\n' || *enc == '\r'))
				enc++;
			if (q - enc < 7 || strncasecmp(enc + 1, "UTF-8", 5) != 0 || enc[6] != enc[0])
				return false;
		}
		p = q + 2;
	}
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (end - p < 5 || memcmp(p, "<tbx", 4) != 0 || !strchr(" \t\r\n>", p[4]))
		return false;
	*root = p;
	*root_end = tag_end(p, end);
	return *root_end != NULL;
}

typedef struct second_half {
	tbx_part *part;
	const char *path;
	int fd;
	off_t from;
	char *buf;
	bool threaded;
	int rc;
} second_half;

static void *read_second_half(void *arg)
{
	second_half *h = arg;
	h->rc = push_range(h->part, h->path, h->fd, h->from, -1, h->buf);
	if (h->rc == 0)
		h->rc = tbx_part_finish(h->part);
	/* an error here is never shown (the file is read again in one parse); its message dies with the thread */
	if (h->threaded)
		tolk_error_clear();
	return NULL;
}

/* Move a's concepts and then b's into tb (empty); the ids are checked once over all. */
static int join_halves(tolk_termbase *tb, tolk_termbase *a, tolk_termbase *b)
{
	size_t n = a->nconcepts + b->nconcepts;
	tolk_concept *all = tolk_realloc(a->concepts, (n ? n : 1) * sizeof(*all));
	if (!all)
		return TOLK_ENOMEM;
	if (b->nconcepts)
		memcpy(all + a->nconcepts, b->concepts, b->nconcepts * sizeof(*all));
	tb->concepts = all;
	tb->nconcepts = tb->cap = n;
	a->concepts = NULL;
	a->nconcepts = a->cap = 0;
	tolk_arena_take(&tb->arena, &a->arena);
	tolk_arena_take(&tb->arena, &b->arena);
	long dup;
	int rc = tb_build_ids(&dup, tb);
	return rc < 0 ? rc : dup >= 0 ? TOLK_EEXISTS : 0;
}

/* Empty tb again after a two-part read that did not hold. */
static void reset(tolk_termbase *tb)
{
	free(tb->concepts);
	tolk_hashmap_free(&tb->ids);
	tolk_arena_free(&tb->arena);
	tb->concepts = NULL;
	tb->nconcepts = tb->cap = 0;
}

/* 1: tb holds the file; 0: not done (tb is empty, read it in one parse); < 0: out of memory. */
static int read_halves(tolk_termbase *tb, const char *path, int fd, off_t size)
{
	char *head = tolk_malloc(WINDOW), *buf_a = tolk_malloc(PIECE), *buf_b = tolk_malloc(PIECE);
	tolk_termbase *ta = NULL, *tb2 = NULL;
	tbx_part *pa = NULL, *pb = NULL;
	tolk_buf wrapper = {0};
	second_half h = {0};
	int done = 0;
	if (!head || !buf_a || !buf_b || tolk_termbase_new(&ta) < 0 || tolk_termbase_new(&tb2) < 0)
		goto out;
	ssize_t n = read_window(head, fd, 0);
	const char *root, *root_end, *first;
	if (n <= 0 || !plain_head(&root, &root_end, head, (size_t)n) ||
	    !(first = find(root_end, (size_t)(head + n - root_end), "<conceptEntry")))
		goto out;
	off_t first_off = (off_t)(first - head);
	/* the cut: just after a </conceptEntry> from the middle on */
	off_t mid = size / 2;
	ssize_t m = read_window(buf_a, fd, mid);
	const char *close = m > 0 ? find(buf_a, (size_t)m, "</conceptEntry>") : NULL;
	if (!close)
		goto out;
	off_t cut = mid + (off_t)(close - buf_a) + 15;
	if (cut <= first_off)
		goto out;
	if (tbx_part_new(&pa, ta, path, head, (size_t)first_off) < 0)
		goto out;
	const char *open[MAX_OPEN];
	int depth = tbx_part_stack(open, MAX_OPEN, pa);
	if (depth < 1)
		goto out;
	/* the wrapper: the root start tag on one line, then the other open elements */
	for (const char *p = root; p < root_end; p++)
		if (tolk_buf_putc(&wrapper, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p) < 0)
			goto out;
	for (int i = 1; i < depth; i++)
		if (tolk_buf_printf(&wrapper, "<%s>", open[i]) < 0)
			goto out;
	if (tbx_part_new(&pb, tb2, path, wrapper.ptr, wrapper.len) < 0)
		goto out;
	tbx_part_leave_ids(pb); /* join_halves checks them over both halves */
	h = (second_half){pb, path, fd, cut, buf_b, true, 0};
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, read_second_half, &h) == 0;
	if (!threaded)
		h.threaded = false; /* read inline below: its error is the caller's to keep */
	int rc = push_range(pa, path, fd, first_off, cut, buf_a);
	if (threaded)
		pthread_join(thread, NULL);
	else if (rc == 0)
		read_second_half(&h);
	if (rc < 0 || h.rc < 0)
		goto out;
	const char *at_cut[MAX_OPEN];
	if (tbx_part_stack(at_cut, MAX_OPEN, pa) != depth)
		goto out;
	for (int i = 0; i < depth; i++)
		if (strcmp(at_cut[i], open[i]) != 0)
			goto out;
	rc = join_halves(tb, ta, tb2);
	if (rc == TOLK_ENOMEM)
		done = rc;
	else if (rc == 0)
		done = 1, halves_used++;
out:
	if (done <= 0)
		reset(tb);
	tbx_part_free(pa);
	tbx_part_free(pb);
	tolk_termbase_free(ta);
	tolk_termbase_free(tb2);
	tolk_buf_free(&wrapper);
	free(head);
	free(buf_a);
	free(buf_b);
	return done;
}

int tbx_read(tolk_termbase *tb, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tolk_error_set_at(errno == ENOENT ? TOLK_ENOTFOUND : TOLK_EIO, path, 0, 0, _("cannot open: %s"),
		                         strerror(errno));
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= tb->parallel_load_min &&
	    tb->nconcepts == 0 && !tb->arena.head)
		rc = read_halves(tb, path, fd, st.st_size);
	if (rc == 0)
		rc = read_serial(tb, path, fd);
	close(fd);
	return rc < 0 ? rc : 0;
}
