# tm.sh with its store in PostgreSQL (a throw-away cluster): the same commands, the same answers.
TOLK_TEST_DB=pg exec bash "$(dirname "$0")/tm.sh"
