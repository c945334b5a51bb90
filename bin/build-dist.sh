#!/usr/bin/env bash
# Builds dist/cook-executor: ONE executable file for Linux x86-64 agents with no Java installed.
#   shell stub (bin/dist-stub.sh) + tar.gz of { rt/  jlink'ed runtime (modules found with jdeps),
#                                               app/ jars, our native library, AOT cache (or AppCDS) }
# The JDK: $JAVA_HOME when set, else the newest /usr/lib/jvm/temurin-*; Temurin's native libraries need
# only glibc 2.17, so the file runs on old agents and in containers (bin/check-portability.sh checks).
# JDK >= 24: AOT cache (-XX:AOTCacheOutput) from a training run of a real task under the embedded agent;
# older JDKs: AppCDS (-XX:ArchiveClassesAtExit) the same way.
# Usage: bin/build-dist.sh [--skip-package] [--output FILE]
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
cd "$home"

output=$home/dist/cook-executor
# shellcheck source=bin/build-args.sh
. "$home/bin/build-args.sh"

log() { printf 'build-dist: %s\n' "$*" >&2; }

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    printf '%s' "$JAVA_HOME"
    return
  fi
  local d best=
  for d in /usr/lib/jvm/temurin-*; do
    [ -x "$d/bin/jlink" ] && best=$d
  done
  if [ -n "$best" ]; then
    printf '%s' "$best"
  elif command -v jlink >/dev/null 2>&1; then
    dirname "$(dirname "$(readlink -f "$(command -v jlink)")")"
  fi
}
jdk=$(find_jdk)
if [ -z "$jdk" ] || [ ! -x "$jdk/bin/jlink" ] || [ ! -x "$jdk/bin/jdeps" ]; then
  echo "build-dist: no JDK with jlink found; install Temurin under /usr/lib/jvm or set JAVA_HOME" >&2
  exit 1
fi
# shellcheck source=bin/jvm-flags.sh
. "$home/bin/jvm-flags.sh"
cook_java_major "$jdk"
jdk_major=$cook_major
case $jdk_major in 1.*|9|1[0-6]|"") echo "build-dist: $jdk is Java ${jdk_major:-?}; 17 or later needed" >&2; exit 1 ;; esac
log "JDK $jdk (Java $jdk_major)"

prepare_build build-dist

work=$home/target/dist-work
rm -rf "$work"
mkdir -p "$work/root/app/lib" "$work/root/app/native"
root=$work/root

