/*
 * Loop devices: /dev/loopN (block, 7:N) whose sectors are the bytes of a
 * regular file from an offset on, and /dev/loop-control (char, 10:237)
 * that adds, removes and finds free ones. The ioctls and struct
 * loop_info64 are Linux's (include/uapi/linux/loop.h), so that busybox's
 * losetup and mount -o loop work.
 *
 * A bound device is a disk in the block registry (name "loopN", no
 * partitions); an unbound one only exists here, and its node opens with
 * size 0 as on Linux. Requests reach queue_rq in any context, interrupts
 * included, so a thread of the binding ("kloop", one per bound device, so
 * that a loop on a file on another loop device does not wait for itself)
 * does the file I/O, in order. The kloopd thread unbinds AUTOCLEAR
 * devices when their last user goes.
 *
 * Lock order: loop_ctl_mutex (the table) -> loop_dev.lock (binding) ->
 * registry locks (blkdev.c); loop_queue_lock (an irq-saving spinlock, a
 * leaf but for the wait queues it wakes) guards the workers' request lists
 * and kloopd's list of devices to clear.
 */
#include <kernel/block.h>
#include <kernel/cred.h>
#include <kernel/loop.h>
#include <kernel/mount.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <core/uaccess.h>
#include <core/wait.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* The ioctls: on /dev/loopN ... */
#define LOOP_SET_FD 0x4c00
#define LOOP_CLR_FD 0x4c01
#define LOOP_SET_STATUS 0x4c02
#define LOOP_GET_STATUS 0x4c03
#define LOOP_SET_STATUS64 0x4c04
#define LOOP_GET_STATUS64 0x4c05
#define LOOP_CHANGE_FD 0x4c06
#define LOOP_SET_CAPACITY 0x4c07
#define LOOP_SET_DIRECT_IO 0x4c08
#define LOOP_SET_BLOCK_SIZE 0x4c09
#define LOOP_CONFIGURE 0x4c0a
/* ... and on /dev/loop-control. */
#define LOOP_CTL_ADD 0x4c80
#define LOOP_CTL_REMOVE 0x4c81
#define LOOP_CTL_GET_FREE 0x4c82

#define LO_FLAGS_READ_ONLY 1
#define LO_FLAGS_AUTOCLEAR 4
#define LO_FLAGS_PARTSCAN 8
#define LO_FLAGS_DIRECT_IO 16
#define LOOP_SET_STATUS_SETTABLE (LO_FLAGS_AUTOCLEAR | LO_FLAGS_PARTSCAN)
#define LOOP_SET_STATUS_CLEARABLE LO_FLAGS_AUTOCLEAR
#define LOOP_CONFIGURE_SETTABLE \
	(LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR | LO_FLAGS_PARTSCAN | LO_FLAGS_DIRECT_IO)

#define LO_NAME_SIZE 64
#define LO_KEY_SIZE 32

struct loop_info64 {
	u64 lo_device;		/* the backing file's st_dev */
	u64 lo_inode;		/* ... and st_ino */
	u64 lo_rdevice;		/* ... and st_rdev */
	u64 lo_offset;
	u64 lo_sizelimit;	/* bytes; 0: the rest of the file */
	u32 lo_number;
	u32 lo_encrypt_type;	/* obsolete */
	u32 lo_encrypt_key_size;
	u32 lo_flags;
	u8 lo_file_name[LO_NAME_SIZE];
	u8 lo_crypt_name[LO_NAME_SIZE];
	u8 lo_encrypt_key[LO_KEY_SIZE];
	u64 lo_init[2];
};
_Static_assert(sizeof(struct loop_info64) == 232, "Linux's struct loop_info64");

struct loop_config {
	u32 fd;
	u32 block_size;
	struct loop_info64 info;
	u64 reserved[8];
};
_Static_assert(sizeof(struct loop_config) == 304, "Linux's struct loop_config");

#define MAX_LOOP 256		/* minors: 8 bits */
#define LOOP_MIN_COUNT 8	/* Linux's CONFIG_BLK_DEV_LOOP_MIN_COUNT */
#define LOOP_BASE_REFS 2	/* on a bound disk: the registry's and ours */

