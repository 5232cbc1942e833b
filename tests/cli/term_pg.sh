# tolk term on PostgreSQL: the same operations as on a TBX file give the same answers (the file
# backend is the reference), TBX in and out losslessly, parallel editors lose no edit, hostile
# text passes unchanged, a newer schema and a replica's read-only state are refused clearly.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/pg_lib.bash"
pg_start_or_skip
U=$PG_URI
T="$TOLK term"
file="$TMP/termbase.tbx"
cp "$TOLK_SRCDIR/dict/termbase.tbx" "$file"

# ---- a term base that is not there yet is named, not an empty answer
expect_status 2 $T --db "$U" lookup bondgenoot
expect_grep "no term base in this database yet" "$TMP/err"
expect_status 2 $T --db "$TMP/memory.db" list
expect_grep "goes in PostgreSQL" "$TMP/err"

# ---- import, and export as TBX: byte for byte what the file backend writes
expect_status 0 $T --db "$U" import "$file"
expect_grep "^49 concepts added" "$TMP/err"
expect_status 0 $T --termbase "$file" export "$TMP/ref.tbx"
expect_status 0 $T --db "$U" export "$TMP/pg.tbx"
cmp -s "$TMP/ref.tbx" "$TMP/pg.tbx" && pass || fail "TBX export from PostgreSQL differs from the file's"
expect_status 0 $T --db "$U" import "$file"
expect_grep "^0 concepts added" "$TMP/err" "a second import"
# --termbase URI and $TOLK_TERMBASE are the same as --db
TOLK_TERMBASE="$U" $T list --format jsonl >"$TMP/env.jsonl" 2>/dev/null
$T --termbase "$file" list --format jsonl >"$TMP/ref.jsonl"
cmp -s "$TMP/ref.jsonl" "$TMP/env.jsonl" && pass || fail "TOLK_TERMBASE=URI lists other concepts than the file"

# ---- reading: lookup (with suggestions), list, check give what the file gives
same() { # same WHAT ARGS...: the command on the file and on PostgreSQL print the same, exit the same
	local what=$1; shift
	$T --termbase "$file" "$@" >"$TMP/a.out" 2>"$TMP/a.err"; local sa=$?
	$T --db "$U" "$@" >"$TMP/b.out" 2>"$TMP/b.err"; local sb=$?
	if [ "$sa" = "$sb" ] && cmp -s "$TMP/a.out" "$TMP/b.out" && [ -s "$TMP/a.out" ]; then pass; else
		fail "$what: file and PostgreSQL differ (exit $sa/$sb)"; diff "$TMP/a.out" "$TMP/b.out" | head -5 >&2; fi
}
same "lookup" lookup bondgenoten
same "lookup jsonl" lookup --format jsonl burden sharing
same "suggestions" lookup --format jsonl bondgenot
same "list" list --format jsonl
cat >"$TMP/check.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="nl" datatype="plaintext"/>
<body><tu tuid="1"><tuv xml:lang="nl"><seg>De bondgenoten spraken over lastenverdeling.</seg></tuv><tuv xml:lang="en"><seg>The allies talked about money.</seg></tuv></tu></body></tmx>
TMX
same "check" check --format jsonl "$TMP/check.tmx"

# ---- the same edits on both: the exports stay equal
edit_both() {
	local s1 s2
	$T --termbase "$file" "$@" >/dev/null 2>"$TMP/e1"; s1=$?
	$T --db "$U" "$@" >/dev/null 2>"$TMP/e2"; s2=$?
	[ "$s1" = 0 ] && [ "$s2" = 0 ] && pass || { fail "edit $* (exit $s1/$s2)"; cat "$TMP/e1" "$TMP/e2" >&2; }
}
edit_both add --concept wapenbeheersing --nl wapenbeheersing --en "arms control" --pos noun --subject defence \
	--definition-en "Limits on weapons agreed between states."
edit_both add --concept wapenbeheersing --en "arms-control" --status admitted --note "attributive use"
edit_both add --concept en-eerst --en "first in English"
edit_both add --concept en-eerst --nl "eerst in het Engels"
edit_both set-status wapenbeheersing en arms-control deprecated
edit_both remove wapenbeheersing en arms-control
edit_both remove lastenverdeling
$T --termbase "$file" export "$TMP/ref2.tbx" && $T --db "$U" export "$TMP/pg2.tbx"
cmp -s "$TMP/ref2.tbx" "$TMP/pg2.tbx" && pass || { fail "exports differ after the same edits"; diff "$TMP/ref2.tbx" "$TMP/pg2.tbx" | head >&2; }
same "lookup after edits" lookup --format jsonl wapenbeheersing
expect_status 2 $T --db "$U" remove geen-concept
expect_grep "no concept 'geen-concept'" "$TMP/err"

