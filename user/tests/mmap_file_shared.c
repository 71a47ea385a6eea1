/* A MAP_SHARED mapping of a file is its page cache: stores through the
 * mapping are seen by read(2), in other processes and after munmap, and
 * write(2) is seen through the mapping; msync(MS_SYNC) succeeds. */
#include "utest.h"

#define PG 4096

int main(int argc, char **argv)
{
	char *path, buf[PG], *p;
	pid_t pid;
	int fd;

	utest_begin(argc, argv);
	path = utest_path("f");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	memset(buf, 'a', sizeof(buf));
	for (int i = 0; i < 3; i++)
		CHECK_EQ(write(fd, buf, PG), PG);
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[0], 'a');
	CHECK_EQ(p[3 * PG - 1], 'a');
	/* Store through the mapping, read through the file. */
	p[10] = 'M';
	p[2 * PG + 5] = 'N';
	CHECK_EQ(pread(fd, buf, 1, 10), 1);
	CHECK_EQ(buf[0], 'M');
	CHECK_EQ(pread(fd, buf, 1, 2 * PG + 5), 1);
	CHECK_EQ(buf[0], 'N');
	/* Write through the file, read through the mapping. */
	CHECK_EQ(pwrite(fd, "W", 1, PG + 7), 1);
	CHECK_EQ(p[PG + 7], 'W');
	/* Another process's stores. */
	pid = utest_fork();
	if (pid == 0) {
		p[PG] = 'C';
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(p[PG], 'C');
	CHECK_OK(msync(p, 3 * PG, MS_SYNC));
	CHECK_ERR(msync(p + 1, PG, MS_SYNC), EINVAL);
	CHECK_ERR(msync(p, PG, MS_SYNC | MS_ASYNC), EINVAL);
	CHECK_OK(munmap(p, 3 * PG));
	/* After munmap the stores are in the file. */
	CHECK_EQ(pread(fd, buf, PG, PG), PG);
	CHECK_EQ(buf[0], 'C');
	CHECK_EQ(buf[7], 'W');
	CHECK_OK(close(fd));
	/* And in a new open of it. */
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(pread(fd, buf, 1, 2 * PG + 5), 1);
	CHECK_EQ(buf[0], 'N');
	CHECK_OK(close(fd));
	utest_pass();
}