/* Lock legend: [T] loop_ctl_mutex; [L] lock; [Q] loop_queue_lock. */
struct loop_dev {
	unsigned int minor;		/* [I] */
	struct mutex lock;
	struct file *backing;		/* [L] referenced, NULL when unbound */
	struct block_device *disk;	/* [L] referenced, while bound */
	u64 offset, sizelimit;		/* [L] */
	u32 flags;			/* [L] LO_FLAGS_* */
	u32 lbs;			/* [L] logical block size */
	u8 file_name[LO_NAME_SIZE];	/* [L] as the user gave it */
	u8 crypt_name[LO_NAME_SIZE];	/* [L] */
	bool clearing;			/* [L] autoclear queued */
	atomic_t openers;		/* [a] open files of /dev/loopN */
	/* What the worker reads and writes: a copy, so that it never waits
	 * for lock (held while the disk goes, which may write cached blocks). */
	struct inode *io_ino;		/* [Q] referenced, or NULL */
	u64 io_offset;			/* [Q] */
	struct loop_worker *worker;	/* [Q] while bound */
};

/* The thread of one binding and its requests, in order. */
struct loop_worker {
	struct list_head reqs;		/* [Q] struct request.link */
	bool stop;			/* [Q] unbound: finish the list and exit */
	struct wait_queue wq;
};

static struct mutex loop_ctl_mutex = MUTEX_INIT(loop_ctl_mutex);
static struct loop_dev *loops[MAX_LOOP];	/* [T] */

/* The workers' requests, and kloopd's devices to clear. */
static DEFINE_SPINLOCK(loop_queue_lock);
static struct loop_dev *loop_clear_list[MAX_LOOP];	/* [Q] */
static unsigned int loop_nr_clear;		/* [Q] */
static struct wait_queue loop_wq = WAIT_QUEUE_INIT(loop_wq);
static struct task *kloopd;			/* [T] started at the first bind */

static void loop_clr_locked(struct loop_dev *lo);

static struct loop_dev *loop_get_dev(unsigned int minor)
{
	struct loop_dev *lo;

	mutex_lock(&loop_ctl_mutex);
	lo = minor < MAX_LOOP ? loops[minor] : NULL;
	mutex_unlock(&loop_ctl_mutex);
	return lo;
}

/* ---- the I/O ---- */

static int loop_do_bio(struct loop_dev *lo, struct inode *ino, u64 base, enum blk_op op,
		       u64 sector, void *buf, u32 len)
{
	u64 pos = base + (sector << SECTOR_SHIFT);
	ssize_t n;

	switch (op) {
	case BLK_OP_READ:
		n = filemap_read_kernel(ino, buf, len, pos);
		if (n < 0)
			return (int)n;
		/* Past the file's end (it shrank): zeros, as Linux's loop. */
		memset((u8 *)buf + n, 0, len - (size_t)n);
		return 0;
	case BLK_OP_WRITE:
		n = filemap_write_kernel(ino, buf, len, pos);
		return n < 0 ? (int)n : (size_t)n == len ? 0 : -EIO;
	case BLK_OP_FLUSH:
		/* fsync of the file: its own, or the cache and then the inode. */
		if (ino->ops->fsync)
			return ino->ops->fsync(ino, false);
		n = filemap_write_range(ino, 0, FILEMAP_MAX_SIZE);
		if (!n && ino->ops->write_inode && (READ_ONCE(ino->state) & I_DIRTY))
			n = ino->ops->write_inode(ino, true);
		return (int)n;
	default:
		(void)lo;
		return -EOPNOTSUPP;
	}
}

static void loop_do_request(struct request *rq)
{
	struct loop_dev *lo = rq->driver_data;
	struct inode *ino;
	u64 sector = rq->sector, base;
	unsigned long flags;
	int err = 0;

	flags = spin_lock_irqsave(&loop_queue_lock);
	ino = lo->io_ino;
	if (ino)
		inode_get(ino);
	base = lo->io_offset;
	spin_unlock_irqrestore(&loop_queue_lock, flags);
	if (!ino) {
		block_request_done(rq, -EIO);	/* unbound meanwhile */
		return;
	}
	for (struct bio *bio = rq->bio; bio && !err; bio = bio->next) {
		err = loop_do_bio(lo, ino, base, rq->op, sector, bio->buf, bio->len);
		sector += bio->len >> SECTOR_SHIFT;
	}
	inode_put(ino);
	block_request_done(rq, err);
}

