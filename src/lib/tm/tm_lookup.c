/*
 * Fuzzy lookup without a full scan, and provably the same answer as one.
 *
 * A unit scoring s >= min against a query of n words shares at least
 * t = ceil(min * n / 100) of the query's words (the score is bounded by
 * 100 * shared / longer length; a compound written another way shares all
 * its words, and counting it once on both sides keeps the bound). So if the
 * query's words are ordered rarest first, any such unit contains one of the
 * first few — those whose removal leaves fewer than t words (the "prefix
 * filter" of similarity joins). Their posting lists, read from the FTS5
 * index, give every possible candidate; what a word asks the index for, so
 * that its compounds written apart or together are found too, is in
 * tm_lookup_keys.c. The query's numbers count as one word, "some number",
 * which the index keeps for every number, as any number may stand for
 * another. Reading a few more short lists bounds each candidate's shared
 * words from above; candidates are verified in order of that bound, and
 * verification stops once the bound cannot reach the last of the best
 * results.
 *
 * The threshold need not stay at min: once max results are found, a unit
 * must reach the last one's score (ties may still win on date), which only
 * rises. So before each further list of the prefix the candidates sharing
 * the most words read so far are verified ("probed"), and t is computed
 * from the floor so reached: the prefix is often a word or two instead of
 * a third of the query. Every unit that can still enter shares at least
 * that t words, so it holds a word of the shorter prefix: the answer is the
 * scan's. A memory text also reaches the floor only if it is not too long
 * for it (tm_score_max_words); that is told from its spaces, before it is
 * tokenized.
 */
#define _POSIX_C_SOURCE 200809L
#include "tm_backend.h"
#include "tm_lookup.h"
#include "tm_sketch.h"
#include "tm_postings_cache.h"

#include <stdlib.h>
#include <string.h>


/* Posting entries read beyond the prefix just to sharpen the bounds. */
#define EXTRA_POSTINGS_BUDGET 200000
/*
 * A verification (fetch, tokenize, score) costs about fifty postings read: a
 * further list is read when it has at most this many entries per candidate
 * still alive, i.e. when it pays off once it rules out a tenth of them.
 */
#define EXTRA_POSTINGS_PER_CANDIDATE 5

typedef struct cand {
	int64_t rowid;
	uint32_t shared;          /* query words known to be in it */
	uint32_t bound;           /* most query words it can share */
} cand;

typedef struct top_entry {
	int score;
	time_t changedate;
	int64_t tu, tuv;
	char *source;
	int64_t source_lang;
} top_entry;

typedef struct top_list {
	top_entry *items;
	size_t count, max;
	size_t cap;               /* items has room for cap entries (one more than it keeps) */
} top_list;

/* ---- posting lists --------------------------------------------------------------- */
typedef tm_ids postings;  /* ascending, as the store returns them */

/* Candidates: union of the prefix lists, each with the query words known to be in it. */
static int merge_union(cand **c, size_t *n, const postings *p, uint32_t mult)
{
	cand *out = tolk_malloc((*n + p->n + 1) * sizeof(*out));
	if (!out)
		return TOLK_ENOMEM;
	size_t i = 0, j = 0, k = 0;
	const cand *a = *c;
	while (i < *n || j < p->n) {
		if (j == p->n || (i < *n && a[i].rowid < p->ids[j])) {
			out[k++] = a[i++];
		} else if (i == *n || p->ids[j] < a[i].rowid) {
			out[k].rowid = p->ids[j++];
			out[k].shared = mult;
			out[k++].bound = 0;
		} else {
			out[k] = a[i++];
			out[k++].shared += mult;
			j++;
		}
	}
	free(*c);
	*c = out;
	*n = k;
	return 0;
}

/* A further list only raises the counts of candidates it holds. */
static void merge_count(cand *c, size_t n, const postings *p, uint32_t mult)
{
	size_t i = 0, j = 0;
	while (i < n && j < p->n) {
		if (c[i].rowid < p->ids[j])
			i++;
		else if (p->ids[j] < c[i].rowid)
			j++;
		else {
			c[i++].shared += mult;
			j++;
		}
	}
}

