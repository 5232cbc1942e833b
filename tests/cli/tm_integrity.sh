# The store under stress: an import killed midway, readers during an import,
# foreign and damaged files refused and left byte for byte as they were.
. "$(dirname "$0")/lib.bash"
sample="$TOLK_SRCDIR/tests/data/tm/letter-sample.tmx"
db="$TMP/m.db"

sentence() { # sentence I: the Dutch text of generated unit I
	awk -v i="$1" 'BEGIN { split("de minister sprak op de bijeenkomst over lastenverdeling afschrikking en verdediging van het bondgenootschap in", w, " ");
		s = "Eenheid " i; for (k = 0; k < 8; k++) s = s " " w[1 + (i * 7 + k * 13) % 16]; print s "." }'
}
generate() { # generate FROM TO FILE
	awk -v a="$1" -v b="$2" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"nl\" datatype=\"plaintext\"/><body>"
		split("de minister sprak op de bijeenkomst over lastenverdeling afschrikking en verdediging van het bondgenootschap in", w, " ")
		for (i = a; i <= b; i++) {
			s = "Eenheid " i; for (k = 0; k < 8; k++) s = s " " w[1 + (i * 7 + k * 13) % 16]
			printf "<tu><tuv xml:lang=\"nl-NL\"><seg>%s.</seg></tuv><tuv xml:lang=\"en-GB\"><seg>Unit %d.</seg></tuv></tu>\n", s, i
		}
		print "</body></tmx>" }' >"$3"
}
units() { "$TOLK" tm stats --db "$1" --format jsonl 2>/dev/null | sed -n 's/.*"units":\([0-9]*\),.*/\1/p'; }

generate 1 100000 "$TMP/big.tmx"
generate 100001 200000 "$TMP/more.tmx"
"$TOLK" tm import --db "$db" "$sample" >/dev/null || fail "baseline import"

# ---- kill -9 in the middle of an import ------------------------------------------------------
"$TOLK" tm import --batch 1000 --db "$db" "$TMP/big.tmx" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
	n=$(units "$db"); [ "${n:-0}" -ge 1010 ] && break
	sleep 0.05
done
if kill -0 "$pid" 2>/dev/null; then
	kill -9 "$pid"; pass
else
	fail "the import ended before it could be killed"
fi
wait "$pid" 2>/dev/null
expect_status 0 "$TOLK" tm stats --db "$db" --check
expect_grep '^check: ok$' "$TMP/out" "integrity after kill -9"
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] && pass || fail "sqlite3 integrity_check after kill -9"
fi
n=$(units "$db")
done_units=$((n - 10))
if [ "$done_units" -gt 0 ] && [ "$done_units" -lt 100000 ] && [ $((done_units % 1000)) -eq 0 ]; then
	pass
else
	fail "after the kill the store holds $n units: not the baseline plus whole batches of 1000"
fi
# the last unit of the last complete batch is there, the first of the unfinished one is not
expect_status 0 "$TOLK" tm lookup --db "$db" --min 100 --format jsonl "$(sentence "$done_units")"
expect_grep '"score":100' "$TMP/out" "last committed unit"
expect_status 0 "$TOLK" tm lookup --db "$db" --min 100 --format jsonl "$(sentence $((done_units + 1)))"
expect_grep '"matches":\[\]' "$TMP/out" "first unit of the unfinished batch"
# importing again completes the memory; what was there merges
expect_status 0 "$TOLK" tm import --batch 1000 --db "$db" "$TMP/big.tmx"
expect_grep "units read: 100000, added: $((100000 - done_units)), merged into existing units: $done_units" "$TMP/out" "resumed import"
[ "$(units "$db")" -eq 100010 ] && pass || fail "the resumed import did not complete the memory"

