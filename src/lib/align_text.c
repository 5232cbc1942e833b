/*
 * The aligner's view of a text: tokens with categories, the keys by which a
 * token can meet a token of the other side (exact form or number, cognate
 * prefix, dictionary translation, term-base concept), and an inverted index
 * so that a segment's partners in the band are found without comparing it to
 * every segment there.
 */
#include "align_private.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "fold.h"
#include "hash.h"
#include "util.h"

/* Cognates: words of at least PREFIX_MIN letters sharing their first PREFIX_LEN. */
#define PREFIX_LEN 5
#define PREFIX_MIN 6

/* ---- interner ----------------------------------------------------------------------- */

int al_interner_init(al_interner *in)
{
	memset(in, 0, sizeof(*in));
	return tolk_hashmap_reserve(&in->map, 512);
}

void al_interner_free(al_interner *in)
{
	tolk_hashmap_free(&in->map);
	in->count = 0;
}

static uint64_t hash_bytes(char kind, const char *s, size_t len)
{
	uint64_t h = tolk_hash64_step(TOLK_HASH64_INIT, (unsigned char)kind);
	return tolk_hash_mix64(tolk_hash64_more(h, s, len));
}

int al_intern(uint32_t *out, al_interner *in, char kind, const char *s, size_t len)
{
	/* 64-bit hashes stand for the strings: a collision among a document's few
	   hundred thousand types is vanishingly unlikely and would only blur one match. */
	uint64_t h = hash_bytes(kind, s, len);
	size_t pos = TOLK_HASHMAP_START;
	uint32_t id = tolk_hashmap_probe(&in->map, h, &pos);
	if (id == TOLK_HASHMAP_NONE) {
		id = (uint32_t)in->count;
		if (tolk_hashmap_put(&in->map, h, id) < 0)
			return TOLK_ENOMEM;
		in->count++;
	}
	*out = id;
	return 0;
}

static bool is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	return u_isalpha(cp) || u_getIntPropertyValue(cp, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
}

static bool is_digit_cp(int32_t cp)
{
	return cp < 0x80 ? (cp >= '0' && cp <= '9') : u_isdigit(cp);
}

/* Punctuation that tends to survive translation; quotes of every style are one key. */
static char punct_key(int32_t cp)
{
	switch (cp) {
	case '?': case 0xBF: return '?';
	case '!': case 0xA1: return '!';
	case ':': return ':';
	case ';': return ';';
	case '(': case '[': return '(';
	case '%': return '%';
	case 0x20AC: case '$': case 0xA3: return '$';
	case 0xA7: return 'S';
	case '"': case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E: return '"';
	default: return 0;
	}
}

/* ---- tokens -------------------------------------------------------------------------- */

typedef struct raw_tok {
	uint32_t form;    /* exact key: word form, number or concept */
	uint32_t prefix;  /* cognate key or UINT32_MAX */
	uint8_t cat;
	bool capital;     /* a word written with a capital (also at the start of a sentence) */
} raw_tok;

typedef struct raw_list {
	raw_tok *items;
	size_t count, cap;
	size_t *seg_off;  /* n + 1 */
} raw_list;

static int raw_push(raw_list *r, uint32_t form, uint32_t prefix, uint8_t cat, bool capital)
{
	if (tolk_array_grow((void **)&r->items, &r->cap, r->count + 1, sizeof(*r->items)) < 0)
		return TOLK_ENOMEM;
	r->items[r->count++] = (raw_tok){form, prefix, cat, capital};
	return 0;
}

