#include <kernel/tty.h>

int tty_ioctl(struct tty *tty, unsigned int cmd, uptr_t arg)
{
	struct winsize *ws = (struct winsize *)arg;	/* BAD */
	tty->ws = *ws;
	return 0;
}
