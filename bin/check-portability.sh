#!/usr/bin/env bash
# Lists the highest GLIBC symbol version each ELF file in the artifact needs, and fails when any needs
# more than the limit (default 2.17: CentOS/RHEL 7, and most container base images). The artifact's
# ELF files are the runtime's and our own libcook-posix.so (app/native; bin/build-native.sh checks it too).
# Usage: bin/check-portability.sh [ARTIFACT-or-DIR-or-ELF] [MAX]   (default dist/cook-executor 2.17)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-$home/dist/cook-executor}
max=${2:-2.17}

if command -v objdump >/dev/null 2>&1; then
  symbol_versions() { objdump -T "$1" 2>/dev/null; }
elif command -v readelf >/dev/null 2>&1; then
  symbol_versions() { readelf --dyn-syms -W "$1" 2>/dev/null; }
else
  echo "check-portability: neither objdump nor readelf found (Debian package binutils); cannot check" >&2
  exit 2
fi

is_elf() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

dir=$target
if [ -f "$target" ] && is_elf "$target"; then
  # One ELF file (a library just built): checked alone, in a directory of its own.
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  cp "$target" "$dir/"
elif [ -f "$target" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  rmdir "$dir"
  "$target" --dist-extract "$dir" || { echo "check-portability: cannot unpack $target" >&2; exit 1; }
fi
[ -d "$dir" ] || { echo "check-portability: no such file or directory: $target" >&2; exit 2; }

version_gt() { [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1)" = "$1" ]; }

count=0
bad=0
while IFS= read -r -d '' f; do
  # ELF files only: the first four bytes are 0x7f 'E' 'L' 'F'.
  is_elf "$f" || continue
  count=$((count + 1))
  need=$(symbol_versions "$f" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
  rel=${f#"$dir"/}
  if [ -z "$need" ]; then
    printf '  %-44s no GLIBC symbols\n' "$rel"
  elif version_gt "$need" "$max"; then
    printf '  %-44s GLIBC_%s  > %s  NOT PORTABLE\n' "$rel" "$need" "$max"
    bad=$((bad + 1))
  else
    printf '  %-44s GLIBC_%s\n' "$rel" "$need"
  fi
done < <(find "$dir" -type f -print0 | sort -z)

if [ "$count" -eq 0 ]; then
  echo "check-portability: no ELF file found in $target" >&2
  exit 1
fi
if [ "$bad" -gt 0 ]; then
  echo "check-portability: FAILED: $bad of $count ELF files need glibc > $max" >&2
  exit 1
fi
echo "check-portability: ok: $count ELF files, none needs glibc > $max"
