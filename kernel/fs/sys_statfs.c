/*
 * statfs(2) and fstatfs(2): the file system's own answer (fs_type.statfs
 * for disk file systems, tmpfs's limits, procfs's magic) with the flags of
 * the mount the file is reached through.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/mount.h>
#include <core/page.h>
#include <lib/string.h>
#include <mica/err.h>
#include "tmpfs_internal.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC 0x50495045
#define ANON_INODE_FS_MAGIC 0x09041934

/* statfs(2)'s f_flags (include/linux/statfs.h). */
#define ST_RDONLY 0x0001
#define ST_NOSUID 0x0002
#define ST_NODEV 0x0004
#define ST_NOEXEC 0x0008
#define ST_SYNCHRONOUS 0x0010
#define ST_VALID 0x0020
#define ST_MANDLOCK 0x0040
#define ST_NOATIME 0x0400
#define ST_NODIRATIME 0x0800
#define ST_RELATIME 0x1000
#define ST_NOSYMFOLLOW 0x2000

/* struct statfs of asm-generic for 64-bit (also statfs64): 120 bytes. */
struct statfs_user {
	s64 f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	s64 f_namelen, f_frsize, f_flags;
	s64 f_spare[4];
};

static u64 mount_st_flags(const struct mount *m)
{
	static const struct { unsigned long ms; u64 st; } map[] = {
		{ MS_RDONLY, ST_RDONLY }, { MS_NOSUID, ST_NOSUID }, { MS_NODEV, ST_NODEV },
		{ MS_NOEXEC, ST_NOEXEC }, { MS_SYNCHRONOUS, ST_SYNCHRONOUS },
		{ MS_MANDLOCK, ST_MANDLOCK }, { MS_NOATIME, ST_NOATIME },
		{ MS_NODIRATIME, ST_NODIRATIME }, { MS_RELATIME, ST_RELATIME },
		{ MS_NOSYMFOLLOW, ST_NOSYMFOLLOW },
	};
	unsigned long mf = READ_ONCE(m->flags);
	u64 st = ST_VALID;

	if (m->sb && (READ_ONCE(m->sb->flags) & MS_RDONLY))
		mf |= MS_RDONLY;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (mf & map[i].ms)
			st |= map[i].st;
	return st;
}

/* Fill st for the file system p is on: 0 or -errno. */
int vfs_statfs(const struct path *p, struct kstatfs *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	if (p->mnt->sb) {
		const struct fs_type *t = p->mnt->sb->type;

		err = t->statfs ? t->statfs(p->mnt->sb, st) : -ENOSYS;
	} else if (p->mnt->type == &proc_fs_type) {
		st->type = PROC_SUPER_MAGIC;
		st->bsize = st->frsize = PAGE_SIZE;
		st->namelen = NAME_MAX;
		err = 0;
	} else {
		err = tmpfs_statfs(p->ino, st);
	}
	if (err)
		return err;
	if (!st->frsize)
		st->frsize = st->bsize;
	if (!st->fsid)
		st->fsid = p->mnt->dev;
	st->flags |= mount_st_flags(p->mnt);
	return 0;
}

static long put_statfs(const struct path *p, uptr_t ubuf)
{
	struct statfs_user u;
	struct kstatfs st;
	int err = vfs_statfs(p, &st);

	if (err)
		return err;
	memset(&u, 0, sizeof(u));
	u.f_type = (s64)st.type;
	u.f_bsize = (s64)st.bsize;
	u.f_blocks = st.blocks;
	u.f_bfree = st.bfree;
	u.f_bavail = st.bavail;
	u.f_files = st.files;
	u.f_ffree = st.ffree;
	u.f_fsid[0] = (s32)(u32)st.fsid;
	u.f_fsid[1] = (s32)(u32)(st.fsid >> 32);
	u.f_namelen = (s64)st.namelen;
	u.f_frsize = (s64)st.frsize;
	u.f_flags = (s64)st.flags;
	return copy_to_user(ubuf, &u, sizeof(u));
}

SYSCALL_DEFINE2(statfs, uptr_t, upath, uptr_t, ubuf)
{
	struct path p;
	long err = vfs_user_path(upath, true, &p);

	if (err)
		return err;
	err = put_statfs(&p, ubuf);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(fstatfs, int, fd, uptr_t, ubuf)
{
	struct file *f = fd_get(current_process()->files, fd);
	struct path p;
	long err;

	if (!f)
		return -EBADF;
	if (f->inode && f->mnt) {
		p = (struct path){ f->mnt, f->inode };
		err = put_statfs(&p, ubuf);
	} else {
		/* Pipes and anonymous files: Linux answers for its internal
		 * pipefs and anon_inodefs (simple_statfs: magic, block size and
		 * name length only). */
		struct statfs_user u = { 0 };

		u.f_type = f->ops->anon_name && !strcmp(f->ops->anon_name, "pipe:") ?
			   PIPEFS_MAGIC : ANON_INODE_FS_MAGIC;
		u.f_bsize = u.f_frsize = PAGE_SIZE;
		u.f_namelen = NAME_MAX;
		u.f_flags = ST_VALID;
		err = copy_to_user(ubuf, &u, sizeof(u));
	}
	file_put(f);
	return err;
}
