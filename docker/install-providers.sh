#!/usr/bin/env bash
# The one list of steps that installs Passkey First into a Keycloak distribution: copy our jars into
# providers/ and run kc.sh build. The demo, the tests' single server and cluster nodes, and the Docker
# image (docker/Dockerfile) all use it.
#
#   docker/install-providers.sh KEYCLOAK_HOME JAR... [-- BUILD_OPTION...]
# Default build options: --db=dev-file --health-enabled=true --metrics-enabled=true. `kc.sh build` only runs when the jars
# or the options changed since the last build of this distribution.
set -euo pipefail
home=$1; shift
jars=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do jars+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
options=("$@")
[ ${#options[@]} -eq 0 ] && options=(--db=dev-file --health-enabled=true --metrics-enabled=true)

mkdir -p "$home/providers"
wanted=()
# Only bash and coreutils from here on: the Keycloak container image has no diffutils.
for jar in "${jars[@]}"; do
  name=$(basename "$jar")
  [[ $name =~ ^(.*)-[0-9][0-9.]*(-SNAPSHOT)?\.jar$ ]] && name="${BASH_REMATCH[1]}.jar"
  wanted+=("$name")
  # Keycloak compares jar timestamps with its last build: touch nothing that did not change
  if [ ! -f "$home/providers/$name" ] || [ "$(sha256sum < "$jar")" != "$(sha256sum < "$home/providers/$name")" ]; then
    cp -p "$jar" "$home/providers/$name"
  fi
done
for old in "$home"/providers/pkf-*.jar; do
  [ -e "$old" ] || continue
  case " ${wanted[*]} " in *" $(basename "$old") "*) ;; *) rm -f "$old" ;; esac
done

stamp="$home/.pkf-build-stamp"
# contents, timestamps (Keycloak refuses to start on a jar newer than its build) and options
want="$( (cat "$home"/providers/*.jar 2>/dev/null; stat -c '%n %Y' "$home"/providers/*.jar 2>/dev/null; echo "${options[*]}") | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "    kc.sh build ${options[*]}"
  "$home/bin/kc.sh" build "${options[@]}" > "$home/pkf-build.log" 2>&1 || { cat "$home/pkf-build.log"; exit 1; }
  echo "$want" > "$stamp"
fi
