/* sysinfo reports consistent figures: some RAM, no more free than total,
 * at least one process, a positive memory unit; a bad pointer is EFAULT. */
#include "utest.h"
#include <sys/sysinfo.h>

int main(int argc, char **argv)
{
	struct sysinfo si;
	pid_t pid;

	utest_begin(argc, argv);
	memset(&si, 0xff, sizeof(si));
	CHECK_EQ(sysinfo(&si), 0);
	CHECK(si.mem_unit >= 1);
	CHECK(si.totalram > 0);
	CHECK(si.freeram <= si.totalram);
	CHECK(si.freeram > 0);
	CHECK(si.totalram * (unsigned long long)si.mem_unit >= 16ull << 20);
	CHECK(si.procs >= 1);
	CHECK(si.freeswap <= si.totalswap);
	pid = utest_fork();
	if (pid == 0) {
		struct sysinfo s2;

		CHECK_EQ(sysinfo(&s2), 0);
		CHECK(s2.procs >= 2);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_ERR(syscall(SYS_sysinfo, UTEST_BAD_PTR), EFAULT);
	utest_pass();
}
