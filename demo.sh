#!/usr/bin/env bash
# Passkey First demo: Keycloak 26.7.3 with our jars on http://localhost:8080 (admin/admin), realm
# "demo" with the passkey flows bound, an H2 database in .demo/ that survives restarts, and a local
# mailbox (SMTP 1025, web page and JSON API on http://localhost:8025) for every email it sends.
#
#   ./demo.sh           build, install and start (keeps users and passkeys from earlier runs)
#   ./demo.sh --fresh   the same, from an empty database
set -euo pipefail
cd "$(dirname "$0")"

fresh=false
for arg in "$@"; do
  case "$arg" in
    --fresh) fresh=true ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

kc_version=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
demo=$PWD/.demo
kc=$demo/keycloak-$kc_version

echo "==> building Passkey First"
mvn -B -q -DskipTests install

if [ ! -x "$kc/bin/kc.sh" ]; then
  echo "==> fetching the Keycloak $kc_version distribution from Maven Central"
  mvn -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" -DoutputDirectory="$demo"
  (cd "$demo" && unzip -q -o "keycloak-quarkus-dist-$kc_version.zip" && rm "keycloak-quarkus-dist-$kc_version.zip")
fi

echo "==> installing our three jars into $kc/providers"
./docker/install-providers.sh "$kc" \
  providers/target/pkf-providers-*.jar authenticators/target/pkf-authenticators-*.jar themes/target/pkf-themes-*.jar

if $fresh; then
  echo "==> starting from an empty database"
  rm -rf "$kc/data"
fi
mkdir -p "$kc/data/import"
cp docker/realm-demo.json "$kc/data/import/realm-demo.json"

mailbox_jar=$(ls mailbox/target/pkf-mailbox-*-jar-with-dependencies.jar)
java -jar "$mailbox_jar" --smtp 1025 --http 8025 &
mailbox_pid=$!
trap 'kill $mailbox_pid 2>/dev/null || true' EXIT

# once the server answers, add what the realm import cannot (docker/configure-realm.sh says what)
(
  for _ in $(seq 1 90); do
    sleep 3
    if ./docker/configure-realm.sh "$kc" http://localhost:8080 demo admin admin 2>/dev/null; then exit 0; fi
  done
  echo "demo: could not configure realm 'demo' (docker/configure-realm.sh)" >&2
) &

echo "==> Keycloak on http://localhost:8080 (admin console: admin/admin)"
echo "    sign in to the demo: http://localhost:8080/realms/demo/account"
echo "    mailbox:             http://localhost:8025"
export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin
"$kc/bin/kc.sh" start --optimized --import-realm \
  --http-enabled=true --http-port=8080 --hostname=http://localhost:8080 --hostname-strict=false
