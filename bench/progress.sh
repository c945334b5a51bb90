#!/usr/bin/env bash
# Progress tracking under real tasks: write overhead (200 MB, ratio to no executor), idle CPU during
# `sleep 60`, and line->message latency; see ProgressBench.
# Usage: bench/progress.sh [EXECUTOR_COMMAND] [OVERHEAD_RUNS] [IDLE_SECONDS] [LATENCY_SAMPLES]
exec "$(dirname "$0")/java-bench.sh" ProgressBench "${1:-bin/cook-executor}" "${2:-5}" "${3:-60}" "${4:-20}"
