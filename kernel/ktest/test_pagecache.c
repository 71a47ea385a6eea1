/*
 * Self tests of the page cache, on an inode whose "disk" is an array in
 * memory: each page is read once and then served from the cache, a
 * sequential reader is read ahead in batches, written pages reach the
 * store only when written back, truncation drops pages and zeroes the
 * tail, eviction writes dirty pages first, and reclaim frees clean pages.
 */
#include <kernel/ktest.h>
#include <kernel/pagecache.h>
#include <kernel/vfs.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define STORE_PAGES 16

struct fake {
	struct inode ino;
	u8 *store;
	int reads, batches, writes, prepares, inode_writes;
};

static struct fake *F(struct inode *ino) { return container_of(ino, struct fake, ino); }

static int fake_read_page(struct inode *ino, u64 index, void *kaddr)
{
	F(ino)->reads++;
	memcpy(kaddr, F(ino)->store + index * PAGE_SIZE, PAGE_SIZE);
	return 0;
}

static int fake_read_pages(struct inode *ino, u64 index, void **kaddrs, unsigned int n)
{
	F(ino)->batches++;
	for (unsigned int i = 0; i < n; i++)
		fake_read_page(ino, index + i, kaddrs[i]);
	return 0;
}

static int fake_write_page(struct inode *ino, u64 index, const void *kaddr, size_t len)
{
	F(ino)->writes++;
	memcpy(F(ino)->store + index * PAGE_SIZE, kaddr, len);
	return 0;
}

static int fake_prepare_write(struct inode *ino, u64 pos, size_t len)
{
	(void)pos, (void)len;
	F(ino)->prepares++;
	return 0;
}

static int fake_write_inode(struct inode *ino, bool wait)
{
	(void)wait;
	F(ino)->inode_writes++;
	return 0;
}

/* The last reference (the test's, or the flusher's if it is writing the
 * inode back just then). */
static void fake_evict(struct inode *ino)
{
	filemap_evict(ino, true);
	kfree(F(ino)->store);
	kfree(F(ino));
}

static const struct page_cache_ops fake_pc_ops = {
	.read_page = fake_read_page,
	.read_pages = fake_read_pages,
	.write_page = fake_write_page,
	.prepare_write = fake_prepare_write,
};
static const struct inode_ops fake_ops = { .write_inode = fake_write_inode, .evict = fake_evict };

static struct fake *fake_new(void)
{
	struct fake *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->store = kmalloc(STORE_PAGES * PAGE_SIZE);
	if (!f->store) {
		kfree(f);
		return NULL;
	}
	for (unsigned long i = 0; i < STORE_PAGES * PAGE_SIZE; i++)
		f->store[i] = (u8)(i / PAGE_SIZE + i * 7);
	inode_init(&f->ino, &fake_ops, S_IFREG | 0644);
	page_cache_init(&f->ino.cache, &f->ino, &fake_pc_ops);
	f->ino.size = STORE_PAGES * PAGE_SIZE;
	return f;
}

static void fake_free(struct fake *f)
{
	/* Let a write-back pass that holds the inode end first, so that the
	 * last reference, and the freeing, is ours (the leak check). */
	filemap_sync_sb(NULL);
	inode_put(&f->ino);
}

KTEST(pagecache_read_once_and_readahead)
{
	struct fake *f = fake_new();
	u8 *buf = kmalloc(PAGE_SIZE);
	int err = -1;

	KT_ASSERT(f && buf);
	for (int round = 0; round < 2; round++)
		for (u64 pg = 0; pg < STORE_PAGES; pg++) {
			if (filemap_read_kernel(&f->ino, buf, PAGE_SIZE, pg * PAGE_SIZE) != PAGE_SIZE ||
			    memcmp(buf, f->store + pg * PAGE_SIZE, PAGE_SIZE))
				goto out;
		}
	/* Every page read once, most of them in readahead batches. */
	KT_ASSERT_EQ(f->reads, STORE_PAGES);
	KT_ASSERT(f->batches >= 1 && f->batches < STORE_PAGES / 2);
	KT_ASSERT_EQ(f->ino.cache.nr_pages, STORE_PAGES);
	/* Reads stop at the end of the file. */
	KT_ASSERT_EQ(filemap_read_kernel(&f->ino, buf, PAGE_SIZE, STORE_PAGES * PAGE_SIZE - 10), 10);
	err = 0;
out:
	kfree(buf);
	fake_free(f);
	KT_ASSERT_EQ(err, 0);
	return 0;
}

