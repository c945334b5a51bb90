#!/usr/bin/env bash
# cook-sidecar beside Cook's own sidecar (Python, Flask + gunicorn), in real cgroups (v1, as root), the two
# interleaved run by run so a shared machine's drift hits both alike. Each run of each sidecar:
#   ready      start -> first 200 on /readiness-probe, a whole core (no quota)
#   ready@0.1  the same in a group with a 0.1-CPU CFS quota (the example config's limit)
#   peak       memory.max_usage_in_bytes of the sidecar's group after 50 clients downloaded a 20 MB file at
#              once (the file is in the page cache beforehand, charged elsewhere: what is measured is the
#              sidecar's own memory)
#   rps, p99   /files/read of 4096 bytes (what `cs tail` asks), 50 connections, wrk for READ_SECS
#   idle       CPU charged to the group during IDLE_SECS of quiet after the load, scaled to an hour
# Each sidecar runs in its own network namespace (unshare -n) holding only loopback, so the original,
# which binds 0.0.0.0, is reachable on 127.0.0.1 only; clients run in that namespace, outside the group.
# Both run as a pod runs them: progress reporter on (the scheduler URL refuses connections; no progress
# line is written), file server on.
#
# Usage: bench/sidecar.sh [RUNS]       (default 5; needs root, cgroup v1, wrk, curl, unshare, ip)
#        bench/sidecar.sh hostile [RUNS]   (default 3) instead: each sidecar, a whole core, under 64 clients
#                       trickling a request a byte a second, 64 downloads of a 50 MB file read at 1 KB/s and
#                       1,000 connections that send nothing (bench/hostile-clients.py, reopening whatever the
#                       server closes), while a second client asks /readiness-probe and /files/read.json
#                       (4096 bytes) one at a time for HOSTILE_SECS (default 30): p50/p99 of each (a request
#                       unanswered within 5 s counts as 5,000 ms), failures, and the group's memory peak;
#                       HOSTILE_SCALE=N multiplies the slowloris and slow downloads by N (default 1)
#   SIDECAR_JAVA_OPTS   JVM flags added for cook-sidecar (default none: the launchers apply bin/jvm-flags.sh's
#                       sidecar flags themselves)
#   SIDECAR_MALLOC_ARENA_MAX           glibc malloc arenas for cook-sidecar (default: the launcher's, 2)
#   READ_SECS=8 IDLE_SECS=20           lengths of the load and quiet periods
#   KINDS="cook image"                 measure only these (cook, java = bin/cook-sidecar, image,
#                                      dist = dist/cook-executor named cook-sidecar, its cache unpacked before)
#   COOK_SIDECAR_SRC=/work/original/cook/sidecar   where Cook's sidecar is (bin: /usr/bin/python3)
#   SIDECAR_HOME=.      the checkout whose bin/cook-sidecar and target/ are measured (a copy lets you rebuild)
#   SIDECAR_ROOTFS      an unpacked sidecar image (default target/sidecar-image/rootfs when built by
#                       bin/build-sidecar-image.sh): measured too, as "image", run under chroot
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
cd "$home"
# shellcheck source=bench/cgroup.sh
. "$home/bench/cgroup.sh"

