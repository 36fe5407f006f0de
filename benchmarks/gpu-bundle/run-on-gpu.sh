#!/usr/bin/env bash
# Runs the full-size MuseTalk benchmark (MuseTalkFullSizeBenchmark) from the bundle benchmarks/gpu-bundle.sh made:
# the bundle's own Java runtime, jars and ONNX Runtime natives, stand-in models generated here, one JMH trial per
# model and batch (single shot: one warm-up, one measured batch), results written as each trial ends.
# Usage: run-on-gpu.sh [--cpu] [--tiny] [--models DIR] [--budget SECONDS] OUT [STEP...]
#   STEP       DEVICE-PRECISION with DEVICE cpu, cuda or tensorrt and PRECISION fp32 or fp16; "tensorrt" alone is
#              tensorrt-fp16. sessions-DEVICE-PRECISION: how many 25 fps sessions one runtime carries through the
#              shared face worker (MuseTalkSessionsBenchmark). Default: sessions-cuda-fp16 cuda-fp16 cuda-fp32
#              tensorrt, or with --cpu: sessions-cpu-fp32 cpu-fp32 cpu-fp16.
#   --cpu      no GPU needed (no nvidia-smi check): proves the bundle runs
#   --tiny     stand-ins at 1/8 of the channels (1/64 of the arithmetic), batches 1 and 4: a check, not a measurement
#   --models   where the stand-ins are generated and reused (default /tmp/musetalk-fullsize[-tiny]; 5.4 GB at full size)
#   --budget   no trial starts after this many seconds, and none runs past it (default 540, under a 600 s limit)
#   MODELS_RUN models per step (default "generator unet decoder"; for tensorrt "unet decoder")
#   BATCHES    batches per step (default "1 4 8 16"; for tensorrt "1 8"; with --tiny "1 4")
#   SESSIONS_BATCH  the face worker's batch for the sessions steps (default 8; with --tiny 4)
#   SESSIONS_SECONDS video seconds per session per load (default 10; with --tiny 4)
#   BENCH_PROPS more system properties for the benchmark's JVM, e.g. -Dvideochat.bench.musetalk.threads=8
# Writes OUT/results.md (table), OUT/results.csv, OUT/run.log (everything printed) and OUT/environment.txt; a second
# call with the same OUT adds its rows to the same files.
set -uo pipefail
bundle=$(cd "$(dirname "$0")" && pwd)
cpu=false tiny=false models= budget=540
while [ $# -gt 0 ]; do
  case $1 in
    --cpu) cpu=true ;;
    --tiny) tiny=true ;;
    --models) models=$2; shift ;;
    --budget) budget=$2; shift ;;
    -*) echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 1 ] || { sed -n '2,20p' "$0" >&2; exit 2; }