# ---- 8 editors at once, 25 new concepts each: all 200 there, with 200 different ids
for p in $(seq 1 8); do
	(
		for k in $(seq 1 25); do
			$T --db "$U" add --nl "parallel-$p-$k" --en "parallel $p $k" >>"$TMP/ids.$p" 2>>"$TMP/perr.$p" || echo "exit $?" >>"$TMP/perr.$p"
		done
	) &
done
wait
cat "$TMP"/perr.* >"$TMP/perr" 2>/dev/null
[ ! -s "$TMP/perr" ] && pass || { fail "parallel adds failed"; head -5 "$TMP/perr" >&2; }
$T --db "$U" list --format jsonl >"$TMP/all.jsonl"
n=$(grep -c '"term":"parallel-[0-9]*-[0-9]*"' "$TMP/all.jsonl")
[ "$n" -eq 200 ] && pass || fail "$n of 200 parallel terms present"
ids=$(cat "$TMP"/ids.* | sort -u | wc -l)
[ "$ids" -eq 200 ] && pass || fail "$ids different concept ids for 200 adds"
for p in 1 8; do for k in 1 25; do
	grep -q "\"term\":\"parallel-$p-$k\"" "$TMP/all.jsonl" && pass || fail "parallel-$p-$k missing"
done; done

# ---- 8 editors adding to the same concept at once: different terms are all kept
for p in $(seq 1 8); do $T --db "$U" add --concept gedeeld --nl "gedeeld-$p" >/dev/null 2>"$TMP/g.$p" & done
wait
expect_status 0 $T --db "$U" list --format jsonl
n=$(grep '"id":"gedeeld"' "$TMP/out" | grep -o '"term":"gedeeld-[0-9]"' | sort -u | wc -l)
[ "$n" -eq 8 ] && pass || { fail "$n of 8 terms of one concept kept"; cat "$TMP"/g.* >&2; }

# ---- the same term's status changed by two at once: both succeed one after the other, or the
# second is refused with the conflict named; never a silent overwrite of an edit it did not see
for r in $(seq 1 5); do
	$T --db "$U" set-status gedeeld nl gedeeld-1 deprecated >"$TMP/s1" 2>&1 &
	a=$!
	$T --db "$U" set-status gedeeld nl gedeeld-1 superseded >"$TMP/s2" 2>&1 &
	b=$!
	wait $a; sa=$?; wait $b; sb=$?
	$T --db "$U" list --format jsonl | grep '"id":"gedeeld"' | grep -o '"term":"gedeeld-1","status":"[a-z]*"' >"$TMP/final"
	if [ "$sa" = 0 ] && [ "$sb" = 0 ]; then pass
	elif [ "$sa" = 0 ] && grep -q "changed by another editor" "$TMP/s2" && grep -q deprecated "$TMP/final"; then pass
	elif [ "$sb" = 0 ] && grep -q "changed by another editor" "$TMP/s1" && grep -q superseded "$TMP/final"; then pass
	else fail "concurrent set-status: exits $sa/$sb, final $(cat "$TMP/final")"; cat "$TMP/s1" "$TMP/s2" >&2; fi
	$T --db "$U" set-status gedeeld nl gedeeld-1 preferred >/dev/null
done

# ---- hostile text: through parameters only, back unchanged, the tables intact. A NUL cannot reach
# tolk term: argv strings end at one, and a TBX file cannot hold one (&#0; is not XML; see serve_pg.sh
# for JSON's \u0000, refused with 400).
hostile=("O'Brien" "'; DROP TABLE tolk_tb_terms; --" 'back\slash \\ \x27' '"dubbel" `tick`' '$1 $$ $q$x$q$' "E'\\047'")
for k in "${!hostile[@]}"; do
	expect_status 0 $T --db "$U" add --concept "vijandig-$k" --nl "${hostile[$k]}" --en "${hostile[$k]} (en)" --note "${hostile[$k]}"
	$T --db "$U" lookup --format jsonl "${hostile[$k]}" >"$TMP/h.jsonl"
	python3 - "$TMP/h.jsonl" "${hostile[$k]}" "vijandig-$k" <<'PY' && pass || fail "hostile term $k not back unchanged"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
