/* A program linked at 0x1000 (one page above zero, the lowest address
 * Linux's default vm.mmap_min_addr allows) loads and runs: its ELF header
 * is mapped at 0x1000, its code and data work, and page zero stays
 * unmapped. Linked with -Wl,-Ttext-segment=0x1000 (see USER_LDFLAGS_<name>
 * in mk/user.mk). */
#include "utest.h"

static int data_word = 1234;
static int bss_word;

int main(int argc, char **argv)
{
	int fds[2];

	utest_begin(argc, argv);
	CHECK_MSG((unsigned long)&main >= 0x1000 && (unsigned long)&main < 0x100000,
		  "main at %p: not linked low", (void *)&main);
	/* The first load segment maps the file from offset 0 at 0x1000. */
	CHECK_EQ(memcmp((const void *)0x1000, "\177ELF", 4), 0);
	CHECK_EQ(data_word, 1234);
	CHECK_EQ(bss_word, 0);
	bss_word = data_word + 1;
	CHECK_EQ(bss_word, 1235);
	/* Page zero is still not mapped. */
	CHECK_OK(pipe(fds));
	CHECK_ERR(syscall(SYS_write, fds[1], (void *)0, 1), EFAULT);
	CHECK_ERR(syscall(SYS_write, fds[1], (void *)0xfff, 1), EFAULT);
	utest_pass();
}
