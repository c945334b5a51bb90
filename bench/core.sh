#!/usr/bin/env bash
# Executor-core figures through the embedded agent: exec->SUBSCRIBE, LAUNCH->RUNNING, KILL->KILLED,
# peak RSS and threads, medians over N runs (default 7) of an executor command (default bin/cook-executor).
# Usage: bench/core.sh [RUNS] [EXECUTOR_COMMAND]   (ENCODING=json for the JSON encoding)
BENCH_JAVA_OPTS="-Dencoding=${ENCODING:-protobuf}" exec "$(dirname "$0")/java-bench.sh" CoreBench "${1:-7}" "${2:-bin/cook-executor}"
