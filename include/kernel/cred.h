/*
 * Credentials: the user and group ids a process acts with, and the
 * permission checks they lead to. Root (effective or file-system uid 0)
 * stands for the capabilities Linux would check (override of file
 * permissions, setting ids, rebooting).
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include <mica/types.h>

#define NGROUPS_MAX_MICA 32
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4

struct cred {
	u32 uid, euid, suid, fsuid;	/* real, effective, saved, file system */
	u32 gid, egid, sgid, fsgid;
	u32 ngroups;
	u32 groups[NGROUPS_MAX_MICA];
};

struct inode;

/* The current process's credentials (root for kernel threads). */
const struct cred *current_cred(void);
/* May the current process access ino with mask (MAY_*)? 0 or -EACCES.
 * real: check with the real ids (access(2)) instead of the fs ids. */
int inode_permission(struct inode *ino, int mask, bool real);
/* May the current process change ino's mode or times (its owner, or root)? */
bool inode_owner_or_root(struct inode *ino);
bool capable_root(void);	/* effective uid 0 */

#endif
