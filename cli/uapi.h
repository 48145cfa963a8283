/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vdsactl: limits of the kernel contract, taken from linux/vdsa.h by uapi.c.
 * That header cannot be included next to libvdsa.h (both declare
 * enum vdsa_wq_mode and friends), so it is read in a file of its own.
 */
#ifndef VDSACTL_UAPI_H
#define VDSACTL_UAPI_H

#include <stdint.h>

extern const uint32_t uapi_family_version;
extern const uint32_t uapi_wq_priority_min;
extern const uint32_t uapi_wq_priority_max;
extern const uint32_t uapi_wq_name_max_len;
extern const int32_t uapi_group_none;
extern const uint32_t uapi_inst_name_max_len;

#endif /* VDSACTL_UAPI_H */
