/* An unprivileged user cannot open another user's file without the mode
 * bits for it, nor create a file in a directory it may not write (EACCES);
 * root may. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *secret, *closed;
	pid_t pid;
	int fd;

	utest_begin(argc, argv);
	if (geteuid() != 0)
		utest_fail(__FILE__, __LINE__, 0, "test needs to start as root");
	secret = utest_path("secret");
	closed = utest_path("closed");
	utest_write_file(secret, "s", 0600);
	CHECK_OK(mkdir(closed, 0755));
	fd = CHECK_OK(open(secret, O_RDONLY));
	CHECK_OK(close(fd));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(setuid(65534), 0);
		CHECK_ERR(open(secret, O_RDONLY), EACCES);
		CHECK_ERR(open(secret, O_WRONLY), EACCES);
		CHECK_ERR(open(utest_path("closed/new"), O_WRONLY | O_CREAT, 0644), EACCES);
		CHECK_ERR(mkdir(utest_path("closed/sub"), 0755), EACCES);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
