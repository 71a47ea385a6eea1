/*
 * What dir.c (entries, lookups, readdir) and dir_dx.c (building htrees)
 * share. inode.lock of the directory is held by every caller.
 */
#ifndef EXT4_DIR_H
#define EXT4_DIR_H

#include "ext4.h"

enum blk_kind { BLK_LINEAR, BLK_DX_ROOT, BLK_DX_NODE };

static inline u32 ext4_dir_nblocks(struct ext4_inode *dir)
{
	return (u32)(dir->vfs.size / dir->fs->g.block_size);
}

/* Is dir an htree the file system lets Mica use? */
static inline bool ext4_dir_indexed(struct ext4_inode *dir)
{
	return (dir->flags & EXT4_INDEX_FL) && (dir->fs->g.compat & EXT4_COMPAT_DIR_INDEX);
}

/* Read directory block lblk, checked as what it is (release *bhp). */
int ext4_dir_read(struct ext4_inode *dir, u32 lblk, struct buffer_head **bhp,
		  enum blk_kind *kind);
/* Finish a changed linear block: tail checksum, journal. */
int ext4_dir_block_done(struct ext4_handle *h, struct ext4_inode *dir, struct buffer_head *bh);
/* n new zeroed blocks at the end of dir, with create access: their numbers
 * from *first, the buffers in bhs (release them). */
int ext4_dir_grow(struct ext4_handle *h, struct ext4_inode *dir, u32 n, u32 *first,
		  struct buffer_head **bhs);
/* Put the entry in block b if it is a linear one with room: 1 done, 0 not. */
int ext4_dir_insert_in(struct ext4_handle *h, struct ext4_inode *dir, u32 b, const char *name,
		       u32 len, u32 ino_nr, u8 ft);

/* The mode bits of a directory entry's file type (0: unknown). */
u32 ext4_ft_to_mode(u8 ft);

/* dir_dx.c */
/* The hash version dir's htree uses (the unsigned variant when the
 * superblock says so). */
u8 ext4_dx_hash_version(struct ext4_inode *dir, u8 root_version);
/* The leaf the htree gives for name, and whether the next leaf may hold
 * the same hash (a collision run). */
int ext4_dx_leaf(struct ext4_inode *dir, const char *name, u32 len, u32 *leaf, bool *more);
/* Add the entry to an htree: the leaf its hash selects, split when full. */
int ext4_dx_add(struct ext4_handle *h, struct ext4_inode *dir, const char *name, u32 len,
		u32 ino_nr, u8 ft);
/* Turn the full one-block linear dir into an htree: 0 done, 1 when it
 * cannot be (not the layout Linux indexes), or an error. */
int ext4_dx_make_indexed(struct ext4_handle *h, struct ext4_inode *dir);
/* getdents of dir in hash order (see ext4_dir_hash_order); inode.lock held. */
ssize_t ext4_dx_getdents(struct ext4_inode *dir, uptr_t buf, size_t n, u64 *pos);

/* Is dir read in hash order: an htree, or one linear block that may
 * become one (Linux's is_dx_dir)? */
static inline bool ext4_dir_hash_order(struct ext4_inode *dir)
{
	struct ext4_fs *fs = dir->fs;

	if (!(fs->g.compat & EXT4_COMPAT_DIR_INDEX) || (dir->flags & EXT4_INLINE_DATA_FL))
		return false;
	return ext4_dir_indexed(dir) ||
	       (ext4_dir_nblocks(dir) == 1 && fs->g.def_hash_version <= EXT4_HASH_TEA &&
		!(dir->flags & (EXT4_ENCRYPT_FL | EXT4_CASEFOLD_FL)));
}

#endif
