// SPDX-License-Identifier: GPL-2.0-only
/*
 * vdsa-nl: a spec-driven generic netlink client for testing the vdsa
 * family.  It sends exactly what the command line says, malformed on
 * request, and prints every answer as one JSON object per line, so the
 * kernel tests can assert on replies, notifications and extack errors.
 *
 * The kernel is never trusted to be well-behaved: errno values are kept
 * raw (libnl's NLE_* mapping loses them), dumps interrupted by a
 * concurrent change are retried whole, and nothing but reply JSON goes to
 * stdout.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strerrorname_np, asprintf */
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/vdsa.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "fail-nth.h"
#include "nl-client.h"

/* Dumps are retried this many times after NLM_F_DUMP_INTR, then EINTR. */
#define DUMP_RETRIES		10
/* Kernel dump skbs grow to the size of our receive buffer, up to 32 KiB. */
#define RECV_MSG_BUF_SIZE	32768
#define SOCKET_RCVBUF		(1 << 20)
/*
 * Offline modes (--print-request, --replay) never ask the kernel for the
 * family id; they use this one, and replay files must too.
 */
#define OFFLINE_FAMILY_ID	0x1000

enum print_request_mode {
	PRINT_REQUEST_NONE,
	PRINT_REQUEST_JSON,
	PRINT_REQUEST_HEX,
};

struct options {
	bool dump;
	bool monitor;
	int cmd;			/* -1: the OP's own */
	unsigned long count;		/* 0: no limit */
	long timeout_ms;		/* -1: forever */
	const char *ready_file;
	enum print_request_mode print_request;
	const char *replay_file;
	long fail_nth;			/* 0: none */
	const char *fail_nth_file;
	bool continue_on_loss;
	const char *op_name;
	int n_words;
	char **words;
};

/* Answers to one request, held back until the answer is complete. */
struct answer {
	int family_id;
	bool done;
	bool failed;			/* local trouble, already reported */
	bool dump_interrupted;
	bool lost;			/* ENOBUFS: the answer overran */
	bool has_report;
	struct kernel_report report;
	char **lines;
	size_t n_lines;
	size_t cap_lines;
};

struct replay_datagram {
	unsigned char *data;
	size_t len;
};

/* Canned kernel answers: round N answers the Nth request sent. */
struct replay {
	struct replay_datagram **rounds;	/* NULL-terminated arrays */
	size_t *round_len;
	size_t n_rounds;
	size_t next_round;
};

static const struct spec_family *fam = &vdsa_spec;

/* ---- messages ------------------------------------------------------------ */

static int local_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int local_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vdsa-nl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_LOCAL_ERROR;
}

static void usage(FILE *out)
{
	fprintf(out,
"usage: vdsa-nl [OPTIONS] OP [ATTR...]\n"
"       vdsa-nl --monitor [--count N] [--timeout-ms T] [--ready-file PATH] [OP]\n"
"\n"
"Send one request of the %s generic netlink family and print each reply\n"
"as one JSON object per line; kernel errors go to stderr as JSON and the\n"
"exit status is their errno (100 for local errors).\n"
"\n"
"  OP     an operation of the spec (see below)\n"
"  ATTR   name=value      scalar attribute of OP's attribute set; u32/s32/u64\n"
"                         decimal or 0x hex, enums by entry name or number,\n"
"                         bitmasks as name,name; string name=text;\n"
"                         binary name=hex\n"
"         name            flag attribute\n"
"         name { ATTR... }   nest (braces are separate words)\n"
"         name:TYPE=V     known attribute with a chosen encoding\n"
"         @N:TYPE=V, @N:flag, @N { @M:TYPE=V ... }   raw attribute N\n"
"         TYPE is u8 u16 u32 u64 s8 s16 s32 s64 str flag bin\n"
"\n"
"  -d, --dump            send with NLM_F_DUMP (attributes act as filters);\n"
"                        OP,OP,... dumps each in turn (no attributes)\n"
"      --cmd N           send command number N, OP still picks the attributes\n"
"  -m, --monitor         print notifications of the \"%s\" group (only OP's\n"
"                        if given)\n"
"      --count N         with --monitor: exit 0 after N notifications\n"
"      --timeout-ms T    with --monitor: exit 0 after T ms\n"
"      --ready-file PATH with --monitor: create PATH once subscribed\n"
"      --continue-on-loss  with --monitor: when notifications were lost\n"
"                        (socket overrun) print {\"lost\":true} and go on\n"
"      --fail-nth N      fail the Nth kernel allocation of the request\n"
"                        (/proc/thread-self/fail-nth); needs --fail-nth-file\n"
"      --fail-nth-file PATH  write \"reached\" or \"not-reached\" there: whether\n"
"                        the request made N allocations\n"
"  -h, --help            this text\n"
"\n"
"Testing without a kernel:\n"
"      --print-request[=json|hex]  build the request, print it, exit\n"
"      --replay FILE     take the kernel's answers from FILE (hex datagrams,\n"
"                        one per line, \"--\" between answers to successive\n"
"                        requests, '#' comments); family id 0x%x\n"
"\n"
"Operations:\n",
		fam->name, VDSA_MCGRP_EVENTS, OFFLINE_FAMILY_ID);
	for (unsigned int i = 0; i < fam->n_ops; i++) {
		const struct spec_op *op = &fam->ops[i];

		fprintf(out, "  %-18s set %-8s%s%s%s\n", op->name,
			fam->sets[op->attr_set].name,
			op->has_do ? " do" : "", op->has_dump ? " dump" : "",
			op->is_notify ? " notification" : "");
	}
}

