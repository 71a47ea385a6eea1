/* uname fills every field with a NUL-terminated string: sysname "Linux",
 * the machine's name, and non-empty release and version. */
#include "utest.h"
#include <sys/utsname.h>

#if defined(__riscv)
#define MACHINE "riscv64"
#elif defined(__x86_64__)
#define MACHINE "x86_64"
#elif defined(__aarch64__)
#define MACHINE "aarch64"
#endif

int main(int argc, char **argv)
{
	struct utsname u;

	utest_begin(argc, argv);
	memset(&u, 'x', sizeof(u));
	CHECK_EQ(uname(&u), 0);
	CHECK(memchr(u.sysname, 0, sizeof(u.sysname)) != NULL);
	CHECK(memchr(u.nodename, 0, sizeof(u.nodename)) != NULL);
	CHECK(memchr(u.release, 0, sizeof(u.release)) != NULL);
	CHECK(memchr(u.version, 0, sizeof(u.version)) != NULL);
	CHECK(memchr(u.machine, 0, sizeof(u.machine)) != NULL);
	CHECK_STR_EQ(u.sysname, "Linux");
	CHECK_STR_EQ(u.machine, MACHINE);
	CHECK(u.release[0] >= '0' && u.release[0] <= '9');
	CHECK(strlen(u.version) > 0);
	utest_pass();
}
