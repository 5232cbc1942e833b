/* Unit tests for the memory's tokenizer, fuzzy scores, differences and concordance stems. */
#include "testutil.h"

#include <stdint.h>
#include <sys/resource.h>

#include "tm_private.h"
#include "util.h"
#include "tolk/tm.h"

static tm_tokens toks;

/* tolk_tm_score's score, the call asserted to succeed. */
static int score_of(const char *text, const char *memory_source)
{
	int score = -1;
	ck_assert_int_eq(tolk_tm_score(&score, text, memory_source), 0);
	return score;
}

static void tokenize(const char *s)
{
	ck_assert_int_eq(tm_tokenize(&toks, s, strlen(s)), 0);
}

static const char *key_of(size_t i)
{
	ck_assert_uint_lt(i, toks.count);
	return tm_key(&toks, &toks.items[i]);
}

START_TEST(tokens_words_numbers_punctuation)
{
	tokenize("De NAVO-Ministers spraken op 22 oktober 2020 over 1,48 procent (auto's).");
	/* De NAVO-Ministers spraken op 22 oktober 2020 over 1,48 procent ( auto's ) . */
	ck_assert_uint_eq(toks.count, 14);
	ck_assert_uint_eq(toks.nwords, 11);
	ck_assert_str_eq(key_of(0), "de");
	ck_assert_str_eq(key_of(1), "navo-ministers");
	ck_assert_int_eq(toks.items[4].kind, TM_TOK_NUMBER);
	ck_assert_str_eq(key_of(8), "1,48");
	ck_assert_int_eq(toks.items[8].kind, TM_TOK_NUMBER);
	ck_assert_int_eq(toks.items[10].kind, TM_TOK_PUNCT);
	ck_assert_str_eq(key_of(11), "auto's");
	ck_assert_int_eq(toks.items[13].kind, TM_TOK_PUNCT);
	/* byte offsets cover the surface form */
	ck_assert_uint_eq(toks.items[1].start, 3);
	ck_assert_uint_eq(toks.items[1].end, 17);
}
END_TEST

START_TEST(tokens_fold_case_diacritics_and_ligatures)
{
	tokenize("Één ideeën coöperatie \xC4\xB2sland COVID\xE2\x80\x90" "19 auto\xE2\x80\x99s");
	ck_assert_str_eq(key_of(0), "een");
	ck_assert_str_eq(key_of(1), "ideeen");
	ck_assert_str_eq(key_of(2), "cooperatie");
	ck_assert_str_eq(key_of(3), "ijsland");
	ck_assert_str_eq(key_of(4), "covid-19");
	ck_assert_int_eq(toks.items[4].kind, TM_TOK_WORD);
	ck_assert_str_eq(key_of(5), "auto's");
	/* a hyphen with a space is punctuation, not a joiner; invalid bytes never crash */
	tokenize("NAVO- en EU-missies \xff ok");
	ck_assert_str_eq(key_of(0), "navo");
	ck_assert_int_eq(toks.items[1].kind, TM_TOK_PUNCT);
	ck_assert_str_eq(key_of(3), "eu-missies");
	ck_assert_int_eq(toks.items[4].kind, TM_TOK_PUNCT);
	ck_assert_uint_eq(tolk_tm_word_count("De Ministers spraken, kort, over 3 zaken."), 7);
	/* a key tokenizes to itself, whatever compatibility forms the word held */
	static const char *const odd[] = {"14½-13½", "ﬁnale", "℃", "①", "㎏", "Straße", "™", "x²", "İstanbul"};
	for (size_t k = 0; k < sizeof(odd) / sizeof(*odd); k++) {
		tokenize(odd[k]);
		for (size_t i = 0; i < toks.count; i++) {
			if (toks.items[i].kind == TM_TOK_PUNCT)
				continue;
			char key[64];
			snprintf(key, sizeof(key), "%s", key_of(i));
			tm_tokens again = {0};
			ck_assert_int_eq(tm_tokenize(&again, key, strlen(key)), 0);
			ck_assert_msg(again.count == 1 && strcmp(tm_key(&again, &again.items[0]), key) == 0,
			              "key %s of %s does not tokenize to itself", key, odd[k]);
			tm_tokens_free(&again);
		}
	}
	ck_assert_uint_eq(tolk_tm_word_count(""), 0);
}
END_TEST

