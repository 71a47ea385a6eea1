#!/bin/bash
# Check a file-system image a guest run wrote, on the host, with Debian's
# own checker, read-only: e2fsck -fn for ext2/3/4, fsck.vfat -n for FAT.
# Prints harness lines: TAG: start 1 / PASS|FAIL NAME / done.
#   check-fs-image.sh TAG NAME ext4|vfat IMAGE
set -u
tag=$1 name=$2 type=$3 img=$4
echo "$tag: start 1"
case $type in
ext4) out=$(e2fsck -fn "$img" 2>&1) ;;
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
