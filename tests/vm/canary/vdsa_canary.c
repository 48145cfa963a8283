// SPDX-License-Identifier: GPL-2.0
/*
 * vdsa_canary: proves the debug-kernel lane catches what it claims to.
 * Loading it takes two mutexes in both orders (lockdep: "possible
 * circular locking dependency", no real deadlock: one thread) and leaks
 * one allocation (kmemleak: "unreferenced object"). Never part of the
 * suite: tests/vm/canary/run builds it and expects both checks to fail.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

static DEFINE_MUTEX(canary_a);
static DEFINE_MUTEX(canary_b);
static void *canary_keep;

static int __init vdsa_canary_init(void)
{
	void *leak;

	mutex_lock(&canary_a);
	mutex_lock(&canary_b);
	mutex_unlock(&canary_b);
	mutex_unlock(&canary_a);

	mutex_lock(&canary_b);
	mutex_lock(&canary_a);
	mutex_unlock(&canary_a);
	mutex_unlock(&canary_b);

	leak = kmalloc(3000, GFP_KERNEL);
	if (!leak)
		return -ENOMEM;
	memset(leak, 0x5a, 3000);
	/* Pass it through a volatile store and forget it. */
	WRITE_ONCE(canary_keep, leak);
	WRITE_ONCE(canary_keep, NULL);
	return 0;
}

static void __exit vdsa_canary_exit(void)
{
}

module_init(vdsa_canary_init);
module_exit(vdsa_canary_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vdsa debug-kernel lane canary: one lockdep report, one leak");
