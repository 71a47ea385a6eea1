/*
 * The console device (/dev/console, /dev/tty, /dev/ttyS0) with a minimal
 * line discipline: in canonical mode (the default) input is echoed and
 * collected into lines, with erase and end-of-file; a program that clears
 * ICANON or ECHO through TCSETS gets characters as they arrive, unechoed.
 * Signals and job control come with the tty layer.
 *
 * Lock: tty.lock (a mutex) serializes readers and guards the termios and
 * the line buffer.
 */
#include <kernel/file.h>
#include <core/console.h>
#include <lib/string.h>
#include <mica/errno.h>

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define ICRNL 0000400
#define OPOST 0000001
#define ONLCR 0000004
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define VEOF 4
#define VERASE 2
#define VKILL 3
#define VMIN 6
#define CS8 0000060
#define CREAD 0000200
#define B115200 0010002

struct kernel_termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

static struct {
	struct mutex lock;
	struct kernel_termios t;
	char line[512];
	size_t len;		/* bytes in line */
	bool ready;		/* a complete line (or EOF) is waiting */
	unsigned short winsize[4];
} tty = {
	.lock = MUTEX_INIT(tty.lock),
	.t = {
		.c_iflag = ICRNL,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK,
		.c_cc = { [VEOF] = 4, [VERASE] = 0x7f, [VKILL] = 0x15, [VMIN] = 1 },
	},
};

static void echo(const char *s, size_t n)
{
	if (tty.t.c_lflag & ECHO)
		console_write(s, n);
}

/* Canonical input: collect one line. tty.lock held. 0, or -ERESTARTSYS
 * when a signal came first. */
static int read_line_locked(void)
{
	while (!tty.ready) {
		char c;
		ssize_t got = console_read(&c, 1);

		if (got < 0)
			return (int)got;
		if (got != 1)
			continue;
		if (c == '\r' && (tty.t.c_iflag & ICRNL))
			c = '\n';
		if (c == tty.t.c_cc[VERASE] || c == '\b') {
			if (tty.len) {
				tty.len--;
				echo("\b \b", 3);
			}
		} else if (c == tty.t.c_cc[VKILL]) {
			while (tty.len) {
				tty.len--;
				echo("\b \b", 3);
			}
		} else if (c == tty.t.c_cc[VEOF]) {
			tty.ready = true;	/* end of file when the line is empty */
		} else if (tty.len < sizeof(tty.line)) {
			tty.line[tty.len++] = c;
			echo(&c, 1);
			tty.ready = c == '\n' || tty.len == sizeof(tty.line);
		}
	}
	return 0;
}

static ssize_t console_file_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	ssize_t got;

	(void)f;
	(void)pos;
	if (!n)
		return 0;
	mutex_lock(&tty.lock);
	if (!(tty.t.c_lflag & ICANON)) {
		char tmp[64];

		mutex_unlock(&tty.lock);
		got = console_read(tmp, MIN(n, sizeof(tmp)));
		if (got > 0 && copy_to_user(buf, tmp, got))
			return -EFAULT;
		return got;
	}
	got = read_line_locked();
	if (got < 0) {
		mutex_unlock(&tty.lock);
		return got;
	}
	got = MIN(n, tty.len);
	if (copy_to_user(buf, tty.line, got)) {
		mutex_unlock(&tty.lock);
		return -EFAULT;
	}
	memmove(tty.line, tty.line + got, tty.len - got);
	tty.len -= got;
	tty.ready = tty.len > 0 && memchr(tty.line, '\n', tty.len);
	mutex_unlock(&tty.lock);
	return got;
}

static ssize_t console_file_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	char tmp[256];
	size_t done = 0;

	(void)f;
	(void)pos;
	while (done < n) {
		size_t chunk = MIN(n - done, sizeof(tmp));

		if (copy_from_user(tmp, buf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		console_write(tmp, chunk);
		done += chunk;
	}
	return done;
}

static long console_file_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kernel_termios t;
	long ret = 0;

	(void)f;
	switch (cmd) {
	case TCGETS:
		mutex_lock(&tty.lock);
		t = tty.t;
		mutex_unlock(&tty.lock);
		return copy_to_user(arg, &t, sizeof(t));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_from_user(&t, arg, sizeof(t)))
			return -EFAULT;
		mutex_lock(&tty.lock);
		tty.t = t;
		if (cmd == TCSETSF)
			tty.len = 0, tty.ready = false;	/* flush pending input */
		mutex_unlock(&tty.lock);
		return 0;
	case TIOCGWINSZ:
		/* A serial line does not know its size: 0 x 0 unless someone set it. */
		return copy_to_user(arg, tty.winsize, sizeof(tty.winsize));
	case TIOCSWINSZ:
		mutex_lock(&tty.lock);
		ret = copy_from_user(tty.winsize, arg, sizeof(tty.winsize));
		mutex_unlock(&tty.lock);
		return ret;
	default:
		return -ENOTTY;
	}
}

static unsigned int console_file_poll(struct file *f, struct poll_table *pt)
{
	(void)f;
	poll_wait(pt, console_rx_queue());
	/* In canonical mode a reader may still wait for the end of the line. */
	if (READ_ONCE(tty.ready) || console_rx_pending())
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
	return POLLOUT | POLLWRNORM;
}

const struct file_ops console_file_ops = {
	.poll = console_file_poll,
	.read = console_file_read,
	.write = console_file_write,
	.ioctl = console_file_ioctl,
};
