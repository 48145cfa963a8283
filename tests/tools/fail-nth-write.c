// SPDX-License-Identifier: GPL-2.0-only
/*
 * fail-nth-write N RESULT-FILE PATH TEXT: write TEXT to PATH (a sysfs
 * attribute: vdsa_sim's new_device, del_device) with the Nth kernel
 * allocation of that write(2) failing, and write "reached" or
 * "not-reached" to RESULT-FILE. PATH is opened before arming: what is
 * swept is the handler of the write. Exit status: 0, the write's errno,
 * or 100 for a local error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fail-nth.h"

#define EXIT_LOCAL_ERROR 100

static int local_error(const char *what, int err)
{
	fprintf(stderr, "fail-nth-write: %s: %s\n", what, strerror(err));
	return EXIT_LOCAL_ERROR;
}

int main(int argc, char **argv)
{
	struct fail_nth fnth;
	bool reached = false;
	int fd, err, write_err = 0;
	size_t len;
	ssize_t n;
	char *end;
	long nth;
	FILE *res;

	if (argc != 5) {
		fprintf(stderr, "usage: fail-nth-write N RESULT-FILE PATH TEXT\n");
		return EXIT_LOCAL_ERROR;
	}
	nth = strtol(argv[1], &end, 10);
	if (*end || end == argv[1] || nth < 1)
		return local_error(argv[1], EINVAL);
	fd = open(argv[3], O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return local_error(argv[3], errno);
	err = fail_nth_open(&fnth, nth);
	if (err)
		return local_error("/proc/thread-self/fail-nth", -err);
	len = strlen(argv[4]);

	err = fail_nth_arm(&fnth);
	if (err)
		return local_error("arming fail-nth", -err);
	n = write(fd, argv[4], len);
	if (n < 0)
		write_err = errno;
	err = fail_nth_disarm(&fnth, &reached);
	if (err)
		return local_error("reading fail-nth", -err);
	fail_nth_close(&fnth);
	close(fd);

	res = fopen(argv[2], "w");
	if (!res)
		return local_error(argv[2], errno);
	fputs(reached ? "reached\n" : "not-reached\n", res);
	if (fclose(res))
		return local_error(argv[2], errno);
	if (write_err) {
		fprintf(stderr, "fail-nth-write: %s: %s\n", argv[3], strerror(write_err));
		return write_err;
	}
	if ((size_t)n != len) {
		fprintf(stderr, "fail-nth-write: %s: short write\n", argv[3]);
		return EXIT_LOCAL_ERROR;
	}
	return 0;
}
