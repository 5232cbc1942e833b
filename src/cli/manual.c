/*
 * The manual pages' own text: what a command's --help has no room for. The
 * synopses, options and value lists come from the option tables (gendoc.c);
 * keep facts here in step with the README. English only.
 */
#include "gendoc.h"

#define NL "tm/kamerstuk-28676-348.nl.txt"
#define EN "tm/kamerstuk-28676-348.en.txt"
#define TMX "tm/kamerstuk-28676-348.nl-en.tmx"
/* the letter and its translation as Word and OpenDocument files (tests/docgen.py wrote them) */
#define NL_DOCX "tests/data/documents/letter-nl.docx"
#define EN_DOCX "tests/data/documents/letter-en.docx"
#define NL_ODT "tests/data/documents/letter-nl.odt"

const char man_tolk_description[] =
	"tolk segments, aligns and checks Dutch and English text for a Dutch-English translation department. "
	"It splits documents into sentences (repairing what PDF extraction did to them), aligns a Dutch document "
	"with its English translation into a TMX 1.4b translation memory for CAT tools, keeps the department's "
	"term base (TBX), checks Dutch spelling with Hunspell, and reuses the memory for fuzzy lookups, "
	"concordance and match analysis. The work is done by the library libtolk; tolk is its command line.\n"
	"\n"
	"Every command is described in its own page, tolk-COMMAND(1), and answers --help (also "
	"'tolk help COMMAND'). The examples in these pages run as written in the top folder of tolk's "
	"source, which holds the letter in tm/ and the term base in dict/.";

const man_example man_tolk_examples[] = {
	{"The commands, and how to get a command's options:", "tolk --help"},
	{"The same in Dutch:", "LANGUAGE=nl tolk --help"},
	{"Align the letter with its English translation into a translation memory, with a summary for the "
	 "reviser:",
	 "tolk align --termbase dict/termbase.tbx --summary -o letter.tmx " NL " " EN},
	{NULL, NULL}};

static const man_example segment_examples[] = {
	{"The Dutch letter, one sentence per line:", "tolk segment --lang nl " NL},
	{"The English translation as JSON lines, with byte offsets, paragraph and kind of each segment:",
	 "tolk segment --lang en --format jsonl " EN},
	{"With the rules of an SRX 2.0 file, as OmegaT or Okapi export them (here tolk's own defaults):",
	 "tolk segment --srx src/data/segment-rules.srx " NL},
	{"The letter as a Word document (PDF, ODT and HTML are read too; the format is found from the content):",
	 "tolk segment " NL_DOCX},
	{NULL, NULL}};

static const man_example align_examples[] = {
	{"The main job: the letter and its translation as a TMX 1.4b memory, using the term base's concepts as "
	 "evidence, with a summary of segments, units, bead types and the lowest-scoring pairs:",
	 "tolk align --termbase dict/termbase.tbx --summary -o letter.tmx " NL " " EN},
	{"Score, source and target of every unit, for a reviser:", "tolk align --format tsv " NL " " EN},
	{"The bead lines of an alignment of two files that are already one segment per line:",
	 "tolk align --presegmented --format beads " NL " " EN},
	{"A Dutch OpenDocument text against its English translation in Word:",
	 "tolk align --format tsv " NL_ODT " " EN_DOCX},
	{NULL, NULL}};

static const man_example term_examples[] = {
	{"Look a word up; case, accents and inflection are ignored:", "tolk term lookup bondgenoten"},
	{"A near miss gets suggestions (exit status 1):", "tolk term lookup lastenverdling"},
	{"The concept with all its terms and statuses as JSON:", "tolk term lookup --format jsonl Allies"},
	{"Add a concept with a Dutch and an English term:",
	 "tolk term add --concept kazerne --nl kazerne --en barracks --pos noun"},
	{"Change a term's status:", "tolk term set-status kazerne en barracks admitted"},
	{"Remove the concept again:", "tolk term remove kazerne"},
	{"Export the term base as TBX 2 (martif), which OmegaT and translate-toolkit read:",
	 "tolk term export --format tbx2 glossary.tbx"},
	{"Export as CSV, and merge a CSV glossary into the term base (any error leaves it untouched):",
	 "tolk term export glossary.csv && tolk term import glossary.csv"},
	{"Check the letter's memory against the approved terms (exit status 1 when a unit misses one):",
	 "tolk term check " TMX},
	{NULL, NULL}};

