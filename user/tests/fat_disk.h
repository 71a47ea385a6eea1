/*
 * The fat_* tests run in the vfat run of the disk file-system tests
 * (user/tests/fs-cases.txt, "!ext4"), where /tmp is a FAT32 disk:
 * fat_require() fails the test unless the scratch directory is on vfat.
 */
#ifndef FAT_DISK_H
#define FAT_DISK_H

#include "utest.h"

/* The scratch directory, after checking /proc/self/mounts says /tmp is vfat. */
static UTEST_UNUSED const char *fat_require(void)
{
	char line[512], dev[128], dir[256], type[64];
	int on_fat = 0;
	FILE *f = fopen("/proc/self/mounts", "r");

	CHECK_MSG(f != NULL, "cannot read /proc/self/mounts");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %255s %63s", dev, dir, type) == 3 && !strcmp(dir, "/tmp"))
			on_fat = !strcmp(type, "vfat");	/* the last mount on /tmp counts */
	fclose(f);
	CHECK_MSG(on_fat, "needs /tmp on a vfat disk (the vfat run of fs-cases.txt)");
	return utest_tmpdir();
}

#endif
