/*
 * Reading the device tree the firmware passed: RAM, reserved ranges, CPUs,
 * /chosen. A blob that fails validation is refused; missing optional
 * pieces fall back to defaults with a warning. The boot protocol of
 * riscv64 (arch/riscv64/boot.c); any architecture booted with a device
 * tree can use it.
 */
#include <core/boot.h>
#include <core/mm.h>
#include <core/printk.h>
#include <lib/string.h>
#include <mica/errno.h>

static void parse_memory(const struct fdt *fdt)
{
	int node = -1;

	while ((node = fdt_next_node(fdt, node, NULL)) >= 0) {
		const char *type;
		u32 len;
		u64 base, size;

		type = fdt_getprop(fdt, node, "device_type", &len);
		if (!type || len < 7 || strncmp(type, "memory", 7) || !fdt_node_enabled(fdt, node))
			continue;
		for (int i = 0; fdt_reg(fdt, node, i, &base, &size) == 0; i++) {
			if (boot_info.nr_mem == BOOT_MAX_MEM || !size)
				break;
			boot_info.mem[boot_info.nr_mem].base = base;
			boot_info.mem[boot_info.nr_mem].size = size;
			boot_info.nr_mem++;
		}
	}
}

static void parse_reserved(const struct fdt *fdt)
{
	u64 base, size;
	int rsv;

	for (int i = 0; fdt_memreserve(fdt, i, &base, &size) == 0; i++)
		boot_info_add_reserved(base, size);
	rsv = fdt_path_offset(fdt, "/reserved-memory");
	if (rsv < 0)
		return;
	for (int n = fdt_first_child(fdt, rsv); n >= 0; n = fdt_next_sibling(fdt, n))
		for (int i = 0; fdt_reg(fdt, n, i, &base, &size) == 0; i++)
			boot_info_add_reserved(base, size);
}

static void parse_cpus(const struct fdt *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	u32 tb;

	boot_info.cpu_hwids[0] = boot_info.boot_hwid;
	boot_info.nr_cpus = 1;
	if (cpus < 0)
		return;
	if (fdt_prop_u32(fdt, cpus, "timebase-frequency", &tb) == 0)
		boot_info.timebase_freq = tb;
	for (int n = fdt_first_child(fdt, cpus); n >= 0; n = fdt_next_sibling(fdt, n)) {
		const char *type;
		u32 len;
		u64 hwid, size;

		type = fdt_getprop(fdt, n, "device_type", &len);
		if (!type || strncmp(type, "cpu", len) || !fdt_node_enabled(fdt, n))
			continue;
		if (fdt_prop_u32(fdt, n, "timebase-frequency", &tb) == 0 && !boot_info.timebase_freq)
			boot_info.timebase_freq = tb;
		if (fdt_reg(fdt, n, 0, &hwid, &size) || hwid == boot_info.boot_hwid)
			continue;
		if (boot_info.nr_cpus == NR_CPUS) {
			pr_warn("boot: more than %d CPUs, ignoring the rest\n", NR_CPUS);
			break;
		}
		boot_info.cpu_hwids[boot_info.nr_cpus++] = hwid;
	}
}

static void parse_chosen(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	u64 start, end;
	const char *args;
	u32 len;

	boot_info.bootargs = "";
	if (chosen < 0)
		return;
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (args && len && strnlen(args, len) < len)
		boot_info.bootargs = args;
	if (fdt_prop_u64(fdt, chosen, "linux,initrd-start", &start) == 0 &&
	    fdt_prop_u64(fdt, chosen, "linux,initrd-end", &end) == 0 && end > start) {
		boot_info.initrd_start = start;
		boot_info.initrd_end = end;
		boot_info_add_reserved(start, end - start);
	}
}

int boot_info_parse_fdt(unsigned long boot_hwid, paddr_t fdt_pa, const char **why)
{
	const void *blob = phys_to_virt(fdt_pa);
	int err;

	boot_info.boot_hwid = boot_hwid;
	boot_info.fdt_pa = fdt_pa;
	err = fdt_open(&boot_info.fdt, blob, 1 << 24);
	if (err) {
		*why = "not a valid flattened device tree";
		return err;
	}
	boot_info.fdt_size = fdt_totalsize_of(blob);
	boot_info_add_reserved(fdt_pa, boot_info.fdt_size);
	parse_memory(&boot_info.fdt);
	if (!boot_info.nr_mem) {
		*why = "it describes no memory";
		return -ENOENT;
	}
	parse_reserved(&boot_info.fdt);
	parse_cpus(&boot_info.fdt);
	parse_chosen(&boot_info.fdt);
	if (!boot_info.timebase_freq) {
		pr_warn("boot: no timebase-frequency, assuming 10 MHz\n");
		boot_info.timebase_freq = 10000000;
	}
	return 0;
}
