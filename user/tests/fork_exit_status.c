/* The low 8 bits of a child's _exit() value reach the parent's wait status. */
#include "utest.h"

int main(int argc, char **argv)
{
	static const int codes[] = { 0, 1, 42, 127, 255, 0x1234, 256 };
	unsigned i;

	utest_begin(argc, argv);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = utest_fork();

		if (pid == 0)
			_exit(codes[i]);
		CHECK_CHILD_EXIT(pid, codes[i] & 0xff);
	}
	utest_pass();
}
