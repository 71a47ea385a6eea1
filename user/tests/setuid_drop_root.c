/* root may setgid/setuid to another user, which sets real, effective and
 * saved ids; the unprivileged result cannot take root back (EPERM). */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	if (geteuid() != 0)
		utest_fail(__FILE__, __LINE__, 0, "test needs to start as root");
	pid = utest_fork();
	if (pid == 0) {
		uid_t r, e, s;
		gid_t gr, ge, gs;

		CHECK_EQ(setgid(65534), 0);
		CHECK_EQ(setuid(65534), 0);
		CHECK_OK(getresuid(&r, &e, &s));
		CHECK_OK(getresgid(&gr, &ge, &gs));
		CHECK_EQ(r, 65534);
		CHECK_EQ(e, 65534);
		CHECK_EQ(s, 65534);
		CHECK_EQ(gr, 65534);
		CHECK_EQ(ge, 65534);
		CHECK_EQ(gs, 65534);
		CHECK_ERR(syscall(SYS_setuid, 0), EPERM);
		CHECK_ERR(syscall(SYS_setgid, 0), EPERM);
		CHECK_EQ(getuid(), 65534);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(getuid(), 0);
	utest_pass();
}
