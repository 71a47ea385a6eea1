#!/usr/bin/env bash
# After a guest run on the ext4 test disk (tools/mkext4-test-image.sh):
# e2fsck -fn must find the image clean.
#
#   tools/check-ext4-image.sh IMAGE
set -euo pipefail
img=${1:?usage: tools/check-ext4-image.sh IMAGE}
PATH=$PATH:/usr/sbin:/sbin
if ! out=$(e2fsck -fn "$img" 2>&1); then
	printf '%s\n' "$out"
	echo "check-ext4-image: $img is not clean" >&2
	exit 1
fi
echo "check-ext4-image: $img clean"
