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


static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0x88005155, "simple_attr_open" },
	{ 0x108a69b4, "debugfs_attr_write" },
	{ 0xb38a2df9, "dev_set_name" },
	{ 0x656e4a6e, "snprintf" },
	{ 0xd869872e, "device_unregister" },
	{ 0x4d03a9f9, "device_initialize" },
	{ 0x594c42fc, "vdsa_device_unregister" },
	{ 0x3b6c41ea, "kstrtouint" },
	{ 0x37a0cba, "kfree" },
	{ 0xdef3fb11, "seq_lseek" },
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0x92997ed8, "_printk" },
	{ 0xa19b956, "__stack_chk_fail" },
	{ 0xab30ec32, "put_device" },
	{ 0x4da78cbb, "debugfs_attr_read" },
	{ 0x9eacf8a5, "kstrndup" },
	{ 0x68f31cbd, "__list_add_valid" },
	{ 0xb8972286, "bus_unregister" },
	{ 0x4e0ae1f9, "debugfs_create_file_unsafe" },
	{ 0x46be88df, "device_add" },
	{ 0x4a9c3d47, "simple_attr_release" },
	{ 0x4dfa8d4b, "mutex_lock" },
	{ 0xedd0b017, "debugfs_remove" },
	{ 0xe1537255, "__list_del_entry_valid" },
	{ 0xcefb0c9f, "__mutex_init" },
	{ 0xd156a8df, "device_del" },
	{ 0x124bad4d, "kstrtobool" },
	{ 0x5c3c7387, "kstrtoull" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0xe2d5255a, "strcmp" },
	{ 0x1db3ba77, "seq_read" },
	{ 0x59edad5e, "debugfs_create_file" },
	{ 0x85df9b6c, "strsep" },
	{ 0x3213f038, "mutex_unlock" },
	{ 0xf0949581, "seq_printf" },
	{ 0xc7c7a019, "single_release" },
	{ 0x2f1b3fc0, "vdsa_device_register" },
	{ 0x606e9d01, "kmalloc_trace" },
	{ 0xc941a41a, "single_open" },
	{ 0x349cba85, "strchr" },
	{ 0x649693cc, "vdsa_device_priv" },
	{ 0xf4316fcd, "debugfs_create_dir" },
	{ 0xeb233a45, "__kmalloc" },
	{ 0x7a7caba8, "kmalloc_caches" },
	{ 0xae56c2c5, "bus_register" },
	{ 0x9060323f, "module_layout" },
};

MODULE_INFO(depends, "vdsa");

