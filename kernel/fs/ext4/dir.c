/*
 * ext4 directories: linear blocks of entries with checksum tails, the
 * entry operations (find, add, remove, set, "..") and readdir. Htree
 * (dir_index) lookups and the growing of htrees are in dir_dx.c: a name
 * added to an indexed directory goes to the leaf its hash selects, split
 * when full; a linear directory of one full block becomes an htree when
 * the file system has dir_index; a linear directory of several blocks
 * (made without dir_index) stays linear and grows by a block at the end,
 * as in Linux. Removing a name from an htree leaf keeps the index.
 *
 * inode.lock of the directory is held by every caller (the VFS takes it).
 */
#include "dir.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define NO_PREV 0xffffffffu

static u8 mode_to_ft(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT4_FT_REG_FILE;
	case S_IFDIR: return EXT4_FT_DIR;
	case S_IFCHR: return EXT4_FT_CHRDEV;
	case 0060000: return EXT4_FT_BLKDEV;
	case 0010000: return EXT4_FT_FIFO;
	case 0140000: return EXT4_FT_SOCK;
	case S_IFLNK: return EXT4_FT_SYMLINK;
	}
	return EXT4_FT_UNKNOWN;
}

u32 ext4_ft_to_mode(u8 ft)
{
	static const u32 modes[EXT4_FT_MAX] = {
		0, S_IFREG, S_IFDIR, S_IFCHR, 0060000, 0010000, 0140000, S_IFLNK,
	};

	return ft < EXT4_FT_MAX ? modes[ft] : 0;
}

