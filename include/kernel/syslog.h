/* syslog(2): the kernel log ring for user space (kernel/log.c). */
#ifndef KERNEL_SYSLOG_H
#define KERNEL_SYSLOG_H

/* kernel.dmesg_restrict: 0 (Linux's default) lets everyone read the whole
 * log (READ_ALL, SIZE_BUFFER); 1 keeps every action for root. */
extern int dmesg_restrict;

#endif
