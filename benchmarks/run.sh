#!/usr/bin/env bash
# Runs the benchmark suite with settings fit for a 2-core machine (about 10 minutes) and writes
# benchmarks/results.md: the JMH scores, then the simulated-pipeline report (schedules, overhead, scaling).
# Usage: benchmarks/run.sh [JMH benchmark regex]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-.*}"
mvn -q -B -pl benchmarks -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/benchmarks.cp
cp="benchmarks/target/classes:$(cat benchmarks/target/benchmarks.cp)"
out=benchmarks/results.md
mkdir -p target
jmh_json=target/jmh.json
# One fork, short iterations: the whole suite stays within about ten minutes on two cores (wide error bars).
java --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main "$filter" -rf json -rff "$jmh_json" \
  -f 1 -wi 2 -w 1s -i 3 -r 2s \
  -jvmArgsAppend "--enable-native-access=ALL-UNNAMED -Djava.awt.headless=true"
{
  echo "# Benchmark results"
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`benchmarks/run.sh\` on: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1)."
  echo
  echo "## JMH"
  echo
  echo "| benchmark | params | mode | score | error | unit |"
  echo "|---|---|---|---:|---:|---|"
  python3 - "$jmh_json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    p = r.get("params") or {}
    params = ", ".join(f"{k}={v}" for k, v in p.items())
    m = r["primaryMetric"]
    err = m.get("scoreError")
    err = "" if err is None or err != err else f"{err:.3f}"
    print(f"| {r['benchmark'].split('.', 3)[-1]} | {params} | {r['mode']} | {m['score']:.3f} | {err} | {m['scoreUnit']} |")
PY
  echo
  echo "## Simulated pipeline"
  echo
} > "$out"
java -cp "$cp" dev.videochat.benchmarks.PipelineReport target/pipeline-report.md > /dev/null
cat target/pipeline-report.md >> "$out"
echo "wrote $out"
