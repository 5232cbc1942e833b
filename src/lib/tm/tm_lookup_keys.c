/*
 * What lookup asks the index for, word by word of the query, so that no unit
 * that could score above the threshold is missed (tm_lookup.c explains why a
 * few rare words suffice).
 *
 * A query word matches a unit when the unit holds it, or holds it as part of
 * a compound written another way (tm_join.c). Take one piece p of the word
 * (NAVO-Ministers: navo, ministers). The index holds every word of a unit
 * and every piece of its hyphenated words. If the unit writes p's compound
 * with fewer boundaries, the piece of the unit that holds p is p joined to at
 * most TM_JOIN_MAX_PIECES - 1 of its neighbours in the query: "defensie
 * uitgaven" asks for defensie, and defensieuitgaven. If the unit writes it
 * with more, p is made of pieces of at least TM_JOIN_MIN_PIECE bytes, the
 * first of which is a prefix of p and the last a suffix: "defensieuitgaven"
 * asks for def, defe, ... defensie, ... (or for the suffixes, whichever the
 * index's counts say is cheaper). Of a word's pieces, the cheapest is asked.
 * Terms the store's term filter (tm_terms.c) knows no unit holds are left out.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
#include "tm_lookup.h"

#include <stdlib.h>
#include <string.h>

/* What reading one more term costs next to reading postings (ordering only). */
#define TERM_COST 32

/* A piece of a query word, within a chain of words no punctuation or number separates. */
typedef struct piece {
	const char *s;
	uint32_t len;
	uint32_t chain;
} piece;

/* The query's words grouped by key: a group's words all ask the same terms. */
typedef struct group {
	const char *key;
	uint32_t len;
	uint32_t mult;
	uint32_t npieces;         /* 0: a number, or a word that never joins */
	size_t first_occurrence;  /* index into occurrences */
} group;

typedef struct terms {
	tolk_buf text;            /* terms, NUL-separated */
	size_t *at;               /* offsets of the terms in text */
	size_t n, cap;
	int64_t df;               /* summed document counts plus TERM_COST each */
} terms;

static void terms_clear(terms *t)
{
	tolk_buf_clear(&t->text);
	t->n = 0;
	t->df = 0;
}

static void terms_free(terms *t)
{
	tolk_buf_free(&t->text);
	free(t->at);
	memset(t, 0, sizeof(*t));
}

static int term_df(int64_t *df, tolk_tm *tm, const char *s, size_t len)
{
	return tm->be->df(tm, s, len, df);
}

/* Add the term made of parts (joined, hyphens left out), once. */
static int terms_add(terms *t, tolk_tm *tm, const piece *parts, size_t nparts)
{
	size_t start = t->text.len;
	for (size_t k = 0; k < nparts; k++)
		tolk_buf_put(&t->text, parts[k].s, parts[k].len);
	if (tolk_buf_putc(&t->text, '\0') < 0)
		return TOLK_ENOMEM;
	const char *term = t->text.ptr + start;
	size_t len = t->text.len - start - 1;
	if (tm->terms_valid && !tm_terms_may_hold(tm->terms, term, len)) {
		t->text.len = start; /* no unit holds it: nothing to ask the index */
		return 0;
	}
	for (size_t k = 0; k < t->n; k++)
		if (strcmp(t->text.ptr + t->at[k], term) == 0) {
			t->text.len = start;
			return 0;
		}
	if (tolk_array_grow((void **)&t->at, &t->cap, t->n + 1, sizeof(*t->at)) < 0)
		return TOLK_ENOMEM;
	int64_t df;
	int rc = term_df(&df, tm, term, len);
	if (rc < 0)
		return rc;
	t->at[t->n++] = start;
	t->df += df + TERM_COST;
	return 0;
}

/* Can a piece of a unit end (or start) between key bytes at-1 and at? Only between two letters or digits. */
bool tm_key_cut_allowed(const char *s, uint32_t at)
{
	unsigned char before = (unsigned char)s[at - 1], after = (unsigned char)s[at];
	if ((after & 0xC0) == 0x80)
		return false; /* inside a character */
	return !strchr("'.,:/", before) && !strchr("'.,:/", after);
}

