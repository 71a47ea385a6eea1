# Mica user space: included by the top Makefile (which sets ARCH, BUILD and
# CROSS_COMPILE). See tools/userspace/README.md.
#
#   make userspace    musl, busybox, lua from Debian sources, cached in
#                     $(USER_CACHE) (tools/userspace/build.sh)
#   make user-progs   every program of $(USER_SRC_DIRS) in four variants:
#                     $(BUILD)/user/{musl,glibc}-{static,dynamic}/NAME
#   make initramfs    $(BUILD)/initramfs.cpio (cpio newc); boot it with
#                     make run INITRD=$(BUILD)/initramfs.cpio
#   make user-clean   remove the above from $(BUILD) (not the cache)
#   make init-script-initramfs
#                     $(BUILD)/initramfs-script.cpio: busybox, /init the
#                     "#!/bin/busybox sh" script tests/boot/init-script.sh
#                     and /sbin/init a link to it (make test boots it)
#   make init-script-rootdisk
#                     $(BUILD)/rootdisk-script.img: the same tree on ext4
#                     (tools/mkrootfs.sh), for make test's boot with root=
#
# Options: USER_SRC_DIRS='dir ...' (default: every user/*/ with .c files
# but user/lib), USER_LIB_DIR (helper library linked into every program,
# default user/lib), USER_INIT=/path/in/image (makes /init a link to it;
# default: no /init), USER_STRIP=0 (keep debug info in the image's copies).
#
# Per-program link flags: USER_LDFLAGS_<name> is added to the link of
# program <name> in all four variants, for the few tests that need an
# unusual layout (set below, next to the reason).

USER_CACHE := $(or $(MICA_CACHE),$(HOME)/.cache/mica)/$(ARCH)
USER_MUSL_CC := $(USER_CACHE)/bin/$(ARCH)-linux-musl-gcc
USER_GLIBC_CC := $(CROSS_COMPILE)gcc
USER_STAMPS := $(USER_CACHE)/musl/.stamp $(USER_CACHE)/busybox/.stamp $(USER_CACHE)/lua/.stamp