START_TEST(scores_as_cat_tools_give_them)
{
	const char *s20 = "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
	                  "zestien zeventien achttien negentien twintig";
	ck_assert_int_eq(score_of(s20, s20), 100);
	/* one word of twenty replaced: 95; deleted: 95; two: 90 */
	ck_assert_int_eq(score_of(s20, "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien "
	                                     "veertien vijftien zestien zeventien achttien negentien dertig"), 95);
	ck_assert_int_eq(score_of(s20, "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien "
	                                     "veertien vijftien zestien zeventien achttien negentien"), 95);
	ck_assert_int_eq(score_of(s20, "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien "
	                                     "veertien vijftien zestien zeventien achttien"), 90);
	/* small penalties: case, diacritics, punctuation, numbers, spacing */
	const char *a = "De Ministers spraken over de lastenverdeling.";
	ck_assert_int_eq(score_of(a, "De ministers spraken over de lastenverdeling."), 99);
	ck_assert_int_eq(score_of(a, "De Ministers spraken over de lastenverdeling"), 99);
	ck_assert_int_eq(score_of(a, "De Ministers spraken over de lastenverdeling!"), 99);
	ck_assert_int_eq(score_of(a, "De  Ministers spraken over de lastenverdeling ."), 99);
	ck_assert_int_eq(score_of("Dat kost 1,48 procent.", "Dat kost 1,52 procent."), 98);
	ck_assert_int_eq(score_of("Op één dag.", "Op een dag."), 99);
	/* whitespace runs and trimming do not make a different text */
	ck_assert_int_eq(score_of("  De   minister sprak. ", "De minister sprak."), 100);
	/* nothing in common */
	ck_assert_int_eq(score_of("De minister sprak.", "Het weer was goed."), 0);
	ck_assert_int_eq(score_of("", "De minister sprak."), 0);
	/* never above 99 unless identical, never below 0 */
	ck_assert_int_eq(score_of("A B C.", "a b c?"), 97); /* case at most 2, punctuation 1 */
	ck_assert_int_eq(score_of("x", "X ... ... ... ..."), 96);
}
END_TEST

START_TEST(case_only_differences_stay_in_the_high_nineties)
{
	/* nine words */
	const char *text = "De ministers spraken in Brussel over de gezamenlijke lastenverdeling";
	const char *caps = "DE MINISTERS SPRAKEN IN BRUSSEL OVER DE GEZAMENLIJKE LASTENVERDELING";
	ck_assert_int_eq(score_of(caps, text), 98); /* was 91: a point per word */
	ck_assert_int_eq(score_of(text, caps), 98);
	ck_assert_int_eq(score_of("De Ministers spraken in Brussel over de gezamenlijke lastenverdeling", text), 99);
	ck_assert_int_eq(score_of("De Ministers Spraken in Brussel over de gezamenlijke lastenverdeling", text), 98);
	/* diacritics count with case: still at most 2 */
	ck_assert_int_eq(score_of("DE MINISTERS SPRAKEN ÉÉN KEER OVER DE GEZAMENLIJKE LASTENVERDELING",
	                               "De ministers spraken een keer over de gezamenlijke lastenverdeling"), 98);
	/* one word of nine replaced stays clearly below */
	int one_word = score_of("De ministers spraken in Parijs over de gezamenlijke lastenverdeling", text);
	ck_assert_int_eq(one_word, 88);
	ck_assert_int_le(one_word, score_of(caps, text) - 10);
	/* capitals and punctuation together stay in the 95-99 band */
	ck_assert_int_eq(score_of("DE MINISTERS SPRAKEN IN BRUSSEL OVER DE GEZAMENLIJKE LASTENVERDELING.", text), 97);
	ck_assert_int_eq(score_of("DE MINISTERS: SPRAKEN IN BRUSSEL (OVER DE GEZAMENLIJKE LASTENVERDELING).", text),
	                 95);
	/* a number still costs 2 on top of case */
	ck_assert_int_eq(score_of("IN 2021 SPRAKEN DE MINISTERS", "In 2020 spraken de ministers"), 96);
	/* only the same text scores 100 */
	ck_assert_int_eq(score_of(text, text), 100);
}
END_TEST

