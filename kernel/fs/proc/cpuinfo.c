/* /proc/cpuinfo, in the riscv format of Linux's arch/riscv/kernel/cpu.c. */
#include "internal.h"
#include <core/cpu.h>

int proc_show_cpuinfo(struct proc_inode *pi, struct seqbuf *s)
{
	(void)pi;
	for (unsigned int c = 0; c < nr_cpus; c++) {
		if (!READ_ONCE(cpus[c].online))
			continue;
		/* The ISA user programs may use: what AT_HWCAP reports. */
		seq_printf(s, "processor\t: %u\nhart\t\t: %lu\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n"
			      "mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n",
			   c, cpus[c].hwid);
	}
	return 0;
}
