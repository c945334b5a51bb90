#!/usr/bin/env bash
# See io.cookexecutor.bench.DensityBench. Usage: bench/density.sh [N (default 50)] [EXECUTOR_COMMAND]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/cook-executor.jar ] && [ -d target/test-classes/io/cookexecutor/bench ] \
  || mvn -q -B -DskipTests package test-compile
exec java -cp "target/test-classes:target/cook-executor.jar:target/lib/*" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.cookexecutor.bench.DensityBench "${1:-50}" "${2:-bin/cook-executor}"