START_TEST(compounds_written_apart_hyphenated_or_closed)
{
	const char *hyphen = "De NAVO-Ministers spraken over alle drie aspecten van lastenverdeling.";
	const char *apart = "De NAVO Ministers spraken over alle drie aspecten van lastenverdeling.";
	const char *closed = "De NAVOMinisters spraken over alle drie aspecten van lastenverdeling.";
	ck_assert_int_eq(score_of(apart, hyphen), 99); /* was 80: two word edits in ten */
	ck_assert_int_eq(score_of(hyphen, apart), 99);
	ck_assert_int_eq(score_of(closed, hyphen), 99);
	ck_assert_int_eq(score_of(apart, closed), 99);
	static const char *const forms[] = {"De defensie-uitgaven van de bondgenoten stijgen dit jaar sterk.",
	                                    "De defensie uitgaven van de bondgenoten stijgen dit jaar sterk.",
	                                    "De defensieuitgaven van de bondgenoten stijgen dit jaar sterk."};
	for (size_t a = 0; a < 3; a++)
		for (size_t b = 0; b < 3; b++)
			ck_assert_msg(score_of(forms[a], forms[b]) == (a == b ? 100 : 99), "%s / %s: %d", forms[a],
			              forms[b], score_of(forms[a], forms[b]));
	/* a compound counts as one word on both sides: one other word of nine changed gives 88, less 1 */
	ck_assert_int_eq(score_of("De NAVO Ministers spraken over alle vier aspecten van lastenverdeling.", hyphen),
	                 87);
	ck_assert_int_eq(score_of("De NAVO-Ministers spraken over alle vier aspecten van lastenverdeling.", apart),
	                 87);
	/* case and joiner together, three parts, a typographic hyphen */
	ck_assert_int_eq(score_of("De NAVO ministers spraken over alle drie aspecten van lastenverdeling.", hyphen),
	                 98);
	ck_assert_int_eq(score_of("de Noord Atlantische Verdragsorganisatie", "de Noord-Atlantische Verdragsorganisatie"),
	                 99);
	ck_assert_int_eq(score_of("de noord-atlantische-verdragsorganisatie", "de Noord Atlantische Verdragsorganisatie"),
	                 98);
	ck_assert_int_eq(score_of("de NAVO\xE2\x80\x91top in Brussel", "de NAVO top in Brussel"), 99);
	ck_assert_int_eq(score_of("lasten verdelings mechanisme", "lastenverdelingsmechanisme"), 98); /* two */
	/* not a compound written another way: short pieces closed up, a moved boundary, four pieces
	 * closed into one, punctuation between the words */
	ck_assert_int_lt(score_of("het deel", "het de el"), 70);
	ck_assert_int_lt(score_of("de EU landen", "de EUlanden"), 70);
	ck_assert_int_eq(score_of("de EU landen", "de EU-landen"), 99); /* a hyphen for a space is fine */
	ck_assert_int_lt(score_of("kinder-opvang", "kindero-pvang"), 70);
	ck_assert_int_lt(score_of("defensie uitgaven norm stelsel", "defensieuitgavennormstelsel"), 70);
	ck_assert_int_lt(score_of("de NAVO, Ministers", "de NAVO-Ministers"), 70);
}
END_TEST

START_TEST(scorer_cuts_short_below_the_minimum)
{
	tm_scorer s = {0};
	tm_tokens q = {0}, c = {0};
	const char *qt = "de minister sprak over de lastenverdeling in brussel", *ct = "de minister sprak";
	tm_tokenize(&q, qt, strlen(qt));
	tm_tokenize(&c, ct, strlen(ct));
	int score = 0;
	ck_assert_int_eq(tm_score(&score, &s, qt, &q, ct, &c, 70), 0);
	ck_assert_int_eq(score, TM_SCORE_BELOW);
	ck_assert_int_eq(tm_score(&score, &s, qt, &q, ct, &c, 0), 0);
	ck_assert_int_eq(score, 100 * (8 - 5) / 8); /* 5 word edits in 8 words */
	tm_scorer_free(&s);
	tm_tokens_free(&q);
	tm_tokens_free(&c);
}
END_TEST

