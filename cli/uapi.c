// SPDX-License-Identifier: GPL-2.0-or-later
/* vdsactl: the kernel contract's limits, from the uAPI header itself. */
#include <linux/vdsa.h>

#include "uapi.h"

const uint32_t uapi_family_version = VDSA_FAMILY_VERSION;
const uint32_t uapi_wq_priority_min = VDSA_WQ_PRIORITY_MIN;
const uint32_t uapi_wq_priority_max = VDSA_WQ_PRIORITY_MAX;
const uint32_t uapi_wq_name_max_len = VDSA_WQ_NAME_MAX_LEN;
const int32_t uapi_group_none = VDSA_GROUP_NONE;
const uint32_t uapi_inst_name_max_len = VDSA_INST_NAME_MAX_LEN;
