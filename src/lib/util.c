/* Errors, memory, buffers, UTF-8 and file helpers used across libtolk. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "tolk_config.h"

/* ---- errors ---------------------------------------------------------------- */

static _Thread_local tolk_error last_error;
static _Thread_local char *last_message;
static _Thread_local char *last_file;
static _Thread_local bool has_error;
static const char oom_message[] = "out of memory";

/*
 * The message of a thread's last error is freed when the thread ends: a
 * program that runs the library on threads of its own (tolk serve's workers)
 * must not leak one message per thread. The key's value only marks threads
 * that hold a message, so the destructor runs for them.
 */
static pthread_key_t error_key;
static pthread_once_t error_key_once = PTHREAD_ONCE_INIT;

static void error_thread_exit(void *mark)
{
	(void)mark;
	tolk_error_clear();
}

static void error_key_create(void)
{
	(void)pthread_key_create(&error_key, error_thread_exit);
}

static void error_mark_thread(void)
{
	pthread_once(&error_key_once, error_key_create);
	(void)pthread_setspecific(error_key, &error_key);
}

const tolk_error *tolk_error_last(void)
{
	return has_error ? &last_error : NULL;
}

void tolk_error_clear(void)
{
	if (last_message != oom_message)
		free(last_message);
	free(last_file);
	last_message = NULL;
	last_file = NULL;
	memset(&last_error, 0, sizeof(last_error));
	has_error = false;
}

int tolk_error_oom(void)
{
	tolk_error_clear();
	last_message = (char *)oom_message;
	last_error.code = TOLK_ENOMEM;
	last_error.message = dgettext("tolk", oom_message);
	has_error = true;
	return TOLK_ENOMEM;
}

int tolk_error_vset_at(int code, const char *file, unsigned long line, unsigned long column,
                       const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
	char *f = file ? strdup(file) : NULL;
	if (!msg || (file && !f)) {
		free(msg);
		free(f);
		return tolk_error_oom();
	}
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	tolk_error_clear();
	error_mark_thread();
	last_message = msg;
	last_file = f;
	last_error.code = code;
	last_error.message = msg;
	last_error.file = f;
	last_error.line = line;
	last_error.column = column;
	has_error = true;
	return code;
}

int tolk_error_set_at(int code, const char *file, unsigned long line, unsigned long column,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = tolk_error_vset_at(code, file, line, column, fmt, ap);
	va_end(ap);
	return rc;
}

int tolk_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = tolk_error_vset_at(code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return rc;
}

void tolk_version(int *major, int *minor, int *patch)
{
	if (major)
		*major = TOLK_VERSION_MAJOR;
	if (minor)
		*minor = TOLK_VERSION_MINOR;
	if (patch)
		*patch = TOLK_VERSION_PATCH;
}

const char *tolk_version_string(void)
{
	return TOLK_VERSION;
}

/* ---- memory ---------------------------------------------------------------------- */

void *tolk_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		tolk_error_oom();
	return p;
}

void *tolk_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		tolk_error_oom();
	return p;
}

void *tolk_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		tolk_error_oom();
	return q;
}

char *tolk_strndup(const char *s, size_t n)
{
	char *d = tolk_malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *tolk_strdup(const char *s)
{
	return tolk_strndup(s, strlen(s));
}

int tolk_array_grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			return tolk_error_oom();
		ncap *= 2;
	}
	void *p = tolk_realloc(*items, ncap * size);
	if (!p)
		return TOLK_ENOMEM;
	*items = p;
	*cap = ncap;
	return 0;
}

