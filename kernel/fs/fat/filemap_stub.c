/*
 * TEMPORARY, until the page cache (kernel/mm/filemap.c) lands on main:
 * weak stand-ins for the filemap_* functions FAT uses, with no caching at
 * all: every read and write goes through a bounce page and the file
 * system's page_cache_ops. The real ones override these; this file goes
 * away at the merge.
 */
#include <kernel/vfs.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/errno.h>

#define WEAK __attribute__((weak))

static ssize_t stub_read(struct inode *ino, void *kbuf, uptr_t ubuf, size_t n, u64 pos)
{
	const struct page_cache_ops *ops = ino->cache.ops;
	void *page = kmalloc(PAGE_SIZE);
	size_t done = 0;
	int err = 0;

	if (!page)
		return -ENOMEM;
	mutex_lock(&ino->cache.lock);
	while (done < n && pos < ino->size) {
		u64 off = pos % PAGE_SIZE;
		size_t chunk = MIN(MIN(n - done, PAGE_SIZE - off), ino->size - pos);

		err = ops->read_page(ino, pos / PAGE_SIZE, page);
		if (err)
			break;
		if (kbuf)
			memcpy((char *)kbuf + done, (char *)page + off, chunk);
		else if (copy_to_user(ubuf + done, (char *)page + off, chunk)) {
			err = -EFAULT;
			break;
		}
		done += chunk;
		pos += chunk;
	}
	mutex_unlock(&ino->cache.lock);
	kfree(page);
	return done ? (ssize_t)done : err;
}

static ssize_t stub_write(struct inode *ino, const void *kbuf, uptr_t ubuf, size_t n, u64 *ppos,
			  bool append)
{
	const struct page_cache_ops *ops = ino->cache.ops;
	void *page = kmalloc(PAGE_SIZE);
	size_t done = 0;
	u64 pos;
	int err = 0;

	if (!page)
		return -ENOMEM;
	mutex_lock(&ino->lock);
	if (append)
		*ppos = ino->size;
	pos = *ppos;
	while (done < n) {
		u64 off = pos % PAGE_SIZE, idx = pos / PAGE_SIZE;
		size_t chunk = MIN(n - done, PAGE_SIZE - off);
		u64 end;

		err = ops->prepare_write(ino, pos, chunk);
		if (err)
			break;
		mutex_lock(&ino->cache.lock);
		err = ops->read_page(ino, idx, page);
		mutex_unlock(&ino->cache.lock);
		if (err)
			break;
		if (kbuf)
			memcpy((char *)page + off, (const char *)kbuf + done, chunk);
		else if (copy_from_user((char *)page + off, ubuf + done, chunk)) {
			err = -EFAULT;
			break;
		}
		end = MAX(ino->size, pos + chunk);
		mutex_lock(&ino->cache.lock);
		err = ops->write_page(ino, idx, page, MIN((u64)PAGE_SIZE, end - idx * PAGE_SIZE));
		mutex_unlock(&ino->cache.lock);
		if (err)
			break;
		ino->size = end;
		done += chunk;
		pos += chunk;
	}
	*ppos = pos;
	if (done)
		inode_touch(ino, true);
	mutex_unlock(&ino->lock);
	kfree(page);
	return done ? (ssize_t)done : err;
}

WEAK ssize_t filemap_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	ssize_t r = stub_read(f->inode, NULL, buf, n, *pos);

	if (r > 0)
		*pos += (u64)r;
	return r;
}

WEAK ssize_t filemap_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	return stub_write(f->inode, NULL, buf, n, pos, f->flags & O_APPEND);
}

WEAK ssize_t filemap_read_kernel(struct inode *ino, void *buf, size_t n, u64 pos)
{
	return stub_read(ino, buf, 0, n, pos);
}

WEAK ssize_t filemap_write_kernel(struct inode *ino, const void *buf, size_t n, u64 pos)
{
	return stub_write(ino, buf, 0, n, &pos, false);
}

WEAK int filemap_write_range(struct inode *ino, u64 start, u64 end)
{
	(void)ino, (void)start, (void)end;
	return 0;	/* nothing is cached: every write went to the disk */
}

WEAK void filemap_truncate(struct inode *ino, u64 size)
{
	(void)ino, (void)size;
}

WEAK void filemap_evict(struct inode *ino, bool discard)
{
	(void)ino, (void)discard;
}
