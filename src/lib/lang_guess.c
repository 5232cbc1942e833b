/*
 * Is a text Dutch or English? A cheap guess from how often each language's
 * function words occur, enough to catch the mistakes of a first day (the two
 * files of an alignment swapped, English given to the Dutch spell checker);
 * not a language identifier.
 */
#include "util.h"

#include <string.h>

#include "tolk/segment.h"

/*
 * Frequent words of one language that the other does not use as a word: "in",
 * "is", "we", "of", "had", "over", "die", "was" … are left out of both lists.
 */
static const char *const dutch[] = {
	"de", "het", "een", "en", "van", "dat", "op", "te", "met", "voor", "niet", "zijn", "er", "aan", "ook",
	"als", "bij", "door", "om", "naar", "maar", "uit", "worden", "wordt", "werd", "kan", "dan", "nog", "wel",
	"deze", "dit", "wat", "hij", "zij", "ze", "wij", "ik", "je", "ons", "onze", "hun", "haar", "zich", "heeft",
	"hebben", "tot", "na", "tegen", "onder", "al", "zo", "meer", "moet", "zal", "zullen", "geen", "heb",
	"tussen", "omdat", "waar", "hoe", "wie", "welke", "werden", "zou", "zouden", "daarom", "echter",
	NULL};
static const char *const english[] = {
	"the", "and", "to", "a", "that", "for", "on", "with", "as", "are", "be", "by", "this", "it", "from",
	"at", "or", "an", "not", "have", "has", "which", "were", "been", "their", "they", "he", "she", "his",
	"its", "our", "will", "would", "can", "but", "also", "there", "these", "those", "than", "into", "about",
	"who", "what", "more", "you", "your", "all", "when", "between", "because", "where", "how", "should",
	"could", "no", "such", "other", "some", "after", "before", "under", "through", "however", NULL};

static bool in_list(const char *const *list, const char *w)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], w) == 0)
			return true;
	return false;
}

static bool is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '\'';
}

void tolk_text_lang_counts(size_t *words, size_t *dutch_hits, size_t *english_hits, const char *text, size_t len)
{
	*words = *dutch_hits = *english_hits = 0;
	/* The first megabyte says enough. */
	if (len > (1u << 20))
		len = 1u << 20;
	size_t i = 0;
	while (i < len) {
		while (i < len && !is_letter((unsigned char)text[i]))
			i++;
		size_t s = i;
		while (i < len && is_letter((unsigned char)text[i]))
			i++;
		if (i == s)
			break;
		(*words)++;
		char w[12];
		if (i - s >= sizeof(w))
			continue;
		for (size_t k = s; k < i; k++) {
			char c = text[k];
			w[k - s] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
		w[i - s] = '\0';
		*dutch_hits += in_list(dutch, w);
		*english_hits += in_list(english, w);
	}
}

const char *tolk_text_guess_lang(const char *text, size_t len)
{
	size_t words, nl, en;
	if (!text)
		return NULL;
	tolk_text_lang_counts(&words, &nl, &en, text, len);
	/*
	 * Running text has a function word in every three or four words; a list
	 * of names or numbers has few, and says nothing.
	 */
	if (words < 8 || (nl + en) * 10 < words)
		return NULL;
	if (nl >= 3 * en + 2)
		return "nl";
	if (en >= 3 * nl + 2)
		return "en";
	return NULL;
}
