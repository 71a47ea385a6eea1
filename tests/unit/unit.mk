# Host unit tests (cmocka), included by the top-level Makefile.
#
#   make unit        build every tests/unit/test_<name>.c into $(BUILD)/host/
#                    and run each one; fails if any test fails
#
# Adding a test: create tests/unit/test_<name>.c and, if it needs more than
# lib/string.c and lib/vsnprintf.c (always linked), list the sources it links
# as UNIT_SRCS_<name>, below or in the including makefile before the include
# (the link rules are expanded when this file is read).
#
# Every test and every source is compiled for the host with -Itests/unit/shim
# before -Iinclude (so shim headers can replace kernel-only ones) and with
# host_rename.h forced in, which renames Mica's libc-named functions (memcpy,
# snprintf, ...) so they do not clash with the C library. Tests read device
# tree fixtures from UNIT_FIXTURE_DIR. HOST_SANITIZE= turns ASan/UBSan off.
#
# Only UNIT_* and HOST_* variables are defined here, to stay clear of the
# kernel build's own.

BUILD ?= build

# Do not become the including makefile's default goal (restored at the end).
UNIT_SAVED_GOAL := $(.DEFAULT_GOAL)

UNIT_DIR := tests/unit
UNIT_OUT := $(BUILD)/host

HOST_CC ?= cc
HOST_SANITIZE ?= -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS ?= -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer $(HOST_SANITIZE)
HOST_DTC ?= dtc

UNIT_CPPFLAGS := -I$(UNIT_DIR)/shim -Iinclude -include $(UNIT_DIR)/host_rename.h \
	-U_FORTIFY_SOURCE -DUNIT_FIXTURE_DIR='"$(abspath $(UNIT_OUT)/fixtures)"'
UNIT_LDLIBS := -lcmocka

# Linked into every test.
UNIT_COMMON_SRCS := lib/string.c lib/vsnprintf.c

# Extra sources per test ("+=": keep what an including makefile set).
UNIT_SRCS_rbtree += lib/rbtree.c
UNIT_SRCS_bitmap += lib/bitmap.c
UNIT_SRCS_cmdline += lib/cmdline.c
UNIT_SRCS_calendar += lib/calendar.c
UNIT_SRCS_fdt += lib/fdt.c
UNIT_SRCS_buddy += core/buddy.c
UNIT_SRCS_slab += core/slab.c
UNIT_SRCS_radix_tree += lib/radix_tree.c
UNIT_SRCS_partition += kernel/block/partition_parse.c lib/crc32.c
UNIT_SRCS_fat += kernel/fs/fat/boot.c kernel/fs/fat/name.c lib/calendar.c
UNIT_SRCS_jbd2 += kernel/fs/jbd2/format.c kernel/fs/jbd2/recovery.c lib/crc32c.c
UNIT_SRCS_ext4_pfree += kernel/fs/ext4/pfree.c lib/rbtree.c
UNIT_SRCS_ext4 += kernel/fs/ext4/format_super.c kernel/fs/ext4/format_inode.c \
	kernel/fs/ext4/format_dir.c kernel/fs/ext4/format_dx.c kernel/fs/ext4/format_hash.c kernel/fs/ext4/format_xattr.c \
	lib/crc32c.c

# Device tree fixtures, compiled at build time; tests find them through
# UNIT_FIXTURE_DIR. -q: some fixtures are malformed on purpose.
UNIT_FIXTURES := $(patsubst $(UNIT_DIR)/fixtures/%.dts,$(UNIT_OUT)/fixtures/%.dtb, \
	$(wildcard $(UNIT_DIR)/fixtures/*.dts))

# Journals written by debugfs and replayed by e2fsck (test_jbd2).
UNIT_JBD2_FIXTURES := $(UNIT_OUT)/fixtures/jbd2/.done

UNIT_NAMES := $(sort $(patsubst $(UNIT_DIR)/test_%.c,%,$(wildcard $(UNIT_DIR)/test_*.c)))
UNIT_TESTS := $(addprefix $(UNIT_OUT)/test_,$(UNIT_NAMES))

# Sources of one test, and object paths for sources.
UNIT_SRCS_OF = $(sort $(UNIT_DIR)/test_$(1).c $(UNIT_COMMON_SRCS) $(UNIT_SRCS_$(1)))
UNIT_OBJS_FOR = $(patsubst %.c,$(UNIT_OUT)/obj/%.o,$(1))

UNIT_ALL_SRCS := $(sort $(foreach n,$(UNIT_NAMES),$(call UNIT_SRCS_OF,$(n))))
UNIT_ALL_OBJS := $(call UNIT_OBJS_FOR,$(UNIT_ALL_SRCS))

.PHONY: unit unit-build unit-clean

unit: unit-build
	@unit_fail=0; \
	for t in $(UNIT_TESTS); do \
		echo "== $$t"; \
		$$t || unit_fail=1; \
	done; \
	exit $$unit_fail

unit-build: $(UNIT_TESTS) $(UNIT_FIXTURES) $(UNIT_JBD2_FIXTURES)

unit-clean:
	rm -rf $(UNIT_OUT)

# Static pattern rules, so that no pattern rule of the kernel build applies.
$(UNIT_ALL_OBJS): $(UNIT_OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CPPFLAGS) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(UNIT_FIXTURES): $(UNIT_OUT)/fixtures/%.dtb: $(UNIT_DIR)/fixtures/%.dts
	@mkdir -p $(@D)
	$(HOST_DTC) -q -I dts -O dtb -o $@ $<

$(UNIT_JBD2_FIXTURES): tools/mkjbd2-corpus.sh
	@rm -rf $(@D)
	tools/mkjbd2-corpus.sh --fixtures $(@D)
	@touch $@

define UNIT_LINK_RULE
$(UNIT_OUT)/test_$(1): $(call UNIT_OBJS_FOR,$(call UNIT_SRCS_OF,$(1))) | $(UNIT_FIXTURES) $(UNIT_JBD2_FIXTURES)
	$$(HOST_CC) $$(HOST_CFLAGS) $$^ $$(UNIT_LDLIBS) -o $$@
endef
$(foreach n,$(UNIT_NAMES),$(eval $(call UNIT_LINK_RULE,$(n))))

-include $(UNIT_ALL_OBJS:.o=.d)

.DEFAULT_GOAL := $(UNIT_SAVED_GOAL)
