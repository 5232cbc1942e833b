# The manual pages: one per command, made from the option tables. What
# `tolk CMD --help` shows (options with their values, subcommands, usage lines)
# must be what the page says, and the other way round; the pages render without
# a groff warning and install where man finds them.
source "$(dirname "$0")/lib.bash"
for tool in groff man cmake; do
	command -v "$tool" >/dev/null || { echo "skip: $tool absent (apt-get install groff-base man-db cmake)"; exit 77; }
done
MAN="$TOLK_BUILDDIR/docs/man1"
[ -d "$MAN" ] || { fail "$MAN missing: the build makes the pages (cmake/Docs.cmake)"; finish; }

# roff as plain text: fonts dropped, escapes undone
unroff() { sed -e 's/\\f[BIR]//g' -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\e/\\/g' -e 's/^\\&//'; }

# The left column of the Options list of `tolk ARGS --help` ("-f, --format text|jsonl"), one a line.
help_options() {
	"$TOLK" "$@" --help | awk -v pad="$(printf '%31s' '')" '
		/^Options:/ { on = 1; next }
		on && /^$/ { on = 0 }
		on { lines[++n] = $0 }
		END {
			for (i = 1; i <= n; i++) {
				if (substr(lines[i], 1, 31) == pad) continue
				if (i < n && substr(lines[i + 1], 1, 31) == pad) left = substr(lines[i], 3)
				else left = substr(lines[i], 3, 28)
				sub(/ +$/, "", left); sub(/^ +/, "", left)
				print left
			}
		}' | sort
}
# The same from a page: the .TP items of OPTIONS, or of the subsection .SS SUB.
page_options() { # page_options PAGE [SUB]
	unroff <"$1" | awk -v sub_="${2:-}" '
		/^\.SH / { on = (sub_ == "" && $0 == ".SH OPTIONS"); next }
		/^\.SS / { on = (sub_ != "" && $2 == sub_); next }
		on && /^\.TP/ { getline; print }' | grep -- '^-' | sort
}
# Subcommands listed by `tolk CMD --help`.
help_subcommands() { "$TOLK" "$1" --help | sed -nE 's/^   ([a-z][a-z-]*) .*/\1/p'; }

commands=$("$TOLK" --help | awk '/^Commands:/{on=1;next} on && /^   [a-z]/{print $1} /^$/{on=0}')
[ -n "$commands" ] || fail "no commands in tolk --help"
for page in tolk tolk-help $(printf 'tolk-%s\n' $commands); do
	f="$MAN/$page.1"
	if [ ! -f "$f" ]; then fail "no page $page.1"; continue; fi
	pass
	groff -man -ww -z "$f" >"$TMP/groff" 2>&1
	if [ -s "$TMP/groff" ]; then fail "groff warns on $page.1: $(head -3 "$TMP/groff")"; else pass; fi
	MANWIDTH=80 man -l "$f" >"$TMP/rendered" 2>"$TMP/err" || fail "man -l $page.1"
	expect_grep '^NAME' "$TMP/rendered" "$page.1 rendered"
	expect_grep '^EXIT STATUS' "$TMP/rendered" "$page.1 rendered"
done

check_same() { # check_same WHAT HELP-FILE PAGE-FILE
	if diff -u "$2" "$3" >"$TMP/diff"; then pass; else fail "$1: --help and page differ"; sed 's/^/  /' "$TMP/diff" | head -20 >&2; fi
}
usage_in_page() { # usage_in_page PAGE ARGS...: the usage line of --help is a line of the SYNOPSIS
	local usage; usage=$("$TOLK" "${@:2}" --help | sed -n '1s/^usage: //p')
	if awk '/^\.SH SYNOPSIS/{on=1;next} /^\.(SH|fi)/{on=0} on' "$1" | unroff | grep -qxF -- "$usage"; then pass
	else fail "$(basename "$1"): SYNOPSIS lacks '$usage'"; fi
}

for cmd in $commands; do
	f="$MAN/tolk-$cmd.1"
	[ -f "$f" ] || continue
	subs=$(help_subcommands "$cmd")
	if "$TOLK" "$cmd" --help | grep -q '^Options:'; then
		help_options "$cmd" >"$TMP/h"
		page_options "$f" >"$TMP/p"
		[ -s "$TMP/h" ] || fail "tolk $cmd --help: no options read"
		check_same "tolk $cmd" "$TMP/h" "$TMP/p"
	fi
	[ -n "$subs" ] || usage_in_page "$f" "$cmd"
	# every subcommand of --help has its section with the same options, and no other section is there
	sed -n 's/^\.SS //p' "$f" | unroff | sort >"$TMP/ps"
	printf '%s\n' $subs | sed '/^$/d' | sort >"$TMP/hs"
	check_same "subcommands of tolk $cmd" "$TMP/hs" "$TMP/ps"
	for sub in $subs; do
		help_options "$cmd" "$sub" >"$TMP/h"
		page_options "$f" "$sub" >"$TMP/p"
		check_same "tolk $cmd $sub" "$TMP/h" "$TMP/p"
		usage_in_page "$f" "$cmd" "$sub"
	done
done
# a page that drifted is caught: an option that --help does not show
sed 's/^\\fB\\-\\-summary\\fR$/\\fB\\-\\-sumary\\fR/' "$MAN/tolk-align.1" >"$TMP/drift.1"
help_options align >"$TMP/h"; page_options "$TMP/drift.1" >"$TMP/p"
if diff -q "$TMP/h" "$TMP/p" >/dev/null; then fail "the comparison does not see a changed option"; else pass; fi

# what the README says: exit statuses, files with the lookup order, every variable tolk reads
unroff <"$MAN/tolk.1" >"$TMP/tolk.txt"
for s in 0 1 2; do
	awk '/^\.SH EXIT STATUS/{on=1;next} /^\.SH/{on=0} on' "$MAN/tolk.1" | grep -qx "\\\\fB$s\\\\fR" && pass || fail "tolk.1: exit status $s"
done
for f in dict/termbase.tbx dict/words-nl.txt tm/memory.db '$TOLK_DATADIR/dict, then ./dict, then the installed' share/tolk/dict; do
	expect_grep "$(printf '%s' "$f" | sed 's/[.$]/\\&/g')" "$TMP/tolk.txt" "tolk.1 ($f)"
done
awk '/^\.SH ENVIRONMENT/{on=1;next} /^\.SH/{on=0} on' "$MAN/tolk.1" | unroff >"$TMP/env"
for v in $(grep -rhoE 'getenv\("[A-Z_]+"\)' "$TOLK_SRCDIR/src" | sed -E 's/getenv\("(.*)"\)/\1/' | sort -u); do
	[ "$v" = HOME ] && continue # named as ~ in TOLK_CACHE_DIR
	expect_grep "\\b$v\\b" "$TMP/env" "ENVIRONMENT of tolk.1 ($v, read by src/)"
done

# installed under a prefix, `man tolk-align` finds the page
prefix="$TMP/prefix"
if cmake --install "$TOLK_BUILDDIR" --prefix "$prefix" >"$TMP/install" 2>&1; then pass; else fail "cmake --install"; tail -3 "$TMP/install" >&2; fi
for page in tolk tolk-align tolk-term tolk-tm; do
	got=$(MANPATH="$prefix/share/man" man -w "$page" 2>/dev/null)
	if [ "$got" = "$prefix/share/man/man1/$page.1" ]; then pass; else fail "man -w $page gave '$got'"; fi
done
MANPATH="$prefix/share/man" MANWIDTH=80 man tolk-align 2>/dev/null >"$TMP/out"
expect_grep 'tolk-align +- align a text with its translation' "$TMP/out" "man tolk-align"
expect_grep '^ +-f, --format tmx\|beads\|tsv' "$TMP/out" "man tolk-align"
[ -f "$prefix/share/bash-completion/completions/tolk" ] && pass || fail "completion not installed"
finish
