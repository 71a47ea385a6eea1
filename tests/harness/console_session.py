#!/usr/bin/env python3
"""A scripted shell session through Mica's serial console, as a user types it.

    console_session.py [--log FILE] [--timeout SECS] -- QEMU ARGV...

Boots ARGV (the `make run` machine: busybox sh on the console as its
controlling terminal), then types each step of SESSION below and waits for
its expected output: job control (&, ^Z, jobs, bg, fg, ^C and the status
130), a pipeline, ps, vi, and Tab completion. Prints one line per step,
`console/<step>: PASS|FAIL ...`, and `N passed, N failed` at the end; the
exit status is 0 iff every step passed. The whole transcript goes to --log.

--session block types BLOCK_SESSION instead (busybox losetup, mount -o
loop, mdev -s; the machine needs the user tests' scratch disks), its lines
`block/<step>`; a step whose kernel part is missing (NEEDS) is a SKIP.
"""

import argparse
import os
import re
import selectors
import subprocess
import sys
import time

PROMPT = r"[#$] $"

# (name, keys to type, regex expected in the output since the keys, seconds,
# [pause before typing, as a person waits for a program to come up])
SESSION = [
    ("boot", "", PROMPT, 60),
    ("background_job", "sleep 100 &\r", PROMPT, 10),
    ("foreground_job", "sh -c 'sleep 50'\r", r"sleep 50'\r?\n", 10),
    ("ctrl_z_stops", "\x1a", r"Stopped", 10),
    ("jobs_lists_both", "jobs\r",
     r"(?s)(?=.*Running\s+sleep 100)(?=.*Stopped\s+sh -c .sleep 50)", 10),
    ("bg_resumes", "bg %2\r", r"sleep 50", 10),
    ("jobs_after_bg", "jobs\r",
     r"(?s)(?=.*Running\s+sleep 100)(?=.*Running\s+sh -c .sleep 50)", 10),
    ("fg_then_ctrl_c", "fg %1\r", r"sleep 100", 10),
    ("ctrl_c_interrupts", "\x03", PROMPT, 10),
    ("status_130", "echo status=$?\r", r"status=130", 10),
    ("pipeline", "echo mica | tr a-z A-Z | rev\r", r"ACIM", 10),
    ("ps_lists_jobs", "ps\r", r"(?s)sh.*sleep 50", 10),
    ("vi_edit_quit", "vi /tmp/console-vi.txt\r", r"console-vi.txt", 15),
    ("vi_insert_write", "ihello from vi\x1b:wq\r", PROMPT, 15, 1.0),
    ("vi_file_written", "cat /tmp/console-vi.txt\r", r"hello from vi", 10),
    ("tab_completion", "ech\ttab-ok\r", r"tab-ok\r?\n.*" + PROMPT, 10),
    ("kill_jobs", "kill %2; echo killed\r", r"killed", 10),
]

