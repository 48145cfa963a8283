// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counting the socket syscalls libnl makes.
 *
 * The executable defines the libc entry points libnl-3.so calls; the dynamic
 * linker binds libnl's references to these definitions (an executable's
 * symbols come first in the lookup scope), so every call is counted here and
 * then made as the raw syscall. vdsa-bench checks at start-up that the
 * counters move, so a build where the interposition does not take effect
 * (static libnl, symbol not exported) fails loudly instead of reporting 0.
 */
#define _DEFAULT_SOURCE
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

const char *const syscount_names[SC_NR] = {
	[SC_SENDMSG] = "sendmsg",
	[SC_RECVMSG] = "recvmsg",
	[SC_SENDTO] = "sendto",
	[SC_RECVFROM] = "recvfrom",
	[SC_POLL] = "poll",
};

static struct syscount counters;

void syscount_get(struct syscount *now)
{
	*now = counters;
}

void syscount_add_since(struct syscount *acc, const struct syscount *start)
{
	int i;

	for (i = 0; i < SC_NR; i++)
		acc->call[i] += counters.call[i] - start->call[i];
	acc->datagrams += counters.datagrams - start->datagrams;
}

unsigned long syscount_total(const struct syscount *c)
{
	unsigned long sum = 0;
	int i;

	for (i = 0; i < SC_NR; i++)
		sum += c->call[i];
	return sum;
}

static void count_datagram(ssize_t ret, int flags)
{
	if (ret > 0 && !(flags & MSG_PEEK))
		counters.datagrams++;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	counters.call[SC_SENDMSG]++;
	return syscall(SYS_sendmsg, fd, msg, flags);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t ret;

	counters.call[SC_RECVMSG]++;
	ret = syscall(SYS_recvmsg, fd, msg, flags);
	count_datagram(ret, flags);
	return ret;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *addr, socklen_t alen)
{
	counters.call[SC_SENDTO]++;
	return syscall(SYS_sendto, fd, buf, len, flags, addr, alen);
}

ssize_t recvfrom(int fd, void *restrict buf, size_t len, int flags,
		 struct sockaddr *restrict addr, socklen_t *restrict alen)
{
	ssize_t ret;

	counters.call[SC_RECVFROM]++;
	ret = syscall(SYS_recvfrom, fd, buf, len, flags, addr, alen);
	count_datagram(ret, flags);
	return ret;
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	counters.call[SC_POLL]++;
	return syscall(SYS_poll, fds, nfds, timeout);
}
