#!/usr/bin/env bash
# An ext4 root image from a directory tree, made by Debian's mkfs.ext4 -d
# with its defaults (the "default" usage type, 4 KiB blocks, also for small
# images), with room to spare for what a session writes:
#
#   tools/mkrootfs.sh ROOT IMAGE [MIN_MIB]
#
# make run's image (MIN_MIB 512) holds the initramfs's tree (mk/user.mk
# builds it); make test's init-rootdisk boot uses the init-script tree.
set -euo pipefail
root=${1:?usage: tools/mkrootfs.sh ROOT IMAGE [MIN_MIB]}
img=${2:?usage: tools/mkrootfs.sh ROOT IMAGE [MIN_MIB]}
min=${3:-512}
PATH=$PATH:/usr/sbin:/sbin
used=$(du -sm "$root" | cut -f1)
size=$(( used * 3 / 2 + 128 ))	# MiB: half again as much, and 128 MiB free,
(( size >= min )) || size=$min	# and MIN_MIB at least
rm -f "$img.tmp"
truncate -s "${size}M" "$img.tmp"
mkfs.ext4 -q -F -T default -L mica-root -d "$root" -E root_owner=0:0 "$img.tmp"
mv "$img.tmp" "$img"
echo "mica: $img: ext4, ${size} MiB, from $root"
