/*
 * ext4 inside Mica: the in-memory file system and inode, and the
 * functions the files of kernel/fs/ext4/ share. The on-disk format is
 * decoded by format_*.c (<kernel/ext4_format.h>).
 *
 * Lock order:
 *   inode.lock (the VFS: directory entries, a file's size; a parent's
 *   before its child's: rename's moved directory, rmdir's victim)
 *     -> page_cache.lock (read_page and write_page run under it)
 *       -> ext4_inode.map_lock (the extent list and i_block)
 *         -> ext4_fs.alloc_lock (bitmaps, group descriptors, free counts)
 *           -> ext4_fs.itable_lock (inode-table blocks)
 *             -> buffer cache
 * ext4_fs.orphan_lock sits between inode.lock (or mm.lock: prepare_write
 * of a write fault) and page_cache.lock: it saves inodes (map_lock),
 * writes the superblock (alloc_lock) and reads disksize (itable_lock).
 * ext4_fs.name_lock (a spinlock) guards the parent and name of every
 * directory; a leaf. jbd2's commit thread takes alloc_lock in
 * ext4_balloc_committed with only its commit_mutex held (nothing under
 * alloc_lock waits for a commit).
 */
#ifndef FS_EXT4_EXT4_H
#define FS_EXT4_EXT4_H

#include <kernel/bcache.h>
#include <kernel/ext4_format.h>
#include <kernel/ext4_pfree.h>
#include <kernel/mount.h>
#include <kernel/vfs.h>
#include <core/printk.h>

struct journal;
struct ext4_handle;

/* Lock legend: [I] set at mount; [A] alloc_lock; [N] name_lock; [O] orphan_lock. */
struct ext4_fs {
	struct super_block *sb;		/* [I] */
	struct block_device *bdev;	/* [I] */
	const char *name;		/* [I] the device's name, for messages */
	struct ext4_geom g;		/* [I] except free counts: [A]; last_orphan: [O]+[A] */
	bool ro_forced;			/* [I] unknown RO_COMPAT features: never read-write */
	struct journal *jnl;		/* [I] the journal, open (replayed), or NULL */
	struct journal *journal;	/* [S] jnl once started (read-write), else NULL */
	struct inode *journal_ino;	/* [I] referenced while the journal is open */
	bool replayed;			/* [I] the journal was replayed at mount */
	u64 *gmeta;			/* [I] per group: block bitmap, inode bitmap, inode table */
	/* [I] Every metadata extent (superblock copies with their descriptor
	 * tables, bitmaps, inode tables), sorted and merged, so that
	 * ext4_block_is_metadata is a binary search, not a walk of all groups. */
	struct ext4_meta_range { u64 start, len; } *meta;
	u32 nr_meta;
	struct mutex alloc_lock;
	struct mutex itable_lock;
	spinlock_t name_lock;
	struct mutex orphan_lock;
	/* [O] The orphan list in its on-disk order (orphan.c). */
	struct list_head orphans;
	u32 dir_rotor;			/* [A] the group the last directory went to */
	/* [A] Blocks freed in transactions not committed yet: not reused until
	 * then (balloc.c). Zeroed memory is an empty set. */
	struct ext4_pfree_set pfree;
	struct buffer_head *sbh;	/* [I] the block holding the superblock */
	u32 sb_off;			/* [I] its offset in that block */
};

/* Lock legend: [I] immutable; [L] vfs.lock; [M] map_lock; [N] fs->name_lock;
 * [O] fs->orphan_lock; [T] fs->itable_lock. */
struct ext4_inode {
	struct inode vfs;
	struct ext4_fs *fs;		/* [I] */
	u32 flags;			/* [L] i_flags */
	u32 generation;			/* [I] */
	u32 iseed;			/* [I] checksum seed */
	u16 extra_isize;		/* [I] */
	u32 dtime;			/* [L]; [O] on the orphan list: the next orphan */
	struct list_head orphan;	/* [O] on fs->orphans, or empty */
	/* [O] On the list only because an extending write gave it blocks past
	 * its saved size (ext4_orphan_add_extend), below block orphan_end;
	 * it leaves when a saved size covers them (ext4_orphan_size_saved). */
	bool orphan_extend;
	u32 orphan_end;
	/* [T] fs->itable_lock: the i_size last put into the inode table
	 * buffer (inside a handle), so what the next commit records. */
	u64 disksize;
	u64 file_acl;			/* [L] xattr block */
	u64 blocks;			/* [M] i_blocks in 512-byte units */
	u8 iblock[EXT4_IBLOCK_SIZE];	/* [M] extent root, symlink target, inline data */
	struct mutex map_lock;
	/* The block map, loaded at first use: extents in order, and the
	 * blocks of the tree that holds them (below the root in i_block). */
	bool map_loaded;		/* [M] */
	struct ext4_extent *ext;	/* [M] */
	u32 next, ext_cap;		/* [M] */
	u64 *tree;			/* [M] */
	u32 ntree;			/* [M] */
	/* Directories: the parent (referenced; itself at the root) and name. */
	struct inode *parent;		/* [N] */
	char *dname;			/* [N] */
};

