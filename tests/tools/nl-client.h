/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals of the vdsa-nl test client: building a request from argv words
 * (nl-request.c) and turning netlink messages into JSON (nl-json.c).
 */
#ifndef NL_CLIENT_H
#define NL_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <json-c/json.h>
#include <netlink/msg.h>

#include "vdsa-spec.h"

/* Exit status for everything that is not an errno reported by the kernel. */
#define EXIT_LOCAL_ERROR	100

/*
 * One attribute written into a request.  Kept so that the byte offset the
 * kernel reports in NLMSGERR_ATTR_OFFS / _MISS_NEST can be mapped back to
 * the name the user typed.
 */
struct req_attr {
	unsigned int offset;	/* of the nlattr, from the start of nlmsghdr */
	unsigned int end;	/* just past its (aligned) payload */
	int parent;		/* index of the enclosing nest, -1 at top level */
	char *name;		/* spec name, or "@N" for a raw attribute */
	bool multi_attr;
	bool is_nest;
	const struct spec_attr_set *nest_set;	/* children's set, if known */
};

struct request {
	const struct spec_family *fam;
	const struct spec_op *op;
	struct nl_msg *msg;
	struct req_attr *attrs;
	unsigned int n_attrs;
	unsigned int cap_attrs;
};

/*
 * Build a generic netlink request for @op from the ATTR words of the
 * command line.  Problems with the words are reported on stderr, naming
 * the attribute.  Returns 0 or a negative errno.
 */
int request_build(struct request *req, const struct spec_family *fam,
		  const struct spec_op *op, int family_id, uint8_t cmd,
		  int nlm_flags, int argc, char **argv);
void request_free(struct request *req);

/* "wq[1].threshold" for the attribute at @offset; caller frees. */
char *request_path_at(const struct request *req, unsigned int offset);
/* Name of a missing attribute, inside the nest at @nest_offset if given. */
char *request_missing_name(const struct request *req, bool in_nest,
			   unsigned int nest_offset, unsigned int type);

/*
 * Decode a generic netlink message of the family into
 * {"op": ..., attr: value, ...}.  With @force_op the message is read as
 * that op (used to show a request), otherwise the op comes from the cmd.
 * Returns NULL if the message is too short to be generic netlink.
 */
struct json_object *decode_genl_message(const struct spec_family *fam,
					const struct nlmsghdr *nlh,
					const struct spec_op *force_op);

/* What the kernel said in an NLMSG_ERROR or an NLMSG_DONE. */
struct kernel_report {
	int error;			/* positive errno; 0 for an ACK */
	char *msg;			/* extack text, NULL if none */
	bool has_offs;
	uint32_t offs;
	bool has_miss_type;
	uint32_t miss_type;
	bool has_miss_nest;
	uint32_t miss_nest;
};

int parse_nlmsgerr(const struct nlmsghdr *nlh, struct kernel_report *rep);
int parse_nlmsg_done(const struct nlmsghdr *nlh, struct kernel_report *rep);
void kernel_report_clear(struct kernel_report *rep);

/* {"error":"EINVAL","errno":22,"msg":...,"attr":...,"missing":...} */
struct json_object *kernel_report_to_json(const struct kernel_report *rep,
					  const struct request *req);

/* Name of an errno value ("EINVAL"), never NULL. */
const char *errno_name(int err, char *buf, size_t size);

char *json_line(struct json_object *obj);

#endif /* NL_CLIENT_H */
