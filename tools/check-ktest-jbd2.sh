#!/usr/bin/env bash
# Check on the host what the journal self tests (kernel/ktest/test_jbd2.c)
# left in their ext4 image: Debian's e2fsck -fn finds it clean (the
# journal Mica wrote and closed included), the journal is empty and has
# checksums v3, and the blocks hold what the tests last committed.
#
#   tools/check-ktest-jbd2.sh build/riscv64/ktest-jbd2.img
#
# It speaks the ktest protocol so that the harness runs it like a QEMU run.
set -uo pipefail
PATH=$PATH:/usr/sbin:/sbin
img=${1:?usage: tools/check-ktest-jbd2.sh IMAGE}
name=jbd2_host_e2fsck_clean
echo "ktest: start 1"
why=
if ! out=$(e2fsck -fn "$img" 2>&1); then
	why="e2fsck -fn: $(echo "$out" | grep -v '^e2fsck\|^Pass\|^/' | head -3 | tr '\n' ' ')"
elif ! dumpe2fs -h "$img" 2>/dev/null | grep -q '^Journal start: *0$'; then
	why="the journal is not empty"
elif ! dumpe2fs -h "$img" 2>/dev/null | grep -q '^Journal features:.*journal_checksum_v3'; then
	why="the journal lacks checksums v3"
else
	why=$(python3 - "$img" <<'PY'
import struct, sys
HOME, BS, FINAL = 3500, 4096, 0xff
data = open(sys.argv[1], "rb").read()
def pat(blk, gen, magic=False):
    b = bytearray(b"".join(struct.pack("<Q", blk << 32 | gen << 16 | i) for i in range(BS // 8)))
    if magic:
        b[0:4] = bytes.fromhex("c03b3998")
    return bytes(b)
want = {}
for i in range(4): want[HOME + i] = pat(HOME + i, 1)
for i in range(4, 12): want[HOME + i] = pat(HOME + i, 2)
want[HOME + 12] = pat(HOME + 12, 2, True)
want[HOME + 13] = bytes(BS)
want[HOME + 14] = pat(HOME + 14, FINAL)
want[HOME + 15] = pat(HOME + 15, FINAL)
for b in range(HOME + 16, HOME + 16 + 32): want[b] = pat(b, FINAL)
for b, w in sorted(want.items()):
    if data[b * BS:(b + 1) * BS] != w:
        print(f"block {b} does not hold what was committed last")
        break
PY
)
fi
if [ -n "$why" ]; then
	echo "ktest: FAIL $name $why"
	echo "ktest: done 0 passed, 1 failed"
else
	echo "ktest: PASS $name"
	echo "ktest: done 1 passed, 0 failed"
fi
exit 0