/* ---- best results ------------------------------------------------------------------- */
/* Better: higher score, then the more recent change, then the older unit. */
static bool better(const top_entry *a, const top_entry *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->changedate != b->changedate)
		return a->changedate > b->changedate;
	return a->tu < b->tu;
}

/* The score a newcomer must reach to enter (ties may still win on date). */
static int top_floor(const top_list *t, int min_score)
{
	if (t->count < t->max)
		return min_score;
	int last = t->items[t->count - 1].score;
	return last > min_score ? last : min_score;
}

static int top_offer(top_list *t, const top_entry *e, const char *source)
{
	/* one result per unit: its best variant */
	for (size_t k = 0; k < t->count; k++) {
		if (t->items[k].tu != e->tu)
			continue;
		if (!better(e, &t->items[k]))
			return 0;
		free(t->items[k].source);
		memmove(&t->items[k], &t->items[k + 1], (t->count - k - 1) * sizeof(*t->items));
		t->count--;
		break;
	}
	if (t->count == t->max && !better(e, &t->items[t->count - 1]))
		return 0;
	/* room for one more than count (the insertion moves the tail up): max may be anything up to SIZE_MAX */
	if (t->count + 1 >= t->cap && t->count < t->max &&
	    tolk_array_grow((void **)&t->items, &t->cap, t->count + 2, sizeof(*t->items)) < 0)
		return TOLK_ENOMEM;
	char *copy = tolk_strdup(source);
	if (!copy)
		return TOLK_ENOMEM;
	if (t->count == t->max) {
		free(t->items[t->count - 1].source);
		t->count--;
	}
	size_t pos = t->count;
	while (pos > 0 && better(e, &t->items[pos - 1]))
		pos--;
	memmove(&t->items[pos + 1], &t->items[pos], (t->count - pos) * sizeof(*t->items));
	t->items[pos] = *e;
	t->items[pos].source = copy;
	t->count++;
	return 0;
}

/* ---- verification -------------------------------------------------------------------- */
typedef struct lookup {
	tolk_tm *tm;
	postings term, scratch;   /* read_postings' */
	bool keep_postings;       /* lists read are kept for the next lookups (tm_postings_cache.c) */
	const char *text;
	int min_score;
	bool scan_fallback;       /* TOLK_ENOINDEX: scan instead of failing */
	bool index_unusable;      /* ... and a scan answered */
	bool length_filter;       /* skip texts too long to reach the floor (not in the exhaustive scan) */
	bool sketch_passed;       /* the variant fetched now passed its sketch at this floor: its length did too */
	int words_floor;          /* the floor max_words is for */
	size_t max_words;         /* a longer memory text cannot reach it (tm_score_max_words) */
	int64_t *src_langs;
	size_t nsrc_langs;
	top_list top;
	tm_sketch_query sketch;   /* the query's keys, to hold against variants' sketches */
	size_t known_keys;        /* keys whose posting lists are read: a candidate's shared words are exact there */
} lookup;

static bool is_src_lang(const lookup *lk, int64_t lang)
{
	for (size_t k = 0; k < lk->nsrc_langs; k++)
		if (lk->src_langs[k] == lang)
			return true;
	return false;
}

static int unit_changedate(time_t *out, tolk_tm *tm, int64_t tu)
{
	tm_unit_info info;
	int rc = tm->be->unit(tm, tu, &info, false);
	if (rc == 0 && (info.creationdate || info.changedate))
		*out = info.changedate ? info.changedate : info.creationdate;
	return rc;
}

/* Score one memory variant and offer it to the results. */
static int verify(lookup *lk, const tm_row *r)
{
	int64_t tuv = r->id, tu = r->tu, lang = r->lang;
	const char *text = r->text;
	if (!is_src_lang(lk, lang) || !text)
		return 0;
	tolk_tm *tm = lk->tm;
	int floor = top_floor(&lk->top, lk->min_score);
	size_t len = strlen(text);
	if (lk->length_filter && !lk->sketch_passed) {
		if (floor != lk->words_floor) {
			lk->max_words = tm_score_max_words(&tm->qtok, floor);
			lk->words_floor = floor;
		}
		if (tm_words_at_least(text, len, lk->max_words) > lk->max_words)
			return 0; /* too long to reach the floor: not worth tokenizing */
	}
	int rc = tm_tokenize(&tm->ctok, text, len);
	if (rc < 0)
		return rc;
	int score;
	if ((rc = tm_score(&score, &tm->scorer, lk->text, &tm->qtok, text, &tm->ctok, floor)) < 0)
		return rc;
	if (score == TM_SCORE_BELOW)
		return 0;
	top_entry e = {score, r->dated ? r->changedate : 0, tu, tuv, NULL, lang};
	if (!r->dated && (rc = unit_changedate(&e.changedate, tm, tu)) < 0)
		return rc;
	return top_offer(&lk->top, &e, text);
}

