/*
 * ext4 extended attributes, write side (setxattr, removexattr), as Linux
 * places them: a new value goes into the inode body after i_extra_isize
 * when it fits there, else into the xattr block (i_file_acl), which is
 * allocated near the inode for the first entry, copied when shared with
 * other inodes (h_refcount > 1) and freed with its last entry.
 *
 * Both areas are copied out, decoded into entry lists, changed in memory
 * and built again by format_xattr.c; only when the new lists are known
 * to fit does a journal handle change the disk, in one transaction.
 * Called with inode.lock held (the VFS), which orders every xattr change
 * of an inode and guards i_file_acl.
 */
#include "ext4.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define XATTR_CREATE 1
#define XATTR_REPLACE 2
/* Inode block, old and new xattr block, and a bitmap, descriptor and
 * superblock for the allocation and for the release. */
#define XATTR_CREDITS 12

struct xlist {
	struct ext4_xattr *e;
	u32 n, cap;
};

/* An inode's xattrs while they are changed. */
struct xstate {
	struct ext4_inode *ei;
	u32 isize;		/* bytes of the in-inode area; 0: the inode has none */
	u8 *iold, *inew;	/* the in-inode area as read, and as it will be */
	u8 *bold;		/* the xattr block as read, or NULL */
	u32 refcount;		/* its h_refcount */
	struct xlist in, blk;	/* entries, pointing into iold, bold and the caller's value */
};

static int collect(const struct ext4_xattr *x, void *arg)
{
	struct xlist *l = arg;

	if (l->n == l->cap)
		return -EUCLEAN;	/* more entries than bytes allow */
	l->e[l->n++] = *x;
	return 0;
}

/* Room for every entry an area of size bytes can hold, and one more. */
static int xlist_init(struct xlist *l, u32 size)
{
	l->n = 0;
	l->cap = size / 16 + 2;
	l->e = kmalloc(l->cap * sizeof(*l->e));
	return l->e ? 0 : -ENOMEM;
}

static void xstate_free(struct xstate *s)
{
	kfree(s->iold);
	kfree(s->inew);
	kfree(s->bold);
	kfree(s->in.e);
	kfree(s->blk.e);
}

