/*
 * The name cache: see <kernel/dcache.h> for what it holds and its rules.
 */
#include <kernel/dcache.h>
#include <kernel/mount.h>
#include <kernel/sched.h>
#include <kernel/vfs.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/printk.h>
#include <core/wait.h>
#include <lib/list.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* Lock legend: [D] dcache_lock; [I] set when made. */
struct dentry {
	struct list_head hash_link;	/* [D] in its bucket */
	struct list_head lru_link;	/* [D] on the LRU list, most recently used first */
	struct list_head child_link;	/* [D] on dir->dcache_children */
	struct list_head sb_link;	/* [D] on the super block's dcache_entries */
	struct inode *dir;		/* [I] not referenced: it outlives its entries */
	struct inode *ino;		/* [I] referenced; NULL for a negative entry */
	u32 hash;			/* [I] */
	u16 len;			/* [I] */
	char name[];			/* [I] */
};

#define DCACHE_BUCKETS 4096

static DEFINE_SPINLOCK(dcache_lock);
static struct list_head buckets[DCACHE_BUCKETS];	/* [D] */
static LIST_HEAD(lru);					/* [D] */
static unsigned long nr_entries;			/* [D] */
static unsigned long max_entries;			/* [I] before the thread trims */
static bool enabled;					/* [I] the thread runs */

static struct wait_queue shrink_wq = WAIT_QUEUE_INIT(shrink_wq);
static bool shrink_wanted;	/* [a] memory is short: trim to half the limit */

static bool uses_cache(struct inode *dir)
{
	return READ_ONCE(enabled) && dir->sb && dir->sb->type->name_cache;
}

/* FNV-1a of the name, seeded with the directory. */
static u32 name_hash(const struct inode *dir, const char *name, size_t len)
{
	u32 h = 2166136261u ^ (u32)((uptr_t)dir >> 4);

	for (size_t i = 0; i < len; i++)
		h = (h ^ (u8)name[i]) * 16777619u;
	return h;
}

static struct dentry *find_locked(struct inode *dir, const char *name, size_t len, u32 hash)
{
	struct dentry *e;

	list_for_each_entry(e, &buckets[hash % DCACHE_BUCKETS], hash_link)
		if (e->hash == hash && e->dir == dir && e->len == len && !memcmp(e->name, name, len))
			return e;
	return NULL;
}

static void unlink_locked(struct dentry *e)
{
	list_del(&e->hash_link);
	list_del(&e->lru_link);
	list_del(&e->child_link);
	list_del(&e->sb_link);
	nr_entries--;
}

/* From e, the first entry down its subtree with no names cached under it. */
static struct dentry *leaf_below_locked(struct dentry *e)
{
	while (e->ino && !list_empty(&e->ino->dcache_children))
		e = list_first_entry(&e->ino->dcache_children, struct dentry, child_link);
	return e;
}

/* An entry out of every list whose inode has no names under it: dropping
 * its reference may evict the inode, which finds nothing more to drop. */
static void free_leaf(struct dentry *e)
{
	if (e->ino)
		inode_put(e->ino);
	kfree(e);
}

/* Every entry on list (a directory's dcache_children, or a super block's
 * dcache_entries when of_sb), and everything below them, leaves first. */
static void drop_all(struct list_head *list, bool of_sb)
{
	for (;;) {
		struct dentry *e;

		spin_lock(&dcache_lock);
		if (list_empty(list)) {
			spin_unlock(&dcache_lock);
			return;
		}
		e = of_sb ? list_first_entry(list, struct dentry, sb_link)
			  : list_first_entry(list, struct dentry, child_link);
		e = leaf_below_locked(e);
		unlink_locked(e);
		spin_unlock(&dcache_lock);
		free_leaf(e);
	}
}

int dcache_lookup(struct inode *dir, const char *name, struct inode **out)
{
	size_t len = strlen(name);
	u32 hash;
	struct dentry *e;

	if (!uses_cache(dir) || len > NAME_MAX)
		return -EAGAIN;
	hash = name_hash(dir, name, len);
	spin_lock(&dcache_lock);
	e = find_locked(dir, name, len, hash);
	if (!e) {
		spin_unlock(&dcache_lock);
		return -EAGAIN;
	}
	list_move(&e->lru_link, &lru);
	*out = e->ino;
	if (e->ino)
		inode_get(e->ino);
	spin_unlock(&dcache_lock);
	return *out ? 0 : -ENOENT;
}