PORT=23906
READ_SECS=${READ_SECS:-8}
HOSTILE_SECS=${HOSTILE_SECS:-30}
HOSTILE_SCALE=${HOSTILE_SCALE:-1}
IDLE_SECS=${IDLE_SECS:-20}
COOK_SIDECAR_SRC=${COOK_SIDECAR_SRC:-/work/original/cook/sidecar}
SIDECAR_JAVA_OPTS=${SIDECAR_JAVA_OPTS:-}
SIDECAR_MALLOC_ARENA_MAX=${SIDECAR_MALLOC_ARENA_MAX:-} # empty: the launcher's default
SIDECAR_HOME=${SIDECAR_HOME:-$home}
export SIDECAR_HOME SIDECAR_JAVA_OPTS SIDECAR_MALLOC_ARENA_MAX COOK_SIDECAR_SRC PORT READ_SECS IDLE_SECS HOSTILE_SECS
export HOSTILE_SCALE

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# --- one run of one sidecar, inside its network namespace: prints "ready peak rps p99 idle" ---
start_sidecar() { # GROUP WORKDIR
  local group=$1 w=$2
  local env=(COOK_WORKDIR="$w" COOK_SANDBOX="$w" COOK_INSTANCE_UUID=bench-instance COOK_JOB_UUID=bench-job
    COOK_SCHEDULER_REST_URL=http://127.0.0.1:9 PROGRESS_SAMPLE_INTERVAL_MS=1000 EXECUTOR_LOG_LEVEL=WARNING)
  case $KIND in
    cook) cg_spawn "$group" env "${env[@]}" PYTHONPATH="$COOK_SIDECAR_SRC" /usr/bin/python3 -m cook.sidecar \
            --file-server-port "$PORT" ;;
    java) cg_spawn "$group" env "${env[@]}" EXECUTOR_LOG_LEVEL=WARN COOK_EXECUTOR_JAVA_OPTS="$SIDECAR_JAVA_OPTS" \
            MALLOC_ARENA_MAX="$SIDECAR_MALLOC_ARENA_MAX" \
            "$SIDECAR_HOME/bin/cook-sidecar" --file-server-port "$PORT" ;;
    dist) cg_spawn "$group" env "${env[@]}" EXECUTOR_LOG_LEVEL=WARN COOK_EXECUTOR_JAVA_OPTS="$SIDECAR_JAVA_OPTS" \
            MALLOC_ARENA_MAX="$SIDECAR_MALLOC_ARENA_MAX" COOK_EXECUTOR_CACHE="$DIST_CACHE" \
            "$DIST_LINK" --file-server-port "$PORT" ;;
    image) cg_spawn "$group" env -i PATH=/usr/local/bin:/bin MALLOC_ARENA_MAX="$SIDECAR_MALLOC_ARENA_MAX" "${env[@]}" EXECUTOR_LOG_LEVEL=WARN \
            "$(command -v chroot)" "$SIDECAR_ROOTFS" /usr/local/bin/cook-sidecar --file-server-port "$PORT" ;;
  esac
}

await_ready() { # START_MS -> prints ms to ready; fails after 60 s
  local start=$1
  while ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/readiness-probe"; do
    [ $(( $(now_ms) - start )) -lt 60000 ] || { echo "bench: $KIND never got ready" >&2; return 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - start ))
}

stop_sidecar() { # GROUP
  kill -TERM "$CG_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do kill -0 "$CG_PID" 2>/dev/null || break; sleep 0.05; done
  cg_destroy "$1"
}