# --- modules: what jdeps finds in the executor and its libraries, less those only optional code needs ---
# java.sql: gson/protobuf-util adapters for java.sql types (loaded only if present), on no path the
# executor takes.
optional_only=" java.sql "
# Jars that are named modules (progressbar requires org.jline.terminal) are analysed as modules, with
# their module dependencies on the module path; the rest on the class path. A jdeps failure stops the
# build: a runtime missing a module would only fail later, on an agent.
plain_jars=()
module_jars=()
for j in target/lib/*.jar; do
  case $(basename "$j") in progressbar-*.jar) module_jars+=("$j") ;; *) plain_jars+=("$j") ;; esac
done
deps_out=$("$jdk/bin/jdeps" --multi-release "$jdk_major" --ignore-missing-deps -s \
  --class-path 'target/lib/*' target/cook-executor.jar "${plain_jars[@]}") \
  || { echo "build-dist: jdeps failed" >&2; exit 1; }
if [ ${#module_jars[@]} -gt 0 ]; then
  deps_out=$deps_out$'\n'$("$jdk/bin/jdeps" --multi-release "$jdk_major" --ignore-missing-deps -s \
    --module-path "$(ls target/lib/jline-*.jar | tr '\n' ':')" "${module_jars[@]}") \
    || { echo "build-dist: jdeps failed on ${module_jars[*]}" >&2; exit 1; }
fi
found=$(printf '%s\n' "$deps_out" | sed -n 's/^.* -> \(java\.[a-z.]*\|jdk\.[a-z.]*\)$/\1/p' | sort -u)
modules=java.base
for m in $found; do
  case $optional_only in *" $m "*) continue ;; esac
  case ",$modules," in *",$m,"*) ;; *) modules=$modules,$m ;; esac
done
log "modules: $modules (jdeps also named:$(for m in $found; do case $optional_only in *" $m "*) printf ' %s' "$m";; esac; done), left out)"

archive_kind=aot
[ "$jdk_major" -ge 24 ] || archive_kind=cds
# Modules image compressed: the first container after a cold page cache reads it (whole, with a large
# readahead) and is charged for it: 13 MB less for a 3 MB bigger file (docs/distribution.md).
modzip=zip-6
[ "$jdk_major" -ge 21 ] || modzip=2
jlink_args=(--add-modules "$modules" --strip-debug --no-header-files --no-man-pages "--compress=$modzip")
[ "$archive_kind" = cds ] && jlink_args+=(--generate-cds-archive)
"$jdk/bin/jlink" "${jlink_args[@]}" --output "$root/rt"
# Symbol tables are only for debugging the JVM; they are a fifth of libjvm.so.
if command -v strip >/dev/null 2>&1; then
  find "$root/rt" -name '*.so' -exec strip --strip-unneeded {} +
  strip --strip-unneeded "$root/rt/bin/java" "$root/rt/lib/jspawnhelper" 2>/dev/null || true
else
  log "strip not found: native libraries keep their symbol tables (bigger file)"
fi
rm -rf "$root/rt/lib/jrt-fs.jar" "$root/rt/bin/keytool" "$root/rt/lib/jexec"

# --- application: the jar and its libraries, trimmed of what can never load here ---
# repack JAR DEST PATH...: JAR without the given paths (directories or files), same manifest.
repack() {
  local src=$1 dest=$2 dir
  shift 2
  dir=$(mktemp -d "$work/repack.XXXXXX")
  (cd "$dir" && "$jdk/bin/jar" -xf "$src")
  (cd "$dir" && rm -rf "$@")
  if [ -f "$dir/META-INF/MANIFEST.MF" ]; then
    mv "$dir/META-INF/MANIFEST.MF" "$work/manifest.mf"
    "$jdk/bin/jar" --create --file "$dest" --manifest "$work/manifest.mf" -C "$dir" .
  else
    "$jdk/bin/jar" --create --file "$dest" --no-manifest -C "$dir" .
  fi
  rm -rf "$dir"
}
# The executor's class path is the jar and what its manifest names: only the jars an executor speaking
# protobuf loads. protobuf searches every jar of the class path for two Android classes, and the JVM checks
# each against the AOT cache at start: the JSON (protobuf-util, gson, guava) and command-line jars (picocli,
# progressbar, jline) cost each task 16 ms of CPU and 10 ms before SUBSCRIBE when listed. The stub adds
# app/lib/* for every other use (JSON, local, sidecar, progress); a class path that extends the training
# run's is one the AOT cache accepts.
executor_jars=
for jar in target/lib/mesos-*.jar target/lib/protobuf-java-[0-9]*.jar target/lib/re2j-*.jar; do
  [ -f "$jar" ] || { echo "build-dist: no $jar for the executor's class path" >&2; exit 1; }
  executor_jars="$executor_jars lib/$(basename "$jar")"
done
cp target/cook-executor.jar "$root/app/"
printf 'Class-Path:%s\n' "$executor_jars" >"$work/executor-class-path.mf"
"$jdk/bin/jar" --update --file "$root/app/cook-executor.jar" --manifest "$work/executor-class-path.mf"
for jar in target/lib/*.jar; do
  name=$(basename "$jar")
  case $name in
    mesos-*.jar)
      # Only the v1 API and its executor API load here: the v0, scheduler, master, agent... classes go
      # (two thirds of the jar).
      (cd "$work" && "$jdk/bin/jar" -tf "$home/$jar") | sed -n 's|^\(org/apache/mesos/[^/]*\)/.*|\1|p' \
        | sort -u | grep -vx 'org/apache/mesos/v1' >"$work/mesos-drop"
      (cd "$work" && "$jdk/bin/jar" -tf "$home/$jar") | sed -n 's|^\(org/apache/mesos/v1/[^/]*\)/.*|\1|p' \
        | sort -u | grep -vx 'org/apache/mesos/v1/executor' >>"$work/mesos-drop"
      (cd "$work" && "$jdk/bin/jar" -tf "$home/$jar") | grep -E '^org/apache/mesos/[^/]+\.class$' >>"$work/mesos-drop" || true
      # shellcheck disable=SC2046
      repack "$home/$jar" "$root/app/lib/$name" $(cat "$work/mesos-drop")
      ;;
    *) cp "$jar" "$root/app/lib/" ;;
  esac
done
# The native library (bin/build-native.sh, built by mvn compile, checked for glibc 2.17 below) in
# app/native, loaded from there (-Dcook.executor.native): nothing is unpacked to /tmp at run time.
[ -f target/native/libcook-posix.so ] || { echo "build-dist: target/native/libcook-posix.so missing" >&2; exit 1; }
install -m 0755 target/native/libcook-posix.so "$root/app/native/"

# --- JVM flags: bin/jvm-flags.sh, shipped as app/jvm-flags.sh for the stub ---
# The training run uses exactly these, so the archive matches the production JVM.
cp "$home/bin/jvm-flags.sh" "$root/app/"
cook_jvm_flags "$jdk_major"
jvm_flags=$cook_flags
native_flags="-Dcook.executor.native=$root/app/native/libcook-posix.so"

# Same times everywhere: the archive records the jars' sizes and times, and tar restores them.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$home" log -1 --format=%ct 2>/dev/null || date +%s)}
find "$root" -exec touch -h -d "@$epoch" {} +

# --- the training run: a real task (progress, then killed) under the embedded agent ---
if [ "$archive_kind" = aot ]; then
  archive=app/cook-executor.aot
  train_flags="-XX:AOTCacheOutput=$root/$archive"
  archive_flags='-XX:AOTCache="$home/'$archive'" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0'
else
  archive=app/cook-executor.jsa
  train_flags="-XX:ArchiveClassesAtExit=$root/$archive"
  archive_flags='-XX:SharedArchiveFile="$home/'$archive'" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0'
fi
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
log "training run ($archive_kind)"
set -f # the flags are words, never globs
# shellcheck disable=SC2086
"$root/rt/bin/java" $jvm_flags $native_flags -cp "$root/app/cook-executor.jar:$root/app/lib/*" io.cookexecutor.Main \
  local --sandbox "$sandbox" --kill-after 300ms \
  --executor-command "$root/rt/bin/java $jvm_flags $native_flags $train_flags -cp $root/app/cook-executor.jar io.cookexecutor.Main" \
  -- 'echo "progress: 50, training"; echo done; exec sleep 30' >"$work/training.out" 2>&1 || true
set +f
if [ ! -s "$root/$archive" ]; then
  cat "$work/training.out" "$sandbox/stderr" >&2 || true
  echo "build-dist: the training run made no $archive" >&2
  exit 1
fi
grep -q TASK_KILLED "$work/training.out" || { cat "$work/training.out" >&2; echo "build-dist: training run failed" >&2; exit 1; }
rm -f "$root/app/"*.config
touch -h -d "@$epoch" "$root/$archive"
chmod 0444 "$root/$archive"

# --- payload and stub ---
pack() {
  "$home/bin/make-self-extracting.sh" --kind portable --version "$version" --epoch "$epoch" \
    --archive-flags "$archive_flags" "$root" "$output"
}
pack

# --- the archive must be accepted from wherever the file unpacks: try it from a fresh cache elsewhere,
# with the JVM told to refuse to start without it. (A silently rejected archive doubles start-up.)
require=-XX:AOTMode=on
[ "$archive_kind" = cds ] && require=-Xshare:on
if ! COOK_EXECUTOR_CACHE="$sandbox/relocated" COOK_EXECUTOR_JAVA_OPTS="$require" "$output" --version \
    >"$work/relocated.out" 2>&1; then
  cat "$work/relocated.out" >&2
  if [ "$archive_kind" = aot ]; then
    echo "build-dist: the AOT cache is rejected once the file is unpacked elsewhere" >&2
    exit 1
  fi
  # Java < 21 checks the class path literally: the archive would only ever be rejected (and warned
  # about on every start), so the file goes without it.
  log "WARNING: Java $jdk_major rejects the AppCDS archive at another path; building without it"
  rm -f "$root/$archive"
  archive_flags=
  pack
fi
"$home/bin/check-portability.sh" "$output"
