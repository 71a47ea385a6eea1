/* writev gathers several buffers (empty ones included) into one write and
 * readv scatters data back in order; both return the total byte count. */
#include "utest.h"
#include <sys/uio.h>

int main(int argc, char **argv)
{
	char a[4], b[1], c[16];
	struct iovec out[4] = {
		{ "abc", 3 }, { "", 0 }, { "defgh", 5 }, { "ij", 2 },
	};
	struct iovec in[3] = { { a, 4 }, { b, 1 }, { c, sizeof(c) } };
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(writev(fd, out, 4), 10);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	memset(c, 0, sizeof(c));
	CHECK_EQ(readv(fd, in, 3), 10);
	CHECK(memcmp(a, "abcd", 4) == 0);
	CHECK_EQ(b[0], 'e');
	CHECK_STR_EQ(c, "fghij");
	CHECK_EQ(readv(fd, in, 3), 0);
	CHECK_EQ(writev(fd, out, 0), 0);
	CHECK_OK(close(fd));
	utest_pass();
}
