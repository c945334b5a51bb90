#!/usr/bin/env bash
# The sandbox page in Debian's headless Chromium against the real sidecar (SandboxPageBench): the first
# render of a 100-file listing (cold, then warm loads), and the CPU of following a file that grows 1 MB/s.
# Usage: bench/sandbox-page.sh [RUNS] [FOLLOW_SECONDS]   (defaults 10 and 20; needs chromium, chromium-driver)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/cook-executor.jar ] && [ -f target/test-classes/io/cookexecutor/bench/SandboxPageBench.class ] \
  || mvn -q -B -DskipTests package test-compile
# Selenium is a test dependency: the test class path, not target/lib.
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath >/dev/null
exec java -cp "target/test-classes:target/cook-executor.jar:$(cat target/test.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.cookexecutor.bench.SandboxPageBench "$@"
