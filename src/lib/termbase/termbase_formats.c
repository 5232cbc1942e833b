/*
 * The flat exchange formats: OmegaT glossaries (source TAB target TAB comment)
 * and CSV (one row per term, RFC 4180). Rows without a concept id get a
 * provisional id starting with TB_PROVISIONAL; merging resolves it by the
 * Dutch term (or a fresh id), so ids of the file never collide with ours.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "termbase_priv.h"

/* ---- shared ------------------------------------------------------------------------------------ */

/* The concept with this (provisional) key in src, created on first use. */
static int concept_for(long *index, tolk_termbase *src, const char *key, bool provisional)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s%s", provisional ? TB_PROVISIONAL : "", key);
	long i = tb_find_concept(src, buf);
	if (i < 0) {
		tolk_concept c = {0};
		c.id = tolk_arena_strdup(&src->arena, buf);
		if (!c.id)
			return TOLK_ENOMEM;
		int rc = tb_append_concept(src, &c);
		if (rc < 0)
			return rc;
		i = (long)src->nconcepts - 1;
	}
	*index = i;
	return 0;
}

static int positioned(int rc, const char *path, unsigned long line, unsigned long col)
{
	const tolk_error *e = tolk_error_last();
	if (rc == TOLK_ENOMEM || !e)
		return rc;
	char *msg = tolk_strdup(e->message);
	if (!msg)
		return TOLK_ENOMEM;
	rc = tolk_error_set_at(rc, path, line, col, "%s", msg);
	free(msg);
	return rc;
}

/* ---- OmegaT ---------------------------------------------------------------------------------------- */

/*
 * tolk writes the comment column as "ID: STATUS. definition". Only that form
 * names a concept, a status and a definition; any other comment (a foreign
 * glossary's "Source: EU glossary") is a note on the English term, never a
 * concept id: taken as one, it would merge unrelated rows into one concept,
 * or into a concept of ours that happens to have that id.
 */
static bool parse_comment(char **id, tolk_term_status *status, char **rest, char *comment)
{
	*id = NULL;
	*rest = comment;
	*status = TOLK_TERM_PREFERRED;
	char *colon = strstr(comment, ": ");
	if (!colon || colon == comment || strcspn(comment, " \t;,") < (size_t)(colon - comment))
		return false;
	if (!((comment[0] >= 'a' && comment[0] <= 'z') || (comment[0] >= 'A' && comment[0] <= 'Z') || comment[0] == '_'))
		return false;
	char *after = colon + 2;
	for (int s = 0; s < 4; s++) {
		const char *name = tolk_term_status_name((tolk_term_status)s);
		size_t k = strlen(name);
		if (strncmp(after, name, k) == 0 && after[k] == '.' && (after[k + 1] == '\0' || after[k + 1] == ' ')) {
			*colon = '\0';
			*id = comment;
			*status = (tolk_term_status)s;
			*rest = after + k + 1;
			while (**rest == ' ')
				(*rest)++;
			return true;
		}
	}
	return false;
}

typedef struct omegat_reader {
	tolk_termbase *tb;
	const char *path;
} omegat_reader;

/* A glossary line: source TAB target [TAB comment], the comment maybe tolk's own (parse_comment); # a comment. */
static int omegat_line(void *ctx, char *line, size_t len, unsigned long number)
{
	omegat_reader *r = ctx;
	tolk_termbase *tb = r->tb;
	(void)len;
	char *fields[3] = {line, NULL, NULL};
	if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
		return 0;
	for (int f = 1; f < 3; f++) {
		char *tab = strchr(fields[f - 1], '\t');
		if (!tab)
			break;
		*tab = '\0';
		fields[f] = tab + 1;
	}
	if (!fields[1] || !*fields[0] || !*fields[1])
		return tolk_error_set_at(TOLK_EINVALID, r->path, number, 1,
		                         _("an OmegaT glossary line needs a source and a target term separated by a tab"));
	char *id, *rest;
	tolk_term_status status;
	bool ours = parse_comment(&id, &status, &rest, fields[2] ? fields[2] : (char *)"");
	long ci;
	int rc = concept_for(&ci, tb, ours ? id : fields[0], !ours);
	if (rc < 0)
		return rc;
	const char *cid = tb->concepts[ci].id;
	if ((rc = tolk_termbase_add_term(tb, cid, "nl", fields[0], TOLK_TERM_PREFERRED, NULL, NULL)) < 0 ||
	    (rc = tolk_termbase_add_term(tb, cid, "en", fields[1], status, NULL, ours || !*rest ? NULL : rest)) < 0 ||
	    (ours && *rest && (rc = tolk_termbase_set_definition(tb, cid, "en", rest)) < 0))
		rc = positioned(rc, r->path, number, 1);
	return rc;
}