/* Copy the inode's in-body area out and decode it. */
static int load_ibody(struct xstate *s)
{
	struct ext4_inode *ei = s->ei;
	struct ext4_fs *fs = ei->fs;
	u32 start = EXT4_GOOD_OLD_INODE_SIZE + ei->extra_isize, off;
	struct buffer_head *bh;
	const char *why;
	u64 blk;
	int err;

	if (fs->g.inode_size <= EXT4_GOOD_OLD_INODE_SIZE || start + 8 > fs->g.inode_size)
		return 0;	/* no room: everything goes to the block */
	err = ext4_inode_loc(fs, (u32)ei->vfs.ino, &blk, &off);
	if (err)
		return err;
	s->isize = fs->g.inode_size - start;
	s->iold = kmalloc(s->isize);
	s->inew = kmalloc(s->isize);
	if (!s->iold || !s->inew)
		return -ENOMEM;
	bh = bcache_read(fs->bdev, blk, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	mutex_lock(&fs->itable_lock);
	memcpy(s->iold, (u8 *)bh->data + off + start, s->isize);
	mutex_unlock(&fs->itable_lock);
	bcache_release(bh);
	err = ext4_xattr_ibody_walk(s->iold, s->isize, collect, &s->in, &why);
	if (err == -EUCLEAN)
		return ext4_corrupt(fs, "inode %lu xattrs: %s", (unsigned long)ei->vfs.ino, why);
	return err == -ENODATA ? 0 : err;
}

/* Copy the xattr block out and decode it. */
static int load_block(struct xstate *s)
{
	struct ext4_inode *ei = s->ei;
	struct ext4_fs *fs = ei->fs;
	struct buffer_head *bh;
	const char *why;
	int err;

	if (!ei->file_acl)
		return 0;
	if (ext4_block_is_metadata(fs, ei->file_acl, 1) || ei->file_acl >= fs->g.blocks_count)
		return ext4_corrupt(fs, "inode %lu xattr block %llu out of place",
				    (unsigned long)ei->vfs.ino, (unsigned long long)ei->file_acl);
	s->bold = kmalloc(fs->g.block_size);
	if (!s->bold)
		return -ENOMEM;
	bh = bcache_read(fs->bdev, ei->file_acl, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	memcpy(s->bold, bh->data, fs->g.block_size);
	bcache_release(bh);
	err = ext4_xattr_block_walk(&fs->g, s->bold, ei->file_acl, collect, &s->blk, &why);
	if (err == -EUCLEAN)
		return ext4_corrupt(fs, "inode %lu xattr block: %s", (unsigned long)ei->vfs.ino,
				    why);
	s->refcount = ext4_get32(s->bold + 4);
	if (!err && !s->refcount)
		return ext4_corrupt(fs, "inode %lu xattr block with no references",
				    (unsigned long)ei->vfs.ino);
	return err;
}

static int xstate_load(struct xstate *s, struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	int err;

	memset(s, 0, sizeof(*s));
	s->ei = ei;
	err = xlist_init(&s->in, fs->g.inode_size);
	if (!err)
		err = xlist_init(&s->blk, fs->g.block_size);
	if (!err)
		err = load_ibody(s);
	if (!err)
		err = load_block(s);
	return err;
}

/* Take (index, name) out of l: whether it was there (then in *old). */
static bool xlist_remove(struct xlist *l, const struct ext4_xattr *key, struct ext4_xattr *old)
{
	for (u32 i = 0; i < l->n; i++) {
		if (!ext4_xattr_cmp(&l->e[i], key)) {
			*old = l->e[i];
			memmove(&l->e[i], &l->e[i + 1], (l->n - i - 1) * sizeof(*l->e));
			l->n--;
			return true;
		}
	}
	return false;
}

/* The xattr block as s->blk says, inside h: rewritten in place when the
 * inode alone uses it, else a new block (the shared one keeps its entries
 * for its other users); freed when empty. */
static int store_block(struct ext4_handle *h, struct xstate *s)
{
	struct ext4_inode *ei = s->ei;
	struct ext4_fs *fs = ei->fs;
	struct buffer_head *bh;
	u64 blk = ei->file_acl;
	u32 got;
	int err;

	if (!s->blk.n)
		return ext4_xattr_free_block(h, ei);	/* drops i_file_acl and i_blocks */
	ext4_xattr_sort(s->blk.e, s->blk.n);
	if (blk && s->refcount == 1) {
		bh = bcache_read(fs->bdev, blk, fs->g.block_size);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		err = ext4_get_write_access(h, bh);
	} else {
		u64 goal = ext4_group_first_block(&fs->g,
				((u32)ei->vfs.ino - 1) / fs->g.inodes_per_group);

		err = ext4_balloc(h, fs, goal, 1, &blk, &got);
		if (err)
			return err;
		bh = bcache_get(fs->bdev, blk, fs->g.block_size);
		if (IS_ERR(bh)) {
			ext4_bfree(h, fs, blk, 1);
			return PTR_ERR(bh);
		}
		err = ext4_get_create_access(h, bh);
	}
	if (!err) {
		/* Sized before the handle began: it fits. */
		err = ext4_xattr_block_build(&fs->g, bh->data, blk, 1, s->blk.e, s->blk.n);
		if (!err)
			err = ext4_dirty_metadata(h, bh);
	}
	bcache_release(bh);
	if (err || blk == ei->file_acl)
		return err;
	if (ei->file_acl) {	/* the shared block: one user less */
		err = ext4_xattr_free_block(h, ei);
		if (err)
			return err;
	}
	ei->file_acl = blk;
	mutex_lock(&ei->map_lock);
	ei->blocks += fs->g.block_size / 512;
	mutex_unlock(&ei->map_lock);
	return 0;
}

/*
 * Set (value non-NULL) or remove (index, suffix) on the inode. Linux's
 * flags and errors: XATTR_CREATE on an existing name EEXIST, XATTR_REPLACE
 * or a removal of a missing one ENODATA, no room in the inode or a block
 * ENOSPC. Nothing changes on failure.
 */
static int xattr_change(struct ext4_inode *ei, u8 index, const char *suffix, const void *value,
			size_t size, int flags)
{
	struct ext4_fs *fs = ei->fs;
	struct ext4_xattr key = { .index = index, .name = suffix,
				  .value = value, .value_size = (u32)size };
	struct ext4_xattr old;
	struct ext4_handle *h;
	struct xstate s;
	bool found, in_changed, blk_changed;
	int err, e;

	if (ext4_is_ro(fs))
		return -EROFS;
	key.name_len = (u8)strlen(suffix);	/* the VFS keeps names to 255 bytes */
	err = xstate_load(&s, ei);
	if (err)
		goto out;
	in_changed = xlist_remove(&s.in, &key, &old);
	blk_changed = xlist_remove(&s.blk, &key, &old);
	found = in_changed || blk_changed;
	err = -EEXIST;
	if (found && (flags & XATTR_CREATE))
		goto out;
	err = -ENODATA;
	if (!found && (!value || (flags & XATTR_REPLACE)))
		goto out;
	err = 0;	/* the same value again: nothing moves (as Linux) */
	if (found && value && old.value_size == size && !memcmp(old.value, value, size))
		goto out;
	if (value) {
		/* The inode first, as Linux tries it; the block when it is full. */
		s.in.e[s.in.n++] = key;
		if (s.isize && ext4_xattr_space(s.in.e, s.in.n) <= s.isize - 4) {
			in_changed = true;
		} else {
			s.in.n--;
			s.blk.e[s.blk.n++] = key;
			blk_changed = true;
		}
	}
	err = -ENOSPC;
	if (blk_changed && ext4_xattr_space(s.blk.e, s.blk.n) > fs->g.block_size - 32)
		goto out;
	if (in_changed)
		ext4_xattr_ibody_build(s.inew, s.isize, s.in.e, s.in.n);	/* fits */
	h = ext4_journal_start(fs, XATTR_CREDITS);
	if (IS_ERR(h)) {
		err = PTR_ERR(h);
		goto out;
	}
	err = blk_changed ? store_block(h, &s) : 0;
	if (!err)
		err = ext4_inode_save_ibody(h, ei, in_changed ? s.inew : NULL);
	e = ext4_journal_stop(h);
	if (!err)
		err = e;
out:
	xstate_free(&s);
	return err;
}

/* The names a user may write: user., trusted. and security. (the VFS
 * checked the caller may). system.posix_acl_* are only read: writing
 * them needs the mode kept in step, which Mica does not do. */
static int writable_name(const char *name, u8 *index, const char **suffix)
{
	int err = ext4_xattr_split_name(name, index, suffix);

	if (err)
		return err;
	if (*index != EXT4_XATTR_INDEX_USER && *index != EXT4_XATTR_INDEX_TRUSTED &&
	    *index != EXT4_XATTR_INDEX_SECURITY)
		return -EOPNOTSUPP;
	return **suffix ? 0 : -EINVAL;	/* "user." alone: Linux's xattr_resolve_name */
}

int ext4_setxattr(struct inode *ino, const char *name, const void *val, size_t size, int flags)
{
	static const u8 empty[1];
	const char *suffix;
	u8 index;
	int err = writable_name(name, &index, &suffix);

	if (err)
		return err;
	return xattr_change(EXT4_I(ino), index, suffix, val ? val : empty, size, flags);
}

int ext4_removexattr(struct inode *ino, const char *name)
{
	const char *suffix;
	u8 index;
	int err = writable_name(name, &index, &suffix);

	if (err)
		return err;
	return xattr_change(EXT4_I(ino), index, suffix, NULL, 0, 0);
}
