/* Device numbers as Mica stores them: major and minor in 8 bits each (the
 * old 16-bit dev_t of Linux, which stat's st_rdev encodes the same way for
 * numbers below 256). */
#ifndef KERNEL_KDEV_T_H
#define KERNEL_KDEV_T_H

#define MKDEV(major, minor) (((major) << 8) | (minor))
#define MAJOR(dev) (((dev) >> 8) & 0xff)
#define MINOR(dev) ((dev) & 0xff)

#endif
