/* getresuid and getresgid agree with getuid/geteuid and getgid/getegid;
 * a fresh process has equal real, effective and saved ids. */
#include "utest.h"

int main(int argc, char **argv)
{
	uid_t r = 1, e = 1, s = 1;
	gid_t gr = 1, ge = 1, gs = 1;

	utest_begin(argc, argv);
	CHECK_OK(getresuid(&r, &e, &s));
	CHECK_OK(getresgid(&gr, &ge, &gs));
	CHECK_EQ(r, getuid());
	CHECK_EQ(e, geteuid());
	CHECK_EQ(s, e);
	CHECK_EQ(gr, getgid());
	CHECK_EQ(ge, getegid());
	CHECK_EQ(gs, ge);
	CHECK_ERR(syscall(SYS_getresuid, UTEST_BAD_PTR, &e, &s), EFAULT);
	utest_pass();
}