static void loop_worker_main(void *arg)
{
	struct loop_worker *w = arg;

	for (;;) {
		struct request *rq = NULL;
		unsigned long flags;

		wait_event(w->wq, !list_empty(&w->reqs) || READ_ONCE(w->stop));
		flags = spin_lock_irqsave(&loop_queue_lock);
		if (!list_empty(&w->reqs)) {
			rq = list_first_entry(&w->reqs, struct request, link);
			list_del(&rq->link);
		}
		spin_unlock_irqrestore(&loop_queue_lock, flags);
		if (!rq)
			break;	/* stopped, and the list is empty: nobody can add */
		loop_do_request(rq);
	}
	kfree(w);
}

/* Start the binding's worker; lock held. */
static int loop_worker_start(struct loop_dev *lo)
{
	struct loop_worker *w = kzalloc(sizeof(*w));
	unsigned long flags;
	struct task *t;

	if (!w)
		return -ENOMEM;
	INIT_LIST_HEAD(&w->reqs);
	wait_queue_init(&w->wq);
	t = kthread_run("kloop", loop_worker_main, w);
	if (IS_ERR(t)) {
		kfree(w);
		return (int)PTR_ERR(t);
	}
	task_put(t);
	flags = spin_lock_irqsave(&loop_queue_lock);
	lo->worker = w;
	spin_unlock_irqrestore(&loop_queue_lock, flags);
	return 0;
}

/* Tell the worker to finish what it has and exit; lock held. Woken under
 * loop_queue_lock: the worker frees itself only after taking it. */
static void loop_worker_stop(struct loop_dev *lo)
{
	unsigned long flags = spin_lock_irqsave(&loop_queue_lock);
	struct loop_worker *w = lo->worker;

	lo->worker = NULL;
	if (w) {
		w->stop = true;
		wake_up_all(&w->wq);
	}
	spin_unlock_irqrestore(&loop_queue_lock, flags);
}

static void kloopd_main(void *arg)
{
	(void)arg;
	for (;;) {
		struct loop_dev *lo = NULL;
		unsigned long flags;

		wait_event(loop_wq, READ_ONCE(loop_nr_clear));
		flags = spin_lock_irqsave(&loop_queue_lock);
		if (loop_nr_clear)
			lo = loop_clear_list[--loop_nr_clear];
		spin_unlock_irqrestore(&loop_queue_lock, flags);
		if (lo) {
			mutex_lock(&lo->lock);
			if (lo->clearing && lo->disk)
				loop_clr_locked(lo);
			lo->clearing = false;
			mutex_unlock(&lo->lock);
		}
	}
}

static int loop_queue_rq(struct block_device *disk, struct request *rq)
{
	struct loop_dev *lo = disk->driver_data;
	struct loop_worker *w;
	unsigned long flags;

	rq->driver_data = lo;
	flags = spin_lock_irqsave(&loop_queue_lock);
	w = lo->worker;
	if (w) {
		list_add_tail(&rq->link, &w->reqs);
		wake_up_all(&w->wq);
	}
	spin_unlock_irqrestore(&loop_queue_lock, flags);
	return w ? 0 : -EIO;	/* unbound meanwhile */
}

/* When the last user of an autoclear device goes (no open file, no other
 * reference: a mount), kloopd unbinds it. */
static void loop_maybe_autoclear(struct loop_dev *lo, struct block_device *disk, int refs)
{
	unsigned long flags;
	bool queue = false;

	if (refs != LOOP_BASE_REFS || disk->gone || atomic_read(&lo->openers))
		return;
	flags = spin_lock_irqsave(&loop_queue_lock);
	if ((READ_ONCE(lo->flags) & LO_FLAGS_AUTOCLEAR) && !READ_ONCE(lo->clearing) &&
	    loop_nr_clear < MAX_LOOP) {
		WRITE_ONCE(lo->clearing, true);
		loop_clear_list[loop_nr_clear++] = lo;
		queue = true;
	}
	spin_unlock_irqrestore(&loop_queue_lock, flags);
	if (queue)
		wake_up_all(&loop_wq);
}

static void loop_put(struct block_device *disk, int refs)
{
	loop_maybe_autoclear(disk->driver_data, disk, refs);
}

static const struct block_driver_ops loop_ops = { .queue_rq = loop_queue_rq, .put = loop_put };

/* ---- binding ---- */

