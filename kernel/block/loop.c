/* Loop devices: none yet (the next commit adds them). */
#include <kernel/loop.h>
#include <mica/errno.h>

bool loop_exists(unsigned int minor)
{
	(void)minor;
	return false;
}

long loop_ioctl(unsigned int minor, struct file *f, unsigned int cmd, unsigned long arg)
{
	(void)minor, (void)f, (void)cmd, (void)arg;
	return -ENOTTY;
}
