/*
 * ext4 extended attributes, read side: the area in the inode after
 * i_extra_isize, then the xattr block (i_file_acl). user.*, trusted.*,
 * security.* and system.* names; system.posix_acl_access/default are
 * converted from ext4's compact form to the POSIX xattr form. Also the
 * inline data of a file (i_block, continued in "system.data"), and the
 * release of an inode's xattr block when the inode is freed.
 */
#include "ext4.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static const struct {
	u8 index;
	const char *prefix;
} prefixes[] = {
	{ EXT4_XATTR_INDEX_USER, "user." },
	{ EXT4_XATTR_INDEX_POSIX_ACL_ACCESS, "system.posix_acl_access" },
	{ EXT4_XATTR_INDEX_POSIX_ACL_DEFAULT, "system.posix_acl_default" },
	{ EXT4_XATTR_INDEX_TRUSTED, "trusted." },
	{ EXT4_XATTR_INDEX_SECURITY, "security." },
	{ EXT4_XATTR_INDEX_SYSTEM, "system." },
};

static const char *prefix_of(u8 index)
{
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (prefixes[i].index == index)
			return prefixes[i].prefix;
	return NULL;
}

/* Split a full name into an index and the stored suffix (-EOPNOTSUPP: a
 * name space ext4 does not have). */
int ext4_xattr_split_name(const char *name, u8 *index, const char **suffix)
{
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i].prefix);

		if (!strncmp(name, prefixes[i].prefix, n)) {
			/* The ACL names are whole; "system.x" matches system. */
			if ((prefixes[i].index == EXT4_XATTR_INDEX_POSIX_ACL_ACCESS ||
			     prefixes[i].index == EXT4_XATTR_INDEX_POSIX_ACL_DEFAULT) && name[n])
				continue;
			*index = prefixes[i].index;
			*suffix = name + n;
			return 0;
		}
	}
	return -EOPNOTSUPP;
}