static const man_example spell_examples[] = {
	{"The published letter gives no finding (exit status 0):", "tolk spell " NL},
	{"Findings as JSON lines, with a personal word list:",
	 "tolk spell --format jsonl --personal dict/words-nl.txt " NL},
	{"English text, checked as British English:", "tolk spell --lang en_GB " EN},
	{"A Word document; findings name the paragraph (in a PDF the page and line):",
	 "tolk spell --lang en_GB " EN_DOCX},
	{NULL, NULL}};

static const man_example tm_examples[] = {
	{"Import the aligned letter (the first import creates tm/memory.db):", "tolk tm import " TMX},
	{"What the memory holds, and a check of the whole file:", "tolk tm stats --check"},
	{"Matches for a sentence:", "tolk tm lookup --min 70 --max 5 De Ministers spraken over lastenverdeling."},
	{"How a word was translated before, in the Dutch side only:", "tolk tm concordance --lang nl lastenverdeling"},
	{"The whole memory as TMX 1.4b:", "tolk tm export -o memory.tmx"},
	{NULL, NULL}};

static const man_example analyze_examples[] = {
	{"Import the aligned letter, then see how much of the letter the memory covers:",
	 "tolk tm import " TMX " && tolk analyze " NL},
	{"Write the matches scoring 95 or more as a pre-translated TMX:",
	 "tolk analyze --pretranslate draft.tmx --threshold 95 " NL},
	{"Every segment of the letter as XLIFF 1.2 for a CAT tool (OmegaT, Trados, memoQ), the best match as "
	 "target and the others as alternatives; --xliff 2 writes XLIFF 2.1:",
	 "tolk analyze --pretranslate draft.xlf " NL},
	{NULL, NULL}};

static const man_example serve_examples[] = {
	{"Serve the memory and the term base on a free port of this machine (the address is printed; here it "
	 "stops after three seconds, as SIGTERM stops it):",
	 "timeout --preserve-status 3 tolk serve --db tm/memory.db --termbase dict/termbase.tbx --listen 127.0.0.1:0"},
	{"Allow writes (new units, terms and statuses) to holders of a token kept in a file only the server "
	 "reads:",
	 "head -c 24 /dev/urandom | base64 > token && chmod 600 token && "
	 "timeout --preserve-status 3 tolk serve --token-file token --listen 127.0.0.1:0"},
	{NULL, NULL}};

static const man_example help_examples[] = {
	{"The options of tolk align:", "tolk help align"},
	{NULL, NULL}};

