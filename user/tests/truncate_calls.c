/* truncate(2) and ftruncate(2): grow with zeros and shrink, and the errors
 * of Linux: EISDIR, EINVAL (non-regular file, negative length, read-only
 * descriptor), ENOENT, EACCES, and EFBIG with SIGXFSZ past RLIMIT_FSIZE. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[16];
	struct stat st;
	struct rlimit rl;
	int fd, ro, p[2];
	pid_t pid;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, "abcdef", 6), 6);
	CHECK_OK(truncate(utest_path("f"), 3));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 3);
	CHECK_OK(truncate(utest_path("f"), 10));
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 10);
	CHECK(!memcmp(buf, "abc\0\0\0\0\0\0\0", 10));
	CHECK_OK(ftruncate(fd, 1));
	CHECK_OK(stat(utest_path("f"), &st));
	CHECK_EQ(st.st_size, 1);

	CHECK_ERR(truncate(utest_tmpdir(), 0), EISDIR);
	CHECK_ERR(truncate("/dev/null", 0), EINVAL);
	CHECK_ERR(truncate(utest_path("f"), -1), EINVAL);
	CHECK_ERR(truncate(utest_path("missing"), 0), ENOENT);
	CHECK_ERR(truncate("", 0), ENOENT);
	CHECK_ERR(syscall(SYS_truncate, UTEST_BAD_PTR, 0), EFAULT);
	ro = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_ERR(ftruncate(ro, 0), EINVAL);
	CHECK_OK(pipe(p));
	CHECK_ERR(ftruncate(p[1], 0), EINVAL);
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	CHECK_ERR(ftruncate(-1, 0), EBADF);

	/* Without write permission: EACCES. */
	CHECK_OK(chmod(utest_path("f"), 0444));
	CHECK_OK(chmod(utest_tmpdir(), 0755));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(setuid(65534));
		CHECK_ERR(truncate(utest_path("f"), 0), EACCES);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);

	/* Past RLIMIT_FSIZE: SIGXFSZ (ignored here) and EFBIG; shrinking is fine. */
	signal(SIGXFSZ, SIG_IGN);
	rl.rlim_cur = rl.rlim_max = 4096;
	CHECK_OK(setrlimit(RLIMIT_FSIZE, &rl));
	CHECK_ERR(ftruncate(fd, 8192), EFBIG);
	CHECK_OK(ftruncate(fd, 4096));
	CHECK_OK(ftruncate(fd, 0));
	utest_pass();
}
