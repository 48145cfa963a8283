# kernel/: the vdsa core and vdsa_sim, built by Kbuild through "make modules"
# (never part of "all"); listed here so the tarball carries them.
EXTRA_DIST += \
	kernel/Kbuild \
	kernel/vdsa.h \
	kernel/registry.c \
	kernel/config.c \
	kernel/commit.c \
	kernel/nl.c \
	kernel/nl_dev.c \
	kernel/nl_group.c \
	kernel/nl_wq.c \
	kernel/inst.c \
	kernel/nl_inst.c \
	kernel/bind_bus.c \
	kernel/bind_vfio.c \
	kernel/bind_mdev.c \
	kernel/event.c \
	kernel/include/vdsa/provider.h \
	kernel/sim/Kbuild \
	kernel/sim/vdsa_sim.h \
	kernel/sim/main.c \
	kernel/sim/hw.c \
	kernel/sim/external.c \
	doc/provider-idxd.md \
	schemas/netlink/vdsa.yaml \
	tools/nlspec.py \
	tests/kernel/lib.bash \
	tests/kernel/10-family.bats \
	tests/kernel/20-wq.bats \
	tests/kernel/30-atomic.bats \
	tests/kernel/32-degraded.bats \
	tests/kernel/40-notify.bats \
	tests/kernel/50-perm.bats \
	tests/kernel/failnth.bash \
	tests/kernel/95-fail-nth.bats