static int verify_row(void *ctx, const tm_row *r)
{
	return verify(ctx, r);
}

static int scan_all(lookup *lk)
{
	lk->length_filter = false; /* the scan is what the index is checked against: every text scored */
	return lk->tm->be->scan(lk->tm, verify_row, lk);
}

static int cmp_qkey(const void *a, const void *b)
{
	const tm_qkey *x = a, *y = b;
	if (x->df != y->df)
		return x->df < y->df ? -1 : 1;
	return strcmp(x->terms, y->terms);
}

/* The rows holding one term, read into p (or kept from an earlier lookup of this memory). */
static int read_term(lookup *lk, const char *query, postings *p)
{
	tolk_tm *tm = lk->tm;
	if (lk->keep_postings && tm_postings_cache_get(tm, query, p))
		return 0;
	int rc = tm->be->postings(tm, query, p);
	if (rc == 0 && lk->keep_postings)
		tm_postings_cache_put(tm, query, p);
	return rc;
}

/* a := a united with b (both ascending) */
static int postings_unite(postings *a, const postings *b, postings *scratch)
{
	if (scratch->cap < a->n + b->n) {
		int64_t *ids = realloc(scratch->ids, (a->n + b->n) * sizeof(*ids));
		if (!ids)
			return tolk_error_oom();
		scratch->ids = ids;
		scratch->cap = a->n + b->n;
	}
	size_t i = 0, j = 0, k = 0;
	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->ids[i] < b->ids[j]))
			scratch->ids[k++] = a->ids[i++];
		else if (i == a->n || b->ids[j] < a->ids[i])
			scratch->ids[k++] = b->ids[j++];
		else {
			scratch->ids[k++] = a->ids[i++];
			j++;
		}
	}
	scratch->n = k;
	postings t = *a;
	*a = *scratch;
	*scratch = t;
	return 0;
}

/* The posting list of one key, read into p: the union of its terms' lists. */
static int read_postings(lookup *lk, const tm_qkey *k, postings *p)
{
	p->n = 0;
	const char *query = k->terms;
	int rc = 0;
	for (size_t t = 0; t < k->nterms && rc == 0; t++, query += strlen(query) + 1) {
		if (p->n == 0) {
			rc = read_term(lk, query, p);
			continue;
		}
		if ((rc = read_term(lk, query, &lk->term)) == 0 && lk->term.n)
			rc = postings_unite(p, &lk->term, &lk->scratch);
	}
	return rc;
}

/* A sketch is a memory read away: asked for this many candidates ahead. */
#define SKETCH_AHEAD 8
/* A server store's sketches are fetched for up to this many candidates at a time (no fewer than 256: ids is reused). */
#define SKETCH_WANT 1024

/*
 * Can variant id not reach the floor, by its sketch? A variant in a language
 * not looked up is not scored at all.
 */
static bool sketch_rules_out(lookup *lk, int64_t id, uint32_t held, bool *sketched)
{
	const tm_sketch *s = lk->sketch.masks ? tm_sketch_find(lk->tm, id) : NULL;
	if (sketched)
		*sketched = s != NULL;
	if (!s)
		return false;
	unsigned lang = tm_sketch_lang(s);
	if (lang != TM_SKETCH_ANY_LANG && !is_src_lang(lk, lang))
		return true;
	return !tm_sketch_reaches_known(&lk->sketch, s, top_floor(&lk->top, lk->min_score), lk->known_keys, held);
}

/*
 * Fetch candidate variants and verify them (a server store is asked for many
 * at once); held[k]: the words of the keys read so far that ids[k] holds.
 */
