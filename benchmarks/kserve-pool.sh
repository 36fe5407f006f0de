#!/usr/bin/env bash
# Runs the shared-pool benchmark: two client JVMs with N musetalk sessions each on the kserve backend, one loopback
# KServe v2 server (the tiny stand-in models on the CPU, a dynamic batcher merging both JVMs' face requests); see
# benchmarks/README.md. Writes benchmarks/kserve-pool-results.md (about 1.5 minutes on two cores with the defaults).
# Settings are system properties in BENCH_PROPS, for example
#   BENCH_PROPS='-Dvideochat.bench.pool.sessions=1,2,4,8 -Dvideochat.bench.pool.seconds=30' benchmarks/kserve-pool.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f benchmarks/target/benchmarks.cp
# Maven's output goes to standard error, so that standard output carries only the report.
if mvn -q -B ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/benchmarks.cp >&2; then
  cp="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.cp)"
else
  # Offline with a Maven cache that lacks the dependency plugin: take the classpath the compiler was given.
  echo "dependency:build-classpath failed; reading the classpath from the compiler's debug output" >&2
  touch benchmarks/src/main/java/dev/videochat/benchmarks/KServePoolBenchmark.java
  cp=$(mvn -B -X ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests 2>/dev/null \
    | grep -o -- "-classpath [^ ]*benchmarks/target/classes[^ ]*" | tail -1 | cut -d' ' -f2)
  [ -n "$cp" ] || { echo "could not determine the benchmarks' classpath" >&2; exit 1; }
fi
# shellcheck disable=SC2086
java -Duser.language=en -Duser.country=US -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED \
  ${JAVA_OPTS:-} ${BENCH_PROPS:-} -cp "$cp" dev.videochat.benchmarks.KServePoolBenchmark \
  benchmarks/kserve-pool-results.md
