/* Writing /proc/self/comm renames the process (15 bytes at most, the
 * bytes as written); status shows the name; another process's comm
 * cannot be written (EINVAL). */
#include "utest.h"

static void write_file(const char *path, const char *s, int err)
{
	int fd = CHECK_OK(open(path, O_WRONLY));

	if (err)
		CHECK_ERR(write(fd, s, strlen(s)), err);
	else
		CHECK_EQ(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

int main(int argc, char **argv)
{
	char buf[4096], path[64];
	int p[2];
	pid_t child;

	utest_begin(argc, argv);
	write_file("/proc/self/comm", "mica-renamed", 0);
	utest_read_file("/proc/self/comm", buf, sizeof(buf));
	CHECK_STR_EQ(buf, "mica-renamed\n");
	utest_read_file("/proc/self/status", buf, sizeof(buf));
	CHECK_MSG(!strncmp(buf, "Name:\tmica-renamed\n", 19), "%.40s", buf);
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", (int)getpid());
	utest_read_file(path, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "mica-renamed\n");
	/* Longer names are cut to 15 bytes. */
	write_file("/proc/self/comm", "abcdefghijklmnopqrstuvwxyz", 0);
	utest_read_file("/proc/self/comm", buf, sizeof(buf));
	CHECK_STR_EQ(buf, "abcdefghijklmno\n");
	/* A child inherits the name, and its comm is not ours to write. */
	CHECK_OK(pipe(p));
	child = CHECK_OK(fork());
	if (child == 0) {
		char c;

		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)child);
	utest_read_file(path, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "abcdefghijklmno\n");
	write_file(path, "other", EINVAL);
	close(p[1]);
	CHECK_CHILD_EXIT(child, 0);
	utest_pass();
}