static int verify_candidates(lookup *lk, const int64_t *ids, const uint32_t *held, size_t n)
{
	tolk_tm *tm = lk->tm;
	int rc = 0;
	if (tm->be->variants) {
		for (size_t k = 0; k < n && rc == 0; k += 256)
			rc = tm->be->variants(tm, ids + k, n - k < 256 ? n - k : 256, verify_row, lk);
		return rc;
	}
	/* each asked by its sketch first, at the floor the ones before it left (the sketches ahead read meanwhile) */
	for (size_t k = 0; k < n && rc == 0; k++) {
		if (k + SKETCH_AHEAD < n)
			tm_sketch_prefetch(tm, ids[k + SKETCH_AHEAD]);
		bool sketched;
		if (!sketch_rules_out(lk, ids[k], held[k], &sketched)) {
			/* the sketch's bound held the variant's word count against this floor: counting its words again is waste */
			lk->sketch_passed = sketched;
			rc = tm->be->variant(tm, ids[k], verify_row, lk);
			lk->sketch_passed = false;
		}
	}
	return rc;
}

/* The query words a unit must share to reach the current floor (t). */
static size_t needed_words(const lookup *lk, size_t nq)
{
	size_t t = ((size_t)top_floor(&lk->top, lk->min_score) * nq + 99) / 100;
	return t ? t : 1;
}

/* A candidate's bound while lists are read: verified already (by probe), not to be verified again. */
#define CAND_VERIFIED UINT32_MAX

/*
 * Verify up to want candidates holding the most of the words read so far
 * (the likeliest to be among the best) that are not verified yet.
 */
static int probe(lookup *lk, cand *list, size_t ncand, size_t nq, size_t want)
{
	size_t *count = tolk_calloc(nq + 1, sizeof(size_t));
	if (!count)
		return TOLK_ENOMEM;
	for (size_t k = 0; k < ncand; k++)
		if (list[k].bound != CAND_VERIFIED)
			count[list[k].shared < nq ? list[k].shared : nq]++;
	/* the fewest shared words a probed candidate has; of those with exactly that many, how many */
	size_t level = nq, at_level = 0, above = 0;
	for (;; level--) {
		if (above + count[level] >= want) {
			at_level = want - above;
			break;
		}
		above += count[level];
		if (level == 1) {
			at_level = count[level];
			break;
		}
	}
	free(count);
	int64_t *ids = tolk_malloc((want ? want : 1) * sizeof(*ids));
	uint32_t *held = tolk_malloc((want ? want : 1) * sizeof(*held));
	if (!ids || !held) {
		free(ids);
		free(held);
		return TOLK_ENOMEM;
	}
	size_t n = 0;
	for (size_t k = 0; k < ncand && n < want; k++) {
		cand *c = &list[k];
		size_t shared = c->shared < nq ? c->shared : nq;
		if (c->bound == CAND_VERIFIED || shared < level || (shared == level && at_level == 0))
			continue;
		if (shared == level)
			at_level--;
		c->bound = CAND_VERIFIED;
		held[n] = c->shared;
		ids[n++] = c->rowid;
	}
	int rc = verify_candidates(lk, ids, held, n);
	free(ids);
	free(held);
	return rc;
}

/* Probing pays unless the next list is short (a verification costs about fifty postings read). */
#define PROBE_MIN_DF 200
/* Beyond this many results wanted the floor rises late: no probing. */
#define PROBE_MAX_RESULTS 64

/* Can no candidate from c on reach the results? score <= 100 * shared / longer length <= 100 * bound / nq */
static bool past_bound(lookup *lk, const cand *c, size_t nq)
{
	int floor = top_floor(&lk->top, lk->min_score);
	return lk->top.count == lk->top.max && 100 * (size_t)c->bound < (size_t)floor * nq;
}

typedef struct verify_chunk {
	lookup *lk;
	const cand *order;
	size_t at, nq;
	bool stop;
} verify_chunk;

