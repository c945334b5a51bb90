# Sourced by bin/build-dist.sh and bin/build-local.sh: their shared options.
#   --skip-package   reuse target/ instead of running mvn package
#   --output FILE    where to write the artifact (default: $output as set by the caller)
# Sets $package (1 or 0) and $output.
package=1
while [ $# -gt 0 ]; do
  case $1 in
    --skip-package) package=0 ;;
    --output) output=$2; shift ;;
    *) echo "usage: $0 [--skip-package] [--output FILE]" >&2; exit 2 ;;
  esac
  shift
done
