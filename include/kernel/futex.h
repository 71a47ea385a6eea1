/* Fast user-space mutexes: sleeping on, and waking, a user word. */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <core/uaccess.h>

struct mm;

/* Wake up to n waiters on (mm, uaddr); the number woken. */
int futex_wake(struct mm *mm, uptr_t uaddr, int n);

#endif
