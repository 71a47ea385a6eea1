/*
 * ext4's on-disk format, decoded apart from any I/O: each function takes
 * a buffer the caller read and returns a decoded structure or -EUCLEAN
 * (-EOPNOTSUPP for a feature Mica does not know) with a one-line reason in
 * *why. Nothing here allocates, prints or sleeps, so the host unit tests
 * and the fuzzer run exactly this code (kernel/fs/ext4/format_*.c).
 *
 * All integers on disk are little-endian; the layouts are Linux's
 * (Documentation/filesystems/ext4/) and e2fsprogs' (lib/ext2fs/ext2_fs.h).
 * Checksums are crc32c (see <lib/crc32c.h>) seeded from the file system's
 * UUID (or s_checksum_seed), then for per-inode structures with the inode
 * number and generation.
 */
#ifndef KERNEL_EXT4_FORMAT_H
#define KERNEL_EXT4_FORMAT_H

#include <mica/types.h>

#define EXT4_SUPER_MAGIC 0xef53
#define EXT4_SB_OFFSET 1024		/* bytes from the start of the device */
#define EXT4_SB_SIZE 1024
#define EXT4_ROOT_INO 2
#define EXT4_GOOD_OLD_INODE_SIZE 128
#define EXT4_N_BLOCKS 15
#define EXT4_IBLOCK_SIZE 60		/* i_block: extent root, fast symlink, inline data */
#define EXT4_MAX_DEPTH 5		/* extent tree depth Linux accepts */
#define EXT4_EXT_MAGIC 0xf30a
#define EXT4_EXT_INIT_MAX_LEN 32768	/* an extent's length, at most (initialized) */
#define EXT4_XATTR_MAGIC 0xea020000
#define EXT4_DIR_TAIL_SIZE 12
#define EXT4_DX_TAIL_SIZE 8
#define EXT4_MAX_BLOCK_SIZE 4096	/* the buffer cache's limit */

/* Feature bits. */
#define EXT4_COMPAT_DIR_PREALLOC 0x1
#define EXT4_COMPAT_IMAGIC_INODES 0x2
#define EXT4_COMPAT_HAS_JOURNAL 0x4
#define EXT4_COMPAT_EXT_ATTR 0x8
#define EXT4_COMPAT_RESIZE_INODE 0x10
#define EXT4_COMPAT_DIR_INDEX 0x20
#define EXT4_COMPAT_SPARSE_SUPER2 0x200
#define EXT4_COMPAT_ORPHAN_FILE 0x1000

#define EXT4_RO_COMPAT_SPARSE_SUPER 0x1
#define EXT4_RO_COMPAT_LARGE_FILE 0x2
#define EXT4_RO_COMPAT_HUGE_FILE 0x8
#define EXT4_RO_COMPAT_GDT_CSUM 0x10
#define EXT4_RO_COMPAT_DIR_NLINK 0x20
#define EXT4_RO_COMPAT_EXTRA_ISIZE 0x40
#define EXT4_RO_COMPAT_METADATA_CSUM 0x400
/* What Mica writes correctly; any other RO_COMPAT bit mounts read-only. */
#define EXT4_RO_COMPAT_KNOWN (EXT4_RO_COMPAT_SPARSE_SUPER | EXT4_RO_COMPAT_LARGE_FILE | \
	EXT4_RO_COMPAT_HUGE_FILE | EXT4_RO_COMPAT_DIR_NLINK | EXT4_RO_COMPAT_EXTRA_ISIZE | \
	EXT4_RO_COMPAT_METADATA_CSUM)

#define EXT4_INCOMPAT_FILETYPE 0x2
#define EXT4_INCOMPAT_RECOVER 0x4
#define EXT4_INCOMPAT_JOURNAL_DEV 0x8
#define EXT4_INCOMPAT_META_BG 0x10
#define EXT4_INCOMPAT_EXTENTS 0x40
#define EXT4_INCOMPAT_64BIT 0x80
#define EXT4_INCOMPAT_MMP 0x100
#define EXT4_INCOMPAT_FLEX_BG 0x200
#define EXT4_INCOMPAT_CSUM_SEED 0x2000
#define EXT4_INCOMPAT_INLINE_DATA 0x8000
/* What Mica reads; any other INCOMPAT bit refuses the mount. */
#define EXT4_INCOMPAT_KNOWN (EXT4_INCOMPAT_FILETYPE | EXT4_INCOMPAT_RECOVER | \
	EXT4_INCOMPAT_EXTENTS | EXT4_INCOMPAT_64BIT | EXT4_INCOMPAT_FLEX_BG | \
	EXT4_INCOMPAT_CSUM_SEED | EXT4_INCOMPAT_INLINE_DATA)

