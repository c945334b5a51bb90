#!/usr/bin/env bash
# N tasks in sequence (default 500): no growth on the agent side, nothing left behind; see SoakBench.
# Usage: bench/soak.sh [N] [EXECUTOR_COMMAND]
exec "$(dirname "$0")/java-bench.sh" SoakBench "${1:-500}" "${2:-bin/cook-executor}"
