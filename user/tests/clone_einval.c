/* clone refuses inconsistent flags with EINVAL: CLONE_THREAD needs
 * CLONE_SIGHAND, and CLONE_SIGHAND needs CLONE_VM. */
#include "utest.h"

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | SIGCHLD, NULL, NULL, NULL, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, NULL, NULL, NULL, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | CLONE_SIGHAND, NULL, NULL, NULL, NULL),
		  EINVAL);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	utest_pass();
}
