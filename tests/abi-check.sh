#!/usr/bin/env bash
# The ABI check: the dynamic symbols libtolk.so defines must be exactly the committed
# list, so that a change to the public API is always deliberate.
#   tests/abi-check.sh LIBTOLK.so LIST            fails and prints the diff on a difference
#   tests/abi-check.sh --update LIBTOLK.so LIST   rewrites LIST (after a deliberate change)
set -euo pipefail
update=0
if [[ ${1:-} == --update ]]; then update=1; shift; fi
lib=$1 list=$2
if ! command -v nm >/dev/null; then
	echo "SKIP: nm (binutils) not installed" >&2
	exit 77
fi
# Linker-defined markers and what the sanitizers add to an instrumented build are not API.
symbols() {
	nm -D --defined-only --format=posix "$lib" | awk '{print $1}' |
		grep -Ev '^(_init|_fini|_edata|_end|__bss_start|__odr_asan\..*|__asan_.*|__ubsan_.*|__sancov_.*)$' |
		LC_ALL=C sort -u
}
if ((update)); then
	symbols >"$list"
	echo "wrote $(wc -l <"$list") symbols to $list"
	exit 0
fi
if ! diff -u "$list" <(symbols) >/tmp/abi-check.$$ 2>&1; then
	echo "libtolk.so exports a different set of symbols than $list:" >&2
	cat /tmp/abi-check.$$ >&2
	rm -f /tmp/abi-check.$$
	echo "If the change is deliberate: cmake --build BUILD --target abi-update, and commit the list." >&2
	exit 1
fi
rm -f /tmp/abi-check.$$
echo "libtolk.so exports the $(wc -l <"$list") symbols of $list"
