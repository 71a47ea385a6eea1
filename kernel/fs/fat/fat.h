/*
 * FAT12/16/32 with VFAT long names: the kernel side, shared by the files
 * of kernel/fs/fat/. The on-disk format and its decoders are in
 * <kernel/fat_format.h>.
 *
 *   super.c   mount, options, statfs, sync, the dirty state, umount
 *   fat.c     the FAT: cluster chains, allocation, the free count
 *   dir.c     directory entries: reading, long-name assembly, creation
 *   namei.c   inode_ops of directories: lookup, create, unlink, rename
 *   inode.c   inodes from directory entries, write_inode, evict
 *   file.c    regular files through the page cache
 *
 * Metadata (FAT sectors, directories, the boot sector and FSInfo) goes
 * through the buffer cache in blocks of the FAT sector size; file data
 * only through the page cache.
 *
 * Locks, in order (below the page cache's, see <kernel/pagecache.h>):
 *   inode.lock of directories (the VFS, for directory operations)
 *     -> fat_inode.data_lock (a file's write_page against tail zeroing)
 *       -> fat_sb.lock: the FAT, the free count and hint, every
 *          directory sector's contents, each inode's i_pos, start and
 *          chain cache. Never held across inode_put (eviction takes it)
 *          nor any page-cache call.
 */
#ifndef KERNEL_FS_FAT_FAT_H
#define KERNEL_FS_FAT_FAT_H

#include <kernel/bcache.h>
#include <kernel/fat_format.h>
#include <kernel/mount.h>
#include <kernel/vfs.h>
#include <core/printk.h>
#include <core/mm.h>
#include <mica/err.h>

#define FAT_ROOT_INO 1		/* MSDOS_ROOT_INO */
#define FAT_EXTENTS 4
#define FAT_ITABLE 256
#define FAT_INO_BASE (1ULL << 40)	/* numbers when the entry's own is taken */

/* Lock legend: [I] set at mount; [L] lock; [a] atomic. */
struct fat_sb {
	struct fat_geom g;		/* [I] */
	struct super_block *sb;		/* [I] */
	struct block_device *bdev;	/* [I] */
	struct mutex lock;
	u32 free_count;			/* [L] free clusters */
	u32 next_free;			/* [L] where the next search starts */
	bool fsinfo_dirty;		/* [L] */
	u32 uid, gid;			/* [I] owner of every file (uid=, gid=) */
	u32 fmask, dmask;		/* [I] permission bits taken away */
	bool quiet;			/* [I] chmod/chown that cannot be kept succeed */
	atomic_long_t next_ino;		/* [a] numbers for inodes whose own is taken */
	struct list_head itable[FAT_ITABLE];	/* [L] live inodes by i_pos */
	struct list_head renumbered;	/* [L] fat_renum: entries whose number is not their i_pos */
	void *zero;			/* [I] a zeroed page for clearing clusters */
};

/* A file whose number (st_ino) is not its entry's position: renamed, or
 * unlinked while open (i_pos 0), or made where a renamed one's number
 * was. Kept while mounted (or, unlinked, while the inode lives) so that
 * the number stays, as Linux keeps i_ino. */
struct fat_renum {
	struct list_head link;		/* [L] in fat_sb.renumbered */
	u64 i_pos, ino;
};

/* Lock legend: [L] fat_sb.lock; [V] vfs.lock; [D] data_lock; [I] immutable. */
struct fat_inode {
	struct inode vfs;
	u64 i_pos;			/* [L] the short entry's disk byte offset / 32;
					 * 0 for the root and detached inodes */
	u32 start;			/* [L] first cluster, 0: none */
	u8 attr;			/* [L] FAT_ATTR_* */
	u8 lcase;			/* [L] NT case flags of the short name */
	u16 cdate, ctime;		/* [L] creation time as on disk */
	u8 ccs;
	/* [L] chain cache: runs of consecutive clusters seen (index ->
	 * number), so that a mostly contiguous file maps in O(1). len 0: unused. */
	struct { u32 idx, clus, len; } ext[FAT_EXTENTS];
	unsigned int ext_next;
	u32 nr_clus;			/* [L] directories: clusters in the chain */
	struct inode *parent;		/* [V of parent] directories: referenced (not the root's) */
	char *name;			/* [V of parent] directories: name in parent (kmalloc) */
	struct list_head hash_link;	/* [L] in fat_sb.itable, until eviction ends */
	struct mutex data_lock;
};

static inline struct fat_inode *FI(struct inode *i) { return container_of(i, struct fat_inode, vfs); }
static inline struct fat_sb *FSB(struct inode *i) { return i->sb->fs_info; }