void tolk_strarray_free(char **items, size_t count)
{
	if (!items)
		return;
	if (count == 0)
		while (items[count])
			count++;
	for (size_t i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

/* ---- buffer ---------------------------------------------------------------------- */

int tolk_buf_grow(tolk_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < b->len + extra + 1)
		ncap *= 2;
	char *p = tolk_realloc(b->ptr, ncap);
	if (!p)
		return TOLK_ENOMEM;
	b->ptr = p;
	b->cap = ncap;
	return 0;
}

int tolk_buf_put(tolk_buf *b, const char *data, size_t len)
{
	if (tolk_buf_grow(b, len) < 0)
		return TOLK_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int tolk_buf_puts(tolk_buf *b, const char *s)
{
	return tolk_buf_put(b, s, strlen(s));
}

int tolk_buf_putc(tolk_buf *b, char c)
{
	return tolk_buf_put(b, &c, 1);
}

int tolk_buf_printf(tolk_buf *b, const char *fmt, ...)
{
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || tolk_buf_grow(b, (size_t)n) < 0) {
		va_end(ap);
		return n < 0 ? tolk_error_set(TOLK_ERROR, "%s", _("formatting failed")) : TOLK_ENOMEM;
	}
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void tolk_buf_clear(tolk_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *tolk_buf_detach(tolk_buf *b)
{
	char *p = b->ptr;
	if (!p)
		p = tolk_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void tolk_buf_free(tolk_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void tolk_text_position(unsigned long *line, unsigned long *column, const char *text, size_t len,
                        size_t offset)
{
	unsigned long l = 1, c = 1;
	if (offset > len)
		offset = len;
	/* a file without any LF ends its lines in a lone CR (old Mac files), as editors read it */
	char eol = !len || memchr(text, '\n', len) || !memchr(text, '\r', len) ? '\n' : '\r';
	for (size_t i = 0; i < offset; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == (unsigned char)eol) {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++; /* count code points, not continuation bytes */
		}
	}
	*line = l;
	*column = c;
}

int tolk_text_check_utf8(const char *path, const char *text, size_t len)
{
	size_t bad;
	if (tolk_utf8_validate(&bad, text, len) == 0)
		return 0;
	unsigned long line, col;
	tolk_text_position(&line, &col, text, len, bad);
	return tolk_error_set_at(TOLK_EINVALID, path, line, col,
	                         _("invalid UTF-8 (byte offset %zu, byte 0x%02X)"), bad,
	                         (unsigned)(unsigned char)text[bad]);
}

/* ---- files ---------------------------------------------------------------------------- */

int tolk_file_read_raw(char **out, size_t *out_len, const char *path)
{
	*out = NULL;
	if (out_len)
		*out_len = 0;
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp)
		return tolk_error_set_at(errno == ENOENT ? TOLK_ENOTFOUND : TOLK_EIO, path, 0, 0,
		                         _("cannot open: %s"), strerror(errno));
	struct stat st;
	if (!is_stdin && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("is a directory"));
	}
	tolk_buf b = TOLK_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (tolk_buf_put(&b, chunk, n) < 0) {
			if (!is_stdin)
				fclose(fp);
			tolk_buf_free(&b);
			return TOLK_ENOMEM;
		}
		/* Ctrl-D on a terminal ends the input once: glibc's fread would ask the terminal again. */
		if (feof(fp))
			break;
	}
	int failed = ferror(fp);
	int saved = errno;
	if (!is_stdin)
		fclose(fp);
	if (failed) {
		tolk_buf_free(&b);
		return tolk_error_set_at(TOLK_EIO, path, 0, 0, _("read error: %s"), strerror(saved));
	}
	if (out_len)
		*out_len = b.len;
	*out = tolk_buf_detach(&b);
	return *out ? 0 : TOLK_ENOMEM;
}

int tolk_text_check_file(size_t *bom, const char *path, const char *data, size_t len)
{
	*bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	const char *text = data + *bom;
	len -= *bom;
	size_t bad;
	const char *nul = memchr(text, '\0', len);
	if (!nul && tolk_utf8_validate(&bad, text, len) == 0)
		return 0;
	/* Line and column as an editor shows them (no byte-order mark); the offset counts bytes on disk. */
	size_t at = nul ? (size_t)(nul - text) : bad;
	unsigned long line, col;
	tolk_text_position(&line, &col, text, len, at);
	if (nul)
		return tolk_error_set_at(TOLK_EINVALID, path, line, col,
		                         _("NUL byte in text (byte offset %zu); is this a UTF-16 or binary file?"),
		                         at + *bom);
	return tolk_error_set_at(TOLK_EINVALID, path, line, col, _("invalid UTF-8 (byte offset %zu, byte 0x%02X)"),
	                         at + *bom, (unsigned)(unsigned char)text[at]);
}

static bool is_temp_name(const char *name, const char *base, size_t base_len)
{
	if (strncmp(name, base, base_len) != 0 || strncmp(name + base_len, ".tmp.", 5) != 0)
		return false;
	const char *x = name + base_len + 5;
	for (int k = 0; k < 6; k++)
		if (!isxdigit((unsigned char)x[k]))
			return false;
	return x[6] == '\0' || strcmp(x + 6, "-journal") == 0 || strcmp(x + 6, "-wal") == 0 ||
	       strcmp(x + 6, "-shm") == 0;
}

/*
 * Temporary files of writers that died (kill -9, power cut) are removed by
 * the next writer of the same path: a live writer holds an flock on its
 * temporary file for as long as it writes, and the kernel drops that lock
 * with the process, so a temporary file we can lock has nobody left.
 */
void tolk_temp_sweep(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? tolk_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : tolk_strdup(".");
	const char *base = slash ? slash + 1 : path;
	size_t base_len = strlen(base);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	tolk_buf full = TOLK_BUF_INIT;
	while (d && (e = readdir(d)) != NULL) {
		if (!is_temp_name(e->d_name, base, base_len) || strlen(e->d_name) != base_len + 11)
			continue;
		tolk_buf_clear(&full);
		if (tolk_buf_printf(&full, "%s/%s", dir, e->d_name) < 0)
			break;
		int fd = open(full.ptr, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			continue;
		struct stat held, now;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &held) == 0 && lstat(full.ptr, &now) == 0 &&
		    held.st_ino == now.st_ino && held.st_dev == now.st_dev && S_ISREG(now.st_mode)) {
			static const char *const sides[] = {"-journal", "-wal", "-shm"};
			size_t n = full.len;
			for (size_t k = 0; k < 3; k++) {
				full.len = n;
				if (tolk_buf_puts(&full, sides[k]) == 0)
					unlink(full.ptr);
			}
			full.ptr[n] = '\0';
			unlink(full.ptr);
		}
		close(fd);
	}
	if (d)
		closedir(d);
	tolk_buf_free(&full);
	free(dir);
}

