#!/usr/bin/env bash
# Packs DIR (holding app/ and, for the portable build, rt/) behind the shell stub bin/dist-stub.sh into
# one executable FILE. Used by bin/build-dist.sh and bin/build-local.sh.
# Usage: bin/make-self-extracting.sh --kind KIND --version V --epoch SECONDS
#          [--archive-flags FLAGS] DIR FILE
# The JVM flags are not baked in: DIR/app/jvm-flags.sh (bin/jvm-flags.sh) is read by the stub at each start.
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
kind= version= epoch= archive_flags=
while [ $# -gt 2 ]; do
  case $1 in
    --kind) kind=$2 ;;
    --version) version=$2 ;;
    --epoch) epoch=$2 ;;
    --archive-flags) archive_flags=$2 ;;
    *) echo "make-self-extracting: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ $# -eq 2 ] && [ -f "$1/app/jvm-flags.sh" ] && [ -n "$kind" ] && [ -n "$version" ] && [ -n "$epoch" ] \
  || { echo "usage: $0 --kind KIND --version V --epoch SECONDS [...] DIR FILE" >&2; exit 2; }
dir=$1
output=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Reproducible: sorted names, fixed owner and times (which the class-data archive also relies on).
# One gzip stream per top-level directory, so the stub can decompress them in parallel.
parts=
: >"$work/payload"
for p in rt app; do
  [ -e "$dir/$p" ] || continue
  (cd "$dir" && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$p") \
    | gzip -9n >"$work/part"
  parts="$parts $(stat -c %s "$work/part")"
  cat "$work/part" >>"$work/payload"
done
parts=${parts# }
sha=$(sha256sum "$work/payload" | cut -d' ' -f1)
id=$version-${sha:0:16}

stub() { # OFFSET: the stub with every value filled in; its length does not depend on anything else
  sed -e "s|@SHA256@|$sha|" -e "s|@OFFSET@|$1|" -e "s|@PARTS@|$parts|" -e "s|@ID@|$id|" \
    -e "s|@VERSION@|$version|g" -e "s|@KIND@|$kind|g" \
    -e "s|@ARCHIVE_FLAGS@|$archive_flags|" "$home/bin/dist-stub.sh"
}
# The payload starts right after the stub; the offset's own digits change the stub's length.
offset=1
while :; do
  len=$(stub "$offset" | wc -c)
  [ "$offset" = $((len + 1)) ] && break
  offset=$((len + 1))
done
mkdir -p "$(dirname "$output")"
{ stub "$offset"; cat "$work/payload"; } >"$output.tmp"
chmod 0755 "$output.tmp"
mv "$output.tmp" "$output"
echo "$output: $(stat -c %s "$output") bytes, $kind build, payload $id" >&2
