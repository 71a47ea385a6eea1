#!/usr/bin/env bash
# Seed corpus for the FAT fuzzer: FAT12, FAT16 and FAT32 images made by
# Debian's mkfs.vfat and filled without root by mtools (mmd, mcopy) with
# long names, nested directories and files over several clusters. Each
# image is cut after its first used data clusters (the fuzzer reads
# zeros past its input), so the seeds stay small.
#
#   tools/mkfat-corpus.sh DIR
set -euo pipefail
dir=${1:?usage: tools/mkfat-corpus.sh DIR}
PATH=$PATH:/usr/sbin:/sbin
export MTOOLS_SKIP_CHECK=1
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

head -c 3000 /dev/zero | tr '\0' 'x' > "$tmp/data"
fill() {
	local img=$1
	mmd -i "$img" "::/A directory with a long name" "::/A directory with a long name/sub dir"
	mcopy -i "$img" "$tmp/data" "::/A file with a long name.txt"
	mcopy -i "$img" "$tmp/data" "::/A directory with a long name/sub dir/nested file of some length.dat"
	mcopy -i "$img" "$tmp/data" "::/SHORT.TXT"
	mcopy -i "$img" "$tmp/data" "::/h$(printf '\xc3\xa9')llo.txt" 2>/dev/null || true
}

# name, FAT bits, size in KiB, bytes kept
make_one() {
	mkfs.vfat -F "$2" -n SEED -C "$tmp/$1" "$3" >/dev/null
	fill "$tmp/$1"
	head -c "$4" "$tmp/$1" > "$dir/$1.img"
}
make_one fat12 12 1024 65536
make_one fat16 16 20480 131072
# FAT32 needs 65525 clusters: one FAT and 512-byte clusters keep it small.
mkfs.vfat -F 32 -f 1 -s 1 -n SEED -C "$tmp/fat32" 34000 >/dev/null
fill "$tmp/fat32"
head -c 600000 "$tmp/fat32" > "$dir/fat32.img"