/* ---- option parsing -------------------------------------------------------- */

static int parse_number_option(const char *name, const char *text,
			       long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < 0 || v > max) {
		local_error("%s: invalid value \"%s\" (0..%ld)", name, text,
			    max);
		return -EINVAL;
	}
	*ret = v;
	return 0;
}

enum {
	OPT_CMD = 256,
	OPT_COUNT,
	OPT_TIMEOUT,
	OPT_READY_FILE,
	OPT_PRINT_REQUEST,
	OPT_REPLAY,
	OPT_FAIL_NTH,
	OPT_FAIL_NTH_FILE,
	OPT_CONTINUE_ON_LOSS,
};

static const struct option long_options[] = {
	{ "dump", no_argument, NULL, 'd' },
	{ "cmd", required_argument, NULL, OPT_CMD },
	{ "monitor", no_argument, NULL, 'm' },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "timeout-ms", required_argument, NULL, OPT_TIMEOUT },
	{ "ready-file", required_argument, NULL, OPT_READY_FILE },
	{ "print-request", optional_argument, NULL, OPT_PRINT_REQUEST },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "fail-nth", required_argument, NULL, OPT_FAIL_NTH },
	{ "fail-nth-file", required_argument, NULL, OPT_FAIL_NTH_FILE },
	{ "continue-on-loss", no_argument, NULL, OPT_CONTINUE_ON_LOSS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_option(struct options *opts, int c)
{
	long v;

	switch (c) {
	case 'd':
		opts->dump = true;
		return 0;
	case 'm':
		opts->monitor = true;
		return 0;
	case OPT_CMD:
		if (parse_number_option("--cmd", optarg, 255, &v))
			return -EINVAL;
		opts->cmd = v;
		return 0;
	case OPT_COUNT:
		if (parse_number_option("--count", optarg, LONG_MAX, &v))
			return -EINVAL;
		if (!v) {
			local_error("--count must be at least 1");
			return -EINVAL;
		}
		opts->count = v;
		return 0;
	case OPT_TIMEOUT:
		if (parse_number_option("--timeout-ms", optarg, INT_MAX, &v))
			return -EINVAL;
		opts->timeout_ms = v;
		return 0;
	case OPT_READY_FILE:
		opts->ready_file = optarg;
		return 0;
	case OPT_PRINT_REQUEST:
		if (!optarg || !strcmp(optarg, "json"))
			opts->print_request = PRINT_REQUEST_JSON;
		else if (!strcmp(optarg, "hex"))
			opts->print_request = PRINT_REQUEST_HEX;
		else {
			local_error("--print-request takes json or hex");
			return -EINVAL;
		}
		return 0;
	case OPT_REPLAY:
		opts->replay_file = optarg;
		return 0;
	case OPT_FAIL_NTH:
		if (parse_number_option("--fail-nth", optarg, INT_MAX, &v))
			return -EINVAL;
		if (!v) {
			local_error("--fail-nth must be at least 1");
			return -EINVAL;
		}
		opts->fail_nth = v;
		return 0;
	case OPT_FAIL_NTH_FILE:
		opts->fail_nth_file = optarg;
		return 0;
	case OPT_CONTINUE_ON_LOSS:
		opts->continue_on_loss = true;
		return 0;
	default:
		return -EINVAL;
	}
}

static int check_option_combinations(const struct options *opts)
{
	if (opts->monitor) {
		if (opts->dump || opts->cmd >= 0 || opts->print_request ||
		    opts->fail_nth)
			return local_error("--monitor does not combine with "
					   "--dump, --cmd, --print-request or "
					   "--fail-nth");
		if (opts->n_words)
			return local_error("--monitor takes no attributes");
		return 0;
	}
	if (opts->count || opts->timeout_ms >= 0 || opts->ready_file ||
	    opts->continue_on_loss)
		return local_error("--count, --timeout-ms, --ready-file and "
				   "--continue-on-loss need --monitor");
	if (!opts->fail_nth != !opts->fail_nth_file)
		return local_error("--fail-nth and --fail-nth-file go together");
	if (opts->fail_nth &&
	    (opts->dump || opts->print_request || opts->replay_file))
		return local_error("--fail-nth does not combine with --dump, "
				   "--print-request or --replay");
	if (!opts->op_name)
		return local_error("missing OP (try --help)");
	return 0;
}

static int parse_options(struct options *opts, int argc, char **argv)
{
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->cmd = -1;
	opts->timeout_ms = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "dmh", long_options, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (c == '?') {
			return local_error("unknown or incomplete option \"%s\" "
					   "(try --help)", argv[optind - 1]);
		}
		if (parse_option(opts, c))
			return EXIT_LOCAL_ERROR;
	}
	if (optind < argc)
		opts->op_name = argv[optind++];
	opts->n_words = argc - optind;
	opts->words = argv + optind;
	return check_option_combinations(opts);
}

