/*
 * The block layer: block devices (whole disks and their partitions),
 * request queues with merging, and the ioctls of Linux's block devices.
 * The buffer cache for metadata is in <kernel/bcache.h>.
 *
 * Sectors are 512 bytes everywhere (as Linux's sector_t); a device's
 * logical block size (512..4096) is the unit I/O must be aligned to.
 *
 * A driver adds a disk with block_disk_add() and gets struct request
 * values through its queue_rq operation, each one or more adjacent bios
 * merged; it ends each with block_request_done(), from any context.
 * Users submit bios asynchronously (block_submit, block_submit_batch: the
 * end_io callback runs later, possibly in an interrupt) or wait for them
 * (block_rw, block_flush, block_discard).
 *
 * Partitions are read by the kblockd thread when a disk appears (disks are
 * added while devices are probed, before interrupts work: the thread runs
 * once the scheduler does); a lookup waits for that reading to end, or
 * does it itself. BLKRRPART reads them again. Partitions are block
 * devices of their own ("vda1").
 *
 * Lock order: scan_mutex (partition reading, in blkdev.c) -> registry_lock
 * (a spinlock: disks are added where nothing may sleep) -> request_queue.lock
 * (irq-saving, a leaf).
 */
#ifndef KERNEL_BLOCK_H
#define KERNEL_BLOCK_H

#include <core/spinlock.h>
#include <kernel/kdev_t.h>
#include <lib/list.h>
#include <mica/atomic.h>
#include <mica/types.h>

#define SECTOR_SHIFT 9
#define SECTOR_SIZE 512
#define BDEV_NAME_MAX 16

/* Linux's block ioctls (include/uapi/linux/fs.h). */
#define BLKROGET 0x125e	/* _IO(0x12, 94): int, 1 if read-only */
#define BLKRRPART 0x125f	/* _IO(0x12, 95) */
#define BLKGETSIZE 0x1260	/* _IO(0x12, 96): unsigned long, in sectors */
#define BLKFLSBUF 0x1261	/* _IO(0x12, 97) */
#define BLKSSZGET 0x1268	/* _IO(0x12, 104): int, logical block size */
#define BLKBSZGET 0x80081270	/* _IOR(0x12, 112, size_t): int, the block size */
#define BLKGETSIZE64 0x80081272	/* _IOR(0x12, 114, size_t): u64, in bytes */
#define BLKDISCARD 0x1277	/* _IO(0x12, 119): u64 [start, length] in bytes */
#define BLKIOMIN 0x1278	/* _IO(0x12, 120): unsigned int */
#define BLKIOOPT 0x1279	/* _IO(0x12, 121): unsigned int */
#define BLKPBSZGET 0x127b	/* _IO(0x12, 123): unsigned int, physical block size */

enum blk_op { BLK_OP_READ, BLK_OP_WRITE, BLK_OP_FLUSH, BLK_OP_DISCARD };

struct bio;
struct request;
struct block_device;

typedef void (*bio_end_t)(struct bio *bio, int err);

/* One I/O on one kernel buffer (heap, frames, stack: physically contiguous). */
struct bio {
	enum blk_op op;
	u64 sector;		/* on the device it is submitted to */
	void *buf;		/* READ/WRITE: len bytes; NULL otherwise */
	u32 len;		/* bytes (a multiple of the logical block size); 0 for FLUSH */
	bio_end_t end_io;	/* called once, from any context */
	void *private;
	struct bio *next;	/* [queue lock] in its request */
};

/* What a driver gets: bios of one op on adjacent sectors. */
struct request {
	enum blk_op op;
	u64 sector;		/* on the whole disk */
	u32 nr_bytes;
	unsigned int nr_bios;
	struct bio *bio, *biotail;
	struct list_head link;	/* [queue lock] pending list */
	void *driver_data;	/* the driver's, between queue_rq and done */
	struct request_queue *q;
};

#define BLOCK_RO 0x1		/* the device refuses writes (-EROFS) */
#define BLOCK_FLUSH 0x2		/* has a volatile write cache to flush */
#define BLOCK_DISCARD 0x4	/* supports discard */
#define BLOCK_NOPART 0x8	/* no partition table is read (loop devices) */

struct block_driver_ops {
	/*
	 * Start rq and return 0; it ends with block_request_done(). -EBUSY: no
	 * room now (the queue retries after a completion); other -errno: rq
	 * fails at once. Called with no lock held, from any context.
	 */
	int (*queue_rq)(struct block_device *disk, struct request *rq);
	/*
	 * Optional: a reference to disk (or to one of its partitions) was
	 * dropped and refs are left on disk (loop devices clear themselves
	 * when the last user goes). Any context but interrupts; no lock held.
	 */
	void (*put)(struct block_device *disk, int refs);
};