/* Call fn over the inode's in-body entries and then its block's. */
static int xattr_walk(struct ext4_inode *ei, int (*fn)(const struct ext4_xattr *x, void *arg),
		      void *arg)
{
	struct ext4_fs *fs = ei->fs;
	struct buffer_head *bh;
	const char *why;
	u64 blk;
	u32 off, start = EXT4_GOOD_OLD_INODE_SIZE + ei->extra_isize;
	int err = ext4_inode_loc(fs, (u32)ei->vfs.ino, &blk, &off);

	if (err)
		return err;
	if (start + 8 <= fs->g.inode_size) {
		bh = bcache_read(fs->bdev, blk, fs->g.block_size);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		mutex_lock(&fs->itable_lock);
		err = ext4_xattr_ibody_walk((u8 *)bh->data + off + start, fs->g.inode_size - start,
					    fn, arg, &why);
		mutex_unlock(&fs->itable_lock);
		bcache_release(bh);
		if (err == -EUCLEAN)
			return ext4_corrupt(fs, "inode %lu xattrs: %s", (unsigned long)ei->vfs.ino,
					    why);
		if (err && err != -ENODATA)
			return err;
	}
	if (!ei->file_acl)
		return 0;
	if (ext4_block_is_metadata(fs, ei->file_acl, 1))
		return ext4_corrupt(fs, "inode %lu xattr block in metadata",
				    (unsigned long)ei->vfs.ino);
	bh = bcache_read(fs->bdev, ei->file_acl, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	err = ext4_xattr_block_walk(&fs->g, bh->data, ei->file_acl, fn, arg, &why);
	bcache_release(bh);
	if (err == -EUCLEAN)
		return ext4_corrupt(fs, "inode %lu xattr block: %s", (unsigned long)ei->vfs.ino,
				    why);
	return err;
}

struct get_ctx {
	u8 index;
	const char *suffix;
	void *buf;
	size_t size;
	ssize_t result;
};

static int get_one(const struct ext4_xattr *x, void *arg)
{
	struct get_ctx *c = arg;

	if (x->index != c->index || x->name_len != strlen(c->suffix) ||
	    memcmp(x->name, c->suffix, x->name_len))
		return 0;
	if (c->index == EXT4_XATTR_INDEX_POSIX_ACL_ACCESS ||
	    c->index == EXT4_XATTR_INDEX_POSIX_ACL_DEFAULT) {
		c->result = ext4_acl_to_xattr(x->value, x->value_size, c->buf, (u32)c->size);
		return 1;
	}
	if (c->size && c->size < x->value_size)
		c->result = -ERANGE;
	else {
		if (c->size)
			memcpy(c->buf, x->value, x->value_size);
		c->result = x->value_size;
	}
	return 1;
}

ssize_t ext4_getxattr(struct inode *ino, const char *name, void *buf, size_t size)
{
	struct get_ctx c = { .buf = buf, .size = size, .result = -ENODATA };
	int err = ext4_xattr_split_name(name, &c.index, &c.suffix);

	if (err)
		return err;
	err = xattr_walk(EXT4_I(ino), get_one, &c);
	if (err < 0)
		return err;
	if (c.result == -EUCLEAN)
		return ext4_corrupt(EXT4_FS(ino), "inode %lu: bad ACL", (unsigned long)ino->ino);
	return c.result;
}

struct list_ctx {
	char *buf;
	size_t size, used;
	int err;
};

static int list_one(const struct ext4_xattr *x, void *arg)
{
	struct list_ctx *c = arg;
	const char *p = prefix_of(x->index);
	size_t pl, n;

	if (!p)
		return 0;	/* an index Mica does not name: not listed */
	pl = strlen(p);
	n = pl + (x->index == EXT4_XATTR_INDEX_POSIX_ACL_ACCESS ||
		  x->index == EXT4_XATTR_INDEX_POSIX_ACL_DEFAULT ? 0 : x->name_len) + 1;
	if (c->size) {
		if (c->used + n > c->size) {
			c->err = -ERANGE;
			return 1;
		}
		memcpy(c->buf + c->used, p, pl);
		memcpy(c->buf + c->used + pl, x->name, n - pl - 1);
		c->buf[c->used + n - 1] = 0;
	}
	c->used += n;
	return 0;
}

ssize_t ext4_listxattr(struct inode *ino, char *buf, size_t size)
{
	struct list_ctx c = { buf, size, 0, 0 };
	int err = xattr_walk(EXT4_I(ino), list_one, &c);

	if (err < 0)
		return err;
	return c.err ? c.err : (ssize_t)c.used;
}

/* Inline data: the first 60 bytes in i_block, the rest in system.data. */
int ext4_inline_read(struct ext4_inode *ei, void *buf, u64 pos, size_t n)
{
	u64 size = ei->vfs.size;
	size_t first;
	u8 *tmp;
	ssize_t extra;

	if (pos >= size)
		return 0;
	n = (size_t)MIN((u64)n, size - pos);
	first = pos < EXT4_IBLOCK_SIZE ? (size_t)MIN((u64)n, EXT4_IBLOCK_SIZE - pos) : 0;
	memcpy(buf, ei->iblock + pos, first);
	if (first == n)
		return 0;
	tmp = kmalloc(PAGE_SIZE);
	if (!tmp)
		return -ENOMEM;
	extra = ext4_getxattr(&ei->vfs, "system.data", tmp, PAGE_SIZE);
	if (extra >= 0) {
		u64 from = pos + first - EXT4_IBLOCK_SIZE;

		if ((u64)extra < from + (n - first)) {
			kfree(tmp);
			return ext4_corrupt(ei->fs, "inode %lu: inline data shorter than its size",
					    (unsigned long)ei->vfs.ino);
		}
		memcpy((u8 *)buf + first, tmp + from, n - first);
		extra = 0;
	}
	kfree(tmp);
	return (int)extra;
}

/* The inode goes: drop its reference on the xattr block. */
int ext4_xattr_free_block(struct ext4_handle *h, struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	struct buffer_head *bh;
	u64 blk = ei->file_acl;
	u32 refs;
	int err;

	if (!blk)
		return 0;
	if (ext4_block_is_metadata(fs, blk, 1))
		return ext4_corrupt(fs, "inode %lu xattr block in metadata",
				    (unsigned long)ei->vfs.ino);
	bh = bcache_read(fs->bdev, blk, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	refs = ext4_get32((u8 *)bh->data + 4);
	if (ext4_get32(bh->data) != EXT4_XATTR_MAGIC || !refs) {
		bcache_release(bh);
		return ext4_corrupt(fs, "bad xattr block %llu", (unsigned long long)blk);
	}
	ei->file_acl = 0;
	ei->blocks -= MIN((u64)fs->g.block_size / 512, ei->blocks);
	if (refs == 1) {
		bcache_release(bh);
		ext4_forget(h, blk);
		return ext4_bfree(h, fs, blk, 1);
	}
	/* Shared: one reference less, checksum again (it covers refcount). */
	err = ext4_get_write_access(h, bh);
	if (!err) {
		ext4_put32((u8 *)bh->data + 4, refs - 1);
		ext4_xattr_block_set_csum(&fs->g, bh->data, blk);
		err = ext4_dirty_metadata(h, bh);
	}
	bcache_release(bh);
	return err;
}