/* ---- output ------------------------------------------------------------------ */

static int answer_add_line(struct answer *ans, struct json_object *obj)
{
	char *line = json_line(obj);

	json_object_put(obj);
	if (!line)
		return -ENOMEM;
	if (ans->n_lines == ans->cap_lines) {
		size_t cap = ans->cap_lines ? 2 * ans->cap_lines : 16;
		char **lines = realloc(ans->lines, cap * sizeof(*lines));

		if (!lines) {
			free(line);
			return -ENOMEM;
		}
		ans->lines = lines;
		ans->cap_lines = cap;
	}
	ans->lines[ans->n_lines++] = line;
	return 0;
}

static void answer_reset(struct answer *ans)
{
	for (size_t i = 0; i < ans->n_lines; i++)
		free(ans->lines[i]);
	free(ans->lines);
	kernel_report_clear(&ans->report);
	ans->lines = NULL;
	ans->n_lines = ans->cap_lines = 0;
	ans->done = ans->failed = false;
	ans->dump_interrupted = ans->has_report = false;
}

static void print_line(FILE *out, const char *line)
{
	fputs(line, out);
	fputc('\n', out);
	fflush(out);
}

static void print_json(FILE *out, struct json_object *obj)
{
	char *line = json_line(obj);

	if (line)
		print_line(out, line);
	free(line);
}

/* ---- receiving ------------------------------------------------------------- */

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct answer *ans = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct json_object *obj;

	if (nlh->nlmsg_type != ans->family_id)
		return NL_SKIP;
	obj = decode_genl_message(fam, nlh, NULL);
	if (!obj) {
		fprintf(stderr, "vdsa-nl: ignoring a truncated message\n");
		return NL_SKIP;
	}
	if (answer_add_line(ans, obj)) {
		local_error("out of memory");
		ans->failed = ans->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

/* The kernel refused: keep its raw errno and extack (libnl would not). */
static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct answer *ans = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;

	(void)nla;
	parse_nlmsgerr(nlh, &ans->report);
	ans->has_report = true;
	ans->done = true;
	return NL_STOP;
}

