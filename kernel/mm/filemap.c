/*
 * The page cache (see <kernel/pagecache.h> for the model and the locks).
 *
 * A page enters a cache filled (read from the file, or zeroed for a write
 * that covers it, or for a memory-only cache) and holds one reference for
 * the cache. Pages of caches with a backing store are also on one global
 * LRU list, from which memory pressure takes clean pages nobody maps.
 *
 * Lock order: flush_mutex (one write-back pass at a time) -> page_cache.lock
 * -> lru_lock (a spinlock, a leaf); wb_lock (the write-back list, a
 * spinlock) is a leaf too. The reclaimer holds lru_lock and only
 * try-locks a page cache.
 */
#include <kernel/pagecache.h>
#include <kernel/vfs.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <core/clock.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/printk.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define RA_MIN 4	/* first readahead window, pages */
#define RA_MAX 32	/* largest window (128 KiB, Linux's default) */

static struct kmem_cache *radix_cache;
static DEFINE_SPINLOCK(lru_lock);
static LIST_HEAD(lru);			/* [lru_lock] oldest at the tail */
static atomic_long_t nr_cached;		/* pages in all caches */
static atomic_long_t nr_dirty;		/* dirty pages in all caches */
static atomic_long_t nr_memory;		/* pages of memory-only caches (tmpfs) */


struct radix_node *radix_node_alloc(void)
{
	struct radix_node *n = kmem_cache_alloc(radix_cache);

	if (n)
		memset(n, 0, sizeof(*n));
	return n;
}

void radix_node_free(struct radix_node *n)
{
	kmem_cache_free(radix_cache, n);
}

void filemap_init(void)
{
	radix_cache = kmem_cache_create("radix_node", sizeof(struct radix_node), 0);
	frame_add_reclaim(page_cache_reclaim);
}

void page_cache_init(struct page_cache *pc, struct inode *host, const struct page_cache_ops *ops)
{
	mutex_init(&pc->lock, "page_cache.lock");
	radix_tree_init(&pc->pages);
	pc->nr_pages = pc->nr_dirty = 0;
	pc->ops = ops;
	pc->host = host;
	pc->ra_next = 0;
	pc->ra_pages = 0;
	pc->wb_err = 0;
	pc->charge = NULL;
	INIT_LIST_HEAD(&pc->dirty_link);
	spin_lock_init(&pc->mmap_lock, "page_cache.mmap_lock");
	INIT_LIST_HEAD(&pc->mmaps);
}

unsigned long page_cache_pages(void)
{
	return (unsigned long)atomic_long_read(&nr_cached);
}

unsigned long page_cache_dirty_pages(void)
{
	return (unsigned long)atomic_long_read(&nr_dirty);
}

unsigned long page_cache_memory_pages(void)
{
	return (unsigned long)atomic_long_read(&nr_memory);
}

/* ---- pages in a cache (pc->lock held) ---- */

static void set_dirty(struct page_cache *pc, struct page *p)
{
	if (!pc->ops || (p->flags & PG_DIRTY))
		return;
	p->flags |= PG_DIRTY;
	pc->nr_dirty++;
	atomic_long_add(&nr_dirty, 1);
}

static void clear_dirty(struct page_cache *pc, struct page *p)
{
	if (!(p->flags & PG_DIRTY))
		return;
	p->flags &= ~PG_DIRTY;
	pc->nr_dirty--;
	atomic_long_sub(&nr_dirty, 1);
}

/* Put a filled page (refs 1: the cache's) at index: 0 or -errno. */
static int insert(struct page_cache *pc, struct page *p, u64 index)
{
	int err;

	if (pc->charge && (err = pc->charge(pc->host, 1)))
		return err;
	err = radix_tree_insert(&pc->pages, index, p);
	if (err) {
		if (pc->charge)
			pc->charge(pc->host, -1);
		return err;
	}
	p->mapping = pc;
	p->index = index;
	p->flags &= ~(PG_DIRTY | PG_SHARED_W);
	pc->nr_pages++;
	atomic_long_add(&nr_cached, 1);
	if (!pc->ops)
		atomic_long_add(&nr_memory, 1);
	if (pc->ops) {
		spin_lock(&lru_lock);
		list_add(&p->link, &lru);
		spin_unlock(&lru_lock);
	}
	return 0;
}

