/*
 * Block devices: the registry of disks and partitions, and partition
 * scanning (the parser is partition_parse.c; this file does its I/O).
 *
 * Lock order: scan_mutex -> registry_lock -> request_queue.lock.
 * registry_lock is a spinlock because disks are added while devices are
 * probed at boot, where nothing may sleep; scans sleep, under scan_mutex.
 */
#include <kernel/block.h>
#include <kernel/bcache.h>
#include <kernel/mount.h>
#include <kernel/partition.h>
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <core/wait.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static DEFINE_SPINLOCK(registry_lock);
static LIST_HEAD(registry);		/* [registry_lock] disks, each followed by its partitions */
static struct mutex scan_mutex = MUTEX_INIT(scan_mutex);

void block_device_get(struct block_device *bdev)
{
	atomic_inc(&bdev->refs);
}

void block_device_put(struct block_device *bdev)
{
	struct block_device *disk = bdev->whole;
	int left = atomic_add_return(&bdev->refs, -1);

	if (left) {
		if (disk->queue->ops->put)
			disk->queue->ops->put(disk, atomic_read(&disk->refs));
		return;
	}
	if (bdev->whole == bdev)
		kfree(bdev->queue);
	else
		block_device_put(bdev->whole);
	kfree(bdev);
}

static bool any_needs_scan(void);

/* kblockd reads new disks' partitions soon after they appear, as Linux
 * does, so that a lookup rarely waits for it. It stays for later work. */
static struct wait_queue kblockd_wq = WAIT_QUEUE_INIT(kblockd_wq);
static bool kblockd_started;	/* [registry_lock] */

static void kblockd_main(void *arg)
{
	(void)arg;
	for (;;) {
		block_wait_scans();
		wait_event(kblockd_wq, any_needs_scan());
	}
}

static void kblockd_kick(void)
{
	struct task *t;
	bool start;

	spin_lock(&registry_lock);
	start = !kblockd_started;
	kblockd_started = true;
	spin_unlock(&registry_lock);
	if (!start) {
		wake_up_all(&kblockd_wq);
		return;
	}
	t = kthread_run("kblockd", kblockd_main, NULL);
	if (IS_ERR(t))
		pr_warn("block: no kblockd (%d); partitions are read at first use\n",
			(int)PTR_ERR(t));
	else
		task_put(t);
}

