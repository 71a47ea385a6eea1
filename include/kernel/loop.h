/*
 * Loop devices (kernel/block/loop.c): /dev/loop0..N, block devices whose
 * sectors are a regular file's bytes, and /dev/loop-control. The block
 * special file code hands them the LOOP_* ioctls.
 */
#ifndef KERNEL_LOOP_H
#define KERNEL_LOOP_H

#include <mica/types.h>

struct file;

/* Does loop device minor exist (bound to a file or not)? */
bool loop_exists(unsigned int minor);
/* The minors of loop devices without a backing file (at most max): how many. */
unsigned int loop_list_unbound(unsigned int *minors, unsigned int max);
/* Is cmd one of the LOOP_* ioctls of a loop device (0x4c00..0x4cff)? */
static inline bool loop_is_ioctl(unsigned int cmd)
{
	return (cmd & 0xff00) == 0x4c00;
}
/* An open file of loop device minor came (delta 1) or went (-1). */
void loop_opened(unsigned int minor, int delta);
/* /dev/loop-control (char 10:237) and /dev/loop0..7; boot, once devtmpfs works. */
#define LOOP_CTRL_MAJOR 10
#define LOOP_CTRL_MINOR 237
int loop_control_open(struct file *f);
void loop_init(void);
/* /sys/block/loopN/loop/<attr> (backing_file, offset, sizelimit,
 * autoclear, partscan, dio) into buf: length, or -ENOENT when unbound. */
int loop_sysfs_show(unsigned int minor, const char *attr, char *buf, size_t size);
/* A LOOP_* ioctl on loop device minor, opened as f. */
long loop_ioctl(unsigned int minor, struct file *f, unsigned int cmd, unsigned long arg);

#endif
