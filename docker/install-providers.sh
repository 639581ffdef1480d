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
rm -f "$home"/providers/pkf-*.jar
for jar in "${jars[@]}"; do
  cp "$jar" "$home/providers/$(basename "$jar" | sed 's/-[0-9][0-9.]*\(-SNAPSHOT\)\{0,1\}\.jar$/.jar/')"
done

stamp="$home/.pkf-build-stamp"
want="$( (cat "$home"/providers/*.jar 2>/dev/null; echo "${options[*]}") | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "    kc.sh build ${options[*]}"
  "$home/bin/kc.sh" build "${options[@]}" > "$home/pkf-build.log" 2>&1 || { cat "$home/pkf-build.log"; exit 1; }
  echo "$want" > "$stamp"
fi
