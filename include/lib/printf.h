/*
 * Formatted output into buffers (lib/vsnprintf.c).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags "-0+ #", width and
 * precision (also '*'), length modifiers hh h l ll z t j. No floating point.
 * %p prints "0x" and the pointer as 2 * sizeof(void *) hex digits; a NULL %s
 * prints "(null)". An unknown conversion is copied to the output as written.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <mica/compiler.h>
#include <mica/types.h>

/*
 * C semantics: write at most size bytes including the terminating NUL, and
 * return the length the whole output would have had. buf is NUL-terminated
 * whenever size > 0; buf may be NULL when size is 0.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Like vsnprintf, but return the number of characters actually stored. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Format straight into a sink, one character at a time (for consoles that
 * need no intermediate buffer). Returns the number of characters emitted.
 */
typedef void (*printf_sink_t)(char c, void *ctx);
int vcbprintf(printf_sink_t sink, void *ctx, const char *fmt, va_list ap);

#endif
