#!/usr/bin/env bash
# Seed corpus for the ext4 fuzzer: small images made by Debian's
# mkfs.ext4 -d (1 KiB and 4 KiB blocks) holding files, directories, a
# directory big enough for an htree (indexed by e2fsck -D), fast and slow
# symlinks, an xattr (debugfs ea_set), and one with inline data.
#
#   tools/mkext4-corpus.sh DIR
set -euo pipefail
dir=${1:?usage: tools/mkext4-corpus.sh DIR}
PATH=$PATH:/usr/sbin:/sbin
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/d/e" "$root/big"
printf 'hello\n' > "$root/a"
head -c 20000 /dev/zero | tr '\0' 'x' > "$root/d/e/f"
for i in $(seq 1 120); do : > "$root/big/name-with-some-length-$i"; done
ln -s a "$root/s"
ln -s "$(printf 'p%.0s' $(seq 1 100))" "$root/longlink"

mk() {	# name size mkfs-options...
	local out=$tmp/$1.img size=$2
	shift 2
	mkfs.ext4 -q -F -d "$root" "$@" "$out" "$size"
	debugfs -w -R "ea_set /a user.k v" "$out" >/dev/null 2>&1 || true
	e2fsck -fyD "$out" >/dev/null 2>&1 || true
}
mk small1k 1M -b 1024 -N 256
mk small4k 2M -b 4096 -N 256 -O ^has_journal
mk inline 1M -b 1024 -N 256 -O inline_data,^has_journal
for f in "$tmp"/*.img; do
	cp "$f" "$dir/$(basename "$f")"
done