/* Rows in the order asked for (an id without a row is passed over), the bound checked before each. */
static int verify_in_order(void *ctx, const tm_row *r)
{
	verify_chunk *vc = ctx;
	while (vc->order[vc->at].rowid != r->id)
		vc->at++;
	if (past_bound(vc->lk, &vc->order[vc->at], vc->nq)) {
		vc->stop = true;
		return 1;
	}
	vc->at++;
	return verify_row(vc->lk, r);
}

static int search_index(lookup *lk)
{
	tolk_tm *tm = lk->tm;
	const tm_tokens *q = &tm->qtok;
	size_t nq = q->nwords;
	if (nq == 0)
		return 0; /* nothing to search by; only the same text could match */
	tm_qkey *keys = NULL;
	cand *list = NULL;
	size_t ncand = 0, nkeys = 0;
	postings p = {0};
	lk->length_filter = true;
	int rc = tm_query_keys(&keys, &nkeys, tm);
	if (rc < 0)
		return rc;
	qsort(keys, nkeys, sizeof(*keys), cmp_qkey);
	if ((rc = tm_sketch_query_init(&lk->sketch, keys, nkeys, q)) < 0)
		goto done;

	/*
	 * The prefix: rarest words until the rest could not reach t on their
	 * own. t follows the floor: before each long list, the candidates most
	 * likely to be among the best are verified, and once the results are
	 * full their last score, not min_score, is what a unit must reach.
	 */
	bool probing = lk->top.max <= PROBE_MAX_RESULTS;
	size_t probe_size = 8 * lk->top.max + 20;
	size_t rest = nq, prefix = 0;
	uint64_t read = 0;
	if (tm->be->postings_ahead) {
		/* a server store is asked at once for every list the prefix may need: min_score's prefix (probing may end it sooner) */
		size_t left = nq, most = 0, t0 = needed_words(lk, nq);
		while (most < nkeys && left >= t0)
			left -= keys[most++].mult;
		for (size_t k = 0; k < most && rc == 0; k++) {
			const char *term = keys[k].terms;
			for (size_t j = 0; j < keys[k].nterms && rc == 0; j++, term += strlen(term) + 1)
				rc = tm->be->postings_ahead(tm, term, k + 1 == most && j + 1 == keys[k].nterms);
		}
	}
	while (rc == 0 && prefix < nkeys && rest >= needed_words(lk, nq)) {
		if (prefix > 0 && probing && keys[prefix].df >= PROBE_MIN_DF) {
			if ((rc = probe(lk, list, ncand, nq, probe_size)) < 0 || rest < needed_words(lk, nq))
				break;
		}
		if ((rc = read_postings(lk, &keys[prefix], &p)) == 0)
			rc = merge_union(&list, &ncand, &p, keys[prefix].mult);
		read += p.n;
		rest -= keys[prefix].mult;
		lk->known_keys = ++prefix;
	}
	size_t t = needed_words(lk, nq);
	/*
	 * More lists cannot add candidates, only tighten their bounds: a list is
	 * read while it is short next to the candidates it could rule out. Not
	 * when the store keeps sketches: they bound a candidate by every word of
	 * the query at once, for less than reading a list costs (tm_sketch.c).
	 */
	size_t next = prefix;
	uint64_t prefix_read = read;
	bool sketched = tm_sketch_available(tm);
	while (rc == 0 && !sketched && next < nkeys && read - prefix_read + (uint64_t)keys[next].df <= EXTRA_POSTINGS_BUDGET) {
		size_t alive = 0;
		for (size_t k = 0; k < ncand; k++)
			alive += list[k].bound != CAND_VERIFIED && list[k].shared + rest >= t;
		if ((uint64_t)keys[next].df > EXTRA_POSTINGS_PER_CANDIDATE * (uint64_t)alive)
			break;
		if ((rc = read_postings(lk, &keys[next], &p)) == 0)
			merge_count(list, ncand, &p, keys[next].mult);
		read += p.n;
		rest -= keys[next].mult;
		lk->known_keys = ++next;
	}
	if (rc == TOLK_ENOINDEX && lk->scan_fallback) {
		tolk_error_clear();
		lk->index_unusable = true;
		rc = scan_all(lk);
		goto done;
	}
	if (rc < 0)
		goto done;

	/* keep what can reach t and is not verified yet, in order of the bound (a counting sort: bounds are word counts) */
	size_t *start = tolk_calloc(nq + 2, sizeof(size_t));
	cand *order = tolk_malloc((ncand ? ncand : 1) * sizeof(*order));
	if (!start || !order) {
		free(start);
		free(order);
		rc = TOLK_ENOMEM;
		goto done;
	}
	size_t kept = 0;
	for (size_t k = 0; k < ncand; k++) {
		if (list[k].bound == CAND_VERIFIED) {
			list[k].bound = 0;
			continue;
		}
		size_t b = list[k].shared + rest;
		list[k].bound = (uint32_t)(b > nq ? nq : b);
		if (list[k].bound >= t) {
			start[nq - list[k].bound + 1]++;
			kept++;
		}
	}
	for (size_t b = 1; b <= nq + 1; b++)
		start[b] += start[b - 1];
	for (size_t k = 0; k < ncand; k++)
		if (list[k].bound >= t)
			order[start[nq - list[k].bound]++] = list[k];
	free(start);
	/* a server store is asked for candidates a chunk at a time, verified in the same order */
	verify_chunk vc = {lk, order, 0, nq, false};
	size_t chunk = 8, sketched_upto = 0, want = 64;
	int64_t *ids = tm->be->variants ? tolk_malloc(SKETCH_WANT * sizeof(*ids)) : NULL;
	for (size_t k = 0; k < kept && rc == 0 && !vc.stop;) {
		if (past_bound(lk, &order[k], nq))
			break;
		if (ids && k >= sketched_upto && lk->sketch.masks) {
			/* the sketches of the candidates next in line, fetched together (a server store) */
			size_t n = kept - k < want ? kept - k : want;
			for (size_t j = 0; j < n; j++)
				ids[j] = order[k + j].rowid;
			if ((rc = tm_sketch_want(tm, ids, n)) < 0)
				break;
			sketched_upto = k + n;
			want = want < SKETCH_WANT ? want * 2 : SKETCH_WANT;
		}
		if (!ids) {
			if (k + SKETCH_AHEAD < kept)
				tm_sketch_prefetch(tm, order[k + SKETCH_AHEAD].rowid);
			rc = verify_candidates(lk, &order[k].rowid, &order[k].shared, 1);
			k++;
			continue;
		}
		size_t n = kept - k < chunk ? kept - k : chunk, asked = 0;
		for (size_t j = 0; j < n; j++)
			if (!sketch_rules_out(lk, order[k + j].rowid, order[k + j].shared, NULL))
				ids[asked++] = order[k + j].rowid;
		vc.at = k;
		if (asked)
			rc = tm->be->variants(tm, ids, asked, verify_in_order, &vc);
		k += n;
		chunk = chunk < 256 ? chunk * 2 : 256;
	}
	free(ids);
	free(order);
done:
	tm_sketch_query_free(&lk->sketch);
	tm_query_keys_free(keys, nkeys);
	free(list);
	free(p.ids);
	return rc;
}

