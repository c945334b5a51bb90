#!/usr/bin/env bash
# Runs one benchmark main of src/test/java/io/cookexecutor/bench against the built jar, building first
# when needed. Usage: bench/java-bench.sh CLASS [ARGS...]  (JVM flags through BENCH_JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/cook-executor.jar ] && [ -d target/test-classes/io/cookexecutor/bench ] \
  || mvn -q -B -DskipTests package test-compile
class=$1
shift
# shellcheck disable=SC2086
exec java -cp "target/test-classes:target/cook-executor.jar:target/lib/*" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_JAVA_OPTS:-} \
  "io.cookexecutor.bench.$class" "$@"
