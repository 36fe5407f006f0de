#!/usr/bin/env bash
# Prepares the full-size MuseTalk benchmark for a Linux x86-64 GPU machine that has CUDA 13 but no Java or Maven,
# and accepts only small uploads: a jlinked Java 17 runtime, the benchmarks' runtime jars, ONNX Runtime's natives
# with the CUDA provider and run-on-gpu.sh, packed as one tar split into parts with their SHA-256 sums.
# Usage: benchmarks/gpu-bundle.sh [NATIVES]
#   NATIVES     a folder or jar holding ONNX Runtime's Linux x86-64 libraries with a CUDA provider:
#               libonnxruntime.so[.1], libonnxruntime_providers_shared.so, libonnxruntime_providers_cuda.so and,
#               optionally, libonnxruntime_providers_tensorrt.so. Default: the jar
#               org.bytedeco:onnxruntime:1.28.0-1.5.14:linux-x86_64-gpu (CUDA 13, cuDNN 9), fetched once from Maven
#               Central into ~/.m2. Its ONNX Runtime version must match the Java API's (onnxruntime.version, 1.28.0).
#   BUNDLE_DIR  where the bundle goes (default target/gpu-bundle)
#   PART_MIB    the largest part in MiB (default 56: a part plus this repository's own files stays under 64 MiB)
#   MVN_ARGS    extra Maven arguments (default -o)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
natives_from=${1:-}
bundle_dir=${BUNDLE_DIR:-target/gpu-bundle}
part_mib=${PART_MIB:-56}
name=videochat-gpu
stage=$bundle_dir/$name
bytedeco=org.bytedeco:onnxruntime:1.28.0-1.5.14:jar:linux-x86_64-gpu

rm -rf "$bundle_dir"
mkdir -p "$stage/lib" "$stage/natives" "$bundle_dir/parts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building the benchmarks and listing their runtime class path"
# shellcheck disable=SC2086
mvn ${MVN_ARGS:--o} -q -B -pl benchmarks -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath.txt"
cp benchmarks/target/videochat-benchmarks-*.jar "$stage/lib/"
ort_jar=
while IFS= read -r jar; do
  case "$(basename "$jar")" in
    # Test frameworks come in through the test jars; nothing in the benchmark calls them.
    junit-*|opentest4j-*|apiguardian-*|hamcrest-*|assertj-*) continue ;;
    # FFmpeg's natives (26 MB) and FreeTTS (9 MB): media and speech, which the full-size benchmark never touches.
    ffmpeg-*-linux-*|freetts-*) continue ;;
    onnxruntime-*) ort_jar=$jar ;;
  esac
  cp "$jar" "$stage/lib/"
done < <(tr ':' '\n' < "$work/classpath.txt")
[ -n "$ort_jar" ] || { echo "no ONNX Runtime jar on the benchmarks' class path" >&2; exit 1; }
# Its natives (linux, macOS, Windows) are replaced by the natives folder that -Donnxruntime.native.path names.
zip -q -d "$stage/lib/$(basename "$ort_jar")" 'ai/onnxruntime/native/*'

echo "== ONNX Runtime natives"
if [ -z "$natives_from" ]; then
  natives_from=$HOME/.m2/repository/org/bytedeco/onnxruntime/1.28.0-1.5.14/onnxruntime-1.28.0-1.5.14-linux-x86_64-gpu.jar
  [ -f "$natives_from" ] || mvn -q -B dependency:get -Dartifact="$bytedeco" -Dtransitive=false
fi
if [ -f "$natives_from" ]; then
  unzip -q "$natives_from" '*.so*' -d "$work/natives-jar"
  natives_from=$work/natives-jar
fi
[ -d "$natives_from" ] || { echo "NATIVES must be a folder or a jar: $natives_from" >&2; exit 1; }
pick() {  # the first file called $1 under the natives, or nothing
  find "$natives_from" -name "$1" \( -type f -o -type l \) | sort | head -1
}
core=$(pick libonnxruntime.so.1)
[ -n "$core" ] || core=$(pick libonnxruntime.so)
for required in "$core" "$(pick libonnxruntime_providers_shared.so)" "$(pick libonnxruntime_providers_cuda.so)"; do
  [ -n "$required" ] || { echo "$natives_from lacks libonnxruntime.so, _providers_shared.so or _providers_cuda.so" >&2; exit 1; }
done
# Microsoft's loader opens libonnxruntime.so by that name; the JNI library asks for the soname libonnxruntime.so.1.
cp -L "$core" "$stage/natives/libonnxruntime.so"
ln -s libonnxruntime.so "$stage/natives/libonnxruntime.so.1"
cp -L "$(pick libonnxruntime_providers_shared.so)" "$(pick libonnxruntime_providers_cuda.so)" "$stage/natives/"
trt=$(pick libonnxruntime_providers_tensorrt.so)
[ -z "$trt" ] || cp -L "$trt" "$stage/natives/"
api_version=$(basename "$ort_jar" .jar | sed 's/^onnxruntime[_a-z]*-//')
jni=$(pick libonnxruntime4j_jni.so)
if [ -n "$jni" ]; then
  cp -L "$jni" "$stage/natives/"