/* Tokenise one segment into raw tokens; returns its length in non-space characters. */
static int tokenize(uint64_t *nchar, al_job *job, raw_list *r, const char *s, size_t len,
                    char *fold_buf)
{
	size_t i = 0;
	uint64_t chars = 0;
	bool first_word = true;
	while (i < len) {
		size_t start = i;
		int32_t cp = tolk_utf8_at(s, len, start, &i);
		if (cp < 0) /* an invalid byte */
			continue;
		if (!u_isUWhiteSpace(cp))
			chars++;
		if (is_digit_cp(cp)) {
			/* A number: digits with inner separators; the key is its digits only,
			   since 1.000,5 and 1,000.5 are the same number in nl and en. */
			size_t o = 0, end = i;
			fold_buf[o++] = (char)('0' + u_charDigitValue(cp));
			while (end < len) {
				size_t p = end;
				int32_t c = tolk_utf8_next(s, len, &p);
				if (c >= 0 && is_digit_cp(c)) {
					fold_buf[o++] = (char)('0' + u_charDigitValue(c));
					end = p;
					chars++;
					continue;
				}
				if ((c == '.' || c == ',') && p < len) {
					size_t q = p;
					int32_t d = tolk_utf8_next(s, len, &q);
					if (d >= 0 && is_digit_cp(d)) {
						end = p;
						chars++;
						continue;
					}
				}
				break;
			}
			i = end;
			uint32_t id;
			if (al_intern(&id, &job->forms, 'n', fold_buf, o) < 0 ||
			    raw_push(r, id, UINT32_MAX, AL_CAT_NUM, false) < 0)
				return TOLK_ENOMEM;
			first_word = false;
			continue;
		}
		if (is_word_cp(cp)) {
			size_t end = i;
			size_t ncp = 1;
			bool upper_first = u_isupper(cp) || u_istitle(cp);
			bool all_upper = upper_first;
			while (end < len) {
				size_t p = end;
				int32_t c = tolk_utf8_next(s, len, &p);
				if (c < 0 || !is_word_cp(c))
					break;
				if (u_islower(c))
					all_upper = false;
				end = p;
				ncp++;
				chars++;
			}
			i = end;
			if (ncp < 2) {
				first_word = false;
				continue;
			}
			/* a word is valid UTF-8 (invalid bytes end it) and the buffer takes any fold */
			size_t flen = tolk_fold(fold_buf, (end - start) * TOLK_FOLD_GROWTH, s + start, end - start,
			                        TOLK_FOLD_CASE_ACCENTS);
			uint32_t form, prefix = UINT32_MAX;
			if (al_intern(&form, &job->forms, 'w', fold_buf, flen) < 0)
				return TOLK_ENOMEM;
			/* Cognate key: the first PREFIX_LEN letters of a long enough word. */
			size_t fcp = 0, cut = 0;
			for (size_t b = 0; b < flen; b++) {
				if (((unsigned char)fold_buf[b] & 0xC0) != 0x80) {
					if (fcp == PREFIX_LEN)
						cut = b;
					fcp++;
				}
			}
			if (fcp >= PREFIX_MIN && al_intern(&prefix, &job->forms, 'p', fold_buf, cut) < 0)
				return TOLK_ENOMEM;
			uint8_t cat = AL_CAT_WORD;
			if ((upper_first && !first_word) || (all_upper && ncp >= 2))
				cat = AL_CAT_NAME;
			if (raw_push(r, form, prefix, cat, upper_first) < 0)
				return TOLK_ENOMEM;
			first_word = false;
			continue;
		}
		char pk = punct_key(cp);
		if (pk) {
			uint32_t id;
			if (al_intern(&id, &job->forms, '.', &pk, 1) < 0 ||
			    raw_push(r, id, UINT32_MAX, AL_CAT_PUNCT, false) < 0)
				return TOLK_ENOMEM;
		}
	}
	*nchar = chars;
	return 0;
}

static int push_term(void *ctx, uint32_t concept)
{
	return raw_push(ctx, concept, UINT32_MAX, AL_CAT_TERM, false);
}

static int grow_df(al_side *side, size_t *cap_df, size_t need)
{
	size_t old = *cap_df;
	if (tolk_array_grow((void **)&side->form_df, cap_df, need, sizeof(*side->form_df)) < 0)
		return TOLK_ENOMEM;
	memset(side->form_df + old, 0, (*cap_df - old) * sizeof(*side->form_df));
	return 0;
}

