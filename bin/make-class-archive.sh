#!/bin/sh
# Builds target/cook-executor.jsa, an AppCDS archive of the classes the executor loads, from a training run
# of a real task under the embedded agent. bin/cook-executor uses it when present; it halves the cost of
# building the Mesos protobuf descriptors. Never fails the build: without the archive the executor is
# only slower to start.
set -u
home=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-$home/target}
archive=$target/cook-executor.jsa
rm -f "$archive" "$archive.tmp"
sandbox=$(mktemp -d)
if "$home/bin/cook-executor" local --sandbox "$sandbox" \
    --env "COOK_EXECUTOR_JAVA_OPTS=-XX:ArchiveClassesAtExit=$archive.tmp" \
    -- 'echo "progress: 50, training"; echo done' >/dev/null 2>&1 && [ -s "$archive.tmp" ]; then
  mv "$archive.tmp" "$archive"
  echo "class data archive: $archive ($(du -k "$archive" | cut -f1) kB)"
else
  rm -f "$archive.tmp"
  echo "class data archive: not built (the executor still works, only slower to start)"
fi
rm -rf "$sandbox"
exit 0