/*
 * A new file beside path, named path.tmp.XXXXXX, made with O_EXCL and mode
 * 0666: the kernel applies the umask itself, so the umask is never read
 * (umask() would change it for every thread of the process while it is read).
 * The returned fd holds an flock that tells tolk_temp_sweep the writer is alive:
 * keep it open until the file is renamed into place or removed.
 */
int tolk_temp_create(char **tmp_path, const char *path)
{
	static _Atomic unsigned counter;
	size_t n = strlen(path);
	char *tmp = tolk_malloc(n + 16);
	*tmp_path = NULL;
	if (!tmp)
		return TOLK_ENOMEM;
	memcpy(tmp, path, n + 1);
	tolk_temp_sweep(path);
	for (int attempt = 0; attempt < 100; attempt++) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		unsigned long r = (unsigned long)ts.tv_nsec ^ (unsigned long)getpid() << 16 ^
		                  (unsigned long)++counter * 2654435761u;
		snprintf(tmp + n, 13, ".tmp.%06lx", r & 0xffffff);
		int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0) {
			if (errno != EEXIST)
				break;
			continue;
		}
		/* a sweeper that locked it between our open and our flock has removed it: take another */
		struct stat held, now;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &held) == 0 && stat(tmp, &now) == 0 &&
		    held.st_ino == now.st_ino && held.st_dev == now.st_dev) {
			*tmp_path = tmp;
			return fd;
		}
		close(fd);
	}
	int rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot create: %s"), strerror(errno));
	free(tmp);
	return rc;
}

int tolk_atomic_open(tolk_atomic_file *af, const char *path)
{
	memset(af, 0, sizeof(*af));
	af->path = tolk_strdup(path);
	if (!af->path)
		return TOLK_ENOMEM;
	int fd = tolk_temp_create(&af->tmp_path, path);
	if (fd < 0) {
		free(af->path);
		af->path = NULL;
		return fd;
	}
	/* a file that is replaced keeps its permissions (best effort: a stranger's file we may not chmod to) */
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		(void)fchmod(fd, sb.st_mode & 07777);
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		int rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot create: %s"), strerror(errno));
		close(fd);
		unlink(af->tmp_path);
		free(af->path);
		free(af->tmp_path);
		af->path = af->tmp_path = NULL;
		return rc;
	}
	return 0;
}

/*
 * After a rename, the new name is only durable once the folder is: without
 * this a power cut can lose the new file and the old name with it. Some file
 * systems cannot sync a folder (EINVAL); there is nothing more to do there.
 */
int tolk_sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? tolk_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : tolk_strdup(".");
	if (!dir)
		return TOLK_ENOMEM;
	int rc = 0;
	int fd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL && errno != EROFS))
		rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("cannot sync the folder after writing: %s"),
		                       strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