# Block devices: busybox's losetup on a file, I/O through the loop device,
# and mdev -s making device nodes from /sys.
BLOCK_SESSION = [
    ("boot", "", PROMPT, 60),
    ("losetup_f", "truncate -s 4M /tmp/l.img; losetup -f /tmp/l.img; echo rc=$?\r",
     r"rc=0", 10),
    ("losetup_a", "losetup -a\r", r"/dev/loop0: .*/tmp/l\.img", 10),
    ("losetup_free", "losetup -f\r", r"/dev/loop1\r?\n", 10),
    ("loop_write_reaches_file",
     "echo mica-loop | dd of=/dev/loop0 bs=512 conv=sync 2>/dev/null; "
     "dd if=/tmp/l.img bs=9 count=1 2>/dev/null; echo\r", r"^mica-loop\r?$", 10),
    ("losetup_d", "losetup -d /dev/loop0; echo rc=$?; losetup -a | wc -l\r",
     r"rc=0\r?\n0\r?$", 10),
    ("sys_mounted", "cat /sys/block/vdb/dev\r", r"^254:16\r?$", 10),
    ("mount_loop", "dd if=/dev/vda of=/tmp/e.img bs=1M 2>/dev/null; mkdir -p /mnt; "
     "mount -o loop /tmp/e.img /mnt && cat /mnt/hello\r", r"^hello from vda\r?$", 15),
    ("umount_frees_loop", "umount /mnt; echo rc=$?; sleep 1; losetup -a | wc -l\r",
     r"rc=0\r?\n0\r?$", 10),
    ("mount_loop_vfat", "truncate -s 8M /tmp/f.img; mkfs.vfat /tmp/f.img >/dev/null; "
     "mkdir -p /mnt2; mount -o loop -t vfat /tmp/f.img /mnt2 && echo via-loop > /mnt2/x.txt "
     "&& umount /mnt2 && mount -o loop /tmp/f.img /mnt2 && cat /mnt2/x.txt\r",
     r"^via-loop\r?$", 15),
    ("umount_vfat_frees_loop", "umount /mnt2; echo rc=$?; sleep 1; losetup -a | wc -l\r",
     r"rc=0\r?\n0\r?$", 10),
    ("mdev_s_makes_nodes", "rm /dev/vdb /dev/null; mdev -s; ls -l /dev/vdb /dev/null\r",
     r"(?=(?s:.*)^b[-rw]{9} [^\n]*254,\s+16 [^\n]*/dev/vdb)"
     r"(?=(?s:.*)^c[-rw]{9} [^\n]*1,\s+3 [^\n]*/dev/null)", 15),
]

# Steps that need a part of the kernel that may not be there yet: the file
# whose presence (from the repository's top) says it is; SKIP without it.
NEEDS = {"mount_loop": "kernel/fs/ext4", "umount_frees_loop": "kernel/fs/ext4",
         "mount_loop_vfat": "kernel/fs/fat", "umount_vfat_frees_loop": "kernel/fs/fat"}

SESSIONS = {"console": SESSION, "block": BLOCK_SESSION}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", default=None)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--session", choices=sorted(SESSIONS), default="console")
    ap.add_argument("argv", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    argv = a.argv[1:] if a.argv and a.argv[0] == "--" else a.argv
    if not argv:
        ap.error("no QEMU command given")

    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    os.set_blocking(p.stdout.fileno(), False)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    transcript = []
    deadline = time.monotonic() + a.timeout
    passed = failed = 0

    def read_until(regex, secs, since):
        """Collect output until regex matches text from since on."""
        end = min(time.monotonic() + secs, deadline)
        while True:
            text = "".join(transcript)[since:]
            m = re.search(regex, text, re.M)
            if m:
                return True, text
            left = end - time.monotonic()
            if left <= 0 or p.poll() is not None:
                return False, text
            for _ in sel.select(min(left, 0.5)):
                data = p.stdout.read()
                if data:
                    transcript.append(data.decode("utf-8", "replace"))

    for name, keys, regex, secs, *pause in SESSIONS[a.session]:
        if name in NEEDS and not os.path.exists(NEEDS[name]):
            print(f"{a.session}/{name}: SKIP {NEEDS[name]} is not in this tree", flush=True)
            continue
        if pause:
            read_until(r"(?!)", pause[0], len("".join(transcript)))  # let it settle
        since = len("".join(transcript))
        # Type like a person: one key at a time, so the line editor sees each.
        for ch in keys:
            p.stdin.write(ch.encode())
            p.stdin.flush()
            # After ESC, wait: an editor takes quick keys for an escape sequence.
            time.sleep(0.5 if ch == "\x1b" else 0.02)
        ok, text = read_until(regex, secs, since)
        if ok:
            passed += 1
            print(f"{a.session}/{name}: PASS", flush=True)
        else:
            failed += 1
            tail = text[-200:].replace("\r", "\\r").replace("\n", "\\n").replace("\x1b", "^[")
            print(f"{a.session}/{name}: FAIL expected /{regex}/; got: {tail}", flush=True)
            if name == "boot":
                break
    try:
        p.stdin.write(b"poweroff -f\r")
        p.stdin.flush()
        p.wait(timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        p.kill()
        p.wait()
    if a.log:
        os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
        with open(a.log, "w") as f:
            f.write("".join(transcript))
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
