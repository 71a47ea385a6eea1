/*
 * The scheduler and allocator stress: threads on every CPU allocate and
 * free frames and heap objects, sleep, wake each other and hop between
 * CPUs; afterwards every frame and object must be back.
 */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <core/cpu.h>
#include <core/ipi.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <mica/err.h>

#define THREADS_PER_CPU 4
#define ROUNDS 400
#define SLOTS 16

struct stresser {
	struct task *task;
	struct completion wake;
	struct stresser *partner;
	u64 seed;
	int errors;
	struct page *frames[SLOTS];
	u8 orders[SLOTS];
	u32 *objs[SLOTS];
	u32 obj_sizes[SLOTS];
};

static u32 tag_of(const struct stresser *s, int slot) { return (u32)(uintptr_t)s ^ (slot * 0x9e37); }

static void stress_body(void *arg)
{
	struct stresser *s = arg;

	for (int r = 0; r < ROUNDS; r++) {
		u64 x = ktest_rand(&s->seed);
		int slot = (x >> 8) % SLOTS;

		switch (x % 8) {
		case 0:
			if (!s->frames[slot]) {
				s->orders[slot] = (x >> 16) % 4;
				s->frames[slot] = frame_alloc(s->orders[slot], 0);
				if (s->frames[slot])
					*(u32 *)page_to_virt(s->frames[slot]) = tag_of(s, slot);
			}
			break;
		case 1:
			if (s->frames[slot]) {
				if (*(u32 *)page_to_virt(s->frames[slot]) != tag_of(s, slot))
					s->errors++;
				frame_free(s->frames[slot], s->orders[slot]);
				s->frames[slot] = NULL;
			}
			break;
		case 2:
			if (!s->objs[slot]) {
				s->obj_sizes[slot] = 4 + (x >> 16) % 6000;
				s->objs[slot] = kmalloc(s->obj_sizes[slot]);
				if (s->objs[slot]) {
					s->objs[slot][0] = tag_of(s, slot);
					s->objs[slot][(s->obj_sizes[slot] - 4) / 4] = tag_of(s, slot);
				}
			}
			break;
		case 3:
			if (s->objs[slot]) {
				if (s->objs[slot][0] != tag_of(s, slot) ||
				    s->objs[slot][(s->obj_sizes[slot] - 4) / 4] != tag_of(s, slot))
					s->errors++;
				kfree(s->objs[slot]);
				s->objs[slot] = NULL;
			}
			break;
		case 4:
			sleep_ns((x >> 16) % (500 * NSEC_PER_USEC));
			break;
		case 5:
			complete(&s->partner->wake);
			break;
		case 6:
			wait_for_completion_timeout(&s->wake, NSEC_PER_MSEC);
			break;
		case 7: {
			cpumask_t mask = (x >> 16) & ((1ULL << nr_cpus) - 1);

			task_set_affinity(current, mask ? mask : CPUMASK_ALL);
			sched_yield();
			break;
		}
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (s->frames[i])
			frame_free(s->frames[i], s->orders[i]);
		kfree(s->objs[i]);
	}
	task_set_affinity(current, CPUMASK_ALL);
}

static void drain_cpu(void *arg __unused)
{
	frame_drain_this_cpu();
}

/* Free frames with every cache emptied: comparable across the test. */
static unsigned long settled_free_frames(void)
{
	kmalloc_shrink_all();
	smp_call_on_all(drain_cpu, NULL);
	return frame_free_count();
}

KTEST(sched_alloc_stress)
{
	unsigned int n = nr_cpus * THREADS_PER_CPU;
	unsigned long frames_before = settled_free_frames();
	unsigned long objs_before = kmalloc_active_objects();
	unsigned long tasks_before = sched_live_tasks();
	u64 migrations = sched_nr_migrations();
	struct stresser *s = kzalloc(n * sizeof(*s));
	int errors = 0;

	KT_ASSERT(s);
	for (unsigned int i = 0; i < n; i++) {
		completion_init(&s[i].wake);
		s[i].partner = &s[(i + 1) % n];
		s[i].seed = 0x9e3779b97f4a7c15ULL * (i + 1);
		s[i].task = kthread_create("stress", stress_body, &s[i]);
		KT_ASSERT(!IS_ERR(s[i].task));
	}
	for (unsigned int i = 0; i < n; i++)
		task_start(s[i].task);
	for (unsigned int i = 0; i < n; i++) {
		task_join(s[i].task);
		errors += s[i].errors;
	}
	kfree(s);
	KT_ASSERT_EQ(errors, 0);
	KT_ASSERT_EQ(sched_live_tasks(), tasks_before);
	KT_ASSERT_EQ(kmalloc_active_objects(), objs_before);
	KT_ASSERT_EQ(settled_free_frames(), frames_before);
	KT_ASSERT(nr_cpus == 1 || sched_nr_migrations() > migrations);
	return 0;
}
