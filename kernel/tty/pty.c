/*
 * Pseudo-terminals (Unix 98): opening /dev/ptmx makes a pty whose slave
 * is /dev/pts/N. The slave is a terminal like the console; its "hardware"
 * is the master: what the slave writes (after OPOST) waits in the pty's
 * output buffer for master reads, and master writes are typed into the
 * slave's line discipline (so echo comes back to the master).
 *
 * A pty slot lives while its master or a slave file is open; the struct
 * is kept for reuse afterwards (controlling-terminal pointers may still
 * name it). The node /dev/pts/N exists from ptmx open to master close;
 * closing the master hangs the slave up.
 *
 * Lock: pty_lock (a mutex) guards the slot table, master_open and
 * slave_opens, and the devpts directory; it comes before tty.lock.
 */
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <kernel/vfs.h>
#include <core/kmalloc.h>
#include <lib/printf.h>
#include <mica/err.h>
#include <mica/errno.h>

#define TIOCGPTN 0x80045430
#define TIOCSPTLCK 0x40045431
#define TIOCGPTLCK 0x80045439
#define TIOCGPTPEER 0x5441
#define FIONREAD 0x541B

static struct mutex pty_lock = MUTEX_INIT(pty_lock);
static struct tty *ptys[PTY_MAX];	/* [pty_lock] */
static struct inode *pts_dir;		/* [pty_lock] where the slave nodes go */

static const struct ktermios pty_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { [VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025,
		  [VEOF] = 004, [VMIN] = 1, [VSTART] = 021, [VSTOP] = 023, [VSUSP] = 032,
		  [VREPRINT] = 022, [13] = 017, [VWERASE] = 027, [VLNEXT] = 026 },
	.c_ispeed = 38400,
	.c_ospeed = 38400,
};

/* --- the slave's "hardware": the output buffer --- */

static size_t pty_write_room(struct tty *tty)
{
	return TTY_BUF_SIZE - (tty->ohead - tty->otail);
}

static size_t pty_write(struct tty *tty, const char *s, size_t n)
{
	size_t k = MIN(n, pty_write_room(tty));

	for (size_t i = 0; i < k; i++)
		tty->obuf[(tty->ohead + i) & (TTY_BUF_SIZE - 1)] = s[i];
	tty->ohead += k;
	return k;
}

static const struct tty_driver pty_driver = {
	.write = pty_write,
	.write_room = pty_write_room,
};

/* --- /dev/pts nodes --- */

static void node_name(int index, char *name, size_t size)
{
	snprintf(name, size, "%d", index);
}

/* pty_lock held. The node is owned by the caller's fs ids (tmpfs does that). */
static int node_add(struct inode *dir, int index)
{
	char name[16];
	int err;

	if (!dir)
		return 0;
	node_name(index, name, sizeof(name));
	mutex_lock(&dir->lock);
	err = dir->ops->create(dir, name, S_IFCHR | 0600, MKDEV(PTY_MAJOR, index), NULL);
	mutex_unlock(&dir->lock);
	return err;
}

static void node_remove(struct inode *dir, int index)
{
	char name[16];

	if (!dir)
		return;
	node_name(index, name, sizeof(name));
	mutex_lock(&dir->lock);
	dir->ops->unlink(dir, name, false);
	mutex_unlock(&dir->lock);
}

void devpts_register(struct inode *dir)
{
	mutex_lock(&pty_lock);
	inode_get(dir);
	if (pts_dir)
		inode_put(pts_dir);
	pts_dir = dir;
	for (int i = 0; i < PTY_MAX; i++)
		if (ptys[i] && ptys[i]->master_open)
			node_add(dir, i);
	mutex_unlock(&pty_lock);
}

bool pty_slave_attrs(int index, u32 *uid, u32 *gid)
{
	bool ok;

	if (index < 0 || index >= PTY_MAX)
		return false;
	mutex_lock(&pty_lock);
	ok = ptys[index] && ptys[index]->master_open;
	if (ok) {
		*uid = ptys[index]->owner_uid;
		*gid = ptys[index]->owner_gid;
	}
	mutex_unlock(&pty_lock);
	return ok;
}

