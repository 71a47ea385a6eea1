/*
 * Super blocks: mounted instances of file systems on block devices. One
 * block device carries at most one mounted instance; bind mounts share it.
 *
 * Lock: super_lock (a mutex) guards the list of super blocks; taken
 * before any file system's own locks, and never while holding one.
 */
#include <kernel/mount.h>
#include <kernel/bcache.h>
#include <kernel/block.h>
#include <kernel/dcache.h>
#include <kernel/pagecache.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static LIST_HEAD(supers);
static struct mutex super_lock = MUTEX_INIT(super_lock);

/* The block device a mount source names: a device node's path, or the
 * name of a device ("vda1", "/dev/vda1" when there is no such node). */
static struct block_device *source_bdev(const char *source, int *err)
{
	struct block_device *bdev = NULL;
	struct inode *ino;
	const char *name = source;

	ino = vfs_lookup(AT_FDCWD, source, true);
	if (!IS_ERR(ino)) {
		u32 mode = ino->mode;
		u32 rdev = ino->rdev;

		inode_put(ino);
		if ((mode & S_IFMT) != S_IFBLK) {
			*err = -ENOTBLK;
			return NULL;
		}
		bdev = block_device_by_devt(rdev);
		*err = bdev ? 0 : -ENXIO;
		return bdev;
	}
	if (!strncmp(name, "/dev/", 5))
		name += 5;
	if (!*name || strchr(name, '/')) {
		*err = PTR_ERR(ino);
		return NULL;
	}
	bdev = block_device_find(name);
	*err = bdev ? 0 : PTR_ERR(ino);
	return bdev;
}

struct super_block *sb_alloc(struct mount *m, const char *source, unsigned long flags)
{
	struct super_block *sb, *other;
	struct block_device *bdev;
	int err;

	bdev = source_bdev(source, &err);
	if (!bdev)
		return ERR_PTR(err);
	if (!(flags & MS_RDONLY) && (bdev->flags & BLOCK_RO)) {
		block_device_put(bdev);
		return ERR_PTR(-EACCES);
	}
	sb = kzalloc(sizeof(*sb));
	if (!sb) {
		block_device_put(bdev);
		return ERR_PTR(-ENOMEM);
	}
	atomic_set(&sb->refs, 1);
	sb->type = m->type;
	sb->bdev = bdev;
	sb->dev = bdev->devt;
	sb->flags = flags & MS_RDONLY;
	mutex_init(&sb->s_lock, "super_block.s_lock");
	icache_init(&sb->icache);
	INIT_LIST_HEAD(&sb->dcache_entries);
	mutex_lock(&super_lock);
	list_for_each_entry(other, &supers, link)
		if (other->bdev == bdev || other->bdev->whole == bdev ||
		    bdev->whole == other->bdev) {
			mutex_unlock(&super_lock);
			block_device_put(bdev);
			kfree(sb);
			return ERR_PTR(-EBUSY);
		}
	list_add_tail(&sb->link, &supers);
	mutex_unlock(&super_lock);
	m->sb = sb;
	m->dev = sb->dev;
	return sb;
}

void sb_free(struct super_block *sb)
{
	mutex_lock(&super_lock);
	list_del(&sb->link);
	mutex_unlock(&super_lock);
	/* Cached buffers hold references on the device: drop them, so that
	 * the device is free once unmounted (a loop device with AUTOCLEAR
	 * goes with its last user, as on Linux). */
	bcache_invalidate(sb->bdev);
	block_device_put(sb->bdev);
	kfree(sb);
}

void sb_put(struct super_block *sb)
{
	if (!atomic_dec_and_test(&sb->refs))
		return;
	dcache_drop_sb(sb);	/* its inodes go (and are written back below) */
	if (!(sb->flags & MS_RDONLY)) {
		filemap_sync_sb(sb);
		if (sb->type->sync)
			sb->type->sync(sb, true);
	}
	if (sb->type->kill_sb)
		sb->type->kill_sb(sb);
	sb_free(sb);
}

int sb_remount(struct super_block *sb, unsigned long flags, const char *data)
{
	bool to_ro = (flags & MS_RDONLY) && !(sb->flags & MS_RDONLY);
	int err = 0;

	if (!(flags & MS_RDONLY) && (sb->bdev->flags & BLOCK_RO))
		return -EACCES;
	mutex_lock(&sb->s_lock);
	if (to_ro) {
		err = filemap_sync_sb(sb);
		if (!err && sb->type->sync)
			err = sb->type->sync(sb, true);
	}
	if (!err && sb->type->remount)
		err = sb->type->remount(sb, flags, data);
	if (!err)
		WRITE_ONCE(sb->flags, (sb->flags & ~MS_RDONLY) | (flags & MS_RDONLY));
	mutex_unlock(&sb->s_lock);
	return err;
}

int sb_for_each(int (*fn)(struct super_block *sb, void *arg), void *arg)
{
	struct super_block *sb, *prev = NULL;
	int ret = 0;

	mutex_lock(&super_lock);
	list_for_each_entry(sb, &supers, link) {
		if (!atomic_read(&sb->refs))
			continue;	/* on its way out */
		atomic_inc(&sb->refs);
		mutex_unlock(&super_lock);
		if (prev)
			sb_put(prev);
		prev = sb;
		ret = fn(sb, arg);
		mutex_lock(&super_lock);
		if (ret)
			break;
	}
	mutex_unlock(&super_lock);
	if (prev)
		sb_put(prev);
	return ret;
}
