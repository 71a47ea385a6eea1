/* Truncation and hole punching reach every mapping of a file, as on
 * Linux: after ftruncate, a page of a shared or private mapping past the
 * new end raises SIGBUS even though it was mapped before, and the tail of
 * the last page reads as zeros; when the file grows again the pages come
 * back as zeros. Punching a hole makes shared mappings read zeros there
 * while a private mapping's own copy of a page keeps its data. */
#include "utest.h"
#include "utest_fault.h"

#define PG 4096

/* Does reading p fault with SIGBUS (past the end of the file)? */
static int bus_on_read(volatile char *p)
{
	return utest_read_fault(p, SIGBUS) == BUS_ADRERR;
}

static void fill(int fd, int pages)
{
	char buf[PG];

	for (int i = 0; i < pages; i++) {
		memset(buf, 'a' + i, sizeof(buf));
		CHECK_EQ(pwrite(fd, buf, PG, (off_t)i * PG), PG);
	}
}

int main(int argc, char **argv)
{
	volatile char *sh, *pr;
	int fd;

	utest_begin(argc, argv);
	fd = open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	fill(fd, 3);
	sh = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pr = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(sh != MAP_FAILED && pr != MAP_FAILED);
	CHECK_EQ(sh[2 * PG], 'c');
	CHECK_EQ(pr[PG], 'b');
	pr[2 * PG] = 'P';	/* a private copy of the last page */
	CHECK_EQ(pr[2 * PG], 'P');

	/* Shrink to 1 page and 10 bytes: page 2 is gone from both mappings. */
	CHECK_OK(ftruncate(fd, PG + 10));
	CHECK_MSG(bus_on_read(sh + 2 * PG), "shared mapping: no SIGBUS past the new end");
	CHECK_MSG(bus_on_read(pr + 2 * PG), "private copy: no SIGBUS past the new end");
	CHECK_EQ(sh[PG + 9], 'b');
	CHECK_EQ(sh[PG + 10], 0);	/* the tail of the last page is zeroed */
	CHECK_EQ(sh[2 * PG - 1], 0);
	CHECK_EQ(sh[0], 'a');

	/* Grown again: the pages come back as zeros, in both mappings. */
	CHECK_OK(ftruncate(fd, 3 * PG));
	CHECK_EQ(sh[2 * PG], 0);
	CHECK_EQ(pr[2 * PG], 0);
	CHECK_EQ(sh[PG + 100], 0);

	/* A hole: shared mappings see zeros; a private copy keeps its data. */
	fill(fd, 3);
	CHECK_EQ(sh[PG], 'b');
	pr[PG] = 'Q';
	CHECK_EQ(pr[2 * PG], 'c');	/* read through, not copied */
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, PG, 2 * PG) == 0) {
		CHECK_EQ(sh[PG], 0);
		CHECK_EQ(sh[2 * PG + 5], 0);
		CHECK_EQ(sh[PG - 1], 'a');
		CHECK_EQ(pr[PG], 'Q');
		CHECK_EQ(pr[PG + 1], 'b');
		CHECK_EQ(pr[2 * PG], 0);
	} else {
		/* A file system without hole punching (FAT, as on Linux). */
		CHECK_EQ(errno, EOPNOTSUPP);
	}
	CHECK_OK(munmap((void *)sh, 3 * PG));
	CHECK_OK(munmap((void *)pr, 3 * PG));
	CHECK_OK(close(fd));
	utest_pass();
}