void tty_create_dev_nodes(struct inode *dev)
{
	struct inode *pts;
	int err;

	mutex_lock(&dev->lock);
	dev->ops->create(dev, "ptmx", S_IFCHR | 0666, MKDEV(5, 2), NULL);
	err = dev->ops->create(dev, "pts", S_IFDIR | 0755, 0, &pts);
	mutex_unlock(&dev->lock);
	if (err)
		return;
	devpts_register(pts);
	inode_put(pts);
}

/* --- slots --- */

static bool slot_busy(struct tty *tty)
{
	return tty && (tty->master_open || tty->slave_opens);
}

struct tty *pty_slave_get(int index)
{
	struct tty *tty;
	long err = 0;

	if (index < 0 || index >= PTY_MAX)
		return ERR_PTR(-ENXIO);
	mutex_lock(&pty_lock);
	tty = ptys[index];
	if (!tty || !tty->master_open) {
		err = -EIO;
	} else {
		spin_lock(&tty->lock);
		if (tty->locked) {
			err = -EIO;
		} else {
			tty->slave_closed = false;
			tty->slave_opens++;
		}
		spin_unlock(&tty->lock);
	}
	mutex_unlock(&pty_lock);
	return err ? ERR_PTR(err) : tty;
}

void pty_slave_put(struct tty *tty)
{
	mutex_lock(&pty_lock);
	spin_lock(&tty->lock);
	if (!--tty->slave_opens) {
		tty->slave_closed = true;	/* master reads now end in EIO */
		tty_wake_locked(tty);
	}
	spin_unlock(&tty->lock);
	mutex_unlock(&pty_lock);
}

/* --- the master --- */

static struct tty *master_tty(struct file *f)
{
	return f->priv;
}

static ssize_t ptm_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct tty *tty = master_tty(f);
	char kbuf[256];
	ssize_t ret;

	(void)pos;
	if (!n)
		return 0;
	spin_lock(&tty->lock);
	for (;;) {
		size_t k = MIN(n, sizeof(kbuf));
		u64 seen;

		k = MIN(k, (size_t)(tty->ohead - tty->otail));
		if (k) {
			for (size_t i = 0; i < k; i++)
				kbuf[i] = tty->obuf[(tty->otail + i) & (TTY_BUF_SIZE - 1)];
			tty->otail += k;
			tty_wake_locked(tty);	/* room for slave writers */
			spin_unlock(&tty->lock);
			return copy_to_user(buf, kbuf, k) ? -EFAULT : (ssize_t)k;
		}
		if (tty->slave_closed) {
			ret = -EIO;
			break;
		}
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		seen = tty->events;
		spin_unlock(&tty->lock);
		tty_sleep(tty, seen, TTY_FOREVER);
		spin_lock(&tty->lock);
	}
	spin_unlock(&tty->lock);
	return ret;
}

/* Master writes are typed into the slave; a full raw-mode input buffer
 * makes the writer wait for the slave to read. Master and slave writers
 * take different mutexes, so that neither waits for the other side's
 * blocked writer. */
static ssize_t ptm_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct tty *tty = master_tty(f);
	char kbuf[256];
	size_t total = 0;
	ssize_t ret = 0;

	(void)pos;
	ret = tty_write_lock(tty, &tty->master_write_mutex, f->flags & O_NONBLOCK);
	if (ret)
		return ret;
	while (total < n) {
		size_t len = MIN(n - total, sizeof(kbuf)), off = 0;

		if (copy_from_user(kbuf, buf + total, len)) {
			ret = -EFAULT;
			break;
		}
		while (off < len) {
			u64 seen = READ_ONCE(tty->events);
			size_t k = n_tty_receive(tty, kbuf + off, len - off);

			off += k;
			if (k)
				continue;
			ret = tty_wait_for_room(tty, seen, f->flags & O_NONBLOCK);
			if (ret) {
				total += off;
				goto out;
			}
		}
		total += len;
	}
out:
	tty_write_unlock(tty, &tty->master_write_mutex);
	return total ? (ssize_t)total : ret;
}

