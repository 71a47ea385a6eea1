/*
 * The console device (/dev/console, /dev/tty, /dev/ttyS0): what the first
 * process gets as stdin, stdout and stderr until there is a tty layer.
 */
#include <kernel/file.h>
#include <core/console.h>
#include <lib/string.h>
#include <mica/errno.h>

#define TIOCGWINSZ 0x5413

static ssize_t console_file_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	char tmp[128];
	ssize_t got;

	(void)f;
	(void)pos;
	if (!n)
		return 0;
	got = console_read(tmp, MIN(n, sizeof(tmp)));
	if (got > 0 && copy_to_user(buf, tmp, got))
		return -EFAULT;
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
	/* A serial console does not know its size: Linux reports 0 x 0. */
	static const unsigned short winsize[4];

	(void)f;
	if (cmd == TIOCGWINSZ)
		return copy_to_user(arg, winsize, sizeof(winsize));
	return -ENOTTY;
}

const struct file_ops console_file_ops = {
	.read = console_file_read,
	.write = console_file_write,
	.ioctl = console_file_ioctl,
};