/*
 * The score at a minimum is the full score when that reaches it, else
 * TM_SCORE_BELOW: however the scorer cuts its work short (rows past the
 * minimum, cells far from the diagonal), the answer is the one without a
 * minimum. Pairs of near-duplicates with compounds written apart, closed up
 * and hyphenated (joins), numbers and case, of up to 40 words.
 */
START_TEST(scores_at_a_minimum_are_the_full_scores)
{
	static const char *pool[] = {"de", "het", "van", "in", "en", "minister", "NAVO", "ministers", "NAVO-ministers",
	                             "navoministers", "lasten", "verdeling", "lastenverdeling", "lasten-verdeling",
	                             "defensie", "uitgaven", "defensieuitgaven", "defensie-uitgaven", "2020", "1,48",
	                             "procent", "Brussel", "sprak", "over", "LASTENVERDELING", "De", "weerbaarheid",
	                             "bondgenoten", "bondgenootschap", "vergadering", ",", ".",
	                             /* written apart: a join takes both words for the closed-up one */
	                             "lasten verdeling", "defensie uitgaven", "NAVO ministers", "bondgenoot schap"};
	/* each compound, and the same written apart (indexes into pool) */
	static const size_t apart[][2] = {{12, 32}, {13, 32}, {16, 33}, {17, 33}, {9, 34}, {8, 34}, {28, 35}};
	const size_t npool = sizeof(pool) / sizeof(*pool);
	static const int mins[] = {1, 30, 50, 60, 70, 75, 80, 85, 90, 93, 95, 97, 99, 100};
	uint32_t seed = 28676;
	tm_scorer s = {0};
	tm_tokens q = {0}, c = {0};
	char qt[1024], ct[1024];
	size_t pairs = 0, reached = 0;
	for (int round = 0; round < 3000; round++) {
		size_t n = 1 + (seed = seed * 1103515245u + 12345u) % 40, qw[40], cw[48], m = 0;
		for (size_t k = 0; k < n; k++)
			qw[k] = (seed = seed * 1103515245u + 12345u) % npool;
		/* the memory's text: the query with a few words changed, dropped, added or split */
		size_t edits = (seed = seed * 1103515245u + 12345u) % 6;
		for (size_t k = 0; k < n && m < 46; k++) {
			uint32_t r = (seed = seed * 1103515245u + 12345u) % 100;
			if (r < (uint32_t)edits * 3)
				continue;                                   /* dropped */
			if (r < (uint32_t)edits * 6)
				cw[m++] = (seed = seed * 1103515245u + 12345u) % npool; /* another word */
			else
				cw[m++] = qw[k];
			for (size_t a = 0; a < sizeof(apart) / sizeof(*apart) && r >= 40; a++)
				if (cw[m - 1] == apart[a][r % 2]) {
					cw[m - 1] = apart[a][1 - r % 2]; /* written the other way */
					break;
				}
			if (r >= 97)
				cw[m++] = (seed = seed * 1103515245u + 12345u) % npool; /* one more */
		}
		qt[0] = ct[0] = '\0';
		for (size_t k = 0; k < n; k++)
			snprintf(qt + strlen(qt), sizeof(qt) - strlen(qt), k ? " %s" : "%s", pool[qw[k]]);
		for (size_t k = 0; k < m; k++)
			snprintf(ct + strlen(ct), sizeof(ct) - strlen(ct), k ? " %s" : "%s", pool[cw[k]]);
		ck_assert_int_eq(tm_tokenize(&q, qt, strlen(qt)), 0);
		ck_assert_int_eq(tm_tokenize(&c, ct, strlen(ct)), 0);
		int full = -1;
		ck_assert_int_eq(tm_score(&full, &s, qt, &q, ct, &c, 0), 0);
		ck_assert(full >= 0 && full <= 100);
		for (size_t k = 0; k < sizeof(mins) / sizeof(*mins); k++) {
			int at = -2;
			ck_assert_int_eq(tm_score(&at, &s, qt, &q, ct, &c, mins[k]), 0);
			ck_assert_msg(at == (full >= mins[k] ? full : TM_SCORE_BELOW), "\"%s\" | \"%s\": %d at minimum %d, %d without",
			              qt, ct, at, mins[k], full);
			reached += full >= mins[k];
			pairs++;
		}
	}
	ck_assert_uint_gt(reached, pairs / 3); /* near-duplicates: most reach the middle minimums */
	tm_scorer_free(&s);
	tm_tokens_free(&q);
	tm_tokens_free(&c);
}
END_TEST