#define fat_err(sbi, fmt, ...) \
	pr_err("FAT-fs (%s): " fmt "\n", (sbi)->bdev->name, ##__VA_ARGS__)

/* fat.c: lock held for all. 0 or -errno (-EUCLEAN: corrupt chain, with a message). */
int fat_get(struct fat_sb *sbi, u32 n, u32 *val);
int fat_set(struct fat_sb *sbi, u32 n, u32 val);
/* Cluster number of the idx-th cluster of fi's chain into *clus (0: the
 * chain is shorter). */
int fat_bmap(struct fat_sb *sbi, struct fat_inode *fi, u32 idx, u32 *clus);
/* Make fi's chain at least want clusters long. New clusters with index
 * in [keep_lo, keep_hi) are left as they are (the caller writes them
 * whole); the others are zeroed on disk, or in the buffer cache (meta:
 * directories). */
int fat_grow(struct fat_sb *sbi, struct fat_inode *fi, u32 want, u32 keep_lo, u32 keep_hi,
	     bool meta);
/* Write back the cached dirty sectors of a directory's chain before its
 * clusters are freed (they may hold file data next). */
int fat_flush_meta_chain(struct fat_sb *sbi, u32 start);
/* Cut fi's chain to keep clusters, freeing the rest. */
int fat_shrink(struct fat_sb *sbi, struct fat_inode *fi, u32 keep);
/* Free a whole chain from start on. */
int fat_free_chain(struct fat_sb *sbi, u32 start);
/* Number of clusters of the chain at start (bounded: -EUCLEAN for a loop). */
int fat_chain_len(struct fat_sb *sbi, u32 start, u32 *len);
int fat_count_free(struct fat_sb *sbi);
int fat_zero_cluster(struct fat_sb *sbi, u32 c);

/* dir.c */
struct fat_slot {
	u64 off;			/* first entry (long ones first) in the directory */
	u64 sde_off;			/* the short entry */
	u8 de[FAT_DIRENT_SIZE];		/* a copy of the short entry */
	char name[FAT_NAME_UTF8_MAX + 1];	/* as users see it */
	int len;
};
/* The directory's size in bytes: the root of FAT12/16 is fixed. */
u64 fat_dir_size(struct fat_sb *sbi, struct fat_inode *dir);
/* The next entry at or after *pos (a byte offset): 1 and *slot, 0 at the
 * end, or -errno. *pos moves past it. Dot entries are returned too. */
int fat_dir_next(struct fat_sb *sbi, struct fat_inode *dir, u64 *pos, struct fat_slot *slot);
/* Find name: 0 and *slot, -ENOENT, or -errno. */
int fat_dir_find(struct fat_sb *sbi, struct fat_inode *dir, const char *name, size_t len,
		 struct fat_slot *slot);
/* Add an entry for name with short-entry fields from de (name is filled
 * in): 0 and *slot (its position), -EEXIST, -ENOSPC ... */
int fat_dir_add(struct fat_sb *sbi, struct fat_inode *dir, const char *name, size_t len,
		const u8 *de, struct fat_slot *slot);
/* Mark slot's entries free. */
int fat_dir_remove(struct fat_sb *sbi, struct fat_inode *dir, const struct fat_slot *slot);
/* Read or write the short entry at disk position i_pos (see fat_inode). */
int fat_dirent_read(struct fat_sb *sbi, u64 i_pos, u8 *de);
int fat_dirent_write(struct fat_sb *sbi, u64 i_pos, const u8 *de);
/* The disk position (i_pos) of a directory offset. */
int fat_dir_pos(struct fat_sb *sbi, struct fat_inode *dir, u64 off, u64 *i_pos);
/* Empty apart from "." and ".."? 1, 0, or -errno. */
int fat_dir_empty(struct fat_sb *sbi, struct fat_inode *dir);
/* Subdirectories of dir (for its link count). */
int fat_dir_subdirs(struct fat_sb *sbi, struct fat_inode *dir, u32 *n);

static inline u32 fat_de_start(const u8 *de, int bits)
{
	u32 lo = de[26] | de[27] << 8, hi = de[20] | de[21] << 8;

	return bits == 32 ? (hi << 16 | lo) & 0x0fffffff : lo;
}
static inline void fat_de_set_start(u8 *de, u32 c)
{
	de[26] = (u8)c;
	de[27] = (u8)(c >> 8);
	de[20] = (u8)(c >> 16);
	de[21] = (u8)(c >> 24);
}
static inline u32 fat_de_size(const u8 *de)
{
	return de[28] | de[29] << 8 | de[30] << 16 | (u32)de[31] << 24;
}

/* inode.c */
extern const struct inode_ops fat_dir_iops, fat_file_iops;
extern const struct file_ops fat_dir_fops, fat_file_fops;
extern const struct page_cache_ops fat_pc_ops;
/* The inode of an entry found in dir (referenced): from the cache, or new. */
int fat_iget(struct fat_sb *sbi, struct inode *dir, const struct fat_slot *slot,
	     struct inode **out);
struct inode *fat_root_inode(struct fat_sb *sbi);
/* Fill de's times, size, start and attributes from ino. */
void fat_fill_dirent(struct inode *ino, u8 *de);
/* Move an inode to a new i_pos (rename), or detach it (unlink: i_pos 0);
 * its number (st_ino) stays, as on Linux. */
void fat_rehash(struct fat_sb *sbi, struct inode *ino, u64 i_pos);
void fat_itable_init(struct fat_sb *sbi);
void fat_itable_free(struct fat_sb *sbi);
int fat_write_inode(struct inode *ino, bool wait);
u32 fat_mode(struct fat_sb *sbi, u8 attr);

/* file.c */
int fat_file_truncate(struct inode *ino, u64 size);
void fat_file_release_tail(struct inode *ino);

#endif
