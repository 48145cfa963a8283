#include <linux/module.h>
#define INCLUDE_VERMAGIC
#include <linux/build-salt.h>
#include <linux/elfnote-lto.h>
#include <linux/export-internal.h>
#include <linux/vermagic.h>
#include <linux/compiler.h>

BUILD_SALT;
BUILD_LTO_INFO;

MODULE_INFO(vermagic, VERMAGIC_STRING);
MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

#ifdef CONFIG_RETPOLINE
MODULE_INFO(retpoline, "Y");
#endif

SYMBOL_CRC(vdsa_device_register, 0x2f1b3fc0, "_gpl");
SYMBOL_CRC(vdsa_device_unregister, 0x594c42fc, "_gpl");
SYMBOL_CRC(vdsa_device_priv, 0x649693cc, "_gpl");

static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0x9b489671, "nla_put_64bit" },
	{ 0x8810754a, "_find_first_bit" },
	{ 0xffcbde5b, "genlmsg_put" },
	{ 0x37a0cba, "kfree" },
	{ 0xca21ebd3, "bitmap_free" },
	{ 0xba8fbd64, "_raw_spin_lock" },
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0x65487097, "__x86_indirect_thunk_rax" },
	{ 0x92997ed8, "_printk" },
	{ 0xe6d2458e, "do_trace_netlink_extack" },
	{ 0xa19b956, "__stack_chk_fail" },
	{ 0x296695f, "refcount_warn_saturate" },
	{ 0xf0906b73, "netlink_broadcast" },
	{ 0x1eb9ab54, "__alloc_skb" },
	{ 0x9114b616, "__xa_alloc" },
	{ 0xe25beddd, "init_net" },
	{ 0xc9119dac, "netlink_unicast" },
	{ 0xa85a3e6d, "xa_load" },
	{ 0xed89811, "kfree_skb_reason" },
	{ 0x4dfa8d4b, "mutex_lock" },
	{ 0x1468be11, "nla_put" },
	{ 0xcd279169, "nla_find" },
	{ 0x53a1e8d9, "_find_next_bit" },
	{ 0xcefb0c9f, "__mutex_init" },
	{ 0x2688ec10, "bitmap_zalloc" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0xf1db1704, "nla_memcpy" },
	{ 0xe2d5255a, "strcmp" },
	{ 0x77c2be96, "skb_trim" },
	{ 0x2d39b0a7, "kstrdup" },
	{ 0x745a981, "xa_erase" },
	{ 0x3213f038, "mutex_unlock" },
	{ 0xd9491c14, "xa_destroy" },
	{ 0x8fa25c24, "xa_find" },
	{ 0x66b4cc41, "kmemdup" },
	{ 0x84823cf3, "nla_strscpy" },
	{ 0xab93a5c2, "genl_unregister_family" },
	{ 0xdf36914b, "xa_find_after" },
	{ 0x606e9d01, "kmalloc_trace" },
	{ 0x754d539c, "strlen" },
	{ 0x581e2394, "__nla_parse" },
	{ 0x9ec07055, "genl_register_family" },
	{ 0xb5b54b34, "_raw_spin_unlock" },
	{ 0xe784202e, "netlink_has_listeners" },
	{ 0xeb233a45, "__kmalloc" },
	{ 0xe2c17b5d, "__SCT__might_resched" },
	{ 0x7a7caba8, "kmalloc_caches" },
	{ 0x9060323f, "module_layout" },
};

MODULE_INFO(depends, "");

