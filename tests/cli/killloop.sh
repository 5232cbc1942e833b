# kill -9 at random moments during term base edits, TM imports and exports. After every kill the
# term base parses, the memory passes tm stats --check, no edit reported done (exit 0 before the
# kill) is lost, and nothing left behind blocks the next run (a stale lock is taken over, with a
# message; temporary files of killed writers are swept by the next writer of the same file).
# TOLK_KILLS (default 200) kills; TOLK_KILL_SEED makes a run reproducible (the seed is printed).
. "$(dirname "$0")/lib.bash"
# Under the sanitizers (CI's second build) every run is several times slower: fewer kills there.
kills_wanted=${TOLK_KILLS:-$([ -n "${ASAN_OPTIONS:-}" ] && echo 60 || echo 200)}
seed=${TOLK_KILL_SEED:-$(( $(date +%s) % 1000000 ))}
echo "seed: $seed (rerun with TOLK_KILL_SEED=$seed TOLK_KILLS=$kills_wanted)"
RANDOM=$seed

tb="$TMP/tb.tbx"
db="$TMP/m.db"
out="$TMP/export.tmx"
csvout="$TMP/export.csv"
# a base large enough that writing it takes a moment worth interrupting
awk 'BEGIN { print "concept,lang,term"; for (i = 1; i <= 3000; i++) printf "b%d,nl,basiswoord%d\nb%d,en,baseword%d\n", i, i, i, i }' >"$TMP/base.csv"
"$TOLK" term import --termbase "$tb" "$TMP/base.csv" >/dev/null || fail "base term import"
chunk() { # chunk K: a TMX of 250 units of its own
	awk -v k="$1" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"nl\" datatype=\"plaintext\"/><body>"
		for (i = 1; i <= 250; i++)
			printf "<tu><tuv xml:lang=\"nl\"><seg>Stuk %d zin %d over de verdeling van de lasten.</seg></tuv><tuv xml:lang=\"en\"><seg>Chunk %d sentence %d on burden sharing.</seg></tuv></tu>\n", k, i, k, i
		print "</body></tmx>" }' >"$TMP/chunk$1.tmx"
}

# ---- how long each operation takes, to kill at moments spread over its run ----------------------
ms_now() { date +%s%3N; }
timed() { local t0; t0=$(ms_now); "$@" >/dev/null 2>&1; echo $(( $(ms_now) - t0 )); }
chunk 0
t_tm=$(timed "$TOLK" tm import --batch 100 --db "$db" "$TMP/chunk0.tmx")
done_chunks=(0)
t_add=$(timed "$TOLK" term add --termbase "$tb" --concept probe --nl proefwoord --en probeword)
done_concepts=(probe)
t_exp=$(timed "$TOLK" tm export --db "$db" -o "$out")
t_texp=$(timed "$TOLK" term export --termbase "$tb" "$csvout")
echo "one run (ms): tm import $t_tm, term add $t_add, tm export $t_exp, term export $t_texp"

# ---- the loop -------------------------------------------------------------------------------------
kills=0 runs=0 takeovers=0 next_chunk=1 next_concept=1 left_temps=0
declare -A killed_by=()
# run_killed MAXMS CMD...: start CMD, kill -9 it after a random 0..MAXMS ms if it still runs.
# Sets $status (the command's exit status, 137 when killed) and counts the kill.
run_killed() {
	local max=$1; shift
	local ms=$(( RANDOM % (max + 1) ))
	"$@" >"$TMP/run.out" 2>"$TMP/run.err" &
	local pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	if kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		status=$?
		# the kill may land after the process finished but before it was reaped
		[ "$status" -eq 137 ] && kills=$((kills + 1))
	else
		wait "$pid" 2>/dev/null
		status=$?
	fi
	runs=$((runs + 1))
}