/* Take p out of its cache; the cache's reference goes to the caller. */
static void remove(struct page_cache *pc, struct page *p)
{
	clear_dirty(pc, p);
	radix_tree_delete(&pc->pages, p->index);
	if (pc->ops) {
		spin_lock(&lru_lock);
		list_del_init(&p->link);
		spin_unlock(&lru_lock);
	}
	p->mapping = NULL;
	p->flags &= ~PG_SHARED_W;
	pc->nr_pages--;
	atomic_long_sub(&nr_cached, 1);
	if (!pc->ops)
		atomic_long_sub(&nr_memory, 1);
	if (pc->charge)
		pc->charge(pc->host, -1);
}

static u64 size_pages(struct inode *ino)
{
	return DIV_ROUND_UP(READ_ONCE(ino->size), PAGE_SIZE);
}

/*
 * Read ahead after index: when the reader is sequential, fill the pages
 * of the window that follow, up to the first one cached or past the end.
 * Failures only end the readahead.
 */
static void readahead(struct page_cache *pc, u64 index)
{
	struct page *pages[RA_MAX];
	void *kaddrs[RA_MAX];
	u64 end = size_pages(pc->host);
	unsigned int n = 0;

	if (index != pc->ra_next) {
		pc->ra_pages = 0;	/* not sequential: no readahead */
		pc->ra_next = index + 1;
		return;
	}
	pc->ra_pages = pc->ra_pages ? MIN(pc->ra_pages * 2, RA_MAX) : RA_MIN;
	while (n < pc->ra_pages && index + 1 + n < end &&
	       !radix_tree_lookup(&pc->pages, index + 1 + n)) {
		pages[n] = page_alloc_ref();
		if (!pages[n])
			break;
		kaddrs[n] = page_to_virt(pages[n]);
		n++;
	}
	pc->ra_next = index + 1 + n;
	if (!n)
		return;
	if (pc->ops->read_pages) {
		if (pc->ops->read_pages(pc->host, index + 1, kaddrs, n))
			goto drop;
	} else {
		for (unsigned int i = 0; i < n; i++)
			if (pc->ops->read_page(pc->host, index + 1 + i, kaddrs[i])) {
				for (unsigned int j = i; j < n; j++)
					page_put(pages[j]);
				n = i;
				break;
			}
	}
	for (unsigned int i = 0; i < n; i++)
		if (insert(pc, pages[i], index + 1 + i))
			page_put(pages[i]);
	return;
drop:
	for (unsigned int i = 0; i < n; i++)
		page_put(pages[i]);
}

/*
 * The page at index with a reference for the caller. fill: read it from
 * the file if absent (else it starts zeroed: the caller overwrites all of
 * it). pc->lock held.
 */
static struct page *get_locked(struct page_cache *pc, u64 index, bool fill)
{
	struct page *p = radix_tree_lookup(&pc->pages, index);
	int err;

	if (p) {
		if (pc->ops && fill && index == pc->ra_next)
			readahead(pc, index);
		page_get(p);
		return p;
	}
	p = page_alloc_ref();
	if (!p)
		return ERR_PTR(-ENOMEM);
	if (fill && pc->ops) {
		err = pc->ops->read_page(pc->host, index, page_to_virt(p));
		if (err) {
			page_put(p);
			return ERR_PTR(err);
		}
	}
	err = insert(pc, p, index);
	if (err) {
		page_put(p);
		return ERR_PTR(err);
	}
	if (fill && pc->ops)
		readahead(pc, index);
	page_get(p);
	return p;
}

struct page *filemap_get_page(struct inode *ino, u64 index)
{
	struct page_cache *pc = &ino->cache;
	struct page *p;

	mutex_lock(&pc->lock);
	p = get_locked(pc, index, true);
	mutex_unlock(&pc->lock);
	return p;
}

/* ---- shared mappings ---- */

