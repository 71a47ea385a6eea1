/* Firmware console for messages before the console driver is up. */
#ifndef ARCH_EARLY_CONSOLE_H
#define ARCH_EARLY_CONSOLE_H

#include <mica/types.h>

void arch_early_console_write(const char *s, size_t n);

#endif
