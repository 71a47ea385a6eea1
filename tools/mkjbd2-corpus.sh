#!/usr/bin/env bash
# Journals that need recovery, written by Debian's debugfs (e2fsprogs:
# journal_open / journal_write / journal_close), for the jbd2 fuzzer's seed
# corpus and the unit tests' fixtures.
#
#   tools/mkjbd2-corpus.sh DIR              DIR/<case>.journal: the journal
#                                           files (inode 8), fuzzer seeds
#   tools/mkjbd2-corpus.sh --fixtures DIR   also, per case:
#       <case>.fs        the ext4 image whose journal needs recovery
#       <case>.map       the journal's block map: the device block of each
#                        journal block, one per line (debugfs `blocks <8>`)
#       <case>.replayed  the same image after e2fsck's own replay
#                        (e2fsck -E journal_only), which tests/unit/test_jbd2.c
#                        compares with what kernel/fs/jbd2/recovery.c writes
#
# Cases: checksums v3 (1 KiB and 4 KiB blocks), v2, none; revokes; a
# block that starts with the jbd2 magic (escaped in the log); a last
# transaction without its commit block; many transactions.
set -euo pipefail
fixtures=0
if [ "${1:-}" = --fixtures ]; then
	fixtures=1
	shift
fi
dir=${1:?usage: tools/mkjbd2-corpus.sh [--fixtures] DIR}
PATH=$PATH:/usr/sbin:/sbin
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# data NAME BLOCKS BS [magic]: BLOCKS blocks of a repeatable pattern.
data() {
	python3 - "$tmp/$1" "$2" "$3" "${4:-}" <<'PY'
import sys
path, n, bs, magic = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
out = bytearray()
for b in range(n):
    blk = bytes(((b * 131 + i * 7 + len(path)) & 0xff) for i in range(bs))
    if magic and b == 0:
        blk = bytes.fromhex("c03b3998") + blk[4:]
    out += blk
open(path, "wb").write(out)
PY
}

# mkcase NAME SIZE MKFS-OPTIONS DEBUGFS-SCRIPT
mkcase() {
	local name=$1 size=$2 opts=$3 script=$4 img=$tmp/$1.fs
	truncate -s "$size" "$img"
	# shellcheck disable=SC2086
	mkfs.ext4 -q -F $opts "$img"
	(cd "$tmp" && printf '%s\n' "$script" | debugfs -w -f - "$img" >/dev/null 2>&1)
	debugfs -R "dump <8> $tmp/$name.journal" "$img" >/dev/null 2>&1
	if [ $fixtures = 1 ]; then
		cp "$tmp/$name.journal" "$dir/"
		debugfs -R 'blocks <8>' "$img" 2>/dev/null | tr ' ' '\n' | grep . >"$dir/$name.map"
		cp "$img" "$dir/$name.fs"
		cp "$img" "$dir/$name.replayed"
		e2fsck -E journal_only -y "$dir/$name.replayed" >/dev/null 2>&1 || [ $? -le 1 ]
	else
		shorten "$tmp/$name.journal" "$dir/$name.journal"
	fi
}

# shorten IN OUT: a fuzzer seed is the journal cut after its last used
# block (s_maxlen lowered to match, the superblock checksum redone), so
# that mutations land on log blocks rather than on megabytes of zeros.
shorten() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
bs = struct.unpack_from(">I", data, 12)[0]
n = len(data) // bs
last = max(b for b in range(n) if any(data[b * bs:(b + 1) * bs]))
maxlen = max(32, last + 3)
data = data[:maxlen * bs]
struct.pack_into(">I", data, 0x10, maxlen)
if struct.unpack_from(">I", data, 0x28)[0] & 0x18:
    def crc32c(crc, buf):
        for byte in buf:
            crc ^= byte
            for _ in range(8):
                crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        return crc
    struct.pack_into(">I", data, 0xfc, 0)
    struct.pack_into(">I", data, 0xfc, crc32c(0xffffffff, data[:1024]))
open(sys.argv[2], "wb").write(data)
PY
}

data d1k 8 1024
data d4k 8 4096
data m4k 2 4096 magic

# 32 MiB: 1 KiB blocks, checksums v3; a revoke of a block logged before it
# (not replayed) and after it (replayed); an uncommitted last transaction.
mkcase v3-1k 32M "" "jo -c
jw -b 30000,30001,30002 d1k
jw -r 30001
jw -b 30003,30004 d1k
jw -r 30003
jw -b 30003 d1k
jw -b 30010,30011 -c d1k
jc"

# 4 KiB blocks, checksums v3, a block beginning with the magic.
mkcase v3-4k 16M "-b 4096" "jo -c
jw -b 3000,3001 m4k
jw -b 3002,3003,3004 d4k
jc"

mkcase v2-4k 16M "-b 4096" "jo -v 2 -c
jw -b 3000,3001 m4k
jw -r 3000
jw -b 3005 d4k
jc"

mkcase nocsum-4k 16M "-b 4096 -O ^metadata_csum" "jo
jw -b 3000,3001 d4k
jw -r 3001
jw -b 3002 m4k
jc"

# Many small transactions: the log grows long; some blocks are logged,
# revoked and logged again.
script="jo -c"
for i in $(seq 0 59); do
	script+=$'\n'"jw -b $((3000 + i % 17)),$((3100 + i)) d4k"
	if [ $((i % 7)) = 3 ]; then script+=$'\n'"jw -r $((3000 + i % 17))"; fi
done
mkcase many-4k 16M "-b 4096" "$script
jc"
