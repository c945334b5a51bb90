#!/usr/bin/env bash
# Builds dist/cook-executor-local: the development build. One self-unpacking file like dist/cook-executor
# (same stub, same cache), holding only the jars: it runs on the installed JDK (JAVA_HOME, else java on
# the PATH, 17 or later). Small (~12 MB) and quick to build; no runtime, no class-data archive.
# Usage: bin/build-local.sh [--skip-package] [--output FILE]
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
cd "$home"
output=$home/dist/cook-executor-local
# shellcheck source=bin/build-args.sh
. "$home/bin/build-args.sh"
prepare_build build-local

work=$home/target/local-work
rm -rf "$work"
mkdir -p "$work/root/app/lib" "$work/root/app/native"
cp target/cook-executor.jar "$work/root/app/"
cp target/lib/*.jar "$work/root/app/lib/"
# The native library (bin/build-native.sh, built by mvn compile) in app/native, where the stub points
# -Dcook.executor.native.
[ -f target/native/libcook-posix.so ] || { echo "build-local: target/native/libcook-posix.so missing" >&2; exit 1; }
cp target/native/libcook-posix.so "$work/root/app/native/"
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$home" log -1 --format=%ct 2>/dev/null || date +%s)}
# The stub reads the flags from here at each start, for whatever JDK runs it.
cp "$home/bin/jvm-flags.sh" "$work/root/app/"
"$home/bin/make-self-extracting.sh" --kind local --version "$version" --epoch "$epoch" "$work/root" "$output"