bool filemap_page_writable(struct page *p)
{
	struct page_cache *pc = READ_ONCE(p->mapping);

	/* Pages of memory-only caches need no tracking; a page dropped from
	 * its cache (truncated) is the mapping's alone. */
	return !pc || !pc->ops || (READ_ONCE(p->flags) & PG_SHARED_W);
}

static void wb_queue(struct inode *ino);

int filemap_page_mkwrite(struct inode *ino, struct page *p)
{
	struct page_cache *pc = &ino->cache;
	int err = 0;

	if (!pc->ops)
		return 0;
	if (pc->ops->prepare_write) {
		u64 pos = p->index << PAGE_SHIFT, size = READ_ONCE(ino->size);

		if (pos < size)
			err = pc->ops->prepare_write(ino, pos, MIN((u64)PAGE_SIZE, size - pos));
		if (err)
			return err;
	}
	mutex_lock(&pc->lock);
	if (p->mapping == pc) {
		set_dirty(pc, p);
		p->flags |= PG_SHARED_W;
	}
	mutex_unlock(&pc->lock);
	wb_queue(ino);
	return 0;
}

/* ---- write-back ---- */

static DEFINE_SPINLOCK(wb_lock);
static LIST_HEAD(wb_list);		/* [wb_lock] inodes with dirty pages or metadata */
static struct wait_queue flusher_wq = WAIT_QUEUE_INIT(flusher_wq);
static bool flush_kicked;		/* [a] write back now, not at the next period */
static struct mutex flush_mutex = MUTEX_INIT(flush_mutex);	/* one write-back pass at a time */

/* Linux's dirty_background_ratio and dirty_ratio: past the first share of
 * memory in dirty pages the flusher starts at once; past the second a
 * writer writes its own file back before it goes on. */
#define DIRTY_BACKGROUND_PERCENT 10
#define DIRTY_PERCENT 20

static void flusher_kick(void)
{
	WRITE_ONCE(flush_kicked, true);
	wake_up_all(&flusher_wq);
}

/* After a write: keep dirty memory bounded (inode.lock held). */
static void balance_dirty(struct inode *ino)
{
	unsigned long dirty = page_cache_dirty_pages(), total = frame_total_count();

	if (dirty * 100 > total * DIRTY_BACKGROUND_PERCENT)
		flusher_kick();
	if (dirty * 100 > total * DIRTY_PERCENT)
		filemap_write_range(ino, 0, ~0ULL);
}

/* Queue ino for the flusher (it has dirty pages or a dirty inode). */
static void wb_queue(struct inode *ino)
{
	struct page_cache *pc = &ino->cache;

	if (!list_empty(&pc->dirty_link))
		return;
	bool was_empty;

	spin_lock(&wb_lock);
	was_empty = list_empty(&wb_list);
	if (list_empty(&pc->dirty_link))
		list_add_tail(&pc->dirty_link, &wb_list);
	spin_unlock(&wb_lock);
	if (was_empty)
		wake_up_all(&flusher_wq);	/* it sleeps untimed while nothing is dirty */
}

void filemap_wb_forget(struct inode *ino)
{
	struct page_cache *pc = &ino->cache;
	bool emptied;

	if (list_empty(&pc->dirty_link))
		return;
	spin_lock(&wb_lock);
	list_del_init(&pc->dirty_link);
	emptied = list_empty(&wb_list);
	spin_unlock(&wb_lock);
	if (emptied)
		wake_up_all(&flusher_wq);
}

void inode_mark_dirty(struct inode *ino)
{
	if (!ino->ops->write_inode)
		return;
	__atomic_fetch_or(&ino->state, I_DIRTY, __ATOMIC_SEQ_CST);
	wb_queue(ino);
}

/* Write one page back: pc->lock held. */
static int write_one(struct page_cache *pc, struct page *p)
{
	u64 size = READ_ONCE(pc->host->size), pos = p->index << PAGE_SHIFT;
	size_t len = pos >= size ? 0 : MIN((u64)PAGE_SIZE, size - pos);
	int err = 0;

	/* A page mapped writable may be written again at any time: it
	 * stays due for write-back until nobody maps it. */
	if ((p->flags & PG_SHARED_W) && page_refs(p) == 1)
		p->flags &= ~PG_SHARED_W;
	clear_dirty(pc, p);
	if (len)
		err = pc->ops->write_page(pc->host, p->index, page_to_virt(p), len);
	if (err) {
		set_dirty(pc, p);
		pr_warn("page cache: write-back of inode %llu page %llu failed: %d\n",
			(unsigned long long)pc->host->ino, (unsigned long long)p->index, err);
	}
	return err;
}

