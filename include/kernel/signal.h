/*
 * Signals: per-thread masks and pending sets, per-process handlers and a
 * shared pending set for process-directed signals, queued real-time
 * signals, delivery at the return to user mode (kernel/signal/).
 *
 * Locking: process.sig->lock (irq-saving, signals are sent from timer
 * interrupts) guards the handler table, both pending sets and every
 * thread's mask. Lock order: proc_tree_lock -> sighand.lock -> pi/rq locks.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <kernel/signal_numbers.h>
#include <core/spinlock.h>
#include <core/uaccess.h>
#include <lib/list.h>

#define NSIG 64
typedef u64 sigset_t;	/* bit sig-1 for signal sig, as Linux's 64-bit sigset */
#define sigmask(sig) (1ULL << ((sig) - 1))
#define SIG_KERNEL_ONLY (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define valid_signal(sig) ((sig) >= 1 && (sig) <= NSIG)

/* si_code values (asm-generic/siginfo.h). */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_MESGQ (-3)
#define SI_ASYNCIO (-4)
#define SI_SIGIO (-5)
#define SI_TKILL (-6)
#define ILL_ILLOPC 1
#define ILL_ILLTRP 4
#define FPE_INTDIV 1
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define TRAP_BRKPT 1
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define POLL_IN 1
#define POLL_OUT 2
#define POLL_HUP 6

/* Linux's siginfo_t, 128 bytes, laid out as on a 64-bit Linux. */
typedef struct siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad0;
	union {
		struct { int pid; unsigned int uid; } kill;
		struct { int tid; int overrun; u64 sigval; } timer;
		struct { int pid; unsigned int uid; u64 sigval; } rt;
		struct { int pid; unsigned int uid; int status; int __pad; long utime, stime; } chld;
		struct { u64 addr; } fault;
		struct { long band; int fd; } poll;
		u8 raw[112];
	};
} siginfo_t;

struct process;
struct task;

/*
 * Send info->si_signo to process p (t == NULL: any thread of p that does
 * not block it) or to thread t of p. Callable from interrupts and with
 * proc_tree_lock held; the caller keeps p (and t) alive. 0, or -EAGAIN when
 * a real-time signal cannot be queued. Permission checks are the caller's.
 */
int signal_send(struct process *p, struct task *t, const siginfo_t *info);
/* As signal_send, with si_code SI_KERNEL and no other fields. */
int signal_send_kernel(struct process *p, int sig);
/* Send info to every member of process group pgid (a tty's ^C, kill(-pgid)).
 * Number of processes reached, or -ESRCH when the group is empty. */
int signal_send_pgrp(int pgid, const siginfo_t *info);
/* For /proc/[pid]/status: t's pending (its own and its process's), blocked,
 * ignored and caught sets. */
void signal_masks(struct task *t, sigset_t *pending, sigset_t *blocked, sigset_t *ignored,
		  sigset_t *caught);
/* The current thread has a signal to act on: interruptible waits end. */
bool signal_pending(void);

#endif
