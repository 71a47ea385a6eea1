/*
 * Process groups and sessions (Linux's model): a session holds process
 * groups; a process group holds its member processes. The controlling
 * terminal is found as on Linux: each process keeps a pointer to it
 * (kernel/tty/ctty.c), valid while the terminal names its session. Both are found by id through a hash table, and live
 * while they have members. Everything here is under proc_tree_lock.
 */
#ifndef KERNEL_PGRP_H
#define KERNEL_PGRP_H

#include <lib/list.h>

struct process;
struct tty;

struct session {
	int sid;			/* [I] the id of the process that made it */
	int nr_pgrps;			/* [proc_tree_lock] groups in it */
	struct list_head hash_link;	/* [proc_tree_lock] */
};

struct pgrp {
	int pgid;			/* [I] */
	struct session *session;	/* [I] */
	struct list_head members;	/* [proc_tree_lock] process.pgrp_link */
	struct list_head hash_link;	/* [proc_tree_lock] */
};

struct pgrp *pgrp_find(int pgid);
/* Put p in group pgid of its session, made if it does not exist yet.
 * 0, or -ENOMEM. */
int pgrp_join(struct process *p, int pgid);
/* Make p the leader of a new session and of a new group in it. */
int pgrp_new_session(struct process *p);
/* Take p out of its group (at reap); empty groups and sessions go. */
void pgrp_leave(struct process *p);

#endif
