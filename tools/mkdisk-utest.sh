#!/usr/bin/env bash
# Scratch disks for the user tests (blk_*, loop_*, sysfs_*: user/tests/)
# and the block console session, made fresh before each run because the
# tests write to them:
#
#   tools/mkdisk-utest.sh DIR  -> DIR/utest-vda.img  8 MiB ext4 (mkfs.ext4,
#                                   4 KiB blocks) holding /hello, "hello
#                                   from vda" (/dev/vda: read, not written)
#                                 DIR/utest-vdb.img 16 MiB of zeros (/dev/vdb,
#                                   the disk the tests write)
set -euo pipefail
dir=${1:?usage: tools/mkdisk-utest.sh DIR}
PATH=$PATH:/usr/sbin:/sbin
mkdir -p "$dir"
rm -f "$dir/utest-vda.img" "$dir/utest-vdb.img"
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
echo "hello from vda" > "$src/hello"
truncate -s 8M "$dir/utest-vda.img"
mkfs.ext4 -q -F -T default -L utest -d "$src" -E root_owner=0:0 "$dir/utest-vda.img"
truncate -s 16M "$dir/utest-vdb.img"
