/* /proc takes no new names: making one (open O_CREAT, mkdir, symlink,
 * rename) fails with ENOENT as the lookup does, or EEXIST when the name is
 * taken; removing one is EPERM; a link from another file system is EXDEV;
 * O_TRUNC and ftruncate of a writable /proc file are accepted and change
 * nothing. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[64];
	int fd;
	ssize_t n;

	utest_begin(argc, argv);
	CHECK_ERR(open("/proc/mica-new-file", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(open("/proc/sys/kernel/mica-new", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(mkdir("/proc/mica-new-dir", 0755), ENOENT);
	CHECK_ERR(mkdir("/proc/self/mica-new-dir", 0755), ENOENT);
	CHECK_ERR(mkdir("/proc/version", 0755), EEXIST);
	CHECK_ERR(unlink("/proc/version"), EPERM);
	CHECK_ERR(unlink("/proc/mica-missing"), ENOENT);
	CHECK_ERR(unlink("/proc/self/comm"), EPERM);
	CHECK_ERR(symlink("x", "/proc/mica-link"), ENOENT);
	CHECK_ERR(rename("/proc/version", "/proc/mica-renamed"), ENOENT);
	CHECK_ERR(rename("/proc/self/comm", "/proc/self/comm2"), ENOENT);
	CHECK_ERR(link("/proc/version", utest_path("hard")), EXDEV);
	fd = CHECK_OK(open("/proc/self/comm", O_WRONLY | O_TRUNC));
	CHECK_OK(ftruncate(fd, 0));
	CHECK_EQ(write(fd, "trunc-test", 10), 10);
	close(fd);
	fd = CHECK_OK(open("/proc/self/comm", O_RDONLY));
	n = CHECK_OK(read(fd, buf, sizeof(buf) - 1));
	buf[n] = 0;
	close(fd);
	CHECK_STR_EQ(buf, "trunc-test\n");
	utest_pass();
}
