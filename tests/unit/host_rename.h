/*
 * Forced into every host unit-test compile (-include): gives lib/string.c and
 * lib/vsnprintf.c private names so that the code under test calls Mica's own
 * versions while cmocka, libc and the sanitizers keep the C library's. Only
 * names that clash with the C library are listed.
 */
#ifndef UNIT_HOST_RENAME_H
#define UNIT_HOST_RENAME_H

/*
 * glibc's <sys/cdefs.h> (pulled in by <stdint.h> on the host) defines
 * __always_inline, which <mica/compiler.h> defines too. Include it first and
 * drop its definition: Mica's means the same, and cdefs.h is include-guarded,
 * so it will not be redefined behind Mica's back.
 */
#include <sys/cdefs.h>
#undef __always_inline

#define memcpy mica_memcpy
#define memmove mica_memmove
#define memset mica_memset
#define memcmp mica_memcmp
#define memchr mica_memchr
#define strlen mica_strlen
#define strnlen mica_strnlen
#define strcmp mica_strcmp
#define strncmp mica_strncmp
#define strchr mica_strchr
#define strrchr mica_strrchr
#define strstr mica_strstr
#define strscpy mica_strscpy

#define vsnprintf mica_vsnprintf
#define snprintf mica_snprintf
#define vscnprintf mica_vscnprintf
#define scnprintf mica_scnprintf

#endif
