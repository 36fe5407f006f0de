#!/usr/bin/env bash
# Runs the benchmark suite with settings fit for a 2-core machine (under 10 minutes) and writes
# benchmarks/results.md: the JMH scores, then the simulated-pipeline report (schedules, overhead, scaling).
# Needs only Java 17 and Maven (the tables are written by Java classes of this module).
# Usage: benchmarks/run.sh [JMH benchmark regex]   (default: all)
# Stage costs (see benchmarks/README.md): JMH_ARGS='-p profile=reference-published' picks one profile for JMH;
# BENCH_PROPS='-Dvideochat.bench.ttsPerPacketMs=300' changes single costs in JMH's forks and in the report.
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-.*}"
# The full-size MuseTalk benchmark takes minutes per configuration on a CPU: only when asked for by name.
exclude=()
case "$filter" in *MuseTalkFullSize*) ;; *) exclude=(-e MuseTalkFullSize) ;; esac
rm -f benchmarks/target/benchmarks.cp
if mvn -q -B ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/benchmarks.cp; then
  cp="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.cp)"
else
  # Offline with a Maven cache that lacks the dependency plugin: take the classpath the compiler was given.
  echo "dependency:build-classpath failed; reading the classpath from the compiler's debug output" >&2
  touch benchmarks/src/main/java/dev/videochat/benchmarks/JmhTable.java
  cp=$(mvn -B -X ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests 2>/dev/null \
    | grep -o -- "-classpath [^ ]*benchmarks/target/classes[^ ]*" | tail -1 | cut -d' ' -f2)
  [ -n "$cp" ] || { echo "could not determine the benchmarks' classpath" >&2; exit 1; }
fi
out=benchmarks/results.md
mkdir -p target
jmh_csv=target/jmh.csv
# Numbers in the CSV must not depend on the machine's locale.
locale_props="-Duser.language=en -Duser.country=US"
# One fork, short iterations: the whole suite stays within ten minutes on two cores (wide error bars).
# shellcheck disable=SC2086
java $locale_props --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main "$filter" "${exclude[@]}" -rf csv -rff "$jmh_csv" \
  -f 1 -wi 2 -w 1s -i 3 -r 2s ${JMH_ARGS:-} \
  -jvmArgsAppend "--enable-native-access=ALL-UNNAMED -Djava.awt.headless=true ${BENCH_PROPS:-}"
# shellcheck disable=SC2086
java $locale_props ${BENCH_PROPS:-} -cp "$cp" dev.videochat.benchmarks.PipelineReport target/pipeline-report.md > /dev/null
{
  echo "# Benchmark results"
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`benchmarks/run.sh\` on: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1)."
  echo "Stage-cost profiles and how to change them: benchmarks/README.md."
  echo
  echo "## JMH"
  echo
  # shellcheck disable=SC2086
  java $locale_props -cp "$cp" dev.videochat.benchmarks.JmhTable "$jmh_csv"
  echo
  echo "## Simulated pipeline"
  echo
  cat target/pipeline-report.md
} > "$out"
echo "wrote $out"
