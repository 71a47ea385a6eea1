/* Device-tree driven probing of platform devices. */
#ifndef CORE_DEVICE_H
#define CORE_DEVICE_H

#include <mica/compiler.h>
#include <lib/fdt.h>

struct dt_device {
	const struct fdt *fdt;
	int node;
	const char *name;
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

void *dt_device_ioremap(struct dt_device *dev, int idx, u64 *size);
int dt_device_irq(struct dt_device *dev, int idx);	/* first cell of interrupts */
void dt_probe_all(void);

#endif
