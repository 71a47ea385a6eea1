#!/bin/sh
# Prints QEMU's accelerator options for an x86_64 guest on this host: KVM
# with the host's CPU when /dev/kvm opens read-write, else TCG (with a
# message on stderr) and the most capable emulated CPU.
if [ "$(uname -m)" = x86_64 ] && { exec 3<>/dev/kvm; } 2>/dev/null; then
	exec 3>&-
	echo "-enable-kvm -cpu host"
else
	echo "mica: /dev/kvm is not usable, x86_64 runs under TCG (slow)" >&2
	echo "-accel tcg -cpu max"
fi
