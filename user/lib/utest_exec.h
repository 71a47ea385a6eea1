/* Tests that run a copy of their own program. */
#ifndef UTEST_EXEC_H
#define UTEST_EXEC_H

#include "utest.h"

/* Copy this program to path (mode 0755): a file the test may write. */
#define utest_copy_self(path)                                                          \
	do {                                                                           \
		int utest_in_ = CHECK_OK(open(utest_self(), O_RDONLY));                \
		int utest_out_ = CHECK_OK(open((path), O_WRONLY | O_CREAT | O_TRUNC, 0755)); \
		char utest_buf_[4096];                                                 \
		ssize_t utest_n_;                                                      \
		while ((utest_n_ = read(utest_in_, utest_buf_, sizeof(utest_buf_))) > 0) \
			CHECK_EQ(write(utest_out_, utest_buf_, utest_n_), utest_n_);   \
		CHECK_EQ(utest_n_, 0);                                                 \
		CHECK_OK(close(utest_in_));                                            \
		CHECK_OK(close(utest_out_));                                           \
	} while (0)

#endif
