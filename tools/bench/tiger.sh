#!/usr/bin/env bash
# TIGER speed on Amazon Beauty: training examples/s (the trainer's real step on the data's own
# length-bucketed batches, and on batches of 20-item histories, every encoder slot used) and
# serving latency from an exported SavedModel at beam 20, k 20: one user per call and 256 users per
# call, median and p95. Build first: mvn -q -B -DskipTests package
# Usage: tools/bench/tiger.sh [CONFIG] [extra TigerBench args, e.g. --steps 20 --calls 50 --set k=v]
#   CONFIG defaults to configs/paper/tiger-beauty.json (the paper's model size); prints one JSON object.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
config="${1:-configs/paper/tiger-beauty.json}"
shift || true
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}" TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
build="${GENREC_BUILD_DIR:-target}"
cp="$build/genrec.jar:$(cat "$build/classpath.txt")"
# Two intra-op threads and one inter-op thread: the project's measured best on 2 cores.
java -Xmx8g -cp "$cp" io.genrec.bench.TigerBench "$config" --set train.intra_op_threads=2 \
  --set train.inter_op_threads=1 --set train.progress=false "$@"
