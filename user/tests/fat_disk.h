/*
 * The FAT test volume of the fat_* tests: a virtio disk made with
 * mkfs.vfat that holds the marker file MICAFAT.TAG in its root (see
 * tools/mkfat-test-disk.sh). fat_mount_disk() mounts the first such disk
 * on dir and makes a work directory of the test's own there.
 */
#ifndef FAT_DISK_H
#define FAT_DISK_H

#include "utest.h"
#include <sys/mount.h>

/* Mount the test volume on dir. */
static UTEST_UNUSED void fat_mount_disk_again(const char *dir)
{
	char dev[16], tag[UTEST_PATH_MAX];

	for (char c = 'a'; c <= 'h'; c++) {
		snprintf(dev, sizeof(dev), "/dev/vd%c", c);
		if (mount(dev, dir, "vfat", 0, NULL) != 0)
			continue;
		snprintf(tag, sizeof(tag), "%s/MICAFAT.TAG", dir);
		if (access(tag, F_OK) == 0)
			return;
		CHECK_OK(umount(dir));
	}
	CHECK_MSG(0, "no FAT test disk (a vfat virtio disk holding MICAFAT.TAG)");
}

/* ... and make a work directory of the test's own there. */
static UTEST_UNUSED void fat_mount_disk(const char *dir, char *work, size_t size)
{
	fat_mount_disk_again(dir);
	snprintf(work, size, "%s/w-%s-%d", dir, utest_name, (int)getpid());
	CHECK_OK(mkdir(work, 0755));
}

#endif
