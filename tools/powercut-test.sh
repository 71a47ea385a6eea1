#!/usr/bin/env bash
# The power-cut test of issue 7: boot Mica on an ext4 image with a write
# storm (user/storage/powercut_storm.c), kill QEMU at a random moment, boot
# again to mount the image (the journal is replayed) and unmount it, then
# on the host: e2fsck -fn must find the image clean and every file the
# storm reported fsync'ed (in this round or an earlier one) must hold its
# exact bytes. Several rounds run on the same image.
#
#   tools/powercut-test.sh [ROUNDS]          (default 3)
#
# Needs: build/riscv64/mica.bin with ext4 (read-write, journal replay at
# mount), an initramfs with /tests/musl-static/powercut_storm (make
# initramfs builds every user/*/*.c), Debian's e2fsprogs. Environment:
#   BUILD=build/riscv64  SMP=4  POWERCUT_SEED=<n> (the kill times)
#   POWERCUT_SIZE=256M   POWERCUT_MAX_MS=8000 (latest kill after the start)
# Speaks the harness protocol (as tools/check-fs-image.sh): "powercut:
# start 1", then "powercut: PASS ext4_powercut" or "powercut: FAIL
# ext4_powercut <why>", then "powercut: done ..."; exits 0 either way.
# Logs: $BUILD/logs/powercut-<round>-{storm,check}.log.
set -uo pipefail
PATH=$PATH:/usr/sbin:/sbin
rounds=${1:-3}
B=${BUILD:-build/riscv64}
smp=${SMP:-4}
seed=${POWERCUT_SEED:-$$}
max_ms=${POWERCUT_MAX_MS:-8000}
img=$B/powercut.img
logs=$B/logs
prog=/tests/musl-static/powercut_storm
mkdir -p "$logs"
tmp=$(mktemp -d)
qpid=
cleanup() {
	[ -n "$qpid" ] && kill -9 "$qpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "powercut: FAIL ext4_powercut $*"
	echo "powercut: done 0 passed, 1 failed"
	exit 0
}
echo "powercut: start 1"

for f in "$B/mica.bin" "$B/initramfs.cpio"; do
	[ -f "$f" ] || fail "$f is missing (make kernel initramfs)"
done

qemu() {	# qemu LOG CMDLINE...: start QEMU in the background, pid in $qpid
	local log=$1
	shift
	# Emptied here, not by the background job's redirection: wait_for must
	# not find a line of an earlier run's log before QEMU truncates it.
	: >"$log"
	qemu-system-riscv64 -M virt -smp "$smp" -m 1G -nographic \
		-bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin \
		-kernel "$B/mica.bin" -initrd "$B/initramfs.cpio" -no-reboot \
		-global virtio-mmio.force-legacy=false \
		-drive file="$img",if=none,format=raw,id=d0 -device virtio-blk-device,drive=d0 \
		-append "$*" </dev/null >"$log" 2>&1 &
	qpid=$!
}

# wait_for LOG PATTERN SECONDS: 0 when PATTERN shows up; 1 on timeout, a
# guest error, or QEMU gone.
wait_for() {
	local log=$1 pat=$2 left=$(($3 * 10))
	while [ $left -gt 0 ]; do
		grep -aq "$pat" "$log" && return 0
		grep -aq "PCUT ERROR\|panic\|Kernel panic" "$log" && return 1
		kill -0 "$qpid" 2>/dev/null || { grep -aq "$pat" "$log"; return; }
		sleep 0.1
		left=$((left - 1))
	done
	return 1
}

stop_qemu() {
	kill -9 "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	qpid=
}

rm -f "$img"
truncate -s "${POWERCUT_SIZE:-256M}" "$img"
mkfs.ext4 -q -F "$img" || fail "mkfs.ext4"
RANDOM=$seed
: >"$tmp/fsynced"
for round in $(seq 1 "$rounds"); do
	slog=$logs/powercut-$round-storm.log
	clog=$logs/powercut-$round-check.log
	qemu "$slog" "init=$prog storm $round loglevel=5"
	wait_for "$slog" "PCUT STORM" 120 || fail "round $round: the storm did not start (see $slog)"
	ms=$((500 + (RANDOM * 32768 + RANDOM) % max_ms))
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	stop_qemu	# the power cut
	# Only whole lines count: a line cut by the kill was not seen whole.
	grep -a "^PCUT FSYNCED [^ ]* [0-9]*"$'\r'"\?$" "$slog" | tr -d '\r' |
		awk '{ print $3, $4 }' >>"$tmp/fsynced"
	n=$(grep -c "^r${round}_" "$tmp/fsynced")
	echo "  round $round: killed after ${ms} ms, $n files fsync'ed"

	qemu "$clog" "init=$prog check loglevel=5"
	if ! wait_for "$clog" "PCUT CLEAN" 300; then
		stop_qemu
		fail "round $round: the mount after the cut failed (see $clog)"
	fi
	sleep 1	# let the power-off finish, or stop it
	stop_qemu

	if ! out=$(e2fsck -fn "$img" 2>&1); then
		echo "$out" | tail -20
		fail "round $round: e2fsck -fn finds the image unclean"
	fi
	rm -rf "$tmp/root"
	mkdir -p "$tmp/root"
	debugfs -R "rdump / $tmp/root" "$img" >/dev/null 2>&1 || fail "debugfs rdump"
	why=$(python3 - "$tmp/fsynced" "$tmp/root" <<'PY'
import os, re, sys
for line in open(sys.argv[1]):
    name, size = line.split()
    m = re.fullmatch(r"r(\d+)_f(\d+)", name)
    r, n, size = int(m.group(1)), int(m.group(2)), int(size)
    path = os.path.join(sys.argv[2], "root", name)
    if not os.path.exists(path):
        path = os.path.join(sys.argv[2], name)
    try:
        data = open(path, "rb").read()
    except OSError:
        print(f"{name} is missing")
        break
    if data != bytes(((r * 131 + n * 31 + k * 7) & 0xff) for k in range(size)):
        print(f"{name} has {len(data)} bytes, not the {size} written")
        break
PY
)
	[ -z "$why" ] || fail "round $round: an fsync'ed file is damaged: $why"
	echo "  round $round: e2fsck -fn clean, every fsync'ed file intact"
done
echo "powercut: PASS ext4_powercut ($rounds rounds, $(wc -l <"$tmp/fsynced") fsync'ed files intact)"
echo "powercut: done 1 passed, 0 failed"
