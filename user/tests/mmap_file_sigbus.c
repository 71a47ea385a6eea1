/* Touching a page of a file mapping that lies wholly past the end of the
 * file raises SIGBUS (BUS_ADRERR), as on Linux; the bytes after the end in
 * the last page read as zeros. */
#include "utest.h"
#include "utest_fault.h"

#define PG 4096

int main(int argc, char **argv)
{
	volatile char *p;
	int fd;

	utest_begin(argc, argv);
	fd = open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "hello", 5), 5);
	p = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[0], 'h');
	CHECK_EQ(p[5], 0);
	CHECK_EQ(p[PG - 1], 0);
	CHECK_EQ(utest_read_fault(p + PG, SIGBUS), BUS_ADRERR);
	/* Once the file grows, the page is there. */
	CHECK_OK(ftruncate(fd, 2 * PG));
	CHECK_EQ(p[PG], 0);
	CHECK_OK(close(fd));
	utest_pass();
}
