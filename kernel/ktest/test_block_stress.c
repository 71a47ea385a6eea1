/*
 * Many block requests at once: kernel threads pinned to every hart each
 * write their own region of vda in batches of adjacent bios (which the
 * queue merges), read it back asynchronously and check it, so requests
 * from all CPUs are in flight together. Needs the disk of test_block.c.
 */
#include <kernel/block.h>
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <core/cpu.h>
#include <core/ipi.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/wait.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define STRESS_FIRST 24576	/* the writable area of the test disk */
#define STRESS_THREADS 8
#define REGION_SECTORS 128	/* per thread: 64 KiB */
#define BIO_BYTES 4096
#define NBIOS (REGION_SECTORS * 512 / BIO_BYTES)
#define ROUNDS 2

struct batch {
	struct bio bios[NBIOS];
	atomic_t left;
	struct completion done;
	int err;		/* first error, [a] */
};

struct worker {
	struct block_device *vda;
	unsigned int id;
	u64 first;
	u8 *buf;		/* REGION_SECTORS * 512 */
	int result;
};

static void batch_end(struct bio *bio, int err)
{
	struct batch *b = bio->private;

	if (err)
		__atomic_compare_exchange_n(&b->err, &(int){ 0 }, err, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED);
	if (atomic_add_return(&b->left, -1) == 0)
		complete(&b->done);
}

/* Submit the region as NBIOS bios in a scrambled order, wait for all. */
static int run_batch(struct worker *w, struct batch *b, enum blk_op op, u64 *rng)
{
	struct bio *order[NBIOS];
	int err;

	memset(b, 0, sizeof(*b));
	completion_init(&b->done);
	atomic_set(&b->left, NBIOS);
	for (int i = 0; i < NBIOS; i++) {
		b->bios[i] = (struct bio){ .op = op,
					   .sector = w->first + (u64)i * (BIO_BYTES / 512),
					   .buf = w->buf + (size_t)i * BIO_BYTES,
					   .len = BIO_BYTES,
					   .end_io = batch_end,
					   .private = b };
		order[i] = &b->bios[i];
	}
	/* Runs of adjacent bios stay (they merge); their order is shuffled. */
	for (int i = NBIOS - 4; i > 0; i -= 4) {
		int j = (int)(ktest_rand(rng) % (u64)(i / 4 + 1)) * 4;

		for (int k = 0; k < 4; k++) {
			struct bio *t = order[i + k];

			order[i + k] = order[j + k];
			order[j + k] = t;
		}
	}
	err = block_submit_batch(w->vda, order, NBIOS);
	if (err)
		return err;
	wait_for_completion(&b->done);
	return b->err;
}

static u8 byte_at(unsigned int id, unsigned int round, size_t off)
{
	return (u8)(id * 31 + round * 7 + off * 13 + (off >> 9));
}

static void worker_main(void *arg)
{
	struct worker *w = arg;
	struct batch *b = kmalloc(sizeof(*b));
	u64 rng = 0x9e3779b97f4a7c15ull * (w->id + 1);
	size_t n = REGION_SECTORS * 512;

	w->result = b ? 0 : -ENOMEM;
	for (unsigned int round = 0; round < ROUNDS && !w->result; round++) {
		for (size_t i = 0; i < n; i++)
			w->buf[i] = byte_at(w->id, round, i);
		w->result = run_batch(w, b, BLK_OP_WRITE, &rng);
		if (w->result)
			break;
		memset(w->buf, 0, n);
		w->result = run_batch(w, b, BLK_OP_READ, &rng);
		for (size_t i = 0; i < n && !w->result; i++)
			if (w->buf[i] != byte_at(w->id, round, i))
				w->result = -1000 - (int)round;
	}
	kfree(b);
}

static void drain_cpu(void *arg)
{
	(void)arg;
	frame_drain_this_cpu();
}

KTEST(block_concurrent)
{
	struct block_device *vda = block_device_find("vda");
	struct worker w[STRESS_THREADS];
	struct task *t[STRESS_THREADS];
	u64 merges, dispatched;
	int err = 0;

	if (!vda) {
		ktest_skip("no vda attached (make test attaches one)");
		return KTEST_SKIP;
	}
	merges = vda->queue->merges;
	dispatched = vda->queue->dispatched;
	for (unsigned int i = 0; i < STRESS_THREADS; i++) {
		w[i] = (struct worker){ vda, i, STRESS_FIRST + (u64)i * REGION_SECTORS,
					kmalloc(REGION_SECTORS * 512), 0 };
		t[i] = w[i].buf ? kthread_create("blkstress", worker_main, &w[i]) : ERR_PTR(-ENOMEM);
		if (IS_ERR(t[i])) {
			kfree(w[i].buf);
			err = (int)PTR_ERR(t[i]);
			while (i--) {
				task_start(t[i]);
				task_join(t[i]);
				kfree(w[i].buf);
			}
			block_device_put(vda);
			KT_ASSERT_EQ(err, 0);
		}
		task_set_affinity(t[i], cpumask_of(i % nr_cpus));
	}
	for (unsigned int i = 0; i < STRESS_THREADS; i++)
		task_start(t[i]);
	for (unsigned int i = 0; i < STRESS_THREADS; i++) {
		task_join(t[i]);
		if (w[i].result && !err)
			err = w[i].result;
		kfree(w[i].buf);
	}
	/* Frames freed on other harts go back where later tests count them. */
	smp_call_on_all(drain_cpu, NULL);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(block_flush(vda), 0);
	/* Adjacent bios were merged, and requests overlapped in the device. */
	KT_ASSERT(vda->queue->merges > merges);
	KT_ASSERT(vda->queue->dispatched - dispatched <
		  (u64)STRESS_THREADS * ROUNDS * 2 * NBIOS);
	KT_ASSERT(vda->queue->peak_in_flight > 1);
	block_device_put(vda);
	return 0;
}
