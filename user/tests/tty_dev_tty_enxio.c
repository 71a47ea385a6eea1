/* /dev/tty names the caller's controlling terminal: without one (a fresh
 * session) opening it fails with ENXIO. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_OK(setsid());
		CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
		CHECK_ERR(open("/dev/tty", O_RDONLY | O_NOCTTY), ENXIO);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
