#!/bin/sh
# cook-executor @VERSION@ (@KIND@ build): the Cook Mesos executor in one file. See docs/distribution.md.
# Linux x86-64, glibc >= 2.17; needs /bin/sh, tail, head, gzip, tar, wc, ls, mkdir, mktemp, mv, rm (sha256sum if present).
#
# This shell stub is followed by a gzip'ed tar: for the portable build, a jlink'ed Java runtime, the
# application jars and a class-data (AOT) archive; for the local build, the jars only (the installed JDK
# runs them). The first start unpacks it once into a per-user cache keyed by the payload's hash; later
# starts only check the cache and exec the JVM.
#
# COOK_EXECUTOR_CACHE  cache directory (default: $XDG_CACHE_HOME/cook-executor, else
#                      $HOME/.cache/cook-executor when $HOME is yours, else ${TMPDIR:-/tmp}/cook-executor-UID);
#                      set it empty to skip the cache and unpack into ./.cook-executor/.
# COOK_EXECUTOR_JAVA_OPTS  extra JVM flags (diagnostics, e.g. -Xlog:aot).
# Stub commands: --dist-info (what this file is, where it unpacks), --dist-extract DIR (unpack to DIR).
payload_sha256=@SHA256@
payload_offset=@OFFSET@
payload_parts='@PARTS@' # sizes of the payload's gzip streams, in order
payload_id=@ID@

say() { printf 'cook-executor: %s\n' "$*" >&2; }
scratch= # the unpack directory to remove when giving up
damaged() {
  [ -n "$scratch" ] && rm -rf "$scratch"
  say "$self is $*; fetch it again"
  exit 1
}

