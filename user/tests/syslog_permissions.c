/* syslog(2) for an ordinary user: reading the whole log (READ_ALL,
 * SIZE_BUFFER) is allowed unless kernel.dmesg_restrict is 1; every other
 * action is EPERM. */
#include "utest.h"

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* kernel.dmesg_restrict, 0 (Linux's default) where it cannot be read. */
static int dmesg_restrict(void)
{
	char v[8] = "0";
	int fd = open("/proc/sys/kernel/dmesg_restrict", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, v, sizeof(v) - 1) < 0)
			v[0] = '0';
		close(fd);
	}
	return v[0] == '1';
}

int main(int argc, char **argv)
{
	int restrict_log = dmesg_restrict();
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0) {
		static char buf[4096];

		CHECK_OK(setuid(65534));
		for (int type = 0; type <= 10; type++) {
			if (type == SYSLOG_ACTION_READ_ALL || type == SYSLOG_ACTION_SIZE_BUFFER)
				continue;
			/* (qemu-user checks the arguments of the READ actions itself:
			 * good ones keep this portable.) */
			CHECK_ERR(syscall(SYS_syslog, type, buf, (int)sizeof(buf)), EPERM);
		}
		if (restrict_log) {
			CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, NULL, 0), EPERM);
			CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 100), EPERM);
		} else {
			CHECK(syscall(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, NULL, 0) > 0);
			CHECK(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, sizeof(buf)) >= 0);
			CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, -1), EINVAL);
		}
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
