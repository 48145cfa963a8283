/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fail-nth: make the Nth allocation this thread makes in the kernel fail
 * (/proc/thread-self/fail-nth, CONFIG_FAULT_INJECTION), around exactly one
 * netlink request.
 */
#ifndef VDSA_TESTS_FAIL_NTH_H
#define VDSA_TESTS_FAIL_NTH_H

#include <stdbool.h>

struct fail_nth {
	int fd; /* -1: not armed */
	long nth;
};

/*
 * Opens the control file; nothing is armed yet. Opening allocates, so it
 * happens before fail_nth_arm(). Returns 0 or a negative errno.
 */
int fail_nth_open(struct fail_nth *f, long nth);
/* The next allocations count from here. */
int fail_nth_arm(struct fail_nth *f);
/*
 * Disarms and says whether the Nth allocation was reached (and failed)
 * since fail_nth_arm(). Returns 0 or a negative errno.
 */
int fail_nth_disarm(struct fail_nth *f, bool *reached);
void fail_nth_close(struct fail_nth *f);

#endif
