# Full disk and write errors: every command that writes, with the file size limit lowered
# (ulimit -f: write() fails with EFBIG; tolk ignores SIGXFSZ so that it gets the error instead of
# being killed) and in a read-only folder, exits 2 with one clear message, and the file or store it
# was to change is byte for byte what it was before (the store also passes tm stats --check).
. "$(dirname "$0")/lib.bash"
sample="$TOLK_SRCDIR/tests/data/tm/letter-sample.tmx"
cases=0

snapshot() { # snapshot FILE...: checksums of the files, "absent" for a missing one
	local f
	for f in "$@"; do
		if [ -e "$f" ]; then sha256sum <"$f"; else echo "absent $f"; fi
	done
}
leftovers() { # leftovers FILE: temporary files of FILE (there must be none)
	find "$(dirname "$1")" -maxdepth 1 -name "$(basename "$1").tmp.*" | head -3
}

# refused KB WHAT PATTERN FILE [FILE...] -- CMD...: CMD with a file size limit of KB KiB (0: in a
# read-only folder, see below) exits 2 with one message matching PATTERN on its first line,
# and every FILE is unchanged, with no temporary file left beside it.
refused() {
	local kb=$1 what=$2 pattern=$3; shift 3
	local files=()
	while [ "$1" != -- ]; do files+=("$1"); shift; done
	shift
	local before status
	before=$(snapshot "${files[@]}")
	if [ "$kb" -gt 0 ]; then
		(ulimit -f "$kb"; exec "$@") >"$TMP/out" 2>"$TMP/err"
	else
		as_reader "$@" >"$TMP/out" 2>"$TMP/err"
	fi
	status=$?
	cases=$((cases + 1))
	if [ "$status" -ne 2 ]; then
		fail "$what: exit $status, wanted 2"; sed 's/^/  stderr: /' "$TMP/err" | head -3 >&2
	else
		pass
	fi
	local first; first=$(head -1 "$TMP/err")
	[ -n "${FULLDISK_VERBOSE:-}" ] && echo "$what: $first"
	if [[ "$first" =~ ^tolk:\ .*($pattern) ]]; then pass; else fail "$what: unclear message: $first"; fi
	# one message: the error, and at most tm import's count of what was stored before it
	if [ "$(grep -cv 'units stored before the error' "$TMP/err")" -eq 1 ]; then pass; else
		fail "$what: more than one message"; sed 's/^/  stderr: /' "$TMP/err" | head -5 >&2
	fi
	if [ "$(snapshot "${files[@]}")" = "$before" ]; then pass; else fail "$what: ${files[*]} changed"; fi
	local f
	for f in "${files[@]}"; do
		if [ -z "$(leftovers "$f")" ]; then pass; else fail "$what: left $(leftovers "$f")"; fi
	done
}

efbig='File too large|disk is full|cannot use the translation memory'

# ---- inputs ---------------------------------------------------------------------------------------
cat >"$TMP/a.nl" <<'T'
De Ministers spraken over lastenverdeling (cash, capabilities en contributions).
Tijdens de bijeenkomst werd het Defence Capability Review Report vastgesteld.
Het overzicht is gedeeld met uw Kamer (Kamerstuk 28 676, nr. 347).
Nederland vroeg aandacht voor de vooruitgang van de afgelopen jaren.
T
cat >"$TMP/a.en" <<'T'
Ministers discussed burden sharing: cash, capabilities and contributions.
During the meeting, the Defence Capability Review Report was adopted.
The overview was shared with your House (Parliamentary Paper 28 676, no. 347).
The Netherlands called for attention to the progress of recent years.
T
generate() { # generate FROM TO FILE: units FROM..TO as TMX
	awk -v a="$1" -v b="$2" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"nl\" datatype=\"plaintext\"/><body>"
		for (i = a; i <= b; i++)
			printf "<tu><tuv xml:lang=\"nl\"><seg>Zin nummer %d over de lastenverdeling van het bondgenootschap.</seg></tuv><tuv xml:lang=\"en\"><seg>Sentence number %d on burden sharing in the alliance.</seg></tuv></tu>\n", i, i
		print "</body></tmx>" }' >"$3"
}
generate 1 2000 "$TMP/base.tmx"
generate 2001 5000 "$TMP/more.tmx"
# the store sits in a folder anyone may write to, for the read-only folder cases run as nobody
rw="$TMP/rw"
mkdir -p "$rw"
db="$rw/m.db"
"$TOLK" tm import --db "$db" "$sample" >/dev/null || fail "baseline import"
"$TOLK" tm import --db "$db" "$TMP/base.tmx" >/dev/null || fail "baseline import"
units() { "$TOLK" tm stats --db "$1" --format jsonl 2>/dev/null | sed -n 's/.*"units":\([0-9]*\),.*/\1/p'; }
base_units=$(units "$db")
tb="$TMP/tb.tbx"
awk 'BEGIN { print "concept,lang,term"; for (i = 1; i <= 60; i++) printf "c%d,nl,begrip%d\nc%d,en,concept%d\n", i, i, i, i }' >"$TMP/tb-start.csv"
"$TOLK" term import --termbase "$tb" "$TMP/tb-start.csv" >/dev/null || fail "baseline term base"
"$TOLK" align --presegmented -o "$TMP/a.tmx" "$TMP/a.nl" "$TMP/a.en" >/dev/null || fail "baseline align"
"$TOLK" tm export --db "$db" -o "$TMP/x.tmx" || fail "baseline export"
"$TOLK" term export --termbase "$tb" "$TMP/tb.csv" || fail "baseline term export"
awk '/<tu>/ && n++ < 600 { sub(/^.*xml:lang="nl"><seg>/, ""); sub(/<\/seg>.*/, ""); print; print "" }' "$TMP/base.tmx" >"$TMP/draft.txt"
"$TOLK" analyze --db "$db" --pretranslate "$TMP/pre.tmx" "$TMP/draft.txt" >/dev/null || fail "baseline analyze"
printf 'lang,term\nnl,nieuwbegrip\n' >"$TMP/new.csv"
# SQLite's -shm file of a store being read is 32 KiB: output limits lie above that
for f in x.tmx pre.tmx; do
	[ "$(stat -c %s "$TMP/$f")" -gt 65536 ] || fail "$f is too small for a 64 KiB limit"
