#!/bin/sh
# Puts cook-executor on the PATH: copies the single-file build to PREFIX/bin/cook-executor.
# Usage: bin/install.sh [--prefix DIR] [--artifact FILE]
#   DIR default /usr/local; FILE default dist/cook-executor (bin/build-dist.sh; or dist/cook-executor-local)
# Nothing else is installed: the file unpacks its runtime on first use into the per-user cache
# (COOK_EXECUTOR_CACHE, see docs/distribution.md).
set -eu
home=$(cd "$(dirname "$0")/.." && pwd)
prefix=/usr/local
artifact=$home/dist/cook-executor
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=${2:?--prefix needs a directory}; shift ;;
    --prefix=*) prefix=${1#--prefix=} ;;
    --artifact) artifact=${2:?--artifact needs a file}; shift ;;
    -h|--help) sed -n '2,6s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ ! -f "$artifact" ]; then
  echo "install.sh: $artifact not found; build it first with bin/build-dist.sh" >&2
  exit 1
fi
"$artifact" --dist-info >/dev/null || { echo "install.sh: $artifact is not a cook-executor build" >&2; exit 1; }
mkdir -p "$prefix/bin"
tmp=$prefix/bin/.cook-executor.$$
cp "$artifact" "$tmp"
chmod 0755 "$tmp"
mv -f "$tmp" "$prefix/bin/cook-executor"
echo "installed $prefix/bin/cook-executor: $("$prefix/bin/cook-executor" --dist-info | head -n 1)"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on your PATH" ;; esac
