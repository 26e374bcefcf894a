#!/usr/bin/env bash
# Training-step speed of several configs in one run, alternating rounds (io.genrec.bench.StepBench):
# per config the median examples/s, ms/step and the step time relative to the first config.
# Build first: mvn -q -B -DskipTests package. Run alone on the machine.
# Usage: tools/bench/steps.sh CONFIG[@key=value,...] ... [--steps N] [--rounds R] [--set key=value]
# Example (DIGER against TIGER at the same size, issue 18's target <= 1.3x):
#   tools/bench/steps.sh configs/beauty/tiger-rqvae.json configs/beauty/diger-frqud.json
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}" TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
build="${GENREC_BUILD_DIR:-target}"
cp="$build/genrec.jar:$(cat "$build/classpath.txt")"
# Two intra-op threads and one inter-op thread: the project's measured best on 2 cores.
java -Xmx12g -cp "$cp" io.genrec.bench.StepBench --set train.intra_op_threads=2 \
  --set train.inter_op_threads=1 "$@"
