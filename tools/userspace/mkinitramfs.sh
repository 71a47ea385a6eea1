#!/usr/bin/env bash
# Mica: stage and pack the initramfs (cpio newc, every file owned by root).
# Called by mk/user.mk's `initramfs` target; tools/userspace/build.sh ARCH
# must have run (it fills the cache this reads).
#
#   tools/userspace/mkinitramfs.sh ARCH ROOT OUT.cpio PROGDIR MANIFEST \
#       [CASES] [INIT] [STRIP] [XFAIL]
#
# ROOT      staging dir (emptied first)
# PROGDIR   where the user programs are: PROGDIR/VARIANT/NAME
# MANIFEST  lines VARIANT/NAME: the programs to put at /tests/VARIANT/NAME
# CASES     test-case list copied to /tests/cases.txt ('' or missing: none)
# INIT      if set, /init is a symlink to this path inside the image
# STRIP     1: strip debug info from the copies in the image (symbols stay)
# XFAIL     list of tests known to fail on Mica, copied to /tests/xfail.txt
#
# Contents: /bin/busybox and its applet links (from busybox.links), /bin/lua,
# musl's loader /lib/ld-musl-ARCH.so.1 with /lib/libc.so linking to it,
# glibc's loader and the libraries the glibc programs need (from Debian's
# cross glibc), the programs, /etc/inittab (a shell on the console for
# busybox init), and empty /dev /proc /sys /tmp.
set -euo pipefail

die() { printf 'mica: error: %s\n' "$*" >&2; exit 1; }
[[ $# -ge 5 ]] || die "usage: $0 ARCH ROOT OUT.cpio PROGDIR MANIFEST [CASES] [INIT] [STRIP] [XFAIL]"
ARCH=$1 ROOT=$2 OUT=$3 PROGDIR=$4 MANIFEST=$5 CASES=${6:-} INIT=${7:-} STRIP=${8:-0} XFAIL=${9:-}

case $ARCH in
riscv64)
	TRIPLE=riscv64-linux-gnu
	MUSL_LDSO=ld-musl-riscv64.so.1
	GLIBC_LDSO=ld-linux-riscv64-lp64d.so.1
	;;
*) die "unsupported ARCH '$ARCH' (known: riscv64)" ;;
esac
CACHE=${MICA_CACHE:-$HOME/.cache/mica}/$ARCH
SYSROOT=/usr/$TRIPLE
READELF=$TRIPLE-readelf
STRIPPROG=$TRIPLE-strip
export LC_ALL=C

for f in "$CACHE/busybox/busybox" "$CACHE/busybox/busybox.links" "$CACHE/lua/lua" \
	"$CACHE/musl/lib/libc.so" "$SYSROOT/lib/$GLIBC_LDSO"; do
	[[ -e $f ]] || die "missing $f (run tools/userspace/build.sh $ARCH)"
done

# put SRC DST: copy a file into the image (following links), maybe stripped.
put() {
	mkdir -p "$(dirname "$ROOT/$2")"
	cp -L "$1" "$ROOT/$2"
	if [[ $STRIP == 1 ]] && "$READELF" -h "$ROOT/$2" >/dev/null 2>&1; then
		"$STRIPPROG" --strip-debug "$ROOT/$2"
	fi
}

# link TARGET LINK: a relative symlink inside the image (both absolute
# paths in the image).
link() {
	mkdir -p "$(dirname "$ROOT$2")"
	ln -srfn "$ROOT$1" "$ROOT$2"
}

rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,lib,dev,proc,sys,tmp,etc,tests}
chmod 1777 "$ROOT/tmp"

# The image has no /init, so the kernel starts /sbin/init (busybox init),
# as Linux does; its table mounts /proc and gives the console a shell,
# again when it exits. The shell runs on ttyS0, not on /dev/console: init
# opens it in a new session, which makes it the shell's controlling
# terminal (opening /dev/console never does), so job control works.
cat >"$ROOT/etc/inittab" <<'EOF'
::sysinit:/bin/mount -t proc proc /proc
::sysinit:/bin/mount -t sysfs sysfs /sys
ttyS0::respawn:-/bin/sh
::ctrlaltdel:/sbin/reboot
EOF

# busybox and its applets.
put "$CACHE/busybox/busybox" bin/busybox
while IFS= read -r l; do
	[[ -n $l && $l != /bin/busybox && $l != /init ]] || continue
	link /bin/busybox "$l"
done <"$CACHE/busybox/busybox.links"
put "$CACHE/lua/lua" bin/lua

# musl: the loader is libc.so itself.
put "$CACHE/musl/lib/libc.so" "lib/$MUSL_LDSO"
link "/lib/$MUSL_LDSO" /lib/libc.so

# The programs.
progs=()
while IFS= read -r p; do
	[[ -n $p ]] || continue
	[[ -f $PROGDIR/$p ]] || die "missing program $PROGDIR/$p"
	put "$PROGDIR/$p" "tests/$p"
	progs+=("$ROOT/tests/$p")
done <"$MANIFEST"
if [[ -n $XFAIL && -f $XFAIL ]]; then
	put "$XFAIL" tests/xfail.txt
fi
if [[ -n $CASES && -f $CASES ]]; then
	put "$CASES" tests/cases.txt
fi
# The file-system tests the runner reruns on disk file systems (--cases=).
if [[ -n $CASES && -f ${CASES%/*}/fs-cases.txt ]]; then
	put "${CASES%/*}/fs-cases.txt" tests/fs-cases.txt
fi

# glibc's runtime: the loader, libc.so.6, and every library the glibc
# programs need, transitively (Debian's cross glibc and gcc runtime).
needed() { "$READELF" -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
declare -A have=()
# libgcc_s is loaded with dlopen by pthread_cancel and pthread_exit (to
# unwind the cancelled thread's stack), so no program names it.
queue=("$GLIBC_LDSO" libc.so.6 libgcc_s.so.1)
for p in "${progs[@]}"; do
	case $p in */glibc-dynamic/*) mapfile -t -O "${#queue[@]}" queue < <(needed "$p") ;; esac
done
while [[ ${#queue[@]} -gt 0 ]]; do
	lib=${queue[0]}
	queue=("${queue[@]:1}")
	[[ -n ${have[$lib]:-} ]] && continue
	have[$lib]=1
	[[ -e $SYSROOT/lib/$lib ]] || die "glibc programs need $lib, not found in $SYSROOT/lib"
	put "$SYSROOT/lib/$lib" "lib/$lib"
	mapfile -t -O "${#queue[@]}" queue < <(needed "$SYSROOT/lib/$lib")
done

if [[ -n $INIT ]]; then
	ln -sfn "$INIT" "$ROOT/init"
fi

# Pack: sorted names, fixed times, root-owned: the same inputs give the
# same bytes.
find "$ROOT" -exec touch -h -d @0 {} +
mkdir -p "$(dirname "$OUT")"
(cd "$ROOT" && find . -mindepth 1 -printf "%P\n" | sort |
	cpio -o -H newc --owner=0:0 --reproducible --quiet) >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
printf 'mica: %s: %s files, %s KiB\n' "$OUT" \
	"$(find "$ROOT" -mindepth 1 | wc -l)" "$(($(stat -c %s "$OUT") / 1024))" >&2