static void warn_extack(const struct kernel_report *rep)
{
	struct json_object *obj;

	if (!rep->msg)
		return;
	obj = json_object_new_object();
	json_object_object_add(obj, "warning",
			       json_object_new_string(rep->msg));
	print_json(stderr, obj);
	json_object_put(obj);
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct answer *ans = arg;
	struct kernel_report rep;

	/* An ACK may carry extack text: a warning, not an error. */
	if (!parse_nlmsgerr(nlmsg_hdr(msg), &rep))
		warn_extack(&rep);
	kernel_report_clear(&rep);
	ans->done = true;
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct answer *ans = arg;

	parse_nlmsg_done(nlmsg_hdr(msg), &ans->report);
	if (ans->report.error)
		ans->has_report = true;
	else
		warn_extack(&ans->report);
	ans->done = true;
	return NL_STOP;
}

static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct answer *ans = arg;

	(void)msg;
	/* Keep reading to DONE, then start over (libnl would just fail). */
	ans->dump_interrupted = true;
	return NL_OK;
}

static int receive_answer(struct nl_sock *sk, struct answer *ans)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err = 0;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, ans);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, ans);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, ans);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, ans);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, ans);

	/* One nl_recvmsgs() may return after any datagram: loop. */
	while (!ans->done) {
		err = nl_recvmsgs(sk, cb);
		if (ans->done)
			break;
		if (err == -NLE_NOMEM && errno == ENOBUFS) {
			/* The answer overran: report it, do not wait for it. */
			ans->lost = ans->done = true;
			break;
		}
		if (err < 0) {
			local_error("receiving: %s", nl_geterror(err));
			break;
		}
	}
	nl_cb_put(cb);
	return ans->done ? 0 : -EIO;
}

/* ---- sockets ------------------------------------------------------------------ */

static int enable_ext_ack(struct nl_sock *sk)
{
	int one = 1, fd = nl_socket_get_fd(sk);

	/* Extack explains errors; capping keeps the echo out of the ACK. */
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		return -errno;
	return 0;
}

/*
 * A replay socket is a NETLINK_USERSOCK socket: it can send datagrams to
 * itself without privileges, so libnl's real receive path (sequence
 * checks, callbacks, DUMP_INTR) runs on canned kernel answers.
 */
static struct nl_sock *open_socket(bool replay, int *ret)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err;

	if (!sk) {
		*ret = local_error("out of memory");
		return NULL;
	}
	err = replay ? nl_connect(sk, NETLINK_USERSOCK) : genl_connect(sk);
	if (err < 0) {
		*ret = local_error("cannot open a netlink socket: %s",
				   nl_geterror(err));
		goto fail;
	}
	err = nl_socket_set_buffer_size(sk, SOCKET_RCVBUF, 0);
	if (err < 0) {
		*ret = local_error("cannot size the socket buffer: %s",
				   nl_geterror(err));
		goto fail;
	}
	nl_socket_set_msg_buf_size(sk, RECV_MSG_BUF_SIZE);
	/* Peek first so a message larger than the buffer is never cut. */
	nl_socket_enable_msg_peek(sk);
	err = enable_ext_ack(sk);
	if (err < 0) {
		*ret = local_error("cannot enable extended ACKs: %s",
				   strerror(-err));
		goto fail;
	}
	return sk;
fail:
	nl_socket_free(sk);
	return NULL;
}

static int resolve_family(struct nl_sock *sk, bool replay, int *ret_id)
{
	int id;

	if (replay) {
		*ret_id = OFFLINE_FAMILY_ID;
		return 0;
	}
	id = genl_ctrl_resolve(sk, VDSA_FAMILY_NAME);
	if (id < 0)
		return local_error("generic netlink family \"%s\" not found "
				   "(is the vdsa module loaded?): %s",
				   VDSA_FAMILY_NAME, nl_geterror(id));
	*ret_id = id;
	return 0;
}

/* ---- replay -------------------------------------------------------------------- */

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int replay_parse_line(const char *line, struct replay_datagram *dg)
{
	size_t n = 0, len = strlen(line);

	dg->data = malloc(len / 2 + 1);
	if (!dg->data)
		return -ENOMEM;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;

		if (line[i] == ' ' || line[i] == '\t' || line[i] == '\n')
			continue;
		hi = hex_value(line[i]);
		lo = i + 1 < len ? hex_value(line[i + 1]) : -1;
		if (hi < 0 || lo < 0)
			return -EINVAL;
		dg->data[n++] = hi << 4 | lo;
		i++;
	}
	dg->len = n;
	return 0;
}