/* s_flags */
#define EXT4_FLAGS_SIGNED_HASH 0x1
#define EXT4_FLAGS_UNSIGNED_HASH 0x2

/* Group descriptor bg_flags */
#define EXT4_BG_INODE_UNINIT 0x1
#define EXT4_BG_BLOCK_UNINIT 0x2
#define EXT4_BG_INODE_ZEROED 0x4

/* Inode i_flags */
#define EXT4_SECRM_FL 0x1
#define EXT4_ENCRYPT_FL 0x800
#define EXT4_INDEX_FL 0x1000
#define EXT4_HUGE_FILE_FL 0x40000
#define EXT4_EXTENTS_FL 0x80000
#define EXT4_VERITY_FL 0x100000
#define EXT4_EA_INODE_FL 0x200000
#define EXT4_INLINE_DATA_FL 0x10000000
#define EXT4_CASEFOLD_FL 0x40000000

/* Directory entry file types */
#define EXT4_FT_UNKNOWN 0
#define EXT4_FT_REG_FILE 1
#define EXT4_FT_DIR 2
#define EXT4_FT_CHRDEV 3
#define EXT4_FT_BLKDEV 4
#define EXT4_FT_FIFO 5
#define EXT4_FT_SOCK 6
#define EXT4_FT_SYMLINK 7
#define EXT4_FT_MAX 8
#define EXT4_FT_DIR_CSUM 0xde

/* Directory hash versions (dx_root_info.hash_version, s_def_hash_version) */
#define EXT4_HASH_LEGACY 0
#define EXT4_HASH_HALF_MD4 1
#define EXT4_HASH_TEA 2
#define EXT4_HASH_LEGACY_UNSIGNED 3
#define EXT4_HASH_HALF_MD4_UNSIGNED 4
#define EXT4_HASH_TEA_UNSIGNED 5

static inline u16 ext4_get16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] | b[1] << 8);
}

static inline u32 ext4_get32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static inline void ext4_put16(void *p, u16 v)
{
	u8 *b = p;

	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
}

static inline void ext4_put32(void *p, u32 v)
{
	u8 *b = p;

	b[0] = (u8)v;
	b[1] = (u8)(v >> 8);
	b[2] = (u8)(v >> 16);
	b[3] = (u8)(v >> 24);
}

/*
 * The file system's geometry and features, decoded from the superblock.
 * Everything else is decoded against it.
 */
struct ext4_geom {
	u32 block_size;		/* 1024, 2048 or 4096 */
	u32 log_block_size;	/* block_size = 1024 << log_block_size */
	u64 blocks_count;
	u64 r_blocks_count;
	u64 free_blocks;
	u32 free_inodes;
	u32 inodes_count;
	u32 first_data_block;	/* 1 with 1 KiB blocks, else 0 */
	u32 blocks_per_group;
	u32 inodes_per_group;
	u32 groups;
	u32 inode_size;
	u32 desc_size;		/* 32, or 64.. with 64bit */
	u32 first_ino;
	u32 compat, incompat, ro_compat;
	u32 flags;		/* s_flags: hash signedness */
	u16 state;
	u16 want_extra_isize;
	u16 reserved_gdt_blocks;
	u32 journal_inum;
	u32 last_orphan;
	u8 log_groups_per_flex;
	u8 def_hash_version;
	u32 hash_seed[4];
	u8 uuid[16];
	bool csum;		/* metadata_csum */
	u32 csum_seed;		/* crc32c of the UUID, or s_checksum_seed */
	u32 gdt_blocks;		/* blocks of group descriptors */
	u32 itable_blocks;	/* inode-table blocks per group */
};

