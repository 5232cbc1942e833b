#!/bin/bash
# The mistakes of a first day and the rough edges of the README's examples: files in the wrong order or
# language, empty input, a URL for --db, running elsewhere, English given to the Dutch checker, one
# numbering in align --summary, one language-tag policy, did-you-mean, and stdin on a terminal.
. "$(dirname "$0")/lib.bash"
export TOLK_TERMBASE="$TOLK_SRCDIR/dict/termbase.tbx"
NL="$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl.txt"
EN="$TOLK_SRCDIR/tm/kamerstuk-28676-348.en.txt"

# ---- align: English first, or a language the options do not say ---------------------------------
expect_status 0 "$TOLK" align -o "$TMP/swapped.tmx" "$EN" "$NL"
expect_grep "warning: .*\.en\.txt looks English and .*\.nl\.txt looks Dutch: the two files seem to be in the wrong order; give the Dutch file first: tolk align .*\.nl\.txt .*\.en\.txt" "$TMP/err" "wrong order"
expect_status 0 "$TOLK" align -o "$TMP/right.tmx" "$NL" "$EN"
expect_no_grep 'warning' "$TMP/err" "no warning for the right order"
expect_status 0 "$TOLK" align --format beads "$NL" "$NL"
expect_grep "\.nl\.txt looks Dutch, but --tgt-lang says English \(en\); give the file in that language, or --tgt-lang nl" "$TMP/err" "wrong target language"
expect_status 0 "$TOLK" align --format beads --src-lang en --tgt-lang en "$NL" "$EN"
expect_grep "looks Dutch, but --src-lang says English" "$TMP/err" "wrong source language"
# another language than Dutch or English is not second-guessed
printf 'Die Regierung hat beschlossen, dass die Steuern steigen werden. Der Minister sprach.\n' >"$TMP/de.txt"
expect_status 0 "$TOLK" align --format beads "$TMP/de.txt" "$EN"
expect_no_grep 'looks' "$TMP/err" "German: no guess"

# ---- empty input: a warning with the file's name, not a silent empty TMX ---------------------------
: >"$TMP/empty.txt"
printf ' \n\n\t\n' >"$TMP/blank.txt"
expect_status 0 "$TOLK" align -o "$TMP/empty.tmx" "$TMP/empty.txt" "$EN"
expect_grep "^tolk: warning: .*empty\.txt is empty: no unit can be made from it" "$TMP/err" "empty source"
expect_no_grep '<tu[ >]' "$TMP/empty.tmx" "no units from an empty file"
expect_status 0 "$TOLK" align --presegmented -f beads "$NL" "$TMP/blank.txt"
expect_grep "warning: .*blank\.txt is empty" "$TMP/err" "blank target"
expect_status 0 "$TOLK" align -o "$TMP/right2.tmx" "$NL" "$EN"
expect_no_grep 'is empty' "$TMP/err" "no warning for real text"

# ---- --db with a URL: PostgreSQL or nothing, and nothing is created ---------------------------------
mkdir "$TMP/run" && cd "$TMP/run" || exit 1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for sub in "tm import" "tm lookup" "tm stats" "analyze"; do
	arg=$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx
	[ "$sub" = "tm lookup" ] && arg="de brief"
	[ "$sub" = "tm stats" ] && arg=
	[ "$sub" = "analyze" ] && arg=$NL
	expect_status 2 "$TOLK" $sub --db mysql://tolk@localhost/tm ${arg:+"$arg"}
	expect_grep "^tolk: mysql://\.\.\.: not a store this tolk knows; give a file's path or a postgresql:// URI$" "$TMP/err" "$sub URL"
	expect_status 2 "$TOLK" $sub --db "postgresql://tolk:pw@127.0.0.1:$port/tm" ${arg:+"$arg"}
	expect_grep "^tolk: postgresql://tolk@127\.0\.0\.1:$port/tm: cannot connect: .*refused" "$TMP/err" "$sub no server"
done
[ -z "$(ls -A "$TMP/run")" ] && pass || fail "a URL made files: $(ls -A "$TMP/run")"

# ---- run from another folder: how to point at the memory; import says where it made one ----------------
expect_status 2 "$TOLK" tm lookup "de brief"
expect_grep "no translation memory at tm/memory\.db in this folder; give its path with --db PATH" "$TMP/err" "tm lookup elsewhere"
expect_status 2 "$TOLK" tm concordance navo
expect_grep "\-\-db PATH" "$TMP/err"
expect_status 2 "$TOLK" analyze "$NL"
expect_grep "\-\-db PATH" "$TMP/err" "analyze elsewhere"
expect_status 0 "$TOLK" tm import "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
expect_grep "^created a new translation memory: $TMP/run/tm/memory\.db$" "$TMP/err" "import says where"
expect_status 0 "$TOLK" tm import "$TOLK_SRCDIR/tm/kamerstuk-28676-348.nl-en.tmx"
expect_no_grep "created" "$TMP/err" "second import creates nothing"
cd "$TMP" || exit 1

