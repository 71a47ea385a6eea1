/* wait4/waitid option bits (Linux's values). */
#ifndef KERNEL_WAIT_FLAGS_H
#define KERNEL_WAIT_FLAGS_H

#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002	/* waitid calls it WSTOPPED */
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

#endif
