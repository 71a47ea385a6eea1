/*
 * Terminal files: opening the device nodes, read/write with the job-control
 * checks, poll, and the termios/job-control ioctls shared by terminals and
 * pty masters (a master's termios, window size and process group are its
 * slave's, as in Linux).
 */
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <kernel/vfs.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* ioctl numbers (asm-generic/ioctls.h) */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define TIOCNOTTY 0x5422
#define TIOCSETD 0x5423
#define TIOCGETD 0x5424
#define TCSBRKP 0x5425
#define TIOCGSID 0x5429
#define TCGETS2 0x802C542A
#define TCSETS2 0x402C542B
#define TCSETSW2 0x402C542C
#define TCSETSF2 0x402C542D
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2
#define N_TTY 0

static struct tty *file_tty(struct file *f)
{
	return f->priv;
}

static bool tty_hung_up(struct tty *tty)
{
	return READ_ONCE(tty->hungup);
}

/* --- open and the file operations of a terminal --- */

int tty_open(u32 rdev, struct file *f)
{
	struct tty *tty;
	bool noctty = false;

	switch (rdev) {
	case MKDEV(5, 0):	/* /dev/tty: the caller's controlling terminal */
		tty = proc_ctty(current_process());
		if (!tty)
			return -ENXIO;
		if (tty->index >= 0 && IS_ERR(pty_slave_get(tty->index)))
			return -EIO;
		noctty = true;
		break;
	case MKDEV(5, 1):	/* /dev/console never becomes a controlling tty by open */
		tty = console_tty();
		noctty = true;
		break;
	case MKDEV(5, 2):
		return ptmx_open(f);
	case MKDEV(4, 64):
		tty = console_tty();
		break;
	default:
		if ((rdev >> 8) != PTY_MAJOR)
			return -ENXIO;
		tty = pty_slave_get((int)(rdev & 0xff));
		if (IS_ERR(tty))
			return PTR_ERR(tty);
	}
	f->ops = &tty_file_ops;
	f->priv = tty;
	if (!noctty)
		tty_open_set_ctty(tty, f);
	return 0;
}

static ssize_t tty_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct tty *tty = file_tty(f);
	int err;

	(void)pos;
	if (tty_hung_up(tty))
		return 0;
	err = tty_check_job(tty, SIGTTIN);
	if (err)
		return err;
	return n_tty_read(tty, buf, n, f->flags & O_NONBLOCK);
}

static ssize_t tty_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct tty *tty = file_tty(f);

	(void)pos;
	if (tty_hung_up(tty))
		return -EIO;
	if (READ_ONCE(tty->termios.c_lflag) & TOSTOP) {
		int err = tty_check_job(tty, SIGTTOU);

		if (err)
			return err;
	}
	return n_tty_write(tty, buf, n, f->flags & O_NONBLOCK);
}

unsigned int tty_poll(struct tty *tty, struct poll_table *pt)
{
	unsigned int mask = 0;

	poll_wait(pt, &tty->wq);
	spin_lock(&tty->lock);
	if (tty->hungup) {
		mask = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLERR | POLLHUP;
	} else {
		if (n_tty_readable_locked(tty, true))
			mask |= POLLIN | POLLRDNORM;
		if (tty->driver->write_room(tty))
			mask |= POLLOUT | POLLWRNORM;
	}
	spin_unlock(&tty->lock);
	return mask;
}

static unsigned int tty_file_poll(struct file *f, struct poll_table *pt)
{
	return tty_poll(file_tty(f), pt);
}

static long tty_file_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty *tty = file_tty(f);

	if (tty_hung_up(tty))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	return tty_ioctl(tty, f, false, cmd, arg);
}

static void tty_release(struct file *f)
{
	struct tty *tty = file_tty(f);

	if (tty && tty->index >= 0)
		pty_slave_put(tty);
}

const struct file_ops tty_file_ops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_file_ioctl,
	.poll = tty_file_poll,
	.release = tty_release,
};

/* --- ioctls --- */

static long set_termios(struct tty *tty, unsigned int cmd, uptr_t arg)
{
	bool two = cmd == TCSETS2 || cmd == TCSETSW2 || cmd == TCSETSF2;
	struct ktermios t;
	int err = tty_check_job(tty, SIGTTOU);

	if (err)
		return err;
	spin_lock(&tty->lock);
	t = tty->termios;
	spin_unlock(&tty->lock);
	if (copy_from_user(&t, arg, two ? TERMIOS2_SIZE : TERMIOS_SIZE))
		return -EFAULT;
	if (cmd != TCSETS && cmd != TCSETS2 && tty->driver->drain)
		tty->driver->drain(tty);
	spin_lock(&tty->lock);
	if (cmd == TCSETSF || cmd == TCSETSF2)
		n_tty_flush_input_locked(tty);
	n_tty_set_termios_locked(tty, &t);
	spin_unlock(&tty->lock);
	return 0;
}