static u64 loop_sectors(struct loop_dev *lo)
{
	u64 size = file_inode(lo->backing)->size, n;

	if (size <= lo->offset)
		return 0;
	n = size - lo->offset;
	if (lo->sizelimit && lo->sizelimit < n)
		n = lo->sizelimit;
	return n >> SECTOR_SHIFT;
}

/* Point the worker at ino (referenced, or NULL) from offset on; lock held. */
static void loop_set_io(struct loop_dev *lo, struct inode *ino, u64 offset)
{
	unsigned long flags;
	struct inode *old;

	if (ino)
		inode_get(ino);
	flags = spin_lock_irqsave(&loop_queue_lock);
	old = lo->io_ino;
	lo->io_ino = ino;
	lo->io_offset = offset;
	spin_unlock_irqrestore(&loop_queue_lock, flags);
	if (old)
		inode_put(old);
}

/* (Re)register the disk for the current binding; lock held. */
static int loop_register(struct loop_dev *lo)
{
	static const struct block_limits lim = { .depth = 16, .max_bios = 32,
						  .max_bytes = 256 * 1024 };
	struct block_device *old = lo->disk, *disk;
	char name[BDEV_NAME_MAX];

	if (old) {
		lo->disk = NULL;
		block_disk_remove(old);
		block_device_put(old);
	}
	loop_set_io(lo, file_inode(lo->backing), lo->offset);
	snprintf(name, sizeof(name), "loop%u", lo->minor);
	disk = block_disk_add(name, MKDEV(LOOP_MAJOR, lo->minor), lo->lbs, loop_sectors(lo),
			      BLOCK_NOPART | BLOCK_FLUSH |
			      (lo->flags & LO_FLAGS_READ_ONLY ? BLOCK_RO : 0),
			      &loop_ops, &lim, lo);
	if (IS_ERR(disk)) {
		loop_set_io(lo, NULL, 0);
		return (int)PTR_ERR(disk);
	}
	block_device_get(disk);
	lo->disk = disk;
	return 0;
}

/* Unbind; lock held, bound. */
static void loop_clr_locked(struct loop_dev *lo)
{
	struct block_device *disk = lo->disk;

	lo->disk = NULL;
	block_disk_remove(disk);
	block_device_put(disk);
	/* Requests still queued find no backing file and fail. */
	loop_worker_stop(lo);
	loop_set_io(lo, NULL, 0);
	file_put(lo->backing);
	lo->backing = NULL;
	lo->offset = lo->sizelimit = 0;
	lo->flags = 0;
	lo->lbs = SECTOR_SIZE;
	memset(lo->file_name, 0, sizeof(lo->file_name));
	memset(lo->crypt_name, 0, sizeof(lo->crypt_name));
}

static int loop_start_thread(void)
{
	struct task *t;
	int err = 0;

	mutex_lock(&loop_ctl_mutex);
	if (!kloopd) {
		t = kthread_run("kloopd", kloopd_main, NULL);
		if (IS_ERR(t))
			err = (int)PTR_ERR(t);
		else
			kloopd = t;
	}
	mutex_unlock(&loop_ctl_mutex);
	return err;
}

/* Linux's loop_validate_size/offset checks on what status sets. */
static int loop_apply_info(struct loop_dev *lo, const struct loop_info64 *info)
{
	if (info->lo_encrypt_key_size > LO_KEY_SIZE)
		return -EINVAL;
	if (info->lo_offset > (u64)INT64_MAX || info->lo_sizelimit > (u64)INT64_MAX)
		return -EOVERFLOW;
	lo->offset = info->lo_offset;
	lo->sizelimit = info->lo_sizelimit;
	memcpy(lo->file_name, info->lo_file_name, LO_NAME_SIZE);
	lo->file_name[LO_NAME_SIZE - 1] = 0;
	memcpy(lo->crypt_name, info->lo_crypt_name, LO_NAME_SIZE);
	lo->crypt_name[LO_NAME_SIZE - 1] = 0;
	return 0;
}