void dcache_add(struct inode *dir, const char *name, struct inode *ino)
{
	size_t len = strlen(name);
	struct dentry *e;
	bool full;

	if (!uses_cache(dir) || len > NAME_MAX || !strcmp(name, ".") || !strcmp(name, ".."))
		return;
	e = kmalloc(sizeof(*e) + len + 1);
	if (!e)
		return;
	e->dir = dir;
	e->ino = ino;
	e->len = (u16)len;
	e->hash = name_hash(dir, name, len);
	memcpy(e->name, name, len + 1);
	if (ino)
		inode_get(ino);
	spin_lock(&dcache_lock);
	if (find_locked(dir, name, len, e->hash)) {
		spin_unlock(&dcache_lock);
		free_leaf(e);	/* the caller's reference keeps ino */
		return;
	}
	list_add(&e->hash_link, &buckets[e->hash % DCACHE_BUCKETS]);
	list_add(&e->lru_link, &lru);
	list_add(&e->child_link, &dir->dcache_children);
	list_add(&e->sb_link, &dir->sb->dcache_entries);
	full = ++nr_entries > max_entries;
	spin_unlock(&dcache_lock);
	if (full)
		wake_up_all(&shrink_wq);
}

void dcache_forget(struct inode *dir, const char *name)
{
	size_t len = strlen(name);
	struct dentry *e;

	if (!uses_cache(dir) || len > NAME_MAX)
		return;
	spin_lock(&dcache_lock);
	e = find_locked(dir, name, len, name_hash(dir, name, len));
	if (e)
		unlink_locked(e);
	spin_unlock(&dcache_lock);
	if (!e)
		return;
	if (e->ino)
		drop_all(&e->ino->dcache_children, false);	/* a directory renamed or removed */
	free_leaf(e);
}

void dcache_dir_gone(struct inode *dir)
{
	drop_all(&dir->dcache_children, false);
}

void dcache_drop_sb(struct super_block *sb)
{
	drop_all(&sb->dcache_entries, true);
}

unsigned long dcache_shrink(unsigned long n)
{
	unsigned long freed = 0, scanned = 0, total;

	spin_lock(&dcache_lock);
	total = nr_entries;
	while (freed < n && scanned++ < total && !list_empty(&lru)) {
		struct dentry *e = list_last_entry(&lru, struct dentry, lru_link);

		if (e->ino && !list_empty(&e->ino->dcache_children)) {
			list_move(&e->lru_link, &lru);	/* its names go first */
			continue;
		}
		unlink_locked(e);
		spin_unlock(&dcache_lock);
		free_leaf(e);
		freed++;
		spin_lock(&dcache_lock);
	}
	spin_unlock(&dcache_lock);
	return freed;
}

unsigned long dcache_count(void)
{
	return READ_ONCE(nr_entries);
}

/* Memory is short: entries cannot go here (dropping an inode may write
 * to a disk), so the thread trims them. */
static unsigned long dcache_reclaim(unsigned long want)
{
	(void)want;
	if (READ_ONCE(nr_entries) && !READ_ONCE(shrink_wanted)) {
		WRITE_ONCE(shrink_wanted, true);
		wake_up_all(&shrink_wq);
	}
	return 0;
}

static void shrink_main(void *arg)
{
	(void)arg;
	for (;;) {
		unsigned long n, keep;

		wait_event(shrink_wq, READ_ONCE(shrink_wanted) ||
				      READ_ONCE(nr_entries) > max_entries);
		n = READ_ONCE(nr_entries);
		keep = READ_ONCE(shrink_wanted) ? max_entries / 2 : max_entries * 3 / 4;
		if (n > keep)
			dcache_shrink(n - keep);
		WRITE_ONCE(shrink_wanted, false);
	}
}

void dcache_init(void)
{
	for (int i = 0; i < DCACHE_BUCKETS; i++)
		INIT_LIST_HEAD(&buckets[i]);
	/* About one entry per 16 KiB of memory: 64 Ki entries with 1 GiB. */
	max_entries = frame_total_count() / 4;
	if (IS_ERR(kthread_run("dcache", shrink_main, NULL))) {
		pr_warn("dcache: no trimming thread: names are not cached\n");
		return;
	}
	frame_add_reclaim(dcache_reclaim);
	WRITE_ONCE(enabled, true);
}
