/* tolk align: pair the sentences of a text and its translation (TMX, beads or TSV). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tolk/spell.h"
#include "tolk/align.h"
#include "tolk/termbase.h"
#include "tolk/tmx.h"
#include "tolk/segment.h"
#include "tolk/document.h"

typedef struct side_text {
	const char *path;
	const char *lang;
	char *text;
	size_t len;
	tolk_segment *segs;      /* lines (owned array) or the segmenter's items */
	size_t count;
	tolk_segment_list *list; /* set when the segmenter made the segments */
	cli_input in;            /* a document's inline formatting goes into the TMX as inline codes */
} side_text;

/* After the options in --help. */
static const char *const help_more = N_("\nFormats: tmx writes a TMX 1.4b memory; beads prints lines like [0, 1]:[0]\n"
                                         "(0-based segment numbers, every segment once, in order); tsv prints score,\n"
                                         "source and target for review.\n");

/*
 * One segment per non-blank line; blank lines separate paragraphs. The
 * segments point into the buffer, whose line ends become NULs.
 */
static int split_lines(side_text *st)
{
	size_t cap = 0;
	unsigned paragraph = 1;
	bool blank_before = false;
	char *p = st->text, *end = st->text + st->len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line_end = nl ? nl : end;
		char *e = line_end;
		while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		char *s = p;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		*e = '\0';
		if (s == e) {
			blank_before = true;
		} else {
			if (blank_before && st->count)
				paragraph++;
			blank_before = false;
			if (st->count == cap) {
				cap = cap ? cap * 2 : 256;
				tolk_segment *n = realloc(st->segs, cap * sizeof(*n));
				if (!n)
					return cli_error("%s", _("out of memory"));
				st->segs = n;
			}
			st->segs[st->count++] = (tolk_segment){s, (size_t)(s - st->text), (size_t)(e - st->text),
			                                        paragraph, TOLK_SEGMENT_SENTENCE};
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static void put_clean(FILE *out, const char *s)
{
	/* TSV: tabs and line breaks inside a segment would break the columns. */
	for (; *s; s++)
		fputc((*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s, out);
}

static void put_side(FILE *out, const side_text *st, size_t start, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		if (k)
			fputc(' ', out);
		put_clean(out, st->segs[start + k].text);
	}
}

static void put_ids(FILE *out, size_t start, size_t count)
{
	fputc('[', out);
	for (size_t k = 0; k < count; k++)
		fprintf(out, k ? ", %zu" : "%zu", start + k);
	fputc(']', out);
}

static void write_beads(FILE *out, const tolk_alignment *a)
{
	for (size_t k = 0; k < a->count; k++) {
		const tolk_bead *b = &a->beads[k];
		put_ids(out, b->src_start, b->src_count);
		fputc(':', out);
		put_ids(out, b->tgt_start, b->tgt_count);
		fputc('\n', out);
	}
}

static void write_tsv(FILE *out, const tolk_alignment *a, const side_text *src, const side_text *tgt)
{
	for (size_t k = 0; k < a->count; k++) {
		const tolk_bead *b = &a->beads[k];
		fprintf(out, "%.3f\t", b->score);
		put_side(out, src, b->src_start, b->src_count);
		fputc('\t', out);
		put_side(out, tgt, b->tgt_start, b->tgt_count);
		fputc('\n', out);
	}
}

/* Lowest-scoring beads first; beads with an empty side before all others. */
static const tolk_alignment *sort_ctx;
static int by_score(const void *x, const void *y)
{
	const tolk_bead *a = &sort_ctx->beads[*(const size_t *)x], *b = &sort_ctx->beads[*(const size_t *)y];
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->src_start < b->src_start ? -1 : a->src_start > b->src_start;
}

static void shorten(FILE *out, const side_text *st, size_t start, size_t count, size_t width)
{
	size_t used = 0;
	for (size_t k = 0; k < count && used < width; k++) {
		const char *s = st->segs[start + k].text;
		if (k && used++ < width)
			fputc(' ', out);
		for (; *s && used < width; s++) {
			/* count code points, not bytes */
			if (((unsigned char)*s & 0xC0) != 0x80)
				used++;
			fputc(*s, out);
		}
		while (((unsigned char)*s & 0xC0) == 0x80)
			fputc(*s++, out);
		if (*s || k + 1 < count) {
			if (used >= width) {
				fputs("…", out);
				return;
			}
		}
	}
}

static void print_summary(FILE *out, const tolk_alignment *a, const side_text *src,
                          const side_text *tgt, const char *written)
{
	size_t units = 0, shapes[4][4] = {{0}}, other = 0;
	for (size_t k = 0; k < a->count; k++) {
		const tolk_bead *b = &a->beads[k];
		units += b->src_count && b->tgt_count;
		if (b->src_count < 4 && b->tgt_count < 4)
			shapes[b->src_count][b->tgt_count]++;
		else
			other++;
	}
	fprintf(out, _("Segments: %zu in %s, %zu in %s\n"), src->count, src->path, tgt->count, tgt->path);
	if (written)
		fprintf(out, _("Units: %zu, written to %s\n"), units, written);
	else
		fprintf(out, _("Units: %zu\n"), units);
	fputs(_("Beads:"), out);
	static const int order[][2] = {{1, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}, {1, 3}, {1, 0}, {0, 1}};
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if (shapes[order[k][0]][order[k][1]])
			fprintf(out, " %d-%d %zu", order[k][0], order[k][1], shapes[order[k][0]][order[k][1]]);
	fputc('\n', out);
	fprintf(out, _("Length model: %.3f target characters per source character (variance %.2f); "
	               "word pairs in the learned dictionary: %zu\n"),
	        a->length_ratio, a->length_variance, a->dictionary_size);

	/* the numbering of the TMX: tuid n is the n-th bead with both sides, as write_tmx numbers them */
	size_t *idx = malloc((a->count ? a->count : 1) * sizeof(*idx));
	size_t *tuid = malloc((a->count ? a->count : 1) * sizeof(*tuid));
	if (!idx || !tuid) {
		free(idx);
		free(tuid);
		return;
	}
	size_t ni = 0, unit = 0;
	for (size_t k = 0; k < a->count; k++) {
		idx[ni++] = k;
		tuid[k] = a->beads[k].src_count && a->beads[k].tgt_count ? ++unit : 0;
	}
	sort_ctx = a;
	qsort(idx, ni, sizeof(*idx), by_score);
	size_t show = ni < 5 ? ni : 5;
	if (show)
		fputs(_("Lowest-scoring pairs (score, then the unit's tuid in the TMX):\n"), out);
	for (size_t k = 0; k < show; k++) {
		const tolk_bead *b = &a->beads[idx[k]];
		fprintf(out, "  %.2f  ", b->score);
		if (tuid[idx[k]])
			fprintf(out, _("tuid %zu"), tuid[idx[k]]);
		else
			fputs(b->src_count ? _("not in the TMX: source left untranslated")
			                   : _("not in the TMX: target has no source"),
			      out);
		fputs("\n        ", out);
		if (b->src_count)
			shorten(out, src, b->src_start, b->src_count, 70);
		else
			fputs(_("(nothing)"), out);
		fputs("\n        ", out);
		if (b->tgt_count)
			shorten(out, tgt, b->tgt_start, b->tgt_count, 70);
		else
			fputs(_("(nothing)"), out);
		fputc('\n', out);
	}
	free(idx);
	free(tuid);
}

static int read_side(side_text *st, int presegmented, const char *encoding, const char *from)
{
	cli_input *in = &st->in;
	if (cli_input_read(in, st->path, from, encoding) != 0)
		return CLI_EXIT_ERROR;
	st->len = in->len;
	st->text = malloc(in->len + 1);
	if (st->text)
		memcpy(st->text, in->text, in->len + 1);
	if (!cli_input_is_document(in))
		cli_input_free(in); /* plain text has no inline codes */
	if (!st->text)
		return cli_error("%s", _("out of memory"));
	/*
	 * An empty side gives an alignment without units, which scripts that align
	 * many documents rely on; a user must still not take the empty TMX for a result.
	 */
	if (st->text[strspn(st->text, " \t\r\n\f\v")] == '\0')
		cli_warn(_("%s is empty: no unit can be made from it (check the file name)"), st->path);
	if (presegmented)
		return split_lines(st);
	tolk_segmenter *seg;
	tolk_speller *speller;
	if (cli_segmenter_open(&seg, &speller, st->lang, NULL, true, true) != 0)
		return CLI_EXIT_ERROR;
	int rc = tolk_segment_text(&st->list, seg, st->text, st->len);
	tolk_segmenter_free(seg);
	tolk_speller_free(speller);
	if (rc < 0)
		return cli_error_from_lib();
	st->segs = st->list->items;
	st->count = st->list->count;
	return 0;
}

static const char *lang_name(const char *code)
{
	return strcmp(code, "nl") == 0 ? _("Dutch") : strcmp(code, "en") == 0 ? _("English") : code;
}

/*
 * The mistakes of a first day: the English file given first, or a file in
 * another language than --src-lang/--tgt-lang say. Only a warning: the guess
 * looks at function words and knows Dutch and English only.
 */
static void warn_languages(const side_text *src, const side_text *tgt)
{
	const char *gs = tolk_text_guess_lang(src->text, src->len), *gt = tolk_text_guess_lang(tgt->text, tgt->len);
	char sl[3] = {0}, tl[3] = {0};
	memcpy(sl, src->lang, strlen(src->lang) < 2 ? strlen(src->lang) : 2);
	memcpy(tl, tgt->lang, strlen(tgt->lang) < 2 ? strlen(tgt->lang) : 2);
	if (gs && gt && strcmp(sl, tl) != 0 && strcmp(gs, tl) == 0 && strcmp(gt, sl) == 0) {
		cli_warn(_("%s looks %s and %s looks %s: the two files seem to be in the wrong order; give the %s file "
		           "first: tolk align %s %s"),
		         src->path, lang_name(gs), tgt->path, lang_name(gt), lang_name(sl), tgt->path, src->path);
		return;
	}
	const side_text *sides[2] = {src, tgt};
	const char *guess[2] = {gs, gt}, *said[2] = {sl, tl}, *option[2] = {"--src-lang", "--tgt-lang"};
	for (int k = 0; k < 2; k++)
		if (guess[k] && (strcmp(said[k], "nl") == 0 || strcmp(said[k], "en") == 0) && strcmp(guess[k], said[k]) != 0)
			cli_warn(_("%s looks %s, but %s says %s (%s); give the file in that language, or %s %s"),
			         sides[k]->path, lang_name(guess[k]), option[k], lang_name(said[k]), sides[k]->lang, option[k],
			         guess[k]);
}

static void free_side(side_text *st)
{
	if (st->list)
		tolk_segment_list_free(st->list);
	else
		free(st->segs);
	free(st->text);
	cli_input_free(&st->in);
}

static char *join_side(const side_text *st, size_t start, size_t count)
{
	size_t len = 0;
	for (size_t k = 0; k < count; k++)
		len += strlen(st->segs[start + k].text) + 1;
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	char *p = out;
	for (size_t k = 0; k < count; k++) {
		if (k)
			*p++ = ' ';
		size_t n = strlen(st->segs[start + k].text);
		memcpy(p, st->segs[start + k].text, n);
		p += n;
	}
	*p = '\0';
	return out;
}

/*
 * One unit per bead with both sides; the bead's shape and score go in props so
 * that a reviser can filter on them in a CAT tool.
 */
static int write_tmx(const char *path, const tolk_alignment *a, const side_text *src,
                     const side_text *tgt, const char *src_tag, const char *tgt_tag)
{
	tolk_tmx_header header = {0};
	header.segtype = "sentence";
	header.srclang = (char *)src_tag;
	header.datatype = "plaintext";
	header.adminlang = "en";
	tolk_tmx_writer *w = NULL;
	int status = CLI_EXIT_OK;
	bool reported = false;
	if (tolk_tmx_writer_open(&w, path, &header) < 0) {
		status = CLI_EXIT_ERROR;
		goto failed;
	}
	size_t unit = 0;
	for (size_t k = 0; k < a->count && status == CLI_EXIT_OK; k++) {
		const tolk_bead *b = &a->beads[k];
		if (!b->src_count || !b->tgt_count)
			continue;
		char tuid[32], shape[24], score[16];
		snprintf(tuid, sizeof(tuid), "%zu", ++unit);
		tolk_bead_type(shape, b);
		snprintf(score, sizeof(score), "%.3f", b->score);
		tolk_tmx_prop props[2] = {{"x-tolk-bead", shape}, {"x-tolk-score", score}};
		tolk_tmx_tuv tuvs[2] = {{0}};
		tuvs[0].lang = (char *)src_tag;
		tuvs[0].text = join_side(src, b->src_start, b->src_count);
		tuvs[1].lang = (char *)tgt_tag;
		tuvs[1].text = join_side(tgt, b->tgt_start, b->tgt_count);
		if (tolk_document_seg_xml(&tuvs[0].seg_xml, src->in.doc, src->segs + b->src_start, b->src_count) < 0 ||
		    tolk_document_seg_xml(&tuvs[1].seg_xml, tgt->in.doc, tgt->segs + b->tgt_start, b->tgt_count) < 0)
			status = CLI_EXIT_ERROR;
		tolk_tmx_unit u = {0};
		u.tuid = tuid;
		u.props = props;
		u.nprops = 2;
		u.tuvs = tuvs;
		u.ntuvs = 2;
		if (status != CLI_EXIT_OK) {
			/* the error is the library's */
		} else if (!tuvs[0].text || !tuvs[1].text) {
			status = cli_error("%s", _("out of memory"));
			reported = true;
		} else if (tolk_tmx_writer_add(w, &u) < 0) {
			status = CLI_EXIT_ERROR;
		}
		for (int k = 0; k < 2; k++) {
			free(tuvs[k].text);
			free(tuvs[k].seg_xml);
		}
	}
	if (status == CLI_EXIT_OK && tolk_tmx_writer_close(w) < 0)
		status = CLI_EXIT_ERROR;
	if (status == CLI_EXIT_OK && tolk_tmx_writer_dropped(w))
		cli_warn(_("%zu characters that XML cannot carry (control characters, U+FFFE, U+FFFF) were left out "
		           "of the TMX"),
		         tolk_tmx_writer_dropped(w));
failed:
	tolk_tmx_writer_free(w);
	if (status != CLI_EXIT_OK && !reported)
		cli_error_from_lib();
	return status;
}

/*
 * The language tag for the TMX, checked before any work so that nothing is
 * written under a tag xml:lang cannot hold.
 */
static bool tag_for(char *buf, size_t size, char *lang_out, const char *option, const char *lang)
{
	if (strlen(lang) >= size) {
		cli_error(_("--%s: language tag too long"), option);
		return false;
	}
	/* Tags ignore case: NL is nl for the segmenter and the term base, and nl-NL in the TMX. */
	size_t k = 0;
	for (; lang[k] && lang[k] != '-' && lang[k] != '_'; k++)
		lang_out[k] = (char)(lang[k] >= 'A' && lang[k] <= 'Z' ? lang[k] - 'A' + 'a' : lang[k]);
	for (; lang[k]; k++)
		lang_out[k] = lang[k] == '_' ? '-' : lang[k];
	lang_out[k] = '\0';
	if (tolk_lang_tag_check(tolk_lang_tmx_tag(buf, size, lang_out)) < 0) {
		tolk_lang_tag_check(lang); /* the message quotes the tag as given */
		cli_error("--%s: %s", option, tolk_error_last()->message);
		return false;
	}
	return true;
}

static int run(int argc, char **argv)
{
	const char *src_lang = "nl", *tgt_lang = "en", *termbase = NULL, *format = NULL, *output = NULL;
	const char *encoding = NULL, *from = NULL;
	int presegmented = 0, summary = 0, no_lexical = 0, no_dictionary = 0;
	side_text src = {0}, tgt = {0};
	tolk_termbase *tb = NULL;
	const cli_opt opts[] = {
		{CLI_OPT_VALUE, "src-lang", 0, &src_lang, "LANG", N_("language of SOURCE (default nl)"), 0},
		{CLI_OPT_VALUE, "tgt-lang", 0, &tgt_lang, "LANG", N_("language of TARGET (default en)"), 0},
		{CLI_OPT_VALUE, "termbase", 0, &termbase, "FILE", N_("use a TBX term base's concepts as evidence"), 0},
		{CLI_OPT_SWITCH, "presegmented", 0, &presegmented, NULL,
		 N_("take one segment per line as is (blank lines separate paragraphs)"), 0},
		{CLI_OPT_VALUE, "format", 'f', &format, "tmx|beads|tsv", N_("tmx (default), beads or tsv"), 0},
		{CLI_OPT_SWITCH, "summary", 0, &summary, NULL,
		 N_("print segments, units, bead types and the lowest-scoring pairs"), 0},
		{CLI_OPT_SWITCH, "length-only", 0, &no_lexical, NULL,
		 N_("use the length model alone (plain Gale-Church, for comparison)"), 0},
		{CLI_OPT_SWITCH, "no-dictionary", 0, &no_dictionary, NULL,
		 N_("do not learn a dictionary from a first pass"), 0},
		{CLI_OPT_VALUE, "output", 'o', &output, "FILE", N_("write to FILE instead of standard output"), 0},
		{CLI_OPT_VALUE, "encoding", 0, &encoding, "ENC",
		 N_("encoding of both files when not UTF-8 or UTF-16, e.g. windows-1252"), 0},
		CLI_OPT_FROM(from),
		{CLI_OPT_ARG, "source", 0, &src.path, "SOURCE", NULL, CLI_OPT_REQUIRED},
		{CLI_OPT_ARG, "target", 0, &tgt.path, "TARGET", NULL, CLI_OPT_REQUIRED},
		{0, NULL, 0, NULL, NULL, NULL, 0},
	};
	tolk_aligner *al = NULL;
	tolk_alignment *alignment = NULL;
	cli_progress *progress = NULL;
	char *buf = NULL;
	size_t buf_len = 0;
	FILE *mem = NULL;
	int status = CLI_EXIT_ERROR;
	char src_tag[128], tgt_tag[128], src_norm[128], tgt_norm[128];

	if (cli_opt_start(opts, argc, argv, "align", cli_cmd_align.summary, help_more, &status))
		goto done;
	if (!format)
		format = "tmx";
	if (output && strcmp(output, "-") == 0)
		output = NULL; /* "-" is standard output, as for the inputs */
	if (strcmp(format, "beads") != 0 && strcmp(format, "tsv") != 0 && strcmp(format, "tmx") != 0) {
		status = cli_error(_("unknown format '%s' (tmx, beads or tsv)"), format);
		goto done;
	}
	if (!tag_for(src_tag, sizeof(src_tag), src_norm, "src-lang", src_lang) ||
	    !tag_for(tgt_tag, sizeof(tgt_tag), tgt_norm, "tgt-lang", tgt_lang))
		goto done;
	src_lang = src_norm;
	tgt_lang = tgt_norm;
	src.lang = src_lang;
	tgt.lang = tgt_lang;
	if (termbase && tolk_termbase_open_ext(&tb, termbase, cli_termbase_options()) < 0) {
		status = cli_error_from_lib();
		goto done;
	}
	if (read_side(&src, presegmented, encoding, from) != 0 || read_side(&tgt, presegmented, encoding, from) != 0)
		goto done;
	warn_languages(&src, &tgt);

	tolk_align_options ao;
	tolk_align_options_init(&ao, TOLK_ALIGN_OPTIONS_VERSION);
	ao.lexical = !no_lexical;
	ao.learn_dictionary = !no_dictionary;
	progress = cli_progress_start(_("aligning"));
	ao.progress = cli_progress_cb;
	ao.progress_payload = progress;
	if (tolk_aligner_new(&al, src_lang, tgt_lang, &ao) < 0 || (tb && tolk_aligner_set_termbase(al, tb) < 0) ||
	    tolk_align(&alignment, al, src.segs, src.count, tgt.segs, tgt.count) < 0) {
		cli_progress_finish(progress);
		progress = NULL;
		status = cli_error_from_lib();
		goto done;
	}
	cli_progress_finish(progress);
	progress = NULL;

	if (strcmp(format, "tmx") == 0) {
		if ((status = write_tmx(output ? output : "-", alignment, &src, &tgt, src_tag, tgt_tag)) != CLI_EXIT_OK)
			goto done;
		status = CLI_EXIT_ERROR;
	} else {
		FILE *out = stdout;
		if (output) {
			if (!(mem = open_memstream(&buf, &buf_len))) {
				status = cli_error("%s", _("out of memory"));
				goto done;
			}
			out = mem;
		}
		if (strcmp(format, "beads") == 0)
			write_beads(out, alignment);
		else
			write_tsv(out, alignment, &src, &tgt);
		if (mem) {
			if (fclose(mem) != 0) {
				mem = NULL;
				status = cli_error("%s", _("out of memory"));
				goto done;
			}
			mem = NULL;
			if (tolk_file_write_atomic(output, buf, buf_len) < 0) {
				status = cli_error_from_lib();
				goto done;
			}
		} else if (fflush(stdout) != 0 || ferror(stdout)) {
			status = cli_error(_("error writing to standard output"));
			goto done;
		}
	}
	if (summary)
		print_summary(output ? stdout : stderr, alignment, &src, &tgt, output);
	status = CLI_EXIT_OK;
done:
	if (mem)
		fclose(mem);
	free(buf);
	cli_progress_finish(progress);
	tolk_alignment_free(alignment);
	tolk_aligner_free(al);
	tolk_termbase_free(tb);
	free_side(&src);
	free_side(&tgt);
	return status;
}

const cli_cmd cli_cmd_align = {"align", N_("align a text with its translation into a translation memory"), run};
