/* Shared by the files of kernel/signal/; see include/kernel/signal.h. */
#ifndef KERNEL_SIGNAL_INTERNAL_H
#define KERNEL_SIGNAL_INTERNAL_H

#include <kernel/signal.h>
#include <kernel/proc.h>

#define SIG_STOP_MASK (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
/* Faults the program itself caused: taken before anything else. */
#define SIG_SYNC_MASK (sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | sigmask(SIGTRAP) | \
		       sigmask(SIGFPE) | sigmask(SIGSYS))

/* One queued instance of a signal, with its info. */
struct sigqueue {
	struct list_head link;
	siginfo_t info;
};

enum sig_default { SIGDFL_TERM, SIGDFL_CORE, SIGDFL_IGNORE, SIGDFL_STOP };
enum sig_default sig_default_action(int sig);

/* sighand lock held for the *_locked ones. */
void recalc_sigpending_locked(struct task *t);
/* Take the next signal of allowed off t's or its process's pending set. */
int dequeue_signal_locked(struct task *t, sigset_t allowed, siginfo_t *info);
/* Remove every instance of the signals in mask from sp. */
void sigpending_discard(struct sigpending *sp, sigset_t mask);
long signal_return(void);
/* May the current process signal p? (Linux's kill permission rule.) */
bool signal_may_send(struct process *p, int sig);
void signal_wake(struct task *t, bool also_stopped);
/* Set the current thread's mask (SIGKILL and SIGSTOP stay unblocked). */
void signal_set_blocked(sigset_t mask);
/* The wait status of a death by sig (with the core bit when a core would be
 * written). */
int sig_exit_status(struct process *p, int sig);

#endif
