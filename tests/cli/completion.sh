# The bash completion made from the option tables: sourced with bash-completion,
# driven as bash drives it (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT and the
# function `complete -p tolk` names), checked against what tolk itself says.
source "$(dirname "$0")/lib.bash"
BASH_COMPLETION=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
[ -r "$BASH_COMPLETION" ] || { echo "skip: $BASH_COMPLETION absent (apt-get install bash-completion)"; exit 77; }
SCRIPT="$TOLK_BUILDDIR/docs/tolk.bash"
[ -r "$SCRIPT" ] || { fail "$SCRIPT missing: the build makes it (cmake/Docs.cmake)"; finish; }

set +u # bash-completion reads variables it has not set
source "$BASH_COMPLETION"
source "$SCRIPT"
set -u
spec=$(complete -p tolk 2>/dev/null)
fn=$(sed -nE 's/.* -F ([^ ]+) .*/\1/p' <<<"$spec")
[ -n "$fn" ] && pass || { fail "complete -p tolk: '$spec'"; finish; }

# complete LINE: what TAB offers at the end of LINE, sorted, one a line, in $TMP/got
complete_line() {
	COMP_LINE=$1
	COMP_POINT=${#1}
	read -ra COMP_WORDS <<<"$1"
	[[ $1 == *' ' ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	set +u
	"$fn" tolk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	set -u
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort >"$TMP/got"
}
expect_words() { # expect_words LINE WORD...: TAB after LINE offers exactly these words
	local line=$1; shift
	complete_line "$line"
	printf '%s\n' "$@" | sed '/^$/d' | sort >"$TMP/want"
	if cmp -s "$TMP/want" "$TMP/got"; then pass; else
		fail "'$line<TAB>' offers [$(tr '\n' ' ' <"$TMP/got")], wanted [$*]"
	fi
}

# commands and subcommands as tolk --help and tolk term --help list them
commands=$("$TOLK" --help | awk '/^Commands:/{on=1;next} on && /^   [a-z]/{print $1} /^$/{on=0}')
expect_words "tolk " help $commands
expect_words "tolk te" $(printf '%s\n' $commands | grep '^te')
expect_words "tolk term " $("$TOLK" term --help | sed -nE 's/^   ([a-z][a-z-]*) .*/\1/p')
expect_words "tolk tm " $("$TOLK" tm --help | sed -nE 's/^   ([a-z][a-z-]*) .*/\1/p')
expect_words "tolk help " help $commands
expect_words "tolk -" --help -h --version -V

# options, and the values of --format: those the align documentation names
expect_words "tolk align --fo" --format
expect_words "tolk align --format " tmx beads tsv
expect_words "tolk align -f t" tmx tsv
expect_words "tolk align --format=b" beads
expect_words "tolk spell --format " text jsonl
expect_words "tolk term add --status d" deprecated
expect_words "tolk term lookup --te" --termbase --termbase-read # term's own option, also after the subcommand
complete_line "tolk segment --"
for o in $("$TOLK" segment --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	grep -qx -- "$o" "$TMP/got" && pass || fail "tolk segment --<TAB> lacks $o"
done

# every --format value offered is one tolk takes
printf 'Een zin.\n' >"$TMP/a.nl"
printf 'A sentence.\n' >"$TMP/a.en"
complete_line "tolk align --format "
for v in $(cat "$TMP/got"); do
	expect_status 0 "$TOLK" align --presegmented --format "$v" -o "$TMP/out.$v" "$TMP/a.nl" "$TMP/a.en"
done
complete_line "tolk segment --format "
for v in $(cat "$TMP/got"); do expect_status 0 "$TOLK" segment --format "$v" "$TMP/a.nl"; done

# file names where a file goes, folders where a folder goes, nothing for free text
mkdir -p "$TMP/files/sub"
cd "$TMP/files"
touch brief.nl.txt brief.en.txt memory.tmx notes.txt
expect_words "tolk align brief.n" brief.nl.txt
expect_words "tolk align brief.nl.txt brief." brief.en.txt brief.nl.txt
expect_words "tolk align --output m" memory.tmx
expect_words "tolk tm import " memory.tmx sub # a FILE.tmx argument: .tmx files and folders
expect_words "tolk spell --dict-dir " sub
expect_words "tolk spell brief.nl.txt n" notes.txt # FILE... takes any number
expect_words "tolk term lookup " # a term is free text
expect_words "tolk align brief.nl.txt brief.en.txt " # two files and no more
finish