done
for f in a.tmx tb.csv; do
	[ "$(stat -c %s "$TMP/$f")" -gt 1024 ] || fail "$f is too small for a 1 KiB limit"
done
[ "$(stat -c %s "$tb")" -gt 4096 ] || fail "the term base is too small for a 4 KiB limit"

# ---- past the file size limit ----------------------------------------------------------------
refused 1 "align -o" "$efbig" "$TMP/a.tmx" -- \
	"$TOLK" align --presegmented -o "$TMP/a.tmx" "$TMP/a.nl" "$TMP/a.en"
refused 64 "tm export" "$efbig" "$TMP/x.tmx" "$db" -- "$TOLK" tm export --db "$db" -o "$TMP/x.tmx"
refused 64 "analyze --pretranslate" "$efbig" "$TMP/pre.tmx" "$db" -- \
	"$TOLK" analyze --db "$db" --pretranslate "$TMP/pre.tmx" "$TMP/draft.txt"
refused 4 "term add" "$efbig" "$tb" -- "$TOLK" term add --termbase "$tb" --nl nieuw --en new
refused 4 "term set-status" "$efbig" "$tb" -- "$TOLK" term --termbase "$tb" set-status c1 en concept1 deprecated
refused 4 "term remove" "$efbig" "$tb" -- "$TOLK" term --termbase "$tb" remove c2
refused 4 "term import" "$efbig" "$tb" -- "$TOLK" term import --termbase "$tb" "$TMP/new.csv"
refused 1 "term export" "$efbig" "$TMP/tb.csv" "$tb" -- "$TOLK" term export --termbase "$tb" "$TMP/tb.csv"
# the store: its -wal file outgrows the limit during the first batch
refused 64 "tm import" "$efbig" "$db" -- "$TOLK" tm import --db "$db" "$TMP/more.tmx"
expect_status 0 "$TOLK" tm stats --db "$db" --check
expect_grep '^check: ok$' "$TMP/out" "the store after a failed import"
[ "$(units "$db")" = "$base_units" ] && pass || fail "a failed import changed the number of units"
# a new store: none appears
refused 16 "tm import into a new store" "$efbig" "$TMP/new.db" "$TMP/new.db-wal" -- \
	"$TOLK" tm import --db "$TMP/new.db" "$sample"
# and with room again everything works
expect_status 0 "$TOLK" tm import --db "$db" "$TMP/more.tmx"
[ "$(units "$db")" = $((base_units + 3000)) ] && pass || fail "the import after the failure is incomplete"
base_units=$(units "$db")

# ---- the term base cache: optional, so a cache that cannot be written is no error --------------
# (the TBX file stays the store of record; the old cache stays as it was, no torn one appears)
cache="$TMP/cache"
big="$TMP/big.tbx"
awk 'BEGIN { print "lang,term,concept"; for (i = 1; i <= 20500; i++) printf "nl,woord%d,k%d\nen,word%d,k%d\n", i, i, i, i }' >"$TMP/big.csv"
TOLK_CACHE_DIR="$cache" "$TOLK" term import --termbase "$big" "$TMP/big.csv" >/dev/null || fail "big term base"
TOLK_CACHE_DIR="$cache" "$TOLK" term lookup --termbase "$big" woord77 >/dev/null || fail "lookup on the big base"
if [ -n "$(ls "$cache" 2>/dev/null)" ]; then pass; else fail "no cache was written for a base of 20500 concepts"; fi
cache_before=$(cd "$cache" && sha256sum -- * | sort)
touch "$big" # the cache no longer matches the file: the next open writes it again
(ulimit -f 64; TOLK_CACHE_DIR="$cache" exec "$TOLK" term lookup --termbase "$big" woord77) >"$TMP/out" 2>"$TMP/err"
status=$?
cases=$((cases + 1))
[ "$status" -eq 0 ] && pass || fail "term lookup with an unwritable cache: exit $status ($(head -1 "$TMP/err"))"
expect_grep 'word77' "$TMP/out" "lookup with an unwritable cache"
[ "$(cd "$cache" && sha256sum -- * | sort)" = "$cache_before" ] && pass || fail "a failed cache write changed the cache folder"
# the term base itself past the limit: refused, base and cache unchanged
refused 64 "term add to a cached base" "$efbig" "$big" -- \
	env TOLK_CACHE_DIR="$cache" "$TOLK" term add --termbase "$big" --nl extra --en extra
