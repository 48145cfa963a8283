#!/usr/bin/env bats
# The bash completion: objects, verbs, options and option values, all taken
# from vdsactl itself (--list-cmds, --list-opts). Live names need the kernel
# and are covered in the VM (tests/kernel/70-vdsactl.bats).

bats_require_minimum_version 1.5.0

setup_file() {
	# The library's log would add lines to stderr.
	unset VDSA_LOG
	export SRCDIR=${VDSA_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	export BUILDDIR=${VDSA_BUILDDIR:-$SRCDIR}
	export VDSACTL=$BUILDDIR/cli/vdsactl
	export COMPLETION=$SRCDIR/shell-completion/bash/vdsactl
}

# complete WORD...: what the completion offers for the last WORD, sorted, one line.
complete_words() {
	bash -c '
		source "$1" || exit 9
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		_vdsactl
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "
	' complete "$COMPLETION" "$VDSACTL" "$@"
}

@test "the completion file loads and registers _vdsactl for vdsactl" {
	run bash -c 'source "$1" && complete -p vdsactl' _ "$COMPLETION"
	[ "$status" -eq 0 ]
	[ "$output" = "complete -F _vdsactl vdsactl" ]
	run bash -n "$COMPLETION"
	[ "$status" -eq 0 ]
}

@test "objects, then verbs of that object" {
	[ "$(complete_words "")" = "dev group help monitor vdsa version wq " ]
	[ "$(complete_words w)" = "wq " ]
	[ "$(complete_words wq "")" = "assign create destroy disable enable list set show unassign " ]
	[ "$(complete_words wq d)" = "destroy disable " ]
	[ "$(complete_words vdsa "")" = "bind create destroy list show unbind " ]
	[ "$(complete_words dev "")" = "list reset show " ]
	[ "$(complete_words group s)" = "set " ]
	# Global options before the object are skipped over.
	[ "$(complete_words -j --pretty wq cr)" = "create " ]
	[ "$(complete_words help "")" = "dev group help monitor vdsa version wq " ]
}

@test "options of the command, global options, and option values" {
	local out
	out=$(complete_words wq create dsa0 --)
	[[ "$out" == *"--mode "* && "$out" == *"--max-batch-size "* && "$out" == *"--wq "* ]]
	[[ "$out" == *"--json "* && "$out" == *"--dry-run "* ]]
	[[ "$out" != *"--engines"* && "$out" != *"--enable "* ]]
	[ "$(complete_words wq set wq0.1 --dis)" = "--disable " ]
	[ "$(complete_words group set group0.0 --e)" = "--engines " ]
	[ "$(complete_words monitor --c)" = "--count " ]
	[ "$(complete_words --j)" = "--json " ]
	[ "$(complete_words wq create dsa0 --mode "")" = "dedicated shared " ]
	[ "$(complete_words wq set wq0.1 --type "")" = "kernel none user vdsa " ]
	[ "$(complete_words wq set wq0.1 --type u)" = "user " ]
	[ "$(complete_words vdsa create dsa0 --bind "")" = "mdev vfio " ]
	[ "$(complete_words vdsa create dsa0 --wq-)" = "--wq-name " ]
	# The binding of "vdsa bind UUID": the two choices.
	[ "$(complete_words vdsa bind 0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b "")" = "mdev vfio " ]
	[ "$(complete_words vdsa bind 0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b v)" = "vfio " ]
	# A value to type: nothing offered.
	[ "$(complete_words wq create dsa0 --size "")" = "" ]
	# The value of an option is not taken for the positional argument.
	[ "$(complete_words wq create --size 8 dsa0 --prio)" = "--priority " ]
}

@test "device and WQ names: none without the module, and no error output" {
	[ ! -d /sys/module/vdsa ] || skip "the vdsa module is loaded on this host"
	run --separate-stderr complete_words wq create ""
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "" ]
	run --separate-stderr complete_words wq enable ""
	[ -z "$stderr" ]
	run --separate-stderr complete_words vdsa show ""
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "" ]
	run --separate-stderr complete_words wq assign wq0.1 ""
	[ -z "$stderr" ]
	[ "$output" = "" ]
}
