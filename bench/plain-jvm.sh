#!/bin/sh
# Baseline for bench/core.sh: the same jar on the default JVM with default flags and no class archive.
home=$(cd "$(dirname "$0")/.." && pwd)
exec java -jar "$home/target/cook-executor.jar" "$@"
