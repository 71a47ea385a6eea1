/*
 * Process groups and sessions as objects (include/kernel/pgrp.h). A
 * process stays in its group until it is reaped, as on Linux, so a group
 * of zombies still exists for kill() and setpgid().
 */
#include <kernel/pgrp.h>
#include <kernel/proc.h>
#include <core/kmalloc.h>
#include <core/panic.h>
#include <mica/errno.h>

#define ID_HASH_SIZE 64

static struct list_head pgrp_hash[ID_HASH_SIZE];
static bool hash_ready;

static struct list_head *bucket(int id)
{
	if (!hash_ready) {
		for (int i = 0; i < ID_HASH_SIZE; i++)
			INIT_LIST_HEAD(&pgrp_hash[i]);
		hash_ready = true;	/* first use is under proc_tree_lock */
	}
	return &pgrp_hash[((u32)id * 0x9e3779b1u) >> 26];
}

struct pgrp *pgrp_find(int pgid)
{
	struct pgrp *g;

	assert_spin_locked(&proc_tree_lock);
	if (pgid <= 0)
		return NULL;
	list_for_each_entry(g, bucket(pgid), hash_link)
		if (g->pgid == pgid)
			return g;
	return NULL;
}

static struct pgrp *pgrp_create(int pgid, struct session *s)
{
	struct pgrp *g = kzalloc(sizeof(*g));

	if (!g)
		return NULL;
	g->pgid = pgid;
	g->session = s;
	INIT_LIST_HEAD(&g->members);
	list_add(&g->hash_link, bucket(pgid));
	s->nr_pgrps++;
	return g;
}

void pgrp_leave(struct process *p)
{
	struct pgrp *g = p->pgrp;

	assert_spin_locked(&proc_tree_lock);
	if (!g)
		return;
	list_del_init(&p->pgrp_link);
	p->pgrp = NULL;
	if (!list_empty(&g->members))
		return;
	list_del(&g->hash_link);
	if (--g->session->nr_pgrps == 0)
		kfree(g->session);
	kfree(g);
}

static void enter(struct process *p, struct pgrp *g)
{
	list_add_tail(&p->pgrp_link, &g->members);
	p->pgrp = g;
	p->pgid = g->pgid;
	p->sid = g->session->sid;
}

int pgrp_join(struct process *p, int pgid)
{
	struct pgrp *g = pgrp_find(pgid);

	assert_spin_locked(&proc_tree_lock);
	if (g == p->pgrp && g)
		return 0;
	if (!g) {
		g = pgrp_create(pgid, p->pgrp->session);
		if (!g)
			return -ENOMEM;
	}
	pgrp_leave(p);
	enter(p, g);
	return 0;
}

int pgrp_new_session(struct process *p)
{
	struct session *s = kzalloc(sizeof(*s));
	struct pgrp *g;

	assert_spin_locked(&proc_tree_lock);
	if (!s)
		return -ENOMEM;
	s->sid = p->pid;
	INIT_LIST_HEAD(&s->hash_link);
	g = pgrp_create(p->pid, s);
	if (!g) {
		kfree(s);
		return -ENOMEM;
	}
	pgrp_leave(p);
	enter(p, g);
	return 0;
}

void proc_for_each_in_pgrp(int pgid, void (*fn)(struct process *p, void *arg), void *arg)
{
	struct pgrp *g = pgrp_find(pgid);
	struct process *p, *tmp;

	if (g)
		list_for_each_entry_safe(p, tmp, &g->members, pgrp_link)
			fn(p, arg);
}

bool proc_group_exists(int pgid, int sid)
{
	struct pgrp *g = pgrp_find(pgid);

	return g && (sid < 0 || g->session->sid == sid);
}

bool proc_pgrp_orphaned(struct process *p)
{
	struct process *q;
	bool orphaned = true;

	spin_lock(&proc_tree_lock);
	if (p->pgrp)
		list_for_each_entry(q, &p->pgrp->members, pgrp_link) {
			struct process *parent = q->parent;

			if (q->zombie || !parent || parent->pid == 1)
				continue;
			if (parent->pgid != q->pgid && parent->sid == q->sid) {
				orphaned = false;
				break;
			}
		}
	spin_unlock(&proc_tree_lock);
	return orphaned;
}
