#!/usr/bin/env bash
# Every test: unit tests, then the integration tests against the Keycloak 26.7.3 distribution in
# headless Chromium. Installs what a fresh machine lacks (Debian's chromium and chromium-driver, and
# prometheus for PrometheusScrapeTest); Maven fetches the rest. Extra arguments go to Maven, e.g.
# ./test.sh -Dit.test=PasskeyBrowserTest
set -euo pipefail
cd "$(dirname "$0")"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "==> installing chromium and chromium-driver"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v prometheus >/dev/null 2>&1; then
  echo "==> installing prometheus"
  $sudo apt-get update -qq
  # without recommends: prometheus-node-exporter would be one more daemon, on 9100
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  # The package's postinst enables and starts a daemon on :9090 wherever systemd or a sysvinit
  # runlevel lets it (a policy-rc.d, as in Docker images, keeps it from starting). The tests start
  # their own on a free port and need only the binary; a left-over daemon would hold the port the
  # demo's Prometheus publishes (docker/compose.yaml), now and after every boot.
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now --quiet prometheus.service
  else
    $sudo update-rc.d prometheus disable >/dev/null
    $sudo /etc/init.d/prometheus stop >/dev/null
  fi
fi

exec mvn -B verify "$@"
