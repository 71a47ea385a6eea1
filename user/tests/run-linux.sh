#!/bin/bash
# Runs Mica's user tests on Linux, the oracle: run-linux.sh VARIANT_DIR...
#
# Each VARIANT_DIR holds compiled test programs named after the cases in
# cases.txt (beside this script). riscv64 programs run under
# qemu-riscv64-static, which forwards their system calls to the host
# kernel; programs built for the host itself run directly. Builds nothing.
#
# Prints one line per test, "linux/<variant>/<name>: PASS" or
# "linux/<variant>/<name>: FAIL <why>", then "N passed, N failed".
# Exit status 0 when nothing failed.
#
# Environment:
#   MUSL_SYSROOT  dir with lib/ld-musl-riscv64.so.1, for dynamic musl
#                 variants (skipped with a message when unset)
#   GLIBC_SYSROOT dir with glibc's riscv64 loader (default
#                 /usr/riscv64-linux-gnu)
#   TESTS         names to run instead of the whole list
#   TIMEOUT       seconds per test (default 20)
#
# Tests that execve riscv64 programs need the host kernel to start them
# through qemu (binfmt_misc). Run as root, the runner re-runs itself in
# user, mount and pid namespaces of its own with a private binfmt_misc
# instance (Linux >= 6.7), so the host's setup is not touched and no
# process a test leaves behind survives the run. Otherwise it relies on
# the host's binfmt_misc entry for riscv64, if any.
# Each test runs in a session of its own, in a fresh working directory.
# Cases tagged "qemu-user-skip" in cases.txt use calls that this
# qemu-user lacks; they are skipped for riscv64 variants and run for
# host-built ones.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
CASES="$HERE/cases.txt"
QEMU=${QEMU:-qemu-riscv64-static}
TIMEOUT=${TIMEOUT:-20}
GLIBC_SYSROOT=${GLIBC_SYSROOT:-/usr/riscv64-linux-gnu}
BINFMT=/proc/sys/fs/binfmt_misc
# ELF64 little-endian, EM_RISCV (0xf3); magic and mask as Debian's qemu-user-static.
RV_MAGIC='\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00'
RV_MASK='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'