# ---- analyze --pretranslate writes the language tags align writes ----------------------------------
expect_status 0 "$TOLK" analyze --db "$TMP/run/tm/memory.db" --pretranslate "$TMP/pre.tmx" "$NL"
for f in "$TMP/right.tmx" "$TMP/pre.tmx"; do
	grep -o 'srclang="[^"]*"' "$f" >"$TMP/tags.$(basename "$f")"
	grep -o 'xml:lang="[^"]*"' "$f" | sort -u >>"$TMP/tags.$(basename "$f")"
done
if cmp -s "$TMP/tags.right.tmx" "$TMP/tags.pre.tmx"; then pass; else fail "pretranslate tags differ from align's"; fi
expect_grep '^xml:lang="nl-NL"$' "$TMP/tags.pre.tmx" "nl-NL"
expect_grep '^xml:lang="en-GB"$' "$TMP/tags.pre.tmx" "en-GB"

# ---- align --summary: the TMX's tuids, labelled ----------------------------------------------------
expect_status 0 "$TOLK" align --summary -o "$TMP/sum.tmx" "$NL" "$EN"
expect_grep "^Lowest-scoring pairs \(score, then the unit's tuid in the TMX\):$" "$TMP/out" "labelled"
expect_grep '^  [01]\.[0-9][0-9]  tuid [0-9]+$' "$TMP/out" "tuid lines"
# each tuid named shows the Dutch text of that unit in the TMX
python3 - "$TMP/out" "$TMP/sum.tmx" >"$TMP/py" 2>&1 <<'PY'
import re, sys, xml.etree.ElementTree as ET
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
units = {tu.get("tuid"): tu for tu in ET.parse(sys.argv[2]).getroot().iter("tu")}
checked = 0
for i, line in enumerate(lines):
    m = re.match(r"^  [01]\.\d\d  tuid (\d+)$", line)
    if not m:
        continue
    shown = lines[i + 1].strip().rstrip("…")
    nl = [t for t in units[m.group(1)].iter("tuv") if t.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl-NL"][0]
    assert nl.find("seg").text.startswith(shown), (m.group(1), shown)
    checked += 1
assert checked >= 1
print("ok", checked)
PY
expect_grep '^ok [1-9]' "$TMP/py" "summary tuids match the TMX"

# ---- spell: English text without --lang en_GB; --explain keeps a joined word on one line -------------
expect_status 1 "$TOLK" spell --no-suggestions "$EN"
expect_grep "warning: .*\.en\.txt looks like English text; check it with --lang en_GB" "$TMP/err" "looks English"
expect_status 0 env TOLK_DATADIR="$TOLK_SRCDIR" "$TOLK" spell --no-suggestions "$NL"
expect_no_grep "looks like" "$TMP/err" "no warning on Dutch"
printf 'Wij hebben vooruitge-\nkeken naar de secretaris-\r\ngeneraal.\n' >"$TMP/joined.txt"
expect_status 0 "$TOLK" spell --explain "$TMP/joined.txt"
expect_grep "joined\.txt:1:12: vooruitge-/keken: " "$TMP/out" "joined word on one line"
expect_grep "joined\.txt:2:15: secretaris-/generaal: " "$TMP/out" "joined across CRLF"
expect_no_grep '^(keken|generaal)' "$TMP/out" "no line starting inside a word"

# ---- misspelled commands --------------------------------------------------------------------------------
expect_status 2 "$TOLK" segmnt "$NL"
expect_grep "^tolk: 'segmnt' is not a tolk command; did you mean 'segment'\?" "$TMP/err"
expect_status 2 "$TOLK" alig
expect_grep "did you mean 'align'" "$TMP/err"
expect_status 2 "$TOLK" tm lokup x
expect_grep "did you mean 'lookup'" "$TMP/err"
expect_status 2 "$TOLK" xyzzy
expect_no_grep "did you mean" "$TMP/err"

# ---- segment with no file and a terminal on stdin says it is reading ------------------------------------
python3 - "$TOLK" >"$TMP/tty" 2>&1 <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], ["tolk", "segment", "--no-lexicon"])
out = b""
def drain(seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            out += data
drain(1.5)
os.write(fd, b"Een zin. Nog een.\n")
drain(0.5)
os.write(fd, b"\x04")
drain(8)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
PY
expect_grep "reading the text from standard input \(end it with Ctrl-D\)" "$TMP/tty" "terminal notice"
expect_grep "^Nog een\." "$TMP/tty" "one Ctrl-D ends the input"
echo "Een zin." | "$TOLK" segment >"$TMP/out" 2>"$TMP/err"
expect_no_grep "reading" "$TMP/err" "no notice for a pipe"
finish
