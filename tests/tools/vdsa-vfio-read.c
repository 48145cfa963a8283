// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdsa-vfio-read: read a vDSA instance through vfio the way a VMM would and
 * print what a guest would see, decoded per doc/vdsa-vdev-regs.md, as JSON.
 *
 *   vdsa-vfio-read [--hold] GROUP DEVICE
 *
 * GROUP is N of /dev/vfio/N, DEVICE the vfio device name (the instance's
 * UUID, for both bindings). With --hold the device stays open after the
 * JSON is printed until stdin reaches end of file or SIGTERM/SIGINT
 * arrives. Exit status 0 on success, 1 with a message on stderr on any
 * failure, 2 for a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vfio.h>

/* doc/vdsa-vdev-regs.md */
#define CFG_SIZE 256
#define BAR0_SIZE 4096
#define REG_VERSION 0x000
#define REG_GENCAP 0x010
#define REG_WQCAP 0x020
#define REG_OPCAP 0x040
#define OPCAP_LEN 32
#define REG_TABLE_OFFSET 0x060
#define REG_WQCFG_SIZE 0x064

static const char *prog = "vdsa-vfio-read";

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(1);
}

__attribute__((format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint32_t le16(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static const char *json_bool(uint64_t v)
{
	return v ? "true" : "false";
}

static uint64_t shift_val(unsigned int shift)
{
	return shift < 64 ? (uint64_t)1 << shift : 0;
}

static void region_info(int dev, unsigned int index, struct vfio_region_info *ri)
{
	char what[64];

	memset(ri, 0, sizeof(*ri));
	ri->argsz = sizeof(*ri);
	ri->index = index;
	if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, ri) < 0) {
		snprintf(what, sizeof(what), "VFIO_DEVICE_GET_REGION_INFO %u", index);
		die(what);
	}
}

static void read_region(int dev, const struct vfio_region_info *ri, uint8_t *buf, size_t size,
			const char *name)
{
	ssize_t n;

	if (!(ri->flags & VFIO_REGION_INFO_FLAG_READ))
		fail("region %s is not readable", name);
	if (ri->size < size)
		fail("region %s is smaller than expected", name);
	n = pread(dev, buf, size, (off_t)ri->offset);
	if (n < 0)
		die(name);
	if ((size_t)n != size)
		fail("short read of region %s", name);
}

static void print_json(const uint8_t *cfg, const uint8_t *bar0, uint64_t bar0_size,
		       const struct vfio_device_info *info)
{
	uint64_t gencap = le64(bar0 + REG_GENCAP), wqcap = le64(bar0 + REG_WQCAP);
	uint32_t table = le32(bar0 + REG_TABLE_OFFSET), stride = le32(bar0 + REG_WQCFG_SIZE);
	unsigned int n_wqs = (wqcap >> 16) & 0xff, i;

	if (stride < 0x18 || table >= BAR0_SIZE ||
	    (uint64_t)table + (uint64_t)n_wqs * stride > BAR0_SIZE)
		fail("BAR0: WQCFG table does not fit the BAR");

	printf("{\"vendor\":\"0x%04x\",\"device\":\"0x%04x\",\"revision\":%u,", le16(cfg),
	       le16(cfg + 2), cfg[8]);
	printf("\"class\":\"0x%06x\",\"header_type\":%u,", le32(cfg + 8) >> 8, cfg[0x0e]);
	printf("\"subsystem_vendor\":\"0x%04x\",\"subsystem\":\"0x%04x\",", le16(cfg + 0x2c),
	       le16(cfg + 0x2e));
	printf("\"bar0\":\"0x%08x\",\"bar0_size\":%" PRIu64 ",", le32(cfg + 0x10), bar0_size);
	printf("\"num_regions\":%u,\"num_irqs\":%u,", info->num_regions, info->num_irqs);
	printf("\"caps\":{\"version\":\"0x%x\",", le32(bar0 + REG_VERSION));
	printf("\"block_on_fault\":%s,\"ats\":%s,\"shared_wq\":%s,", json_bool(gencap & 1),
	       json_bool(gencap & 2), json_bool(gencap & 4));
	printf("\"max_transfer_size\":%" PRIu64 ",\"max_batch_size\":%" PRIu64 ",",
	       shift_val((gencap >> 8) & 0xff), shift_val((gencap >> 16) & 0xff));
	printf("\"total_wq_size\":%u,\"wq_count\":%u,", (unsigned int)(wqcap & 0xffff), n_wqs);
	printf("\"shared_mode\":%s,\"dedicated_mode\":%s,\"op_cap\":\"",
	       json_bool(wqcap & (1ULL << 48)), json_bool(wqcap & (1ULL << 49)));
	for (i = 0; i < OPCAP_LEN; i++)
		printf("%02x", bar0[REG_OPCAP + i]);
	printf("\"},\"wqs\":[");
	for (i = 0; i < n_wqs; i++) {
		const uint8_t *e = bar0 + table + i * stride;
		uint32_t w2 = le32(e + 8), w3 = le32(e + 12);

		printf("%s{\"mode\":\"%s\",\"size\":%u,\"threshold\":%u,\"priority\":%u,",
		       i ? "," : "", (w2 & 1) ? "dedicated" : "shared", le32(e) & 0xffff,
		       le32(e + 4) & 0xffff, (w2 >> 4) & 0xf);
		printf("\"privileged\":%s,\"block_on_fault\":%s,\"ats_disable\":%s,",
		       json_bool(w2 & (1U << 29)), json_bool(w2 & 2), json_bool(w2 & 4));
		printf("\"max_transfer_size\":%" PRIu64 ",\"max_batch_size\":%" PRIu64
		       ",\"enabled\":%s}",
		       shift_val(w3 & 0xff), shift_val((w3 >> 8) & 0xff),
		       json_bool((le32(e + 0x14) & 3) == 1));
	}
	printf("]}\n");
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Keep the device open until stdin closes or a signal arrives. */
static void hold(void)
{
	struct sigaction sa;
	char buf[256];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--hold] GROUP DEVICE\n"
		"Reads the vfio device DEVICE of /dev/vfio/GROUP (a vDSA instance) and prints\n"
		"its PCI config space and BAR0 decoded as JSON. --hold keeps it open until\n"
		"stdin closes or SIGTERM.\n",
		prog);
}

