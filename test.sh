#!/usr/bin/env bash
# Every test: unit tests, then the integration tests against the Keycloak 26.7.3 distribution in
# headless Chromium. Installs what a fresh machine lacks (Debian's chromium and chromium-driver);
# Maven fetches the rest. Extra arguments go to Maven, e.g. ./test.sh -Dit.test=PasskeyBrowserTest
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "==> installing chromium and chromium-driver"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

exec mvn -B verify "$@"