[ "$(cd "$cache" && sha256sum -- * | sort)" = "$cache_before" ] && pass || fail "a failed term add changed the cache folder"

# ---- a read-only folder ------------------------------------------------------------------------
# root writes anywhere: the commands then run as nobody (setpriv), over copies nobody may read.
ro="$TMP/ro"
mkdir -p "$ro"
cp "$TMP/a.nl" "$TMP/a.en" "$TMP/a.tmx" "$TMP/x.tmx" "$TMP/tb.csv" "$TMP/pre.tmx" "$TMP/draft.txt" "$TMP/new.csv" "$ro/"
cp "$tb" "$ro/tb.tbx"
"$TOLK" tm import --db "$ro/m.db" "$sample" >/dev/null || fail "store in the read-only folder"
as_reader() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups "$TOLK" --version >/dev/null 2>&1; then
		chmod 755 "$TMP"
		chmod -R a+rX "$ro" "$TMP/more.tmx"
		chmod 777 "$rw"
		chmod 666 "$rw"/*
		as_reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	else
		echo "note: root without a usable setpriv: read-only folder cases skipped"
		ro=
	fi
fi
if [ -n "$ro" ]; then
	# a memory with changes its -wal file still holds: those cannot be read from here
	cp "$ro/m.db" "$ro/w.db"
	head -c 4096 /dev/urandom >"$ro/w.db-wal"
	chmod a+r "$ro"/w.db*
	chmod a-w "$ro"
	rofail='Permission denied|Read-only file system'
	refused 0 "align -o, read-only folder" "$rofail" "$ro/a.tmx" -- \
		"$TOLK" align --presegmented -o "$ro/a.tmx" "$ro/a.nl" "$ro/a.en"
	refused 0 "tm export, read-only folder" "$rofail" "$ro/x.tmx" "$db" -- "$TOLK" tm export --db "$db" -o "$ro/x.tmx"
	refused 0 "analyze --pretranslate, read-only folder" "$rofail" "$ro/pre.tmx" "$db" -- \
		"$TOLK" analyze --db "$db" --pretranslate "$ro/pre.tmx" "$ro/draft.txt"
	refused 0 "term add, read-only folder" "$rofail" "$ro/tb.tbx" -- \
		"$TOLK" term add --termbase "$ro/tb.tbx" --nl nieuw --en new
	refused 0 "term import, read-only folder" "$rofail" "$ro/tb.tbx" -- \
		"$TOLK" term import --termbase "$ro/tb.tbx" "$ro/new.csv"
	refused 0 "term export, read-only folder" "$rofail" "$ro/tb.csv" -- \
		"$TOLK" term export --termbase "$ro/tb.tbx" "$ro/tb.csv"
	refused 0 "tm import, read-only folder" "$rofail|readonly database" "$ro/m.db" -- \
		"$TOLK" tm import --db "$ro/m.db" "$TMP/more.tmx"
	refused 0 "tm import of a new store, read-only folder" "$rofail" "$ro/n.db" -- \
		"$TOLK" tm import --db "$ro/n.db" "$sample"
	# reading needs no writing: a memory published in a read-only folder is looked up as it is
	expect_status 0 as_reader "$TOLK" tm stats --db "$ro/m.db"
	expect_grep 'units' "$TMP/out" "stats of a memory in a read-only folder"
	expect_status 0 as_reader "$TOLK" tm lookup --db "$ro/m.db" --format jsonl --min 50 "$(sed -n 's:.*<seg>\([^<]*\)</seg>.*:\1:p' "$sample" | head -1)"
	expect_grep '"score":100' "$TMP/out" "an exact match from a memory in a read-only folder"
	expect_status 2 as_reader "$TOLK" tm lookup --db "$ro/w.db" "Een zin."
	expect_grep 'w.db-wal: holds changes not yet in the memory' "$TMP/err" "a -wal file it cannot fold in"
	cases=$((cases + 3))
	chmod u+w "$ro"
	expect_status 0 "$TOLK" tm stats --db "$ro/m.db" --check
fi

echo "full-disk and read-only cases tried: $cases"
finish
