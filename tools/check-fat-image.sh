#!/usr/bin/env bash
# Check on the host that a FAT image Mica wrote is clean: fsck.vfat -n
# (no changes) must report nothing to repair.
#
#   tools/check-fat-image.sh IMAGE
set -uo pipefail
img=${1:?usage: tools/check-fat-image.sh IMAGE}
PATH=$PATH:/usr/sbin:/sbin
out=$(fsck.vfat -n "$img" 2>&1)
rc=$?
echo "$out"
if [ $rc -ne 0 ]; then
	echo "check-fat-image: fsck.vfat -n found problems in $img (exit $rc)" >&2
	exit 1
fi
echo "check-fat-image: $img is clean"
