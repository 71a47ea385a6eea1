#!/usr/bin/env bash
# Scratch disks for the user tests (blk_*, loop_*, sysfs_*: user/tests/),
# made fresh before each run because the tests write to them:
#
#   tools/mkdisk-utest.sh DIR  -> DIR/utest-vda.img  8 MiB of zeros (/dev/vda)
#                                 DIR/utest-vdb.img 16 MiB of zeros (/dev/vdb,
#                                   the disk the tests write)
set -euo pipefail
dir=${1:?usage: tools/mkdisk-utest.sh DIR}
mkdir -p "$dir"
rm -f "$dir/utest-vda.img" "$dir/utest-vdb.img"
truncate -s 8M "$dir/utest-vda.img"
truncate -s 16M "$dir/utest-vdb.img"