KTEST(pagecache_write_back)
{
	struct fake *f = fake_new();
	u64 dirty_before = page_cache_dirty_pages();

	KT_ASSERT(f);
	KT_ASSERT_EQ(filemap_write_kernel(&f->ino, "hello", 5, 3 * PAGE_SIZE + 100), 5);
	KT_ASSERT_EQ(f->prepares, 1);
	KT_ASSERT_EQ(f->reads, 1);	/* a partial page is read first */
	KT_ASSERT(memcmp(f->store + 3 * PAGE_SIZE + 100, "hello", 5));	/* not yet */
	KT_ASSERT_EQ(f->ino.cache.nr_dirty, 1);
	KT_ASSERT_EQ(page_cache_dirty_pages(), dirty_before + 1);
	KT_ASSERT_EQ(filemap_write_range(&f->ino, 0, ~0ULL), 0);
	KT_ASSERT_EQ(f->writes, 1);
	KT_ASSERT(!memcmp(f->store + 3 * PAGE_SIZE + 100, "hello", 5));
	KT_ASSERT_EQ(f->ino.cache.nr_dirty, 0);
	/* A clean cache writes nothing. */
	KT_ASSERT_EQ(filemap_write_range(&f->ino, 0, ~0ULL), 0);
	KT_ASSERT_EQ(f->writes, 1);
	/* A whole-page write past the end is not read; the size grows. */
	f->ino.size = 4 * PAGE_SIZE;
	{
		u8 *page = kzalloc(PAGE_SIZE);

		KT_ASSERT(page);
		memset(page, 'z', PAGE_SIZE);
		KT_ASSERT_EQ(filemap_write_kernel(&f->ino, page, PAGE_SIZE, 6 * PAGE_SIZE),
			     (long long)PAGE_SIZE);
		kfree(page);
	}
	KT_ASSERT_EQ(f->reads, 1);
	KT_ASSERT_EQ(f->ino.size, 7 * PAGE_SIZE);
	KT_ASSERT(f->ino.state & I_DIRTY);
	/* Eviction writes the dirty page before dropping it. */
	filemap_evict(&f->ino, false);
	KT_ASSERT_EQ(f->writes, 2);
	KT_ASSERT_EQ(f->store[6 * PAGE_SIZE + 17], 'z');
	KT_ASSERT_EQ(f->ino.cache.nr_pages, 0);
	fake_free(f);
	return 0;
}

KTEST(pagecache_truncate)
{
	struct fake *f = fake_new();
	u8 buf[8];

	KT_ASSERT(f);
	for (u64 pg = 0; pg < 4; pg++)
		KT_ASSERT_EQ(filemap_read_kernel(&f->ino, buf, 1, pg * PAGE_SIZE), 1);
	mutex_lock(&f->ino.lock);
	filemap_truncate(&f->ino, PAGE_SIZE + 10);
	f->ino.size = PAGE_SIZE + 10;
	mutex_unlock(&f->ino.lock);
	KT_ASSERT_EQ(f->ino.cache.nr_pages, 2);
	/* Growing again shows zeros after the old end. */
	f->ino.size = 2 * PAGE_SIZE;
	KT_ASSERT_EQ(filemap_read_kernel(&f->ino, buf, 8, PAGE_SIZE + 8), 8);
	KT_ASSERT_EQ(buf[0], f->store[PAGE_SIZE + 8]);
	KT_ASSERT_EQ(buf[2], 0);
	KT_ASSERT_EQ(buf[7], 0);
	fake_free(f);
	return 0;
}

KTEST(pagecache_reclaim)
{
	struct fake *f = fake_new();
	struct page *held;
	u8 buf[1];

	KT_ASSERT(f);
	for (u64 pg = 0; pg < STORE_PAGES; pg++)
		KT_ASSERT_EQ(filemap_read_kernel(&f->ino, buf, 1, pg * PAGE_SIZE), 1);
	KT_ASSERT_EQ(filemap_write_kernel(&f->ino, "d", 1, 0), 1);	/* page 0 dirty */
	held = filemap_get_page(&f->ino, 1);			/* page 1 in use */
	KT_ASSERT(!IS_ERR(held));
	/* Clean unused pages go (maybe other caches' too); these two stay. */
	page_cache_reclaim(1UL << 20);
	KT_ASSERT_EQ(f->ino.cache.nr_pages, 2);
	KT_ASSERT(held->mapping == &f->ino.cache);
	page_put(held);
	/* A reclaimed page is read again from the store. */
	f->reads = 0;
	KT_ASSERT_EQ(filemap_read_kernel(&f->ino, buf, 1, 5 * PAGE_SIZE + 3), 1);
	KT_ASSERT_EQ(buf[0], f->store[5 * PAGE_SIZE + 3]);
	KT_ASSERT(f->reads >= 1);
	fake_free(f);
	return 0;
}
