/* devtmpfs mounted anywhere shows the kernel's device nodes (null, zero,
 * random, urandom, tty, console) as character devices that work. */
#include "utest.h"
#include <sys/mount.h>
#include <sys/sysmacros.h>

int main(int argc, char **argv)
{
	static const struct { const char *name; unsigned int major, minor; } nodes[] = {
		{ "null", 1, 3 }, { "zero", 1, 5 }, { "random", 1, 8 }, { "urandom", 1, 9 },
		{ "tty", 5, 0 }, { "console", 5, 1 },
	};
	char *d, path[UTEST_PATH_MAX], buf[4] = { 1, 1, 1, 1 };
	struct stat st;
	int fd;

	utest_begin(argc, argv);
	d = utest_path("dev");
	CHECK_OK(mkdir(d, 0755));
	CHECK_OK(mount("dev", d, "devtmpfs", 0, NULL));
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", d, nodes[i].name);
		CHECK_OK(stat(path, &st));
		CHECK(S_ISCHR(st.st_mode));
		CHECK_EQ(major(st.st_rdev), nodes[i].major);
		CHECK_EQ(minor(st.st_rdev), nodes[i].minor);
	}
	snprintf(path, sizeof(path), "%s/zero", d);
	fd = CHECK_OK(open(path, O_RDONLY));
	CHECK_EQ(read(fd, buf, 4), 4);
	CHECK(!buf[0] && !buf[3]);
	close(fd);
	CHECK_OK(umount(d));
	utest_pass();
}