/* One group descriptor. */
struct ext4_gd {
	u64 block_bitmap, inode_bitmap, inode_table;
	u32 free_blocks, free_inodes, used_dirs, itable_unused;
	u16 flags;
	u32 block_bitmap_csum, inode_bitmap_csum;
};

/* The fields of an on-disk inode Mica uses. */
struct ext4_dinode {
	u16 mode;
	u32 uid, gid;
	u64 size;
	u32 links;
	u64 blocks;		/* i_blocks, in 512-byte units (huge_file decoded) */
	u32 flags;
	u32 generation;
	u64 file_acl;
	u32 dtime;
	s64 atime, ctime, mtime;
	u32 atime_ns, ctime_ns, mtime_ns;
	u16 extra_isize;
	u8 block[EXT4_IBLOCK_SIZE];
};

/* One extent (leaf entry). */
struct ext4_extent {
	u32 lblk;
	u32 len;
	u64 pblk;
	bool uninit;
};

/* A tree node's header. */
struct ext4_ext_header {
	u16 entries, max, depth;
};

/* Superblock: decode and check raw (EXT4_SB_SIZE bytes, from byte 1024).
 * nr_dev_blocks: the device's size in 512-byte sectors (0: unknown). */
int ext4_sb_parse(const u8 *raw, u64 dev_sectors, struct ext4_geom *g, const char **why);
/* Recompute the superblock checksum of raw (for writing it). */
void ext4_sb_set_csum(const struct ext4_geom *g, u8 *raw);
/* Update the free counts in raw from g. */
void ext4_sb_set_counts(const struct ext4_geom *g, u8 *raw);
/* Block number of the descriptor of group, and its byte offset there. */
u64 ext4_gd_block(const struct ext4_geom *g, u32 group, u32 *offset);
/* Group descriptor: decode and check raw (desc_size bytes) of group. */
int ext4_gd_parse(const struct ext4_geom *g, const u8 *raw, u32 group, struct ext4_gd *gd,
		  const char **why);
/* Encode gd into raw (leaving unknown fields), with its checksum. */
void ext4_gd_store(const struct ext4_geom *g, u8 *raw, u32 group, const struct ext4_gd *gd);
/* Bitmap checksums as stored in a descriptor. */
u32 ext4_bitmap_csum(const struct ext4_geom *g, const u8 *bitmap, u32 bytes);
/* Is there a superblock backup in group (sparse_super)? */
bool ext4_group_has_super(const struct ext4_geom *g, u32 group);
/* First block of group, and its number of blocks. */
u64 ext4_group_first_block(const struct ext4_geom *g, u32 group);
u32 ext4_group_blocks(const struct ext4_geom *g, u32 group);

/* Inode number nr: check and decode raw (inode_size bytes). */
int ext4_inode_parse(const struct ext4_geom *g, const u8 *raw, u32 nr, struct ext4_dinode *di,
		     const char **why);
/* Encode di into raw (keeping fields Mica does not know) and checksum it. */
void ext4_inode_store(const struct ext4_geom *g, u8 *raw, u32 nr, const struct ext4_dinode *di);
/* The per-inode checksum seed (extents, directories, xattrs in it). */
u32 ext4_inode_csum_seed(const struct ext4_geom *g, u32 nr, u32 generation);

/*
 * Extent-tree node in buf (size bytes: 60 for the root in i_block, else a
 * block): check the header (magic, entries <= max, max fits, depth as
 * expected, or any depth <= EXT4_MAX_DEPTH when want_depth < 0) and for a
 * block its checksum tail.
 */
int ext4_ext_node_check(const struct ext4_geom *g, const u8 *buf, u32 size, bool root,
			int want_depth, u32 iseed, struct ext4_ext_header *h, const char **why);
/* Entry i of a checked node: a leaf extent, or an index (lblk, child). */
void ext4_ext_leaf_get(const u8 *buf, u32 i, struct ext4_extent *e);
void ext4_ext_index_get(const u8 *buf, u32 i, u32 *lblk, u64 *child);
/* Write a node: header and entries; for a block also the tail checksum. */
void ext4_ext_node_init(u8 *buf, u32 size, bool root, u16 depth);
void ext4_ext_leaf_put(u8 *buf, u32 i, const struct ext4_extent *e);
void ext4_ext_index_put(u8 *buf, u32 i, u32 lblk, u64 child);
void ext4_ext_node_finish(const struct ext4_geom *g, u8 *buf, u32 size, bool root, u16 entries,
			  u32 iseed);
