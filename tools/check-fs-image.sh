#!/bin/bash
# Check a file-system image a guest run wrote, on the host, with Debian's
# own checker, read-only: e2fsck -fn for ext2/3/4, fsck.vfat -n for FAT.
# On ext4 also each directory /htree-kept-* the dir_htree_kept test left
# must be a two-level htree (debugfs htree_dump: indirect levels 1).
# Prints harness lines: TAG: start 1 / PASS|FAIL NAME / done.
#   check-fs-image.sh TAG NAME ext4|vfat IMAGE
set -u
tag=$1 name=$2 type=$3 img=$4
echo "$tag: start 1"

# The ext4 test disk (tools/mkext4-test-image.sh): the xattrs Mica wrote
# on /sub/deep/leaf.txt (user/tests/ext4_image_write.c), if it did, as debugfs
# reads them: one in the inode, one in the xattr block.
check_ext4_xattrs() {
	local list
	list=$(debugfs -R "ea_list /sub/deep/leaf.txt" "$1" 2>/dev/null)
	[[ $list == *mica-inode* ]] || return 0
	[[ $list == *'user.mica-inode (7) = "mica-ea"'* ]] ||
		{ echo "leaf.txt: user.mica-inode wrong: $list"; return 1; }
	[[ $(debugfs -R "ea_get /sub/deep/leaf.txt user.mica-block" "$1" 2>/dev/null | tr -d '\n') == \
		"user.mica-block (600) = \"$(printf 'b%.0s' $(seq 1 600))\"" ]] ||
		{ echo "leaf.txt: user.mica-block wrong"; return 1; }
}

# The htrees Mica built: an error message, or nothing when all are right.
check_htrees() {
	local d dump
	for d in $(debugfs -R "ls -p /" "$img" 2>/dev/null | awk -F/ '$6 ~ /^htree-kept-/ { print $6 }'); do
		dump=$(debugfs -R "htree_dump /$d" "$img" 2>&1)
		if ! grep -q "Indirect levels: 1" <<<"$dump"; then
			printf '%s\n' "$dump" | head -20
			echo "/$d is not a two-level htree"
			return 1
		fi
	done
}

case $type in
ext4) out=$(e2fsck -fn "$img" 2>&1) && out=$(check_ext4_xattrs "$img") && out=$(check_htrees) ;;
vfat) out=$(fsck.vfat -n "$img" 2>&1) ;;
*) out="unknown type $type"; false ;;
esac
status=$?
if [[ $status -eq 0 ]]; then
	echo "$tag: PASS $name"
	echo "$tag: done 1 passed, 0 failed"
else
	# The checker's complaints, on the log, then one verdict line.
	printf '%s\n' "$out" | sed 's/^/  /'
	echo "$tag: FAIL $name $type checker exit status $status"
	echo "$tag: done 0 passed, 1 failed"
fi
exit 0
