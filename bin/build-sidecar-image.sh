#!/usr/bin/env bash
# Builds the sidecar's container image WITHOUT a Docker engine: dist/cook-sidecar-oci.tar, an OCI image
# layout (oci-layout, index.json, blobs/sha256/...) in one tar, loadable with `skopeo copy
# oci-archive:dist/cook-sidecar-oci.tar docker://REGISTRY/cook-sidecar:TAG` or `podman load`.
# One layer, from scratch:
#   /opt/cook-executor/{rt,app}   the jlinked Temurin runtime and jars of bin/build-dist.sh (target/dist-work)
#   /opt/cook-executor/app/cook-sidecar.aot   an AOT cache trained on the SIDECAR (not the executor), in a
#                                 chroot of this very tree, so its recorded paths are the image's
#   /usr/local/bin/cook-sidecar   the launcher Cook's `:command ["cook-sidecar" "--file-server-port"]` finds
#   /bin/sh (dash), the glibc files the runtime links, /etc/passwd and /etc/group, /tmp, /mnt/sidecar
# Then the entry point is run from the unpacked layer under chroot and /readiness-probe probed.
# Needs root (chroot), tar, gzip, sha256sum; a JDK >= 24 for the AOT cache (older: none, slower start).
# Usage: bin/build-sidecar-image.sh [--skip-dist] [--rootfs-only] [--output FILE]
#   --skip-dist     reuse target/dist-work/root from an earlier bin/build-dist.sh
#   --rootfs-only   stop after target/sidecar-image/rootfs (Dockerfile.sidecar copies it FROM scratch)
set -euo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
cd "$home"
output=$home/dist/cook-sidecar-oci.tar
skip_dist=0
rootfs_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --skip-dist) skip_dist=1 ;;
    --rootfs-only) rootfs_only=1 ;;
    --output) output=$2; shift ;;
    *) echo "usage: $0 [--skip-dist] [--rootfs-only] [--output FILE]" >&2; exit 2 ;;
  esac
  shift
