#!/usr/bin/env bash
# See io.cookexecutor.bench.SoakBench. Usage: bench/soak.sh [N (default 500)] [EXECUTOR_COMMAND]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/cook-executor.jar ] && [ -d target/test-classes/io/cookexecutor/bench ] \
  || mvn -q -B -DskipTests package test-compile
exec java -cp "target/test-classes:target/cook-executor.jar:target/lib/*" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.cookexecutor.bench.SoakBench "${1:-500}" "${2:-bin/cook-executor}"
