/* riscv64 boot protocol: OpenSBI passes a device tree (core/bootinfo_fdt.c). */
#include <arch/boot.h>
#include <arch/platform.h>
#include <core/boot.h>

const char arch_boot_data_name[] = "device tree";

int arch_boot_info_init(unsigned long boot_hwid, paddr_t boot_data_pa, const char **why)
{
	return boot_info_parse_fdt(boot_hwid, boot_data_pa, why);
}

/* Every device of the virt machine is in the device tree. */
const struct platform_desc *arch_platform_devices(unsigned int *n)
{
	*n = 0;
	return NULL;
}