check_termbase() {
	if ! timeout 60 "$TOLK" term list --termbase "$tb" >"$TMP/list" 2>"$TMP/list.err"; then
		fail "after kill $kills ($1): the term base does not parse: $(head -1 "$TMP/list.err")"
		return 1
	fi
	local lost
	lost=$(printf '%s\n' "${done_concepts[@]}" | sort | comm -23 - <(grep -v '^ ' "$TMP/list" | sort) | head -3)
	[ -z "$lost" ] || { fail "after kill $kills ($1): concepts reported done are lost: $lost"; return 1; }
}
check_store() {
	if ! timeout 60 "$TOLK" tm stats --db "$db" --check >"$TMP/stats" 2>"$TMP/stats.err"; then
		fail "after kill $kills ($1): tm stats --check: $(head -1 "$TMP/stats.err")"
		return 1
	fi
	local units; units=$(sed -n 's/^units: \([0-9]*\),.*/\1/p' "$TMP/stats")
	[ "${units:-0}" -ge $(( ${#done_chunks[@]} * 250 )) ] ||
		{ fail "after kill $kills ($1): $units units, fewer than the ${#done_chunks[@]} imports reported done"; return 1; }
}
check_export() { # a file at the export's path is whole: the old one or a new one, never a torn one
	if [ -e "$out" ] && ! tail -c 200 "$out" | grep -q '</tmx>'; then
		fail "after kill $kills (tm export): $out is torn"
		return 1
	fi
}

# ---- first imports, killed while they create the store: no store or a whole one, never a half one ---
start=$SECONDS
creations=0
for try in $(seq 1 12); do
	fresh="$TMP/fresh$try.db"
	run_killed "$t_tm" "$TOLK" tm import --db "$fresh" "$TMP/chunk0.tmx"
	[ "$status" -eq 137 ] && creations=$((creations + 1))
	if [ -e "$fresh" ]; then
		timeout 60 "$TOLK" tm stats --db "$fresh" --check >/dev/null 2>"$TMP/stats.err" ||
			fail "a first import killed after $try tries left a store that is refused: $(head -1 "$TMP/stats.err")"
	fi
	timeout 60 "$TOLK" tm import --db "$fresh" "$TMP/chunk0.tmx" >/dev/null 2>"$TMP/run.err" ||
		fail "the import after a killed first import failed: $(head -1 "$TMP/run.err")"
	rm -f "$fresh" "$fresh"-*
done
killed_by[first import]=$creations

while [ "$kills" -lt "$kills_wanted" ] && [ "$runs" -lt $((kills_wanted * 6)) ]; do
	op=$(( RANDOM % 10 ))
	before=$kills
	if [ "$op" -lt 4 ]; then
		id="k$next_concept"; next_concept=$((next_concept + 1))
		run_killed $(( t_add * 5 / 4 )) "$TOLK" term add --termbase "$tb" --concept "$id" --nl "woord$id" --en "word$id"
		[ "$status" -eq 0 ] && done_concepts+=("$id")
		grep -q 'taken over from process' "$TMP/run.err" && takeovers=$((takeovers + 1))
		what="term add"
		check_termbase "$what" || break
	elif [ "$op" -lt 5 ]; then
		id="k$next_concept"; next_concept=$((next_concept + 1))
		printf 'concept,lang,term\n%s,nl,woord%s\n%s,en,word%s\n' "$id" "$id" "$id" "$id" >"$TMP/one.csv"
		run_killed $(( t_add * 5 / 4 )) "$TOLK" term import --termbase "$tb" "$TMP/one.csv"
		[ "$status" -eq 0 ] && done_concepts+=("$id")
		grep -q 'taken over from process' "$TMP/run.err" && takeovers=$((takeovers + 1))
		what="term import"
		check_termbase "$what" || break
	elif [ "$op" -lt 8 ]; then
		k=$next_chunk; next_chunk=$((next_chunk + 1))
		chunk "$k"
		run_killed $(( t_tm * 5 / 4 )) "$TOLK" tm import --batch 100 --db "$db" "$TMP/chunk$k.tmx"
		[ "$status" -eq 0 ] && done_chunks+=("$k")
		what="tm import"
		check_store "$what" || break
	elif [ "$op" -lt 9 ]; then
		run_killed $(( t_exp * 5 / 4 )) "$TOLK" tm export --db "$db" -o "$out"
		what="tm export"
		check_export || break
	else
		run_killed $(( t_texp * 5 / 4 )) "$TOLK" term export --termbase "$tb" "$csvout"
		what="term export"
		if [ -e "$csvout" ] && [ "$(tail -c 1 "$csvout" | od -An -c | tr -d ' ')" != '\n' ]; then
			fail "after kill $kills (term export): $csvout is torn"; break
		fi
	fi
	if [ "$status" -ne 0 ] && [ "$status" -ne 137 ]; then
		fail "$what failed without being killed (exit $status): $(head -2 "$TMP/run.err")"
		break
	fi
	[ "$kills" -gt "$before" ] && killed_by[$what]=$(( ${killed_by[$what]:-0} + 1 ))
done
elapsed=$((SECONDS - start))
[ "$kills" -ge "$kills_wanted" ] && pass || fail "only $kills kills in $runs runs"

# ---- afterwards: every edit reported done is there, and nothing blocks the next run --------------
check_termbase "the end"
check_store "the end"
for k in "${done_chunks[@]}"; do
	expect_status 0 timeout 60 "$TOLK" tm lookup --db "$db" --min 100 --format jsonl "Stuk $k zin 250 over de verdeling van de lasten."
	grep -q '"score":100' "$TMP/out" && pass || fail "the last unit of import $k, reported done, is lost"
done
lost_temps=$(find "$TMP" -maxdepth 1 -name '*.tmp.*' | wc -l)
# one more run of each writer takes over what the killed ones left
expect_status 0 timeout 60 "$TOLK" term add --termbase "$tb" --concept final --nl slotwoord --en finalword
expect_status 0 timeout 60 "$TOLK" tm export --db "$db" -o "$out"
expect_status 0 timeout 60 "$TOLK" term export --termbase "$tb" "$csvout"
expect_status 0 timeout 60 "$TOLK" tm import --db "$db" "$TMP/chunk0.tmx"
left=$(find "$TMP" -maxdepth 1 -name '*.tmp.*' | wc -l)
[ "$left" -eq 0 ] && pass || { fail "temporary files left after the next runs:"; find "$TMP" -maxdepth 1 -name '*.tmp.*' >&2; }
# a lock whose holder died is taken over, with a message (made here by hand, as a kill may miss it)
sleep 30 &
dead=$!
kill -9 "$dead"; wait "$dead" 2>/dev/null
echo "$dead" >"$tb.lock"
expect_status 0 timeout 60 "$TOLK" term add --termbase "$tb" --concept final2 --nl slotwoord2 --en finalword2
expect_grep "tb\.tbx\.lock: taken over from process $dead" "$TMP/err" "stale lock message"
expect_status 0 timeout 60 "$TOLK" term add --termbase "$tb" --concept final3 --nl slotwoord3 --en finalword3
expect_no_grep "taken over" "$TMP/err" "a lock released normally"

echo "kills: $kills in $runs runs, ${elapsed}s (first import ${killed_by[first import]:-0}, term add ${killed_by[term add]:-0}, term import ${killed_by[term import]:-0}," \
	"tm import ${killed_by[tm import]:-0}, tm export ${killed_by[tm export]:-0}, term export ${killed_by[term export]:-0})"
echo "edits reported done and kept: ${#done_concepts[@]} concepts, ${#done_chunks[@]} imports of 250 units;" \
	"stale locks taken over: $takeovers; temporary files left by kills: $lost_temps, after the next runs: $left"
finish
