#!/bin/sh
# Generate configure and Makefile.in from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
autoreconf --force --install --warnings=all
echo
echo "Now run ./configure && make (and make modules for the kernel side),"
echo "or scripts/test to build everything and run the whole test suite."
