/*
 * What the boot CPU learned from the firmware: the architecture's
 * arch_boot_info_init() fills it from its boot protocol.
 */
#ifndef CORE_BOOT_H
#define CORE_BOOT_H

#include <mica/types.h>
#include <lib/fdt.h>
#include <core/cpu.h>

struct mem_region {
	paddr_t base;
	u64 size;
};

#define BOOT_MAX_MEM 8
#define BOOT_MAX_RESERVED 32

struct boot_info {
	paddr_t fdt_pa;
	u32 fdt_size;
	struct fdt fdt;				/* blob NULL without a device tree */
	struct mem_region mem[BOOT_MAX_MEM];
	int nr_mem;
	struct mem_region reserved[BOOT_MAX_RESERVED];
	int nr_reserved;
	paddr_t initrd_start, initrd_end;	/* 0, 0 when absent */
	const char *bootargs;			/* "" when absent */
	u64 timebase_freq;
	unsigned long boot_hwid;
	unsigned long cpu_hwids[NR_CPUS];	/* cpu_hwids[0] is the boot CPU */
	unsigned int nr_cpus;
};

extern struct boot_info boot_info;

/* Parse the DTB; 0, or a negative errno and *why when the blob is refused. */
int boot_info_parse_fdt(unsigned long boot_hwid, paddr_t fdt_pa, const char **why);
void boot_info_add_reserved(paddr_t base, u64 size);
/* A RAM range (a warning, and the range ignored, past BOOT_MAX_MEM). */
void boot_info_add_mem(paddr_t base, u64 size);

#endif