struct block_limits {
	unsigned int depth;		/* requests in flight at most */
	unsigned int max_bios;		/* bios per request (segments) */
	u32 max_bytes;			/* bytes per request */
	u64 max_discard_sectors;	/* per discard bio; 0: no limit */
};

struct request_queue {
	spinlock_t lock;
	struct list_head pending;	/* [lock] not yet given to the driver */
	unsigned int in_flight;		/* [lock] */
	struct block_limits lim;	/* [I] */
	const struct block_driver_ops *ops;	/* [I] */
	struct block_device *disk;	/* [I] */
	u64 merges;			/* [lock] bios merged into a request */
	u64 dispatched;			/* [lock] requests given to the driver */
	unsigned int peak_in_flight;	/* [lock] most requests in flight at once */
};

/* Lock legend: [I] immutable once registered; [R] registry_lock (removal
 * from the registry also needs scan_mutex); [a] atomic. */
struct block_device {
	char name[BDEV_NAME_MAX];	/* [I] "vda", "vda1" */
	struct block_device *whole;	/* [I] the disk (itself for a disk) */
	unsigned int partno;		/* [I] 0 for the disk */
	u32 devt;			/* [I] device number: the disk's, plus partno */
	u64 start;			/* [I] first sector on the disk */
	u64 nr_sects;			/* [I] size in sectors */
	u32 lbs;			/* [I] logical block size */
	unsigned int flags;		/* [I] BLOCK_* */
	struct request_queue *queue;	/* [I] the disk's */
	void *driver_data;		/* [I] the driver's, on the disk */
	atomic_t refs;			/* [a] the registry holds one */
	struct list_head link;		/* [R] registry */
	bool needs_scan;		/* [R] disk: partitions not read yet */
	bool gone;			/* [R] removed from the registry */
};

/* ---- for drivers ---- */

/* Linux's majors: virtio-blk's is dynamic there (254 on a usual system). */
#define LOOP_MAJOR 7
#define VIRTBLK_MAJOR 254
#define DISK_MINORS 16		/* minors per disk: the disk and 15 partitions */

/* Add a disk with device number devt (partition n gets devt + n);
 * partitions are read later. Any context that may allocate. */
struct block_device *block_disk_add(const char *name, u32 devt, u32 lbs, u64 nr_sects,
				    unsigned int flags, const struct block_driver_ops *ops,
				    const struct block_limits *lim, void *driver_data);
/* Take disk and its partitions out of the registry (they become gone:
 * open device files find nothing, I/O in flight still ends) and drop the
 * registry's reference. The driver keeps serving requests already queued.
 * May sleep. */
void block_disk_remove(struct block_device *disk);
/* The driver finished rq (err 0 or -errno). Any context. */
void block_request_done(struct request *rq, int err);

/* ---- for users ---- */

/* Look a device up by name ("vda", "vda2"); NULL if none. Takes a
 * reference (block_device_put). May sleep: reads pending partitions. */
struct block_device *block_device_find(const char *name);
/* The same by device number (a block device node's rdev). */
struct block_device *block_device_by_devt(u32 devt);
void block_device_get(struct block_device *bdev);
/* Wait until every disk added so far has had its partitions read. */
void block_wait_scans(void);
void block_device_put(struct block_device *bdev);
/* Call fn for every device in name order of registration (disks, each
 * followed by its partitions); stops at a non-zero return. May sleep; fn must not look devices up. */
int block_device_for_each(int (*fn)(struct block_device *bdev, void *arg), void *arg);

/* Async: 0 and end_io later (or already: a flush with no write cache to
 * flush ends at once), or -errno (bad range or alignment -EINVAL,
 * read-only -EROFS, unsupported -EOPNOTSUPP) and end_io is not called. */
int block_submit(struct block_device *bdev, struct bio *bio);
/* As block_submit for n bios queued together, so adjacent ones merge.
 * All are checked first: an error submits none. */
int block_submit_batch(struct block_device *bdev, struct bio **bios, unsigned int n);
/* Sync: submit and sleep until done. */
int block_rw(struct block_device *bdev, enum blk_op op, u64 sector, void *buf, u32 len);
int block_flush(struct block_device *bdev);
int block_discard(struct block_device *bdev, u64 sector, u64 nr_sects);

/* Re-read the partition table of a disk (BLKRRPART): -EBUSY while a
 * partition is in use, -EINVAL on a partition. */
int block_rescan(struct block_device *disk);

/* Linux's block ioctls on bdev; arg is a user address. -ENOTTY if unknown. */
int block_ioctl(struct block_device *bdev, unsigned int cmd, unsigned long arg);

#endif