#define WB_BATCH 16

int filemap_write_range(struct inode *ino, u64 start, u64 end)
{
	struct page_cache *pc = &ino->cache;
	struct page *batch[WB_BATCH];
	u64 index = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	int err = 0;

	if (!pc->ops || !pc->ops->write_page)
		return 0;
	mutex_lock(&pc->lock);
	while (index <= last) {
		unsigned int n = radix_tree_gang_lookup(&pc->pages, index, (void **)batch, NULL,
							WB_BATCH);

		for (unsigned int i = 0; i < n && batch[i]->index <= last; i++) {
			struct page *p = batch[i];

			if (p->flags & (PG_DIRTY | PG_SHARED_W)) {
				int e = write_one(pc, p);

				if (e && !err)
					err = e;
			}
		}
		if (n < WB_BATCH || batch[n - 1]->index >= last)
			break;
		index = batch[n - 1]->index + 1;
	}
	if (!err && pc->wb_err)
		err = pc->wb_err;	/* a background write-back failed since */
	pc->wb_err = 0;
	mutex_unlock(&pc->lock);
	return err;
}

int inode_write_if_dirty(struct inode *ino, bool wait)
{
	unsigned int old = __atomic_fetch_and(&ino->state, ~I_DIRTY, __ATOMIC_SEQ_CST);
	int err;

	if (!(old & I_DIRTY) || !ino->ops->write_inode)
		return 0;
	err = ino->ops->write_inode(ino, wait);
	if (err)
		__atomic_fetch_or(&ino->state, I_DIRTY, __ATOMIC_SEQ_CST);	/* try again later */
	return err;
}

/* Write ino's dirty pages and inode (flusher, sync). */
static int write_inode_now(struct inode *ino, bool wait)
{
	int err = filemap_write_range(ino, 0, ~0ULL), e = inode_write_if_dirty(ino, wait);

	return err ? err : e;
}

/* Take one reference unless the inode is already on its way out. */
static bool inode_tryget(struct inode *ino)
{
	int v = atomic_read(&ino->refs);

	while (v > 0) {
		if (atomic_cmpxchg(&ino->refs, v, v + 1))
			return true;
		v = atomic_read(&ino->refs);
	}
	return false;
}

/*
 * Write back every queued inode once (of sb only, unless sb is NULL),
 * waiting for each when wait. Errors stay with the inodes (fsync reports
 * them); the first one is returned too.
 */
static int flush_inodes(struct super_block *sb, bool wait)
{
	LIST_HEAD(batch);
	LIST_HEAD(others);
	int first_err = 0;
	bool emptied;

	/* One pass at a time: a sync must not return while the flusher is
	 * still writing an inode it took off the list. */
	mutex_lock(&flush_mutex);
	spin_lock(&wb_lock);
	list_splice_init(&wb_list, &batch);
	while (!list_empty(&batch)) {
		struct page_cache *pc = list_first_entry(&batch, struct page_cache, dirty_link);
		struct inode *ino = pc->host;
		int err;

		if (sb && ino->sb != sb) {
			list_move_tail(&pc->dirty_link, &others);
			continue;
		}
		list_del_init(&pc->dirty_link);
		if (!inode_tryget(ino))
			continue;	/* being evicted: eviction writes it */
		spin_unlock(&wb_lock);
		err = write_inode_now(ino, wait);
		if (err) {
			mutex_lock(&pc->lock);
			pc->wb_err = err;
			mutex_unlock(&pc->lock);
			if (!first_err)
				first_err = err;
		}
		inode_put(ino);
		spin_lock(&wb_lock);
	}
	list_splice_init(&others, &wb_list);
	emptied = list_empty(&wb_list);
	spin_unlock(&wb_lock);
	mutex_unlock(&flush_mutex);
	if (emptied)
		wake_up_all(&flusher_wq);	/* its timed wait can end */
	return first_err;
}

