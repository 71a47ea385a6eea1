#!/usr/bin/env bash
# Mica user space: build musl, busybox and lua for one architecture from
# Debian source packages with Debian's cross compiler, cached outside the
# work tree.
#
#   tools/userspace/build.sh ARCH           build what is missing or stale
#   tools/userspace/build.sh ARCH --check   build, then run the smoke tests
#   tools/userspace/build.sh ARCH --print-cache
#                                           print the cache dir for ARCH
#
# Output, under ${MICA_CACHE:-$HOME/.cache/mica}/ARCH/:
#   musl/{include,lib}        libc.a, libc.so, crt files, ld-musl-ARCH.so.1
#   musl/kinclude/            kernel uapi headers (links into the Debian
#                             linux-libc-dev cross package)
#   bin/ARCH-linux-musl-gcc   compiler wrapper: the cross gcc against musl
#   busybox/busybox           static, against musl; busybox.links, .config
#   lua/lua                   static, against musl
# Each step is skipped when its .stamp (Debian version + hash of the step's
# code + the stamps it depends on) matches; a new build of a step runs its
# smoke test under qemu-ARCH-static. See tools/userspace/README.md.
set -euo pipefail

say() { printf 'mica: %s\n' "$*" >&2; }
die() { printf 'mica: error: %s\n' "$*" >&2; exit 1; }

usage() {
	sed -n '6,10p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

[[ $# -ge 1 ]] || usage
ARCH=$1
shift
CHECK=0
PRINT_CACHE=0
for a in "$@"; do
	case $a in
	--check) CHECK=1 ;;
	--print-cache) PRINT_CACHE=1 ;;
	*) usage ;;
	esac
done

# Per-architecture facts. To add an architecture, add a row (and check that
# musl, busybox and lua build for it).
case $ARCH in
riscv64)
	TRIPLE=riscv64-linux-gnu           # Debian's cross toolchain prefix
	DEB_ARCH=riscv64                   # suffix of Debian's *-cross packages
	MUSL_ARCH=riscv64                  # musl's name: ld-musl-$MUSL_ARCH.so.1
	GLIBC_LDSO=ld-linux-riscv64-lp64d.so.1
	QEMU_USER=qemu-riscv64-static
	;;
*) die "unsupported ARCH '$ARCH' (known: riscv64)" ;;
esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MICA_CACHE=${MICA_CACHE:-$HOME/.cache/mica}
OUT=$MICA_CACHE/$ARCH
WORK=$OUT/build
JOBS=${JOBS:-2}
CROSS=$TRIPLE-
SYSROOT=/usr/$TRIPLE                   # Debian's cross glibc lives here
MUSL=$OUT/musl
MUSL_CC=$OUT/bin/$MUSL_ARCH-linux-musl-gcc

if [[ $PRINT_CACHE -eq 1 ]]; then
	echo "$OUT"
	exit 0
fi

# One build at a time per cache (make -j, or two checkouts).
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
flock 9

# --- dependencies ----------------------------------------------------------

"$ROOT/tools/deps.sh" make gcc libc6-dev "gcc-$TRIPLE" "binutils-$TRIPLE" \
	"libc6-dev-$DEB_ARCH-cross" "linux-libc-dev-$DEB_ARCH-cross" \
	qemu-user-static cpio dpkg-dev