/* ---- results ------------------------------------------------------------------------ */
static int fill_match(tolk_tm_match *m, lookup *lk, const top_entry *e)
{
	tolk_tm *tm = lk->tm;
	m->score = e->score;
	m->unit_id = e->tu;
	m->source = tolk_strdup(e->source);
	m->source_lang = tolk_strdup(tm_lang_tag(tm, e->source_lang));
	if (!m->source || !m->source_lang)
		return TOLK_ENOMEM;
	int64_t tuv;
	const char *tag;
	int rc = tm_unit_variant(&tuv, &m->target, &tag, tm, e->tu, tm->tgt_lang);
	if (rc < 0)
		return rc;
	if (m->target && !(m->target_lang = tolk_strdup(tag)))
		return TOLK_ENOMEM;
	tm_unit_info info;
	if ((rc = tm->be->unit(tm, e->tu, &info, true)) < 0)
		return rc;
	m->creationdate = info.creationdate;
	m->changedate = info.changedate;
	m->creationid = info.creationid;
	m->changeid = info.changeid;
	if ((rc = tm_tokenize(&tm->ctok, m->source, strlen(m->source))) < 0)
		return rc;
	return tm_diff(&m->diff, &m->ndiff, lk->text, &tm->qtok, m->source, &tm->ctok);
}

