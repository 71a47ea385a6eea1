/*
 * The page cache (see <kernel/pagecache.h>).
 */
#include <kernel/pagecache.h>
#include <kernel/vfs.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static struct kmem_cache *radix_cache;

static struct radix_node *radix_zalloc(void)
{
	struct radix_node *n = kmem_cache_alloc(radix_cache);

	if (n)
		memset(n, 0, sizeof(*n));
	return n;
}

struct radix_node *radix_node_alloc(void)
{
	if (!radix_cache)
		radix_cache = kmem_cache_create("radix_node", sizeof(struct radix_node), 0);
	return radix_cache ? radix_zalloc() : NULL;
}

void radix_node_free(struct radix_node *n)
{
	kmem_cache_free(radix_cache, n);
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
	INIT_LIST_HEAD(&pc->dirty_link);
}

void inode_mark_dirty(struct inode *ino)
{
	if (ino->ops->write_inode)
		__atomic_fetch_or(&ino->state, I_DIRTY, __ATOMIC_SEQ_CST);
}
