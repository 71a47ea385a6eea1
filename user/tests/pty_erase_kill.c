/* Canonical editing: VERASE removes a character (echoed "\b \b"), VWERASE
 * a word, VKILL the line; the reader sees only the edited line. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char buf[64];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(write(m, "abx\x7f", 4), 4);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 6);
	CHECK_STR_EQ(buf, "abx\b \b");
	CHECK_EQ(write(m, "c\n", 2), 2);
	CHECK_EQ(read(s, buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "abc\n", 4));
	CHECK_EQ(write(m, "junk\x15ok\n", 8), 8);
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "ok\n", 3));
	CHECK_EQ(write(m, "one two\x17three\n", 14), 14);
	CHECK_EQ(read(s, buf, sizeof(buf)), 10);
	CHECK(!memcmp(buf, "one three\n", 10));
	/* Erasing an empty line does nothing. */
	CHECK_EQ(write(m, "\x7f\x7fz\n", 4), 4);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "z\n", 2));
	utest_pass();
}