/* The prefixes (or suffixes) of p a unit writing p in pieces must hold one of. */
static int add_family(terms *t, tolk_tm *tm, const piece *p, bool suffixes)
{
	int rc = 0;
	for (uint32_t at = TM_JOIN_MIN_PIECE; at + TM_JOIN_MIN_PIECE <= p->len && rc == 0; at++) {
		if (!tm_key_cut_allowed(p->s, at))
			continue;
		piece part = suffixes ? (piece){p->s + at, p->len - at, 0} : (piece){p->s, at, 0};
		rc = terms_add(t, tm, &part, 1);
	}
	return rc;
}

/* Terms for global piece g of the query: the runs of pieces around it, then one family. */
static int add_runs(terms *t, tolk_tm *tm, const piece *pieces, size_t npieces, size_t g)
{
	int rc = 0;
	for (size_t from = g >= TM_JOIN_MAX_PIECES - 1 ? g - (TM_JOIN_MAX_PIECES - 1) : 0; from <= g && rc == 0; from++)
		for (size_t to = g; to < from + TM_JOIN_MAX_PIECES && to < npieces && rc == 0; to++) {
			/* closed up, each piece of a run has TM_JOIN_MIN_PIECE bytes at least */
			bool possible = pieces[from].chain == pieces[to].chain;
			for (size_t k = from; k <= to && possible && to > from; k++)
				possible = pieces[k].len >= TM_JOIN_MIN_PIECE;
			if (possible)
				rc = terms_add(t, tm, pieces + from, to - from + 1);
		}
	return rc;
}

/* Terms for piece p of group g (all its occurrences); the cheaper family when the piece is long. */
static int piece_terms(terms *t, terms *scratch, tolk_tm *tm, const piece *pieces, size_t npieces,
                       const size_t *occ_first_piece, const group *g, uint32_t p)
{
	terms_clear(t);
	int rc = 0;
	for (size_t o = 0; o < g->mult && rc == 0; o++)
		rc = add_runs(t, tm, pieces, npieces, occ_first_piece[g->first_occurrence + o] + p);
	const piece *pc = &pieces[occ_first_piece[g->first_occurrence] + p];
	if (rc < 0 || pc->len < 2 * TM_JOIN_MIN_PIECE || pc->len > TM_FAMILY_MAX_BYTES)
		return rc;
	int64_t cost[2];
	for (int suffixes = 0; suffixes < 2 && rc == 0; suffixes++) {
		terms_clear(scratch);
		rc = add_family(scratch, tm, pc, suffixes);
		cost[suffixes] = scratch->df;
	}
	return rc < 0 ? rc : add_family(t, tm, pc, cost[1] < cost[0]);
}

/* Each term as an FTS5 query of its own: an OR of many costs the index a step per term for every row. */
static int make_queries(char **out, const terms *t)
{
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t k = 0; k < t->n; k++) {
		tolk_buf_putc(&b, '"');
		for (const char *s = t->text.ptr + t->at[k]; *s; s++) {
			if (*s == '"')
				tolk_buf_putc(&b, '"');
			tolk_buf_putc(&b, *s);
		}
		tolk_buf_putc(&b, '"');
		tolk_buf_putc(&b, '\0');
	}
	if (t->n && !b.ptr)
		return tolk_error_oom();
	*out = tolk_buf_detach(&b); /* none: no unit holds any of the word's terms */
	return *out ? 0 : tolk_error_oom();
}