int main(int argc, char **argv)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct vfio_region_info cfg_ri, bar_ri;
	uint8_t cfg[CFG_SIZE], bar0[BAR0_SIZE];
	bool do_hold = false;
	int container, group, dev, argi = 1;
	char *end, path[64];
	long group_nr;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--hold")) {
		do_hold = true;
		argi++;
	}
	if (argc - argi != 2) {
		usage(stderr);
		return 2;
	}
	errno = 0;
	group_nr = strtol(argv[argi], &end, 10);
	if (errno || *end || end == argv[argi] || group_nr < 0) {
		fprintf(stderr, "%s: bad group number '%s'\n", prog, argv[argi]);
		return 2;
	}

	container = open("/dev/vfio/vfio", O_RDWR);
	if (container < 0)
		die("open /dev/vfio/vfio");
	if (ioctl(container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		fail("/dev/vfio/vfio: unknown vfio API version");
	if (ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) <= 0)
		fail("/dev/vfio/vfio: no VFIO_TYPE1_IOMMU support (is vfio_iommu_type1 loaded?)");

	snprintf(path, sizeof(path), "/dev/vfio/%ld", group_nr);
	group = open(path, O_RDWR);
	if (group < 0)
		die(path);
	if (ioctl(group, VFIO_GROUP_GET_STATUS, &status) < 0)
		die("VFIO_GROUP_GET_STATUS");
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		fail("%s: group is not viable", path);
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) < 0)
		die("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU) < 0)
		die("VFIO_SET_IOMMU");
	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, argv[argi + 1]);
	if (dev < 0)
		die("VFIO_GROUP_GET_DEVICE_FD");
	if (ioctl(dev, VFIO_DEVICE_GET_INFO, &info) < 0)
		die("VFIO_DEVICE_GET_INFO");
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI))
		fail("%s: not a PCI device", argv[argi + 1]);
	if (info.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX)
		fail("%s: no config space region", argv[argi + 1]);

	region_info(dev, VFIO_PCI_CONFIG_REGION_INDEX, &cfg_ri);
	region_info(dev, VFIO_PCI_BAR0_REGION_INDEX, &bar_ri);
	read_region(dev, &cfg_ri, cfg, sizeof(cfg), "config");
	read_region(dev, &bar_ri, bar0, sizeof(bar0), "BAR0");
	print_json(cfg, bar0, bar_ri.size, &info);
	if (fflush(stdout))
		die("stdout");

	if (do_hold)
		hold();
	close(dev);
	close(group);
	close(container);
	return 0;
}
