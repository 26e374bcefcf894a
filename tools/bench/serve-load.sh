#!/usr/bin/env bash
# HTTP serving under load: C concurrent clients on 127.0.0.1, one user per :predict request, for S
# seconds each (after an uncounted warm-up), against a TIGER (beam 20, the paper's size) and a SASRec
# (d 50, 2 blocks, maxlen 50) SavedModel behind `genrec serve --port`, with batching on and off.
# Prints users/s and p50/p95/p99 latency per client count; errors are counted, never hidden.
# Build first: mvn -q -B -DskipTests package
#
# Usage: tools/bench/serve-load.sh [--seconds 10] [--warmup 3] [--clients 1,4,16] [--k 20]
#          [--modes on,off] [--batch-size 32] [--timeout-micros 0] [--off-threads 16]
#          [--models BASE] [--histories FILE] [--max-requests N] [--json FILE]
#          [--tiger-size paper|reference] [--only tiger,sasrec]
#   --tiger-size reference: 4 heads x 32 instead of the paper's 6 x 64 (the size of the PyTorch
#   reference in ../shared/bench/pytorch_tiger_step.py, which the performance table uses)
#   on:  batching.max_batch_size = --batch-size, batch_timeout_micros = --timeout-micros, 1 batch thread
#   off: batching.max_batch_size = 1 and --off-threads session calls side by side (as TF Serving
#        without --enable_batching runs each request's session call on its own thread)
#   --models BASE serves BASE/tiger/N and BASE/sasrec/N (e.g. trained ones from genrec export
#   --layout tfserving); by default both are exported first after 3 training steps into a temporary
#   directory (what a call costs hardly depends on the weights, but export bakes them in as constants and
#   TensorFlow folds the initial zero biases and unit gains away, which would flatter the latency).
# Bounded: every level stops after --seconds (or --max-requests), the server gets 600 s to start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
seconds=10 warmup=3 clients=1,4,16 k=20 modes=on,off batch=32 timeout_us=0 off_threads=16
models="" histories=../shared/data/amazon2014-s3rec/Beauty.txt max_requests=1000000 json=""
tiger_size=paper only=tiger,sasrec
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2" ;; --warmup) warmup="$2" ;; --clients) clients="$2" ;; --k) k="$2" ;;
    --modes) modes="$2" ;; --batch-size) batch="$2" ;; --timeout-micros) timeout_us="$2" ;;
    --off-threads) off_threads="$2" ;; --models) models="$2" ;; --histories) histories="$2" ;;
    --max-requests) max_requests="$2" ;; --json) json="$2" ;;
    --tiger-size) tiger_size="$2" ;; --only) only="$2" ;;
    *) echo "serve-load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
case "$tiger_size" in
  paper) tiger_flags=() ;;
  reference) tiger_flags=(--set model.num_heads=4 --set model.head_dim=32) ;;
  *) echo "serve-load.sh: --tiger-size takes paper or reference, got $tiger_size" >&2; exit 2 ;;
esac
IFS=, read -r -a model_list <<< "$only"
for model in "${model_list[@]}"; do
  case "$model" in tiger|sasrec) ;; *) echo "serve-load.sh: --only takes tiger and sasrec, got $model" >&2; exit 2 ;; esac
done
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}" TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
build="${GENREC_BUILD_DIR:-target}"
if [[ ! -f "$build/genrec.jar" || ! -f "$build/classpath.txt" ]]; then
  echo "serve-load.sh: build first: mvn -q -B -DskipTests package" >&2
  exit 2
fi
cp="$build/genrec.jar:$(cat "$build/classpath.txt")"
work="$(mktemp -d "${TMPDIR:-/tmp}/serve-load.XXXXXX")"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "$models" ]]; then
  models="$work/models"
  echo "exporting models ($only; TIGER at $tiger_size size) after 3 training steps into $models ..." >&2
  if [[ ",$only," == *,tiger,* ]]; then
    java -Xmx8g -cp "$cp" io.genrec.bench.BriefTrainingExport configs/paper/tiger-beauty.json "$models" tiger \
      ${tiger_flags[@]+"${tiger_flags[@]}"} >&2
  fi
  if [[ ",$only," == *,sasrec,* ]]; then
    java -Xmx8g -cp "$cp" io.genrec.bench.BriefTrainingExport configs/beauty/sasrec.json "$models" sasrec \
      --set model.hidden=50 --set model.num_blocks=2 --set model.num_heads=1 --set data.max_length=50 \
      --set export.k="$k" >&2
  fi
fi

echo "| batching | model | clients | users/s | p50 ms | p95 ms | p99 ms | errors |"
echo "|---|---|---|---|---|---|---|---|"
IFS=, read -r -a mode_list <<< "$modes"
for mode in "${mode_list[@]}"; do
  case "$mode" in
    on) flags=(--set "batching.max_batch_size=$batch" --set "batching.batch_timeout_micros=$timeout_us") ;;
    off) flags=(--set batching.max_batch_size=1 --set "batching.num_batch_threads=$off_threads") ;;
    *) echo "serve-load.sh: --modes takes on and off, got $mode" >&2; exit 2 ;;
  esac
  log="$work/server-$mode.log"
  java -Xmx8g -cp "$cp" io.genrec.cli.Main serve --models "$models" --port 0 --set poll_seconds=0 \
    --set batching.max_queued_requests=1024 "${flags[@]}" > "$log" 2>&1 &
  server=$!
  url=""
  for _ in $(seq 1 6000); do
    url="$(sed -n 's/.*listening on \(http:\/\/[^ ]*\) .*/\1/p' "$log" | head -1)"
    [[ -n "$url" ]] && break
    if ! kill -0 "$server" 2>/dev/null; then echo "serve-load.sh: the server exited:" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.1
  done
  if [[ -z "$url" ]]; then echo "serve-load.sh: the server did not start within 600 s:" >&2; cat "$log" >&2; exit 1; fi
  for model in "${model_list[@]}"; do
    java -cp "$cp" io.genrec.bench.ServeLoad --url "$url" --model "$model" --histories "$histories" \
      --clients "$clients" --seconds "$seconds" --warmup-seconds "$warmup" --max-requests "$max_requests" \
      --k "$k" --label "$mode" ${json:+--json "$json"}
  done
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
done