else
  # Bytedeco's jar has its own JNI library; Microsoft's Java API needs its own, and the one in the CPU jar answers
  # addCUDA with "This binary was not compiled with CUDA support": take it from onnxruntime_gpu (742 MB, once).
  gpu_jar=$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime_gpu/$api_version/onnxruntime_gpu-$api_version.jar
  [ -f "$gpu_jar" ] || mvn -q -B dependency:get -Dartifact="com.microsoft.onnxruntime:onnxruntime_gpu:$api_version" \
    -Dtransitive=false
  unzip -q -j "$gpu_jar" ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so -d "$stage/natives"
fi
native_version=$(strings "$stage/natives/libonnxruntime.so" | grep -xE '1\.[0-9]+\.[0-9]+' | head -1 || true)
if [ "$native_version" != "$api_version" ]; then
  echo "warning: the natives are ONNX Runtime ${native_version:-of unknown version}, the Java API is $api_version" >&2
fi

echo "== jlink"
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps -q "$stage"/lib/*.jar)
# jdk.unsupported: sun.misc.Unsafe (JavaCPP, gRPC); jdk.management: JMH's fork reads the JVM's own figures.
modules=$(echo "$modules,jdk.unsupported,jdk.management" | tr , '\n' | sort -u | paste -sd,)
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$stage/jre"

cp benchmarks/gpu-bundle/run-on-gpu.sh "$stage/"
chmod +x "$stage/run-on-gpu.sh"
{
  echo "videochat GPU bundle, made $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with local changes)')"
  echo "java: $("$stage/jre/bin/java" -version 2>&1 | head -1); modules: $modules"
  echo "ONNX Runtime: Java API $api_version (JNI library of onnxruntime_gpu unless NATIVES had one)," \
    "natives ${native_version:-unknown} from ${1:-$bytedeco}"
  echo
  echo "natives:"
  (cd "$stage/natives" && ls -l | tail -n +2 | awk '{print "  " $5 "  " $9 $10 $11}')
  echo "jars:"
  (cd "$stage/lib" && ls -l | tail -n +2 | awk '{print "  " $5 "  " $9}')
} > "$stage/MANIFEST.txt"

echo "== packing"
tar -C "$bundle_dir" -czf "$work/$name.tar.gz" "$name"
(cd "$bundle_dir/parts" && split -b "${part_mib}M" -d -a 2 "$work/$name.tar.gz" "$name.tar.gz.part-" \
  && sha256sum "$name".tar.gz.part-* > SHA256SUMS)
whole=$(sha256sum "$work/$name.tar.gz" | cut -d' ' -f1)
echo "$whole  $name.tar.gz" > "$bundle_dir/parts/JOINED.sha256"
parts=("$bundle_dir"/parts/"$name".tar.gz.part-*)
{
  echo "$name.tar.gz: $(stat -c %s "$work/$name.tar.gz") bytes in ${#parts[@]} parts of at most $part_mib MiB"
  echo "unpacked: $(du -sb "$stage" | cut -f1) bytes; sha256 of the joined tar: $whole"
  for p in "${parts[@]}"; do echo "  $(basename "$p")  $(stat -c %s "$p") bytes"; done
} > "$bundle_dir/parts/MANIFEST.txt"
cat "$bundle_dir/parts/MANIFEST.txt"

rel=${bundle_dir#"$root"/}
echo
echo "== on the GPU machine: one upload per part while it stays warm, then join and run"
for p in "${parts[@]:0:${#parts[@]}-1}"; do
  echo "  carry [\"$rel/parts/$(basename "$p")\"]   command: ls -l $rel/parts"
done
last=$(basename "${parts[-1]}")
echo "  carry [\"$rel/parts/$last\", \"$rel/parts/SHA256SUMS\", \"$rel/parts/JOINED.sha256\"]"
echo "  command: cd $rel/parts && sha256sum -c SHA256SUMS && cat $name.tar.gz.part-* > $name.tar.gz" \
  "&& sha256sum -c JOINED.sha256 && tar -xzf $name.tar.gz -C /tmp && /tmp/$name/run-on-gpu.sh \$OUT sessions-cuda-fp16 cuda-fp16"
echo "  later runs on the same machine: /tmp/$name/run-on-gpu.sh \$OUT cuda-fp32 tensorrt"
echo "Here, without a GPU: cat $rel/parts/$name.tar.gz.part-* | tar -xz -C /tmp && /tmp/$name/run-on-gpu.sh --cpu --tiny /tmp/gpu-results"