const man_command man_commands[] = {
	{"align",
	 "Both texts go through the segmenter (or are taken one segment per line with --presegmented) and are "
	 "aligned by a dynamic program over 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3 and 3-1 beads that combines a "
	 "Gale-Church length model with lexical evidence: numbers, names and cognates, punctuation, term-base "
	 "concepts and a dictionary learned from a first pass. Paragraphs and headings are anchors; memory grows "
	 "linearly with the texts.\n"
	 "\n"
	 "The TMX is valid TMX 1.4b (srclang nl-NL, tuvs nl-NL and en-GB), with the props x-tolk-bead and "
	 "x-tolk-score per unit; the score is the probability that the unit is right. The file is written "
	 "atomically and, with SOURCE_DATE_EPOCH set, is byte for byte reproducible.",
	 align_examples},
	{"analyze",
	 "Counts the segments and words of a draft per match band, as CAT tools report them before a job is "
	 "priced, and can write the best matches as a pre-translated TMX. The memory is opened read-only.",
	 analyze_examples},
	{"segment",
	 "Sentences are found by ICU's sentence iterator, corrected by SRX 2.0 rules: tolk's own Dutch and English "
	 "defaults (compiled in, and installed as share/tolk/segment-rules.srx) or the file given with --srx. "
	 "Text extracted from PDF is repaired first: wrapped lines are joined, line-end hyphens are decided from "
	 "the document's own spelling, Hunspell and Dutch spelling, and headings, the address block, the "
	 "signature and footnotes become segments of their own.",
	 segment_examples},
	{"serve",
	 "Answers CAT tools and browsers over HTTP from the department's memory and term base. CAT tools use the "
	 "tmserver / amaGama API of Virtaal and Weblate: GET /tmserver/SRC/TGT/unit/TEXT or "
	 "/api/v1/SRC/TGT/unit/TEXT with min_similarity and max_candidates, and GET /api/v1/languages/. tolk's "
	 "own JSON API offers lookup with differences, concordance, term lookup with near misses, term "
	 "recognition, spell checking, segmentation and analysis; writes need the bearer token of --token-file. "
	 "docs/api.md in tolk's source describes every route.\n"
	 "\n"
	 "The server binds 127.0.0.1 unless --listen says otherwise, limits URLs (8 KB), bodies (--max-body) and "
	 "the time a client may take (--timeout), answers every bad request with a JSON error, and sends CORS "
	 "headers only to the origins given with --allow-origin. Each worker reads the memory through its own "
	 "connection; an import by another process is seen by the next lookup, and an edited term base within a "
	 "second. One line per request goes to standard error (method, path without the text, status, time); "
	 "GET /healthz and GET /metrics (Prometheus) are for operations. SIGTERM or SIGINT stops the server after "
	 "the requests in flight.\n"
	 "\n"
	 "With --termbase postgresql://USER@HOST/DB the term base is read from PostgreSQL, and the server "
	 "LISTENs on a connection of its own: an edit committed anywhere (tolk term, another server) is served "
	 "within a second. While PostgreSQL is unreachable the last loaded term base is served and term edits get "
	 "503 with the reason; when it is back the term base is loaded again, without a restart. "
	 "--termbase-read postgresql://REPLICA loads the term base from a streaming replica instead; edits still "
	 "go to --termbase, and an edit is served once the replica has replayed it.",
	 serve_examples},
	{"spell",
	 "Hunspell with tolk's rules on top, to keep false alarms away without hiding typos: PDF layout, "
	 "abbreviations and initials, acronyms, English names and quotations inside Dutch (checked against "
	 "en_GB and en_US), Dutch compounds of valid parts, names the document establishes, the term base and "
	 "the project word list dict/words-nl.txt. --explain says which rule accepted each word.",
	 spell_examples},
	{"term",
	 "The term base is the department's approved Dutch-English terminology in TBX-Basic (ISO 30042): "
	 "concepts with an id, subject field and definitions, terms per language with a status (preferred, "
	 "admitted, deprecated, superseded) and part of speech. It is dict/termbase.tbx unless --termbase or "
	 "TOLK_TERMBASE says otherwise; --termbase may come before or after the subcommand. Change it only "
	 "through tolk: edits take a lock (termbase.tbx.lock) and replace the file atomically.\n"
	 "\n"
	 "A department keeps one term base in PostgreSQL: --db postgresql://USER@HOST/DB (or that URI as "
	 "--termbase or TOLK_TERMBASE) names the term base in that database's tolk_tb_* tables, made by the "
	 "first import or add. Every operation works the same; TBX is the exchange format (tolk term import, "
	 "tolk term export). Each edit is one transaction that changes only the concepts it touched, so editors "
	 "at the same time never lose an edit; an edit of something another editor changed since it was read is "
	 "refused (nothing saved) and can be run again. A term base made by a newer tolk is refused. "
	 "--termbase-read postgresql://REPLICA makes lookup, list, export and check read a streaming replica; "
	 "edits still go to the term base.",
	 term_examples},
	{"tm",
	 "The translation memory is one SQLite file, tm/memory.db unless --db is given, created by the first "
	 "import. It keeps every unit of every imported TMX file in all its languages, with dates, ids, props, "
	 "notes and inline codes; duplicates are merged. Imports run in transactions, so an interrupted import "
	 "keeps the batches it finished and nothing else, and readers keep working during an import. Once the "
	 "memory has grown by an eighth since the last time, an import ends by merging its search index into "
	 "one piece (some seconds a million units), which keeps lookups fast. A file that is not a tolk memory is refused "
	 "without a byte changed.\n"
	 "\n"
	 "Scores are the word-based edit distance CAT tools use, less a point or two for differences in case, "
	 "numbers, punctuation and spacing; only the same text scores 100.",
	 tm_examples},
	{"help",
	 "Prints the list of commands, or the help of one command: 'tolk help COMMAND' is 'tolk COMMAND --help'.",
	 help_examples},
	{NULL, NULL, NULL}};