/* LOOP_SET_FD and LOOP_CONFIGURE: bind lo to descriptor fd. */
static int loop_bind(struct loop_dev *lo, struct file *self, int fd, const struct loop_config *cfg)
{
	struct file *backing;
	struct inode *ino;
	int err;

	backing = fd_get(current_process()->files, fd);
	if (!backing)
		return -EBADF;
	ino = file_inode(backing);
	if (!ino || !(S_ISREG(ino->mode) || S_ISBLK(ino->mode))) {
		file_put(backing);
		return -EINVAL;
	}
	if (S_ISBLK(ino->mode)) {
		/* A loop on a block device: not supported (yet). */
		file_put(backing);
		return -EINVAL;
	}
	if (cfg && (cfg->block_size & (cfg->block_size - 1) ||
		    (cfg->block_size && (cfg->block_size < SECTOR_SIZE || cfg->block_size > 4096)))) {
		file_put(backing);
		return -EINVAL;
	}
	if (cfg && (cfg->info.lo_flags & ~LOOP_CONFIGURE_SETTABLE)) {
		file_put(backing);
		return -EINVAL;
	}
	err = loop_start_thread();
	if (err) {
		file_put(backing);
		return err;
	}
	mutex_lock(&lo->lock);
	if (lo->backing) {
		err = -EBUSY;
		goto out;
	}
	lo->backing = backing;
	lo->lbs = cfg && cfg->block_size ? cfg->block_size : SECTOR_SIZE;
	lo->flags = cfg ? cfg->info.lo_flags & ~LO_FLAGS_DIRECT_IO : 0;
	if (cfg) {
		err = loop_apply_info(lo, &cfg->info);
		if (err)
			goto undo;
	}
	/* Read-only unless both the backing file and the device are writable. */
	if ((backing->flags & O_ACCMODE) == O_RDONLY || (self->flags & O_ACCMODE) == O_RDONLY)
		lo->flags |= LO_FLAGS_READ_ONLY;
	err = loop_worker_start(lo);
	if (err)
		goto undo;
	err = loop_register(lo);
	if (!err) {
		backing = NULL;
		goto out;
	}
	loop_worker_stop(lo);
undo:
	lo->backing = NULL;
	lo->flags = 0;
	lo->offset = lo->sizelimit = 0;
out:
	mutex_unlock(&lo->lock);
	if (backing)
		file_put(backing);
	return err;
}

static void loop_fill_info(struct loop_dev *lo, struct loop_info64 *info)
{
	struct inode *ino = file_inode(lo->backing);

	memset(info, 0, sizeof(*info));
	info->lo_device = ino->dev;
	info->lo_inode = ino->ino;
	info->lo_rdevice = ino->rdev;
	info->lo_offset = lo->offset;
	info->lo_sizelimit = lo->sizelimit;
	info->lo_number = lo->minor;
	info->lo_flags = lo->flags;
	memcpy(info->lo_file_name, lo->file_name, LO_NAME_SIZE);
	memcpy(info->lo_crypt_name, lo->crypt_name, LO_NAME_SIZE);
}

static int loop_set_status(struct loop_dev *lo, unsigned long arg)
{
	struct loop_info64 info;
	u64 old_offset, old_limit;
	u32 flags;
	int err;

	if (copy_from_user(&info, (uptr_t)arg, sizeof(info)))
		return -EFAULT;
	mutex_lock(&lo->lock);
	if (!lo->backing) {
		err = -ENXIO;
		goto out;
	}
	old_offset = lo->offset;
	old_limit = lo->sizelimit;
	err = loop_apply_info(lo, &info);
	if (err)
		goto out;
	flags = lo->flags & ~LOOP_SET_STATUS_CLEARABLE;
	flags |= info.lo_flags & LOOP_SET_STATUS_SETTABLE;
	lo->flags = flags;
	/* A new window on the file: the disk is registered again with its size. */
	if (lo->offset != old_offset || lo->sizelimit != old_limit)
		err = loop_register(lo);
out:
	mutex_unlock(&lo->lock);
	return err;
}

