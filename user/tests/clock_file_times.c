/* File time stamps come from the wall clock: a new file's times, a write's
 * mtime and utimensat(UTIME_NOW) are within a second or two of time(). */
#include "utest.h"
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec times[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct stat st;
	time_t now;
	int fd;

	utest_begin(argc, argv);
	now = time(NULL);
	CHECK(now > 1600000000);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_OK(fstat(fd, &st));
	CHECK_MSG(llabs((long long)st.st_mtime - now) <= 2, "mtime %lld, now %lld",
		  (long long)st.st_mtime, (long long)now);
	CHECK(llabs((long long)st.st_atime - now) <= 2);
	CHECK(llabs((long long)st.st_ctime - now) <= 2);
	/* Old times, then a write makes mtime now again. */
	times[0].tv_sec = times[1].tv_sec = 1000000000;
	times[0].tv_nsec = times[1].tv_nsec = 0;
	CHECK_OK(futimens(fd, times));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_mtime, 1000000000);
	CHECK_EQ(write(fd, "x", 1), 1);
	CHECK_OK(fstat(fd, &st));
	CHECK(llabs((long long)st.st_mtime - time(NULL)) <= 2);
	/* UTIME_NOW, and times == NULL. */
	CHECK_OK(futimens(fd, times));
	times[0].tv_nsec = times[1].tv_nsec = UTIME_NOW;
	CHECK_OK(utimensat(AT_FDCWD, utest_path("f"), times, 0));
	CHECK_OK(stat(utest_path("f"), &st));
	CHECK(llabs((long long)st.st_atime - time(NULL)) <= 2);
	CHECK(llabs((long long)st.st_mtime - time(NULL)) <= 2);
	CHECK_OK(futimens(fd, NULL));
	CHECK_OK(fstat(fd, &st));
	CHECK(llabs((long long)st.st_mtime - time(NULL)) <= 2);
	close(fd);
	utest_pass();
}
