/*
 * SRX 2.0 segmentation rules (private to libtolk).
 *
 * srx.c reads an SRX document with libxml2 and selects the rules for one
 * language (language maps, cascading); srx_match.c compiles them with ICU's
 * regular expressions and decides, at a position in a text, whether the
 * first matching rule says break or no-break.
 */
#ifndef TOLK_SRX_H
#define TOLK_SRX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/utext.h>
#include <unicode/uset.h>

/* ---- the document ----------------------------------------------------------------- */
typedef struct srx_rule {
	bool is_break;
	char *before, *after;  /* regular expressions (Java/ICU syntax); "" matches anywhere */
	unsigned long line;    /* line of the <rule> element, for errors */
} srx_rule;

typedef struct srx_languagerule {
	char *name;
	srx_rule *rules;
	size_t nrules, cap;
	unsigned long line;
} srx_languagerule;

typedef struct srx_map {
	char *pattern, *rulename;
	unsigned long line;
} srx_map;

typedef struct srx_doc {
	char *path;            /* for messages */
	bool cascade;
	bool use_icu;          /* false only when an Okapi extension says useIcu4jBreakRules="no" */
	srx_languagerule *langs;
	size_t nlangs, langs_cap;
	srx_map *maps;
	size_t nmaps, maps_cap;
} srx_doc;

/* Parse SRX 2.0 (or 1.0) from memory; path names the source in errors (FILE:LINE:COL). */
int srx_doc_parse(srx_doc **out, const char *xml, size_t len, const char *path);
void srx_doc_free(srx_doc *doc);

/*
 * The rules that apply to a language tag ("nl", "nl-NL"), in order: those of
 * the first matching language map, or of every matching map when cascading.
 * *out is an array of borrowed pointers, freed with free(). TOLK_ELANG when no
 * map matches.
 */
int srx_doc_select(const srx_rule ***out, size_t *count, const srx_doc *doc, const char *lang);

/* An ICU expression from a UTF-8 pattern; *err_offset is where a syntax error is. */
struct URegularExpression;
struct URegularExpression *srx_regex_open(const char *pattern, uint32_t flags, int *err_offset,
                                          UErrorCode *status);

/* ---- matching -------------------------------------------------------------------------- */
typedef struct srx_engine srx_engine;

/* Compile rules (borrowed, copied). path names the file in errors. */
int srx_engine_new(srx_engine **out, const srx_rule *const *rules, size_t count, const char *path,
                   bool use_icu);
void srx_engine_free(srx_engine *e);

/* The text rules look at: one paragraph of repaired UTF-8. */
typedef struct srx_text {
	const char *s;
	size_t len;
	UText *ut;        /* opened lazily over s */
	uint64_t gen;     /* changes with every new text, so matchers reattach */
} srx_text;

void srx_text_set(srx_text *t, const char *s, size_t len);
void srx_text_close(srx_text *t);

enum { SRX_FAILED = -2, SRX_NO_RULE = -1, SRX_NO_BREAK = 0, SRX_BREAK = 1 };

/*
 * What the first rule that matches at byte offset pos says (or SRX_NO_RULE).
 * SRX_FAILED, with the error recorded, when a rule's expression runs past the
 * work allowed for one match (catastrophic backtracking in a user's rule).
 */
int srx_engine_decide(srx_engine *e, srx_text *t, size_t pos);

/*
 * Positions where a break rule says break, in increasing order, through
 * callback (return non-zero to stop; TOLK_EINVALID when a rule is too slow). Only characters that can end a break
 * rule's beforebreak are tried, so this is cheap when rules are specific.
 */
typedef int (*srx_position_cb)(size_t pos, void *payload);
int srx_engine_break_positions(srx_engine *e, srx_text *t, srx_position_cb cb, void *payload);

/*
 * Optional: find the break rules' anchors in a larger text once; later calls
 * for texts inside it use them instead of searching each text. The text must
 * stay as it is until the next prepare.
 */
int srx_engine_prepare(srx_engine *e, const char *text, size_t len);

bool srx_engine_has_break_rules(const srx_engine *e);
bool srx_engine_uses_icu(const srx_engine *e);
size_t srx_engine_rule_count(const srx_engine *e);

/* ---- regular expression analysis (srx_regex.c reads, srx_tail.c analyses) -------------------------------------------- */
/*
 * A set of characters, cheap to test: a bitmap for ASCII, an ICU set for the
 * rest. Used to skip rules that cannot match at a position without running
 * the regular expression.
 */
typedef struct srx_charset {
	uint64_t ascii[2];
	USet *other;  /* non-ASCII members (owned), or NULL */
	bool any_other;      /* every non-ASCII character */
	bool any;            /* every character */
	bool none_ok;        /* also fits where there is no character (start or end of the text) */
} srx_charset;

enum { SRX_TAIL_MAX = 6 };

static inline bool srx_charset_has(const srx_charset *cs, int32_t cp)
{
	if (cs->any)
		return true;
	if (cp < 0x80)
		return cp >= 0 && (cs->ascii[cp >> 6] >> (cp & 63)) & 1;
	return cs->any_other || (cs->other && uset_contains(cs->other, cp));
}
void srx_charset_free(srx_charset *cs);

/* The first or last characters of one way to match: pos[0] is nearest the break. */
typedef struct srx_edge {
	srx_charset pos[SRX_TAIL_MAX];
	size_t known;
} srx_edge;

/* Every way a pattern can end (or begin); count 0 when it may match anything. */
typedef struct srx_edges {
	srx_edge *alts;
	size_t count;
} srx_edges;

/*
 * What a match of pattern must end with (tail) or begin with (head), one
 * entry per alternative. Sound, not exact: a set may hold characters that
 * cannot occur, never miss one that can.
 */
int srx_pattern_tail(srx_edges *tail, const char *pattern);
int srx_pattern_head(srx_edges *head, const char *pattern);
void srx_edges_free(srx_edges *t);
/* Do the characters nearest the break (chars[0] first; -1 = none) fit one alternative? */
bool srx_edges_fit(const srx_edges *t, const int32_t *chars, size_t nchars);

#endif
