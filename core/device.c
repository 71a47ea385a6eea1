/*
 * Platform devices from the device tree: every enabled node whose
 * compatible matches a registered driver is probed, interrupt controllers
 * first so that the other drivers can request their lines.
 */
#include <core/device.h>
#include <core/boot.h>
#include <core/mm.h>
#include <core/printk.h>
#include <arch/platform.h>
#include <lib/string.h>
#include <mica/errno.h>

extern const struct dt_driver *const __dt_drivers_start[], *const __dt_drivers_end[];

void *dt_device_ioremap(struct dt_device *dev, int idx, u64 *size)
{
	u64 base, len;

	if (fdt_reg(dev->fdt, dev->node, idx, &base, &len))
		return NULL;
	if (size)
		*size = len;
	return ioremap(base, len);
}

int dt_device_irq(struct dt_device *dev, int idx)
{
	u32 len;
	const void *prop = fdt_getprop(dev->fdt, dev->node, "interrupts", &len);
	u64 irq;

	if (!prop || fdt_prop_cells(prop, len, idx, 1, &irq))
		return -ENOENT;
	return (int)irq;
}

/* The driver of this stage for a device-tree node, or for plat when fdt is NULL. */
static const struct dt_driver *match(const struct fdt *fdt, int node,
				     const struct platform_desc *plat, int stage)
{
	for (const struct dt_driver *const *d = __dt_drivers_start; d < __dt_drivers_end; d++) {
		if ((*d)->stage != stage)
			continue;
		for (const char *const *c = (*d)->compatible; *c; c++)
			if (fdt ? fdt_is_compatible(fdt, node, *c) : !strcmp(plat->compatible, *c))
				return *d;
	}
	return NULL;
}

static void probe(const struct dt_driver *drv, struct dt_device *dev)
{
	int err = drv->probe(dev);

	if (err)
		pr_warn("%s: probe of %s failed: %d\n", drv->name, dev->name, err);
	else
		pr_info("%s: %s\n", drv->name, dev->name);
}

static void probe_platform(int stage)
{
	unsigned int n;
	const struct platform_desc *descs = arch_platform_devices(&n);

	for (unsigned int i = 0; i < n; i++) {
		const struct dt_driver *drv = match(NULL, -1, &descs[i], stage);
		struct dt_device dev = { .node = -1, .name = descs[i].name, .plat = &descs[i] };

		if (drv)
			probe(drv, &dev);
	}
}

void dt_probe_all(void)
{
	const struct fdt *fdt = &boot_info.fdt;

	for (int stage = 0; stage < 2; stage++) {
		int node = -1;

		probe_platform(stage);
		/* No device tree at all (x86_64): the platform list is everything. */
		while (fdt->blob && (node = fdt_next_node(fdt, node, NULL)) >= 0) {
			const struct dt_driver *drv;
			struct dt_device dev = { 0 };

			if (!fdt_node_enabled(fdt, node) || !(drv = match(fdt, node, NULL, stage)))
				continue;
			dev.fdt = fdt;
			dev.node = node;
			dev.name = fdt_node_name(fdt, node);
			probe(drv, &dev);
		}
	}
}
