/*
 * getdents on FAT directories. A position is the byte offset of the next
 * entry in the directory; the root has no "." and ".." on disk, so its
 * positions 0 and 1 stand for them and the entries follow at offset + 2.
 * Inode numbers are those stat gives (the entry's disk position).
 */
#include "fat.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/errno.h>

static ssize_t fat_getdents(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct inode *dir = f->inode;
	struct fat_sb *sbi = FSB(dir);
	bool root = dir->ino == FAT_ROOT_INO;
	struct fat_slot *slot = kmalloc(sizeof(*slot));
	size_t used = 0;
	int r = 0;

	if (!slot)
		return -ENOMEM;
	mutex_lock(&dir->lock);
	if (root && *pos == 0 && !(r = vfs_dirent_emit(buf, n, &used, dir->ino, 1, S_IFDIR, ".")))
		*pos = 1;
	if (root && !r && *pos == 1 &&
	    !(r = vfs_dirent_emit(buf, n, &used, dir->ino, 2, S_IFDIR, "..")))
		*pos = 2;
	while (!r) {
		u64 off = root ? *pos - 2 : *pos, ino;
		u32 mode;

		if (root && *pos < 2)
			break;
		mutex_lock(&sbi->lock);
		r = fat_dir_next(sbi, FI(dir), &off, slot);
		if (r > 0) {
			if (!strcmp(slot->name, "."))
				ino = dir->ino;
			else if (!strcmp(slot->name, ".."))
				ino = FI(dir)->parent->ino;
			else
				r = fat_dir_pos(sbi, FI(dir), slot->sde_off, &ino) ?: 1;
		}
		mutex_unlock(&sbi->lock);
		if (r <= 0)
			break;
		mode = slot->de[11] & FAT_ATTR_DIR ? S_IFDIR : S_IFREG;
		r = vfs_dirent_emit(buf, n, &used, ino, root ? off + 2 : off, mode, slot->name);
		if (!r)
			*pos = root ? off + 2 : off;
	}
	mutex_unlock(&dir->lock);
	kfree(slot);
	if (r < 0 && !used)
		return r;
	if (r > 0 && !used)
		return -EINVAL;	/* buffer too small for one entry */
	return used;
}

const struct file_ops fat_dir_fops = {
	.getdents = fat_getdents,
};
