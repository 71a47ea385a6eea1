#!/usr/bin/env bash
# A FAT16 image with damage Mica must report, not crash on (the
# fat_corrupt user test mounts it as the vfat run's second disk, vdb):
#   MICAFAT.BAD   marker: this is the damaged test volume
#   GOOD.TXT      an intact file
#   LOOPDIR/      a directory whose cluster chain loops onto itself
#   BADSTART.TXT  a file whose first cluster is past the volume's end
#   SHORT.BIN     a file whose size needs more clusters than its chain has
#   FREEMID.BIN   a file whose chain runs into a free cluster
#
#   tools/mkfat-corrupt.sh IMAGE
set -euo pipefail
img=${1:?usage: tools/mkfat-corrupt.sh IMAGE}
PATH=$PATH:/usr/sbin:/sbin
export MTOOLS_SKIP_CHECK=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f "$img"
mkfs.vfat -F 16 -s 1 -n BADFAT -C "$img" 20480 >/dev/null
printf 'damaged on purpose\n' > "$tmp/MICAFAT.BAD"
printf 'good\n' > "$tmp/GOOD.TXT"
head -c 3000 /dev/zero > "$tmp/BADSTART.TXT"
head -c 1500 /dev/zero > "$tmp/SHORT.BIN"
head -c 2000 /dev/zero > "$tmp/FREEMID.BIN"
mcopy -i "$img" "$tmp/MICAFAT.BAD" "$tmp/GOOD.TXT" "$tmp/BADSTART.TXT" "$tmp/SHORT.BIN" \
	"$tmp/FREEMID.BIN" ::/
mmd -i "$img" ::/LOOPDIR
python3 - "$img" <<'PY'
import struct, sys
path = sys.argv[1]
d = bytearray(open(path, 'rb').read())
ss, spc, res, nfats, rootents = struct.unpack_from('<HBHBH', d, 11)
fatsz = struct.unpack_from('<H', d, 22)[0]
root = (res + nfats * fatsz) * ss

def setfat(c, v):
    for f in range(nfats):
        struct.pack_into('<H', d, (res + f * fatsz) * ss + 2 * c, v)

def getfat(c):
    return struct.unpack_from('<H', d, res * ss + 2 * c)[0]

for i in range(rootents):
    off = root + 32 * i
    name = bytes(d[off:off + 11])
    if name[0] == 0:
        break
    start = struct.unpack_from('<H', d, off + 26)[0]
    if name == b'LOOPDIR    ':
        setfat(start, start)
    elif name == b'BADSTARTTXT':
        struct.pack_into('<H', d, off + 26, 0xfff0)
    elif name == b'SHORT   BIN':
        struct.pack_into('<I', d, off + 28, 1000000)
    elif name == b'FREEMID BIN':
        second = getfat(start)
        setfat(second, 0)  # the chain's second cluster is now free
open(path, 'wb').write(d)
PY
