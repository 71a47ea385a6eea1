/*
 * Probing of platform devices: those the device tree describes, and those
 * the architecture knows without one (arch_platform_devices(): a PC's
 * COM1). Both reach the driver whose compatible string matches.
 */
#ifndef CORE_DEVICE_H
#define CORE_DEVICE_H

#include <mica/compiler.h>
#include <lib/fdt.h>

/* A device no device tree describes, listed by the architecture. */
struct platform_desc {
	const char *name;
	const char *compatible;
	unsigned long io_port;	/* first register in the I/O port space, 0: none */
	int irq;		/* interrupt line, -1: none wired */
};

struct dt_device {
	const struct fdt *fdt;
	int node;
	const char *name;
	const struct platform_desc *plat;	/* set instead of fdt/node */
};

struct dt_driver {
	const char *name;
	const char *const *compatible;	/* NULL-terminated */
	int stage;			/* 0: interrupt controllers, 1: the rest */
	int (*probe)(struct dt_device *dev);
};

#define DT_DRIVER(drv)                                                             \
	static const struct dt_driver *const __dt_driver_##drv                     \
		__attribute__((used, section(".dt_drivers"))) = &drv

/* Both for device-tree devices only (fdt set). */
void *dt_device_ioremap(struct dt_device *dev, int idx, u64 *size);
int dt_device_irq(struct dt_device *dev, int idx);	/* first cell of interrupts */
void dt_probe_all(void);

#endif
