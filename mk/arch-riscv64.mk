# riscv64 (QEMU virt, OpenSBI): included by the top Makefile.
# docs/porting.md lists what an mk/arch-$(ARCH).mk defines.
CROSS_COMPILE ?= riscv64-linux-gnu-
ARCH_CFLAGS_gcc := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax
ARCH_CFLAGS_clang := --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany \
	-mno-relax
# The user FPU save/restore is the one file assembled with the D extension.
ARCH_FPU_OBJS := arch/riscv64/fpu.S.o
FPU_MARCH = $(if $(filter clang,$(COMPILER)),-march=rv64imafd,-march=rv64imafd_zicsr_zifencei)
ARCH_DEPS_BUILD := gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
ARCH_DEPS_RUN := qemu-system-misc opensbi

# What QEMU's -kernel loads: the flat image (OpenSBI jumps to its start).
KERNEL_IMAGE = $(BUILD)/mica.bin
OPENSBI := /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
QEMU := qemu-system-riscv64
QEMU_BASE = -M virt -smp $(SMP) -nographic -bios $(OPENSBI) \
	-kernel $(BUILD)/mica.bin
