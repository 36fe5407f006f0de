#!/usr/bin/env bash
# Runs the long benchmarks of the embedded offline engines (FreeTTS, sprite, in-process FFmpeg; no LLM) and writes
# their Markdown tables; see benchmarks/README.md.
# Usage: benchmarks/soak.sh [soak|capacity|all]   (default: soak)
#   soak      one session, 300 turns with random cancels and barge-ins; footprint every 25 turns
#             -> benchmarks/soak-results.md (about 5 minutes on two cores)
#   capacity  N concurrent sessions on one engine speaking for 20 s each, N = 1,2,4,8,12,16
#             -> benchmarks/capacity-results.md (3 to 5 minutes on two cores)
# Settings are system properties in BENCH_PROPS, for example
#   BENCH_PROPS='-Dvideochat.bench.soak.turns=50 -Dvideochat.bench.tts.concurrency=4' benchmarks/soak.sh all
# JAVA_OPTS goes to the JVM as well. The soak run's default fixes the heap and touches it all at start, so that
# the heap's growing into its maximum does not show as RSS growth: what RSS gains then is native memory.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-soak}"
case "$mode" in
  soak|capacity|all) ;;
  *) echo "usage: benchmarks/soak.sh [soak|capacity|all]" >&2; exit 64 ;;
esac
rm -f benchmarks/target/benchmarks.cp
# Maven's output goes to standard error, so that standard output carries only the reports.
if mvn -q -B ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/benchmarks.cp >&2; then
  cp="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.cp)"
else
  # Offline with a Maven cache that lacks the dependency plugin: take the classpath the compiler was given.
  echo "dependency:build-classpath failed; reading the classpath from the compiler's debug output" >&2
  touch benchmarks/src/main/java/dev/videochat/benchmarks/SoakBenchmark.java
  cp=$(mvn -B -X ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests 2>/dev/null \
    | grep -o -- "-classpath [^ ]*benchmarks/target/classes[^ ]*" | tail -1 | cut -d' ' -f2)
  [ -n "$cp" ] || { echo "could not determine the benchmarks' classpath" >&2; exit 1; }
fi
# Numbers in the tables must not depend on the machine's locale; the avatar draws without a display.
jvm="-Duser.language=en -Duser.country=US -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED"
run() {
  # shellcheck disable=SC2086
  java $jvm ${JAVA_OPTS:-} ${BENCH_PROPS:-} -cp "$cp" "$@"
}
if [ "$mode" = soak ] || [ "$mode" = all ]; then
  JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m -XX:+AlwaysPreTouch}" run dev.videochat.benchmarks.SoakBenchmark \
    benchmarks/soak-results.md
fi
if [ "$mode" = capacity ] || [ "$mode" = all ]; then
  run dev.videochat.benchmarks.CapacityBenchmark benchmarks/capacity-results.md
fi
