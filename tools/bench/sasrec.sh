#!/usr/bin/env bash
# SASRec speed on Amazon Beauty at the reference sizes (maxlen 50, d 50, 2 blocks, 1 head, batch 128):
# seconds per epoch, training examples/s, evaluation users/s — for the BCE loss (PyTorch reference
# 21.4 s/epoch here) and the full-softmax loss. Build first: mvn -q -B -DskipTests package
# Usage: tools/bench/sasrec.sh [EPOCHS] [--set k=v ...]   (prints one JSON object per loss), e.g.
#   tools/bench/sasrec.sh 1 --set train.precision=bf16
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
epochs="${1:-2}"
shift || true
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}" TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
build="${GENREC_BUILD_DIR:-target}"
cp="$build/genrec.jar:$(cat "$build/classpath.txt")"
for loss in bce softmax; do
  java -Xmx8g -cp "$cp" io.genrec.bench.SasRecBench configs/beauty/sasrec.json --epochs "$epochs" \
    --set model.loss=$loss --set model.hidden=50 --set model.num_blocks=2 --set model.num_heads=1 \
    --set model.dropout=0.2 --set data.max_length=50 --set train.batch_size=128 \
    --set train.progress=false "$@"
done