static inline struct ext4_inode *EXT4_I(struct inode *i)
{
	return container_of(i, struct ext4_inode, vfs);
}

static inline struct ext4_fs *EXT4_FS(struct inode *i)
{
	return EXT4_I(i)->fs;
}

/* Read-only now (mount or remount; sb->flags). */
static inline bool ext4_is_ro(struct ext4_fs *fs)
{
	return READ_ONCE(fs->sb->flags) & MS_RDONLY;
}

/* A corrupt structure: one line naming the device, then -EUCLEAN. */
#define ext4_corrupt(fs, fmt, ...) \
	(pr_err("EXT4-fs (%s): " fmt "\n", (fs)->name, ##__VA_ARGS__), -EUCLEAN)

/* super.c */
extern const struct fs_type ext4_fs_type;
int ext4_gd_get(struct ext4_fs *fs, u32 group, struct ext4_gd *gd, struct buffer_head **bhp,
		u32 *off);
int ext4_gd_put(struct ext4_handle *h, struct ext4_fs *fs, u32 group, const struct ext4_gd *gd,
		struct buffer_head *bh, u32 off);
bool ext4_block_is_metadata(struct ext4_fs *fs, u64 block, u64 len);

/* journal.c: every metadata change goes through a handle. */
struct ext4_handle *ext4_journal_start(struct ext4_fs *fs, int credits);
int ext4_journal_stop(struct ext4_handle *h);
int ext4_get_write_access(struct ext4_handle *h, struct buffer_head *bh);
int ext4_get_create_access(struct ext4_handle *h, struct buffer_head *bh);
int ext4_dirty_metadata(struct ext4_handle *h, struct buffer_head *bh);
void ext4_forget(struct ext4_handle *h, u64 block);
int ext4_journal_add_inode(struct ext4_handle *h, struct inode *ino);
int ext4_journal_open(struct ext4_fs *fs);
int ext4_journal_begin(struct ext4_fs *fs);
int ext4_journal_close(struct ext4_fs *fs);
int ext4_journal_commit(struct ext4_fs *fs);
/* With a journal: the transaction h belongs to in *tid, true. Without
 * (no deferred reuse then): false. */
bool ext4_handle_tid(struct ext4_handle *h, u32 *tid);

/* inode.c */
extern const struct inode_ops ext4_file_iops;	/* every kind of inode */
int ext4_iget(struct ext4_fs *fs, u32 nr, struct inode **out);
/* An inode of the orphan list: links 0 allowed. */
int ext4_iget_orphan(struct ext4_fs *fs, u32 nr, struct inode **out);
int ext4_inode_save(struct ext4_handle *h, struct ext4_inode *ei);
/* Save the inode with a new in-body xattr area (the bytes after
 * i_extra_isize to the end of the inode; NULL: keep the area). */
int ext4_inode_save_ibody(struct ext4_handle *h, struct ext4_inode *ei, const u8 *area);
int ext4_write_inode(struct inode *ino, bool wait);
void ext4_evict(struct inode *ino);
struct inode *ext4_new_inode(struct ext4_handle *h, struct inode *dir, u32 mode);
int ext4_inode_loc(struct ext4_fs *fs, u32 nr, u64 *block, u32 *off);

/* ialloc.c */
int ext4_ialloc(struct ext4_handle *h, struct ext4_fs *fs, u32 dir_nr, bool is_dir, u32 *nr);
int ext4_ifree(struct ext4_handle *h, struct ext4_fs *fs, u32 nr, bool is_dir);

/* balloc.c */
int ext4_bitmap_read(struct ext4_fs *fs, u64 blk, u32 bytes, u32 want, u32 group,
		     const char *what, struct buffer_head **bhp);
int ext4_block_bitmap(struct ext4_handle *h, struct ext4_fs *fs, u32 group, struct ext4_gd *gd,
		      struct buffer_head **bhp);
int ext4_balloc(struct ext4_handle *h, struct ext4_fs *fs, u64 goal, u32 want, u64 *start,
		u32 *got);
int ext4_bfree(struct ext4_handle *h, struct ext4_fs *fs, u64 start, u32 len);
/* jbd2's commit callback: what transaction tid (and those before) freed
 * may be allocated again. Takes alloc_lock. */
void ext4_balloc_committed(void *arg, u32 tid);
/* After ENOSPC, with no handle open: if freed blocks wait for a commit,
 * commit now and say to try again (at most 3 times per *retries, which
 * starts at 0). */
bool ext4_should_retry_alloc(struct ext4_fs *fs, int *retries);

/* extents.c: the block map; map_lock held by the caller. */
int ext4_map_load(struct ext4_inode *ei);
/* Physical block of lblk (0: a hole) and how many follow contiguously. */
int ext4_map_lookup(struct ext4_inode *ei, u32 lblk, u64 *pblk, u32 *run);
/* Give lblk..lblk+n-1 blocks where they have none (new blocks zeroed when
 * zero is set). */
int ext4_map_alloc(struct ext4_handle *h, struct ext4_inode *ei, u32 lblk, u32 n, bool zero);
/* Free every block from lblk on. */
int ext4_map_truncate(struct ext4_handle *h, struct ext4_inode *ei, u32 lblk);
/* Free the blocks of lblk..lblk+n-1, leaving a hole (fallocate's punch). */
int ext4_map_punch(struct ext4_handle *h, struct ext4_inode *ei, u32 lblk, u32 n);
void ext4_map_free_memory(struct ext4_inode *ei);
u64 ext4_bmap(void *ctx, u64 lblk);

/* dir.c */
/* Blocks an entry added to an htree may dirty beyond a linear add: the
 * split leaf and the new one, the bottom index node and a new one, the
 * root, and the allocation of two blocks (bitmap, descriptor, extent
 * blocks, superblock). */
#define EXT4_DX_ADD_CREDITS 12
int ext4_dir_find(struct ext4_inode *dir, const char *name, u32 *ino_nr, u8 *type);
int ext4_dir_add(struct ext4_handle *h, struct ext4_inode *dir, const char *name, u32 ino_nr,
		 u32 mode);
int ext4_dir_remove(struct ext4_handle *h, struct ext4_inode *dir, const char *name);
int ext4_dir_set(struct ext4_handle *h, struct ext4_inode *dir, const char *name, u32 ino_nr,
		 u32 mode);
int ext4_dir_create(struct ext4_handle *h, struct ext4_inode *dir, u32 parent);
int ext4_dir_set_dotdot(struct ext4_handle *h, struct ext4_inode *dir, u32 parent);
int ext4_dir_is_empty(struct ext4_inode *dir);
extern const struct file_ops ext4_dir_fops;
struct buffer_head *ext4_dir_block(struct ext4_inode *dir, u32 lblk, bool dx_ok, int *err);

/* file.c */
extern const struct page_cache_ops ext4_pc_ops;
extern const struct file_ops ext4_file_fops;
int ext4_truncate(struct inode *ino, u64 size);
int ext4_fallocate(struct inode *ino, int mode, u64 off, u64 len);
int ext4_inline_read(struct ext4_inode *ei, void *buf, u64 pos, size_t n);

/* xattr.c */
ssize_t ext4_getxattr(struct inode *ino, const char *name, void *buf, size_t size);
ssize_t ext4_listxattr(struct inode *ino, char *buf, size_t size);
int ext4_xattr_free_block(struct ext4_handle *h, struct ext4_inode *ei);
int ext4_xattr_split_name(const char *name, u8 *index, const char **suffix);

/* xattr_set.c: inode.lock held (the VFS). */
int ext4_setxattr(struct inode *ino, const char *name, const void *val, size_t size, int flags);
int ext4_removexattr(struct inode *ino, const char *name);

/* orphan.c: inodes without links that are still open (see there). */
/* On the list, inside h (no-op when on it already); the caller saves ei. */
int ext4_orphan_add(struct ext4_handle *h, struct ext4_inode *ei);
/* Off the list, inside h, its predecessor or s_last_orphan pointed past
 * it; i_dtime 0. No-op when not on it. The caller saves ei. */
int ext4_orphan_del(struct ext4_handle *h, struct ext4_inode *ei);
/* Blocks from lblk to end - 1 were just given to ei, inside h, by an
 * extending write: on the list (unless on it already) until a saved
 * i_size covers them; the caller saves ei. See orphan.c. */
int ext4_orphan_add_extend(struct ext4_handle *h, struct ext4_inode *ei, u32 end);
/* ei was just saved inside h: off the list when it is there for an
 * extending write and the saved size covers its blocks (or, cut, the
 * blocks past the saved size are gone); then saved again. */
int ext4_orphan_size_saved(struct ext4_handle *h, struct ext4_inode *ei, bool cut);
/* What the orphan functions add to a handle's credits. */
#define EXT4_ORPHAN_CREDITS 4
/* Off the in-memory list only (the inode goes; the disk is not written). */
void ext4_orphan_forget(struct ext4_inode *ei);
/* At a read-write mount: free or truncate every inode of the list. */
int ext4_orphan_cleanup(struct ext4_fs *fs);

/* namei.c */
int ext4_lookup(struct inode *dir, const char *name, struct inode **out);
int ext4_create(struct inode *dir, const char *name, u32 mode, u32 rdev, struct inode **out);
int ext4_link(struct inode *dir, const char *name, struct inode *target);
int ext4_unlink(struct inode *dir, const char *name, bool rmdir);
int ext4_symlink(struct inode *dir, const char *name, const char *target);
int ext4_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
		unsigned int flags);
int ext4_readlink(struct inode *ino, char *buf, size_t size);
bool ext4_dir_name(struct inode *dir, struct inode **parent, char *name, size_t size);
void ext4_set_parent(struct inode *dir, struct inode *parent, const char *name);

#endif
