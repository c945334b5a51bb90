#!/usr/bin/env bash
# Executor-core figures through the embedded agent: exec->SUBSCRIBE, LAUNCH->RUNNING, KILL->KILLED,
# peak RSS and threads, medians over N runs (default 7) of bin/cook-executor with its default flags.
# Usage: bench/core.sh [RUNS] [EXECUTOR_COMMAND]   (ENCODING=json for the JSON encoding)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/cook-executor.jar ] && [ -d target/test-classes/io/cookexecutor/bench ] \
  || mvn -q -B -DskipTests package test-compile
exec java -cp "target/test-classes:target/cook-executor.jar:target/lib/*" \
  -Dencoding="${ENCODING:-protobuf}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.cookexecutor.bench.CoreBench "${1:-7}" "${2:-bin/cook-executor}"
