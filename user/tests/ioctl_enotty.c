/* ioctl with a terminal request on a regular file, a pipe or /dev/null
 * fails with ENOTTY; on a closed descriptor with EBADF. */
#include "utest.h"
#include <sys/ioctl.h>
#include <termios.h>

int main(int argc, char **argv)
{
	struct winsize ws;
	int fd, p[2], null;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_OK(pipe(p));
	null = CHECK_OK(open("/dev/null", O_RDWR));
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, &ws), ENOTTY);
	CHECK_ERR(ioctl(p[0], TIOCGWINSZ, &ws), ENOTTY);
	CHECK_ERR(ioctl(null, TIOCGWINSZ, &ws), ENOTTY);
	CHECK(!isatty(fd));
	CHECK_ERR(ioctl(999, TIOCGWINSZ, &ws), EBADF);
	CHECK_OK(close(fd));
	utest_pass();
}
