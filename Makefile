# ctrkit — build, test, install. See README.md for the two commands that
# matter: `make demo` and `make check`.

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1)
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
# The target-specific rules below come before `all`: name the default.
.DEFAULT_GOAL := all

CC      ?= cc
CFLAGS  ?= -O2 -g
# The language and the warnings are not negotiable; CFLAGS from the command
# line adds to them (the sanitizer build does).
override CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
           -Wno-format-nonliteral -MMD -MP -DCTRKIT_VERSION='"$(VERSION)"' -Ilib
override LDLIBS += $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
# Only img-import and img-unpack read archives and hash blobs (lib/layer*,
# lib/storeimport, lib/sha256): only they link libarchive and libcrypto.
# The tools that read the store (img-inspect, which every ctr-run calls)
# start without them.
IMG_LDLIBS := $(shell pkg-config --libs libarchive libcrypto 2>/dev/null || echo -larchive -lcrypto)
$(BUILD)/bin/img-unpack $(BUILD)/bin/img-import: override LDLIBS += $(IMG_LDLIBS)
# The network tools speak netlink (libmnl) and nftables (libnftnl); so does
# ctr-rm & co. (lib/ctrlife), which undoes a container's network by its id.
NET_LDLIBS := $(shell pkg-config --libs libmnl libnftnl 2>/dev/null || echo -lnftnl -lmnl)
$(addprefix $(BUILD)/bin/,net-bridge net-veth net-lease net-port ctr-rm ctr-monitor ctr-stop ctr-kill ctr-pause ctr-unpause): override LDLIBS += $(NET_LDLIBS)
# Only ctr-creds sets capabilities: only it links libcap. It runs inside the
# container's root (rootfs-pivot --host-exec), where the host's loader and
# libraries are not, so it is linked static. AddressSanitizer cannot be
# linked static: a sanitizer build keeps UBSan alone for it, built from its
# own copy of the library objects.
CAP_LDLIBS := $(shell pkg-config --static --libs libcap 2>/dev/null || echo -lcap)
comma := ,
no_asan = $(patsubst -fsanitize=address,,$(subst -fsanitize=address$(comma),-fsanitize=,$(1)))
STATIC_LIB_OBJ := $(patsubst %,$(BUILD)/static/lib/%.o,caps diag exec explain opt supervise timing user)
$(BUILD)/static/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(call no_asan,$(CFLAGS)) -c -o $@ $<
$(BUILD)/static/libctrkit.a: $(STATIC_LIB_OBJ)
	$(AR) rcs $@ $^
$(BUILD)/bin/ctr-creds: tools/ctr-creds.c $(BUILD)/static/libctrkit.a
	@mkdir -p $(@D)
	$(CC) $(call no_asan,$(CFLAGS)) $(call no_asan,$(LDFLAGS)) -static -o $@ $< $(BUILD)/static/libctrkit.a $(CAP_LDLIBS)

SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

TOOLS_C  := $(patsubst tools/%.c,%,$(wildcard tools/*.c))
TOOLS_SH := $(notdir $(shell find tools -maxdepth 1 -type f ! -name '*.c'))
LIB_OBJ  := $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(wildcard lib/*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/*.c))
BINS     := $(addprefix $(BUILD)/bin/,$(TOOLS_C) $(TOOLS_SH))

# The tools are linked static (glibc and jansson inside): a container
# starts as a chain of a dozen execs, and a static program skips the
# dynamic loader, about 0.2 ms an exec here and 20 ms in an emulated VM.
# Not static: the tools that speak netlink (Debian ships no libmnl.a),
# ns-list (user names through NSS), img-import and img-unpack (libarchive
# and its compressors), and any sanitizer build (ASan links dynamic only).
DYNAMIC_TOOLS := net-bridge net-veth net-lease net-port ctr-rm ctr-monitor ctr-stop ctr-kill ctr-pause \
		 ctr-unpause ns-list img-import img-unpack
ifeq (,$(findstring -fsanitize=address,$(CFLAGS)))
$(addprefix $(BUILD)/bin/,$(filter-out $(DYNAMIC_TOOLS) ctr-creds,$(TOOLS_C))): override LDFLAGS += -static
endif

.PHONY: all deps demo check test unit man images install clean diagrams
all: $(BINS)

deps:
	@./scripts/install-deps

$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libctrkit.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/bin/%: tools/%.c $(BUILD)/libctrkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libctrkit.a $(LDLIBS)

# Shell tools are copied as they are: they read like the lessons.
$(BUILD)/bin/%: tools/%
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libctrkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libctrkit.a $(LDLIBS)

unit: $(UNIT_BIN)

# Man pages are made from each tool's --help, so the two cannot drift.
man: $(addprefix $(BUILD)/man/,$(addsuffix .1,$(TOOLS_C) $(TOOLS_SH)))
$(BUILD)/man/%.1: $(BUILD)/bin/%
	@mkdir -p $(@D)
	help2man --no-info --section=1 --source=ctrkit --version-string=$(VERSION) \
		--name="$$($< --help | sed -n '2{s/\.$$//;p;}')" --output=$@ $<

install: all man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

# ctrkit's own images, built from source: hello-world and busybox (OCI layouts).
images:
	./scripts/mk-images $(BUILD)/images

# The lessons' diagrams: each lessons/*/NAME.dot drawn as NAME.svg beside it
# (Graphviz, which `make deps` installs).
DIAGRAMS := $(patsubst %.dot,%.svg,$(wildcard lessons/*/*.dot))
diagrams: $(DIAGRAMS)
lessons/%.svg: lessons/%.dot
	dot -Tsvg -o $@ $<

# The README's two commands.
demo: deps all images diagrams
	./scripts/demo

check: deps diagrams
	./scripts/test-all

clean:
	rm -rf build $(DIAGRAMS)

-include $(LIB_OBJ:.o=.d) $(STATIC_LIB_OBJ:.o=.d) $(UNIT_BIN:=.d) $(addprefix $(BUILD)/bin/,$(TOOLS_C:=.d))
