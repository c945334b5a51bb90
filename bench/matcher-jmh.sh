#!/usr/bin/env bash
# JMH micro-benchmarks of the progress matcher (io.cookexecutor.progress.MatcherBenchmark).
# Usage: bench/matcher-jmh.sh [JMH OPTIONS]   (default: -f 1 -wi 3 -w 1 -i 5 -r 1)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-f 1 -wi 3 -w 1 -i 5 -r 1)
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main MatcherBenchmark "${args[@]}"