int filemap_sync_sb(struct super_block *sb)
{
	return flush_inodes(sb, true);
}

static void flusher_main(void *arg)
{
	(void)arg;
	for (;;) {
		/* Asleep without a timer while nothing is dirty (an idle CPU
		 * stays tickless); then, as Linux's dirty_writeback_centisecs,
		 * write back 5 s after something became dirty, sooner when
		 * asked. */
		wait_event(flusher_wq, READ_ONCE(flush_kicked) || !list_empty(&wb_list));
		/* (Woken early when the list empties: fsync or eviction wrote
		 * it all, and the timer goes with the wait.) */
		wait_event_timeout(flusher_wq, READ_ONCE(flush_kicked) || list_empty(&wb_list),
				   5 * NSEC_PER_SEC);
		WRITE_ONCE(flush_kicked, false);
		flush_inodes(NULL, false);
	}
}

void filemap_start_flusher(void)
{
	struct task *t = kthread_run("flush", flusher_main, NULL);

	if (IS_ERR(t))
		pr_warn("page cache: no flusher thread (%ld): dirty pages wait for fsync, sync "
			"or memory pressure\n", PTR_ERR(t));
	else
		task_put(t);	/* the scheduler keeps it */
}

/* ---- reclaim ---- */

unsigned long page_cache_reclaim(unsigned long want)
{
	unsigned long freed = 0, scanned = 0, total = (unsigned long)atomic_long_read(&nr_cached);
	struct page *p;

	spin_lock(&lru_lock);
	while (freed < want && scanned++ < total && !list_empty(&lru)) {
		struct page_cache *pc;

		p = list_last_entry(&lru, struct page, link);
		pc = p->mapping;
		list_move(&p->link, &lru);	/* to the head: looked at */
		if (page_refs(p) > 1 || (p->flags & (PG_DIRTY | PG_SHARED_W)))
			continue;
		if (!mutex_trylock(&pc->lock))
			continue;
		if (page_refs(p) == 1 && !(p->flags & (PG_DIRTY | PG_SHARED_W))) {
			list_del_init(&p->link);
			spin_unlock(&lru_lock);
			radix_tree_delete(&pc->pages, p->index);
			p->mapping = NULL;
			pc->nr_pages--;
			atomic_long_sub(&nr_cached, 1);
			mutex_unlock(&pc->lock);
			page_put(p);
			freed++;
			spin_lock(&lru_lock);
			continue;
		}
		mutex_unlock(&pc->lock);
	}
	spin_unlock(&lru_lock);
	if (freed < want && page_cache_dirty_pages())
		flusher_kick();	/* dirty pages become reclaimable once written */
	return freed;
}

/* ---- reading and writing ---- */

/* relatime, as Linux mounts by default: atime moves when it is older than
 * the last change, or a day old. */
static void touch_atime(struct inode *ino)
{
	struct timespec64 now = vfs_now();

	if (ino->atime.sec < ino->mtime.sec ||
	    (ino->atime.sec == ino->mtime.sec && ino->atime.nsec <= ino->mtime.nsec) ||
	    ino->atime.sec < ino->ctime.sec || now.sec - ino->atime.sec >= 24 * 3600) {
		ino->atime = now;
		inode_mark_dirty(ino);
	}
}

/* Copy n bytes of the file from pos into dst (user or kernel): bytes
 * copied, or -errno if none. */
static ssize_t read_common(struct inode *ino, uptr_t ubuf, void *kbuf, size_t n, u64 pos)
{
	size_t done = 0;
	int err = 0;

	while (done < n) {
		u64 size = READ_ONCE(ino->size), p = pos + done;
		size_t off = p & (PAGE_SIZE - 1), chunk;
		struct page *pg;

		if (p >= size)
			break;
		chunk = MIN(MIN(n - done, PAGE_SIZE - off), size - p);
		pg = filemap_get_page(ino, p >> PAGE_SHIFT);
		if (IS_ERR(pg)) {
			err = PTR_ERR(pg);
			break;
		}
		if (kbuf)
			memcpy((char *)kbuf + done, (char *)page_to_virt(pg) + off, chunk);
		else if (copy_to_user(ubuf + done, (char *)page_to_virt(pg) + off, chunk))
			err = -EFAULT;
		page_put(pg);
		if (err)
			break;
		done += chunk;
	}
	if (done)
		touch_atime(ino);
	return done ? (ssize_t)done : err;
}

