/*
 * CRC-32C (Castagnoli), as ext4 and jbd2 use it: Linux's crc32c() and
 * e2fsprogs' ext2fs_crc32c_le(), which neither invert the value on entry
 * nor on exit. Callers start from ~0 (or a seed) and store the result
 * as it is; ~crc32c(~0, buf, n) is the textbook CRC-32C of buf.
 */
#ifndef LIB_CRC32C_H
#define LIB_CRC32C_H

#include <mica/types.h>

u32 crc32c(u32 crc, const void *buf, size_t len);

#endif
