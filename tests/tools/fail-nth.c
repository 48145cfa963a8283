// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel counts down the value written to fail-nth at every allocation
 * that fault injection may fail, and fails the one that brings it to 0;
 * reading returns what is left, so 0 means the failure was injected. The
 * file is opened once and then used with pread/pwrite only: those do not
 * allocate, so arming, reading and disarming never consume the count.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fail-nth.h"

#define FAIL_NTH_PATH "/proc/thread-self/fail-nth"

int fail_nth_open(struct fail_nth *f, long nth)
{
	f->nth = nth;
	f->fd = open(FAIL_NTH_PATH, O_RDWR | O_CLOEXEC);
	return f->fd < 0 ? -errno : 0;
}

static int write_value(int fd, long v)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%ld", v);

	return pwrite(fd, buf, len, 0) == len ? 0 : -errno;
}

int fail_nth_arm(struct fail_nth *f)
{
	return write_value(f->fd, f->nth);
}

int fail_nth_disarm(struct fail_nth *f, bool *reached)
{
	char buf[24];
	ssize_t n = pread(f->fd, buf, sizeof(buf) - 1, 0);
	int err;

	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	*reached = strtol(buf, NULL, 10) == 0;
	/* Whatever is left must not fail a later allocation. */
	err = write_value(f->fd, 0);
	return err;
}

void fail_nth_close(struct fail_nth *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}
