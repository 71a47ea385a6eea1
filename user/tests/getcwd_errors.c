/* The raw getcwd returns the length including the NUL; a buffer too small
 * for the path is ERANGE, a bad buffer EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[UTEST_PATH_MAX];
	size_t len;

	utest_begin(argc, argv);
	CHECK_OK(chdir(utest_tmpdir()));
	len = strlen(utest_tmpdir());
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof(buf)), len + 1);
	CHECK_STR_EQ(buf, utest_tmpdir());
	CHECK_EQ(syscall(SYS_getcwd, buf, len + 1), len + 1);
	CHECK_ERR(syscall(SYS_getcwd, buf, len), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, buf, 1), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, UTEST_BAD_PTR, sizeof(buf)), EFAULT);
	CHECK_OK(chdir("/"));
	utest_pass();
}
