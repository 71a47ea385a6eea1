# x86_64 (QEMU q35, PVH boot): included by the top Makefile. The host's
# own compiler builds it (CROSS_COMPILE empty on an x86_64 host).
# docs/porting.md lists what an mk/arch-$(ARCH).mk defines.
CROSS_COMPILE ?=
# Kernel code model (linked in the top 2 GiB), no red zone (interrupts
# push on the running stack), no FPU/SSE registers in kernel code.
X86_CFLAGS := -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-80387 \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -fcf-protection=none
ARCH_CFLAGS_gcc := -m64 $(X86_CFLAGS)
ARCH_CFLAGS_clang := --target=x86_64-unknown-elf $(X86_CFLAGS)
ARCH_FPU_OBJS :=
FPU_MARCH :=
ARCH_DEPS_BUILD := gcc binutils
ARCH_DEPS_RUN := qemu-system-x86

# What QEMU's -kernel loads: the ELF itself, entered through its PVH note.
KERNEL_IMAGE = $(BUILD)/mica.elf
QEMU := qemu-system-x86_64
# X86_ACCEL=auto: KVM when /dev/kvm can be opened (-cpu host), else TCG
# with a message; kvm or tcg force one. Asked once, when first needed.
X86_ACCEL ?= auto
QEMU_ACCEL = $(eval QEMU_ACCEL := $(shell tools/x86-accel.sh $(X86_ACCEL)))$(QEMU_ACCEL)
# No disk yet (virtio-pci is to come): make run boots into the kernel monitor.
DISK ?= none
# isa-debug-exit: arch_poweroff()'s last resort (QEMU exits with status 1).
QEMU_BASE = -M q35 -smp $(SMP) -nographic $(QEMU_ACCEL) \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel $(BUILD)/mica.elf
# Assembly files carry no .note.GNU-stack: the kernel has no executable-stack question.
ARCH_LDFLAGS := -z noexecstack

# No x86_64 user space yet: say so rather than fail deep in a user build.
X86_NO_USER_GOALS := test initramfs user-progs userspace rootfs-img init-script-initramfs \
	init-script-rootdisk
ifneq ($(filter $(X86_NO_USER_GOALS),$(MAKECMDGOALS)),)
$(error ARCH=x86_64 has no user space yet: make test (riscv64) also runs the x86_64 kernel self tests)
endif
