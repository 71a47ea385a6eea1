/* /dev/zero reads as zero bytes for any size asked and swallows writes. */
#include "utest.h"

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 1, 7, 4096, 4097, 100000 };
	static unsigned char buf[100000];
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open("/dev/zero", O_RDWR));
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(buf, 0xa5, sizeof(buf));
		CHECK_EQ(read(fd, buf, sizes[i]), sizes[i]);
		for (size_t j = 0; j < sizes[i]; j++)
			CHECK_EQ(buf[j], 0);
		if (sizes[i] < sizeof(buf))
			CHECK_EQ(buf[sizes[i]], 0xa5);
	}
	CHECK_EQ(write(fd, buf, 1234), 1234);
	CHECK_OK(close(fd));
	utest_pass();
}
