/* A 1 MiB file written in odd-sized pieces reads back byte for byte in
 * differently sized pieces. */
#include "utest.h"

#define SIZE (1024 * 1024)

int main(int argc, char **argv)
{
	unsigned char *buf = malloc(SIZE), *back = malloc(SIZE);
	size_t done;
	int fd;

	utest_begin(argc, argv);
	CHECK(buf != NULL && back != NULL);
	for (size_t i = 0; i < SIZE; i++)
		buf[i] = (unsigned char)(i * 31 + (i >> 12));
	fd = CHECK_OK(open(utest_path("big"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	for (done = 0; done < SIZE;) {
		size_t n = SIZE - done < 4099 ? SIZE - done : 4099;
		long w = CHECK_OK(write(fd, buf + done, n));

		CHECK(w > 0);
		done += w;
	}
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	for (done = 0; done < SIZE;) {
		long r = CHECK_OK(read(fd, back + done, 65537));

		CHECK(r > 0);
		done += r;
	}
	CHECK_EQ(done, SIZE);
	CHECK(memcmp(buf, back, SIZE) == 0);
	CHECK_OK(close(fd));
	utest_pass();
}
