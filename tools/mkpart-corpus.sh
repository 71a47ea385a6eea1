#!/usr/bin/env bash
# Seed corpus for the partition-table fuzzer: small disk images with MBR
# (primary, extended and logical partitions) and GPT tables made by
# Debian's sfdisk (fdisk) and sgdisk (gdisk), plus a blank one.
#
#   tools/mkpart-corpus.sh DIR
set -euo pipefail
# (sgdisk -q silently skips the partitions: its output goes to /dev/null instead.)
dir=${1:?usage: tools/mkpart-corpus.sh DIR}
PATH=$PATH:/usr/sbin:/sbin
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

blank() { truncate -s "$2" "$tmp/$1"; }

blank empty 64K

blank mbr 256K
printf 'label: dos\nstart=8, size=100, type=83\nstart=108, size=400, type=5\nstart=116, size=100, type=82\nstart=224, size=200, type=83\n' |
	sfdisk -q "$tmp/mbr" >/dev/null

blank mbr4 128K
printf 'label: dos\nstart=1, size=50, type=c\nstart=51, size=50, type=83\nstart=101, size=50, type=83\nstart=151, size=50, type=83, bootable\n' |
	sfdisk -q "$tmp/mbr4" >/dev/null

blank gpt 128K
sgdisk -a 1 -n 1:34:99 -n 2:100:199 -t 2:8200 "$tmp/gpt" >/dev/null

blank gpt-gap 256K
sgdisk -a 1 -n 3:40:120 -n 7:200:400 "$tmp/gpt-gap" >/dev/null

for f in "$tmp"/*; do
	cp "$f" "$dir/$(basename "$f").img"
done