int tb_read_omegat(tolk_termbase *tb, const char *path)
{
	omegat_reader r = {tb, path};
	return tolk_text_read_lines(path, omegat_line, &r);
}

static const char *definition_of(const tolk_concept *c, int lang)
{
	for (size_t d = 0; d < c->definition_count; d++)
		if (tb_lang_code(c->definitions[d].lang) == lang)
			return c->definitions[d].text;
	return NULL;
}

/* Tabs and line breaks would break the line structure. */
static void put_field(FILE *fp, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

int tb_write_omegat(tolk_termbase *tb, FILE *fp)
{
	fputs("# Dutch-English glossary exported by tolk (source, target, concept: status. definition)\n", fp);
	for (size_t i = 0; i < tb->nconcepts; i++) {
		const tolk_concept *c = &tb->concepts[i];
		const char *def = definition_of(c, 1);
		for (size_t s = 0; s < c->term_count; s++) {
			const tolk_term_entry *nl = &c->terms[s];
			if (tb_lang_code(nl->lang) != 0 || nl->status >= TOLK_TERM_DEPRECATED)
				continue;
			for (size_t t = 0; t < c->term_count; t++) {
				const tolk_term_entry *en = &c->terms[t];
				if (tb_lang_code(en->lang) != 1 || en->status >= TOLK_TERM_DEPRECATED)
					continue;
				put_field(fp, nl->term);
				fputc('\t', fp);
				put_field(fp, en->term);
				fprintf(fp, "\t%s: %s.", c->id, tolk_term_status_name(en->status));
				if (def) {
					fputc(' ', fp);
					put_field(fp, def);
				}
				fputc('\n', fp);
			}
		}
	}
	return 0;
}

/* ---- CSV ---------------------------------------------------------------------------------------------- */

enum { COL_CONCEPT, COL_SUBJECT, COL_CNOTE, COL_LANG, COL_DEF, COL_TERM, COL_STATUS, COL_POS, COL_TNOTE,
       COL_CONTEXT, NCOLS };
static const char *const csv_columns[NCOLS] = {"concept", "subject_field", "concept_note", "lang", "definition",
                                               "term", "status", "part_of_speech", "term_note", "context"};

/*
 * One record; fields point into data (unquoted in place). *nfields counts
 * every field of the record, even past max (only the first max are stored).
 * Returns false at the end, or with *bad set and *bad_at where the quoting
 * goes wrong (an opening quote never closed, or text after a closing one).
 */
static bool csv_record(char **p, char *end, char **fields, size_t *nfields, size_t max, unsigned long *line,
                       bool *bad, const char **bad_at)
{
	*nfields = 0;
	*bad = false;
	if (*p >= end)
		return false;
	char *s = *p;
	for (;;) {
		char *out = s, *field = s;
		if (*s == '"') {
			const char *open_quote = s;
			s++;
			for (;;) {
				if (s >= end) {
					*bad = true;
					*bad_at = open_quote;
					return false;
				}
				if (*s == '"') {
					if (s + 1 < end && s[1] == '"') {
						*out++ = '"';
						s += 2;
						continue;
					}
					s++;
					break;
				}
				if (*s == '\n')
					(*line)++;
				*out++ = *s++;
			}
			if (s < end && *s != ',' && *s != '\n' && *s != '\r') {
				*bad = true;
				*bad_at = s;
				return false;
			}
		} else {
			while (s < end && *s != ',' && *s != '\n' && *s != '\r')
				*out++ = *s++;
		}
		char sep = s < end ? *s : '\n';
		*out = '\0';
		if (*nfields < max)
			fields[*nfields] = field;
		(*nfields)++;
		if (sep == ',') {
			s++;
			continue;
		}
		if (sep == '\r' && s + 1 < end && s[1] == '\n')
			s++;
		*p = s < end ? s + 1 : end;
		return true;
	}
}

/* Line and column (in characters, as an editor counts them) of a byte offset in the file as read. */
static void csv_position(unsigned long *line, unsigned long *col, const char *orig, size_t offset)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < offset; i++) {
		if (orig[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)orig[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static int csv_error_at(const char *path, const char *orig, size_t offset, const char *fmt, const char *arg)
{
	unsigned long line, col;
	csv_position(&line, &col, orig, offset);
	return tolk_error_set_at(TOLK_EINVALID, path, line, col, fmt, arg);
}

int tb_read_csv(tolk_termbase *tb, const char *path)
{
	char *data;
	size_t len;
	int rc = tolk_text_read_file(&data, &len, path);
	if (rc < 0)
		return rc;
	/* unquoting works in place: positions of errors are counted in this copy */
	char *orig = tolk_strndup(data, len);
	if (!orig) {
		free(data);
		return TOLK_ENOMEM;
	}
	char *p = data, *end = data + len;
	enum { MAX_FIELDS = 32 };
	char *fields[MAX_FIELDS];
	size_t n;
	int map[MAX_FIELDS];
	unsigned long line = 1, row_line;
	bool bad;
	const char *bad_at = NULL;
	if (!csv_record(&p, end, fields, &n, MAX_FIELDS, &line, &bad, &bad_at)) {
		if (bad)
			rc = csv_error_at(path, orig, (size_t)(bad_at - data), "%s", _("malformed CSV quoting"));
		else
			rc = tolk_error_set_at(TOLK_EINVALID, path, 1, 1, _("empty CSV file: a header row is needed"));
		goto done;
	}
	bool have_term = false, have_lang = false;
	for (size_t i = 0; i < n; i++) {
		/* ten column names exist: more fields than that must repeat one */
		if (i >= MAX_FIELDS) {
			rc = tolk_error_set_at(TOLK_EINVALID, path, 1, 1, _("the CSV header has %zu fields; a column appears twice"), n);
			goto done;
		}
		map[i] = -1;
		for (int c = 0; c < NCOLS; c++)
			if (strcmp(fields[i], csv_columns[c]) == 0)
				map[i] = c;
		if (map[i] < 0) {
			rc = csv_error_at(path, orig, (size_t)(fields[i] - data), _("unknown CSV column '%s'"), fields[i]);
			goto done;
		}
		for (size_t j = 0; j < i; j++)
			if (map[j] == map[i]) {
				rc = csv_error_at(path, orig, (size_t)(fields[i] - data), _("CSV column '%s' appears twice"),
				                  fields[i]);
				goto done;
			}
		have_term |= map[i] == COL_TERM;
		have_lang |= map[i] == COL_LANG;
	}
	size_t ncols = n;
	if (!have_term || !have_lang) {
		rc = tolk_error_set_at(TOLK_EINVALID, path, 1, 1, _("the CSV header needs the columns 'lang' and 'term'"));
		goto done;
	}
	line++;
	for (;;) {
		row_line = line;
		if (!csv_record(&p, end, fields, &n, MAX_FIELDS, &line, &bad, &bad_at)) {
			if (bad)
				rc = csv_error_at(path, orig, (size_t)(bad_at - data), "%s", _("malformed CSV quoting"));
			break;
		}
		line++;
		if (n == 1 && fields[0][0] == '\0')
			continue;
		if (n != ncols) {
			rc = tolk_error_set_at(TOLK_EINVALID, path, row_line, 1, _("row has %zu fields, the header %zu"), n,
			                       ncols);
			break;
		}
		const char *v[NCOLS] = {0};
		for (size_t i = 0; i < n; i++)
			v[map[i]] = fields[i][0] ? fields[i] : NULL;
		tolk_term_status status = TOLK_TERM_PREFERRED;
		long ci;
		if (!v[COL_TERM] || !v[COL_LANG]) {
			rc = tolk_error_set_at(TOLK_EINVALID, path, row_line, 1, _("row without a term or a language"));
			break;
		}
		if ((v[COL_STATUS] && (rc = tolk_term_status_parse(&status, v[COL_STATUS])) < 0) ||
		    (rc = tb_check_lang(v[COL_LANG])) < 0 || (rc = tb_check_text(_("subject field"), v[COL_SUBJECT])) < 0 ||
		    (rc = tb_check_text(_("note"), v[COL_CNOTE])) < 0 ||
		    (rc = tb_check_text(_("context"), v[COL_CONTEXT])) < 0 ||
		    (rc = concept_for(&ci, tb, v[COL_CONCEPT] ? v[COL_CONCEPT] : v[COL_TERM], !v[COL_CONCEPT])) < 0) {
			rc = positioned(rc, path, row_line, 1);
			break;
		}
		tolk_concept *c = &tb->concepts[ci];
		if (v[COL_SUBJECT] && !c->subject_field)
			c->subject_field = tb_arena_clean(&tb->arena, v[COL_SUBJECT]);
		if (v[COL_CNOTE] && !c->note)
			c->note = tb_arena_clean(&tb->arena, v[COL_CNOTE]);
		if ((rc = tolk_termbase_add_term(tb, c->id, v[COL_LANG], v[COL_TERM], status, v[COL_POS], v[COL_TNOTE])) <
		            0 ||
		    (v[COL_DEF] && (rc = tolk_termbase_set_definition(tb, c->id, v[COL_LANG], v[COL_DEF])) < 0)) {
			rc = positioned(rc, path, row_line, 1);
			break;
		}
		if (v[COL_CONTEXT]) {
			tolk_term_entry *e = tb_find_term(&tb->concepts[ci], tb_lang_code(v[COL_LANG]), v[COL_TERM]);
			if (e)
				e->context = tb_arena_clean(&tb->arena, v[COL_CONTEXT]);
		}
	}
done:
	free(data);
	free(orig);
	return rc;
}

static void csv_field(FILE *fp, const char *s, bool last)
{
	if (s && strpbrk(s, ",\"\n\r")) {
		fputc('"', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else if (s) {
		fputs(s, fp);
	}
	fputs(last ? "\r\n" : ",", fp);
}

int tb_write_csv(tolk_termbase *tb, FILE *fp)
{
	for (int c = 0; c < NCOLS; c++)
		csv_field(fp, csv_columns[c], c == NCOLS - 1);
	for (size_t i = 0; i < tb->nconcepts; i++) {
		const tolk_concept *c = &tb->concepts[i];
		for (size_t t = 0; t < c->term_count; t++) {
			const tolk_term_entry *e = &c->terms[t];
			const char *def = NULL;
			for (size_t d = 0; d < c->definition_count; d++)
				if (strcmp(c->definitions[d].lang, e->lang) == 0)
					def = c->definitions[d].text;
			csv_field(fp, c->id, false);
			csv_field(fp, c->subject_field, false);
			csv_field(fp, c->note, false);
			csv_field(fp, e->lang, false);
			csv_field(fp, def, false);
			csv_field(fp, e->term, false);
			csv_field(fp, tolk_term_status_name(e->status), false);
			csv_field(fp, e->part_of_speech, false);
			csv_field(fp, e->note, false);
			csv_field(fp, e->context, true);
		}
	}
	return 0;
}