const man_item man_exit_status[] = {
	{"0", NULL, "Success: nothing was found, or the work is done."},
	{"1", NULL,
	 "Findings: misspellings (spell), terminology issues (term check), a term not found (term lookup)."},
	{"2", NULL,
	 "A usage error or bad input. The message names the place where one is known: "
	 "tolk: FILE:LINE:COL: what is wrong."},
	{NULL, NULL, NULL}};

const man_item man_environment[] = {
	{"TOLK_DATADIR", "spell term",
	 "The folder that holds the project data (dict/termbase.tbx, dict/words-nl.txt). Without it, tolk uses "
	 "./dict when run in the project's folder, else the installed share/tolk/dict."},
	{"TOLK_TERMBASE", "spell term serve",
	 "The term base to use when --termbase is not given: a TBX file or a postgresql:// URI."},
	{"TOLK_TERMBASE_READ", "term serve",
	 "A PostgreSQL replica of the term base to read from when --termbase-read is not given; edits go to "
	 "the term base itself."},
	{"TOLK_DB", "tm analyze serve",
	 "The translation memory to use when --db is not given: a file, or a PostgreSQL URI "
	 "(postgresql://user@host:port/database)."},
	{"TOLK_CACHE_DIR", "spell term align",
	 "Where the binary cache of large term bases (20,000 concepts or more) is kept; default "
	 "$XDG_CACHE_HOME/tolk, else ~/.cache/tolk. A cache file is used only while its TBX file is unchanged."},
	{"TOLK_NO_CACHE", "spell term align", "Set (and not 0): do not read or write the term-base cache."},
	{"TOLK_NO_PROGRESS", NULL,
	 "Set: no progress line on stderr. Without it the line appears for long work, only when stderr is a "
	 "terminal."},
	{"TOLK_PROGRESS_DELAY", NULL, "Seconds of work before the progress line appears (default 0.5)."},
	{"TOLK_LOCALEDIR", NULL,
	 "Where the message catalogues (LANG/LC_MESSAGES/tolk.mo) are, for a tolk that is not installed."},
	{"LANGUAGE", NULL,
	 "The language of messages and help, as for every gettext program (LANGUAGE=nl for Dutch); it works "
	 "even when LANG and LC_ALL are unset."},
	{"SOURCE_DATE_EPOCH", "align analyze tm",
	 "Seconds since 1970: the creation date written into TMX files, which makes them reproducible byte for "
	 "byte."},
	{"TOLK_TBX_SPLIT_MIN, TOLK_TB_INDEX_SPLIT_MIN", "spell term align",
	 "For tests and benchmarks: the size from which a term base is parsed, and its index built, on two "
	 "threads."},
	{NULL, NULL, NULL}};

const man_item man_files[] = {
	{"dict/termbase.tbx", "spell term align serve",
	 "The term base, in TBX-Basic. Looked for in $TOLK_DATADIR/dict, then ./dict, then the installed "
	 "share/tolk/dict."},
	{"dict/words-nl.txt", "spell serve",
	 "The project word list: words spell accepts, one per line. Looked for like the term base."},
	{"tm/memory.db", "tm analyze serve", "The translation memory (an SQLite file), relative to the current folder."},
	{"share/tolk/segment-rules.srx", "segment align",
	 "tolk's default segmentation rules (compiled in; the installed copy is a starting point for --srx)."},
	{"/usr/share/hunspell", "spell segment align",
	 "The Hunspell dictionaries nl_NL, en_GB and en_US (packages hunspell-nl, hunspell-en-gb, hunspell-en-us)."},
	{NULL, NULL, NULL}};