long loop_ioctl(unsigned int minor, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct loop_dev *lo;
	struct loop_info64 info;
	struct loop_config cfg;
	long err;

	lo = loop_get_dev(minor);
	if (!lo)
		return -ENXIO;	/* removed while open */
	switch (cmd) {
	case LOOP_SET_FD:
		return loop_bind(lo, f, (int)arg, NULL);
	case LOOP_CONFIGURE:
		if (copy_from_user(&cfg, (uptr_t)arg, sizeof(cfg)))
			return -EFAULT;
		return loop_bind(lo, f, (int)cfg.fd, &cfg);
	case LOOP_CLR_FD:
		mutex_lock(&lo->lock);
		if (!lo->backing) {
			err = -ENXIO;
		} else if (atomic_read(&lo->openers) > 1 ||
			   atomic_read(&lo->disk->refs) >
				   LOOP_BASE_REFS + atomic_read(&lo->openers)) {
			/* Still in use (mounted, open elsewhere): Linux clears
			 * it when the last user goes. */
			lo->flags |= LO_FLAGS_AUTOCLEAR;
			err = 0;
		} else {
			loop_clr_locked(lo);
			err = 0;
		}
		mutex_unlock(&lo->lock);
		return err;
	case LOOP_SET_STATUS64:
		if (!capable_root())
			return -EPERM;
		return loop_set_status(lo, arg);
	case LOOP_GET_STATUS64:
		if (!arg)
			return -EINVAL;
		mutex_lock(&lo->lock);
		if (lo->backing)
			loop_fill_info(lo, &info);
		err = lo->backing ? 0 : -ENXIO;
		mutex_unlock(&lo->lock);
		if (!err && copy_to_user((uptr_t)arg, &info, sizeof(info)))
			err = -EFAULT;
		return err;
	case LOOP_SET_CAPACITY:
		mutex_lock(&lo->lock);
		err = lo->backing ? loop_register(lo) : -ENXIO;
		mutex_unlock(&lo->lock);
		return err;
	case LOOP_SET_DIRECT_IO:
		mutex_lock(&lo->lock);
		/* Buffered I/O only: Linux refuses direct I/O it cannot do. */
		err = lo->backing ? (arg ? -EINVAL : 0) : -ENXIO;
		mutex_unlock(&lo->lock);
		return err;
	default:
		/* The old struct loop_info, LOOP_CHANGE_FD, LOOP_SET_BLOCK_SIZE. */
		return -EINVAL;
	}
}

/* ---- /sys/block/loopN/loop/ ---- */

/* The backing file's name as the current process sees it, into buf. */
static int backing_name(struct file *f, char *buf, size_t size)
{
	struct path dir, root;
	char *tmp, *name;
	int len;

	if (!f->dir || !f->name)
		return -ENOENT;
	tmp = kmalloc(PATH_MAX);
	if (!tmp)
		return -ENOMEM;
	dir = (struct path){ f->mnt, f->dir };
	vfs_get_root(&root);
	name = vfs_path_name(&dir, &root, tmp, PATH_MAX);
	path_put(&root);
	if (IS_ERR(name))
		len = (int)PTR_ERR(name);
	else
		len = snprintf(buf, size, "%s%s%s\n", name, strcmp(name, "/") ? "/" : "", f->name);
	kfree(tmp);
	return len;
}

int loop_sysfs_show(unsigned int minor, const char *attr, char *buf, size_t size)
{
	struct loop_dev *lo = loop_get_dev(minor);
	int len = -ENOENT;

	if (!lo)
		return -ENOENT;
	mutex_lock(&lo->lock);
	if (!lo->backing)
		len = -ENOENT;	/* Linux: the loop/ directory only while bound */
	else if (!strcmp(attr, "backing_file"))
		len = backing_name(lo->backing, buf, size);
	else if (!strcmp(attr, "offset"))
		len = snprintf(buf, size, "%llu\n", (unsigned long long)lo->offset);
	else if (!strcmp(attr, "sizelimit"))
		len = snprintf(buf, size, "%llu\n", (unsigned long long)lo->sizelimit);
	else if (!strcmp(attr, "autoclear"))
		len = snprintf(buf, size, "%d\n", !!(lo->flags & LO_FLAGS_AUTOCLEAR));
	else if (!strcmp(attr, "partscan"))
		len = snprintf(buf, size, "%d\n", !!(lo->flags & LO_FLAGS_PARTSCAN));
	else if (!strcmp(attr, "dio"))
		len = snprintf(buf, size, "0\n");
	mutex_unlock(&lo->lock);
	return len;
}

/* ---- the table and /dev/loop-control ---- */

void loop_opened(unsigned int minor, int delta)
{
	struct loop_dev *lo = loop_get_dev(minor);
	struct block_device *disk = NULL;

	if (!lo)
		return;
	if (atomic_add_return(&lo->openers, delta) || delta > 0)
		return;
	/* The last file closed: an autoclear device with no other user goes. */
	mutex_lock(&lo->lock);
	if (lo->disk) {
		disk = lo->disk;
		block_device_get(disk);
	}
	mutex_unlock(&lo->lock);
	if (disk)
		block_device_put(disk);	/* calls loop_put with the count left */
}

