/* Devices the architecture knows without a device tree (core/device.c). */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

struct platform_desc;

/* The list and its length in *n; NULL and 0 when the device tree has all. */
const struct platform_desc *arch_platform_devices(unsigned int *n);

#endif
