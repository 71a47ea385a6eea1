/* kill(0, sig) and kill(-pgid, sig) reach every member of the process
 * group; a default-action SIGTERM kills each, while the sender ignores it. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t kids[3];
	int i;

	utest_begin(argc, argv);
	CHECK_OK(setpgid(0, 0));
	for (i = 0; i < 3; i++) {
		kids[i] = utest_fork();
		if (kids[i] == 0) {
			for (;;)
				pause();
		}
	}
	CHECK(signal(SIGTERM, SIG_IGN) != SIG_ERR);
	CHECK_OK(kill(0, SIGTERM));
	for (i = 0; i < 2; i++)
		CHECK_CHILD_SIGNAL(kids[i], SIGTERM);
	CHECK_CHILD_SIGNAL(kids[2], SIGTERM);
	kids[0] = utest_fork();
	if (kids[0] == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	CHECK_OK(setpgid(kids[0], kids[0]));	/* whichever runs first */
	CHECK_OK(kill(-kids[0], SIGUSR1));
	CHECK_CHILD_SIGNAL(kids[0], SIGUSR1);
	CHECK_ERR(kill(-kids[0], SIGUSR1), ESRCH);
	utest_pass();
}
