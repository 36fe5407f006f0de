#!/usr/bin/env bash
# Builds integration/consumer, a project of its own, against the SDK's installed artifacts, as a user would:
# the BOM imported, the platform's natives chosen by the POMs alone. Checks that its class path stays small and
# holds no natives for other platforms, that README's "Using it from code" is that project's source, and runs it
# (one turn, offline engines). Extra arguments go to every mvn call (for example -o).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
consumer="$root/integration/consumer"
max_mb=50

echo "== consumer: README's snippet is the consumer's source"
python3 - "$root/README.md" "$consumer/src/main/java/com/example/Hello.java" <<'PY'
import re, sys
readme, source = open(sys.argv[1]).read(), open(sys.argv[2]).read()
m = re.search(r"<!-- consumer: integration/consumer/src/main/java/com/example/Hello.java -->\n```java\n(.*?)```",
              readme, re.S)
if not m:
    sys.exit("README.md has no snippet marked as integration/consumer's Hello.java")
if m.group(1) != source:
    sys.exit("README.md's snippet differs from integration/consumer/src/main/java/com/example/Hello.java")
PY

echo "== consumer: installing the SDK's artifacts (no tests)"
(cd "$root" && mvn -B -ntp -q "$@" install -DskipTests \
  -pl videochat-bom,videochat-api,videochat-core,videochat-ffmpeg,videochat-llm,videochat-tts,videochat-sprite -am)

echo "== consumer: building against them"
(cd "$consumer" && mvn -B -ntp -q "$@" compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime)
cp="$(cat "$consumer/target/classpath.txt")"

echo "== consumer: the class path"
total=0
foreign=()
IFS=':' read -r -a jars <<< "$cp"
for jar in "${jars[@]}"; do
  size=$(stat -c %s "$jar")
  total=$((total + size))
  case "$(basename "$jar")" in
    *android*|*ios-*|*macosx*|*windows*|*linux-arm64*|*linux-ppc64le*|*linux-armhf*|*linux-x86.jar) foreign+=("$jar") ;;
  esac
done
mb=$(python3 -c "print(f'{$total / 1e6:.1f}')")
echo "${#jars[@]} jars, $mb MB"
if [ "${#foreign[@]}" -gt 0 ]; then
  printf 'natives for another platform on the class path:\n' >&2
  printf '  %s\n' "${foreign[@]}" >&2
  exit 1
fi
if [ "$total" -ge $((max_mb * 1000 * 1000)) ]; then
  echo "the class path holds $mb MB, over $max_mb MB:" >&2
  for jar in "${jars[@]}"; do printf '  %10d %s\n' "$(stat -c %s "$jar")" "$(basename "$jar")"; done | sort -rn >&2
  exit 1
fi

echo "== consumer: one turn"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && env -u DASHSCOPE_API_KEY java -cp "$consumer/target/classes:$cp" com.example.Hello)
mp4=$(find "$work/out" -name session.mp4 -size +1k | head -1)
if [ -z "$mp4" ]; then
  echo "the consumer's turn wrote no session.mp4 under out/" >&2
  exit 1
fi
echo "consumer: ok ($mb MB of jars, $(stat -c %s "$mp4") bytes of video in $(basename "$(dirname "$mp4")")/session.mp4)"
