/* After fork, the child's writes to data, bss, heap and stack stay private
 * to the child: the parent keeps its values. */
#include "utest.h"

static int data_var = 1111;
static char bss_buf[3 * 4096];

int main(int argc, char **argv)
{
	int stack_var = 2222;
	char *heap = malloc(10000);
	pid_t pid;

	utest_begin(argc, argv);
	CHECK(heap != NULL);
	memset(heap, 'p', 10000);
	memset(bss_buf, 'b', sizeof(bss_buf));
	pid = utest_fork();
	if (pid == 0) {
		data_var = 9;
		stack_var = 8;
		memset(heap, 'c', 10000);
		memset(bss_buf, 'c', sizeof(bss_buf));
		CHECK_EQ(data_var, 9);
		CHECK_EQ(stack_var, 8);
		CHECK_EQ(heap[9999], 'c');
		CHECK_EQ(bss_buf[sizeof(bss_buf) - 1], 'c');
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(data_var, 1111);
	CHECK_EQ(stack_var, 2222);
	for (int i = 0; i < 10000; i++)
		CHECK_EQ(heap[i], 'p');
	for (unsigned i = 0; i < sizeof(bss_buf); i++)
		CHECK_EQ(bss_buf[i], 'b');
	utest_pass();
}
