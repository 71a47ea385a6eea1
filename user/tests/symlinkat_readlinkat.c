/* symlinkat stores any target string, even a dangling one; readlinkat
 * returns it without a terminating NUL, truncated to the buffer size. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[64];
	int dfd;

	utest_begin(argc, argv);
	dfd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_EQ(symlinkat("some/where/else", dfd, "l1"), 0);
	CHECK_EQ(symlinkat("/absolute/target", AT_FDCWD, utest_path("l2")), 0);
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(readlinkat(dfd, "l1", buf, sizeof(buf)), 15);
	CHECK(memcmp(buf, "some/where/else", 15) == 0);
	CHECK_EQ(buf[15], 'X');
	CHECK_EQ(readlink(utest_path("l2"), buf, sizeof(buf)), 16);
	CHECK(memcmp(buf, "/absolute/target", 16) == 0);
	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(readlinkat(dfd, "l1", buf, 4), 4);
	CHECK(memcmp(buf, "someX", 5) == 0);
	CHECK_OK(close(dfd));
	utest_pass();
}