unsigned int loop_list_unbound(unsigned int *minors, unsigned int max)
{
	unsigned int n = 0;

	mutex_lock(&loop_ctl_mutex);
	for (unsigned int i = 0; i < MAX_LOOP && n < max; i++) {
		if (!loops[i])
			continue;
		mutex_lock(&loops[i]->lock);
		if (!loops[i]->disk)
			minors[n++] = i;
		mutex_unlock(&loops[i]->lock);
	}
	mutex_unlock(&loop_ctl_mutex);
	return n;
}

bool loop_exists(unsigned int minor)
{
	bool ok;

	mutex_lock(&loop_ctl_mutex);
	ok = minor < MAX_LOOP && loops[minor];
	mutex_unlock(&loop_ctl_mutex);
	return ok;
}

/* Add loop device minor; loop_ctl_mutex held. */
static int loop_add_locked(unsigned int minor)
{
	struct loop_dev *lo;
	char name[BDEV_NAME_MAX];
	int err;

	if (minor >= MAX_LOOP)
		return -EINVAL;
	if (loops[minor])
		return -EEXIST;
	lo = kzalloc(sizeof(*lo));
	if (!lo)
		return -ENOMEM;
	lo->minor = minor;
	lo->lbs = SECTOR_SIZE;
	mutex_init(&lo->lock, "loop_dev.lock");
	snprintf(name, sizeof(name), "loop%u", minor);
	err = devtmpfs_create_node(name, S_IFBLK | 0660, MKDEV(LOOP_MAJOR, minor));
	if (err && err != -EEXIST) {
		kfree(lo);
		return err;
	}
	loops[minor] = lo;
	return (int)minor;
}

static long loop_control_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct loop_dev *lo;
	char name[BDEV_NAME_MAX];
	long ret;

	(void)f;
	if (!capable_root())
		return -EPERM;
	mutex_lock(&loop_ctl_mutex);
	switch (cmd) {
	case LOOP_CTL_ADD:
		/* Linux: a negative index picks the first free number. */
		if ((long)arg < 0) {
			ret = -ENOSPC;
			for (unsigned int i = 0; i < MAX_LOOP; i++)
				if (!loops[i]) {
					ret = loop_add_locked(i);
					break;
				}
		} else {
			ret = loop_add_locked((unsigned int)arg);
		}
		break;
	case LOOP_CTL_REMOVE:
		lo = arg < MAX_LOOP ? loops[arg] : NULL;
		if (!lo) {
			ret = -ENODEV;
			break;
		}
		mutex_lock(&lo->lock);
		/* Linux: bound, or open, is busy. */
		ret = lo->backing || atomic_read(&lo->openers) ? -EBUSY : 0;
		mutex_unlock(&lo->lock);
		if (ret)
			break;
		loops[arg] = NULL;
		snprintf(name, sizeof(name), "loop%lu", arg);
		devtmpfs_remove_node(name);
		/* Open files of it find no device (loop_ioctl: ENXIO); the
		 * structure stays, as their ioctls may still be running. */
		ret = 0;
		break;
	case LOOP_CTL_GET_FREE:
		ret = -ENOSPC;
		for (unsigned int i = 0; i < MAX_LOOP; i++) {
			if (!loops[i]) {
				ret = loop_add_locked(i);
				break;
			}
			mutex_lock(&loops[i]->lock);
			if (!loops[i]->backing)
				ret = i;
			mutex_unlock(&loops[i]->lock);
			if (ret >= 0)
				break;
		}
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&loop_ctl_mutex);
	return ret;
}

static const struct file_ops loop_control_ops = { .ioctl = loop_control_ioctl };

int loop_control_open(struct file *f)
{
	f->ops = &loop_control_ops;
	return 0;
}

void loop_init(void)
{
	int err = devtmpfs_create_node("loop-control", S_IFCHR | 0660,
				       MKDEV(LOOP_CTRL_MAJOR, LOOP_CTRL_MINOR));

	if (err)
		pr_warn("loop: no /dev/loop-control (%d)\n", err);
	mutex_lock(&loop_ctl_mutex);
	for (unsigned int i = 0; i < LOOP_MIN_COUNT; i++)
		loop_add_locked(i);
	mutex_unlock(&loop_ctl_mutex);
}
