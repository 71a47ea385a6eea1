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
#include <core/wait.h>

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

/* sa_flags (asm-generic). */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_UNSUPPORTED 0x00000400
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_DFL 0UL
#define SIG_IGN 1UL
/* sigaltstack */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048

/* The kernel's struct sigaction for riscv64 (no sa_restorer there). */
struct k_sigaction {
	uptr_t handler;
	unsigned long flags;
	sigset_t mask;
};

/* Handlers, shared by the threads of a process (CLONE_SIGHAND). */
struct sighand {
	atomic_t refs;
	spinlock_t lock;		/* see the legend at the top */
	struct k_sigaction action[NSIG];
	struct wait_queue signalfd_wq;	/* readers and pollers of signalfds */
};

/* Signals waiting for a thread or a process: the set, and queued infos. */
struct sigpending {
	sigset_t set;
	struct list_head queue;		/* struct sigqueue, oldest first */
};

struct stack_t_k {
	uptr_t sp;
	int flags;
	size_t size;
};

struct process;
struct task;
struct trapframe;

/* Set-up and tear-down with processes and threads. */
void sigpending_init(struct sigpending *sp);
void sigpending_flush(struct sigpending *sp);
struct sighand *sighand_alloc(void);	/* all SIG_DFL; NULL on -ENOMEM */
struct sighand *sighand_dup(struct sighand *sh);
void sighand_put(struct sighand *sh);
/* exec: caught signals go back to SIG_DFL (ignored ones stay ignored). */
int signal_exec(struct process *p);

/*
 * Send info->si_signo to process p (t == NULL: any thread of p that does
 * not block it) or to thread t of p. Callable from interrupts and with
 * proc_tree_lock held; the caller keeps p (and t) alive. 0, or -EAGAIN when
 * a real-time signal cannot be queued. Permission checks are the caller's.
 * A POSIX timer's signal (SI_TIMER) is always queued with its info, as
 * Linux queues each timer's own entry, or fails (-EAGAIN, or 1 when the
 * signal is ignored): the timer counts overruns until it is dequeued.
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
/* Send a synchronous fault signal to the current thread: it cannot be
 * blocked or ignored (a blocked or ignored one is reset to SIG_DFL). */
void force_sig_fault(int sig, int code, uptr_t addr);
/* The signal's action would end the process right now (for send paths
 * that want to skip work). */
bool sig_is_ignored(struct process *p, int sig);
/* At each return to user mode (interrupts on): deliver, stop, or restart
 * the interrupted call. */
void signal_exit_to_user(struct trapframe *tf);
/* Is there anything for signal_exit_to_user to do? */
bool signal_work_pending(struct trapframe *tf);
/* Mask swaps of sigsuspend/ppoll/pselect6/epoll_pwait: set a temporary
 * mask now, put the old one back at the return to user (after a handler
 * ran with it, when one did). */
void signal_set_temp_mask(sigset_t mask);
void signal_restore_temp_mask(void);	/* the call did not sleep after all */
/* A parent learns of a child's exit (its exit_signal, SIGCHLD by default);
 * proc_tree_lock held. False when the parent will not reap it (SIGCHLD
 * ignored, or SA_NOCLDWAIT). */
bool signal_notify_parent_exit(struct process *child, int status);
/* The current thread has a signal to act on: interruptible waits end. */
bool signal_pending(void);

#endif
