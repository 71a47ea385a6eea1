#!/usr/bin/env python3
"""Check on the host what the block self tests wrote into the test disk.

    tools/check-ktest-disk.py build/riscv64/ktest-disk.img

The self test block_write_readback writes sectors 100-107 of vda2 (10340-
10347 of the disk, see tools/mkdisk-ktest.sh) through the partition; this
reads them back from the image file after QEMU is gone, so data that only
reached a cache would be caught. It speaks the ktest protocol so that the
test harness runs it like a QEMU run:
    ktest: start 1 / ktest: PASS|FAIL name [why] / ktest: done P passed, F failed
"""
import struct
import sys

NAME = "block_host_sees_writes"
FIRST, COUNT, SEED = 10340, 8, 2
PATTERN_FIRST, PATTERN_COUNT = 20480, 2048


def wpat(s, i):
    """kernel/ktest/test_block.c: wpat()."""
    return 0x5752495445000000 ^ (s << 20) ^ (SEED << 8) ^ i


def check(path):
    with open(path, "rb") as f:
        data = f.read()
    for s in range(FIRST, FIRST + COUNT):
        words = struct.unpack_from("<64Q", data, s * 512)
        for i, w in enumerate(words):
            if w != wpat(s, i):
                return f"sector {s} word {i} is {w:#x}, not {wpat(s, i):#x}"
    for s in range(PATTERN_FIRST, PATTERN_FIRST + PATTERN_COUNT):
        words = struct.unpack_from("<64Q", data, s * 512)
        if any(w != (0x4d494341 << 32 | s << 8 | i) for i, w in enumerate(words)):
            return f"the read-only pattern changed in sector {s}"
    return None


def main():
    print("ktest: start 1")
    try:
        why = check(sys.argv[1])
    except (OSError, IndexError, struct.error) as e:
        why = f"cannot read the image: {e}"
    if why:
        print(f"ktest: FAIL {NAME} {why}")
        print("ktest: done 0 passed, 1 failed")
    else:
        print(f"ktest: PASS {NAME}")
        print("ktest: done 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
