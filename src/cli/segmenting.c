/* The segmenter as every command sets it up, so segment, align and analyze cut text identically. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "cli.h"
#include "tolk/segment.h"
#include "tolk/spell.h"

int cli_segmenter_open(tolk_segmenter **seg, tolk_speller **speller, const char *lang, const char *srx,
                       bool layout_repair, bool use_lexicon)
{
	*seg = NULL;
	*speller = NULL;
	if (tolk_segmenter_new(seg, lang) < 0 || (srx && tolk_segmenter_load_srx(*seg, srx) < 0)) {
		tolk_segmenter_free(*seg);
		*seg = NULL;
		return cli_error_from_lib();
	}
	tolk_segmenter_set_layout_repair(*seg, layout_repair);
	/* Hunspell tells a split word (vooruitge-/keken) from a compound; without it only the document does. */
	if (layout_repair && use_lexicon) {
		if (tolk_speller_new(speller, strncmp(lang, "en", 2) == 0 ? "en_GB" : "nl_NL", NULL) == 0)
			tolk_segmenter_set_lexicon(*seg, tolk_speller_known_cb, *speller);
		else
			cli_warn(_("no dictionary for line-end hyphens (%s); using the document's own evidence"),
			         tolk_error_last() ? tolk_error_last()->message : "?");
	}
	return 0;
}