# ---- readers while another process imports --------------------------------------------------------
"$TOLK" tm import --batch 2000 --db "$db" "$TMP/more.tmx" >"$TMP/import.out" 2>&1 &
pid=$!
reads=0
probe=$(sentence 4242)
while kill -0 "$pid" 2>/dev/null; do
	if "$TOLK" tm lookup --db "$db" --min 100 --format jsonl "$probe" >"$TMP/read" 2>"$TMP/read.err" &&
		grep -q '"score":100' "$TMP/read" && "$TOLK" tm stats --db "$db" >/dev/null 2>>"$TMP/read.err"; then
		kill -0 "$pid" 2>/dev/null && reads=$((reads + 1))
	else
		fail "a reader failed during the import: $(head -1 "$TMP/read.err")"
		break
	fi
done
wait "$pid" && pass || fail "the import beside the readers failed: $(cat "$TMP/import.out")"
[ "$reads" -ge 2 ] && pass || fail "only $reads reads happened during the import"
echo "reads during the import: $reads"
[ "$(units "$db")" -eq 200010 ] && pass || fail "the import beside the readers is incomplete"

# ---- foreign and damaged files: a clear error, not a byte changed ---------------------------------------
clear_error() { # clear_error FILE WHAT CMD
	grep -qE "^tolk: $1: .*(not a tolk translation memory|damaged)" "$TMP/err" && pass ||
		fail "$2: unclear error for '$3': $(head -1 "$TMP/err")"
}
refuse() { # refuse FILE WHAT [damaged]: commands fail with exit 2 and a clear error; the file stays the same
	cp "$1" "$TMP/before"
	rm -f "$TMP/x.tmx"
	for cmd in "tm import --db $1 $sample" "tm stats --db $1 --check"; do
		# shellcheck disable=SC2086
		expect_status 2 "$TOLK" $cmd
		clear_error "$1" "$2" "$cmd"
	done
	for cmd in "tm lookup --db $1 De minister" "tm concordance --db $1 minister" "tm export --db $1 -o $TMP/x.tmx"; do
		# shellcheck disable=SC2086
		"$TOLK" $cmd >"$TMP/out" 2>"$TMP/err"
		status=$?
		if [ "${3:-}" = damaged ] && [ "$status" -eq 0 ]; then
			pass # a reader that never reaches the damaged pages has nothing to report
		elif [ "$status" -eq 2 ]; then
			clear_error "$1" "$2" "$cmd"
		else
			fail "$2: '$cmd' exited $status"
		fi
	done
	cmp -s "$1" "$TMP/before" && pass || fail "$2 was changed"
	[ "${3:-}" = damaged ] || [ ! -e "$TMP/x.tmx" ] && pass || fail "$2: an export appeared"
}
printf 'Beste collega, dit is geen vertaalgeheugen.\n' >"$TMP/letter.db"
refuse "$TMP/letter.db" "a text file"
[ ! -e "$TMP/letter.db-wal" ] && [ ! -e "$TMP/letter.db-shm" ] && pass || fail "files appeared beside a text file"
if command -v python3 >/dev/null; then
	python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.execute('insert into t values (1)'); c.commit()" "$TMP/other.db"
	refuse "$TMP/other.db" "another program's SQLite database"
	[ ! -e "$TMP/other.db-wal" ] && pass || fail "a -wal file appeared beside a foreign database"
fi
"$TOLK" tm import --db "$TMP/good.db" "$TMP/big.tmx" >/dev/null || fail "import for the damage tests"
size=$(stat -c %s "$TMP/good.db")
head -c $((size / 2)) "$TMP/good.db" >"$TMP/cut.db"
refuse "$TMP/cut.db" "a truncated store"
cp "$TMP/good.db" "$TMP/garbled.db"
# overwrite pages in the middle with garbage (deterministic bytes)
awk 'BEGIN { srand(348); for (i = 0; i < 65536; i++) printf "%c", 32 + int(rand() * 90) }' |
	dd of="$TMP/garbled.db" bs=4096 seek=$((size / 4096 / 2)) conv=notrunc status=none
refuse "$TMP/garbled.db" "a store with garbage inside" damaged
finish