if [ $# -eq 0 ]; then
	echo "usage: $0 VARIANT_DIR..." >&2
	exit 2
fi
for d in "$@"; do
	if [ ! -d "$d" ]; then
		echo "run-linux.sh: $d: not a directory" >&2
		exit 2
	fi
done

# True when the host kernel already starts riscv64 ELF files through qemu.
host_runs_riscv64() {
	grep -qs 'magic 7f454c460201010000000000000000000200f300' "$BINFMT"/* 2>/dev/null
}

# Writes the binfmt_misc handler for riscv64 programs into dir $1: it runs
# qemu with the sysroot named in $1/sysroot (rewritten for each variant).
# It is a perl script because perl, unlike sh, passes the environment on
# as it is (dash would add PWD, which execve tests would see).
write_wrapper() {
	cat > "$1/qemu-wrap" <<-EOF
	#!$(command -v perl)
	# binfmt_misc flag P: ARGV[0] is the program, ARGV[1] its original argv[0].
	open(my \$fh, '<', '$1/sysroot') or die "sysroot: \$!";
	chomp(my \$sysroot = <\$fh>);
	close(\$fh);
	my \$file = shift;
	my \$argv0 = shift;
	exec { '$(command -v "$QEMU")' } '$QEMU', '-L', \$sysroot, '-0', \$argv0, \$file, @ARGV
		or die "exec $QEMU: \$!";
	EOF
	chmod 755 "$1" "$1/qemu-wrap" # tests that drop root exec through it too
	echo "$GLIBC_SYSROOT" > "$1/sysroot"
}

# Re-runs this script in new user, mount and pid namespaces: the user
# namespace maps ids one to one onto the caller's (so setuid() to other
# users works as on the host); the mount namespace gets its own /proc and
# binfmt_misc instance, mounted by the shell that unshare starts, which
# is certain to be inside; the pid namespace ends every process a test
# leaves behind. Returns only if the namespaces cannot be made.
enter_sandbox() {
	local sync wrap pid rc reg
	command -v perl > /dev/null || return 1
	wrap=$(mktemp -d /tmp/utest-wrap.XXXXXX) || return 1
	write_wrapper "$wrap"
	sync=$wrap/sync
	mkfifo "$sync" || return 1
	reg=":utest-riscv64:M::$RV_MAGIC:$RV_MASK:$wrap/qemu-wrap:P"
	# shellcheck disable=SC2016 # the inner script expands its own arguments
	UTEST_WRAPDIR=$wrap unshare --user --mount --pid --fork --kill-child \
		--propagation private -- /bin/sh -c '
		read _ < "$0"
		mount -t proc proc /proc 2>/dev/null
		if mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null; then
			printf "%s\n" "$1" > /proc/sys/fs/binfmt_misc/register 2>/dev/null
		fi
		shift
		exec "$@"' "$sync" "$reg" /bin/bash "$SELF" "$@" &
	pid=$!
	for _ in $(seq 500); do
		[ "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break
		sleep 0.01
	done
	if ! echo "0 0 4294967295" > /proc/$pid/uid_map ||
	   ! echo "0 0 4294967295" > /proc/$pid/gid_map; then
		kill $pid 2>/dev/null # --kill-child takes the waiting shell along
		wait $pid 2>/dev/null
		rm -rf "$wrap"
		return 1
	fi
	echo go > "$sync"
	wait $pid
	rc=$?
	rm -rf "$wrap"
	exit $rc
}

if [ -n "${UTEST_WRAPDIR:-}" ] && [ -x "$UTEST_WRAPDIR/qemu-wrap" ]; then
	WRAPDIR=$UTEST_WRAPDIR # in the sandbox
	if [ ! -e "$BINFMT/utest-riscv64" ] && ! host_runs_riscv64; then
		echo "run-linux.sh: no binfmt_misc for riscv64: tests that execve will fail" >&2
	fi
else
	WRAPDIR=
	if [ "$(id -u)" = 0 ] && command -v unshare > /dev/null; then
		enter_sandbox "$@"
	fi
	if host_runs_riscv64; then
		echo "run-linux.sh: no sandbox; using the host's binfmt_misc for riscv64" >&2
	else
		echo "run-linux.sh: no binfmt_misc for riscv64: tests that execve will fail" >&2
	fi
fi

SCRATCH=$(mktemp -d /tmp/utest-run.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

# The case list: "name [# comment]" lines; prints "name skipflag".
list_cases() {
	if [ -n "${TESTS:-}" ]; then
		for t in $TESTS; do
			if grep -Eq "^${t}[[:space:]]*#.*qemu-user-skip" "$CASES"; then
				echo "$t 1"
			else
				echo "$t 0"
			fi
		done
		return
	fi
	sed -n 's/^\([A-Za-z0-9_]\+\)[[:space:]]*\(#.*\)\?$/\1 \2/p' "$CASES" |
		while read -r name rest; do
			case "$rest" in
			*qemu-user-skip*) echo "$name 1" ;;
			*) echo "$name 0" ;;
			esac
		done
}

# ELF machine of file $1: "riscv64", "host" or "other".
elf_kind() {
	local m
	m=$(od -An -tx1 -j18 -N2 "$1" 2>/dev/null | tr -d ' \n')
	case "$m" in
	f300) echo riscv64 ;;
	3e00) [ "$(uname -m)" = x86_64 ] && echo host || echo other ;;
	b700) [ "$(uname -m)" = aarch64 ] && echo host || echo other ;;
	*) echo other ;;
	esac
}

passed=0
failed=0
skipped=0

run_variant() {
	local dir variant sysroot first kind name skip bin work out err rc detail
	dir=$(cd "$1" && pwd)
	variant=$(basename "$dir")
	first=
	while read -r name skip; do
		if [ -f "$dir/$name" ]; then
			first=$dir/$name
			break
		fi
	done < <(list_cases)
	sysroot=$GLIBC_SYSROOT
	if [ -n "$first" ] && grep -qa 'ld-musl-riscv64' "$first"; then
		if [ -z "${MUSL_SYSROOT:-}" ]; then
			echo "linux/$variant: SKIP (dynamic musl: set MUSL_SYSROOT to a dir with lib/ld-musl-riscv64.so.1)"
			return
		fi
		sysroot=$MUSL_SYSROOT
	fi
	if [ -n "$WRAPDIR" ]; then
		echo "$sysroot" > "$WRAPDIR/sysroot"
	else
		export QEMU_LD_PREFIX=$sysroot
	fi
	while read -r name skip; do
		bin=$dir/$name
		kind=$(elf_kind "$bin")
		if [ "$skip" = 1 ] && [ "$kind" != host ]; then
			echo "linux/$variant/$name: SKIP (qemu-user lacks this call)"
			skipped=$((skipped + 1))
			continue
		fi
		if [ ! -x "$bin" ]; then
			echo "linux/$variant/$name: FAIL not built"
			failed=$((failed + 1))
			continue
		fi
		work=$SCRATCH/$variant-$name
		mkdir -p "$work"
		out=$work.out
		err=$work.err
		if [ "$kind" = riscv64 ]; then
			(cd "$work" && ulimit -c 0 &&
				exec setsid timeout "$TIMEOUT" "$QEMU" -L "$sysroot" "$bin") \
				> "$out" 2> "$err" < /dev/null
		else
			(cd "$work" && ulimit -c 0 && exec setsid timeout "$TIMEOUT" "$bin") \
				> "$out" 2> "$err" < /dev/null
		fi
		rc=$?
		detail=$(grep -m1 '^utest: FAIL' "$out" | sed 's/^utest: FAIL [^ ]* //')
		if [ $rc -eq 0 ] && [ -z "$detail" ] && grep -qx "utest: PASS $name" "$out"; then
			echo "linux/$variant/$name: PASS"
			passed=$((passed + 1))
		else
			if [ -z "$detail" ]; then
				case $rc in
				0) detail="exit 0 without a PASS line" ;;
				124) detail="timed out after $TIMEOUT s" ;;
				142) detail="killed by SIGALRM: hung past alarm()" ;;
				*) [ $rc -gt 128 ] && detail="killed by signal $((rc - 128))" ||
					detail="exit status $rc" ;;
				esac
			fi
			echo "linux/$variant/$name: FAIL $detail"
			if [ -s "$err" ]; then
				head -n 5 "$err" | sed 's/^/    stderr: /'
			fi
			failed=$((failed + 1))
		fi
		rm -rf "$work" "$out" "$err"
	done < <(list_cases)
}

for d in "$@"; do
	run_variant "$d"
done
[ $skipped -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