static int replay_add(struct replay *rp, bool new_round,
		      struct replay_datagram *dg)
{
	if (new_round || !rp->n_rounds) {
		struct replay_datagram **rounds;
		size_t *lens;

		rounds = realloc(rp->rounds, (rp->n_rounds + 1) *
				 sizeof(*rounds));
		if (!rounds)
			return -ENOMEM;
		rp->rounds = rounds;
		lens = realloc(rp->round_len, (rp->n_rounds + 1) *
			       sizeof(*lens));
		if (!lens)
			return -ENOMEM;
		rp->round_len = lens;
		rp->rounds[rp->n_rounds] = NULL;
		rp->round_len[rp->n_rounds] = 0;
		rp->n_rounds++;
	}
	if (dg) {
		size_t r = rp->n_rounds - 1, n = rp->round_len[r];
		struct replay_datagram *list;

		list = realloc(rp->rounds[r], (n + 1) * sizeof(*list));
		if (!list)
			return -ENOMEM;
		list[n] = *dg;
		rp->rounds[r] = list;
		rp->round_len[r] = n + 1;
	}
	return 0;
}

static int replay_load(const char *path, struct replay *rp)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t size = 0;
	unsigned int lineno = 0;
	bool new_round = true;
	int err = 0;

	memset(rp, 0, sizeof(*rp));
	if (!f)
		return local_error("%s: %s", path, strerror(errno));
	while (!err && getline(&line, &size, f) > 0) {
		struct replay_datagram dg;
		char *p = line + strspn(line, " \t");

		lineno++;
		if (*p == '#' || *p == '\n' || !*p)
			continue;
		if (!strncmp(p, "--", 2)) {
			/* An empty round is a valid answer: none at all. */
			err = new_round ? replay_add(rp, true, NULL) : 0;
			new_round = true;
			continue;
		}
		err = replay_parse_line(p, &dg);
		if (err) {
			free(dg.data);
			err = local_error("%s:%u: invalid hex", path, lineno);
			break;
		}
		err = replay_add(rp, new_round, &dg);
		new_round = false;
	}
	free(line);
	fclose(f);
	return err ? EXIT_LOCAL_ERROR : 0;
}

/*
 * Deliver a canned datagram as if the kernel sent it.  For a request,
 * every message gets the request's sequence number, which libnl checks.
 */
static int replay_send(struct nl_sock *sk, const struct replay_datagram *dg,
		       bool set_seq, uint32_t seq)
{
	struct sockaddr_nl self = {
		.nl_family = AF_NETLINK,
		.nl_pid = nl_socket_get_local_port(sk),
	};
	unsigned char *copy = malloc(dg->len);
	struct nlmsghdr *nlh;
	int rem = dg->len;
	ssize_t sent;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, dg->data, dg->len);
	for (nlh = (struct nlmsghdr *)copy; set_seq && NLMSG_OK(nlh, rem);
	     nlh = NLMSG_NEXT(nlh, rem))
		nlh->nlmsg_seq = seq;
	sent = sendto(nl_socket_get_fd(sk), copy, dg->len, 0,
		      (struct sockaddr *)&self, sizeof(self));
	free(copy);
	return sent < 0 ? -errno : 0;
}

static int replay_round(struct nl_sock *sk, struct replay *rp, uint32_t seq)
{
	size_t r = rp->next_round++;
	int err;

	if (r >= rp->n_rounds)
		return local_error("replay: no answer left for request %zu",
				   r + 1);
	for (size_t i = 0; i < rp->round_len[r]; i++) {
		err = replay_send(sk, &rp->rounds[r][i], true, seq);
		if (err)
			return local_error("replay: %s", strerror(-err));
	}
	return 0;
}

static void replay_free(struct replay *rp)
{
	for (size_t r = 0; r < rp->n_rounds; r++) {
		for (size_t i = 0; i < rp->round_len[r]; i++)
			free(rp->rounds[r][i].data);
		free(rp->rounds[r]);
	}
	free(rp->rounds);
	free(rp->round_len);
}

/* ---- request -------------------------------------------------------------------- */