int tolk_tm_lookup(tolk_tm_match_list **out, tolk_tm *tm, const char *text,
                   const tolk_tm_lookup_options *opts)
{
	if (!out || !tm)
		return tolk_error_set(TOLK_EINVALID, _("no translation memory to look up in"));
	*out = NULL;
	size_t bad;
	if (!text || tolk_utf8_validate(&bad, text, strlen(text)) < 0)
		return tolk_error_set(TOLK_EINVALID, _("the text to look up is not valid UTF-8"));
	if (opts && tm_options_check(opts->version, TOLK_TM_LOOKUP_OPTIONS_VERSION, "lookup") < 0)
		return TOLK_EINVALID;
	lookup lk = {0};
	lk.tm = tm;
	lk.text = text;
	lk.min_score = opts && opts->min_score > 0 ? opts->min_score : 70;
	if (lk.min_score > 100)
		lk.min_score = 100;
	lk.top.max = opts && opts->max_results ? opts->max_results : 5;
	lk.scan_fallback = opts && opts->scan_fallback;
	lk.words_floor = -1;
	tolk_tm_match_list *list = NULL;
	int rc = tm_langs_load(tm);
	if (rc < 0)
		return rc;
	lk.src_langs = tolk_calloc(tm->nlangs + 1, sizeof(int64_t));
	/* grown as results come (top_offer): max_results may be SIZE_MAX */
	lk.top.cap = lk.top.max < 16 ? lk.top.max + 1 : 16;
	lk.top.items = tolk_calloc(lk.top.cap, sizeof(top_entry));
	if (!lk.src_langs || !lk.top.items) {
		rc = TOLK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < tm->nlangs; k++)
		if (tolk_lang_match(tm->langs[k].tag, tm->src_lang) >= 1)
			lk.src_langs[lk.nsrc_langs++] = tm->langs[k].id;
	if ((rc = tm_tokenize(&tm->qtok, text, strlen(text))) < 0)
		goto done;
	/* one snapshot, so a concurrent import cannot show half a batch between statements */
	if ((rc = tm_read_begin(tm)) < 0)
		goto done;
	tm->newest = -1;
	if ((rc = tm_terms_load(tm)) < 0) {
		tm_end_read(tm, rc);
		goto done;
	}
	/*
	 * lists are kept for the store's newest variant, told by tm_terms_load in
	 * this snapshot; a store that fetches them ahead has them in one round trip
	 */
	lk.keep_postings = tm->newest >= 0 && !tm->be->postings_ahead;
	if (lk.nsrc_langs > 0)
		rc = opts && opts->exhaustive ? scan_all(&lk) : search_index(&lk);
	list = tolk_calloc(1, sizeof(*list));
	if (list)
		list->index_unusable = lk.index_unusable;
	if (rc == 0 && list && lk.top.count) {
		list->items = tolk_calloc(lk.top.count, sizeof(*list->items));
		if (!list->items)
			rc = TOLK_ENOMEM;
		for (size_t k = 0; rc == 0 && k < lk.top.count; k++) {
			rc = fill_match(&list->items[k], &lk, &lk.top.items[k]);
			list->count = k + 1;
		}
	} else if (!list && rc == 0) {
		rc = TOLK_ENOMEM;
	}
	rc = tm_end_read(tm, rc);
done:
	for (size_t k = 0; k < lk.top.count; k++)
		free(lk.top.items[k].source);
	free(lk.top.items);
	free(lk.src_langs);
	free(lk.term.ids);
	free(lk.scratch.ids);
	if (rc < 0) {
		tolk_tm_match_list_free(list);
		return rc;
	}
	*out = list;
	return 0;
}

void tolk_tm_match_list_free(tolk_tm_match_list *list)
{
	if (!list)
		return;
	for (size_t k = 0; k < list->count; k++) {
		tolk_tm_match *m = &list->items[k];
		free(m->source);
		free(m->target);
		free(m->source_lang);
		free(m->target_lang);
		free(m->creationid);
		free(m->changeid);
		for (size_t d = 0; d < m->ndiff; d++)
			free(m->diff[d].text);
		free(m->diff);
	}
	free(list->items);
	free(list);
}
