# tolk where a user has it, with no TOLK_LOCALEDIR or TOLK_DATADIR set (src/cli/relocate.c):
# the tolk of the build tree, and an installed tolk also after its whole prefix was moved,
# find their Dutch catalogue and the project's word list and term base beside themselves;
# and libtolk installed there serves other programs: examples/lookup.c built with
# pkg-config alone and by a CMake project that uses find_package(tolk).
. "$(dirname "$0")/lib.bash"
unset TOLK_LOCALEDIR TOLK_DATADIR TOLK_TERMBASE
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$TOLK_SRCDIR/tests/data/spell/hunspell.asan.supp"
for tool in cmake pkg-config cc msgfmt; do
	command -v "$tool" >/dev/null || skip_test "$tool absent (.ci/install-deps installs it)"
done
require_file "$TOLK_BUILDDIR/cmake_install.cmake"
cd "$TMP" || exit 1 # away from the project, whose ./dict would be found first
mkdir empty
# The letter with a word no dictionary has, added below to a word list.
{ cat "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"; echo "Het overleg vond plaats in zwirbelkamp."; } >letter.txt

# check_tolk TOLK WHAT: Dutch help, and spell finds the word list and the term base quietly.
check_tolk() {
	LANGUAGE=nl expect_status 0 "$1" --help
	expect_grep "^$3 tolk \[--version\]" "$TMP/out" "$2: LANGUAGE=nl --help"
	expect_status 0 "$1" spell --explain letter.txt
	expect_grep ': wordlist$' "$TMP/out" "$2: the project word list"
	expect_grep ': zwirbelkamp: wordlist$' "$TMP/out" "$2: the word list beside it"
	expect_grep ': term$' "$TMP/out" "$2: the term base"
	expect_lines 0 "$TMP/err"
}

# The build tree: build/locale and build/share/tolk/dict, a link to the project's dict/.
cp "$TOLK_SRCDIR/dict/words-nl.txt" words-nl.txt
echo zwirbelkamp >>words-nl.txt
datadir=$(cd "$(dirname "$TOLK")" && pwd)/share/tolk
require_file "$datadir/dict/words-nl.txt"
LANGUAGE=nl expect_status 0 "$TOLK" --help
expect_grep '^gebruik: tolk \[--version\]' "$TMP/out" "build tree: LANGUAGE=nl --help"
expect_status 1 "$TOLK" spell --explain letter.txt # zwirbelkamp is not in the project's list
expect_grep ': wordlist$' "$TMP/out" "build tree: the project word list"
expect_grep ': term$' "$TMP/out" "build tree: the term base"
expect_grep "unknown word 'zwirbelkamp'" "$TMP/out" "build tree: a word in no list"
expect_lines 0 "$TMP/err"
# The environment still wins, and the checks above can fail: without data, warnings and English.
TOLK_LOCALEDIR="$TMP/empty" LANGUAGE=nl expect_status 0 "$TOLK" --help
expect_grep '^usage: tolk \[--version\]' "$TMP/out" "TOLK_LOCALEDIR wins"
TOLK_DATADIR="$TMP/empty" expect_status 1 "$TOLK" spell letter.txt
expect_grep 'no project word list at .*/empty/dict/words-nl.txt' "$TMP/err" "TOLK_DATADIR wins"
expect_grep 'no term base at' "$TMP/err" "TOLK_DATADIR wins"

# Installed, then moved. The prefix's own catalogue and word list are marked, so that only
# files found beside the moved executable can pass (not the compiled-in prefix's).
expect_status 0 cmake --install "$TOLK_BUILDDIR" --prefix "$TMP/first"
mkdir moved && mv "$TMP/first" moved/prefix
prefix="$TMP/moved/prefix"
require_file "$prefix/bin/tolk" "$prefix/share/tolk/dict/words-nl.txt" "$prefix/share/tolk/dict/termbase.tbx"
cp words-nl.txt "$prefix/share/tolk/dict/words-nl.txt"
sed 's/^msgstr "gebruik: tolk \[/msgstr "GEBRUIK: tolk [/' "$TOLK_SRCDIR/po/nl.po" >marked.po
expect_status 0 msgfmt -o "$prefix/share/locale/nl/LC_MESSAGES/tolk.mo" marked.po
check_tolk "$prefix/bin/tolk" "moved prefix" GEBRUIK:

# libtolk for other programs: a memory made by the installed tolk, read by examples/lookup.c.
expect_status 0 "$prefix/bin/tolk" tm import --db memory.db "$TOLK_SRCDIR/tests/data/tm/letter-sample.tmx"
pc=$(find "$prefix" -name tolk.pc)
[ -n "$pc" ] && pass || fail "no tolk.pc installed"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir tolk)
[ -e "$libdir/libtolk.so" ] && pass || fail "pkg-config libdir $libdir has no libtolk.so"
# A sanitized libtolk needs its runtime first in the program too.
san=()
if ldd "$libdir/libtolk.so" | grep -q libasan; then san=(-fsanitize=address,undefined); fi
# shellcheck disable=SC2046 # pkg-config's words are meant to split
expect_status 0 cc "${san[@]}" -Wall -Wextra -Werror -o lookup-pc "$TOLK_SRCDIR/examples/lookup.c" \
	$(pkg-config --cflags --libs tolk) -Wl,-rpath,"$libdir"
sentence="Ook werd door de Ministers kort stilgestaan bij de situatie in de Zwarte Zee."
# One word of 14 replaced: 100 * 13 / 14, rounded down (include/tolk/tm.h).
want=$'92\tOok werd door de Ministers kort stilgestaan bij de situatie in de Middellandse Zee.\tThe Ministers also briefly considered the situation in the Mediterranean.'
expect_status 0 ./lookup-pc memory.db "$sentence"
[ "$(cat "$TMP/out")" = "$want" ] && pass || fail "lookup (pkg-config) printed '$(cat "$TMP/out")'"
expect_status 1 ./lookup-pc memory.db "Iets heel anders."
expect_status 2 ./lookup-pc nothing.db "$sentence"
expect_grep 'nothing.db' "$TMP/err" "lookup names the missing memory"

mkdir consumer
cp "$TOLK_SRCDIR/examples/lookup.c" consumer/
cat >consumer/CMakeLists.txt <<'CMAKE'
cmake_minimum_required(VERSION 3.22)
project(consumer C)
find_package(tolk 0.1 REQUIRED)
add_executable(lookup lookup.c)
target_link_libraries(lookup PRIVATE tolk::tolk)
CMAKE
expect_status 0 cmake -S consumer -B consumer/build -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="${san[*]}"
expect_status 0 cmake --build consumer/build
expect_status 0 consumer/build/lookup memory.db "$sentence"
[ "$(cat "$TMP/out")" = "$want" ] && pass || fail "lookup (find_package) printed '$(cat "$TMP/out")'"
finish