done
log() { printf 'build-sidecar-image: %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { echo "build-sidecar-image: needs root (the training run and the check use chroot)" >&2; exit 1; }

dist_root=$home/target/dist-work/root
if [ "$skip_dist" = 0 ] || [ ! -x "$dist_root/rt/bin/java" ]; then
  bin/build-dist.sh
fi
[ -x "$dist_root/rt/bin/java" ] || { echo "build-sidecar-image: no runtime in $dist_root" >&2; exit 1; }
version=$(sed -n 's/^version=//p' target/classes/cook-executor-version.properties | tr -d '\r')
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

work=$home/target/sidecar-image
rootfs=$work/rootfs
rm -rf "$work"
mkdir -p "$rootfs/opt/cook-executor" "$rootfs/usr/local/bin" "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" \
  "$rootfs/mnt/sidecar" "$rootfs/proc" "$rootfs/dev"
chmod 1777 "$rootfs/tmp"
cp -a "$dist_root/rt" "$dist_root/app" "$rootfs/opt/cook-executor/"
rm -f "$rootfs/opt/cook-executor/app/"*.aot "$rootfs/opt/cook-executor/app/"*.jsa

# --- the native files the runtime and the launcher need, from this (Debian) system's packages ---
copy_with_libs() { # FILE...: each file and the shared objects ldd says it loads, at the same paths
  local f lib
  for f in "$@"; do
    for lib in $(ldd "$f" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'); do
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
  done
}
copy_with_libs "$rootfs/opt/cook-executor/rt/bin/java" $(find "$rootfs/opt/cook-executor" -name '*.so') /bin/dash
cp -L /bin/dash "$rootfs/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"

# --- JVM flags: bin/jvm-flags.sh's, role "sidecar" (the same as every other way of starting it) ---
# shellcheck source=bin/jvm-flags.sh
. "$home/bin/jvm-flags.sh"
cook_java_major "$rootfs/opt/cook-executor/rt"
cook_jvm_flags "$cook_major" sidecar
native=/opt/cook-executor/app/native
jvm_flags="$cook_flags -Dcook.executor.native=$native/libcook-posix.so"
aot=/opt/cook-executor/app/cook-sidecar.aot
# Every jar, named in a fixed order: the jar's manifest names only the executor's (bin/build-dist.sh), and
# the AOT cache below checks the whole class path as trained, which a wildcard's directory order could change.
image_cp=/opt/cook-executor/app/cook-executor.jar
for jar in $(cd "$rootfs/opt/cook-executor/app/lib" && ls -- *.jar | LC_ALL=C sort); do
  image_cp=$image_cp:/opt/cook-executor/app/lib/$jar
done
cat > "$rootfs/usr/local/bin/cook-sidecar" <<EOF
#!/bin/sh
# cook-sidecar $version: Cook's Kubernetes sidecar (cook-executor sidecar). COOK_EXECUTOR_JAVA_OPTS adds JVM flags.
aot=
[ -f $aot ] && aot="-XX:AOTCache=$aot"
MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-$cook_arenas}
export MALLOC_ARENA_MAX
# shellcheck disable=SC2086
exec /opt/cook-executor/rt/bin/java \$aot $jvm_flags \${COOK_EXECUTOR_JAVA_OPTS:-} \\
  -cp $image_cp io.cookexecutor.Main sidecar "\$@"
EOF
chmod 0755 "$rootfs/usr/local/bin/cook-sidecar"

# --- run the launcher in a chroot of a tree, with /proc and the /dev nodes a runtime gives a container ---
probe_port=23980
chroot_bin=$(command -v chroot) || { echo "build-sidecar-image: chroot not found" >&2; exit 1; }
sidecar_session() { # ROOT EXTRA_JAVA_OPTS [train]: start, wait ready, use the routes, SIGTERM; 0 when all answered
  local root=$1 opts=$2 pid i ok=1 url reporter=(--no-progress-reporter)
  # Training runs the progress reporter too (its POSTs are refused at once), so its classes are cached.
  [ "${3:-}" = train ] && reporter=()
  mkdir -p "$root/tmp/sandbox"
  printf 'progress: 50 half\nline\n' > "$root/tmp/sandbox/stdout"
  : > "$root/tmp/sandbox/stderr"
  mount -t proc proc "$root/proc"
  for dev in null:1:3 zero:1:5 random:1:8 urandom:1:9; do
    IFS=: read -r name major minor <<<"$dev"
    mknod -m 0666 "$root/dev/$name" c "$major" "$minor"
  done
  env -i PATH=/usr/local/bin:/bin MALLOC_ARENA_MAX=2 COOK_WORKDIR=/tmp/sandbox COOK_EXECUTOR_JAVA_OPTS="$opts" \
    COOK_SCHEDULER_REST_URL=http://127.0.0.1:9 COOK_INSTANCE_UUID=training PROGRESS_SAMPLE_INTERVAL_MS=100 \
    "$chroot_bin" "$root" /usr/local/bin/cook-sidecar --bind 127.0.0.1 "${reporter[@]}" \
    --file-server-port "$probe_port" >"$work/session.log" 2>&1 &
  pid=$!
  url=http://127.0.0.1:$probe_port
  for i in $(seq 1 300); do
    if curl -s -o /dev/null --max-time 1 "$url/readiness-probe"; then ok=0; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$ok" = 0 ]; then
    for i in 1 2 3; do
      curl -s -f -o /dev/null "$url/files/read.json?path=/tmp/sandbox/stdout&offset=0&length=4096" || ok=1
      curl -s -f -o /dev/null "$url/files/read?path=/tmp/sandbox/stdout" || ok=1
      curl -s -f -o /dev/null "$url/files/browse?path=/tmp/sandbox" || ok=1
      curl -s -f -o /dev/null "$url/files/download?path=/tmp/sandbox/stdout" || ok=1
      curl -s -o /dev/null "$url/files/read?path=/etc/passwd" || ok=1
    done
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  umount "$root/proc"
  rm -f "$root/dev/null" "$root/dev/zero" "$root/dev/random" "$root/dev/urandom"
  rm -rf "$root/tmp/sandbox"
  return $ok
}

# Same times everywhere before training: the AOT cache records the jars' times.
find "$rootfs" -exec touch -h -d "@$epoch" {} +
jdk_major=$("$rootfs/opt/cook-executor/rt/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
if [ "${jdk_major:-0}" -ge 24 ]; then
  log "training run of the sidecar for its AOT cache (Java $jdk_major)"
  if ! sidecar_session "$rootfs" "-XX:AOTCacheOutput=$aot" train || [ ! -s "$rootfs$aot" ]; then
    cat "$work/session.log" >&2
    echo "build-sidecar-image: the training run made no AOT cache" >&2
    exit 1
  fi
  chmod 0444 "$rootfs$aot"
  touch -h -d "@$epoch" "$rootfs$aot" "$rootfs/tmp" "$rootfs/proc" "$rootfs/dev"
else
  log "Java $jdk_major: no AOT cache (the image starts slower)"
fi
[ "$rootfs_only" = 1 ] && { log "rootfs: $rootfs"; exit 0; }

# --- the OCI image layout ---
layout=$work/layout
mkdir -p "$layout/blobs/sha256"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -9 -c "$work/layer.tar" > "$work/layer.tar.gz"
blob() { # FILE -> prints "digest size" and stores the blob
  local d s
  d=$(sha256sum "$1" | cut -d' ' -f1)
  s=$(stat -c %s "$1")
  cp "$1" "$layout/blobs/sha256/$d"
  echo "$d $s"
}
read -r layer_digest layer_size < <(blob "$work/layer.tar.gz")
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
cat > "$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$created","config":{"Entrypoint":["/usr/local/bin/cook-sidecar"],"Env":["PATH=/usr/local/bin:/bin","MALLOC_ARENA_MAX=2"],"WorkingDir":"/mnt/sidecar","ExposedPorts":{"23906/tcp":{}},"Labels":{"org.opencontainers.image.title":"cook-sidecar","org.opencontainers.image.version":"$version"}},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"$created","created_by":"bin/build-sidecar-image.sh"}]}
EOF
read -r config_digest config_size < <(blob "$work/config.json")
cat > "$work/manifest.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config_digest","size":$config_size},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$layer_digest","size":$layer_size}]}
EOF
read -r manifest_digest manifest_size < <(blob "$work/manifest.json")
printf '{"imageLayoutVersion":"1.0.0"}\n' > "$layout/oci-layout"
cat > "$layout/index.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest_digest","size":$manifest_size,"annotations":{"org.opencontainers.image.ref.name":"$version"}}]}
EOF
mkdir -p "$(dirname "$output")"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$layout" -cf "$output" .

# --- the check: the image's own layer, unpacked, runs its entry point and answers the probe ---
check=$work/check
mkdir -p "$check/layout" "$check/root"
tar -xf "$output" -C "$check/layout"
tar -xzf "$check/layout/blobs/sha256/$layer_digest" -C "$check/root"
if ! sidecar_session "$check/root" ""; then
  cat "$work/session.log" >&2
  echo "build-sidecar-image: the unpacked image did not answer /readiness-probe" >&2
  exit 1
fi
rm -rf "$check"
log "$output ($(du -k "$output" | cut -f1) kB, layer sha256:$layer_digest): entry point answered /readiness-probe"