static char *render(const tolk_tm_diff *d, size_t n)
{
	static char buf[512];
	buf[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		strcat(buf, d[k].op == TOLK_TM_DIFF_DELETE ? "[-" : d[k].op == TOLK_TM_DIFF_INSERT ? "{+" : "");
		strcat(buf, d[k].text);
		strcat(buf, d[k].op == TOLK_TM_DIFF_DELETE ? "-]" : d[k].op == TOLK_TM_DIFF_INSERT ? "+}" : "");
	}
	return buf;
}

START_TEST(diff_turns_memory_into_query)
{
	tm_tokens q = {0}, c = {0};
	const char *qt = "De ministers spraken over alle drie de aspecten.";
	const char *ct = "De Ministers spraken over de aspecten van lastenverdeling.";
	tm_tokenize(&q, qt, strlen(qt));
	tm_tokenize(&c, ct, strlen(ct));
	tolk_tm_diff *d = NULL;
	size_t n = 0;
	ck_assert_int_eq(tm_diff(&d, &n, qt, &q, ct, &c), 0);
	ck_assert_str_eq(render(d, n), "De[- Ministers-]{+ ministers+} spraken over{+ alle drie+} de aspecten"
	                               "[- van lastenverdeling-].");
	/* equal and inserted parts give back the query */
	char back[256] = "";
	for (size_t k = 0; k < n; k++)
		if (d[k].op != TOLK_TM_DIFF_DELETE)
			strcat(back, d[k].text);
	ck_assert_str_eq(back, qt);
	for (size_t k = 0; k < n; k++)
		free(d[k].text);
	free(d);
	tm_tokens_free(&q);
	tm_tokens_free(&c);
}
END_TEST

/*
 * The differences from memory text ct to query qt, rendered (render's buffer),
 * after checking that the script gives back both texts; expected NULL: not compared.
 */
static void check_diff(const char *qt, const char *ct, const char *expected)
{
	tm_tokens q = {0}, c = {0};
	ck_assert_int_eq(tm_tokenize(&q, qt, strlen(qt)), 0);
	ck_assert_int_eq(tm_tokenize(&c, ct, strlen(ct)), 0);
	tolk_tm_diff *d = NULL;
	size_t n = 0;
	ck_assert_int_eq(tm_diff(&d, &n, qt, &q, ct, &c), 0);
	if (expected)
		ck_assert_str_eq(render(d, n), expected);
	tolk_buf qb = TOLK_BUF_INIT, cb = TOLK_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		if (d[k].op != TOLK_TM_DIFF_DELETE)
			tolk_buf_puts(&qb, d[k].text);
		if (d[k].op != TOLK_TM_DIFF_INSERT)
			tolk_buf_puts(&cb, d[k].text);
		free(d[k].text);
	}
	free(d);
	ck_assert_str_eq(qb.ptr, qt);
	ck_assert_str_eq(cb.ptr, ct);
	tolk_buf_free(&qb);
	tolk_buf_free(&cb);
	tm_tokens_free(&q);
	tm_tokens_free(&c);
}

