#!/usr/bin/env bash
# Builds libcook-posix.so, the executor's one native library (the POSIX calls the JDK lacks, as the JNI
# methods of io.cookexecutor.posix.Posix), from src/main/c with gcc and the JNI headers of a JDK.
# Run by `mvn compile` (exec-maven-plugin, before the tests); the single file, the local build and the
# sidecar image copy target/native/libcook-posix.so into their app/native.
# The library must load on glibc 2.17: it is checked here with bin/check-portability.sh when binutils are
# installed (bin/build-dist.sh checks it again in the single file, always).
# Usage: bin/build-native.sh [OUTDIR [JDK]]   (default target/native, $JAVA_HOME or the java on the PATH)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$home/target/native}
jdk=${2:-${JAVA_HOME:-}}
if [ -z "$jdk" ] && command -v java >/dev/null 2>&1; then
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
src=$home/src/main/c/cook_posix.c
lib=$out/libcook-posix.so

[ -f "$jdk/include/jni.h" ] || { echo "build-native: no include/jni.h under '$jdk' (a JDK, not a JRE, is needed)" >&2; exit 1; }
command -v gcc >/dev/null 2>&1 || { echo "build-native: gcc not found (Debian packages gcc libc6-dev)" >&2; exit 1; }

# Up to date: nothing to do (mvn runs this at every compile).
if [ -f "$lib" ] && [ "$lib" -nt "$src" ] && [ "$lib" -nt "$0" ]; then
  exit 0
fi
mkdir -p "$out"
# -z now: every symbol is bound when the JVM loads the library, so a C library without one fails that
#   load (a clear UnsatisfiedLinkError) instead of killing the process at the first call.
# -l:libdl.so.2: dlsym lives there before glibc 2.34; on newer ones the file is a stub and libc has it.
# No _FORTIFY_SOURCE: its __*_chk functions would raise the glibc versions needed for no gain here.
gcc -std=gnu11 -O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra -U_FORTIFY_SOURCE \
  -I"$jdk/include" -I"$jdk/include/linux" \
  -Wl,-soname,libcook-posix.so -Wl,-z,now -Wl,-z,noexecstack -Wl,--no-as-needed \
  -o "$lib.tmp" "$src" -l:libdl.so.2 -s
mv -f "$lib.tmp" "$lib"

if command -v objdump >/dev/null 2>&1 || command -v readelf >/dev/null 2>&1; then
  "$home/bin/check-portability.sh" "$out" >/dev/null \
    || { "$home/bin/check-portability.sh" "$out" >&2; rm -f "$lib"; exit 1; }
fi
