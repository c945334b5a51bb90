#!/usr/bin/env bash
# N executors at once (default 50), each printing progress: PSS, CPU, start-up spread; see DensityBench.
# Usage: bench/density.sh [N] [EXECUTOR_COMMAND]
exec "$(dirname "$0")/java-bench.sh" DensityBench "${1:-50}" "${2:-bin/cook-executor}"