USER_LIB_DIR ?= user/lib
USER_SRC_DIRS ?= $(filter-out $(USER_LIB_DIR),$(patsubst %/,%,$(sort $(dir $(wildcard user/*/*.c)))))
USER_CASES ?= user/tests/cases.txt
USER_XFAIL ?= user/runner/xfail.txt
USER_INIT ?=
USER_STRIP ?= 1

USER_OUT := $(BUILD)/user
USER_VARIANTS := musl-static musl-dynamic glibc-static glibc-dynamic
USER_SRCS := $(foreach d,$(USER_SRC_DIRS),$(wildcard $(d)/*.c))
USER_NAMES := $(notdir $(basename $(USER_SRCS)))
USER_BINS := $(foreach v,$(USER_VARIANTS),$(addprefix $(USER_OUT)/$(v)/,$(USER_NAMES)))
USER_LIB_SRCS := $(wildcard $(USER_LIB_DIR)/*.c)
USER_LIBA_musl := $(if $(USER_LIB_SRCS),$(USER_OUT)/obj/musl/lib/libuser.a)
USER_LIBA_glibc := $(if $(USER_LIB_SRCS),$(USER_OUT)/obj/glibc/lib/libuser.a)
USER_CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 -I$(USER_LIB_DIR) -MMD -MP
USER_LDLIBS := -lm
# low_address_static: linked at 0x1000, the lowest address mmap_min_addr allows.
USER_LDFLAGS_low_address_static := -no-pie -Wl,-Ttext-segment=0x1000
USER_IMAGE := $(BUILD)/initramfs.cpio
USER_ROOT := $(BUILD)/initramfs-root
USER_MANIFEST := $(USER_OUT)/manifest

.PHONY: userspace user-progs user-progs-build initramfs user-initramfs-build user-clean user-force \
	init-script-initramfs

userspace:
	@tools/userspace/build.sh $(ARCH)

user-progs: userspace
	@$(MAKE) --no-print-directory user-progs-build

user-progs-build: $(USER_BINS)
	@dups='$(sort $(foreach n,$(USER_NAMES),$(if $(filter-out 1,$(words $(filter $(n),$(USER_NAMES)))),$(n))))'; \
	if [ -n "$$dups" ]; then echo "mica: user programs with the same name in $(USER_SRC_DIRS): $$dups"; exit 1; fi

initramfs: userspace user-progs
	@$(MAKE) --no-print-directory user-initramfs-build

user-initramfs-build: $(USER_IMAGE)

# Objects: one set per libc (headers differ), linked static and dynamic.
# $(1) source, $(2) name
define USER_PROG_RULES
$(USER_OUT)/obj/musl/$(2).o: $(1) $(USER_MUSL_CC) mk/user.mk
	@mkdir -p $$(@D)
	@echo "  CC      $$< (musl)"
	@$(USER_MUSL_CC) $(USER_CFLAGS) -c $$< -o $$@
$(USER_OUT)/obj/glibc/$(2).o: $(1) mk/user.mk
	@mkdir -p $$(@D)
	@echo "  CC      $$< (glibc)"
	@$(USER_GLIBC_CC) $(USER_CFLAGS) -c $$< -o $$@
endef
$(foreach s,$(USER_SRCS),$(eval $(call USER_PROG_RULES,$(s),$(notdir $(basename $(s))))))

$(USER_OUT)/obj/musl/lib/%.o: $(USER_LIB_DIR)/%.c $(USER_MUSL_CC) mk/user.mk
	@mkdir -p $(@D)
	@echo "  CC      $< (musl)"
	@$(USER_MUSL_CC) $(USER_CFLAGS) -c $< -o $@
$(USER_OUT)/obj/glibc/lib/%.o: $(USER_LIB_DIR)/%.c mk/user.mk
	@mkdir -p $(@D)
	@echo "  CC      $< (glibc)"
	@$(USER_GLIBC_CC) $(USER_CFLAGS) -c $< -o $@
$(USER_OUT)/obj/musl/lib/libuser.a: $(patsubst $(USER_LIB_DIR)/%.c,$(USER_OUT)/obj/musl/lib/%.o,$(USER_LIB_SRCS))
	@rm -f $@
	@$(CROSS_COMPILE)ar rcs $@ $^
$(USER_OUT)/obj/glibc/lib/libuser.a: $(patsubst $(USER_LIB_DIR)/%.c,$(USER_OUT)/obj/glibc/lib/%.o,$(USER_LIB_SRCS))
	@rm -f $@
	@$(CROSS_COMPILE)ar rcs $@ $^

$(USER_OUT)/musl-static/%: $(USER_OUT)/obj/musl/%.o $(USER_LIBA_musl)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(USER_MUSL_CC) -static -g -o $@ $^ $(USER_LDLIBS) $(USER_LDFLAGS_$*)
$(USER_OUT)/musl-dynamic/%: $(USER_OUT)/obj/musl/%.o $(USER_LIBA_musl)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(USER_MUSL_CC) -g -o $@ $^ $(USER_LDLIBS) $(USER_LDFLAGS_$*)
$(USER_OUT)/glibc-static/%: $(USER_OUT)/obj/glibc/%.o $(USER_LIBA_glibc)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(USER_GLIBC_CC) -static -g -o $@ $^ $(USER_LDLIBS) $(USER_LDFLAGS_$*)
$(USER_OUT)/glibc-dynamic/%: $(USER_OUT)/obj/glibc/%.o $(USER_LIBA_glibc)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(USER_GLIBC_CC) -g -o $@ $^ $(USER_LDLIBS) $(USER_LDFLAGS_$*)

-include $(wildcard $(USER_OUT)/obj/*/*.d $(USER_OUT)/obj/*/lib/*.d)

# The image's inputs that are not files: rewritten only when they change.
USER_MANIFEST_TEXT := $(foreach v,$(USER_VARIANTS),$(addprefix $(v)/,$(USER_NAMES))) \
	init=$(USER_INIT) strip=$(USER_STRIP) cases=$(USER_CASES) xfail=$(USER_XFAIL)
$(USER_MANIFEST): user-force
	@mkdir -p $(@D)
	@printf '%s\n' $(USER_MANIFEST_TEXT) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(USER_IMAGE): $(USER_BINS) $(USER_MANIFEST) $(USER_STAMPS) \
		$(wildcard $(USER_CASES) $(dir $(USER_CASES))fs-cases.txt $(USER_XFAIL)) \
		tools/userspace/mkinitramfs.sh mk/user.mk
	@echo "  CPIO    $@"
	@grep -v = $(USER_MANIFEST) > $(USER_OUT)/programs || true
	@tools/userspace/mkinitramfs.sh $(ARCH) $(USER_ROOT) $@ $(USER_OUT) $(USER_OUT)/programs \
		'$(wildcard $(USER_CASES))' '$(USER_INIT)' '$(USER_STRIP)' '$(wildcard $(USER_XFAIL))'

user-force:

user-clean:
	rm -rf $(USER_OUT) $(USER_ROOT) $(USER_IMAGE) $(USER_IMAGE).tmp

# The init-script image: small, so that its boots are quick.
USER_SCRIPT_IMAGE := $(BUILD)/initramfs-script.cpio
USER_SCRIPT_ROOT := $(BUILD)/initramfs-script-root
init-script-initramfs: userspace
	@$(MAKE) --no-print-directory $(USER_SCRIPT_IMAGE)
$(USER_SCRIPT_IMAGE): tests/boot/init-script.sh $(USER_CACHE)/busybox/.stamp mk/user.mk
	@echo "  CPIO    $@"
	@rm -rf $(USER_SCRIPT_ROOT)
	@mkdir -p $(USER_SCRIPT_ROOT)/bin $(USER_SCRIPT_ROOT)/sbin $(USER_SCRIPT_ROOT)/dev
	@cp $(USER_CACHE)/busybox/busybox $(USER_SCRIPT_ROOT)/bin/busybox
	@install -m 755 tests/boot/init-script.sh $(USER_SCRIPT_ROOT)/init
	@ln -s ../init $(USER_SCRIPT_ROOT)/sbin/init
	@(cd $(USER_SCRIPT_ROOT) && find . -mindepth 1 -printf '%P\n' | sort | \
		cpio -o -H newc --owner=0:0 --reproducible --quiet) > $@

# Block devices: the init-script tree on an ext4 disk (make test boots it
# with root=/dev/vda once the kernel has ext4). Made afresh: the boot may
# replay or change it.
USER_SCRIPT_DISK := $(BUILD)/rootdisk-script.img
.PHONY: init-script-rootdisk
init-script-rootdisk: init-script-initramfs
	@tools/mkrootfs.sh $(USER_SCRIPT_ROOT) $(USER_SCRIPT_DISK) 32