START_TEST(diff_shows_the_hyphen_or_space_that_changed)
{
	check_diff("De NAVO Ministers spraken.", "De NAVO-Ministers spraken.", "De NAVO[---]{+ +}Ministers spraken.");
	check_diff("De NAVO-Ministers spraken.", "De NAVO Ministers spraken.", "De NAVO[- -]{+-+}Ministers spraken.");
	check_diff("de defensieuitgaven stijgen", "de defensie uitgaven stijgen", "de defensie[- -]uitgaven stijgen");
	check_diff("de defensie-uitgaven stijgen", "de defensieuitgaven stijgen", "de defensie{+-+}uitgaven stijgen");
	check_diff("de NAVO top", "de NAVO\xE2\x80\x91top", "de NAVO[-\xE2\x80\x91-]{+ +}top");
	check_diff("de noord atlantische verdragsorganisatie", "de noord-atlantische-verdragsorganisatie",
	           "de noord[---]{+ +}atlantische[---]{+ +}verdragsorganisatie");
	/* with the case changed too, the compound is replaced as a whole, as a word in another case is */
	check_diff("De NAVO ministers spraken.", "De NAVO-Ministers spraken.",
	           "De [-NAVO-Ministers-]{+NAVO ministers+} spraken.");
	/* beside other changes */
	check_diff("Toen spraken de NAVO Ministers kort.", "Daarna spraken de NAVO-Ministers lang.",
	           "[-Daarna-]{+Toen+} spraken de NAVO[---]{+ +}Ministers[- lang-]{+ kort+}.");
}
END_TEST

/* Words "w0 w1 ..." with every step-th (from 0) replaced by "x<i>"; step 0 replaces none. */
static char *long_text(size_t words, size_t step, size_t changed_at)
{
	tolk_buf b = TOLK_BUF_INIT;
	for (size_t i = 0; i < words; i++)
		tolk_buf_printf(&b, "%s%c%zu", i ? " " : "", (step && i % step == 0) || i == changed_at ? 'x' : 'w', i);
	tolk_buf_puts(&b, ".");
	return tolk_buf_detach(&b);
}

START_TEST(long_segments_in_little_memory)
{
#if !defined(__SANITIZE_ADDRESS__)
	/* a word-by-word matrix of two 20,000-word segments would take 1.6 GB */
	struct rlimit lim = {1024u * 1024 * 1024, 1024u * 1024 * 1024};
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &lim), 0);
#endif
	char *a = long_text(20000, 0, SIZE_MAX), *b = long_text(20000, 0, 10000);
	ck_assert_int_eq(score_of(a, b), 99); /* one word in 20,000 */
	check_diff(a, b, NULL);
	free(b);
	/* changes everywhere, the ends included: nothing to trim; every 10th word differs */
	b = long_text(5000, 10, SIZE_MAX);
	char *c = long_text(5000, 0, SIZE_MAX);
	ck_assert_int_eq(score_of(c, b), 90);
	check_diff(c, b, NULL);
	free(a);
	free(b);
	free(c);
}
END_TEST

static bool stem_matches(const char *typed, const char *form, bool dutch, bool english)
{
	tm_stem st;
	tm_stem_word(&st, typed, strlen(typed), dutch, english);
	return tm_stem_matches(&st, form, strlen(form), dutch, english);
}

/*
 * Lookup skips a memory text by its length before tokenizing it: a text with
 * more words than tm_score_max_words must score below the minimum. Checked
 * against the scorer on texts that grow word by word, with compounds written
 * apart (which a join may take as one word), and against the formula
 * 100 * words / (words of the text - words joins may take) on fixed cases.
 */
