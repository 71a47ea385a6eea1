/* A MAP_PRIVATE mapping of a file is copy-on-write: the process's stores
 * never reach the file, and a page it has not written still shows what
 * write(2) puts in the file later. A read-only descriptor cannot give a
 * writable shared mapping, at mmap or through mprotect. */
#include "utest.h"

#define PG 4096

int main(int argc, char **argv)
{
	char *path, buf[PG], *p;
	int fd;

	utest_begin(argc, argv);
	path = utest_path("f");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	memset(buf, 'a', sizeof(buf));
	CHECK_EQ(write(fd, buf, PG), PG);
	CHECK_EQ(write(fd, buf, PG), PG);
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[1], 'a');
	p[1] = 'P';
	CHECK_EQ(pread(fd, buf, 1, 1), 1);
	CHECK_EQ(buf[0], 'a');
	/* The written page is the process's own now. */
	CHECK_EQ(pwrite(fd, "F", 1, 2), 1);
	CHECK_EQ(p[2], 'a');
	CHECK_EQ(p[1], 'P');
	/* The other page still follows the file. */
	CHECK_EQ(p[PG], 'a');
	CHECK_EQ(pwrite(fd, "G", 1, PG), 1);
	CHECK_EQ(p[PG], 'G');
	CHECK_OK(munmap(p, 2 * PG));
	CHECK_EQ(pread(fd, buf, 3, 0), 3);
	CHECK_EQ(memcmp(buf, "aaF", 3), 0);
	/* A read-only descriptor maps privately writable, not shared writable. */
	CHECK_OK(close(fd));
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 'x';
	CHECK_OK(munmap(p, PG));
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
	CHECK_EQ(errno, EACCES);
	/* ... nor later through mprotect. */
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_ERR(mprotect(p, PG, PROT_READ | PROT_WRITE), EACCES);
	CHECK_OK(munmap(p, PG));
	CHECK_OK(close(fd));
	fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED);
	CHECK_EQ(errno, EACCES);
	CHECK_OK(close(fd));
	utest_pass();
}
