/*
 * Freestanding string and memory helpers (lib/string.c).
 *
 * Same names and semantics as the C library where one exists, so that code
 * reads as usual and the compiler's own calls to memcpy/memset/memmove/memcmp
 * (struct copies, zeroing) land here. Additions follow Linux: strscpy and the
 * kstrto* family.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <mica/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * Copy the string src into dst, a buffer of size bytes. Returns the number of
 * characters copied (excluding the NUL), or -E2BIG when src did not fit, in
 * which case dst holds the truncated string. dst is always NUL-terminated
 * unless size is 0 (which returns -E2BIG and writes nothing).
 */
ssize_t strscpy(char *dst, const char *src, size_t size);

/*
 * Parse a whole string as an unsigned number. base 0 picks 16 for a "0x"/"0X"
 * prefix, 8 for a leading "0", else 10; base 16 also accepts a "0x" prefix.
 * One leading '+' and one trailing '\n' are allowed, nothing else.
 * Returns 0 and stores *res, -EINVAL for anything that is not a number
 * (res untouched), -ERANGE if it does not fit.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
/* Signed variants also accept one leading '-'. */
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtoint(const char *s, unsigned int base, int *res);

#endif
