#!/usr/bin/env bash
# Scan-speed benchmark of progress tracking (see bench/README-progress.md).
#
# Makes a 200 MB file of 2,000,000 lines of 100 bytes with a progress line every 10,000, then compares
# `cat FILE > /dev/null` with the tracker reading the same file (fresh JVM, several passes), in MB/s per
# core of CPU time (user + system), from the page cache.
#
# Usage: bench/progress-scan.sh [FILE] [PASSES] [REPEAT]
#   FILE    where to make the data (default /tmp/cook-progress-scan.dat; kept for later runs)
#   PASSES  passes in one JVM (default 5), each of REPEAT scans of the file (default 5)
# Environment: JAVA (default java), JAVA_OPTS (extra JVM flags), SKIP_BUILD=1 to reuse the last build.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-/tmp/cook-progress-scan.dat}
passes=${2:-5}
repeat=${3:-5}
java=${JAVA:-java}
build="$root/target-bench"
lines=2000000
size=$((lines * 100))

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "== building test classes into $build"
  (cd "$root" && mvn -o -q -DbuildDir="$build" -DskipTests test-compile \
    dependency:build-classpath -Dmdep.outputFile="$build/classpath.txt" -Dmdep.includeScope=runtime)
fi
cp="$build/classes:$build/test-classes:$(cat "$build/classpath.txt")"

if [[ ! -f $file || $(stat -c %s "$file") -ne $size ]]; then
  echo "== making $file ($lines lines of 100 bytes, a progress line every 10,000)"
  awk -v n=$lines 'BEGIN {
    for (i = 1; i <= n; i++) {
      if (i % 10000 == 0)
        s = sprintf("progress: %d, step %d of %d", i * 100 / n, i, n)
      else
        s = sprintf("2024-05-01T12:%02d:%02d.%03d INFO [worker-%d] processed record %07d of batch %d: ok, took %d ms",
                    (i / 60000) % 60, (i / 1000) % 60, i % 1000, i % 8, i, i / 5000, i % 97)
      printf "%-99.99s\n", s
    }
  }' > "$file"
fi

cat "$file" > /dev/null # into the page cache

# CPU seconds (user + sys) of a command, via /usr/bin/time.
cpu_of() {
  /usr/bin/time -f "%U %S %e" -o /tmp/cook-progress-scan.time "$@"
  awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' /tmp/cook-progress-scan.time
}

echo "== cat, 10 times (best of 3 rounds)"
cat_best=0
for round in 1 2 3; do
  read -r cpu wall < <(cpu_of sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do cat '$file' > /dev/null; done")
  rate=$(awk -v s=$size -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? 10 * s / 1e6 / c : 0) }')
  echo "round $round: CPU ${cpu}s wall ${wall}s for 10 x $((size / 1000000)) MB: $rate MB/s per core of CPU"
  if ((rate > cat_best)); then cat_best=$rate; fi
done
echo "cat best: $cat_best MB/s per core of CPU"

run_scan() {
  local label=$1
  shift
  echo "== tracker scan, $label: fresh JVM, $passes passes of $repeat scans"
  /usr/bin/time -f "%U %S %e" -o /tmp/cook-progress-scan.time \
    "$java" ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.cookexecutor.progress.ScanBench "$file" "$passes" "$repeat" "$@" | tee /tmp/cook-progress-scan.out
  awk -v s=$size -v n=$((passes * repeat)) '{ c = $1 + $2;
    printf "whole JVM (start-up, JIT, GC, %d scans): CPU %.2fs wall %.2fs = %.0f MB/s per core\n", n, c, $3, n * s / 1e6 / c }' \
    /tmp/cook-progress-scan.time
  awk -v c="$cat_best" '/^best:/ { printf "best pass / cat: %.2f (scanning thread), %.2f (process)\n", $2 / c, $8 / c }' \
    /tmp/cook-progress-scan.out
}

run_scan "default regex, literal prefilter"
run_scan "default regex, prefilter off (every line decoded and matched)" --no-prefilter