self=$0
case $self in /*) ;; *) self=$PWD/$self ;; esac

# A directory we may keep the unpacked runtime in: ours, a real directory, and (for a cache) closed to
# everybody else, so nobody else can have planted or changed anything inside it.
private_dir() { # DIR STRICT
  [ -d "$1" ] && [ ! -h "$1" ] && [ -O "$1" ] || return 1
  [ "$2" = strict ] || return 0
  mode=$(ls -ld "$1" 2>/dev/null) || return 1
  case $mode in "drwx------ "* | "drwx------."*) return 0 ;; esac
  return 1
}

ready() { # ENTRY: a complete unpack made by us for exactly this payload
  [ -O "$1" ] && [ ! -h "$1" ] && [ -f "$1/.complete" ] && [ -O "$1/.complete" ] || return 1
  IFS= read -r mark <"$1/.complete" 2>/dev/null && [ "$mark" = "$payload_sha256" ]
}

# A truncated copy (an interrupted download) is refused before anything is unpacked.
check_size() {
  have=$(wc -c <"$self" 2>/dev/null) || { say "cannot read $self"; exit 1; }
  want=$payload_offset
  for part in $payload_parts; do want=$((want + part)); done
  want=$((want - 1))
  if [ "$have" -ne "$want" ]; then
    damaged "truncated or corrupt: $have bytes, expected $want"
  fi
}

# Unpacks the payload into the new directory $1; false on any failure (disk full, not executable, ...).
# Its parts (separate gzip streams) decompress in parallel, beside the sha256 of the whole payload.
# A corrupt payload (wrong sha256, or gzip's own check fails) ends the start-up: no other place can help.
extract() {
  check_size
  sum_pid=
  if command -v sha256sum >/dev/null 2>&1; then
    tail -c +"$payload_offset" "$self" | sha256sum >"$1/.sha256" &
    sum_pid=$!
  fi
  start=$payload_offset
  n=0
  pids=
  for part in $payload_parts; do
    n=$((n + 1))
    { tail -c +"$start" "$self" | head -c "$part" | gzip -dc; echo $? >"$1/.gzip-status.$n"; } \
      | tar -xf - -C "$1" &
    pids="$pids $!"
    start=$((start + part))
  done
  untar=0
  for pid in $pids; do wait "$pid" || untar=1; done
  corrupt=
  if [ -n "$sum_pid" ]; then
    wait "$sum_pid"
    sum=
    IFS= read -r sum <"$1/.sha256" 2>/dev/null
    [ "${sum%% *}" = "$payload_sha256" ] || corrupt="does not have the sha256 it was built with"
  fi
  start=$payload_offset
  n=0
  for part in $payload_parts; do
    n=$((n + 1))
    IFS= read -r gz <"$1/.gzip-status.$n" 2>/dev/null || gz=missing
    # 141: gzip got SIGPIPE because tar stopped first, on a bad header or a full disk. Only a second,
    # complete pass of gzip alone can tell a damaged payload from a failed write.
    if [ "$gz" = 141 ]; then
      tail -c +"$start" "$self" | head -c "$part" | gzip -t 2>/dev/null && gz=0
    fi
    [ "$gz" = 0 ] || corrupt=${corrupt:-"does not decompress"}
    start=$((start + part))
  done
  [ -z "$corrupt" ] || damaged "corrupt: its payload $corrupt"
  [ "$untar" = 0 ] || return 1
  rm -f "$1/.sha256" "$1"/.gzip-status.*
  [ -f "$1/app/cook-executor.jar" ] && { [ ! -d "$1/rt" ] || [ -x "$1/rt/bin/java" ]; } || return 1
  # A cache on a noexec mount would pass every other check and then fail at exec: try it once here.
  printf '#!/bin/sh\nexit 0\n' >"$1/.exec-probe" && chmod 700 "$1/.exec-probe" \
    && "$1/.exec-probe" 2>/dev/null || { say "cannot execute files in $1"; return 1; }
  rm -f "$1/.exec-probe"
  # Written last: only a complete unpack carries it.
  printf '%s\n' "$payload_sha256" >"$1/.complete" || return 1
}

unpacking_now() { # DIR: true while a live process unpacks into one of DIR's scratch directories
  for d in "$1"/.unpack-*; do
    [ -d "$d" ] || continue
    IFS= read -r pid <"$d/.unpacker" 2>/dev/null || continue
    kill -0 "$pid" 2>/dev/null && return 0
  done
  return 1
}

# Makes DIR/$payload_id a complete unpack (unless it already is one); false when that is impossible.
# Every unpacker works in its own temporary directory and publishes it with one rename, so executors
# starting at the same moment never see each other's half-written files.
install_into() { # DIR
  entry=$1/$payload_id
  ready "$entry" && return 0
  # Another live executor is unpacking here (many tasks land on a new agent at once): wait for its result,
  # up to 15 s, instead of doing the same work beside it. Correctness never depends on this: if it dies
  # or is slow, we unpack ourselves.
  tick=0.1 ticks=150 waited=0
  while [ "$waited" -lt "$ticks" ] && unpacking_now "$1"; do
    if ! sleep "$tick" 2>/dev/null; then
      # This sleep takes no fractions (old busybox): whole seconds, and the same 15 s bound.
      tick=1 ticks=15 waited=$((waited / 10))
      sleep 1
    fi
    ready "$entry" && return 0
    waited=$((waited + 1))
  done
  tmp=$(mktemp -d "$1/.unpack-XXXXXXXX" 2>/dev/null) || { say "cannot create a directory in $1"; return 1; }
  scratch=$tmp
  echo $$ >"$tmp/.unpacker"
  if ! extract "$tmp"; then
    rm -rf "$tmp"
    say "could not unpack into $1"
    return 1
  fi
  scratch=
  rm -f "$tmp/.unpacker"
  if [ -e "$entry" ] && ! ready "$entry"; then
    # Not ours or not complete (no unpack of ours publishes that): put it aside.
    old=$(mktemp -d "$1/.stale-XXXXXXXX" 2>/dev/null) && mv "$entry" "$old/" 2>/dev/null && rm -rf "$old"
  fi
  if [ ! -e "$entry" ]; then
    mv "$tmp" "$entry" 2>/dev/null
  fi
  # Lost a race: mv may have put ours inside the winner's directory; the winner's is complete.
  rm -rf "$entry/${tmp##*/}" "$tmp" 2>/dev/null
  find "$1" -maxdepth 1 -name '.unpack-*' -mmin +60 -exec rm -rf {} + 2>/dev/null
  ready "$entry"
}

