#!/usr/bin/env python3
"""A stand-in for `qemu-system-riscv64 ... -kernel mica.bin` used by
tests/harness/selftest.py. It prints the ktest protocol the way the kernel
would (log prefixes, CRLF, ANSI colours) and then behaves according to MODE.

    fake_kernel.py MODE [PIDFILE]

If PIDFILE is given, the fake forks a child that sleeps for a long time and
writes the child's pid there (to check the harness kills the whole group).
"""
import os
import sys
import time

mode = sys.argv[1]
pidfile = sys.argv[2] if len(sys.argv) > 2 else None
t0 = time.monotonic()


def out(s, end="\r\n"):
    ts = time.monotonic() - t0
    sys.stdout.write(f"[{ts:12.6f}] {s}{end}")
    sys.stdout.flush()


def raw(s):
    sys.stdout.write(s)
    sys.stdout.flush()


def hang():
    while True:
        time.sleep(3600)


if pidfile:
    pid = os.fork()
    if pid == 0:
        # Ignore SIGTERM: only a group SIGKILL gets rid of it.
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.close(1)
        hang()
    with open(pidfile, "w") as f:
        f.write(str(pid))

raw("\r\nOpenSBI v1.1 (fake)\r\n")
out("\x1b[1;32mMica\x1b[0m booting on 4 harts")

if mode == "pass":
    out("ktest: start 3")
    out("ktest: PASS frame_alloc")
    raw("[cpu2] ktest: PASS sched_stress\r\n")
    raw("\x1b[32mktest: PASS timer\x1b[0m\r\n")
    out("ktest: done 3 passed, 0 failed")
    sys.exit(0)
elif mode == "fail":
    out("ktest: start 3")
    out("ktest: PASS a")
    out("ktest: FAIL b expected 4, got 5")
    raw("[cpu1] ktest: PASS c\n")
    out("ktest: done 2 passed, 1 failed")
    sys.exit(0)
elif mode == "panic":
    out("ktest: start 3")
    out("ktest: PASS a")
    out("Kernel panic - not syncing: page fault at 0x0 in sched_tick")
    for i in range(60):
        out(f"  regs/backtrace line {i + 1}")
    hang()
elif mode == "hang":
    out("ktest: start 2")
    out("ktest: PASS a")
    out("waiting for an interrupt that never comes")
    hang()
elif mode == "nodone":
    out("ktest: start 2")
    out("ktest: PASS a")
    out("ktest: PASS b")
    sys.exit(0)
elif mode == "mismatch":
    out("ktest: start 2")
    out("ktest: PASS a")
    out("ktest: PASS b")
    out("ktest: done 3 passed, 0 failed")
    sys.exit(0)
elif mode == "fewer":
    out("ktest: start 4")
    out("ktest: PASS a")
    out("ktest: PASS b")
    out("ktest: done 2 passed, 0 failed")
    sys.exit(0)
elif mode == "nopoweroff":
    out("ktest: start 1")
    out("ktest: PASS a")
    out("ktest: done 1 passed, 0 failed")
    hang()
elif mode == "exitcode":
    out("ktest: start 1")
    out("ktest: PASS a")
    out("ktest: done 1 passed, 0 failed")
    sys.exit(3)
elif mode == "partial":
    # Binary junk, stderr noise, and a final line without a newline.
    sys.stdout.buffer.write(b"\xff\xfe junk \x00\x07\r\n")
    sys.stdout.flush()
    sys.stderr.write("qemu-system-riscv64: warning: fake warning\n")
    sys.stderr.flush()
    out("ktest: start 1")
    out("ktest: PASS only")
    raw("ktest: done 1 passed, 0 failed")
    sys.exit(0)
else:
    sys.exit(f"fake_kernel: unknown mode {mode}")
