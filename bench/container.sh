#!/usr/bin/env bash
# What each executor costs its task's container, in real cgroups through the embedded agent (ContainerBench):
# memory and CPU charged, start-up, idle, KILL, the scan of 200 MB of output, warm page cache and (COLD=1,
# the default) after dropping it; medians over RUNS (>= 5), ratios to the first column.
#   dist      dist/cook-executor (bin/build-dist.sh), started as Cook starts it, cache already unpacked
#   jar       bin/cook-executor (JDK 17, AppCDS); JAR=0 leaves it out
#   original  $ORIGINAL when set: the Python executor (JSON only), e.g.
#             ORIGINAL="env PYTHONPATH=/work/original/cook/executor:/work/original/deps /usr/bin/python3 -m cook"
# Root and writable cgroups needed. Usage: bench/container.sh [RUNS] [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle=${2:-10}
[ -x dist/cook-executor ] || { echo "bench/container.sh: no dist/cook-executor (run bin/build-dist.sh)" >&2; exit 1; }
[ -f target/cook-executor.jar ] && [ -f target/test-classes/io/cookexecutor/bench/ContainerBench.class ] \
  || mvn -q -B -DskipTests package test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export COOK_EXECUTOR_CACHE=$work/cache
dist=$(readlink -f dist/cook-executor)
(mkdir -p "$work/prime" && cd "$work/prime" && "$dist" --version >/dev/null)

executors=()
[ -n "${ORIGINAL:-}" ] && executors+=("original|json|exec $ORIGINAL")
executors+=("dist|protobuf|mkdir .cook-executor && exec $dist")
[ "${JAR:-1}" = 1 ] && executors+=("jar|protobuf|exec $PWD/bin/cook-executor")
echo "== bench/container.sh $runs $idle on $(nproc) cores (shared machine); $(date -u +%FT%TZ)"
cold=false; [ "${COLD:-1}" = 1 ] && cold=true
BENCH_JAVA_OPTS="-Dcold=$cold ${BENCH_JAVA_OPTS:-}" exec bench/java-bench.sh ContainerBench "$runs" "$idle" \
  "${executors[@]}"