int tolk_atomic_commit(tolk_atomic_file *af)
{
	int rc = 0;
	if (!af->fp)
		return tolk_error_set(TOLK_EIO, "%s", _("atomic file not open"));
	int failed = fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0;
	int saved = errno;
	/* renamed while still open: closing drops the flock that keeps tolk_temp_sweep away */
	if (failed) {
		rc = tolk_error_set_at(TOLK_EIO, af->path, 0, 0, _("write error: %s"), strerror(saved));
		unlink(af->tmp_path);
	} else if (rename(af->tmp_path, af->path) != 0) {
		rc = tolk_error_set_at(TOLK_EIO, af->path, 0, 0, _("cannot replace: %s"), strerror(errno));
		unlink(af->tmp_path);
	}
	if (fclose(af->fp) != 0 && rc == 0)
		rc = tolk_error_set_at(TOLK_EIO, af->path, 0, 0, _("write error: %s"), strerror(errno));
	af->fp = NULL;
	if (rc == 0)
		rc = tolk_sync_parent(af->path);
	free(af->path);
	free(af->tmp_path);
	af->path = af->tmp_path = NULL;
	return rc;
}

void tolk_atomic_abort(tolk_atomic_file *af)
{
	if (af->fp) {
		fclose(af->fp);
		af->fp = NULL;
	}
	if (af->tmp_path)
		unlink(af->tmp_path);
	free(af->path);
	free(af->tmp_path);
	af->path = af->tmp_path = NULL;
}

int tolk_file_write_atomic(const char *path, const char *data, size_t len)
{
	tolk_atomic_file af;
	int rc = tolk_atomic_open(&af, path);
	if (rc < 0)
		return rc;
	if (len && fwrite(data, 1, len, af.fp) != len) {
		rc = tolk_error_set_at(TOLK_EIO, path, 0, 0, _("write error: %s"), strerror(errno));
		tolk_atomic_abort(&af);
		return rc;
	}
	return tolk_atomic_commit(&af);
}

/* ---- XML -------------------------------------------------------------------------- */

static xmlParserInputPtr refuse_external_entity(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	(void)ctx;
	(void)public_id;
	(void)system_id;
	return NULL;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init_once(void)
{
	xmlInitParser();
}

void tolk_xml_init(void)
{
	pthread_once(&xml_once, xml_init_once);
}

void tolk_xml_guard(xmlParserCtxtPtr ctxt)
{
	if (!ctxt || !ctxt->sax)
		return;
	/* ctxt->sax is the context's own copy: changing it touches no other parse */
	ctxt->sax->resolveEntity = refuse_external_entity;
	ctxt->sax->externalSubset = NULL;
}

static void xml_ignore(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void tolk_xml_quiet_begin(tolk_xml_quiet *saved)
{
	/* libxml2 keeps the generic channel per thread: another thread's parse is not silenced */
	saved->func = xmlGenericError;
	saved->ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, xml_ignore);
}

void tolk_xml_quiet_end(const tolk_xml_quiet *saved)
{
	xmlSetGenericErrorFunc(saved->ctx, saved->func);
}

bool tolk_xml_encoding_failed(const struct _xmlParserCtxt *ctxt)
{
	return ctxt && (ctxt->errNo == XML_I18N_CONV_FAILED || ctxt->errNo == XML_ERR_INVALID_ENCODING ||
	                ctxt->errNo == XML_ERR_UNSUPPORTED_ENCODING);
}

void tolk_xml_push(struct _xmlParserCtxt *ctxt, const char *data, size_t len, bool terminate)
{
	tolk_xml_quiet quiet;
	tolk_xml_quiet_begin(&quiet);
	int ret = xmlParseChunk(ctxt, data, (int)len, terminate);
	tolk_xml_quiet_end(&quiet);
	if (ret == XML_ERR_INVALID_ENCODING || ret == XML_I18N_CONV_FAILED)
		ctxt->errNo = ret;
}

void tolk_xml_keep_first_error(void *user, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = user;
	tolk_xml_first_error *fe = ctxt ? ctxt->_private : NULL;
	if (!fe || fe->set || !e || e->level < XML_ERR_ERROR)
		return;
	fe->set = true;
	fe->line = e->line;
	fe->column = e->int2;
	snprintf(fe->message, sizeof(fe->message), "%s", e->message ? e->message : "not well-formed XML");
	size_t n = strlen(fe->message);
	while (n > 0 && (fe->message[n - 1] == '\n' || fe->message[n - 1] == ' '))
		fe->message[--n] = '\0';
}

int tolk_xml_safe_options(void)
{
	tolk_xml_init();
	return XML_PARSE_NONET;
}
