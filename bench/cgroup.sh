# Cgroup helpers for the benchmarks, sourced (`. bench/cgroup.sh`), never run. They measure what a job pays:
# the memory and CPU charged to its container, as a Mesos agent's cgroups/mem and cgroups/cpu isolators see it.
# cgroup v1 (memory, cpu, cpuacct, each its own hierarchy as on this machine kind) as root; cg_supported says
# whether it can be used here. Every group is named cook-bench-<name>; cg_destroy kills what is left in it.
#
#   cg_supported                         exit 0 when the three v1 controllers are writable here
#   cg_create NAME [MEM_BYTES] [CPUS]    fresh group; optional memory limit and CFS quota (e.g. 0.1 CPU)
#   cg_exec NAME CMD [ARG...]            runs CMD inside the group (in the foreground; its exit status)
#   cg_spawn NAME CMD [ARG...]           the same in the background; sets CG_PID
#   cg_peak_bytes NAME                   memory.max_usage_in_bytes (page cache the group touched included)
#   cg_cpu_ns NAME                       cpuacct.usage, nanoseconds of CPU charged
#   cg_procs NAME                        the pids still in the group
#   cg_destroy NAME                      SIGKILL to what is left, then remove the group (idempotent)

CG_ROOT=${CG_ROOT:-/sys/fs/cgroup}
CG_CONTROLLERS="memory cpu cpuacct"

cg_supported() {
  local c probe=cook-bench-probe-$$
  for c in $CG_CONTROLLERS; do
    mkdir "$CG_ROOT/$c/$probe" 2>/dev/null || { cg_destroy probe-$$; return 1; }
  done
  cg_destroy probe-$$
}

cg_create() {
  local name=$1 mem=${2:-} cpus=${3:-} c
  cg_destroy "$name"
  for c in $CG_CONTROLLERS; do mkdir "$CG_ROOT/$c/cook-bench-$name"; done
  if [ -n "$mem" ]; then echo "$mem" > "$CG_ROOT/memory/cook-bench-$name/memory.limit_in_bytes"; fi
  if [ -n "$cpus" ]; then
    echo 100000 > "$CG_ROOT/cpu/cook-bench-$name/cpu.cfs_period_us"
    awk -v c="$cpus" 'BEGIN { printf "%d\n", c * 100000 }' > "$CG_ROOT/cpu/cook-bench-$name/cpu.cfs_quota_us"
  fi
}

# The command joins the group before exec, so everything it starts is charged from its first page.
cg_exec() {
  local name=$1; shift
  sh -c 'for c in $CG_CONTROLLERS; do echo $$ > "$CG_ROOT/$c/cook-bench-$0/cgroup.procs"; done; exec "$@"' \
    "$name" "$@"
}

cg_spawn() {
  cg_exec "$@" &
  CG_PID=$!
}

cg_peak_bytes() { cat "$CG_ROOT/memory/cook-bench-$1/memory.max_usage_in_bytes"; }
cg_cpu_ns() { cat "$CG_ROOT/cpuacct/cook-bench-$1/cpuacct.usage"; }
cg_procs() { cat "$CG_ROOT/memory/cook-bench-$1/cgroup.procs" 2>/dev/null; }

cg_destroy() {
  local name=$1 c dir pid tries
  for c in $CG_CONTROLLERS; do
    dir=$CG_ROOT/$c/cook-bench-$name
    [ -d "$dir" ] || continue
    for tries in 1 2 3 4 5 6 7 8 9 10; do
      [ -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ] && break
      for pid in $(cat "$dir/cgroup.procs" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
      sleep 0.1
    done
    rmdir "$dir" 2>/dev/null || echo "cgroup.sh: could not remove $dir" >&2
  done
}
export CG_ROOT CG_CONTROLLERS
