/* A file descriptor inherited over fork shares its file offset: the
 * child's writes move the parent's offset too. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[16] = { 0 };
	int fd;
	pid_t pid;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(fd, "abc", 3), 3);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3);
		CHECK_EQ(write(fd, "defg", 4), 4);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 7);
	CHECK_STR_EQ(buf, "abcdefg");
	CHECK_OK(close(fd));
	utest_pass();
}
