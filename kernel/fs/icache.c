/*
 * Inode caches of file-system instances (see <kernel/icache.h>). The last
 * inode_put of a cached inode takes it out under the cache's lock, so a
 * lookup either finds it alive (and takes a reference) or not at all.
 */
#include <kernel/icache.h>
#include <kernel/vfs.h>

static struct list_head *bucket(struct icache *c, u64 nr)
{
	return &c->buckets[(nr ^ (nr >> 8)) % ICACHE_BUCKETS];
}

void icache_init(struct icache *c)
{
	spin_lock_init(&c->lock, "icache");
	c->count = 0;
	for (int i = 0; i < ICACHE_BUCKETS; i++)
		INIT_LIST_HEAD(&c->buckets[i]);
}

static struct inode *find_locked(struct icache *c, u64 nr)
{
	struct inode *ino;

	list_for_each_entry(ino, bucket(c, nr), icache_link)
		if (ino->ino == nr) {
			atomic_inc(&ino->refs);
			return ino;
		}
	return NULL;
}

struct inode *icache_find(struct icache *c, u64 nr)
{
	struct inode *ino;

	spin_lock(&c->lock);
	ino = find_locked(c, nr);
	spin_unlock(&c->lock);
	return ino;
}

struct inode *icache_insert(struct icache *c, struct inode *ino)
{
	struct inode *other;

	spin_lock(&c->lock);
	other = find_locked(c, ino->ino);
	if (!other) {
		ino->icache = c;
		list_add(&ino->icache_link, bucket(c, ino->ino));
		c->count++;
	}
	spin_unlock(&c->lock);
	return other;
}

/* inode_put of a cached inode: true when this was the last reference (the
 * inode is out of the cache and the caller evicts it). */
bool icache_put(struct inode *ino)
{
	struct icache *c = ino->icache;
	int v = atomic_read(&ino->refs);

	/* Not the last reference: no lock needed. */
	while (v > 1) {
		if (atomic_cmpxchg(&ino->refs, v, v - 1))
			return false;
		v = atomic_read(&ino->refs);
	}
	spin_lock(&c->lock);
	if (!atomic_dec_and_test(&ino->refs)) {
		spin_unlock(&c->lock);
		return false;
	}
	list_del_init(&ino->icache_link);
	c->count--;
	spin_unlock(&c->lock);
	return true;
}
