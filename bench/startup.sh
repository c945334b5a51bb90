#!/usr/bin/env bash
# Figures of dist/cook-executor through the embedded agent (medians over RUNS, default 7), as Cook starts
# it: /bin/sh -c 'mkdir .cook-executor && exec ARTIFACT' in a fresh sandbox.
#   warm:  cache already unpacked: exec->SUBSCRIBE, LAUNCH->RUNNING, KILL->KILLED, VmHWM, threads
#   cold:  cache emptied before every run: the same, first start on an agent (unpack included)
#   pss:   COUNT (default 20) executors running `sleep 60` at once: PSS per executor
#   size:  of the artifact
# Usage: bench/startup.sh [RUNS] [ARTIFACT] [COUNT]      (build it first: bin/build-dist.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
artifact=$(readlink -f "${2:-dist/cook-executor}")
count=${3:-20}
[ -x "$artifact" ] || { echo "bench/startup.sh: no $artifact (run bin/build-dist.sh)" >&2; exit 1; }
[ -f target/cook-executor.jar ] && [ -d target/test-classes/io/cookexecutor/bench ] \
  || mvn -q -B -DskipTests package test-compile

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export COOK_EXECUTOR_CACHE=$work/cache
command="mkdir .cook-executor && exec $artifact"
bench() {
  java -cp "target/test-classes:target/cook-executor.jar:target/lib/*" -Dshell=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@"
}

echo "== $artifact: $(stat -c %s "$artifact") bytes ($(( $(stat -c %s "$artifact") / 1048576 )) MiB)"
(mkdir -p "$work/prime" && cd "$work/prime" && "$artifact" --version)
echo "== warm cache"
bench io.cookexecutor.bench.CoreBench "$runs" "$command"
echo "== cold cache (unpack included)"
bench -DcoldDir="$COOK_EXECUTOR_CACHE" io.cookexecutor.bench.CoreBench "$runs" "$command"
(mkdir -p "$work/prime2" && cd "$work/prime2" && "$artifact" --version >/dev/null)
echo "== $count at once"
bench -Dmode=pss -Dcount="$count" io.cookexecutor.bench.CoreBench 1 "$command"