static int send_request(struct nl_sock *sk, struct request *req,
			struct replay *rp, struct fail_nth *fnth, bool *reached)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req->msg);
	int err, ferr = 0;

	/* A retried dump needs a fresh sequence number. */
	nlh->nlmsg_seq = NL_AUTO_SEQ;
	nlh->nlmsg_pid = NL_AUTO_PORT;
	if (rp) {
		nl_complete_msg(sk, req->msg);
		return replay_round(sk, rp, nlh->nlmsg_seq);
	}
	/*
	 * The kernel handles the request inside sendmsg(), in this thread:
	 * when it returns, every allocation the request made has counted.
	 */
	if (fnth) {
		nl_complete_msg(sk, req->msg);
		ferr = fail_nth_arm(fnth);
		if (ferr)
			return local_error("fail-nth: %s", strerror(-ferr));
		err = nl_send(sk, req->msg);
		ferr = fail_nth_disarm(fnth, reached);
	} else {
		err = nl_send_auto(sk, req->msg);
	}
	if (ferr)
		return local_error("fail-nth: %s", strerror(-ferr));
	if (err < 0)
		return local_error("sending: %s", nl_geterror(err));
	return 0;
}

static int report_kernel_error(const struct answer *ans,
			       const struct request *req)
{
	struct json_object *obj = kernel_report_to_json(&ans->report, req);

	print_json(stderr, obj);
	json_object_put(obj);
	return ans->report.error > 0 && ans->report.error < 256 ?
		ans->report.error : EXIT_LOCAL_ERROR;
}

static int report_dump_interrupted(void)
{
	char msg[80];
	struct kernel_report rep = {
		.error = EINTR,
		.msg = msg,
	};
	struct json_object *obj;

	snprintf(msg, sizeof(msg), "dump interrupted by concurrent changes, "
		 "retried %d times", DUMP_RETRIES);
	obj = kernel_report_to_json(&rep, NULL);

	print_json(stderr, obj);
	json_object_put(obj);
	return EINTR;
}

static int report_answer_lost(void)
{
	char msg[] = "the kernel's answer was lost (socket overrun): the "
		     "request may or may not have been carried out";
	struct kernel_report rep = {
		.error = ENOBUFS,
		.msg = msg,
	};
	struct json_object *obj = kernel_report_to_json(&rep, NULL);

	print_json(stderr, obj);
	json_object_put(obj);
	return ENOBUFS;
}

static int run_request(struct nl_sock *sk, struct request *req,
		       int family_id, struct replay *rp,
		       struct fail_nth *fnth, bool *reached)
{
	struct answer ans = { .family_id = family_id };
	int ret = 0;

	for (int attempt = 0; ; attempt++) {
		answer_reset(&ans);
		ret = send_request(sk, req, rp, fnth, reached);
		if (ret)
			break;
		if (receive_answer(sk, &ans) < 0 || ans.failed) {
			ret = EXIT_LOCAL_ERROR;
			break;
		}
		if (!ans.dump_interrupted || ans.has_report || ans.lost) {
			for (size_t i = 0; i < ans.n_lines; i++)
				print_line(stdout, ans.lines[i]);
			if (ans.has_report)
				ret = report_kernel_error(&ans, req);
			else if (ans.lost)
				ret = report_answer_lost();
			break;
		}
		if (attempt == DUMP_RETRIES) {
			ret = report_dump_interrupted();
			break;
		}
	}
	answer_reset(&ans);
	return ret;
}

static void print_request(const struct request *req,
			  enum print_request_mode mode)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req->msg);

	if (mode == PRINT_REQUEST_HEX) {
		const unsigned char *p = (const unsigned char *)nlh;

		for (unsigned int i = 0; i < nlh->nlmsg_len; i++)
			printf("%02x", p[i]);
		putchar('\n');
		fflush(stdout);
	} else {
		struct json_object *obj = decode_genl_message(fam, nlh,
							      req->op);

		print_json(stdout, obj);
		json_object_put(obj);
	}
}

/* Writes "reached" or "not-reached" to @path; a test reads it. */
static int write_fail_nth_result(const char *path, bool reached)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return local_error("%s: %s", path, strerror(errno));
	fputs(reached ? "reached\n" : "not-reached\n", f);
	err = ferror(f);
	if (fclose(f) || err)
		return local_error("%s: write failed", path);
	return 0;
}