/* Entries a node of that size holds. */
u32 ext4_ext_node_capacity(u32 size, bool root);

/* ---- directories ---- */

struct ext4_dirent {
	u32 inode;
	u16 rec_len;
	u8 name_len;
	u8 file_type;
	const char *name;	/* in the block, not NUL-terminated */
};

/*
 * A linear directory block: check every entry (rec_len aligned, inside the
 * block, room for the name) and, with metadata_csum, the tail and its
 * checksum. dx: the block is an htree root or node (no tail, fake entries).
 */
int ext4_dirblock_check(const struct ext4_geom *g, const u8 *blk, u32 iseed, const char **why);
/* The end of the entries (block_size, or the tail's offset). */
u32 ext4_dirblock_end(const struct ext4_geom *g);
/* Decode the entry at off of a checked block. */
void ext4_dirent_get(const u8 *blk, u32 off, struct ext4_dirent *d);
void ext4_dirent_put(u8 *blk, u32 off, u32 inode, u16 rec_len, const char *name, u8 name_len,
		     u8 type);
/* The space an entry with a name of len bytes needs. */
static inline u32 ext4_dirent_size(u32 len)
{
	return (8 + len + 3) & ~3u;
}
/* Put the tail (metadata_csum) and its checksum. */
void ext4_dirblock_finish(const struct ext4_geom *g, u8 *blk, u32 iseed);

/* htree */
struct ext4_dx_entry {
	u32 hash;
	u32 block;
};

/* A checked htree root or node: its entries (entries[0].hash is 0). */
struct ext4_dx_node {
	u32 count, limit;
	u8 levels;		/* root: indirect levels below it */
	u8 hash_version;	/* root */
	u32 entries_off;	/* byte offset of the entries */
};

int ext4_dx_root_parse(const struct ext4_geom *g, const u8 *blk, u32 iseed, struct ext4_dx_node *n,
		       const char **why);
int ext4_dx_node_parse(const struct ext4_geom *g, const u8 *blk, u32 iseed, struct ext4_dx_node *n,
		       const char **why);
void ext4_dx_entry_get(const u8 *blk, const struct ext4_dx_node *n, u32 i, struct ext4_dx_entry *e);

/*
 * Building htrees (format_dx.c). The entries of a root start at
 * EXT4_DX_ROOT_OFF, those of a node at EXT4_DX_NODE_OFF; limit and count
 * live in entry 0's hash slot and are written by ext4_dx_finish.
 */
#define EXT4_DX_ROOT_OFF 32
#define EXT4_DX_NODE_OFF 8
#define EXT4_DX_MAX_LEVELS 1	/* indirect_levels without largedir */

/* One live entry of a leaf (being split, or read in hash order). */
struct ext4_dx_map {
	u32 hash, minor;
	u32 blk;		/* readdir: which copied leaf */
	u16 off, size;
};

/* Sort by (hash, minor). */
void ext4_dx_map_sort(struct ext4_dx_map *m, u32 n);

/* Entries a root or node holds (less the dx tail with metadata_csum). */
u32 ext4_dx_limit(const struct ext4_geom *g, bool root);
/* A root: ".", ".." (ft_dir their file type), dx_root_info; n has no entries. */
void ext4_dx_root_init(const struct ext4_geom *g, u8 *blk, u32 ino, u32 parent, u8 ft_dir,
		       u8 hash_version, u8 levels, struct ext4_dx_node *n);
/* An index node: the fake entry; n has no entries. */
void ext4_dx_node_init(const struct ext4_geom *g, u8 *blk, struct ext4_dx_node *n);
void ext4_dx_entry_put(u8 *blk, const struct ext4_dx_node *n, u32 i, u32 hash, u32 block);
/* Insert (hash, block) as entry at, after the caller checked count < limit. */
void ext4_dx_insert(u8 *blk, struct ext4_dx_node *n, u32 at, u32 hash, u32 block);
/* Move entries from.. of src to the empty node dst: the first one's hash,
 * which the parent's entry for dst must carry. */
