/* getrusage rejects an unknown "who" with EINVAL and an unwritable buffer
 * with EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct rusage ru;

	utest_begin(argc, argv);
	CHECK_ERR(syscall(SYS_getrusage, 42, &ru), EINVAL);
	CHECK_ERR(syscall(SYS_getrusage, -5, &ru), EINVAL);
	CHECK_ERR(syscall(SYS_getrusage, RUSAGE_SELF, UTEST_BAD_PTR), EFAULT);
	CHECK_EQ(syscall(SYS_getrusage, RUSAGE_SELF, &ru), 0);
	utest_pass();
}