int ext4_dir_read(struct ext4_inode *dir, u32 lblk, struct buffer_head **bhp, enum blk_kind *kind)
{
	struct ext4_fs *fs = dir->fs;
	struct buffer_head *bh;
	const char *why;
	u64 pblk;
	u32 run;
	int err;

	if (dir->flags & EXT4_INLINE_DATA_FL)
		return -EOPNOTSUPP;	/* inline directories: not yet */
	if (lblk >= ext4_dir_nblocks(dir))
		return ext4_corrupt(fs, "directory %lu: block %u past its end",
				    (unsigned long)dir->vfs.ino, lblk);
	mutex_lock(&dir->map_lock);
	err = ext4_map_lookup(dir, lblk, &pblk, &run);
	mutex_unlock(&dir->map_lock);
	if (err)
		return err;
	if (!pblk)
		return ext4_corrupt(fs, "directory %lu: hole at block %u",
				    (unsigned long)dir->vfs.ino, lblk);
	bh = bcache_read(fs->bdev, pblk, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	*kind = BLK_LINEAR;
	if (ext4_dir_indexed(dir)) {
		struct ext4_dx_node n;
		struct ext4_dirent d;

		if (lblk == 0) {
			err = ext4_dx_root_parse(&fs->g, bh->data, dir->iseed, &n, &why);
			*kind = BLK_DX_ROOT;
			goto checked;
		}
		ext4_dirent_get(bh->data, 0, &d);
		if (!d.inode && d.rec_len == fs->g.block_size &&
		    !ext4_dx_node_parse(&fs->g, bh->data, dir->iseed, &n, &why)) {
			*kind = BLK_DX_NODE;
			*bhp = bh;
			return 0;
		}
	}
	err = ext4_dirblock_check(&fs->g, bh->data, dir->iseed, &why);
checked:
	if (err) {
		bcache_release(bh);
		return ext4_corrupt(fs, "directory %lu block %u: %s", (unsigned long)dir->vfs.ino,
				    lblk, why);
	}
	*bhp = bh;
	return 0;
}

/* Search a linear block for name: its offset and the previous entry's. */
static bool block_find(struct ext4_fs *fs, const u8 *blk, const char *name, u32 len, u32 *off,
		       u32 *prev)
{
	u32 end = ext4_dirblock_end(&fs->g), o = 0, p = NO_PREV;

	while (o < end) {
		struct ext4_dirent d;

		ext4_dirent_get(blk, o, &d);
		if (d.inode && d.name_len == len && !memcmp(d.name, name, len)) {
			*off = o;
			*prev = p;
			return true;
		}
		p = o;
		o += d.rec_len;
	}
	return false;
}

struct dir_loc {
	struct buffer_head *bh;	/* referenced */
	u32 lblk, off, prev;
};

/* Search block b: 0 with loc filled, -ENOENT, or an error. */
static int locate_in(struct ext4_inode *dir, u32 b, const char *name, u32 len, struct dir_loc *loc)
{
	enum blk_kind kind;
	int err = ext4_dir_read(dir, b, &loc->bh, &kind);

	if (err)
		return err;
	if (kind == BLK_LINEAR &&
	    block_find(dir->fs, loc->bh->data, name, len, &loc->off, &loc->prev)) {
		loc->lblk = b;
		return 0;
	}
	bcache_release(loc->bh);
	return -ENOENT;
}

/* Find name: 0 with loc filled (release loc->bh), -ENOENT, or an error. */
static int dir_locate(struct ext4_inode *dir, const char *name, struct dir_loc *loc)
{
	u32 len = (u32)strlen(name), n = ext4_dir_nblocks(dir);
	int err;

	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (ext4_dir_indexed(dir)) {
		u32 leaf;
		bool more;

		err = ext4_dx_leaf(dir, name, len, &leaf, &more);
		if (!err)
			err = locate_in(dir, leaf, name, len, loc);
		if (err != -ENOENT || !more)
			return err;
	}
	for (u32 b = 0; b < n; b++) {
		err = locate_in(dir, b, name, len, loc);
		if (err != -ENOENT)
			return err;
	}
	return -ENOENT;
}

int ext4_dir_find(struct ext4_inode *dir, const char *name, u32 *ino_nr, u8 *type)
{
	struct dir_loc loc;
	struct ext4_dirent d;
	int err = dir_locate(dir, name, &loc);

	if (err)
		return err;
	ext4_dirent_get(loc.bh->data, loc.off, &d);
	*ino_nr = d.inode;
	*type = d.file_type;
	bcache_release(loc.bh);
	return 0;
}

int ext4_dir_block_done(struct ext4_handle *h, struct ext4_inode *dir, struct buffer_head *bh)
{
	ext4_dirblock_finish(&dir->fs->g, bh->data, dir->iseed);
	return ext4_dirty_metadata(h, bh);
}

/* Put the entry in a linear block if it has room: 1 done, 0 no room. */
static int block_insert(struct ext4_handle *h, struct ext4_inode *dir, struct buffer_head *bh,
			const char *name, u32 len, u32 ino_nr, u8 ft)
{
	struct ext4_fs *fs = dir->fs;
	u32 end = ext4_dirblock_end(&fs->g), need = ext4_dirent_size(len), o = 0;
	u8 *blk = bh->data;

	while (o < end) {
		struct ext4_dirent d;
		u32 used;
		int err;

		ext4_dirent_get(blk, o, &d);
		used = d.inode ? ext4_dirent_size(d.name_len) : 0;
		if (d.rec_len - used >= need) {
			err = ext4_get_write_access(h, bh);
			if (err)
				return err;
			if (used) {
				ext4_put16(blk + o + 4, (u16)used);
				o += used;
			}
			ext4_dirent_put(blk, o, ino_nr, (u16)(d.rec_len - used), name, (u8)len, ft);
			err = ext4_dir_block_done(h, dir, bh);
			return err ? err : 1;
		}
		o += d.rec_len;
	}
	return 0;
}

int ext4_dir_grow(struct ext4_handle *h, struct ext4_inode *dir, u32 n, u32 *first,
		  struct buffer_head **bhs)
{
	struct ext4_fs *fs = dir->fs;
	u32 lblk = ext4_dir_nblocks(dir), run, i;
	u64 pblk[2];
	int err;

	if (n > 2 || lblk + n > 0x7fffffffu / fs->g.block_size)
		return -EFBIG;
	mutex_lock(&dir->map_lock);
	err = ext4_map_alloc(h, dir, lblk, n, false);
	for (i = 0; i < n && !err; i++)
		err = ext4_map_lookup(dir, lblk + i, &pblk[i], &run);
	mutex_unlock(&dir->map_lock);
	if (err)
		return err;
	/* The blocks are the directory's now: its size covers them even if
	 * what follows fails (they stay empty linear blocks). */
	dir->vfs.size += (u64)n * fs->g.block_size;
	err = ext4_inode_save(h, dir);
	for (i = 0; i < n && !err; i++) {
		bhs[i] = bcache_get(fs->bdev, pblk[i], fs->g.block_size);
		if (IS_ERR(bhs[i])) {
			err = PTR_ERR(bhs[i]);
			break;
		}
		err = ext4_get_create_access(h, bhs[i]);
		if (!err) {
			memset(bhs[i]->data, 0, fs->g.block_size);
			ext4_dirent_put(bhs[i]->data, 0, 0, (u16)ext4_dirblock_end(&fs->g), "", 0, 0);
			err = ext4_dir_block_done(h, dir, bhs[i]);
		}
		if (err) {
			bcache_release(bhs[i]);
			break;
		}
	}
	if (err) {
		while (i-- > 0)
			bcache_release(bhs[i]);
		return err;
	}
	*first = lblk;
	return 0;
}

/* A new block at the end of the directory holding one entry. */
static int append_block(struct ext4_handle *h, struct ext4_inode *dir, const char *name, u32 len,
			u32 ino_nr, u8 ft)
{
	struct buffer_head *bh;
	u32 lblk;
	int err = ext4_dir_grow(h, dir, 1, &lblk, &bh);

	if (err)
		return err;
	ext4_dirent_put(bh->data, 0, ino_nr, (u16)ext4_dirblock_end(&dir->fs->g), name, (u8)len,
			ft);
	err = ext4_dir_block_done(h, dir, bh);
	bcache_release(bh);
	return err;
}

int ext4_dir_insert_in(struct ext4_handle *h, struct ext4_inode *dir, u32 b, const char *name,
		       u32 len, u32 ino_nr, u8 ft)
{
	struct buffer_head *bh;
	enum blk_kind kind;
	int err = ext4_dir_read(dir, b, &bh, &kind);

	if (err)
		return err;
	err = kind == BLK_LINEAR ? block_insert(h, dir, bh, name, len, ino_nr, ft) : 0;
	bcache_release(bh);
	return err;
}

int ext4_dir_add(struct ext4_handle *h, struct ext4_inode *dir, const char *name, u32 ino_nr,
		 u32 mode)
{
	u32 len = (u32)strlen(name), n;
	u8 ft = (dir->fs->g.incompat & EXT4_INCOMPAT_FILETYPE) ? mode_to_ft(mode) : 0;
	int err;

	if (!len || len > NAME_MAX)
		return len ? -ENAMETOOLONG : -ENOENT;
	if (ext4_dir_indexed(dir))
		return ext4_dx_add(h, dir, name, len, ino_nr, ft);
	n = ext4_dir_nblocks(dir);
	for (u32 b = 0; b < n; b++) {
		err = ext4_dir_insert_in(h, dir, b, name, len, ino_nr, ft);
		if (err)
			return err < 0 ? err : 0;
	}
	/* One full block: Linux indexes the directory (make_indexed_dir). */
	if (n == 1 && (dir->fs->g.compat & EXT4_COMPAT_DIR_INDEX) &&
	    !(dir->flags & EXT4_INLINE_DATA_FL)) {
		err = ext4_dx_make_indexed(h, dir);
		if (err <= 0)
			return err ? err : ext4_dx_add(h, dir, name, len, ino_nr, ft);
	}
	return append_block(h, dir, name, len, ino_nr, ft);
}

int ext4_dir_remove(struct ext4_handle *h, struct ext4_inode *dir, const char *name)
{
	struct dir_loc loc;
	u8 *blk;
	int err = dir_locate(dir, name, &loc);

	if (err)
		return err;
	blk = loc.bh->data;
	err = ext4_get_write_access(h, loc.bh);
	if (!err) {
		if (loc.prev != NO_PREV)
			ext4_put16(blk + loc.prev + 4, (u16)(ext4_get16(blk + loc.prev + 4) +
							     ext4_get16(blk + loc.off + 4)));
		else
			ext4_put32(blk + loc.off, 0);
		err = ext4_dir_block_done(h, dir, loc.bh);
	}
	bcache_release(loc.bh);
	return err;
}

int ext4_dir_set(struct ext4_handle *h, struct ext4_inode *dir, const char *name, u32 ino_nr,
		 u32 mode)
{
	struct dir_loc loc;
	int err = dir_locate(dir, name, &loc);

	if (err)
		return err;
	err = ext4_get_write_access(h, loc.bh);
	if (!err) {
		u8 *blk = loc.bh->data;

		ext4_put32(blk + loc.off, ino_nr);
		if (dir->fs->g.incompat & EXT4_INCOMPAT_FILETYPE)
			blk[loc.off + 7] = mode_to_ft(mode);
		err = ext4_dir_block_done(h, dir, loc.bh);
	}
	bcache_release(loc.bh);
	return err;
}

/* ".." of dir now names parent (a directory moved to another parent). */
static int set_dotdot(struct ext4_handle *h, struct ext4_inode *dir, u32 parent)
{
	struct buffer_head *bh;
	struct ext4_dx_node n;
	enum blk_kind kind;
	int err = ext4_dir_read(dir, 0, &bh, &kind);

	if (err)
		return err;
	if (kind == BLK_DX_ROOT)	/* checked by ext4_dir_read: cannot fail */
		ext4_dx_root_parse(&dir->fs->g, bh->data, dir->iseed, &n, &(const char *){ NULL });
	err = ext4_get_write_access(h, bh);
	if (!err) {
		ext4_put32((u8 *)bh->data + 12, parent);
		if (kind == BLK_DX_ROOT) {
			/* The root's dx tail checksum covers ".." too. */
			ext4_dx_finish(&dir->fs->g, bh->data, &n, dir->iseed);
			err = ext4_dirty_metadata(h, bh);
		} else {
			err = ext4_dir_block_done(h, dir, bh);
		}
	}
	bcache_release(bh);
	return err;
}

/* rename: a directory moved to another parent. */
int ext4_dir_set_dotdot(struct ext4_handle *h, struct ext4_inode *dir, u32 parent)
{
	struct ext4_dirent d;
	struct buffer_head *bh;
	enum blk_kind kind;
	int err = ext4_dir_read(dir, 0, &bh, &kind);

	if (err)
		return err;
	ext4_dirent_get(bh->data, 12, &d);
	bcache_release(bh);
	if (d.name_len != 2 || memcmp(d.name, "..", 2))
		return ext4_corrupt(dir->fs, "directory %lu: no \"..\" entry",
				    (unsigned long)dir->vfs.ino);
	return set_dotdot(h, dir, parent);
}

/* mkdir: the first block with "." and "..". */
int ext4_dir_create(struct ext4_handle *h, struct ext4_inode *dir, u32 parent)
{
	struct ext4_fs *fs = dir->fs;
	u32 end = ext4_dirblock_end(&fs->g);
	int err = append_block(h, dir, ".", 1, (u32)dir->vfs.ino, EXT4_FT_DIR);
	struct buffer_head *bh;
	enum blk_kind kind;

	if (err)
		return err;
	err = ext4_dir_read(dir, 0, &bh, &kind);
	if (err)
		return err;
	err = ext4_get_write_access(h, bh);
	if (!err) {
		ext4_put16((u8 *)bh->data + 4, 12);
		ext4_dirent_put(bh->data, 12, parent, (u16)(end - 12), "..", 2,
				(fs->g.incompat & EXT4_INCOMPAT_FILETYPE) ? EXT4_FT_DIR : 0);
		err = ext4_dir_block_done(h, dir, bh);
	}
	bcache_release(bh);
	return err;
}

int ext4_dir_is_empty(struct ext4_inode *dir)
{
	u32 n = ext4_dir_nblocks(dir);

	for (u32 b = 0; b < n; b++) {
		struct buffer_head *bh;
		enum blk_kind kind;
		u32 o = 0, end = ext4_dirblock_end(&dir->fs->g);
		int err = ext4_dir_read(dir, b, &bh, &kind);

		if (err)
			return err;
		/* An htree root holds only "." and ".." besides its index; an
		 * index node's one entry is a fake, empty one. */
		while (kind == BLK_LINEAR && o < end) {
			struct ext4_dirent d;

			ext4_dirent_get(bh->data, o, &d);
			if (d.inode && !(d.name_len == 1 && d.name[0] == '.') &&
			    !(d.name_len == 2 && !memcmp(d.name, "..", 2))) {
				bcache_release(bh);
				return 0;
			}
			o += d.rec_len;
		}
		bcache_release(bh);
	}
	return 1;
}

/* getdents: positions are byte offsets in the directory. */
static ssize_t ext4_getdents(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct ext4_inode *dir = EXT4_I(f->inode);
	struct ext4_fs *fs = dir->fs;
	u32 bs = fs->g.block_size;
	size_t used = 0;
	int r = 0;
	char name[NAME_MAX + 1];

	mutex_lock(&dir->vfs.lock);
	if (ext4_dir_hash_order(dir)) {
		ssize_t got = ext4_dx_getdents(dir, buf, n, pos);

		mutex_unlock(&dir->vfs.lock);
		return got;
	}
	while (!r && *pos < dir->vfs.size) {
		u32 lblk = (u32)(*pos / bs), start = (u32)(*pos % bs), o = 0, end;
		struct buffer_head *bh;
		enum blk_kind kind;

		r = ext4_dir_read(dir, lblk, &bh, &kind);
		if (r)
			break;
		end = kind == BLK_DX_ROOT ? 24 : kind == BLK_DX_NODE ? 0 : ext4_dirblock_end(&fs->g);
		while (o < end) {
			struct ext4_dirent d;
			u32 next;

			ext4_dirent_get(bh->data, o, &d);
			next = kind == BLK_DX_ROOT ? o + 12 : o + d.rec_len;
			if (o >= start && d.inode) {
				memcpy(name, d.name, d.name_len);
				name[d.name_len] = 0;
				r = vfs_dirent_emit(buf, n, &used, d.inode,
						    (u64)lblk * bs + (next < end ? next : bs),
						    ext4_ft_to_mode(d.file_type), name);
				if (r)
					break;
			}
			if (o >= start)
				*pos = (u64)lblk * bs + next;
			o = next;
		}
		bcache_release(bh);
		if (!r)
			*pos = (u64)(lblk + 1) * bs;
	}
	mutex_unlock(&dir->vfs.lock);
	if (r < 0)
		return used ? (ssize_t)used : r;
	if (r > 0 && !used)
		return -EINVAL;
	return (ssize_t)used;
}

const struct file_ops ext4_dir_fops = {
	.getdents = ext4_getdents,
};
