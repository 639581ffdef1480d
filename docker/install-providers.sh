#!/usr/bin/env bash
# The one list of steps that installs Passkey First into a Keycloak distribution: copy our jars into
# providers/ and run kc.sh build. The demo, the tests' cluster nodes and the Docker image all use it.
#
#   docker/install-providers.sh KEYCLOAK_HOME JAR... [-- BUILD_OPTION...]
# Default build options: --db=dev-file --health-enabled=true. `kc.sh build` only runs when the jars
# or the options changed since the last build of this distribution.
set -euo pipefail
home=$1; shift
jars=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do jars+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
options=("$@")
[ ${#options[@]} -eq 0 ] && options=(--db=dev-file --health-enabled=true)

mkdir -p "$home/providers"
wanted=()
for jar in "${jars[@]}"; do
  name=$(basename "$jar" | sed 's/-[0-9][0-9.]*\(-SNAPSHOT\)\{0,1\}\.jar$/.jar/')
  wanted+=("$name")
  # Keycloak compares jar timestamps with its last build: touch nothing that did not change
  cmp -s "$jar" "$home/providers/$name" || cp -p "$jar" "$home/providers/$name"
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
