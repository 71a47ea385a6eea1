#!/usr/bin/env bash
# Check on the host what the journal self tests (kernel/ktest/test_jbd2.c)
# left in their ext4 images:
#   jbd2_host_e2fsck_clean   IMAGE: Debian's e2fsck -fn finds it clean (the
#       journal Mica wrote and closed included), the journal is empty and
#       has checksums v3, and the blocks hold what the tests committed last;
#   jbd2_host_e2fsck_replay  LOG-IMAGE: the log Mica left there (two
#       transactions, an escaped block, a revoke) is replayed by e2fsck
#       (on a copy, needs_recovery set as ext4 would have it) into the
#       blocks Mica committed, and the copy is clean afterwards.
#
#   tools/check-ktest-jbd2.sh IMAGE LOG-IMAGE
#
# It speaks the ktest protocol so that the harness runs it like a QEMU run.
set -uo pipefail
PATH=$PATH:/usr/sbin:/sbin
img=${1:?usage: tools/check-ktest-jbd2.sh IMAGE LOG-IMAGE}
log=${2:?usage: tools/check-ktest-jbd2.sh IMAGE LOG-IMAGE}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# blocks IMAGE SPEC...: compare blocks with the tests' patterns; SPEC is
# block:gen (gen 0: zeros) or block:gen:m (the first 4 bytes the jbd2 magic).
blocks() {
	python3 - "$@" <<'PY'
import struct, sys
BS = 4096
data = open(sys.argv[1], "rb").read()
for spec in sys.argv[2:]:
    f = spec.split(":")
    blk, gen = int(f[0]), int(f[1])
    want = bytearray(BS)
    if gen:
        want = bytearray(b"".join(struct.pack("<Q", blk << 32 | gen << 16 | i) for i in range(BS // 8)))
        if len(f) > 2:
            want[0:4] = bytes.fromhex("c03b3998")
    if data[blk * BS:(blk + 1) * BS] != want:
        print(f"block {blk} does not hold what was committed last")
        break
PY
}

fsck_clean() {
	local out
	if ! out=$(e2fsck -fn "$1" 2>&1); then
		echo "e2fsck -fn: $(echo "$out" | grep -v '^e2fsck\|^Pass\|^/' | head -3 | tr '\n' ' ')"
	fi
}

verdict() {
	if [ -n "$2" ]; then
		echo "ktest: FAIL $1 $2"
		failed=$((failed + 1))
	else
		echo "ktest: PASS $1"
		passed=$((passed + 1))
	fi
}

passed=0 failed=0
echo "ktest: start 2"

H=3500
why=$(fsck_clean "$img")
if [ -z "$why" ] && ! dumpe2fs -h "$img" 2>/dev/null | grep -q '^Journal start: *0$'; then
	why="the journal is not empty"
fi
if [ -z "$why" ] && ! dumpe2fs -h "$img" 2>/dev/null | grep -q '^Journal features:.*journal_checksum_v3'; then
	why="the journal lacks checksums v3"
fi
if [ -z "$why" ]; then
	specs=("$H:1" "$((H + 1)):1" "$((H + 2)):1" "$((H + 3)):1" "$((H + 4)):2" "$((H + 5)):2"
		"$((H + 6)):2" "$((H + 7)):2" "$((H + 8)):2:m")
	for i in $(seq 9 15); do specs+=("$((H + i)):0"); done
	for i in $(seq 16 55); do specs+=("$((H + i)):255"); done
	why=$(blocks "$img" "${specs[@]}")
fi
verdict jbd2_host_e2fsck_clean "$why"

cp --sparse=always "$log" "$tmp/log.img"
why=
if dumpe2fs -h "$tmp/log.img" 2>/dev/null | grep -q '^Journal start: *0$'; then
	why="Mica left no log to replay"
elif ! debugfs -w -R 'feature needs_recovery' "$tmp/log.img" >/dev/null 2>&1; then
	why="debugfs cannot set needs_recovery"
else
	e2fsck -E journal_only -y "$tmp/log.img" >"$tmp/replay.out" 2>&1
	if [ $? -gt 1 ] || grep -qi 'invalid\|checksum\|error' "$tmp/replay.out"; then
		why="e2fsck's replay: $(head -3 "$tmp/replay.out" | tr '\n' ' ')"
	else
		why=$(blocks "$tmp/log.img" "$H:1" "$((H + 1)):1" "$((H + 2)):1" "$((H + 3)):1" \
			"$((H + 4)):2" "$((H + 5)):2" "$((H + 6)):2" "$((H + 7)):2" "$((H + 8)):2:m" \
			"$((H + 9)):0")
	fi
	[ -n "$why" ] || why=$(fsck_clean "$tmp/log.img")
fi
verdict jbd2_host_e2fsck_replay "$why"
echo "ktest: done $passed passed, $failed failed"
exit 0