inside() {
  ip link set lo up
  local w=$WORK/sandbox group=sc-$KIND-$$ start ready ready01 peak rps p99 cpu0 cpu1 idle out
  # ready under a 0.1-CPU quota
  cg_create "$group" "" 0.1
  start=$(now_ms)
  start_sidecar "$group" "$w"
  ready01=$(await_ready "$start")
  stop_sidecar "$group"
  # ready with a whole core, then the load
  cg_create "$group"
  start=$(now_ms)
  start_sidecar "$group" "$w"
  ready=$(await_ready "$start")
  seq 1 50 | xargs -P 50 -I{} curl -s -o /dev/null --max-time 120 \
    "http://127.0.0.1:$PORT/files/download?path=$w/big"
  peak=$(cg_peak_bytes "$group")
  out=$(wrk -t2 -c50 -d"${READ_SECS}s" --latency \
    "http://127.0.0.1:$PORT/files/read?path=$w/stdout&offset=0&length=4096")
  rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ { print $2 }')
  p99=$(printf '%s\n' "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }')
  if printf '%s\n' "$out" | grep -q 'Non-2xx'; then echo "bench: $KIND answered non-2xx: $out" >&2; fi
  sleep 2
  cpu0=$(cg_cpu_ns "$group")
  sleep "$IDLE_SECS"
  cpu1=$(cg_cpu_ns "$group")
  idle=$(awk -v a="$cpu0" -v b="$cpu1" -v s="$IDLE_SECS" 'BEGIN { printf "%.3f", (b - a) / 1e9 * 3600 / s }')
  stop_sidecar "$group"
  echo "$ready $ready01 $peak $rps $p99 $idle"
}

hostile_inside() { # prints "probe_p50 probe_p99 read_p50 read_p99 failures requests peak"
  ip link set lo up
  local w=$WORK/sandbox group=sc-$KIND-$$ start load out peak
  cg_create "$group"
  start=$(now_ms)
  start_sidecar "$group" "$w"
  await_ready "$start" >/dev/null
  python3 "$home/bench/hostile-clients.py" load "$PORT" $((HOSTILE_SECS + 10)) --slowloris $((64 * HOSTILE_SCALE)) \
    --slow-downloads $((64 * HOSTILE_SCALE)) --download "$w/big50" --rate 1024 --idle 1000 >"$WORK/load-$KIND.out" &
  load=$!
  sleep 5
  out=$(python3 "$home/bench/hostile-clients.py" measure "$PORT" "$HOSTILE_SECS" "$w/stdout")
  peak=$(cg_peak_bytes "$group")
  wait "$load" || true
  echo "bench: $KIND load: $(cat "$WORK/load-$KIND.out")" >&2
  stop_sidecar "$group"
  echo "$out $peak"
}

if [ "${1:-}" = --inside ]; then
  KIND=$2 WORK=$3
  if [ "${4:-}" = hostile ]; then hostile_inside; else inside; fi
  exit
fi
measure=plain
if [ "${1:-}" = hostile ]; then
  measure=hostile
  shift
  set -- "${1:-3}"
fi

# --- the outer loop ---
runs=${1:-5}
cg_supported || { echo "bench/sidecar.sh: needs writable cgroup v1 memory, cpu and cpuacct (root)" >&2; exit 2; }
for tool in wrk curl unshare ip; do
  command -v "$tool" >/dev/null || { echo "bench/sidecar.sh: needs $tool (apt-get install wrk curl iproute2)" >&2; exit 2; }
done
[ -f "$COOK_SIDECAR_SRC/cook/sidecar/__main__.py" ] || { echo "bench/sidecar.sh: no Cook sidecar at $COOK_SIDECAR_SRC (../shared/tools/setup-original.sh)" >&2; exit 2; }
[ -f "$SIDECAR_HOME/target/cook-executor.jar" ] || (cd "$SIDECAR_HOME" && mvn -q -B -DskipTests package)

WORK=$(mktemp -d /tmp/sidecar-bench.XXXXXX)
kinds="cook java"
SIDECAR_ROOTFS=${SIDECAR_ROOTFS:-}
[ -z "$SIDECAR_ROOTFS" ] && [ -x target/sidecar-image/rootfs/usr/local/bin/cook-sidecar ] \
  && SIDECAR_ROOTFS=$home/target/sidecar-image/rootfs
export SIDECAR_ROOTFS
image_down() {
  [ -n "$SIDECAR_ROOTFS" ] || return 0
  umount "$SIDECAR_ROOTFS$WORK/sandbox" "$SIDECAR_ROOTFS/proc" 2>/dev/null || true
  rm -f "$SIDECAR_ROOTFS/dev/null" "$SIDECAR_ROOTFS/dev/urandom" "$SIDECAR_ROOTFS/dev/random" "$SIDECAR_ROOTFS/dev/zero"
  rm -rf "${SIDECAR_ROOTFS:?}/tmp/sidecar-bench."*
}
trap 'image_down; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/sandbox"
head -c 20000000 /dev/urandom > "$WORK/sandbox/big"
[ "$measure" = plain ] || head -c 50000000 /dev/urandom > "$WORK/sandbox/big50"
for i in $(seq 1 2000); do echo "line $i of the job's output"; done > "$WORK/sandbox/stdout"
: > "$WORK/sandbox/stderr"
chmod -R a+rX "$WORK"
cat "$WORK/sandbox/big" "$WORK/sandbox/stdout" > /dev/null # page cache charged here, not to a sidecar

if [ -n "$SIDECAR_ROOTFS" ]; then
  # The sandbox mounted read-only into the image, as the pod mounts it; /proc and /dev as a runtime gives them.
  mkdir -p "$SIDECAR_ROOTFS$WORK/sandbox"
  mount --bind -o ro "$WORK/sandbox" "$SIDECAR_ROOTFS$WORK/sandbox"
  mount -t proc proc "$SIDECAR_ROOTFS/proc"
  for dev in null:1:3 zero:1:5 random:1:8 urandom:1:9; do
    IFS=: read -r name major minor <<<"$dev"
    [ -e "$SIDECAR_ROOTFS/dev/$name" ] || mknod -m 0666 "$SIDECAR_ROOTFS/dev/$name" c "$major" "$minor"
  done
  kinds="cook java image"
fi
if [ -x dist/cook-executor ]; then
  # The single file under Cook's name, unpacked once beforehand as on an agent that already ran it.
  mkdir -p "$WORK/bin"
  ln -s "$home/dist/cook-executor" "$WORK/bin/cook-sidecar"
  DIST_LINK=$WORK/bin/cook-sidecar DIST_CACHE=$WORK/dist-cache
  COOK_EXECUTOR_CACHE=$DIST_CACHE "$home/dist/cook-executor" --version >/dev/null
  chmod a+rX "$WORK" "$WORK/bin" # (the cache stays 0700: the stub uses no other)
  kinds="$kinds dist"
fi
export DIST_LINK DIST_CACHE
kinds=${KINDS:-$kinds}
results=$WORK/results
for run in $(seq 1 "$runs"); do
  for kind in $kinds; do
    line=$(unshare -n "$0" --inside "$kind" "$WORK" "$measure")
    echo "$kind $line" >> "$results"
    echo "run $run $kind: ready ${line%% *} ms; ready@0.1 / peak bytes / rps / p99 ms / idle CPU s per hour: ${line#* }" >&2
  done
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$results" | median; }
printf '\nmedians of %s runs (machine shared; SIDECAR_JAVA_OPTS=%s MALLOC_ARENA_MAX=%s)\n' "$runs" \
  "$SIDECAR_JAVA_OPTS" "$SIDECAR_MALLOC_ARENA_MAX"
others=
for kind in $kinds; do [ "$kind" = cook ] || others="$others $kind"; done
header=$(printf '%-34s %14s' measure "Cook's sidecar")
for kind in $others; do header=$header$(printf ' %14s %6s' "$kind" ratio); done
echo "$header   (java = bin/cook-sidecar, dist = dist/cook-executor as cook-sidecar, image = the OCI image)"
row() { # LABEL COLUMN SCALE FORMAT
  local c line kind v
  c=$(col cook "$2")
  line=$(awk -v l="$1" -v c="${c:-0}" -v s="$3" -v f="$4" 'BEGIN { printf "%-34s " f, l, c / s }')
  for kind in $others; do
    v=$(col "$kind" "$2")
    line=$line$(awk -v c="${c:-0}" -v v="${v:-0}" -v s="$3" -v f="$4" 'BEGIN {
      printf " " f " %6.2f", v / s, (c > 0 ? v / c : 0) }')
  done
  echo "$line"
}
if [ "$measure" = hostile ]; then
  row "probe p50 (ms)" 2 1 "%14.1f"
  row "probe p99 (ms)" 3 1 "%14.1f"
  row "/files/read.json p50 (ms)" 4 1 "%14.1f"
  row "/files/read.json p99 (ms)" 5 1 "%14.1f"
  row "unanswered in 5 s (of ~requests)" 6 1 "%14.0f"
  row "requests measured" 7 1 "%14.0f"
  row "peak memory (MiB)" 8 1048576 "%14.1f"
  exit 0
fi
row "ready, whole core (ms)" 2 1 "%14.0f"
row "ready, 0.1 CPU (ms)" 3 1 "%14.0f"
row "peak memory, 50 downloads (MiB)" 4 1048576 "%14.1f"
row "/files/read requests/s" 5 1 "%14.0f"
row "/files/read p99 (ms)" 6 1 "%14.2f"
row "idle CPU (s per hour)" 7 1 "%14.2f"
