/*
 * The page cache: one cache of a regular file's data per inode, shared by
 * read/write, mmap and exec. A file system gives the cache a way to fill a
 * page from its disk and to write one back (struct page_cache_ops) and
 * uses the filemap_* functions for its regular files; it never keeps a
 * copy of file data of its own. tmpfs has no ops: its pages live only in
 * the cache and are never written back or evicted.
 *
 * Pages are struct page frames with page->mapping and page->index set;
 * the cache holds one reference on each, mappings and readers hold more
 * while they use one.
 *
 * Locks, in order:
 *   inode.lock (writers, truncate: the size)
 *     -> mm.lock (page faults, also taken inside copy_*_user)
 *       -> page_cache.lock (the tree, the page states; held across a page's
 *          read_page and write_page, never across a copy to or from user
 *          memory)
 *         -> the file system's own locks (block maps), the buffer cache,
 *            block I/O.
 *   page_cache.mmap_lock (a spinlock: the list of the file's VMAs) nests
 *   inside mm.lock, and is a leaf otherwise.
 * So read_page and write_page must not take inode.lock nor wait for a
 * journal commit; prepare_write is called with inode.lock held (or from a
 * write fault, with mm.lock held) and without page_cache.lock, so it may
 * start journal handles and allocate blocks.
 */
#ifndef KERNEL_PAGECACHE_H
#define KERNEL_PAGECACHE_H

#include <core/wait.h>
#include <core/uaccess.h>
#include <lib/list.h>
#include <lib/radix_tree.h>
#include <mica/types.h>

struct inode;
struct file;
struct page;

struct page_cache_ops {
	/*
	 * Fill kaddr (PAGE_SIZE bytes) with the file's data of page index;
	 * bytes past the end of the file, and holes, read as zeros. 0 or
	 * -errno (-EIO, -EUCLEAN for a corrupt block map).
	 */
	int (*read_page)(struct inode *ino, u64 index, void *kaddr);
	/*
	 * Write page index back: len bytes from kaddr (the rest of the page
	 * lies past the end of the file). The blocks were given by
	 * prepare_write; a page that has none (a hole never written) may be
	 * skipped. 0 or -errno.
	 */
	int (*write_page)(struct inode *ino, u64 index, const void *kaddr, size_t len);
	/*
	 * Optional: bytes [pos, pos + len) (within one page) are about to be
	 * written: give them blocks now, so that -ENOSPC and -EDQUOT reach
	 * write(2) (and a write fault, SIGBUS) and write_page never allocates.
	 */
	int (*prepare_write)(struct inode *ino, u64 pos, size_t len);
	/* Optional: fill n consecutive pages from index on at once (readahead). */
	int (*read_pages)(struct inode *ino, u64 index, void **kaddrs, unsigned int n);
};

/* Lock legend: [I] set at init; [L] lock. */
struct page_cache {
	struct mutex lock;
	struct radix_tree pages;		/* [L] index -> struct page */
	unsigned long nr_pages;			/* [L] */
	unsigned long nr_dirty;			/* [L] */
	const struct page_cache_ops *ops;	/* [I] NULL: memory only (tmpfs) */
	struct inode *host;			/* [I] */
	u64 ra_next;				/* [L] readahead: the index a sequential reader wants next */
	unsigned int ra_pages;			/* [L] readahead window */
	int wb_err;				/* [L] a write-back error not yet reported by fsync */
	/* Memory-only caches: count pages against a limit (tmpfs size=);
	 * +n before pages are added (0 or -ENOSPC), -n when they go. */
	int (*charge)(struct inode *host, long n);	/* [I] or NULL */
	struct list_head dirty_link;		/* [flusher lock] on the flusher's list */
	/* Every VMA mapping the file (struct vma.file_link), so that truncate
	 * and hole punching reach every address space (Linux's i_mmap). */
	spinlock_t mmap_lock;
	struct list_head mmaps;			/* [mmap_lock] */
};

void page_cache_init(struct page_cache *pc, struct inode *host, const struct page_cache_ops *ops);
/* Boot: the caches' allocator and reclaim (mm_init), the flusher thread
 * (once threads run). */
