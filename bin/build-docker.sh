#!/usr/bin/env bash
# Builds dist/cook-executor inside a container (Dockerfile) when a Docker engine answers; otherwise says
# so and builds the same portable file here with bin/build-dist.sh (the portability comes from Temurin's
# binaries, which need only glibc 2.17, not from the build machine).
# Usage: bin/build-docker.sh [--test]   (--test also runs the file on CentOS 7: Dockerfile target portability-test)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
cd "$home"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
if ! command -v docker >/dev/null 2>&1; then
  echo "build-docker: no docker client; building the same portable file locally (bin/build-dist.sh)" >&2
  exec "$home/bin/build-dist.sh"
fi
if ! docker info >/dev/null 2>&1; then
  echo "build-docker: no Docker engine answers (docker info failed); building the same portable file" \
    "locally (bin/build-dist.sh)" >&2
  exec "$home/bin/build-dist.sh"
fi
export DOCKER_BUILDKIT=1
docker build --build-arg SOURCE_DATE_EPOCH="$epoch" --target artifact --output type=local,dest=dist .
if [ "${1:-}" = --test ]; then
  docker build --build-arg SOURCE_DATE_EPOCH="$epoch" --target portability-test .
fi
"$home/bin/check-portability.sh" dist/cook-executor
