#!/usr/bin/env bash
# Builds dist/cook-executor_<version>_amd64.deb from dist/cook-executor (run bin/build-dist.sh first):
# /opt/cook-executor/cook-executor and the links /usr/bin/cook-executor and /usr/bin/cook-sidecar. Needs dpkg-deb.
# Check it without installing: dpkg-deb -x dist/cook-executor_*.deb DIR && DIR/opt/cook-executor/cook-executor --version
# Usage: bin/build-deb.sh [ARTIFACT]
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
artifact=${1:-$home/dist/cook-executor}
command -v dpkg-deb >/dev/null 2>&1 || { echo "build-deb: dpkg-deb not found (Debian package dpkg)" >&2; exit 2; }
[ -f "$artifact" ] || { echo "build-deb: $artifact not found; run bin/build-dist.sh first" >&2; exit 1; }
version=$("$artifact" --dist-info | sed -n "1s/^cook-executor \([^ ]*\) .*/\1/p")
[ -n "$version" ] || { echo "build-deb: cannot read the version of $artifact" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkg=$work/pkg
mkdir -p "$pkg/DEBIAN" "$pkg/opt/cook-executor" "$pkg/usr/bin" "$pkg/usr/share/doc/cook-executor"
install -m 0755 "$artifact" "$pkg/opt/cook-executor/cook-executor"
ln -s ../../opt/cook-executor/cook-executor "$pkg/usr/bin/cook-executor"
# The same file under the name of Cook's Kubernetes sidecar (the stub dispatches on its name).
ln -s ../../opt/cook-executor/cook-executor "$pkg/usr/bin/cook-sidecar"
cat >"$pkg/usr/share/doc/cook-executor/README" <<DOC
cook-executor $version: a Mesos executor for the Cook scheduler, with its own Java runtime.
Point Cook's :executor :command at "mkdir .cook-executor && cook-executor".
On first use per user it unpacks its runtime into a cache: COOK_EXECUTOR_CACHE, default
\$XDG_CACHE_HOME/cook-executor, else \$HOME/.cache/cook-executor, else \${TMPDIR:-/tmp}/cook-executor-UID.
DOC
size_kb=$(du -sk "$pkg" --exclude=DEBIAN | cut -f1)
cat >"$pkg/DEBIAN/control" <<CONTROL
Package: cook-executor
Version: $version
Architecture: amd64
Maintainer: cook-executor developers <cook-executor@localhost>
Installed-Size: $size_kb
Depends: libc6 (>= 2.17), gzip, tar, coreutils
Section: admin
Priority: optional
Description: Mesos executor for the Cook scheduler
 Runs Cook tasks on a Mesos agent: subscribes over the v1 executor HTTP API,
 runs the task's command, reports its status, exit code and progress.
 One self-contained file with its own Java runtime; needs no Java installed.
CONTROL
out=$home/dist/cook-executor_${version}_amd64.deb
mkdir -p "$home/dist"
# The payload is compressed already: a light gzip keeps the package quick to build.
dpkg-deb --root-owner-group -Zgzip -z1 --build "$pkg" "$out" >/dev/null
echo "$out: $(stat -c %s "$out") bytes"
dpkg-deb --info "$out" | sed -n 's/^ *\(Package\|Version\|Architecture\|Depends\):/  &/p'
dpkg-deb --contents "$out"
