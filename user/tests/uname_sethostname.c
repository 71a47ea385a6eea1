/* sethostname/setdomainname change what uname(2) reports (nodename,
 * domainname), take 0..64 bytes (EINVAL beyond, EFAULT for a bad
 * pointer) and are root's (EPERM, checked first). Where it can, the test
 * works in a UTS namespace of its own, so a Linux host keeps its name;
 * elsewhere it puts the old names back. */
#include "utest.h"
#include <sys/utsname.h>

static void set_names(const char *host, const char *domain)
{
	CHECK_OK(sethostname(host, strlen(host)));
	CHECK_OK(setdomainname(domain, strlen(domain)));
}

int main(int argc, char **argv)
{
	struct utsname old, u;
	char long_name[70];
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(uname(&old));
	CHECK_STR_EQ(old.sysname, "Linux");
	pid = utest_fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWUTS) && !utest_system_root())
			_exit(0);	/* neither a namespace nor the right: nothing to try */
		set_names("mica-test-host", "mica.test");
		CHECK_OK(uname(&u));
		CHECK_STR_EQ(u.nodename, "mica-test-host");
		CHECK_STR_EQ(u.domainname, "mica.test");
		CHECK_STR_EQ(u.sysname, old.sysname);
		CHECK_STR_EQ(u.release, old.release);

		/* Exactly len bytes; the rest of the field is zeroed. */
		CHECK_OK(sethostname("abcdef", 3));
		CHECK_OK(uname(&u));
		CHECK_STR_EQ(u.nodename, "abc");
		CHECK_OK(sethostname("", 0));
		CHECK_OK(uname(&u));
		CHECK_STR_EQ(u.nodename, "");

		memset(long_name, 'h', sizeof(long_name));
		CHECK_OK(sethostname(long_name, 64));
		CHECK_OK(uname(&u));
		CHECK_EQ(strlen(u.nodename), 64);
		CHECK_ERR(sethostname(long_name, 65), EINVAL);
		CHECK_ERR(syscall(SYS_sethostname, long_name, -1), EINVAL);
		CHECK_ERR(setdomainname(long_name, 65), EINVAL);
		CHECK_ERR(syscall(SYS_sethostname, UTEST_BAD_PTR, 5), EFAULT);
		CHECK_ERR(syscall(SYS_setdomainname, UTEST_BAD_PTR, 5), EFAULT);
		CHECK_ERR(syscall(SYS_uname, UTEST_BAD_PTR), EFAULT);

		set_names("mica-test-host", "mica.test");
		pid_t user = utest_fork();
		if (user == 0) {
			CHECK_OK(setuid(65534));
			CHECK_ERR(sethostname("x", 1), EPERM);
			CHECK_ERR(setdomainname("x", 1), EPERM);
			CHECK_ERR(syscall(SYS_sethostname, "x", 100), EPERM);	/* before EINVAL */
			CHECK_OK(uname(&u));
			CHECK_STR_EQ(u.nodename, "mica-test-host");
			_exit(0);
		}
		CHECK_CHILD_EXIT(user, 0);
		set_names(old.nodename, old.domainname);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_OK(uname(&u));
	CHECK_STR_EQ(u.nodename, old.nodename);
	CHECK_STR_EQ(u.domainname, old.domainname);
	utest_pass();
}