int al_side_build(al_job *job, int which, const tolk_segment *segs, size_t n)
{
	al_side *side = &job->side[which];
	raw_list raw = {0};
	char *fold_buf = NULL;
	size_t fold_cap = 0, cap_df = 0;
	int rc = TOLK_ENOMEM;
	uint32_t *seen = NULL;
	bool *is_name = NULL;

	side->n = n;
	side->segs = tolk_calloc(n ? n : 1, sizeof(*side->segs));
	side->len_prefix = tolk_malloc((n + 1) * sizeof(*side->len_prefix));
	raw.seg_off = tolk_malloc((n + 1) * sizeof(*raw.seg_off));
	if (!side->segs || !side->len_prefix || !raw.seg_off)
		goto done;
	side->len_prefix[0] = 0;
	for (size_t k = 0; k < n; k++) {
		const char *text = segs[k].text ? segs[k].text : "";
		size_t len = strlen(text);
		if (len * TOLK_FOLD_GROWTH + 8 > fold_cap) {
			fold_cap = len * TOLK_FOLD_GROWTH + 64;
			free(fold_buf);
			if (!(fold_buf = tolk_malloc(fold_cap)))
				goto done;
		}
		raw.seg_off[k] = raw.count;
		/* Concepts first, so that the token cap never drops them. */
		if (job->al->termbase && job->al->opts.lexical &&
		    al_side_term_tokens(job, which, text, len, push_term, &raw) < 0)
			goto done;
		uint64_t nchar = 0;
		if (tokenize(&nchar, job, &raw, text, len, fold_buf) < 0)
			goto done;
		side->len_prefix[k + 1] = side->len_prefix[k] + nchar;
		al_seg *sg = &side->segs[k];
		sg->paragraph = segs[k].paragraph;
		sg->heading = segs[k].kind == TOLK_SEGMENT_HEADING;
		sg->para_start = k == 0 || segs[k].paragraph != segs[k - 1].paragraph;
	}
	raw.seg_off[n] = raw.count;

	/* Document frequency of every form on this side, to tell function words. */
	if (grow_df(side, &cap_df, job->forms.count + 1) < 0)
		goto done;
	side->ndf = job->forms.count;
	if (!(seen = tolk_malloc((job->forms.count + 1) * sizeof(*seen))) ||
	    !(is_name = tolk_calloc(job->forms.count + 1, sizeof(*is_name))))
		goto done;
	for (size_t t = 0; t < raw.count; t++)
		if (raw.items[t].cat == AL_CAT_NAME)
			is_name[raw.items[t].form] = true;
	/* A name opening a sentence is still a name: "Livingston won" after "... for Livingston". */
	for (size_t t = 0; t < raw.count; t++)
		if (raw.items[t].cat == AL_CAT_WORD && raw.items[t].capital && is_name[raw.items[t].form])
			raw.items[t].cat = AL_CAT_NAME;
	for (size_t f = 0; f <= job->forms.count; f++)
		seen[f] = UINT32_MAX;
	for (size_t k = 0; k < n; k++)
		for (size_t t = raw.seg_off[k]; t < raw.seg_off[k + 1]; t++) {
			uint32_t f = raw.items[t].form;
			if (seen[f] != k) {
				seen[f] = (uint32_t)k;
				side->form_df[f]++;
			}
		}

	/*
	 * Frequent lower-case words (articles, prepositions) match by chance as
	 * often as by translation and would only cost time: they are left out.
	 */
	size_t freq_limit = n / 10 > 3 ? n / 10 : 3;
	for (size_t k = 0; k < n; k++) {
		al_seg *sg = &side->segs[k];
		sg->tok_off = (uint32_t)side->ntok;
		sg->key_off = (uint32_t)side->nkeys;
		for (size_t t = raw.seg_off[k]; t < raw.seg_off[k + 1] && sg->ntok < AL_MAX_TOK; t++) {
			const raw_tok *rt = &raw.items[t];
			if (rt->cat == AL_CAT_WORD && side->form_df[rt->form] > freq_limit)
				continue;
			if (side->ntok + 1 > side->cap_tok) {
				size_t cap = side->cap_tok;
				if (tolk_array_grow((void **)&side->tok_form, &cap, side->ntok + 1,
				                    sizeof(*side->tok_form)) < 0)
					goto done;
				uint8_t *nc = tolk_realloc(side->tok_cat, cap);
				if (!nc)
					goto done;
				side->tok_cat = nc;
				side->cap_tok = cap;
			}
			uint8_t tok = (uint8_t)sg->ntok++;
			side->tok_form[side->ntok] = rt->form;
			side->tok_cat[side->ntok] = rt->cat;
			side->ntok++;
			sg->cat[rt->cat] |= 1ULL << tok;
			if (tolk_array_grow((void **)&side->keys, &side->cap_keys, side->nkeys + 2,
			                    sizeof(*side->keys)) < 0)
				goto done;
			side->keys[side->nkeys++] = (al_key){rt->form, tok, AL_K_EXACT};
			if (rt->prefix != UINT32_MAX)
				side->keys[side->nkeys++] = (al_key){rt->prefix, tok, AL_K_PREFIX};
		}
		sg->nkeys = (uint32_t)(side->nkeys - sg->key_off);
	}
	rc = 0;
done:
	free(raw.items);
	free(raw.seg_off);
	free(fold_buf);
	free(seen);
	free(is_name);
	return rc;
}