void filemap_init(void);
void filemap_start_flusher(void);

/* The largest file size (loff_t's range, in whole pages). */
#define FILEMAP_MAX_SIZE (0x7fffffffffffffffULL & ~0xfffULL)

/* ---- regular files of page-cache file systems ---- */

/* file_ops.read and .write: through the cache, with readahead. write
 * takes inode.lock, honours O_APPEND, O_SYNC/O_DSYNC (and RLIMIT_FSIZE),
 * extends the size and marks the inode dirty. */
ssize_t filemap_read(struct file *f, uptr_t buf, size_t n, u64 *pos);
ssize_t filemap_write(struct file *f, uptr_t buf, size_t n, u64 *pos);
/* The same into and from kernel memory (initramfs, loop devices). write
 * takes inode.lock. */
ssize_t filemap_read_kernel(struct inode *ino, void *buf, size_t n, u64 pos);
ssize_t filemap_write_kernel(struct inode *ino, const void *buf, size_t n, u64 pos);

/* The page at index, read in if needed, with a reference (page_put), or
 * ERR_PTR(-errno). For mmap faults, exec and splice. */
struct page *filemap_get_page(struct inode *ino, u64 index);

/* A shared mapping is about to write page p of ino: give it blocks
 * (prepare_write) and mark it dirty and mapped writable. 0 or -errno. */
int filemap_page_mkwrite(struct inode *ino, struct page *p);
/* May a shared mapping map p writable without a write fault first? */
bool filemap_page_writable(struct page *p);

/* Write back the dirty pages in bytes [start, end] and wait for them: 0,
 * or the first error (also one from an earlier background write-back). */
int filemap_write_range(struct inode *ino, u64 start, u64 end);
/* Write back every inode of sb (all inodes: NULL) with dirty pages or a
 * dirty on-disk inode (inode_mark_dirty), waiting, and after any
 * write-back pass in progress: for sync(2), syncfs and umount (a file
 * system's fs_type.sync calls it before committing its own metadata).
 * 0 or the first error. */
struct super_block;
int filemap_sync_sb(struct super_block *sb);

/* The size becomes size (inode.lock held): set it, unmap the pages past it
 * from every mapping (private copies too, so an access there raises
 * SIGBUS as on Linux), drop them from the cache and zero the tail of the
 * last one. Call before freeing the blocks. */
void filemap_truncate(struct inode *ino, u64 size);
/* Drop every page (the inode goes away): dirty ones are written first
 * unless discard. */
void filemap_evict(struct inode *ino, bool discard);

/* Free up to want clean pages that nobody maps, from caches with a
 * backing store, least recently cached first: how many were freed.
 * Memory pressure calls it (frame_alloc); so do self tests. */
unsigned long page_cache_reclaim(unsigned long want);

/* fallocate on memory-only caches: give every page of bytes [off, end)
 * a page (all or nothing against the charge limit: -ENOSPC, -ENOMEM).
 * Punching a hole (inode.lock held; any cache): whole pages are unmapped
 * from shared mappings and dropped, partial ones zeroed. */
int filemap_allocate(struct inode *ino, u64 off, u64 end);
void filemap_punch_hole(struct inode *ino, u64 off, u64 end);

/* ---- inodes whose metadata changed ---- */

/* Note that ino's on-disk inode needs writing (inode_ops.write_inode); the
 * flusher, fsync and sync do it. */
void inode_mark_dirty(struct inode *ino);
/* Write ino's on-disk inode if it is marked dirty (wait: durably); on an
 * error it stays marked. 0 or -errno. */
int inode_write_if_dirty(struct inode *ino, bool wait);

/* The last reference to ino is gone: take it off the write-back list
 * (inode_put does this before the file system's evict). */
void filemap_wb_forget(struct inode *ino);

/* For /proc/meminfo: pages in all caches ("Cached"), dirty ones, and
 * those of memory-only caches (tmpfs: "Shmem"). */
unsigned long page_cache_pages(void);
unsigned long page_cache_dirty_pages(void);
unsigned long page_cache_memory_pages(void);

#endif
