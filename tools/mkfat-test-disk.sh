#!/usr/bin/env bash
# The FAT volume the fat_* user tests mount: an empty FAT32 file system
# made by Debian's mkfs.vfat holding only the marker file MICAFAT.TAG
# (put there with mtools, no root needed). fsck.vfat -n must find it
# clean after the tests (tools/check-fat-image.sh).
#
#   tools/mkfat-test-disk.sh IMAGE [SIZE_MB] [FAT_BITS]
set -euo pipefail
img=${1:?usage: tools/mkfat-test-disk.sh IMAGE [SIZE_MB] [FAT_BITS]}
size=${2:-64}
bits=${3:-32}
PATH=$PATH:/usr/sbin:/sbin
rm -f "$img"
mkfs.vfat -F "$bits" -n MICAFAT -C "$img" $((size * 1024)) >/dev/null
printf 'Mica FAT test volume\n' | MTOOLS_SKIP_CHECK=1 mcopy -i "$img" - ::/MICAFAT.TAG