u32 ext4_dx_move(u8 *src, struct ext4_dx_node *sn, u32 from, u8 *dst, struct ext4_dx_node *dn);
/* Write limit, count, levels (root) and the dx tail checksum. */
void ext4_dx_finish(const struct ext4_geom *g, u8 *blk, const struct ext4_dx_node *n, u32 iseed);
/*
 * Write the live entries of the checked linear block src packed into dst
 * (the last one to the end of the entries; without the tail), leaving out
 * "." and ".." when skip_dots: the bytes they take.
 */
u32 ext4_dirblock_compact(const struct ext4_geom *g, const u8 *src, u8 *dst, bool skip_dots);
/*
 * Split the checked linear block blk by hash: the upper half goes to dst,
 * both packed (without tails); *split_hash: the first moved entry's hash,
 * | 1 when the lower block ends with the same hash. tmp: a scratch block,
 * map: room for block_size / 12 entries. -ENOSPC with fewer than two.
 */
int ext4_dirblock_split(const struct ext4_geom *g, u8 *blk, u8 *dst, u8 *tmp,
			struct ext4_dx_map *map, u8 hash_version, const u32 seed[4], u32 *split_hash);

/* The htree hash of a name (hash_version EXT4_HASH_*, seed from the
 * superblock, all zero for the default); the low bit is clear. */
u32 ext4_dx_hash(const char *name, u32 len, u8 hash_version, const u32 seed[4], u32 *minor);

/* ---- extended attributes ---- */

#define EXT4_XATTR_INDEX_USER 1
#define EXT4_XATTR_INDEX_POSIX_ACL_ACCESS 2
#define EXT4_XATTR_INDEX_POSIX_ACL_DEFAULT 3
#define EXT4_XATTR_INDEX_TRUSTED 4
#define EXT4_XATTR_INDEX_SECURITY 6
#define EXT4_XATTR_INDEX_SYSTEM 7
#define EXT4_XATTR_INDEX_RICHACL 8

struct ext4_xattr {
	u8 index;
	u8 name_len;
	const char *name;	/* in the buffer */
	u32 value_size;
	const u8 *value;	/* in the buffer */
};

/*
 * The xattr area of an inode (the bytes after i_extra_isize: magic and
 * entries) or an xattr block (with its checksum, block number blocknr).
 * Call fn for each entry until it returns non-zero (returned). -EUCLEAN
 * for a bad entry, -ENODATA when there is no area.
 */
int ext4_xattr_ibody_walk(const u8 *area, u32 size,
			  int (*fn)(const struct ext4_xattr *x, void *arg), void *arg, const char **why);
int ext4_xattr_block_walk(const struct ext4_geom *g, const u8 *blk, u64 blocknr,
			  int (*fn)(const struct ext4_xattr *x, void *arg), void *arg, const char **why);
void ext4_xattr_block_set_csum(const struct ext4_geom *g, u8 *blk, u64 blocknr);
/* Convert ext4's stored ACL (version 1, short entries) into the POSIX
 * xattr format getxattr returns: its size, or -EUCLEAN, -ERANGE. */
int ext4_acl_to_xattr(const u8 *in, u32 in_size, u8 *out, u32 out_size);

/*
 * Building xattr areas: entries xs[0..n) (names and values anywhere but
 * in the output) written as Linux lays them out, values packed down from
 * the end, entry hashes set. -ENOSPC when they do not fit (nothing
 * written). A block's entries must be sorted first (ext4_xattr_sort);
 * its header gets refcount, blocks 1, the block hash and the checksum.
 * An inode area with no entries is zeroed (no magic).
 */
u32 ext4_xattr_entry_hash(const struct ext4_xattr *x);
int ext4_xattr_cmp(const struct ext4_xattr *a, const struct ext4_xattr *b);
void ext4_xattr_sort(struct ext4_xattr *xs, u32 n);
/* Bytes the entries need: entries, their end mark, padded values. */
u32 ext4_xattr_space(const struct ext4_xattr *xs, u32 n);
int ext4_xattr_ibody_build(u8 *area, u32 size, const struct ext4_xattr *xs, u32 n);
int ext4_xattr_block_build(const struct ext4_geom *g, u8 *blk, u64 blocknr, u32 refcount,
			   const struct ext4_xattr *xs, u32 n);

#endif