static unsigned int ptm_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = master_tty(f);
	unsigned int mask = 0;

	poll_wait(pt, &tty->wq);
	spin_lock(&tty->lock);
	if (tty->ohead != tty->otail)
		mask |= POLLIN | POLLRDNORM;
	if (tty->ihead - tty->itail < TTY_BUF_SIZE)
		mask |= POLLOUT | POLLWRNORM;
	if (tty->slave_closed)
		mask |= POLLHUP;
	spin_unlock(&tty->lock);
	return mask;
}

/* TIOCGPTPEER: open the slave as a new descriptor with open(2) flags,
 * through the mount the master was opened from (where pts/ lives). */
static long open_peer(struct file *master, struct tty *tty, unsigned long flags)
{
	struct inode *ino;
	struct file *f;
	char name[16];
	int fd, err;

	flags &= O_ACCMODE | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;	/* Linux ignores the rest */
	node_name(tty->index, name, sizeof(name));
	mutex_lock(&pty_lock);
	if (!pts_dir) {
		mutex_unlock(&pty_lock);
		return -EIO;
	}
	mutex_lock(&pts_dir->lock);
	err = pts_dir->ops->lookup(pts_dir, name, &ino);
	mutex_unlock(&pts_dir->lock);
	mutex_unlock(&pty_lock);
	if (err)
		return -EIO;
	f = vfs_open_inode(master->mnt, ino, (int)(flags & ~O_CLOEXEC));
	inode_put(ino);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(current_process()->files, f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long ptm_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty *tty = master_tty(f);
	int v;

	switch (cmd) {
	case TIOCGPTN:
		v = tty->index;
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	case TIOCSPTLCK:
		if (copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		WRITE_ONCE(tty->locked, v != 0);
		return 0;
	case TIOCGPTLCK:
		v = READ_ONCE(tty->locked);
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	case TIOCGPTPEER:
		return open_peer(f, tty, arg);
	case FIONREAD:
		v = (int)(READ_ONCE(tty->ohead) - READ_ONCE(tty->otail));
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	default:
		return tty_ioctl(tty, f, true, cmd, arg);
	}
}

static void ptm_release(struct file *f)
{
	struct tty *tty = master_tty(f);

	/* Hang up before the slot can be reused by another ptmx open. */
	mutex_lock(&pty_lock);
	tty_hangup(tty);
	tty->master_open = false;
	node_remove(pts_dir, tty->index);
	mutex_unlock(&pty_lock);
}

static const struct file_ops ptm_file_ops = {
	.read = ptm_read,
	.write = ptm_write,
	.ioctl = ptm_ioctl,
	.poll = ptm_poll,
	.release = ptm_release,
};

int ptmx_open(struct file *f)
{
	const struct cred *cred = current_cred();
	struct tty *tty;
	int i, err;

	mutex_lock(&pty_lock);
	for (i = 0; i < PTY_MAX && slot_busy(ptys[i]); i++)
		;
	if (i == PTY_MAX) {
		mutex_unlock(&pty_lock);
		return -ENOSPC;
	}
	if (!ptys[i]) {
		ptys[i] = kzalloc(sizeof(*ptys[i]));
		if (!ptys[i]) {
			mutex_unlock(&pty_lock);
			return -ENOMEM;
		}
	}
	tty = ptys[i];
	n_tty_init(tty, &pty_termios);
	tty->driver = &pty_driver;
	tty->index = i;
	snprintf(tty->name_buf, sizeof(tty->name_buf), "pts/%d", i);
	tty->name = tty->name_buf;
	tty->session = tty->pgrp = 0;
	tty->slave_closed = false;
	tty->locked = true;	/* until unlockpt() */
	tty->owner_uid = cred->fsuid;
	tty->owner_gid = cred->fsgid;
	err = node_add(pts_dir, i);
	if (err) {
		mutex_unlock(&pty_lock);
		return err;
	}
	tty->master_open = true;
	mutex_unlock(&pty_lock);
	f->ops = &ptm_file_ops;
	f->priv = tty;
	return 0;
}
