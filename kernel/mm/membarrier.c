/*
 * membarrier(2): a memory barrier on other CPUs, so that a program can
 * leave barriers out of its fast paths (liburcu, JIT compilers, Go).
 *
 * The expedited commands interrupt the CPUs concerned with a cross-call
 * that runs a full barrier there: for PRIVATE_EXPEDITED, the CPUs whose
 * MMU holds the caller's address space (mm.active_cpus), which covers
 * every CPU running one of its threads; for GLOBAL_EXPEDITED and GLOBAL,
 * every CPU (Linux limits GLOBAL_EXPEDITED to CPUs running registered
 * processes, and GLOBAL waits for an RCU grace period; a barrier on every
 * CPU gives the same guarantee). PRIVATE_EXPEDITED needs a prior
 * REGISTER_PRIVATE_EXPEDITED by the address space: -EPERM otherwise.
 * The SYNC_CORE and RSEQ variants are -EINVAL, as on a Linux built
 * without them.
 */
#include <kernel/syscall.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <core/cpu.h>
#include <core/ipi.h>
#include <mica/atomic.h>
#include <mica/errno.h>

#define MEMBARRIER_CMD_QUERY 0
#define MEMBARRIER_CMD_GLOBAL 1
#define MEMBARRIER_CMD_GLOBAL_EXPEDITED 2
#define MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED 4
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED 8
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED 16
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ 128
#define MEMBARRIER_CMD_GET_REGISTRATIONS 512
#define MEMBARRIER_CMD_FLAG_CPU 1

#define MEMBARRIER_SUPPORTED                                                          \
	(MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |                    \
	 MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED | \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED | MEMBARRIER_CMD_GET_REGISTRATIONS)

static void membarrier_ipi(void *arg __unused)
{
	smp_mb();
}

/* A full barrier on each CPU of mask (all online CPUs: ~0UL), this one included. */
static void membarrier_on(unsigned long mask)
{
	smp_mb();	/* order the caller's accesses before the others' barriers */
	for_each_online_cpu(c)
		if (c >= 8 * sizeof(mask) || (mask & (1UL << c)))
			smp_call_on_cpu(c, membarrier_ipi, NULL);	/* here: a plain call */
	smp_mb();
}

static void membarrier_register(struct mm *mm, unsigned int cmd)
{
	__atomic_fetch_or(&mm->membarrier_state, cmd, __ATOMIC_SEQ_CST);
}

SYSCALL_DEFINE3(membarrier, int, cmd, unsigned int, flags, int, cpu_id)
{
	struct mm *mm = current->mm;

	(void)cpu_id;	/* only meaningful with MEMBARRIER_CMD_FLAG_CPU (RSEQ) */
	if (cmd == MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ) {
		if (flags && flags != MEMBARRIER_CMD_FLAG_CPU)
			return -EINVAL;
	} else if (flags) {
		return -EINVAL;
	}
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return MEMBARRIER_SUPPORTED;
	case MEMBARRIER_CMD_GLOBAL:
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
		membarrier_on(~0UL);
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		if (!(__atomic_load_n(&mm->membarrier_state, __ATOMIC_ACQUIRE) &
		      MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED))
			return -EPERM;
		membarrier_on(__atomic_load_n(&mm->active_cpus, __ATOMIC_ACQUIRE));
		return 0;
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		membarrier_register(mm, (unsigned int)cmd);
		return 0;
	case MEMBARRIER_CMD_GET_REGISTRATIONS:
		return __atomic_load_n(&mm->membarrier_state, __ATOMIC_ACQUIRE);
	default:
		return -EINVAL;
	}
}
