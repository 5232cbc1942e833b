/*
 * Reading ICU/Java regular expressions into a small tree (private to
 * srx_regex.c and srx_tail.c): enough to tell which characters a match can
 * begin or end with. Whatever is not understood becomes "any character".
 */
#ifndef TOLK_SRX_RE_H
#define TOLK_SRX_RE_H

#include "srx.h"

enum { ITEM_SET, ITEM_ZERO, ITEM_GROUP, ITEM_UNKNOWN, ITEM_WORD_BOUNDARY };

typedef struct re_seq re_seq;

typedef struct re_item {
	int kind;
	srx_charset set;     /* ITEM_SET; its USet is owned by the parse */
	re_seq *alts;        /* ITEM_GROUP */
	size_t nalts;
	int min, max;        /* max -1: unbounded */
} re_item;

struct re_seq {
	re_item *items;
	size_t n, cap;
};

typedef struct parse {
	const char *p, *end;
	bool icase;
	bool failed;         /* gave up: everything is unknown */
	USet **sets;         /* every USet made, freed at the end */
	size_t nsets, sets_cap;
} parse;

/* Parse a whole pattern: its top-level alternatives; ps->failed when it gave up. */
re_seq *re_parse(parse *ps, const char *pattern, size_t *nalts);
/* Free the tree and every set the parse made. */
void re_parse_end(parse *ps, re_seq *alts, size_t nalts);

srx_charset re_any_set(void);
srx_charset re_union(parse *ps, const srx_charset *a, const srx_charset *b);

#endif
