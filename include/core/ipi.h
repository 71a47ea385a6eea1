/* Inter-processor interrupts and cross-CPU function calls. */
#ifndef CORE_IPI_H
#define CORE_IPI_H

#include <mica/types.h>

enum ipi_type {
	IPI_RESCHEDULE,	/* look at the run queue */
	IPI_CALL,	/* run queued cross-calls */
	IPI_TIMER,	/* earliest timer changed: reprogram */
	IPI_STOP,	/* panic elsewhere: halt */
};

void ipi_send(unsigned int cpu, enum ipi_type type);
void ipi_send_others(enum ipi_type type);
void ipi_handle(void);	/* arch trap: software interrupt */

/* Run fn(arg) on cpu in interrupt context and wait for it. -ENXIO offline. */
int smp_call_on_cpu(unsigned int cpu, void (*fn)(void *), void *arg);
/* Run fn(arg) on every online CPU, this one included, and wait. */
void smp_call_on_all(void (*fn)(void *), void *arg);

#endif