static int request_with_fail_nth(struct nl_sock *sk, struct request *req,
				 int family_id, struct replay *rp,
				 const struct options *opts)
{
	struct fail_nth fnth = { .fd = -1 };
	bool reached = false;
	int ret, err;

	if (!opts->fail_nth)
		return run_request(sk, req, family_id, rp, NULL, NULL);
	err = fail_nth_open(&fnth, opts->fail_nth);
	if (err)
		return local_error("/proc/thread-self/fail-nth: %s (a kernel "
				   "with CONFIG_FAULT_INJECTION?)",
				   strerror(-err));
	ret = run_request(sk, req, family_id, rp, &fnth, &reached);
	fail_nth_close(&fnth);
	err = write_fail_nth_result(opts->fail_nth_file, reached);
	return err ?: ret;
}

static int do_request(const struct options *opts)
{
	const struct spec_op *op = spec_op_by_name(fam, opts->op_name);
	struct replay rp = { 0 };
	struct nl_sock *sk = NULL;
	struct request req;
	int flags = NLM_F_REQUEST | NLM_F_ACK;
	int family_id = OFFLINE_FAMILY_ID;
	int ret;

	if (!op)
		return local_error("unknown operation \"%s\" (try --help)",
				   opts->op_name);
	if (opts->dump)
		flags |= NLM_F_DUMP;

	if (!opts->print_request) {
		if (opts->replay_file) {
			ret = replay_load(opts->replay_file, &rp);
			if (ret)
				goto out;
		}
		sk = open_socket(opts->replay_file != NULL, &ret);
		if (!sk)
			goto out;
		ret = resolve_family(sk, opts->replay_file != NULL, &family_id);
		if (ret)
			goto out;
	}

	/* Build after resolving: the family id is in the header. */
	ret = request_build(&req, fam, op, family_id,
			    opts->cmd >= 0 ? opts->cmd : op->cmd, flags,
			    opts->n_words, opts->words);
	if (ret) {
		if (ret == -ENOMEM)
			local_error("out of memory");
		ret = EXIT_LOCAL_ERROR;
	} else if (opts->print_request) {
		print_request(&req, opts->print_request);
	} else {
		ret = request_with_fail_nth(sk, &req, family_id,
					    opts->replay_file ? &rp : NULL,
					    opts);
	}
	request_free(&req);
out:
	nl_socket_free(sk);
	replay_free(&rp);
	return ret;
}

/* ---- monitor ---------------------------------------------------------------------- */

struct monitor {
	int family_id;
	bool continue_on_loss;
	const struct spec_op *filter;
	unsigned long count;		/* 0: no limit */
	unsigned long seen;
	bool failed;
};

