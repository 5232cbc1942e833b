# Resource limits (issue 13): hostile sizes and shapes get an error or a result in bounded
# time and memory, never a crash: a 100 MB single line, a 1 MB word, a TBX nested a million
# deep, deeply nested inline codes in TMX, a file of NUL bytes, for every command they apply
# to; and a TMX import whose memory does not grow with the file (bench/limits/ has the 2 GB run).
# Inputs are made here, in $TMP. LIMITS_LINE_MB sets the long line's size (default 100; 10 in
# a sanitizer build).
. "$(dirname "$0")/lib.bash"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$TOLK_SRCDIR/tests/data/spell/hunspell.asan.supp"
if ! command -v python3 >/dev/null || [ ! -x /usr/bin/time ]; then
	echo "skip: python3 or GNU time (/usr/bin/time) absent"
	exit 77
fi
GEN="$TOLK_SRCDIR/bench/limits/gen-tmx"
LIMIT_KB=2000000
# Under AddressSanitizer the shadow memory alone is terabytes of address space: there the
# limit is checked on the peak resident size, elsewhere also enforced with ulimit -v.
probe=$( (ulimit -v $LIMIT_KB && "$TOLK" --version >/dev/null 2>&1; echo $?) 2>/dev/null)
if [ "$probe" = 0 ]; then vlimit=1; else vlimit=0; fi

# bounded NAME CMD...: CMD ends by itself within 60 s and 2 GB with status 0, 1 or 2 (2 with a
# "tolk: " message), without a sanitizer report. Leaves the status in $bstatus.
bounded() {
	local name=$1; shift
	(
		if [ "$vlimit" = 1 ]; then ulimit -v $LIMIT_KB; fi
		exec /usr/bin/time -f '%M %e' -o "$TMP/time" timeout 60 "$@"
	) >"$TMP/out" 2>"$TMP/err"
	bstatus=$?
	local kb secs
	# GNU time puts "Command exited with non-zero status N" before its own line
	read -r kb secs < <(tail -n 1 "$TMP/time") || kb=0
	case $kb in '' | *[!0-9]*) kb=0 ;; esac
	case $bstatus in
	0 | 1) pass ;;
	2) if grep -q '^tolk: ' "$TMP/err"; then pass; else fail "$name: status 2 without a message"; fi ;;
	124) fail "$name: still running after 60 s" ;;
	*) fail "$name: status $bstatus"; tail -5 "$TMP/err" | sed 's/^/  stderr: /' >&2 ;;
	esac
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$TMP/err"; then
		fail "$name: sanitizer report"; grep -m3 -E 'Sanitizer|runtime error' "$TMP/err" >&2
	else
		pass
	fi
	if [ "${kb:-0}" -lt $LIMIT_KB ]; then pass; else fail "$name: peak RSS ${kb} kB"; fi
	echo "$name: status $bstatus, ${secs:-?} s, peak ${kb:-?} kB"
}

# ---- the inputs ----------------------------------------------------------------------------
# 100 MB; 10 MB under the sanitizers, which multiply time and memory several times over
line_mb=${LIMITS_LINE_MB:-$([ "$vlimit" = 1 ] && echo 100 || echo 10)}
python3 - "$TMP" "$line_mb" <<'PY'
import os, random, sys
tmp, mb = sys.argv[1], int(sys.argv[2])
random.seed(13)

def write_repeated(path, head, unit, size, tail=b""):
    with open(path, "wb") as f:
        f.write(head)
        block = unit * (1 << 20 // len(unit) + 1)
        left = size
        while left > 0:
            f.write(block[:left])
            left -= len(block[:left])
        f.write(tail)

size = mb << 20
# one line of words without a sentence end, and one with a sentence end every 40 words
write_repeated(tmp + "/line.nl", b"", b"de kat zit op de mat en ", size, b"\n")
write_repeated(tmp + "/line.en", b"", b"the cat sits on the mat and ", size, b"\n")
word = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(1 << 20))
open(tmp + "/word.nl", "w").write("De kat zit op de mat. Het woord %s is lang.\nDe hond niet.\n" % word)
open(tmp + "/word.en", "w").write("The cat sits on the mat. The word %s is long.\nThe dog does not.\n" % word)
with open(tmp + "/nul.bin", "wb") as f:
    f.write(bytes(10 << 20))
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl" '
        'datatype="plaintext"/><body>\n')
