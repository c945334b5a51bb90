# Finding Java and the executor's JVM flags, in one place (POSIX sh, sourced, never run). Sourced by
# bin/cook-executor, bin/build-dist.sh and bin/build-sidecar-image.sh, and at every start by the
# self-unpacking file's stub, which ships it as app/jvm-flags.sh (bin/build-local.sh copies it there too).
# Why each flag: docs/distribution.md, "Footprint choices".
#
#   cook_find_java              sets cook_java to $JAVA_HOME/bin/java, else to the java on the PATH, and
#                               cook_java_home to its installation (links resolved); returns 1 when there is
#                               neither (the caller prints $cook_no_java)
#   cook_java_major JAVA_HOME   sets cook_major to the runtime's major version, read from its release file
#                               (no JVM start); empty when there is no such file
#   cook_jvm_flags MAJOR [ROLE] sets cook_flags to the flags for a Java MAJOR runtime (MAJOR may be empty);
#                               ROLE "sidecar" (the command is `sidecar`, or the program is cook-sidecar) adds
#                               the sidecar's own; sets cook_arenas to the role's default of MALLOC_ARENA_MAX
#                               (empty: glibc's) and applies it to the environment unless the caller set one

cook_no_java="no Java found; set JAVA_HOME or put java (17 or later) on the PATH"

cook_find_java() {
  cook_java=
  cook_java_home=
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    cook_java=$JAVA_HOME/bin/java
  else
    cook_java=$(command -v java 2>/dev/null) || cook_java=
  fi
  [ -n "$cook_java" ] || return 1
  cook_java_home=$(dirname "$(dirname "$(readlink -f "$cook_java" 2>/dev/null || echo "$cook_java")")")
}

cook_java_major() {
  cook_major=
  [ -f "$1/release" ] || return 0
  # Plain sh (the stub's agents may have no sed): the digits after JAVA_VERSION=".
  while IFS= read -r cook_line; do
    case $cook_line in
      JAVA_VERSION=*) cook_line=${cook_line#JAVA_VERSION=\"}; cook_major=${cook_line%%[!0-9]*}; return 0 ;;
    esac
  done <"$1/release"
}

cook_jvm_flags() {
  # Small footprint: one executor runs beside every task, charged to the task's container.
  cook_flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k -Xms8m -Xmx64m"
  # A 1 MB young generation: the eden is touched whole before the first collection (-1.2 MB charged).
  cook_flags="$cook_flags -Xmn1m"
  cook_flags="$cook_flags -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=96m -XX:-UsePerfData"
  # JIT per phase: C1 compiles only what stays hot (start-up wants little compilation), but the output
  # scanner's methods at a fiftieth of the usual thresholds, so a task's burst of output is scanned by
  # compiled code almost from its first chunk (200 MB: executor CPU ~650 -> ~390 ms).
  cook_flags="$cook_flags -XX:CompileThresholdScaling=20 -XX:CompileCommand=quiet"
  cook_flags="$cook_flags -XX:CompileCommand=CompileThresholdScaling,io.cookexecutor.progress.*::*,0.01"
  # JVM warnings (e.g. a rejected archive) to stderr, never into the task's stdout.
  cook_flags="$cook_flags -Xlog:disable -Xlog:all=warning:stderr"
  # protobuf's Unsafe and our JNI library (System.load), without the JVM's warnings about them on newer runtimes.
  if [ "${1:-0}" -ge 22 ] 2>/dev/null; then
    cook_flags="$cook_flags --enable-native-access=ALL-UNNAMED"
  fi
  if [ "${1:-0}" -ge 23 ] 2>/dev/null; then
    cook_flags="$cook_flags --sun-misc-unsafe-memory-access=allow"
  fi
  # The sidecar, measured with bench/sidecar.sh (docs/performance.md, Sidecar); later flags win:
  # an 8 MiB heap is plenty for 50 downloads through 32 KiB buffers; the class archive mapped where it was
  # dumped, so its pages stay shared file pages; two malloc arenas instead of one per serving thread.
  cook_arenas=
  if [ "${2:-}" != sidecar ]; then
    # protobuf's CodedOutputStream asks java.util.logging for a logger; JUL would then read its
    # logging.properties and look levels up through streams: 36 classes more per task. A configuration
    # class skips that read (JUL makes a java.lang.Object and keeps its defaults: level INFO, no handler).
    # The executor logs through its own logger; the sidecar's HTTP server logs through JUL, so not there.
    cook_flags="$cook_flags -Djava.util.logging.config.class=java.lang.Object"
    # The JVM's monitor deflation thread looks for idle monitors 4 times a second; once is plenty for the
    # executor's few monitors, and a sleeping task's executor then wakes 3 times a second less (its idle
    # CPU: docs/performance.md). A diagnostic flag that Java 17 to 25 know: other runtimes go without it.
    if [ "${1:-0}" -ge 17 ] 2>/dev/null && [ "${1:-0}" -le 25 ]; then
      cook_flags="$cook_flags -XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=1000"
    fi
  fi
  if [ "${2:-}" = sidecar ]; then
    cook_flags="$cook_flags -Xms4m -Xmx8m -XX:MaxMetaspaceSize=64m"
    # From Java 24 the file server gives each exchange a virtual thread: slow clients then all hold their
    # connection's buffers at once (64 slowloris + 64 slow downloads + 1,000 idle: 10.3 MB live, measured),
    # which filled a 12 MiB heap to its last megabyte and ran it out at twice that load. 16 MiB holds 148
    # exchanges at once (ServerLimits.exchangeCapacity); past that they wait or give way, never the heap.
    if [ "${1:-0}" -ge 24 ] 2>/dev/null; then
      cook_flags="$cook_flags -Xmx16m"
    fi
    cook_flags="$cook_flags -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
    cook_arenas=2
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$cook_arenas}
    export MALLOC_ARENA_MAX
  fi
}
