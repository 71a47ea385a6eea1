/* /dev/null, /dev/zero and /dev/urandom are character devices with their
 * Linux numbers (1:3, 1:5, 1:9). */
#include "utest.h"
#include <sys/sysmacros.h>

int main(int argc, char **argv)
{
	static const struct {
		const char *path;
		unsigned maj, min;
	} devs[] = { { "/dev/null", 1, 3 }, { "/dev/zero", 1, 5 }, { "/dev/urandom", 1, 9 } };
	struct stat st;

	utest_begin(argc, argv);
	for (unsigned i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		CHECK_OK(stat(devs[i].path, &st));
		CHECK_MSG(S_ISCHR(st.st_mode), "%s is not a character device", devs[i].path);
		CHECK_EQ(major(st.st_rdev), devs[i].maj);
		CHECK_EQ(minor(st.st_rdev), devs[i].min);
	}
	utest_pass();
}