mapfile -t SRCDIRS < <("$ROOT/tools/deps.sh" --source musl busybox lua5.4)
[[ ${#SRCDIRS[@]} -eq 3 ]] || die "tools/deps.sh --source returned ${#SRCDIRS[@]} dirs, expected 3"
MUSL_SRC=${SRCDIRS[0]}
BUSYBOX_SRC=${SRCDIRS[1]}
LUA_SRC=${SRCDIRS[2]}

debver() { dpkg-parsechangelog -l "$1/debian/changelog" -S Version; }
# Upstream version: strip the epoch and the Debian revision.
upver() { local v=${1#*:}; echo "${v%-*}"; }

# --- stamps ----------------------------------------------------------------

# key NAME SRCDIR FUNC [DEP-KEY...]: what a step's output depends on.
key() {
	local name=$1 src=$2 fn=$3
	shift 3
	{
		echo "$name $(debver "$src") $ARCH $TRIPLE"
		"${CROSS}gcc" -dumpfullversion
		declare -f "$fn" common_env
		printf '%s\n' "$@"
	} | sha256sum | cut -d' ' -f1
}
fresh() { [[ -f $1/.stamp && $(<"$1/.stamp") == "$2" ]]; }

# Environment shared by the steps (part of every key).
common_env() {
	export LC_ALL=C
	export SOURCE_DATE_EPOCH=0
	export KBUILD_BUILD_TIMESTAMP='1970-01-01 00:00:00 UTC'
	export KBUILD_BUILD_USER=mica KBUILD_BUILD_HOST=mica
	unset CFLAGS CPPFLAGS LDFLAGS MAKEFLAGS MFLAGS
}
common_env

# --- musl ------------------------------------------------------------------

build_musl() {
	local src=$1 out=$2 w=$WORK/musl
	rm -rf "$w" "$out" "$MUSL_CC"
	mkdir -p "$w" "$out" "$(dirname "$MUSL_CC")"
	# Out of tree: the unpacked source stays pristine.
	(cd "$w" && "$src/configure" --target="$TRIPLE" CROSS_COMPILE="$CROSS" \
		CC="${CROSS}gcc" --prefix="$out" --syslibdir="$out/lib" \
		--disable-wrapper >configure.log 2>&1) ||
		{ tail -n 30 "$w/configure.log" >&2; die "musl configure failed"; }
	make -C "$w" -j"$JOBS" >"$w/build.log" 2>&1 ||
		{ tail -n 30 "$w/build.log" >&2; die "musl build failed (log: $w/build.log)"; }
	make -C "$w" install >>"$w/build.log" 2>&1 ||
		{ tail -n 30 "$w/build.log" >&2; die "musl install failed"; }
	# The loader is libc.so itself; make the link relative so that $out is
	# a sysroot for qemu -L (/lib/ld-musl-ARCH.so.1).
	ln -sfn libc.so "$out/lib/ld-musl-$MUSL_ARCH.so.1"
	# Kernel uapi headers from Debian's linux-libc-dev cross package (only
	# those: the rest of $SYSROOT/include is glibc's).
	mkdir -p "$out/kinclude"
	local d
	for d in $(dpkg -L "linux-libc-dev-$DEB_ARCH-cross" |
		sed -n "s|^$SYSROOT/include/\([^/]*\)\$|\1|p"); do
		[[ -d $SYSROOT/include/$d ]] && ln -sfn "$SYSROOT/include/$d" "$out/kinclude/$d"
	done
	# gcc specs from musl's own generator: musl's headers and crt files, and
	# the target's loader path /lib/ld-musl-ARCH.so.1.
	sh "$src/tools/musl-gcc.specs.sh" "$out/include" "$out/lib" \
		"/lib/ld-musl-$MUSL_ARCH.so.1" >"$out/lib/musl-gcc.specs"
	cat >"$MUSL_CC" <<EOF
#!/bin/sh
# Generated by Mica's tools/userspace/build.sh: $TRIPLE-gcc against musl
# in $out.
# Compiles with -nostdinc, musl's headers, gcc's own include dir, then the
# kernel uapi headers; links with -nostdlib, musl's crt files and libc:
# static with -static, otherwise dynamic with /lib/ld-musl-$MUSL_ARCH.so.1.
exec "\${REALGCC:-${CROSS}gcc}" "\$@" -specs "$out/lib/musl-gcc.specs" \\
	-idirafter "$out/kinclude"
EOF
	chmod +x "$MUSL_CC"
}

check_musl() {
	local t=$WORK/check
	rm -rf "$t" && mkdir -p "$t"
	cat >"$t/hello.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	printf("hello\n");
	return EXIT_SUCCESS;
}
EOF
	"$MUSL_CC" -O2 -static -o "$t/hello-musl-static" "$t/hello.c"
	"$MUSL_CC" -O2 -o "$t/hello-musl-dynamic" "$t/hello.c"
	"${CROSS}gcc" -O2 -static -o "$t/hello-glibc-static" "$t/hello.c"
	"${CROSS}gcc" -O2 -o "$t/hello-glibc-dynamic" "$t/hello.c"
	expect_out hello "$QEMU_USER" "$t/hello-musl-static"
	expect_out hello "$QEMU_USER" -L "$MUSL" "$t/hello-musl-dynamic"
	expect_out hello "$QEMU_USER" "$t/hello-glibc-static"
	expect_out hello "$QEMU_USER" -L "$SYSROOT" "$t/hello-glibc-dynamic"
	"${CROSS}readelf" -l "$t/hello-musl-dynamic" | grep -q "interpreter: /lib/ld-musl-$MUSL_ARCH.so.1" ||
		die "musl dynamic hello has the wrong interpreter"
	"${CROSS}readelf" -l "$t/hello-glibc-dynamic" | grep -q "interpreter: /lib/$GLIBC_LDSO" ||
		die "glibc dynamic hello has the wrong interpreter"
	! "${CROSS}readelf" -l "$t/hello-musl-static" | grep -q INTERP ||
		die "musl static hello has an interpreter"
}

# expect_out WANT CMD...: run CMD, its stdout must be WANT, its status 0.
expect_out() {
	local want=$1 got
	shift
	got=$("$@") || die "failed (status $?): $*"
	[[ $got == "$want" ]] || die "unexpected output from: $*"$'\n'"  want: $want"$'\n'"  got:  $got"
	local cmd="$*"
	say "  ok: ${cmd//$OUT\//} -> $got"
}

# --- busybox ---------------------------------------------------------------

build_busybox() {
	local src=$1 out=$2 w=$WORK/busybox
	rm -rf "$w" "$out"
	mkdir -p "$w" "$out"
	local mk=(make -C "$src" O="$w" CROSS_COMPILE="$CROSS" CC="$MUSL_CC"
		HOSTCC=gcc SKIP_STRIP=y)
	"${mk[@]}" defconfig >"$w/build.log" 2>&1 ||
		{ tail -n 30 "$w/build.log" >&2; die "busybox defconfig failed"; }
	# defconfig, made static (against musl). Pinned off, though defconfig
	# already has them off: what cannot work against musl (SELinux, PAM,
	# Sun RPC for inetd and NFS mounts) and build modes we do not want.
	local cfg=$w/.config opt
	setcfg() { sed -i -e "/^# $1 is not set\$/d" -e "/^$1=/d" "$cfg"; echo "$1=$2" >>"$cfg"; }
	unsetcfg() { sed -i -e "/^$1=/d" -e "/^# $1 is not set\$/d" "$cfg"; echo "# $1 is not set" >>"$cfg"; }
	setcfg CONFIG_STATIC y
	setcfg CONFIG_EXTRA_CFLAGS '""'
	for opt in CONFIG_PIE CONFIG_SELINUX CONFIG_PAM CONFIG_FEATURE_INETD_RPC \
		CONFIG_FEATURE_MOUNT_NFS CONFIG_DEBUG CONFIG_WERROR; do
		unsetcfg "$opt"
	done
	(set +o pipefail; yes '' | "${mk[@]}" oldconfig >>"$w/build.log" 2>&1) ||
		{ tail -n 30 "$w/build.log" >&2; die "busybox oldconfig failed"; }
	"${mk[@]}" -j"$JOBS" busybox busybox.links >>"$w/build.log" 2>&1 ||
		{ grep -E 'error|Error' "$w/build.log" | tail -n 30 >&2; die "busybox build failed (log: $w/build.log)"; }
	install -m 0755 "$w/busybox" "$out/busybox"
	install -m 0644 "$w/busybox.links" "$out/busybox.links"
	install -m 0644 "$w/.config" "$out/busybox.config"
}

check_busybox() {
	local bb=$1/busybox got st=0
	expect_out hi "$QEMU_USER" "$bb" echo hi
	got=$("$QEMU_USER" "$bb" sh -c 'echo a | cat; exit 3') || st=$?
	[[ $got == a && $st -eq 3 ]] ||
		die "busybox sh -c 'echo a | cat; exit 3': output '$got' status $st, expected 'a' status 3"
	say "  ok: busybox sh -c 'echo a | cat; exit 3' -> $got, status $st"
	! "${CROSS}readelf" -l "$bb" | grep -q INTERP || die "busybox is not static"
}

# --- lua -------------------------------------------------------------------

build_lua() {
	local src=$1 out=$2 w=$WORK/lua
	rm -rf "$w" "$out"
	mkdir -p "$w" "$out"
	# Lua's "posix" platform: the interpreter (lua.c) and the library, no
	# readline, no dlopen (static binary), built out of tree. Debian's
	# luaconf.h patch includes a generated multiarch header.
	printf '#define DEB_HOST_MULTIARCH "%s"\n' "$TRIPLE" >"$w/lua5.4-deb-multiarch.h"
	local c objs=()
	{
		echo "CC = $MUSL_CC"
		echo "CFLAGS = -std=gnu99 -O2 -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I$w -I$src/src"
		echo "VPATH = $src/src"
		for c in "$src"/src/*.c; do
			c=${c##*/}
			[[ $c == luac.c ]] && continue
			objs+=("${c%.c}.o")
		done
		echo "lua: ${objs[*]}"
		# shellcheck disable=SC2016 # make's variables, not the shell's
		printf '\t$(CC) -static -o $@ $^ -lm\n'
		echo "%.o: %.c"
		# shellcheck disable=SC2016
		printf '\t$(CC) $(CFLAGS) -c $< -o $@\n'
	} >"$w/Makefile"
	make -C "$w" -j"$JOBS" lua >"$w/build.log" 2>&1 ||
		{ tail -n 30 "$w/build.log" >&2; die "lua build failed (log: $w/build.log)"; }
	install -m 0755 "$w/lua" "$out/lua"
}

check_lua() {
	expect_out 2 "$QEMU_USER" "$1/lua" -e 'print(1+1)'
	! "${CROSS}readelf" -l "$1/lua" | grep -q INTERP || die "lua is not static"
}

# --- steps -----------------------------------------------------------------

# step NAME SRC OUTDIR BUILD-FN CHECK-FN KEY
step() {
	local name=$1 src=$2 out=$3 build=$4 check=$5 k=$6 v t0
	v=$(upver "$(debver "$src")")
	if fresh "$out" "$k"; then
		say "$name $v for $ARCH: up to date (cached in $out)"
		[[ $CHECK -eq 1 ]] && "$check" "$out"
		return 0
	fi
	say "building $name $v for $ARCH (cached in $out)"
	t0=$SECONDS
	"$build" "$src" "$out"
	"$check" "$out"
	echo "$k" >"$out/.stamp"
	say "built $name $v for $ARCH in $((SECONDS - t0))s"
}

MUSL_KEY=$(key musl "$MUSL_SRC" build_musl)
step musl "$MUSL_SRC" "$MUSL" build_musl check_musl "$MUSL_KEY"
BUSYBOX_KEY=$(key busybox "$BUSYBOX_SRC" build_busybox "$MUSL_KEY")
step busybox "$BUSYBOX_SRC" "$OUT/busybox" build_busybox check_busybox "$BUSYBOX_KEY"
LUA_KEY=$(key lua "$LUA_SRC" build_lua "$MUSL_KEY")
step lua "$LUA_SRC" "$OUT/lua" build_lua check_lua "$LUA_KEY"
