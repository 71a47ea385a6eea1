/* faccessat checks existence and permissions with the real ids: a missing
 * file is ENOENT; root may read and write anything but needs an x bit to
 * execute (EACCES); another user gets EACCES for bits it lacks. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *rw, *exe, *none;
	pid_t pid;

	utest_begin(argc, argv);
	if (geteuid() != 0)
		utest_fail(__FILE__, __LINE__, 0, "test needs to start as root");
	rw = utest_path("rw");
	exe = utest_path("exe");
	none = utest_path("none");
	utest_write_file(rw, "x", 0644);
	utest_write_file(exe, "x", 0711);
	utest_write_file(none, "x", 0000);
	CHECK_EQ(faccessat(AT_FDCWD, rw, F_OK, 0), 0);
	CHECK_EQ(faccessat(AT_FDCWD, rw, R_OK | W_OK, 0), 0);
	CHECK_ERR(faccessat(AT_FDCWD, rw, X_OK, 0), EACCES);
	CHECK_EQ(faccessat(AT_FDCWD, none, R_OK | W_OK, 0), 0);
	CHECK_EQ(faccessat(AT_FDCWD, exe, X_OK, 0), 0);
	CHECK_ERR(faccessat(AT_FDCWD, utest_path("missing"), F_OK, 0), ENOENT);
	CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, rw, 0x10), EINVAL);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(setuid(65534), 0);
		CHECK_EQ(access(rw, R_OK), 0);
		CHECK_ERR(access(rw, W_OK), EACCES);
		CHECK_EQ(access(exe, X_OK), 0);
		CHECK_ERR(access(exe, R_OK), EACCES);
		CHECK_ERR(access(none, R_OK), EACCES);
		CHECK_EQ(access(none, F_OK), 0);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
