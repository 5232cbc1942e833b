# analyze.sh with its store in PostgreSQL (a throw-away cluster): the same bands and pre-translations.
TOLK_TEST_DB=pg exec bash "$(dirname "$0")/analyze.sh"