want, cid = sys.argv[2], sys.argv[3]
c = [r["concept"] for r in rows if r["concept"]["id"] == cid][0]
terms = {(t["lang"], t["term"]): t for t in c["terms"]}
assert terms[("nl", want)]["note"] == want and ("en", want + " (en)") in terms, terms
PY
done
expect_status 0 $T --db "$U" export "$TMP/h.tbx"
grep -c '<conceptEntry' "$TMP/h.tbx" >"$TMP/count"
[ "$(cat "$TMP/count")" -eq $((49 + 2 + 200 + 1 + ${#hostile[@]} - 1)) ] && pass || fail "concept count after hostile text: $(cat "$TMP/count")"
# the export reads back into a file base that holds the same
expect_status 0 $T --termbase "$TMP/back.tbx" import "$TMP/h.tbx"
$T --termbase "$TMP/back.tbx" export "$TMP/back2.tbx"
cmp -s "$TMP/h.tbx" "$TMP/back2.tbx" && pass || fail "PostgreSQL export -> file -> export differs"

# ---- kill -9 during an import of 20,000 concepts: one transaction, so all of it or nothing
python3 - "$TMP/big.tbx" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc>'
            '</fileDesc></tbxHeader><text><body>\n')
    for i in range(20000):
        f.write(f'<conceptEntry id="groot-{i}"><langSec xml:lang="nl"><termSec><term>groot woord {i}</term>'
                f'</termSec></langSec><langSec xml:lang="en"><termSec><term>big word {i}</term></termSec>'
                f'</langSec></conceptEntry>\n')
    f.write('</body></text></tbx>\n')
PY
before=$($T --db "$U" list | grep -c '^[^ ]')
psql_bin=$(command -v psql || echo "$(cat "$PG_DIR/bindir")/psql")
# Kill when the import's writing transaction is open (its INSERTs seen in pg_stat_activity), then a
# little later each round.
for extra in 0 0.3 0.6; do
	$T --db "$U" import "$TMP/big.tbx" >/dev/null 2>&1 &
	imp=$!
	for k in $(seq 1 600); do
		open=$("$psql_bin" -X -Atq "$U" -c "SELECT count(*) FROM pg_stat_activity WHERE xact_start IS NOT NULL
			AND query LIKE 'INSERT INTO tolk_tb_%' AND pid <> pg_backend_pid()" 2>/dev/null)
		[ "${open:-0}" -gt 0 ] && break
		kill -0 $imp 2>/dev/null || break
		sleep 0.05
	done
	sleep $extra
	kill -9 $imp 2>/dev/null
	wait $imp 2>/dev/null
	now=$($T --db "$U" list | grep -c '^[^ ]')
	[ "$now" -eq "$before" ] && pass || fail "after kill -9 (+${extra}s): $now concepts, wanted $before (nothing of the import)"
done
# at least one kill came inside the transaction (else this tested nothing): the server saw it cut off
grep -qE "unexpected EOF on client connection with an open transaction|connection to client lost" "$PG_DIR/server.log" && pass ||
	fail "no kill -9 landed inside the import's transaction"
expect_status 0 $T --db "$U" import "$TMP/big.tbx"
expect_grep "^20000 concepts added" "$TMP/err"
expect_status 0 $T --db "$U" remove groot-7
expect_status 0 $T --db "$U" lookup groot woord 19999

# ---- a newer schema is refused, with the versions named
"$psql_bin" -X -q "$U" -c 'UPDATE tolk_tb_schema SET version = 99' || fail "psql"
expect_status 2 $T --db "$U" lookup bondgenoot
expect_grep "schema version 99; this tolk knows versions up to 1" "$TMP/err"
expect_status 2 $T --db "$U" add --nl nieuw
expect_grep "schema version 99" "$TMP/err"
"$psql_bin" -X -q "$U" -c 'UPDATE tolk_tb_schema SET version = 1' || fail "psql"

# ---- a replica serves lookups and refuses edits, saying where to edit
R=$("$TOLK_SRCDIR/tests/pg/cluster" replica "$PG_DIR" "$TMP/pg-replica") || fail "replica did not start"
trap '"$TOLK_SRCDIR/tests/pg/cluster" stop "$TMP/pg-replica"; pg_stop_all' EXIT
expect_status 0 $T --db "$U" add --concept na-replica --nl "na de kopie"
seen=no
for k in $(seq 1 50); do
	$T --db "$R" lookup "na de kopie" >/dev/null 2>&1 && { seen=yes; break; }
	sleep 0.1
done
[ $seen = yes ] && pass || fail "an edit on the primary never reached the replica"
expect_status 2 $T --db "$R" add --nl "op de kopie"
expect_grep "read-only replica: edit the term base on the primary" "$TMP/err"

# ---- the server gone: one clear line, exit 2
"$TOLK_SRCDIR/tests/pg/cluster" pause "$PG_DIR"
expect_status 2 $T --db "$U" lookup bondgenoot
expect_grep "^tolk: postgresql://tolk@127.0.0.1:[0-9]+/tolk: cannot connect to PostgreSQL" "$TMP/err"
expect_lines 1 "$TMP/err"
"$TOLK_SRCDIR/tests/pg/cluster" resume "$PG_DIR"
expect_status 0 $T --db "$U" lookup bondgenoot
finish