def tmx(path, nl, en):
    with open(path, "w") as f:
        f.write(HEAD)
        f.write('<tu><tuv xml:lang="nl"><seg>%s</seg></tuv><tuv xml:lang="en"><seg>%s</seg></tuv></tu>\n' % (nl, en))
        f.write('<tu><tuv xml:lang="nl"><seg>De kat.</seg></tuv><tuv xml:lang="en"><seg>The cat.</seg></tuv></tu>\n')
        f.write("</body></tmx>\n")
tmx(tmp + "/word.tmx", "Het woord %s is lang." % word, "The word %s is long." % word)
# a single-line TMX: one segment of the whole size
with open(tmp + "/line.tmx", "wb") as f:
    f.write(HEAD.replace("\n", "").encode() + b'<tu><tuv xml:lang="nl"><seg>')
    unit = b"de kat zit op de mat en "
    block = unit * ((1 << 20) // len(unit))
    for _ in range(mb):
        f.write(block)
    f.write(b'</seg></tuv><tuv xml:lang="en"><seg>the cat</seg></tuv></tu></body></tmx>')
# inline codes nested a million deep, and 50 deep (within the reader's limit of 64)
deep = 1000000
tmx(tmp + "/deep-inline.tmx", "<hi>" * deep + "kat" + "</hi>" * deep, "cat")
tmx(tmp + "/nested-inline.tmx", '<bpt i="1">b</bpt>' + "<hi>" * 50 + "de kat" + "</hi>" * 50 + '<ept i="1">/b</ept>',
    "<hi>" * 50 + "the cat" + "</hi>" * 50)
TBX = ('<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
       'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc>'
       '</fileDesc></tbxHeader><text><body><conceptEntry id="c1"><langSec xml:lang="nl"><termSec><term>kat</term>'
       '</termSec></langSec>%s</conceptEntry></body></text></tbx>\n')
open(tmp + "/deep.tbx", "w").write(TBX % ("<note>" * deep + "x" + "</note>" * deep))
open(tmp + "/deep-martif.tbx", "w").write(
    '<?xml version="1.0"?>\n<martif type="TBX" xml:lang="en"><text><body>' + "<termEntry>" * deep
    + "</termEntry>" * deep + "</body></text></martif>\n")
# a 100 MB line and a 1 MB word as glossary rows
with open(tmp + "/line.csv", "wb") as f:
    f.write(b"concept,lang,term\nc1,nl,")
    block = b"kat " * (1 << 18)
    for _ in range(mb):
        f.write(block)
    f.write(b"\n")
with open(tmp + "/line.txt", "wb") as f:
    block = b"kat " * (1 << 18)
    for _ in range(mb):
        f.write(block)
    f.write(b"\tcat\n")
open(tmp + "/word.csv", "w").write("concept,lang,term\nc1,nl,%s\nc1,en,cat\n" % word)
open(tmp + "/word.txt", "w").write("%s\tcat\n" % word)
PY
tb="$TMP/tb.tbx"
cp "$TOLK_SRCDIR/dict/termbase.tbx" "$tb"

# ---- segment, spell, align -------------------------------------------------------------------
for f in line word; do
	bounded "segment $f" "$TOLK" segment "$TMP/$f.nl"
	bounded "segment --lang en $f" "$TOLK" segment --lang en "$TMP/$f.en"
	bounded "spell $f" "$TOLK" spell --no-termbase "$TMP/$f.nl"
	bounded "spell en_GB $f" "$TOLK" spell --lang en_GB --no-termbase "$TMP/$f.en"
	bounded "align $f" "$TOLK" align "$TMP/$f.nl" "$TMP/$f.en" -o "$TMP/$f.aligned.tmx"
done
# expect_bounded WANT NAME CMD...: bounded, and the status is WANT
expect_bounded() {
	local want=$1; shift
	bounded "$@"
	if [ "$bstatus" -eq "$want" ]; then pass; else fail "$1: status $bstatus, wanted $want"; sed 's/^/  stderr: /' "$TMP/err" | head -3 >&2; fi
}

# ---- a file of NUL bytes: refused by every reader ----------------------------------------------
db="$TMP/m.db"
expect_bounded 2 "segment nul" "$TOLK" segment "$TMP/nul.bin"
expect_bounded 2 "spell nul" "$TOLK" spell --no-termbase "$TMP/nul.bin"
expect_bounded 2 "align nul" "$TOLK" align "$TMP/nul.bin" "$TMP/nul.bin" -o "$TMP/nul.aligned.tmx"
expect_bounded 2 "tm import nul" "$TOLK" tm import --db "$db" "$TMP/nul.bin"
for fmt in auto tbx tbx2 csv omegat; do
	expect_bounded 2 "term import -f $fmt nul" "$TOLK" term --termbase "$tb" import -f "$fmt" "$TMP/nul.bin"
done
expect_bounded 2 "term check nul" "$TOLK" term --termbase "$tb" check "$TMP/nul.bin"
expect_bounded 2 "spell --termbase nul" "$TOLK" spell --termbase "$TMP/nul.bin" "$TMP/word.nl"
bounded "tm lookup nul" "$TOLK" tm lookup --db "$db" - <"$TMP/nul.bin"

# ---- a TBX nested a million deep (the reader keeps no stack of it: read, or refused) ------------------
for f in deep.tbx deep-martif.tbx; do
	bounded "term import $f" "$TOLK" term --termbase "$tb" import "$TMP/$f"
	if [ "$bstatus" -ne 2 ] || cmp -s "$tb" "$TOLK_SRCDIR/dict/termbase.tbx"; then pass; else fail "a refused import changed the term base"; fi
	cp "$TOLK_SRCDIR/dict/termbase.tbx" "$tb"
	bounded "term lookup --termbase $f" "$TOLK" term --termbase "$TMP/$f" lookup kat
	bounded "spell --termbase $f" "$TOLK" spell --termbase "$TMP/$f" "$TMP/word.nl"
done

# ---- inline codes nested a million deep (refused) and 50 deep (kept, and exported again) ------------
expect_bounded 2 "tm import deep inline" "$TOLK" tm import --db "$db" "$TMP/deep-inline.tmx"
expect_bounded 2 "term check deep inline" "$TOLK" term --termbase "$tb" check "$TMP/deep-inline.tmx"
expect_bounded 0 "tm import nested inline" "$TOLK" tm import --db "$db" "$TMP/nested-inline.tmx"
expect_bounded 0 "tm export nested inline" "$TOLK" tm export --db "$db" -o "$TMP/nested-export.tmx"
if [ "$(grep -o '<hi>' "$TMP/nested-export.tmx" | wc -l)" -eq 100 ]; then pass; else fail "the 50-deep codes did not survive import and export"; fi
expect_bounded 0 "tm import of the export" "$TOLK" tm import --db "$TMP/m2.db" "$TMP/nested-export.tmx"
bounded "term check nested inline" "$TOLK" term --termbase "$tb" check "$TMP/nested-inline.tmx"

# ---- a 1 MB word and a long single line in the memory and the glossaries --------------------------
for f in word line; do
	bounded "tm import $f" "$TOLK" tm import --db "$db" "$TMP/$f.tmx"
	bounded "tm lookup $f" "$TOLK" tm lookup --db "$db" - <"$TMP/$f.nl"
	bounded "term import $f csv" "$TOLK" term --termbase "$tb" import "$TMP/$f.csv"
	cp "$TOLK_SRCDIR/dict/termbase.tbx" "$tb"
	bounded "term import $f omegat" "$TOLK" term --termbase "$tb" import -f omegat "$TMP/$f.txt"
	cp "$TOLK_SRCDIR/dict/termbase.tbx" "$tb"
done
bounded "term check word" "$TOLK" term --termbase "$tb" check "$TMP/word.tmx"
expect_status 0 "$TOLK" tm stats --db "$db" --check

# ---- TMX import in constant memory: peak RSS of a small and a ten times larger file -------------
small_mb=${LIMITS_TMX_MB:-10}
peak() { # peak MB: import a generated MB-megabyte TMX into a fresh store, print peak RSS in kB
	rm -f "$TMP/const.db"*
	/usr/bin/time -f '%M' -o "$TMP/time" "$TOLK" tm import --db "$TMP/const.db" <("$GEN" "$1e6") >"$TMP/out" 2>"$TMP/err" ||
		fail "import of a generated $1 MB TMX: $(head -3 "$TMP/err")"
	cat "$TMP/time"
}
kb_small=$(peak "$small_mb")
kb_large=$(peak "$((small_mb * 10))")
echo "tm import peak RSS: ${kb_small} kB for $small_mb MB, ${kb_large} kB for $((small_mb * 10)) MB"
# The store is the same size (the units repeat): the reader's memory must not grow with the file.
# (Not under the sanitizers: their allocator keeps freed memory in quarantine, up to 256 MB.)
if [ "$vlimit" = 0 ]; then
	echo "sanitizer build: peak RSS not compared"
elif [ "$kb_large" -le $((kb_small + kb_small / 5 + 8192)) ]; then
	pass
else
	fail "peak RSS grows with the TMX: $kb_small kB -> $kb_large kB"
fi
finish