void al_side_free(al_side *side)
{
	free(side->segs);
	free(side->len_prefix);
	free(side->base_prefix);
	free(side->keys);
	free(side->tok_form);
	free(side->tok_cat);
	free(side->form_df);
	free(side->post_off);
	free(side->post);
	memset(side, 0, sizeof(*side));
}

int al_side_finish(al_job *job, int which)
{
	al_side *side = &job->side[which];
	size_t nids = job->forms.count;
	free(side->post_off);
	free(side->post);
	side->post = NULL;
	side->post_off = tolk_calloc(nids + 2, sizeof(*side->post_off));
	if (!side->post_off)
		return TOLK_ENOMEM;
	side->nindex = nids;
	if (which == 0)
		return 0; /* only the target side is looked up by key */
	side->post = tolk_malloc((side->nkeys ? side->nkeys : 1) * sizeof(*side->post));
	if (!side->post)
		return TOLK_ENOMEM;
	/* Counting sort by key; segments stay in order within a key. */
	for (size_t k = 0; k < side->nkeys; k++)
		side->post_off[side->keys[k].key + 1]++;
	for (size_t id = 0; id < nids; id++)
		side->post_off[id + 1] += side->post_off[id];
	side->post_off[nids + 1] = side->post_off[nids];
	uint32_t *fill = tolk_malloc((nids + 1) * sizeof(*fill));
	if (!fill)
		return TOLK_ENOMEM;
	memcpy(fill, side->post_off, (nids + 1) * sizeof(*fill));
	for (size_t s = 0; s < side->n; s++) {
		const al_seg *sg = &side->segs[s];
		for (size_t k = sg->key_off; k < sg->key_off + sg->nkeys; k++) {
			const al_key *key = &side->keys[k];
			side->post[fill[key->key]++] = (al_post){(uint32_t)s, key->tok, key->kind};
		}
	}
	free(fill);
	return 0;
}

int al_side_set_base(al_side *side, const al_model *model, int which)
{
	if (!side->base_prefix && !(side->base_prefix = tolk_malloc((side->n + 1) * sizeof(double))))
		return TOLK_ENOMEM;
	side->base_prefix[0] = 0;
	for (size_t s = 0; s < side->n; s++) {
		const al_seg *sg = &side->segs[s];
		double base = 0;
		for (int c = 0; c < AL_NCAT; c++)
			base += (double)__builtin_popcountll(sg->cat[c]) * model->w[which][c][AL_M_NONE];
		side->base_prefix[s + 1] = side->base_prefix[s] + base;
	}
	return 0;
}
