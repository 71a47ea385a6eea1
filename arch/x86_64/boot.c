/*
 * x86_64 boot protocol: PVH. head.S enters x86_start() in long mode with
 * the physical address of struct hvm_start_info (Xen's public
 * arch-x86/hvm/start_info.h, version 1: the memory map is in it), which
 * arch_boot_info_init() turns into boot_info. Every field is checked
 * before use; a start info that is not one is refused.
 */
#include <arch/boot.h>
#include <arch/platform.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/memlayout.h>
#include <asm/x86.h>
#include <arch/timer.h>
#include <core/boot.h>
#include <core/device.h>
#include <core/mm.h>
#include <core/printk.h>
#include <lib/string.h>
#include <mica/errno.h>

#define HVM_START_MAGIC 0x336ec578
#define E820_RAM 1
#define LOW_MEMORY (1UL << 20)	/* BIOS areas, the start info: never handed out */
#define MAX_MEMMAP 128
#define MAX_MODULES 16

struct hvm_start_info {
	u32 magic;
	u32 version;
	u32 flags;
	u32 nr_modules;
	u64 modlist_paddr;
	u64 cmdline_paddr;
	u64 rsdp_paddr;
	u64 memmap_paddr;	/* version 1 */
	u32 memmap_entries;	/* version 1 */
	u32 reserved;
};

struct hvm_modlist_entry {
	u64 paddr;
	u64 size;
	u64 cmdline_paddr;
	u64 reserved;
};

struct hvm_memmap_entry {
	u64 addr;
	u64 size;
	u32 type;
	u32 reserved;
};

void start_kernel(unsigned long hwid, paddr_t boot_data_pa);
void x86_cpu_early_init(void);

const char arch_boot_data_name[] = "PVH start info";
static char cmdline[2048];

/* Is [pa, pa+size) inside what head.S maps (the first 4 GiB)? */
static bool boot_mapped(u64 pa, u64 size)
{
	u64 limit = (u64)BOOT_DIRECT_MAP_GIB << 30;

	return pa < limit && size <= limit - pa;
}

static u32 boot_apic_id(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return b >> 24;
}

u64 x86_tsc_boot;

void x86_start(paddr_t start_info_pa)
{
	x86_tsc_boot = x86_rdtsc();
	x86_cpu_early_init();
	start_kernel(boot_apic_id(), start_info_pa);
}

static void parse_memmap(const struct hvm_start_info *si)
{
	const struct hvm_memmap_entry *map = phys_to_virt(si->memmap_paddr);

	for (u32 i = 0; i < si->memmap_entries; i++) {
		u64 base = map[i].addr, end = map[i].addr + map[i].size;

		if (map[i].type != E820_RAM || end <= base)
			continue;
		if (base < LOW_MEMORY)
			base = LOW_MEMORY;
		base = ALIGN_UP(base, PAGE_SIZE);
		end = ALIGN_DOWN(end, PAGE_SIZE);
		if (end > base)
			boot_info_add_mem(base, end - base);
	}
}

static int parse_cmdline(const struct hvm_start_info *si, const char **why)
{
	const char *src;
	size_t n;

	boot_info.bootargs = "";
	if (!si->cmdline_paddr)
		return 0;
	if (!boot_mapped(si->cmdline_paddr, sizeof(cmdline))) {
		*why = "the command line is out of reach";
		return -EINVAL;
	}
	src = phys_to_virt(si->cmdline_paddr);
	n = strnlen(src, sizeof(cmdline));
	if (n == sizeof(cmdline)) {
		pr_warn("boot: command line longer than %zu bytes, cut\n", sizeof(cmdline) - 1);
		n--;
	}
	memcpy(cmdline, src, n);
	cmdline[n] = 0;
	boot_info.bootargs = cmdline;
	return 0;
}

/* The first module is the initrd, as with Linux's PVH entry. */
static int parse_modules(const struct hvm_start_info *si, const char **why)
{
	const struct hvm_modlist_entry *mod;

	if (!si->nr_modules)
		return 0;
	if (si->nr_modules > MAX_MODULES ||
	    !boot_mapped(si->modlist_paddr, si->nr_modules * sizeof(*mod))) {
		*why = "bad module list";
		return -EINVAL;
	}
	mod = phys_to_virt(si->modlist_paddr);
	if (mod->size && mod->paddr + mod->size > mod->paddr) {
		boot_info.initrd_start = mod->paddr;
		boot_info.initrd_end = mod->paddr + mod->size;
		boot_info_add_reserved(mod->paddr, mod->size);
	}
	if (si->nr_modules > 1)
		pr_warn("boot: %u modules, only the first (the initrd) is used\n", si->nr_modules);
	return 0;
}

int arch_boot_info_init(unsigned long boot_hwid, paddr_t boot_data_pa, const char **why)
{
	const struct hvm_start_info *si;
	int err;

	if (!boot_mapped(boot_data_pa, sizeof(*si))) {
		*why = "out of reach";
		return -EINVAL;
	}
	si = phys_to_virt(boot_data_pa);
	if (si->magic != HVM_START_MAGIC) {
		*why = "bad magic";
		return -EINVAL;
	}
	if (si->version < 1 || !si->memmap_entries) {
		*why = "no memory map (start info version 0)";
		return -EINVAL;
	}
	if (si->memmap_entries > MAX_MEMMAP ||
	    !boot_mapped(si->memmap_paddr, si->memmap_entries * sizeof(struct hvm_memmap_entry))) {
		*why = "bad memory map";
		return -EINVAL;
	}
	boot_info.boot_hwid = boot_hwid;
	boot_info.cpu_hwids[0] = boot_hwid;
	boot_info.nr_cpus = 1;
	acpi_init(si->rsdp_paddr);
	for (unsigned int i = 0; i < acpi_irq.nr_lapics && boot_info.nr_cpus < NR_CPUS; i++)
		if (acpi_irq.lapic_ids[i] != boot_hwid)
			boot_info.cpu_hwids[boot_info.nr_cpus++] = acpi_irq.lapic_ids[i];
	parse_memmap(si);
	if (!boot_info.nr_mem) {
		*why = "it describes no memory";
		return -ENOENT;
	}
	err = parse_cmdline(si, why);
	if (!err)
		err = parse_modules(si, why);
	if (err)
		return err;
	boot_info.timebase_freq = pit_measure_tsc_hz();
	if (!boot_info.timebase_freq) {
		*why = "the PIT does not count, so the TSC cannot be calibrated";
		return -ENODEV;
	}
	return 0;
}

/* The IOAPIC (ioapic.c; where it is: the MADT) and COM1 on ISA IRQ 4. */
static struct platform_desc pc_devices[] = {
	{ .name = "ioapic", .compatible = "intel,ioapic", .irq = -1 },
	{ .name = "com1", .compatible = "ns16550a", .io_port = 0x3f8, .irq = -1 },
};

const struct platform_desc *arch_platform_devices(unsigned int *n)
{
	pc_devices[1].irq = (int)acpi_irq.isa_gsi[4];
	*n = ARRAY_SIZE(pc_devices);
	return pc_devices;
}
