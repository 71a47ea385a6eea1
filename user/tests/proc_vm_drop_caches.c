/* /proc/sys/vm/drop_caches drops clean caches and nothing else: a file
 * written just before reads back whole afterwards; 0 and text that is not
 * a number are EINVAL. (The upper bound differs between Linux versions:
 * 6.1 takes 1..4.) */
#include "utest.h"

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

int main(int argc, char **argv)
{
	static char buf[3 * 4096 + 10], back[sizeof(buf)];
	const char *dc = "/proc/sys/vm/drop_caches";
	char *path;
	int fd;

	utest_begin(argc, argv);
	path = utest_path("f");
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	CHECK_OK(write_str(dc, "3\n"));
	CHECK_OK(write_str(dc, "1"));
	CHECK_EQ(pread(fd, back, sizeof(back), 0), (ssize_t)sizeof(back));
	CHECK_EQ(memcmp(buf, back, sizeof(buf)), 0);
	CHECK(write_str(dc, "0") < 0);
	CHECK_EQ(errno, EINVAL);
	CHECK(write_str(dc, "x") < 0);
	CHECK_EQ(errno, EINVAL);
	CHECK_OK(close(fd));
	utest_pass();
}
