/* /proc/self/fd/N links name the file each descriptor has open (or
 * "pipe:[N]"), open again to the same file, and fdinfo shows the offset
 * and the flags with O_CLOEXEC. */
#include "utest.h"

static int listed(const char *dir, int fd)
{
	char want[16];
	struct dirent *de;
	DIR *d = opendir(dir);
	int found = 0;

	if (!d)
		return 0;
	snprintf(want, sizeof(want), "%d", fd);
	while ((de = readdir(d)))
		if (!strcmp(de->d_name, want))
			found = 1;
	closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	char link[64], target[UTEST_PATH_MAX], real[PATH_MAX], info[512], buf[8];
	int fd, fd2, p[2];
	ssize_t n;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("file"), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
	CHECK_EQ(write(fd, "hello", 5), 5);
	CHECK(realpath(utest_path("file"), real));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = CHECK_OK(readlink(link, target, sizeof(target) - 1));
	target[n] = 0;
	CHECK_STR_EQ(target, real);
	CHECK(listed("/proc/self/fd", fd));
	CHECK(listed("/proc/self/fdinfo", fd));
	/* Opening the link opens the same file, with an offset of its own. */
	fd2 = CHECK_OK(open(link, O_RDONLY));
	CHECK_EQ(read(fd2, buf, 5), 5);
	CHECK(!memcmp(buf, "hello", 5));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd2);
	n = CHECK_OK(readlink(link, target, sizeof(target) - 1));
	target[n] = 0;
	CHECK_STR_EQ(target, real);	/* the reopened file has the same name */
	close(fd2);
	/* fdinfo: pos and octal flags, O_CLOEXEC (02000000) and O_RDWR. */
	snprintf(link, sizeof(link), "/proc/self/fdinfo/%d", fd);
	fd2 = CHECK_OK(open(link, O_RDONLY));
	n = CHECK_OK(read(fd2, info, sizeof(info) - 1));
	info[n] = 0;
	close(fd2);
	CHECK_MSG(!strncmp(info, "pos:\t5\nflags:\t0", 15), "%s", info);
	{
		unsigned long flags = strtoul(strstr(info, "flags:\t") + 7, NULL, 8);

		CHECK_MSG((flags & 02000003) == 02000002, "flags %lo", flags);
	}
	/* A removed file is "(deleted)". */
	CHECK_OK(unlink(utest_path("file")));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = CHECK_OK(readlink(link, target, sizeof(target) - 1));
	target[n] = 0;
	strcat(real, " (deleted)");
	CHECK_STR_EQ(target, real);
	close(fd);
	CHECK_ERR(readlink(link, target, sizeof(target)), ENOENT);
	/* Pipes. */
	CHECK_OK(pipe(p));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", p[0]);
	n = CHECK_OK(readlink(link, target, sizeof(target) - 1));
	target[n] = 0;
	CHECK_MSG(!strncmp(target, "pipe:[", 6) && target[n - 1] == ']', "%s", target);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", p[1]);
	n = CHECK_OK(readlink(link, real, sizeof(real) - 1));
	real[n] = 0;
	CHECK_STR_EQ(real, target);	/* both ends: one pipe */
	/* A directory. */
	fd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = CHECK_OK(readlink(link, target, sizeof(target) - 1));
	target[n] = 0;
	CHECK(realpath(utest_tmpdir(), real));
	CHECK_STR_EQ(target, real);
	close(fd);
	utest_pass();
}