START_TEST(length_alone_rules_out_long_texts)
{
	/* "En dat deed ik.": four words, none long enough to be written apart; 100 * 4 / 70 = 5.7 */
	tokenize("En dat deed ik.");
	ck_assert_uint_eq(tm_score_max_words(&toks, 70), 5);
	ck_assert_uint_eq(tm_score_max_words(&toks, 100), 4);
	ck_assert_uint_eq(tm_score_max_words(&toks, 0), SIZE_MAX);
	/* defensieuitgaven (16 bytes) may stand for three words, two more; stijgen (7) for two, one more;
	 * 100 * 3 / 97 = 3.09 */
	tokenize("De defensieuitgaven stijgen.");
	ck_assert_uint_eq(tm_score_max_words(&toks, 97), 3 + 3);
	/* NAVO-ministers: navo (4 bytes, one word) and ministers (9 bytes, up to three): two more */
	tokenize("NAVO-ministers");
	ck_assert_uint_eq(tm_score_max_words(&toks, 50), 2 + 2);
	const char *t = "Zij  zeiden: dat,was 12,5 procent\t- echt!";
	ck_assert_uint_eq(tm_words_at_least(t, strlen(t), 100), 6); /* dat,was counts once: a lower bound */
	ck_assert_uint_eq(tm_words_at_least(t, strlen(t), 2), 3);   /* stops past stop */
	tokenize(t);
	ck_assert_uint_ge(toks.nwords, 6);

	/* the scorer agrees: a text the bound rules out never reaches the minimum */
	static const char *queries[] = {
		"De defensieuitgaven stijgen.",
		"En dat deed ik.",
		"De NAVO-ministers bespraken de lastenverdeling in Brussel.",
		"Nederland heeft in 2020 1,48 procent van het bbp aan defensie besteed.",
	};
	static const char *grow[] = {"De", "defensie", "uit", "gaven", "stijgen", "NAVO", "ministers", "bespraken", "de",
	                             "lasten", "verdeling", "in", "Brussel", "en", "dat", "deed", "ik", "2020",
	                             "procent", "defensieuitgaven", "nu", "ook", "snel", "Nederland", "heeft", "bbp"};
	size_t ngrow = sizeof(grow) / sizeof(*grow), checked = 0, ruled_out = 0;
	char text[512];
	tm_tokens q = {0};
	for (size_t k = 0; k < sizeof(queries) / sizeof(*queries); k++) {
		ck_assert_int_eq(tm_tokenize(&q, queries[k], strlen(queries[k])), 0);
		for (size_t start = 0; start < ngrow; start++) {
			text[0] = '\0';
			for (size_t n = 0; n < ngrow; n++) {
				/* the query's own words first, so that long texts still score */
				snprintf(text + strlen(text), sizeof(text) - strlen(text), n ? " %s" : "%s", grow[(start + n) % ngrow]);
				int score = score_of(queries[k], text);
				size_t words = tm_words_at_least(text, strlen(text), SIZE_MAX);
				for (int min = 1; min <= 100; min++) {
					size_t most = tm_score_max_words(&q, min);
					if (words > most) {
						ck_assert_msg(score < min, "%s | %s: %d, yet %zu words > %zu for %d", queries[k], text, score,
						              words, most, min);
						ruled_out++;
					}
					checked++;
				}
			}
		}
	}
	tm_tokens_free(&q);
	ck_assert_uint_gt(ruled_out, checked / 4); /* the bound is not vacuous */
}
END_TEST

