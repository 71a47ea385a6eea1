/* posix_openpt/grantpt/unlockpt/ptsname give a slave /dev/pts/N (char 136:N,
 * owned by the opener) whose number TIOCGPTN reports; a line written to the
 * master is read on the slave and echoed back to the master as "\r\n". */
#include "utest_pty.h"
#include <sys/sysmacros.h>

int main(int argc, char **argv)
{
	char buf[64], want[32];
	struct stat st;
	int m, s, n;

	utest_begin(argc, argv);
	n = utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	snprintf(want, sizeof(want), "/dev/pts/%d", n);
	CHECK_STR_EQ(ptsname(m), want);
	CHECK_EQ(stat(want, &st), 0);
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 136u);
	CHECK_EQ(minor(st.st_rdev), (unsigned)n);
	CHECK_EQ(st.st_uid, getuid());
	CHECK(isatty(s));
	CHECK(isatty(m));
	CHECK_EQ(write(m, "hello\n", 6), 6);
	CHECK_EQ(read(s, buf, sizeof(buf)), 6);
	CHECK(!memcmp(buf, "hello\n", 6));
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 7);
	CHECK_STR_EQ(buf, "hello\r\n");
	/* Slave output reaches the master after OPOST/ONLCR. */
	CHECK_EQ(write(s, "out\n", 4), 4);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 5);
	CHECK_STR_EQ(buf, "out\r\n");
	utest_pass();
}
