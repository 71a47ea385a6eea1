/* uname with an unwritable buffer fails with EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	CHECK_ERR(syscall(SYS_uname, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(syscall(SYS_uname, NULL), EFAULT);
	utest_pass();
}