cache_root() {
  if [ "${COOK_EXECUTOR_CACHE+set}" = set ]; then
    printf '%s' "$COOK_EXECUTOR_CACHE"
  elif [ -n "${XDG_CACHE_HOME:-}" ]; then
    printf '%s' "$XDG_CACHE_HOME/cook-executor"
  elif [ -n "${HOME:-}" ] && [ "$HOME" != / ] && [ -O "$HOME" ]; then
    printf '%s' "$HOME/.cache/cook-executor"
  else
    printf '%s' "${TMPDIR:-/tmp}/cook-executor-$(id -u)"
  fi
}

case ${1:-} in
  --dist-info)
    echo "cook-executor @VERSION@ payload $payload_id sha256 $payload_sha256, parts of $payload_parts bytes at offset $payload_offset"
    where=$(cache_root)
    if [ -n "$where" ]; then
      echo "cache: $where/$payload_id"
    else
      echo "cache: none: unpacks into ./.cook-executor/$payload_id"
    fi
    exit 0
    ;;
  --dist-extract)
    [ -n "${2:-}" ] || { say "usage: $0 --dist-extract DIR"; exit 2; }
    mkdir -p "$2" && [ -z "$(ls -A "$2")" ] || { say "$2 must be a new or empty directory"; exit 1; }
    extract "$2" || { say "could not unpack into $2"; exit 1; }
    exit 0
    ;;
esac

home=
root=$(cache_root)
case $root in
  /*)
    if [ ! -e "$root" ] && [ ! -h "$root" ]; then
      (umask 077 && mkdir -p "$root") 2>/dev/null
    fi
    if private_dir "$root" strict; then
      install_into "$root" && home=$root/$payload_id
    else
      say "not using the cache $root: it must be a directory of yours with mode 0700 (not a link)"
    fi
    ;;
  '') ;;
  *) say "not using the cache $root: COOK_EXECUTOR_CACHE must be an absolute path" ;;
esac
if [ -z "$home" ]; then
  # No cache: unpack into the working directory, which Cook's command prepares (mkdir .cook-executor).
  local_dir=$PWD/.cook-executor
  [ -e "$local_dir" ] || (umask 077 && mkdir "$local_dir") 2>/dev/null
  if private_dir "$local_dir" any && install_into "$local_dir"; then
    home=$local_dir/$payload_id
  else
    say "cannot unpack the runtime: no usable cache and no writable $local_dir"
    exit 1
  fi
fi

# Finding Java and the flags of every build (bin/jvm-flags.sh).
. "$home/app/jvm-flags.sh" || { say "$home is incomplete (no app/jvm-flags.sh)"; exit 1; }
if [ -x "$home/rt/bin/java" ]; then
  java=$home/rt/bin/java
  java_home=$home/rt
else
  # Local build: the installed JDK (17 or later), JAVA_HOME first.
  if ! cook_find_java; then
    say "$cook_no_java"
    exit 1
  fi
  java=$cook_java
  java_home=$cook_java_home
fi
cook_java_major "$java_home"
# Installed or linked as cook-sidecar (Cook's :kubernetes :sidecar :command): `cook-executor sidecar`.
case ${0##*/} in cook-sidecar) set -- sidecar "$@" ;; esac
cook_jvm_flags "$cook_major" "${1:-}"
# The executor speaking protobuf runs on the jar and the jars its manifest names; everything else (any
# command, JSON, or an EXECUTOR_ENCODING it will warn about) gets app/lib/* too (docs/distribution.md).
class_path=$home/app/cook-executor.jar
case $#:${EXECUTOR_ENCODING:-protobuf} in
  0:protobuf | 0:PROTOBUF) ;;
  *) class_path=$class_path:$home/app/lib/* ;;
esac
# COOK_EXECUTOR_JAVA_OPTS is split into words at spaces but never glob-expanded against the working directory.
set -f
# shellcheck disable=SC2086
exec "$java" @ARCHIVE_FLAGS@ $cook_flags \
  -Dcook.executor.native="$home/app/native/libcook-posix.so" \
  -Dcook.executor.launcher="$self" \
  ${COOK_EXECUTOR_JAVA_OPTS:-} \
  -cp "$class_path" io.cookexecutor.Main "$@"
