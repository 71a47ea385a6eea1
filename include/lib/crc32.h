/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as used by GPT,
 * zlib and Ethernet. crc32(0, buf, n) checksums buf; passing a previous
 * result continues the checksum over more bytes.
 */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include <mica/types.h>

u32 crc32(u32 crc, const void *buf, size_t len);

#endif
