/*
 * Freestanding string and memory helpers.
 *
 * memcpy/memmove/memset move whole words when source and destination share
 * their alignment, because the kernel uses them on pages and large buffers.
 * Buffers with different alignments fall back to bytes: riscv64 may trap on
 * misaligned word accesses, and a page copy is always aligned anyway.
 */
#include <lib/string.h>
#include <mica/compiler.h>
#include <mica/errno.h>

/* A word type the compiler must assume can alias any other object. */
typedef unsigned long __attribute__((may_alias)) word_t;

#define WSIZE sizeof(unsigned long)
#define WMASK (WSIZE - 1)
#define BLOCK (8 * WSIZE)

/* Copy n bytes from low to high addresses; safe for overlap when d < s. */
static void copy_forward(u8 *d, const u8 *s, size_t n)
{
	if (n >= 2 * WSIZE && (((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0) {
		word_t *dw;
		const word_t *sw;

		while ((uintptr_t)d & WMASK) {
			*d++ = *s++;
			n--;
		}
		dw = (word_t *)d;
		sw = (const word_t *)s;
		while (n >= BLOCK) {
			/* Load the whole block before storing: keeps overlap safe. */
			word_t a0 = sw[0], a1 = sw[1], a2 = sw[2], a3 = sw[3];
			word_t a4 = sw[4], a5 = sw[5], a6 = sw[6], a7 = sw[7];

			dw[0] = a0;
			dw[1] = a1;
			dw[2] = a2;
			dw[3] = a3;
			dw[4] = a4;
			dw[5] = a5;
			dw[6] = a6;
			dw[7] = a7;
			dw += 8;
			sw += 8;
			n -= BLOCK;
		}
		while (n >= WSIZE) {
			*dw++ = *sw++;
			n -= WSIZE;
		}
		d = (u8 *)dw;
		s = (const u8 *)sw;
	}
	while (n--)
		*d++ = *s++;
}

/* Copy n bytes from high to low addresses; safe for overlap when d > s. */
static void copy_backward(u8 *d, const u8 *s, size_t n)
{
	d += n;
	s += n;
	if (n >= 2 * WSIZE && (((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0) {
		word_t *dw;
		const word_t *sw;

		while ((uintptr_t)d & WMASK) {
			*--d = *--s;
			n--;
		}
		dw = (word_t *)d;
		sw = (const word_t *)s;
		while (n >= WSIZE) {
			*--dw = *--sw;
			n -= WSIZE;
		}
		d = (u8 *)dw;
		s = (const u8 *)sw;
	}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst <= (uintptr_t)src || (uintptr_t)dst >= (uintptr_t)src + n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	u8 b = (u8)c;

	if (n >= 2 * WSIZE) {
		/* b repeated in every byte of a word: 0x0101...01 * b. */
		word_t pat = (~0UL / 0xff) * b;
		word_t *dw;

		while ((uintptr_t)d & WMASK) {
			*d++ = b;
			n--;
		}
		dw = (word_t *)d;
		while (n >= BLOCK) {
			for (int i = 0; i < 8; i++)
				dw[i] = pat;
			dw += 8;
			n -= BLOCK;
		}
		while (n >= WSIZE) {
			*dw++ = pat;
			n -= WSIZE;
		}
		d = (u8 *)dw;
	}
	while (n--)
		*d++ = b;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++) {
		if (*p == (u8)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x < *y ? -1 : *x > *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

/* The terminating NUL counts as part of the string, as in C. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t nlen = strlen(needle);

	if (!nlen)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && !strncmp(haystack, needle, nlen))
			return (char *)haystack;
	}
	return NULL;
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size; i++) {
		dst[i] = src[i];
		if (!src[i])
			return (ssize_t)i;
	}
	dst[size - 1] = '\0';
	return -E2BIG;
}

/* Digit value of c in bases up to 36; 36 or more for a non-digit. */
static unsigned int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	c |= 0x20; /* ASCII lower case */
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	return 36;
}

static bool has_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] | 0x20) == 'x' && digit_val(s[2]) < 16;
}

/*
 * Parse digits (after any sign) to the end of s. The number must be followed
 * by nothing but an optional single '\n'. Syntax errors win over overflow.
 */
static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	size_t ndigits = 0;
	unsigned int d;

	if (base == 0) {
		if (has_hex_prefix(s)) {
			base = 16;
			s += 2;
		} else {
			base = s[0] == '0' ? 8 : 10;
		}
	} else if (base == 16 && has_hex_prefix(s)) {
		s += 2;
	}
	if (base < 2 || base > 36)
		return -EINVAL;

	for (; (d = digit_val(*s)) < base; s++, ndigits++) {
		if (v > (~0ULL - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (*s == '\n')
		s++;
	if (!ndigits || *s)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_ull(s, base, res);
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > (unsigned long)~0UL)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > (unsigned int)~0U)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

/* Parse into a signed value bounded by [-max - 1, max]. */
static int parse_signed(const char *s, unsigned int base, unsigned long long max,
			long long *res)
{
	unsigned long long v;
	int err;

	if (s[0] == '-') {
		err = parse_ull(s + 1, base, &v);
		if (err)
			return err;
		if (v > max + 1)
			return -ERANGE;
		/* Negate in unsigned arithmetic: -(max + 1) has no positive twin. */
		*res = v ? -(long long)(v - 1) - 1 : 0;
		return 0;
	}
	err = kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > max)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	return parse_signed(s, base, __LONG_LONG_MAX__, res);
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int err = parse_signed(s, base, __LONG_MAX__, &v);

	if (!err)
		*res = (long)v;
	return err;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int err = parse_signed(s, base, __INT_MAX__, &v);

	if (!err)
		*res = (int)v;
	return err;
}