int tm_query_keys(tm_qkey **out, size_t *n, tolk_tm *tm)
{
	*out = NULL;
	*n = 0;
	const tm_tokens *q = &tm->qtok;
	size_t nw = q->nwords;
	if (nw == 0)
		return 0;
	piece *pieces = NULL;
	size_t npieces = 0, pieces_cap = 0;
	size_t *occ_first_piece = tolk_calloc(nw, sizeof(size_t)), *occ_group = tolk_calloc(nw, sizeof(size_t));
	group *groups = tolk_calloc(nw, sizeof(group));
	tm_qkey *keys = tolk_calloc(nw, sizeof(tm_qkey));
	terms best = {TOLK_BUF_INIT, NULL, 0, 0, 0}, cand = best, scratch = best;
	size_t ngroups = 0, nocc = 0;
	int rc = 0;
	if (!occ_first_piece || !occ_group || !groups || !keys) {
		rc = TOLK_ENOMEM;
		goto done;
	}
	/* the pieces, in chains of words that may be joined; words grouped by key */
	uint32_t chain = 0;
	for (size_t i = 0; i < q->count && rc == 0; i++) {
		const tm_token *tok = &q->items[i];
		if (tok->kind == TM_TOK_PUNCT) {
			chain++;
			continue;
		}
		bool joins = tok->kind == TM_TOK_WORD && tok->hyphens < TM_HYPHENS_MANY;
		const char *key = tok->kind == TM_TOK_NUMBER ? TM_ANY_NUMBER : tm_key(q, tok);
		uint32_t len = tok->kind == TM_TOK_NUMBER ? (uint32_t)sizeof(TM_ANY_NUMBER) - 1 : tok->key_len;
		if (!joins)
			chain++;
		occ_first_piece[nocc] = npieces;
		uint32_t np = 0;
		for (uint32_t s = 0; joins && s < len; np++) {
			uint32_t e = s;
			while (e < len && key[e] != '-')
				e++;
			if (tolk_array_grow((void **)&pieces, &pieces_cap, npieces + 1, sizeof(*pieces)) < 0) {
				rc = TOLK_ENOMEM;
				break;
			}
			pieces[npieces++] = (piece){key + s, e - s, chain};
			s = e + 1;
		}
		if (!joins)
			chain++;
		size_t g = 0;
		while (g < ngroups && !(groups[g].len == len && memcmp(groups[g].key, key, len) == 0))
			g++;
		if (g == ngroups)
			groups[ngroups++] = (group){key, len, 0, np, 0};
		groups[g].mult++;
		occ_group[nocc++] = g;
	}
	/* each group's occurrences next to each other, so that a group reads them as one run */
	size_t *order = tolk_calloc(nocc + 1, sizeof(size_t));
	if (!order && rc == 0)
		rc = TOLK_ENOMEM;
	for (size_t g = 0, at = 0; rc == 0 && g < ngroups; g++) {
		groups[g].first_occurrence = at;
		for (size_t o = 0; o < nocc; o++)
			if (occ_group[o] == g)
				order[at++] = occ_first_piece[o];
	}
	if (rc == 0)
		memcpy(occ_first_piece, order, nocc * sizeof(size_t));
	free(order);

	for (size_t g = 0; g < ngroups && rc == 0; g++) {
		const group *gr = &groups[g];
		terms_clear(&best);
		if (gr->npieces == 0) {
			piece whole = {gr->key, gr->len, 0};
			rc = terms_add(&best, tm, &whole, 1);
		}
		for (uint32_t p = 0; p < gr->npieces && rc == 0; p++) {
			rc = piece_terms(&cand, &scratch, tm, pieces, npieces, occ_first_piece, gr, p);
			if (rc == 0 && (p == 0 || cand.df < best.df)) {
				terms swap = best;
				best = cand;
				cand = swap;
			}
		}
		if (rc == 0 && (rc = make_queries(&keys[g].terms, &best)) == 0) {
			keys[g].nterms = best.n;
			keys[g].mult = gr->mult;
			keys[g].df = best.df;
		}
	}
done:
	terms_free(&best);
	terms_free(&cand);
	terms_free(&scratch);
	free(pieces);
	free(occ_first_piece);
	free(occ_group);
	free(groups);
	if (rc < 0) {
		tm_query_keys_free(keys, nw);
		return rc;
	}
	*out = keys;
	*n = ngroups;
	return 0;
}

void tm_query_keys_free(tm_qkey *keys, size_t n)
{
	if (!keys)
		return;
	for (size_t k = 0; k < n; k++)
		free(keys[k].terms);
	free(keys);
}
