/*
 * The root file system from a disk, as Linux's prepare_namespace() mounts
 * it: root=/dev/vda1 (a device name under /dev, or major:minor),
 * rootfstype=ext4,vfat (else every disk file system in turn), rootflags=
 * (the mount's options), ro (the default) or rw, rootwait (wait for the
 * device to appear) and rootdelay=N (seconds to wait before looking).
 * devtmpfs is then mounted on the new root's /dev (CONFIG_DEVTMPFS_MOUNT).
 *
 * Where Linux panics (no such device, no file system mounts it), Mica
 * prints Linux's messages and keeps the initramfs as the root, so that a
 * shell there can still be used.
 */
#include <kernel/block.h>
#include <kernel/mount.h>
#include <kernel/sched.h>
#include <core/printk.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* The device root= names, referenced, or NULL. */
static struct block_device *root_device(const char *root)
{
	const char *colon = strchr(root, ':');
	unsigned long maj, min;
	char buf[12];

	if (!strncmp(root, "/dev/", 5))
		return block_device_find(root + 5);
	if (!colon || (size_t)(colon - root) >= sizeof(buf))
		return NULL;
	memcpy(buf, root, colon - root);
	buf[colon - root] = 0;
	if (kstrtoul(buf, 10, &maj) || kstrtoul(colon + 1, 10, &min) || maj > 0xff || min > 0xff)
		return NULL;
	return block_device_by_devt(MKDEV(maj, min));
}

static int list_one(struct block_device *b, void *arg)
{
	(void)arg;
	/* Linux's printk_all_partitions: number in hex, size in KiB, name. */
	printk(LOG_ERR, "%02x%02x %10llu %s%s\n", MAJOR(b->devt), MINOR(b->devt),
	       (unsigned long long)(b->nr_sects >> 1), b->name,
	       b->whole == b ? " driver: block" : "");
	return 0;
}

static void list_partitions(void)
{
	block_device_for_each(list_one, NULL);
}

/* Try the file systems named in types (comma-separated) or all disk ones. */
static int try_types(const char *source, const char *types, unsigned long flags, const char *data,
		     char *tried, size_t tried_size, const char **which)
{
	const struct fs_type *t;
	char name[32];
	size_t used = 0;
	int err = -ENODEV;

	tried[0] = 0;
	for (int i = 0;; i++) {
		if (types) {
			const char *comma;
			size_t len;

			if (!*types)
				break;
			comma = strchr(types, ',');
			len = comma ? (size_t)(comma - types) : strlen(types);
			snprintf(name, sizeof(name), "%.*s", (int)MIN(len, sizeof(name) - 1), types);
			types += len + (comma ? 1 : 0);
		} else {
			t = fs_type_at(i);
			if (!t)
				break;
			if (t->nodev)
				continue;
			strscpy(name, t->name, sizeof(name));
		}
		if (used < tried_size)
			used += (size_t)snprintf(tried + used, tried_size - used, " %s", name);
		err = mount_new_root(name, source, flags, data);
		if (!err) {
			for (int j = 0; (t = fs_type_at(j)); j++)
				if (!strcmp(t->name, name))
					*which = t->name;
			return 0;
		}
	}
	return err;
}

/* devtmpfs on the new root's /dev, as Linux's devtmpfs_mount(). */
static void mount_devtmpfs(void)
{
	struct path dev;
	int err = vfs_lookup_path(AT_FDCWD, "/dev", true, &dev);

	if (!err) {
		err = mount_new(&dev, "devtmpfs", "devtmpfs", MS_SILENT, NULL);
		path_put(&dev);
	}
	if (err)
		pr_warn("devtmpfs: error mounting %d\n", err);
	else
		pr_info("devtmpfs: mounted\n");
}

int vfs_mount_root_device(const char *root, const char *types, const char *data, bool ro,
			  bool wait, unsigned long delay_s)
{
	/* Linux's root_mountflags: MS_SILENT, so that a file system tried in
	 * turn need not say why the device is not one of its own. */
	unsigned long flags = MS_SILENT | (ro ? MS_RDONLY : 0);
	struct block_device *bdev;
	const char *which = "?";
	char source[8 + BDEV_NAME_MAX], tried[128];
	int err;

	if (delay_s) {
		pr_info("Waiting %lu sec before mounting root device...\n", delay_s);
		msleep(delay_s * 1000);
	}
	bdev = root_device(root);
	if (!bdev && wait) {
		pr_info("Waiting for root device %s...\n", root);
		while (!(bdev = root_device(root)))
			msleep(100);
	}
	if (!bdev) {
		pr_err("VFS: Cannot open root device \"%s\" or unknown-block(0,0): error %d\n", root,
		       -ENXIO);
		pr_err("Please append a correct \"root=\" boot option; here are the available "
		       "partitions:\n");
		list_partitions();
		pr_err("VFS: Unable to mount root fs on unknown-block(0,0); Mica keeps the "
		       "initramfs as the root (Linux panics here)\n");
		return -ENXIO;
	}
	snprintf(source, sizeof(source), "/dev/%s", bdev->name);
	err = try_types(source, types, flags, data, tried, sizeof(tried), &which);
	if (err && !ro) {
		/* Linux tries again read-only (a write-protected disk). */
		flags |= MS_RDONLY;
		err = try_types(source, types, flags, data, tried, sizeof(tried), &which);
	}
	if (err) {
		pr_err("List of all partitions:\n");
		list_partitions();
		pr_err("No filesystem could mount root, tried:%s\n", tried);
		pr_err("VFS: Unable to mount root fs on unknown-block(%u,%u); Mica keeps the "
		       "initramfs as the root (Linux panics here)\n", MAJOR(bdev->devt),
		       MINOR(bdev->devt));
		block_device_put(bdev);
		return err;
	}
	pr_info("VFS: Mounted root (%s filesystem)%s on device %u:%u.\n", which,
		flags & MS_RDONLY ? " readonly" : "", MAJOR(bdev->devt), MINOR(bdev->devt));
	block_device_put(bdev);
	vfs_switch_root();
	mount_devtmpfs();
	return 0;
}
