/* syslog(2), as root: SIZE_BUFFER gives the ring's size, READ_ALL returns
 * the log as "<level>[seconds.micros] text" lines, READ consumes unread
 * bytes (SIZE_UNREAD counts them), CLEAR empties what READ_ALL returns,
 * CONSOLE_OFF/ON/LEVEL check their arguments. Where the log is closed to
 * this process (Linux's dmesg_restrict without CAP_SYSLOG, as in a user
 * namespace), every action is EPERM instead. A crashing child makes sure
 * the log holds something. Note: this clears the log. */
#include "utest.h"

#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

static long klog(int type, void *buf, int len)
{
	return syscall(SYS_syslog, type, buf, len);
}

static char buf[1 << 20];

int main(int argc, char **argv)
{
	long size, n, unread;
	pid_t pid;

	utest_begin(argc, argv);
	if (!utest_system_root()) {
		/* Closed by dmesg_restrict, or open for reading only. */
		n = klog(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
		CHECK(n > 0 || errno == EPERM);
		CHECK_ERR(klog(SYSLOG_ACTION_CLEAR, NULL, 0), EPERM);
		CHECK_ERR(klog(SYSLOG_ACTION_SIZE_UNREAD, NULL, 0), EPERM);
		CHECK_ERR(klog(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 0), EPERM);	/* before EINVAL */
		utest_pass();
	}
	/* A crash puts a line in the log, even just after a CLEAR. */
	pid = utest_fork();
	if (pid == 0) {
		volatile char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (none != MAP_FAILED)
			none[0] = 1;
		_exit(1);
	}
	CHECK_CHILD_SIGNAL(pid, SIGSEGV);

	size = CHECK_OK(klog(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0));
	CHECK(size >= 4096 && size <= (long)sizeof(buf));
	CHECK_ERR(klog(SYSLOG_ACTION_READ_ALL, NULL, 10), EINVAL);
	CHECK_ERR(klog(SYSLOG_ACTION_READ_ALL, buf, -1), EINVAL);
	CHECK_EQ(klog(SYSLOG_ACTION_READ_ALL, buf, 0), 0);
	CHECK_ERR(klog(SYSLOG_ACTION_READ_ALL, UTEST_BAD_PTR, 100), EFAULT);
	CHECK_ERR(klog(99, NULL, 0), EINVAL);
	CHECK_ERR(klog(-1, NULL, 0), EINVAL);

	/* The whole log: whole lines with level and time stamp. */
	n = CHECK_OK(klog(SYSLOG_ACTION_READ_ALL, buf, (int)size));
	CHECK(n > 0 && n <= size);
	buf[n] = '\0';
	CHECK_MSG(buf[0] == '<' && buf[1] >= '0' && buf[1] <= '7' && buf[2] == '>' &&
			  buf[3] == '[',
		  "log starts with %.20s", buf);
	/* A short buffer gets the newest whole lines: it ends like the log. */
	{
		static char tail[200];
		long m = CHECK_OK(klog(SYSLOG_ACTION_READ_ALL, tail, sizeof(tail)));

		CHECK(m > 0 && m <= (long)sizeof(tail));
		CHECK(tail[0] == '<');
	}

	/* READ consumes. */
	unread = CHECK_OK(klog(SYSLOG_ACTION_SIZE_UNREAD, NULL, 0));
	CHECK_ERR(klog(SYSLOG_ACTION_READ, NULL, 10), EINVAL);
	CHECK_ERR(klog(SYSLOG_ACTION_READ, buf, -1), EINVAL);
	CHECK_EQ(klog(SYSLOG_ACTION_READ, buf, 0), 0);
	if (unread > 0) {
		n = CHECK_OK(klog(SYSLOG_ACTION_READ, buf, 8));
		CHECK(n > 0 && n <= 8);
	}

	/* CLEAR: READ_ALL starts after it. */
	CHECK_OK(klog(SYSLOG_ACTION_CLEAR, NULL, 0));
	n = CHECK_OK(klog(SYSLOG_ACTION_READ_ALL, buf, (int)size));
	CHECK_MSG(n < 4096, "%ld bytes still there after CLEAR", n);
	CHECK_OK(klog(SYSLOG_ACTION_READ_CLEAR, buf, (int)size));

	/* Console level: 1..8; OFF and ON restore what was there. */
	CHECK_ERR(klog(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 0), EINVAL);
	CHECK_ERR(klog(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 9), EINVAL);
	CHECK_OK(klog(SYSLOG_ACTION_CONSOLE_OFF, NULL, 0));
	CHECK_OK(klog(SYSLOG_ACTION_CONSOLE_ON, NULL, 0));
	utest_pass();
}
