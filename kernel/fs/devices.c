/*
 * Character devices: the memory devices (null, zero, random, urandom), the
 * terminals (kernel/tty/) and the RTC. A device node's number picks its
 * file operations at open.
 */
#include <kernel/vfs.h>
#include <kernel/mount.h>
#include <kernel/loop.h>
#include <kernel/random.h>
#include <kernel/tty.h>
#include <lib/string.h>
#include <mica/errno.h>

int rtc_dev_open(struct file *f);	/* kernel/time/rtc_dev.c */

static ssize_t null_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	(void)f, (void)buf, (void)n, (void)pos;
	return 0;
}

static ssize_t sink_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	(void)f, (void)buf, (void)pos;
	return n;
}

static ssize_t zero_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	(void)f, (void)pos;
	return clear_user(buf, n) ? -EFAULT : (ssize_t)n;
}

static ssize_t random_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	size_t done = 0;

	(void)f, (void)pos;
	while (done < n) {
		u64 r = random_u64();
		size_t chunk = MIN(n - done, sizeof(r));

		if (copy_to_user(buf + done, &r, chunk))
			return done ? (ssize_t)done : -EFAULT;
		done += chunk;
	}
	return done;
}

static const struct file_ops null_ops = { .read = null_read, .write = sink_write };
static const struct file_ops zero_ops = { .read = zero_read, .write = sink_write };
static const struct file_ops random_ops = { .read = random_read, .write = sink_write };

int device_open(struct inode *ino, struct file *f)
{
	switch (ino->rdev) {
	case MKDEV(1, 3):
		f->ops = &null_ops;
		return 0;
	case MKDEV(1, 5):
		f->ops = &zero_ops;
		return 0;
	case MKDEV(1, 8):
	case MKDEV(1, 9):
		f->ops = &random_ops;
		return 0;
	case MKDEV(5, 0):	/* tty */
	case MKDEV(5, 1):	/* console */
	case MKDEV(5, 2):	/* ptmx */
	case MKDEV(4, 64):	/* ttyS0 */
		return tty_open(ino->rdev, f);
	case MKDEV(RTC_MAJOR, 0):
		return rtc_dev_open(f);
	case MKDEV(LOOP_CTRL_MAJOR, LOOP_CTRL_MINOR):
		return loop_control_open(f);
	default:
		if ((ino->rdev >> 8) == PTY_MAJOR)
			return tty_open(ino->rdev, f);
		return -ENXIO;
	}
}

/* --- devtmpfs --- */

/*
 * The one devtmpfs instance: a tmpfs whose root holds a node for every
 * device the kernel registers, whenever it registers it, so that each
 * mount of it (/dev at boot, `mount -t devtmpfs dev /dev`) shows them all.
 * Programs may add their own entries too (mkdir /dev/pts), as on Linux.
 */
static struct inode *devtmpfs;
static DEFINE_SPINLOCK(devtmpfs_lock);

struct inode *devtmpfs_root(void)
{
	struct inode *root;

	if (READ_ONCE(devtmpfs))
		return devtmpfs;
	root = tmpfs_create_root(mount_new_dev(), 0755);
	if (!root)
		return NULL;
	spin_lock(&devtmpfs_lock);
	if (!devtmpfs) {
		smp_store_release(&devtmpfs, root);
		root = NULL;
	}
	spin_unlock(&devtmpfs_lock);
	if (root)
		inode_put(root);	/* lost a race: another CPU made it */
	return devtmpfs;
}

int devtmpfs_create_node(const char *name, u32 mode, u32 rdev)
{
	struct inode *root = devtmpfs_root();
	int err;

	if (!root)
		return -ENOMEM;
	mutex_lock(&root->lock);
	err = root->ops->create(root, name, mode, rdev, NULL);
	mutex_unlock(&root->lock);
	return err;
}

int devtmpfs_remove_node(const char *name)
{
	struct inode *root = devtmpfs_root();
	int err;

	if (!root)
		return -ENOMEM;
	mutex_lock(&root->lock);
	err = root->ops->unlink(root, name, false);
	mutex_unlock(&root->lock);
	return err;
}
