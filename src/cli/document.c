/* Input documents for the commands: --from, reading through tolk_document_read, and where an offset lies. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tolk/document.h"

int cli_input_read(cli_input *in, const char *path, const char *from, const char *encoding)
{
	memset(in, 0, sizeof *in);
	tolk_document_options opts = TOLK_DOCUMENT_OPTIONS_INIT;
	if (from && tolk_document_format_from_name(&opts.format, from) < 0)
		return cli_error_from_lib();
	opts.encoding = encoding;
	if (encoding && opts.format != TOLK_DOCUMENT_AUTO && opts.format != TOLK_DOCUMENT_TEXT)
		return cli_error(_("--encoding applies to plain text only, not to --from %s"), from);
	if (tolk_document_read(&in->doc, path, &opts) < 0)
		return cli_error_from_lib();
	in->text = tolk_document_text(in->doc, &in->len);
	in->format = tolk_document_format_of(in->doc);
	if (in->format == TOLK_DOCUMENT_TEXT) {
		tolk_document_location loc;
		if (tolk_document_locate(&loc, in->doc, 0) == 0)
			in->shift = loc.source_byte;
	}
	return 0;
}

void cli_input_free(cli_input *in)
{
	tolk_document_free(in->doc);
	memset(in, 0, sizeof *in);
}

bool cli_input_is_document(const cli_input *in)
{
	return in->doc && in->format != TOLK_DOCUMENT_TEXT;
}

void cli_input_where(char *buf, size_t size, const cli_input *in, size_t offset)
{
	tolk_document_location loc;
	buf[0] = '\0';
	if (!in->doc || tolk_document_locate(&loc, in->doc, offset) < 0)
		return;
	char part[128] = "";
	switch (loc.format) {
	case TOLK_DOCUMENT_TEXT:
		snprintf(buf, size, _("line %lu, column %lu"), loc.line, loc.column);
		return;
	case TOLK_DOCUMENT_PDF:
		snprintf(buf, size, _("page %lu, line %lu, column %lu"), loc.page, loc.line, loc.column);
		return;
	default:
		break;
	}
	if (loc.kind == TOLK_BLOCK_FOOTNOTE && loc.note_mark)
		snprintf(part, sizeof part, _("footnote %s"), loc.note_mark);
	else if (loc.kind == TOLK_BLOCK_ENDNOTE && loc.note_mark)
		snprintf(part, sizeof part, _("endnote %s"), loc.note_mark);
	else if (loc.kind == TOLK_BLOCK_HEADER)
		snprintf(part, sizeof part, _("page header, paragraph %lu"), loc.paragraph);
	else if (loc.kind == TOLK_BLOCK_FOOTER)
		snprintf(part, sizeof part, _("page footer, paragraph %lu"), loc.paragraph);
	else if (loc.kind == TOLK_BLOCK_TABLE_CELL)
		snprintf(part, sizeof part, _("paragraph %lu (table %lu, row %lu, cell %lu)"), loc.paragraph, loc.table,
		         loc.row, loc.column_in_table);
	else
		snprintf(part, sizeof part, _("paragraph %lu"), loc.paragraph);
	/* a line break inside the paragraph (or a cell's or note's further paragraphs) */
	if (loc.line > 1)
		snprintf(buf, size, _("%s, line %lu, column %lu"), part, loc.line, loc.column);
	else
		snprintf(buf, size, _("%s, column %lu"), part, loc.column);
}

void cli_input_mask_notes(char *text, const cli_input *in)
{
	size_t n = tolk_document_inline_count(in->doc);
	for (size_t i = 0; i < n; i++) {
		const tolk_document_inline *s = tolk_document_inline_at(in->doc, i);
		if (s->kind == TOLK_INLINE_NOTE_REF && s->offset + s->length <= in->len)
			memset(text + s->offset, ' ', s->length);
	}
}
