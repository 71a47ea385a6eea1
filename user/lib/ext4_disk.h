/*
 * For the ext4 user tests: find and mount the disk that
 * tools/mkext4-test-image.sh made (attached as a virtio disk; it has a
 * file MICAEXT4 at its root). Header only, like utest.h.
 */
#ifndef USER_EXT4_DISK_H
#define USER_EXT4_DISK_H

#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

/* Mount it on m with flags: its device name, or NULL. A disk that holds
 * no ext4 fails to mount; one with another volume has no marker. */
static const char *ext4_disk_mount(const char *m, unsigned long flags)
{
	static char dev[32], marker[600];

	for (char c = 'a'; c <= 'z'; c++) {
		snprintf(dev, sizeof(dev), "/dev/vd%c", c);
		if (mount(dev, m, "ext4", flags, NULL))
			continue;
		snprintf(marker, sizeof(marker), "%s/MICAEXT4", m);
		if (!access(marker, F_OK))
			return dev;
		umount(m);
	}
	return NULL;
}

#endif
