#!/usr/bin/env bash
# The ext4 disk for the guest tests (user/tests/ext4_*.c): a 64 MiB image
# made by Debian's mkfs.ext4 with its defaults (1 KiB blocks at this size,
# extents, 64bit, flex_bg, metadata_csum, dir_index, has_journal ...),
# labelled "micaext4" so the tests find it among the disks, filled with
# mkfs.ext4 -d from a small tree:
#   MICAEXT4           empty: the marker the tests look for
#   hello.txt          "hello ext4\n"
#   pattern.bin        3 MiB, byte i = (i * 7 + i / 4096) & 0xff
#   bigdir/f000..f499  500 files (an htree directory), file i holds "i\n"
#   sub/deep/leaf.txt  "leaf\n"
#   short -> hello.txt, long -> a 200-byte path (a slow symlink)
#   xattr.txt          user.mica = "value" (debugfs ea_set)
# and then an orphan list, as a crash leaves one (debugfs), which the
# first read-write mount must process (e2fsck -fn after the runs checks):
#   s_last_orphan -> orphan-a -> orphan-b (200 KiB each, links 0, no
#   names: freed) -> truncated.bin (200 KiB of 't' with i_size 1000: its
#   blocks past the size freed; ext4_image_write checks it).
# and shared-a, shared-b: one xattr block (user.shared, 700 bytes of 'c')
# that both use (h_refcount 2, as Linux's mbcache shares them), which a
# write to shared-b must copy (ext4_image_write).
#
#   tools/mkext4-test-image.sh OUT.img   (EXT4_MKFS_OPTS: more mkfs.ext4 options,
#                                         e.g. "-b 4096")
set -euo pipefail
out=${1:?usage: tools/mkext4-test-image.sh OUT.img}
PATH=$PATH:/usr/sbin:/sbin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/bigdir" "$root/sub/deep"
printf 'hello ext4\n' > "$root/hello.txt"
: > "$root/MICAEXT4"	# the tests' marker
python3 - "$root/pattern.bin" <<'PY'
import sys
n = 3 << 20
with open(sys.argv[1], "wb") as f:
    f.write(bytes(((i * 7 + i // 4096) & 0xff) for i in range(n)))
PY
for i in $(seq 0 499); do printf '%d\n' "$i" > "$root/bigdir/$(printf 'f%03d' "$i")"; done
printf 'leaf\n' > "$root/sub/deep/leaf.txt"
ln -s hello.txt "$root/short"
long=$(printf 'd%.0s' $(seq 1 50))/$(printf 'e%.0s' $(seq 1 50))/$(printf 'f%.0s' $(seq 1 50))/$(printf 'g%.0s' $(seq 1 46))
ln -s "$long" "$root/long"
printf 'x\n' > "$root/xattr.txt"
printf 'a\n' > "$root/shared-a"
printf 'b\n' > "$root/shared-b"
rm -f "$out"
mkfs.ext4 -q -F -L micaext4 ${EXT4_MKFS_OPTS:-} -d "$root" "$out" 64M
debugfs -w -R "ea_set /xattr.txt user.mica value" "$out" >/dev/null 2>&1
# mkfs -d writes linear directories: e2fsck -D indexes the big one (htree).
e2fsck -fyD "$out" >/dev/null 2>&1 || [ $? -le 1 ]
e2fsck -fn "$out" >/dev/null 2>&1
python3 -c 'import sys; sys.stdout.write("o" * 204800)' > "$tmp/o.bin"
python3 -c 'import sys; sys.stdout.write("t" * 204800)' > "$tmp/t.bin"
debugfs -w -f - "$out" >/dev/null 2>&1 <<EOF
write $tmp/o.bin orphan-a
write $tmp/o.bin orphan-b
write $tmp/t.bin truncated.bin
EOF
ino() { debugfs -R "stat /$1" "$out" 2>/dev/null | sed -n 's/^Inode: \([0-9]*\).*/\1/p'; }
a=$(ino orphan-a) b=$(ino orphan-b) t=$(ino truncated.bin)
[[ -n $a && -n $b && -n $t ]]
debugfs -w -f - "$out" >/dev/null 2>&1 <<EOF
set_inode_field /orphan-a links_count 0
set_inode_field /orphan-a dtime $b
set_inode_field /orphan-b links_count 0
set_inode_field /orphan-b dtime $t
set_inode_field /truncated.bin size 1000
set_inode_field /truncated.bin dtime 0
set_super_value last_orphan $a
unlink /orphan-a
unlink /orphan-b
EOF
# The shared xattr block: made for shared-a, given to shared-b too, its
# refcount raised and its checksum (metadata_csum) computed again.
python3 -c 'import sys; sys.stdout.write("c" * 700)' > "$tmp/c.bin"
debugfs -w -R "ea_set -f $tmp/c.bin /shared-a user.shared" "$out" >/dev/null 2>&1
acl=$(debugfs -R "stat /shared-a" "$out" 2>/dev/null | sed -n 's/.*File ACL: \([0-9]*\).*/\1/p')
nb=$(debugfs -R "stat /shared-b" "$out" 2>/dev/null | sed -n 's/.*Blockcount: \([0-9]*\).*/\1/p')
[[ -n $acl && $acl != 0 && -n $nb ]]
debugfs -w -f - "$out" >/dev/null 2>&1 <<EOF
set_inode_field /shared-b file_acl $acl
set_inode_field /shared-b blocks $((nb + 2))
EOF
python3 - "$out" "$acl" <<'PY'
import struct, sys
TABLE = []
for i in range(256):	# crc32c (Castagnoli, reflected), no final inversion: ext4's
    for _ in range(8):
        i = (i >> 1) ^ (0x82F63B78 & -(i & 1))
    TABLE.append(i)
def crc32c(c, data):
    for b in data:
        c = TABLE[(c ^ b) & 0xff] ^ (c >> 8)
    return c
img, blk = sys.argv[1], int(sys.argv[2])
with open(img, "r+b") as f:
    sb = bytearray(f.read(2048))[1024:]
    bs = 1024 << struct.unpack_from("<I", sb, 0x18)[0]
    seed = crc32c(0xffffffff, sb[0x68:0x78])
    if struct.unpack_from("<I", sb, 0x64)[0] & 0x400 == 0:	# no metadata_csum
        seed = None
    if struct.unpack_from("<I", sb, 0x60)[0] & 0x2000:	# csum_seed in the superblock
        seed = struct.unpack_from("<I", sb, 0x270)[0]
    f.seek(blk * bs)
    b = bytearray(f.read(bs))
    struct.pack_into("<I", b, 4, 2)
    if seed is not None:
        struct.pack_into("<I", b, 0x10, 0)
        struct.pack_into("<I", b, 0x10, crc32c(crc32c(seed, struct.pack("<Q", blk)), b))
    f.seek(blk * bs)
    f.write(b)
PY