static int on_notification(struct nl_msg *msg, void *arg)
{
	struct monitor *mon = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const struct genlmsghdr *genl;
	struct json_object *obj;

	if (nlh->nlmsg_type != mon->family_id ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return NL_SKIP;
	genl = nlmsg_data(nlh);
	if (mon->filter && genl->cmd != mon->filter->cmd)
		return NL_SKIP;
	obj = decode_genl_message(fam, nlh, NULL);
	if (!obj)
		return NL_SKIP;
	print_json(stdout, obj);
	json_object_put(obj);
	mon->seen++;
	if (mon->count && mon->seen >= mon->count)
		return NL_STOP;
	return NL_OK;
}

static int accept_any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int subscribe(struct nl_sock *sk, bool replay)
{
	int grp, err;

	if (replay)
		return 0;
	grp = genl_ctrl_resolve_grp(sk, VDSA_FAMILY_NAME, VDSA_MCGRP_EVENTS);
	if (grp < 0)
		return local_error("multicast group \"%s\" of family \"%s\" "
				   "not found: %s", VDSA_MCGRP_EVENTS,
				   VDSA_FAMILY_NAME, nl_geterror(grp));
	err = nl_socket_add_membership(sk, grp);
	if (err < 0)
		return local_error("cannot join group \"%s\": %s",
				   VDSA_MCGRP_EVENTS, nl_geterror(err));
	return 0;
}

static int create_ready_file(const char *path)
{
	int fd;

	if (!path)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return local_error("%s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int wait_readable(struct nl_sock *sk, long long deadline)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(sk), .events = POLLIN };
	long long left;
	int n;

	do {
		left = deadline < 0 ? -1 : deadline - now_ms();
		if (deadline >= 0 && left < 0)
			left = 0;
		n = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static int monitor_loop(struct nl_sock *sk, struct monitor *mon,
			long timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = 0;

	if (!cb)
		return local_error("out of memory");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_notification, mon);
	/* Notifications have seq 0: libnl's strict ordering does not apply. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, accept_any_seq, NULL);

	while (!mon->count || mon->seen < mon->count) {
		int n = wait_readable(sk, deadline);

		if (n < 0) {
			ret = local_error("poll: %s", strerror(-n));
			break;
		}
		if (n == 0)
			break;		/* timeout: what arrived is printed */
		n = nl_recvmsgs(sk, cb);
		if (n == -NLE_NOMEM && errno == ENOBUFS &&
		    mon->continue_on_loss) {
			print_line(stdout, "{\"lost\":true}");
			continue;
		}
		if (n < 0 && n != -NLE_AGAIN &&
		    !(mon->count && mon->seen >= mon->count)) {
			/* ENOBUFS arrives as NLE_NOMEM: the buffer overran. */
			ret = local_error("receiving notifications: %s%s",
					  nl_geterror(n), n == -NLE_NOMEM ?
					  " (notifications were lost)" : "");
			break;
		}
	}
	nl_cb_put(cb);
	return ret;
}

static int replay_all(struct nl_sock *sk, struct replay *rp)
{
	for (size_t r = 0; r < rp->n_rounds; r++) {
		for (size_t i = 0; i < rp->round_len[r]; i++) {
			int err = replay_send(sk, &rp->rounds[r][i], false, 0);

			if (err)
				return local_error("replay: %s", strerror(-err));
		}
	}
	return 0;
}

static int do_monitor(const struct options *opts)
{
	struct monitor mon = {
		.count = opts->count,
		.continue_on_loss = opts->continue_on_loss,
	};
	struct replay rp = { 0 };
	bool replay = opts->replay_file != NULL;
	struct nl_sock *sk = NULL;
	int ret;

	if (opts->op_name) {
		mon.filter = spec_op_by_name(fam, opts->op_name);
		if (!mon.filter)
			return local_error("unknown operation \"%s\"",
					   opts->op_name);
	}
	if (replay) {
		ret = replay_load(opts->replay_file, &rp);
		if (ret)
			goto out;
	}
	sk = open_socket(replay, &ret);
	if (!sk)
		goto out;
	ret = resolve_family(sk, replay, &mon.family_id);
	if (ret)
		goto out;
	ret = subscribe(sk, replay);
	if (ret)
		goto out;
	ret = nl_socket_set_nonblocking(sk);
	if (ret < 0) {
		ret = local_error("cannot make the socket non-blocking: %s",
				  nl_geterror(ret));
		goto out;
	}
	if (replay) {
		ret = replay_all(sk, &rp);
		if (ret)
			goto out;
	}
	/* Subscribed: from now on no notification can be missed. */
	ret = create_ready_file(opts->ready_file);
	if (ret)
		goto out;
	ret = monitor_loop(sk, &mon, opts->timeout_ms);
out:
	nl_socket_free(sk);
	replay_free(&rp);
	return ret;
}

/* -d OP,OP,...: one process for several dumps (a snapshot of the family). */
static int do_dumps(struct options *opts)
{
	char *names[16], *list, *save = NULL;
	int n = 0, ret = 0;

	if (opts->n_words || opts->print_request || opts->replay_file ||
	    opts->cmd >= 0 || opts->fail_nth)
		return local_error("a list of dumps takes no attributes, --cmd, "
				   "--print-request, --replay or --fail-nth");
	list = strdup(opts->op_name);
	if (!list)
		return local_error("out of memory");
	/* Every name is checked before anything is sent. */
	for (char *name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		if (n == (int)(sizeof(names) / sizeof(names[0])))
			ret = local_error("at most %d dumps in a list", n);
		else if (!spec_op_by_name(fam, name))
			ret = local_error("unknown operation \"%s\" (try --help)",
					  name);
		if (ret)
			goto out;
		names[n++] = name;
	}
	for (int i = 0; i < n && !ret; i++) {
		opts->op_name = names[i];
		ret = do_request(opts);
	}
out:
	free(list);
	return ret;
}

int main(int argc, char **argv)
{
	struct options opts;
	int ret;

	ret = parse_options(&opts, argc, argv);
	if (ret)
		return ret;
	if (opts.monitor)
		return do_monitor(&opts);
	if (opts.dump && strchr(opts.op_name, ','))
		return do_dumps(&opts);
	return do_request(&opts);
}
