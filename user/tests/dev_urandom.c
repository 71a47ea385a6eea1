/* /dev/urandom gives as many bytes as asked, at once, for small and large
 * reads, and the bytes are not all the same. */
#include "utest.h"

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 1, 16, 4096, 65536 };
	static unsigned char buf[65536];
	unsigned char first[16];
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open("/dev/urandom", O_RDONLY));
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		CHECK_EQ(read(fd, buf, sizes[i]), sizes[i]);
	{
		int counts[256] = { 0 };
		int max = 0;

		for (size_t j = 0; j < sizeof(buf); j++)
			counts[buf[j]]++;
		for (int v = 0; v < 256; v++)
			max = counts[v] > max ? counts[v] : max;
		/* 256 expected per value; a stuck generator would pile up. */
		CHECK(max < 2048);
	}
	CHECK_EQ(read(fd, first, 16), 16);
	CHECK_EQ(read(fd, buf, 16), 16);
	CHECK(memcmp(first, buf, 16) != 0);
	CHECK_OK(close(fd));
	utest_pass();
}