out=$1; shift
steps=("$@")
if [ ${#steps[@]} -eq 0 ]; then
  if $cpu; then steps=(sessions-cpu-fp32 cpu-fp32 cpu-fp16); else steps=(sessions-cuda-fp16 cuda-fp16 cuda-fp32 tensorrt); fi
fi
divisor=1
$tiny && divisor=8
models=${models:-/tmp/musetalk-fullsize$($tiny && echo -tiny)}
mkdir -p "$out" "$models"
log=$out/run.log
java=$bundle/jre/bin/java
cp="$bundle/lib/*"
natives=$bundle/natives
say() { echo "$*" | tee -a "$log"; }

# --- the environment: the GPU, and the CUDA 13 / cuDNN 9 libraries the CUDA provider links against
env_file=$out/environment.txt
env_now=$(mktemp)
{
  echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) run-on-gpu.sh $([ "$cpu" = true ] && echo '--cpu ')$([ "$tiny" = true ] && echo '--tiny ')${steps[*]}"
  head -3 "$bundle/MANIFEST.txt"
  echo "host: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {print int($2/1048576) " GiB"}' /proc/meminfo)"
} > "$env_now"
if ! $cpu; then
  if ! nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used --format=csv >> "$env_now" 2>&1; then
    cat "$env_now" >> "$env_file"
    say "nvidia-smi failed: no NVIDIA GPU or driver here (use --cpu to check the bundle without one)"
    exit 1
  fi
  roots=()
  for py in python3 python; do
    command -v $py > /dev/null && mapfile -t -O ${#roots[@]} roots < <($py -c \
      'import site, sys; print("\n".join(site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null)
  done
  roots+=(/usr/local/cuda*/lib64 /usr/local/cuda*/targets/x86_64-linux/lib /usr/lib/x86_64-linux-gnu /usr/local/lib)
  dirs=$(for r in "${roots[@]}"; do [ -d "$r" ] && find "$r" -maxdepth 5 \( -name 'libcudart.so.13*' -o \
    -name 'libcublas.so.13*' -o -name 'libcublasLt.so.13*' -o -name 'libcudnn.so.9*' -o -name 'libnvinfer.so.10*' \) \
    2>/dev/null; done | xargs -r -n1 dirname | sort -u | paste -sd:)
  export LD_LIBRARY_PATH=$natives${dirs:+:$dirs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH" >> "$env_now"
  for lib in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcudnn.so.9 libnvinfer.so.10; do
    found=$(IFS=:; for d in $LD_LIBRARY_PATH; do ls "$d/$lib" 2>/dev/null; done | head -1)
    echo "$lib: ${found:-not found}" >> "$env_now"
  done
fi
"$java" -version >> "$env_now" 2>&1
cat "$env_now" >> "$env_file"
tee -a "$log" < "$env_now"
rm -f "$env_now"

csv=$out/results.csv
[ -f "$csv" ] || echo "device,model,precision,batch,ms_per_batch,frames_per_s,sessions_25fps,status" > "$csv"
start=$SECONDS
left() { echo $((budget - (SECONDS - start))); }

# --- the stand-ins: generated here once per precision (the benchmark reuses a folder with a "complete" marker)
generate() {
  local precision=$1 folder=$models/$1/separate t0=$SECONDS
  [ -f "$folder/complete" ] && return 0
  say "== generating the $precision stand-ins (channels / $divisor) into $folder"
  timeout "$(left)" "$java" -cp "$cp" dev.videochat.musetalk.testmodels.FullSizeModels "$folder" "$precision" \
    separate "$divisor" >> "$log" 2>&1 || return 1
  echo "written by run-on-gpu.sh (channels / $divisor)" > "$folder/complete"
  say "   $((SECONDS - t0)) s, $(du -sh "$folder" | cut -f1)"
}

# --- one JMH trial: one model, precision and batch on one device
trial() {
  local device=$1 model=$2 precision=$3 batch=$4 remaining
  remaining=$(left)
  if [ "$remaining" -lt 20 ]; then
    echo "$device,$model,$precision,$batch,,,,skipped: the ${budget} s budget was spent" >> "$csv"
    return
  fi
  say "== $device $model $precision batch $batch ($remaining s left)"
  local jmh_csv trial_log status=ok
  jmh_csv=$(mktemp) trial_log=$(mktemp)
  timeout "$remaining" "$java" -Duser.language=en -Duser.country=US -cp "$cp" org.openjdk.jmh.Main \
    MuseTalkFullSizeBenchmark -foe true -p model="$model" -p precision="$precision" -p batch="$batch" \
    -rf csv -rff "$jmh_csv" -jvmArgsAppend "-Donnxruntime.native.path=$natives \
    -Dvideochat.bench.musetalk.models=$models -Dvideochat.bench.musetalk.device=$device ${BENCH_PROPS:-}" \
    > "$trial_log" 2>&1
  local rc=$?
  cat "$trial_log" >> "$log"
  # JMH's CSV: "Benchmark","Mode","Threads","Samples","Score",... ; the score is milliseconds per batch.
  local ms
  ms=$(awk -F, 'NR == 2 {gsub(/"/, "", $5); printf "%.1f", $5}' "$jmh_csv" 2>/dev/null)
  if [ $rc -ne 0 ] || [ -z "$ms" ]; then
    if [ $rc -eq 124 ]; then
      status="failed: stopped at the ${budget} s budget"
    else  # a missing CUDA library says most; else the first exception, without colours or commas
      status=$(grep -o '[^ :]*: cannot open shared object file' "$trial_log" | head -1)
      [ -n "$status" ] || status=$(grep -m1 -E 'Exception|Error' "$trial_log" | sed 's/\x1b\[[0-9;]*m//g')
      status="failed: $(echo "$status" | sed 's/^[[:space:]]*//; s/,/;/g' | cut -c1-300)"
    fi
    echo "$device,$model,$precision,$batch,,,,$status" >> "$csv"
    say "   $status"
  else
    local fps sessions=
    fps=$(awk -v b="$batch" -v ms="$ms" 'BEGIN {printf "%.2f", b * 1000 / ms}')
    # How many 25 fps sessions this throughput feeds: an estimate from one runtime running batches back to back.
    [ "$model" = generator ] && sessions=$(awk -v f="$fps" 'BEGIN {printf "%d", f / 25}')
    echo "$device,$model,$precision,$batch,$ms,$fps,$sessions,ok" >> "$csv"
    say "   $ms ms per batch, $fps frames/s"
  fi
  rm -f "$jmh_csv" "$trial_log"
}

# --- the sessions one runtime carries through its shared face worker, paced like players (one JVM, one sweep)
sessions() {
  local device=$1 precision=$2 remaining report batch seconds
  remaining=$(left)
  batch=${SESSIONS_BATCH:-$($tiny && echo 4 || echo 8)}
  seconds=${SESSIONS_SECONDS:-$($tiny && echo 4 || echo 10)}
  if [ "$remaining" -lt 40 ]; then
    echo "$device,sessions,$precision,$batch,,,,skipped: the ${budget} s budget was spent" >> "$csv"
    return
  fi
  report=$out/sessions-$device-$precision.md
  say "== $device sessions $precision batch $batch ($remaining s left)"
  # The sweep stops starting loads 20 s before the budget; each load takes about SESSIONS_SECONDS.
  timeout "$remaining" "$java" -Xmx8g -Duser.language=en -Duser.country=US -cp "$cp" \
    -Donnxruntime.native.path="$natives" -Dvideochat.bench.musetalk.models="$models" \
    -Dvideochat.bench.musetalk.device="$device" -Dvideochat.bench.sessions.precision="$precision" \
    -Dvideochat.bench.sessions.batch="$batch" -Dvideochat.bench.sessions.seconds="$seconds" \
    -Dvideochat.bench.sessions.budget=$(( remaining - 20 - seconds * 2 > 1 ? remaining - 20 - seconds * 2 : 1 )) \
    ${BENCH_PROPS:-} \
    dev.videochat.benchmarks.MuseTalkSessionsBenchmark "$report" >> "$log" 2>&1
  local rc=$? carried
  carried=$(sed -n 's/^Sessions carried at [0-9]* fps: \*\*\([0-9][0-9]*\)\*\*.*/\1/p' "$report" 2>/dev/null | head -1)
  if [ $rc -ne 0 ] || [ -z "$carried" ]; then
    echo "$device,sessions,$precision,$batch,,,,failed: exit $rc (see run.log$([ -f "$report" ] && echo " and $(basename "$report")"))" >> "$csv"
    say "   failed (exit $rc)"
  else
    echo "$device,sessions,$precision,$batch,,,$carried,ok: $(basename "$report")" >> "$csv"
    say "   $carried sessions at 25 fps ($(basename "$report"))"
  fi
}

for step in "${steps[@]}"; do
  [ "$step" = tensorrt ] && step=tensorrt-fp16
  if [ "${step#sessions-}" != "$step" ]; then
    step=${step#sessions-}
    device=${step%-*} precision=${step##*-}
    case "$device/$precision" in
      cpu/fp32|cpu/fp16|cuda/fp32|cuda/fp16|tensorrt/fp32|tensorrt/fp16) ;;
      *) say "unknown step sessions-$step (sessions-DEVICE-PRECISION)"; exit 2 ;;
    esac
    if generate "$precision"; then
      sessions "$device" "$precision"
    else
      echo "$device,sessions,$precision,,,,,failed: the stand-ins could not be generated (see run.log)" >> "$csv"
    fi
    continue
  fi
  device=${step%-*} precision=${step##*-}
  case "$device/$precision" in
    cpu/fp32|cpu/fp16|cuda/fp32|cuda/fp16|tensorrt/fp32|tensorrt/fp16) ;;
    *) say "unknown step $step (DEVICE-PRECISION: cpu, cuda or tensorrt, fp32 or fp16)"; exit 2 ;;
  esac
  step_models=${MODELS_RUN:-generator unet decoder}
  step_batches=${BATCHES:-1 4 8 16}
  $tiny && step_batches=${BATCHES:-1 4}
  if [ "$device" = tensorrt ]; then
    step_models=${MODELS_RUN:-unet decoder}
    $tiny || step_batches=${BATCHES:-1 8}
    if [ ! -f "$natives/libonnxruntime_providers_tensorrt.so" ]; then
      echo "tensorrt,all,$precision,,,,,not run: the bundle's ONNX Runtime natives have no TensorRT provider" >> "$csv"
      say "== tensorrt: not run, the bundle's ONNX Runtime natives have no libonnxruntime_providers_tensorrt.so"
      continue
    fi
  fi
  if ! generate "$precision"; then
    echo "$device,all,$precision,,,,,failed: the stand-ins could not be generated (see run.log)" >> "$csv"
    say "   the $precision stand-ins could not be generated"
    continue
  fi
  for model in $step_models; do
    for batch in $step_batches; do
      trial "$device" "$model" "$precision" "$batch"
    done
  done
done

# --- the table
{
  echo "# MuseTalk full-size stand-ins: the bundle's run"
  echo
  echo "Written $(date -u +%Y-%m-%dT%H:%MZ) by run-on-gpu.sh; the machine and libraries: environment.txt."
  $tiny && echo "**--tiny: channels / 8, a check of the bundle, not a measurement.**"
  echo "Single shot per trial (one warm-up batch, one measured batch); frames/s = batch x 1000 / ms. The sessions"
  echo "column is the generator's frames/s over 25 (an estimate for one runtime running batches back to back), and"
  echo "for the sessions rows the measured figure: paced sessions through the shared face worker (sessions-*.md)."
  echo
  echo "| device | model | precision | batch | ms per batch | frames/s | 25 fps sessions | status |"
  echo "|---|---|---|---:|---:|---:|---:|---|"
  tail -n +2 "$csv" | awk -F, '{s = $8; for (i = 9; i <= NF; i++) s = s ";" $i;
    printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, s}'
  for f in "$out"/sessions-*.md; do [ -f "$f" ] && { echo; sed 's/^# /## /' "$f"; }; done
} > "$out/results.md"
say "wrote $out/results.md, results.csv, run.log and environment.txt ($((SECONDS - start)) s)"
cat "$out/results.md"