START_TEST(dutch_inflection_for_concordance)
{
	static const char *const same[][2] = {
		{"groot", "grote"}, {"grote", "groot"}, {"groot", "grootste"}, {"groot", "groter"},
		{"minister", "ministers"}, {"ministers", "minister"}, {"uitdaging", "uitdagingen"},
		{"brief", "brieven"}, {"brieven", "brief"}, {"huis", "huizen"}, {"huizen", "huis"},
		{"bedden", "bed"}, {"plan", "plannen"}, {"besloten", "besloot"}, {"bondgenoot", "bondgenoten"}, {"maken", "maakt"},
		{"maakte", "maken"}, {"uitgave", "uitgaven"}, {"mogelijkheden", "mogelijkheid"}, {"auto", "auto's"}};
	for (size_t k = 0; k < sizeof(same) / sizeof(*same); k++)
		ck_assert_msg(stem_matches(same[k][0], same[k][1], true, false), "%s should find %s", same[k][0],
		              same[k][1]);
	static const char *const differ[][2] = {{"minister", "ministerie"}, {"groot", "groen"}, {"huis", "huid"},
	                                        {"van", "vanaf"}, {"2020", "20201"}, {"bed", "beden"}};
	for (size_t k = 0; k < sizeof(differ) / sizeof(*differ); k++)
		ck_assert_msg(!stem_matches(differ[k][0], differ[k][1], true, false), "%s should not find %s",
		              differ[k][0], differ[k][1]);
	/* strong verbs, with and without a prefix, and the ge- of participles */
	static const char *const verbs[][2] = {
		{"spreken", "spraken"}, {"spreken", "gesproken"}, {"spraken", "spreken"}, {"gesproken", "sprak"},
		{"bespreken", "besproken"}, {"besproken", "bespreken"}, {"afspreken", "afgesproken"},
		{"nemen", "genomen"}, {"genomen", "nam"}, {"gaan", "ging"}, {"ging", "gegaan"}, {"komen", "kwam"},
		{"worden", "werd"}, {"vinden", "vond"}, {"houden", "gehouden"}, {"onderhouden", "onderhield"},
		{"coordineren", "gecoordineerd"}, {"gecoordineerd", "coordineren"}, {"vaststellen", "vastgesteld"},
		{"vastgesteld", "vaststellen"}, {"stellen", "gestelde"}};
	for (size_t k = 0; k < sizeof(verbs) / sizeof(*verbs); k++)
		ck_assert_msg(stem_matches(verbs[k][0], verbs[k][1], true, false), "%s should find %s", verbs[k][0],
		              verbs[k][1]);
	/* forms that are also other words are not taken for the verb */
	static const char *const homographs[][2] = {{"nemen", "namen"}, {"namen", "nemen"}, {"reden", "rijden"},
	                                            {"leden", "geleden"}, {"wegen", "woog"}, {"sluiten", "sloten"}};
	for (size_t k = 0; k < sizeof(homographs) / sizeof(*homographs); k++)
		ck_assert_msg(!stem_matches(homographs[k][0], homographs[k][1], true, false), "%s should not find %s",
		              homographs[k][0], homographs[k][1]);
	ck_assert(!stem_matches("spreken", "spraken", false, true)); /* English rules know no Dutch verbs */
	ck_assert(stem_matches("discuss", "discussed", false, true));
	ck_assert(stem_matches("countries", "country", false, true));
	ck_assert(stem_matches("plan", "planned", false, true));
	ck_assert(!stem_matches("plan", "planet", false, true));
	/* particles of separable verbs, for finding them split (stelde ... vast) */
	static const struct {
		const char *word;
		size_t particle;
	} particles[] = {{"vaststellen", 4}, {"plaatsvinden", 6}, {"voortzetten", 5}, {"doorgaan", 4},
	                 {"opstellen", 2},   {"stellen", 0},       {"vastgesteld", 0}, {"vast", 0},
	                 {"ingaan", 2},      {"afgaan", 2},        {"inzet", 0}};
	for (size_t k = 0; k < sizeof(particles) / sizeof(*particles); k++)
		ck_assert_msg(tm_separable_particle(particles[k].word, strlen(particles[k].word)) == particles[k].particle,
		              "%s", particles[k].word);
	/* the new particles also give participles: goedgekeurd, deelgenomen */
	ck_assert(stem_matches("goedkeuren", "goedgekeurd", true, false));
	ck_assert(stem_matches("deelnemen", "deelgenomen", true, false));
}
END_TEST

static void teardown(void)
{
	tm_tokens_free(&toks);
}

int main(void)
{
	Suite *s = suite_create("tm_score");
	TCase *tc = tcase_create("score");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, tokens_words_numbers_punctuation);
	tcase_add_test(tc, tokens_fold_case_diacritics_and_ligatures);
	tcase_add_test(tc, scores_as_cat_tools_give_them);
	tcase_add_test(tc, case_only_differences_stay_in_the_high_nineties);
	tcase_add_test(tc, compounds_written_apart_hyphenated_or_closed);
	tcase_add_test(tc, scorer_cuts_short_below_the_minimum);
	tcase_add_test(tc, scores_at_a_minimum_are_the_full_scores);
	tcase_add_test(tc, diff_turns_memory_into_query);
	tcase_add_test(tc, diff_shows_the_hyphen_or_space_that_changed);
	tcase_add_test(tc, long_segments_in_little_memory);
	tcase_add_test(tc, dutch_inflection_for_concordance);
	tcase_add_test(tc, length_alone_rules_out_long_texts);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
