/* The kernel's first thread and its console monitor. */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

#include <lib/cmdline.h>

extern struct cmdline kernel_cmdline;

/* Interactive console loop used until there is a user-space init. */
void kernel_monitor(void);

#endif