ssize_t filemap_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	ssize_t r = read_common(f->inode, buf, NULL, n, *pos);

	if (r > 0)
		*pos += r;
	return r;
}

ssize_t filemap_read_kernel(struct inode *ino, void *buf, size_t n, u64 pos)
{
	return read_common(ino, 0, buf, n, pos);
}

/* Write n bytes at pos from src (user or kernel); inode.lock held. */
static ssize_t write_common(struct inode *ino, uptr_t ubuf, const void *kbuf, size_t n, u64 pos)
{
	struct page_cache *pc = &ino->cache;
	size_t done = 0;
	int err = 0;

	if (pos >= FILEMAP_MAX_SIZE || n > FILEMAP_MAX_SIZE - pos)
		return -EFBIG;
	while (done < n) {
		u64 p = pos + done, index = p >> PAGE_SHIFT;
		size_t off = p & (PAGE_SIZE - 1), chunk = MIN(n - done, PAGE_SIZE - off);
		/* A page the write covers whole, or one wholly past the end,
		 * need not be read first. */
		bool whole = (off == 0 && chunk == PAGE_SIZE) || (index << PAGE_SHIFT) >= ino->size;
		struct page *pg;

		if (pc->ops && pc->ops->prepare_write) {
			err = pc->ops->prepare_write(ino, p, chunk);
			if (err)
				break;
		}
		mutex_lock(&pc->lock);
		pg = get_locked(pc, index, !whole);
		mutex_unlock(&pc->lock);
		if (IS_ERR(pg)) {
			err = PTR_ERR(pg);
			break;
		}
		/* No page-cache lock across the copy: it may fault on a
		 * mapping of this very file. */
		if (kbuf)
			memcpy((char *)page_to_virt(pg) + off, (const char *)kbuf + done, chunk);
		else if (copy_from_user((char *)page_to_virt(pg) + off, ubuf + done, chunk))
			err = -EFAULT;
		mutex_lock(&pc->lock);
		if (pg->mapping == pc)
			set_dirty(pc, pg);
		mutex_unlock(&pc->lock);
		page_put(pg);
		if (err)
			break;
		done += chunk;
		if (pos + done > ino->size)
			ino->size = pos + done;
	}
	if (done) {
		inode_touch(ino, true);	/* marks the inode dirty */
		if (pc->ops) {
			wb_queue(ino);
			balance_dirty(ino);
		}
	}
	return done ? (ssize_t)done : err;
}

/* O_SYNC / O_DSYNC: the data (and, for O_SYNC, the inode) is durable
 * before write returns. */
static int sync_after_write(struct inode *ino, u64 pos, size_t n, bool datasync)
{
	int err;

	if (ino->ops->fsync)
		return ino->ops->fsync(ino, datasync);
	err = filemap_write_range(ino, pos, pos + n - 1);
	return err ? err : inode_write_if_dirty(ino, true);
}

ssize_t filemap_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct inode *ino = f->inode;
	ssize_t r;
	u64 start;

	mutex_lock(&ino->lock);
	if (f->flags & O_APPEND)
		*pos = ino->size;
	start = *pos;
	r = write_common(ino, buf, NULL, n, start);
	if (r > 0)
		*pos += r;
	mutex_unlock(&ino->lock);
	if (r > 0 && (f->flags & O_DSYNC)) {	/* O_SYNC includes O_DSYNC */
		int err = sync_after_write(ino, start, r, !(f->flags & __O_SYNC));

		if (err)
			return err;
	}
	return r;
}

