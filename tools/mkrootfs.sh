#!/usr/bin/env bash
# The ext4 root image of `make run`: the same user-space tree as the
# initramfs (mk/user.mk builds it in ROOT), made by Debian's mkfs.ext4 -d
# with its defaults, with room to spare for what a session writes.
#
#   tools/mkrootfs.sh ROOT IMAGE
set -euo pipefail
root=${1:?usage: tools/mkrootfs.sh ROOT IMAGE}
img=${2:?usage: tools/mkrootfs.sh ROOT IMAGE}
PATH=$PATH:/usr/sbin:/sbin
used=$(du -sm "$root" | cut -f1)
size=$(( used * 3 / 2 + 128 ))	# MiB: half again as much, and 128 MiB free,
(( size >= 512 )) || size=512	# and 512 at least: mke2fs.conf's 4 KiB blocks
rm -f "$img.tmp"
truncate -s "${size}M" "$img.tmp"
mkfs.ext4 -q -F -L mica-root -d "$root" -E root_owner=0:0 "$img.tmp"
mv "$img.tmp" "$img"
echo "mica: $img: ext4, ${size} MiB, from $root"