struct block_device *block_disk_add(const char *name, u32 devt, u32 lbs, u64 nr_sects,
				    unsigned int flags, const struct block_driver_ops *ops,
				    const struct block_limits *lim, void *driver_data)
{
	struct block_device *disk;
	struct request_queue *q;

	if (lbs < SECTOR_SIZE || lbs > 4096 || (lbs & (lbs - 1)) || !lim->depth ||
	    !lim->max_bios || lim->max_bytes < lbs)
		return ERR_PTR(-EINVAL);
	disk = kzalloc(sizeof(*disk));
	q = kzalloc(sizeof(*q));
	if (!disk || !q) {
		kfree(disk);
		kfree(q);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock_init(&q->lock, "request_queue");
	INIT_LIST_HEAD(&q->pending);
	q->lim = *lim;
	q->ops = ops;
	q->disk = disk;
	strscpy(disk->name, name, sizeof(disk->name));
	disk->whole = disk;
	disk->devt = devt;
	disk->lbs = lbs;
	/* Whole logical blocks only. */
	disk->nr_sects = nr_sects & ~(u64)(lbs / SECTOR_SIZE - 1);
	disk->flags = flags;
	disk->queue = q;
	disk->driver_data = driver_data;
	atomic_set(&disk->refs, 1);
	disk->needs_scan = true;
	spin_lock(&registry_lock);
	list_add_tail(&disk->link, &registry);
	spin_unlock(&registry_lock);
	pr_info("%s: %llu sectors (%llu MiB), %u-byte blocks%s\n", disk->name,
		(unsigned long long)disk->nr_sects,
		(unsigned long long)(disk->nr_sects >> (20 - SECTOR_SHIFT)), lbs,
		flags & BLOCK_RO ? ", read-only" : "");
	kblockd_kick();
	return disk;
}

/* ---- partitions ---- */

struct scan_ctx {
	struct block_device *disk;
};

static int scan_read(void *ctx, u64 lba, void *buf)
{
	struct block_device *disk = ((struct scan_ctx *)ctx)->disk;

	return block_rw(disk, BLK_OP_READ, lba * (disk->lbs / SECTOR_SIZE), buf, disk->lbs);
}

static struct block_device *part_new(struct block_device *disk, const struct part_entry *p)
{
	u64 per = disk->lbs / SECTOR_SIZE;
	struct block_device *part = kzalloc(sizeof(*part));
	size_t n = strlen(disk->name);

	if (!part)
		return NULL;
	/* Linux's names: vda1, but nvme0n1p1 after a digit. */
	snprintf(part->name, sizeof(part->name), "%s%s%u", disk->name,
		 n && disk->name[n - 1] >= '0' && disk->name[n - 1] <= '9' ? "p" : "",
		 p->number);
	block_device_get(disk);
	part->whole = disk;
	part->partno = p->number;
	part->devt = disk->devt + p->number;
	part->start = p->start * per;
	part->nr_sects = p->nr_sects * per;
	part->lbs = disk->lbs;
	part->flags = disk->flags;
	part->queue = disk->queue;
	atomic_set(&part->refs, 1);
	return part;
}

/*
 * Give disk and its partitions their nodes in devtmpfs (/dev/vda, vda1 ...),
 * S_IFBLK 0660 as Linux's. Called with scan_mutex, which keeps partitions
 * in place; nodes that exist already (a loop device's) stay.
 */
static void publish_nodes(struct block_device *disk)
{
	struct list_head *pos;

	spin_lock(&registry_lock);
	for (pos = &disk->link; pos != &registry; pos = pos->next) {
		struct block_device *b = list_entry(pos, struct block_device, link);
		char name[BDEV_NAME_MAX];
		u32 devt = b->devt;
		int err;

		if (b->whole != disk)
			break;
		memcpy(name, b->name, sizeof(name));
		spin_unlock(&registry_lock);
		err = devtmpfs_create_node(name, S_IFBLK | 0660, devt);
		if (err && err != -EEXIST)
			pr_warn("%s: no device node (%d)\n", name, err);
		spin_lock(&registry_lock);
	}
	spin_unlock(&registry_lock);
}

/* Read disk's table and register its partitions. Called with scan_mutex. */
static void scan_disk(struct block_device *disk)
{
	struct scan_ctx ctx = { disk };
	struct part_table *tab = kmalloc(sizeof(*tab));
	void *buf = kmalloc(disk->lbs);
	struct part_source src = { scan_read, &ctx, disk->nr_sects / (disk->lbs / SECTOR_SIZE),
				   disk->lbs, buf };
	struct list_head *pos;
	char line[96];
	size_t used;
	int err;

	if (disk->flags & BLOCK_NOPART)
		goto out;
	if (!tab || !buf) {
		pr_err("%s: no memory to read the partition table\n", disk->name);
		goto out;
	}
	err = part_parse(&src, tab);
	if (err) {
		pr_warn("%s: partition table refused: %s\n", disk->name, tab->why);
		goto out;
	}
	if (tab->why[0])
		pr_warn("%s: %s\n", disk->name, tab->why);
	used = (size_t)snprintf(line, sizeof(line), "%s:", disk->name);
	spin_lock(&registry_lock);
	pos = &disk->link;
	for (int i = 0; i < tab->count; i++) {
		struct block_device *part;

		spin_unlock(&registry_lock);
		part = part_new(disk, &tab->parts[i]);
		spin_lock(&registry_lock);
		if (!part) {
			pr_err("%s: no memory for partition %u\n", disk->name,
			       tab->parts[i].number);
			break;
		}
		list_add(&part->link, pos);
		pos = &part->link;
		if (used < sizeof(line))
			used += (size_t)snprintf(line + used, sizeof(line) - used, " %s",
						 part->name);
	}
	spin_unlock(&registry_lock);
	if (tab->count)
		pr_info("%s\n", line);
out:
	kfree(buf);
	kfree(tab);
	publish_nodes(disk);
}

static bool any_needs_scan(void)
{
	struct block_device *b;
	bool any = false;

	spin_lock(&registry_lock);
	list_for_each_entry(b, &registry, link)
		any |= b->needs_scan;
	spin_unlock(&registry_lock);
	return any;
}

/* Read the partitions of disks added since the last lookup. */
void block_wait_scans(void)
{
	mutex_lock(&scan_mutex);
	for (;;) {
		struct block_device *disk = NULL, *b;

		spin_lock(&registry_lock);
		list_for_each_entry(b, &registry, link) {
			if (b->needs_scan) {
				disk = b;
				disk->needs_scan = false;
				block_device_get(disk);
				break;
			}
		}
		spin_unlock(&registry_lock);
		if (!disk)
			break;
		scan_disk(disk);
		block_device_put(disk);
	}
	mutex_unlock(&scan_mutex);
}

/* The registered device name or devt (when name is NULL) names, referenced. */
static struct block_device *find(const char *name, u32 devt)
{
	struct block_device *b, *found = NULL;

	block_wait_scans();
	spin_lock(&registry_lock);
	list_for_each_entry(b, &registry, link) {
		if (name ? !strcmp(b->name, name) : b->devt == devt) {
			found = b;
			block_device_get(b);
			break;
		}
	}
	spin_unlock(&registry_lock);
	return found;
}

struct block_device *block_device_find(const char *name)
{
	return find(name, 0);
}

struct block_device *block_device_by_devt(u32 devt)
{
	return find(NULL, devt);
}

int block_device_for_each(int (*fn)(struct block_device *bdev, void *arg), void *arg)
{
	struct list_head *pos;
	int ret = 0;

	block_wait_scans();
	/* scan_mutex keeps partitions from leaving (only scans remove them);
	 * registry_lock guards each step, since disks may be added meanwhile. */
	mutex_lock(&scan_mutex);
	spin_lock(&registry_lock);
	for (pos = registry.next; pos != &registry && !ret; pos = pos->next) {
		struct block_device *b = list_entry(pos, struct block_device, link);

		spin_unlock(&registry_lock);
		ret = fn(b, arg);
		spin_lock(&registry_lock);
	}
	spin_unlock(&registry_lock);
	mutex_unlock(&scan_mutex);
	return ret;
}

void block_disk_remove(struct block_device *disk)
{
	struct block_device *b, *tmp;
	LIST_HEAD(dropped);

	block_wait_scans();
	mutex_lock(&scan_mutex);
	list_for_each_entry(b, &registry, link)
		if (b->whole == disk)
			bcache_invalidate(b);
	spin_lock(&registry_lock);
	list_for_each_entry_safe(b, tmp, &registry, link) {
		if (b->whole == disk) {
			list_del(&b->link);
			b->gone = true;
			b->needs_scan = false;
			list_add_tail(&b->link, &dropped);
		}
	}
	spin_unlock(&registry_lock);
	mutex_unlock(&scan_mutex);
	/* Partitions first: each holds a reference on the disk. */
	list_for_each_entry_safe(b, tmp, &dropped, link) {
		list_del(&b->link);
		if (b == disk)
			continue;
		devtmpfs_remove_node(b->name);
		block_device_put(b);
	}
	block_device_put(disk);
}

int block_rescan(struct block_device *disk)
{
	struct block_device *b, *tmp;
	LIST_HEAD(dropped);
	int err = 0;

	if (disk->whole != disk)
		return -EINVAL;
	block_wait_scans();
	mutex_lock(&scan_mutex);
	/* Cached metadata of the partitions goes first: it holds references. */
	list_for_each_entry(b, &registry, link)
		if (b->whole == disk && b != disk)
			bcache_invalidate(b);
	spin_lock(&registry_lock);
	list_for_each_entry(b, &registry, link) {
		if (b->whole == disk && b != disk && atomic_read(&b->refs) > 1) {
			err = -EBUSY;
			break;
		}
	}
	if (!err) {
		list_for_each_entry_safe(b, tmp, &registry, link) {
			if (b->whole == disk && b != disk) {
				list_del(&b->link);
				b->gone = true;
				list_add_tail(&b->link, &dropped);
			}
		}
	}
	spin_unlock(&registry_lock);
	list_for_each_entry_safe(b, tmp, &dropped, link) {
		list_del(&b->link);
		devtmpfs_remove_node(b->name);
		block_device_put(b);
	}
	if (!err)
		scan_disk(disk);
	mutex_unlock(&scan_mutex);
	return err;
}
