/* PR_SET_NAME sets the calling thread's name, cut to 15 bytes;
 * PR_GET_NAME returns it in 16 bytes with a NUL. A new thread starts with
 * its creator's name and renames itself alone; fork children inherit the
 * name. Bad pointers are EFAULT. */
#include "utest.h"
#include <pthread.h>
#include <sys/prctl.h>

static char thread_name_before[16], thread_name_after[16];

static void *rename_self(void *arg)
{
	(void)arg;
	prctl(PR_GET_NAME, thread_name_before);
	prctl(PR_SET_NAME, "worker");
	prctl(PR_GET_NAME, thread_name_after);
	return NULL;
}

int main(int argc, char **argv)
{
	char name[32];
	pthread_t t;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(prctl(PR_SET_NAME, "short"));
	memset(name, 'x', sizeof(name));
	CHECK_OK(prctl(PR_GET_NAME, name));
	CHECK_STR_EQ(name, "short");
	CHECK_EQ(name[16], 'x');	/* exactly 16 bytes written */

	CHECK_OK(prctl(PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz"));
	memset(name, 'x', sizeof(name));
	CHECK_OK(prctl(PR_GET_NAME, name));
	CHECK_STR_EQ(name, "abcdefghijklmno");

	CHECK_OK(prctl(PR_SET_NAME, "main-name"));
	CHECK_EQ(pthread_create(&t, NULL, rename_self, NULL), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_STR_EQ(thread_name_before, "main-name");
	CHECK_STR_EQ(thread_name_after, "worker");
	CHECK_OK(prctl(PR_GET_NAME, name));
	CHECK_STR_EQ(name, "main-name");

	pid = utest_fork();
	if (pid == 0) {
		char child[16];

		CHECK_OK(prctl(PR_GET_NAME, child));
		CHECK_STR_EQ(child, "main-name");
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);

	CHECK_ERR(syscall(SYS_prctl, PR_SET_NAME, UTEST_BAD_PTR, 0, 0, 0), EFAULT);
	CHECK_ERR(syscall(SYS_prctl, PR_GET_NAME, UTEST_BAD_PTR, 0, 0, 0), EFAULT);
	CHECK_OK(prctl(PR_GET_NAME, name));
	CHECK_STR_EQ(name, "main-name");
	utest_pass();
}
