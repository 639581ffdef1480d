#!/usr/bin/env bash
# Passkey sign-in benchmark: our sign-in against every sign-in Keycloak 26.7.3 ships, on one server,
# same users, same concurrency, one run. See docs/benchmarks.md.
#
#   ./benchmark.sh               short run (a few minutes on two cores)
#   ./benchmark.sh --full        the published run
#   ./benchmark.sh --postgres    the same against an embedded PostgreSQL instead of H2
#   ./benchmark.sh --users 100000 --jdk /usr/lib/jvm/temurin-25-jdk-amd64
#                                a real population seeded into the database, Keycloak on JDK 25
#   ./benchmark.sh --help        every option (users, concurrency, rounds, durations, ports, --profile)
#
# Ports (change with --http-port, --management-port, --smtp-port, --postgres-port): Keycloak 28080 and
# 29000, SMTP 28025, PostgreSQL 28432. Results: benchmarks/target/results/benchmark.{json,png}.
set -euo pipefail
cd "$(dirname "$0")"

echo "==> building Passkey First and the benchmark (Maven)"
mvn -B -q -DskipTests -Pbenchmark install -pl benchmarks -am

kc_version=$(sed -n 's:.*<keycloak.dist.version>\(.*\)</keycloak.dist.version>.*:\1:p' pom.xml)
out=benchmarks/target/results
mkdir -p "$out"
exec java -XX:+UseParallelGC -Xms512m -Xmx3g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/driver-classpath.txt)" \
  dev.passkeyfirst.bench.Benchmark \
  --distribution "benchmarks/target/keycloak-$kc_version" \
  --jars benchmarks/target/pkf-jars \
  --install-script docker/install-providers.sh \
  --realm-template docker/realm-demo.json \
  --out "$out" \
  "$@"
