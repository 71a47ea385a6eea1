/* After fork, the parent's writes stay invisible to the child, which still
 * sees the values of the moment of the fork. */
#include "utest.h"

static int data_var = 5;

int main(int argc, char **argv)
{
	char *heap = malloc(3 * 4096);
	int go[2];
	pid_t pid;
	char c;

	utest_begin(argc, argv);
	CHECK(heap != NULL);
	memset(heap, 'o', 3 * 4096);
	CHECK_OK(pipe(go));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(read(go[0], &c, 1), 1);
		CHECK_EQ(data_var, 5);
		for (int i = 0; i < 3 * 4096; i++)
			CHECK_EQ(heap[i], 'o');
		_exit(0);
	}
	data_var = 6;
	memset(heap, 'n', 3 * 4096);
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(data_var, 6);
	CHECK_EQ(heap[0], 'n');
	utest_pass();
}
