/*
 * Bringing up the secondary CPUs: each gets a boot stack and is started
 * through the firmware; the boot CPU waits until it reports online.
 */
#include <core/smp.h>
#include <core/boot.h>
#include <core/cpu.h>
#include <core/mm.h>
#include <core/clock.h>
#include <core/printk.h>
#include <arch/smp.h>
#include <asm/memlayout.h>

struct cpu cpus[NR_CPUS];
unsigned int nr_cpus = 1;

void smp_init_boot_cpu(unsigned long hwid)
{
	struct cpu *c = &cpus[0];

	c->id = 0;
	c->hwid = hwid;
	arch_set_this_cpu(c);
}

void smp_start_secondaries(void)
{
	unsigned int started = 0;

	for (unsigned int i = 1; i < boot_info.nr_cpus; i++) {
		struct cpu *c = &cpus[i];
		struct page *stack = frame_alloc(2, FRAME_ZERO);
		u64 deadline;
		int err;

		BUG_ON(KSTACK_SIZE != (PAGE_SIZE << 2));
		if (!stack) {
			pr_err("smp: no memory for cpu %u's stack\n", i);
			break;
		}
		c->id = i;
		c->hwid = boot_info.cpu_hwids[i];
		c->boot_stack_top = (unsigned long)page_to_virt(stack) + KSTACK_SIZE;
		nr_cpus = i + 1;
		err = arch_cpu_start(c->hwid, c, kernel_pt_root());
		if (err) {
			pr_err("smp: cannot start hart %lu: %d\n", c->hwid, err);
			nr_cpus = i;
			frame_free(stack, 2);
			break;
		}
		deadline = clock_ticks() + ns_to_ticks(NSEC_PER_SEC);
		while (!smp_load_acquire(&c->online) && clock_ticks() < deadline)
			cpu_relax();
		if (!c->online) {
			pr_err("smp: hart %lu did not come up\n", c->hwid);
			nr_cpus = i;
			break;
		}
		started++;
	}
	pr_info("smp: %u of %u harts online\n", started + 1, boot_info.nr_cpus);
}
