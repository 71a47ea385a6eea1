/*
 * syslog(2) (klogctl): read and clear the kernel log ring that printk
 * fills (core/printk.c), and set the console's log level. Linux's actions,
 * argument checks and permissions: without dmesg_restrict everyone may
 * READ_ALL and SIZE_BUFFER; every other action is root's (CAP_SYSLOG),
 * -EPERM for others, checked before anything else.
 *
 * READ sleeps until there is something unread. printk cannot wake it (it
 * runs under any lock, the scheduler's included), so the reader looks
 * again every LOG_POLL_NS.
 */
#include <kernel/syslog.h>
#include <kernel/syscall.h>
#include <kernel/cred.h>
#include <kernel/signal.h>
#include <core/printk.h>
#include <core/kmalloc.h>
#include <core/sched.h>
#include <core/clock.h>
#include <mica/errno.h>

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

#define CONSOLE_LOGLEVEL_MIN 1	/* CONSOLE_OFF and CONSOLE_LEVEL go no lower */
#define LOGLEVEL_NONE (-1)	/* nothing saved by CONSOLE_OFF */
#define LOG_POLL_NS (50 * NSEC_PER_MSEC)

int dmesg_restrict;
static int saved_console_loglevel = LOGLEVEL_NONE;	/* racy as on Linux: root's knob */

static bool syslog_restricted(int type)
{
	return dmesg_restrict || (type != SYSLOG_ACTION_READ_ALL && type != SYSLOG_ACTION_SIZE_BUFFER);
}

/* READ: wait for unread bytes; -ERESTARTSYS when a signal comes first. */
static long syslog_wait_unread(void)
{
	while (!log_unread()) {
		if (signal_pending())
			return -ERESTARTSYS;
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout(LOG_POLL_NS);
	}
	return 0;
}

static long syslog_read(int type, uptr_t ubuf, int len)
{
	size_t n, size;
	char *kbuf;
	long err;

	if (!ubuf || len < 0)
		return -EINVAL;
	if (!len)
		return 0;
	if (type == SYSLOG_ACTION_READ) {
		err = syslog_wait_unread();
		if (err)
			return err;
	}
	size = MIN((size_t)len, (size_t)LOG_BUF_LEN);
	kbuf = kmalloc(size);
	if (!kbuf)
		return -ENOMEM;
	if (type == SYSLOG_ACTION_READ)
		n = log_read(kbuf, size);
	else
		n = log_read_all(kbuf, size, type == SYSLOG_ACTION_READ_CLEAR);
	err = copy_to_user(ubuf, kbuf, n) ? -EFAULT : (long)n;
	kfree(kbuf);
	return err;
}

SYSCALL_DEFINE3(syslog, int, type, uptr_t, buf, int, len)
{
	if (syslog_restricted(type) && !capable_root())
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		return syslog_read(type, buf, len);
	case SYSLOG_ACTION_CLEAR:
		log_clear();
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel == LOGLEVEL_NONE)
			saved_console_loglevel = console_loglevel;
		console_loglevel = CONSOLE_LOGLEVEL_MIN;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel != LOGLEVEL_NONE) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = LOGLEVEL_NONE;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = MAX(len, CONSOLE_LOGLEVEL_MIN);
		saved_console_loglevel = LOGLEVEL_NONE;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)log_unread();
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	default:
		return -EINVAL;
	}
}
