# Sourced by bin/build-dist.sh and bin/build-local.sh: their shared options.
#   --skip-package   reuse target/ instead of running mvn package
#   --output FILE    where to write the artifact (default: $output as set by the caller)
# Sets $package (1 or 0) and $output; defines prepare_build.
package=1
while [ $# -gt 0 ]; do
  case $1 in
    --skip-package) package=0 ;;
    --output) output=$2; shift ;;
    *) echo "usage: $0 [--skip-package] [--output FILE]" >&2; exit 2 ;;
  esac
  shift
done

# prepare_build NAME: runs mvn package unless --skip-package, checks the jar, sets $version.
prepare_build() {
  if [ "$package" = 1 ]; then
    printf '%s: mvn package\n' "$1" >&2
    mvn -q -B -DskipTests package >&2
  fi
  [ -f target/cook-executor.jar ] || { echo "$1: target/cook-executor.jar missing" >&2; exit 1; }
  version=$(sed -n 's/^version=//p' target/classes/cook-executor-version.properties | tr -d '\r')
}