static long flow_control(struct tty *tty, unsigned long arg)
{
	int err = tty_check_job(tty, SIGTTOU);
	u8 c;

	if (err)
		return err;
	spin_lock(&tty->lock);
	switch (arg) {
	case TCOOFF:
		tty->stopped = true;
		break;
	case TCOON:
		tty->stopped = false;
		tty_wake_locked(tty);
		break;
	case TCIOFF:
	case TCION:
		c = tty->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];
		if (c && tty->driver->write(tty, (const char *)&c, 1))
			tty_wake_locked(tty);
		break;
	default:
		spin_unlock(&tty->lock);
		return -EINVAL;
	}
	spin_unlock(&tty->lock);
	return 0;
}

/* TCFLSH. A master's input is its slave's output; flushing a pty's output
 * side discards nothing (Linux hands pty output over at once). */
static long flush(struct tty *tty, bool master, unsigned long arg)
{
	int err = tty_check_job(tty, SIGTTOU);

	if (err)
		return err;
	if (arg > TCIOFLUSH)
		return -EINVAL;
	spin_lock(&tty->lock);
	if (arg == TCIFLUSH || arg == TCIOFLUSH) {
		if (master) {
			tty->otail = tty->ohead;
			tty_wake_locked(tty);
		} else {
			n_tty_flush_input_locked(tty);
		}
	}
	spin_unlock(&tty->lock);
	return 0;
}

static long set_winsize(struct tty *tty, uptr_t arg)
{
	struct winsize ws;
	bool changed;

	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	spin_lock(&tty->lock);
	changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
	tty->winsize = ws;
	spin_unlock(&tty->lock);
	if (changed)
		tty_signal_pgrp(tty, SIGWINCH);
	return 0;
}

static long put_int(unsigned long arg, int v)
{
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

long tty_ioctl(struct tty *tty, struct file *f, bool master, unsigned int cmd, unsigned long arg)
{
	bool mine = master || proc_ctty(current_process()) == tty;
	struct ktermios t;
	struct winsize ws;
	int v;

	switch (cmd) {
	case TCGETS:
	case TCGETS2:
		spin_lock(&tty->lock);
		t = tty->termios;
		spin_unlock(&tty->lock);
		if (copy_to_user(arg, &t, cmd == TCGETS ? TERMIOS_SIZE : TERMIOS2_SIZE))
			return -EFAULT;
		return 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		return set_termios(tty, cmd, arg);
	case TCSBRK:
	case TCSBRKP:
		/* tcdrain() and tcsendbreak(): wait for the output; no break on these lines. */
		if (tty->driver->drain)
			tty->driver->drain(tty);
		return 0;
	case TCXONC:
		return flow_control(tty, arg);
	case TCFLSH:
		return flush(tty, master, arg);
	case TIOCGWINSZ:
		spin_lock(&tty->lock);
		ws = tty->winsize;
		spin_unlock(&tty->lock);
		return copy_to_user(arg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return set_winsize(tty, arg);
	case TIOCGPGRP:
		if (!mine)
			return -ENOTTY;
		return put_int(arg, READ_ONCE(tty->pgrp));
	case TIOCSPGRP:
		return tty_ioctl_spgrp(tty, arg);
	case TIOCGSID:
		v = READ_ONCE(tty->session);
		if (!mine || !v)
			return -ENOTTY;
		return put_int(arg, v);
	case TIOCSCTTY:
		return tty_ioctl_sctty(tty, f, arg);
	case TIOCNOTTY:
		return master ? -ENOTTY : tty_ioctl_notty(tty);
	case FIONREAD:
		spin_lock(&tty->lock);
		v = (int)n_tty_readable_locked(tty, false);
		spin_unlock(&tty->lock);
		return put_int(arg, v);
	case TIOCOUTQ:
		/* Console and pty output leave the terminal at once. */
		return put_int(arg, 0);
	case FIONBIO:
		if (copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		f->flags = v ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;	/* as F_SETFL */
		return 0;
	case TIOCGETD:
		return put_int(arg, N_TTY);
	case TIOCSETD:
		if (copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		return v == N_TTY ? 0 : -EINVAL;
	default:
		return -ENOTTY;
	}
}