ssize_t filemap_write_kernel(struct inode *ino, const void *buf, size_t n, u64 pos)
{
	ssize_t r;

	mutex_lock(&ino->lock);
	r = write_common(ino, 0, buf, n, pos);
	mutex_unlock(&ino->lock);
	return r;
}

/* ---- truncation and eviction ---- */

/* Remove the pages from index first on; pc->lock held. */
static void drop_from(struct page_cache *pc, u64 first)
{
	struct page *batch[WB_BATCH];
	unsigned int n;

	while ((n = radix_tree_gang_lookup(&pc->pages, first, (void **)batch, NULL, WB_BATCH))) {
		for (unsigned int i = 0; i < n; i++) {
			remove(pc, batch[i]);
			page_put(batch[i]);
		}
	}
}

void filemap_truncate(struct inode *ino, u64 size)
{
	struct page_cache *pc = &ino->cache;
	u64 first = DIV_ROUND_UP(size, PAGE_SIZE);
	struct page *p;

	/* The size first: a fault after the unmap finds it and raises SIGBUS
	 * instead of mapping a page again (faults hold mm.lock, the unmap
	 * takes it). */
	WRITE_ONCE(ino->size, size);
	mm_unmap_file_pages(pc, first, ~0ULL, true);
	mutex_lock(&pc->lock);
	drop_from(pc, first);
	/* The tail of the last page must read as zeros if the file grows. */
	if (size % PAGE_SIZE && (p = radix_tree_lookup(&pc->pages, size >> PAGE_SHIFT)))
		memset((char *)page_to_virt(p) + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	pc->ra_next = 0;
	mutex_unlock(&pc->lock);
}

int filemap_allocate(struct inode *ino, u64 off, u64 end)
{
	struct page_cache *pc = &ino->cache;
	u64 first = off >> PAGE_SHIFT, last = DIV_ROUND_UP(end, PAGE_SIZE);
	long missing = 0;
	int err = 0;

	mutex_lock(&pc->lock);
	for (u64 i = first; i < last; i++)
		missing += !radix_tree_lookup(&pc->pages, i);
	/* All or nothing against the limit: charge the range, then add the
	 * pages uncharged one by one. */
	if (pc->charge && missing && (err = pc->charge(ino, missing)))
		goto out;
	for (u64 i = first; i < last && !err; i++) {
		struct page *p;

		if (radix_tree_lookup(&pc->pages, i))
			continue;
		if (pc->charge)
			pc->charge(ino, -1);	/* insert charges it again */
		missing--;
		p = get_locked(pc, i, false);
		if (IS_ERR(p))
			err = PTR_ERR(p);
		else
			page_put(p);
	}
	if (err && pc->charge && missing)
		pc->charge(ino, -missing);
out:
	mutex_unlock(&pc->lock);
	return err;
}

void filemap_punch_hole(struct inode *ino, u64 off, u64 end)
{
	struct page_cache *pc = &ino->cache;

	if (end > ALIGN_UP(off, PAGE_SIZE))
		mm_unmap_file_pages(pc, ALIGN_UP(off, PAGE_SIZE) >> PAGE_SHIFT, end >> PAGE_SHIFT, false);
	mutex_lock(&pc->lock);
	while (off < end) {
		u64 index = off >> PAGE_SHIFT;
		size_t poff = off & (PAGE_SIZE - 1), chunk = MIN(end - off, PAGE_SIZE - poff);
		struct page *p = radix_tree_lookup(&pc->pages, index);

		if (p && chunk == PAGE_SIZE) {
			remove(pc, p);
			page_put(p);
		} else if (p) {
			memset((char *)page_to_virt(p) + poff, 0, chunk);
			set_dirty(pc, p);
		}
		off += chunk;
	}
	mutex_unlock(&pc->lock);
}

void filemap_evict(struct inode *ino, bool discard)
{
	struct page_cache *pc = &ino->cache;

	if (!discard && pc->nr_dirty)
		filemap_write_range(ino, 0, ~0ULL);
	spin_lock(&wb_lock);
	list_del_init(&pc->dirty_link);
	spin_unlock(&wb_lock);
	mutex_lock(&pc->lock);
	drop_from(pc, 0);
	mutex_unlock(&pc->lock);
}
