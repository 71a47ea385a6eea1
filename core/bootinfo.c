/*
 * What the boot CPU learned at boot, filled by the architecture's
 * arch_boot_info_init() (include/arch/boot.h) from its boot protocol: the
 * device tree (core/bootinfo_fdt.c) or another table. These helpers add
 * to it with the bounds checked.
 */
#include <core/boot.h>
#include <core/panic.h>
#include <core/printk.h>

struct boot_info boot_info;

void boot_info_add_reserved(paddr_t base, u64 size)
{
	if (!size)
		return;
	if (boot_info.nr_reserved == BOOT_MAX_RESERVED)
		panic("boot: too many reserved memory ranges");
	boot_info.reserved[boot_info.nr_reserved].base = base;
	boot_info.reserved[boot_info.nr_reserved].size = size;
	boot_info.nr_reserved++;
}

void boot_info_add_mem(paddr_t base, u64 size)
{
	if (!size)
		return;
	if (boot_info.nr_mem == BOOT_MAX_MEM) {
		pr_warn("boot: more than %d memory ranges, ignoring %llx+%llx\n", BOOT_MAX_MEM,
			(unsigned long long)base, (unsigned long long)size);
		return;
	}
	boot_info.mem[boot_info.nr_mem].base = base;
	boot_info.mem[boot_info.nr_mem].size = size;
	boot_info.nr_mem++;
}
