#!/usr/bin/env bash
# Times the true-size MuseTalk stand-ins (MuseTalkFullSizeBenchmark) and writes
# benchmarks/musetalk-fullsize-results.md. On a CPU each configuration takes seconds to minutes a batch and the
# stand-ins are 3.6 GB (fp32) per set, so this is not part of run.sh's default set.
# Usage: benchmarks/musetalk-fullsize.sh [JMH -p selections]    (default: -p model=unet,decoder -p precision=fp32 -p batch=1)
#        benchmarks/musetalk-fullsize.sh sessions   how many 25 fps sessions one runtime carries through the shared
#               face worker (MuseTalkSessionsBenchmark; its settings as -D options in BENCH_PROPS, e.g.
#               '-Dvideochat.bench.sessions.batch=4 -Dvideochat.bench.sessions.precision=fp16'), written to
#               benchmarks/musetalk-sessions-results.md
#   MODELS=/data/standins  where the stand-ins are generated once and reused (default target/musetalk-fullsize)
#   DEVICE=cuda            run on CUDA (an ONNX Runtime with the CUDA provider on the class path)
#   BENCH_PROPS='-Dvideochat.bench.musetalk.threads=2'   more system properties for the fork
set -euo pipefail
cd "$(dirname "$0")/.."
selection=("$@")
[ ${#selection[@]} -gt 0 ] || selection=(-p model=unet,decoder -p precision=fp32 -p batch=1)
touch benchmarks/src/main/java/dev/videochat/benchmarks/JmhTable.java
# The classpath the compiler was given (works offline, without the dependency plugin).
cp=$(mvn -B -X ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests 2>/dev/null \
  | grep -o -- "-classpath [^ ]*benchmarks/target/classes[^ ]*" | tail -1 | cut -d' ' -f2) || true
[ -n "$cp" ] || { echo "the benchmarks module did not build or its classpath was not found" \
  "(mvn -pl benchmarks -am package -DskipTests says why)" >&2; exit 1; }
mkdir -p target
props="-Dvideochat.bench.musetalk.models=${MODELS:-$PWD/target/musetalk-fullsize} -Dvideochat.bench.musetalk.device=${DEVICE:-cpu} ${BENCH_PROPS:-}"
if [ "${selection[0]}" = sessions ]; then
  # shellcheck disable=SC2086
  exec java -Xmx8g -Duser.language=en -Duser.country=US $props -cp "$cp" \
    dev.videochat.benchmarks.MuseTalkSessionsBenchmark benchmarks/musetalk-sessions-results.md
fi
csv=target/musetalk-fullsize.csv
java -Duser.language=en -Duser.country=US -cp "$cp" org.openjdk.jmh.Main MuseTalkFullSize "${selection[@]}" \
  -rf csv -rff "$csv" -jvmArgsAppend "$props"
out=benchmarks/musetalk-fullsize-results.md
{
  echo "# MuseTalk full-size stand-ins"
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`benchmarks/musetalk-fullsize.sh ${selection[*]}\` on: $(nproc) cores, $(uname -m), device ${DEVICE:-cpu}."
  echo "Scores are milliseconds per batch; frames per second = batch x 1000 / score."
  echo
  java -Duser.language=en -Duser.country=US -cp "$cp" dev.videochat.benchmarks.JmhTable "$csv"
} > "$out"
echo "wrote $out"
