#!/usr/bin/env bash
# Disk images for the block-layer self tests (kernel/ktest/test_block.c),
# made fresh before each run because the tests write to the first one.
#
#   tools/mkdisk-ktest.sh DIR   -> DIR/ktest-disk.img     16 MiB, GPT:
#                                    1: sectors 2048-10239, 2: 10240-18431;
#                                    a pattern in sectors 20480-22527 (below)
#                                  DIR/ktest-disk-ro.img  1 MiB, MBR (attached
#                                    read-only): 1: 64+1000, 2: 1064+900
#                                  DIR/ktest-jbd2.img     16 MiB ext4 (4 KiB
#                                    blocks, Debian's defaults: metadata_csum,
#                                    a 1024-block journal) for the journal
#                                    tests (kernel/ktest/test_jbd2.c)
#                                  DIR/ktest-jbd2-log.img the same, where a
#                                    test leaves a log for e2fsck to replay
#
# Pattern: sector s holds 64 little-endian u64 words, word i being
# 0x4d494341 << 32 | s << 8 | i ("MICA" in the high half).
# Keep these numbers in step with kernel/ktest/test_block.c.
set -euo pipefail
# (sgdisk -q silently skips the partitions: its output goes to /dev/null instead.)
dir=${1:?usage: tools/mkdisk-ktest.sh DIR}
PATH=$PATH:/usr/sbin:/sbin
mkdir -p "$dir"
img=$dir/ktest-disk.img
ro=$dir/ktest-disk-ro.img
jbd2=$dir/ktest-jbd2.img
jlog=$dir/ktest-jbd2-log.img

rm -f "$img" "$ro" "$jbd2" "$jlog"
truncate -s 16M "$img"
sgdisk -n 1:2048:10239 -c 1:one -n 2:10240:18431 -c 2:two "$img" >/dev/null
python3 - "$img" <<'PY'
import struct, sys
with open(sys.argv[1], "r+b") as f:
    f.seek(20480 * 512)
    f.write(b"".join(struct.pack("<64Q", *[(0x4d494341 << 32) | (s << 8) | i for i in range(64)])
                     for s in range(20480, 22528)))
PY

truncate -s 1M "$ro"
printf 'label: dos\nstart=64, size=1000, type=83\nstart=1064, size=900, type=c\n' |
	sfdisk -q "$ro" >/dev/null

# Blocks 3500-3563 must be free: the journal tests write there.
truncate -s 16M "$jbd2"
mkfs.ext4 -q -F -b 4096 "$jbd2"
if debugfs -R "testb 3500 64" "$jbd2" 2>/dev/null | grep -q "marked in use"; then
	echo "mkdisk-ktest: blocks 3500-3563 of $jbd2 are in use" >&2
	exit 1
fi
truncate -s 16M "$jlog"
mkfs.ext4 -q -F -b 4096 "$jlog"
